//! The one schema builder, shared by the server, the tests and `crm export-schema`.

use super::node::NodeQuery;
use crate::audit::AuditQuery;
use crate::auth::{AuthMutation, AuthQuery};
use crate::calls::{CallMutation, CallQuery, CallSubscription};
use crate::catalog::{CatalogMutation, CatalogQuery};
use crate::chat::{ChatMutation, ChatSubscription};
use crate::company::{CompanyMutation, CompanyQuery};
use crate::customers::{CustomerMutation, CustomerQuery, CustomerSubscription};
use crate::erp::{ErpMutation, ErpQuery};
use crate::identity::{IdentityMutation, IdentityQuery};
use crate::imports::{ImportMutation, ImportQuery};
use crate::interactions::{InteractionMutation, InteractionSubscription};
use crate::knowledge::{KnowledgeMutation, KnowledgeQuery};
use crate::leads::{LeadMutation, LeadQuery};
use crate::notes::{NoteMutation, NoteQuery};
use crate::notifications::{NotificationMutation, NotificationQuery, NotificationSubscription};
use crate::nps::{NpsMutation, NpsQuery};
use crate::orders::{OrderMutation, OrderQuery};
use crate::pipeline::{PipelineMutation, PipelineQuery};
use crate::quotes::{QuoteMutation, QuoteQuery};
use crate::routing::{RoutingMutation, RoutingQuery};
use crate::sales_metrics::SalesMetricsQuery;
use crate::satisfaction::{SatisfactionMutation, SatisfactionQuery};
use crate::saved_views::{SavedViewMutation, SavedViewQuery};
use crate::scripts::{ScriptMutation, ScriptQuery};
use crate::service::{ServiceMutation, ServiceQuery, TicketSubscription};
use crate::tasks::{TaskMutation, TaskQuery, TaskSubscription};
use async_graphql::{MergedObject, MergedSubscription, Schema, SchemaBuilder};
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
    SalesMetricsQuery,
    LeadQuery,
    QuoteQuery,
    OrderQuery,
    ErpQuery,
    SavedViewQuery,
    NoteQuery,
    TaskQuery,
    CompanyQuery,
    ServiceQuery,
    KnowledgeQuery,
    SatisfactionQuery,
    NpsQuery,
    RoutingQuery,
    CallQuery,
    ScriptQuery,
    NotificationQuery,
    ImportQuery,
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
    SavedViewMutation,
    NoteMutation,
    TaskMutation,
    InteractionMutation,
    CompanyMutation,
    ServiceMutation,
    KnowledgeMutation,
    SatisfactionMutation,
    NpsMutation,
    RoutingMutation,
    CallMutation,
    ChatMutation,
    ScriptMutation,
    NotificationMutation,
    ImportMutation,
);

/// Every subscription of the API (over `/graphql/ws`), merged from the domains.
#[derive(MergedSubscription, Default)]
pub struct SubscriptionRoot(
    CallSubscription,
    ChatSubscription,
    CustomerSubscription,
    InteractionSubscription,
    NotificationSubscription,
    TaskSubscription,
    TicketSubscription,
);

pub type CrmSchema = Schema<QueryRoot, MutationRoot, SubscriptionRoot>;

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

/// What a client must know to read and write the scalars async-graphql defines (its own texts
/// say how they are implemented, or nothing): enough to generate exact types from
/// introspection. `DateTime` also carries `@specifiedBy` RFC 3339.
const DECIMAL: &str = "An exact decimal number, as a string in plain notation: an optional `-`, digits, and \
    optionally `.` and more digits (`\"1250.5\"`, `\"-0.25\"`, `\"22\"`), without an exponent; at most 28 \
    significant digits. A string so that no digit is lost: read it into a decimal type (Java `BigDecimal`, \
    Python `decimal.Decimal`, JavaScript decimal.js), not a binary float. Inputs also take a JSON number, \
    which is converted from a float: prefer strings. Each field says its unit, and its bounds and decimal \
    places where it has them.";
const DATE_TIME: &str = "An instant: an RFC 3339 date-time with its offset (`2026-12-02T13:32:56Z`, \
    `2026-12-02T14:32:56.5+01:00`). Answers are in UTC, written with the offset `+00:00` and up to \
    nanoseconds.";
const NAIVE_DATE: &str = "A calendar date without time or time zone: ISO 8601 `YYYY-MM-DD` (RFC 3339's \
    `full-date`), e.g. `2027-06-30`.";
const JSON: &str = "Any JSON value (object, array, string, number, boolean or null), carried as JSON itself, not \
    as a string that holds JSON.";

fn builder() -> SchemaBuilder<QueryRoot, MutationRoot, SubscriptionRoot> {
    Schema::build(QueryRoot::default(), MutationRoot::default(), SubscriptionRoot::default())
        .override_output_type_description::<rust_decimal::Decimal>(DECIMAL)
        .override_output_type_description::<chrono::DateTime<chrono::Utc>>(DATE_TIME)
        .override_output_type_description::<chrono::NaiveDate>(NAIVE_DATE)
        .override_output_type_description::<async_graphql::Json<serde_json::Value>>(JSON)
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
