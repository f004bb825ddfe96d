//! Global object lookup: `node(id)` and `nodes(ids)` resolve any record the caller may see.
//! Ids are bare UUIDs (api.md), so lookup tries each record type in turn, one batched,
//! scoped statement per type, most common first; a record invisible to the caller is simply
//! not found (NOT_FOUND for `node`, null for `nodes`).

use super::{app, caller};
use crate::audit::AuditEntry;
use crate::auth::ApiKey;
use crate::catalog::{PriceBook, Product};
use crate::customers::{Contact, Customer};
use crate::identity::SalesTeam;
use crate::identity::{PartnerOrganization, User};
use crate::leads::Lead;
use crate::orders::Order;
use crate::pipeline::Opportunity;
use crate::quotes::Quote;
use async_graphql::{Context, Interface, Object, Result, ID};
use crm_core::access::require_admin;
use crm_core::audit::entity as audit_entity;
use crm_core::error::{AppError, AppResult, InputReason};
use crm_core::filters::parse_id;
use crm_customers::access::CustomerScope;
use crm_customers::repo;
use crm_identity::access::teams_read;
use crm_identity::access::{PartnerScope, UserScope};
use crm_identity::auth::entity::api_key;
use crm_identity::teams;
use crm_identity::{partners, users};
use crm_sales::access::{catalog_read, LeadScope, OpportunityScope, OrderScope, QuoteScope};
use crm_sales::catalog::repo as catalog_repo;
use crm_sales::leads::repo as leads_repo;
use crm_sales::orders::repo as orders_repo;
use crm_sales::pipeline::repo as pipeline_repo;
use crm_sales::quotes::repo as quotes_repo;
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
