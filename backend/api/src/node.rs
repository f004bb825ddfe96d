//! Global object lookup: `node(id)` and `nodes(ids)` resolve any record the caller may see.
//! Ids are bare UUIDs (api.md), so lookup asks each domain in turn (`LOOKUPS`), one
//! batched, scoped statement per record type, most common first; a record invisible to the
//! caller is simply not found (NOT_FOUND for `node`, null for `nodes`).

use super::{app, caller};
use crate::audit::AuditEntry;
use crate::auth::ApiKey;
use crate::calls::Call;
use crate::catalog::{PriceBook, Product};
use crate::customers::{Contact, Customer};
use crate::identity::{PartnerOrganization, SalesTeam, User};
use crate::interactions::Interaction;
use crate::knowledge::KnowledgeArticle;
use crate::leads::Lead;
use crate::orders::Order;
use crate::pipeline::Opportunity;
use crate::quotes::Quote;
use crate::service::Ticket;
use crate::tasks::Task;
use async_graphql::futures_util::future::BoxFuture;
use async_graphql::{Context, Interface, Object, Result, ID};
use crm_core::error::{AppError, AppResult, InputReason};
use crm_core::filters::parse_id;
use crm_core::principal::Principal;
use sea_orm::DatabaseConnection;
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
    Ticket(Ticket),
    KnowledgeArticle(KnowledgeArticle),
    Call(Call),
    Task(Task),
    Interaction(Interaction),
}

#[derive(Default)]
pub struct NodeQuery;

#[Object]
impl NodeQuery {
    /// The event log's position now. Take it before reading what you will follow (a ticket
    /// and its messages), then subscribe after it (`ticketChanged(id, after)`): nothing
    /// changed since the read is missed. Any signed-in caller.
    async fn live_position(&self, ctx: &Context<'_>) -> Result<String> {
        crate::caller(ctx)?;
        Ok(crate::live::position_text(crate::app(ctx)?.db.feed().head()))
    }

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

/// What a domain's lookup finds: each visible record with its id.
pub type Found<'a> = BoxFuture<'a, AppResult<Vec<(Uuid, Node)>>>;

/// Finds, among `ids`, the records of one domain that the caller may see: one batched,
/// scoped statement per record type of the domain (none for a caller without access).
pub type NodeLookup = for<'a> fn(&'a DatabaseConnection, &'a Principal, &'a [Uuid]) -> Found<'a>;

/// Defines a domain's `nodes` lookup ([`NodeLookup`]) from a block that may use `db`,
/// `principal` and `ids`: `node_lookup!("quotes", |db, principal, ids| { … })`.
#[macro_export]
macro_rules! node_lookup {
    ($what:literal, |$db:ident, $principal:ident, $ids:ident| $body:block) => {
        #[doc = concat!("The ", $what, " among `ids` the caller may see (`node`, `nodes`).")]
        pub fn nodes<'a>(
            $db: &'a sea_orm::DatabaseConnection,
            $principal: &'a crm_core::principal::Principal,
            $ids: &'a [uuid::Uuid],
        ) -> $crate::node::Found<'a> {
            Box::pin(async move $body)
        }
    };
}

/// Every domain's lookup, most common records first; lookups stop once every id is found.
/// A domain with records of its own adds its `nodes` here and its types to [`Node`].
const LOOKUPS: &[NodeLookup] = &[
    crate::customers::nodes,
    crate::pipeline::nodes,
    crate::quotes::nodes,
    crate::orders::nodes,
    crate::service::nodes,
    crate::knowledge::nodes,
    crate::calls::nodes,
    crate::leads::nodes,
    crate::tasks::nodes,
    crate::interactions::nodes,
    crate::catalog::nodes,
    crate::identity::nodes,
    crate::auth::nodes,
    crate::audit::nodes,
];

/// The ids of `ids` not in `found`: what a domain with several record types looks up next.
pub fn remaining(ids: &[Uuid], found: &[(Uuid, Node)]) -> Vec<Uuid> {
    ids.iter().copied().filter(|id| !found.iter().any(|(f, _)| f == id)).collect()
}

async fn resolve(ctx: &Context<'_>, mut ids: Vec<Uuid>) -> AppResult<HashMap<Uuid, Node>> {
    let principal = &caller(ctx)?.principal;
    let db = &app(ctx)?.db.read;
    ids.sort();
    ids.dedup();
    let mut found = HashMap::new();
    for lookup in LOOKUPS {
        if ids.is_empty() {
            break;
        }
        for (id, node) in lookup(db, principal, &ids).await? {
            found.insert(id, node);
        }
        ids.retain(|id| !found.contains_key(id));
    }
    Ok(found)
}
