use sea_orm::entity::prelude::*;

/// A product's list price in a price book.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "price_book_entries")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub price_book_id: Uuid,
    #[sea_orm(primary_key, auto_increment = false)]
    pub product_id: Uuid,
    /// The list price × 10⁴ (`values::to_scaled`), in the book's currency.
    pub list_price: i64,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
