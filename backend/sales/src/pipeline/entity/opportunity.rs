use crate::pipeline::domain::{LeadSource, OpportunityStage, Registration};
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "opportunities")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub name: String,
    pub name_sort: String,
    pub customer_id: Uuid,
    pub owner_id: Option<Uuid>,
    pub partner_id: Option<Uuid>,
    pub stage: OpportunityStage,
    /// Win probability in percent, 0–100 (the stage's default unless set by hand).
    pub probability: i32,
    /// Expected revenue × 10⁴ (`values::to_scaled`).
    pub amount: i64,
    pub currency: String,
    pub expected_close_date: Date,
    pub source: LeadSource,
    pub next_step: Option<String>,
    pub lost_reason: Option<String>,
    pub description: Option<String>,
    pub registration: Option<Registration>,
    pub registration_note: Option<String>,
    /// The lead it was converted from.
    pub lead_id: Option<Uuid>,
    /// When the opportunity entered its current stage.
    pub stage_changed_at: DateTimeUtc,
    /// When it entered CLOSED_WON or CLOSED_LOST (cleared when reopened).
    pub closed_at: Option<DateTimeUtc>,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
    pub version: i32,
    pub archived_at: Option<DateTimeUtc>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
