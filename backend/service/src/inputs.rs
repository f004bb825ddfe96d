//! Inputs of the service's operations, shared by the API and the seeder.

use crate::domain::{
    CallDirection, CallEventKind, CallOutcome, CallStatus, CallbackStatus, DayOfWeek, InteractionChannel, QueueRouting, TicketMessageKind,
    TicketOrderField, TicketPriority, TicketStatus,
};
use async_graphql::{InputObject, ID};
use chrono::{DateTime, NaiveDate, Utc};
use crm_core::filters::OrderDirection;
use crm_customers::inputs::CustomerFilter;
use serde::Deserialize;

/// One stretch of working time on a day of the week.
#[derive(InputObject, Debug, Clone)]
pub struct WorkingHoursInput {
    /// The day of the week.
    pub day: DayOfWeek,
    /// Start, `HH:MM` in the calendar's zone.
    pub start: String,
    /// End, `HH:MM` (`24:00` for midnight); after the start.
    pub end: String,
}

/// Input of createServiceCalendar.
#[derive(InputObject, Debug, Clone)]
pub struct CreateServiceCalendarInput {
    /// Unique name (1–100 characters).
    pub name: String,
    /// IANA time zone (`Europe/Rome`): daylight saving follows it.
    pub time_zone: String,
    /// Working hours: any number of stretches per day (a lunch break is two), at least one.
    pub hours: Vec<WorkingHoursInput>,
    /// Days off (dates in the calendar's zone).
    #[graphql(default)]
    pub holidays: Vec<NaiveDate>,
}

/// Changes to a calendar; tickets already running keep the times due they have until their
/// next step.
#[derive(InputObject, Debug, Clone)]
pub struct UpdateServiceCalendarInput {
    /// Id of the calendar.
    pub id: ID,
    /// The version the change is based on; a newer stored version is a CONFLICT.
    pub version: i32,
    /// New unique name.
    pub name: Option<String>,
    /// New IANA time zone.
    pub time_zone: Option<String>,
    /// The working hours, replacing the old ones.
    pub hours: Option<Vec<WorkingHoursInput>>,
    /// The days off, replacing the old ones.
    pub holidays: Option<Vec<NaiveDate>>,
}

/// Input of createServiceQueue.
#[derive(InputObject, Debug, Clone)]
pub struct CreateServiceQueueInput {
    /// Unique name (1–100 characters).
    pub name: String,
    /// Its working hours; none: around the clock.
    pub calendar_id: Option<ID>,
    /// The staff user who leads it (escalations go to them).
    pub lead_id: Option<ID>,
    /// Days after resolution in which the customer's message reopens a ticket (0–90, default 7).
    #[graphql(default = 7)]
    pub reopen_days: i32,
    /// Where tickets go when nobody names a queue; making one default makes the others not.
    #[graphql(default)]
    pub is_default: bool,
    /// How its new tickets reach agents (default MANUAL).
    #[graphql(default)]
    pub routing: QueueRouting,
    /// The service desk's people who work it (agents, service managers, admins).
    #[graphql(default)]
    pub member_ids: Vec<ID>,
    /// The address customers write to (`support@example.com`, unique): mail received for it
    /// opens tickets in this queue, and its replies are sent from it.
    pub email_address: Option<String>,
}

/// Changes to a queue.
#[derive(InputObject, Debug, Clone)]
pub struct UpdateServiceQueueInput {
    /// Id of the queue.
    pub id: ID,
    /// The version the change is based on.
    pub version: i32,
    /// New unique name.
    pub name: Option<String>,
    /// A calendar id, or an empty string for around the clock.
    pub calendar_id: Option<ID>,
    /// A staff user id, or an empty string for none.
    pub lead_id: Option<ID>,
    /// Days after resolution in which the customer's message reopens a ticket (0–90).
    pub reopen_days: Option<i32>,
    /// Only `true`: the default queue changes by naming another.
    pub is_default: Option<bool>,
    /// How its new tickets reach agents.
    pub routing: Option<QueueRouting>,
    /// Who works it, in full: replaces its members.
    pub member_ids: Option<Vec<ID>>,
    /// Its inbound address, or an empty string for none.
    pub email_address: Option<String>,
}

/// Changes to an agent's routing profile (admins, service managers).
#[derive(InputObject, Debug, Clone)]
pub struct UpdateServiceAgentInput {
    /// The agent's user id.
    pub user_id: ID,
    /// The version the change is based on: 0 for an agent whose profile was never changed.
    pub version: i32,
    /// The most NEW and OPEN tickets routing assigns them at once (1–200).
    pub capacity: Option<i32>,
    /// The languages they answer in, two-letter codes (at most 10), in full.
    pub languages: Option<Vec<String>>,
    /// The ticket categories they handle (at most 20), in full.
    pub categories: Option<Vec<String>>,
    /// Their phone extension (digits, `*`, `#`; at most 32 characters; one person's): the
    /// telephony names it when a call rings there, and the call pops on their screen. An
    /// empty string removes it.
    pub extension: Option<String>,
    /// The calendar of their working hours: notifications wait for them. An empty id removes
    /// it (their tickets' queue's calendar applies).
    pub calendar_id: Option<ID>,
}

/// Input of reassignTickets: the tickets, and where they go. Name the tickets by id, or
/// take all the open work of one agent (someone off sick).
#[derive(InputObject, Debug, Clone)]
pub struct ReassignTicketsInput {
    /// These tickets (at most 500).
    pub ticket_ids: Option<Vec<ID>>,
    /// Or every ticket of this agent that is not yet resolved.
    pub from_assignee_id: Option<ID>,
    /// The agent who takes them; leave out to leave them to the queue (and its routing).
    pub assignee_id: Option<ID>,
    /// The queue they move to; leave out to keep each in its queue.
    pub queue_id: Option<ID>,
}

/// Input of createSlaPolicy.
#[derive(InputObject, Debug, Clone)]
pub struct CreateSlaPolicyInput {
    /// Unique name (1–100 characters).
    pub name: String,
    /// Evaluation order: the lowest position whose conditions match a ticket applies.
    pub position: i32,
    /// Only tickets of this priority; none: any.
    pub priority: Option<TicketPriority>,
    /// Only tickets of this queue; none: any.
    pub queue_id: Option<ID>,
    /// Only tickets of customers with this tag (a tier: `gold`); none: any customer.
    pub customer_tag: Option<String>,
    /// Working minutes from opening to the first reply (1–525,600).
    pub first_response_minutes: i32,
    /// Working minutes from a customer's message to the next reply; none: not measured.
    pub next_response_minutes: Option<i32>,
    /// Working minutes from opening to resolution.
    pub resolution_minutes: i32,
    /// Working minutes before a time due at which the ticket's assignee (or, with nobody
    /// assigned, the queue's lead) is warned, in their working hours (1–525,600; at most
    /// half of a target before it); none: no warning.
    pub warning_minutes: Option<i32>,
    /// Statuses during which the clocks stop (default: waiting for the customer).
    #[graphql(default_with = "vec![TicketStatus::PendingCustomer]")]
    pub pause_statuses: Vec<TicketStatus>,
}

/// Changes to an SLA policy; they apply to tickets opened afterwards.
#[derive(InputObject, Debug, Clone)]
pub struct UpdateSlaPolicyInput {
    /// Id of the policy.
    pub id: ID,
    /// The version the change is based on.
    pub version: i32,
    /// New unique name.
    pub name: Option<String>,
    /// New evaluation order.
    pub position: Option<i32>,
    /// Only tickets of customers with this tag; an empty string: any customer.
    pub customer_tag: Option<String>,
    /// Working minutes from opening to the first reply.
    pub first_response_minutes: Option<i32>,
    /// Working minutes from opening to resolution.
    pub resolution_minutes: Option<i32>,
    /// Working minutes before a time due at which the assignee is warned; 0 stops the
    /// warnings. A running clock takes it from its next change on.
    pub warning_minutes: Option<i32>,
    /// Statuses during which the clocks stop, replacing the old ones.
    pub pause_statuses: Option<Vec<TicketStatus>>,
}

/// Input of openTicket.
#[derive(InputObject, Debug, Clone)]
pub struct OpenTicketInput {
    /// The customer (a customer user's own when left out).
    pub customer_id: Option<ID>,
    /// The contact who asked (one of the customer's).
    pub contact_id: Option<ID>,
    /// Where the request came from (default: self-service for portal users, phone otherwise).
    pub channel: Option<InteractionChannel>,
    /// Free category (`billing`, `delivery`, …; at most 64 characters).
    pub category: Option<String>,
    /// One line (1–200 characters).
    pub subject: String,
    /// The customer's words: the ticket's first message (1–20,000 characters).
    pub description: String,
    /// Default NORMAL; only the service desk sets another.
    pub priority: Option<TicketPriority>,
    /// Default: the default queue; only the service desk chooses.
    pub queue_id: Option<ID>,
    /// A staff user of the service desk; only the desk assigns.
    pub assignee_id: Option<ID>,
    /// A complaint (reported apart).
    #[graphql(default)]
    pub complaint: bool,
    /// The order it is about (one of the customer's).
    pub order_id: Option<ID>,
    /// The product it is about.
    pub product_id: Option<ID>,
    /// The language it is written in, a two-letter code (`en`, `it`): routing by skills
    /// hands it to an agent who speaks it. The app sends the language it is shown in.
    pub language: Option<String>,
    /// The call it is opened from (the desk only): the call is linked to the ticket, in the
    /// same change, unless it already has one.
    pub call_id: Option<ID>,
    /// Tags (the desk only; at most 20, 1–50 letters, digits, spaces, `-`, `_`; stored in
    /// lower case).
    #[graphql(default)]
    pub tags: Vec<String>,
}

/// Input of addTicketMessage.
#[derive(InputObject, Debug, Clone)]
pub struct AddTicketMessageInput {
    /// Id of the ticket.
    pub ticket_id: ID,
    /// REPLY and NOTE are the desk's; CUSTOMER is the customer's side (the desk too, logging a
    /// call or an email). Default: REPLY for the desk, CUSTOMER for the others.
    pub kind: Option<TicketMessageKind>,
    /// The text (1–20,000 characters).
    pub body: String,
    /// The desk: the status the ticket takes with a reply (say PENDING_CUSTOMER after a
    /// question, RESOLVED with the answer). Default: OPEN.
    pub status: Option<TicketStatus>,
}

/// Input of setTicketStatus.
#[derive(InputObject, Debug, Clone)]
pub struct SetTicketStatusInput {
    /// Id of the ticket.
    pub id: ID,
    /// The version the change is based on.
    pub version: i32,
    /// The new status.
    pub status: TicketStatus,
    /// Why (kept in the SLA timeline; at most 200 characters).
    pub reason: Option<String>,
}

/// Input of mergeTicket.
#[derive(InputObject, Debug, Clone)]
pub struct MergeTicketInput {
    /// The duplicate: its conversation moves to `intoId` and it is closed.
    pub id: ID,
    /// The duplicate's version the merge is based on.
    pub version: i32,
    /// The ticket that stays (the same customer's, open).
    pub into_id: ID,
}

/// Input of setTicketParent.
#[derive(InputObject, Debug, Clone)]
pub struct SetTicketParentInput {
    /// The ticket.
    pub id: ID,
    /// The version the change is based on.
    pub version: i32,
    /// The incident's own ticket it is part of (open, not itself part of one); null or empty:
    /// none.
    pub parent_id: Option<ID>,
}

/// Input of updateTicket: the desk's triage.
#[derive(InputObject, Debug, Clone)]
pub struct UpdateTicketInput {
    /// Id of the ticket.
    pub id: ID,
    /// The version the change is based on.
    pub version: i32,
    /// One line (1–200 characters).
    pub subject: Option<String>,
    /// Free category (at most 64 characters).
    pub category: Option<String>,
    /// How urgent it is (the SLA policy stays the one chosen at opening).
    pub priority: Option<TicketPriority>,
    /// Whether it is a complaint.
    pub complaint: Option<bool>,
    /// The queue that works it.
    pub queue_id: Option<ID>,
    /// A staff user of the service desk, or an empty string for nobody.
    pub assignee_id: Option<ID>,
    /// Its tags, replacing the old ones (at most 20).
    pub tags: Option<Vec<String>>,
}

/// Filter of the ticket list.
#[derive(InputObject, Debug, Clone, Default)]
pub struct TicketFilter {
    /// Any of these statuses; default: every status.
    pub statuses: Option<Vec<TicketStatus>>,
    /// Any of these priorities.
    pub priorities: Option<Vec<TicketPriority>>,
    /// The tickets of one customer.
    pub customer_id: Option<ID>,
    /// The tickets of one queue.
    pub queue_id: Option<ID>,
    /// The tickets assigned to one staff user.
    pub assignee_id: Option<ID>,
    /// `true`: assigned to the caller.
    pub mine: Option<bool>,
    /// `true`: nobody assigned.
    pub unassigned: Option<bool>,
    /// Complaints only (`true`) or none (`false`).
    pub complaint: Option<bool>,
    /// The ticket's number (or part of it), or words of its subject and public conversation
    /// (full text: any form of a word in English or Italian, accents ignored, the last word as
    /// a prefix; internal notes are not searched).
    pub search: Option<String>,
    /// `true`: a running SLA clock is past its time due.
    pub overdue: Option<bool>,
    /// Tickets with any of these tags.
    pub tags: Option<Vec<String>>,
    /// `true`: a running SLA clock was warned of (its policy's warning minutes remain, or
    /// fewer) and has not yet passed its time due.
    pub at_risk: Option<bool>,
    /// Tickets that came through any of these channels (the desk's inbox of email, chats or
    /// texts; replies go back the same way).
    pub channels: Option<Vec<InteractionChannel>>,
}

/// The order of the ticket list.
#[derive(InputObject, Debug, Clone, Copy)]
pub struct TicketOrder {
    /// The field sorted by.
    pub field: TicketOrderField,
    /// Ascending or descending.
    #[graphql(default)]
    pub direction: OrderDirection,
}

impl Default for TicketOrder {
    /// Newest first.
    fn default() -> Self {
        Self { field: TicketOrderField::CreatedAt, direction: OrderDirection::Desc }
    }
}

/// Input of rateTicket: the customer's verdict on its resolved ticket.
#[derive(InputObject, Debug, Clone)]
pub struct RateTicketInput {
    /// Id of the resolved ticket.
    pub ticket_id: ID,
    /// 1 (very dissatisfied) to 5 (very satisfied).
    pub score: i32,
    /// What the customer wants to say (at most 2,000 characters).
    pub comment: Option<String>,
}

/// Input of answerSurvey: an answer through a survey link, without signing in.
#[derive(InputObject, Debug, Clone)]
pub struct AnswerSurveyInput {
    /// The token of the link.
    pub token: String,
    /// 1 (very dissatisfied) to 5 (very satisfied).
    pub score: i32,
    /// What the customer wants to say (at most 2,000 characters).
    pub comment: Option<String>,
}

/// Input of createTicketMacro.
#[derive(InputObject, Debug, Clone)]
pub struct CreateTicketMacroInput {
    /// Unique name (1–100 characters).
    pub name: String,
    /// Only for this queue's tickets; none: every queue.
    pub queue_id: Option<ID>,
    /// The reply (1–20,000 characters); `{{customer}}`, `{{number}}` and `{{agent}}` are
    /// filled in when applied.
    pub body: String,
    /// The status the reply leaves the ticket in; none: OPEN, as any reply.
    pub status: Option<TicketStatus>,
    /// The priority it sets; none: unchanged.
    pub priority: Option<TicketPriority>,
    /// The category it sets; none: unchanged.
    pub category: Option<String>,
}

/// Changes to a macro.
#[derive(InputObject, Debug, Clone)]
pub struct UpdateTicketMacroInput {
    /// Id of the macro.
    pub id: ID,
    /// The version the change is based on; a newer stored version is a CONFLICT.
    pub version: i32,
    /// New unique name.
    pub name: Option<String>,
    /// New reply.
    pub body: Option<String>,
    /// Archived macros are offered no more; false restores one.
    pub archived: Option<bool>,
}

/// Input of applyTicketMacro.
#[derive(InputObject, Debug, Clone)]
pub struct ApplyTicketMacroInput {
    /// Id of the ticket.
    pub ticket_id: ID,
    /// Id of the macro (of the ticket's queue, or of every queue).
    pub macro_id: ID,
}

/// One event the telephony (CTI) reports: the JSON body of `POST /telephony/events`.
#[derive(Deserialize, Debug, Clone)]
#[serde(rename_all = "camelCase")]
pub struct TelephonyEvent {
    /// The telephony's own id of the call (at most 128 characters): every event of one call
    /// names it, and a repeated event changes nothing.
    pub call_id: String,
    /// What happened.
    pub event: CallEventKind,
    /// Who placed the call; default INBOUND.
    pub direction: Option<CallDirection>,
    /// The caller's number (E.164 best; absent or empty when withheld).
    pub from: Option<String>,
    /// The number called.
    pub to: Option<String>,
    /// The extension it rings at or was answered on.
    pub agent_extension: Option<String>,
    /// When it happened (RFC 3339); default: when it is received.
    pub occurred_at: Option<DateTime<Utc>>,
    /// Seconds of conversation, with ENDED.
    pub duration_seconds: Option<i64>,
    /// Where the recording is (http or https), with ENDED.
    pub recording_url: Option<String>,
}

/// Input of linkCall: who the caller is, when the number did not say.
#[derive(InputObject, Debug, Clone)]
pub struct LinkCallInput {
    /// The call.
    pub id: ID,
    /// The version the change is based on.
    pub version: i32,
    /// The contact who called (the call takes its customer too).
    pub contact_id: ID,
}

/// Input of wrapUpCall: how the call ended for the customer.
#[derive(InputObject, Debug, Clone)]
pub struct WrapUpCallInput {
    /// The call (answered or ended).
    pub id: ID,
    /// The version the change is based on.
    pub version: i32,
    /// The outcome.
    pub outcome: CallOutcome,
    /// Wrap-up notes for the company (at most 4,000 characters); staff only read them.
    pub notes: Option<String>,
    /// The ticket the call was about (of the call's customer); the caller becomes its
    /// customer when the call had none.
    pub ticket_id: Option<ID>,
}

/// Input of completeCallback: the customer of a missed call was called back.
#[derive(InputObject, Debug, Clone)]
pub struct CompleteCallbackInput {
    /// The missed call waiting in the callback queue.
    pub id: ID,
    /// The version the change is based on.
    pub version: i32,
    /// How the call back went (NOT_REACHED leaves it waiting for another try).
    pub outcome: CallOutcome,
    /// Notes for the company (at most 4,000 characters).
    pub notes: Option<String>,
}

/// Input of blockNumber.
#[derive(InputObject, Debug, Clone)]
pub struct BlockNumberInput {
    /// The number, international format (`+39 02 1234 5678`).
    pub number: String,
    /// Why (at most 500 characters): shown to whoever wonders later.
    pub reason: String,
}

/// Filter of the call list.
#[derive(InputObject, Debug, Clone, Default)]
pub struct CallFilter {
    /// Any of these statuses.
    pub statuses: Option<Vec<CallStatus>>,
    /// Inbound or outbound.
    pub direction: Option<CallDirection>,
    /// The calls of one customer.
    pub customer_id: Option<ID>,
    /// The calls of one agent.
    pub agent_id: Option<ID>,
    /// The calls about one ticket.
    pub ticket_id: Option<ID>,
    /// The caller's own calls (staff).
    pub mine: Option<bool>,
    /// Missed calls in the callback queue: WAITING lists them oldest first (the order to call
    /// back in), DONE those called back.
    pub callback: Option<CallbackStatus>,
}

/// Input of createNpsSurvey.
#[derive(InputObject, Debug, Clone)]
pub struct CreateNpsSurveyInput {
    /// What the company calls it ("Spring 2026 relationship survey"; 1–120 characters).
    pub name: String,
    /// The question, answered 0–10 (at most 300 characters; default: "How likely are you to
    /// recommend us to a friend or colleague?").
    pub question: Option<String>,
    /// The customers it is sent to, selected as the customer list selects them (at most
    /// 10,000; archived customers only with `archived: true`).
    pub audience: CustomerFilter,
    /// Answers are taken until then (in the future, within a year).
    pub closes_at: DateTime<Utc>,
}

/// Input of answerNpsSurvey: the signed-in customer's answer.
#[derive(InputObject, Debug, Clone)]
pub struct AnswerNpsSurveyInput {
    /// Id of a survey sent to the customer.
    pub survey_id: ID,
    /// 0 (not at all likely) to 10 (extremely likely).
    pub score: i32,
    /// Why (at most 2,000 characters).
    pub comment: Option<String>,
}

/// Input of answerNpsLink: an answer through a survey link, without signing in.
#[derive(InputObject, Debug, Clone)]
pub struct AnswerNpsLinkInput {
    /// The token of the link.
    pub token: String,
    /// 0 (not at all likely) to 10 (extremely likely).
    pub score: i32,
    /// Why (at most 2,000 characters).
    pub comment: Option<String>,
}

/// Input of startChat.
#[derive(InputObject, Debug, Clone)]
pub struct StartChatInput {
    /// A ticket of the caller's customer to chat about (say, the one the chatbot handed
    /// over); without it, a new ticket is opened by chat with `message` as its first words.
    pub ticket_id: Option<ID>,
    /// The customer's first words (1–20,000 characters); required without `ticketId`.
    pub message: Option<String>,
    /// The language the customer writes in (ISO 639-1, say `it`), for routing by skill on a
    /// new ticket.
    pub language: Option<String>,
}
