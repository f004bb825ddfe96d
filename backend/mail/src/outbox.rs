//! What the CRM sends by email, as rows of `email_messages`: queued in the transaction of the
//! change that sends it, leased by one worker at a time, each attempt's outcome recorded.
//!
//! Never twice: a worker commits its lease before it talks to the relay. A lease that runs
//! out with the message still queued means a server stopped mid-send, after which the relay
//! may or may not have the message; it is marked INTERRUPTED for a person to look at, never
//! sent again by itself.

// This module is the repository of its own table.
#![allow(clippy::disallowed_methods)]

use crate::domain::{EmailDirection, EmailKind, EmailStatus};
use crate::entity::email_message;
use chrono::{DateTime, Duration, Utc};
use crm_core::clock::new_id_at;
use crm_core::error::AppResult;
use crm_core::retry::RetryPolicy;
use rand::Rng;
use sea_orm::sea_query::Expr;
use sea_orm::{ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, IntoActiveModel, QueryFilter, QueryOrder, QuerySelect};
use uuid::Uuid;

/// A message to send, addressed.
#[derive(Debug, Clone, Default)]
pub struct Outgoing {
    pub from: String,
    pub to: String,
    pub subject: String,
    pub body: String,
    /// The message it answers, and the chain before it: the customer's mail program shows the
    /// reply in the conversation.
    pub in_reply_to: Option<String>,
    pub references: Vec<String>,
    pub customer_id: Option<Uuid>,
    pub contact_id: Option<Uuid>,
    pub ticket_id: Option<Uuid>,
    pub ticket_message_id: Option<Uuid>,
}

/// The `Message-ID` the CRM gives a message it sends: unique, in the sender's domain.
pub fn new_message_id(id: Uuid, from: &str) -> String {
    let domain = from.rsplit_once('@').map(|(_, domain)| domain).filter(|domain| !domain.is_empty()).unwrap_or("crm.invalid");
    format!("{}@{domain}", id.simple())
}

/// Queues `outgoing` in the caller's transaction; with `refusal`, keeps it as refused (not
/// sent, and why).
pub async fn queue_in(
    txn: &impl ConnectionTrait,
    outgoing: Outgoing,
    refusal: Option<String>,
    now: DateTime<Utc>,
) -> AppResult<email_message::Model> {
    let id = new_id_at(now);
    let status = if refusal.is_some() { EmailStatus::Refused } else { EmailStatus::Queued };
    let model = email_message::Model {
        id,
        direction: EmailDirection::Outbound,
        kind: EmailKind::Message,
        status,
        message_id: new_message_id(id, &outgoing.from),
        in_reply_to: outgoing.in_reply_to,
        references: outgoing.references.join("\n"),
        from_address: outgoing.from,
        to_addresses: outgoing.to,
        raw_size: outgoing.body.len().try_into().unwrap_or(i32::MAX),
        subject: outgoing.subject,
        body: outgoing.body,
        customer_id: outgoing.customer_id,
        contact_id: outgoing.contact_id,
        ticket_id: outgoing.ticket_id,
        ticket_message_id: outgoing.ticket_message_id,
        attempts: 0,
        next_attempt_at: (status == EmailStatus::Queued).then_some(now),
        leased_until: None,
        last_error: refusal,
        sent_at: None,
        created_at: now,
    };
    Ok(model.into_active_model().reset_all().insert(txn).await?)
}

/// Queued messages whose time has come and that no worker holds, oldest first.
pub async fn due(db: &impl ConnectionTrait, now: DateTime<Utc>, limit: u64) -> AppResult<Vec<email_message::Model>> {
    Ok(email_message::Entity::find()
        .filter(email_message::Column::Status.eq(EmailStatus::Queued))
        .filter(email_message::Column::NextAttemptAt.lte(now))
        .filter(email_message::Column::LeasedUntil.is_null())
        .order_by_asc(email_message::Column::NextAttemptAt)
        .order_by_asc(email_message::Column::Id)
        .limit(limit)
        .all(db)
        .await?)
}

/// Marks INTERRUPTED the messages whose sender stopped mid-send (their lease ran out while
/// still queued); returns how many.
pub async fn mark_interrupted(db: &impl ConnectionTrait, now: DateTime<Utc>) -> AppResult<u64> {
    let result = email_message::Entity::update_many()
        .col_expr(email_message::Column::Status, Expr::value(EmailStatus::Interrupted))
        .col_expr(email_message::Column::LeasedUntil, Expr::value(Option::<DateTime<Utc>>::None))
        .col_expr(email_message::Column::NextAttemptAt, Expr::value(Option::<DateTime<Utc>>::None))
        .col_expr(
            email_message::Column::LastError,
            Expr::value("a server stopped while sending it: the relay may have it; send it again only if the customer did not get it"),
        )
        .filter(email_message::Column::Status.eq(EmailStatus::Queued))
        .filter(email_message::Column::LeasedUntil.lt(now))
        .exec(db)
        .await?;
    Ok(result.rows_affected)
}

/// Takes `message` until `until`; `false` when another worker took it first.
pub async fn lease(db: &impl ConnectionTrait, message: &email_message::Model, until: DateTime<Utc>) -> AppResult<bool> {
    let result = email_message::Entity::update_many()
        .col_expr(email_message::Column::LeasedUntil, Expr::value(until))
        .filter(email_message::Column::Id.eq(message.id))
        .filter(email_message::Column::Status.eq(EmailStatus::Queued))
        .filter(email_message::Column::LeasedUntil.is_null())
        .exec(db)
        .await?;
    Ok(result.rows_affected == 1)
}

/// How an attempt to send went.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Attempt {
    /// The relay accepted it.
    Sent,
    /// A failure worth trying again (the relay unreachable, a 4xx answer).
    Temporary(String),
    /// A failure that will not change (a 5xx answer, an address the relay refuses).
    Permanent(String),
}

/// Records an attempt: sent, due again after a backoff, or failed (for good, or out of
/// attempts).
pub async fn record(
    db: &impl ConnectionTrait,
    message: &email_message::Model,
    attempt: &Attempt,
    now: DateTime<Utc>,
    policy: &RetryPolicy,
    rng: &mut impl Rng,
) -> AppResult<email_message::Model> {
    let mut next = message.clone();
    next.attempts = message.attempts + 1;
    next.leased_until = None;
    match attempt {
        Attempt::Sent => {
            next.status = EmailStatus::Sent;
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
            next.status = EmailStatus::Failed;
            next.next_attempt_at = None;
            next.last_error = Some(truncated(error));
        }
    }
    Ok(next.into_active_model().reset_all().update(db).await?)
}

/// Puts a failed or interrupted message back in line at once (a person decided to send it
/// again); `None` when it is neither.
pub async fn send_again(db: &impl ConnectionTrait, id: Uuid, now: DateTime<Utc>) -> AppResult<Option<email_message::Model>> {
    let result = email_message::Entity::update_many()
        .col_expr(email_message::Column::Status, Expr::value(EmailStatus::Queued))
        .col_expr(email_message::Column::NextAttemptAt, Expr::value(now))
        .col_expr(email_message::Column::Attempts, Expr::value(0))
        .filter(email_message::Column::Id.eq(id))
        .filter(email_message::Column::Status.is_in([EmailStatus::Failed, EmailStatus::Interrupted]))
        .exec(db)
        .await?;
    if result.rows_affected == 0 {
        return Ok(None);
    }
    Ok(email_message::Entity::find_by_id(id).one(db).await?)
}

/// Marks BOUNCED the message we sent with `message_id`; returns it.
pub async fn mark_bounced(db: &impl ConnectionTrait, message_id: &str, why: &str) -> AppResult<Option<email_message::Model>> {
    let Some(sent) = by_message_id(db, message_id).await?.filter(|sent| sent.direction == EmailDirection::Outbound) else {
        return Ok(None);
    };
    let mut next = sent;
    next.status = EmailStatus::Bounced;
    next.last_error = Some(truncated(why));
    Ok(Some(next.into_active_model().reset_all().update(db).await?))
}

/// The message, either way, with this `Message-ID`.
pub async fn by_message_id(db: &impl ConnectionTrait, message_id: &str) -> AppResult<Option<email_message::Model>> {
    Ok(email_message::Entity::find().filter(email_message::Column::MessageId.eq(message_id)).one(db).await?)
}

/// The first of `message_ids` (newest first as given) that belongs to a ticket: the ticket a
/// reply answers.
pub async fn ticket_of_thread(db: &impl ConnectionTrait, message_ids: &[String]) -> AppResult<Option<Uuid>> {
    if message_ids.is_empty() {
        return Ok(None);
    }
    let rows: Vec<(String, Option<Uuid>)> = email_message::Entity::find()
        .select_only()
        .column(email_message::Column::MessageId)
        .column(email_message::Column::TicketId)
        .filter(email_message::Column::MessageId.is_in(message_ids.iter().take(100).cloned()))
        .filter(email_message::Column::TicketId.is_not_null())
        .into_tuple()
        .all(db)
        .await?;
    Ok(message_ids.iter().find_map(|id| rows.iter().find(|(found, _)| found == id).and_then(|(_, ticket)| *ticket)))
}

/// The newest message on `ticket` (either way): what the next reply answers.
pub async fn latest_of_ticket(db: &impl ConnectionTrait, ticket: Uuid) -> AppResult<Option<email_message::Model>> {
    Ok(email_message::Entity::find()
        .filter(email_message::Column::TicketId.eq(ticket))
        .filter(email_message::Column::Kind.eq(EmailKind::Message))
        .order_by_desc(email_message::Column::Id)
        .one(db)
        .await?)
}

fn truncated(text: &str) -> String {
    text.chars().take(1000).collect()
}
