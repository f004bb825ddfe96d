//! The one schema builder, shared by the server, the tests and `crm export-schema`.

use super::node::NodeQuery;
use crate::audit::AuditQuery;
use crate::auth::{AuthMutation, AuthQuery};
use crate::catalog::{CatalogMutation, CatalogQuery};
use crate::customers::{CustomerMutation, CustomerQuery};
use crate::erp::{ErpMutation, ErpQuery};
use crate::identity::{IdentityMutation, IdentityQuery};
use crate::leads::{LeadMutation, LeadQuery};
use crate::orders::{OrderMutation, OrderQuery};
use crate::pipeline::{PipelineMutation, PipelineQuery};
use crate::quotes::{QuoteMutation, QuoteQuery};
use async_graphql::{EmptySubscription, MergedObject, Schema, SchemaBuilder};
use crm_core::context::AppContext;
use crm_core::depth::DepthLimit;
use crm_core::parse_cache::ParseCache;
use crm_identity::auth::sessions::AuthService;

/// Every query of the API, merged from the domains.
#[derive(MergedObject, Default)]
pub struct QueryRoot(
    AuthQuery,
    NodeQuery,
    CustomerQuery,
    IdentityQuery,
    AuditQuery,
    CatalogQuery,
    PipelineQuery,
    LeadQuery,
    QuoteQuery,
    OrderQuery,
    ErpQuery,
);

/// Every mutation of the API, merged from the domains.
#[derive(MergedObject, Default)]
pub struct MutationRoot(
    AuthMutation,
    CustomerMutation,
    IdentityMutation,
    CatalogMutation,
    PipelineMutation,
    LeadMutation,
    QuoteMutation,
    OrderMutation,
    ErpMutation,
);

pub type CrmSchema = Schema<QueryRoot, MutationRoot, EmptySubscription>;

/// Limits protecting the server from expensive queries. The depth is measured by
/// [`DepthLimit`], which lets the standard introspection query through; the recursion limit
/// bounds how deeply a document may nest at all (async-graphql's default), so also how long
/// an `ofType` chain can be written.
pub const MAX_DEPTH: usize = 12;
pub const MAX_COMPLEXITY: usize = 25_000;
pub const MAX_RECURSIVE_DEPTH: usize = 32;

#[derive(Debug, Clone, Copy)]
pub struct SchemaOptions {
    pub introspection: bool,
}

fn builder() -> SchemaBuilder<QueryRoot, MutationRoot, EmptySubscription> {
    Schema::build(QueryRoot::default(), MutationRoot::default(), EmptySubscription)
        // First, so that a document parsed before skips parsing and the depth check after it.
        .extension(ParseCache::default())
        .extension(DepthLimit(MAX_DEPTH))
        .limit_complexity(MAX_COMPLEXITY)
        .limit_recursive_depth(MAX_RECURSIVE_DEPTH)
        .limit_directives(20)
}

pub fn build_schema(app: AppContext, auth: AuthService, options: SchemaOptions) -> CrmSchema {
    let mut builder = builder().data(app).data(auth);
    if !options.introspection {
        builder = builder.disable_introspection();
    }
    builder.finish()
}

/// Runs one request. A plain function of this crate rather than `schema.execute` in the
/// server: the executor is generic over the schema's root types, and instantiated where it is
/// called; called here, it is compiled once, with the resolvers, and a change in a domain no
/// longer recompiles it in the server crate too (ARCHITECTURE.md, "Build times").
pub async fn execute(schema: &CrmSchema, request: async_graphql::Request) -> async_graphql::Response {
    schema.execute(request).await
}

/// The SDL of the schema the server runs (`schema.graphql`), with the `@specifiedBy` URLs of
/// its scalars, as introspection gives them.
pub fn export_sdl() -> String {
    builder().finish().sdl_with_options(async_graphql::SDLExportOptions::new().include_specified_by())
}
