use crate::domain::{InteractionChannel, TicketPriority, TicketStatus};
use crm_customers::domain::Tags;
use sea_orm::entity::prelude::*;

/// A customer's request or problem, from any channel, until it is solved.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "tickets")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    /// `T-2026-00042`.
    pub number: String,
    pub customer_id: Uuid,
    pub contact_id: Option<Uuid>,
    pub channel: InteractionChannel,
    pub category: Option<String>,
    pub subject: String,
    /// The language it is written in (`en`, `it`): a skill routing may ask for.
    pub language: Option<String>,
    pub priority: TicketPriority,
    pub status: TicketStatus,
    pub queue_id: Uuid,
    pub assignee_id: Option<Uuid>,
    pub complaint: bool,
    pub order_id: Option<Uuid>,
    pub product_id: Option<Uuid>,
    pub sla_policy_id: Option<Uuid>,
    /// The nearest time due of its running SLA clocks.
    pub sla_due_at: Option<DateTimeUtc>,
    pub created_by_id: Option<Uuid>,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
    pub resolved_at: Option<DateTimeUtc>,
    pub closed_at: Option<DateTimeUtc>,
    /// The ticket a duplicate was merged into (its conversation moved there; it is closed).
    pub merged_into_id: Option<Uuid>,
    /// The incident's ticket this one is part of (one level).
    pub parent_id: Option<Uuid>,
    /// Canonical tag list (lower case, sorted); `ticket_tags` indexes it for the filter.
    pub tags: Tags,
    pub version: i32,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
