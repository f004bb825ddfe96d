//! The catalog API: products, price books and list prices.

use crate::connection;
use crate::connection::{page_cost, single_order};
use crate::payload;
use crate::request::loader;
use crate::types::Money;
use crate::{app, caller};
use async_graphql::dataloader::Loader;
use async_graphql::{Context, Object, Result, ID};
use chrono::{DateTime, Utc};
use crm_core::db::Db;
use crm_core::error::AppError;
use crm_core::filters::{parse_id, OrderDirection};
use crm_core::pagination::PageRequest;
use crm_core::values::from_scaled;
use crm_core::visible::Visible;
use crm_sales::access::{catalog_read, catalog_write, CatalogRead};
use crm_sales::catalog::domain::ProductUnit;
use crm_sales::catalog::entity::{price_book, price_book_entry, product};
use crm_sales::catalog::inputs::{
    CreatePriceBookInput, CreateProductInput, PriceBookFilter, ProductFilter, ProductOrder, ProductOrderField, RemoveListPricesInput,
    SetListPricesInput, UpdatePriceBookInput, UpdateProductInput,
};
use crm_sales::catalog::{repo, service};
use std::collections::HashMap;
use uuid::Uuid;

/// A product or service the company sells.
#[derive(Clone)]
pub struct Product(Visible<product::Model>);

impl From<Visible<product::Model>> for Product {
    fn from(row: Visible<product::Model>) -> Self {
        Self(row)
    }
}

/// A product or service the company sells.
#[Object]
impl Product {
    /// Unique id (UUIDv7).
    pub async fn id(&self) -> ID {
        ID(self.0.id.to_string())
    }
    /// Stock keeping unit, upper-case, unique.
    async fn sku(&self) -> &str {
        &self.0.sku
    }
    /// Name shown on quotes.
    async fn name(&self) -> &str {
        &self.0.name
    }
    /// Longer text shown on quotes.
    async fn description(&self) -> Option<&str> {
        self.0.description.as_deref()
    }
    /// Product family (the product dimension of analytics).
    async fn family(&self) -> &str {
        &self.0.family
    }
    /// Rung of the family's up-sell ladder, 1 (entry) to 9.
    async fn tier(&self) -> i32 {
        self.0.tier
    }
    /// What one unit is.
    async fn unit(&self) -> ProductUnit {
        self.0.unit
    }
    /// Only active products can be added to opportunities, quotes and orders.
    async fn active(&self) -> bool {
        self.0.active
    }
    /// The product's list price in every price book that has one.
    async fn list_prices(&self, ctx: &Context<'_>) -> Result<Vec<ListPrice>> {
        let entries = loader::<ListPricesByProduct>(ctx)?.load_one(self.0.id).await?.unwrap_or_default();
        Ok(entries.into_iter().map(ListPrice).collect())
    }
    /// When the product was created.
    async fn created_at(&self) -> DateTime<Utc> {
        self.0.created_at
    }
    /// When the product last changed.
    async fn updated_at(&self) -> DateTime<Utc> {
        self.0.updated_at
    }
    /// Increases with every change; send it back with updates.
    async fn version(&self) -> i32 {
        self.0.version
    }
}

/// A list of prices in one currency. One book per currency is the default quotes start from.
#[derive(Clone)]
pub struct PriceBook(Visible<price_book::Model>);

impl From<Visible<price_book::Model>> for PriceBook {
    fn from(row: Visible<price_book::Model>) -> Self {
        Self(row)
    }
}

/// A list of prices in one currency. One book per currency is the default quotes start from.
#[Object]
impl PriceBook {
    /// Unique id (UUIDv7).
    pub async fn id(&self) -> ID {
        ID(self.0.id.to_string())
    }
    /// Name.
    async fn name(&self) -> &str {
        &self.0.name
    }
    /// ISO 4217 code of every price in the book.
    async fn currency(&self) -> &str {
        &self.0.currency
    }
    /// The default book of its currency.
    async fn is_default(&self) -> bool {
        self.0.is_default.is_some()
    }
    /// Whether quotes may use it.
    async fn active(&self) -> bool {
        self.0.active
    }
    /// The book's list prices, by product name.
    #[graphql(complexity = "page_cost(first, last, child_complexity)")]
    #[allow(clippy::too_many_arguments)]
    async fn entries(
        &self,
        ctx: &Context<'_>,
        first: Option<i32>,
        after: Option<String>,
        last: Option<i32>,
        before: Option<String>,
        filter: Option<ProductFilter>,
    ) -> Result<ListPriceConnection> {
        let read = catalog_read(&caller(ctx)?.principal)?;
        let page = PageRequest::from_relay(first, after, last, before)?;
        let db = &app(ctx)?.db.read;
        let (products, all) = repo::list_priced_products(db, &read, self.0.id, &filter.unwrap_or_default(), &page).await?;
        let ids: Vec<Uuid> = products.rows.iter().map(|(_, p)| p.id).collect();
        let prices: HashMap<Uuid, i64> =
            repo::entries_of_book(db, &read, self.0.id, &ids).await?.into_iter().map(|e| (e.product_id, e.list_price)).collect();
        let currency = self.0.currency.clone();
        let page = products.map(|p| PricedProduct {
            price: prices.get(&p.id).copied().unwrap_or_default(),
            currency: currency.clone(),
            product: p,
        });
        Ok(ListPriceConnection::new(page, all, |p| p))
    }
    /// When the book was created.
    async fn created_at(&self) -> DateTime<Utc> {
        self.0.created_at
    }
    /// When the book or one of its prices last changed.
    async fn updated_at(&self) -> DateTime<Utc> {
        self.0.updated_at
    }
    /// Increases with every change, its prices included; send it back with updates.
    async fn version(&self) -> i32 {
        self.0.version
    }
}

/// A product's price in a price book.
#[derive(Clone)]
pub struct ListPrice(Visible<price_book_entry::Model>);

impl From<Visible<price_book_entry::Model>> for ListPrice {
    fn from(row: Visible<price_book_entry::Model>) -> Self {
        Self(row)
    }
}

/// A product's price in a price book.
#[Object]
impl ListPrice {
    /// The price book.
    async fn price_book(&self, ctx: &Context<'_>) -> Result<PriceBook> {
        let found = loader::<PriceBookById>(ctx)?.load_one(self.0.price_book_id).await?;
        Ok(PriceBook(found.ok_or(AppError::NotFound("price book"))?))
    }
    /// The price of one unit, in the book's currency.
    async fn list_price(&self, ctx: &Context<'_>) -> Result<Money> {
        let found = loader::<PriceBookById>(ctx)?.load_one(self.0.price_book_id).await?;
        let book = found.ok_or(AppError::NotFound("price book"))?;
        Ok(Money { amount: from_scaled(self.0.list_price), currency: book.currency.clone() })
    }
    /// When the price was last set.
    async fn updated_at(&self) -> DateTime<Utc> {
        self.0.updated_at
    }
}

/// A product with its price in one book (an entry of `PriceBook.entries`).
#[derive(Clone)]
pub struct PricedProduct {
    currency: String,
    product: Visible<product::Model>,
    price: i64,
}

/// A product with its price in one book.
#[Object]
impl PricedProduct {
    /// The product.
    async fn product(&self) -> Product {
        Product(self.product.clone())
    }
    /// The price of one unit, in the book's currency.
    async fn list_price(&self) -> Money {
        Money { amount: from_scaled(self.price), currency: self.currency.clone() }
    }
}

connection!(ProductConnection, ProductEdge, Product, product::Entity, "products");
connection!(PriceBookConnection, PriceBookEdge, PriceBook, price_book::Entity, "price books");
connection!(ListPriceConnection, ListPriceEdge, PricedProduct, product::Entity, "a price book's list prices");

payload!(CreateProductPayload, product, Product, "Result of createProduct.");
payload!(UpdateProductPayload, product, Product, "Result of updateProduct.");
payload!(CreatePriceBookPayload, price_book, PriceBook, "Result of createPriceBook.");
payload!(UpdatePriceBookPayload, price_book, PriceBook, "Result of updatePriceBook.");
payload!(SetListPricesPayload, price_book, PriceBook, "Result of setListPrices.");
payload!(RemoveListPricesPayload, price_book, PriceBook, "Result of removeListPrices.");

#[derive(Default)]
pub struct CatalogQuery;

#[Object]
impl CatalogQuery {
    /// Products of the catalog, filtered and sorted (default: by name). Staff, partner users
    /// and API keys with `sales:read`.
    #[graphql(complexity = "page_cost(first, last, child_complexity)")]
    #[allow(clippy::too_many_arguments)]
    async fn products(
        &self,
        ctx: &Context<'_>,
        first: Option<i32>,
        after: Option<String>,
        last: Option<i32>,
        before: Option<String>,
        filter: Option<ProductFilter>,
        order_by: Option<Vec<ProductOrder>>,
    ) -> Result<ProductConnection> {
        let read = catalog_read(&caller(ctx)?.principal)?;
        let page = PageRequest::from_relay(first, after, last, before)?;
        let order = single_order(order_by, ProductOrder { field: ProductOrderField::Name, direction: OrderDirection::Asc })?;
        let (page, all) = repo::list_products(&app(ctx)?.db.read, &read, &filter.unwrap_or_default(), &order, &page).await?;
        Ok(ProductConnection::new(page, all, Product))
    }

    /// One product by id.
    async fn product(&self, ctx: &Context<'_>, id: ID) -> Result<Product> {
        let read = catalog_read(&caller(ctx)?.principal)?;
        let id = parse_id(&id, "id")?;
        let found = repo::products_by_ids(&app(ctx)?.db.read, &read, &[id]).await?.pop();
        Ok(Product(found.ok_or(AppError::NotFound("product"))?))
    }

    /// The distinct product families, alphabetically.
    async fn product_families(&self, ctx: &Context<'_>) -> Result<Vec<String>> {
        let read = catalog_read(&caller(ctx)?.principal)?;
        Ok(repo::families(&app(ctx)?.db.read, &read).await?)
    }

    /// Price books, by name.
    #[graphql(complexity = "page_cost(first, last, child_complexity)")]
    async fn price_books(
        &self,
        ctx: &Context<'_>,
        first: Option<i32>,
        after: Option<String>,
        last: Option<i32>,
        before: Option<String>,
        filter: Option<PriceBookFilter>,
    ) -> Result<PriceBookConnection> {
        let read = catalog_read(&caller(ctx)?.principal)?;
        let page = PageRequest::from_relay(first, after, last, before)?;
        let (page, all) = repo::list_price_books(&app(ctx)?.db.read, &read, &filter.unwrap_or_default(), &page).await?;
        Ok(PriceBookConnection::new(page, all, PriceBook))
    }

    /// One price book by id.
    async fn price_book(&self, ctx: &Context<'_>, id: ID) -> Result<PriceBook> {
        let read = catalog_read(&caller(ctx)?.principal)?;
        let id = parse_id(&id, "id")?;
        let found = repo::price_books_by_ids(&app(ctx)?.db.read, &read, &[id]).await?.pop();
        Ok(PriceBook(found.ok_or(AppError::NotFound("price book"))?))
    }
}

#[derive(Default)]
pub struct CatalogMutation;

#[Object]
impl CatalogMutation {
    /// Adds a product (ADMIN, SALES_MANAGER, `sales:write`). A taken SKU is a CONFLICT.
    async fn create_product(&self, ctx: &Context<'_>, input: CreateProductInput) -> Result<CreateProductPayload> {
        let caller = caller(ctx)?;
        let rights = catalog_write(&caller.principal)?;
        Ok(CreateProductPayload { product: Product(service::create_product(app(ctx)?, caller, &rights, input).await?) })
    }

    /// Changes a product at the version the client read; `active: false` withdraws it from sale.
    async fn update_product(&self, ctx: &Context<'_>, input: UpdateProductInput) -> Result<UpdateProductPayload> {
        let caller = caller(ctx)?;
        let rights = catalog_write(&caller.principal)?;
        Ok(UpdateProductPayload { product: Product(service::update_product(app(ctx)?, caller, &rights, input).await?) })
    }

    /// Adds a price book; `isDefault` makes it the default of its currency.
    async fn create_price_book(&self, ctx: &Context<'_>, input: CreatePriceBookInput) -> Result<CreatePriceBookPayload> {
        let caller = caller(ctx)?;
        let rights = catalog_write(&caller.principal)?;
        Ok(CreatePriceBookPayload { price_book: PriceBook(service::create_price_book(app(ctx)?, caller, &rights, input).await?) })
    }

    /// Changes a price book at the version the client read.
    async fn update_price_book(&self, ctx: &Context<'_>, input: UpdatePriceBookInput) -> Result<UpdatePriceBookPayload> {
        let caller = caller(ctx)?;
        let rights = catalog_write(&caller.principal)?;
        Ok(UpdatePriceBookPayload { price_book: PriceBook(service::update_price_book(app(ctx)?, caller, &rights, input).await?) })
    }

    /// Adds or replaces list prices of a book (up to 250, all or none).
    async fn set_list_prices(&self, ctx: &Context<'_>, input: SetListPricesInput) -> Result<SetListPricesPayload> {
        let caller = caller(ctx)?;
        let rights = catalog_write(&caller.principal)?;
        Ok(SetListPricesPayload { price_book: PriceBook(service::set_list_prices(app(ctx)?, caller, &rights, input).await?) })
    }

    /// Removes list prices from a book.
    async fn remove_list_prices(&self, ctx: &Context<'_>, input: RemoveListPricesInput) -> Result<RemoveListPricesPayload> {
        let caller = caller(ctx)?;
        let rights = catalog_write(&caller.principal)?;
        Ok(RemoveListPricesPayload { price_book: PriceBook(service::remove_list_prices(app(ctx)?, caller, &rights, input).await?) })
    }
}

fn no_catalog() -> async_graphql::Error {
    AppError::Forbidden("read the product catalog").into()
}

/// Products by id.
pub struct ProductById {
    pub db: Db,
    pub read: Option<CatalogRead>,
}

impl Loader<Uuid> for ProductById {
    type Value = Visible<product::Model>;
    type Error = async_graphql::Error;

    async fn load(&self, keys: &[Uuid]) -> Result<HashMap<Uuid, Self::Value>, Self::Error> {
        let read = self.read.as_ref().ok_or_else(no_catalog)?;
        Ok(repo::products_by_ids(&self.db.read, read, keys).await?.into_iter().map(|p| (p.id, p)).collect())
    }
}

/// Price books by id.
pub struct PriceBookById {
    pub db: Db,
    pub read: Option<CatalogRead>,
}

impl Loader<Uuid> for PriceBookById {
    type Value = Visible<price_book::Model>;
    type Error = async_graphql::Error;

    async fn load(&self, keys: &[Uuid]) -> Result<HashMap<Uuid, Self::Value>, Self::Error> {
        let read = self.read.as_ref().ok_or_else(no_catalog)?;
        Ok(repo::price_books_by_ids(&self.db.read, read, keys).await?.into_iter().map(|b| (b.id, b)).collect())
    }
}

/// The list prices of products, keyed by product id.
pub struct ListPricesByProduct {
    pub db: Db,
    pub read: Option<CatalogRead>,
}

impl Loader<Uuid> for ListPricesByProduct {
    type Value = Vec<Visible<price_book_entry::Model>>;
    type Error = async_graphql::Error;

    async fn load(&self, keys: &[Uuid]) -> Result<HashMap<Uuid, Self::Value>, Self::Error> {
        let read = self.read.as_ref().ok_or_else(no_catalog)?;
        let mut map: HashMap<Uuid, Vec<Visible<price_book_entry::Model>>> = HashMap::with_capacity(keys.len());
        for entry in repo::prices_of_products(&self.db.read, read, keys).await? {
            map.entry(entry.product_id).or_default().push(entry);
        }
        Ok(map)
    }
}

/// The catalog's loaders read only for callers who may read the catalog.
macro_rules! catalog_loader {
    ($($loader:ident),+) => {
        $(impl crate::request::RequestLoader for $loader {
            fn new(app: &crm_core::context::AppContext, caller: Option<&crm_core::principal::Principal>) -> Self {
                Self { db: app.db.clone(), read: caller.and_then(|p| catalog_read(p).ok()) }
            }
        })+
    };
}

catalog_loader!(ProductById, PriceBookById, ListPricesByProduct);

crate::node_lookup!("products, then price books", |db, principal, ids| {
    use crate::node::{remaining, Node};
    let Ok(read) = catalog_read(principal) else { return Ok(Vec::new()) };
    let mut found: Vec<_> = repo::products_by_ids(db, &read, ids).await?.into_iter().map(|r| (r.id, Node::Product(Product(r)))).collect();
    let rest = remaining(ids, &found);
    if !rest.is_empty() {
        found.extend(repo::price_books_by_ids(db, &read, &rest).await?.into_iter().map(|r| (r.id, Node::PriceBook(PriceBook(r)))));
    }
    Ok(found)
});
