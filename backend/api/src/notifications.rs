//! The desk's notifications over GraphQL: a staff user's inbox (what reached them in their
//! working hours, newest first), marking read, and `myNotifications`, the subscription that
//! hands each one over `/graphql/ws` as it reaches them. The rules are
//! `crm_service::notifications`'.

use crate::connection::page_cost;
use crate::loaders::TicketById;
use crate::request::loader;
use crate::service::Ticket;
use crate::{app, caller, connection};
use async_graphql::futures_util::stream::Stream;
use async_graphql::{Context, InputObject, Object, Result, SimpleObject, Subscription, ID};
use chrono::{DateTime, Utc};
use crm_core::context::AppContext;
use crm_core::events::Topic;
use crm_core::pagination::PageRequest;
use crm_core::visible::Visible;
use crm_service::domain::{NotificationKind, SlaTarget};
use crm_service::entity::service_notification;
use crm_service::notifications::{self, Inbox};

/// Something a person of the desk should know about a ticket, reaching them in their working
/// hours (a warning made at night waits for their morning).
#[derive(Clone)]
pub struct Notification(Visible<service_notification::Model>);

/// Something a person of the desk should know about a ticket, reaching them in their working
/// hours (a warning made at night waits for their morning).
#[Object]
impl Notification {
    /// Unique id (UUIDv7).
    async fn id(&self) -> ID {
        ID(self.0.id.to_string())
    }
    /// What it is about.
    async fn kind(&self) -> NotificationKind {
        self.0.kind
    }
    /// The ticket it is about, if the reader still reads it.
    async fn ticket(&self, ctx: &Context<'_>) -> Result<Option<Ticket>> {
        Ok(loader::<TicketById>(ctx)?.load_one(self.0.ticket_id).await?.map(Ticket::from))
    }
    /// The SLA clock it is about.
    async fn target(&self) -> Option<SlaTarget> {
        self.0.target
    }
    /// The time due it warns of, or the one missed.
    async fn due_at(&self) -> Option<DateTime<Utc>> {
        self.0.due_at
    }
    /// When it was made.
    async fn created_at(&self) -> DateTime<Utc> {
        self.0.created_at
    }
    /// When it reached the reader: the first moment of their working hours after it was made.
    async fn reached_at(&self) -> DateTime<Utc> {
        self.0.deliver_at
    }
    /// When the reader marked it read; null: unread.
    async fn read_at(&self) -> Option<DateTime<Utc>> {
        self.0.read_at
    }
}

connection!(NotificationConnection, NotificationEdge, Notification, service_notification::Entity, "notifications");

/// Input of markNotificationsRead: some notifications by id, or all of them.
#[derive(InputObject)]
pub struct MarkNotificationsReadInput {
    /// These notifications (at most 250); the caller's own, others' change nothing.
    #[graphql(default)]
    pub ids: Vec<ID>,
    /// `true`: every notification that reached the caller.
    #[graphql(default)]
    pub all: bool,
}

/// Result of markNotificationsRead.
#[derive(SimpleObject)]
pub struct MarkNotificationsReadPayload {
    /// How many were unread and are now read.
    pub marked: u64,
    /// How many of the caller's notifications remain unread.
    pub unread_count: u64,
}

#[derive(Default)]
pub struct NotificationQuery;

#[Object]
impl NotificationQuery {
    /// The caller's notifications that reached them, newest first (only the unread ones with
    /// `unreadOnly`). Staff users; others have none (FORBIDDEN).
    #[graphql(complexity = "page_cost(first, last, child_complexity)")]
    #[allow(clippy::too_many_arguments)]
    async fn notifications(
        &self,
        ctx: &Context<'_>,
        first: Option<i32>,
        after: Option<String>,
        last: Option<i32>,
        before: Option<String>,
        unread_only: Option<bool>,
    ) -> Result<NotificationConnection> {
        let inbox = Inbox::of(&caller(ctx)?.principal)?;
        let page = PageRequest::from_relay(first, after, last, before)?;
        let app = app(ctx)?;
        let (page, all) = notifications::inbox(&app.db.read, inbox, unread_only == Some(true), app.clock.now(), &page).await?;
        Ok(NotificationConnection::new(page, all, Notification))
    }

    /// How many of the caller's notifications that reached them are unread. Staff users.
    async fn unread_notification_count(&self, ctx: &Context<'_>) -> Result<u64> {
        let inbox = Inbox::of(&caller(ctx)?.principal)?;
        let app = app(ctx)?;
        Ok(notifications::unread_count(&app.db.read, inbox, app.clock.now()).await?)
    }
}

#[derive(Default)]
pub struct NotificationMutation;

#[Object]
impl NotificationMutation {
    /// Marks some (or all) of the caller's notifications read. Staff users.
    async fn mark_notifications_read(&self, ctx: &Context<'_>, input: MarkNotificationsReadInput) -> Result<MarkNotificationsReadPayload> {
        let inbox = Inbox::of(&caller(ctx)?.principal)?;
        let app = app(ctx)?;
        let marked = notifications::mark_read(app, inbox, &input.ids, input.all).await?;
        let unread_count = notifications::unread_count(&app.db.write, inbox, app.clock.now()).await?;
        Ok(MarkNotificationsReadPayload { marked, unread_count })
    }
}

#[derive(Default)]
pub struct NotificationSubscription;

#[Subscription]
impl NotificationSubscription {
    /// Each of the caller's notifications as it reaches them (in their working hours). Staff
    /// users, over `/graphql/ws` (graphql-transport-ws), opened with `{"authorization":
    /// "Bearer <token>"}` as the `connection_init` payload; the stream ends with
    /// UNAUTHENTICATED when the session ends.
    async fn my_notifications(&self, ctx: &Context<'_>) -> Result<impl Stream<Item = Result<Notification>>> {
        let caller = caller(ctx)?;
        let inbox = Inbox::of(&caller.principal)?;
        let Some(user_id) = caller.principal.user_id() else {
            return Err(crm_core::error::AppError::Forbidden("read notifications").into());
        };
        crate::live::notices(
            ctx,
            user_id,
            Topic::Notification,
            "receive notifications (over /graphql/ws)",
            move |app: AppContext, id| async move { Ok(notifications::find(&app.db.read, inbox, id, app.clock.now()).await?.map(Notification)) },
        )
    }
}
