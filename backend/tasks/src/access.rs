//! Who reads and changes which tasks. A task is read by its owner, by whoever opened it, and by
//! staff who may read the record it concerns (a colleague sees that someone already calls the
//! customer back); a partner user reads only its own tasks (the company's work on a partner's
//! customer stays the company's). Staff (but analysts, who only read) and partner users open
//! tasks; its owner, whoever opened it, managers and admins change it. Customer users and API
//! keys have no tasks.

use crate::domain::TaskSubject;
use crate::entity::task;
use crm_core::audit::{EntityType, HistoryVisibility};
use crm_core::error::{AppError, AppResult};
use crm_core::principal::{Principal, StaffRole};
use crm_core::versioned::{CreateRight, WriteRight};
use crm_customers::access::CustomerScope;
use crm_customers::entity::{contact, customer};
use crm_sales::access::{LeadScope, OpportunityScope, OrderScope};
use crm_sales::leads::entity::lead;
use crm_sales::orders::entity::order;
use crm_sales::pipeline::entity::opportunity;
use sea_orm::sea_query::{Condition, Query, SelectStatement};
use sea_orm::{ColumnTrait, EntityTrait};
use std::fmt::Debug;
use std::sync::Arc;
use uuid::Uuid;

/// How far a caller reaches tickets, told by the crate that owns them (above this one).
pub trait TicketReach: Debug + Send + Sync {
    /// The ids of the tickets the caller reads, as a subquery.
    fn readable_ids(&self) -> SelectStatement;
    /// One row with the column `customer_id` of ticket `id` if the caller reads it, else none.
    fn customer_of(&self, id: Uuid) -> SelectStatement;
}

/// The tasks a caller may read.
#[derive(Debug, Clone)]
pub struct TaskScope {
    /// None for the command line, which reads every task.
    user_id: Option<Uuid>,
    /// The records the caller reaches: those it may open tasks about.
    reach: Option<RecordReach>,
    /// Staff read their colleagues' tasks about the records they reach; partner users only
    /// their own.
    reads_colleagues: bool,
}

/// The records a caller reaches, and how it reaches tickets.
#[derive(Debug, Clone)]
pub(crate) struct RecordReach {
    pub customers: CustomerScope,
    pub leads: Option<LeadScope>,
    pub opportunities: Option<OpportunityScope>,
    pub orders: Option<OrderScope>,
    pub tickets: Option<Arc<dyn TicketReach>>,
}

impl TaskScope {
    /// The scope of `principal`; `tickets` is how it reaches tickets (none: no task about a
    /// ticket but its own).
    pub fn of(principal: &Principal, tickets: Option<Arc<dyn TicketReach>>) -> AppResult<Self> {
        let (user_id, reads_colleagues) = match principal {
            Principal::Staff { user_id, .. } => (*user_id, true),
            Principal::Partner { user_id, .. } => (*user_id, false),
            Principal::System { .. } => return Ok(Self { user_id: None, reach: None, reads_colleagues: true }),
            Principal::Customer { .. } | Principal::Integration { .. } => {
                return Err(AppError::Forbidden("read tasks (staff and partner users only)"))
            }
        };
        let reach = RecordReach {
            customers: CustomerScope::of(principal)?,
            leads: LeadScope::of(principal).ok(),
            opportunities: OpportunityScope::of(principal).ok(),
            orders: OrderScope::of(principal).ok(),
            tickets,
        };
        Ok(Self { user_id: Some(user_id), reach: Some(reach), reads_colleagues })
    }

    /// The caller's user id (none for the command line).
    pub fn user_id(&self) -> Option<Uuid> {
        self.user_id
    }

    /// The records the caller may open tasks about (none for the command line).
    pub(crate) fn reach(&self) -> Option<&RecordReach> {
        self.reach.as_ref()
    }

    /// SQL condition on `tasks` selecting the readable rows.
    pub fn condition(&self) -> Condition {
        let Some(me) = self.user_id else { return Condition::all() };
        let own = Condition::any().add(task::Column::OwnerId.eq(me)).add(task::Column::CreatedById.eq(me));
        match &self.reach {
            Some(reach) if self.reads_colleagues => own.add(reach.condition()),
            _ => own,
        }
    }
}

impl RecordReach {
    /// Tasks about a record these scopes reach, resolved in the same statement (a subquery
    /// per kind).
    fn condition(&self) -> Condition {
        let customers = ids(customer::Entity, customer::Column::Id, self.customers.condition());
        let contacts = Query::select()
            .column(contact::Column::Id)
            .from(contact::Entity)
            .and_where(contact::Column::CustomerId.in_subquery(customers.clone()))
            .to_owned();
        let mut kinds = Condition::any().add(about(TaskSubject::Customer, customers)).add(about(TaskSubject::Contact, contacts));
        if let Some(scope) = &self.leads {
            kinds = kinds.add(about(TaskSubject::Lead, ids(lead::Entity, lead::Column::Id, scope.condition())));
        }
        if let Some(scope) = &self.opportunities {
            kinds = kinds.add(about(TaskSubject::Opportunity, ids(opportunity::Entity, opportunity::Column::Id, scope.condition())));
        }
        if let Some(scope) = &self.orders {
            kinds = kinds.add(about(TaskSubject::Order, ids(order::Entity, order::Column::Id, scope.condition())));
        }
        if let Some(tickets) = &self.tickets {
            kinds = kinds.add(about(TaskSubject::Ticket, tickets.readable_ids()));
        }
        kinds
    }
}

fn ids<E: EntityTrait>(entity: E, id: E::Column, condition: Condition) -> SelectStatement {
    Query::select().column(id).from(entity).cond_where(condition).to_owned()
}

fn about(kind: TaskSubject, ids: SelectStatement) -> Condition {
    Condition::all().add(task::Column::SubjectType.eq(kind)).add(task::Column::SubjectId.in_subquery(ids))
}

/// Adds to `history` the entries about the tasks the caller may read.
pub fn history_visibility(principal: &Principal, tickets: Option<Arc<dyn TicketReach>>, history: HistoryVisibility) -> HistoryVisibility {
    match TaskScope::of(principal, tickets) {
        Ok(scope) => {
            let readable = Query::select().column(task::Column::Id).from(task::Entity).cond_where(scope.condition()).to_owned();
            history.show(EntityType::Task, Some(readable))
        }
        Err(_) => history,
    }
}

/// A person who opens tasks.
#[derive(Debug, Clone, Copy)]
pub struct TaskWriter {
    pub user_id: Uuid,
    /// Staff give tasks to colleagues; a partner user's tasks are its own.
    pub staff: bool,
    /// Managers and admins change anyone's tasks they read.
    pub manager: bool,
}

impl CreateRight<task::Entity> for TaskWriter {}

pub fn task_writer(principal: &Principal) -> AppResult<TaskWriter> {
    match principal {
        Principal::Staff { role: StaffRole::Analyst, .. } => Err(AppError::Forbidden("open tasks (analysts read only)")),
        Principal::Staff { user_id, role, .. } => Ok(TaskWriter {
            user_id: *user_id,
            staff: true,
            manager: matches!(role, StaffRole::Admin | StaffRole::SalesManager | StaffRole::ServiceManager),
        }),
        Principal::Partner { user_id, .. } => Ok(TaskWriter { user_id: *user_id, staff: false, manager: false }),
        _ => Err(AppError::Forbidden("open tasks (staff and partner users only)")),
    }
}

/// Proof that the caller may change one task.
#[derive(Debug)]
pub struct TaskEdit {
    task_id: Uuid,
}

impl WriteRight<task::Entity> for TaskEdit {
    fn covers(&self, row: &task::Model) -> bool {
        row.id == self.task_id
    }
}

/// Its owner, whoever opened it, a manager or an admin.
pub fn task_edit(writer: &TaskWriter, task: &task::Model) -> AppResult<TaskEdit> {
    let involved = task.owner_id == writer.user_id || task.created_by_id == Some(writer.user_id);
    if involved || writer.manager {
        Ok(TaskEdit { task_id: task.id })
    } else {
        Err(AppError::Forbidden("change another person's task"))
    }
}

/// The right of the CRM itself to open a task in the transaction of what calls for it (a low
/// satisfaction score): made only by the modules that do, for the task they open.
#[derive(Debug, Clone, Copy)]
pub struct OpenedByTheCrm(());

impl OpenedByTheCrm {
    /// For a module's rule that opens tasks (never for a caller's request).
    pub fn for_rule() -> Self {
        Self(())
    }
}

impl CreateRight<task::Entity> for OpenedByTheCrm {}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::disallowed_methods)]
mod tests {
    use super::*;
    use crate::domain::{TaskOrigin, TaskPriority, TaskStatus};
    use chrono::Utc;

    fn staff(role: StaffRole) -> Principal {
        Principal::Staff { user_id: Uuid::from_u128(1), email: "s@example.test".into(), role }
    }

    fn task(owner: u128, creator: Option<u128>) -> task::Model {
        let now = Utc::now();
        task::Model {
            id: Uuid::from_u128(9),
            title: "Call back".into(),
            details: None,
            subject_type: None,
            subject_id: None,
            customer_id: None,
            owner_id: Uuid::from_u128(owner),
            created_by_id: creator.map(Uuid::from_u128),
            origin: TaskOrigin::Manual,
            priority: TaskPriority::Normal,
            status: TaskStatus::Open,
            due_at: now,
            remind_at: None,
            reminded_at: None,
            completed_at: None,
            completed_by_id: None,
            created_at: now,
            updated_at: now,
            version: 1,
        }
    }

    #[test]
    fn owners_openers_and_managers_change_a_task() {
        let rep = task_writer(&staff(StaffRole::SalesRep)).unwrap();
        assert!(task_edit(&rep, &task(1, None)).is_ok(), "its owner");
        assert!(task_edit(&rep, &task(2, Some(1))).is_ok(), "whoever opened it");
        assert!(task_edit(&rep, &task(2, Some(3))).is_err(), "nobody else");
        let manager = task_writer(&staff(StaffRole::ServiceManager)).unwrap();
        assert!(task_edit(&manager, &task(2, None)).is_ok());
        assert!(task_writer(&staff(StaffRole::Analyst)).is_err());
        let customer = Principal::Customer { user_id: Uuid::from_u128(3), email: "c@example.test".into(), customer_id: Uuid::from_u128(7) };
        assert!(task_writer(&customer).is_err());
        assert!(TaskScope::of(&customer, None).is_err());
    }
}
