//! The browser app: every GET that is not an API route. Files come from the copy of
//! `frontend/dist` embedded in the binary (`cargo xtask app` builds it), or from a directory
//! named by `CRM_APP_DIR` / `--app-dir` during development.
//!
//! - An existing file is sent with its Content-Type; a path without a file extension that
//!   matches no file gets `index.html`, so the app's client-side routes survive a reload; a
//!   missing file with an extension is 404 (a stale page asking for an old asset must fail,
//!   not get HTML where it expects JavaScript).
//! - The build writes `<file>.br` and `<file>.gz` beside each file: they are sent as they are
//!   when the client accepts them, so nothing is compressed per request.
//! - File names with a content hash (`crm-app-<16 hex>.js`) never change content: cached for a
//!   year, immutable. `index.html` names the current hashes, so it is revalidated every time
//!   (`no-cache` with an ETag: a 304 costs one round trip and no body).
//! - Every answer carries a Content-Security-Policy that allows only the app's own scripts
//!   (wasm compilation included), styles and API, so injected markup can neither run script
//!   nor send data elsewhere.
//! - The GraphQL explorer (`GET /graphql`) is `explorer/index.html` of the same files, sent
//!   under its own policy (GraphiQL's fonts are `data:` URLs).

use super::HttpState;
use actix_web::http::header::{self, HeaderValue};
use actix_web::http::{Method, StatusCode};
use actix_web::{web, HttpRequest, HttpResponse, HttpResponseBuilder};
use rust_embed::Embed;
use sha2::{Digest, Sha256};
use std::borrow::Cow;
use std::path::PathBuf;

/// The app as built when this binary was compiled (empty when it was not built then). Debug
/// builds read the folder at run time; release builds carry the files.
#[derive(Embed)]
#[folder = "../../frontend/dist/"]
#[allow_missing = true]
struct Embedded;

/// Names the embedded files (see `build.rs`); "none" when the binary carries no app.
pub const EMBEDDED_FINGERPRINT: &str = env!("CRM_APP_FINGERPRINT");

pub const CONTENT_SECURITY_POLICY: &str = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; \
    img-src 'self' data:; connect-src 'self'; frame-src blob:; frame-ancestors 'none'; base-uri 'none'; form-action 'self'";

/// The explorer's policy: only its own scripts and the API, nothing from elsewhere.
pub const EXPLORER_CONTENT_SECURITY_POLICY: &str = "default-src 'self'; script-src 'self'; style-src 'self'; \
    img-src 'self' data:; font-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

const NOT_BUILT: &str = "The browser app is not built: run `cargo xtask app`";
const EXPLORER_NOT_BUILT: &str = "The GraphQL explorer is not built: install Node.js (npm) and run `cargo xtask app`. \
    The API answers POST requests at this address.";
/// Where `cargo xtask app` writes the explorer's page (xtask/src/explorer.rs).
const EXPLORER_PAGE: &str = "explorer/index.html";
const IMMUTABLE: &str = "public, max-age=31536000, immutable";
const INDEX: &str = "index.html";

/// Where the app's files come from.
#[derive(Debug, Clone)]
pub enum AppFiles {
    /// The copy in the binary.
    Embedded,
    /// A directory on disk (`CRM_APP_DIR`), read on every request: rebuilds show at once.
    Directory(PathBuf),
}

/// One file, ready to send.
struct AppFile {
    body: web::Bytes,
    /// Strong validator: a hash of exactly these bytes (so each encoding has its own).
    etag: String,
}

impl AppFiles {
    pub fn new(dir: Option<PathBuf>) -> Self {
        dir.map_or(Self::Embedded, Self::Directory)
    }

    /// Whether there is an app to serve (its `index.html`).
    pub async fn is_present(&self) -> bool {
        self.read(INDEX).await.is_some()
    }

    /// For the start-up log.
    pub fn describe(&self) -> String {
        match self {
            Self::Embedded => format!("embedded (fingerprint {EMBEDDED_FINGERPRINT})"),
            Self::Directory(dir) => format!("directory {}", dir.display()),
        }
    }

    /// `path` is relative and already checked by `relative_path`.
    async fn read(&self, path: &str) -> Option<AppFile> {
        match self {
            Self::Embedded => {
                let file = Embedded::get(path)?;
                let body = match file.data {
                    Cow::Borrowed(bytes) => web::Bytes::from_static(bytes),
                    Cow::Owned(bytes) => web::Bytes::from(bytes),
                };
                Some(AppFile { body, etag: etag_of(&file.metadata.sha256_hash()) })
            }
            Self::Directory(dir) => {
                let bytes = tokio::fs::read(dir.join(path)).await.ok()?;
                let etag = etag_of(&Sha256::digest(&bytes));
                Some(AppFile { body: bytes.into(), etag })
            }
        }
    }
}

fn etag_of(hash: &[u8]) -> String {
    let hex: String = hash.iter().take(16).map(|b| format!("{b:02x}")).collect();
    format!("\"{hex}\"")
}

/// Default service of the HTTP server: serves the app for GET and HEAD.
pub async fn serve(state: web::Data<HttpState>, req: HttpRequest) -> HttpResponse {
    if req.method() != Method::GET && req.method() != Method::HEAD {
        return HttpResponse::MethodNotAllowed().insert_header((header::ALLOW, "GET, HEAD")).finish();
    }
    let Some(path) = relative_path(req.path()) else {
        return plain(StatusCode::NOT_FOUND, "not found");
    };
    let accept = accepted_encodings(&req);
    let files = &state.app_files;
    if let Some((file, encoding)) = negotiate(files, &path, accept).await {
        return send(&req, &path, file, encoding, CONTENT_SECURITY_POLICY);
    }
    if has_extension(&path) && path != INDEX {
        return plain(StatusCode::NOT_FOUND, "not found");
    }
    // A client-side route (`/customers/…`): the app's page, which routes by itself.
    match negotiate(files, INDEX, accept).await {
        Some((file, encoding)) => send(&req, INDEX, file, encoding, CONTENT_SECURITY_POLICY),
        None => plain(StatusCode::SERVICE_UNAVAILABLE, NOT_BUILT),
    }
}

/// The GraphQL explorer's page, under the explorer's policy.
pub async fn serve_explorer(files: &AppFiles, req: &HttpRequest) -> HttpResponse {
    let accept = accepted_encodings(req);
    match negotiate(files, EXPLORER_PAGE, accept).await {
        Some((file, encoding)) => send(req, EXPLORER_PAGE, file, encoding, EXPLORER_CONTENT_SECURITY_POLICY),
        None => plain(StatusCode::SERVICE_UNAVAILABLE, EXPLORER_NOT_BUILT),
    }
}

/// The request's `Accept-Encoding` (empty when absent or unreadable).
fn accepted_encodings(req: &HttpRequest) -> &str {
    req.headers().get(header::ACCEPT_ENCODING).and_then(|v| v.to_str().ok()).unwrap_or_default()
}

/// The file for `path` in the best encoding the client accepts: Brotli, then gzip, then as is.
async fn negotiate(files: &AppFiles, path: &str, accept_encoding: &str) -> Option<(AppFile, Option<&'static str>)> {
    for (encoding, suffix) in [("br", ".br"), ("gzip", ".gz")] {
        if accepts(accept_encoding, encoding) {
            if let Some(file) = files.read(&format!("{path}{suffix}")).await {
                return Some((file, Some(encoding)));
            }
        }
    }
    files.read(path).await.map(|file| (file, None))
}

fn send(req: &HttpRequest, path: &str, file: AppFile, encoding: Option<&str>, policy: &'static str) -> HttpResponse {
    let cache = if is_content_hashed(path) { IMMUTABLE } else { "no-cache" };
    let not_modified = req.headers().get(header::IF_NONE_MATCH).and_then(|v| v.to_str().ok()).is_some_and(|v| etag_matches(v, &file.etag));
    let mut response = if not_modified { HttpResponse::NotModified() } else { HttpResponse::Ok() };
    secured(&mut response, policy)
        .insert_header((header::ETAG, file.etag))
        .insert_header((header::CACHE_CONTROL, cache))
        .insert_header((header::VARY, "Accept-Encoding"));
    if not_modified {
        return response.finish();
    }
    if let Some(encoding) = encoding {
        response.insert_header((header::CONTENT_ENCODING, encoding));
    }
    response.insert_header((header::CONTENT_TYPE, content_type(path))).body(file.body)
}

fn plain(status: StatusCode, text: &'static str) -> HttpResponse {
    secured(&mut HttpResponse::build(status), CONTENT_SECURITY_POLICY)
        .insert_header((header::CACHE_CONTROL, "no-cache"))
        .content_type("text/plain; charset=utf-8")
        .body(text)
}

/// Headers of every app answer: no MIME sniffing, no full URLs to other sites, and the CSP.
fn secured<'a>(response: &'a mut HttpResponseBuilder, policy: &'static str) -> &'a mut HttpResponseBuilder {
    response
        .insert_header((header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff")))
        .insert_header((header::REFERRER_POLICY, HeaderValue::from_static("same-origin")))
        .insert_header((header::CONTENT_SECURITY_POLICY, HeaderValue::from_static(policy)))
}

/// The request path as a path inside the app (`/` is `index.html`), or None when a segment
/// could leave the folder or names a hidden file.
fn relative_path(path: &str) -> Option<String> {
    let path = path.trim_start_matches('/');
    if path.is_empty() {
        return Some(INDEX.into());
    }
    let safe = path.split('/').all(|segment| !segment.is_empty() && !segment.starts_with('.') && !segment.contains(['\\', '\0', ':']));
    safe.then(|| path.to_owned())
}

fn file_name(path: &str) -> &str {
    path.rsplit('/').next().unwrap_or(path)
}

fn has_extension(path: &str) -> bool {
    file_name(path).contains('.')
}

/// Whether the file name carries a content hash as the frontend build writes it: a
/// `-<16 lower-case hex digits>` segment in the part before the extension
/// (`crm-app-0123456789abcdef.js`, `crm-app-0123456789abcdef_bg.wasm`).
fn is_content_hashed(path: &str) -> bool {
    let name = file_name(path);
    let stem = name.split_once('.').map_or(name, |(stem, _)| stem).as_bytes();
    stem.windows(17).enumerate().any(|(start, window)| {
        let hex = |b: &u8| b.is_ascii_digit() || (b'a'..=b'f').contains(b);
        let ends_segment = stem.get(start + 17).is_none_or(|b| !b.is_ascii_alphanumeric());
        window[0] == b'-' && window[1..].iter().all(hex) && ends_segment
    })
}

fn content_type(path: &str) -> &'static str {
    let extension = file_name(path).rsplit_once('.').map(|(_, ext)| ext.to_ascii_lowercase());
    match extension.as_deref() {
        Some("html") => "text/html; charset=utf-8",
        Some("js" | "mjs") => "text/javascript; charset=utf-8",
        Some("wasm") => "application/wasm",
        Some("css") => "text/css; charset=utf-8",
        Some("svg") => "image/svg+xml",
        Some("ico") => "image/x-icon",
        Some("png") => "image/png",
        Some("json" | "map") => "application/json",
        Some("webmanifest") => "application/manifest+json",
        Some("txt") => "text/plain; charset=utf-8",
        Some("woff2") => "font/woff2",
        _ => "application/octet-stream",
    }
}

/// Whether an `Accept-Encoding` value allows `coding` (named, or by `*`, with q > 0).
fn accepts(accept_encoding: &str, coding: &str) -> bool {
    let mut wildcard = None;
    for item in accept_encoding.split(',') {
        let mut parts = item.split(';');
        let name = parts.next().unwrap_or_default().trim();
        let q = parts
            .filter_map(|p| p.trim().strip_prefix("q=").or_else(|| p.trim().strip_prefix("Q=")))
            .find_map(|q| q.trim().parse::<f32>().ok())
            .unwrap_or(1.0);
        if name.eq_ignore_ascii_case(coding) {
            return q > 0.0;
        }
        if name == "*" {
            wildcard = Some(q > 0.0);
        }
    }
    wildcard.unwrap_or(false)
}

/// `If-None-Match`: `*` or a list of (possibly weak) entity tags.
fn etag_matches(if_none_match: &str, etag: &str) -> bool {
    if_none_match.split(',').map(str::trim).any(|tag| tag == "*" || tag.trim_start_matches("W/") == etag)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn content_hashes_are_recognised_in_the_build_s_names() {
        assert!(is_content_hashed("crm-app-0123456789abcdef.js"));
        assert!(is_content_hashed("crm-app-0123456789abcdef_bg.wasm"));
        assert!(is_content_hashed("assets/style-fedcba9876543210.css.br"));
        assert!(!is_content_hashed("index.html"));
        assert!(!is_content_hashed("crm-app-0123456789abcde.js"), "15 digits");
        assert!(!is_content_hashed("crm-app-0123456789abcdef0.js"), "17 digits");
        assert!(!is_content_hashed("crm-app-0123456789ABCDEF.js"), "upper case");
    }

    #[test]
    fn accept_encoding_honours_q_zero_and_wildcards() {
        assert!(accepts("gzip, deflate, br", "br"));
        assert!(accepts("gzip;q=0.5, br;q=1.0", "gzip"));
        assert!(!accepts("gzip, br;q=0", "br"));
        assert!(accepts("*", "br"));
        assert!(!accepts("*;q=0, gzip", "br"));
        assert!(!accepts("identity", "gzip"));
        assert!(!accepts("", "gzip"));
    }

    #[test]
    fn paths_cannot_leave_the_app_folder() {
        assert_eq!(relative_path("/").as_deref(), Some("index.html"));
        assert_eq!(relative_path("/assets/a.js").as_deref(), Some("assets/a.js"));
        assert_eq!(relative_path("/../secret"), None);
        assert_eq!(relative_path("/a/../../b"), None);
        assert_eq!(relative_path("/.env"), None);
        assert_eq!(relative_path("//etc/passwd").as_deref(), Some("etc/passwd"));
        assert_eq!(relative_path("/a//b"), None);
        assert_eq!(relative_path("/a\\..\\b"), None);
    }
}
