//! The contact center over GraphQL: calls (the caller recognised, the customer's summary an
//! agent needs before answering), the callback queue, the block list, and the screen pop:
//! `myCalls`, a subscription over `/graphql/ws` that hands each call ringing at the agent's
//! extension to the agent, read through the agent's own scope. The rules are
//! `crm_service::calls`'.

use crate::connection::page_cost;
use crate::customers::loaders::CustomerById;
use crate::customers::{Contact, Customer};
use crate::identity::{User, UserById};
use crate::loaders::{ContactById, TicketById};
use crate::orders::Order;
use crate::request::{loader, RequestLoader};
use crate::service::Ticket;
use crate::{app, caller, connection, payload};
use async_graphql::dataloader::Loader;
use async_graphql::futures_util::stream::Stream;
use async_graphql::{Context, Object, Result, SimpleObject, Subscription, ID};
use chrono::{DateTime, Utc};
use crm_core::context::AppContext;
use crm_core::db::Db;
use crm_core::error::AppError;
use crm_core::events::Topic;
use crm_core::filters::{parse_id, IdFilter};
use crm_core::pagination::PageRequest;
use crm_core::principal::{Principal, StaffRole};
use crm_core::visible::Seen;
use crm_core::visible::Visible;
use crm_customers::access::CustomerScope;
use crm_customers::repo::{contacts_by_ids, contacts_with_phone};
use crm_sales::access::OrderScope;
use crm_sales::orders::inputs::OrderFilter;
use crm_service::access::{call_work, service_setup_read, CallScope};
use crm_service::calls::{desk, repo};
use crm_service::domain::{CallDirection, CallOutcome, CallStatus, CallbackStatus, TicketStatus};
use crm_service::entity::ticket;
use crm_service::entity::{blocked_number, call};
use crm_service::inputs::{BlockNumberInput, CallFilter, CompleteCallbackInput, LinkCallInput, TicketFilter, TicketOrder, WrapUpCallInput};
use std::collections::HashMap;

/// Open tickets, recent orders and recent calls a call shows of its customer.
const SUMMARY_ROWS: u64 = 5;

fn id(uuid: uuid::Uuid) -> ID {
    ID(uuid.to_string())
}

/// A phone call with a customer, or with a caller not yet recognised.
#[derive(Clone)]
pub struct Call(Visible<call::Model>);

impl From<Visible<call::Model>> for Call {
    fn from(row: Visible<call::Model>) -> Self {
        Self(row)
    }
}

/// A phone call with a customer, or with a caller not yet recognised: what the telephony
/// reported, whom the number belongs to, and how the agent wrapped it up. The fields about the
/// customer (`customer`, `openTickets`, `recentOrders`, `recentCalls`) are the screen pop: what
/// the agent sees before answering.
#[Object]
impl Call {
    /// Unique id (UUIDv7).
    pub async fn id(&self) -> ID {
        id(self.0.id)
    }
    /// The telephony's own id of the call.
    async fn external_id(&self) -> &str {
        &self.0.external_id
    }
    /// Who placed it.
    async fn direction(&self) -> CallDirection {
        self.0.direction
    }
    /// Where it is, as the telephony last reported.
    async fn status(&self) -> CallStatus {
        self.0.status
    }
    /// The caller's number (E.164 when valid); null when withheld.
    async fn from_number(&self) -> Option<&str> {
        self.0.from_number.as_deref()
    }
    /// The number called.
    async fn to_number(&self) -> Option<&str> {
        self.0.to_number.as_deref()
    }
    /// The extension it rang at or was answered on.
    async fn extension(&self) -> Option<&str> {
        self.0.extension.as_deref()
    }
    /// The agent of that extension.
    async fn agent(&self, ctx: &Context<'_>) -> Result<Option<User>> {
        let Some(key) = self.0.seen(|r| r.agent_id) else { return Ok(None) };
        Ok(loader::<UserById>(ctx)?.load_one(key).await?.map(User::from))
    }
    /// The customer the caller is (recognised by number, or linked by an agent), when the
    /// caller may see it: profile, credit limit and exposure (open orders, unpaid invoices,
    /// orders held for credit).
    async fn customer(&self, ctx: &Context<'_>) -> Result<Option<Customer>> {
        let Some(customer) = self.0.customer_id else { return Ok(None) };
        Ok(loader::<CustomerById>(ctx)?.load_one(customer).await?.map(Customer::from))
    }
    /// The contact who called.
    async fn contact(&self, ctx: &Context<'_>) -> Result<Option<Contact>> {
        let Some(contact) = self.0.contact_id else { return Ok(None) };
        Ok(loader::<ContactById>(ctx)?.load_one(contact).await?.map(Contact::from))
    }
    /// Who the caller may be when the number did not say: the contacts (visible to the caller)
    /// that have this number, when the call has no contact yet; link one with `linkCall`.
    /// One statement per call: for a screen pop, not for every row of a list.
    #[graphql(complexity = "10 * child_complexity")]
    async fn candidates(&self, ctx: &Context<'_>) -> Result<Vec<Contact>> {
        let (None, Some(number)) = (self.0.contact_id, crm_service::calls::customer_number(&self.0)) else { return Ok(Vec::new()) };
        let Ok(scope) = CustomerScope::of(&caller(ctx)?.principal) else { return Ok(Vec::new()) };
        let db = &app(ctx)?.db.read;
        let ids: Vec<uuid::Uuid> = contacts_with_phone(db, number, 10).await?.into_iter().map(|(contact, _)| contact).collect();
        Ok(contacts_by_ids(db, &scope, &ids).await?.into_iter().map(Contact::from).collect())
    }
    /// The ticket the call opened or was about.
    async fn ticket(&self, ctx: &Context<'_>) -> Result<Option<Ticket>> {
        let Some(ticket) = self.0.ticket_id else { return Ok(None) };
        Ok(loader::<TicketById>(ctx)?.load_one(ticket).await?.map(Ticket::from))
    }
    /// The customer's tickets not yet resolved, newest first (at most 5; those the caller
    /// reads). One statement per call: for a screen pop.
    #[graphql(complexity = "5 * child_complexity")]
    async fn open_tickets(&self, ctx: &Context<'_>) -> Result<Vec<Ticket>> {
        let Some(customer) = self.0.customer_id else { return Ok(Vec::new()) };
        let filter = TicketFilter {
            customer_id: Some(id(customer)),
            statuses: Some(vec![TicketStatus::New, TicketStatus::Open, TicketStatus::PendingCustomer, TicketStatus::PendingThirdParty]),
            ..TicketFilter::default()
        };
        let page = PageRequest::first(SUMMARY_ROWS);
        match crm_service::tickets::list(app(ctx)?, caller(ctx)?, &filter, TicketOrder::default(), &page).await {
            Ok((page, _)) => Ok(page.rows.into_iter().map(|(_, row)| Ticket::from(row)).collect()),
            Err(AppError::Forbidden(_)) => Ok(Vec::new()),
            Err(err) => Err(err.into()),
        }
    }
    /// The customer's latest orders, newest first (at most 5; when the caller reads orders),
    /// with their status (CREDIT_HOLD: held for credit) and lines. One statement per call.
    #[graphql(complexity = "5 * child_complexity")]
    async fn recent_orders(&self, ctx: &Context<'_>) -> Result<Vec<Order>> {
        let Some(customer) = self.0.customer_id else { return Ok(Vec::new()) };
        let Ok(scope) = OrderScope::of(&caller(ctx)?.principal) else { return Ok(Vec::new()) };
        let filter = OrderFilter {
            customer_id: Some(IdFilter { in_: Some(vec![id(customer)]), is_null: None }),
            status: None,
            owner_id: None,
            search: None,
        };
        let (page, _) =
            crm_sales::orders::repo::list_orders(&app(ctx)?.db.read, &scope, &filter, &PageRequest::first(SUMMARY_ROWS)).await?;
        Ok(page.rows.into_iter().map(|(_, row)| Order::from(row)).collect())
    }
    /// The customer's other calls, newest first (at most 5): the last times they called.
    #[graphql(complexity = "5 * child_complexity")]
    async fn recent_calls(&self, ctx: &Context<'_>) -> Result<Vec<Call>> {
        let Some(customer): Option<Seen<crm_customers::entity::customer::Model>> = self.0.seen(|r| r.customer_id) else {
            return Ok(Vec::new());
        };
        let scope = CallScope::of(&caller(ctx)?.principal)?;
        let rows = repo::recent_of_customer(&app(ctx)?.db.read, &scope, customer, SUMMARY_ROWS + 1).await?;
        Ok(rows.into_iter().filter(|row| row.id != self.0.id).take(SUMMARY_ROWS as usize).map(Call).collect())
    }
    /// When it started ringing.
    async fn started_at(&self) -> DateTime<Utc> {
        self.0.started_at
    }
    /// When it was answered.
    async fn answered_at(&self) -> Option<DateTime<Utc>> {
        self.0.answered_at
    }
    /// When it ended (hung up, missed or rejected).
    async fn ended_at(&self) -> Option<DateTime<Utc>> {
        self.0.ended_at
    }
    /// Seconds of conversation.
    async fn duration_seconds(&self) -> Option<i32> {
        self.0.duration_seconds
    }
    /// Where the telephony keeps its recording.
    async fn recording_url(&self) -> Option<&str> {
        self.0.recording_url.as_deref()
    }
    /// How it ended for the customer, as wrapped up.
    async fn outcome(&self) -> Option<CallOutcome> {
        self.0.outcome
    }
    /// The agent's wrap-up notes: the company's staff only (null for others).
    async fn wrap_up_notes(&self, ctx: &Context<'_>) -> Result<Option<&str>> {
        let reads = CallScope::of(&caller(ctx)?.principal).is_ok_and(|scope| scope.reads_notes());
        Ok(if reads { self.0.wrap_up.as_deref() } else { None })
    }
    /// Who wrapped it up.
    async fn wrapped_up_by(&self, ctx: &Context<'_>) -> Result<Option<User>> {
        let Some(key) = self.0.seen(|r| r.wrapped_up_by_id) else { return Ok(None) };
        Ok(loader::<UserById>(ctx)?.load_one(key).await?.map(User::from))
    }
    /// When.
    async fn wrapped_up_at(&self) -> Option<DateTime<Utc>> {
        self.0.wrapped_up_at
    }
    /// A missed inbound call in the callback queue: WAITING, or DONE once called back.
    async fn callback_status(&self) -> Option<CallbackStatus> {
        self.0.callback_status
    }
    /// Who called back (or answered the caller's next call).
    async fn callback_by(&self, ctx: &Context<'_>) -> Result<Option<User>> {
        let Some(key) = self.0.seen(|r| r.callback_by_id) else { return Ok(None) };
        Ok(loader::<UserById>(ctx)?.load_one(key).await?.map(User::from))
    }
    /// When.
    async fn callback_at(&self) -> Option<DateTime<Utc>> {
        self.0.callback_at
    }
    /// The call scripts run in it, oldest first, with the path each took: the service desk.
    async fn script_runs(&self, ctx: &Context<'_>) -> Result<Vec<crate::scripts::ScriptRun>> {
        crate::scripts::runs_about(ctx, crate::scripts::Interaction::Call(self.0.key(|r| r.id))).await
    }
    /// Increases with every change; send it back with changes.
    async fn version(&self) -> i32 {
        self.0.version
    }
    /// Whether the caller may work the call: link the caller, wrap it up, call back (the
    /// service desk).
    async fn viewer_can_work(&self, ctx: &Context<'_>) -> Result<bool> {
        Ok(call_work(&caller(ctx)?.principal).is_ok())
    }
}

/// The calls about each visible ticket, newest first (those the caller reads).
pub struct CallsOfTicket {
    db: Db,
    scope: Option<CallScope>,
}

impl RequestLoader for CallsOfTicket {
    fn new(app: &AppContext, caller: Option<&Principal>) -> Self {
        Self { db: app.db.clone(), scope: caller.and_then(|p| CallScope::of(p).ok()) }
    }
}

impl Loader<Seen<ticket::Model>> for CallsOfTicket {
    type Value = Vec<Visible<call::Model>>;
    type Error = async_graphql::Error;

    async fn load(&self, keys: &[Seen<ticket::Model>]) -> Result<HashMap<Seen<ticket::Model>, Self::Value>, Self::Error> {
        let Some(scope) = &self.scope else { return Ok(HashMap::new()) };
        let mut by_ticket = repo::calls_of_tickets(&self.db.read, scope, keys).await?;
        Ok(keys.iter().filter_map(|key| by_ticket.remove(&key.id()).map(|calls| (*key, calls))).collect())
    }
}

/// The calls about a visible ticket (`Ticket.calls`).
pub(crate) async fn calls_of_ticket(ctx: &Context<'_>, ticket: Seen<ticket::Model>) -> Result<Vec<Call>> {
    Ok(loader::<CallsOfTicket>(ctx)?.load_one(ticket).await?.unwrap_or_default().into_iter().map(Call).collect())
}

/// A number whose calls the telephony is told to reject.
pub struct BlockedNumber(Visible<blocked_number::Model>);

/// A number whose calls the telephony is told to reject.
#[Object]
impl BlockedNumber {
    /// The number, E.164.
    async fn number(&self) -> &str {
        &self.0.number
    }
    /// Why it is blocked.
    async fn reason(&self) -> &str {
        &self.0.reason
    }
    /// Who blocked it.
    async fn created_by(&self, ctx: &Context<'_>) -> Result<Option<User>> {
        let Some(key) = self.0.seen(|r| r.created_by_id) else { return Ok(None) };
        Ok(loader::<UserById>(ctx)?.load_one(key).await?.map(User::from))
    }
    /// Since when.
    async fn created_at(&self) -> DateTime<Utc> {
        self.0.created_at
    }
}

connection!(CallConnection, CallEdge, Call, call::Entity, "calls");
payload!(CallPayload, call, Call, "Result of a call mutation.");
payload!(BlockNumberPayload, blocked, BlockedNumber, "Result of blockNumber.");

/// Result of unblockNumber.
#[derive(SimpleObject)]
pub struct UnblockNumberPayload {
    /// The number taken off the list, E.164.
    pub number: String,
}

#[derive(Default)]
pub struct CallQuery;

#[Object]
impl CallQuery {
    /// Calls the caller may read, newest first (the callback queue, `filter.callback:
    /// WAITING`, oldest first: the order to call back in). Staff (a sales rep their customers'
    /// calls) and `service:read` keys.
    #[graphql(complexity = "page_cost(first, last, child_complexity)")]
    async fn calls(
        &self,
        ctx: &Context<'_>,
        first: Option<i32>,
        after: Option<String>,
        last: Option<i32>,
        before: Option<String>,
        filter: Option<CallFilter>,
    ) -> Result<CallConnection> {
        let page = PageRequest::from_relay(first, after, last, before)?;
        let (page, all) = repo::list(&app(ctx)?.db.read, caller(ctx)?, &filter.unwrap_or_default(), &page).await?;
        Ok(CallConnection::new(page, all, Call))
    }

    /// A call the caller may read (NOT_FOUND otherwise).
    async fn call(&self, ctx: &Context<'_>, id: ID) -> Result<Call> {
        let scope = CallScope::of(&caller(ctx)?.principal)?;
        let found = repo::find(&app(ctx)?.db.read, &scope, parse_id(&id, "id")?).await?;
        Ok(Call(found.ok_or(AppError::NotFound("call"))?))
    }

    /// The numbers whose calls are rejected, newest first. Staff and `service:read` keys.
    async fn blocked_numbers(&self, ctx: &Context<'_>) -> Result<Vec<BlockedNumber>> {
        let read = service_setup_read(&caller(ctx)?.principal)?;
        Ok(repo::blocked_numbers(&app(ctx)?.db.read, &read).await?.into_iter().map(BlockedNumber).collect())
    }
}

#[derive(Default)]
pub struct CallMutation;

#[Object]
impl CallMutation {
    /// Says who called when the number did not (unknown, or shared by several customers): the
    /// call takes the contact and its customer. The service desk.
    async fn link_call(&self, ctx: &Context<'_>, input: LinkCallInput) -> Result<CallPayload> {
        Ok(CallPayload { call: Call(desk::link(app(ctx)?, caller(ctx)?, input).await?) })
    }

    /// Wraps up an answered call: its outcome, notes (internal) and the ticket it was about.
    /// To open a ticket from the call, use `openTicket` with `callId`. The service desk.
    async fn wrap_up_call(&self, ctx: &Context<'_>, input: WrapUpCallInput) -> Result<CallPayload> {
        Ok(CallPayload { call: Call(desk::wrap_up(app(ctx)?, caller(ctx)?, input).await?) })
    }

    /// Records a call back to a missed caller: DONE with its outcome, or still WAITING after
    /// an attempt nobody answered (NOT_REACHED). The service desk.
    async fn complete_callback(&self, ctx: &Context<'_>, input: CompleteCallbackInput) -> Result<CallPayload> {
        Ok(CallPayload { call: Call(desk::complete_callback(app(ctx)?, caller(ctx)?, input).await?) })
    }

    /// Puts a number on the block list: the telephony is told to reject its calls. Admins and
    /// service managers.
    async fn block_number(&self, ctx: &Context<'_>, input: BlockNumberInput) -> Result<BlockNumberPayload> {
        Ok(BlockNumberPayload { blocked: BlockedNumber(desk::block_number(app(ctx)?, caller(ctx)?, input).await?) })
    }

    /// Takes a number off the block list. Admins and service managers.
    async fn unblock_number(&self, ctx: &Context<'_>, number: String) -> Result<UnblockNumberPayload> {
        Ok(UnblockNumberPayload { number: desk::unblock_number(app(ctx)?, caller(ctx)?, &number).await? })
    }
}

#[derive(Default)]
pub struct CallSubscription;

#[Subscription]
impl CallSubscription {
    /// The screen pop: every change of a call at the caller's extension (it rings, is
    /// answered, ends, is missed), as it happens, with the caller's summary read through the
    /// caller's scope. Only for the service desk (agents, service managers, admins) with an
    /// extension set in their profile. Over `/graphql/ws` (graphql-transport-ws), opened with
    /// `{"authorization": "Bearer <token>"}` as the `connection_init` payload; the stream ends
    /// with UNAUTHENTICATED when the session ends.
    async fn my_calls(&self, ctx: &Context<'_>) -> Result<impl Stream<Item = Result<Call>>> {
        let caller = caller(ctx)?;
        let user_id = match &caller.principal {
            Principal::Staff { role: StaffRole::Admin | StaffRole::ServiceManager | StaffRole::ServiceAgent, user_id, .. } => *user_id,
            _ => return Err(AppError::Forbidden("receive screen pops (the service desk)").into()),
        };
        let scope = CallScope::of(&caller.principal)?;
        crate::live::notices(ctx, user_id, Topic::Call, "receive screen pops (over /graphql/ws)", move |app: AppContext, id| {
            let scope = scope.clone();
            async move { Ok(repo::find(&app.db.read, &scope, id).await?.map(Call)) }
        })
    }
}

crate::node_lookup!("calls", |db, principal, ids| {
    use crate::node::Node;
    let Ok(scope) = CallScope::of(principal) else { return Ok(Vec::new()) };
    Ok(repo::calls_by_ids(db, &scope, ids).await?.into_iter().map(|r| (r.id, Node::Call(Call(r)))).collect())
});
