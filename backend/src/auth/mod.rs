//! Authentication: who is calling. Passwords (Argon2id), access tokens (JWT), login sessions
//! with rotating refresh tokens, and API keys for integrations. Authorization — what a caller
//! may do — lives in `crate::access`. Browser apps keep the refresh token in an HttpOnly
//! cookie (`browser`).

pub mod api_keys;
pub mod browser;
pub mod entity;
pub mod graphql;
pub mod jwt;
pub mod password;
mod principal;
pub mod secrets;
pub mod sessions;

pub use principal::{ApiScope, Principal, PrincipalKind};

use uuid::Uuid;

/// The authenticated caller of one request, as services see it.
#[derive(Debug, Clone)]
pub struct Caller {
    pub principal: Principal,
    /// The login session, for token-based callers (logout ends it).
    pub session_id: Option<Uuid>,
    /// Correlates the audit log with the server logs.
    pub request_id: Option<String>,
}

impl Caller {
    /// The server's own command line.
    pub fn system(label: &'static str) -> Self {
        Self { principal: Principal::System { label }, session_id: None, request_id: None }
    }
}
