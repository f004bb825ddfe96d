//! The deliveries to the ERP as admins see them: the list (failed ones to look at) and the
//! replay of a failed or waiting delivery, audited on its order.

// This module is the repository of its own tables (it has no separate `repo.rs`).
#![allow(clippy::disallowed_methods)]

use super::entity::{delivery, event};
use super::outbox;
use crate::orders::entity::order;
use crm_core::access::AdminRights;
use crm_core::audit::{self, AuditAction, Diff, Subject};
use crm_core::context::AppContext;
use crm_core::db::Db;
use crm_core::error::{AppError, AppResult, InputReason};
use crm_core::pagination::{fetch_page, id_key, KeyKind, Keyset, Page, PageRequest, SortKey};
use crm_core::principal::Caller;
use crm_core::visible::{Seen, Visible};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, Select, TransactionTrait};
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
