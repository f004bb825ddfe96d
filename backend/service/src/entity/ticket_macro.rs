use crate::domain::{TicketPriority, TicketStatus};
use sea_orm::entity::prelude::*;

/// A canned reply of the desk and the changes it makes to the ticket, in one click.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "ticket_macros")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub name: String,
    /// Only for this queue's tickets; none: every queue.
    pub queue_id: Option<Uuid>,
    /// The reply, with `{{customer}}`, `{{number}}` and `{{agent}}` filled in when applied.
    pub body: String,
    pub status: Option<TicketStatus>,
    pub priority: Option<TicketPriority>,
    pub category: Option<String>,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
    pub archived_at: Option<DateTimeUtc>,
    pub version: i32,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
