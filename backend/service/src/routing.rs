//! Routing: who works which queue, whether they take tickets now, how many at once and with
//! which skills, and the choice of the agent a new ticket goes to.
//!
//! A queue routes MANUAL (tickets wait to be taken), ROUND_ROBIN (to the member who has waited
//! longest for a ticket, among the AVAILABLE ones under their capacity) or by SKILLS (the same,
//! among the members who speak the ticket's language and handle its category). The load an
//! agent's capacity is measured against is their NEW and OPEN tickets: work waiting on the
//! customer or a third party does not keep them from new tickets.
//!
//! A ticket is routed when it is opened or moved to another queue unassigned; tickets nobody
//! could take then wait, and [`route_waiting`] hands them out when an agent becomes available
//! and, for the capacity that resolutions free, every minute with the SLA job. Several servers
//! may run it at once: each assignment is a versioned write of the ticket, so two servers
//! cannot both assign it.

#![allow(clippy::disallowed_methods)]

use crate::access::{service_settings, ticket_write, ServiceSetupRead};
use crate::domain::{ticket_category, AgentPresence, QueueRouting, TicketStatus};
use crate::entity::{service_agent, service_queue, service_queue_member, ticket};
use crate::inputs::UpdateServiceAgentInput;
use chrono::{DateTime, Utc};
use crm_core::audit::{self, AuditAction, Diff, Subject};
use crm_core::context::AppContext;
use crm_core::error::{AppError, AppResult, InputReason};
use crm_core::filters::parse_id;
use crm_core::principal::{Caller, Principal, StaffRole};
use crm_core::versioned::{self, Change};
use crm_core::visible::Visible;
use crm_identity::entity::user;
use crm_identity::users::{active_staff_ids, active_staff_in, ensure_active_staff_in};
use sea_orm::sea_query::{Expr, OnConflict};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, FromQueryResult, IntoActiveModel, QueryFilter, QueryOrder, QuerySelect,
    TransactionTrait,
};
use std::collections::HashMap;
use uuid::Uuid;

/// The roles of the service desk: the people queues are made of.
pub const DESK_ROLES: [StaffRole; 3] = [StaffRole::ServiceAgent, StaffRole::ServiceManager, StaffRole::Admin];

/// The capacity of an agent nobody has set one for.
pub const DEFAULT_CAPACITY: i32 = 8;

/// The statuses that count towards an agent's load.
pub const LOAD_STATUSES: [TicketStatus; 2] = [TicketStatus::New, TicketStatus::Open];

/// The most tickets one pass of [`route_waiting`] hands out per queue (the next takes the rest).
const BATCH: u64 = 200;

/// One agent as routing weighs them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Candidate {
    pub user_id: Uuid,
    pub capacity: i32,
    /// Their NEW and OPEN tickets.
    pub load: i64,
    pub languages: Vec<String>,
    pub categories: Vec<String>,
    pub last_assigned_at: Option<DateTime<Utc>>,
}

impl Candidate {
    fn qualifies(&self, routing: QueueRouting, category: Option<&str>, language: Option<&str>) -> bool {
        let skilled = |have: &[String], need: Option<&str>| need.is_none_or(|need| have.iter().any(|skill| skill == need));
        self.load < i64::from(self.capacity)
            && match routing {
                QueueRouting::Manual => false,
                QueueRouting::RoundRobin => true,
                QueueRouting::Skills => skilled(&self.categories, category) && skilled(&self.languages, language),
            }
    }
}

/// The agent a ticket of `category` and `language` goes to: among the candidates who qualify,
/// the one who has waited longest for a ticket (never given one: first), by id on a tie.
pub fn choose(routing: QueueRouting, candidates: &[Candidate], category: Option<&str>, language: Option<&str>) -> Option<Uuid> {
    candidates
        .iter()
        .filter(|candidate| candidate.qualifies(routing, category, language))
        .min_by_key(|candidate| (candidate.last_assigned_at, candidate.user_id))
        .map(|candidate| candidate.user_id)
}

fn json_list(raw: &str) -> Vec<String> {
    serde_json::from_str(raw).unwrap_or_default()
}

/// The languages an agent answers in.
pub fn languages(row: &service_agent::Model) -> Vec<String> {
    json_list(&row.languages)
}

/// The ticket categories an agent handles.
pub fn categories(row: &service_agent::Model) -> Vec<String> {
    json_list(&row.categories)
}

/// A two-letter ISO 639-1 code, in lower case (`IT` is `it`).
pub fn language_code(raw: &str, field: &str) -> AppResult<String> {
    let code = raw.trim().to_ascii_lowercase();
    if code.len() == 2 && code.bytes().all(|b| b.is_ascii_lowercase()) {
        Ok(code)
    } else {
        Err(AppError::invalid(field, InputReason::UnknownLanguage { value: raw.trim().to_owned() }))
    }
}

/// The NEW and OPEN tickets of each of `agents`.
async fn loads(db: &impl ConnectionTrait, agents: &[Uuid]) -> AppResult<HashMap<Uuid, i64>> {
    #[derive(FromQueryResult)]
    struct Load {
        assignee_id: Uuid,
        tickets: i64,
    }
    if agents.is_empty() {
        return Ok(HashMap::new());
    }
    let rows = ticket::Entity::find()
        .select_only()
        .column(ticket::Column::AssigneeId)
        .column_as(ticket::Column::Id.count(), "tickets")
        .filter(ticket::Column::AssigneeId.is_in(agents.iter().copied()))
        .filter(ticket::Column::Status.is_in(LOAD_STATUSES))
        .group_by(ticket::Column::AssigneeId)
        .into_model::<Load>()
        .all(db)
        .await?;
    Ok(rows.into_iter().map(|row| (row.assignee_id, row.tickets)).collect())
}

/// The members of `queue` who are available now, active, with their load.
async fn candidates(db: &impl ConnectionTrait, queue: Uuid) -> AppResult<Vec<Candidate>> {
    let members = sea_orm::sea_query::Query::select()
        .column(service_queue_member::Column::UserId)
        .from(service_queue_member::Entity)
        .and_where(service_queue_member::Column::QueueId.eq(queue))
        .to_owned();
    let agents = service_agent::Entity::find()
        .filter(service_agent::Column::Presence.eq(AgentPresence::Available))
        .filter(service_agent::Column::UserId.in_subquery(members))
        .filter(service_agent::Column::UserId.in_subquery(active_staff_ids()))
        .all(db)
        .await?;
    let ids: Vec<Uuid> = agents.iter().map(|agent| agent.user_id).collect();
    let loads = loads(db, &ids).await?;
    Ok(agents
        .into_iter()
        .map(|agent| Candidate {
            user_id: agent.user_id,
            capacity: agent.capacity,
            load: loads.get(&agent.user_id).copied().unwrap_or(0),
            languages: languages(&agent),
            categories: categories(&agent),
            last_assigned_at: agent.last_assigned_at,
        })
        .collect())
}

/// Whether some member of `queue` is available now (a live chat waits for one of them).
pub(crate) async fn anyone_available(db: &impl ConnectionTrait, queue: Uuid) -> AppResult<bool> {
    Ok(!candidates(db, queue).await?.is_empty())
}

/// Whether `agent` is available now (an active user whose presence is AVAILABLE).
pub(crate) async fn is_available(db: &impl ConnectionTrait, agent: Uuid) -> AppResult<bool> {
    let found = service_agent::Entity::find_by_id(agent)
        .filter(service_agent::Column::Presence.eq(AgentPresence::Available))
        .filter(service_agent::Column::UserId.in_subquery(active_staff_ids()))
        .one(db)
        .await?;
    Ok(found.is_some())
}

/// Records that `agent` was given a ticket at `now` (the round robin's turn).
async fn mark_assigned(txn: &impl ConnectionTrait, agent: Uuid, now: DateTime<Utc>) -> AppResult<()> {
    service_agent::Entity::update_many()
        .col_expr(service_agent::Column::LastAssignedAt, Expr::value(now))
        .filter(service_agent::Column::UserId.eq(agent))
        .exec(txn)
        .await?;
    Ok(())
}

/// The agent `ticket` goes to in its queue, if the queue routes and someone other than `except`
/// qualifies, marked as given a ticket: part of the caller's write of the ticket.
pub(crate) async fn route(
    txn: &impl ConnectionTrait,
    ticket: &ticket::Model,
    except: Option<Uuid>,
    now: DateTime<Utc>,
) -> AppResult<Option<Uuid>> {
    let Some(queue) = service_queue::Entity::find_by_id(ticket.queue_id).one(txn).await? else { return Ok(None) };
    if queue.routing == QueueRouting::Manual {
        return Ok(None);
    }
    let mut candidates = candidates(txn, queue.id).await?;
    candidates.retain(|candidate| Some(candidate.user_id) != except);
    let chosen = choose(queue.routing, &candidates, ticket.category.as_deref(), ticket.language.as_deref());
    if let Some(agent) = chosen {
        mark_assigned(txn, agent, now).await?;
    }
    Ok(chosen)
}

/// Hands the tickets waiting unassigned in routing queues to the agents available for them,
/// the ones falling due first first; returns how many were assigned.
pub async fn route_waiting(ctx: &AppContext, now: DateTime<Utc>) -> AppResult<usize> {
    let queues = service_queue::Entity::find()
        .filter(service_queue::Column::Routing.ne(QueueRouting::Manual))
        .filter(service_queue::Column::ArchivedAt.is_null())
        .all(&ctx.db.read)
        .await?;
    let mut assigned = 0;
    for queue in queues {
        let mut waiting = ticket::Entity::find()
            .filter(ticket::Column::QueueId.eq(queue.id))
            .filter(ticket::Column::AssigneeId.is_null())
            .filter(ticket::Column::Status.is_in(LOAD_STATUSES))
            .order_by_asc(ticket::Column::Id)
            .limit(BATCH)
            .all(&ctx.db.read)
            .await?;
        if waiting.is_empty() {
            continue;
        }
        // What falls due first goes first; tickets without a running clock after, oldest first.
        waiting.sort_by_key(|row| (row.sla_due_at.is_none(), row.sla_due_at, row.id));
        let mut candidates = candidates(&ctx.db.read, queue.id).await?;
        for row in waiting {
            let Some(agent) = choose(queue.routing, &candidates, row.category.as_deref(), row.language.as_deref()) else { continue };
            match assign_waiting(ctx, row.id, agent, now).await {
                Ok(true) => {
                    assigned += 1;
                    if let Some(candidate) = candidates.iter_mut().find(|candidate| candidate.user_id == agent) {
                        candidate.load += 1;
                        candidate.last_assigned_at = Some(now);
                    }
                }
                Ok(false) => {}
                Err(error) => tracing::warn!(?error, ticket = %row.id, "ticket not routed; the next pass tries again"),
            }
        }
    }
    Ok(assigned)
}

/// Assigns one waiting ticket to `agent` if it still waits, as the router (audited).
async fn assign_waiting(ctx: &AppContext, id: Uuid, agent: Uuid, now: DateTime<Utc>) -> AppResult<bool> {
    let txn = ctx.db.write.begin().await?;
    let Some(current) = ticket::Entity::find_by_id(id).one(&txn).await? else { return Ok(false) };
    if current.assignee_id.is_some() || !LOAD_STATUSES.contains(&current.status) {
        return Ok(false);
    }
    let caller = Caller::system("routing");
    let right = ticket_write(&caller.principal, &current)?;
    let mut next = current.clone();
    next.assignee_id = Some(agent);
    let mut diff = Diff::new();
    diff.field("assigneeId", &current.assignee_id, &next.assignee_id);
    versioned::save::<ticket::Entity>(&txn, &right, &caller, now, AuditAction::Update, Change { current: &current, next, diff }).await?;
    mark_assigned(&txn, agent, now).await?;
    txn.commit().await?;
    Ok(true)
}

/// An agent's routing profile with what routing knows of them now.
pub struct AgentView {
    pub user: Visible<user::Model>,
    /// None: never set (OFFLINE, default capacity, no skills).
    pub profile: Option<service_agent::Model>,
    /// Their NEW and OPEN tickets.
    pub load: i64,
    /// The queues they work, by name.
    pub queues: Vec<Visible<service_queue::Model>>,
}

impl AgentView {
    pub fn presence(&self) -> AgentPresence {
        self.profile.as_ref().map_or(AgentPresence::Offline, |row| row.presence)
    }
    pub fn capacity(&self) -> i32 {
        self.profile.as_ref().map_or(DEFAULT_CAPACITY, |row| row.capacity)
    }
    pub fn version(&self) -> i32 {
        self.profile.as_ref().map_or(0, |row| row.version)
    }
}

/// The service desk's people (`only`: one of them) with their profiles, loads and queues, by
/// name; five statements whatever their number.
pub async fn agents(db: &impl ConnectionTrait, _: &ServiceSetupRead, only: Option<Uuid>) -> AppResult<Vec<AgentView>> {
    let mut users = active_staff_in(db, &DESK_ROLES).await?;
    if let Some(only) = only {
        users.retain(|user| user.id == only);
    }
    let ids: Vec<Uuid> = users.iter().map(|user| user.id).collect();
    let mut profiles: HashMap<Uuid, service_agent::Model> = service_agent::Entity::find()
        .filter(service_agent::Column::UserId.is_in(ids.iter().copied()))
        .all(db)
        .await?
        .into_iter()
        .map(|row| (row.user_id, row))
        .collect();
    let active_queues: HashMap<Uuid, service_queue::Model> = service_queue::Entity::find()
        .filter(service_queue::Column::ArchivedAt.is_null())
        .order_by_asc(service_queue::Column::Name)
        .all(db)
        .await?
        .into_iter()
        .map(|row| (row.id, row))
        .collect();
    let mut queues: HashMap<Uuid, Vec<Visible<service_queue::Model>>> = HashMap::new();
    for member in
        service_queue_member::Entity::find().filter(service_queue_member::Column::UserId.is_in(ids.iter().copied())).all(db).await?
    {
        if let Some(queue) = active_queues.get(&member.queue_id) {
            queues.entry(member.user_id).or_default().push(Visible::vouched(queue.clone()));
        }
    }
    for list in queues.values_mut() {
        list.sort_by(|a, b| a.name.cmp(&b.name));
    }
    let loads = loads(db, &ids).await?;
    Ok(users
        .into_iter()
        .map(|user| AgentView {
            profile: profiles.remove(&user.id),
            load: loads.get(&user.id).copied().unwrap_or(0),
            queues: queues.remove(&user.id).unwrap_or_default(),
            user,
        })
        .collect())
}

/// A desk user's own presence: AVAILABLE puts them in the round robin of their queues at once
/// (the tickets waiting there are handed out before this returns).
pub async fn set_presence(ctx: &AppContext, caller: &Caller, presence: AgentPresence) -> AppResult<AgentPresence> {
    let user_id = match &caller.principal {
        Principal::Staff { user_id, role, .. } if DESK_ROLES.contains(role) => *user_id,
        _ => return Err(AppError::Forbidden("set a presence (the service desk)")),
    };
    let now = ctx.clock.now();
    let row = fresh_profile(user_id, presence, now);
    // Presence is a state, not a record: it is neither versioned nor audited, and an unchanged
    // presence keeps its time.
    let txn = ctx.db.write.begin().await?;
    let current = service_agent::Entity::find_by_id(user_id).one(&txn).await?;
    match current {
        Some(current) if current.presence == presence => {}
        Some(_) => {
            service_agent::Entity::update_many()
                .col_expr(service_agent::Column::Presence, Expr::value(presence))
                .col_expr(service_agent::Column::PresenceSince, Expr::value(now))
                .filter(service_agent::Column::UserId.eq(user_id))
                .exec(&txn)
                .await?;
        }
        None => {
            service_agent::Entity::insert(row.into_active_model())
                .on_conflict(
                    OnConflict::column(service_agent::Column::UserId)
                        .update_columns([service_agent::Column::Presence, service_agent::Column::PresenceSince])
                        .to_owned(),
                )
                .exec(&txn)
                .await?;
        }
    }
    txn.commit().await?;
    if presence == AgentPresence::Available {
        route_waiting(ctx, now).await?;
    }
    Ok(presence)
}

/// The profile of a desk user nobody has set one for.
fn fresh_profile(user_id: Uuid, presence: AgentPresence, now: DateTime<Utc>) -> service_agent::Model {
    service_agent::Model {
        user_id,
        presence,
        presence_since: now,
        capacity: DEFAULT_CAPACITY,
        languages: "[]".into(),
        categories: "[]".into(),
        last_assigned_at: None,
        extension: None,
        calendar_id: None,
        created_at: now,
        updated_at: now,
        version: 1,
    }
}

fn capacity(raw: i32) -> AppResult<i32> {
    if (1..=200).contains(&raw) {
        Ok(raw)
    } else {
        Err(AppError::invalid("capacity", InputReason::OutOfRange { min: 1, max: 200 }))
    }
}

/// A list of skills, each normalised by `one`, without repeats, at most `max`.
fn skills(raw: &[String], max: usize, field: &str, one: impl Fn(&str, &str) -> AppResult<String>) -> AppResult<String> {
    if raw.len() > max {
        return Err(AppError::invalid(field, InputReason::TooMany { max }));
    }
    let mut list: Vec<String> = Vec::with_capacity(raw.len());
    for (i, item) in raw.iter().enumerate() {
        let skill = one(item, &format!("{field}[{i}]"))?;
        if !list.contains(&skill) {
            list.push(skill);
        }
    }
    list.sort();
    Ok(serde_json::to_string(&list).unwrap_or_else(|_| "[]".into()))
}

fn category_skill(raw: &str, field: &str) -> AppResult<String> {
    ticket_category(Some(raw), field)?.ok_or_else(|| AppError::invalid(field, InputReason::Blank))
}

/// Changes an agent's capacity and skills (admins, service managers). The first change
/// creates the profile (version 0 before it).
pub async fn update_agent(ctx: &AppContext, caller: &Caller, input: UpdateServiceAgentInput) -> AppResult<Visible<service_agent::Model>> {
    let right = service_settings(&caller.principal)?;
    let user_id = parse_id(&input.user_id, "userId")?;
    let now = ctx.clock.now();
    let txn = ctx.db.write.begin().await?;
    ensure_active_staff_in(&txn, &[user_id], &DESK_ROLES, "userId", "not an active member of the service desk").await?;
    let (current, exists) = match service_agent::Entity::find_by_id(user_id).one(&txn).await? {
        Some(row) => (versioned::at_version::<service_agent::Entity>(row, input.version)?, true),
        None if input.version == 0 => (fresh_profile(user_id, AgentPresence::Offline, now), false),
        None => return Err(AppError::stale("service agent")),
    };
    let mut next = current.clone();
    if let Some(raw) = input.capacity {
        next.capacity = capacity(raw)?;
    }
    if let Some(raw) = &input.languages {
        next.languages = skills(raw, 10, "languages", language_code)?;
    }
    if let Some(raw) = &input.categories {
        next.categories = skills(raw, 20, "categories", category_skill)?;
    }
    if let Some(raw) = &input.extension {
        next.extension = crate::calls::extension(raw)?;
        if let Some(extension) = &next.extension {
            ensure_extension_free(&txn, extension, user_id).await?;
        }
    }
    if let Some(id) = &input.calendar_id {
        next.calendar_id = crate::setup::calendar_ref(&txn, id, "calendarId").await?;
    }
    let mut diff = Diff::new();
    diff.field("capacity", &current.capacity, &next.capacity)
        .field("languages", &languages(&current), &languages(&next))
        .field("categories", &categories(&current), &categories(&next))
        .field("extension", &current.extension, &next.extension)
        .field("calendarId", &current.calendar_id, &next.calendar_id);
    let saved = if !exists {
        let created = next.into_active_model().reset_all().insert(&txn).await?;
        audit::record(&txn, caller, now, AuditAction::Create, Subject::ServiceAgent(user_id), diff).await?;
        created
    } else if diff.is_empty() {
        current
    } else {
        versioned::save::<service_agent::Entity>(&txn, &right, caller, now, AuditAction::Update, Change { current: &current, next, diff })
            .await?
    };
    txn.commit().await?;
    Visible::written(saved, &right)
}

/// Refuses an extension another person of the desk already has.
async fn ensure_extension_free(db: &impl ConnectionTrait, extension: &str, user_id: Uuid) -> AppResult<()> {
    let holder = service_agent::Entity::find()
        .filter(service_agent::Column::Extension.eq(extension))
        .filter(service_agent::Column::UserId.ne(user_id))
        .one(db)
        .await?;
    match holder {
        Some(_) => Err(AppError::invalid(
            "extension",
            InputReason::Duplicate { value: extension.to_owned() }.with_message("another person has this extension"),
        )),
        None => Ok(()),
    }
}

/// The agent whose extension is `extension`, if any.
pub async fn agent_at_extension(db: &impl ConnectionTrait, extension: &str) -> AppResult<Option<Uuid>> {
    Ok(service_agent::Entity::find().filter(service_agent::Column::Extension.eq(extension)).one(db).await?.map(|row| row.user_id))
}

/// The memberships of `queues` (read with the queues they belong to).
pub async fn members_of(db: &impl ConnectionTrait, queues: &[Uuid]) -> AppResult<Vec<Visible<service_queue_member::Model>>> {
    let rows = service_queue_member::Entity::find()
        .filter(service_queue_member::Column::QueueId.is_in(queues.iter().copied()))
        .order_by_asc(service_queue_member::Column::UserId)
        .all(db)
        .await?;
    Ok(Visible::vouched_all(rows))
}

/// The user ids of `queue`'s members, sorted.
pub(crate) async fn member_user_ids(db: &impl ConnectionTrait, queue: Uuid) -> AppResult<Vec<Uuid>> {
    Ok(members_of(db, &[queue]).await?.into_iter().map(|member| member.user_id).collect())
}

/// The member ids `raw` names, checked to be active people of the desk, sorted, no repeats.
pub(crate) async fn member_ids(db: &impl ConnectionTrait, raw: &[async_graphql::ID]) -> AppResult<Vec<Uuid>> {
    let mut ids = raw.iter().enumerate().map(|(i, id)| parse_id(id, &format!("memberIds[{i}]"))).collect::<AppResult<Vec<_>>>()?;
    ids.sort();
    ids.dedup();
    ensure_active_staff_in(db, &ids, &DESK_ROLES, "memberIds", "not an active member of the service desk").await?;
    Ok(ids)
}

/// Makes `members` the members of `queue` (inside the queue's write).
pub(crate) async fn replace_members(txn: &impl ConnectionTrait, queue: Uuid, members: &[Uuid], now: DateTime<Utc>) -> AppResult<()> {
    service_queue_member::Entity::delete_many().filter(service_queue_member::Column::QueueId.eq(queue)).exec(txn).await?;
    if members.is_empty() {
        return Ok(());
    }
    let rows = members.iter().map(|user_id| service_queue_member::Model { queue_id: queue, user_id: *user_id, created_at: now });
    service_queue_member::Entity::insert_many(rows.map(IntoActiveModel::into_active_model)).exec(txn).await?;
    Ok(())
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn agent(n: u128, load: i64, last: Option<u32>, languages: &[&str], categories: &[&str]) -> Candidate {
        Candidate {
            user_id: Uuid::from_u128(n),
            capacity: 2,
            load,
            languages: languages.iter().map(|s| s.to_string()).collect(),
            categories: categories.iter().map(|s| s.to_string()).collect(),
            last_assigned_at: last.map(|minute| Utc.with_ymd_and_hms(2026, 12, 1, 9, minute, 0).unwrap()),
        }
    }

    #[test]
    fn round_robin_goes_to_who_waited_longest_under_capacity() {
        let team = [agent(1, 0, Some(30), &[], &[]), agent(2, 1, Some(10), &[], &[]), agent(3, 2, None, &[], &[])];
        // 3 never had a ticket but is at capacity; 2 waited longer than 1.
        assert_eq!(choose(QueueRouting::RoundRobin, &team, None, None), Some(Uuid::from_u128(2)));
        let fresh = [agent(1, 0, Some(30), &[], &[]), agent(4, 0, None, &[], &[])];
        assert_eq!(choose(QueueRouting::RoundRobin, &fresh, None, None), Some(Uuid::from_u128(4)));
        assert_eq!(choose(QueueRouting::Manual, &fresh, None, None), None);
        assert_eq!(choose(QueueRouting::RoundRobin, &[agent(3, 2, None, &[], &[])], None, None), None);
    }

    #[test]
    fn skills_need_both_the_category_and_the_language_the_ticket_asks_for() {
        let team = [agent(1, 0, None, &["en"], &["billing"]), agent(2, 0, Some(5), &["en", "it"], &["billing", "hardware"])];
        assert_eq!(choose(QueueRouting::Skills, &team, Some("billing"), Some("it")), Some(Uuid::from_u128(2)));
        assert_eq!(choose(QueueRouting::Skills, &team, Some("billing"), Some("en")), Some(Uuid::from_u128(1)));
        assert_eq!(choose(QueueRouting::Skills, &team, Some("delivery"), None), None);
        // A ticket that asks for nothing goes to anyone, as in round robin.
        assert_eq!(choose(QueueRouting::Skills, &team, None, None), Some(Uuid::from_u128(1)));
    }

    #[test]
    fn language_codes_are_two_lower_case_letters() {
        assert_eq!(language_code(" IT ", "language").unwrap(), "it");
        assert!(language_code("ita", "language").is_err());
        assert!(language_code("e1", "language").is_err());
        let list = skills(&["it".into(), "EN".into(), "it".into()], 10, "languages", language_code).unwrap();
        assert_eq!(list, r#"["en","it"]"#);
        assert!(skills(&vec!["en".to_string(); 11], 10, "languages", language_code).is_err());
    }
}
