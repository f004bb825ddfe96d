//! Email on the service desk. A received message is filed where it belongs: a reply onto the
//! ticket its thread belongs to (`In-Reply-To`/`References` against the ids of the messages
//! we keep), else onto the ticket its subject names when the sender is a contact of that
//! ticket's customer, else into a new ticket in the queue its address maps to — for a known
//! sender; an unknown sender's message is kept UNMATCHED for the desk. Automatic answers and
//! bounces are kept and never counted as the customer's words; a bounce marks the message it
//! returns. A desk reply on a ticket that came by email is sent by email, queued in the
//! reply's own transaction.

#![allow(clippy::disallowed_methods)]

use crate::access::{mail_drop, TicketScope, TicketWrite};
use crate::domain::{InteractionChannel, TicketMessageKind, TicketStatus};
use crate::entity::{service_queue, ticket, ticket_message};
use crate::inputs::{AddTicketMessageInput, OpenTicketInput};
use crate::setup::queue_for_addresses;
use crate::tickets::{self, MAX_BODY};
use async_graphql::ID;
use chrono::{DateTime, Utc};
use crm_core::clock::new_id_at;
use crm_core::context::AppContext;
use crm_core::error::{AppError, AppResult};
use crm_core::pagination::{fetch_page, id_key, KeyKind, Keyset, Page, PageRequest, SortKey};
use crm_core::principal::Caller;
use crm_core::visible::{Seen, Visible};
use crm_customers::repo::{contact_unscoped, contacts_with_email};
use crm_mail::consent::{self, Purpose};
use crm_mail::domain::{EmailDirection, EmailKind, EmailStatus};
use crm_mail::entity::{email_attachment, email_message};
use crm_mail::outbox::{self, Outgoing};
use crm_mail::parse::{self, ParsedEmail};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseTransaction, EntityTrait, IntoActiveModel, QueryFilter, QueryOrder,
    QuerySelect, Select, TransactionTrait,
};
use std::collections::HashMap;
use uuid::Uuid;

/// What became of a received message.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Filing {
    /// Added to the ticket it answers.
    Threaded,
    /// Opened a new ticket.
    Opened,
    /// Already received (the same `Message-ID`): nothing changed.
    Duplicate,
    /// An automatic answer, kept on its ticket's thread.
    AutoReply,
    /// A delivery failure report; the message it returns is marked bounced.
    Bounce,
    /// From an address no contact has: kept for the desk.
    Unmatched,
}

impl Filing {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Threaded => "THREADED",
            Self::Opened => "OPENED",
            Self::Duplicate => "DUPLICATE",
            Self::AutoReply => "AUTO_REPLY",
            Self::Bounce => "BOUNCE",
            Self::Unmatched => "UNMATCHED",
        }
    }
}

/// A received message, stored, and where it went.
#[derive(Debug, Clone)]
pub struct Filed {
    pub email: email_message::Model,
    pub filing: Filing,
    /// The ticket's number, when it is on one.
    pub ticket_number: Option<String>,
}

/// Files the raw message `raw` received for `envelope` (the recipients the relay or the SMTP
/// session named; the message's own `To`/`Cc` count too). Receiving the same message again
/// changes nothing.
pub async fn receive(ctx: &AppContext, caller: &Caller, raw: &[u8], envelope: &[String]) -> AppResult<Filed> {
    let drop = mail_drop(&caller.principal)?;
    let parsed = parse::parse(raw)?;
    let now = ctx.clock.now();
    let txn = ctx.db.write.begin().await?;
    if let Some(existing) = outbox::by_message_id(&txn, &parsed.message_id).await? {
        let ticket_number = number_of(&txn, existing.ticket_id).await?;
        return Ok(Filed { email: existing, filing: Filing::Duplicate, ticket_number });
    }
    let thread: Vec<String> = parsed.in_reply_to.iter().chain(parsed.references.iter().rev()).cloned().collect();
    let threaded = outbox::ticket_of_thread(&txn, &thread).await?;
    let mut stored = Inbound { customer_id: None, contact_id: None, ticket: None, ticket_message_id: None, status: EmailStatus::Received };
    let filing = match parsed.kind {
        EmailKind::Bounce => {
            if let Some(returned) = &parsed.bounced_message_id {
                let why = parsed.body.lines().find(|line| !line.trim().is_empty()).unwrap_or("undeliverable");
                if let Some(bounced) = outbox::mark_bounced(&txn, returned, why).await? {
                    stored.ticket = match bounced.ticket_id {
                        Some(id) => tickets::ticket_unscoped(&txn, id).await?,
                        None => None,
                    };
                    stored.customer_id = bounced.customer_id;
                    stored.contact_id = bounced.contact_id;
                }
            }
            Filing::Bounce
        }
        EmailKind::AutoReply => {
            stored.ticket = match threaded {
                Some(id) => tickets::ticket_unscoped(&txn, id).await?,
                None => None,
            };
            Filing::AutoReply
        }
        EmailKind::Message => file_message(&txn, &drop, &parsed, envelope, threaded, &mut stored, now).await?,
    };
    let email = store(&txn, &parsed, &stored, now).await?;
    txn.commit().await?;
    let ticket_number = stored.ticket.map(|ticket| ticket.number);
    Ok(Filed { email, filing, ticket_number })
}

/// Where a received message is kept.
struct Inbound {
    customer_id: Option<Uuid>,
    contact_id: Option<Uuid>,
    ticket: Option<ticket::Model>,
    ticket_message_id: Option<Uuid>,
    status: EmailStatus,
}

/// A person's message: onto its ticket, into a new ticket, or kept unmatched.
async fn file_message(
    txn: &DatabaseTransaction,
    drop: &crate::access::MailDrop,
    parsed: &ParsedEmail,
    envelope: &[String],
    threaded: Option<Uuid>,
    stored: &mut Inbound,
    now: DateTime<Utc>,
) -> AppResult<Filing> {
    let senders = contacts_with_email(txn, &parsed.from, 20).await?;
    let open_ticket = |ticket: Option<ticket::Model>| ticket.filter(|ticket| ticket.status != TicketStatus::Closed);
    let ticket = match threaded {
        Some(id) => open_ticket(following_merges(txn, id).await?),
        None => None,
    };
    // By the number in the subject only for the ticket's own people: anyone can type a number.
    let ticket = match ticket {
        Some(ticket) => Some(ticket),
        None => match number_in(&parsed.subject) {
            Some(number) => open_ticket(by_number(txn, &number).await?)
                .filter(|ticket| senders.iter().any(|(_, customer)| *customer == ticket.customer_id)),
            None => None,
        },
    };
    let caller = Caller::system("email");
    if let Some(ticket) = ticket {
        let contact = senders.iter().find(|(_, customer)| *customer == ticket.customer_id).map(|(contact, _)| *contact);
        let right = TicketWrite::by_mail(drop, &ticket);
        let input = AddTicketMessageInput {
            ticket_id: ID(ticket.id.to_string()),
            kind: Some(TicketMessageKind::Customer),
            body: bounded(&parsed.reply_text()),
            status: None,
        };
        let (saved, message) =
            tickets::write_message_via(txn, &caller, (ticket, right), input, now, |_| {}, Some(InteractionChannel::Email)).await?;
        let saved = saved.into_inner();
        stored.customer_id = Some(saved.customer_id);
        stored.contact_id = contact.or(saved.contact_id);
        stored.ticket_message_id = Some(message.into_inner().id);
        stored.ticket = Some(saved);
        return Ok(Filing::Threaded);
    }
    let Some((contact_id, customer_id)) = senders.first().copied() else {
        stored.status = EmailStatus::Unmatched;
        return Ok(Filing::Unmatched);
    };
    let addressed: Vec<String> = envelope.iter().chain(parsed.to.iter()).map(|address| address.to_lowercase()).collect();
    let queue = queue_for_addresses(txn, &addressed).await?;
    let subject = match parsed.subject.trim() {
        "" => "(no subject)".to_owned(),
        subject => subject.chars().take(200).collect(),
    };
    let input = OpenTicketInput {
        customer_id: Some(ID(customer_id.to_string())),
        contact_id: Some(ID(contact_id.to_string())),
        channel: Some(InteractionChannel::Email),
        category: None,
        subject,
        description: bounded(&parsed.reply_text()),
        priority: None,
        queue_id: queue.map(|queue| ID(queue.id.to_string())),
        assignee_id: None,
        complaint: false,
        order_id: None,
        product_id: None,
        language: None,
        call_id: None,
        tags: Vec::new(),
    };
    let opened = tickets::open_in(txn, &caller, input, now).await?.into_inner();
    stored.customer_id = Some(customer_id);
    stored.contact_id = Some(contact_id);
    stored.ticket = Some(opened);
    Ok(Filing::Opened)
}

/// The ticket `id`, or the one it was merged into.
async fn following_merges(db: &impl ConnectionTrait, id: Uuid) -> AppResult<Option<ticket::Model>> {
    let mut found = tickets::ticket_unscoped(db, id).await?;
    // Merges are one level deep in practice; a few hops guard against a loop.
    for _ in 0..3 {
        match found.as_ref().and_then(|ticket| ticket.merged_into_id) {
            Some(kept) => found = tickets::ticket_unscoped(db, kept).await?,
            None => break,
        }
    }
    Ok(found)
}

async fn by_number(db: &impl ConnectionTrait, number: &str) -> AppResult<Option<ticket::Model>> {
    Ok(ticket::Entity::find().filter(ticket::Column::Number.eq(number)).one(db).await?)
}

async fn number_of(db: &impl ConnectionTrait, ticket: Option<Uuid>) -> AppResult<Option<String>> {
    Ok(match ticket {
        Some(id) => tickets::ticket_unscoped(db, id).await?.map(|ticket| ticket.number),
        None => None,
    })
}

/// The ticket number a subject names (`T-2026-00042`), as the desk's replies write it.
pub fn number_in(subject: &str) -> Option<String> {
    let bytes = subject.as_bytes();
    (0..bytes.len()).find_map(|start| {
        let candidate = subject.get(start..start + 12)?;
        let shape = candidate.as_bytes();
        let shaped = shape.starts_with(b"T-")
            && shape[2..6].iter().all(u8::is_ascii_digit)
            && shape[6] == b'-'
            && shape[7..].iter().all(u8::is_ascii_digit);
        let bounded = subject[start + 12..].chars().next().is_none_or(|next| !next.is_ascii_digit());
        (shaped && bounded).then(|| candidate.to_owned())
    })
}

/// A message's text as a ticket keeps it (at most [`MAX_BODY`] characters; the email keeps
/// it whole).
fn bounded(text: &str) -> String {
    let text = if text.trim().is_empty() { "(no text)" } else { text };
    if text.chars().count() <= MAX_BODY {
        return text.to_owned();
    }
    let mut cut: String = text.chars().take(MAX_BODY - 1).collect();
    cut.push('…');
    cut
}

async fn store(txn: &DatabaseTransaction, parsed: &ParsedEmail, stored: &Inbound, now: DateTime<Utc>) -> AppResult<email_message::Model> {
    let id = new_id_at(now);
    let email = email_message::Model {
        id,
        direction: EmailDirection::Inbound,
        kind: parsed.kind,
        status: stored.status,
        message_id: parsed.message_id.chars().take(998).collect(),
        in_reply_to: parsed.in_reply_to.clone().map(|id| id.chars().take(998).collect()),
        references: parsed.references.join("\n"),
        from_address: parsed.from.chars().take(320).collect(),
        to_addresses: parsed.to.join(", "),
        subject: parsed.subject.chars().take(998).collect(),
        body: parsed.body.clone(),
        customer_id: stored.customer_id,
        contact_id: stored.contact_id,
        ticket_id: stored.ticket.as_ref().map(|ticket| ticket.id),
        ticket_message_id: stored.ticket_message_id,
        attempts: 0,
        next_attempt_at: None,
        leased_until: None,
        last_error: (!parsed.dropped.is_empty()).then(|| format!("attachments not kept: {}", parsed.dropped.join("; "))),
        sent_at: None,
        raw_size: parsed.raw_size.try_into().unwrap_or(i32::MAX),
        created_at: now,
    }
    .into_active_model()
    .reset_all()
    .insert(txn)
    .await?;
    for attachment in &parsed.attachments {
        email_attachment::Model {
            id: new_id_at(now),
            email_id: id,
            file_name: attachment.file_name.clone(),
            content_type: attachment.content_type.chars().take(255).collect(),
            size: attachment.content.len().try_into().unwrap_or(i32::MAX),
            content: attachment.content.clone(),
        }
        .into_active_model()
        .reset_all()
        .insert(txn)
        .await?;
    }
    Ok(email)
}

/// Queues the desk's `reply` on `ticket` (which came by email) to the ticket's contact, from
/// the queue's address (else the company's), threaded onto the conversation so far; kept as
/// refused when it may not go.
pub(crate) async fn send_reply(
    txn: &impl ConnectionTrait,
    ticket: &ticket::Model,
    reply: &ticket_message::Model,
    now: DateTime<Utc>,
) -> AppResult<email_message::Model> {
    let contact = match ticket.contact_id {
        Some(id) => contact_unscoped(txn, id).await?,
        None => None,
    };
    let queue = service_queue::Entity::find_by_id(ticket.queue_id).one(txn).await?;
    let company = crm_company::profile::profile(txn).await?;
    let from = queue.as_ref().and_then(|queue| queue.email_address.clone()).or(company.email.clone());
    let before = outbox::latest_of_ticket(txn, ticket.id).await?;
    let (in_reply_to, references) = match before {
        Some(before) => {
            let mut chain: Vec<String> = before.references.lines().map(str::to_owned).collect();
            chain.push(before.message_id.clone());
            // RFC 5322 lets a client shorten a long chain; the first and the latest matter.
            if chain.len() > 20 {
                chain.drain(1..chain.len() - 19);
            }
            (Some(before.message_id), chain)
        }
        None => (None, Vec::new()),
    };
    let to = consent::recipient(contact.as_ref(), Purpose::Service);
    let refusal = match (&from, &to) {
        (None, _) => Some("no sender address: give the ticket's queue an email address, or the company profile one".to_owned()),
        (_, Err(why)) => Some(why.clone()),
        _ => None,
    };
    let queue_name = queue.as_ref().map(|queue| queue.name.as_str()).unwrap_or_default();
    let outgoing = Outgoing {
        from: from.unwrap_or_default(),
        to: to.unwrap_or_default(),
        subject: reply_subject(ticket),
        body: reply_body(ticket, reply, queue_name, &company.legal_name),
        in_reply_to,
        references,
        customer_id: Some(ticket.customer_id),
        contact_id: ticket.contact_id,
        ticket_id: Some(ticket.id),
        ticket_message_id: Some(reply.id),
    };
    outbox::queue_in(txn, outgoing, refusal, now).await
}

/// `Re: <subject> [T-2026-00042]`: the number lets a reply from another mail program, which
/// drops the thread's ids, still find its ticket.
fn reply_subject(ticket: &ticket::Model) -> String {
    let subject = ticket.subject.trim();
    let bare = subject.strip_prefix("Re: ").or_else(|| subject.strip_prefix("RE: ")).unwrap_or(subject);
    let tagged = format!("[{}]", ticket.number);
    if bare.contains(&tagged) {
        format!("Re: {bare}")
    } else {
        format!("Re: {bare} {tagged}")
    }
}

/// The reply's text with a signature in the ticket's language (Italian for `it`, else
/// English) saying how to answer.
fn reply_body(ticket: &ticket::Model, reply: &ticket_message::Model, queue: &str, company: &str) -> String {
    let signed_by = [queue, company].into_iter().filter(|part| !part.is_empty()).collect::<Vec<_>>().join(" · ");
    let footer = match ticket.language.as_deref() {
        Some("it") => format!("Ticket {}: rispondi a questa email per aggiungere un messaggio.", ticket.number),
        _ => format!("Ticket {}: reply to this email to add to it.", ticket.number),
    };
    format!("{}\n\n-- \n{signed_by}\n{footer}\n", reply.body.trim_end())
}

/// Newest first; ids are UUIDv7 of the time received or queued.
struct NewestFirst;

impl Keyset<email_message::Entity> for NewestFirst {
    fn name(&self) -> String {
        "emails_newest".into()
    }
    fn keys(&self) -> Vec<SortKey<email_message::Column>> {
        vec![SortKey { column: email_message::Column::Id, descending: true, kind: KeyKind::Id }]
    }
    fn values(&self, row: &email_message::Model) -> Vec<String> {
        vec![id_key(&row.id)]
    }
}

/// The emails of each of `tickets` (seen by the caller), oldest first: the desk's (a customer
/// reads the conversation, not the mail's delivery); empty for others.
pub async fn emails_of(
    db: &impl ConnectionTrait,
    scope: &TicketScope,
    tickets: &[Seen<ticket::Model>],
) -> AppResult<HashMap<Uuid, Vec<Visible<email_message::Model>>>> {
    if !scope.is_desk() || tickets.is_empty() {
        return Ok(HashMap::new());
    }
    let rows = email_message::Entity::find()
        .filter(email_message::Column::TicketId.is_in(tickets.iter().map(Seen::id)))
        .order_by_asc(email_message::Column::Id)
        .all(db)
        .await?;
    let mut by_ticket: HashMap<Uuid, Vec<Visible<email_message::Model>>> = HashMap::new();
    for row in rows {
        if let Some(ticket) = row.ticket_id {
            by_ticket.entry(ticket).or_default().push(Visible::vouched(row));
        }
    }
    Ok(by_ticket)
}

/// Received mail from addresses no contact has, newest first, for the desk to sort; with the
/// query that counts them.
pub async fn unmatched(
    db: &impl ConnectionTrait,
    scope: &TicketScope,
    page: &PageRequest,
) -> AppResult<(Page<Visible<email_message::Model>>, Select<email_message::Entity>)> {
    if !scope.is_desk() {
        return Err(AppError::Forbidden("read unmatched email (the service desk)"));
    }
    let select = email_message::Entity::find().filter(email_message::Column::Status.eq(EmailStatus::Unmatched));
    let page = fetch_page(select.clone(), &NewestFirst, page, db).await?;
    Ok((page.map(Visible::vouched), select))
}

/// The attachments (without their content) of `emails`, by email.
pub async fn attachments_of(db: &impl ConnectionTrait, emails: &[Uuid]) -> AppResult<HashMap<Uuid, Vec<AttachmentInfo>>> {
    let rows: Vec<(Uuid, Uuid, String, String, i32)> = email_attachment::Entity::find()
        .select_only()
        .column(email_attachment::Column::Id)
        .column(email_attachment::Column::EmailId)
        .column(email_attachment::Column::FileName)
        .column(email_attachment::Column::ContentType)
        .column(email_attachment::Column::Size)
        .filter(email_attachment::Column::EmailId.is_in(emails.iter().copied()))
        .order_by_asc(email_attachment::Column::Id)
        .into_tuple()
        .all(db)
        .await?;
    let mut by_email: HashMap<Uuid, Vec<AttachmentInfo>> = HashMap::new();
    for (id, email_id, file_name, content_type, size) in rows {
        by_email.entry(email_id).or_default().push(AttachmentInfo { id, file_name, content_type, size });
    }
    Ok(by_email)
}

/// An attachment as listed.
#[derive(Debug, Clone)]
pub struct AttachmentInfo {
    pub id: Uuid,
    pub file_name: String,
    pub content_type: String,
    pub size: i32,
}

/// An attachment with its content, for a caller whose scope sees the ticket its email is on
/// and reads the desk's side.
pub async fn attachment(db: &impl ConnectionTrait, scope: &TicketScope, id: Uuid) -> AppResult<Option<email_attachment::Model>> {
    if !scope.is_desk() {
        return Ok(None);
    }
    let Some(attachment) = email_attachment::Entity::find_by_id(id).one(db).await? else { return Ok(None) };
    let Some(email) = email_message::Entity::find_by_id(attachment.email_id).one(db).await? else { return Ok(None) };
    let visible = match email.ticket_id {
        Some(ticket) => tickets::find(db, scope, ticket).await?.is_some(),
        // Unmatched mail is the desk's to sort: any of its people.
        None => true,
    };
    Ok(visible.then_some(attachment))
}

/// Sends again a failed or interrupted email of a ticket the desk works (a person decided the
/// customer did not get it).
pub async fn send_again(ctx: &AppContext, caller: &Caller, id: &ID) -> AppResult<Visible<email_message::Model>> {
    let scope = TicketScope::of(&caller.principal)?;
    if !scope.is_desk() {
        return Err(AppError::Forbidden("send emails again (the service desk)"));
    }
    let id = crm_core::filters::parse_id(id, "id")?;
    let email = email_message::Entity::find_by_id(id).one(&ctx.db.write).await?.ok_or(AppError::NotFound("email"))?;
    let visible = match email.ticket_id {
        Some(ticket) => tickets::find(&ctx.db.write, &scope, ticket).await?.is_some(),
        None => false,
    };
    if !visible {
        return Err(AppError::NotFound("email"));
    }
    match outbox::send_again(&ctx.db.write, id, ctx.clock.now()).await? {
        Some(queued) => Ok(Visible::vouched(queued)),
        None => Err(AppError::invalid(
            "id",
            crm_core::error::InputReason::WrongStatus { status: email.status.as_api().into() }
                .with_message("only a failed or interrupted email is sent again"),
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_ticket_number_is_found_in_a_subject_only_whole() {
        assert_eq!(number_in("Re: The invoice [T-2026-00042]").as_deref(), Some("T-2026-00042"));
        assert_eq!(number_in("T-2026-00042 again").as_deref(), Some("T-2026-00042"));
        assert_eq!(number_in("Re: about T-2026-000421"), None);
        assert_eq!(number_in("Re: T-26-42"), None);
        assert_eq!(number_in("Perché è già T-2026-00007?").as_deref(), Some("T-2026-00007"));
        assert_eq!(number_in(""), None);
    }
}
