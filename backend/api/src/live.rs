//! Live updates over `/graphql/ws`, each record read afresh through the subscriber's own scope
//! when its event arrives, and only while the token the socket was opened with still
//! authenticates (the stream ends with UNAUTHENTICATED when the session ends):
//! - [`notices`]: what concerns one user now (a ringing call; `crm_core::events`), not kept;
//! - [`followed`]: the event log (`crm_core::event_log`), gap-free: each record comes with its
//!   position, and a subscriber that resumes after its last position receives everything it
//!   missed, in order, none twice, before what happens next.

use crate::app;
use async_graphql::futures_util::stream::{self, Stream};
use async_graphql::{Context, Result};
use crm_core::context::AppContext;
use crm_core::error::{AppError, AppResult, InputReason};
use crm_core::event_log::{self, Event, Follow};
use crm_core::events::Topic;
use crm_identity::auth::sessions::AuthService;
use std::collections::{HashMap, VecDeque};
use std::future::Future;
use std::sync::Arc;
use tokio::sync::broadcast::error::RecvError;
use uuid::Uuid;

/// Events read from the log at a time while a subscriber catches up.
const CATCH_UP: u64 = 200;

/// The bearer token a WebSocket connection was opened with (its `connection_init` payload):
/// each event is delivered only while it still authenticates.
pub struct SocketToken(pub String);

/// The records named by the notices of `topic` for `user_id`, from now on, read by `read`
/// (through the subscriber's scope: a record it does not return is skipped). `what` names
/// the subscription in the refusal of a request that did not come over the socket.
pub fn notices<T, F, Fut>(
    ctx: &Context<'_>,
    user_id: Uuid,
    topic: Topic,
    what: &'static str,
    read: F,
) -> Result<impl Stream<Item = Result<T>>>
where
    T: Send + 'static,
    F: Fn(AppContext, Uuid) -> Fut + Clone + Send + Sync + 'static,
    Fut: Future<Output = AppResult<Option<T>>> + Send,
{
    let (token, auth) = socket(ctx, what)?;
    let app = app(ctx)?.clone();
    let heard = app.db.events().subscribe();
    Ok(stream::unfold(Some(heard), move |heard| {
        let (auth, token, app, read) = (auth.clone(), token.clone(), app.clone(), read.clone());
        async move {
            let mut heard = heard?;
            loop {
                let notice = match heard.recv().await {
                    Ok(notice) => notice,
                    // Fallen behind: what was missed is past; go on with the next.
                    Err(RecvError::Lagged(_)) => continue,
                    Err(RecvError::Closed) => return None,
                };
                if notice.user_id != user_id || notice.topic != topic {
                    continue;
                }
                if auth.authenticate(&token, None).await.is_err() {
                    return Some((Err(AppError::Unauthenticated.into()), None));
                }
                match read(app.clone(), notice.record_id).await {
                    Ok(Some(record)) => return Some((Ok(record), Some(heard))),
                    Ok(None) => continue,
                    Err(err) => return Some((Err(err.into()), Some(heard))),
                }
            }
        }
    }))
}

/// The token a socket was opened with (FORBIDDEN, naming `what`, for a request that did not
/// come over one), and the service that checks it.
fn socket(ctx: &Context<'_>, what: &'static str) -> AppResult<(String, AuthService)> {
    let token = ctx.data::<SocketToken>().map_err(|_| AppError::Forbidden(what))?.0.clone();
    let auth = ctx.data::<AuthService>().map_err(|_| AppError::Internal(anyhow::anyhow!("auth service missing")))?.clone();
    Ok((token, auth))
}

/// A record a followed event named, as the subscriber reads it, with the event's position.
pub struct Heard<T> {
    pub position: i64,
    pub record: T,
}

/// A position as the API spells it (a decimal string: positions outgrow GraphQL's `Int`).
pub fn position_text(position: i64) -> String {
    position.to_string()
}

/// The position `after` names (INVALID_CURSOR when it is not one).
fn parse_position(after: &str) -> AppResult<i64> {
    after.trim().parse().map_err(|_| AppError::invalid("after", InputReason::InvalidCursor.with_message("not a position of the event log")))
}

/// Where a followed stream stands.
struct Following<T> {
    heard: tokio::sync::broadcast::Receiver<Arc<Event>>,
    /// The position of the last event read (delivered, or skipped as not the subscriber's).
    last: i64,
    /// Records read for events, to deliver before reading again.
    ready: VecDeque<Heard<T>>,
    /// Whether the log may hold more after `last` than the feed will deliver.
    behind: bool,
}

/// The records `found` (by id), one for each of `events` that names one, in the events' order.
pub fn each<T: Clone>(events: &[Event], found: HashMap<Uuid, T>) -> Vec<Heard<T>> {
    events.iter().filter_map(|event| Some(Heard { position: event.position, record: found.get(&event.record_id)?.clone() })).collect()
}

/// One record as it is now, for each of `events` (all about it); none when it is not read.
pub fn each_as_now<T: Clone>(events: &[Event], record: Option<T>) -> Vec<Heard<T>> {
    let Some(record) = record else { return Vec::new() };
    events.iter().map(|event| Heard { position: event.position, record: record.clone() }).collect()
}

/// The records named by the events `follow` matches, from after position `after` (from now
/// when `None`), read by `read` through the subscriber's scope, a batch of events at a time
/// (an event whose record it does not return is skipped; see [`each`] and [`each_as_now`]).
/// Events after `after` are read from the log first, 200 at a time (BAD_USER_INPUT
/// `RESYNC_REQUIRED` when they were pruned), then the live ones follow, in order, none twice.
pub async fn followed<T, F, Fut>(
    ctx: &Context<'_>,
    after: Option<String>,
    follow: Follow,
    what: &'static str,
    read: F,
) -> Result<impl Stream<Item = Result<Heard<T>>>>
where
    T: Send + 'static,
    F: Fn(AppContext, Vec<Event>) -> Fut + Clone + Send + Sync + 'static,
    Fut: Future<Output = AppResult<Vec<Heard<T>>>> + Send,
{
    let (token, auth) = socket(ctx, what)?;
    let app = app(ctx)?.clone();
    // Listening first: whatever is delivered after the log is read below is heard.
    let heard = app.db.feed().subscribe();
    let (last, behind) = match after {
        Some(after) => {
            let position = parse_position(&after)?;
            event_log::check_resume(&app.db.read, position).await?;
            (position, true)
        }
        None => (app.db.feed().head(), false),
    };
    let following = Following { heard, last, ready: VecDeque::new(), behind };
    let follow = Arc::new(follow);
    Ok(stream::unfold(Some(following), move |following| {
        let (auth, token, app, read, follow) = (auth.clone(), token.clone(), app.clone(), read.clone(), follow.clone());
        async move {
            let mut at = following?;
            loop {
                if let Some(heard) = at.ready.pop_front() {
                    return Some((Ok(heard), Some(at)));
                }
                let events = if at.behind {
                    match event_log::since(&app.db.read, at.last, Some(&follow), CATCH_UP).await {
                        Ok(events) => {
                            at.behind = events.len() as u64 == CATCH_UP;
                            events
                        }
                        Err(err) => return Some((Err(err.into()), None)),
                    }
                } else {
                    match at.heard.recv().await {
                        Ok(event) => vec![Event::clone(&event)],
                        // Fallen behind the feed: read the log from the last event read.
                        Err(RecvError::Lagged(_)) => {
                            at.behind = true;
                            continue;
                        }
                        Err(RecvError::Closed) => return None,
                    }
                };
                let events: Vec<Event> = events.into_iter().filter(|event| event.position > at.last && follow.matches(event)).collect();
                let Some(newest) = events.last().map(|event| event.position) else { continue };
                at.last = newest;
                if auth.authenticate(&token, None).await.is_err() {
                    return Some((Err(AppError::Unauthenticated.into()), None));
                }
                match read(app.clone(), events).await {
                    Ok(heard) => at.ready = heard.into(),
                    Err(err) => return Some((Err(err.into()), Some(at))),
                }
            }
        }
    }))
}
