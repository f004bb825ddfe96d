use sea_orm::entity::prelude::*;

/// A number whose calls the telephony is told to reject.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "blocked_numbers")]
pub struct Model {
    /// E.164.
    #[sea_orm(primary_key, auto_increment = false)]
    pub number: String,
    pub reason: String,
    pub created_by_id: Option<Uuid>,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
