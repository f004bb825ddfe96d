use crate::domain::{EmailDirection, EmailKind, EmailStatus};
use sea_orm::entity::prelude::*;

/// One email, received or sent. Inbound ones are facts (never changed but for their ticket);
/// outbound ones move through the outbox's statuses.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "email_messages")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub direction: EmailDirection,
    pub kind: EmailKind,
    pub status: EmailStatus,
    /// The `Message-ID`, without angle brackets: unique across both directions.
    pub message_id: String,
    pub in_reply_to: Option<String>,
    /// The `References` chain, oldest first, one id per line.
    pub references: String,
    pub from_address: String,
    /// The recipients, comma-separated.
    pub to_addresses: String,
    pub subject: String,
    /// The text (an HTML-only message's text as read from its HTML).
    pub body: String,
    pub customer_id: Option<Uuid>,
    pub contact_id: Option<Uuid>,
    pub ticket_id: Option<Uuid>,
    pub ticket_message_id: Option<Uuid>,
    /// Sending attempts made (outbound).
    pub attempts: i32,
    /// When the next attempt is due (outbound, queued).
    pub next_attempt_at: Option<DateTimeUtc>,
    /// Until when a worker holds it while sending (outbound).
    pub leased_until: Option<DateTimeUtc>,
    /// Why the last attempt failed, or why it was refused.
    pub last_error: Option<String>,
    pub sent_at: Option<DateTimeUtc>,
    /// The size of the raw message in bytes.
    pub raw_size: i32,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
