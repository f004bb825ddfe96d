//! Access tokens: short-lived HS256 JWTs. The algorithm is pinned on verify, `exp`, `iat`,
//! `sub`, issuer and audience are required and checked; the token names the login session
//! (`sid`) so a revoked session ends its access tokens too.

use chrono::{DateTime, Utc};
use crm_core::error::{AppError, AppResult};
use jsonwebtoken::{decode, encode, Algorithm, DecodingKey, EncodingKey, Header, Validation};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

const ISSUER: &str = "crm";
const AUDIENCE: &str = "crm-access";
/// Download links' tokens: another audience, so that neither kind passes for the other.
const DOWNLOAD_AUDIENCE: &str = "crm-download";

/// A download link's `what` for the customers list as CSV (`GET /exports/customers.csv`).
pub const CUSTOMERS_CSV: &str = "customers";

/// What a download link's token says: whose session asked for which download (`what`, e.g.
/// `customers`, with its `filter` as the API's JSON input), until when.
#[derive(Debug, Serialize, Deserialize)]
pub struct DownloadClaims {
    pub sub: Uuid,
    pub sid: Uuid,
    pub what: String,
    pub filter: serde_json::Value,
    pub iat: i64,
    pub exp: i64,
    pub iss: String,
    pub aud: String,
}

#[derive(Debug, Serialize, Deserialize)]
pub struct AccessClaims {
    pub sub: Uuid,
    pub sid: Uuid,
    pub iat: i64,
    pub exp: i64,
    pub iss: String,
    pub aud: String,
}

pub struct JwtKeys {
    encoding: EncodingKey,
    decoding: DecodingKey,
    validation: Validation,
    download_validation: Validation,
}

impl JwtKeys {
    pub fn new(secret: &[u8]) -> Self {
        let mut validation = Validation::new(Algorithm::HS256);
        validation.set_issuer(&[ISSUER]);
        validation.set_audience(&[AUDIENCE]);
        validation.set_required_spec_claims(&["exp", "iat", "sub", "iss", "aud"]);
        validation.leeway = 30;
        let mut download_validation = validation.clone();
        download_validation.set_audience(&[DOWNLOAD_AUDIENCE]);
        download_validation.leeway = 0;
        Self { encoding: EncodingKey::from_secret(secret), decoding: DecodingKey::from_secret(secret), validation, download_validation }
    }

    /// A download link's token for the session `sid` of user `sub`.
    pub fn issue_download(
        &self,
        (sub, sid): (Uuid, Uuid),
        what: &str,
        filter: serde_json::Value,
        now: DateTime<Utc>,
        expires_at: DateTime<Utc>,
    ) -> AppResult<String> {
        let claims = DownloadClaims {
            sub,
            sid,
            what: what.to_owned(),
            filter,
            iat: now.timestamp(),
            exp: expires_at.timestamp(),
            iss: ISSUER.into(),
            aud: DOWNLOAD_AUDIENCE.into(),
        };
        encode(&Header::new(Algorithm::HS256), &claims, &self.encoding).map_err(|e| AppError::Internal(e.into()))
    }

    /// A download link's claims; any failure (signature, expiry, an access token) is
    /// "unauthenticated".
    pub fn verify_download(&self, token: &str) -> AppResult<DownloadClaims> {
        decode::<DownloadClaims>(token, &self.decoding, &self.download_validation)
            .map(|data| data.claims)
            .map_err(|_| AppError::Unauthenticated)
    }

    pub fn issue(&self, user_id: Uuid, session_id: Uuid, now: DateTime<Utc>, expires_at: DateTime<Utc>) -> AppResult<String> {
        let claims = AccessClaims {
            sub: user_id,
            sid: session_id,
            iat: now.timestamp(),
            exp: expires_at.timestamp(),
            iss: ISSUER.into(),
            aud: AUDIENCE.into(),
        };
        encode(&Header::new(Algorithm::HS256), &claims, &self.encoding).map_err(|e| AppError::Internal(e.into()))
    }

    /// Any failure (bad signature, expired, wrong audience…) is simply "unauthenticated".
    pub fn verify(&self, token: &str) -> AppResult<AccessClaims> {
        decode::<AccessClaims>(token, &self.decoding, &self.validation).map(|data| data.claims).map_err(|_| AppError::Unauthenticated)
    }
}
