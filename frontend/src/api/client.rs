//! The one way the app talks to the server: typed GraphQL operations over `fetch`.
//!
//! Browser session design (see ARCHITECTURE.md, "Browser sessions"):
//! - the refresh token lives only in the `crm_refresh` cookie, HttpOnly and SameSite=Strict,
//!   which the server sets when a request carries `X-CRM-Session: cookie`; script never sees it;
//! - the short-lived access token lives only in this module's memory (never in storage), so
//!   a reload starts by exchanging the cookie for a new one;
//! - an access token that is about to expire, or that the server rejects, is refreshed once,
//!   and concurrent callers share that one refresh (refresh tokens are single-use: two
//!   refreshes racing with the same cookie would end the session as a replay). Other tabs of
//!   the app share the cookie, so the exchange also holds a Web Lock (`navigator.locks`):
//!   a second tab waits, then refreshes with the cookie the first one received.

use std::cell::RefCell;
use std::future::Future;
use std::rc::Rc;

use futures::future::{FutureExt, LocalBoxFuture, Shared};
use gloo_net::http::Request;
use graphql_client::{GraphQLQuery, Response};
use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};

use super::error::ApiError;
use super::ops::{refresh_session, RefreshSession};

/// Endpoint of the API, on the app's own origin.
const ENDPOINT: &str = "/graphql";
/// Refresh this long before the access token expires, so a request never races its expiry.
const EXPIRY_MARGIN_MS: f64 = 30_000.0;

struct AccessToken {
    value: String,
    expires_at_ms: f64,
}

type PendingRefresh = Shared<LocalBoxFuture<'static, Result<(), ApiError>>>;

thread_local! {
    static TOKEN: RefCell<Option<AccessToken>> = const { RefCell::new(None) };
    static REFRESHING: RefCell<Option<PendingRefresh>> = const { RefCell::new(None) };
    static ON_SIGNED_OUT: RefCell<Option<Rc<dyn Fn()>>> = const { RefCell::new(None) };
}

/// Keeps the access token of a new session (from login or refresh).
pub fn store_token(value: String, expires_at: &str) {
    let expires_at_ms = js_sys::Date::parse(expires_at);
    TOKEN.with_borrow_mut(|token| *token = Some(AccessToken { value, expires_at_ms }));
}

/// Forgets the access token (logout, or a session the server ended).
pub fn forget_token() {
    TOKEN.with_borrow_mut(|token| *token = None);
}

/// Registers what to do when the server ends the session (the app returns to login).
pub fn on_signed_out(callback: impl Fn() + 'static) {
    ON_SIGNED_OUT.with_borrow_mut(|slot| *slot = Some(Rc::new(callback)));
}

fn signed_out() {
    forget_token();
    if let Some(callback) = ON_SIGNED_OUT.with_borrow(|slot| slot.clone()) {
        callback();
    }
}

/// Runs a query or mutation as the signed-in user, refreshing the session when needed.
///
/// Only the encoding of the variables and the decoding of the data depend on the operation;
/// the request, the session's refresh and the errors are [`call_json`], which exists once in
/// the wasm instead of once per operation (a hundred operations made that a large share of
/// the app's code).
pub async fn call<Q: GraphQLQuery>(variables: Q::Variables) -> Result<Q::ResponseData, ApiError> {
    let body = encode::<Q>(variables)?;
    decode::<Q>(call_json(body).await?)
}

/// Runs an operation and reads the value at `path` of its data as `T`: for operations that
/// return one fragment (graphql_client makes a type of it per operation), read as one type
/// whichever of them answered.
pub async fn call_at<Q: GraphQLQuery, T: serde::de::DeserializeOwned>(variables: Q::Variables, path: &[&str]) -> Result<T, ApiError> {
    let mut data = call_json(encode::<Q>(variables)?).await?;
    for key in path {
        data = data[*key].take();
    }
    serde_json::from_value(data).map_err(|err| ApiError::Network(format!("unexpected answer: {err}")))
}

/// [`call`] for an operation already encoded: its JSON body in, its `data` out.
async fn call_json(body: String) -> Result<serde_json::Value, ApiError> {
    if token_needs_refresh() {
        // Expired or about to: a failed refresh is the end of the session.
        if let Err(err) = refresh().await {
            signed_out();
            return Err(err);
        }
    }
    match send(body.clone(), bearer()).await {
        Err(ApiError::Unauthenticated) => {
            // The server may have ended the token early (logout elsewhere, password change).
            if refresh().await.is_err() {
                signed_out();
                return Err(ApiError::Unauthenticated);
            }
            let retried = send(body, bearer()).await;
            if matches!(retried, Err(ApiError::Unauthenticated)) {
                signed_out();
            }
            retried
        }
        other => other,
    }
}

// `ApiError` is the error every call returns; these two only feed it to `call`'s caller.
#[allow(clippy::result_large_err)]
pub(super) fn encode<Q: GraphQLQuery>(variables: Q::Variables) -> Result<String, ApiError> {
    serde_json::to_string(&Q::build_query(variables)).map_err(|err| ApiError::Network(err.to_string()))
}

#[allow(clippy::result_large_err)]
fn decode<Q: GraphQLQuery>(data: serde_json::Value) -> Result<Q::ResponseData, ApiError> {
    serde_json::from_value(data).map_err(|err| ApiError::Network(format!("unexpected answer: {err}")))
}

/// The access token for a connection made outside `fetch` (the live updates' WebSocket, which
/// sends it in its first message), refreshed first when it is about to expire.
pub async fn live_token() -> Result<String, ApiError> {
    if token_needs_refresh() {
        if let Err(err) = refresh().await {
            signed_out();
            return Err(err);
        }
    }
    TOKEN.with_borrow(|token| token.as_ref().map(|token| token.value.clone())).ok_or(ApiError::Unauthenticated)
}

/// Downloads a document the API serves outside GraphQL (a quote's `pdfUrl`) with the same
/// `Authorization` header, refreshing the session like [`call`]; returns its bytes and type.
pub async fn fetch_document(path: &str) -> Result<(Vec<u8>, String), ApiError> {
    if token_needs_refresh() {
        if let Err(err) = refresh().await {
            signed_out();
            return Err(err);
        }
    }
    match get_document(path, bearer()).await {
        Err(ApiError::Unauthenticated) => {
            if refresh().await.is_err() {
                signed_out();
                return Err(ApiError::Unauthenticated);
            }
            let retried = get_document(path, bearer()).await;
            if matches!(retried, Err(ApiError::Unauthenticated)) {
                signed_out();
            }
            retried
        }
        other => other,
    }
}

async fn get_document(path: &str, authorization: Option<String>) -> Result<(Vec<u8>, String), ApiError> {
    let mut request = Request::get(path);
    if let Some(authorization) = &authorization {
        request = request.header("Authorization", authorization);
    }
    let response = request.send().await.map_err(|err| ApiError::Network(err.to_string()))?;
    match response.status() {
        200..=299 => {}
        401 => return Err(ApiError::Unauthenticated),
        403 => return Err(ApiError::Forbidden(format!("HTTP 403 for {path}"))),
        404 => return Err(ApiError::NotFound),
        429 => return Err(ApiError::RateLimited),
        status => return Err(ApiError::Other { code: format!("HTTP_{status}"), message: format!("HTTP {status} for {path}") }),
    }
    let kind = response.headers().get("content-type").unwrap_or_else(|| "application/octet-stream".to_owned());
    let bytes = response.binary().await.map_err(|err| ApiError::Network(err.to_string()))?;
    Ok((bytes, kind))
}

/// Uploads `body` (a chosen file) to an endpoint outside GraphQL (`POST /imports/files`) with
/// the same `Authorization` header, refreshing the session like [`call`]; returns the JSON
/// answer. A refusal comes back as the API's error.
pub async fn upload(path: &str, body: &web_sys::File) -> Result<serde_json::Value, ApiError> {
    if token_needs_refresh() {
        if let Err(err) = refresh().await {
            signed_out();
            return Err(err);
        }
    }
    match post_file(path, body, bearer()).await {
        Err(ApiError::Unauthenticated) => {
            if refresh().await.is_err() {
                signed_out();
                return Err(ApiError::Unauthenticated);
            }
            post_file(path, body, bearer()).await
        }
        other => other,
    }
}

async fn post_file(path: &str, body: &web_sys::File, authorization: Option<String>) -> Result<serde_json::Value, ApiError> {
    let mut request = Request::post(path);
    if let Some(authorization) = &authorization {
        request = request.header("Authorization", authorization);
    }
    let request = request.body(JsValue::from(body.clone())).map_err(|err| ApiError::Network(err.to_string()))?;
    let response = request.send().await.map_err(|err| ApiError::Network(err.to_string()))?;
    let status = response.status();
    let answer: serde_json::Value = response.json().await.unwrap_or_default();
    match status {
        200..=299 => Ok(answer),
        401 => Err(ApiError::Unauthenticated),
        403 => Err(ApiError::Forbidden(format!("HTTP 403 for {path}"))),
        429 => Err(ApiError::RateLimited),
        _ => {
            // The same shape as the API's errors, without `extensions`: lift it into them.
            let errors: Vec<serde_json::Value> = answer["errors"]
                .as_array()
                .map(|errors| {
                    errors
                        .iter()
                        .map(|e| serde_json::json!({"message": e["message"], "extensions": {"code": e["code"], "field": e["field"], "reason": e["reason"], "params": e["params"]}}))
                        .collect()
                })
                .unwrap_or_default();
            match serde_json::from_value::<Vec<graphql_client::Error>>(serde_json::Value::Array(errors)) {
                Ok(errors) if !errors.is_empty() => Err(ApiError::from_graphql(&errors)),
                Ok(_) => Err(ApiError::Other { code: format!("HTTP_{status}"), message: format!("HTTP {status} for {path}") }),
                Err(_) => Err(ApiError::Other { code: format!("HTTP_{status}"), message: format!("HTTP {status} for {path}") }),
            }
        }
    }
}

/// Runs an operation without the access token (login, refresh, logout).
pub async fn call_anonymous<Q: GraphQLQuery>(variables: Q::Variables) -> Result<Q::ResponseData, ApiError> {
    let body = encode::<Q>(variables)?;
    decode::<Q>(send(body, None).await?)
}

/// Exchanges the refresh cookie for a new access token; concurrent callers share one exchange.
pub async fn refresh() -> Result<(), ApiError> {
    let pending = REFRESHING.with_borrow_mut(|slot| {
        slot.get_or_insert_with(|| {
            async {
                let result = across_tabs(call_anonymous::<RefreshSession>(refresh_session::Variables {})).await;
                REFRESHING.with_borrow_mut(|slot| *slot = None);
                let data = result?;
                store_token(data.refresh_token.access_token, &data.refresh_token.expires_at);
                Ok(())
            }
            .boxed_local()
            .shared()
        })
        .clone()
    });
    pending.await
}

/// Name of the Web Lock every tab of the app takes around a refresh.
const REFRESH_LOCK: &str = "crm-session-refresh";

/// Runs `exchange` while holding the app's refresh lock, shared by every tab of this origin;
/// without Web Locks (old browsers) it just runs.
async fn across_tabs<T: 'static>(exchange: impl Future<Output = Result<T, ApiError>> + 'static) -> Result<T, ApiError> {
    let Some((locks, request)) = lock_manager() else {
        return exchange.await;
    };
    let (done, result) = futures::channel::oneshot::channel();
    // The lock is held until the promise the callback returns settles: after the exchange.
    let holder = Closure::once(move |_lock: JsValue| {
        wasm_bindgen_futures::future_to_promise(async move {
            let _ = done.send(exchange.await);
            Ok(JsValue::UNDEFINED)
        })
    });
    let granted = request.call2(&locks, &JsValue::from_str(REFRESH_LOCK), holder.as_ref());
    if let Ok(promise) = granted.and_then(|value| value.dyn_into::<js_sys::Promise>()) {
        let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
    }
    drop(holder);
    match result.await {
        Ok(outcome) => outcome,
        // The lock was refused (the page is closing): the exchange never ran.
        Err(_) => Err(ApiError::Network("the session refresh was interrupted".into())),
    }
}

/// `navigator.locks` and its `request` function, when the browser has them.
fn lock_manager() -> Option<(JsValue, js_sys::Function)> {
    let navigator = js_sys::Reflect::get(&js_sys::global(), &JsValue::from_str("navigator")).ok()?;
    let locks = js_sys::Reflect::get(&navigator, &JsValue::from_str("locks")).ok().filter(|locks| !locks.is_undefined())?;
    let request = js_sys::Reflect::get(&locks, &JsValue::from_str("request")).ok()?.dyn_into().ok()?;
    Some((locks, request))
}

fn token_needs_refresh() -> bool {
    TOKEN.with_borrow(|token| match token {
        Some(token) => token.expires_at_ms - js_sys::Date::now() < EXPIRY_MARGIN_MS,
        None => true,
    })
}

fn bearer() -> Option<String> {
    TOKEN.with_borrow(|token| token.as_ref().map(|token| format!("Bearer {}", token.value)))
}

/// Posts an encoded operation; its `data`, or the error the server or the network gave.
async fn send(body: String, authorization: Option<String>) -> Result<serde_json::Value, ApiError> {
    // The header asks the server to keep the refresh token in the HttpOnly cookie.
    let mut request = Request::post(ENDPOINT).header("X-CRM-Session", "cookie").header("Content-Type", "application/json");
    if let Some(authorization) = &authorization {
        request = request.header("Authorization", authorization);
    }
    let response = request
        .body(body)
        .map_err(|err| ApiError::Network(err.to_string()))?
        .send()
        .await
        .map_err(|err| ApiError::Network(err.to_string()))?;
    if response.status() == 429 {
        return Err(ApiError::RateLimited);
    }
    let parsed: Response<serde_json::Value> =
        response.json().await.map_err(|err| ApiError::Network(format!("HTTP {}: {err}", response.status())))?;
    match (parsed.data, parsed.errors) {
        (_, Some(errors)) if !errors.is_empty() => Err(ApiError::from_graphql(&errors)),
        (Some(data), _) if !data.is_null() => Ok(data),
        _ => Err(ApiError::Network(format!("HTTP {}: no data", response.status()))),
    }
}

/// A `blob:` URL holding `bytes` of type `kind`; `None` when the browser refuses.
pub fn blob_url(bytes: &[u8], kind: &str) -> Option<String> {
    let parts = js_sys::Array::of1(&js_sys::Uint8Array::from(bytes));
    let options = web_sys::BlobPropertyBag::new();
    options.set_type(kind);
    let blob = web_sys::Blob::new_with_u8_array_sequence_and_options(&parts, &options).ok()?;
    web_sys::Url::create_object_url_with_blob(&blob).ok()
}
