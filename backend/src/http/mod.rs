//! The HTTP surface: `/graphql` (POST queries, GET GraphiQL), `/healthz`, `/readyz`,
//! `/metrics`, and the browser app on every other path (`app`). Everything about a request
//! that is not GraphQL — body limits, authentication, browser session cookies, rate limiting,
//! batch caps, metrics — happens here, before the schema runs.

pub mod app;
mod graphql;
mod health;
pub mod metrics;
mod rate_limit;

pub use rate_limit::RateLimiter;

use crate::auth::sessions::AuthService;
use crate::context::AppContext;
use crate::graphql::CrmSchema;
use actix_web::web;

/// Shared state of every worker.
pub struct HttpState {
    pub schema: CrmSchema,
    pub app: AppContext,
    pub auth: AuthService,
    pub limiter: RateLimiter,
    pub graphiql: bool,
    pub max_batch: usize,
    /// Where the browser app's files come from.
    pub app_files: app::AppFiles,
}

pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.route("/graphql", web::post().to(graphql::execute))
        .route("/graphql", web::get().to(graphql::graphiql))
        .route("/healthz", web::get().to(health::healthz))
        .route("/readyz", web::get().to(health::readyz))
        .route("/metrics", web::get().to(metrics::render))
        .default_service(web::to(app::serve));
}
