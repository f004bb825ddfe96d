//! Email on the service desk: the emails of a ticket (what came in, what went out and where
//! each stands), the mail from unknown senders waiting to be sorted, and sending a failed or
//! interrupted email again. Who reads them is `crm_service::email`'s call (the desk).

use crate::connection;
use crate::request::{loader, RequestLoader};
use crate::{app, caller};
use async_graphql::dataloader::Loader;
use async_graphql::{Context, Object, Result, SimpleObject, ID};
use chrono::{DateTime, Utc};
use crm_core::context::AppContext;
use crm_core::db::Db;
use crm_core::pagination::PageRequest;
use crm_core::principal::Principal;
use crm_core::visible::{Seen, Visible};
use crm_mail::domain::{EmailDirection, EmailKind, EmailStatus};
use crm_mail::entity::email_message;
use crm_service::access::TicketScope;
use crm_service::email::{self, AttachmentInfo};
use crm_service::entity::ticket;
use std::collections::HashMap;
use uuid::Uuid;

/// An email received or sent about a ticket (or received from an unknown sender).
#[derive(Clone)]
pub struct EmailMessage(pub Visible<email_message::Model>);

/// An email received or sent about a ticket (or received from an unknown sender).
#[Object]
impl EmailMessage {
    /// Unique id (UUIDv7).
    async fn id(&self) -> ID {
        ID(self.0.id.to_string())
    }
    /// Received or sent.
    async fn direction(&self) -> EmailDirection {
        self.0.direction
    }
    /// A person's message, an automatic answer or a bounce.
    async fn kind(&self) -> EmailKind {
        self.0.kind
    }
    /// Where it stands (sent, queued, failed, refused by consent, bounced …).
    async fn status(&self) -> EmailStatus {
        self.0.status
    }
    /// Its `Message-ID`, without angle brackets.
    async fn message_id(&self) -> &str {
        &self.0.message_id
    }
    /// The sender's address.
    async fn from(&self) -> &str {
        &self.0.from_address
    }
    /// The recipients.
    async fn to(&self) -> Vec<String> {
        self.0.to_addresses.split(',').map(str::trim).filter(|to| !to.is_empty()).map(str::to_owned).collect()
    }
    /// Its subject.
    async fn subject(&self) -> &str {
        &self.0.subject
    }
    /// Its whole text (quoted history included; the ticket's message keeps only the new part).
    async fn body(&self) -> &str {
        &self.0.body
    }
    /// When it was received, or queued to be sent.
    async fn created_at(&self) -> DateTime<Utc> {
        self.0.created_at
    }
    /// When the mail relay accepted it (sent ones).
    async fn sent_at(&self) -> Option<DateTime<Utc>> {
        self.0.sent_at
    }
    /// Sending attempts made so far.
    async fn attempts(&self) -> i32 {
        self.0.attempts
    }
    /// When the next attempt is due (queued ones).
    async fn next_attempt_at(&self) -> Option<DateTime<Utc>> {
        self.0.next_attempt_at
    }
    /// Why the last attempt failed, why it was refused or bounced, or which attachments were
    /// not kept.
    async fn problem(&self) -> Option<&str> {
        self.0.last_error.as_deref()
    }
    /// The files that came with it (received ones), without their content: download each
    /// from its `url`.
    async fn attachments(&self, ctx: &Context<'_>) -> Result<Vec<EmailAttachment>> {
        let key = self.0.key(|r| r.id);
        Ok(loader::<AttachmentsOfEmail>(ctx)?.load_one(key).await?.unwrap_or_default().into_iter().map(EmailAttachment).collect())
    }
}

/// A file that came with an email.
#[derive(Clone)]
pub struct EmailAttachment(AttachmentInfo);

/// A file that came with an email.
#[Object]
impl EmailAttachment {
    /// Unique id (UUIDv7).
    async fn id(&self) -> ID {
        ID(self.0.id.to_string())
    }
    /// Its file name, as sent.
    async fn file_name(&self) -> &str {
        &self.0.file_name
    }
    /// Its media type (`application/pdf`).
    async fn content_type(&self) -> &str {
        &self.0.content_type
    }
    /// Its size in bytes.
    async fn size(&self) -> i32 {
        self.0.size
    }
    /// Where to download it (`GET`, with the same `Authorization` as the API).
    async fn url(&self) -> String {
        format!("/email/attachments/{}", self.0.id)
    }
}

connection!(EmailMessageConnection, EmailMessageEdge, EmailMessage, email_message::Entity, "emails");

/// The emails of each ticket, for the desk.
pub struct EmailsOfTicket {
    db: Db,
    scope: Option<TicketScope>,
}

impl RequestLoader for EmailsOfTicket {
    fn new(app: &AppContext, caller: Option<&Principal>) -> Self {
        Self { db: app.db.clone(), scope: caller.and_then(|p| TicketScope::of(p).ok()) }
    }
}

impl Loader<Seen<ticket::Model>> for EmailsOfTicket {
    type Value = Vec<Visible<email_message::Model>>;
    type Error = async_graphql::Error;

    async fn load(&self, keys: &[Seen<ticket::Model>]) -> Result<HashMap<Seen<ticket::Model>, Self::Value>, Self::Error> {
        let Some(scope) = &self.scope else { return Ok(HashMap::new()) };
        let mut by_ticket = email::emails_of(&self.db.read, scope, keys).await?;
        Ok(keys.iter().map(|key| (*key, by_ticket.remove(&key.id()).unwrap_or_default())).collect())
    }
}

/// The attachments of each (visible) email.
pub struct AttachmentsOfEmail {
    db: Db,
}

impl RequestLoader for AttachmentsOfEmail {
    fn new(app: &AppContext, _: Option<&Principal>) -> Self {
        Self { db: app.db.clone() }
    }
}

impl Loader<Seen<email_message::Model>> for AttachmentsOfEmail {
    type Value = Vec<AttachmentInfo>;
    type Error = async_graphql::Error;

    async fn load(&self, keys: &[Seen<email_message::Model>]) -> Result<HashMap<Seen<email_message::Model>, Self::Value>, Self::Error> {
        let ids: Vec<Uuid> = keys.iter().map(Seen::id).collect();
        let mut by_email = email::attachments_of(&self.db.read, &ids).await?;
        Ok(keys.iter().map(|key| (*key, by_email.remove(&key.id()).unwrap_or_default())).collect())
    }
}

/// `Ticket.emails`: oldest first; empty for callers outside the desk.
pub async fn emails_of_ticket(ctx: &Context<'_>, key: Seen<ticket::Model>) -> Result<Vec<EmailMessage>> {
    Ok(loader::<EmailsOfTicket>(ctx)?.load_one(key).await?.unwrap_or_default().into_iter().map(EmailMessage).collect())
}

/// `unmatchedEmails`: received mail from unknown senders, newest first (the desk).
pub async fn unmatched(
    ctx: &Context<'_>,
    first: Option<i32>,
    after: Option<String>,
    last: Option<i32>,
    before: Option<String>,
) -> Result<EmailMessageConnection> {
    let page = PageRequest::from_relay(first, after, last, before)?;
    let scope = TicketScope::of(&caller(ctx)?.principal)?;
    let (page, all) = email::unmatched(&app(ctx)?.db.read, &scope, &page).await?;
    Ok(EmailMessageConnection::new(page, all, EmailMessage))
}

/// Result of an email mutation.
#[derive(SimpleObject)]
pub struct EmailPayload {
    /// The email as saved.
    pub email: EmailMessage,
}

/// `sendEmailAgain`.
pub async fn send_again(ctx: &Context<'_>, id: ID) -> Result<EmailPayload> {
    Ok(EmailPayload { email: EmailMessage(email::send_again(app(ctx)?, caller(ctx)?, &id).await?) })
}
