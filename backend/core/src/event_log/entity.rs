use sea_orm::entity::prelude::*;

/// Appended in the transaction of the change it announces; given its position once that
/// committed (by [`super::sequence`]); deleted when the retention window has passed.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "events")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub seq: i64,
    pub position: Option<i64>,
    pub kind: String,
    pub record_id: Uuid,
    pub customer_id: Option<Uuid>,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
