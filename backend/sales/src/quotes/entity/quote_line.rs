use crate::catalog::domain::ProductUnit;
use sea_orm::entity::prelude::*;

/// A line of a quote: the product as it was quoted (SKU, name, unit, list price).
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "quote_lines")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub quote_id: Uuid,
    pub position: i32,
    pub product_id: Uuid,
    pub sku: String,
    pub name: String,
    pub unit: ProductUnit,
    /// Quantity, prices and discount × 10⁴.
    pub quantity: i64,
    pub list_price: i64,
    pub discount_percent: i64,
    pub net: i64,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
