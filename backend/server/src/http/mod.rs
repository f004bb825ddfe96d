//! The HTTP surface: `/graphql` (POST queries, GET GraphiQL), `/graphql/ws` (subscriptions),
//! `/healthz`, `/readyz`, `/metrics`, `/web-to-lead` (public lead capture), `/telephony/events`
//! (the CTI webhook), `/email/inbound` (received mail) and `/email/attachments/{id}`, `/sms/inbound`
//! and `/sms/status` (the SMS gateway's webhooks), `/imports/files` and `/imports/{id}/report.csv` (bulk import), `/exports/customers.csv` (export), `/survey/{token}` (the satisfaction survey's page), and the browser app
//! on every other path (`app`). Everything about a request
//! that is not GraphQL — body limits, authentication, browser session cookies, rate limiting,
//! batch caps, metrics — happens here, before the schema runs.

pub mod app;
mod documents;
mod email;
mod exports;
mod graphql;
mod health;
mod imports;
pub mod metrics;
mod rate_limit;
mod sms;
mod subscriptions;
mod survey;
mod telephony;
mod web_to_lead;

pub use rate_limit::RateLimiter;

use actix_web::http::StatusCode;
use actix_web::{web, HttpResponse};
use crm_api::CrmSchema;
use crm_core::context::AppContext;
use crm_core::error::AppError;
use crm_identity::auth::sessions::AuthService;
use serde_json::json;

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
        // Received messages may be as large as mail allows, far above the API's body limit.
        .service(
            web::resource("/email/inbound")
                .app_data(web::PayloadConfig::new(crm_mail::parse::MAX_RAW_BYTES))
                .route(web::post().to(email::receive)),
        )
        .route("/email/attachments/{id}", web::get().to(email::attachment))
        // Import files are streamed into the database, far above the API's body limit.
        .service(
            web::resource("/imports/files")
                .app_data(web::PayloadConfig::new(crm_imports::files::MAX_FILE_BYTES as usize))
                .route(web::post().to(imports::upload)),
        )
        .route("/imports/{id}/report.csv", web::get().to(imports::report))
        .route("/exports/customers.csv", web::get().to(exports::customers))
        .route("/sms/inbound", web::post().to(sms::receive))
        .route("/sms/status", web::post().to(sms::status))
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

/// The error body the HTTP endpoints outside GraphQL share: `code`, and for refused input the
/// `field`, `reason` and `params` of the API's BAD_USER_INPUT.
pub(crate) fn error(status: StatusCode, err: AppError) -> HttpResponse {
    let body = match &err {
        AppError::BadInput { field, invalid } => json!({
            "code": err.code().as_str(), "field": field, "reason": invalid.reason.code(), "params": invalid.reason.params(), "message": invalid.message,
        }),
        AppError::Internal(cause) => {
            tracing::error!(error = ?cause, "a webhook request failed");
            json!({"code": err.code().as_str(), "message": "it could not be stored; send it again"})
        }
        other => json!({"code": err.code().as_str(), "message": other.client_message()}),
    };
    HttpResponse::build(status).json(json!({ "errors": [body] }))
}

/// [`error`] with the status that fits the refusal.
pub(crate) fn refused(err: AppError) -> HttpResponse {
    let status = match &err {
        AppError::Unauthenticated => StatusCode::UNAUTHORIZED,
        AppError::Forbidden(_) => StatusCode::FORBIDDEN,
        AppError::NotFound(_) => StatusCode::NOT_FOUND,
        AppError::BadInput { .. } => StatusCode::BAD_REQUEST,
        AppError::Conflict { .. } => StatusCode::CONFLICT,
        _ => StatusCode::INTERNAL_SERVER_ERROR,
    };
    error(status, err)
}
