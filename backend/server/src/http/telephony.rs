//! `POST /telephony/events`: the webhook the telephony (CTI) reports call events to, with an
//! API key that has the `telephony:events` scope (`Authorization: Bearer crm_…`). The body is
//! one event as JSON (`crm_service::inputs::TelephonyEvent`); the answer says what the
//! telephony should do with the call (`"action": "ACCEPT"` or `"REJECT"` for a blocked
//! number). Events are idempotent by `callId`: a repeat answers the same and changes nothing.

use super::graphql::bearer;
use super::{error, refused, HttpState};
use actix_web::http::StatusCode;
use actix_web::{web, HttpRequest, HttpResponse};
use crm_core::error::AppError;
use crm_service::calls::telephony::{self, CallAction};
use crm_service::inputs::TelephonyEvent;
use serde_json::json;

pub async fn receive(state: web::Data<HttpState>, req: HttpRequest, body: web::Bytes) -> HttpResponse {
    let Some(token) = bearer(&req) else {
        return error(StatusCode::UNAUTHORIZED, AppError::Unauthenticated);
    };
    let caller = match state.auth.authenticate(token, None).await {
        Ok(caller) => caller,
        Err(_) => return error(StatusCode::UNAUTHORIZED, AppError::Unauthenticated),
    };
    if let Err(retry_after) = state.limiter.check(&caller.principal.rate_limit_key()) {
        return error(StatusCode::TOO_MANY_REQUESTS, AppError::RateLimited { retry_after_secs: retry_after });
    }
    let event: TelephonyEvent = match serde_json::from_slice(&body) {
        Ok(event) => event,
        Err(err) => {
            // serde's message names the field and what it expected: what an integrator needs.
            return HttpResponse::BadRequest().json(json!({"errors": [{
                "code": "BAD_USER_INPUT", "reason": "INVALID_REQUEST", "message": format!("not a call event: {err}"),
            }]}));
        }
    };
    match telephony::receive(&state.app, &caller, event).await {
        Ok(answer) => HttpResponse::Ok().json(json!({
            "id": answer.call.id,
            "callId": answer.call.external_id,
            "status": answer.call.status.as_api(),
            "action": match answer.action { CallAction::Accept => "ACCEPT", CallAction::Reject => "REJECT" },
            "changed": answer.changed,
            "recognised": answer.call.customer_id.is_some(),
        })),
        Err(err) => refused(err),
    }
}
