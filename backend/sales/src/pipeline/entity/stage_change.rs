use crate::pipeline::domain::{OpportunityStage, StageEvent};
use sea_orm::entity::prelude::*;

/// One step of an opportunity through the pipeline (its creation, with `from_stage` NULL; a
/// move; a deal registration approved), with the amount and probability it had then. Never
/// changed once written.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "opportunity_stage_changes")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub opportunity_id: Uuid,
    /// What happened: a creation, a move, or a registration approved into the pipeline.
    pub event: StageEvent,
    pub from_stage: Option<OpportunityStage>,
    pub to_stage: OpportunityStage,
    pub probability: i32,
    pub amount: i64,
    pub currency: String,
    pub changed_at: DateTimeUtc,
    /// `PrincipalKind` of who moved it.
    pub actor_kind: String,
    pub actor_id: Option<Uuid>,
    pub actor_label: String,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
