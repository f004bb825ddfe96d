//! The deliveries to the ERP as admins see them: the list (failed ones to look at) and the
//! replay of a failed or waiting delivery, audited on its order.

// This module is the repository of its own tables (it has no separate `repo.rs`).
#![allow(clippy::disallowed_methods)]

use super::entity::{delivery, event};
use super::outbox;
use crate::orders::entity::order;
use chrono::{DateTime, Utc};
use crm_core::access::AdminRights;
use crm_core::audit::{self, AuditAction, Diff, Subject};
use crm_core::context::AppContext;
use crm_core::db::Db;
use crm_core::error::{AppError, AppResult, InputReason};
use crm_core::pagination::{fetch_page, id_key, KeyKind, Keyset, Page, PageRequest, SortKey};
use crm_core::principal::Caller;
use crm_core::visible::{Seen, Visible};
use sea_orm::{ColumnTrait, Condition, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder, Select, TransactionTrait};
use std::collections::HashMap;
use uuid::Uuid;

/// State of an event's delivery; declared in `crm-contract`, shared with the browser app.
pub use crm_contract::sales::DeliveryState;

/// The state of `event`'s delivery.
pub fn state_of(event: &event::Model) -> DeliveryState {
    match (event.delivered_at, event.failed_at) {
        (Some(_), _) => DeliveryState::Delivered,
        (None, Some(_)) => DeliveryState::Failed,
        (None, None) => DeliveryState::Pending,
    }
}

/// Newest first; ids are UUIDv7 of the event's time.
struct NewestFirst;

impl Keyset<event::Entity> for NewestFirst {
    fn name(&self) -> String {
        "outbox_newest".into()
    }
    fn keys(&self) -> Vec<SortKey<event::Column>> {
        vec![SortKey { column: event::Column::Id, descending: true, kind: KeyKind::Id }]
    }
    fn values(&self, row: &event::Model) -> Vec<String> {
        vec![id_key(&row.id)]
    }
}

/// Deliveries in `state` (all without one), newest first, plus the query that counts them.
pub async fn list(
    db: &Db,
    _admin: &AdminRights,
    state: Option<DeliveryState>,
    page: &PageRequest,
) -> AppResult<(Page<Visible<event::Model>>, Select<event::Entity>)> {
    let select = event::Entity::find();
    let select = match state {
        None => select,
        Some(DeliveryState::Delivered) => select.filter(event::Column::DeliveredAt.is_not_null()),
        Some(DeliveryState::Failed) => select.filter(event::Column::DeliveredAt.is_null()).filter(event::Column::FailedAt.is_not_null()),
        Some(DeliveryState::Pending) => select.filter(event::Column::DeliveredAt.is_null()).filter(event::Column::FailedAt.is_null()),
    };
    let page = fetch_page(select.clone(), &NewestFirst, page, &db.read).await?;
    Ok((page.map(Visible::vouched), select))
}

/// A delivery due this long ago and still not under way is stalled: no worker is delivering
/// (the ERP's URL is not set on any server, or the worker is stuck). Retries wait for their
/// backoff with a later due time, so they do not count until they too are overdue.
pub fn stalled_after() -> chrono::Duration {
    chrono::Duration::minutes(15)
}

/// How the hand-off to the ERP is going, for the admins' warning.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Health {
    /// Deliveries whose attempts ran out, waiting for a replay.
    pub failed: u64,
    /// Deliveries overdue by more than [`stalled_after`] with no worker holding them.
    pub stalled: u64,
    /// Since when the oldest stalled delivery has been due.
    pub stalled_since: Option<DateTime<Utc>>,
    /// When the ERP last accepted a delivery.
    pub last_delivered_at: Option<DateTime<Utc>>,
}

impl Health {
    /// Something an admin has to act on.
    pub fn needs_attention(&self) -> bool {
        self.failed > 0 || self.stalled > 0
    }
}

/// The outbox's health at `now` (every query runs on the due-work index).
pub async fn health(db: &Db, _admin: &AdminRights, now: DateTime<Utc>) -> AppResult<Health> {
    let failed = event::Entity::find()
        .filter(event::Column::DeliveredAt.is_null())
        .filter(event::Column::FailedAt.is_not_null())
        .count(&db.read)
        .await?;
    let stalled = event::Entity::find()
        .filter(event::Column::DeliveredAt.is_null())
        .filter(event::Column::FailedAt.is_null())
        .filter(event::Column::AvailableAt.lt(now - stalled_after()))
        .filter(Condition::any().add(event::Column::LeaseUntil.is_null()).add(event::Column::LeaseUntil.lt(now)));
    let oldest = stalled.clone().order_by_asc(event::Column::AvailableAt).one(&db.read).await?;
    let stalled = if oldest.is_some() { stalled.count(&db.read).await? } else { 0 };
    let last_delivered = event::Entity::find()
        .filter(event::Column::DeliveredAt.is_not_null())
        .order_by_desc(event::Column::DeliveredAt)
        .one(&db.read)
        .await?;
    Ok(Health {
        failed,
        stalled,
        stalled_since: oldest.map(|event| event.available_at),
        last_delivered_at: last_delivered.and_then(|event| event.delivered_at),
    })
}

/// Puts a failed or waiting delivery back in line at once, audited on its order. A delivered
/// event is refused: the ERP deduplicates by the idempotency key, so a replay would do nothing.
pub async fn replay(ctx: &AppContext, caller: &Caller, _admin: &AdminRights, id: Uuid) -> AppResult<Visible<event::Model>> {
    let now = ctx.clock.now();
    let txn = ctx.db.write.begin().await?;
    let event = event::Entity::find_by_id(id).one(&txn).await?.ok_or(AppError::NotFound("delivery"))?;
    if event.delivered_at.is_some() {
        return Err(AppError::invalid("id", InputReason::WrongStatus { status: "DELIVERED".into() }));
    }
    let replayed = outbox::replay(&txn, &event, now).await?;
    let order = order::Entity::find_by_id(event.aggregate_id).one(&txn).await?.ok_or(AppError::NotFound("order"))?;
    let mut diff = Diff::new();
    diff.field("failed", &event.failed_at.is_some(), &false);
    audit::record(&txn, caller, now, AuditAction::Update, Subject::Order { id: order.id, customer_id: order.customer_id }, diff).await?;
    txn.commit().await?;
    Ok(Visible::vouched(replayed))
}

/// The newest delivery of each of these orders the caller sees (`Order.erpDelivery`).
pub async fn latest_of_orders(
    db: &impl ConnectionTrait,
    orders: &[Seen<order::Model>],
) -> AppResult<HashMap<Seen<order::Model>, Visible<event::Model>>> {
    let ids: Vec<Uuid> = orders.iter().map(Seen::id).collect();
    let latest = outbox::latest_of_aggregates(db, &ids).await?;
    Ok(Seen::index(orders, Visible::vouched_all(latest.into_values().collect()), |e| e.aggregate_id))
}

/// The attempts of deliveries the caller sees, first to last (`ErpDelivery.attempts`).
pub async fn attempts_of_seen(
    db: &impl ConnectionTrait,
    events: &[Seen<event::Model>],
) -> AppResult<HashMap<Seen<event::Model>, Vec<Visible<delivery::Model>>>> {
    let ids: Vec<Uuid> = events.iter().map(Seen::id).collect();
    let attempts = outbox::attempts_of(db, &ids).await?;
    Ok(Seen::group(events, Visible::vouched_all(attempts.into_values().flatten().collect()), |d| d.event_id))
}
