//! Catalog rules: products with unique SKUs, price books with one default per currency, and
//! list prices set in bulk. Each change is authorised, validated, audited, in one transaction.

use super::domain::TIERS;
use super::entity::{price_book, price_book_entry, product};
use super::inputs::{
    CreatePriceBookInput, CreateProductInput, RemoveListPricesInput, SetListPricesInput, UpdatePriceBookInput, UpdateProductInput,
};
use super::repo;
use crate::access::CatalogWrite;
use async_graphql::MaybeUndefined;
use chrono::{DateTime, Utc};
use crm_core::audit::{self, AuditAction, Diff, Subject};
use crm_core::clock::new_id_at;
use crm_core::context::AppContext;
use crm_core::error::{AppError, AppResult, InputReason, Refused};
use crm_core::filters::parse_id;
use crm_core::principal::Caller;
use crm_core::values::{optional_text, required_text, Money};
use crm_core::versioned::{self, Change};
use crm_core::visible::Visible;
use sea_orm::sea_query::OnConflict;
use sea_orm::{ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, IntoActiveModel, QueryFilter, TransactionTrait};
use std::collections::HashSet;
use uuid::Uuid;

/// Most list prices one call sets or removes.
pub const MAX_PRICES_PER_CALL: usize = 250;

fn sku(raw: &str) -> AppResult<String> {
    let sku = required_text(raw, 64).map_err(|why| AppError::invalid("sku", why))?.to_uppercase();
    if !sku.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.')) {
        return Err(AppError::invalid("sku", InputReason::InvalidSku { value: raw.to_owned() }));
    }
    Ok(sku)
}

fn tier(raw: i32) -> AppResult<i32> {
    if TIERS.contains(&raw) {
        Ok(raw)
    } else {
        Err(AppError::invalid("tier", InputReason::OutOfRange { min: (*TIERS.start()).into(), max: (*TIERS.end()).into() }))
    }
}

async fn ensure_sku_free(db: &impl ConnectionTrait, sku: &str, except: Option<Uuid>) -> AppResult<()> {
    match repo::product_with_sku(db, sku, except).await? {
        Some(_) => Err(AppError::taken("sku", InputReason::SkuTaken { value: sku.to_owned() })),
        None => Ok(()),
    }
}

pub async fn create_product(
    ctx: &AppContext,
    caller: &Caller,
    rights: &CatalogWrite,
    input: CreateProductInput,
) -> AppResult<Visible<product::Model>> {
    let name = required_text(&input.name, 200).map_err(|why| AppError::invalid("name", why))?;
    let now = ctx.clock.now();
    let model = product::Model {
        id: new_id_at(now),
        sku: sku(&input.sku)?,
        name_sort: name.to_lowercase(),
        name,
        description: optional_text(input.description.as_deref(), 2000).map_err(|why| AppError::invalid("description", why))?,
        family: required_text(&input.family, 100).map_err(|why| AppError::invalid("family", why))?,
        tier: tier(input.tier.unwrap_or(1))?,
        unit: input.unit,
        active: input.active.unwrap_or(true),
        created_at: now,
        updated_at: now,
        version: 1,
    };
    let txn = ctx.db.write.begin().await?;
    ensure_sku_free(&txn, &model.sku, None).await?;
    let sku_taken = || InputReason::SkuTaken { value: model.sku.clone() };
    let created = model.clone().into_active_model().reset_all().insert(&txn).await.taken_as("sku", sku_taken)?;
    let mut diff = Diff::new();
    diff.created("sku", &created.sku)
        .created("name", &created.name)
        .created("description", &created.description)
        .created("family", &created.family)
        .created("tier", &created.tier)
        .created("unit", &created.unit)
        .created("active", &created.active);
    audit::record(&txn, caller, created.created_at, AuditAction::Create, Subject::Product(created.id), diff).await?;
    txn.commit().await?;
    Visible::written(created, rights)
}

pub async fn update_product(
    ctx: &AppContext,
    caller: &Caller,
    rights: &CatalogWrite,
    input: UpdateProductInput,
) -> AppResult<Visible<product::Model>> {
    let id = parse_id(&input.id, "id")?;
    let now = ctx.clock.now();
    let txn = ctx.db.write.begin().await?;
    let current = repo::product_by_id(&txn, id).await?.ok_or(AppError::NotFound("product"))?;
    let current = versioned::at_version::<product::Entity>(current, input.version)?;
    let mut next = current.clone();
    if let Some(raw) = &input.sku {
        next.sku = sku(raw)?;
    }
    if let Some(name) = &input.name {
        next.name = required_text(name, 200).map_err(|why| AppError::invalid("name", why))?;
        next.name_sort = next.name.to_lowercase();
    }
    match &input.description {
        MaybeUndefined::Undefined => {}
        MaybeUndefined::Null => next.description = None,
        MaybeUndefined::Value(text) => {
            next.description = optional_text(Some(text), 2000).map_err(|why| AppError::invalid("description", why))?
        }
    }
    if let Some(family) = &input.family {
        next.family = required_text(family, 100).map_err(|why| AppError::invalid("family", why))?;
    }
    if let Some(raw) = input.tier {
        next.tier = tier(raw)?;
    }
    if let Some(unit) = input.unit {
        next.unit = unit;
    }
    if let Some(active) = input.active {
        next.active = active;
    }
    let mut diff = Diff::new();
    diff.field("sku", &current.sku, &next.sku)
        .field("name", &current.name, &next.name)
        .field("description", &current.description, &next.description)
        .field("family", &current.family, &next.family)
        .field("tier", &current.tier, &next.tier)
        .field("unit", &current.unit, &next.unit)
        .field("active", &current.active, &next.active);
    if diff.is_empty() {
        return Visible::written(current, rights);
    }
    if next.sku != current.sku {
        ensure_sku_free(&txn, &next.sku, Some(id)).await?;
    }
    let sku_taken = || InputReason::SkuTaken { value: next.sku.clone() };
    let saved = versioned::save::<product::Entity>(
        &txn,
        rights,
        caller,
        now,
        AuditAction::Update,
        Change { current: &current, next: next.clone(), diff },
    )
    .await
    .taken_as("sku", sku_taken)?;
    txn.commit().await?;
    Visible::written(saved, rights)
}

/// Makes `book` the only default of its currency (unsetting the previous one first: the
/// unique index allows one).
async fn take_default(
    txn: &impl ConnectionTrait,
    rights: &CatalogWrite,
    caller: &Caller,
    book: &price_book::Model,
    now: DateTime<Utc>,
) -> AppResult<()> {
    for old in repo::other_defaults(txn, &book.currency, book.id).await? {
        let mut next = old.clone();
        next.is_default = None;
        let mut diff = Diff::new();
        diff.field("isDefault", &true, &false);
        versioned::save::<price_book::Entity>(txn, rights, caller, now, AuditAction::Update, Change { current: &old, next, diff }).await?;
    }
    Ok(())
}

fn currency(raw: &str) -> AppResult<String> {
    Money::parse(rust_decimal::Decimal::ZERO, raw).map(|m| m.currency_code().to_owned()).map_err(|why| AppError::invalid("currency", why))
}

pub async fn create_price_book(
    ctx: &AppContext,
    caller: &Caller,
    rights: &CatalogWrite,
    input: CreatePriceBookInput,
) -> AppResult<Visible<price_book::Model>> {
    let now = ctx.clock.now();
    let name = required_text(&input.name, 200).map_err(|why| AppError::invalid("name", why))?;
    let model = price_book::Model {
        id: new_id_at(now),
        name_sort: name.to_lowercase(),
        name,
        currency: currency(&input.currency)?,
        is_default: input.is_default.unwrap_or(false).then_some(true),
        active: input.active.unwrap_or(true),
        created_at: now,
        updated_at: now,
        version: 1,
    };
    let txn = ctx.db.write.begin().await?;
    if model.is_default.is_some() {
        take_default(&txn, rights, caller, &model, now).await?;
    }
    let created = model.into_active_model().reset_all().insert(&txn).await.taken_as("isDefault", || InputReason::AlreadyExists)?;
    let mut diff = Diff::new();
    diff.created("name", &created.name)
        .created("currency", &created.currency)
        .created("isDefault", &created.is_default.is_some())
        .created("active", &created.active);
    audit::record(&txn, caller, now, AuditAction::Create, Subject::PriceBook(created.id), diff).await?;
    txn.commit().await?;
    Visible::written(created, rights)
}

pub async fn update_price_book(
    ctx: &AppContext,
    caller: &Caller,
    rights: &CatalogWrite,
    input: UpdatePriceBookInput,
) -> AppResult<Visible<price_book::Model>> {
    let id = parse_id(&input.id, "id")?;
    let now = ctx.clock.now();
    let txn = ctx.db.write.begin().await?;
    let current = repo::price_book_by_id(&txn, id).await?.ok_or(AppError::NotFound("price book"))?;
    let current = versioned::at_version::<price_book::Entity>(current, input.version)?;
    let mut next = current.clone();
    if let Some(name) = &input.name {
        next.name = required_text(name, 200).map_err(|why| AppError::invalid("name", why))?;
        next.name_sort = next.name.to_lowercase();
    }
    if let Some(is_default) = input.is_default {
        next.is_default = is_default.then_some(true);
    }
    if let Some(active) = input.active {
        next.active = active;
    }
    let mut diff = Diff::new();
    diff.field("name", &current.name, &next.name).field("isDefault", &current.is_default.is_some(), &next.is_default.is_some()).field(
        "active",
        &current.active,
        &next.active,
    );
    if diff.is_empty() {
        return Visible::written(current, rights);
    }
    if next.is_default.is_some() && current.is_default.is_none() {
        take_default(&txn, rights, caller, &next, now).await?;
    }
    let saved = save_book(&txn, rights, caller, &current, next, diff, now).await?;
    txn.commit().await?;
    Visible::written(saved, rights)
}

/// Saves a book; a race to be the default of a currency lost to another book is `CONFLICT`.
async fn save_book(
    txn: &impl ConnectionTrait,
    rights: &CatalogWrite,
    caller: &Caller,
    current: &price_book::Model,
    next: price_book::Model,
    diff: Diff,
    now: DateTime<Utc>,
) -> AppResult<price_book::Model> {
    versioned::save::<price_book::Entity>(txn, rights, caller, now, AuditAction::Update, Change { current, next, diff })
        .await
        .taken_as("isDefault", || InputReason::AlreadyExists)
}

async fn book_at_version(txn: &impl ConnectionTrait, raw_id: &async_graphql::ID, version: i32) -> AppResult<price_book::Model> {
    let id = parse_id(raw_id, "priceBookId")?;
    let book = repo::price_book_by_id(txn, id).await?.ok_or(AppError::NotFound("price book"))?;
    let book = versioned::at_version::<price_book::Entity>(book, version)?;
    Ok(book)
}

fn check_count(len: usize, field: &str) -> AppResult<()> {
    match len {
        0 => Err(AppError::invalid(field, InputReason::Required)),
        n if n > MAX_PRICES_PER_CALL => Err(AppError::invalid(field, InputReason::TooMany { max: MAX_PRICES_PER_CALL })),
        _ => Ok(()),
    }
}

/// Adds or replaces list prices of a book, all or none; the book's version moves once.
pub async fn set_list_prices(
    ctx: &AppContext,
    caller: &Caller,
    rights: &CatalogWrite,
    input: SetListPricesInput,
) -> AppResult<Visible<price_book::Model>> {
    check_count(input.prices.len(), "prices")?;
    let now = ctx.clock.now();
    let txn = ctx.db.write.begin().await?;
    let book = book_at_version(&txn, &input.price_book_id, input.version).await?;
    let mut seen = HashSet::new();
    let mut rows = Vec::with_capacity(input.prices.len());
    for (i, price) in input.prices.iter().enumerate() {
        let product_id = parse_id(&price.product_id, &format!("prices.{i}.productId"))?;
        if !seen.insert(product_id) {
            return Err(AppError::invalid(format!("prices.{i}.productId"), InputReason::Duplicate { value: product_id.to_string() }));
        }
        let money =
            Money::parse(price.list_price, &book.currency).map_err(|why| AppError::invalid(format!("prices.{i}.listPrice"), why))?;
        rows.push(price_book_entry::Model { price_book_id: book.id, product_id, list_price: money.scaled(), updated_at: now });
    }
    let ids: Vec<Uuid> = rows.iter().map(|r| r.product_id).collect();
    let known: HashSet<Uuid> = repo::products_with_ids(&txn, &ids).await?.into_iter().map(|p| p.id).collect();
    if let Some(i) = ids.iter().position(|id| !known.contains(id)) {
        return Err(AppError::invalid(format!("prices.{i}.productId"), InputReason::UnknownReference));
    }
    let previous = repo::prices_in_book(&txn, book.id, &ids).await?;
    let mut diff = Diff::new();
    for row in &rows {
        let before = previous.iter().find(|p| p.product_id == row.product_id).map(|p| crm_core::values::from_scaled(p.list_price));
        diff.field(&format!("listPrice.{}", row.product_id), &before, &Some(crm_core::values::from_scaled(row.list_price)));
    }
    price_book_entry::Entity::insert_many(rows.into_iter().map(|r| r.into_active_model().reset_all()))
        .on_conflict(
            OnConflict::columns([price_book_entry::Column::PriceBookId, price_book_entry::Column::ProductId])
                .update_columns([price_book_entry::Column::ListPrice, price_book_entry::Column::UpdatedAt])
                .to_owned(),
        )
        .exec_without_returning(&txn)
        .await?;
    let saved = save_book(&txn, rights, caller, &book, book.clone(), diff, now).await?;
    txn.commit().await?;
    Visible::written(saved, rights)
}

/// Removes list prices from a book; products without a price there are ignored.
pub async fn remove_list_prices(
    ctx: &AppContext,
    caller: &Caller,
    rights: &CatalogWrite,
    input: RemoveListPricesInput,
) -> AppResult<Visible<price_book::Model>> {
    check_count(input.product_ids.len(), "productIds")?;
    let ids = input.product_ids.iter().map(|id| parse_id(id, "productIds")).collect::<AppResult<Vec<_>>>()?;
    let now = ctx.clock.now();
    let txn = ctx.db.write.begin().await?;
    let book = book_at_version(&txn, &input.price_book_id, input.version).await?;
    let previous = repo::prices_in_book(&txn, book.id, &ids).await?;
    if previous.is_empty() {
        return Visible::written(book, rights);
    }
    let mut diff = Diff::new();
    for old in &previous {
        diff.field(
            &format!("listPrice.{}", old.product_id),
            &Some(crm_core::values::from_scaled(old.list_price)),
            &None::<rust_decimal::Decimal>,
        );
    }
    price_book_entry::Entity::delete_many()
        .filter(price_book_entry::Column::PriceBookId.eq(book.id))
        .filter(price_book_entry::Column::ProductId.is_in(ids))
        .exec(&txn)
        .await?;
    let saved = save_book(&txn, rights, caller, &book, book.clone(), diff, now).await?;
    txn.commit().await?;
    Visible::written(saved, rights)
}

/// Most products of interest per lead or opportunity.
pub const MAX_PRODUCTS_OF_INTEREST: usize = 50;

/// Parses, de-duplicates and checks the products of interest of a lead or opportunity: each
/// must be an active product.
pub async fn products_of_interest(db: &impl ConnectionTrait, raw: &[async_graphql::ID]) -> AppResult<Vec<Uuid>> {
    if raw.len() > MAX_PRODUCTS_OF_INTEREST {
        return Err(AppError::invalid("productIds", InputReason::TooMany { max: MAX_PRODUCTS_OF_INTEREST }));
    }
    let mut ids = Vec::with_capacity(raw.len());
    for id in raw {
        let id = parse_id(id, "productIds")?;
        if !ids.contains(&id) {
            ids.push(id);
        }
    }
    if ids.is_empty() {
        return Ok(ids);
    }
    let active: HashSet<Uuid> = repo::active_products(db, &ids).await?.into_iter().map(|p| p.id).collect();
    if ids.iter().any(|id| !active.contains(id)) {
        return Err(AppError::invalid("productIds", InputReason::UnknownReference.with_message("no such active product")));
    }
    Ok(ids)
}

/// Whether two lists of products of interest name the same products, in any order.
pub fn same_products(a: &[Uuid], b: &[Uuid]) -> bool {
    let sorted = |ids: &[Uuid]| {
        let mut ids = ids.to_vec();
        ids.sort();
        ids
    };
    sorted(a) == sorted(b)
}
