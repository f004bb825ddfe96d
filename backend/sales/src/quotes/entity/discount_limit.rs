use crate::quotes::domain::Seller;
use sea_orm::entity::prelude::*;

/// The largest line discount one kind of seller gives without a sales manager's approval.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "discount_limits")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub seller: Seller,
    /// Percent × 10⁴.
    pub max_percent: i64,
    pub updated_at: DateTimeUtc,
    pub version: i32,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
