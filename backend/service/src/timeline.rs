//! What the service desk writes into the customer's timeline, in the transaction of what
//! happened: a ticket opened, each message the customer sees (theirs and the desk's replies;
//! never internal notes), a call's wrap-up, a satisfaction or NPS answer.

use crate::domain::{CallDirection, SurveyChannel, TicketMessageKind};
use crate::entity::{call, nps_answer, nps_survey, ticket, ticket_message, ticket_survey};
use chrono::{DateTime, Utc};
use crm_core::error::AppResult;
use crm_interactions::access::RecordedByTheCrm;
use crm_interactions::domain::{InteractionChannel, InteractionDirection, InteractionKind};
use crm_interactions::service::{record, NewInteraction};
use sea_orm::ConnectionTrait;

fn about(ticket: &ticket::Model) -> String {
    format!("{} · {}", ticket.number, ticket.subject)
}

/// A new ticket, with the customer's first words.
pub(crate) async fn ticket_opened(txn: &impl ConnectionTrait, ticket: &ticket::Model, description: &str) -> AppResult<()> {
    let mut new = NewInteraction::new(
        ticket.customer_id,
        InteractionKind::TicketOpened,
        ticket.channel,
        InteractionDirection::Inbound,
        about(ticket),
        ticket.created_at,
    );
    new.contact_id = ticket.contact_id;
    new.summary = Some(description.to_owned());
    new.staff_user_id = ticket.assignee_id;
    new.ticket_id = Some(ticket.id);
    record(txn, &RecordedByTheCrm::for_module(), new, ticket.created_at).await?;
    Ok(())
}

/// A message on a ticket the customer sees: the customer's words in, the desk's reply out.
pub(crate) async fn ticket_message(
    txn: &impl ConnectionTrait,
    ticket: &ticket::Model,
    message: &ticket_message::Model,
    channel: InteractionChannel,
) -> AppResult<()> {
    let direction = match message.kind {
        TicketMessageKind::Customer => InteractionDirection::Inbound,
        TicketMessageKind::Reply => InteractionDirection::Outbound,
        TicketMessageKind::Note => return Ok(()),
    };
    let mut new =
        NewInteraction::new(ticket.customer_id, InteractionKind::TicketMessage, channel, direction, about(ticket), message.created_at);
    new.contact_id = ticket.contact_id;
    new.summary = Some(message.body.clone());
    new.staff_user_id = if direction == InteractionDirection::Outbound { message.author_id } else { ticket.assignee_id };
    new.ticket_id = Some(ticket.id);
    record(txn, &RecordedByTheCrm::for_module(), new, message.created_at).await?;
    Ok(())
}

/// A call with a known customer, once wrapped up: its outcome and the agent's notes (internal:
/// the notes are the desk's, as the call's record is).
pub(crate) async fn call_wrapped_up(txn: &impl ConnectionTrait, call: &call::Model, now: DateTime<Utc>) -> AppResult<()> {
    let Some(customer_id) = call.customer_id else { return Ok(()) };
    let (direction, number) = match call.direction {
        CallDirection::Inbound => (InteractionDirection::Inbound, call.from_number.as_deref()),
        CallDirection::Outbound => (InteractionDirection::Outbound, call.to_number.as_deref()),
    };
    let started = call.answered_at.unwrap_or(call.started_at);
    let mut new =
        NewInteraction::new(customer_id, InteractionKind::Call, InteractionChannel::Phone, direction, number.unwrap_or("—"), started);
    new.contact_id = call.contact_id;
    new.summary = call.wrap_up.clone();
    new.outcome = call.outcome.map(|outcome| outcome.as_api().to_owned());
    new.ended_at = call.ended_at;
    new.internal = true;
    new.staff_user_id = call.agent_id.or(call.wrapped_up_by_id);
    new.ticket_id = call.ticket_id;
    record(txn, &RecordedByTheCrm::for_module(), new, now).await?;
    Ok(())
}

fn survey_channel(channel: Option<SurveyChannel>) -> InteractionChannel {
    match channel {
        Some(SurveyChannel::Portal) => InteractionChannel::SelfService,
        _ => InteractionChannel::Web,
    }
}

/// The customer's satisfaction answer on a resolved ticket (`outcome`: "4/5").
pub(crate) async fn satisfaction_answered(
    txn: &impl ConnectionTrait,
    ticket: &ticket::Model,
    survey: &ticket_survey::Model,
) -> AppResult<()> {
    let (Some(score), Some(at)) = (survey.score, survey.answered_at) else { return Ok(()) };
    let channel = survey_channel(survey.channel);
    let mut new =
        NewInteraction::new(ticket.customer_id, InteractionKind::SurveyAnswer, channel, InteractionDirection::Inbound, about(ticket), at);
    new.contact_id = ticket.contact_id;
    new.summary = survey.comment.clone();
    new.outcome = Some(format!("{score}/5"));
    new.staff_user_id = survey.agent_id;
    new.ticket_id = Some(ticket.id);
    record(txn, &RecordedByTheCrm::for_module(), new, at).await?;
    Ok(())
}

/// The customer's NPS answer (`outcome`: "9/10").
pub(crate) async fn nps_answered(txn: &impl ConnectionTrait, survey: &nps_survey::Model, answer: &nps_answer::Model) -> AppResult<()> {
    let (Some(score), Some(at)) = (answer.score, answer.answered_at) else { return Ok(()) };
    let channel = survey_channel(answer.channel);
    let mut new = NewInteraction::new(
        answer.customer_id,
        InteractionKind::SurveyAnswer,
        channel,
        InteractionDirection::Inbound,
        survey.name.clone(),
        at,
    );
    new.summary = answer.comment.clone();
    new.outcome = Some(format!("{score}/10"));
    record(txn, &RecordedByTheCrm::for_module(), new, at).await?;
    Ok(())
}
