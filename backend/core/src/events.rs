//! Live notices to the people a change concerns ("a call rings at your extension"), for the
//! API's subscriptions.
//!
//! A notice names a user, a topic and a record; it carries no data, so a subscriber reads
//! the record afresh, through its own scope, when the notice arrives. Notices are published
//! after the change committed. Every handle on one database shares one [`EventBus`]: on
//! SQLite (one server process per file) that is every subscriber there is. On PostgreSQL,
//! several servers may share the database: a notice also goes out with `pg_notify` on
//! [`EVENTS_CHANNEL`], and each server's listener ([`crate::db::Db::listen`]) hands the
//! notices of the others to its own subscribers (its own are already delivered).
//!
//! Notices are not a durable log: a subscriber that is not connected when one is published
//! does not receive it later. They suit what only matters now (a ringing call).

use crate::error::AppResult;
use sea_orm::{ConnectionTrait, DbBackend, Statement};
use serde::{Deserialize, Serialize};
use tokio::sync::broadcast;
use uuid::Uuid;

/// The PostgreSQL channel notices travel on between servers.
pub const EVENTS_CHANNEL: &str = "crm_events";

/// How many notices a slow subscriber may fall behind before it misses some.
const BACKLOG: usize = 1024;

/// What a notice is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum Topic {
    /// A call at the user's extension changed (rang, was answered, ended, was missed).
    Call,
    /// A notification reached the user (in their working hours).
    Notification,
    /// A task of the user reached its reminder time.
    TaskReminder,
}

/// "Record `record_id` about `topic` changed, and it concerns `user_id`."
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Notice {
    pub user_id: Uuid,
    pub topic: Topic,
    pub record_id: Uuid,
}

/// A notice as it travels between servers: with the server that published it.
#[derive(Serialize, Deserialize)]
struct Envelope {
    from: Uuid,
    #[serde(flatten)]
    notice: Notice,
}

pub struct EventBus {
    /// This process, so that its listener skips what it published itself.
    instance: Uuid,
    sender: broadcast::Sender<Notice>,
}

impl Default for EventBus {
    fn default() -> Self {
        Self { instance: Uuid::new_v4(), sender: broadcast::channel(BACKLOG).0 }
    }
}

impl EventBus {
    /// Notices from now on.
    pub fn subscribe(&self) -> broadcast::Receiver<Notice> {
        self.sender.subscribe()
    }

    /// Hands `notice` to this process's subscribers and, on PostgreSQL, to the other servers'.
    /// Call it after the change committed: a subscriber reads the record when it hears.
    pub async fn publish(&self, db: &impl ConnectionTrait, notice: Notice) -> AppResult<()> {
        // No subscriber is not an error: nobody is watching.
        let _ = self.sender.send(notice);
        if db.get_database_backend() == DbBackend::Postgres {
            let payload = serde_json::to_string(&Envelope { from: self.instance, notice })
                .map_err(|err| crate::error::AppError::Internal(err.into()))?;
            db.execute(Statement::from_sql_and_values(
                DbBackend::Postgres,
                "SELECT pg_notify($1, $2)",
                [EVENTS_CHANNEL.into(), payload.into()],
            ))
            .await?;
        }
        Ok(())
    }

    /// A notice another server published (a `crm_events` payload).
    pub(crate) fn received(&self, payload: &str) {
        match serde_json::from_str::<Envelope>(payload) {
            Ok(envelope) if envelope.from != self.instance => {
                let _ = self.sender.send(envelope.notice);
            }
            Ok(_) => {}
            Err(err) => tracing::warn!(error = %err, "an event notice that is not one; dropped"),
        }
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn a_server_hears_the_others_notices_not_its_own() {
        let bus = EventBus::default();
        let mut heard = bus.subscribe();
        let notice = Notice { user_id: Uuid::new_v4(), topic: Topic::Call, record_id: Uuid::new_v4() };
        let own = serde_json::to_string(&Envelope { from: bus.instance, notice }).unwrap();
        bus.received(&own);
        assert!(heard.try_recv().is_err(), "its own notice was delivered when published, not again");
        let other = serde_json::to_string(&Envelope { from: Uuid::new_v4(), notice }).unwrap();
        bus.received(&other);
        assert_eq!(heard.try_recv().unwrap(), notice);
        bus.received("not json");
        assert!(heard.try_recv().is_err());
    }
}
