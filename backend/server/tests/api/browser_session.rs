//! Browser sessions: with `X-CRM-Session: cookie` the refresh token lives only in the HttpOnly
//! `crm_refresh` cookie; login sets it, refresh rotates it, logout clears it.

use crate::db_test;
use crate::helpers::{code, ok, TestApp, PASSWORD};
use crm_identity::domain::StaffRole;
use serde_json::{json, Value};

const LOGIN: &str = "mutation($e: String!, $p: String!) { login(email: $e, password: $p) { accessToken refreshToken user { email } } }";
const REFRESH: &str = "mutation { refreshToken { accessToken refreshToken } }";
const ME: &str = "{ me { user { email } } }";
const THIRTY_DAYS: &str = "Max-Age=2592000";

/// One answer of the server: its body and its `Set-Cookie` headers.
struct Answer {
    body: Value,
    set_cookies: Vec<String>,
}

impl Answer {
    /// The `crm_refresh` value the answer sets, failing when it sets none.
    fn refresh_cookie(&self) -> String {
        let cookie = self.set_cookies.iter().find(|c| c.starts_with("crm_refresh=")).unwrap_or_else(|| panic!("no cookie: {}", self.body));
        cookie["crm_refresh=".len()..].split(';').next().unwrap().to_owned()
    }

    /// Whether the answer tells the browser to forget the cookie.
    fn clears_cookie(&self) -> bool {
        self.set_cookies.iter().any(|c| c.starts_with("crm_refresh=;") && c.contains("Max-Age=0"))
    }
}

/// POSTs `body` with `headers` (and the `crm_refresh` cookie when given).
async fn post(app: &TestApp, headers: &[(&str, &str)], cookie: Option<&str>, body: Value) -> Answer {
    let mut req = app.client.post(format!("{}/graphql", app.address)).json(&body);
    for (name, value) in headers {
        req = req.header(*name, *value);
    }
    if let Some(cookie) = cookie {
        req = req.header("cookie", format!("theme=dark; crm_refresh={cookie}"));
    }
    let res = req.send().await.unwrap();
    assert_eq!(res.status(), 200);
    let set_cookies = res.headers().get_all("set-cookie").iter().map(|v| v.to_str().unwrap().to_owned()).collect();
    Answer { body: res.json().await.unwrap(), set_cookies }
}

/// A GraphQL operation in cookie mode.
async fn in_cookie_mode(app: &TestApp, cookie: Option<&str>, query: &str, variables: Value) -> Answer {
    post(app, &[("x-crm-session", "cookie")], cookie, json!({"query": query, "variables": variables})).await
}

async fn the_refresh_token_lives_in_an_http_only_cookie(app: TestApp) {
    app.staff("rep@example.com", StaffRole::SalesRep).await;
    let credentials = json!({"e": "rep@example.com", "p": PASSWORD});

    // Login sets the cookie and keeps the token out of the body.
    let login = in_cookie_mode(&app, None, LOGIN, credentials.clone()).await;
    let payload = &ok(&login.body)["login"];
    assert_eq!(payload["refreshToken"], Value::Null, "the page's scripts never see the refresh token");
    let access = payload["accessToken"].as_str().unwrap().to_owned();
    assert_eq!(login.set_cookies.len(), 1, "{:?}", login.set_cookies);
    let cookie = &login.set_cookies[0];
    for attribute in ["HttpOnly", "SameSite=Strict", "Path=/graphql", THIRTY_DAYS] {
        assert!(cookie.split("; ").any(|a| a == attribute), "{attribute} missing from {cookie}");
    }
    assert!(!cookie.contains("Secure"), "plain HTTP: {cookie}");
    let first = login.refresh_cookie();
    assert_eq!(ok(&app.gql(Some(&access), ME, json!({})).await)["me"]["user"]["email"], "rep@example.com");

    // Refresh with nothing but the cookie rotates it.
    let refreshed = in_cookie_mode(&app, Some(&first), REFRESH, json!({})).await;
    assert_eq!(ok(&refreshed.body)["refreshToken"]["refreshToken"], Value::Null);
    let second = refreshed.refresh_cookie();
    assert_ne!(second, first);
    let access = ok(&refreshed.body)["refreshToken"]["accessToken"].as_str().unwrap().to_owned();
    assert_eq!(ok(&app.gql(Some(&access), ME, json!({})).await)["me"]["user"]["email"], "rep@example.com");

    // The spent cookie is a reuse: refused, cleared, and the whole session ends.
    let reused = in_cookie_mode(&app, Some(&first), REFRESH, json!({})).await;
    assert_eq!(code(&reused.body), "UNAUTHENTICATED");
    assert!(reused.clears_cookie(), "{:?}", reused.set_cookies);
    assert_eq!(code(&app.gql(Some(&access), ME, json!({})).await), "UNAUTHENTICATED");
    assert_eq!(code(&in_cookie_mode(&app, Some(&second), REFRESH, json!({})).await.body), "UNAUTHENTICATED");

    // Logout with the cookie alone ends that session and clears the cookie.
    let login = in_cookie_mode(&app, None, LOGIN, credentials.clone()).await;
    let access = ok(&login.body)["login"]["accessToken"].as_str().unwrap().to_owned();
    let cookie = login.refresh_cookie();
    let out = in_cookie_mode(&app, Some(&cookie), "mutation { logout { success } }", json!({})).await;
    assert_eq!(ok(&out.body)["logout"]["success"], true);
    assert!(out.clears_cookie(), "{:?}", out.set_cookies);
    assert_eq!(code(&app.gql(Some(&access), ME, json!({})).await), "UNAUTHENTICATED");
    assert_eq!(code(&in_cookie_mode(&app, Some(&cookie), REFRESH, json!({})).await.body), "UNAUTHENTICATED");

    // Without the header nothing changes: the token is in the body and no cookie is set.
    let plain = post(&app, &[], None, json!({"query": LOGIN, "variables": credentials})).await;
    let token = ok(&plain.body)["login"]["refreshToken"].as_str().unwrap().to_owned();
    assert!(plain.set_cookies.is_empty(), "{:?}", plain.set_cookies);
    let rotated = app.gql(None, "mutation($t: String!) { refreshToken(token: $t) { refreshToken } }", json!({"t": token})).await;
    assert!(ok(&rotated)["refreshToken"]["refreshToken"].is_string());
}
db_test!(the_refresh_token_lives_in_an_http_only_cookie);

async fn refresh_without_a_usable_cookie_is_refused(app: TestApp) {
    app.staff("rep@example.com", StaffRole::SalesRep).await;
    // Cookie mode without a cookie (or with garbage): UNAUTHENTICATED, and the cookie is cleared.
    let missing = in_cookie_mode(&app, None, REFRESH, json!({})).await;
    assert_eq!(code(&missing.body), "UNAUTHENTICATED");
    assert!(missing.clears_cookie(), "{:?}", missing.set_cookies);
    let garbage = in_cookie_mode(&app, Some("not-a-token"), REFRESH, json!({})).await;
    assert_eq!(code(&garbage.body), "UNAUTHENTICATED");
    assert!(garbage.clears_cookie());

    // Without the header the cookie does not count (a cross-site request cannot use it), and
    // a refresh without a token is a mistake of the client.
    let login = in_cookie_mode(&app, None, LOGIN, json!({"e": "rep@example.com", "p": PASSWORD})).await;
    let cookie = login.refresh_cookie();
    let no_header = post(&app, &[], Some(&cookie), json!({"query": REFRESH})).await;
    assert_eq!(code(&no_header.body), "BAD_USER_INPUT");
    assert_eq!(no_header.body["errors"][0]["extensions"]["field"], "token");
    assert!(no_header.set_cookies.is_empty());
    // … and the cookie still works in cookie mode afterwards.
    ok(&in_cookie_mode(&app, Some(&cookie), REFRESH, json!({})).await.body);
}
db_test!(refresh_without_a_usable_cookie_is_refused);

async fn the_cookie_is_secure_behind_https_and_set_from_batches(app: TestApp) {
    app.staff("rep@example.com", StaffRole::SalesRep).await;
    let login = json!({"query": LOGIN, "variables": {"e": "rep@example.com", "p": PASSWORD}});
    // A TLS-terminating proxy says the browser spoke HTTPS: the cookie is Secure.
    let headers = [("x-crm-session", "cookie"), ("x-forwarded-proto", "https")];
    let proxied = post(&app, &headers, None, login.clone()).await;
    assert!(proxied.set_cookies[0].ends_with("; Secure"), "{:?}", proxied.set_cookies);

    // Headers set by any operation of a batch reach the HTTP response.
    let batch = post(&app, &[("x-crm-session", "cookie")], None, json!([{"query": ME}, login])).await;
    let answers = batch.body.as_array().unwrap();
    assert_eq!(answers.len(), 2);
    assert_eq!(answers[1]["data"]["login"]["refreshToken"], Value::Null);
    let cookie = batch.refresh_cookie();
    ok(&in_cookie_mode(&app, Some(&cookie), REFRESH, json!({})).await.body);
}
db_test!(the_cookie_is_secure_behind_https_and_set_from_batches);
