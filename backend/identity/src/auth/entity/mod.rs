//! Tables of authentication: login sessions with their rotating refresh tokens, API keys, and
//! server secrets (the generated JWT signing key).
pub mod api_key;
pub mod auth_session;
pub mod refresh_token;
pub mod server_secret;
