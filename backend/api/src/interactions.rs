//! Interactions: the customer's timeline across every channel. Who reads which entries is the
//! interactions domain's call (`crm_interactions::access`, with the service crate telling how
//! far the caller reaches the tickets, deals, quotes and orders they belong to:
//! `crm_service::access::interaction_scope`); the records an entry names are read through
//! each kind's scoped loader.

use crate::connection;
use crate::customers::loaders::CustomerById;
use crate::customers::{Contact, Customer};
use crate::identity::{PartnerById, PartnerOrganization, User, UserById};
use crate::live;
use crate::loaders::{ContactById, OpportunityById, OrderById, QuoteById, TicketById};
use crate::orders::Order;
use crate::payload;
use crate::pipeline::Opportunity;
use crate::quotes::Quote;
use crate::request::loader;
use crate::service::Ticket;
use crate::{app, caller};
use async_graphql::futures_util::stream::{Stream, StreamExt};
use async_graphql::{Context, Object, Result, SimpleObject, Subscription, ID};
use chrono::{DateTime, Utc};
use crm_core::context::AppContext;
use crm_core::error::AppError;
use crm_core::event_log::{Event, Follow, INTERACTION};
use crm_core::filters::parse_id;
use crm_core::pagination::PageRequest;
use crm_core::visible::Visible;
use crm_customers::access::CustomerScope;
use crm_customers::repo;
use crm_interactions::domain::{InteractionChannel, InteractionDirection, InteractionKind};
use crm_interactions::entity::interaction;
use crm_interactions::inputs::{LogInteractionInput, TimelineFilter};
use crm_interactions::service;
use crm_service::access::interaction_scope;
use uuid::Uuid;

/// One contact between the company and a customer, in any channel: a call, a meeting, a
/// visit, an email, a ticket and its replies, a quote sent, an order placed, a survey answer.
#[derive(Clone)]
pub struct Interaction(Visible<interaction::Model>);

/// One contact between the company and a customer, in any channel: a call, a meeting, a
/// visit, an email, a ticket and its replies, a quote sent, an order placed, a survey answer.
#[Object]
impl Interaction {
    /// Unique id (UUIDv7).
    pub async fn id(&self) -> ID {
        ID(self.0.id.to_string())
    }
    /// What happened.
    async fn kind(&self) -> InteractionKind {
        self.0.kind
    }
    /// Through which channel.
    async fn channel(&self) -> InteractionChannel {
        self.0.channel
    }
    /// Who reached out to whom.
    async fn direction(&self) -> InteractionDirection {
        self.0.direction
    }
    /// What it was about: what the person logging it wrote; for the modules' entries the
    /// record's number and title or amount ("T-2026-000123 · The invoice is wrong").
    async fn subject(&self) -> &str {
        &self.0.subject
    }
    /// What was said or written (a message's text, a call's notes).
    async fn summary(&self) -> Option<&str> {
        self.0.summary.as_deref()
    }
    /// How it ended: free text for what people log; for the modules' entries an API value
    /// (a quote's ACCEPTED or REJECTED, an order's status, a call's outcome) or a score ("4/5").
    async fn outcome(&self) -> Option<&str> {
        self.0.outcome.as_deref()
    }
    /// When it started (or happened).
    async fn started_at(&self) -> DateTime<Utc> {
        self.0.started_at
    }
    /// When it ended.
    async fn ended_at(&self) -> Option<DateTime<Utc>> {
        self.0.ended_at
    }
    /// Among the company's people only: never shown to customers, partners or API keys.
    async fn internal(&self) -> bool {
        self.0.internal
    }
    /// The customer.
    async fn customer(&self, ctx: &Context<'_>) -> Result<Option<Customer>> {
        Ok(loader::<CustomerById>(ctx)?.load_one(self.0.customer_id).await?.map(Customer::from))
    }
    /// The customer's person it was with.
    async fn contact(&self, ctx: &Context<'_>) -> Result<Option<Contact>> {
        let Some(id) = self.0.contact_id else { return Ok(None) };
        Ok(loader::<ContactById>(ctx)?.load_one(id).await?.map(Contact::from))
    }
    /// The company's person in it.
    async fn staff_user(&self, ctx: &Context<'_>) -> Result<Option<User>> {
        let Some(key) = self.0.seen(|r| r.staff_user_id) else { return Ok(None) };
        Ok(loader::<UserById>(ctx)?.load_one(key).await?.map(User::from))
    }
    /// The partner organisation in it (its users logged it, or it sells to the customer).
    async fn partner(&self, ctx: &Context<'_>) -> Result<Option<PartnerOrganization>> {
        let Some(key) = self.0.seen(|r| r.partner_id) else { return Ok(None) };
        Ok(loader::<PartnerById>(ctx)?.load_one(key).await?.map(PartnerOrganization::from))
    }
    /// The person who logged it; none when a module of the CRM recorded it or an integration
    /// logged it.
    async fn logged_by(&self, ctx: &Context<'_>) -> Result<Option<User>> {
        let Some(key) = self.0.seen(|r| r.logged_by_id) else { return Ok(None) };
        Ok(loader::<UserById>(ctx)?.load_one(key).await?.map(User::from))
    }
    /// The ticket it belongs to.
    async fn ticket(&self, ctx: &Context<'_>) -> Result<Option<Ticket>> {
        let Some(id) = self.0.ticket_id else { return Ok(None) };
        Ok(loader::<TicketById>(ctx)?.load_one(id).await?.map(Ticket::from))
    }
    /// The opportunity it belongs to.
    async fn opportunity(&self, ctx: &Context<'_>) -> Result<Option<Opportunity>> {
        let Some(id) = self.0.opportunity_id else { return Ok(None) };
        Ok(loader::<OpportunityById>(ctx)?.load_one(id).await?.map(Opportunity::from))
    }
    /// The quote it belongs to.
    async fn quote(&self, ctx: &Context<'_>) -> Result<Option<Quote>> {
        let Some(id) = self.0.quote_id else { return Ok(None) };
        Ok(loader::<QuoteById>(ctx)?.load_one(id).await?.map(Quote::from))
    }
    /// The order it belongs to.
    async fn order(&self, ctx: &Context<'_>) -> Result<Option<Order>> {
        let Some(id) = self.0.order_id else { return Ok(None) };
        Ok(loader::<OrderById>(ctx)?.load_one(id).await?.map(Order::from))
    }
    /// When it was written down.
    async fn created_at(&self) -> DateTime<Utc> {
        self.0.created_at
    }
}

connection!(InteractionConnection, InteractionEdge, Interaction, interaction::Entity, "interactions", live_position);
payload!(LogInteractionPayload, interaction, Interaction, "Result of logInteraction.");

/// Customer `customer_id`'s timeline as the caller reads it (`Customer.timeline`).
pub(crate) async fn timeline_of(
    ctx: &Context<'_>,
    customer_id: Uuid,
    page: PageRequest,
    filter: Option<TimelineFilter>,
) -> Result<InteractionConnection> {
    let scope = interaction_scope(&caller(ctx)?.principal)?;
    let app = app(ctx)?;
    // Before the read: every entry up to this position is committed, so in the page.
    let live_position = app.db.feed().head();
    let (page, all) = service::timeline(&app.db.read, &scope, customer_id, &filter.unwrap_or_default(), &page).await?;
    Ok(InteractionConnection { live_position, ..InteractionConnection::new(page, all, Interaction) })
}

/// An entry added to a customer's timeline, with its position in the event log.
#[derive(SimpleObject)]
pub struct TimelineEvent {
    /// The event's position: subscribe again after it (`timeline(customerId, after)`) to
    /// receive every entry added since, none missed.
    position: String,
    /// The entry.
    interaction: Interaction,
}

#[derive(Default)]
pub struct InteractionSubscription;

#[Subscription]
impl InteractionSubscription {
    /// Each entry added to customer `customerId`'s timeline that the caller reads, as it is
    /// recorded, in any channel, through any server, in order. With `after` (a `position` this
    /// stream gave, or the timeline's `livePosition`), the entries added since come first, none
    /// missed and none twice (BAD_USER_INPUT `RESYNC_REQUIRED` when they are older than the
    /// event log keeps: read the timeline again). Whoever reads the customer's timeline; over
    /// `/graphql/ws` (graphql-transport-ws), opened with `{"authorization": "Bearer <token>"}`
    /// as the `connection_init` payload; the stream ends with UNAUTHENTICATED when the session
    /// ends. NOT_FOUND for a customer the caller does not see.
    async fn timeline(
        &self,
        ctx: &Context<'_>,
        customer_id: ID,
        after: Option<String>,
    ) -> Result<impl Stream<Item = Result<TimelineEvent>>> {
        let caller = caller(ctx)?;
        let scope = interaction_scope(&caller.principal)?;
        let customer_id = parse_id(&customer_id, "customerId")?;
        let customers = CustomerScope::of(&caller.principal)?;
        repo::find_customer(&app(ctx)?.db.read, &customers, customer_id).await?.ok_or(AppError::NotFound("customer"))?;
        let follow = Follow { customer_id: Some(customer_id), record_id: None, kinds: vec![INTERACTION] };
        let heard =
            live::followed(ctx, after, follow, "follow a timeline (over /graphql/ws)", move |app: AppContext, events: Vec<Event>| {
                let scope = scope.clone();
                async move {
                    let ids: Vec<Uuid> = events.iter().map(|event| event.record_id).collect();
                    let found =
                        service::by_ids(&app.db.read, &scope, &ids).await?.into_iter().map(|row| (row.id, Interaction(row))).collect();
                    Ok(live::each(&events, found))
                }
            })
            .await?;
        Ok(heard.map(|heard| heard.map(|heard| TimelineEvent { position: live::position_text(heard.position), interaction: heard.record })))
    }
}

#[derive(Default)]
pub struct InteractionMutation;

#[Object]
impl InteractionMutation {
    /// Logs a call, meeting, visit, email or message that happened with a customer the caller
    /// sees, optionally about one of its tickets, deals, quotes or orders. Staff (not analysts;
    /// internal by default), partner users (for their organisation's customers) and API keys
    /// with `interactions:write`.
    async fn log_interaction(&self, ctx: &Context<'_>, input: LogInteractionInput) -> Result<LogInteractionPayload> {
        let caller = caller(ctx)?;
        let scope = interaction_scope(&caller.principal)?;
        Ok(LogInteractionPayload { interaction: Interaction(service::log(app(ctx)?, caller, &scope, input).await?) })
    }
}

crate::node_lookup!("interactions", |db, principal, ids| {
    use crate::node::Node;
    let Ok(scope) = interaction_scope(principal) else { return Ok(Vec::new()) };
    Ok(service::by_ids(db, &scope, ids).await?.into_iter().map(|r| (r.id, Node::Interaction(Interaction(r)))).collect())
});
