//! Text messages on the service desk: the texts of a ticket (what came in, what went out and
//! where each stands). Who reads them is `crm_service::sms`'s call (the desk).

use crate::request::{loader, RequestLoader};
use async_graphql::dataloader::Loader;
use async_graphql::{Context, Object, Result, ID};
use chrono::{DateTime, Utc};
use crm_core::context::AppContext;
use crm_core::db::Db;
use crm_core::principal::Principal;
use crm_core::visible::{Seen, Visible};
use crm_service::access::TicketScope;
use crm_service::entity::ticket;
use crm_sms::domain::{InteractionDirection, SmsStatus};
use crm_sms::entity::sms_message;
use std::collections::HashMap;

/// A text message received or sent about a ticket.
#[derive(Clone)]
pub struct SmsMessage(Visible<sms_message::Model>);

/// A text message received or sent about a ticket.
#[Object]
impl SmsMessage {
    /// Unique id (UUIDv7).
    async fn id(&self) -> ID {
        ID(self.0.id.to_string())
    }
    /// Received or sent.
    async fn direction(&self) -> InteractionDirection {
        self.0.direction
    }
    /// Where it stands (queued, sent, delivered, failed, refused …).
    async fn status(&self) -> SmsStatus {
        self.0.status
    }
    /// The sender's number (E.164); empty for a reply not sent yet (it goes from the
    /// gateway's number).
    async fn from(&self) -> &str {
        &self.0.from_number
    }
    /// The recipient's number (E.164).
    async fn to(&self) -> &str {
        &self.0.to_number
    }
    /// Its text.
    async fn text(&self) -> &str {
        &self.0.text
    }
    /// When it was received, or queued to be sent.
    async fn created_at(&self) -> DateTime<Utc> {
        self.0.created_at
    }
    /// When the gateway took it (sent ones).
    async fn sent_at(&self) -> Option<DateTime<Utc>> {
        self.0.sent_at
    }
    /// When the gateway reported it delivered.
    async fn delivered_at(&self) -> Option<DateTime<Utc>> {
        self.0.delivered_at
    }
    /// Sending attempts made so far.
    async fn attempts(&self) -> i32 {
        self.0.attempts
    }
    /// Why the last attempt failed, why it was refused, or the failed delivery's report.
    async fn problem(&self) -> Option<&str> {
        self.0.last_error.as_deref()
    }
}

/// The texts of each ticket, for the desk.
pub struct TextsOfTicket {
    db: Db,
    scope: Option<TicketScope>,
}

impl RequestLoader for TextsOfTicket {
    fn new(app: &AppContext, caller: Option<&Principal>) -> Self {
        Self { db: app.db.clone(), scope: caller.and_then(|p| TicketScope::of(p).ok()) }
    }
}

impl Loader<Seen<ticket::Model>> for TextsOfTicket {
    type Value = Vec<Visible<sms_message::Model>>;
    type Error = async_graphql::Error;

    async fn load(&self, keys: &[Seen<ticket::Model>]) -> Result<HashMap<Seen<ticket::Model>, Self::Value>, Self::Error> {
        let Some(scope) = &self.scope else { return Ok(HashMap::new()) };
        let mut by_ticket = crm_service::sms::texts_of(&self.db.read, scope, keys).await?;
        Ok(keys.iter().map(|key| (*key, by_ticket.remove(&key.id()).unwrap_or_default())).collect())
    }
}

/// `Ticket.texts`: oldest first; empty for callers outside the desk.
pub async fn texts_of_ticket(ctx: &Context<'_>, key: Seen<ticket::Model>) -> Result<Vec<SmsMessage>> {
    Ok(loader::<TextsOfTicket>(ctx)?.load_one(key).await?.unwrap_or_default().into_iter().map(SmsMessage).collect())
}
