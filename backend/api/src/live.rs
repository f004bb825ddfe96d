//! Live notices over `/graphql/ws`: the stream a subscription hands one user, of the records
//! a topic's notices name (`crm_core::events`), each read afresh through the subscriber's own
//! scope when its notice arrives, and only while the token the socket was opened with still
//! authenticates (the stream ends with UNAUTHENTICATED when the session ends).

use crate::app;
use async_graphql::futures_util::stream::{self, Stream};
use async_graphql::{Context, Result};
use crm_core::context::AppContext;
use crm_core::error::{AppError, AppResult};
use crm_core::events::Topic;
use crm_identity::auth::sessions::AuthService;
use std::future::Future;
use tokio::sync::broadcast::error::RecvError;
use uuid::Uuid;

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
    let token = ctx.data::<SocketToken>().map_err(|_| AppError::Forbidden(what))?.0.clone();
    let auth = ctx.data::<AuthService>().map_err(|_| AppError::Internal(anyhow::anyhow!("auth service missing")))?.clone();
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
