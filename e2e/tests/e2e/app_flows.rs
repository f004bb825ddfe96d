//! API-level end-to-end tests of what the browser app relies on, without a browser: the
//! cookie session (`X-CRM-Session: cookie`) and the serving of the app's files. The app's
//! data flows (stale update → CONFLICT, a partner's NOT_FOUND on another customer, consent
//! recorded as SELF_SERVICE) are covered in `api.rs` and, through the app, in `browser.rs`.
//!
//! Build the server first: `cargo build -p crm`.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use e2e::browser::browser_required;
use e2e::{app_dir, demo, error_code, Instance};
use reqwest::header::{HeaderMap, ACCEPT_ENCODING, CACHE_CONTROL, CONTENT_ENCODING, CONTENT_TYPE, COOKIE, ETAG, IF_NONE_MATCH};
use reqwest::StatusCode;
use serde_json::{json, Value};
use std::path::Path;

const CUSTOMERS: usize = 30;
const SESSION_HEADER: &str = "X-CRM-Session";

/// One `/graphql` answer: its body and its `Set-Cookie` headers.
struct Answer {
    body: Value,
    set_cookies: Vec<String>,
}

impl Answer {
    /// The value the `crm_refresh` cookie is set to, if this answer sets it.
    fn refresh_cookie(&self) -> Option<&str> {
        self.set_cookies.iter().find_map(|c| c.strip_prefix("crm_refresh=")).map(|rest| rest.split(';').next().unwrap_or_default())
    }

    /// The attributes of the `crm_refresh` cookie this answer sets (`HttpOnly`, `Max-Age=…`).
    fn refresh_cookie_attributes(&self) -> Vec<String> {
        self.set_cookies
            .iter()
            .find(|c| c.starts_with("crm_refresh="))
            .map(|c| c.split(';').skip(1).map(|a| a.trim().to_owned()).collect())
            .unwrap_or_default()
    }
}

/// Posts an operation as a browser does: in cookie mode (unless `cookie_mode` is false), with
/// the refresh cookie and the access token when given.
async fn post(crm: &Instance, query: &str, cookie_mode: bool, cookie: Option<&str>, bearer: Option<&str>) -> Answer {
    let mut request = crm.client.http().post(crm.client.url("/graphql")).json(&json!({ "query": query }));
    if cookie_mode {
        request = request.header(SESSION_HEADER, "cookie");
    }
    if let Some(cookie) = cookie {
        request = request.header(COOKIE, format!("crm_refresh={cookie}"));
    }
    if let Some(token) = bearer {
        request = request.bearer_auth(token);
    }
    let response = request.send().await.expect("POST /graphql");
    let set_cookies = response.headers().get_all("set-cookie").iter().map(|v| v.to_str().unwrap().to_owned()).collect();
    let body = response.json().await.expect("a JSON answer");
    Answer { body, set_cookies }
}

fn login_mutation() -> String {
    format!(r#"mutation {{ login(email: "{}", password: "{}") {{ accessToken refreshToken expiresAt }} }}"#, demo::ANALYST, demo::PASSWORD)
}
const REFRESH: &str = "mutation { refreshToken { accessToken refreshToken } }";
const ME: &str = "{ me { user { email } } }";

fn access_token(answer: &Answer, field: &str) -> String {
    answer.body["data"][field]["accessToken"].as_str().unwrap_or_else(|| panic!("no access token: {}", answer.body)).to_owned()
}

#[tokio::test]
async fn cookie_session_logs_in_refreshes_and_logs_out() {
    let crm = Instance::seeded(CUSTOMERS, &[]).await.expect("seeded server");

    // Login in cookie mode: the refresh token is an HttpOnly, SameSite=Strict cookie only.
    let login = post(&crm, &login_mutation(), true, None, None).await;
    assert!(login.body["data"]["login"]["refreshToken"].is_null(), "cookie mode returned the refresh token: {}", login.body);
    let access = access_token(&login, "login");
    let first = login.refresh_cookie().expect("login set no crm_refresh cookie").to_owned();
    assert!(!first.is_empty());
    let attributes = login.refresh_cookie_attributes();
    for wanted in ["HttpOnly", "SameSite=Strict", "Path=/graphql"] {
        assert!(attributes.iter().any(|a| a == wanted), "crm_refresh lacks {wanted}: {:?}", login.set_cookies);
    }
    let max_age: u64 = attributes.iter().find_map(|a| a.strip_prefix("Max-Age=")).and_then(|v| v.parse().ok()).expect("a Max-Age");
    assert!(max_age > 3600, "the cookie lives only {max_age} s");
    assert!(!attributes.iter().any(|a| a == "Secure"), "plain HTTP got a Secure cookie: {:?}", login.set_cookies);
    let me = post(&crm, ME, true, None, Some(&access)).await;
    assert_eq!(me.body["data"]["me"]["user"]["email"], demo::ANALYST);

    // Without the header the cookie does not count.
    let ignored = post(&crm, REFRESH, false, Some(&first), None).await;
    assert_eq!(error_code(&ignored.body), Some("BAD_USER_INPUT"), "{}", ignored.body);
    assert!(ignored.set_cookies.is_empty(), "outside cookie mode a cookie was set: {:?}", ignored.set_cookies);

    // refreshToken without an argument uses the cookie and rotates it.
    let refreshed = post(&crm, REFRESH, true, Some(&first), None).await;
    assert!(refreshed.body["data"]["refreshToken"]["refreshToken"].is_null(), "{}", refreshed.body);
    let renewed = access_token(&refreshed, "refreshToken");
    let second = refreshed.refresh_cookie().expect("refresh set no new cookie").to_owned();
    assert!(!second.is_empty() && second != first, "the refresh cookie was not rotated");
    let me = post(&crm, ME, true, None, Some(&renewed)).await;
    assert_eq!(me.body["data"]["me"]["user"]["email"], demo::ANALYST);

    // No cookie at all: UNAUTHENTICATED (the app shows its login page).
    let none = post(&crm, REFRESH, true, None, None).await;
    assert_eq!(error_code(&none.body), Some("UNAUTHENTICATED"), "{}", none.body);

    // Logout clears the cookie and ends the session: its cookie and access token stop working.
    let out = post(&crm, "mutation { logout { success } }", true, Some(&second), Some(&renewed)).await;
    assert_eq!(out.body["data"]["logout"]["success"], true, "{}", out.body);
    assert_eq!(out.refresh_cookie(), Some(""), "logout did not clear the cookie: {:?}", out.set_cookies);
    assert!(out.refresh_cookie_attributes().iter().any(|a| a == "Max-Age=0"), "{:?}", out.set_cookies);
    let after = post(&crm, REFRESH, true, Some(&second), None).await;
    assert_eq!(error_code(&after.body), Some("UNAUTHENTICATED"), "the cookie outlived logout: {}", after.body);
    assert_eq!(after.refresh_cookie(), Some(""), "a refused cookie was not cleared: {:?}", after.set_cookies);
    let me = post(&crm, ME, true, None, Some(&renewed)).await;
    assert_eq!(error_code(&me.body), Some("UNAUTHENTICATED"), "the access token outlived logout: {}", me.body);
}

#[tokio::test]
async fn a_reused_refresh_cookie_ends_the_session() {
    let crm = Instance::seeded(CUSTOMERS, &[]).await.expect("seeded server");
    let login = post(&crm, &login_mutation(), true, None, None).await;
    let first = login.refresh_cookie().expect("a cookie").to_owned();
    let refreshed = post(&crm, REFRESH, true, Some(&first), None).await;
    let second = refreshed.refresh_cookie().expect("a rotated cookie").to_owned();

    // Someone replays the first cookie: refused and cleared, and the session is over for
    // everyone holding it, the rightful browser included.
    let replay = post(&crm, REFRESH, true, Some(&first), None).await;
    assert_eq!(error_code(&replay.body), Some("UNAUTHENTICATED"), "{}", replay.body);
    assert_eq!(replay.refresh_cookie(), Some(""), "{:?}", replay.set_cookies);
    let rightful = post(&crm, REFRESH, true, Some(&second), None).await;
    assert_eq!(error_code(&rightful.body), Some("UNAUTHENTICATED"), "reuse did not end the session: {}", rightful.body);
}

/// A fake built app: a page and one content-hashed script with precompressed siblings.
fn fake_app(dir: &Path) {
    std::fs::write(
        dir.join("index.html"),
        "<!doctype html><title>fake app</title><script type=module src=/crm-app-0123456789abcdef.js></script>",
    )
    .unwrap();
    std::fs::write(dir.join("crm-app-0123456789abcdef.js"), "console.log('raw')").unwrap();
    std::fs::write(dir.join("crm-app-0123456789abcdef.js.br"), b"brotli bytes").unwrap();
    std::fs::write(dir.join("crm-app-0123456789abcdef.js.gz"), b"gzip bytes").unwrap();
}

async fn get(crm: &Instance, path: &str, headers: &[(reqwest::header::HeaderName, &str)]) -> (StatusCode, HeaderMap, Vec<u8>) {
    let mut request = crm.client.http().get(crm.client.url(path));
    for (name, value) in headers {
        request = request.header(name, *value);
    }
    let response = request.send().await.unwrap_or_else(|err| panic!("GET {path}: {err}"));
    let (status, headers) = (response.status(), response.headers().clone());
    (status, headers, response.bytes().await.unwrap().to_vec())
}

fn header(headers: &HeaderMap, name: impl reqwest::header::AsHeaderName) -> &str {
    headers.get(name).map(|v| v.to_str().unwrap()).unwrap_or_default()
}

fn assert_csp(headers: &HeaderMap, what: &str) {
    let csp = header(headers, "content-security-policy");
    for directive in ["default-src 'self'", "script-src 'self' 'wasm-unsafe-eval'", "connect-src 'self'", "frame-ancestors 'none'"] {
        assert!(csp.contains(directive), "{what}: the Content-Security-Policy lacks {directive:?}: {csp:?}");
    }
}

#[tokio::test]
async fn the_server_serves_the_app_from_crm_app_dir() {
    let dir = tempfile::tempdir().unwrap();
    fake_app(dir.path());
    let app = dir.path().display().to_string();
    let crm = Instance::seeded(CUSTOMERS, &[("CRM_APP_DIR", app.as_str())]).await.expect("seeded server");
    let index = std::fs::read(dir.path().join("index.html")).unwrap();

    // `/` and client-side routes are the app's page, revalidated by ETag, with the CSP.
    for path in ["/", "/customers/0195b1e2-0000-7000-8000-000000000000/edit", "/me"] {
        let (status, headers, body) = get(&crm, path, &[]).await;
        assert_eq!(status, StatusCode::OK, "GET {path}");
        assert_eq!(body, index, "GET {path} is not the app's index.html");
        assert!(header(&headers, CONTENT_TYPE).starts_with("text/html"), "GET {path}: {headers:?}");
        assert_eq!(header(&headers, CACHE_CONTROL), "no-cache", "GET {path}");
        assert_csp(&headers, path);
    }
    let (_, headers, _) = get(&crm, "/", &[]).await;
    let etag = header(&headers, ETAG).to_owned();
    assert!(!etag.is_empty(), "index.html has no ETag");
    let (status, _, body) = get(&crm, "/", &[(IF_NONE_MATCH, etag.as_str())]).await;
    assert_eq!((status, body.len()), (StatusCode::NOT_MODIFIED, 0));

    // A hashed asset: its precompressed variant as asked, cached for good.
    let asset = "/crm-app-0123456789abcdef.js";
    let (status, headers, body) = get(&crm, asset, &[(ACCEPT_ENCODING, "gzip, deflate, br")]).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(header(&headers, CONTENT_ENCODING), "br");
    assert_eq!(body, b"brotli bytes");
    assert!(header(&headers, CONTENT_TYPE).starts_with("text/javascript"), "{headers:?}");
    assert!(header(&headers, CACHE_CONTROL).contains("immutable"), "{headers:?}");
    assert!(header(&headers, "vary").contains("Accept-Encoding"), "{headers:?}");
    assert_csp(&headers, asset);
    let (_, headers, body) = get(&crm, asset, &[(ACCEPT_ENCODING, "gzip")]).await;
    assert_eq!((header(&headers, CONTENT_ENCODING), body.as_slice()), ("gzip", b"gzip bytes".as_slice()));
    let (_, headers, body) = get(&crm, asset, &[]).await;
    assert_eq!((header(&headers, CONTENT_ENCODING), body.as_slice()), ("", b"console.log('raw')".as_slice()));

    // A missing asset is a 404, never the page (a stale page must not get HTML as script).
    let (status, _, _) = get(&crm, "/crm-app-fedcba9876543210.js", &[]).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    // The API routes are not the app.
    let (status, _, _) = get(&crm, "/healthz", &[]).await;
    assert_eq!(status, StatusCode::OK);
}

/// The real build (`cargo xtask app`): its page and every asset it names are served, the
/// assets as Brotli. Skipped when the app is not built, unless `CRM_E2E_BROWSER=require`.
#[tokio::test]
async fn the_built_app_is_served_with_brotli_assets() {
    let Some(dist) = app_dir() else {
        assert!(!browser_required(), "CRM_E2E_BROWSER=require but frontend/dist/index.html is missing: run `cargo xtask app`");
        eprintln!("\n==================== SKIPPED: the browser app is not built: run `cargo xtask app` ====================\n");
        return;
    };
    let crm = Instance::seeded(CUSTOMERS, &[("CRM_APP_DIR", dist.to_str().unwrap())]).await.expect("seeded server");
    let index = std::fs::read_to_string(dist.join("index.html")).unwrap();
    let (status, headers, body) = get(&crm, "/", &[]).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(String::from_utf8(body).unwrap(), index);
    assert_csp(&headers, "/");

    // The files the page names (`src="/…"`, `href="/…"`), each content-hashed.
    let assets: Vec<&str> = index
        .split(['"', '\''])
        .filter(|part| part.starts_with('/') && !part.starts_with("//") && part.contains('.') && !part.contains(' '))
        .collect();
    assert!(assets.iter().any(|a| a.ends_with(".js")), "index.html names no script: {index}");
    for asset in assets {
        let (status, headers, body) = get(&crm, asset, &[(ACCEPT_ENCODING, "br, gzip")]).await;
        assert_eq!(status, StatusCode::OK, "GET {asset}");
        assert!(header(&headers, CACHE_CONTROL).contains("immutable"), "{asset} is not cached as immutable: {headers:?}");
        let precompressed = dist.join(format!("{}.br", asset.trim_start_matches('/')));
        if precompressed.is_file() {
            assert_eq!(header(&headers, CONTENT_ENCODING), "br", "{asset}");
            assert_eq!(body, std::fs::read(&precompressed).unwrap(), "{asset}: not the build's .br file");
        } else {
            eprintln!("{asset} has no .br sibling (a dev build?)");
        }
    }
}
