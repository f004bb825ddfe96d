use crate::domain::SurveyChannel;
use sea_orm::entity::prelude::*;

/// The satisfaction survey of a resolved ticket, and its answer.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "ticket_surveys")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub ticket_id: Uuid,
    pub customer_id: Uuid,
    /// The agent the ticket was assigned to when it was resolved.
    pub agent_id: Option<Uuid>,
    pub queue_id: Uuid,
    pub product_id: Option<Uuid>,
    /// SHA-256 (hex) of the token of the link out, if any.
    pub token_hash: Option<String>,
    pub expires_at: Option<DateTimeUtc>,
    /// 1 (very dissatisfied) to 5 (very satisfied).
    pub score: Option<i32>,
    pub comment: Option<String>,
    pub channel: Option<SurveyChannel>,
    pub answered_at: Option<DateTimeUtc>,
    /// The queue's lead, who recovers a low score.
    pub recovery_owner_id: Option<Uuid>,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
