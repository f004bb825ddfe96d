use crate::domain::SlaTarget;
use sea_orm::entity::prelude::*;

/// The state of one SLA clock of one ticket (`sla::clock::ClockState`, stored).
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "ticket_sla_clocks")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub ticket_id: Uuid,
    #[sea_orm(primary_key, auto_increment = false)]
    pub target: SlaTarget,
    pub target_seconds: i64,
    pub used_seconds: i64,
    pub running_since: Option<DateTimeUtc>,
    pub due_at: Option<DateTimeUtc>,
    pub met_at: Option<DateTimeUtc>,
    pub breached_at: Option<DateTimeUtc>,
    /// When it warns that the time due is near (while it runs and the policy warns).
    pub warn_at: Option<DateTimeUtc>,
    /// When the SLA job warned (once per start of the clock).
    pub warned_at: Option<DateTimeUtc>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
