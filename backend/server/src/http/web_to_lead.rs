//! `POST /web-to-lead`: the public endpoint website forms post leads to (form-encoded, as a
//! plain HTML form does, or JSON). Rate-limited per IP; refused input is a 400 with the same
//! field/reason/message triple as the API's BAD_USER_INPUT; a stored (or silently dropped)
//! submission is a 201, or a 303 to `redirect` when that URL's origin is allowed
//! (`CRM_WEB_FORM_ORIGINS`), which also get CORS headers so a page's script may post.

use super::HttpState;
use actix_web::http::{header, StatusCode};
use actix_web::{web, HttpRequest, HttpResponse};
use crm_core::error::AppError;
use crm_sales::leads::web_form::{self, Submission, WebLeadForm};
use serde_json::json;

pub async fn submit(state: web::Data<HttpState>, req: HttpRequest, body: web::Bytes) -> HttpResponse {
    let ip = req.peer_addr().map(|a| a.ip().to_string()).unwrap_or_default();
    if let Err(retry_after) = state.web_form_limiter.check(&format!("web-form:{ip}")) {
        return with_cors(&state, &req, HttpResponse::TooManyRequests())
            .insert_header((header::RETRY_AFTER, retry_after.to_string()))
            .json(json!({"errors": [{"code": "RATE_LIMITED", "message": format!("too many submissions; retry after {retry_after} s")}]}));
    }
    let form = match parse(&req, &body) {
        Some(form) => form,
        None => {
            return with_cors(&state, &req, HttpResponse::BadRequest())
                .json(json!({"errors": [{"code": "BAD_USER_INPUT", "reason": "INVALID_REQUEST", "message": "send the form fields form-encoded or as JSON"}]}))
        }
    };
    let redirect = form.redirect.clone().filter(|url| allowed_origin(&state, url).is_some());
    match web_form::submit(&state.app, form).await {
        // Stored or dropped, the answer is the same: a bot must not learn it was caught.
        Ok(Submission::Stored(_) | Submission::Dropped) => match redirect {
            Some(url) => HttpResponse::SeeOther().insert_header((header::LOCATION, url)).finish(),
            None => with_cors(&state, &req, HttpResponse::Created()).json(json!({"received": true})),
        },
        Err(AppError::BadInput { field, invalid }) => with_cors(&state, &req, HttpResponse::BadRequest()).json(json!({"errors": [{
            "code": "BAD_USER_INPUT", "field": field, "reason": invalid.reason.code(), "params": invalid.reason.params(), "message": invalid.message,
        }]})),
        Err(other) => {
            let status = StatusCode::from_u16(if matches!(other, AppError::Internal(_)) { 500 } else { 400 }).unwrap_or(StatusCode::BAD_REQUEST);
            let code = other.code().as_str();
            if let AppError::Internal(cause) = &other {
                tracing::error!(error = ?cause, "web-to-lead failed");
            }
            with_cors(&state, &req, HttpResponse::build(status)).json(json!({"errors": [{"code": code, "message": "the submission could not be stored"}]}))
        }
    }
}

/// CORS preflight for scripts on allowed origins.
pub async fn preflight(state: web::Data<HttpState>, req: HttpRequest) -> HttpResponse {
    with_cors(&state, &req, HttpResponse::NoContent())
        .insert_header((header::ACCESS_CONTROL_ALLOW_METHODS, "POST"))
        .insert_header((header::ACCESS_CONTROL_ALLOW_HEADERS, "content-type"))
        .insert_header((header::ACCESS_CONTROL_MAX_AGE, "3600"))
        .finish()
}

fn parse(req: &HttpRequest, body: &[u8]) -> Option<WebLeadForm> {
    let content_type = req.headers().get(header::CONTENT_TYPE).and_then(|v| v.to_str().ok()).unwrap_or_default();
    if content_type.starts_with("application/json") {
        serde_json::from_slice(body).ok()
    } else {
        serde_urlencoded::from_bytes(body).ok()
    }
}

/// The origin (`scheme://host[:port]`) of `url` when it is on the allow list.
fn allowed_origin<'a>(state: &'a HttpState, url: &str) -> Option<&'a str> {
    let origin = url.find("://").map(|i| {
        let rest = &url[i + 3..];
        let end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
        &url[..i + 3 + end]
    })?;
    state.web_form_origins.iter().map(String::as_str).find(|allowed| allowed.eq_ignore_ascii_case(origin))
}

fn with_cors(state: &HttpState, req: &HttpRequest, mut builder: actix_web::HttpResponseBuilder) -> actix_web::HttpResponseBuilder {
    let origin = req.headers().get(header::ORIGIN).and_then(|v| v.to_str().ok());
    if let Some(allowed) = origin.and_then(|o| allowed_origin(state, o)) {
        builder.insert_header((header::ACCESS_CONTROL_ALLOW_ORIGIN, allowed.to_owned())).insert_header((header::VARY, "Origin"));
    }
    builder
}
