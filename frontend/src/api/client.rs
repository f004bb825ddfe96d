//! The one way the app talks to the server: typed GraphQL operations over `fetch`.
//!
//! Browser session design (see ARCHITECTURE.md, "Browser sessions"):
//! - the refresh token lives only in the `crm_refresh` cookie, HttpOnly and SameSite=Strict,
//!   which the server sets when a request carries `X-CRM-Session: cookie`; script never sees it;
//! - the short-lived access token lives only in this module's memory (never in storage), so
//!   a reload starts by exchanging the cookie for a new one;
//! - an access token that is about to expire, or that the server rejects, is refreshed once,
//!   and concurrent callers share that one refresh (refresh tokens are single-use: two
//!   refreshes racing with the same cookie would end the session as a replay).

use std::cell::RefCell;
use std::rc::Rc;

use futures::future::{FutureExt, LocalBoxFuture, Shared};
use gloo_net::http::Request;
use graphql_client::{GraphQLQuery, Response};

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
pub async fn call<Q: GraphQLQuery>(variables: Q::Variables) -> Result<Q::ResponseData, ApiError>
where
    Q::Variables: Clone,
{
    if token_needs_refresh() {
        // Expired or about to: a failed refresh is the end of the session.
        if let Err(err) = refresh().await {
            signed_out();
            return Err(err);
        }
    }
    match send::<Q>(variables.clone(), bearer()).await {
        Err(ApiError::Unauthenticated) => {
            // The server may have ended the token early (logout elsewhere, password change).
            if refresh().await.is_err() {
                signed_out();
                return Err(ApiError::Unauthenticated);
            }
            let retried = send::<Q>(variables, bearer()).await;
            if matches!(retried, Err(ApiError::Unauthenticated)) {
                signed_out();
            }
            retried
        }
        other => other,
    }
}

/// Runs an operation without the access token (login, refresh, logout).
pub async fn call_anonymous<Q: GraphQLQuery>(variables: Q::Variables) -> Result<Q::ResponseData, ApiError> {
    send::<Q>(variables, None).await
}

/// Exchanges the refresh cookie for a new access token; concurrent callers share one exchange.
pub async fn refresh() -> Result<(), ApiError> {
    let pending = REFRESHING.with_borrow_mut(|slot| {
        slot.get_or_insert_with(|| {
            async {
                let result = call_anonymous::<RefreshSession>(refresh_session::Variables {}).await;
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

fn token_needs_refresh() -> bool {
    TOKEN.with_borrow(|token| match token {
        Some(token) => token.expires_at_ms - js_sys::Date::now() < EXPIRY_MARGIN_MS,
        None => true,
    })
}

fn bearer() -> Option<String> {
    TOKEN.with_borrow(|token| token.as_ref().map(|token| format!("Bearer {}", token.value)))
}

async fn send<Q: GraphQLQuery>(variables: Q::Variables, authorization: Option<String>) -> Result<Q::ResponseData, ApiError> {
    let body = Q::build_query(variables);
    // The header asks the server to keep the refresh token in the HttpOnly cookie.
    let mut request = Request::post(ENDPOINT).header("X-CRM-Session", "cookie");
    if let Some(authorization) = &authorization {
        request = request.header("Authorization", authorization);
    }
    let response = request
        .json(&body)
        .map_err(|err| ApiError::Network(err.to_string()))?
        .send()
        .await
        .map_err(|err| ApiError::Network(err.to_string()))?;
    if response.status() == 429 {
        return Err(ApiError::RateLimited);
    }
    let parsed: Response<Q::ResponseData> =
        response.json().await.map_err(|err| ApiError::Network(format!("HTTP {}: {err}", response.status())))?;
    match (parsed.data, parsed.errors) {
        (_, Some(errors)) if !errors.is_empty() => Err(ApiError::from_graphql(&errors)),
        (Some(data), _) => Ok(data),
        (None, _) => Err(ApiError::Network(format!("HTTP {}: no data", response.status()))),
    }
}
