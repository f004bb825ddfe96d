//! Reads of the catalog. Every read a caller asks for takes a `CatalogRead` proof. The reads
//! inside writes take none, and say why: a uniqueness or reference check must see every row,
//! and a document is priced from the book it names whoever prepares it.

// The repository: the one module that reads this domain's tables, each read under a scope.
#![allow(clippy::disallowed_methods)]

use super::entity::{price_book, price_book_entry, product};
use super::inputs::{PriceBookFilter, ProductFilter, ProductOrder, ProductOrderField};
use crate::access::CatalogRead;
use crm_core::error::AppResult;
use crm_core::filters::{contains, search_text, OrderDirection, StringFilter};
use crm_core::pagination::{fetch_page, id_key, time_key, KeyKind, Keyset, Page, PageRequest, SortKey};
use crm_core::visible::Visible;
use sea_orm::sea_query::{Condition, Query};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, Select};
use uuid::Uuid;

pub async fn products_by_ids(db: &impl ConnectionTrait, _read: &CatalogRead, ids: &[Uuid]) -> AppResult<Vec<Visible<product::Model>>> {
    Ok(Visible::vouched_all(products_with_ids(db, ids).await?))
}

pub async fn price_books_by_ids(
    db: &impl ConnectionTrait,
    _read: &CatalogRead,
    ids: &[Uuid],
) -> AppResult<Vec<Visible<price_book::Model>>> {
    Ok(Visible::vouched_all(price_book::Entity::find().filter(price_book::Column::Id.is_in(ids.iter().copied())).all(db).await?))
}

/// The list prices of products in every book, cheapest book first per product (one statement).
pub async fn prices_of_products(
    db: &impl ConnectionTrait,
    _read: &CatalogRead,
    product_ids: &[Uuid],
) -> AppResult<Vec<Visible<price_book_entry::Model>>> {
    Ok(Visible::vouched_all(
        price_book_entry::Entity::find()
            .filter(price_book_entry::Column::ProductId.is_in(product_ids.iter().copied()))
            .order_by_asc(price_book_entry::Column::ProductId)
            .order_by_asc(price_book_entry::Column::PriceBookId)
            .all(db)
            .await?,
    ))
}

/// The entries of one book for the given products.
pub async fn entries_of_book(
    db: &impl ConnectionTrait,
    _read: &CatalogRead,
    price_book_id: Uuid,
    product_ids: &[Uuid],
) -> AppResult<Vec<Visible<price_book_entry::Model>>> {
    Ok(Visible::vouched_all(prices_in_book(db, price_book_id, product_ids).await?))
}

fn product_condition(filter: &ProductFilter) -> AppResult<Condition> {
    let mut cond = Condition::all();
    if let Some(text) = search_text(filter.search.as_deref())? {
        cond = cond.add(Condition::any().add(contains(product::Column::NameSort, &text)).add(contains(product::Column::Sku, &text)));
    }
    if let Some(f) = &filter.family {
        cond = cond.add(f.condition(product::Column::Family, "filter.family")?);
    }
    if let Some(active) = filter.active {
        cond = cond.add(product::Column::Active.eq(active));
    }
    Ok(cond)
}

impl Keyset<product::Entity> for ProductOrder {
    fn name(&self) -> String {
        format!("products:{:?}:{:?}", self.field, self.direction)
    }
    fn keys(&self) -> Vec<SortKey<product::Column>> {
        let descending = self.direction == OrderDirection::Desc;
        let key = |column, kind| SortKey { column, descending, kind };
        let mut keys = match self.field {
            ProductOrderField::Name => vec![key(product::Column::NameSort, KeyKind::Text)],
            ProductOrderField::Sku => vec![key(product::Column::Sku, KeyKind::Text)],
            ProductOrderField::Family => vec![key(product::Column::Family, KeyKind::Text), key(product::Column::Tier, KeyKind::Int)],
            ProductOrderField::CreatedAt => vec![key(product::Column::CreatedAt, KeyKind::Time)],
        };
        keys.push(key(product::Column::Id, KeyKind::Id));
        keys
    }
    fn values(&self, row: &product::Model) -> Vec<String> {
        let mut values = match self.field {
            ProductOrderField::Name => vec![row.name_sort.clone()],
            ProductOrderField::Sku => vec![row.sku.clone()],
            ProductOrderField::Family => vec![row.family.clone(), row.tier.to_string()],
            ProductOrderField::CreatedAt => vec![time_key(&row.created_at)],
        };
        values.push(id_key(&row.id));
        values
    }
}

pub async fn list_products(
    db: &impl ConnectionTrait,
    _read: &CatalogRead,
    filter: &ProductFilter,
    order: &ProductOrder,
    page: &PageRequest,
) -> AppResult<(Page<Visible<product::Model>>, Select<product::Entity>)> {
    let select = product::Entity::find().filter(product_condition(filter)?);
    Ok((fetch_page(select.clone(), order, page, db).await?.map(Visible::vouched), select))
}

/// Products priced in `price_book_id`, by name: the pages of a book's entries.
pub async fn list_priced_products(
    db: &impl ConnectionTrait,
    _read: &CatalogRead,
    price_book_id: Uuid,
    filter: &ProductFilter,
    page: &PageRequest,
) -> AppResult<(Page<Visible<product::Model>>, Select<product::Entity>)> {
    let priced = Query::select()
        .column(price_book_entry::Column::ProductId)
        .from(price_book_entry::Entity)
        .and_where(price_book_entry::Column::PriceBookId.eq(price_book_id))
        .to_owned();
    let select = product::Entity::find().filter(product_condition(filter)?).filter(product::Column::Id.in_subquery(priced));
    let order = ProductOrder { field: ProductOrderField::Name, direction: OrderDirection::Asc };
    Ok((fetch_page(select.clone(), &order, page, db).await?.map(Visible::vouched), select))
}

/// The distinct product families, alphabetically (for filters and pickers).
pub async fn families(db: &impl ConnectionTrait, _read: &CatalogRead) -> AppResult<Vec<String>> {
    use sea_orm::QuerySelect;
    Ok(product::Entity::find()
        .select_only()
        .column(product::Column::Family)
        .distinct()
        .order_by_asc(product::Column::Family)
        .into_tuple()
        .all(db)
        .await?)
}

struct BooksByName;

impl Keyset<price_book::Entity> for BooksByName {
    fn name(&self) -> String {
        "price_books_name".into()
    }
    fn keys(&self) -> Vec<SortKey<price_book::Column>> {
        vec![
            SortKey { column: price_book::Column::NameSort, descending: false, kind: KeyKind::Text },
            SortKey { column: price_book::Column::Id, descending: false, kind: KeyKind::Id },
        ]
    }
    fn values(&self, row: &price_book::Model) -> Vec<String> {
        vec![row.name_sort.clone(), id_key(&row.id)]
    }
}

pub async fn list_price_books(
    db: &impl ConnectionTrait,
    _read: &CatalogRead,
    filter: &PriceBookFilter,
    page: &PageRequest,
) -> AppResult<(Page<Visible<price_book::Model>>, Select<price_book::Entity>)> {
    let mut cond = Condition::all();
    if let Some(f) = &filter.currency {
        let upper = StringFilter { in_: f.in_.iter().map(|c| c.trim().to_uppercase()).collect() };
        cond = cond.add(upper.condition(price_book::Column::Currency, "filter.currency")?);
    }
    if let Some(active) = filter.active {
        cond = cond.add(price_book::Column::Active.eq(active));
    }
    let select = price_book::Entity::find().filter(cond);
    Ok((fetch_page(select.clone(), &BooksByName, page, db).await?.map(Visible::vouched), select))
}

// Reads inside writes.

/// The product other than `other_than` that holds `sku`, if any: SKUs are unique across the
/// whole catalog.
pub async fn product_with_sku(db: &impl ConnectionTrait, sku: &str, other_than: Option<Uuid>) -> AppResult<Option<product::Model>> {
    let mut query = product::Entity::find().filter(product::Column::Sku.eq(sku));
    if let Some(id) = other_than {
        query = query.filter(product::Column::Id.ne(id));
    }
    Ok(query.one(db).await?)
}

/// A product by id, for a catalog write (whose `CatalogWrite` right covers every product).
pub async fn product_by_id(db: &impl ConnectionTrait, id: Uuid) -> AppResult<Option<product::Model>> {
    Ok(product::Entity::find_by_id(id).one(db).await?)
}

/// Products by id, active or not: which of the ids a catalog write names exist.
pub async fn products_with_ids(db: &impl ConnectionTrait, ids: &[Uuid]) -> AppResult<Vec<product::Model>> {
    Ok(product::Entity::find().filter(product::Column::Id.is_in(ids.iter().copied())).all(db).await?)
}

/// The active products among `ids`: the products a lead, deal or document may name.
pub async fn active_products(db: &impl ConnectionTrait, ids: &[Uuid]) -> AppResult<Vec<product::Model>> {
    Ok(product::Entity::find()
        .filter(product::Column::Id.is_in(ids.iter().copied()))
        .filter(product::Column::Active.eq(true))
        .all(db)
        .await?)
}

/// The active products holding these SKUs (a public web form names products by SKU).
pub async fn active_products_with_skus(db: &impl ConnectionTrait, skus: Vec<String>) -> AppResult<Vec<product::Model>> {
    Ok(product::Entity::find().filter(product::Column::Sku.is_in(skus)).filter(product::Column::Active.eq(true)).all(db).await?)
}

/// A price book by id, active or not: the book a catalog write changes, or the one a quote was
/// priced from.
pub async fn price_book_by_id(db: &impl ConnectionTrait, id: Uuid) -> AppResult<Option<price_book::Model>> {
    Ok(price_book::Entity::find_by_id(id).one(db).await?)
}

/// An active price book by id: the book a new document is priced from.
pub async fn active_price_book(db: &impl ConnectionTrait, id: Uuid) -> AppResult<Option<price_book::Model>> {
    Ok(price_book::Entity::find_by_id(id).filter(price_book::Column::Active.eq(true)).one(db).await?)
}

/// The default active book of a currency, if there is one: the book a new document is priced
/// from when it names none.
pub async fn default_price_book(db: &impl ConnectionTrait, currency: &str) -> AppResult<Option<price_book::Model>> {
    Ok(price_book::Entity::find()
        .filter(price_book::Column::Currency.eq(currency))
        .filter(price_book::Column::IsDefault.eq(true))
        .filter(price_book::Column::Active.eq(true))
        .one(db)
        .await?)
}

/// The defaults of `currency` other than `book_id` (at most one, by the unique index), active
/// or not: the books a new default takes the place of.
pub async fn other_defaults(db: &impl ConnectionTrait, currency: &str, book_id: Uuid) -> AppResult<Vec<price_book::Model>> {
    Ok(price_book::Entity::find()
        .filter(price_book::Column::Currency.eq(currency))
        .filter(price_book::Column::IsDefault.eq(true))
        .filter(price_book::Column::Id.ne(book_id))
        .all(db)
        .await?)
}

/// The list prices of one book for the given products: the prices a write replaces, or a
/// document copies into its lines.
pub async fn prices_in_book(
    db: &impl ConnectionTrait,
    price_book_id: Uuid,
    product_ids: &[Uuid],
) -> AppResult<Vec<price_book_entry::Model>> {
    Ok(price_book_entry::Entity::find()
        .filter(price_book_entry::Column::PriceBookId.eq(price_book_id))
        .filter(price_book_entry::Column::ProductId.is_in(product_ids.iter().copied()))
        .all(db)
        .await?)
}
