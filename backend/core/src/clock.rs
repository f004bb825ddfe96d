//! Time as an input. Logic asks a `Clock` for "now" instead of reading the system clock, so
//! tests and the demo generator are deterministic.

use chrono::{DateTime, SubsecRound, Utc};
use std::sync::Arc;

pub trait Clock: Send + Sync {
    fn now(&self) -> DateTime<Utc>;
}

/// The wall clock, truncated to microseconds: the precision PostgreSQL stores, so a value
/// read back equals the value written on both databases.
#[derive(Debug, Default, Clone, Copy)]
pub struct SystemClock;

impl Clock for SystemClock {
    #[allow(clippy::disallowed_methods)]
    fn now(&self) -> DateTime<Utc> {
        Utc::now().trunc_subsecs(6)
    }
}

pub type SharedClock = Arc<dyn Clock>;

/// A clock stopped at one instant: the demo seeder writes history "as of" past days through
/// the same services, one context per instant.
#[derive(Debug, Clone, Copy)]
pub struct FixedClock(pub DateTime<Utc>);

impl Clock for FixedClock {
    fn now(&self) -> DateTime<Utc> {
        self.0
    }
}

/// A new UUIDv7 whose timestamp is `at`, so ids sort like creation times even for records
/// created with a past date (imports, demo data).
pub fn new_id_at(at: DateTime<Utc>) -> uuid::Uuid {
    let millis = at.timestamp_millis().max(0) as u64;
    let ts = uuid::Timestamp::from_unix(uuid::NoContext, millis / 1000, ((millis % 1000) * 1_000_000) as u32);
    uuid::Uuid::new_v7(ts)
}
