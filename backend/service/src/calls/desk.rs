//! The desk's work on calls: saying who an unrecognised caller is, wrapping a call up with
//! its outcome and ticket, calling missed callers back, and the numbers the company refuses.

#![allow(clippy::disallowed_methods)]

use super::MAX_NOTES;
use crate::access::{call_work, service_settings, CallScope, CallWork, TicketScope};
use crate::domain::{CallOutcome, CallStatus, CallbackStatus};
use crate::entity::{blocked_number, call, ticket};
use crate::inputs::{BlockNumberInput, CompleteCallbackInput, LinkCallInput, WrapUpCallInput};
use chrono::{DateTime, Utc};
use crm_core::audit::{AuditAction, Diff};
use crm_core::context::AppContext;
use crm_core::error::{AppError, AppResult, InputReason};
use crm_core::filters::parse_id;
use crm_core::principal::Caller;
use crm_core::values::{optional_text, required_text, Phone};
use crm_core::versioned::{self, Change};
use crm_core::visible::Visible;
use crm_customers::access::CustomerScope;
use crm_customers::repo::find_contact;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseTransaction, EntityTrait, IntoActiveModel, QueryFilter, TransactionTrait,
};
use uuid::Uuid;

/// A call the caller sees, at the version the change is based on.
async fn call_at(db: &impl ConnectionTrait, caller: &Caller, id: &async_graphql::ID, version: i32) -> AppResult<call::Model> {
    let scope = CallScope::of(&caller.principal)?;
    let found = super::repo::find(db, &scope, parse_id(id, "id")?).await?.ok_or(AppError::NotFound("call"))?;
    versioned::at_version::<call::Entity>(found.into_inner(), version)
}

async fn save(
    txn: &DatabaseTransaction,
    right: &CallWork,
    caller: &Caller,
    now: DateTime<Utc>,
    current: &call::Model,
    next: call::Model,
    diff: Diff,
) -> AppResult<call::Model> {
    versioned::save::<call::Entity>(txn, right, caller, now, AuditAction::Update, Change { current, next, diff }).await
}

/// Says who called, when the number did not (an unknown or shared number): the call takes the
/// contact and its customer.
pub async fn link(ctx: &AppContext, caller: &Caller, input: LinkCallInput) -> AppResult<Visible<call::Model>> {
    let right = call_work(&caller.principal)?;
    let now = ctx.clock.now();
    let txn = ctx.db.write.begin().await?;
    let current = call_at(&txn, caller, &input.id, input.version).await?;
    let customers = CustomerScope::of(&caller.principal)?;
    let contact = find_contact(&txn, &customers, parse_id(&input.contact_id, "contactId")?)
        .await?
        .filter(|contact| contact.archived_at.is_none())
        .ok_or_else(|| AppError::invalid("contactId", InputReason::UnknownReference))?;
    let mut next = current.clone();
    next.contact_id = Some(contact.id);
    next.customer_id = Some(contact.customer_id);
    let mut diff = Diff::new();
    diff.field("contactId", &current.contact_id, &next.contact_id).field("customerId", &current.customer_id, &next.customer_id);
    let saved = if diff.is_empty() { current } else { save(&txn, &right, caller, now, &current, next, diff).await? };
    txn.commit().await?;
    Visible::written(saved, &right)
}

fn notes(raw: Option<&str>) -> AppResult<Option<String>> {
    optional_text(raw, MAX_NOTES).map_err(|why| AppError::invalid("notes", why))
}

/// Records how an answered call ended: its outcome, notes, and the ticket it was about.
pub async fn wrap_up(ctx: &AppContext, caller: &Caller, input: WrapUpCallInput) -> AppResult<Visible<call::Model>> {
    let right = call_work(&caller.principal)?;
    if input.outcome == CallOutcome::NotReached {
        return Err(AppError::invalid(
            "outcome",
            InputReason::NotApplicable.with_message("NOT_REACHED is for a call back nobody answered (completeCallback)"),
        ));
    }
    let notes = notes(input.notes.as_deref())?;
    let now = ctx.clock.now();
    let txn = ctx.db.write.begin().await?;
    let current = call_at(&txn, caller, &input.id, input.version).await?;
    if !matches!(current.status, CallStatus::Answered | CallStatus::Ended) {
        return Err(AppError::invalid("id", InputReason::WrongStatus { status: current.status.as_api().to_owned() }));
    }
    let mut next = current.clone();
    if let Some(id) = &input.ticket_id {
        let ticket = ticket_for_call(&txn, caller, &current, parse_id(id, "ticketId")?).await?;
        attach_ticket(&mut next, &ticket);
    }
    next.outcome = Some(input.outcome);
    next.wrap_up = notes;
    next.wrapped_up_by_id = right.user_id;
    next.wrapped_up_at = Some(now);
    let mut diff = Diff::new();
    diff.field("outcome", &current.outcome, &next.outcome).field("ticketId", &current.ticket_id, &next.ticket_id).field(
        "customerId",
        &current.customer_id,
        &next.customer_id,
    );
    if current.wrap_up != next.wrap_up {
        // The notes are the desk's: the audit says they changed, not what they say.
        diff.redacted("wrapUp");
    }
    let saved = save(&txn, &right, caller, now, &current, next, diff).await?;
    if current.wrapped_up_at.is_none() {
        // The first wrap-up puts the call in the customer's timeline; later ones mend notes.
        crate::timeline::call_wrapped_up(&txn, &saved, now).await?;
    }
    txn.commit().await?;
    Visible::written(saved, &right)
}

/// A ticket the caller sees, of the call's customer when the call has one.
async fn ticket_for_call(db: &impl ConnectionTrait, caller: &Caller, call: &call::Model, id: Uuid) -> AppResult<ticket::Model> {
    let scope = TicketScope::of(&caller.principal)?;
    let ticket = crate::tickets::find(db, &scope, id).await?.ok_or_else(|| AppError::invalid("ticketId", InputReason::UnknownReference))?;
    if call.customer_id.is_some_and(|customer| customer != ticket.customer_id) {
        return Err(AppError::invalid(
            "ticketId",
            InputReason::UnknownReference.with_message("a ticket of another customer than the caller's"),
        ));
    }
    Ok(ticket.into_inner())
}

/// The call is about `ticket`; an unrecognised caller becomes the ticket's customer (and
/// contact).
fn attach_ticket(call: &mut call::Model, ticket: &ticket::Model) {
    call.ticket_id = Some(ticket.id);
    if call.customer_id.is_none() {
        call.customer_id = Some(ticket.customer_id);
        call.contact_id = ticket.contact_id;
    }
}

/// Links a ticket just opened from a call (`openTicket`'s `callId`), in the ticket's
/// transaction; a call already about a ticket keeps it.
pub async fn link_opened_ticket(
    txn: &DatabaseTransaction,
    caller: &Caller,
    now: DateTime<Utc>,
    call_id: Uuid,
    ticket: &ticket::Model,
) -> AppResult<()> {
    let right = call_work(&caller.principal)?;
    let scope = CallScope::of(&caller.principal)?;
    let current = super::repo::find(txn, &scope, call_id)
        .await?
        .ok_or_else(|| AppError::invalid("callId", InputReason::UnknownReference))?
        .into_inner();
    if current.customer_id.is_some_and(|customer| customer != ticket.customer_id) {
        return Err(AppError::invalid("callId", InputReason::UnknownReference.with_message("a call of another customer")));
    }
    if current.ticket_id.is_some() {
        return Ok(());
    }
    let mut next = current.clone();
    attach_ticket(&mut next, ticket);
    let mut diff = Diff::new();
    diff.field("ticketId", &current.ticket_id, &next.ticket_id).field("customerId", &current.customer_id, &next.customer_id);
    save(txn, &right, caller, now, &current, next, diff).await?;
    Ok(())
}

/// The calls about a duplicate ticket move to the ticket it is merged into, in the merge's
/// transaction, each change audited. Read without the caller's scope: the merge is the desk's
/// authorised write over both tickets, and every call of the duplicate moves.
pub async fn follow_merge(
    txn: &DatabaseTransaction,
    caller: &Caller,
    now: DateTime<Utc>,
    duplicate: &ticket::Model,
    kept: &ticket::Model,
) -> AppResult<()> {
    let right = call_work(&caller.principal)?;
    let calls = call::Entity::find().filter(call::Column::TicketId.eq(duplicate.id)).all(txn).await?;
    for current in calls {
        let mut next = current.clone();
        next.ticket_id = Some(kept.id);
        let mut diff = Diff::new();
        diff.field("ticketId", &current.ticket_id, &next.ticket_id);
        save(txn, &right, caller, now, &current, next, diff).await?;
    }
    Ok(())
}

/// The missed caller was called back: DONE with its outcome, or still WAITING after an
/// attempt nobody answered (NOT_REACHED, noted).
pub async fn complete_callback(ctx: &AppContext, caller: &Caller, input: CompleteCallbackInput) -> AppResult<Visible<call::Model>> {
    let right = call_work(&caller.principal)?;
    let notes = notes(input.notes.as_deref())?;
    let now = ctx.clock.now();
    let txn = ctx.db.write.begin().await?;
    let current = call_at(&txn, caller, &input.id, input.version).await?;
    if current.callback_status != Some(CallbackStatus::Waiting) {
        let status = current.callback_status.map_or("NONE", |status| status.as_api());
        return Err(AppError::invalid("id", InputReason::WrongStatus { status: status.to_owned() }));
    }
    let mut next = current.clone();
    next.outcome = Some(input.outcome);
    next.wrap_up = notes;
    next.wrapped_up_by_id = right.user_id;
    next.wrapped_up_at = Some(now);
    if input.outcome != CallOutcome::NotReached {
        next.callback_status = Some(CallbackStatus::Done);
        next.callback_by_id = right.user_id;
        next.callback_at = Some(now);
    }
    let mut diff = Diff::new();
    diff.field("outcome", &current.outcome, &next.outcome).field("callbackStatus", &current.callback_status, &next.callback_status);
    if current.wrap_up != next.wrap_up {
        diff.redacted("wrapUp");
    }
    let saved = save(&txn, &right, caller, now, &current, next, diff).await?;
    txn.commit().await?;
    Visible::written(saved, &right)
}

/// Puts a number on the block list (admins, service managers): its calls are rejected.
pub async fn block_number(ctx: &AppContext, caller: &Caller, input: BlockNumberInput) -> AppResult<Visible<blocked_number::Model>> {
    service_settings(&caller.principal)?;
    let number = Phone::parse(&input.number, None).map_err(|why| AppError::invalid("number", why))?;
    let reason = required_text(&input.reason, 500).map_err(|why| AppError::invalid("reason", why))?;
    let row = blocked_number::Model {
        number: number.as_str().to_owned(),
        reason,
        created_by_id: caller.principal.user_id(),
        created_at: ctx.clock.now(),
    };
    let txn = ctx.db.write.begin().await?;
    if blocked_number::Entity::find_by_id(row.number.clone()).one(&txn).await?.is_some() {
        return Err(AppError::invalid(
            "number",
            InputReason::Duplicate { value: row.number }.with_message("the number is already blocked"),
        ));
    }
    let created = row.into_active_model().reset_all().insert(&txn).await?;
    txn.commit().await?;
    Ok(Visible::vouched(created))
}

/// Takes a number off the block list (admins, service managers).
pub async fn unblock_number(ctx: &AppContext, caller: &Caller, number: &str) -> AppResult<String> {
    service_settings(&caller.principal)?;
    let number = Phone::parse(number, None).map_err(|why| AppError::invalid("number", why))?;
    let deleted = blocked_number::Entity::delete_by_id(number.as_str().to_owned()).exec(&ctx.db.write).await?;
    if deleted.rows_affected == 0 {
        return Err(AppError::NotFound("blocked number"));
    }
    Ok(number.as_str().to_owned())
}
