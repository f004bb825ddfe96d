//! Who reads and works which tickets, and who sets the service up.
//!
//! - Admins and service managers read and work every ticket, internal notes included, and set
//!   up calendars, queues, SLA policies, macros and routing. Service agents work their queues:
//!   the tickets of the queues they are members of, those assigned to them and those they
//!   opened.
//! - Sales managers, marketers and analysts read every ticket, sales reps those of the
//!   customers they own; all of them read internal notes, none works tickets.
//! - A partner user reads the tickets of its organisation's customers, a customer user its
//!   own customer's, and an API key with `service:read` every ticket: never an internal note.
//!   With `service:write` (a key) or as themselves (portal users) they open tickets and write
//!   as the customer's side.
//! - Live chat: a customer user starts one on its own customer's ticket (or on a new one);
//!   its two seats are that user and the desk (whoever of the desk answers first takes the
//!   agent's seat when routing found nobody). Whoever reads the ticket reads the chat.

use crate::entity::{
    call, chat_session, service_agent, service_calendar, service_queue, service_queue_member, sla_policy, ticket, ticket_macro,
};
use crm_core::audit::{EntityType, HistoryVisibility};
use crm_core::error::{AppError, AppResult};
use crm_core::principal::{ApiScope, Principal, StaffRole};
use crm_core::versioned::{CreateRight, WriteRight};
use crm_customers::access::CustomerScope;
use crm_customers::entity::customer;
use crm_interactions::access::{InteractionScope, LinkReach, LinkRead, Linked};
use crm_interactions::entity::interaction;
use crm_sales::access::{OpportunityScope, OrderScope, QuoteScope};
use crm_sales::orders::entity::order;
use crm_sales::pipeline::entity::opportunity;
use crm_sales::quotes::entity::quote;
use crm_tasks::access::{TaskScope, TicketReach};
use sea_orm::sea_query::{Alias, Condition, DynIden, Expr, IntoIden, Query, SelectStatement};
use sea_orm::{ColumnTrait, EntityTrait};
use std::sync::Arc;
use uuid::Uuid;

/// The tickets a caller may read, and whether it reads the company's internal notes.
#[derive(Debug, Clone)]
pub struct TicketScope {
    /// The customers whose tickets it reads; `None`: every customer.
    customers: Option<SelectStatement>,
    /// An agent: only the tickets of their queues, assigned to them or opened by them.
    agent: Option<Uuid>,
    internal: bool,
    desk: bool,
}

impl TicketScope {
    pub fn of(principal: &Principal) -> AppResult<Self> {
        let customers_of = |scope: CustomerScope| {
            Some(Query::select().column(customer::Column::Id).from(customer::Entity).cond_where(scope.condition()).to_owned())
        };
        Ok(match principal {
            Principal::Staff { role: StaffRole::Admin | StaffRole::ServiceManager, .. } | Principal::System { .. } => {
                Self { customers: None, agent: None, internal: true, desk: true }
            }
            Principal::Staff { role: StaffRole::ServiceAgent, user_id, .. } => {
                Self { customers: None, agent: Some(*user_id), internal: true, desk: true }
            }
            Principal::Staff { role: StaffRole::SalesRep, user_id, .. } => Self {
                customers: Some(
                    Query::select()
                        .column(customer::Column::Id)
                        .from(customer::Entity)
                        .and_where(customer::Column::OwnerId.eq(*user_id))
                        .to_owned(),
                ),
                agent: None,
                internal: true,
                desk: false,
            },
            Principal::Staff { .. } => Self { customers: None, agent: None, internal: true, desk: false },
            Principal::Partner { .. } | Principal::Customer { .. } => {
                Self { customers: customers_of(CustomerScope::of(principal)?), agent: None, internal: false, desk: false }
            }
            Principal::Integration { .. } => {
                if !(principal.has_scope(ApiScope::ServiceRead) || principal.has_scope(ApiScope::ServiceWrite)) {
                    return Err(AppError::Forbidden("read tickets (the API key lacks the service:read scope)"));
                }
                Self { customers: None, agent: None, internal: false, desk: false }
            }
        })
    }

    /// SQL condition on `tickets` selecting the readable rows.
    pub fn condition(&self) -> Condition {
        let mut cond = Condition::all();
        if let Some(customers) = &self.customers {
            cond = cond.add(ticket::Column::CustomerId.in_subquery(customers.clone()));
        }
        if let Some(agent) = self.agent {
            let queues = Query::select()
                .column(service_queue_member::Column::QueueId)
                .from(service_queue_member::Entity)
                .and_where(service_queue_member::Column::UserId.eq(agent))
                .to_owned();
            cond = cond.add(
                Condition::any()
                    .add(ticket::Column::QueueId.in_subquery(queues))
                    .add(ticket::Column::AssigneeId.eq(agent))
                    .add(ticket::Column::CreatedById.eq(agent)),
            );
        }
        cond
    }

    /// Whether the caller reads the company's internal notes (staff only).
    pub fn reads_internal_notes(&self) -> bool {
        self.internal
    }

    /// Whether the caller works at the service desk (sees queues' workload, SLA settings).
    pub fn is_desk(&self) -> bool {
        self.desk
    }
}

/// How far the caller reaches tickets, for the tasks about them (`crm_tasks`, below).
impl TicketReach for TicketScope {
    fn readable_ids(&self) -> SelectStatement {
        Query::select().column(ticket::Column::Id).from(ticket::Entity).cond_where(self.condition()).to_owned()
    }

    fn customer_of(&self, id: Uuid) -> SelectStatement {
        Query::select()
            .column(ticket::Column::CustomerId)
            .from(ticket::Entity)
            .cond_where(self.condition().add(ticket::Column::Id.eq(id)))
            .to_owned()
    }
}

/// How far `principal` reaches tickets, as the tasks ask (none: no ticket).
fn ticket_reach(principal: &Principal) -> Option<Arc<dyn TicketReach>> {
    TicketScope::of(principal).ok().map(|scope| Arc::new(scope) as Arc<dyn TicketReach>)
}

/// The tasks `principal` reads, tickets included.
pub fn task_scope(principal: &Principal) -> AppResult<TaskScope> {
    TaskScope::of(principal, ticket_reach(principal))
}

/// Adds to `history` the entries about the tasks the caller may read, tickets' included.
pub fn task_history_visibility(principal: &Principal, history: HistoryVisibility) -> HistoryVisibility {
    crm_tasks::access::history_visibility(principal, ticket_reach(principal), history)
}

/// How far a caller reaches the records interactions belong to (`crm_interactions`, below):
/// tickets here, opportunities, quotes and orders in the sales crate.
#[derive(Debug)]
struct InteractionLinks {
    /// An API key with `interactions:read`, or the command line: reads every linked record.
    every: bool,
    tickets: Option<TicketScope>,
    opportunities: Option<OpportunityScope>,
    quotes: Option<QuoteScope>,
    orders: Option<OrderScope>,
}

impl InteractionLinks {
    fn of(principal: &Principal) -> Self {
        Self {
            every: matches!(principal, Principal::Integration { .. } | Principal::System { .. }),
            tickets: TicketScope::of(principal).ok(),
            opportunities: OpportunityScope::of(principal).ok(),
            quotes: QuoteScope::of(principal).ok(),
            orders: OrderScope::of(principal).ok(),
        }
    }

    /// The records of `kind` the caller reads: their table, id and customer columns, and the
    /// condition on them (none: it reads no such record).
    fn scope(&self, kind: Linked) -> Option<(DynIden, DynIden, DynIden, Condition)> {
        fn table<E: EntityTrait>(
            entity: E,
            id: E::Column,
            customer: E::Column,
            condition: Condition,
        ) -> (DynIden, DynIden, DynIden, Condition) {
            (entity.into_iden(), id.into_iden(), customer.into_iden(), condition)
        }
        // Keys and the command line read every linked record.
        let reads = |condition: Option<Condition>| if self.every { Some(Condition::all()) } else { condition };
        match kind {
            Linked::Ticket => reads(self.tickets.as_ref().map(TicketScope::condition))
                .map(|c| table(ticket::Entity, ticket::Column::Id, ticket::Column::CustomerId, c)),
            Linked::Opportunity => reads(self.opportunities.as_ref().map(OpportunityScope::condition))
                .map(|c| table(opportunity::Entity, opportunity::Column::Id, opportunity::Column::CustomerId, c)),
            Linked::Quote => reads(self.quotes.as_ref().map(QuoteScope::condition))
                .map(|c| table(quote::Entity, quote::Column::Id, quote::Column::CustomerId, c)),
            Linked::Order => reads(self.orders.as_ref().map(OrderScope::condition))
                .map(|c| table(order::Entity, order::Column::Id, order::Column::CustomerId, c)),
        }
    }
}

impl LinkReach for InteractionLinks {
    fn reads(&self, kind: Linked) -> LinkRead {
        if self.every {
            return LinkRead::Every;
        }
        match self.scope(kind) {
            // Correlated: a page of the timeline checks its own rows by primary key, instead of
            // listing every record the caller reads.
            Some((table, id, _, condition)) => LinkRead::Some(Expr::exists(
                Query::select()
                    .expr(Expr::val(1))
                    .from(table.clone())
                    .and_where(Expr::col((table, id)).equals((interaction::Entity, kind.column())))
                    .cond_where(condition)
                    .to_owned(),
            )),
            None => LinkRead::Nothing,
        }
    }

    fn customer_of(&self, kind: Linked, record: Uuid) -> Option<SelectStatement> {
        let (table, id, customer, condition) = self.scope(kind)?;
        Some(
            Query::select()
                .expr_as(Expr::col((table.clone(), customer)), Alias::new("customer_id"))
                .from(table.clone())
                .and_where(Expr::col((table, id)).eq(record))
                .cond_where(condition)
                .to_owned(),
        )
    }
}

/// The interactions `principal` reads: its customers' timelines, each entry that belongs to a
/// ticket, deal, quote or order only if it reads that record too.
pub fn interaction_scope(principal: &Principal) -> AppResult<InteractionScope> {
    InteractionScope::of(principal, Arc::new(InteractionLinks::of(principal)))
}

/// Adds to `history` the entries about the tickets and calls the caller may read.
pub fn history_visibility(principal: &Principal, history: HistoryVisibility) -> HistoryVisibility {
    let history = match TicketScope::of(principal) {
        Ok(scope) => {
            let readable = Query::select().column(ticket::Column::Id).from(ticket::Entity).cond_where(scope.condition()).to_owned();
            history.show(EntityType::Ticket, Some(readable))
        }
        Err(_) => history,
    };
    match CallScope::of(principal) {
        Ok(scope) => {
            let readable = Query::select().column(call::Column::Id).from(call::Entity).cond_where(scope.condition()).to_owned();
            history.show(EntityType::Call, Some(readable))
        }
        Err(_) => history,
    }
}

/// The calls a caller may read: the service desk and the company's other staff every call
/// (a sales rep those of the customers they own), an API key with `service:read` every call
/// without the agents' wrap-up notes; partners and customers none (a call's record is the
/// company's log, not a conversation the customer reads back).
#[derive(Debug, Clone)]
pub struct CallScope {
    /// The customers whose calls it reads; `None`: every call, recognised or not.
    customers: Option<SelectStatement>,
    notes: bool,
}

impl CallScope {
    pub fn of(principal: &Principal) -> AppResult<Self> {
        Ok(match principal {
            Principal::Staff { role: StaffRole::SalesRep, user_id, .. } => Self {
                customers: Some(
                    Query::select()
                        .column(customer::Column::Id)
                        .from(customer::Entity)
                        .and_where(customer::Column::OwnerId.eq(*user_id))
                        .to_owned(),
                ),
                notes: true,
            },
            Principal::Staff { .. } | Principal::System { .. } => Self { customers: None, notes: true },
            Principal::Integration { .. } if principal.has_scope(ApiScope::ServiceRead) || principal.has_scope(ApiScope::ServiceWrite) => {
                Self { customers: None, notes: false }
            }
            Principal::Integration { .. } => return Err(AppError::Forbidden("read calls (the API key lacks the service:read scope)")),
            Principal::Partner { .. } | Principal::Customer { .. } => return Err(AppError::Forbidden("read calls (the company's staff)")),
        })
    }

    /// SQL condition on `calls` selecting the readable rows.
    pub fn condition(&self) -> Condition {
        match &self.customers {
            Some(customers) => Condition::all().add(call::Column::CustomerId.in_subquery(customers.clone())),
            None => Condition::all(),
        }
    }

    /// Whether the caller reads the agents' wrap-up notes (staff).
    pub fn reads_notes(&self) -> bool {
        self.notes
    }
}

/// The right to report what the telephony saw: keys with `telephony:events` (and the
/// server's own command line, which seeds the demo's calls).
#[derive(Debug, Clone, Copy)]
pub struct TelephonyWrite(());

impl CreateRight<call::Entity> for TelephonyWrite {}

impl WriteRight<call::Entity> for TelephonyWrite {
    fn covers(&self, _: &call::Model) -> bool {
        true
    }
}

pub fn telephony_write(principal: &Principal) -> AppResult<TelephonyWrite> {
    match principal {
        Principal::System { .. } => Ok(TelephonyWrite(())),
        Principal::Integration { .. } if principal.has_scope(ApiScope::TelephonyEvents) => Ok(TelephonyWrite(())),
        _ => Err(AppError::Forbidden("report call events (an API key with the telephony:events scope)")),
    }
}

/// The right to work calls: link the caller, wrap up, call back (the service desk).
#[derive(Debug, Clone, Copy)]
pub struct CallWork {
    pub user_id: Option<Uuid>,
}

impl WriteRight<call::Entity> for CallWork {
    fn covers(&self, _: &call::Model) -> bool {
        true
    }
}

pub fn call_work(principal: &Principal) -> AppResult<CallWork> {
    match principal {
        Principal::Staff { role: StaffRole::Admin | StaffRole::ServiceManager | StaffRole::ServiceAgent, user_id, .. } => {
            Ok(CallWork { user_id: Some(*user_id) })
        }
        Principal::System { .. } => Ok(CallWork { user_id: None }),
        _ => Err(AppError::Forbidden("work calls (the service desk)")),
    }
}

/// Which side of the conversation a writer is on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Side {
    /// The service desk: replies, internal notes, status, assignment.
    Desk,
    /// The customer's side: its users, its partner's users, an integration writing for it.
    Customer,
}

impl Side {
    /// The other side of the conversation.
    pub fn other(self) -> Side {
        match self {
            Side::Desk => Side::Customer,
            Side::Customer => Side::Desk,
        }
    }
}

/// Who opens tickets, and what they may choose when they do.
#[derive(Debug, Clone, Copy)]
pub struct TicketOpener {
    pub user_id: Option<Uuid>,
    pub side: Side,
}

impl CreateRight<ticket::Entity> for TicketOpener {}

pub fn ticket_opener(principal: &Principal) -> AppResult<TicketOpener> {
    match principal {
        Principal::Staff { role: StaffRole::Admin | StaffRole::ServiceManager | StaffRole::ServiceAgent, user_id, .. } => {
            Ok(TicketOpener { user_id: Some(*user_id), side: Side::Desk })
        }
        Principal::System { .. } => Ok(TicketOpener { user_id: None, side: Side::Desk }),
        // A rep or manager who hears of a problem logs it for the desk, on the customer's behalf.
        Principal::Staff { role: StaffRole::SalesRep | StaffRole::SalesManager, user_id, .. } => {
            Ok(TicketOpener { user_id: Some(*user_id), side: Side::Customer })
        }
        Principal::Partner { user_id, .. } | Principal::Customer { user_id, .. } => {
            Ok(TicketOpener { user_id: Some(*user_id), side: Side::Customer })
        }
        Principal::Integration { .. } if principal.has_scope(ApiScope::ServiceWrite) => {
            Ok(TicketOpener { user_id: None, side: Side::Customer })
        }
        _ => Err(AppError::Forbidden("open tickets")),
    }
}

/// Proof that the caller may write on one ticket, from one side.
#[derive(Debug, Clone, Copy)]
pub struct TicketWrite {
    ticket_id: Uuid,
    pub side: Side,
    pub user_id: Option<Uuid>,
}

impl WriteRight<ticket::Entity> for TicketWrite {
    fn covers(&self, row: &ticket::Model) -> bool {
        row.id == self.ticket_id
    }
}

/// The right to file received email (a mail provider's `email:inbound` key, or the server's
/// own SMTP listener): it writes the sender's messages onto their tickets, from the
/// customer's side, and opens tickets for known senders. It reads nothing.
#[derive(Debug, Clone, Copy)]
pub struct MailDrop(());

pub fn mail_drop(principal: &Principal) -> AppResult<MailDrop> {
    match principal {
        Principal::Integration { .. } if principal.has_scope(ApiScope::EmailInbound) => Ok(MailDrop(())),
        Principal::System { .. } => Ok(MailDrop(())),
        _ => Err(AppError::Forbidden("deliver received email (an email:inbound key)")),
    }
}

/// The right to file received texts and the gateway's delivery reports (an `sms:events`
/// key, or the server itself). It reads nothing.
#[derive(Debug, Clone, Copy)]
pub struct TextDrop(());

pub fn sms_drop(principal: &Principal) -> AppResult<TextDrop> {
    match principal {
        Principal::Integration { .. } if principal.has_scope(ApiScope::SmsEvents) => Ok(TextDrop(())),
        Principal::System { .. } => Ok(TextDrop(())),
        _ => Err(AppError::Forbidden("deliver received texts and delivery reports (an sms:events key)")),
    }
}

impl TicketWrite {
    /// Writing a received email's words onto `ticket`, from the customer's side: the sender
    /// was matched to the ticket by the mail drop (its thread, or its number and a contact of
    /// its customer).
    pub fn by_mail(_: &MailDrop, ticket: &ticket::Model) -> Self {
        Self { ticket_id: ticket.id, side: Side::Customer, user_id: None }
    }

    /// Writing a received text onto `ticket`, from the customer's side: the ticket is the
    /// sender's own (their number's contact's open ticket by text).
    pub fn by_text(_: &TextDrop, ticket: &ticket::Model) -> Self {
        Self { ticket_id: ticket.id, side: Side::Customer, user_id: None }
    }
}

/// May the caller write on this (visible) ticket, and from which side? The desk works it;
/// the customer's side (its users, its partner's, a `service:write` key) adds its messages.
pub fn ticket_write(principal: &Principal, ticket: &ticket::Model) -> AppResult<TicketWrite> {
    let (side, user_id) = match principal {
        Principal::Staff { role: StaffRole::Admin | StaffRole::ServiceManager | StaffRole::ServiceAgent, user_id, .. } => {
            (Side::Desk, Some(*user_id))
        }
        Principal::System { .. } => (Side::Desk, None),
        Principal::Partner { user_id, .. } | Principal::Customer { user_id, .. } => (Side::Customer, Some(*user_id)),
        Principal::Integration { .. } if principal.has_scope(ApiScope::ServiceWrite) => (Side::Customer, None),
        _ => return Err(AppError::Forbidden("work on tickets (the service desk)")),
    };
    Ok(TicketWrite { ticket_id: ticket.id, side, user_id })
}

/// Who starts live chats: a customer's user, from the portal, on its own customer's tickets.
#[derive(Debug, Clone, Copy)]
pub struct ChatStarter {
    pub user_id: Uuid,
    pub customer_id: Uuid,
}

pub fn chat_starter(principal: &Principal) -> AppResult<ChatStarter> {
    match principal {
        Principal::Customer { user_id, customer_id, .. } => Ok(ChatStarter { user_id: *user_id, customer_id: *customer_id }),
        _ => Err(AppError::Forbidden("start a live chat (a customer's user, in the portal)")),
    }
}

/// A seat in one live chat: the customer's (the user who started it) or the desk's.
#[derive(Debug, Clone, Copy)]
pub struct ChatSeat {
    pub side: Side,
    pub user_id: Uuid,
}

/// The caller's seat in `session` (FORBIDDEN for anyone else: a colleague of the customer
/// reads the chat on the ticket but does not write in it as them).
pub fn chat_seat(principal: &Principal, session: &chat_session::Model) -> AppResult<ChatSeat> {
    match principal {
        Principal::Staff { role: StaffRole::Admin | StaffRole::ServiceManager | StaffRole::ServiceAgent, user_id, .. } => {
            Ok(ChatSeat { side: Side::Desk, user_id: *user_id })
        }
        Principal::Customer { user_id, .. } if *user_id == session.user_id => Ok(ChatSeat { side: Side::Customer, user_id: *user_id }),
        _ => Err(AppError::Forbidden("take part in this chat (its customer's user and the service desk)")),
    }
}

/// The side `principal` reads a chat from, if it takes part in chats at all.
pub fn chat_side(principal: &Principal) -> Option<Side> {
    match principal {
        Principal::Staff { role: StaffRole::Admin | StaffRole::ServiceManager | StaffRole::ServiceAgent, .. } => Some(Side::Desk),
        Principal::Customer { .. } => Some(Side::Customer),
        _ => None,
    }
}

/// The right to set up the service: calendars, queues, SLA policies, macros (admins and
/// service managers).
#[derive(Debug, Clone, Copy)]
pub struct ServiceSettings(());

impl CreateRight<service_calendar::Entity> for ServiceSettings {}
impl CreateRight<service_queue::Entity> for ServiceSettings {}
impl CreateRight<sla_policy::Entity> for ServiceSettings {}
impl CreateRight<ticket_macro::Entity> for ServiceSettings {}

impl WriteRight<service_agent::Entity> for ServiceSettings {
    fn covers(&self, _: &service_agent::Model) -> bool {
        true
    }
}

impl WriteRight<ticket_macro::Entity> for ServiceSettings {
    fn covers(&self, _: &ticket_macro::Model) -> bool {
        true
    }
}

impl WriteRight<service_calendar::Entity> for ServiceSettings {
    fn covers(&self, _: &service_calendar::Model) -> bool {
        true
    }
}

impl WriteRight<service_queue::Entity> for ServiceSettings {
    fn covers(&self, _: &service_queue::Model) -> bool {
        true
    }
}

impl WriteRight<sla_policy::Entity> for ServiceSettings {
    fn covers(&self, _: &sla_policy::Model) -> bool {
        true
    }
}

pub fn service_settings(principal: &Principal) -> AppResult<ServiceSettings> {
    match principal {
        Principal::Staff { role: StaffRole::Admin | StaffRole::ServiceManager, .. } | Principal::System { .. } => Ok(ServiceSettings(())),
        _ => Err(AppError::Forbidden("set up the service (admins and service managers)")),
    }
}

/// The right to read the service's setup: staff, and keys with `service:read`.
#[derive(Debug, Clone, Copy)]
pub struct ServiceSetupRead(());

pub fn service_setup_read(principal: &Principal) -> AppResult<ServiceSetupRead> {
    match principal {
        Principal::Staff { .. } | Principal::System { .. } => Ok(ServiceSetupRead(())),
        Principal::Integration { .. } if principal.has_scope(ApiScope::ServiceRead) || principal.has_scope(ApiScope::ServiceWrite) => {
            Ok(ServiceSetupRead(()))
        }
        _ => Err(AppError::Forbidden("read the service's setup (staff)")),
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn staff(role: StaffRole) -> Principal {
        Principal::Staff { user_id: Uuid::from_u128(1), email: "s@example.test".into(), role }
    }

    #[test]
    fn only_the_desk_works_tickets_and_only_staff_read_internal_notes() {
        assert!(TicketScope::of(&staff(StaffRole::ServiceAgent)).unwrap().is_desk());
        assert!(!TicketScope::of(&staff(StaffRole::Analyst)).unwrap().is_desk());
        assert!(TicketScope::of(&staff(StaffRole::SalesRep)).unwrap().reads_internal_notes());
        let customer = Principal::Customer { user_id: Uuid::from_u128(3), email: "c@example.test".into(), customer_id: Uuid::from_u128(7) };
        assert!(!TicketScope::of(&customer).unwrap().reads_internal_notes());
        assert_eq!(ticket_opener(&customer).unwrap().side, Side::Customer);
        assert!(ticket_opener(&staff(StaffRole::Analyst)).is_err());
        assert!(service_settings(&staff(StaffRole::ServiceAgent)).is_err());
        assert!(service_settings(&staff(StaffRole::ServiceManager)).is_ok());
        let key = Principal::Integration { key_id: Uuid::from_u128(4), name: "k".into(), scopes: vec![ApiScope::CustomersRead] };
        assert!(TicketScope::of(&key).is_err());
    }
}
