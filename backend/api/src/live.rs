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
use std::collections::VecDeque;
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
struct Following {
    heard: tokio::sync::broadcast::Receiver<Arc<Event>>,
    /// The position of the last event delivered (or skipped as not the subscriber's).
    last: i64,
    /// Events read from the log, to deliver before listening again.
    backlog: VecDeque<Event>,
    /// Whether the log may hold more than `backlog` after `last`.
    behind: bool,
}

/// The records named by the events `follow` matches, from after position `after` (from now
/// when `None`), each read by `read` through the subscriber's scope (an event whose record it
/// does not return is skipped). Events after `after` are read from the log first (BAD_USER_INPUT
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
    F: Fn(AppContext, Event) -> Fut + Clone + Send + Sync + 'static,
    Fut: Future<Output = AppResult<Option<T>>> + Send,
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
    let following = Following { heard, last, backlog: VecDeque::new(), behind };
    Ok(stream::unfold(Some(following), move |following| {
        let (auth, token, app, read, follow) = (auth.clone(), token.clone(), app.clone(), read.clone(), follow.clone());
        async move {
            let mut at = following?;
            loop {
                let event = match at.backlog.pop_front() {
                    Some(event) => event,
                    None if at.behind => match event_log::since(&app.db.read, at.last, Some(&follow), CATCH_UP).await {
                        Ok(events) => {
                            at.behind = events.len() as u64 == CATCH_UP;
                            at.backlog = events.into();
                            continue;
                        }
                        Err(err) => return Some((Err(err.into()), None)),
                    },
                    None => match at.heard.recv().await {
                        Ok(event) => Event::clone(&event),
                        // Fallen behind the feed: read the log from the last delivered.
                        Err(RecvError::Lagged(_)) => {
                            at.behind = true;
                            continue;
                        }
                        Err(RecvError::Closed) => return None,
                    },
                };
                if event.position <= at.last || !follow.matches(&event) {
                    continue;
                }
                at.last = event.position;
                if auth.authenticate(&token, None).await.is_err() {
                    return Some((Err(AppError::Unauthenticated.into()), None));
                }
                let position = event.position;
                match read(app.clone(), event).await {
                    Ok(Some(record)) => return Some((Ok(Heard { position, record }), Some(at))),
                    Ok(None) => continue,
                    Err(err) => return Some((Err(err.into()), Some(at))),
                }
            }
        }
    }))
}
