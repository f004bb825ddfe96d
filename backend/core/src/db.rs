//! Database connections.
//!
//! SQLite allows one writer at a time, and a deferred transaction that upgrades from read to
//! write fails at once with `SQLITE_BUSY` when another connection writes (the busy timeout
//! does not apply to that upgrade). So on SQLite every write transaction goes through a pool
//! of exactly one connection (`Db::write`) while reads use a pool of several (`Db::read`,
//! WAL lets them run beside the writer). On PostgreSQL both are the same pool.
//!
//! Every executed statement is counted (`Db::statement_count`) and timed into the metrics:
//! tests use the count to prove that a page's query count does not grow with its size.
//!
//! Every handle on one database shares its [`CredentialCache`]: a write through any of them
//! (a test's, the server's) invalidates what the server authenticates with; and its
//! [`EventBus`], so a notice published through any of them reaches every subscriber; and the
//! [`Feed`] of the event log the server follows.

use crate::credentials::CredentialCache;
use crate::event_log::feed::Feed;
use crate::event_log::LOG_CHANNEL;
use crate::events::{EventBus, EVENTS_CHANNEL};
use anyhow::Context;
use sea_orm::sqlx::postgres::PgListener;
use sea_orm::sqlx::sqlite::{SqliteJournalMode, SqliteSynchronous};
use sea_orm::{ActiveModelTrait, ConnectOptions, ConnectionTrait, Database, DatabaseConnection, DbBackend, EntityTrait, Iterable};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::Duration;

#[derive(Clone)]
pub struct Db {
    pub read: DatabaseConnection,
    pub write: DatabaseConnection,
    statements: Arc<AtomicU64>,
    credentials: Arc<CredentialCache>,
    events: Arc<EventBus>,
    feed: Arc<Feed>,
}

/// The channel PostgreSQL's triggers notify when a session, user or API key changes in a way
/// that matters to authentication (migration `m20261202_000007_credential_changes`).
pub const CREDENTIALS_CHANNEL: &str = "crm_auth";

impl Db {
    pub async fn connect(url: &str) -> anyhow::Result<Self> {
        let statements = Arc::new(AtomicU64::new(0));
        let (read, write) = if url.starts_with("sqlite:") {
            let read = open(sqlite_options(url, 8), &statements).await?;
            let write = open(sqlite_options(url, 1), &statements).await?;
            (read, write)
        } else {
            let mut options = ConnectOptions::new(url);
            // No ping before each use: it is a round trip per statement, and a connection
            // the server closed fails its statement and leaves the pool anyway.
            options
                .max_connections(32)
                .min_connections(1)
                .acquire_timeout(Duration::from_secs(10))
                .test_before_acquire(false)
                .sqlx_logging(false);
            let pool = open(options, &statements).await?;
            (pool.clone(), pool)
        };
        // SQLite: one server process per database file, so every change is seen locally.
        let credentials = Arc::new(CredentialCache::new(url.starts_with("sqlite:")));
        Ok(Self { read, write, statements, credentials, events: Arc::new(EventBus::default()), feed: Arc::default() })
    }

    /// Credentials recently checked (see [`crate::credentials`]).
    pub fn credentials(&self) -> &CredentialCache {
        &self.credentials
    }

    /// Live notices to subscribers (see [`crate::events`]).
    pub fn events(&self) -> &EventBus {
        &self.events
    }

    /// The event log as this server follows it (see [`crate::event_log`]).
    pub fn feed(&self) -> &Feed {
        &self.feed
    }

    /// Starts following the event log: subscribers hear of every event appended from now on.
    pub async fn follow(&self) -> crate::error::AppResult<()> {
        crate::event_log::feed::start(self).await
    }

    /// Whether the pools were closed (the process is shutting down).
    pub fn is_closed(&self) -> bool {
        match self.backend() {
            DbBackend::Postgres => self.read.get_postgres_connection_pool().is_closed(),
            _ => self.read.get_sqlite_connection_pool().is_closed(),
        }
    }

    /// On PostgreSQL, listens for what other processes tell this one: credential changes
    /// (the cache is emptied on each; until the listener is connected, and whenever it loses
    /// its connection, nothing is cached), event notices (handed to this server's
    /// subscribers) and events appended to the log (the feed wakes). A no-op on SQLite. Runs until the pool closes.
    pub fn listen(&self) {
        if self.backend() != DbBackend::Postgres {
            return;
        }
        let pool = self.read.get_postgres_connection_pool().clone();
        let credentials = self.credentials.clone();
        let events = self.events.clone();
        let feed = self.feed.clone();
        tokio::spawn(async move {
            let mut backoff = Duration::from_millis(100);
            while !pool.is_closed() {
                let mut listener = match PgListener::connect_with(&pool).await {
                    Ok(listener) => listener,
                    Err(err) => {
                        tracing::warn!(error = %err, "credential change listener: cannot connect; retrying");
                        tokio::time::sleep(backoff).await;
                        backoff = (backoff * 2).min(Duration::from_secs(10));
                        continue;
                    }
                };
                if let Err(err) = listener.listen_all([CREDENTIALS_CHANNEL, EVENTS_CHANNEL, LOG_CHANNEL]).await {
                    tracing::warn!(error = %err, "credential change listener: LISTEN failed; retrying");
                    tokio::time::sleep(backoff).await;
                    continue;
                }
                backoff = Duration::from_millis(100);
                credentials.set_listening(true);
                loop {
                    match listener.try_recv().await {
                        Ok(Some(notification)) if notification.channel() == EVENTS_CHANNEL => events.received(notification.payload()),
                        Ok(Some(notification)) if notification.channel() == LOG_CHANNEL => feed.wake(),
                        Ok(Some(_)) => credentials.invalidate(),
                        // The connection dropped and the listener is back: what happened in
                        // between was not heard.
                        Ok(None) => {
                            credentials.invalidate();
                            feed.wake();
                        }
                        Err(err) => {
                            credentials.set_listening(false);
                            if !pool.is_closed() {
                                tracing::warn!(error = %err, "credential change listener lost; credentials are not cached until it is back");
                            }
                            break;
                        }
                    }
                }
            }
        });
    }

    pub fn backend(&self) -> DbBackend {
        self.read.get_database_backend()
    }

    /// Statements executed on either pool since the process connected, but background work's.
    pub fn statement_count(&self) -> u64 {
        self.statements.load(Ordering::Relaxed)
    }

    pub async fn ping(&self) -> anyhow::Result<()> {
        self.read.ping().await.context("database ping")
    }

    pub async fn close(self) {
        // Closing is best effort at shutdown: the process exits right after.
        let _ = self.read.close().await;
        let _ = self.write.close().await;
    }
}

fn sqlite_options(url: &str, max_connections: u32) -> ConnectOptions {
    let mut options = ConnectOptions::new(url);
    options
        .max_connections(max_connections)
        .min_connections(1)
        .acquire_timeout(Duration::from_secs(30))
        .sqlx_logging(false)
        .map_sqlx_sqlite_opts(|opts| {
            opts.journal_mode(SqliteJournalMode::Wal)
                .synchronous(SqliteSynchronous::Normal)
                .busy_timeout(Duration::from_secs(10))
                .foreign_keys(true)
                // 64 MiB of page cache per connection (the default is 2 MiB): index inserts
                // with random keys otherwise keep re-reading pages.
                .pragma("cache_size", "-65536")
        });
    options
}

tokio::task_local! {
    /// Set in the tasks that work in the background (the event log's feed): what they
    /// execute is timed but not counted, so that a request's statement count is its own.
    static BACKGROUND: ();
}

/// Runs `work` as background work: its statements are not in [`Db::statement_count`].
pub async fn in_background<T>(work: impl std::future::Future<Output = T>) -> T {
    BACKGROUND.scope((), work).await
}

async fn open(options: ConnectOptions, statements: &Arc<AtomicU64>) -> anyhow::Result<DatabaseConnection> {
    let mut conn = Database::connect(options).await.context("connecting to the database")?;
    let counter = statements.clone();
    // The callback runs in the task that executed the statement.
    conn.set_metric_callback(move |info| {
        if BACKGROUND.try_with(|_| ()).is_err() {
            counter.fetch_add(1, Ordering::Relaxed);
        }
        metrics::histogram!("crm_db_statement_seconds", "failed" => if info.failed { "true" } else { "false" })
            .record(info.elapsed.as_secs_f64());
    });
    Ok(conn)
}

/// Inserts rows in as few statements as the databases' bind-parameter limits allow (SQLite:
/// 32,766 per statement), without reading them back.
pub async fn insert_chunked<E, A>(db: &impl ConnectionTrait, rows: Vec<A>) -> Result<(), sea_orm::DbErr>
where
    E: EntityTrait,
    E::Model: sea_orm::IntoActiveModel<A>,
    A: ActiveModelTrait<Entity = E>,
{
    const MAX_PARAMETERS: usize = 30_000;
    let per_row = E::Column::iter().count().max(1);
    let chunk = (MAX_PARAMETERS / per_row).max(1);
    let mut rows = rows.into_iter().peekable();
    while rows.peek().is_some() {
        let batch: Vec<A> = rows.by_ref().take(chunk).collect();
        E::insert_many(batch).exec_without_returning(db).await?;
    }
    Ok(())
}

/// Optimistic-concurrency write: stores `row` over the row with `id` only if that row still has
/// `expected_version` (`UPDATE … WHERE id = ? AND version = ?`, the same on both databases,
/// no row locks). `false` means someone else changed it first.
pub async fn compare_and_set<E, A>(
    db: &impl ConnectionTrait,
    row: E::Model,
    id_column: E::Column,
    version_column: E::Column,
    id: uuid::Uuid,
    expected_version: i32,
) -> Result<bool, sea_orm::DbErr>
where
    E: EntityTrait,
    E::Model: sea_orm::IntoActiveModel<A>,
    A: ActiveModelTrait<Entity = E>,
{
    use sea_orm::{ColumnTrait, IntoActiveModel, QueryFilter};
    let mut active = row.into_active_model().reset_all();
    active.not_set(id_column);
    let result = E::update_many().set(active).filter(id_column.eq(id)).filter(version_column.eq(expected_version)).exec(db).await?;
    Ok(result.rows_affected == 1)
}
