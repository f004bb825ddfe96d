use crate::domain::{SlaEventKind, SlaTarget};
use sea_orm::entity::prelude::*;

/// One step of a ticket's SLA timeline: which clock, what happened, when, who and why.
/// Append-only.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "ticket_sla_events")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub ticket_id: Uuid,
    pub target: SlaTarget,
    pub kind: SlaEventKind,
    pub at: DateTimeUtc,
    /// The time due from this step on (started, resumed), or the one missed (breached).
    pub due_at: Option<DateTimeUtc>,
    /// The person whose action caused it; none for the SLA job.
    pub actor_id: Option<Uuid>,
    pub reason: String,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
