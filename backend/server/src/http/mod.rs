//! The HTTP surface: `/graphql` (POST queries, GET GraphiQL), `/graphql/ws` (subscriptions),
//! `/healthz`, `/readyz`, `/metrics`, `/web-to-lead` (public lead capture), `/telephony/events`
//! (the CTI webhook), `/survey/{token}` (the satisfaction survey's page), and the browser app
//! on every other path (`app`). Everything about a request
//! that is not GraphQL — body limits, authentication, browser session cookies, rate limiting,
//! batch caps, metrics — happens here, before the schema runs.

pub mod app;
mod documents;
mod graphql;
mod health;
pub mod metrics;
mod rate_limit;
mod subscriptions;
mod survey;
mod telephony;
mod web_to_lead;

pub use rate_limit::RateLimiter;

use actix_web::web;
use crm_api::CrmSchema;
use crm_core::context::AppContext;
use crm_identity::auth::sessions::AuthService;

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
    /// Per-IP limit of web-to-lead submissions.
    pub web_form_limiter: RateLimiter,
    /// Origins (`https://www.example.com`) whose pages may post leads from scripts and
    /// redirect back after a form post.
    pub web_form_origins: Vec<String>,
}

pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.route("/graphql", web::post().to(graphql::execute))
        .route("/graphql", web::get().to(graphql::graphiql))
        .route("/graphql/ws", web::get().to(subscriptions::subscribe))
        .route("/telephony/events", web::post().to(telephony::receive))
        .route("/survey/{token}", web::get().to(survey::show))
        .route("/survey/{token}", web::post().to(survey::answer))
        .route("/healthz", web::get().to(health::healthz))
        .route("/readyz", web::get().to(health::readyz))
        .route("/metrics", web::get().to(metrics::render))
        .route("/quotes/{id}/pdf", web::get().to(documents::quote_pdf))
        .route("/web-to-lead", web::post().to(web_to_lead::submit))
        .route("/web-to-lead", web::method(actix_web::http::Method::OPTIONS).to(web_to_lead::preflight))
        .default_service(web::to(app::serve));
}
