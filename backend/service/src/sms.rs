//! Text messages on the service desk. A received text is filed by the sender's number: onto
//! the newest ticket of that contact that came by text and is not closed, else into a new
//! ticket by text; a number no contact has is kept UNMATCHED. A desk reply on a ticket that
//! came by text is sent by text, queued in the reply's own transaction. The gateway's
//! delivery reports settle what was sent (DELIVERED, or FAILED with why).

#![allow(clippy::disallowed_methods)]

use crate::access::{sms_drop, TicketScope, TicketWrite};
use crate::domain::{InteractionChannel, TicketMessageKind, TicketStatus};
use crate::entity::{ticket, ticket_message};
use crate::inputs::{AddTicketMessageInput, OpenTicketInput};
use crate::tickets;
use async_graphql::ID;
use chrono::{DateTime, Utc};
use crm_core::clock::new_id_at;
use crm_core::consent::Purpose;
use crm_core::context::AppContext;
use crm_core::error::{AppError, AppResult, InputReason};
use crm_core::principal::Caller;
use crm_core::values::{required_text, Phone};
use crm_core::visible::{Seen, Visible};
use crm_customers::repo::{contact_unscoped, contacts_with_phone};
use crm_sms::consent;
use crm_sms::domain::{InteractionDirection, SmsStatus};
use crm_sms::entity::sms_message;
use crm_sms::outbox::{self, Outgoing, MAX_TEXT};
use sea_orm::{ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, IntoActiveModel, QueryFilter, QueryOrder, TransactionTrait};
use std::collections::HashMap;
use uuid::Uuid;

/// A text the gateway received for us.
#[derive(Debug, Clone)]
pub struct InboundText {
    /// The gateway's id of the message.
    pub provider_id: String,
    pub from: String,
    pub to: Option<String>,
    pub text: String,
}

/// What became of a received text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TextFiling {
    /// Added to the sender's open ticket by text.
    Threaded,
    /// Opened a new ticket.
    Opened,
    /// Already received (the same gateway id): nothing changed.
    Duplicate,
    /// From a number no contact has: kept for the desk.
    Unmatched,
}

impl TextFiling {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Threaded => "THREADED",
            Self::Opened => "OPENED",
            Self::Duplicate => "DUPLICATE",
            Self::Unmatched => "UNMATCHED",
        }
    }
}

/// A received text, stored, and where it went.
#[derive(Debug, Clone)]
pub struct FiledText {
    pub sms: sms_message::Model,
    pub filing: TextFiling,
    pub ticket_number: Option<String>,
}

/// Files a received text. Receiving the same one again (its gateway id) changes nothing.
pub async fn receive(ctx: &AppContext, caller: &Caller, input: InboundText) -> AppResult<FiledText> {
    let drop = sms_drop(&caller.principal)?;
    let provider_id = required_text(&input.provider_id, 128).map_err(|why| AppError::invalid("id", why))?;
    let text = required_text(&input.text, MAX_TEXT).map_err(|why| AppError::invalid("text", why))?;
    let from = Phone::parse(&input.from, None).map_err(|why| AppError::invalid("from", why))?.as_str().to_owned();
    let to = match input.to.as_deref().map(str::trim).filter(|to| !to.is_empty()) {
        Some(to) => Phone::parse(to, None).map_err(|why| AppError::invalid("to", why))?.as_str().to_owned(),
        None => String::new(),
    };
    let now = ctx.clock.now();
    let txn = ctx.db.write.begin().await?;
    if let Some(existing) = outbox::by_provider_id(&txn, &provider_id).await? {
        let ticket_number = match existing.ticket_id {
            Some(id) => tickets::ticket_unscoped(&txn, id).await?.map(|ticket| ticket.number),
            None => None,
        };
        return Ok(FiledText { sms: existing, filing: TextFiling::Duplicate, ticket_number });
    }
    let senders = contacts_with_phone(&txn, &from, 20).await?;
    let mut row = sms_message::Model {
        id: new_id_at(now),
        direction: InteractionDirection::Inbound,
        status: SmsStatus::Received,
        provider_id: Some(provider_id),
        from_number: from.clone(),
        to_number: to,
        text: text.clone(),
        customer_id: None,
        contact_id: None,
        ticket_id: None,
        ticket_message_id: None,
        attempts: 0,
        next_attempt_at: None,
        leased_until: None,
        last_error: None,
        sent_at: None,
        delivered_at: None,
        created_at: now,
    };
    let caller = Caller::system("sms");
    let (filing, ticket) = match senders.first().copied() {
        None => {
            row.status = SmsStatus::Unmatched;
            (TextFiling::Unmatched, None)
        }
        Some((contact_id, customer_id)) => {
            row.customer_id = Some(customer_id);
            row.contact_id = Some(contact_id);
            match open_text_ticket(&txn, customer_id, contact_id).await? {
                Some(open) => {
                    let right = TicketWrite::by_text(&drop, &open);
                    let message = AddTicketMessageInput {
                        ticket_id: ID(open.id.to_string()),
                        kind: Some(TicketMessageKind::Customer),
                        body: text,
                        status: None,
                    };
                    let (saved, written) =
                        tickets::write_message_via(&txn, &caller, (open, right), message, now, |_| {}, Some(InteractionChannel::Sms))
                            .await?;
                    row.ticket_message_id = Some(written.into_inner().id);
                    (TextFiling::Threaded, Some(saved.into_inner()))
                }
                None => {
                    let subject: String = text.lines().next().unwrap_or_default().chars().take(80).collect();
                    let input = OpenTicketInput {
                        customer_id: Some(ID(customer_id.to_string())),
                        contact_id: Some(ID(contact_id.to_string())),
                        channel: Some(InteractionChannel::Sms),
                        category: None,
                        subject: format!("SMS: {subject}"),
                        description: text,
                        priority: None,
                        queue_id: None,
                        assignee_id: None,
                        complaint: false,
                        order_id: None,
                        product_id: None,
                        language: None,
                        call_id: None,
                        tags: Vec::new(),
                    };
                    (TextFiling::Opened, Some(tickets::open_in(&txn, &caller, input, now).await?.into_inner()))
                }
            }
        }
    };
    row.ticket_id = ticket.as_ref().map(|ticket| ticket.id);
    let sms = row.into_active_model().reset_all().insert(&txn).await?;
    txn.commit().await?;
    Ok(FiledText { sms, filing, ticket_number: ticket.map(|ticket| ticket.number) })
}

/// The newest ticket of `contact` that came by text and is not closed.
async fn open_text_ticket(db: &impl ConnectionTrait, customer: Uuid, contact: Uuid) -> AppResult<Option<ticket::Model>> {
    Ok(ticket::Entity::find()
        .filter(ticket::Column::CustomerId.eq(customer))
        .filter(ticket::Column::ContactId.eq(contact))
        .filter(ticket::Column::Channel.eq(InteractionChannel::Sms))
        .filter(ticket::Column::Status.ne(TicketStatus::Closed))
        .filter(ticket::Column::MergedIntoId.is_null())
        .order_by_desc(ticket::Column::Id)
        .one(db)
        .await?)
}

/// Queues the desk's `reply` on `ticket` (which came by text) to the ticket's contact's
/// phone; kept as refused when it may not go. The sender is the gateway's number.
pub(crate) async fn send_reply(
    txn: &impl ConnectionTrait,
    ticket: &ticket::Model,
    reply: &ticket_message::Model,
    now: DateTime<Utc>,
) -> AppResult<sms_message::Model> {
    let contact = match ticket.contact_id {
        Some(id) => contact_unscoped(txn, id).await?,
        None => None,
    };
    let to = consent::recipient(contact.as_ref(), Purpose::Service);
    let outgoing = Outgoing {
        from: String::new(),
        to: to.clone().unwrap_or_default(),
        text: reply.body.clone(),
        customer_id: Some(ticket.customer_id),
        contact_id: ticket.contact_id,
        ticket_id: Some(ticket.id),
        ticket_message_id: Some(reply.id),
    };
    outbox::queue_in(txn, outgoing, to.err(), now).await
}

/// A delivery report from the gateway (`sms:events`): the text with gateway id `provider_id`
/// was delivered, or failed (with why). Repeated reports change nothing.
pub async fn report(
    ctx: &AppContext,
    caller: &Caller,
    provider_id: &str,
    delivered: bool,
    why: Option<&str>,
) -> AppResult<sms_message::Model> {
    sms_drop(&caller.principal)?;
    let provider_id = required_text(provider_id, 128).map_err(|why| AppError::invalid("id", why))?;
    outbox::report(&ctx.db.write, &provider_id, delivered, why, ctx.clock.now())
        .await?
        .ok_or_else(|| AppError::invalid("id", InputReason::UnknownReference.with_message("no text sent has this id")))
}

/// The texts of each of `tickets` (seen by the caller), oldest first: the service desk's; empty
/// for others.
pub async fn texts_of(
    db: &impl ConnectionTrait,
    scope: &TicketScope,
    tickets: &[Seen<ticket::Model>],
) -> AppResult<HashMap<Uuid, Vec<Visible<sms_message::Model>>>> {
    if !scope.is_desk() || tickets.is_empty() {
        return Ok(HashMap::new());
    }
    let rows = sms_message::Entity::find()
        .filter(sms_message::Column::TicketId.is_in(tickets.iter().map(Seen::id)))
        .order_by_asc(sms_message::Column::Id)
        .all(db)
        .await?;
    let mut by_ticket: HashMap<Uuid, Vec<Visible<sms_message::Model>>> = HashMap::new();
    for row in rows {
        if let Some(ticket) = row.ticket_id {
            by_ticket.entry(ticket).or_default().push(Visible::vouched(row));
        }
    }
    Ok(by_ticket)
}
