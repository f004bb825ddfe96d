//! Inputs of catalog operations, shared by GraphQL and in-process callers (the seeder).

use super::domain::ProductUnit;
use async_graphql::{InputObject, MaybeUndefined, ID};
use crm_core::filters::{OrderDirection, StringFilter};
use rust_decimal::Decimal;

/// Input of createProduct.
#[derive(InputObject, Debug, Clone)]
pub struct CreateProductInput {
    /// Stock keeping unit: 1–64 letters, digits, `-`, `_` or `.`; stored upper-case, unique.
    pub sku: String,
    /// Name shown on quotes.
    pub name: String,
    /// Longer text shown on quotes.
    pub description: Option<String>,
    /// Product family, e.g. "Cloud ERP" (the product dimension of analytics).
    pub family: String,
    /// Rung of the family's up-sell ladder, 1 (entry) to 9. Default 1.
    pub tier: Option<i32>,
    /// What one unit is.
    pub unit: ProductUnit,
    /// Whether it can be sold. Default true.
    pub active: Option<bool>,
}

/// Changes to a product; omitted fields keep their value.
#[derive(InputObject, Debug, Clone)]
pub struct UpdateProductInput {
    /// Id of the product.
    pub id: ID,
    /// The version the change is based on; a newer stored version is a CONFLICT.
    pub version: i32,
    /// Stock keeping unit.
    pub sku: Option<String>,
    /// Name.
    pub name: Option<String>,
    /// Description; null clears it.
    pub description: MaybeUndefined<String>,
    /// Product family.
    pub family: Option<String>,
    /// Tier, 1 to 9.
    pub tier: Option<i32>,
    /// Unit.
    pub unit: Option<ProductUnit>,
    /// Whether it can be sold.
    pub active: Option<bool>,
}

/// Typed filter of the products list.
#[derive(InputObject, Debug, Clone, Default)]
pub struct ProductFilter {
    /// Text in the name or SKU.
    pub search: Option<String>,
    /// Families (exact names).
    pub family: Option<StringFilter>,
    /// Only active (true) or inactive (false) products.
    pub active: Option<bool>,
}

/// Fields the products list sorts by (`crm-contract`, shared with the browser app).
pub use crm_contract::sales::ProductOrderField;

/// Sort order of the products list.
#[derive(InputObject, Debug, Clone, Copy)]
pub struct ProductOrder {
    /// Field to sort by.
    pub field: ProductOrderField,
    /// Direction.
    #[graphql(default)]
    pub direction: OrderDirection,
}

/// Input of createPriceBook.
#[derive(InputObject, Debug, Clone)]
pub struct CreatePriceBookInput {
    /// Name, e.g. "Listino Italia 2027".
    pub name: String,
    /// ISO 4217 code of every price in the book.
    pub currency: String,
    /// Make it the default book of its currency (the previous default stops being one).
    pub is_default: Option<bool>,
    /// Whether quotes may use it. Default true.
    pub active: Option<bool>,
}

/// Changes to a price book; omitted fields keep their value. The currency cannot change.
#[derive(InputObject, Debug, Clone)]
pub struct UpdatePriceBookInput {
    /// Id of the price book.
    pub id: ID,
    /// The version the change is based on; a newer stored version is a CONFLICT.
    pub version: i32,
    /// Name.
    pub name: Option<String>,
    /// `true` makes it the default of its currency; `false` leaves its currency without one.
    pub is_default: Option<bool>,
    /// Whether quotes may use it.
    pub active: Option<bool>,
}

/// A list price to set.
#[derive(InputObject, Debug, Clone)]
pub struct ListPriceInput {
    /// The product.
    pub product_id: ID,
    /// Price of one unit in the book's currency (non-negative, at most 4 decimals).
    pub list_price: Decimal,
}

/// Input of setListPrices: adds or replaces list prices of a book, all or none.
#[derive(InputObject, Debug, Clone)]
pub struct SetListPricesInput {
    /// The price book.
    pub price_book_id: ID,
    /// The version of the book the change is based on.
    pub version: i32,
    /// Prices to add or replace (at most 250).
    pub prices: Vec<ListPriceInput>,
}

/// Input of removeListPrices.
#[derive(InputObject, Debug, Clone)]
pub struct RemoveListPricesInput {
    /// The price book.
    pub price_book_id: ID,
    /// The version of the book the change is based on.
    pub version: i32,
    /// Products whose price to remove (at most 250).
    pub product_ids: Vec<ID>,
}

/// Typed filter of the price books list.
#[derive(InputObject, Debug, Clone, Default)]
pub struct PriceBookFilter {
    /// Currencies (ISO 4217 codes).
    pub currency: Option<StringFilter>,
    /// Only active (true) or inactive (false) books.
    pub active: Option<bool>,
}
