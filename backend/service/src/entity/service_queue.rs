use crate::domain::QueueRouting;
use sea_orm::entity::prelude::*;

/// Where tickets wait to be worked.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "service_queues")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub name: String,
    /// Its working hours; none: every hour of every day.
    pub calendar_id: Option<Uuid>,
    /// The staff user escalations go to.
    pub lead_id: Option<Uuid>,
    /// Days after resolution during which a customer's message reopens a ticket.
    pub reopen_days: i32,
    /// How its new tickets reach agents.
    pub routing: QueueRouting,
    /// Where tickets go when nobody names a queue (exactly one queue is).
    pub is_default: bool,
    /// The address customers write to (lower case): mail to it opens tickets here, and this
    /// queue's replies come from it.
    pub email_address: Option<String>,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
    pub archived_at: Option<DateTimeUtc>,
    pub version: i32,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
