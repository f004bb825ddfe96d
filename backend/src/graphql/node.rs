//! Global object lookup: `node(id)` and `nodes(ids)` resolve any record the caller may see.
//! Ids are bare UUIDs (api.md), so lookup tries each record type in turn, one batched,
//! scoped statement per type, most common first; a record invisible to the caller is simply
//! not found (NOT_FOUND for `node`, null for `nodes`).

use super::{app, caller};
use crate::access::customers::CustomerScope;
use crate::access::identity::{PartnerScope, UserScope};
use crate::access::require_admin;
use crate::access::sales::{catalog_read, teams_read, LeadScope, OpportunityScope, OrderScope, QuoteScope};
use crate::audit::entity as audit_entity;
use crate::audit::graphql::AuditEntry;
use crate::auth::entity::api_key;
use crate::auth::graphql::ApiKey;
use crate::catalog::graphql::{PriceBook, Product};
use crate::catalog::repo as catalog_repo;
use crate::customers::graphql::{Contact, Customer};
use crate::customers::repo;
use crate::error::{AppError, AppResult, InputReason};
use crate::filters::parse_id;
use crate::identity::graphql::SalesTeam;
use crate::identity::graphql::{PartnerOrganization, User};
use crate::identity::teams;
use crate::identity::{partners, users};
use crate::leads::graphql::Lead;
use crate::leads::repo as leads_repo;
use crate::orders::graphql::Order;
use crate::orders::repo as orders_repo;
use crate::pipeline::graphql::Opportunity;
use crate::pipeline::repo as pipeline_repo;
use crate::quotes::graphql::Quote;
use crate::quotes::repo as quotes_repo;
use async_graphql::{Context, Interface, Object, Result, ID};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use std::collections::HashMap;
use uuid::Uuid;

/// Most ids one `nodes` call accepts.
const MAX_NODES: usize = 100;

/// A record with a globally unique id.
#[derive(Interface, Clone)]
#[graphql(field(name = "id", ty = "ID", desc = "Unique id (UUIDv7)."))]
pub enum Node {
    Customer(Customer),
    Contact(Contact),
    User(User),
    PartnerOrganization(PartnerOrganization),
    ApiKey(ApiKey),
    AuditEntry(AuditEntry),
    SalesTeam(SalesTeam),
    Product(Product),
    PriceBook(PriceBook),
    Opportunity(Opportunity),
    Lead(Lead),
    Quote(Quote),
    Order(Order),
}

#[derive(Default)]
pub struct NodeQuery;

#[Object]
impl NodeQuery {
    /// Any record by id; NOT_FOUND when absent or not visible to the caller.
    async fn node(&self, ctx: &Context<'_>, id: ID) -> Result<Node> {
        let uuid = parse_id(&id, "id")?;
        let mut found = resolve(ctx, vec![uuid]).await?;
        Ok(found.remove(&uuid).ok_or(AppError::NotFound("node"))?)
    }

    /// Records by id, in the order asked; null for each id absent or not visible.
    async fn nodes(&self, ctx: &Context<'_>, ids: Vec<ID>) -> Result<Vec<Option<Node>>> {
        if ids.len() > MAX_NODES {
            return Err(
                AppError::invalid("ids", InputReason::TooMany { max: MAX_NODES }.with_message(format!("at most {MAX_NODES} ids"))).into()
            );
        }
        let uuids = ids.iter().map(|id| parse_id(id, "ids")).collect::<AppResult<Vec<_>>>()?;
        let mut found = resolve(ctx, uuids.clone()).await?;
        Ok(uuids.iter().map(|id| found.remove(id)).collect())
    }
}

async fn resolve(ctx: &Context<'_>, mut ids: Vec<Uuid>) -> AppResult<HashMap<Uuid, Node>> {
    let caller = caller(ctx)?;
    let db = &app(ctx)?.db.read;
    let principal = &caller.principal;
    ids.sort();
    ids.dedup();
    let mut found = HashMap::new();
    let settle = |found: &mut HashMap<Uuid, Node>, ids: &mut Vec<Uuid>, id: Uuid, node: Node| {
        found.insert(id, node);
        ids.retain(|x| *x != id);
    };
    if let Ok(scope) = CustomerScope::of(principal) {
        for row in repo::customers_by_ids(db, &scope, &ids).await? {
            settle(&mut found, &mut ids, row.id, Node::Customer(Customer(row)));
        }
        if !ids.is_empty() {
            for row in repo::contacts_by_ids(db, &scope, &ids).await? {
                settle(&mut found, &mut ids, row.id, Node::Contact(Contact(row)));
            }
        }
    }
    if ids.is_empty() {
        return Ok(found);
    }
    if let Ok(scope) = OpportunityScope::of(principal) {
        for row in pipeline_repo::opportunities_by_ids(db, &scope, &ids).await? {
            settle(&mut found, &mut ids, row.id, Node::Opportunity(Opportunity(row)));
        }
    }
    if ids.is_empty() {
        return Ok(found);
    }
    if let Ok(scope) = QuoteScope::of(principal) {
        for row in quotes_repo::quotes_by_ids(db, &scope, &ids).await? {
            settle(&mut found, &mut ids, row.id, Node::Quote(Quote(row)));
        }
    }
    if let Ok(scope) = OrderScope::of(principal) {
        if !ids.is_empty() {
            for row in orders_repo::orders_by_ids(db, &scope, &ids).await? {
                settle(&mut found, &mut ids, row.id, Node::Order(Order(row)));
            }
        }
    }
    if ids.is_empty() {
        return Ok(found);
    }
    if let Ok(scope) = LeadScope::of(principal) {
        for row in leads_repo::leads_by_ids(db, &scope, &ids).await? {
            settle(&mut found, &mut ids, row.id, Node::Lead(Lead(row)));
        }
    }
    if ids.is_empty() {
        return Ok(found);
    }
    if let Ok(read) = catalog_read(principal) {
        for row in catalog_repo::products_by_ids(db, &read, &ids).await? {
            settle(&mut found, &mut ids, row.id, Node::Product(Product(row)));
        }
        if !ids.is_empty() {
            for row in catalog_repo::price_books_by_ids(db, &read, &ids).await? {
                settle(&mut found, &mut ids, row.id, Node::PriceBook(PriceBook(row)));
            }
        }
    }
    if ids.is_empty() {
        return Ok(found);
    }
    if teams_read(principal).is_ok() {
        for row in teams::by_ids(db, &ids).await? {
            settle(&mut found, &mut ids, row.id, Node::SalesTeam(SalesTeam(row)));
        }
    }
    if ids.is_empty() {
        return Ok(found);
    }
    if let Ok(scope) = UserScope::of(principal) {
        for row in users::users_by_ids(db, &scope, &ids).await? {
            settle(&mut found, &mut ids, row.id, Node::User(User(row)));
        }
    }
    if ids.is_empty() {
        return Ok(found);
    }
    if let Ok(scope) = PartnerScope::of(principal) {
        for row in partners::by_ids(db, &scope, &ids).await? {
            settle(&mut found, &mut ids, row.id, Node::PartnerOrganization(PartnerOrganization(row)));
        }
    }
    if ids.is_empty() || require_admin(principal).is_err() {
        return Ok(found);
    }
    for row in api_key::Entity::find().filter(api_key::Column::Id.is_in(ids.clone())).all(db).await? {
        settle(&mut found, &mut ids, row.id, Node::ApiKey(ApiKey(row)));
    }
    if !ids.is_empty() {
        for row in audit_entity::Entity::find().filter(audit_entity::Column::Id.is_in(ids.clone())).all(db).await? {
            settle(&mut found, &mut ids, row.id, Node::AuditEntry(AuditEntry(row)));
        }
    }
    Ok(found)
}
