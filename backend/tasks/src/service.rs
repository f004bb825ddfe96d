//! Opening, changing, closing and listing tasks. This module is the repository of its own
//! table (it has no separate `repo.rs`).

#![allow(clippy::disallowed_methods)]

use crate::access::{task_edit, task_writer, OpenedByTheCrm, RecordReach, TaskEdit, TaskScope, TaskWriter};
use crate::domain::{TaskOrigin, TaskPriority, TaskStatus, TaskSubject};
use crate::entity::task;
use crate::inputs::{AddTaskInput, SetTaskStatusInput, TaskAboutInput, TaskFilter, UpdateTaskInput};
use async_graphql::ID;
use chrono::{DateTime, Utc};
use crm_core::audit::{self, AuditAction, Diff, Subject};
use crm_core::clock::new_id_at;
use crm_core::context::AppContext;
use crm_core::error::{AppError, AppResult, InputReason};
use crm_core::filters::parse_id;
use crm_core::pagination::{fetch_page, id_key, time_key, KeyKind, Keyset, Page, PageRequest, SortKey};
use crm_core::principal::Caller;
use crm_core::values::{optional_text, required_text};
use crm_core::versioned::{self, Change};
use crm_core::visible::Visible;
use crm_customers::repo::{find_contact, find_customer};
use crm_identity::users::ensure_active_staff;
use crm_sales::leads::repo::find_lead;
use crm_sales::orders::repo::find_order;
use crm_sales::pipeline::repo::find_opportunity;
use sea_orm::sea_query::Expr;
use sea_orm::{ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, IntoActiveModel, QueryFilter, Select, TransactionTrait};
use uuid::Uuid;

/// The longest title, in characters.
pub const MAX_TITLE: usize = 200;
/// The longest details, in characters.
pub const MAX_DETAILS: usize = 4_000;

/// Soonest due first, then by id (UUIDv7: the older first).
struct SoonestDue;

impl Keyset<task::Entity> for SoonestDue {
    fn name(&self) -> String {
        "tasks_due".into()
    }
    fn keys(&self) -> Vec<SortKey<task::Column>> {
        vec![
            SortKey { column: task::Column::DueAt, descending: false, kind: KeyKind::Time },
            SortKey { column: task::Column::Id, descending: false, kind: KeyKind::Id },
        ]
    }
    fn values(&self, row: &task::Model) -> Vec<String> {
        vec![time_key(&row.due_at), id_key(&row.id)]
    }
}

/// The record a task concerns, once the caller was found to reach it.
#[derive(Debug, Clone, Copy)]
pub struct TaskAbout {
    pub kind: TaskSubject,
    pub id: Uuid,
    /// The customer it belongs to (none for a lead).
    pub customer_id: Option<Uuid>,
}

/// The record `about` names if the caller reaches it (NOT_FOUND otherwise, as for a record
/// that does not exist).
async fn reached_subject(db: &impl ConnectionTrait, reach: &RecordReach, about: &TaskAboutInput) -> AppResult<TaskAbout> {
    let id = parse_id(&about.id, "about.id")?;
    let customer_id = match about.subject {
        TaskSubject::Customer => find_customer(db, &reach.customers, id).await?.map(|row| Some(row.id)),
        TaskSubject::Contact => find_contact(db, &reach.customers, id).await?.map(|row| Some(row.customer_id)),
        TaskSubject::Lead => match &reach.leads {
            Some(leads) => find_lead(db, leads, id).await?.map(|_| None),
            None => None,
        },
        TaskSubject::Opportunity => match &reach.opportunities {
            Some(opportunities) => find_opportunity(db, opportunities, id).await?.map(|row| Some(row.customer_id)),
            None => None,
        },
        TaskSubject::Order => match &reach.orders {
            Some(orders) => find_order(db, orders, id).await?.map(|row| Some(row.customer_id)),
            None => None,
        },
        TaskSubject::Ticket => match &reach.tickets {
            Some(tickets) => {
                let statement = db.get_database_backend().build(&tickets.customer_of(id));
                match db.query_one(statement).await? {
                    Some(row) => Some(Some(row.try_get::<Uuid>("", "customer_id")?)),
                    None => None,
                }
            }
            None => None,
        },
    };
    let customer_id = customer_id.ok_or(AppError::NotFound("record"))?;
    Ok(TaskAbout { kind: about.subject, id, customer_id })
}

fn title(raw: &str) -> AppResult<String> {
    required_text(raw, MAX_TITLE).map_err(|why| AppError::invalid("title", why))
}

fn details(raw: Option<&str>) -> AppResult<Option<String>> {
    optional_text(raw, MAX_DETAILS).map_err(|why| AppError::invalid("details", why))
}

/// A reminder comes at or before the time due.
fn reminder(remind_at: Option<DateTime<Utc>>, due_at: DateTime<Utc>) -> AppResult<Option<DateTime<Utc>>> {
    match remind_at {
        Some(at) if at > due_at => {
            Err(AppError::invalid("remindAt", InputReason::NotApplicable.with_message("the reminder comes at or before the time due")))
        }
        other => Ok(other),
    }
}

/// The owner `raw` names, as `writer` may give tasks to: staff to any active staff user,
/// partner users to themselves.
async fn owner(db: &impl ConnectionTrait, writer: &TaskWriter, raw: Option<&ID>) -> AppResult<Uuid> {
    let Some(raw) = raw else { return Ok(writer.user_id) };
    let id = parse_id(raw, "ownerId")?;
    if id == writer.user_id {
        return Ok(id);
    }
    if !writer.staff {
        return Err(AppError::invalid("ownerId", InputReason::NotApplicable.with_message("partner users open tasks for themselves")));
    }
    ensure_active_staff(db, &[id], "ownerId").await?;
    Ok(id)
}

/// What a new task is, checked.
#[derive(Debug, Clone)]
pub struct NewTask {
    pub title: String,
    pub details: Option<String>,
    pub about: Option<TaskAbout>,
    pub owner_id: Uuid,
    pub origin: TaskOrigin,
    pub priority: TaskPriority,
    pub due_at: DateTime<Utc>,
    pub remind_at: Option<DateTime<Utc>>,
}

/// Writes `new` and its audit entry in `txn`, opened by `opener` (none: the CRM's own rule).
async fn insert(
    txn: &impl ConnectionTrait,
    caller: &Caller,
    opener: Option<Uuid>,
    new: NewTask,
    now: DateTime<Utc>,
) -> AppResult<task::Model> {
    let row = task::Model {
        id: new_id_at(now),
        title: new.title,
        details: new.details,
        subject_type: new.about.map(|about| about.kind),
        subject_id: new.about.map(|about| about.id),
        customer_id: new.about.and_then(|about| about.customer_id),
        owner_id: new.owner_id,
        created_by_id: opener,
        origin: new.origin,
        priority: new.priority,
        status: TaskStatus::Open,
        due_at: new.due_at,
        remind_at: new.remind_at,
        reminded_at: None,
        completed_at: None,
        completed_by_id: None,
        created_at: now,
        updated_at: now,
        version: 1,
    };
    let created = row.into_active_model().reset_all().insert(txn).await?;
    let mut diff = Diff::new();
    diff.created("title", &created.title).created("ownerId", &created.owner_id).created("dueAt", &created.due_at);
    diff.created("priority", &created.priority).created("origin", &created.origin);
    if let (Some(kind), Some(id)) = (created.subject_type, created.subject_id) {
        diff.created("subject", &kind).created("subjectId", &id);
    }
    if let Some(details) = &created.details {
        diff.created("details", details);
    }
    if let Some(at) = &created.remind_at {
        diff.created("remindAt", at);
    }
    audit::record(txn, caller, now, AuditAction::Create, Subject::Task { id: created.id, customer_id: created.customer_id }, diff).await?;
    Ok(created)
}

/// Opens a task by hand: about a record the caller reaches, for the caller or (staff) a
/// colleague.
pub async fn add(ctx: &AppContext, caller: &Caller, scope: &TaskScope, input: AddTaskInput) -> AppResult<Visible<task::Model>> {
    let writer = task_writer(&caller.principal)?;
    let reach = scope.reach().ok_or(AppError::Forbidden("open tasks (staff and partner users only)"))?;
    let new_title = title(&input.title)?;
    let new_details = details(input.details.as_deref())?;
    let remind_at = reminder(input.remind_at, input.due_at)?;
    let now = ctx.clock.now();
    let txn = ctx.db.write.begin().await?;
    let about = match &input.about {
        Some(about) => Some(reached_subject(&txn, reach, about).await?),
        None => None,
    };
    let owner_id = owner(&txn, &writer, input.owner_id.as_ref()).await?;
    let new = NewTask {
        title: new_title,
        details: new_details,
        about,
        owner_id,
        origin: TaskOrigin::Manual,
        priority: input.priority,
        due_at: input.due_at,
        remind_at,
    };
    let created = insert(&txn, caller, Some(writer.user_id), new, now).await?;
    txn.commit().await?;
    Ok(Visible::created(created, &writer))
}

/// Opens a task by a module's rule, in the transaction of the change that calls for it (a low
/// satisfaction score); `caller` made that change, the audit entry names them.
pub async fn open_for(
    txn: &impl ConnectionTrait,
    caller: &Caller,
    right: &OpenedByTheCrm,
    new: NewTask,
    now: DateTime<Utc>,
) -> AppResult<Visible<task::Model>> {
    let created = insert(txn, caller, None, new, now).await?;
    Ok(Visible::created(created, right))
}

/// The task `id` at `version` if the caller reads it, with the caller's right to change it.
async fn load_for_edit(
    txn: &impl ConnectionTrait,
    writer: &TaskWriter,
    scope: &TaskScope,
    id: &ID,
    version: i32,
) -> AppResult<(task::Model, TaskEdit)> {
    let id = parse_id(id, "id")?;
    let current = task::Entity::find_by_id(id).filter(scope.condition()).one(txn).await?.ok_or(AppError::NotFound("task"))?;
    let right = task_edit(writer, &current)?;
    Ok((versioned::at_version::<task::Entity>(current, version)?, right))
}

pub async fn update(ctx: &AppContext, caller: &Caller, scope: &TaskScope, input: UpdateTaskInput) -> AppResult<Visible<task::Model>> {
    let writer = task_writer(&caller.principal)?;
    if input.clear_reminder && input.remind_at.is_some() {
        return Err(AppError::invalid("clearReminder", InputReason::MutuallyExclusive { with: "remindAt".into() }));
    }
    let now = ctx.clock.now();
    let txn = ctx.db.write.begin().await?;
    let (current, right) = load_for_edit(&txn, &writer, scope, &input.id, input.version).await?;
    let mut next = current.clone();
    if let Some(raw) = &input.title {
        next.title = title(raw)?;
    }
    if let Some(raw) = &input.details {
        next.details = details(Some(raw))?;
    }
    if input.owner_id.is_some() {
        next.owner_id = owner(&txn, &writer, input.owner_id.as_ref()).await?;
    }
    if let Some(due_at) = input.due_at {
        next.due_at = due_at;
    }
    if let Some(priority) = input.priority {
        next.priority = priority;
    }
    if input.clear_reminder {
        next.remind_at = None;
    } else if input.remind_at.is_some() {
        next.remind_at = input.remind_at;
    }
    next.remind_at = reminder(next.remind_at, next.due_at)?;
    if next.remind_at != current.remind_at {
        // A moved reminder goes out again at its new time.
        next.reminded_at = None;
    }
    let mut diff = Diff::new();
    diff.field("title", &current.title, &next.title)
        .field("details", &current.details, &next.details)
        .field("ownerId", &current.owner_id, &next.owner_id)
        .field("dueAt", &current.due_at, &next.due_at)
        .field("remindAt", &current.remind_at, &next.remind_at)
        .field("priority", &current.priority, &next.priority);
    if diff.is_empty() {
        return Visible::written(current, &right);
    }
    let saved =
        versioned::save::<task::Entity>(&txn, &right, caller, now, AuditAction::Update, Change { current: &current, next, diff }).await?;
    txn.commit().await?;
    Visible::written(saved, &right)
}

/// Closes a task (DONE, CANCELLED: by the caller, now) or opens it again.
pub async fn set_status(
    ctx: &AppContext,
    caller: &Caller,
    scope: &TaskScope,
    input: SetTaskStatusInput,
) -> AppResult<Visible<task::Model>> {
    let writer = task_writer(&caller.principal)?;
    let now = ctx.clock.now();
    let txn = ctx.db.write.begin().await?;
    let (current, right) = load_for_edit(&txn, &writer, scope, &input.id, input.version).await?;
    if current.status == input.status {
        return Visible::written(current, &right);
    }
    let mut next = current.clone();
    next.status = input.status;
    if input.status == TaskStatus::Open {
        next.completed_at = None;
        next.completed_by_id = None;
    } else {
        next.completed_at = Some(now);
        next.completed_by_id = Some(writer.user_id);
    }
    let mut diff = Diff::new();
    diff.field("status", &current.status, &next.status);
    let saved =
        versioned::save::<task::Entity>(&txn, &right, caller, now, AuditAction::Update, Change { current: &current, next, diff }).await?;
    txn.commit().await?;
    Visible::written(saved, &right)
}

/// The tasks about ticket `duplicate` move to the ticket it is merged into (the same
/// customer's), in the merge's transaction, which the ticket's history records.
pub async fn follow_merged_ticket(txn: &impl ConnectionTrait, duplicate: Uuid, kept: Uuid) -> AppResult<()> {
    task::Entity::update_many()
        .col_expr(task::Column::SubjectId, Expr::value(kept))
        .filter(task::Column::SubjectType.eq(TaskSubject::Ticket))
        .filter(task::Column::SubjectId.eq(duplicate))
        .exec(txn)
        .await?;
    Ok(())
}

/// The task `id` if the caller reads it.
pub async fn find(db: &impl ConnectionTrait, scope: &TaskScope, id: Uuid) -> AppResult<Option<Visible<task::Model>>> {
    Ok(task::Entity::find_by_id(id).filter(scope.condition()).one(db).await?.map(Visible::vouched))
}

/// The tasks among `ids` the caller reads (a loader's batch).
pub async fn by_ids(db: &impl ConnectionTrait, scope: &TaskScope, ids: &[Uuid]) -> AppResult<Vec<Visible<task::Model>>> {
    Ok(Visible::vouched_all(
        task::Entity::find().filter(task::Column::Id.is_in(ids.iter().copied())).filter(scope.condition()).all(db).await?,
    ))
}

/// The tasks `filter` selects that the caller reads, soonest due first, plus the query that
/// counts them all.
pub async fn list(
    ctx: &AppContext,
    scope: &TaskScope,
    filter: &TaskFilter,
    page: &PageRequest,
) -> AppResult<(Page<Visible<task::Model>>, Select<task::Entity>)> {
    let mut select = task::Entity::find().filter(scope.condition());
    if let Some(about) = &filter.about {
        let id = parse_id(&about.id, "filter.about.id")?;
        select = select.filter(task::Column::SubjectType.eq(about.subject)).filter(task::Column::SubjectId.eq(id));
    }
    if let Some(customer) = &filter.customer_id {
        select = select.filter(task::Column::CustomerId.eq(parse_id(customer, "filter.customerId")?));
    }
    if filter.mine == Some(true) {
        let me = scope.user_id().ok_or(AppError::Forbidden("read your own tasks (users only)"))?;
        select = select.filter(task::Column::OwnerId.eq(me));
    }
    if let Some(owner) = &filter.owner_id {
        select = select.filter(task::Column::OwnerId.eq(parse_id(owner, "filter.ownerId")?));
    }
    if let Some(status) = &filter.status {
        select = select.filter(status.condition(task::Column::Status, "filter.status")?);
    }
    if let Some(before) = filter.due_before {
        select = select.filter(task::Column::DueAt.lt(before));
    }
    let page = fetch_page(select.clone(), &SoonestDue, page, &ctx.db.read).await?;
    Ok((page.map(Visible::vouched), select))
}
