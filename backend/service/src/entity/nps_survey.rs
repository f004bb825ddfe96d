use sea_orm::entity::prelude::*;

/// An NPS survey addressed to a list of customers.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "nps_surveys")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub name: String,
    /// What the customers are asked, 0–10.
    pub question: String,
    /// Answers are taken until then.
    pub closes_at: DateTimeUtc,
    /// How many customers it was addressed to.
    pub recipients: i32,
    pub created_by_id: Option<Uuid>,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
