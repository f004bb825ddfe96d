//! The desk's notifications ("the first response of T-1042 falls due in 30 working minutes",
//! "T-1042 missed its resolution time and was escalated to you"), held until the recipient's
//! working hours: a warning made at night reaches its reader when their day starts, never
//! while they sleep. The recipient's hours are their own calendar (`service_agents`), else
//! the calendar of the ticket's queue.
//!
//! A notification is a row written in the transaction of what it reports. It shows in the
//! recipient's inbox from `deliver_at` on; the SLA job also sends it out live then, once
//! across servers (`delivered_at` is claimed by one conditional update).

#![allow(clippy::disallowed_methods)]

use crate::domain::{NotificationKind, SlaTarget};
use crate::entity::{service_agent, service_notification, service_queue, ticket};
use crate::setup::{queue_calendar, stored_calendar};
use chrono::{DateTime, Utc};
use crm_core::clock::new_id_at;
use crm_core::context::AppContext;
use crm_core::error::{AppError, AppResult, InputReason};
use crm_core::events::{Notice, Topic};
use crm_core::filters::parse_id;
use crm_core::pagination::{fetch_page, id_key, time_key, KeyKind, Keyset, Page, PageRequest, SortKey};
use crm_core::principal::Principal;
use crm_core::visible::Visible;
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, IntoActiveModel, PaginatorTrait, QueryFilter, QueryOrder, QuerySelect,
    Select,
};
use uuid::Uuid;

/// The most notifications one run of the job sends out (the next run takes the rest).
const BATCH: u64 = 500;
/// The most notifications one call marks read by id.
pub const MAX_MARKED: usize = 250;

/// What a notification says, before it is addressed.
#[derive(Debug, Clone, Copy)]
pub struct News {
    pub kind: NotificationKind,
    pub ticket_id: Uuid,
    pub target: Option<SlaTarget>,
    pub due_at: Option<DateTime<Utc>>,
}

/// Whose inbox the caller reads: a staff user's own. Customers, partners and integrations
/// have none.
#[derive(Debug, Clone, Copy)]
pub struct Inbox {
    user_id: Uuid,
}

impl Inbox {
    pub fn of(principal: &Principal) -> AppResult<Self> {
        match principal {
            Principal::Staff { user_id, .. } => Ok(Self { user_id: *user_id }),
            _ => Err(AppError::Forbidden("read notifications (staff users)")),
        }
    }

    fn select(self, now: DateTime<Utc>) -> Select<service_notification::Entity> {
        service_notification::Entity::find()
            .filter(service_notification::Column::RecipientId.eq(self.user_id))
            .filter(service_notification::Column::DeliverAt.lte(now))
    }
}

/// The first moment of `recipient`'s working hours at or after `now`: their own calendar's,
/// else that of `queue`.
async fn deliver_at(
    db: &impl ConnectionTrait,
    recipient: Uuid,
    queue: &service_queue::Model,
    now: DateTime<Utc>,
) -> AppResult<DateTime<Utc>> {
    let own = service_agent::Entity::find_by_id(recipient).one(db).await?.and_then(|agent| agent.calendar_id);
    let calendar = match stored_calendar(db, own).await? {
        Some(calendar) => calendar,
        None => queue_calendar(db, queue).await?,
    };
    // A calendar without working time in ten years cannot hold a message back forever.
    Ok(calendar.next_working(now).unwrap_or(now))
}

/// Writes `news` for each of `recipients` (once each), inside the caller's transaction.
pub async fn notify_in(txn: &impl ConnectionTrait, recipients: &[Uuid], news: News, now: DateTime<Utc>) -> AppResult<()> {
    let Some(ticket) = ticket::Entity::find_by_id(news.ticket_id).one(txn).await? else { return Ok(()) };
    let queue = service_queue::Entity::find_by_id(ticket.queue_id).one(txn).await?.ok_or(AppError::NotFound("service queue"))?;
    let mut seen = Vec::new();
    for recipient in recipients {
        if seen.contains(recipient) {
            continue;
        }
        seen.push(*recipient);
        service_notification::Model {
            id: new_id_at(now),
            recipient_id: *recipient,
            kind: news.kind,
            ticket_id: news.ticket_id,
            target: news.target,
            due_at: news.due_at,
            created_at: now,
            deliver_at: deliver_at(txn, *recipient, &queue, now).await?,
            delivered_at: None,
            read_at: None,
        }
        .into_active_model()
        .reset_all()
        .insert(txn)
        .await?;
    }
    Ok(())
}

/// Sends out live the notifications whose time came, each once whichever server runs this;
/// returns how many this run sent.
pub async fn deliver_due(ctx: &AppContext, now: DateTime<Utc>) -> AppResult<usize> {
    let due = service_notification::Entity::find()
        .filter(service_notification::Column::DeliveredAt.is_null())
        .filter(service_notification::Column::DeliverAt.lte(now))
        .order_by_asc(service_notification::Column::DeliverAt)
        .limit(BATCH)
        .all(&ctx.db.read)
        .await?;
    let mut sent = 0;
    for row in due {
        let claimed = service_notification::Entity::update_many()
            .col_expr(service_notification::Column::DeliveredAt, Expr::value(now))
            .filter(service_notification::Column::Id.eq(row.id))
            .filter(service_notification::Column::DeliveredAt.is_null())
            .exec(&ctx.db.write)
            .await?;
        if claimed.rows_affected != 1 {
            continue;
        }
        sent += 1;
        let notice = Notice { user_id: row.recipient_id, topic: Topic::Notification, record_id: row.id };
        // Stored whatever happens to the live notice: the inbox shows it anyway.
        if let Err(error) = ctx.db.events().publish(&ctx.db.write, notice).await {
            tracing::warn!(?error, notification = %row.id, "a notification was not sent to other servers");
        }
    }
    Ok(sent)
}

/// By when it reached the recipient, newest first, then id.
struct Newest;

impl Keyset<service_notification::Entity> for Newest {
    fn name(&self) -> String {
        "notifications_newest".into()
    }
    fn keys(&self) -> Vec<SortKey<service_notification::Column>> {
        vec![
            SortKey { column: service_notification::Column::DeliverAt, descending: true, kind: KeyKind::Time },
            SortKey { column: service_notification::Column::Id, descending: true, kind: KeyKind::Id },
        ]
    }
    fn values(&self, row: &service_notification::Model) -> Vec<String> {
        vec![time_key(&row.deliver_at), id_key(&row.id)]
    }
}

/// The caller's notifications that reached them by `now`, newest first (only the unread ones
/// with `unread_only`), plus the query counting them.
pub async fn inbox(
    db: &impl ConnectionTrait,
    inbox: Inbox,
    unread_only: bool,
    now: DateTime<Utc>,
    page: &PageRequest,
) -> AppResult<(Page<Visible<service_notification::Model>>, Select<service_notification::Entity>)> {
    let mut select = inbox.select(now);
    if unread_only {
        select = select.filter(service_notification::Column::ReadAt.is_null());
    }
    let page = fetch_page(select.clone(), &Newest, page, db).await?;
    Ok((page.map(Visible::vouched), select))
}

/// How many of the caller's notifications that reached them are unread.
pub async fn unread_count(db: &impl ConnectionTrait, inbox: Inbox, now: DateTime<Utc>) -> AppResult<u64> {
    Ok(inbox.select(now).filter(service_notification::Column::ReadAt.is_null()).count(db).await?)
}

/// The notification `id` if it is the caller's and reached them.
pub async fn find(
    db: &impl ConnectionTrait,
    inbox: Inbox,
    id: Uuid,
    now: DateTime<Utc>,
) -> AppResult<Option<Visible<service_notification::Model>>> {
    Ok(inbox.select(now).filter(service_notification::Column::Id.eq(id)).one(db).await?.map(Visible::vouched))
}

/// Marks read the caller's notifications `ids` (every one that reached them with `all`);
/// returns how many were unread. Other people's ids change nothing.
pub async fn mark_read(ctx: &AppContext, inbox: Inbox, ids: &[async_graphql::ID], all: bool) -> AppResult<u64> {
    if ids.len() > MAX_MARKED {
        return Err(AppError::invalid("ids", InputReason::TooMany { max: MAX_MARKED }));
    }
    if ids.is_empty() && !all {
        return Err(AppError::invalid("ids", InputReason::Required.with_message("name the notifications, or pass `all: true`")));
    }
    let ids: Vec<Uuid> = ids.iter().map(|id| parse_id(id, "ids")).collect::<AppResult<_>>()?;
    let now = ctx.clock.now();
    let mut update = service_notification::Entity::update_many()
        .col_expr(service_notification::Column::ReadAt, Expr::value(now))
        .filter(service_notification::Column::RecipientId.eq(inbox.user_id))
        .filter(service_notification::Column::DeliverAt.lte(now))
        .filter(service_notification::Column::ReadAt.is_null());
    if !all {
        update = update.filter(service_notification::Column::Id.is_in(ids));
    }
    Ok(update.exec(&ctx.db.write).await?.rows_affected)
}
