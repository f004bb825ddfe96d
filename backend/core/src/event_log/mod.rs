//! The event log: what changed, durably and in order, for live subscribers that must not miss
//! a thing (`Customer.timeline` open in a browser, an integration following a customer).
//!
//! A change appends an event (its kind, the record, the customer it belongs to) in its own
//! transaction: the audit log appends one for every audited change, the interactions module
//! one for every interaction. An event carries no data and no rights: a subscriber reads the
//! record afresh, through its own scope, when it hears.
//!
//! **Positions in commit order.** A subscriber resumes "after position P", so a position must
//! never become visible after a higher one. Numbers drawn while transactions are open (a
//! sequence, an autoincrement) do not promise that on PostgreSQL: a transaction that drew 10
//! may commit after one that drew 11. So an event is appended without a position, and a
//! sequencer ([`sequence`]) numbers what has committed, in one short transaction of its own,
//! under an advisory lock on PostgreSQL (one sequencer at a time, whichever server runs it;
//! SQLite has one writer anyway). Positions are contiguous, so "the oldest position kept"
//! tells exactly whether a resuming subscriber missed pruned events ([`check_resume`]).
//!
//! **Who sequences, and when.** Each server follows the log ([`feed`]): it sequences and hands
//! new events to its subscribers whenever it is told events were appended (PostgreSQL: a
//! trigger's `pg_notify` on [`LOG_CHANNEL`], delivered to every server at commit; SQLite: a
//! signal in process, after which sequencing waits for the one write connection, that is,
//! for the appending transaction to end), and once a second in case a signal was lost.

#![allow(clippy::disallowed_methods)]

pub mod entity;
pub mod feed;

use crate::error::{AppError, AppResult, InputReason};
use chrono::{DateTime, Utc};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveValue::{NotSet, Set},
    ColumnTrait, ConnectionTrait, DbBackend, EntityTrait, QueryFilter, QueryOrder, QuerySelect, Statement, TransactionTrait,
};
use std::sync::LazyLock;
use tokio::sync::watch;
use uuid::Uuid;

/// The PostgreSQL channel a trigger notifies when events were appended.
pub const LOG_CHANNEL: &str = "crm_log";

/// The kind of an interaction's event (audited records use their entity type's name).
pub const INTERACTION: &str = "INTERACTION";

/// The advisory lock sequencers take on PostgreSQL (any constant of ours).
const SEQUENCER_LOCK: i64 = 0x6372_6d6c_6f67; // "crmlog" in ASCII

/// How many events one sequencing transaction numbers.
const SEQUENCE_BATCH: u64 = 10_000;

/// A change to announce.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Change {
    /// `INTERACTION`, or an audited entity type (`CUSTOMER`, `CONTACT`, `TICKET`, …).
    pub kind: String,
    pub record_id: Uuid,
    /// The customer the record belongs to, if any (a subscriber follows one customer).
    pub customer_id: Option<Uuid>,
}

/// An event with its position.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Event {
    pub position: i64,
    pub kind: String,
    pub record_id: Uuid,
    pub customer_id: Option<Uuid>,
}

/// Which events a subscriber follows.
#[derive(Debug, Clone)]
pub struct Follow {
    /// Only this customer's.
    pub customer_id: Option<Uuid>,
    /// Only those about this record (give its customer too: the log is read by customer).
    pub record_id: Option<Uuid>,
    /// Only these kinds.
    pub kinds: Vec<&'static str>,
}

impl Follow {
    pub fn matches(&self, event: &Event) -> bool {
        self.customer_id.is_none_or(|id| event.customer_id == Some(id))
            && self.record_id.is_none_or(|id| event.record_id == id)
            && self.kinds.contains(&event.kind.as_str())
    }
}

/// Bumped whenever this process appends on SQLite: its servers' feeds wake on it (the one
/// write connection makes them wait for the appending transaction to end).
static APPENDED: LazyLock<watch::Sender<u64>> = LazyLock::new(|| watch::channel(0).0);

/// Appends `changes`, in the transaction `txn` of the change they announce.
pub async fn append(txn: &impl ConnectionTrait, changes: &[Change], at: DateTime<Utc>) -> AppResult<()> {
    if changes.is_empty() {
        return Ok(());
    }
    let rows = changes.iter().map(|change| entity::ActiveModel {
        seq: NotSet,
        position: Set(None),
        kind: Set(change.kind.clone()),
        record_id: Set(change.record_id),
        customer_id: Set(change.customer_id),
        created_at: Set(at),
    });
    crate::db::insert_chunked::<entity::Entity, _>(txn, rows.collect()).await?;
    if txn.get_database_backend() == DbBackend::Sqlite {
        APPENDED.send_modify(|count| *count = count.wrapping_add(1));
    }
    Ok(())
}

/// Signals of events appended in this process (SQLite).
pub(crate) fn appended() -> watch::Receiver<u64> {
    APPENDED.subscribe()
}

/// Numbers the committed events that have no position yet, in the order they were appended,
/// after the highest position given so far. Returns how many it numbered.
pub async fn sequence(db: &impl TransactionTrait) -> AppResult<u64> {
    let mut numbered = 0;
    loop {
        let txn = db.begin().await?;
        let backend = txn.get_database_backend();
        if backend == DbBackend::Postgres {
            txn.execute(Statement::from_sql_and_values(backend, "SELECT pg_advisory_xact_lock($1)", [SEQUENCER_LOCK.into()])).await?;
        }
        // The highest position is read after the lock is held, in this statement's own
        // snapshot: the previous sequencer's numbers are committed and seen.
        let sql = format!(
            "UPDATE events SET position = numbered.position FROM ( \
               SELECT seq, (SELECT COALESCE(MAX(position), 0) FROM events) + ROW_NUMBER() OVER (ORDER BY seq) AS position \
               FROM events WHERE position IS NULL ORDER BY seq LIMIT {SEQUENCE_BATCH} \
             ) AS numbered WHERE events.seq = numbered.seq"
        );
        let done = txn.execute(Statement::from_string(backend, sql)).await?.rows_affected();
        txn.commit().await?;
        numbered += done;
        if done < SEQUENCE_BATCH {
            return Ok(numbered);
        }
    }
}

/// Whether anything waits for a position (a cheap look before [`sequence`] takes its lock).
pub async fn pending(db: &impl ConnectionTrait) -> AppResult<bool> {
    let first = entity::Entity::find().select_only().column(entity::Column::Seq).filter(entity::Column::Position.is_null()).limit(1);
    Ok(first.into_tuple::<i64>().one(db).await?.is_some())
}

/// The highest position given (0 before the first).
pub async fn head(db: &impl ConnectionTrait) -> AppResult<i64> {
    let max = entity::Entity::find().select_only().expr(Expr::col(entity::Column::Position).max());
    Ok(max.into_tuple::<Option<i64>>().one(db).await?.flatten().unwrap_or(0))
}

/// Up to `limit` events `follow` matches (every event for `None`) after `position`, in order.
pub async fn since(db: &impl ConnectionTrait, position: i64, follow: Option<&Follow>, limit: u64) -> AppResult<Vec<Event>> {
    let mut query = entity::Entity::find().filter(entity::Column::Position.gt(position));
    if let Some(follow) = follow {
        query = query.filter(entity::Column::Kind.is_in(follow.kinds.iter().copied()));
        if let Some(customer_id) = follow.customer_id {
            query = query.filter(entity::Column::CustomerId.eq(customer_id));
        }
        if let Some(record_id) = follow.record_id {
            query = query.filter(entity::Column::RecordId.eq(record_id));
        }
    }
    let rows = query.order_by_asc(entity::Column::Position).limit(limit).all(db).await?;
    Ok(rows.into_iter().filter_map(event).collect())
}

fn event(row: entity::Model) -> Option<Event> {
    Some(Event { position: row.position?, kind: row.kind, record_id: row.record_id, customer_id: row.customer_id })
}

/// Whether a subscriber may resume after `position`: BAD_USER_INPUT `RESYNC_REQUIRED` when
/// events after it were pruned (read the records afresh, then subscribe from the position
/// that read gives), `INVALID_CURSOR` for a position this log never gave.
pub async fn check_resume(db: &impl ConnectionTrait, position: i64) -> AppResult<()> {
    let bounds = entity::Entity::find()
        .select_only()
        .expr(Expr::col(entity::Column::Position).min())
        .expr(Expr::col(entity::Column::Position).max())
        .into_tuple::<(Option<i64>, Option<i64>)>()
        .one(db)
        .await?;
    let (oldest, newest) = bounds.unwrap_or((None, None));
    if position < 0 || position > newest.unwrap_or(0) {
        return Err(AppError::invalid("after", InputReason::InvalidCursor.with_message("not a position of this event log")));
    }
    if oldest.is_some_and(|oldest| position < oldest - 1) {
        return Err(AppError::invalid(
            "after",
            InputReason::ResyncRequired.with_message("the events after this position are no longer kept: read afresh and subscribe again"),
        ));
    }
    Ok(())
}

/// Deletes the numbered events appended before `before`, always keeping the newest (so that
/// positions go on from it) and deleting only from the oldest on (so that the oldest position
/// kept tells what was pruned). Returns how many it deleted.
pub async fn prune(db: &impl ConnectionTrait, before: DateTime<Utc>) -> AppResult<u64> {
    let newest = head(db).await?;
    let mut deleted = 0;
    loop {
        // The oldest events, a batch at a time: up to the last one appended before `before`.
        let batch = entity::Entity::find()
            .select_only()
            .column(entity::Column::Position)
            .column(entity::Column::CreatedAt)
            .filter(entity::Column::Position.is_not_null())
            .order_by_asc(entity::Column::Position)
            .limit(SEQUENCE_BATCH)
            .into_tuple::<(i64, DateTime<Utc>)>()
            .all(db)
            .await?;
        let Some(through) = batch.iter().filter(|(_, at)| *at < before).map(|(position, _)| *position).max() else { return Ok(deleted) };
        let through = through.min(newest - 1);
        let gone = entity::Entity::delete_many().filter(entity::Column::Position.lte(through)).exec(db).await?.rows_affected;
        deleted += gone;
        // A batch not wholly deleted reached the events to keep.
        if gone == 0 || gone < batch.len() as u64 {
            return Ok(deleted);
        }
    }
}
