//! Password hashing with Argon2id at OWASP's recommended parameters (19 MiB, 2 passes, 1 lane).
//! Hashing takes tens of milliseconds, so it runs on the blocking pool, never on the executor.

use anyhow::anyhow;
use argon2::password_hash::rand_core::OsRng;
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::{Algorithm, Argon2, Params, Version};
use crm_core::error::{AppError, AppResult, InputReason};
use std::sync::OnceLock;

pub const MIN_PASSWORD_LEN: usize = 10;
pub const MAX_PASSWORD_LEN: usize = 256;

fn argon2() -> Argon2<'static> {
    // 19 MiB memory, 2 iterations, parallelism 1: OWASP Password Storage Cheat Sheet.
    let params = Params::new(19 * 1024, 2, 1, None).unwrap_or_default();
    Argon2::new(Algorithm::Argon2id, Version::V0x13, params)
}

/// Checks a new password's length (bytes are what Argon2 hashes; the bound stops hashing
/// abuse).
pub fn validate_new_password(password: &str) -> AppResult<()> {
    let reason = if password.chars().count() < MIN_PASSWORD_LEN {
        InputReason::PasswordTooShort { min: MIN_PASSWORD_LEN }
    } else if password.len() > MAX_PASSWORD_LEN {
        InputReason::PasswordTooLong { max_bytes: MAX_PASSWORD_LEN }
    } else {
        return Ok(());
    };
    let message = format!("the password must have at least {MIN_PASSWORD_LEN} characters and at most {MAX_PASSWORD_LEN} bytes");
    Err(AppError::invalid("password", reason.with_message(message)))
}

pub async fn hash_password(password: String) -> AppResult<String> {
    tokio::task::spawn_blocking(move || {
        let salt = SaltString::generate(&mut OsRng);
        argon2()
            .hash_password(password.as_bytes(), &salt)
            .map(|h| h.to_string())
            .map_err(|e| AppError::Internal(anyhow!("hashing a password: {e}")))
    })
    .await
    .map_err(|e| AppError::Internal(e.into()))?
}

/// Verifies `password` against `hash`, or against a dummy hash when the account does not
/// exist, so that a login takes as long whether or not the email is known.
pub async fn verify_password(password: String, hash: Option<String>) -> AppResult<bool> {
    let hash = hash.unwrap_or_else(|| dummy_hash().to_owned());
    tokio::task::spawn_blocking(move || {
        let Ok(parsed) = PasswordHash::new(&hash) else { return false };
        argon2().verify_password(password.as_bytes(), &parsed).is_ok()
    })
    .await
    .map_err(|e| AppError::Internal(e.into()))
}

fn dummy_hash() -> &'static str {
    static DUMMY: OnceLock<String> = OnceLock::new();
    DUMMY.get_or_init(|| {
        let salt = SaltString::generate(&mut OsRng);
        argon2().hash_password(b"not a real password", &salt).map(|h| h.to_string()).unwrap_or_default()
    })
}
