//! API keys of integrations: `crm_<prefix>_<secret>`. The prefix finds the row; the secret is
//! stored as SHA-256 and shown only once, at creation.

// This module is the repository of its own tables (it has no separate `repo.rs`).
#![allow(clippy::disallowed_methods)]

use super::entity::api_key::{self, StoredScopes};
use super::secrets::{random_token, sha256_hex};
use super::{ApiScope, Caller, Principal};
use chrono::{DateTime, Duration, Utc};
use crm_core::access::AdminRights;
use crm_core::audit::{self, AuditAction, Diff, Subject};
use crm_core::clock::{new_id_at, SharedClock};
use crm_core::credentials::{CheckedCredential, CredentialKey};
use crm_core::db::Db;
use crm_core::error::{AppError, AppResult, InputReason};
use crm_core::pagination::{fetch_page, id_key, KeyKind, Keyset, Page, PageRequest, SortKey};
use crm_core::visible::Visible;
use sea_orm::{ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, Select, Set, TransactionTrait};
use uuid::Uuid;

const KEY_PREFIX: &str = "crm_";

pub fn looks_like_api_key(bearer: &str) -> bool {
    bearer.starts_with(KEY_PREFIX)
}

/// A newly created key and its secret, which is never retrievable again.
pub struct CreatedKey {
    pub key: Visible<api_key::Model>,
    pub plaintext: String,
}

pub async fn authenticate(db: &Db, bearer: &str, now: DateTime<Utc>) -> AppResult<Principal> {
    let rest = bearer.strip_prefix(KEY_PREFIX).ok_or(AppError::Unauthenticated)?;
    let (prefix, secret) = rest.split_once('_').ok_or(AppError::Unauthenticated)?;
    // Filed by a digest of the whole key: the cache never holds a usable secret.
    let cache_key = CredentialKey::ApiKey(sha256_hex(bearer));
    if let Some(checked) = db.credentials().get(&cache_key, now) {
        return Ok(checked.principal);
    }
    let ticket = db.credentials().ticket();
    let key = api_key::Entity::find().filter(api_key::Column::Prefix.eq(prefix)).one(&db.read).await?.ok_or(AppError::Unauthenticated)?;
    // Comparing digests of a 256-bit random secret: timing reveals nothing usable.
    let valid = key.secret_hash == sha256_hex(secret) && key.revoked_at.is_none() && key.expires_at.is_none_or(|at| at > now);
    if !valid {
        return Err(AppError::Unauthenticated);
    }
    // Note use at most once a minute, off the request path: on SQLite every write queues
    // behind the single writer. A cached key is read again at least every
    // `CredentialCache::MAX_AGE`, so the note stays within about two minutes of the truth.
    if key.last_used_at.is_none_or(|at| now - at > Duration::minutes(1)) {
        let write = db.write.clone();
        let id = key.id;
        tokio::spawn(async move {
            let result = api_key::Entity::update_many()
                .col_expr(api_key::Column::LastUsedAt, now.into())
                .filter(api_key::Column::Id.eq(id))
                .exec(&write)
                .await;
            if let Err(err) = result {
                tracing::warn!(error = %err, "could not record API key use");
            }
        });
    }
    let principal = Principal::Integration { key_id: key.id, name: key.name.clone(), scopes: scopes_of(&key) };
    db.credentials().put(ticket, cache_key, CheckedCredential { principal: principal.clone(), expires_at: key.expires_at }, now);
    Ok(principal)
}

pub fn scopes_of(key: &api_key::Model) -> Vec<ApiScope> {
    key.scopes.0.iter().filter_map(|s| ApiScope::from_label(s)).collect()
}

pub async fn create(
    db: &Db,
    clock: &SharedClock,
    caller: &Caller,
    _admin: &AdminRights,
    name: &str,
    scopes: &[ApiScope],
    expires_at: Option<DateTime<Utc>>,
) -> AppResult<CreatedKey> {
    let name = name.trim();
    let name_reason = if name.is_empty() {
        Some(InputReason::Blank)
    } else if name.chars().count() > 100 {
        Some(InputReason::TooLong { max: 100 })
    } else {
        None
    };
    if let Some(reason) = name_reason {
        return Err(AppError::invalid("name", reason.with_message("the name must have 1 to 100 characters")));
    }
    if scopes.is_empty() {
        return Err(AppError::invalid("scopes", InputReason::Required.with_message("grant at least one scope")));
    }
    let now = clock.now();
    if expires_at.is_some_and(|at| at <= now) {
        return Err(AppError::invalid("expiresAt", InputReason::NotInFuture.with_message("the expiry must be in the future")));
    }
    let mut scope_names: Vec<String> = scopes.iter().map(|s| s.label().to_owned()).collect();
    scope_names.sort();
    scope_names.dedup();
    let prefix = random_token(9).to_lowercase().replace(['-', '_'], "x");
    let secret = random_token(32);
    let txn = db.write.begin().await?;
    let key = api_key::ActiveModel {
        id: Set(new_id_at(now)),
        name: Set(name.to_owned()),
        prefix: Set(prefix.clone()),
        secret_hash: Set(sha256_hex(&secret)),
        scopes: Set(StoredScopes(scope_names.clone())),
        created_by: Set(caller.principal.user_id()),
        created_at: Set(now),
        expires_at: Set(expires_at),
        last_used_at: Set(None),
        revoked_at: Set(None),
    }
    .insert(&txn)
    .await?;
    let mut diff = Diff::new();
    diff.created("name", &key.name).created("scopes", &scope_names).created("expiresAt", &expires_at);
    audit::record(&txn, caller, now, AuditAction::Create, Subject::ApiKey(key.id), diff).await?;
    txn.commit().await?;
    Ok(CreatedKey { key: Visible::vouched(key), plaintext: format!("{KEY_PREFIX}{prefix}_{secret}") })
}

pub async fn revoke(db: &Db, clock: &SharedClock, caller: &Caller, _admin: &AdminRights, id: Uuid) -> AppResult<Visible<api_key::Model>> {
    let now = clock.now();
    let txn = db.write.begin().await?;
    let key = api_key::Entity::find_by_id(id).one(&txn).await?.ok_or(AppError::NotFound("API key"))?;
    if key.revoked_at.is_some() {
        return Ok(Visible::vouched(key));
    }
    let mut active: api_key::ActiveModel = key.into();
    active.revoked_at = Set(Some(now));
    let key = active.update(&txn).await?;
    let mut diff = Diff::new();
    diff.field("revokedAt", &None, &key.revoked_at);
    audit::record(&txn, caller, now, AuditAction::Revoke, Subject::ApiKey(key.id), diff).await?;
    txn.commit().await?;
    db.credentials().invalidate();
    Ok(Visible::vouched(key))
}

/// The key an integration is calling with (for `me`); callers prove nothing else.
pub async fn calling_key(db: &Db, caller: &Principal) -> AppResult<Option<Visible<api_key::Model>>> {
    let Principal::Integration { key_id: id, .. } = caller else { return Ok(None) };
    Ok(api_key::Entity::find_by_id(*id).one(&db.read).await?.map(Visible::vouched))
}

struct NewestFirst;

impl Keyset<api_key::Entity> for NewestFirst {
    fn name(&self) -> String {
        "api_keys_newest".into()
    }
    fn keys(&self) -> Vec<SortKey<api_key::Column>> {
        vec![SortKey { column: api_key::Column::Id, descending: true, kind: KeyKind::Id }]
    }
    fn values(&self, row: &api_key::Model) -> Vec<String> {
        vec![id_key(&row.id)]
    }
}

pub async fn list(
    db: &Db,
    _admin: &AdminRights,
    include_revoked: bool,
    page: &PageRequest,
) -> AppResult<(Page<Visible<api_key::Model>>, Select<api_key::Entity>)> {
    let mut select = api_key::Entity::find();
    if !include_revoked {
        select = select.filter(api_key::Column::RevokedAt.is_null());
    }
    Ok((fetch_page(select.clone(), &NewestFirst, page, &db.read).await?.map(Visible::vouched), select))
}

/// API keys by id, for admins (`node`).
pub async fn by_ids(db: &impl ConnectionTrait, _admin: &AdminRights, ids: &[Uuid]) -> AppResult<Vec<Visible<api_key::Model>>> {
    Ok(Visible::vouched_all(api_key::Entity::find().filter(api_key::Column::Id.is_in(ids.iter().copied())).all(db).await?))
}
