//! Random tokens, their stored hashes, and the JWT signing secret.

// This module is the repository of its own tables (it has no separate `repo.rs`).
#![allow(clippy::disallowed_methods)]

use super::entity::server_secret;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use crm_core::clock::Clock;
use crm_core::error::{AppError, AppResult, InputReason};
use rand::RngCore;
use sea_orm::sea_query::OnConflict;
use sea_orm::{ConnectionTrait, EntityTrait, Set};
use sha2::{Digest, Sha256};

const JWT_SECRET_NAME: &str = "jwt_signing_key";
pub const MIN_JWT_SECRET_LEN: usize = 32;

/// `bytes` of OS randomness, base64url without padding.
pub fn random_token(bytes: usize) -> String {
    let mut buf = vec![0u8; bytes];
    rand::rngs::OsRng.fill_bytes(&mut buf);
    URL_SAFE_NO_PAD.encode(buf)
}

/// Hex SHA-256: how refresh tokens and API key secrets are stored. These are 256-bit random
/// values, so a fast hash is enough (no dictionary to attack, unlike passwords).
pub fn sha256_hex(value: &str) -> String {
    let digest = Sha256::digest(value.as_bytes());
    digest.iter().map(|b| format!("{b:02x}")).collect()
}

/// The configured secret, or the one stored in the database, generated on first start. Never
/// a built-in default. Concurrent first starts agree: the insert keeps the first row.
pub async fn jwt_secret(db: &impl ConnectionTrait, configured: Option<&str>, clock: &dyn Clock) -> AppResult<Vec<u8>> {
    if let Some(secret) = configured {
        if secret.len() < MIN_JWT_SECRET_LEN {
            return Err(AppError::invalid(
                "CRM_JWT_SECRET",
                InputReason::TooShort { min: MIN_JWT_SECRET_LEN }
                    .with_message(format!("CRM_JWT_SECRET must be at least {MIN_JWT_SECRET_LEN} bytes")),
            ));
        }
        return Ok(secret.as_bytes().to_vec());
    }
    server_secret::Entity::insert(server_secret::ActiveModel {
        name: Set(JWT_SECRET_NAME.into()),
        value: Set(random_token(64)),
        created_at: Set(clock.now()),
    })
    .on_conflict(OnConflict::column(server_secret::Column::Name).do_nothing().to_owned())
    .do_nothing()
    .exec(db)
    .await?;
    let stored = server_secret::Entity::find_by_id(JWT_SECRET_NAME.to_owned())
        .one(db)
        .await?
        .ok_or_else(|| AppError::Internal(anyhow::anyhow!("the JWT secret row vanished")))?;
    Ok(stored.value.into_bytes())
}
