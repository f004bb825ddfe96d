//! The outbox table's operations: enqueue in the writer's transaction, lease due events,
//! record each attempt's outcome, replay failed ones.

// This module is the repository of its own tables (it has no separate `repo.rs`).
#![allow(clippy::disallowed_methods)]

use super::entity::{delivery, event};
use chrono::{DateTime, Duration, Utc};
use crm_core::clock::new_id_at;
use crm_core::error::AppResult;
pub use crm_core::retry::RetryPolicy;
use rand::Rng;
use sea_orm::sea_query::Condition;
use sea_orm::{ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, IntoActiveModel, QueryFilter, QueryOrder, QuerySelect};
use serde_json::Value;
use std::collections::HashMap;
use uuid::Uuid;

pub const ORDER_PLACED: &str = "order.placed";

/// Writes an event in the caller's transaction.
pub async fn enqueue(
    txn: &impl ConnectionTrait,
    topic: &str,
    aggregate_id: Uuid,
    payload: &Value,
    at: DateTime<Utc>,
) -> AppResult<event::Model> {
    let model = event::Model {
        id: new_id_at(at),
        topic: topic.to_owned(),
        aggregate_id,
        payload: payload.to_string(),
        created_at: at,
        available_at: at,
        lease_until: None,
        attempts: 0,
        delivered_at: None,
        failed_at: None,
        last_error: None,
    };
    Ok(model.into_active_model().reset_all().insert(txn).await?)
}

/// Due events, oldest first: undelivered, not failed, whose time has come and whose lease
/// (if any) ran out.
pub async fn due(db: &impl ConnectionTrait, now: DateTime<Utc>, limit: u64) -> AppResult<Vec<event::Model>> {
    Ok(event::Entity::find()
        .filter(event::Column::DeliveredAt.is_null())
        .filter(event::Column::FailedAt.is_null())
        .filter(event::Column::AvailableAt.lte(now))
        .filter(Condition::any().add(event::Column::LeaseUntil.is_null()).add(event::Column::LeaseUntil.lt(now)))
        .order_by_asc(event::Column::AvailableAt)
        .order_by_asc(event::Column::Id)
        .limit(limit)
        .all(db)
        .await?)
}

/// Takes the lease of `event` until `until`; `false` when another worker took it first.
pub async fn lease(db: &impl ConnectionTrait, event: &event::Model, now: DateTime<Utc>, until: DateTime<Utc>) -> AppResult<bool> {
    let result = event::Entity::update_many()
        .col_expr(event::Column::LeaseUntil, sea_orm::sea_query::Expr::value(until))
        .filter(event::Column::Id.eq(event.id))
        .filter(event::Column::DeliveredAt.is_null())
        .filter(Condition::any().add(event::Column::LeaseUntil.is_null()).add(event::Column::LeaseUntil.lt(now)))
        .exec(db)
        .await?;
    Ok(result.rows_affected == 1)
}

/// The outcome of one attempt.
pub struct Attempt {
    pub started_at: DateTime<Utc>,
    pub duration_ms: i64,
    pub status_code: Option<i32>,
    pub error: Option<String>,
}

impl Attempt {
    pub fn succeeded(&self) -> bool {
        self.error.is_none()
    }
}

/// Logs an attempt and moves the event on: delivered, due again after a backoff, or failed
/// when the attempts ran out. Runs in the caller's transaction.
pub async fn record(
    txn: &impl ConnectionTrait,
    event: &event::Model,
    attempt: &Attempt,
    now: DateTime<Utc>,
    policy: &RetryPolicy,
    rng: &mut impl Rng,
) -> AppResult<event::Model> {
    let number = event.attempts + 1;
    delivery::Model {
        id: new_id_at(attempt.started_at),
        event_id: event.id,
        attempt: number,
        started_at: attempt.started_at,
        duration_ms: attempt.duration_ms,
        status_code: attempt.status_code,
        error: attempt.error.clone(),
    }
    .into_active_model()
    .reset_all()
    .insert(txn)
    .await?;
    let mut next = event.clone();
    next.attempts = number;
    next.lease_until = None;
    if attempt.succeeded() {
        next.delivered_at = Some(now);
        next.last_error = None;
    } else {
        next.last_error = attempt.error.clone();
        if number >= policy.max_attempts {
            next.failed_at = Some(now);
        } else {
            next.available_at = now + Duration::from_std(policy.backoff(number, rng)).unwrap_or_else(|_| Duration::seconds(1));
        }
    }
    Ok(next.into_active_model().reset_all().update(txn).await?)
}

/// Puts a failed (or waiting) event back in line at once, with fresh attempts.
pub async fn replay(txn: &impl ConnectionTrait, event: &event::Model, now: DateTime<Utc>) -> AppResult<event::Model> {
    let mut next = event.clone();
    next.failed_at = None;
    next.available_at = now;
    next.attempts = 0;
    next.lease_until = None;
    Ok(next.into_active_model().reset_all().update(txn).await?)
}

/// The newest event of each of these orders (one statement).
pub async fn latest_of_aggregates(db: &impl ConnectionTrait, aggregate_ids: &[Uuid]) -> AppResult<HashMap<Uuid, event::Model>> {
    let events = event::Entity::find()
        .filter(event::Column::AggregateId.is_in(aggregate_ids.iter().copied()))
        .order_by_desc(event::Column::Id)
        .all(db)
        .await?;
    let mut latest = HashMap::with_capacity(aggregate_ids.len());
    for event in events {
        latest.entry(event.aggregate_id).or_insert(event);
    }
    Ok(latest)
}

/// The attempts of these events, first to last, by event (one statement).
pub async fn attempts_of(db: &impl ConnectionTrait, event_ids: &[Uuid]) -> AppResult<HashMap<Uuid, Vec<delivery::Model>>> {
    let rows = delivery::Entity::find()
        .filter(delivery::Column::EventId.is_in(event_ids.iter().copied()))
        .order_by_asc(delivery::Column::EventId)
        .order_by_asc(delivery::Column::Attempt)
        .all(db)
        .await?;
    let mut by_event: HashMap<Uuid, Vec<delivery::Model>> = HashMap::with_capacity(event_ids.len());
    for row in rows {
        by_event.entry(row.event_id).or_default().push(row);
    }
    Ok(by_event)
}
