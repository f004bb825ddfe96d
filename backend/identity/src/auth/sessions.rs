//! Login sessions: login, refresh-token rotation with reuse detection, logout, and turning a
//! bearer credential into a `Principal` on every request.

// This module is the repository of its own tables (it has no separate `repo.rs`).
#![allow(clippy::disallowed_methods)]

use super::entity::{auth_session, refresh_token};
use super::jwt::{DownloadClaims, JwtKeys};
use super::password::verify_password;
use super::secrets::{random_token, sha256_hex};
use super::{api_keys, Caller, Principal};
use crate::domain::UserKind;
use crate::entity::user;
use chrono::{DateTime, Duration, Utc};
use crm_core::clock::{new_id_at, SharedClock};
use crm_core::credentials::{CheckedCredential, CredentialKey};
use crm_core::db::Db;
use crm_core::error::{AppError, AppResult};
use crm_core::visible::Visible;
use sea_orm::{ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, Set, TransactionTrait};
use std::sync::Arc;
use uuid::Uuid;

/// What login and refresh hand to the client.
#[derive(Debug, Clone)]
pub struct IssuedTokens {
    pub access_token: String,
    pub access_expires_at: DateTime<Utc>,
    pub refresh_token: String,
    pub refresh_expires_at: DateTime<Utc>,
    /// The account that logged in: its owner sees it.
    pub user: Visible<user::Model>,
}

#[derive(Clone)]
pub struct AuthService {
    db: Db,
    clock: SharedClock,
    keys: Arc<JwtKeys>,
    access_ttl: Duration,
    refresh_ttl: Duration,
}

impl AuthService {
    pub fn new(db: Db, clock: SharedClock, keys: JwtKeys, access_ttl: std::time::Duration, refresh_ttl: std::time::Duration) -> Self {
        Self {
            db,
            clock,
            keys: Arc::new(keys),
            access_ttl: Duration::from_std(access_ttl).unwrap_or(Duration::minutes(15)),
            refresh_ttl: Duration::from_std(refresh_ttl).unwrap_or(Duration::days(30)),
        }
    }

    /// How long a refresh token lives (and so a session without activity): the browser
    /// session cookie's Max-Age.
    pub fn refresh_ttl(&self) -> std::time::Duration {
        self.refresh_ttl.to_std().unwrap_or_default()
    }

    /// Checks the password and opens a session. Unknown email, wrong password and disabled
    /// account all give the same error, after the same work.
    pub async fn login(&self, email: &str, password: &str) -> AppResult<IssuedTokens> {
        let email = email.trim().to_lowercase();
        let found = user::Entity::find().filter(user::Column::Email.eq(&email)).one(&self.db.read).await?;
        let verified = verify_password(password.to_owned(), found.as_ref().map(|u| u.password_hash.clone())).await?;
        let user = match found {
            Some(user) if verified && user.active => user,
            _ => {
                return Err(AppError::InvalidCredentials);
            }
        };
        let now = self.clock.now();
        let txn = self.db.write.begin().await?;
        let session = auth_session::ActiveModel {
            id: Set(new_id_at(now)),
            user_id: Set(user.id),
            created_at: Set(now),
            expires_at: Set(now + self.refresh_ttl),
            revoked_at: Set(None),
        }
        .insert(&txn)
        .await?;
        let tokens = self.issue(&txn, user, session.id, now).await?;
        txn.commit().await?;
        Ok(tokens)
    }

    /// Exchanges a refresh token for a new pair. Each refresh token works once; presenting a
    /// used one means it leaked, so the whole session is revoked.
    pub async fn refresh(&self, token: &str) -> AppResult<IssuedTokens> {
        let now = self.clock.now();
        let hash = sha256_hex(token);
        let txn = self.db.write.begin().await?;
        let Some(stored) = refresh_token::Entity::find().filter(refresh_token::Column::TokenHash.eq(hash)).one(&txn).await? else {
            return Err(AppError::Unauthenticated);
        };
        let Some((session, Some(user))) =
            auth_session::Entity::find_by_id(stored.session_id).find_also_related(user::Entity).one(&txn).await?
        else {
            return Err(AppError::Unauthenticated);
        };
        if session.revoked_at.is_some() || !user.active {
            return Err(AppError::Unauthenticated);
        }
        // Mark used only if nobody did so first: a concurrent refresh with the same token is
        // a reuse too.
        let marked = refresh_token::Entity::update_many()
            .col_expr(refresh_token::Column::UsedAt, now.into())
            .filter(refresh_token::Column::Id.eq(stored.id))
            .filter(refresh_token::Column::UsedAt.is_null())
            .exec(&txn)
            .await?;
        if marked.rows_affected != 1 {
            revoke_session(&txn, session.id, now).await?;
            txn.commit().await?;
            self.db.credentials().invalidate();
            tracing::warn!(session = %session.id, "refresh token reused: session revoked");
            return Err(AppError::Unauthenticated);
        }
        if stored.expires_at <= now {
            return Err(AppError::Unauthenticated);
        }
        let mut active: auth_session::ActiveModel = session.into();
        active.expires_at = Set(now + self.refresh_ttl);
        let session = active.update(&txn).await?;
        let tokens = self.issue(&txn, user, session.id, now).await?;
        txn.commit().await?;
        Ok(tokens)
    }

    /// Ends a session: the one a refresh token belongs to, or the caller's current one.
    pub async fn logout(&self, caller: Option<&Caller>, refresh: Option<&str>) -> AppResult<()> {
        let now = self.clock.now();
        let session_id = match (refresh, caller.and_then(|c| c.session_id)) {
            (Some(token), _) => {
                let found =
                    refresh_token::Entity::find().filter(refresh_token::Column::TokenHash.eq(sha256_hex(token))).one(&self.db.read).await?;
                found.map(|t| t.session_id)
            }
            (None, Some(sid)) => Some(sid),
            (None, None) => return Err(AppError::Unauthenticated),
        };
        if let Some(id) = session_id {
            revoke_session(&self.db.write, id, now).await?;
            self.db.credentials().invalidate();
        }
        Ok(())
    }

    /// Resolves `Authorization: Bearer …` to a caller. API keys start with `crm_`; anything
    /// else must be an access token of a live session of an active user.
    pub async fn authenticate(&self, bearer: &str, request_id: Option<String>) -> AppResult<Caller> {
        if api_keys::looks_like_api_key(bearer) {
            let principal = api_keys::authenticate(&self.db, bearer, self.clock.now()).await?;
            return Ok(Caller { principal, session_id: None, request_id });
        }
        let claims = self.keys.verify(bearer)?;
        self.session_caller(claims.sub, claims.sid, request_id).await
    }

    /// How long a download link works: long enough to click it, short enough that a link
    /// copied from a screen or a log is soon worthless.
    pub const DOWNLOAD_LINK_TTL: chrono::Duration = chrono::Duration::minutes(10);

    /// A download link's token for `caller`'s session: `what` to download, with `filter`.
    /// Only signed-in people have one (an API key sends itself instead).
    pub fn download_token(&self, caller: &Caller, what: &str, filter: serde_json::Value) -> AppResult<(String, DateTime<Utc>)> {
        let (Some(user), Some(session)) = (caller.principal.user_id(), caller.session_id) else {
            return Err(AppError::Forbidden("make a download link without a signed-in session (send the API key instead)"));
        };
        let now = self.clock.now();
        let expires_at = now + Self::DOWNLOAD_LINK_TTL;
        Ok((self.keys.issue_download((user, session), what, filter, now, expires_at)?, expires_at))
    }

    /// The caller a download link's token stands for, with what it downloads; the session
    /// must still be live, as for an access token.
    pub async fn authenticate_download(&self, token: &str) -> AppResult<(Caller, DownloadClaims)> {
        let claims = self.keys.verify_download(token)?;
        let caller = self.session_caller(claims.sub, claims.sid, None).await?;
        Ok((caller, claims))
    }

    /// The caller of user `sub`'s session `sid`, if the session is live and the user active.
    async fn session_caller(&self, sub: Uuid, sid: Uuid, request_id: Option<String>) -> AppResult<Caller> {
        let now = self.clock.now();
        let credentials = self.db.credentials();
        let cache_key = CredentialKey::Session(sid);
        if let Some(checked) = credentials.get(&cache_key, now).filter(|checked| checked.principal.user_id() == Some(sub)) {
            return Ok(Caller { principal: checked.principal, session_id: Some(sid), request_id });
        }
        let ticket = credentials.ticket();
        let found = auth_session::Entity::find_by_id(sid).find_also_related(user::Entity).one(&self.db.read).await?;
        let Some((session, Some(user))) = found else {
            return Err(AppError::Unauthenticated);
        };
        if session.user_id != sub || session.revoked_at.is_some() || !user.active {
            return Err(AppError::Unauthenticated);
        }
        let principal = principal_of(&user)?;
        credentials.put(ticket, cache_key, CheckedCredential { principal: principal.clone(), expires_at: None }, now);
        Ok(Caller { principal, session_id: Some(session.id), request_id })
    }

    async fn issue(&self, txn: &impl ConnectionTrait, user: user::Model, session_id: Uuid, now: DateTime<Utc>) -> AppResult<IssuedTokens> {
        let refresh = random_token(32);
        let refresh_expires_at = now + self.refresh_ttl;
        refresh_token::ActiveModel {
            id: Set(new_id_at(now)),
            session_id: Set(session_id),
            token_hash: Set(sha256_hex(&refresh)),
            created_at: Set(now),
            expires_at: Set(refresh_expires_at),
            used_at: Set(None),
        }
        .insert(txn)
        .await?;
        let access_expires_at = now + self.access_ttl;
        let access_token = self.keys.issue(user.id, session_id, now, access_expires_at)?;
        Ok(IssuedTokens { access_token, access_expires_at, refresh_token: refresh, refresh_expires_at, user: Visible::vouched(user) })
    }
}

/// Revokes one session. The caller empties `Db::credentials` once the change is committed.
async fn revoke_session(db: &impl ConnectionTrait, session_id: Uuid, now: DateTime<Utc>) -> AppResult<()> {
    auth_session::Entity::update_many()
        .col_expr(auth_session::Column::RevokedAt, now.into())
        .filter(auth_session::Column::Id.eq(session_id))
        .filter(auth_session::Column::RevokedAt.is_null())
        .exec(db)
        .await?;
    Ok(())
}

/// Revokes every session of a user (deactivation, password change by an admin). The caller
/// empties `Db::credentials` once the change is committed.
pub async fn revoke_user_sessions(db: &impl ConnectionTrait, user_id: Uuid, now: DateTime<Utc>) -> AppResult<()> {
    auth_session::Entity::update_many()
        .col_expr(auth_session::Column::RevokedAt, now.into())
        .filter(auth_session::Column::UserId.eq(user_id))
        .filter(auth_session::Column::RevokedAt.is_null())
        .exec(db)
        .await?;
    Ok(())
}

/// The principal a user account acts as.
pub fn principal_of(user: &user::Model) -> AppResult<Principal> {
    let broken = || AppError::Internal(anyhow::anyhow!("user {} has an inconsistent kind", user.id));
    Ok(match user.kind {
        UserKind::Staff => Principal::Staff { user_id: user.id, email: user.email.clone(), role: user.role.ok_or_else(broken)? },
        UserKind::Partner => {
            Principal::Partner { user_id: user.id, email: user.email.clone(), partner_id: user.partner_id.ok_or_else(broken)? }
        }
        UserKind::Customer => {
            Principal::Customer { user_id: user.id, email: user.email.clone(), customer_id: user.customer_id.ok_or_else(broken)? }
        }
    })
}
