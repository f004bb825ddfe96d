//! Inputs of the interactions.

use crate::domain::{InteractionChannel, InteractionDirection, InteractionKind};
use async_graphql::{InputObject, ID};
use chrono::{DateTime, Utc};

/// Narrows a customer's timeline; every field left out matches all.
#[derive(InputObject, Debug, Clone, Default)]
pub struct TimelineFilter {
    /// Only these channels.
    pub channels: Option<Vec<InteractionChannel>>,
    /// Only these directions.
    pub directions: Option<Vec<InteractionDirection>>,
    /// Only these kinds.
    pub kinds: Option<Vec<InteractionKind>>,
    /// Only what started at or after this time.
    pub from: Option<DateTime<Utc>>,
    /// Only what started before this time.
    pub to: Option<DateTime<Utc>>,
}

/// Input of logInteraction: a call, meeting, visit, email or message that already happened.
#[derive(InputObject, Debug, Clone)]
pub struct LogInteractionInput {
    /// The customer it was with (one the caller sees).
    pub customer_id: ID,
    /// The customer's person it was with (one of its contacts).
    pub contact_id: Option<ID>,
    /// CALL, MEETING, VISIT, EMAIL or MESSAGE (the other kinds are the modules' own).
    pub kind: InteractionKind,
    /// Through which channel.
    pub channel: InteractionChannel,
    /// Who reached out to whom.
    pub direction: InteractionDirection,
    /// What it was about (1 to 200 characters).
    pub subject: String,
    /// What was said (at most 4,000 characters).
    pub summary: Option<String>,
    /// How it ended (at most 200 characters).
    pub outcome: Option<String>,
    /// When it started (not in the future).
    pub started_at: DateTime<Utc>,
    /// When it ended (not before it started).
    pub ended_at: Option<DateTime<Utc>>,
    /// Among the company's people only (hidden from the customer's and partners' portals and
    /// from API keys). Default: true for staff, whose notes stay the company's unless shared;
    /// partner users' and API keys' entries are never internal.
    pub internal: Option<bool>,
    /// The ticket it was about (the same customer's, one the caller reads).
    pub ticket_id: Option<ID>,
    /// The opportunity it was about (the same customer's, one the caller reads).
    pub opportunity_id: Option<ID>,
    /// The quote it was about (the same customer's, one the caller reads).
    pub quote_id: Option<ID>,
    /// The order it was about (the same customer's, one the caller reads).
    pub order_id: Option<ID>,
}

impl LogInteractionInput {
    /// The linked record's raw id of each kind.
    pub(crate) fn link(&self, kind: crate::access::Linked) -> Option<&ID> {
        use crate::access::Linked;
        match kind {
            Linked::Ticket => self.ticket_id.as_ref(),
            Linked::Opportunity => self.opportunity_id.as_ref(),
            Linked::Quote => self.quote_id.as_ref(),
            Linked::Order => self.order_id.as_ref(),
        }
    }
}
