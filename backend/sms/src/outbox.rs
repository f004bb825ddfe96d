//! What the CRM sends by text, as rows of `sms_messages`: queued in the transaction of the
//! change that sends it, leased by one worker at a time, each attempt's outcome recorded, then
//! the gateway's delivery report. Never twice, as the email outbox: a lease that runs out with
//! the message still queued means a server stopped mid-send; the message is marked
//! INTERRUPTED for a person, not sent again by itself.

// This module is the repository of its own table.
#![allow(clippy::disallowed_methods)]

use crate::domain::{InteractionDirection, SmsStatus};
use crate::entity::sms_message;
use chrono::{DateTime, Duration, Utc};
use crm_core::clock::new_id_at;
use crm_core::error::AppResult;
use crm_core::retry::RetryPolicy;
use rand::Rng;
use sea_orm::sea_query::Expr;
use sea_orm::{ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, IntoActiveModel, QueryFilter, QueryOrder, QuerySelect};
use uuid::Uuid;

/// The longest text sent (ten concatenated segments).
pub const MAX_TEXT: usize = 1_600;

/// A text to send, addressed.
#[derive(Debug, Clone, Default)]
pub struct Outgoing {
    pub from: String,
    pub to: String,
    pub text: String,
    pub customer_id: Option<Uuid>,
    pub contact_id: Option<Uuid>,
    pub ticket_id: Option<Uuid>,
    pub ticket_message_id: Option<Uuid>,
}

/// Queues `outgoing` in the caller's transaction; with `refusal`, keeps it as refused.
pub async fn queue_in(
    txn: &impl ConnectionTrait,
    outgoing: Outgoing,
    refusal: Option<String>,
    now: DateTime<Utc>,
) -> AppResult<sms_message::Model> {
    let status = if refusal.is_some() { SmsStatus::Refused } else { SmsStatus::Queued };
    let model = sms_message::Model {
        id: new_id_at(now),
        direction: InteractionDirection::Outbound,
        status,
        provider_id: None,
        from_number: outgoing.from,
        to_number: outgoing.to,
        text: outgoing.text.chars().take(MAX_TEXT).collect(),
        customer_id: outgoing.customer_id,
        contact_id: outgoing.contact_id,
        ticket_id: outgoing.ticket_id,
        ticket_message_id: outgoing.ticket_message_id,
        attempts: 0,
        next_attempt_at: (status == SmsStatus::Queued).then_some(now),
        leased_until: None,
        last_error: refusal,
        sent_at: None,
        delivered_at: None,
        created_at: now,
    };
    Ok(model.into_active_model().reset_all().insert(txn).await?)
}

/// Queued texts whose time has come and that no worker holds, oldest first.
pub async fn due(db: &impl ConnectionTrait, now: DateTime<Utc>, limit: u64) -> AppResult<Vec<sms_message::Model>> {
    Ok(sms_message::Entity::find()
        .filter(sms_message::Column::Status.eq(SmsStatus::Queued))
        .filter(sms_message::Column::NextAttemptAt.lte(now))
        .filter(sms_message::Column::LeasedUntil.is_null())
        .order_by_asc(sms_message::Column::NextAttemptAt)
        .order_by_asc(sms_message::Column::Id)
        .limit(limit)
        .all(db)
        .await?)
}

/// Marks INTERRUPTED the texts whose sender stopped mid-send; returns how many.
pub async fn mark_interrupted(db: &impl ConnectionTrait, now: DateTime<Utc>) -> AppResult<u64> {
    let result = sms_message::Entity::update_many()
        .col_expr(sms_message::Column::Status, Expr::value(SmsStatus::Interrupted))
        .col_expr(sms_message::Column::LeasedUntil, Expr::value(Option::<DateTime<Utc>>::None))
        .col_expr(sms_message::Column::NextAttemptAt, Expr::value(Option::<DateTime<Utc>>::None))
        .col_expr(
            sms_message::Column::LastError,
            Expr::value("a server stopped while sending it: the gateway may have it; send it again only if the customer did not get it"),
        )
        .filter(sms_message::Column::Status.eq(SmsStatus::Queued))
        .filter(sms_message::Column::LeasedUntil.lt(now))
        .exec(db)
        .await?;
    Ok(result.rows_affected)
}

/// Takes `message` until `until`; `false` when another worker took it first.
pub async fn lease(db: &impl ConnectionTrait, message: &sms_message::Model, until: DateTime<Utc>) -> AppResult<bool> {
    let result = sms_message::Entity::update_many()
        .col_expr(sms_message::Column::LeasedUntil, Expr::value(until))
        .filter(sms_message::Column::Id.eq(message.id))
        .filter(sms_message::Column::Status.eq(SmsStatus::Queued))
        .filter(sms_message::Column::LeasedUntil.is_null())
        .exec(db)
        .await?;
    Ok(result.rows_affected == 1)
}

/// How an attempt to send went.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Attempt {
    /// The gateway took it, under its id (when it said one).
    Sent(Option<String>),
    /// Worth trying again (the gateway unreachable, busy, a 5xx answer).
    Temporary(String),
    /// Will not change (the gateway refused the request: a 4xx answer).
    Permanent(String),
}

/// Records an attempt: sent, due again after a backoff, or failed.
pub async fn record(
    db: &impl ConnectionTrait,
    message: &sms_message::Model,
    attempt: &Attempt,
    now: DateTime<Utc>,
    policy: &RetryPolicy,
    rng: &mut impl Rng,
) -> AppResult<sms_message::Model> {
    let mut next = message.clone();
    next.attempts = message.attempts + 1;
    next.leased_until = None;
    match attempt {
        Attempt::Sent(provider_id) => {
            next.status = SmsStatus::Sent;
            next.provider_id = provider_id.clone();
            next.sent_at = Some(now);
            next.next_attempt_at = None;
            next.last_error = None;
        }
        Attempt::Temporary(error) if next.attempts < policy.max_attempts => {
            let wait = Duration::from_std(policy.backoff(next.attempts, rng)).unwrap_or_else(|_| Duration::seconds(1));
            next.next_attempt_at = Some(now + wait);
            next.last_error = Some(truncated(error));
        }
        Attempt::Temporary(error) | Attempt::Permanent(error) => {
            next.status = SmsStatus::Failed;
            next.next_attempt_at = None;
            next.last_error = Some(truncated(error));
        }
    }
    Ok(next.into_active_model().reset_all().update(db).await?)
}

/// A delivery report from the gateway: the text it names was delivered, or not (with why).
/// Returns the text; `None` when no text sent has that id.
pub async fn report(
    db: &impl ConnectionTrait,
    provider_id: &str,
    delivered: bool,
    why: Option<&str>,
    now: DateTime<Utc>,
) -> AppResult<Option<sms_message::Model>> {
    let Some(sent) = by_provider_id(db, provider_id).await?.filter(|sms| sms.direction == InteractionDirection::Outbound) else {
        return Ok(None);
    };
    if sent.status != SmsStatus::Sent {
        // A repeated report, or one for a text already settled: nothing changes.
        return Ok(Some(sent));
    }
    let mut next = sent;
    if delivered {
        next.status = SmsStatus::Delivered;
        next.delivered_at = Some(now);
    } else {
        next.status = SmsStatus::Failed;
        next.last_error = Some(truncated(why.unwrap_or("the gateway reports it undelivered")));
    }
    Ok(Some(next.into_active_model().reset_all().update(db).await?))
}

/// The text, either way, with this gateway id.
pub async fn by_provider_id(db: &impl ConnectionTrait, provider_id: &str) -> AppResult<Option<sms_message::Model>> {
    Ok(sms_message::Entity::find().filter(sms_message::Column::ProviderId.eq(provider_id)).one(db).await?)
}

fn truncated(text: &str) -> String {
    text.chars().take(1000).collect()
}
