//! What the telephony (CTI) reports: each event of a call, received idempotently by the
//! telephony's call id. A new call is recognised by its number among the contacts, given the
//! agent of the extension it rings at, refused when the number is blocked; a missed inbound
//! call waits in the callback queue, and a later answered call with the same number (the
//! caller getting through, or the desk calling back) settles it.

#![allow(clippy::disallowed_methods)]

use super::lifecycle::next_status;
use super::{extension, reported_number};
use crate::access::{telephony_write, TelephonyWrite};
use crate::domain::{CallDirection, CallEventKind, CallStatus, CallbackStatus};
use crate::entity::{blocked_number, call};
use crate::inputs::TelephonyEvent;
use crate::routing::agent_at_extension;
use chrono::{DateTime, Utc};
use crm_core::audit::{self, AuditAction, Diff};
use crm_core::clock::new_id_at;
use crm_core::context::AppContext;
use crm_core::error::{AppError, AppResult, InputReason};
use crm_core::events::{Notice, Topic};
use crm_core::principal::Caller;
use crm_core::values::optional_text;
use crm_core::versioned::{self, Change};
use crm_customers::repo::contacts_with_phone;
use sea_orm::sea_query::OnConflict;
use sea_orm::{ColumnTrait, ConnectionTrait, DatabaseTransaction, EntityTrait, IntoActiveModel, QueryFilter, TransactionTrait};
use uuid::Uuid;

/// The longest call id the telephony may use.
const MAX_CALL_ID: usize = 128;
/// The longest call the telephony may report, in seconds (a day).
const MAX_DURATION: i64 = 86_400;

/// What the telephony should do with the call.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CallAction {
    /// Put it through.
    Accept,
    /// Refuse it: the number is blocked.
    Reject,
}

/// The answer to one event.
#[derive(Debug, Clone)]
pub struct TelephonyAnswer {
    pub call: call::Model,
    pub action: CallAction,
    /// Whether this event changed the call (false: a repeat, or older news).
    pub changed: bool,
}

/// An event, checked.
struct Reported {
    external_id: String,
    event: CallEventKind,
    direction: CallDirection,
    from: Option<String>,
    to: Option<String>,
    extension: Option<String>,
    at: DateTime<Utc>,
    duration: Option<i32>,
    recording_url: Option<String>,
}

fn check(event: TelephonyEvent, now: DateTime<Utc>) -> AppResult<Reported> {
    let external_id = event.call_id.trim().to_owned();
    if external_id.is_empty() {
        return Err(AppError::invalid("callId", InputReason::Required));
    }
    if external_id.chars().count() > MAX_CALL_ID {
        return Err(AppError::invalid("callId", InputReason::TooLong { max: MAX_CALL_ID }));
    }
    let duration = match event.duration_seconds {
        None => None,
        Some(seconds @ 0..=MAX_DURATION) => Some(seconds as i32),
        Some(_) => return Err(AppError::invalid("durationSeconds", InputReason::OutOfRange { min: 0, max: MAX_DURATION })),
    };
    let recording_url = optional_text(event.recording_url.as_deref(), 2_000).map_err(|why| AppError::invalid("recordingUrl", why))?;
    if let Some(url) = &recording_url {
        if !(url.starts_with("https://") || url.starts_with("http://")) {
            return Err(AppError::invalid("recordingUrl", InputReason::InvalidUrl { value: url.clone() }));
        }
    }
    let extension = match event.agent_extension.as_deref() {
        Some(raw) => extension(raw).map_err(|err| rename(err, "agentExtension"))?,
        None => None,
    };
    Ok(Reported {
        external_id,
        event: event.event,
        direction: event.direction.unwrap_or(CallDirection::Inbound),
        from: reported_number(event.from.as_deref()),
        to: reported_number(event.to.as_deref()),
        extension,
        at: event.occurred_at.unwrap_or(now),
        duration,
        recording_url,
    })
}

/// The refusal of `extension` under the webhook's field name.
fn rename(err: AppError, field: &str) -> AppError {
    match err {
        AppError::BadInput { invalid, .. } => AppError::BadInput { field: Some(field.to_owned()), invalid },
        other => other,
    }
}

/// Applies one telephony event. A repeat, or news older than what is known, changes nothing
/// and answers the same; two deliveries of one event at once cannot both write (the call id
/// is unique, each change versioned: the loser retries and finds it applied).
pub async fn receive(ctx: &AppContext, caller: &Caller, event: TelephonyEvent) -> AppResult<TelephonyAnswer> {
    let right = telephony_write(&caller.principal)?;
    let reported = check(event, ctx.clock.now())?;
    let mut attempts = 0;
    loop {
        attempts += 1;
        match apply(ctx, caller, &right, &reported).await {
            Err(AppError::Conflict { .. }) if attempts < 3 => continue,
            Ok(answer) => {
                if let (true, Some(agent)) = (answer.changed, answer.call.agent_id) {
                    let notice = Notice { user_id: agent, topic: Topic::Call, record_id: answer.call.id };
                    // The call is stored whatever happens to its pop: a failed notice must not
                    // make the telephony send again an event already applied.
                    if let Err(err) = ctx.db.events().publish(&ctx.db.write, notice).await {
                        tracing::warn!(error = ?err, call = %answer.call.id, "the screen pop of a call was not sent to other servers");
                    }
                }
                return Ok(answer);
            }
            Err(err) => return Err(err),
        }
    }
}

async fn apply(ctx: &AppContext, caller: &Caller, right: &TelephonyWrite, reported: &Reported) -> AppResult<TelephonyAnswer> {
    let now = ctx.clock.now();
    let txn = ctx.db.write.begin().await?;
    let current = call::Entity::find().filter(call::Column::ExternalId.eq(&reported.external_id)).one(&txn).await?;
    let answer = match current {
        None => first_event(&txn, caller, now, reported).await?,
        Some(current) => later_event(&txn, right, caller, now, reported, current).await?,
    };
    if answer.changed && answer.call.status == CallStatus::Answered {
        settle_callbacks(&txn, right, caller, now, &answer.call).await?;
    }
    txn.commit().await?;
    Ok(answer)
}

async fn first_event(txn: &DatabaseTransaction, caller: &Caller, now: DateTime<Utc>, reported: &Reported) -> AppResult<TelephonyAnswer> {
    let blocked = match (&reported.from, reported.direction) {
        (Some(number), CallDirection::Inbound) => blocked_number::Entity::find_by_id(number.clone()).one(txn).await?.is_some(),
        _ => false,
    };
    let answered = reported.duration.is_some_and(|seconds| seconds > 0);
    let status = if blocked { CallStatus::Rejected } else { next_status(None, reported.event, answered).unwrap_or(CallStatus::Ringing) };
    let party = match reported.direction {
        CallDirection::Inbound => &reported.from,
        CallDirection::Outbound => &reported.to,
    };
    let (customer_id, contact_id) = match party {
        Some(number) => recognise(txn, number).await?,
        None => (None, None),
    };
    let agent_id = match &reported.extension {
        Some(extension) => agent_at_extension(txn, extension).await?,
        None => None,
    };
    let mut row = call::Model {
        id: new_id_at(now),
        external_id: reported.external_id.clone(),
        direction: reported.direction,
        status: CallStatus::Ringing,
        from_number: reported.from.clone(),
        to_number: reported.to.clone(),
        extension: reported.extension.clone(),
        agent_id,
        customer_id,
        contact_id,
        ticket_id: None,
        started_at: reported.at,
        answered_at: None,
        ended_at: None,
        duration_seconds: None,
        recording_url: None,
        outcome: None,
        wrap_up: None,
        wrapped_up_by_id: None,
        wrapped_up_at: None,
        callback_status: None,
        callback_by_id: None,
        callback_at: None,
        created_at: now,
        updated_at: now,
        version: 1,
    };
    advance(&mut row, status, reported);
    let inserted = call::Entity::insert(row.clone().into_active_model())
        .on_conflict(OnConflict::column(call::Column::ExternalId).do_nothing().to_owned())
        .exec_without_returning(txn)
        .await?;
    if inserted == 0 {
        // Another delivery of this call stored it first: apply this event over theirs.
        return Err(AppError::stale("call"));
    }
    let mut diff = Diff::new();
    diff.created("direction", &row.direction).created("status", &row.status).created("fromNumber", &row.from_number);
    if let Some(extension) = &row.extension {
        diff.created("extension", extension);
    }
    audit::record(txn, caller, now, AuditAction::Create, <call::Entity as crm_core::versioned::Versioned>::subject(&row), diff).await?;
    let action = if blocked { CallAction::Reject } else { CallAction::Accept };
    Ok(TelephonyAnswer { call: row, action, changed: true })
}

async fn later_event(
    txn: &DatabaseTransaction,
    right: &TelephonyWrite,
    caller: &Caller,
    now: DateTime<Utc>,
    reported: &Reported,
    current: call::Model,
) -> AppResult<TelephonyAnswer> {
    let action = if current.status == CallStatus::Rejected { CallAction::Reject } else { CallAction::Accept };
    let answered = current.answered_at.is_some() || reported.duration.is_some_and(|seconds| seconds > 0);
    let Some(status) = next_status(Some(current.status), reported.event, answered) else {
        return Ok(TelephonyAnswer { call: current, action, changed: false });
    };
    let mut next = current.clone();
    // The extension that answers (a transfer, a pick-up from the queue) takes the call.
    if let Some(extension) = reported.extension.as_ref().filter(|ext| current.extension.as_ref() != Some(*ext)) {
        next.extension = Some(extension.clone());
        next.agent_id = agent_at_extension(txn, extension).await?;
    }
    advance(&mut next, status, reported);
    let mut diff = Diff::new();
    diff.field("status", &current.status, &next.status)
        .field("extension", &current.extension, &next.extension)
        .field("durationSeconds", &current.duration_seconds, &next.duration_seconds)
        .field("callbackStatus", &current.callback_status, &next.callback_status);
    let saved =
        versioned::save::<call::Entity>(txn, right, caller, now, AuditAction::Update, Change { current: &current, next, diff }).await?;
    Ok(TelephonyAnswer { call: saved, action, changed: true })
}

/// Moves `row` to `status` with what the event tells: when it was answered or ended, how
/// long it lasted, its recording; a missed inbound call from a known number waits for a
/// call back.
fn advance(row: &mut call::Model, status: CallStatus, reported: &Reported) {
    row.status = status;
    match status {
        CallStatus::Ringing => {}
        CallStatus::Answered => row.answered_at = Some(reported.at),
        CallStatus::Ended | CallStatus::Missed | CallStatus::Rejected => {
            row.ended_at = Some(reported.at);
            if status == CallStatus::Ended {
                row.answered_at.get_or_insert(row.started_at);
                row.duration_seconds = reported.duration.or(row.duration_seconds);
                row.recording_url = reported.recording_url.clone().or(row.recording_url.take());
            }
        }
    }
    if status == CallStatus::Missed && row.direction == CallDirection::Inbound && row.from_number.is_some() {
        row.callback_status = Some(CallbackStatus::Waiting);
    }
}

/// Who calls from `number`: the customer when every contact with it is one customer's, the
/// contact too when it is one person. Several customers: nobody (the agent chooses among the
/// candidates).
async fn recognise(db: &impl ConnectionTrait, number: &str) -> AppResult<(Option<Uuid>, Option<Uuid>)> {
    let matches = contacts_with_phone(db, number, 20).await?;
    let Some(&(contact, customer)) = matches.first() else { return Ok((None, None)) };
    if matches.iter().any(|(_, other)| *other != customer) {
        return Ok((None, None));
    }
    Ok((Some(customer), (matches.len() == 1).then_some(contact)))
}

/// The caller got through again, or was called back and answered: their missed calls stop
/// waiting for a call back.
async fn settle_callbacks(
    txn: &DatabaseTransaction,
    right: &TelephonyWrite,
    caller: &Caller,
    now: DateTime<Utc>,
    answered: &call::Model,
) -> AppResult<()> {
    let Some(number) = super::customer_number(answered) else { return Ok(()) };
    let waiting = call::Entity::find()
        .filter(call::Column::FromNumber.eq(number))
        .filter(call::Column::CallbackStatus.eq(CallbackStatus::Waiting))
        .filter(call::Column::Id.ne(answered.id))
        .all(txn)
        .await?;
    for current in waiting {
        let mut next = current.clone();
        next.callback_status = Some(CallbackStatus::Done);
        next.callback_at = Some(answered.answered_at.unwrap_or(now));
        next.callback_by_id = answered.agent_id;
        let mut diff = Diff::new();
        diff.field("callbackStatus", &current.callback_status, &next.callback_status);
        versioned::save::<call::Entity>(txn, right, caller, now, AuditAction::Update, Change { current: &current, next, diff }).await?;
    }
    Ok(())
}
