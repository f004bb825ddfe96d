//! Routing of the service desk: the desk's people with their presence, capacity, skills and
//! load; who works which queue; the agent's own presence; and the managers' bulk
//! reassignment. The rules are `crm_service::routing`'s.

use crate::identity::{User, UserById};
use crate::request::{loader, RequestLoader};
use crate::service::{CalendarById, ServiceCalendar, ServiceQueue, Ticket};
use crate::{app, caller};
use async_graphql::dataloader::Loader;
use async_graphql::{Context, Object, Result, SimpleObject};
use chrono::{DateTime, Utc};
use crm_core::context::AppContext;
use crm_core::db::Db;
use crm_core::error::AppError;
use crm_core::principal::Principal;
use crm_core::visible::{Seen, Visible};
use crm_service::access::service_setup_read;
use crm_service::domain::AgentPresence;
use crm_service::entity::{service_queue, service_queue_member};
use crm_service::inputs::{ReassignTicketsInput, UpdateServiceAgentInput};
use crm_service::routing::{self, AgentView};
use crm_service::tickets;
use std::collections::HashMap;

/// A person of the service desk as routing sees them: whether they take tickets now, how
/// many they work at once and which skills they have, their open work and their queues.
pub struct ServiceAgent(AgentView);

/// A person of the service desk as routing sees them: whether they take tickets now, how
/// many they work at once and which skills they have, their open work and their queues.
#[Object]
impl ServiceAgent {
    /// The user (also the id to update the profile with).
    async fn user(&self) -> User {
        User::from(self.0.user.clone())
    }
    /// Whether they take new tickets now; only AVAILABLE agents are routed tickets.
    async fn presence(&self) -> AgentPresence {
        self.0.presence()
    }
    /// Since when (null: never set).
    async fn presence_since(&self) -> Option<DateTime<Utc>> {
        self.0.profile.as_ref().map(|row| row.presence_since)
    }
    /// The most NEW and OPEN tickets routing assigns them at once.
    async fn capacity(&self) -> i32 {
        self.0.capacity()
    }
    /// Their NEW and OPEN tickets now.
    async fn open_tickets(&self) -> i64 {
        self.0.load
    }
    /// The languages they answer in (`en`, `it`).
    async fn languages(&self) -> Vec<String> {
        self.0.profile.as_ref().map(routing::languages).unwrap_or_default()
    }
    /// The ticket categories they handle.
    async fn categories(&self) -> Vec<String> {
        self.0.profile.as_ref().map(routing::categories).unwrap_or_default()
    }
    /// The calendar of their working hours: their notifications wait for them. Null: their
    /// tickets' queue's calendar applies.
    async fn calendar(&self, ctx: &Context<'_>) -> Result<Option<ServiceCalendar>> {
        // The calendar is named by the profile of a person the caller sees.
        let Some(key) = self.0.user.seen(|_| self.0.profile.as_ref().and_then(|row| row.calendar_id)) else { return Ok(None) };
        Ok(loader::<CalendarById>(ctx)?.load_one(key).await?.map(ServiceCalendar))
    }
    /// The queues they work, by name.
    async fn queues(&self) -> Vec<ServiceQueue> {
        self.0.queues.iter().cloned().map(ServiceQueue::from).collect()
    }
    /// Their phone extension: calls ringing there pop on their screen (`myCalls`).
    async fn extension(&self) -> Option<&str> {
        self.0.profile.as_ref().and_then(|row| row.extension.as_deref())
    }
    /// When routing last gave them a ticket.
    async fn last_assigned_at(&self) -> Option<DateTime<Utc>> {
        self.0.profile.as_ref().and_then(|row| row.last_assigned_at)
    }
    /// Increases with every change of capacity or skills; 0 until the first. Send it back with
    /// updates.
    async fn version(&self) -> i32 {
        self.0.version()
    }
}

/// Result of a change to an agent's profile or presence.
#[derive(SimpleObject)]
pub struct ServiceAgentPayload {
    /// The agent as saved.
    pub agent: ServiceAgent,
}

/// Result of reassignTickets.
#[derive(SimpleObject)]
pub struct ReassignTicketsPayload {
    /// How many tickets moved.
    pub count: i32,
    /// The tickets as saved.
    pub tickets: Vec<Ticket>,
}

/// The members of each visible queue.
pub struct MembersOfQueue {
    db: Db,
}

impl RequestLoader for MembersOfQueue {
    fn new(app: &AppContext, _: Option<&Principal>) -> Self {
        Self { db: app.db.clone() }
    }
}

impl Loader<Seen<service_queue::Model>> for MembersOfQueue {
    type Value = Vec<Visible<service_queue_member::Model>>;
    type Error = async_graphql::Error;

    async fn load(&self, keys: &[Seen<service_queue::Model>]) -> Result<HashMap<Seen<service_queue::Model>, Self::Value>, Self::Error> {
        let ids: Vec<uuid::Uuid> = keys.iter().map(Seen::id).collect();
        Ok(Seen::group(keys, routing::members_of(&self.db.read, &ids).await?, |row| row.queue_id))
    }
}

/// The members of a visible queue, as users.
pub(crate) async fn members(ctx: &Context<'_>, queue: Seen<service_queue::Model>) -> Result<Vec<User>> {
    let members = loader::<MembersOfQueue>(ctx)?.load_one(queue).await?.unwrap_or_default();
    let keys: Vec<Seen<_>> = members.iter().filter_map(|member| member.seen(|row| Some(row.user_id))).collect();
    let users = loader::<UserById>(ctx)?.load_many(keys.iter().copied()).await?;
    Ok(keys.iter().filter_map(|key| users.get(key).cloned().map(User::from)).collect())
}

/// The desk user `user_id`'s view (after a change of theirs).
async fn one_agent(ctx: &Context<'_>, user_id: uuid::Uuid) -> Result<ServiceAgent> {
    let read = service_setup_read(&caller(ctx)?.principal)?;
    let view = routing::agents(&app(ctx)?.db.write, &read, Some(user_id)).await?.pop().ok_or(AppError::NotFound("service agent"))?;
    Ok(ServiceAgent(view))
}

#[derive(Default)]
pub struct RoutingQuery;

#[Object]
impl RoutingQuery {
    /// The service desk's people (agents, service managers, admins) with their presence,
    /// capacity, skills, open tickets and queues, by name. Staff and `service:read` keys.
    async fn service_agents(&self, ctx: &Context<'_>) -> Result<Vec<ServiceAgent>> {
        let read = service_setup_read(&caller(ctx)?.principal)?;
        Ok(routing::agents(&app(ctx)?.db.read, &read, None).await?.into_iter().map(ServiceAgent).collect())
    }

    /// The caller's own routing profile; null for whoever is not of the service desk.
    async fn my_service_agent(&self, ctx: &Context<'_>) -> Result<Option<ServiceAgent>> {
        let principal = &caller(ctx)?.principal;
        let (Some(user_id), Ok(read)) = (principal.user_id(), service_setup_read(principal)) else { return Ok(None) };
        Ok(routing::agents(&app(ctx)?.db.read, &read, Some(user_id)).await?.pop().map(ServiceAgent))
    }
}

#[derive(Default)]
pub struct RoutingMutation;

#[Object]
impl RoutingMutation {
    /// Sets the caller's own presence (the service desk). AVAILABLE puts them in their queues'
    /// round robin at once: tickets waiting there are handed out before this returns.
    async fn set_my_presence(&self, ctx: &Context<'_>, presence: AgentPresence) -> Result<ServiceAgentPayload> {
        let caller = caller(ctx)?;
        routing::set_presence(app(ctx)?, caller, presence).await?;
        let user_id = caller.principal.user_id().ok_or(AppError::Forbidden("set a presence (the service desk)"))?;
        Ok(ServiceAgentPayload { agent: one_agent(ctx, user_id).await? })
    }

    /// Changes an agent's capacity and skills (admins, service managers).
    async fn update_service_agent(&self, ctx: &Context<'_>, input: UpdateServiceAgentInput) -> Result<ServiceAgentPayload> {
        let saved = routing::update_agent(app(ctx)?, caller(ctx)?, input).await?;
        Ok(ServiceAgentPayload { agent: one_agent(ctx, saved.user_id).await? })
    }

    /// Moves tickets in one write (admins, service managers): the ones named, or every
    /// unresolved ticket of one agent, to another agent, or back to their queue (which routes
    /// them when it routes), optionally into another queue. All or none.
    async fn reassign_tickets(&self, ctx: &Context<'_>, input: ReassignTicketsInput) -> Result<ReassignTicketsPayload> {
        let moved = tickets::reassign(app(ctx)?, caller(ctx)?, input).await?;
        Ok(ReassignTicketsPayload { count: moved.len() as i32, tickets: moved.into_iter().map(Ticket::from).collect() })
    }
}
