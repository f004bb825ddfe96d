//! Tasks: to-dos about customers, contacts, leads, deals, orders and tickets. Who reads them is
//! the tasks domain's call (`crm_tasks::access`, with the service crate telling how far the
//! caller reaches tickets: `crm_service::access::task_scope`); what they are about is named
//! through the scoped loaders of each kind.

use crate::connection;
use crate::connection::page_cost;
use crate::customers::loaders::CustomerById;
use crate::customers::Customer;
use crate::identity::{User, UserById};
use crate::loaders::{ContactById, LeadById, OpportunityById, OrderById, TicketById};
use crate::payload;
use crate::request::loader;
use crate::{app, caller};
use async_graphql::futures_util::Stream;
use async_graphql::{Context, Object, Result, Subscription, ID};
use chrono::{DateTime, Utc};
use crm_core::context::AppContext;
use crm_core::error::AppError;
use crm_core::events::Topic;
use crm_core::pagination::PageRequest;
use crm_core::visible::Visible;
use crm_service::access::task_scope;
use crm_tasks::access::{task_edit, task_writer};
use crm_tasks::domain::{TaskOrigin, TaskPriority, TaskStatus, TaskSubject};
use crm_tasks::entity::task;
use crm_tasks::inputs::{AddTaskInput, SetTaskStatusInput, TaskFilter, UpdateTaskInput};
use crm_tasks::service;

/// A to-do of one person, about a record (or none): "call Rossi back about the quote".
#[derive(Clone)]
pub struct Task(Visible<task::Model>);

impl From<Visible<task::Model>> for Task {
    fn from(row: Visible<task::Model>) -> Self {
        Self(row)
    }
}

/// A to-do of one person, about a record (or none): "call Rossi back about the quote".
#[Object]
impl Task {
    /// Unique id (UUIDv7).
    pub async fn id(&self) -> ID {
        ID(self.0.id.to_string())
    }
    /// What to do.
    async fn title(&self) -> &str {
        &self.0.title
    }
    /// More about it.
    async fn details(&self) -> Option<&str> {
        self.0.details.as_deref()
    }
    /// The kind of record it concerns (none: a personal to-do).
    async fn subject(&self) -> Option<TaskSubject> {
        self.0.subject_type
    }
    /// The id of the record it concerns.
    async fn subject_id(&self) -> Option<ID> {
        self.0.subject_id.map(|id| ID(id.to_string()))
    }
    /// The name of the record it concerns, if the caller sees that record (a customer's or
    /// contact's name, a lead's full name, an opportunity's name, an order's or ticket's number).
    async fn subject_name(&self, ctx: &Context<'_>) -> Result<Option<String>> {
        let (Some(kind), Some(id)) = (self.0.subject_type, self.0.subject_id) else { return Ok(None) };
        Ok(match kind {
            TaskSubject::Customer => loader::<CustomerById>(ctx)?.load_one(id).await?.map(|row| row.name.clone()),
            TaskSubject::Contact => {
                loader::<ContactById>(ctx)?.load_one(id).await?.map(|row| format!("{} {}", row.first_name, row.last_name))
            }
            TaskSubject::Lead => loader::<LeadById>(ctx)?.load_one(id).await?.map(|row| format!("{} {}", row.first_name, row.last_name)),
            TaskSubject::Opportunity => loader::<OpportunityById>(ctx)?.load_one(id).await?.map(|row| row.name.clone()),
            TaskSubject::Order => loader::<OrderById>(ctx)?.load_one(id).await?.map(|row| row.number.clone()),
            TaskSubject::Ticket => loader::<TicketById>(ctx)?.load_one(id).await?.map(|row| row.number.clone()),
        })
    }
    /// The customer the record belongs to, if the caller sees it (none for a lead).
    async fn customer(&self, ctx: &Context<'_>) -> Result<Option<Customer>> {
        let Some(id) = self.0.customer_id else { return Ok(None) };
        Ok(loader::<CustomerById>(ctx)?.load_one(id).await?.map(Customer::from))
    }
    /// Whose task it is.
    async fn owner(&self, ctx: &Context<'_>) -> Result<Option<User>> {
        let Some(key) = self.0.seen(|r| Some(r.owner_id)) else { return Ok(None) };
        Ok(loader::<UserById>(ctx)?.load_one(key).await?.map(User::from))
    }
    /// Who opened it; none when the CRM did (`origin` says why).
    async fn created_by(&self, ctx: &Context<'_>) -> Result<Option<User>> {
        let Some(key) = self.0.seen(|r| r.created_by_id) else { return Ok(None) };
        Ok(loader::<UserById>(ctx)?.load_one(key).await?.map(User::from))
    }
    /// Who or what opened it.
    async fn origin(&self) -> TaskOrigin {
        self.0.origin
    }
    /// How urgent it is.
    async fn priority(&self) -> TaskPriority {
        self.0.priority
    }
    /// Where it stands.
    async fn status(&self) -> TaskStatus {
        self.0.status
    }
    /// When it is due.
    async fn due_at(&self) -> DateTime<Utc> {
        self.0.due_at
    }
    /// Open and past its time due.
    async fn overdue(&self, ctx: &Context<'_>) -> Result<bool> {
        Ok(self.0.status == TaskStatus::Open && self.0.due_at < app(ctx)?.clock.now())
    }
    /// When its owner is reminded.
    async fn remind_at(&self) -> Option<DateTime<Utc>> {
        self.0.remind_at
    }
    /// When the reminder went out.
    async fn reminded_at(&self) -> Option<DateTime<Utc>> {
        self.0.reminded_at
    }
    /// When it was done or cancelled.
    async fn completed_at(&self) -> Option<DateTime<Utc>> {
        self.0.completed_at
    }
    /// Who marked it done or cancelled it.
    async fn completed_by(&self, ctx: &Context<'_>) -> Result<Option<User>> {
        let Some(key) = self.0.seen(|r| r.completed_by_id) else { return Ok(None) };
        Ok(loader::<UserById>(ctx)?.load_one(key).await?.map(User::from))
    }
    /// When it was opened.
    async fn created_at(&self) -> DateTime<Utc> {
        self.0.created_at
    }
    /// When it last changed.
    async fn updated_at(&self) -> DateTime<Utc> {
        self.0.updated_at
    }
    /// Increases with every change; send it back with updates.
    async fn version(&self) -> i32 {
        self.0.version
    }
    /// Whether the caller may change it (its owner, whoever opened it, managers and admins).
    async fn viewer_can_edit(&self, ctx: &Context<'_>) -> Result<bool> {
        Ok(task_writer(&caller(ctx)?.principal).and_then(|writer| task_edit(&writer, &self.0)).is_ok())
    }
}

connection!(TaskConnection, TaskEdge, Task, task::Entity, "tasks");
payload!(TaskPayload, task, Task, "Result of a task mutation.");

#[derive(Default)]
pub struct TaskQuery;

#[Object]
impl TaskQuery {
    /// Tasks the caller may read, soonest due first: its own, those it opened, and (staff)
    /// those about the records it may read; `filter` narrows them to one record, a customer
    /// (with its contacts, deals, orders and tickets), the caller's own, a status or what is
    /// due before a time. Staff and partner users (these their own tasks only); FORBIDDEN for
    /// customer users and API keys.
    #[graphql(complexity = "page_cost(first, last, child_complexity)")]
    async fn tasks(
        &self,
        ctx: &Context<'_>,
        first: Option<i32>,
        after: Option<String>,
        last: Option<i32>,
        before: Option<String>,
        filter: Option<TaskFilter>,
    ) -> Result<TaskConnection> {
        let scope = task_scope(&caller(ctx)?.principal)?;
        let page = PageRequest::from_relay(first, after, last, before)?;
        let (page, all) = service::list(app(ctx)?, &scope, &filter.unwrap_or_default(), &page).await?;
        Ok(TaskConnection::new(page, all, Task))
    }
}

#[derive(Default)]
pub struct TaskMutation;

#[Object]
impl TaskMutation {
    /// Opens a task about a record the caller sees (NOT_FOUND otherwise) or about none, for
    /// the caller or (staff) a colleague. Staff (not analysts) and partner users.
    async fn add_task(&self, ctx: &Context<'_>, input: AddTaskInput) -> Result<TaskPayload> {
        let caller = caller(ctx)?;
        let scope = task_scope(&caller.principal)?;
        Ok(TaskPayload { task: Task(service::add(app(ctx)?, caller, &scope, input).await?) })
    }

    /// Changes a task's title, details, owner, time due, reminder or priority: its owner,
    /// whoever opened it, a manager or an admin.
    async fn update_task(&self, ctx: &Context<'_>, input: UpdateTaskInput) -> Result<TaskPayload> {
        let caller = caller(ctx)?;
        let scope = task_scope(&caller.principal)?;
        Ok(TaskPayload { task: Task(service::update(app(ctx)?, caller, &scope, input).await?) })
    }

    /// Marks a task DONE or CANCELLED (by the caller, now) or OPEN again; as updateTask.
    async fn set_task_status(&self, ctx: &Context<'_>, input: SetTaskStatusInput) -> Result<TaskPayload> {
        let caller = caller(ctx)?;
        let scope = task_scope(&caller.principal)?;
        Ok(TaskPayload { task: Task(service::set_status(app(ctx)?, caller, &scope, input).await?) })
    }
}

#[derive(Default)]
pub struct TaskSubscription;

#[Subscription]
impl TaskSubscription {
    /// Each of the caller's tasks as its reminder time comes. Staff and partner users, over
    /// `/graphql/ws` (graphql-transport-ws), opened with `{"authorization": "Bearer <token>"}`
    /// as the `connection_init` payload; the stream ends with UNAUTHENTICATED when the session
    /// ends.
    async fn my_task_reminders(&self, ctx: &Context<'_>) -> Result<impl Stream<Item = Result<Task>>> {
        let caller = caller(ctx)?;
        let scope = task_scope(&caller.principal)?;
        let Some(user_id) = scope.user_id() else { return Err(AppError::Forbidden("receive task reminders (users only)").into()) };
        crate::live::notices(ctx, user_id, Topic::TaskReminder, "receive task reminders (over /graphql/ws)", move |app: AppContext, id| {
            let scope = scope.clone();
            async move { Ok(service::find(&app.db.read, &scope, id).await?.map(Task)) }
        })
    }
}

crate::node_lookup!("tasks", |db, principal, ids| {
    use crate::node::Node;
    let Ok(scope) = task_scope(principal) else { return Ok(Vec::new()) };
    Ok(service::by_ids(db, &scope, ids).await?.into_iter().map(|r| (r.id, Node::Task(Task(r)))).collect())
});
