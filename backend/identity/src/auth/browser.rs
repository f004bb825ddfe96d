//! Browser sessions: the refresh token lives in an HttpOnly cookie, so script running in the
//! page — the app, or whatever an XSS injects — can never read it; the app keeps only the
//! short-lived access token, in memory.
//!
//! A request opts in with the header `X-CRM-Session: cookie` ("cookie mode"). Then login and
//! refreshToken set the `crm_refresh` cookie instead of returning the refresh token,
//! refreshToken without a token argument reads the cookie, and logout clears it. Without the
//! header the cookie is ignored, whatever the browser sends.
//!
//! CSRF: a custom header cannot be sent cross-site without a CORS preflight, which this server
//! never grants, so another site's page or form cannot make a request in which the cookie
//! counts; and `SameSite=Strict` keeps browsers from sending the cookie on cross-site
//! requests at all. `Path=/graphql` keeps it off every other request (the app's files).

use std::time::Duration;

/// Name of the refresh-token cookie.
pub const REFRESH_COOKIE: &str = "crm_refresh";
/// The request header that turns cookie mode on, with `SESSION_HEADER_VALUE`.
pub const SESSION_HEADER: &str = "x-crm-session";
pub const SESSION_HEADER_VALUE: &str = "cookie";

/// What the HTTP layer learnt about a browser request in cookie mode; resolvers find it in the
/// request data. Absent outside cookie mode.
#[derive(Debug, Clone, Default)]
pub struct BrowserSession {
    /// The `crm_refresh` cookie the browser sent, if any.
    pub refresh_cookie: Option<String>,
    /// The request came over HTTPS (directly, or as a proxy's `X-Forwarded-Proto` or
    /// `Forwarded` says): the cookie is marked `Secure`.
    pub secure: bool,
}

impl BrowserSession {
    /// `Set-Cookie` value that stores `token` for `max_age` (the refresh token's lifetime).
    pub fn set_cookie(&self, token: &str, max_age: Duration) -> String {
        self.cookie(token, max_age.as_secs())
    }

    /// `Set-Cookie` value that makes the browser forget the cookie.
    pub fn clear_cookie(&self) -> String {
        self.cookie("", 0)
    }

    fn cookie(&self, value: &str, max_age: u64) -> String {
        let secure = if self.secure { "; Secure" } else { "" };
        format!("{REFRESH_COOKIE}={value}; HttpOnly; SameSite=Strict; Path=/graphql; Max-Age={max_age}{secure}")
    }
}

/// The value of cookie `name` in a `Cookie` request header (`a=1; b=2`).
pub fn cookie_value<'a>(header: &'a str, name: &str) -> Option<&'a str> {
    header.split(';').filter_map(|pair| pair.trim().split_once('=')).find(|(key, _)| *key == name).map(|(_, value)| value.trim_matches('"'))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cookies_are_found_by_exact_name() {
        assert_eq!(cookie_value("crm_refresh=abc", REFRESH_COOKIE), Some("abc"));
        assert_eq!(cookie_value("x=1; crm_refresh=abc-_9; y=2", REFRESH_COOKIE), Some("abc-_9"));
        assert_eq!(cookie_value("xcrm_refresh=abc; crm_refresh_old=d", REFRESH_COOKIE), None);
        assert_eq!(cookie_value("", REFRESH_COOKIE), None);
    }

    #[test]
    fn the_cookie_is_http_only_strict_and_secure_over_https() {
        let https = BrowserSession { refresh_cookie: None, secure: true };
        assert_eq!(
            https.set_cookie("t0k", Duration::from_secs(60)),
            "crm_refresh=t0k; HttpOnly; SameSite=Strict; Path=/graphql; Max-Age=60; Secure"
        );
        let http = BrowserSession::default();
        assert_eq!(http.clear_cookie(), "crm_refresh=; HttpOnly; SameSite=Strict; Path=/graphql; Max-Age=0");
    }
}
