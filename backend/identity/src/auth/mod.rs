//! Authentication: who is calling. Passwords (Argon2id), access tokens (JWT), login sessions
//! with rotating refresh tokens, and API keys for integrations. Authorization — what a caller
//! may do — lives in `crm_core::access`. Browser apps keep the refresh token in an HttpOnly
//! cookie (`browser`).

pub mod api_keys;
pub mod browser;
pub mod entity;
pub mod jwt;
pub mod password;
pub mod secrets;
pub mod sessions;

pub use crm_core::principal::{ApiScope, Caller, Principal, PrincipalKind};
