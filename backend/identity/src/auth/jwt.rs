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
}

impl JwtKeys {
    pub fn new(secret: &[u8]) -> Self {
        let mut validation = Validation::new(Algorithm::HS256);
        validation.set_issuer(&[ISSUER]);
        validation.set_audience(&[AUDIENCE]);
        validation.set_required_spec_claims(&["exp", "iat", "sub", "iss", "aud"]);
        validation.leeway = 30;
        Self { encoding: EncodingKey::from_secret(secret), decoding: DecodingKey::from_secret(secret), validation }
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
