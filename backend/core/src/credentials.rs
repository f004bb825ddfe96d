//! Credentials recently checked against the database, so a request does not read its session
//! or API key again.
//!
//! Checking a bearer credential was one database read per request: a third of an
//! authenticated trivial query's time, and one statement in five of the customer 360. Here the
//! outcome of that read (the principal a credential acts as) is kept until anything that could
//! change it happens: a session revoked, a user deactivated or given another role, email,
//! partner or customer, a key revoked. Then the whole cache is emptied: such changes are rare
//! (a logout, an admin's edit), and one rule is easier to trust than one per field.
//!
//! Who empties it:
//! - this process, right after committing such a change ([`CredentialCache::invalidate`],
//!   called by the identity crate's writes), so the change holds from the next request on;
//! - on PostgreSQL, every process: triggers on `users`, `auth_sessions` and `api_keys` send
//!   `NOTIFY crm_auth` when a relevant column changes, whoever wrote it (another instance, an
//!   operator's SQL), and each server listens ([`crate::db::Db::listen`]).
//!   While a server is not listening (before its listener connects, or after it lost the
//!   connection and until it has it back) it caches nothing, so it cannot miss a change.
//!   SQLite has one server process per database file, and its writes are all local.
//!
//! A read and an invalidation can overlap: a request reads the session, a logout commits and
//! empties the cache, then the request stores what it read, which is already stale. Each read
//! therefore takes a [`Ticket`] before it starts, and its result is stored only if no
//! invalidation happened since.

use std::collections::HashMap;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Mutex, MutexGuard, PoisonError};

use chrono::{DateTime, Utc};
use uuid::Uuid;

use crate::principal::Principal;

/// What a bearer credential is, as the cache files it.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum CredentialKey {
    /// A login session, by its id (the access token's `sid`; the token's signature and expiry
    /// are checked on every request, before the cache is asked).
    Session(Uuid),
    /// An API key, by the SHA-256 of the whole key (so the cache never holds a usable secret).
    ApiKey(String),
}

/// The outcome of checking a credential against the database.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CheckedCredential {
    pub principal: Principal,
    /// When the credential stops working by itself (an API key's expiry), if ever.
    pub expires_at: Option<DateTime<Utc>>,
}

/// Taken before reading a credential from the database; see the module's documentation.
#[derive(Debug, Clone, Copy)]
pub struct Ticket(u64);

/// See the module's documentation. Shared by every clone of a [`crate::db::Db`].
pub struct CredentialCache {
    inner: Mutex<Inner>,
    /// Whether this process learns of every change (always on SQLite; on PostgreSQL while the
    /// listener is connected).
    listening: AtomicBool,
}

struct Inner {
    /// Incremented by every invalidation.
    generation: u64,
    entries: HashMap<CredentialKey, CheckedCredential>,
}

impl CredentialCache {
    /// Beyond this many live credentials the cache starts over rather than grow.
    pub const MAX_ENTRIES: usize = 100_000;

    /// How long an outcome is served at most. Invalidation is what keeps the cache right; this
    /// bounds the harm of a change it did not hear of (a PostgreSQL connection that died
    /// silently, without an error that would have told the listener).
    pub const MAX_AGE: chrono::Duration = chrono::Duration::seconds(60);

    /// `listening`: whether every change is seen from the start (SQLite).
    pub fn new(listening: bool) -> Self {
        Self { inner: Mutex::new(Inner { generation: 0, entries: HashMap::new() }), listening: AtomicBool::new(listening) }
    }

    /// The cached outcome for `key`, unless it has expired by `now`.
    pub fn get(&self, key: &CredentialKey, now: DateTime<Utc>) -> Option<CheckedCredential> {
        if !self.listening.load(Ordering::Acquire) {
            return None;
        }
        self.lock().entries.get(key).filter(|checked| checked.expires_at.is_none_or(|at| at > now)).cloned()
    }

    pub fn ticket(&self) -> Ticket {
        Ticket(self.lock().generation)
    }

    /// Stores what a read that started at `ticket` found, unless something changed since; it
    /// is served until [`Self::MAX_AGE`] from `now` or its own expiry, whichever comes first.
    pub fn put(&self, ticket: Ticket, key: CredentialKey, mut checked: CheckedCredential, now: DateTime<Utc>) {
        if !self.listening.load(Ordering::Acquire) {
            return;
        }
        let max_age = now + Self::MAX_AGE;
        checked.expires_at = Some(checked.expires_at.map_or(max_age, |at| at.min(max_age)));
        let mut inner = self.lock();
        if inner.generation != ticket.0 {
            return;
        }
        if inner.entries.len() >= Self::MAX_ENTRIES {
            inner.entries.clear();
        }
        inner.entries.insert(key, checked);
    }

    /// Forgets everything: call it after committing a change to sessions, users or keys.
    pub fn invalidate(&self) {
        let mut inner = self.lock();
        inner.generation += 1;
        inner.entries.clear();
    }

    /// Whether this process currently learns of every change (see the module's documentation).
    /// Either way the cache starts empty: changes may have been missed meanwhile, and reads
    /// already under way (their tickets are older) store nothing.
    pub fn set_listening(&self, listening: bool) {
        self.listening.store(listening, Ordering::Release);
        self.invalidate();
    }

    pub fn is_listening(&self) -> bool {
        self.listening.load(Ordering::Acquire)
    }

    fn lock(&self) -> MutexGuard<'_, Inner> {
        // Every change leaves the map consistent before anything can panic.
        self.inner.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::Duration;

    /// A fixed instant: the cache takes the time as an argument, tests need no clock.
    fn t0() -> DateTime<Utc> {
        DateTime::from_timestamp(1_800_000_000, 0).unwrap_or_default()
    }

    fn checked(expires_at: Option<DateTime<Utc>>) -> CheckedCredential {
        CheckedCredential { principal: Principal::System { label: "test" }, expires_at }
    }

    #[test]
    fn a_read_that_overlaps_an_invalidation_is_not_stored() {
        let cache = CredentialCache::new(true);
        let now = t0();
        let key = CredentialKey::Session(Uuid::nil());
        let ticket = cache.ticket();
        cache.invalidate(); // a logout committed while the read was running
        cache.put(ticket, key.clone(), checked(None), now);
        assert_eq!(cache.get(&key, now), None);
        cache.put(cache.ticket(), key.clone(), checked(None), now);
        assert!(cache.get(&key, now).is_some());
        cache.invalidate();
        assert_eq!(cache.get(&key, now), None);
    }

    #[test]
    fn an_expired_credential_is_not_served() {
        let cache = CredentialCache::new(true);
        let now = t0();
        let key = CredentialKey::ApiKey("digest".into());
        cache.put(cache.ticket(), key.clone(), checked(Some(now + Duration::seconds(1))), now);
        assert!(cache.get(&key, now).is_some());
        assert_eq!(cache.get(&key, now + Duration::seconds(1)), None);
        let session = CredentialKey::Session(Uuid::nil());
        cache.put(cache.ticket(), session.clone(), checked(None), now);
        assert!(cache.get(&session, now + CredentialCache::MAX_AGE - Duration::seconds(1)).is_some());
        assert_eq!(cache.get(&session, now + CredentialCache::MAX_AGE), None, "checked again after MAX_AGE");
    }

    #[test]
    fn nothing_is_cached_while_not_listening() {
        let cache = CredentialCache::new(false);
        let now = t0();
        let key = CredentialKey::Session(Uuid::nil());
        cache.put(cache.ticket(), key.clone(), checked(None), now);
        assert_eq!(cache.get(&key, now), None);
        cache.set_listening(true);
        cache.put(cache.ticket(), key.clone(), checked(None), now);
        assert!(cache.get(&key, now).is_some());
        cache.set_listening(false);
        assert_eq!(cache.get(&key, now), None);
        cache.set_listening(true);
        assert_eq!(cache.get(&key, now), None, "what was cached before the gap is gone");
    }
}
