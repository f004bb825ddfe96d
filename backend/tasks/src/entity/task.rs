use crate::domain::{TaskOrigin, TaskPriority, TaskStatus, TaskSubject};
use sea_orm::entity::prelude::*;

/// A to-do of one person.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "tasks")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub title: String,
    pub details: Option<String>,
    /// The kind of record it concerns (none: a personal to-do).
    pub subject_type: Option<TaskSubject>,
    pub subject_id: Option<Uuid>,
    /// The customer that record belongs to (none for a lead, or without a record).
    pub customer_id: Option<Uuid>,
    pub owner_id: Uuid,
    /// Who opened it; none when the CRM did (`origin` says why).
    pub created_by_id: Option<Uuid>,
    pub origin: TaskOrigin,
    pub priority: TaskPriority,
    pub status: TaskStatus,
    pub due_at: DateTimeUtc,
    pub remind_at: Option<DateTimeUtc>,
    /// When the reminder went out (once, across servers); cleared when the reminder moves.
    pub reminded_at: Option<DateTimeUtc>,
    pub completed_at: Option<DateTimeUtc>,
    pub completed_by_id: Option<Uuid>,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
    pub version: i32,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
