//! Reads of orders. Every read a caller asks for takes the caller's `OrderScope`; the few reads
//! that do not say why.

// The repository: the one module that reads this domain's tables, each read under a scope.
#![allow(clippy::disallowed_methods)]

use super::domain::OrderStatus;
use super::entity::{order, order_line};
use super::inputs::OrderFilter;
use crate::access::OrderScope;
use crm_core::error::AppResult;
use crm_core::filters::{contains, search_text};
use crm_core::pagination::{fetch_page, id_key, KeyKind, Keyset, Page, PageRequest, SortKey};
use crm_core::values::scaled_sum;
use crm_core::visible::{Seen, Visible};
use rust_decimal::Decimal;
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect, Select};
use uuid::Uuid;

pub async fn find_order(db: &impl ConnectionTrait, scope: &OrderScope, id: Uuid) -> AppResult<Option<Visible<order::Model>>> {
    Ok(order::Entity::find_by_id(id).filter(scope.condition()).one(db).await?.map(Visible::vouched))
}

pub async fn find_by_number(db: &impl ConnectionTrait, scope: &OrderScope, number: &str) -> AppResult<Option<Visible<order::Model>>> {
    Ok(order::Entity::find().filter(order::Column::Number.eq(number.trim())).filter(scope.condition()).one(db).await?.map(Visible::vouched))
}

pub async fn orders_by_ids(db: &impl ConnectionTrait, scope: &OrderScope, ids: &[Uuid]) -> AppResult<Vec<Visible<order::Model>>> {
    Ok(Visible::vouched_all(
        order::Entity::find().filter(order::Column::Id.is_in(ids.iter().copied())).filter(scope.condition()).all(db).await?,
    ))
}

/// Lines of several (visible) orders, in order.
pub async fn lines_of(db: &impl ConnectionTrait, order_ids: &[Uuid]) -> AppResult<Vec<order_line::Model>> {
    Ok(order_line::Entity::find()
        .filter(order_line::Column::OrderId.is_in(order_ids.iter().copied()))
        .order_by_asc(order_line::Column::OrderId)
        .order_by_asc(order_line::Column::Position)
        .all(db)
        .await?)
}

/// Lines of orders the caller sees, for the API (`Order.lines`).
pub async fn lines_of_seen(db: &impl ConnectionTrait, orders: &[Seen<order::Model>]) -> AppResult<Vec<Visible<order_line::Model>>> {
    let ids: Vec<Uuid> = orders.iter().map(Seen::id).collect();
    Ok(Visible::vouched_all(lines_of(db, &ids).await?))
}

/// Newest first.
struct NewestFirst;

impl Keyset<order::Entity> for NewestFirst {
    fn name(&self) -> String {
        "orders_newest".into()
    }
    fn keys(&self) -> Vec<SortKey<order::Column>> {
        vec![SortKey { column: order::Column::Id, descending: true, kind: KeyKind::Id }]
    }
    fn values(&self, row: &order::Model) -> Vec<String> {
        vec![id_key(&row.id)]
    }
}

pub async fn list_orders(
    db: &impl ConnectionTrait,
    scope: &OrderScope,
    filter: &OrderFilter,
    page: &PageRequest,
) -> AppResult<(Page<Visible<order::Model>>, Select<order::Entity>)> {
    let mut select = order::Entity::find().filter(scope.condition());
    if let Some(f) = &filter.status {
        select = select.filter(f.condition(order::Column::Status, "filter.status")?);
    }
    if let Some(f) = &filter.customer_id {
        select = select.filter(f.condition(order::Column::CustomerId, "filter.customerId")?);
    }
    if let Some(f) = &filter.owner_id {
        select = select.filter(f.condition(order::Column::OwnerId, "filter.ownerId")?);
    }
    if let Some(text) = search_text(filter.search.as_deref())? {
        select = select.filter(contains(order::Column::Number, &text));
    }
    Ok((fetch_page(select.clone(), &NewestFirst, page, db).await?.map(Visible::vouched), select))
}

/// The visible orders placed from these quotes (at most one each).
pub async fn orders_by_quote_ids(
    db: &impl ConnectionTrait,
    scope: &OrderScope,
    quote_ids: &[Uuid],
) -> AppResult<Vec<Visible<order::Model>>> {
    Ok(Visible::vouched_all(
        order::Entity::find().filter(order::Column::QuoteId.is_in(quote_ids.iter().copied())).filter(scope.condition()).all(db).await?,
    ))
}

/// An order by id without a scope: only for the outbox worker, recording the delivery of an
/// order it queued itself.
pub async fn order_unscoped(db: &impl ConnectionTrait, id: Uuid) -> AppResult<Option<order::Model>> {
    Ok(order::Entity::find_by_id(id).one(db).await?)
}

/// The exact total of a customer's orders in `currency` with one of `statuses`, zero without
/// any (one statement). Not scoped: a customer's credit is the company's risk, so every order
/// counts, whoever may see it.
pub async fn customer_total(
    db: &impl ConnectionTrait,
    customer_id: Uuid,
    currency: &str,
    statuses: Vec<OrderStatus>,
) -> AppResult<Decimal> {
    let total: Option<String> = order::Entity::find()
        .select_only()
        .column_as(Expr::cust("CAST(SUM(total) AS TEXT)"), "total")
        .filter(order::Column::CustomerId.eq(customer_id))
        .filter(order::Column::Currency.eq(currency))
        .filter(order::Column::Status.is_in(statuses))
        .into_tuple()
        .one(db)
        .await?
        .flatten();
    Ok(total.map(|t| scaled_sum(&t, 4)).transpose()?.unwrap_or_default())
}
