//! The browser app served by the backend: client-side routes, precompressed files, caching,
//! conditional requests, security headers, and an honest answer when the app is not built.

use crate::helpers::{spawn, Backend, TestApp};
use std::path::Path;

const INDEX: &str = "<!doctype html><title>CRM</title><script type=module src=/crm-app-0123456789abcdef.js></script>";
const SCRIPT: &str = "crm-app-0123456789abcdef.js";

/// An app folder as the frontend build writes it: index.html, a hashed script and its
/// precompressed siblings (their content only has to be told apart here).
fn build_app(dir: &Path) {
    std::fs::write(dir.join("index.html"), INDEX).unwrap();
    std::fs::write(dir.join(SCRIPT), "export default 1;").unwrap();
    std::fs::write(dir.join(format!("{SCRIPT}.br")), "brotli bytes").unwrap();
    std::fs::write(dir.join(format!("{SCRIPT}.gz")), "gzip bytes").unwrap();
    std::fs::write(dir.join("favicon.svg"), "<svg/>").unwrap();
    std::fs::create_dir(dir.join("explorer")).unwrap();
    std::fs::write(dir.join("explorer/index.html"), EXPLORER).unwrap();
}

const EXPLORER: &str =
    "<!doctype html><title>CRM GraphQL explorer</title><script defer src=/explorer/graphiql-0123456789abcdef.min.js></script>";

async fn app_in(dir: &Path) -> TestApp {
    let dir = dir.to_path_buf();
    spawn(Backend::Sqlite, move |c| c.app_dir = Some(dir)).await
}

async fn get(app: &TestApp, path: &str, headers: &[(&str, &str)]) -> reqwest::Response {
    let mut req = app.client.get(format!("{}{path}", app.address));
    for (name, value) in headers {
        req = req.header(*name, *value);
    }
    req.send().await.unwrap()
}

fn header<'a>(res: &'a reqwest::Response, name: &str) -> &'a str {
    res.headers().get(name).map_or("", |v| v.to_str().unwrap())
}

#[tokio::test]
async fn client_side_routes_get_the_page_and_missing_assets_do_not() {
    let dir = tempfile::tempdir().unwrap();
    build_app(dir.path());
    let app = app_in(dir.path()).await;

    for path in ["/", "/customers/123", "/customers/123/history"] {
        let res = get(&app, path, &[]).await;
        assert_eq!(res.status(), 200, "{path}");
        assert_eq!(header(&res, "content-type"), "text/html; charset=utf-8");
        assert_eq!(header(&res, "cache-control"), "no-cache", "the page names the current hashes: always revalidated");
        assert_eq!(
            header(&res, "content-security-policy"),
            "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; img-src 'self' data:; connect-src 'self'; \
             frame-src blob:; frame-ancestors 'none'; base-uri 'none'; form-action 'self'"
        );
        assert_eq!(header(&res, "x-content-type-options"), "nosniff");
        assert_eq!(header(&res, "referrer-policy"), "same-origin");
        assert_eq!(res.text().await.unwrap(), INDEX);
    }
    // An asset that is not there is 404, never the page in its place.
    let missing = get(&app, "/missing.js", &[]).await;
    assert_eq!(missing.status(), 404);
    assert_eq!(get(&app, "/../Cargo.toml", &[]).await.status(), 404);
    // A file without a hash is revalidated; other methods are not the app's.
    let icon = get(&app, "/favicon.svg", &[]).await;
    assert_eq!((icon.status().as_u16(), header(&icon, "content-type"), header(&icon, "cache-control")), (200, "image/svg+xml", "no-cache"));
    let post = app.client.post(format!("{}/customers", app.address)).send().await.unwrap();
    assert_eq!(post.status(), 405);

    // The API keeps its routes; the explorer is the bundle's page, under its own policy.
    assert_eq!(get(&app, "/healthz", &[]).await.text().await.unwrap(), "ok");
    let graphiql = get(&app, "/graphql", &[]).await;
    assert_eq!((graphiql.status().as_u16(), header(&graphiql, "cache-control")), (200, "no-cache"));
    assert_eq!(header(&graphiql, "content-security-policy"), crm::http::app::EXPLORER_CONTENT_SECURITY_POLICY);
    assert_eq!(graphiql.text().await.unwrap(), EXPLORER);
}

#[tokio::test]
async fn an_app_built_without_the_explorer_says_how_to_add_it() {
    let dir = tempfile::tempdir().unwrap();
    build_app(dir.path());
    std::fs::remove_dir_all(dir.path().join("explorer")).unwrap();
    let app = app_in(dir.path()).await;
    let graphiql = get(&app, "/graphql", &[]).await;
    assert_eq!(graphiql.status(), 503);
    assert!(graphiql.text().await.unwrap().contains("cargo xtask app"));
    // The app itself is unaffected.
    assert_eq!(get(&app, "/customers", &[]).await.text().await.unwrap(), INDEX);
}

#[tokio::test]
async fn hashed_files_are_precompressed_immutable_and_revalidated_by_etag() {
    let dir = tempfile::tempdir().unwrap();
    build_app(dir.path());
    let app = app_in(dir.path()).await;
    let path = format!("/{SCRIPT}");

    let cases = [
        ("gzip, deflate, br", Some("br"), "brotli bytes"),
        ("br;q=1.0, gzip;q=0.8", Some("br"), "brotli bytes"),
        ("gzip", Some("gzip"), "gzip bytes"),
        ("gzip, br;q=0", Some("gzip"), "gzip bytes"),
        ("identity", None, "export default 1;"),
    ];
    let mut etags = Vec::new();
    for (accept, encoding, body) in cases {
        let res = get(&app, &path, &[("accept-encoding", accept)]).await;
        assert_eq!(res.status(), 200, "{accept}");
        assert_eq!(res.headers().get("content-encoding").map(|v| v.to_str().unwrap()), encoding, "{accept}");
        assert_eq!(header(&res, "content-type"), "text/javascript; charset=utf-8");
        assert_eq!(header(&res, "cache-control"), "public, max-age=31536000, immutable");
        assert!(header(&res, "vary").eq_ignore_ascii_case("accept-encoding"), "{accept}");
        etags.push(header(&res, "etag").to_owned());
        assert_eq!(res.text().await.unwrap(), body, "{accept}");
    }
    assert!(etags[0].starts_with('"') && etags[0] != etags[2] && etags[2] != etags[4], "one validator per encoding: {etags:?}");

    // A matching validator is a 304 without a body; a stale one gets the file.
    let res = get(&app, &path, &[("accept-encoding", "br"), ("if-none-match", &etags[0])]).await;
    assert_eq!(res.status(), 304);
    assert_eq!(header(&res, "etag"), etags[0]);
    assert_eq!(header(&res, "cache-control"), "public, max-age=31536000, immutable");
    assert!(res.bytes().await.unwrap().is_empty());
    let res = get(&app, "/", &[]).await;
    let page_etag = header(&res, "etag").to_owned();
    let res = get(&app, "/", &[("if-none-match", &format!("\"stale\", W/{page_etag}"))]).await;
    assert_eq!(res.status(), 304);
    let res = get(&app, "/", &[("if-none-match", "\"stale\"")]).await;
    assert_eq!(res.status(), 200);
}

#[tokio::test]
async fn without_a_built_app_the_server_says_so() {
    let empty = tempfile::tempdir().unwrap();
    let app = app_in(empty.path()).await;
    for path in ["/", "/customers/123"] {
        let res = get(&app, path, &[]).await;
        assert_eq!(res.status(), 503, "{path}");
        assert_eq!(res.text().await.unwrap(), "The browser app is not built: run `cargo xtask app`");
    }
    assert_eq!(get(&app, "/missing.js", &[]).await.status(), 404);
    assert_eq!(get(&app, "/readyz", &[]).await.status(), 200);
}
