//! `POST /email/inbound`: received mail, one raw RFC 5322 message per request (the body,
//! any content type), from a mail provider's inbound route or a mail server's pipe, with an
//! API key that has the `email:inbound` scope (`Authorization: Bearer crm_…`). `?recipient=`
//! names the envelope's recipient when the provider gives it (the address the message was
//! delivered to, which may be in neither `To` nor `Cc`). The answer says where it went:
//! `{"id", "messageId", "filing": "THREADED" | "OPENED" | "DUPLICATE" | "AUTO_REPLY" |
//! "BOUNCE" | "UNMATCHED", "ticketId", "ticketNumber"}`. Sending the same message again changes nothing.
//!
//! `GET /email/attachments/{id}`: a received file, for the service desk (same
//! `Authorization` as the API); 404 for anyone else, like the API's NOT_FOUND.

use super::graphql::bearer;
use super::{error, refused, HttpState};
use actix_web::http::{header, StatusCode};
use actix_web::{web, HttpRequest, HttpResponse};
use crm_core::error::AppError;
use crm_service::access::TicketScope;
use serde::Deserialize;
use serde_json::json;
use uuid::Uuid;

#[derive(Deserialize)]
pub struct Envelope {
    recipient: Option<String>,
}

pub async fn receive(state: web::Data<HttpState>, req: HttpRequest, envelope: web::Query<Envelope>, body: web::Bytes) -> HttpResponse {
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
    let recipients: Vec<String> = envelope.recipient.iter().map(|to| to.trim().to_lowercase()).filter(|to| !to.is_empty()).collect();
    match crm_service::email::receive(&state.app, &caller, &body, &recipients).await {
        Ok(filed) => HttpResponse::Ok().json(json!({
            "id": filed.email.id,
            "messageId": filed.email.message_id,
            "filing": filed.filing.as_str(),
            "ticketId": filed.email.ticket_id,
            "ticketNumber": filed.ticket_number,
        })),
        Err(err) => refused(err),
    }
}

pub async fn attachment(state: web::Data<HttpState>, req: HttpRequest, path: web::Path<String>) -> HttpResponse {
    let Some(token) = bearer(&req) else {
        return HttpResponse::Unauthorized().insert_header((header::WWW_AUTHENTICATE, "Bearer")).finish();
    };
    let Ok(caller) = state.auth.authenticate(token, None).await else {
        return HttpResponse::Unauthorized().insert_header((header::WWW_AUTHENTICATE, "Bearer")).finish();
    };
    let Ok(id) = Uuid::parse_str(&path) else { return HttpResponse::NotFound().finish() };
    let Ok(scope) = TicketScope::of(&caller.principal) else { return HttpResponse::NotFound().finish() };
    match crm_service::email::attachment(&state.app.db.read, &scope, id).await {
        Ok(Some(file)) => {
            // Served as a download, never rendered in the app's origin: an attached HTML page
            // must not run as the CRM.
            let name = file.file_name.replace(['"', '\\', '\r', '\n'], "_");
            HttpResponse::Ok()
                .content_type(file.content_type.parse::<actix_web::mime::Mime>().unwrap_or(actix_web::mime::APPLICATION_OCTET_STREAM))
                .insert_header((header::CONTENT_DISPOSITION, format!("attachment; filename=\"{name}\"")))
                .insert_header((header::X_CONTENT_TYPE_OPTIONS, "nosniff"))
                .insert_header((header::CACHE_CONTROL, "private, no-store"))
                .body(file.content)
        }
        Ok(None) => HttpResponse::NotFound().finish(),
        Err(err) => refused(err),
    }
}
