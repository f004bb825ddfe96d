//! Reads of quotes. Every read a caller asks for takes the caller's `QuoteScope`; the few reads
//! that do not say why.

// The repository: the one module that reads this domain's tables, each read under a scope.
#![allow(clippy::disallowed_methods)]

use super::entity::{quote, quote_line};
use super::inputs::QuoteFilter;
use crate::access::QuoteScope;
use crm_core::error::AppResult;
use crm_core::pagination::{fetch_page, id_key, KeyKind, Keyset, Page, PageRequest, SortKey};
use crm_core::visible::{Seen, Visible};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, Select};
use uuid::Uuid;

pub async fn find_quote(db: &impl ConnectionTrait, scope: &QuoteScope, id: Uuid) -> AppResult<Option<Visible<quote::Model>>> {
    Ok(quote::Entity::find_by_id(id).filter(scope.condition()).one(db).await?.map(Visible::vouched))
}

pub async fn quotes_by_ids(db: &impl ConnectionTrait, scope: &QuoteScope, ids: &[Uuid]) -> AppResult<Vec<Visible<quote::Model>>> {
    Ok(Visible::vouched_all(
        quote::Entity::find().filter(quote::Column::Id.is_in(ids.iter().copied())).filter(scope.condition()).all(db).await?,
    ))
}

/// Lines of several (visible) quotes, in order.
pub async fn lines_of(db: &impl ConnectionTrait, quote_ids: &[Uuid]) -> AppResult<Vec<quote_line::Model>> {
    Ok(quote_line::Entity::find()
        .filter(quote_line::Column::QuoteId.is_in(quote_ids.iter().copied()))
        .order_by_asc(quote_line::Column::QuoteId)
        .order_by_asc(quote_line::Column::Position)
        .all(db)
        .await?)
}

/// Lines of quotes the caller sees, for the API (`Quote.lines`).
pub async fn lines_of_seen(db: &impl ConnectionTrait, quotes: &[Seen<quote::Model>]) -> AppResult<Vec<Visible<quote_line::Model>>> {
    let ids: Vec<Uuid> = quotes.iter().map(Seen::id).collect();
    Ok(Visible::vouched_all(lines_of(db, &ids).await?))
}

struct NewestFirst;

impl Keyset<quote::Entity> for NewestFirst {
    fn name(&self) -> String {
        "quotes_newest".into()
    }
    fn keys(&self) -> Vec<SortKey<quote::Column>> {
        vec![SortKey { column: quote::Column::Id, descending: true, kind: KeyKind::Id }]
    }
    fn values(&self, row: &quote::Model) -> Vec<String> {
        vec![id_key(&row.id)]
    }
}

pub async fn list_quotes(
    db: &impl ConnectionTrait,
    scope: &QuoteScope,
    filter: &QuoteFilter,
    page: &PageRequest,
) -> AppResult<(Page<Visible<quote::Model>>, Select<quote::Entity>)> {
    let mut select = quote::Entity::find().filter(scope.condition());
    if let Some(f) = &filter.status {
        select = select.filter(f.condition(quote::Column::Status, "filter.status")?);
    }
    if let Some(f) = &filter.opportunity_id {
        select = select.filter(f.condition(quote::Column::OpportunityId, "filter.opportunityId")?);
    }
    if let Some(f) = &filter.customer_id {
        select = select.filter(f.condition(quote::Column::CustomerId, "filter.customerId")?);
    }
    Ok((fetch_page(select.clone(), &NewestFirst, page, db).await?.map(Visible::vouched), select))
}

/// A revision of quote `number` later than `revision`, if any. Not scoped: a later revision
/// supersedes this one whoever may see it.
pub async fn later_revision(db: &impl ConnectionTrait, number: &str, revision: i32) -> AppResult<Option<quote::Model>> {
    Ok(quote::Entity::find().filter(quote::Column::Number.eq(number)).filter(quote::Column::Revision.gt(revision)).one(db).await?)
}
