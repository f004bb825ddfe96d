use crate::catalog::domain::ProductUnit;
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "products")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    /// Stock keeping unit, upper-case; unique.
    pub sku: String,
    pub name: String,
    /// Lower-cased name: sort key and search target.
    pub name_sort: String,
    pub description: Option<String>,
    pub family: String,
    pub tier: i32,
    pub unit: ProductUnit,
    /// Only active products can be added to opportunities, quotes and orders.
    pub active: bool,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
    pub version: i32,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
