//! The SMS gateway's webhooks, with an API key that has the `sms:events` scope
//! (`Authorization: Bearer crm_…`), JSON bodies:
//!
//! - `POST /sms/inbound`: a received text, `{"id", "from", "to", "text"}` (the gateway's id,
//!   E.164 numbers). The answer: `{"id", "filing": "THREADED" | "OPENED" | "DUPLICATE" |
//!   "UNMATCHED", "ticketId", "ticketNumber"}`; the same id again changes nothing.
//! - `POST /sms/status`: a delivery report, `{"id", "status": "DELIVERED" | "FAILED",
//!   "error"}` (the id the gateway answered the sending with). The answer: `{"id", "status"}`.

use super::graphql::bearer;
use super::{error, refused, HttpState};
use actix_web::http::StatusCode;
use actix_web::{web, HttpRequest, HttpResponse};
use crm_core::error::AppError;
use crm_core::principal::Caller;
use crm_service::sms::{self, InboundText};
use serde::Deserialize;
use serde_json::json;

#[derive(Deserialize)]
pub struct Received {
    id: String,
    from: String,
    to: Option<String>,
    text: String,
}

#[derive(Deserialize)]
#[serde(rename_all = "UPPERCASE")]
enum Delivery {
    Delivered,
    Failed,
}

#[derive(Deserialize)]
pub struct Report {
    id: String,
    status: Delivery,
    error: Option<String>,
}

/// The caller of a webhook request, or the refusal to answer with.
async fn authenticated(state: &HttpState, req: &HttpRequest) -> Result<Caller, Box<HttpResponse>> {
    let unauthenticated = || Box::new(error(StatusCode::UNAUTHORIZED, AppError::Unauthenticated));
    let Some(token) = bearer(req) else { return Err(unauthenticated()) };
    let caller = state.auth.authenticate(token, None).await.map_err(|_| unauthenticated())?;
    if let Err(retry_after) = state.limiter.check(&caller.principal.rate_limit_key()) {
        return Err(Box::new(error(StatusCode::TOO_MANY_REQUESTS, AppError::RateLimited { retry_after_secs: retry_after })));
    }
    Ok(caller)
}

/// The body as `T`, or a 400 naming what is wrong (serde's message names the field).
fn body<T: serde::de::DeserializeOwned>(bytes: &[u8], what: &str) -> Result<T, Box<HttpResponse>> {
    serde_json::from_slice(bytes).map_err(|err| {
        Box::new(HttpResponse::BadRequest().json(json!({"errors": [{
            "code": "BAD_USER_INPUT", "reason": "INVALID_REQUEST", "message": format!("not {what}: {err}"),
        }]})))
    })
}

pub async fn receive(state: web::Data<HttpState>, req: HttpRequest, bytes: web::Bytes) -> HttpResponse {
    let caller = match authenticated(&state, &req).await {
        Ok(caller) => caller,
        Err(refusal) => return *refusal,
    };
    let received: Received = match body(&bytes, "a received text") {
        Ok(received) => received,
        Err(refusal) => return *refusal,
    };
    let input = InboundText { provider_id: received.id, from: received.from, to: received.to, text: received.text };
    match sms::receive(&state.app, &caller, input).await {
        Ok(filed) => HttpResponse::Ok().json(json!({
            "id": filed.sms.id,
            "filing": filed.filing.as_str(),
            "ticketId": filed.sms.ticket_id,
            "ticketNumber": filed.ticket_number,
        })),
        Err(err) => refused(err),
    }
}

pub async fn status(state: web::Data<HttpState>, req: HttpRequest, bytes: web::Bytes) -> HttpResponse {
    let caller = match authenticated(&state, &req).await {
        Ok(caller) => caller,
        Err(refusal) => return *refusal,
    };
    let report: Report = match body(&bytes, "a delivery report") {
        Ok(report) => report,
        Err(refusal) => return *refusal,
    };
    let delivered = matches!(report.status, Delivery::Delivered);
    match sms::report(&state.app, &caller, &report.id, delivered, report.error.as_deref()).await {
        Ok(sms) => HttpResponse::Ok().json(json!({ "id": sms.id, "status": sms.status.as_api() })),
        Err(err) => refused(err),
    }
}
