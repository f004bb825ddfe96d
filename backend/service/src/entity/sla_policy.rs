use crate::domain::TicketPriority;
use sea_orm::entity::prelude::*;

/// SLA targets, for the tickets whose priority and queue match (the lowest `position` that
/// matches wins; an empty condition matches every ticket).
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "sla_policies")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub name: String,
    pub position: i32,
    pub priority: Option<TicketPriority>,
    pub queue_id: Option<Uuid>,
    /// Only tickets of customers with this tag (a tier); none: any customer.
    pub customer_tag: Option<String>,
    /// Working minutes from creation to the first reply.
    pub first_response_minutes: i32,
    /// Working minutes from a customer's message to the next reply; none: not measured.
    pub next_response_minutes: Option<i32>,
    /// Working minutes from creation to resolution.
    pub resolution_minutes: i32,
    /// Comma-separated `TicketStatus` API names during which the clocks stop.
    pub pause_statuses: String,
    /// Working minutes before a time due at which the assignee (or the queue's lead) is
    /// warned; none: no warning.
    pub warning_minutes: Option<i32>,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
    pub archived_at: Option<DateTimeUtc>,
    pub version: i32,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
