//! A server's feed of the event log: it sequences what was appended and hands each new event,
//! in order, to the server's subscribers (see the module above for when it wakes).
//!
//! The feed is only a fast path: a subscriber that falls behind it, or resumes from an older
//! position, reads the log itself ([`super::since`]) and goes on from the feed once it has
//! caught up, skipping what it already delivered (positions only grow).

use super::{appended, head, pending, sequence, since, Event};
use crate::db::{in_background, Db};
use crate::error::AppResult;
use std::sync::atomic::{AtomicI64, Ordering};
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::{broadcast, Notify};

/// How many events a subscriber may fall behind the feed before it reads the log instead.
const BACKLOG: usize = 4096;
/// How often the feed looks without being told (a lost notification, another process's
/// appends on SQLite).
const LOOK_EVERY: Duration = Duration::from_secs(1);
/// Events read from the log at a time.
const READ_BATCH: u64 = 1000;

pub struct Feed {
    sender: broadcast::Sender<Arc<Event>>,
    /// The position of the last event handed to subscribers.
    head: AtomicI64,
    woken: Notify,
}

impl Default for Feed {
    fn default() -> Self {
        Self { sender: broadcast::channel(BACKLOG).0, head: AtomicI64::new(0), woken: Notify::new() }
    }
}

impl Feed {
    /// Events from now on: subscribe before reading the log, so that nothing falls between.
    pub fn subscribe(&self) -> broadcast::Receiver<Arc<Event>> {
        self.sender.subscribe()
    }

    /// The position of the last event handed to subscribers: every event up to it has
    /// committed, so a read made after taking it sees them all.
    pub fn head(&self) -> i64 {
        self.head.load(Ordering::Acquire)
    }

    /// Events were appended (or may have been): sequence and deliver them.
    pub fn wake(&self) {
        self.woken.notify_one();
    }

    fn deliver(&self, event: Event) {
        self.head.store(event.position, Ordering::Release);
        // No subscriber is not an error: nobody is listening.
        let _ = self.sender.send(Arc::new(event));
    }
}

/// Starts `db`'s feed: sequences what waits, takes the log's head (what came before is not
/// delivered live), then follows until the pool closes.
pub async fn start(db: &Db) -> AppResult<()> {
    in_background(sequence(&db.write)).await?;
    db.feed().head.store(in_background(head(&db.read)).await?, Ordering::Release);
    let db = db.clone();
    tokio::spawn(async move {
        let mut signals = appended();
        loop {
            tokio::select! {
                () = db.feed().woken.notified() => {}
                changed = signals.changed() => {
                    if changed.is_err() {
                        return;
                    }
                }
                () = tokio::time::sleep(LOOK_EVERY) => {}
            }
            if db.is_closed() {
                return;
            }
            if let Err(err) = in_background(follow(&db)).await {
                tracing::warn!(error = ?err, "following the event log failed; trying again");
            }
        }
    });
    Ok(())
}

/// Sequences what waits, then delivers every event after the feed's head.
async fn follow(db: &Db) -> AppResult<()> {
    if pending(&db.write).await? {
        sequence(&db.write).await?;
    }
    let feed = db.feed();
    loop {
        let events = since(&db.read, feed.head(), None, READ_BATCH).await?;
        let read = events.len() as u64;
        for event in events {
            feed.deliver(event);
        }
        if read < READ_BATCH {
            return Ok(());
        }
    }
}
