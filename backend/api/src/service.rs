//! Customer service: tickets with their conversation and SLA clocks, and the desk's setup
//! (calendars, queues, SLA policies). Who reads what is `crm_service::access`'s call; what
//! hangs off a visible ticket is loaded by `Seen` keys.

use crate::connection;
use crate::connection::{page_cost, BoundedCount};
use crate::customers::loaders::CustomerById;
use crate::customers::{Contact, Customer};
use crate::identity::{User, UserById};
use crate::loaders::{ContactById, OrderById, TicketById};
use crate::orders::Order;
use crate::payload;
use crate::request::{loader, RequestLoader};
use crate::{app, caller};
use async_graphql::dataloader::Loader;
use async_graphql::futures_util::stream::{Stream, StreamExt};
use async_graphql::{Context, Object, Result, SimpleObject, Subscription, ID};
use chrono::{DateTime, NaiveDate, Utc};
use crm_core::audit::EntityType;
use crm_core::context::AppContext;
use crm_core::db::Db;
use crm_core::error::AppError;
use crm_core::event_log::{Event, Follow};
use crm_core::filters::parse_id;
use crm_core::pagination::PageRequest;
use crm_core::principal::Principal;
use crm_core::visible::{Seen, Visible};
use crm_service::access::{service_setup_read, ticket_write, Side, TicketScope};
use crm_service::domain::{
    DayOfWeek, InteractionChannel, QueueRouting, SlaEventKind, SlaTarget, TicketMessageKind, TicketPriority, TicketStatus,
};
use crm_service::entity::{service_calendar, service_queue, sla_clock, sla_event, sla_policy, ticket, ticket_macro, ticket_message};
use crm_service::inputs::{
    AddTicketMessageInput, ApplyTicketMacroInput, CreateServiceCalendarInput, CreateServiceQueueInput, CreateSlaPolicyInput,
    CreateTicketMacroInput, MergeTicketInput, OpenTicketInput, SetTicketParentInput, SetTicketStatusInput, TicketFilter, TicketOrder,
    UpdateServiceCalendarInput, UpdateServiceQueueInput, UpdateSlaPolicyInput, UpdateTicketInput, UpdateTicketMacroInput,
};
use crm_service::setup::{self, day_of_week, policy_pauses};
use crm_service::sla::calendar::format_minute;
use crm_service::{incidents, macros, tickets};
use std::collections::HashMap;

fn id(uuid: uuid::Uuid) -> ID {
    ID(uuid.to_string())
}

/// A customer's request or problem, from any channel, until it is solved.
#[derive(Clone)]
pub struct Ticket(Visible<ticket::Model>);

impl From<Visible<ticket::Model>> for Ticket {
    fn from(row: Visible<ticket::Model>) -> Self {
        Self(row)
    }
}

/// A customer's request or problem, from any channel, until it is solved.
#[Object]
impl Ticket {
    /// Unique id (UUIDv7).
    pub async fn id(&self) -> ID {
        id(self.0.id)
    }
    /// Its number, `T-2026-00042`: what the customer quotes.
    async fn number(&self) -> &str {
        &self.0.number
    }
    /// One line saying what it is about.
    async fn subject(&self) -> &str {
        &self.0.subject
    }
    /// Where it came from.
    async fn channel(&self) -> InteractionChannel {
        self.0.channel
    }
    /// Free category, in lower case (`billing`, `delivery`, …).
    async fn category(&self) -> Option<&str> {
        self.0.category.as_deref()
    }
    /// The language it is written in (`en`, `it`), when known.
    async fn language(&self) -> Option<&str> {
        self.0.language.as_deref()
    }
    /// How urgent it is.
    async fn priority(&self) -> TicketPriority {
        self.0.priority
    }
    /// Where it is in its life.
    async fn status(&self) -> TicketStatus {
        self.0.status
    }
    /// A complaint.
    async fn complaint(&self) -> bool {
        self.0.complaint
    }
    /// Its tags, in lower case and alphabetical order: the company's own words, for staff
    /// (empty for customers, partners and integrations, as internal notes are).
    async fn tags(&self, ctx: &Context<'_>) -> Result<Vec<String>> {
        let scope = TicketScope::of(&caller(ctx)?.principal)?;
        Ok(if scope.reads_internal_notes() { self.0.tags.0.clone() } else { Vec::new() })
    }
    /// The customer it is for.
    async fn customer(&self, ctx: &Context<'_>) -> Result<Option<Customer>> {
        Ok(loader::<CustomerById>(ctx)?.load_one(self.0.customer_id).await?.map(Customer::from))
    }
    /// The contact who asked.
    async fn contact(&self, ctx: &Context<'_>) -> Result<Option<Contact>> {
        let Some(contact) = self.0.contact_id else { return Ok(None) };
        Ok(loader::<ContactById>(ctx)?.load_one(contact).await?.map(Contact::from))
    }
    /// The order it is about, when the caller may read orders.
    async fn order(&self, ctx: &Context<'_>) -> Result<Option<Order>> {
        let Some(order) = self.0.order_id else { return Ok(None) };
        Ok(loader::<OrderById>(ctx)?.load_one(order).await?.map(Order::from))
    }
    /// The queue that works it.
    async fn queue(&self, ctx: &Context<'_>) -> Result<Option<ServiceQueue>> {
        let Some(key) = self.0.seen(|r| Some(r.queue_id)) else { return Ok(None) };
        Ok(loader::<QueueById>(ctx)?.load_one(key).await?.map(ServiceQueue))
    }
    /// The desk's person working it.
    async fn assignee(&self, ctx: &Context<'_>) -> Result<Option<User>> {
        let Some(key) = self.0.seen(|r| r.assignee_id) else { return Ok(None) };
        Ok(loader::<UserById>(ctx)?.load_one(key).await?.map(User::from))
    }
    /// The phone calls about it, newest first (staff and `service:read` keys; empty for
    /// others).
    async fn calls(&self, ctx: &Context<'_>) -> Result<Vec<crate::calls::Call>> {
        crate::calls::calls_of_ticket(ctx, self.0.key(|r| r.id)).await
    }
    /// The ticket this duplicate was merged into (it is then closed).
    async fn merged_into(&self, ctx: &Context<'_>) -> Result<Option<Ticket>> {
        let Some(id) = self.0.merged_into_id else { return Ok(None) };
        Ok(loader::<TicketById>(ctx)?.load_one(id).await?.map(Ticket))
    }
    /// The incident's own ticket this one is part of.
    async fn parent(&self, ctx: &Context<'_>) -> Result<Option<Ticket>> {
        let Some(id) = self.0.parent_id else { return Ok(None) };
        Ok(loader::<TicketById>(ctx)?.load_one(id).await?.map(Ticket))
    }
    /// The tickets part of this incident, oldest first (those the caller reads).
    async fn children(&self, ctx: &Context<'_>) -> Result<Vec<Ticket>> {
        let key = self.0.key(|r| r.id);
        Ok(loader::<ChildrenOfTicket>(ctx)?.load_one(key).await?.unwrap_or_default().into_iter().map(Ticket).collect())
    }
    /// The call scripts run on it, oldest first, with the path each took: the service desk,
    /// and the customer user who chatted before a hand-off opened it.
    async fn script_runs(&self, ctx: &Context<'_>) -> Result<Vec<crate::scripts::ScriptRun>> {
        crate::scripts::runs_about(ctx, crate::scripts::Interaction::Ticket(self.0.key(|r| r.id))).await
    }
    /// The conversation, oldest first: replies, the customer's side's messages and, for staff
    /// only, internal notes.
    async fn messages(&self, ctx: &Context<'_>) -> Result<Vec<TicketMessage>> {
        let key = self.0.key(|r| r.id);
        Ok(loader::<MessagesOfTicket>(ctx)?.load_one(key).await?.unwrap_or_default().into_iter().map(TicketMessage).collect())
    }
    /// Its SLA clocks: first response, next response (from the customer's last message),
    /// resolution. Empty when no SLA policy applied.
    async fn sla_clocks(&self, ctx: &Context<'_>) -> Result<Vec<SlaClock>> {
        let key = self.0.key(|r| r.id);
        Ok(loader::<ClocksOfTicket>(ctx)?.load_one(key).await?.unwrap_or_default().into_iter().map(SlaClock).collect())
    }
    /// Every step of its SLA clocks, in the order they happened: started, paused, resumed, met,
    /// breached, with who and why.
    async fn sla_timeline(&self, ctx: &Context<'_>) -> Result<Vec<SlaEvent>> {
        let key = self.0.key(|r| r.id);
        Ok(loader::<TimelineOfTicket>(ctx)?.load_one(key).await?.unwrap_or_default().into_iter().map(SlaEvent).collect())
    }
    /// Its emails, oldest first: received (threaded onto it or opening it) and sent (the desk's
    /// replies on a ticket that came by email), each with where it stands. The service desk;
    /// empty for others.
    async fn emails(&self, ctx: &Context<'_>) -> Result<Vec<crate::email::EmailMessage>> {
        crate::email::emails_of_ticket(ctx, self.0.key(|r| r.id)).await
    }
    /// Its text messages, oldest first: received (filed onto it or opening it) and sent (the
    /// desk's replies on a ticket that came by text), each with where it stands. The service
    /// desk; empty for others.
    async fn texts(&self, ctx: &Context<'_>) -> Result<Vec<crate::sms::SmsMessage>> {
        crate::sms::texts_of_ticket(ctx, self.0.key(|r| r.id)).await
    }
    /// Its live chat, or the last one it had (null when it never had one): whoever reads the
    /// ticket.
    async fn chat(&self, ctx: &Context<'_>) -> Result<Option<crate::chat::ChatSession>> {
        crate::chat::chat_of_ticket(ctx, self.0.key(|r| r.id)).await
    }
    /// Its satisfaction survey, once resolved: the customer's score and comment when answered.
    async fn survey(&self, ctx: &Context<'_>) -> Result<Option<crate::satisfaction::TicketSurvey>> {
        crate::satisfaction::survey_of_ticket(ctx, self.0.key(|r| r.id)).await
    }
    /// Knowledge articles linked to it that the caller reads (the answer given, or the
    /// article drafted from it).
    async fn articles(&self, ctx: &Context<'_>) -> Result<Vec<crate::knowledge::KnowledgeArticle>> {
        crate::knowledge::articles_of_ticket(ctx, self.0.key(|r| r.id)).await
    }
    /// The nearest time due among its running SLA clocks.
    async fn sla_due_at(&self) -> Option<DateTime<Utc>> {
        self.0.sla_due_at
    }
    /// When it was opened.
    async fn created_at(&self) -> DateTime<Utc> {
        self.0.created_at
    }
    /// When it last changed.
    async fn updated_at(&self) -> DateTime<Utc> {
        self.0.updated_at
    }
    /// When it was resolved (cleared when reopened).
    async fn resolved_at(&self) -> Option<DateTime<Utc>> {
        self.0.resolved_at
    }
    /// When it was closed.
    async fn closed_at(&self) -> Option<DateTime<Utc>> {
        self.0.closed_at
    }
    /// Increases with every change; send it back with updates.
    async fn version(&self) -> i32 {
        self.0.version
    }
    /// Whether the caller works it (replies, notes, status, triage): the service desk.
    async fn viewer_can_work(&self, ctx: &Context<'_>) -> Result<bool> {
        Ok(ticket_write(&caller(ctx)?.principal, &self.0).is_ok_and(|right| right.side == Side::Desk))
    }
    /// Whether the caller may write as the customer's side.
    async fn viewer_can_write(&self, ctx: &Context<'_>) -> Result<bool> {
        Ok(ticket_write(&caller(ctx)?.principal, &self.0).is_ok())
    }
}

/// A message on a ticket. Messages are never changed.
#[derive(Clone)]
pub struct TicketMessage(Visible<ticket_message::Model>);

/// A message on a ticket. Messages are never changed.
#[Object]
impl TicketMessage {
    /// Unique id (UUIDv7).
    async fn id(&self) -> ID {
        id(self.0.id)
    }
    /// A reply, an internal note (staff only) or the customer's side's words.
    async fn kind(&self) -> TicketMessageKind {
        self.0.kind
    }
    /// The text, as written.
    async fn body(&self) -> &str {
        &self.0.body
    }
    /// Who wrote it (none: an integration).
    async fn author(&self, ctx: &Context<'_>) -> Result<Option<User>> {
        let Some(key) = self.0.seen(|r| r.author_id) else { return Ok(None) };
        Ok(loader::<UserById>(ctx)?.load_one(key).await?.map(User::from))
    }
    /// When it was written.
    async fn created_at(&self) -> DateTime<Utc> {
        self.0.created_at
    }
}

/// One SLA clock of a ticket. Times are in working time of the ticket's queue.
pub struct SlaClock(Visible<sla_clock::Model>);

/// One SLA clock of a ticket. Times are in working time of the ticket's queue.
#[Object]
impl SlaClock {
    /// What it measures.
    async fn target(&self) -> SlaTarget {
        self.0.target
    }
    /// The target, in working minutes.
    async fn target_minutes(&self) -> i64 {
        self.0.target_seconds / 60
    }
    /// Working minutes used up to its last stop (not counting a stretch running now).
    async fn used_minutes(&self) -> i64 {
        self.0.used_seconds / 60
    }
    /// Since when it runs; null while paused or stopped.
    async fn running_since(&self) -> Option<DateTime<Utc>> {
        self.0.running_since
    }
    /// When it falls due, while it runs.
    async fn due_at(&self) -> Option<DateTime<Utc>> {
        self.0.due_at
    }
    /// When its target was reached.
    async fn met_at(&self) -> Option<DateTime<Utc>> {
        self.0.met_at
    }
    /// When it fell due without its target reached.
    async fn breached_at(&self) -> Option<DateTime<Utc>> {
        self.0.breached_at
    }
    /// Stopped for a pausing status (neither running nor met).
    async fn paused(&self) -> bool {
        self.0.running_since.is_none() && self.0.met_at.is_none()
    }
}

/// One step of a ticket's SLA timeline.
pub struct SlaEvent(Visible<sla_event::Model>);

/// One step of a ticket's SLA timeline.
#[Object]
impl SlaEvent {
    /// The clock it moved.
    async fn target(&self) -> SlaTarget {
        self.0.target
    }
    /// What happened.
    async fn kind(&self) -> SlaEventKind {
        self.0.kind
    }
    /// When.
    async fn at(&self) -> DateTime<Utc> {
        self.0.at
    }
    /// The time due from this step on (started, resumed) or the one missed (breached).
    async fn due_at(&self) -> Option<DateTime<Utc>> {
        self.0.due_at
    }
    /// The person whose action caused it; null for the SLA job.
    async fn actor(&self, ctx: &Context<'_>) -> Result<Option<User>> {
        let Some(key) = self.0.seen(|r| r.actor_id) else { return Ok(None) };
        Ok(loader::<UserById>(ctx)?.load_one(key).await?.map(User::from))
    }
    /// Why, in words (`status PENDING_CUSTOMER`, `the desk replied`, `time due passed`).
    async fn reason(&self) -> &str {
        &self.0.reason
    }
}

/// One stretch of working time on a day of the week.
#[derive(SimpleObject)]
pub struct WorkingHours {
    /// The day.
    pub day: DayOfWeek,
    /// Start, `HH:MM`.
    pub start: String,
    /// End, `HH:MM` (`24:00`: midnight).
    pub end: String,
}

/// The working hours of service queues, in their time zone.
pub struct ServiceCalendar(pub(crate) Visible<service_calendar::Model>);

/// The working hours of service queues, in their time zone.
#[Object]
impl ServiceCalendar {
    /// Unique id (UUIDv7).
    async fn id(&self) -> ID {
        id(self.0.id)
    }
    /// Its name.
    async fn name(&self) -> &str {
        &self.0.name
    }
    /// IANA time zone.
    async fn time_zone(&self) -> &str {
        &self.0.time_zone
    }
    /// Working hours, Monday first.
    async fn hours(&self) -> Result<Vec<WorkingHours>> {
        let mut blocks = setup::calendar_blocks(&self.0)?;
        blocks.sort_by_key(|block| (block.weekday.num_days_from_monday(), block.start));
        Ok(blocks
            .into_iter()
            .map(|block| WorkingHours { day: day_of_week(block.weekday), start: format_minute(block.start), end: format_minute(block.end) })
            .collect())
    }
    /// Days off.
    async fn holidays(&self) -> Result<Vec<NaiveDate>> {
        Ok(setup::calendar_holidays(&self.0)?)
    }
    /// Increases with every change; send it back with updates.
    async fn version(&self) -> i32 {
        self.0.version
    }
}

/// Where tickets wait to be worked.
pub struct ServiceQueue(Visible<service_queue::Model>);

impl From<Visible<service_queue::Model>> for ServiceQueue {
    fn from(row: Visible<service_queue::Model>) -> Self {
        Self(row)
    }
}

/// Where tickets wait to be worked.
#[Object]
impl ServiceQueue {
    /// Unique id (UUIDv7).
    async fn id(&self) -> ID {
        id(self.0.id)
    }
    /// Its name.
    async fn name(&self) -> &str {
        &self.0.name
    }
    /// Its working hours; null: around the clock.
    async fn calendar(&self, ctx: &Context<'_>) -> Result<Option<ServiceCalendar>> {
        let Some(key) = self.0.seen(|r| r.calendar_id) else { return Ok(None) };
        Ok(loader::<CalendarById>(ctx)?.load_one(key).await?.map(ServiceCalendar))
    }
    /// Who leads it.
    async fn lead(&self, ctx: &Context<'_>) -> Result<Option<User>> {
        let Some(key) = self.0.seen(|r| r.lead_id) else { return Ok(None) };
        Ok(loader::<UserById>(ctx)?.load_one(key).await?.map(User::from))
    }
    /// Days after resolution during which the customer's message reopens a ticket.
    async fn reopen_days(&self) -> i32 {
        self.0.reopen_days
    }
    /// Where tickets go when nobody names a queue.
    async fn is_default(&self) -> bool {
        self.0.is_default
    }
    /// How its new tickets reach agents.
    async fn routing(&self) -> QueueRouting {
        self.0.routing
    }
    /// The address customers write to: mail to it opens tickets here, and its replies come
    /// from it. Staff and `service:read` keys; null for others.
    async fn email_address(&self, ctx: &Context<'_>) -> Result<Option<&str>> {
        if service_setup_read(&caller(ctx)?.principal).is_err() {
            return Ok(None);
        }
        Ok(self.0.email_address.as_deref())
    }
    /// The service desk's people who work it, by id; empty for customers and partners, who
    /// see the queue of their tickets but not who is in it.
    async fn members(&self, ctx: &Context<'_>) -> Result<Vec<User>> {
        if service_setup_read(&caller(ctx)?.principal).is_err() {
            return Ok(Vec::new());
        }
        crate::routing::members(ctx, self.0.key(|r| r.id)).await
    }
    /// Increases with every change; send it back with updates.
    async fn version(&self) -> i32 {
        self.0.version
    }
}

/// SLA targets for the tickets whose priority and queue match.
pub struct SlaPolicy(Visible<sla_policy::Model>);

/// SLA targets for the tickets whose priority and queue match.
#[Object]
impl SlaPolicy {
    /// Unique id (UUIDv7).
    async fn id(&self) -> ID {
        id(self.0.id)
    }
    /// Its name.
    async fn name(&self) -> &str {
        &self.0.name
    }
    /// Evaluation order: the lowest position whose conditions match a new ticket applies.
    async fn position(&self) -> i32 {
        self.0.position
    }
    /// Only tickets of this priority; null: any.
    async fn priority(&self) -> Option<TicketPriority> {
        self.0.priority
    }
    /// Only tickets of this queue; null: any.
    async fn queue(&self, ctx: &Context<'_>) -> Result<Option<ServiceQueue>> {
        let Some(key) = self.0.seen(|r| r.queue_id) else { return Ok(None) };
        Ok(loader::<QueueById>(ctx)?.load_one(key).await?.map(ServiceQueue))
    }
    /// Only tickets of customers with this tag (a tier); null: any customer.
    async fn customer_tag(&self) -> Option<&str> {
        self.0.customer_tag.as_deref()
    }
    /// Working minutes from opening to the first reply.
    async fn first_response_minutes(&self) -> i32 {
        self.0.first_response_minutes
    }
    /// Working minutes from a customer's message to the next reply; null: not measured.
    async fn next_response_minutes(&self) -> Option<i32> {
        self.0.next_response_minutes
    }
    /// Working minutes from opening to resolution.
    async fn resolution_minutes(&self) -> i32 {
        self.0.resolution_minutes
    }
    /// Statuses during which the clocks stop.
    async fn pause_statuses(&self) -> Vec<TicketStatus> {
        policy_pauses(&self.0)
    }
    /// Working minutes before a time due at which the assignee (or, with nobody assigned,
    /// the queue's lead) is warned, in their working hours; null: no warning.
    async fn warning_minutes(&self) -> Option<i32> {
        self.0.warning_minutes
    }
    /// Increases with every change; send it back with updates.
    async fn version(&self) -> i32 {
        self.0.version
    }
}

/// A canned reply of the desk and the changes it makes to a ticket, applied in one click.
pub struct TicketMacro(Visible<ticket_macro::Model>);

/// A canned reply of the desk and the changes it makes to a ticket, applied in one click.
#[Object]
impl TicketMacro {
    /// Unique id (UUIDv7).
    async fn id(&self) -> ID {
        id(self.0.id)
    }
    /// Its name.
    async fn name(&self) -> &str {
        &self.0.name
    }
    /// Only for this queue's tickets; null: every queue.
    async fn queue(&self, ctx: &Context<'_>) -> Result<Option<ServiceQueue>> {
        let Some(key) = self.0.seen(|r| r.queue_id) else { return Ok(None) };
        Ok(loader::<QueueById>(ctx)?.load_one(key).await?.map(ServiceQueue))
    }
    /// The reply, with `{{customer}}`, `{{number}}` and `{{agent}}` filled in when applied.
    async fn body(&self) -> &str {
        &self.0.body
    }
    /// The status the reply leaves the ticket in; null: OPEN.
    async fn status(&self) -> Option<TicketStatus> {
        self.0.status
    }
    /// The priority it sets; null: unchanged.
    async fn priority(&self) -> Option<TicketPriority> {
        self.0.priority
    }
    /// The category it sets; null: unchanged.
    async fn category(&self) -> Option<&str> {
        self.0.category.as_deref()
    }
    /// Whether it is archived (offered no more).
    async fn archived(&self) -> bool {
        self.0.archived_at.is_some()
    }
    /// Increases with every change; send it back with updates.
    async fn version(&self) -> i32 {
        self.0.version
    }
}

/// The messages of each ticket, without internal notes for those who may not read them.
pub struct MessagesOfTicket {
    db: Db,
    scope: Option<TicketScope>,
}

impl RequestLoader for MessagesOfTicket {
    fn new(app: &AppContext, caller: Option<&Principal>) -> Self {
        Self { db: app.db.clone(), scope: caller.and_then(|p| TicketScope::of(p).ok()) }
    }
}

impl Loader<Seen<ticket::Model>> for MessagesOfTicket {
    type Value = Vec<Visible<ticket_message::Model>>;
    type Error = async_graphql::Error;

    async fn load(&self, keys: &[Seen<ticket::Model>]) -> Result<HashMap<Seen<ticket::Model>, Self::Value>, Self::Error> {
        let Some(scope) = &self.scope else { return Ok(HashMap::new()) };
        let mut by_ticket = tickets::messages_of(&self.db.read, scope, keys).await?;
        Ok(keys.iter().map(|key| (*key, by_ticket.remove(&key.id()).unwrap_or_default())).collect())
    }
}

/// Loaders of what belongs to a visible ticket as a whole (its clocks, its timeline).
macro_rules! ticket_part_loader {
    ($(#[$doc:meta])* $name:ident, $model:ty, $fetch:path) => {
        $(#[$doc])*
        pub struct $name {
            db: Db,
        }

        impl RequestLoader for $name {
            fn new(app: &AppContext, _: Option<&Principal>) -> Self {
                Self { db: app.db.clone() }
            }
        }

        impl Loader<Seen<ticket::Model>> for $name {
            type Value = Vec<Visible<$model>>;
            type Error = async_graphql::Error;

            async fn load(&self, keys: &[Seen<ticket::Model>]) -> Result<HashMap<Seen<ticket::Model>, Self::Value>, Self::Error> {
                let mut by_ticket = $fetch(&self.db.read, keys).await?;
                Ok(keys.iter().map(|key| (*key, by_ticket.remove(&key.id()).unwrap_or_default())).collect())
            }
        }
    };
}

ticket_part_loader!(
    /// The SLA clocks of each ticket.
    ClocksOfTicket, sla_clock::Model, tickets::clocks_of
);
ticket_part_loader!(
    /// The SLA timeline of each ticket.
    TimelineOfTicket, sla_event::Model, tickets::timelines_of
);

/// The tickets part of each visible incident's ticket that the caller reads.
pub struct ChildrenOfTicket {
    db: Db,
    scope: Option<TicketScope>,
}

impl RequestLoader for ChildrenOfTicket {
    fn new(app: &AppContext, caller: Option<&Principal>) -> Self {
        Self { db: app.db.clone(), scope: caller.and_then(|p| TicketScope::of(p).ok()) }
    }
}

impl Loader<Seen<ticket::Model>> for ChildrenOfTicket {
    type Value = Vec<Visible<ticket::Model>>;
    type Error = async_graphql::Error;

    async fn load(&self, keys: &[Seen<ticket::Model>]) -> Result<HashMap<Seen<ticket::Model>, Self::Value>, Self::Error> {
        let Some(scope) = &self.scope else { return Ok(HashMap::new()) };
        let mut by_parent = incidents::children_of(&self.db.read, scope, &keys.iter().map(Seen::id).collect::<Vec<_>>()).await?;
        Ok(keys.iter().filter_map(|key| by_parent.remove(&key.id()).map(|children| (*key, children))).collect())
    }
}

/// The queue a visible ticket or policy names.
pub struct QueueById {
    db: Db,
}

impl RequestLoader for QueueById {
    fn new(app: &AppContext, _: Option<&Principal>) -> Self {
        Self { db: app.db.clone() }
    }
}

impl Loader<Seen<service_queue::Model>> for QueueById {
    type Value = Visible<service_queue::Model>;
    type Error = async_graphql::Error;

    async fn load(&self, keys: &[Seen<service_queue::Model>]) -> Result<HashMap<Seen<service_queue::Model>, Self::Value>, Self::Error> {
        Ok(Seen::index(keys, setup::queues_by_id(&self.db.read, keys.iter().map(Seen::id)).await?, |row| row.id))
    }
}

/// The calendar a visible queue names.
pub struct CalendarById {
    db: Db,
}

impl RequestLoader for CalendarById {
    fn new(app: &AppContext, _: Option<&Principal>) -> Self {
        Self { db: app.db.clone() }
    }
}

impl Loader<Seen<service_calendar::Model>> for CalendarById {
    type Value = Visible<service_calendar::Model>;
    type Error = async_graphql::Error;

    async fn load(
        &self,
        keys: &[Seen<service_calendar::Model>],
    ) -> Result<HashMap<Seen<service_calendar::Model>, Self::Value>, Self::Error> {
        Ok(Seen::index(keys, setup::calendars_by_id(&self.db.read, keys.iter().map(Seen::id)).await?, |row| row.id))
    }
}

connection!(TicketConnection, TicketEdge, Ticket, ticket::Entity, "tickets");
payload!(TicketPayload, ticket, Ticket, "Result of a ticket mutation.");
payload!(ServiceCalendarPayload, calendar, ServiceCalendar, "Result of a service calendar mutation.");
payload!(ServiceQueuePayload, queue, ServiceQueue, "Result of a service queue mutation.");
payload!(SlaPolicyPayload, policy, SlaPolicy, "Result of an SLA policy mutation.");
payload!(TicketMacroPayload, ticket_macro, TicketMacro, "Result of a macro mutation.");

/// Result of addTicketMessage.
#[derive(SimpleObject)]
pub struct TicketMessagePayload {
    /// The ticket as saved (its status and clocks moved by the message).
    pub ticket: Ticket,
    /// The message as saved.
    pub message: TicketMessage,
}

#[derive(Default)]
pub struct ServiceQuery;

#[Object]
impl ServiceQuery {
    /// Tickets the caller may read, newest first unless `orderBy` says otherwise (by time due:
    /// only tickets with a running SLA clock, what falls due first): every ticket for the service desk, sales
    /// managers, marketers, analysts and `service:read` keys; a sales rep's own customers'; a
    /// partner's customers'; a customer user's own.
    #[graphql(complexity = "page_cost(first, last, child_complexity)")]
    #[allow(clippy::too_many_arguments)]
    async fn tickets(
        &self,
        ctx: &Context<'_>,
        first: Option<i32>,
        after: Option<String>,
        last: Option<i32>,
        before: Option<String>,
        filter: Option<TicketFilter>,
        order_by: Option<Vec<TicketOrder>>,
    ) -> Result<TicketConnection> {
        let page = PageRequest::from_relay(first, after, last, before)?;
        let order = crate::connection::single_order(order_by, TicketOrder::default())?;
        let (page, all) = tickets::list(app(ctx)?, caller(ctx)?, &filter.unwrap_or_default(), order, &page).await?;
        Ok(TicketConnection::new(page, all, Ticket))
    }

    /// How many tickets the caller reads under each filter, in the order given (at most 20),
    /// each counted up to `limit` (1–100,000): the counts beside the desk's views, in one
    /// request. Read like `tickets`.
    async fn ticket_counts(
        &self,
        ctx: &Context<'_>,
        filters: Vec<TicketFilter>,
        #[graphql(default = 10000)] limit: i32,
    ) -> Result<Vec<BoundedCount>> {
        let limit = u64::try_from(limit).unwrap_or(0);
        Ok(tickets::counts(app(ctx)?, caller(ctx)?, &filters, limit).await?.into_iter().map(BoundedCount::of).collect())
    }

    /// A ticket the caller may read (NOT_FOUND otherwise, as for one that does not exist).
    async fn ticket(&self, ctx: &Context<'_>, id: ID) -> Result<Ticket> {
        let scope = TicketScope::of(&caller(ctx)?.principal)?;
        let id = parse_id(&id, "id")?;
        Ok(Ticket(tickets::find(&app(ctx)?.db.read, &scope, id).await?.ok_or(AppError::NotFound("ticket"))?))
    }

    /// The service queues, by name. Staff and `service:read` keys.
    async fn service_queues(&self, ctx: &Context<'_>) -> Result<Vec<ServiceQueue>> {
        let read = service_setup_read(&caller(ctx)?.principal)?;
        Ok(setup::queues(&app(ctx)?.db.read, &read).await?.into_iter().map(ServiceQueue).collect())
    }

    /// The working-hours calendars, by name. Staff and `service:read` keys.
    async fn service_calendars(&self, ctx: &Context<'_>) -> Result<Vec<ServiceCalendar>> {
        let read = service_setup_read(&caller(ctx)?.principal)?;
        Ok(setup::calendars(&app(ctx)?.db.read, &read).await?.into_iter().map(ServiceCalendar).collect())
    }

    /// The macros the desk may apply to a ticket of `queueId` (every queue's and that queue's),
    /// or all of them; by name, archived ones left out. The service desk.
    async fn ticket_macros(&self, ctx: &Context<'_>, queue_id: Option<ID>) -> Result<Vec<TicketMacro>> {
        let queue = queue_id.map(|id| parse_id(&id, "queueId")).transpose()?;
        Ok(macros::list(&app(ctx)?.db.read, caller(ctx)?, queue).await?.into_iter().map(TicketMacro).collect())
    }

    /// Received email from addresses no contact has, newest first, for the desk to sort (add
    /// the sender as a contact, and their next message opens a ticket). The service desk.
    #[graphql(complexity = "page_cost(first, last, child_complexity)")]
    async fn unmatched_emails(
        &self,
        ctx: &Context<'_>,
        first: Option<i32>,
        after: Option<String>,
        last: Option<i32>,
        before: Option<String>,
    ) -> Result<crate::email::EmailMessageConnection> {
        crate::email::unmatched(ctx, first, after, last, before).await
    }

    /// The live chats the caller reads (the desk's, or the customer's own), longest waiting
    /// first, at most 200: the desk's inbox of chats, kept current by `liveChatsChanged`.
    async fn live_chats(&self, ctx: &Context<'_>) -> Result<Vec<crate::chat::ChatSession>> {
        crate::chat::live_chats(ctx).await
    }

    /// The SLA policies in evaluation order. Staff and `service:read` keys.
    async fn sla_policies(&self, ctx: &Context<'_>) -> Result<Vec<SlaPolicy>> {
        let read = service_setup_read(&caller(ctx)?.principal)?;
        Ok(setup::policies(&app(ctx)?.db.read, &read).await?.into_iter().map(SlaPolicy).collect())
    }
}

#[derive(Default)]
pub struct ServiceMutation;

#[Object]
impl ServiceMutation {
    /// Opens a ticket with the customer's words as its first message, in the default queue
    /// unless the desk names one, under the first SLA policy that matches (its first-response
    /// and resolution clocks start). The service desk, sales reps and managers (for a
    /// customer), partner users (their customers), customer users (their own), `service:write`
    /// keys.
    async fn open_ticket(&self, ctx: &Context<'_>, input: OpenTicketInput) -> Result<TicketPayload> {
        Ok(TicketPayload { ticket: Ticket(tickets::open(app(ctx)?, caller(ctx)?, input).await?) })
    }

    /// Sends again an email that failed or was interrupted (a server stopped while sending
    /// it): a person decided the customer did not get it. The service desk.
    async fn send_email_again(&self, ctx: &Context<'_>, id: ID) -> Result<crate::email::EmailPayload> {
        crate::email::send_again(ctx, id).await
    }

    /// Adds a message. The desk's REPLY meets the first- and next-response clocks and sets the
    /// status (OPEN unless another is given); a NOTE is internal and moves nothing; the
    /// customer's side's message reopens a resolved ticket within the queue's window, ends a
    /// wait for the customer and starts the next-response clock.
    async fn add_ticket_message(&self, ctx: &Context<'_>, input: AddTicketMessageInput) -> Result<TicketMessagePayload> {
        let (ticket, message) = tickets::add_message(app(ctx)?, caller(ctx)?, input).await?;
        Ok(TicketMessagePayload { ticket: Ticket(ticket), message: TicketMessage(message) })
    }

    /// Changes a ticket's status (the service desk): the policy's pausing statuses stop its
    /// clocks, RESOLVED meets the resolution clock, reopening runs it on.
    async fn set_ticket_status(&self, ctx: &Context<'_>, input: SetTicketStatusInput) -> Result<TicketPayload> {
        Ok(TicketPayload { ticket: Ticket(tickets::set_status(app(ctx)?, caller(ctx)?, input).await?) })
    }

    /// Merges a duplicate into the ticket that stays (the service desk; both the same
    /// customer's and open): the duplicate's conversation moves there, the duplicate is
    /// closed without being resolved (no survey, its clocks stopped), each gets an internal
    /// note. Returns the ticket that stays.
    async fn merge_ticket(&self, ctx: &Context<'_>, input: MergeTicketInput) -> Result<TicketPayload> {
        Ok(TicketPayload { ticket: Ticket(incidents::merge(app(ctx)?, caller(ctx)?, input).await?) })
    }

    /// Makes a ticket part of an incident's own ticket (one level), or of none (the service
    /// desk). The desk's resolving reply to the incident's ticket goes to each of its open
    /// tickets, resolving them.
    async fn set_ticket_parent(&self, ctx: &Context<'_>, input: SetTicketParentInput) -> Result<TicketPayload> {
        Ok(TicketPayload { ticket: Ticket(incidents::set_parent(app(ctx)?, caller(ctx)?, input).await?) })
    }

    /// Triage (the service desk): subject, category, priority, complaint, queue, assignee.
    async fn update_ticket(&self, ctx: &Context<'_>, input: UpdateTicketInput) -> Result<TicketPayload> {
        Ok(TicketPayload { ticket: Ticket(tickets::update(app(ctx)?, caller(ctx)?, input).await?) })
    }

    /// Applies a macro to a ticket (the service desk): its reply, with the ticket's customer,
    /// number and the agent's name filled in, the status it leaves, its priority and
    /// category, in one write. The reply counts as a response for the SLA.
    async fn apply_ticket_macro(&self, ctx: &Context<'_>, input: ApplyTicketMacroInput) -> Result<TicketMessagePayload> {
        let (ticket, message) = macros::apply(app(ctx)?, caller(ctx)?, input).await?;
        Ok(TicketMessagePayload { ticket: Ticket(ticket), message: TicketMessage(message) })
    }

    /// Adds a macro (admins, service managers).
    async fn create_ticket_macro(&self, ctx: &Context<'_>, input: CreateTicketMacroInput) -> Result<TicketMacroPayload> {
        Ok(TicketMacroPayload { ticket_macro: TicketMacro(macros::create(app(ctx)?, caller(ctx)?, input).await?) })
    }

    /// Changes, archives or restores a macro (admins, service managers).
    async fn update_ticket_macro(&self, ctx: &Context<'_>, input: UpdateTicketMacroInput) -> Result<TicketMacroPayload> {
        Ok(TicketMacroPayload { ticket_macro: TicketMacro(macros::update(app(ctx)?, caller(ctx)?, input).await?) })
    }

    /// Adds a working-hours calendar (admins, service managers).
    async fn create_service_calendar(&self, ctx: &Context<'_>, input: CreateServiceCalendarInput) -> Result<ServiceCalendarPayload> {
        Ok(ServiceCalendarPayload { calendar: ServiceCalendar(setup::create_calendar(app(ctx)?, caller(ctx)?, input).await?) })
    }

    /// Changes a calendar (admins, service managers).
    async fn update_service_calendar(&self, ctx: &Context<'_>, input: UpdateServiceCalendarInput) -> Result<ServiceCalendarPayload> {
        Ok(ServiceCalendarPayload { calendar: ServiceCalendar(setup::update_calendar(app(ctx)?, caller(ctx)?, input).await?) })
    }

    /// Adds a queue (admins, service managers); the first one is the default.
    async fn create_service_queue(&self, ctx: &Context<'_>, input: CreateServiceQueueInput) -> Result<ServiceQueuePayload> {
        Ok(ServiceQueuePayload { queue: ServiceQueue(setup::create_queue(app(ctx)?, caller(ctx)?, input).await?) })
    }

    /// Changes a queue (admins, service managers).
    async fn update_service_queue(&self, ctx: &Context<'_>, input: UpdateServiceQueueInput) -> Result<ServiceQueuePayload> {
        Ok(ServiceQueuePayload { queue: ServiceQueue(setup::update_queue(app(ctx)?, caller(ctx)?, input).await?) })
    }

    /// Adds an SLA policy (admins, service managers).
    async fn create_sla_policy(&self, ctx: &Context<'_>, input: CreateSlaPolicyInput) -> Result<SlaPolicyPayload> {
        Ok(SlaPolicyPayload { policy: SlaPolicy(setup::create_policy(app(ctx)?, caller(ctx)?, input).await?) })
    }

    /// Changes an SLA policy (admins, service managers); tickets opened afterwards follow it.
    async fn update_sla_policy(&self, ctx: &Context<'_>, input: UpdateSlaPolicyInput) -> Result<SlaPolicyPayload> {
        Ok(SlaPolicyPayload { policy: SlaPolicy(setup::update_policy(app(ctx)?, caller(ctx)?, input).await?) })
    }
}

/// A change of a ticket (its fields, or a message on it), with its position in the event log.
#[derive(SimpleObject)]
pub struct TicketEvent {
    /// The event's position: subscribe again after it (`ticketChanged(id, after)`) to
    /// receive every change made since, none missed.
    position: String,
    /// The ticket as it is now (read its `messages` for the new one).
    ticket: Ticket,
}

#[derive(Default)]
pub struct TicketSubscription;

#[Subscription]
impl TicketSubscription {
    /// The ticket `id` each time it changes, gets a message the caller reads (a reply, the
    /// customer's words; internal notes for staff only) or its chat moves (a side typing,
    /// reading, ending), through any channel and any server,
    /// read afresh through the caller's scope. With `after` (a `position` this stream gave),
    /// the changes made since come first, none missed (BAD_USER_INPUT `RESYNC_REQUIRED` when
    /// they are older than the event log keeps: read the ticket again). Whoever reads the
    /// ticket; over `/graphql/ws` (graphql-transport-ws) as the other subscriptions. NOT_FOUND
    /// for a ticket the caller does not see.
    async fn ticket_changed(&self, ctx: &Context<'_>, id: ID, after: Option<String>) -> Result<impl Stream<Item = Result<TicketEvent>>> {
        let scope = TicketScope::of(&caller(ctx)?.principal)?;
        let id = parse_id(&id, "id")?;
        let ticket = tickets::find(&app(ctx)?.db.read, &scope, id).await?.ok_or(AppError::NotFound("ticket"))?;
        let mut kinds = vec![EntityType::Ticket.as_api(), tickets::MESSAGE_EVENT];
        if scope.reads_internal_notes() {
            kinds.push(tickets::NOTE_EVENT);
        }
        kinds.extend([crm_service::chat::STATE_EVENT, crm_service::chat::ACTIVITY_EVENT]);
        let follow = Follow { customer_id: Some(ticket.customer_id), record_id: Some(id), kinds };
        let heard =
            crate::live::followed(ctx, after, follow, "follow a ticket (over /graphql/ws)", move |app: AppContext, events: Vec<Event>| {
                let scope = scope.clone();
                async move { Ok(crate::live::each_as_now(&events, tickets::find(&app.db.read, &scope, id).await?)) }
            })
            .await?;
        Ok(heard.map(|heard| {
            heard.map(|heard| TicketEvent { position: crate::live::position_text(heard.position), ticket: Ticket(heard.record) })
        }))
    }
}

crate::node_lookup!("tickets", |db, principal, ids| {
    use crate::node::Node;
    let Ok(scope) = TicketScope::of(principal) else { return Ok(Vec::new()) };
    Ok(tickets::tickets_by_ids(db, &scope, ids).await?.into_iter().map(|r| (r.id, Node::Ticket(Ticket(r)))).collect())
});
