use crate::pipeline::domain::OpportunityStage;
use sea_orm::entity::prelude::*;

/// A stage's place on the board and its default win probability (admins change it).
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "pipeline_stages")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub stage: OpportunityStage,
    pub position: i32,
    pub probability: i32,
    pub updated_at: Option<DateTimeUtc>,
    pub version: i32,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
