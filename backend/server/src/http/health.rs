//! Liveness and readiness probes.

use super::HttpState;
use actix_web::{web, HttpResponse};

/// 200 while the process runs.
pub async fn healthz() -> HttpResponse {
    HttpResponse::Ok().content_type("text/plain").body("ok")
}

/// 200 only when the database answers.
pub async fn readyz(state: web::Data<HttpState>) -> HttpResponse {
    match state.app.db.ping().await {
        Ok(()) => HttpResponse::Ok().content_type("text/plain").body("ready"),
        Err(err) => {
            tracing::warn!(error = %err, "readiness check failed");
            HttpResponse::ServiceUnavailable().content_type("text/plain").body("database unavailable")
        }
    }
}
