use crate::domain::SurveyChannel;
use sea_orm::entity::prelude::*;

/// One customer addressed by an NPS survey, and its answer once given.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "nps_answers")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub survey_id: Uuid,
    pub customer_id: Uuid,
    /// SHA-256 (hex) of the token of the link out, if any.
    pub token_hash: Option<String>,
    pub expires_at: Option<DateTimeUtc>,
    /// 0 (not at all likely) to 10 (extremely likely).
    pub score: Option<i32>,
    pub comment: Option<String>,
    pub channel: Option<SurveyChannel>,
    pub answered_at: Option<DateTimeUtc>,
    /// The customer's user who answered in the portal.
    pub answered_by_id: Option<Uuid>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
