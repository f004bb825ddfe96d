//! `POST /graphql`: parse, authenticate, rate-limit, execute, and give every error a code.
//! Also the bridge between HTTP and resolvers for browser sessions: the request's cookie
//! mode and cookie go in as request data, the headers resolvers set (`Set-Cookie`) come out.

use super::metrics::operation_label;
use super::HttpState;
use actix_web::http::header;
use actix_web::{web, HttpRequest, HttpResponse};
use async_graphql::{BatchRequest, BatchResponse, Request, Response, ServerError};
use crm_api::RequestState;
use crm_core::error::{AppError, ErrorCode, InputReason};
use crm_identity::auth::browser::{cookie_value, BrowserSession, REFRESH_COOKIE, SESSION_HEADER, SESSION_HEADER_VALUE};
use std::time::Instant;
use tracing_actix_web::RequestId;

pub async fn execute(state: web::Data<HttpState>, req: HttpRequest, body: web::Bytes, request_id: RequestId) -> HttpResponse {
    let batch: BatchRequest = match serde_json::from_slice(&body) {
        Ok(batch) => batch,
        Err(_) => {
            return error_response(
                actix_web::http::StatusCode::BAD_REQUEST,
                ErrorCode::BadUserInput,
                "the body is not a GraphQL request (JSON with `query`)",
                None,
            )
        }
    };
    let requests = match batch {
        BatchRequest::Single(request) => vec![request],
        BatchRequest::Batch(requests) if requests.len() <= state.max_batch && !requests.is_empty() => requests,
        BatchRequest::Batch(_) => {
            let message = format!("a batch holds 1 to {} operations", state.max_batch);
            return error_response(actix_web::http::StatusCode::OK, ErrorCode::BadUserInput, &message, None);
        }
    };
    let is_batch = requests.len() > 1 || body.first() == Some(&b'[');

    let caller = match bearer(&req) {
        None => None,
        Some(token) => match state.auth.authenticate(token, Some(request_id.to_string())).await {
            Ok(caller) => Some(caller),
            Err(err) => {
                let message =
                    if matches!(err, AppError::Unauthenticated) { "invalid or expired credentials" } else { "authentication failed" };
                return error_response(actix_web::http::StatusCode::OK, ErrorCode::Unauthenticated, message, None);
            }
        },
    };
    let limit_key = match &caller {
        Some(caller) => caller.principal.rate_limit_key(),
        None => format!("ip:{}", req.peer_addr().map(|a| a.ip().to_string()).unwrap_or_default()),
    };
    if let Err(retry_after) = state.limiter.check(&limit_key) {
        let message = format!("too many requests; retry after {retry_after} s");
        return error_response(actix_web::http::StatusCode::TOO_MANY_REQUESTS, ErrorCode::RateLimited, &message, Some(retry_after));
    }

    let browser = browser_session(&req);
    let mut responses = Vec::with_capacity(requests.len());
    for request in requests {
        responses.push(run_one(&state, request, caller.clone(), browser.clone()).await);
    }
    let mut http = HttpResponse::Ok();
    for response in &mut responses {
        copy_headers(response, &mut http);
    }
    let body = if is_batch { BatchResponse::Batch(responses) } else { BatchResponse::Single(responses.remove(0)) };
    http.json(body)
}

async fn run_one(
    state: &HttpState,
    request: Request,
    caller: Option<crm_core::principal::Caller>,
    browser: Option<BrowserSession>,
) -> Response {
    let operation = operation_label(request.operation_name.as_deref());
    let started = Instant::now();
    let mut request = request.data(RequestState::new(&state.app, caller));
    if let Some(browser) = browser {
        request = request.data(browser);
    }
    let mut response = crm_api::execute(&state.schema, request).await;
    for error in &mut response.errors {
        classify(error);
    }
    let outcome = if response.errors.is_empty() { "ok" } else { "error" };
    metrics::counter!("crm_graphql_requests_total", "operation" => operation.clone(), "outcome" => outcome).increment(1);
    metrics::histogram!("crm_graphql_request_duration_seconds", "operation" => operation).record(started.elapsed().as_secs_f64());
    response
}

/// Errors raised by the GraphQL engine itself (syntax, validation, limits) carry no code;
/// give them one so clients can always switch on `extensions.code` (and, for
/// `BAD_USER_INPUT`, on `extensions.reason`: `INVALID_REQUEST`).
fn classify(error: &mut ServerError) {
    let extensions = error.extensions.get_or_insert_with(Default::default);
    if extensions.get("code").is_some() {
        return;
    }
    let message = error.message.to_lowercase();
    let code = if ["too complex", "too deep", "nested too deep", "too many directives", "recursion depth", "recursive depth"]
        .iter()
        .any(|m| message.contains(m))
    {
        ErrorCode::QueryTooComplex
    } else {
        ErrorCode::BadUserInput
    };
    extensions.set("code", code.as_str());
    if code == ErrorCode::BadUserInput {
        extensions.set("reason", InputReason::InvalidRequest.code());
    }
}

/// Cookie mode (`X-CRM-Session: cookie`): the refresh cookie and whether the request came over
/// HTTPS (`ConnectionInfo::scheme` honours `Forwarded` and `X-Forwarded-Proto`). Outside cookie
/// mode the cookie is never read, which is what makes a cross-site request unable to use it.
fn browser_session(req: &HttpRequest) -> Option<BrowserSession> {
    let mode = req.headers().get(SESSION_HEADER)?.to_str().ok()?;
    if !mode.trim().eq_ignore_ascii_case(SESSION_HEADER_VALUE) {
        return None;
    }
    let refresh_cookie = req
        .headers()
        .get_all(header::COOKIE)
        .filter_map(|value| value.to_str().ok())
        .find_map(|value| cookie_value(value, REFRESH_COOKIE))
        .filter(|value| !value.is_empty())
        .map(str::to_owned);
    Some(BrowserSession { refresh_cookie, secure: req.connection_info().scheme() == "https" })
}

/// Moves the headers resolvers set (async-graphql speaks `http` 1.x, actix 0.2) onto the
/// HTTP response; a batch's operations all contribute.
fn copy_headers(from: &mut Response, to: &mut actix_web::HttpResponseBuilder) {
    for (name, value) in std::mem::take(&mut from.http_headers).iter() {
        match (header::HeaderName::from_bytes(name.as_str().as_bytes()), header::HeaderValue::from_bytes(value.as_bytes())) {
            (Ok(name), Ok(value)) => {
                to.append_header((name, value));
            }
            _ => tracing::warn!(header = %name, "a resolver set a header that is not valid HTTP; dropped"),
        }
    }
}

pub(super) fn bearer(req: &HttpRequest) -> Option<&str> {
    let value = req.headers().get(header::AUTHORIZATION)?.to_str().ok()?;
    let token = value.strip_prefix("Bearer ").or_else(|| value.strip_prefix("bearer "))?.trim();
    (!token.is_empty()).then_some(token)
}

fn error_response(status: actix_web::http::StatusCode, code: ErrorCode, message: &str, retry_after: Option<u64>) -> HttpResponse {
    let mut extensions = serde_json::json!({ "code": code.as_str() });
    if code == ErrorCode::BadUserInput {
        extensions["reason"] = InputReason::InvalidRequest.code().into();
    }
    if let Some(seconds) = retry_after {
        extensions["retryAfter"] = seconds.into();
    }
    let body = serde_json::json!({ "data": null, "errors": [{ "message": message, "extensions": extensions }] });
    let mut response = HttpResponse::build(status);
    if let Some(seconds) = retry_after {
        response.insert_header((header::RETRY_AFTER, seconds.to_string()));
    }
    response.json(body)
}

/// `GET /graphql`: the GraphiQL explorer carried with the app, unless turned off (production
/// default).
pub async fn graphiql(state: web::Data<HttpState>, req: HttpRequest) -> HttpResponse {
    if !state.graphiql {
        return HttpResponse::NotFound().finish();
    }
    super::app::serve_explorer(&state.app_files, &req).await
}
