//! Tickets: opened from any channel, answered by the desk, waited on, resolved, reopened,
//! closed, each step moving the ticket's SLA clocks. This module is the repository of the
//! ticket tables.
//!
//! What counts as a response is explicit: the desk's REPLY meets the first-response and
//! next-response clocks; an internal NOTE and the customer's own messages never do. The
//! statuses that pause the clocks are the policy's (`pause_statuses`), not the code's.

#![allow(clippy::disallowed_methods)]

use crate::access::{service_settings, ticket_opener, ticket_write, Side, TicketScope, TicketWrite};
use crate::clocks::{Step, TicketClocks};
use crate::domain::{
    ticket_category, InteractionChannel, SlaTarget, TicketMessageKind, TicketOrderField, TicketPriority, TicketStatus, TicketStatusRules,
};
use crate::entity::{service_queue, sla_clock, sla_event, sla_policy, ticket, ticket_message, ticket_tag};
use crate::inputs::{
    AddTicketMessageInput, OpenTicketInput, ReassignTicketsInput, SetTicketStatusInput, TicketFilter, TicketOrder, UpdateTicketInput,
};
use crate::routing::{language_code, route};
use crate::setup::{active_queue, default_queue, policy_for, policy_pauses};
use crate::ticket_search;
use async_graphql::futures_util::{stream, StreamExt, TryStreamExt};
use async_graphql::ID;
use chrono::{DateTime, Datelike, Duration, Utc};
use crm_core::audit::{self, AuditAction, Diff, Subject};
use crm_core::clock::new_id_at;
use crm_core::context::AppContext;
use crm_core::error::{AppError, AppResult, InputReason};
use crm_core::event_log;
use crm_core::filters::parse_id;
use crm_core::filters::OrderDirection;
use crm_core::numbering::next_number;
use crm_core::pagination::{count_up_to, fetch_page, id_key, time_key, KeyKind, Keyset, Page, PageRequest, SortKey};
use crm_core::principal::{Caller, Principal};
use crm_core::values::{optional_text, required_text};
use crm_core::versioned::{self, Change};
use crm_core::visible::{Seen, Visible};
use crm_customers::access::CustomerScope;
use crm_customers::domain::{normalize_tags, Tags};
use crm_customers::repo::{customer_unscoped, find_customer, is_contact_of};
use crm_identity::users::ensure_active_staff;
use crm_sales::catalog::repo::product_by_id;
use crm_sales::orders::repo::order_unscoped;
use sea_orm::sea_query::{Expr, Query};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, Condition, ConnectionTrait, DatabaseTransaction, EntityTrait, IntoActiveModel, QueryFilter, QueryOrder,
    QuerySelect, Select, TransactionTrait,
};
use std::collections::HashMap;
use uuid::Uuid;

/// The event log's kind for a message on a ticket that its customer's side reads (a reply,
/// the customer's words); the ticket is the event's record.
pub const MESSAGE_EVENT: &str = "TICKET_MESSAGE";
/// The event log's kind for the desk's internal note on a ticket (followed by staff only).
pub const NOTE_EVENT: &str = "TICKET_NOTE";

/// The longest message, in characters.
pub const MAX_BODY: usize = 20_000;

/// By opening time (ids are UUIDv7, so by id).
struct ByOpening {
    descending: bool,
}

impl Keyset<ticket::Entity> for ByOpening {
    fn name(&self) -> String {
        format!("tickets_opened_{}", if self.descending { "desc" } else { "asc" })
    }
    fn keys(&self) -> Vec<SortKey<ticket::Column>> {
        vec![SortKey { column: ticket::Column::Id, descending: self.descending, kind: KeyKind::Id }]
    }
    fn values(&self, row: &ticket::Model) -> Vec<String> {
        vec![id_key(&row.id)]
    }
}

/// By the nearest time due, over the tickets that have one (a running clock).
struct ByDue {
    descending: bool,
}

impl Keyset<ticket::Entity> for ByDue {
    fn name(&self) -> String {
        format!("tickets_due_{}", if self.descending { "desc" } else { "asc" })
    }
    fn keys(&self) -> Vec<SortKey<ticket::Column>> {
        vec![
            SortKey { column: ticket::Column::SlaDueAt, descending: self.descending, kind: KeyKind::Time },
            SortKey { column: ticket::Column::Id, descending: self.descending, kind: KeyKind::Id },
        ]
    }
    fn values(&self, row: &ticket::Model) -> Vec<String> {
        vec![row.sla_due_at.as_ref().map(time_key).unwrap_or_default(), id_key(&row.id)]
    }
}

fn body(raw: &str) -> AppResult<String> {
    required_text(raw, MAX_BODY).map_err(|why| AppError::invalid("body", why))
}

fn subject(raw: &str) -> AppResult<String> {
    required_text(raw, 200).map_err(|why| AppError::invalid("subject", why))
}

fn desk_only(field: &str) -> AppError {
    AppError::invalid(field, InputReason::NotApplicable.with_message("only the service desk sets this"))
}

/// The customer a new ticket is for: one the caller sees (an integration with
/// `service:write` but no `customers:read` names it by id).
async fn ticket_customer(db: &impl ConnectionTrait, principal: &Principal, id: Option<&ID>) -> AppResult<Uuid> {
    let id = match (id, principal) {
        (Some(id), _) => parse_id(id, "customerId")?,
        (None, Principal::Customer { customer_id, .. }) => *customer_id,
        (None, _) => return Err(AppError::invalid("customerId", InputReason::Required)),
    };
    let found = match CustomerScope::of(principal) {
        Ok(scope) => find_customer(db, &scope, id).await?.map(|row| row.id),
        Err(_) => customer_unscoped(db, id).await?.map(|row| row.id),
    };
    found.ok_or_else(|| AppError::invalid("customerId", InputReason::UnknownReference))
}

async fn staff_assignee(db: &impl ConnectionTrait, id: &ID) -> AppResult<Option<Uuid>> {
    if id.is_empty() {
        return Ok(None);
    }
    let id = parse_id(id, "assigneeId")?;
    ensure_active_staff(db, &[id], "assigneeId").await?;
    Ok(Some(id))
}

/// The policy's target for `target`, in working minutes.
fn target_minutes(policy: &sla_policy::Model, target: SlaTarget) -> Option<i32> {
    match target {
        SlaTarget::FirstResponse => Some(policy.first_response_minutes),
        SlaTarget::NextResponse => policy.next_response_minutes,
        SlaTarget::Resolution => Some(policy.resolution_minutes),
    }
}

pub(crate) async fn policy_of(db: &impl ConnectionTrait, ticket: &ticket::Model) -> AppResult<Option<sla_policy::Model>> {
    match ticket.sla_policy_id {
        Some(id) => Ok(sla_policy::Entity::find_by_id(id).one(db).await?),
        None => Ok(None),
    }
}

pub async fn open(ctx: &AppContext, caller: &Caller, input: OpenTicketInput) -> AppResult<Visible<ticket::Model>> {
    let txn = ctx.db.write.begin().await?;
    let opened = open_in(&txn, caller, input, ctx.clock.now()).await?;
    txn.commit().await?;
    Ok(opened)
}

/// Opens a ticket inside the caller's transaction (a script's hand-off opens one in the same
/// change as the run's last step).
pub async fn open_in(
    txn: &DatabaseTransaction,
    caller: &Caller,
    input: OpenTicketInput,
    now: DateTime<Utc>,
) -> AppResult<Visible<ticket::Model>> {
    let opener = ticket_opener(&caller.principal)?;
    let desk = opener.side == Side::Desk;
    if !desk {
        if input.priority.is_some() {
            return Err(desk_only("priority"));
        }
        if input.queue_id.is_some() {
            return Err(desk_only("queueId"));
        }
        if input.assignee_id.is_some() {
            return Err(desk_only("assigneeId"));
        }
        if input.call_id.is_some() {
            return Err(desk_only("callId"));
        }
        if !input.tags.is_empty() {
            return Err(desk_only("tags"));
        }
    }
    let tags = ticket_tags(&input.tags)?;
    let call_id = input.call_id.as_ref().map(|id| parse_id(id, "callId")).transpose()?;
    let subject = subject(&input.subject)?;
    let description = required_text(&input.description, MAX_BODY).map_err(|why| AppError::invalid("description", why))?;
    let category = ticket_category(input.category.as_deref(), "category")?;
    let language = input.language.as_deref().map(|raw| language_code(raw, "language")).transpose()?;
    let customer_id = ticket_customer(txn, &caller.principal, input.customer_id.as_ref()).await?;
    let contact_id = match &input.contact_id {
        Some(id) => {
            // The ticket's customer is the caller's to name (checked above); its contact need
            // only belong to it.
            let contact = parse_id(id, "contactId")?;
            if !is_contact_of(txn, contact, customer_id).await? {
                return Err(AppError::invalid("contactId", InputReason::UnknownReference.with_message("not a contact of this customer")));
            }
            Some(contact)
        }
        None => None,
    };
    let order_id = match &input.order_id {
        Some(id) => match order_unscoped(txn, parse_id(id, "orderId")?).await? {
            Some(order) if order.customer_id == customer_id => Some(order.id),
            _ => return Err(AppError::invalid("orderId", InputReason::UnknownReference.with_message("not an order of this customer"))),
        },
        None => None,
    };
    let product_id = match &input.product_id {
        Some(id) => Some(
            product_by_id(txn, parse_id(id, "productId")?)
                .await?
                .ok_or_else(|| AppError::invalid("productId", InputReason::UnknownReference))?
                .id,
        ),
        None => None,
    };
    let queue = match &input.queue_id {
        Some(id) => active_queue(txn, id, "queueId").await?,
        None => default_queue(txn).await?,
    };
    let assignee_id = match &input.assignee_id {
        Some(id) => staff_assignee(txn, id).await?,
        None => None,
    };
    let priority = input.priority.unwrap_or(TicketPriority::Normal);
    let tier = customer_unscoped(txn, customer_id).await?.map(|customer| customer.tags.0).unwrap_or_default();
    let policy = policy_for(txn, priority, queue.id, &tier).await?;
    let channel = input.channel.unwrap_or(match caller.principal {
        Principal::Customer { .. } | Principal::Partner { .. } => InteractionChannel::SelfService,
        Principal::Integration { .. } => InteractionChannel::Web,
        _ => InteractionChannel::Phone,
    });
    let mut created = ticket::Model {
        id: new_id_at(now),
        number: next_number(txn, "T", now.year()).await?,
        customer_id,
        contact_id,
        channel,
        category,
        subject,
        language,
        priority,
        status: TicketStatus::New,
        queue_id: queue.id,
        assignee_id,
        complaint: input.complaint,
        order_id,
        product_id,
        sla_policy_id: policy.as_ref().map(|policy| policy.id),
        sla_due_at: None,
        created_by_id: opener.user_id,
        created_at: now,
        updated_at: now,
        resolved_at: None,
        closed_at: None,
        merged_into_id: None,
        parent_id: None,
        tags,
        version: 1,
    };
    if created.assignee_id.is_none() {
        created.assignee_id = route(txn, &created, None, now).await?;
    }
    let mut created = created.into_active_model().reset_all().insert(txn).await?;
    index_tags(txn, created.id, &created.tags).await?;
    ticket_message::Model {
        id: new_id_at(now),
        ticket_id: created.id,
        kind: TicketMessageKind::Customer,
        author_id: opener.user_id,
        body: description.clone(),
        created_at: now,
    }
    .into_active_model()
    .reset_all()
    .insert(txn)
    .await?;
    crate::timeline::ticket_opened(txn, &created, &description).await?;
    if let Some(policy) = &policy {
        let mut clocks = TicketClocks::load(txn, &created).await?;
        let step = Step::new(now, opener.user_id, format!("ticket opened, policy {}", policy.name));
        clocks.start(SlaTarget::FirstResponse, policy.first_response_minutes, &step);
        clocks.start(SlaTarget::Resolution, policy.resolution_minutes, &step);
        created = set_due(txn, created, clocks.nearest_due()).await?;
        clocks.save(txn).await?;
    }
    let mut diff = Diff::new();
    diff.created("number", &created.number)
        .created("subject", &created.subject)
        .created("channel", &created.channel)
        .created("priority", &created.priority)
        .created("status", &created.status)
        .created("queueId", &created.queue_id)
        .created("assigneeId", &created.assignee_id)
        .created("complaint", &created.complaint);
    audit::record(txn, caller, now, AuditAction::Create, Subject::Ticket { id: created.id, customer_id }, diff).await?;
    ticket_search::reindex(txn, &created).await?;
    if let Some(call) = call_id {
        crate::calls::desk::link_opened_ticket(txn, caller, now, call, &created).await?;
    }
    Ok(Visible::created(created, &opener))
}

/// Stores the ticket's nearest time due (part of the same write, not a versioned change).
async fn set_due(txn: &impl ConnectionTrait, mut row: ticket::Model, due: Option<DateTime<Utc>>) -> AppResult<ticket::Model> {
    if row.sla_due_at != due {
        ticket::Entity::update_many()
            .col_expr(ticket::Column::SlaDueAt, Expr::value(due))
            .filter(ticket::Column::Id.eq(row.id))
            .exec(txn)
            .await?;
        row.sla_due_at = due;
    }
    Ok(row)
}

/// The ticket `id` at `version` if the caller sees it, with its right to write on it.
pub(crate) async fn load_for_write(
    txn: &impl ConnectionTrait,
    caller: &Caller,
    id: &ID,
    version: Option<i32>,
) -> AppResult<(ticket::Model, TicketWrite)> {
    let scope = TicketScope::of(&caller.principal)?;
    let id = parse_id(id, "id")?;
    let current = ticket::Entity::find_by_id(id).filter(scope.condition()).one(txn).await?.ok_or(AppError::NotFound("ticket"))?;
    let right = ticket_write(&caller.principal, &current)?;
    let current = match version {
        Some(version) => versioned::at_version::<ticket::Entity>(current, version)?,
        None => current,
    };
    Ok((current, right))
}

/// Moves `next` to `status` and the clocks with it: pausing statuses stop them, leaving them
/// resumes them, resolution meets the resolution clock and stops the others, reopening runs
/// the resolution clock on.
pub(crate) async fn change_status(
    txn: &impl ConnectionTrait,
    current: &ticket::Model,
    next: &mut ticket::Model,
    status: TicketStatus,
    clocks: &mut TicketClocks,
    policy: Option<&sla_policy::Model>,
    step: &Step,
) -> AppResult<()> {
    if !current.status.may_become(status) {
        return Err(AppError::invalid("status", InputReason::WrongStatus { status: current.status.as_api().into() }));
    }
    if current.status == TicketStatus::Resolved && status == TicketStatus::Open {
        let queue = service_queue::Entity::find_by_id(current.queue_id).one(txn).await?.ok_or(AppError::NotFound("service queue"))?;
        let resolved_at = current.resolved_at.unwrap_or(current.updated_at);
        if step.at > resolved_at + Duration::days(i64::from(queue.reopen_days)) {
            return Err(AppError::invalid(
                "status",
                InputReason::WrongStatus { status: current.status.as_api().into() }
                    .with_message("the reopening window has passed: open a new ticket"),
            ));
        }
    }
    let pauses = policy.map(policy_pauses).unwrap_or_default();
    let (was_paused, now_paused) = (pauses.contains(&current.status), pauses.contains(&status));
    match status {
        TicketStatus::Resolved => {
            clocks.meet(SlaTarget::Resolution, step);
            clocks.pause_all(step);
            next.resolved_at = Some(step.at);
        }
        TicketStatus::Closed => next.closed_at = Some(step.at),
        _ if current.status == TicketStatus::Resolved => {
            next.resolved_at = None;
            clocks.resume_all(step, true);
        }
        _ if now_paused && !was_paused => clocks.pause_all(step),
        _ if was_paused && !now_paused => clocks.resume_all(step, false),
        _ => {}
    }
    next.status = status;
    Ok(())
}

/// Saves a changed ticket with its clocks.
/// Tags as a ticket keeps them (lower case, sorted, at most 20), refused under `tags`.
fn ticket_tags(raw: &[String]) -> AppResult<Tags> {
    Ok(Tags(normalize_tags(raw).map_err(|why| AppError::invalid("tags", why))?))
}

/// Rewrites the tag index of ticket `id` to `tags`.
async fn index_tags(txn: &impl ConnectionTrait, id: Uuid, tags: &Tags) -> AppResult<()> {
    ticket_tag::Entity::delete_many().filter(ticket_tag::Column::TicketId.eq(id)).exec(txn).await?;
    if !tags.0.is_empty() {
        let rows = tags.0.iter().map(|tag| ticket_tag::Model { tag: tag.clone(), ticket_id: id }.into_active_model());
        ticket_tag::Entity::insert_many(rows).exec(txn).await?;
    }
    Ok(())
}

pub(crate) async fn save_ticket(
    txn: &impl ConnectionTrait,
    caller: &Caller,
    right: &TicketWrite,
    current: &ticket::Model,
    mut next: ticket::Model,
    clocks: TicketClocks,
    now: DateTime<Utc>,
) -> AppResult<ticket::Model> {
    next.sla_due_at = clocks.nearest_due();
    let mut diff = Diff::new();
    diff.field("status", &current.status, &next.status)
        .field("subject", &current.subject, &next.subject)
        .field("category", &current.category, &next.category)
        .field("priority", &current.priority, &next.priority)
        .field("complaint", &current.complaint, &next.complaint)
        .field("queueId", &current.queue_id, &next.queue_id)
        .field("assigneeId", &current.assignee_id, &next.assignee_id)
        .field("mergedIntoId", &current.merged_into_id, &next.merged_into_id)
        .field("parentId", &current.parent_id, &next.parent_id)
        .field("tags", &current.tags.0, &next.tags.0);
    clocks.save(txn).await?;
    if next.tags != current.tags {
        index_tags(txn, current.id, &next.tags).await?;
    }
    if diff.is_empty() && next.sla_due_at == current.sla_due_at {
        return Ok(current.clone());
    }
    let resolved = next.status == TicketStatus::Resolved && current.status != TicketStatus::Resolved;
    let saved = versioned::save::<ticket::Entity>(txn, right, caller, now, AuditAction::Update, Change { current, next, diff }).await?;
    if resolved {
        crate::surveys::on_resolved(txn, &saved, now).await?;
    }
    Ok(saved)
}

/// Adds a message: the desk's reply or internal note, or the customer's side's words.
pub async fn add_message(
    ctx: &AppContext,
    caller: &Caller,
    input: AddTicketMessageInput,
) -> AppResult<(Visible<ticket::Model>, Visible<ticket_message::Model>)> {
    let now = ctx.clock.now();
    let txn = ctx.db.write.begin().await?;
    let (current, right) = load_for_write(&txn, caller, &input.ticket_id, None).await?;
    let resolves =
        input.kind.unwrap_or(TicketMessageKind::Reply) == TicketMessageKind::Reply && input.status == Some(TicketStatus::Resolved);
    let body = input.body.clone();
    let written = write_message(&txn, caller, (current, right), input, now, |_| {}).await?;
    if resolves && right.side == Side::Desk {
        crate::incidents::resolve_children(&txn, caller, &written.0, &body, now).await?;
    }
    txn.commit().await?;
    Ok(written)
}

/// Adds a message to `current` inside the caller's transaction; `adjust` changes the ticket's
/// other fields in the same write (a macro's priority and category).
pub(crate) async fn write_message(
    txn: &DatabaseTransaction,
    caller: &Caller,
    (current, right): (ticket::Model, TicketWrite),
    input: AddTicketMessageInput,
    now: DateTime<Utc>,
    adjust: impl FnOnce(&mut ticket::Model),
) -> AppResult<(Visible<ticket::Model>, Visible<ticket_message::Model>)> {
    write_message_via(txn, caller, (current, right), input, now, adjust, None).await
}

/// [`write_message`] for a message that came through `via` rather than the ticket's own
/// channel (the customer's email about a ticket opened in the portal).
pub(crate) async fn write_message_via(
    txn: &DatabaseTransaction,
    caller: &Caller,
    (current, right): (ticket::Model, TicketWrite),
    input: AddTicketMessageInput,
    now: DateTime<Utc>,
    adjust: impl FnOnce(&mut ticket::Model),
    via: Option<InteractionChannel>,
) -> AppResult<(Visible<ticket::Model>, Visible<ticket_message::Model>)> {
    let kind = input.kind.unwrap_or(if right.side == Side::Desk { TicketMessageKind::Reply } else { TicketMessageKind::Customer });
    if right.side == Side::Customer && kind != TicketMessageKind::Customer {
        return Err(desk_only("kind"));
    }
    if right.side == Side::Customer && input.status.is_some() {
        return Err(desk_only("status"));
    }
    if kind != TicketMessageKind::Reply && input.status.is_some() {
        return Err(AppError::invalid("status", InputReason::NotApplicable.with_message("only a reply changes the status")));
    }
    if current.status == TicketStatus::Closed {
        return Err(AppError::invalid("ticketId", InputReason::WrongStatus { status: current.status.as_api().into() }));
    }
    let body = body(&input.body)?;
    let policy = policy_of(txn, &current).await?;
    let mut clocks = TicketClocks::load(txn, &current).await?;
    let mut next = current.clone();
    match kind {
        TicketMessageKind::Reply => {
            let step = Step::new(now, right.user_id, "the desk replied");
            clocks.meet(SlaTarget::FirstResponse, &step);
            clocks.meet(SlaTarget::NextResponse, &step);
            let status = input.status.unwrap_or(TicketStatus::Open);
            if status != current.status {
                change_status(txn, &current, &mut next, status, &mut clocks, policy.as_ref(), &step).await?;
            }
        }
        TicketMessageKind::Note => {}
        TicketMessageKind::Customer => {
            let step = Step::new(now, right.user_id, "the customer wrote");
            if matches!(current.status, TicketStatus::Resolved | TicketStatus::PendingCustomer) {
                change_status(txn, &current, &mut next, TicketStatus::Open, &mut clocks, policy.as_ref(), &step).await?;
            }
            let next_response = policy.as_ref().and_then(|policy| target_minutes(policy, SlaTarget::NextResponse));
            if let Some(minutes) = next_response {
                if clocks.is_met(SlaTarget::FirstResponse) && !clocks.is_running(SlaTarget::NextResponse) {
                    clocks.start(SlaTarget::NextResponse, minutes, &step);
                }
            }
        }
    }
    let message =
        ticket_message::Model { id: new_id_at(now), ticket_id: current.id, kind, author_id: right.user_id, body, created_at: now }
            .into_active_model()
            .reset_all()
            .insert(txn)
            .await?;
    adjust(&mut next);
    let saved = save_ticket(txn, caller, &right, &current, next, clocks, now).await?;
    if kind != TicketMessageKind::Note {
        ticket_search::reindex(txn, &saved).await?;
    }
    // A live chat's messages reach the timeline as its transcript, when it ends.
    let chatting = crate::chat::on_message(txn, &saved, &message, right.side, now).await?;
    if !chatting {
        crate::timeline::ticket_message(txn, &saved, &message, via.unwrap_or(saved.channel)).await?;
    }
    // A ticket that came by email (by text) is answered by email (by text), in the same
    // transaction: the reply is sent if and only if it committed.
    if kind == TicketMessageKind::Reply {
        match saved.channel {
            InteractionChannel::Email => {
                crate::email::send_reply(txn, &saved, &message, now).await?;
            }
            InteractionChannel::Sms => {
                crate::sms::send_reply(txn, &saved, &message, now).await?;
            }
            _ => {}
        }
    }
    // A message changes no field of the ticket (no audited change to announce it), yet the
    // ticket's open pages want it at once: announced on its own, a note apart for the desk.
    let event = if kind == TicketMessageKind::Note { NOTE_EVENT } else { MESSAGE_EVENT };
    let change = event_log::Change { kind: event.into(), record_id: saved.id, customer_id: Some(saved.customer_id) };
    event_log::append(txn, &[change], now).await?;
    Ok((Visible::written(saved, &right)?, Visible::vouched(message)))
}

/// Hands a ticket over inside the caller's transaction (a script's hand-off, the desk): an
/// internal note saying what was found so far, and, when `queue` is another queue, a move to
/// it with nobody on it, where that queue's routing finds someone.
pub async fn hand_over_in(
    txn: &DatabaseTransaction,
    caller: &Caller,
    ticket_id: Uuid,
    note: String,
    queue: Option<Uuid>,
    now: DateTime<Utc>,
) -> AppResult<Visible<ticket::Model>> {
    let id = ID(ticket_id.to_string());
    let (current, right) = load_for_write(txn, caller, &id, None).await?;
    if right.side != Side::Desk {
        return Err(AppError::Forbidden("hand tickets over (the service desk)"));
    }
    let note = AddTicketMessageInput { ticket_id: id, kind: Some(TicketMessageKind::Note), body: note, status: None };
    let (noted, _) = write_message(txn, caller, (current, right), note, now, |_| {}).await?;
    let Some(queue) = queue.filter(|queue| *queue != noted.queue_id) else { return Ok(noted) };
    let current = noted.into_inner();
    let mut next = current.clone();
    next.queue_id = active_queue(txn, &ID(queue.to_string()), "queueId").await?.id;
    next.assignee_id = route(txn, &next, None, now).await?;
    let clocks = TicketClocks::load(txn, &current).await?;
    let saved = save_ticket(txn, caller, &right, &current, next, clocks, now).await?;
    Visible::written(saved, &right)
}

/// Sets a ticket's status (the desk).
pub async fn set_status(ctx: &AppContext, caller: &Caller, input: SetTicketStatusInput) -> AppResult<Visible<ticket::Model>> {
    let now = ctx.clock.now();
    let reason = optional_text(input.reason.as_deref(), 200).map_err(|why| AppError::invalid("reason", why))?;
    let txn = ctx.db.write.begin().await?;
    let (current, right) = load_for_write(&txn, caller, &input.id, Some(input.version)).await?;
    if right.side != Side::Desk {
        return Err(AppError::Forbidden("change a ticket's status (the service desk)"));
    }
    let policy = policy_of(&txn, &current).await?;
    let mut clocks = TicketClocks::load(&txn, &current).await?;
    let mut next = current.clone();
    let step = Step::new(now, right.user_id, reason.unwrap_or_else(|| format!("status {}", input.status.as_api())));
    change_status(&txn, &current, &mut next, input.status, &mut clocks, policy.as_ref(), &step).await?;
    let saved = save_ticket(&txn, caller, &right, &current, next, clocks, now).await?;
    txn.commit().await?;
    Visible::written(saved, &right)
}

/// The desk's triage: subject, category, priority, complaint, queue and assignee. The SLA
/// policy stays the one chosen when the ticket was opened.
pub async fn update(ctx: &AppContext, caller: &Caller, input: UpdateTicketInput) -> AppResult<Visible<ticket::Model>> {
    let now = ctx.clock.now();
    let txn = ctx.db.write.begin().await?;
    let (current, right) = load_for_write(&txn, caller, &input.id, Some(input.version)).await?;
    if right.side != Side::Desk {
        return Err(AppError::Forbidden("triage tickets (the service desk)"));
    }
    let mut next = current.clone();
    if let Some(raw) = &input.subject {
        next.subject = subject(raw)?;
    }
    if input.category.is_some() {
        next.category = ticket_category(input.category.as_deref(), "category")?;
    }
    if let Some(priority) = input.priority {
        next.priority = priority;
    }
    if let Some(complaint) = input.complaint {
        next.complaint = complaint;
    }
    if let Some(id) = &input.queue_id {
        next.queue_id = active_queue(&txn, id, "queueId").await?.id;
    }
    if let Some(id) = &input.assignee_id {
        next.assignee_id = staff_assignee(&txn, id).await?;
    }
    if let Some(raw) = &input.tags {
        next.tags = ticket_tags(raw)?;
    }
    // Moved to another queue with nobody on it: that queue's routing finds someone.
    if next.queue_id != current.queue_id && next.assignee_id.is_none() {
        next.assignee_id = route(&txn, &next, None, now).await?;
    }
    let clocks = TicketClocks::load(&txn, &current).await?;
    let saved = save_ticket(&txn, caller, &right, &current, next, clocks, now).await?;
    if saved.subject != current.subject {
        ticket_search::reindex(&txn, &saved).await?;
    }
    txn.commit().await?;
    Visible::written(saved, &right)
}

/// The most tickets one reassignment moves.
pub const MAX_REASSIGN: usize = 500;

/// Moves tickets to another agent, or back to their queue, and optionally to another queue, in
/// one write (admins and service managers): all of them or, on any refusal, none. Tickets left
/// to a queue that routes are routed at once.
pub async fn reassign(ctx: &AppContext, caller: &Caller, input: ReassignTicketsInput) -> AppResult<Vec<Visible<ticket::Model>>> {
    service_settings(&caller.principal).map_err(|_| AppError::Forbidden("reassign tickets in bulk (admins and service managers)"))?;
    let now = ctx.clock.now();
    let txn = ctx.db.write.begin().await?;
    let ids = reassigned_ids(&txn, &input).await?;
    let queue = match &input.queue_id {
        Some(id) => Some(active_queue(&txn, id, "queueId").await?.id),
        None => None,
    };
    let assignee = match &input.assignee_id {
        Some(id) => staff_assignee(&txn, id).await?,
        None => None,
    };
    let mut saved = Vec::with_capacity(ids.len());
    for (i, id) in ids.iter().enumerate() {
        let (current, right) = load_for_write(&txn, caller, &ID(id.to_string()), None).await?;
        if current.status == TicketStatus::Closed {
            return Err(AppError::invalid(format!("ticketIds[{i}]"), InputReason::WrongStatus { status: current.status.as_api().into() }));
        }
        let mut next = current.clone();
        next.queue_id = queue.unwrap_or(current.queue_id);
        next.assignee_id = assignee;
        if next.assignee_id.is_none() {
            // Taken from someone: routing looks past them.
            next.assignee_id = route(&txn, &next, current.assignee_id, now).await?;
        }
        let clocks = TicketClocks::load(&txn, &current).await?;
        let row = save_ticket(&txn, caller, &right, &current, next, clocks, now).await?;
        saved.push(Visible::written(row, &right)?);
    }
    txn.commit().await?;
    Ok(saved)
}

/// The tickets a reassignment names: by id, or an agent's unresolved ones.
async fn reassigned_ids(db: &impl ConnectionTrait, input: &ReassignTicketsInput) -> AppResult<Vec<Uuid>> {
    let too_many = |field: &str| AppError::invalid(field, InputReason::TooMany { max: MAX_REASSIGN });
    match (&input.ticket_ids, &input.from_assignee_id) {
        (Some(_), Some(_)) => Err(AppError::invalid("ticketIds", InputReason::MutuallyExclusive { with: "fromAssigneeId".into() })),
        (None, None) => {
            Err(AppError::invalid("ticketIds", InputReason::Required.with_message("name the tickets or the agent whose tickets move")))
        }
        (Some(ids), None) => {
            if ids.len() > MAX_REASSIGN {
                return Err(too_many("ticketIds"));
            }
            let mut parsed = Vec::with_capacity(ids.len());
            for (i, id) in ids.iter().enumerate() {
                let id = parse_id(id, &format!("ticketIds[{i}]"))?;
                if !parsed.contains(&id) {
                    parsed.push(id);
                }
            }
            Ok(parsed)
        }
        (None, Some(agent)) => {
            let agent = parse_id(agent, "fromAssigneeId")?;
            let rows = ticket::Entity::find()
                .filter(ticket::Column::AssigneeId.eq(agent))
                .filter(ticket::Column::Status.is_not_in([TicketStatus::Resolved, TicketStatus::Closed]))
                .order_by_asc(ticket::Column::Id)
                .limit(MAX_REASSIGN as u64 + 1)
                .all(db)
                .await?;
            if rows.len() > MAX_REASSIGN {
                return Err(too_many("fromAssigneeId"));
            }
            Ok(rows.into_iter().map(|row| row.id).collect())
        }
    }
}

/// The ticket `id` if the caller sees it.
pub async fn find(db: &impl ConnectionTrait, scope: &TicketScope, id: Uuid) -> AppResult<Option<Visible<ticket::Model>>> {
    Ok(ticket::Entity::find_by_id(id).filter(scope.condition()).one(db).await?.map(Visible::vouched))
}

/// A ticket by id, whoever asks: for a write whose right was proved another way (a survey
/// link's token).
pub async fn ticket_unscoped(db: &impl ConnectionTrait, id: Uuid) -> AppResult<Option<ticket::Model>> {
    Ok(ticket::Entity::find_by_id(id).one(db).await?)
}

/// The tickets among `ids` that the caller sees.
pub async fn tickets_by_ids(db: &impl ConnectionTrait, scope: &TicketScope, ids: &[Uuid]) -> AppResult<Vec<Visible<ticket::Model>>> {
    let rows = ticket::Entity::find().filter(ticket::Column::Id.is_in(ids.iter().copied())).filter(scope.condition()).all(db).await?;
    Ok(Visible::vouched_all(rows))
}

/// The tickets `filter` selects that the caller sees, in `order`, plus the query counting
/// them. Sorted by time due, the list holds only tickets with a running clock.
pub async fn list(
    ctx: &AppContext,
    caller: &Caller,
    filter: &TicketFilter,
    order: TicketOrder,
    page: &PageRequest,
) -> AppResult<(Page<Visible<ticket::Model>>, Select<ticket::Entity>)> {
    let mut select = filtered(ctx, caller, filter)?;
    let descending = order.direction == OrderDirection::Desc;
    let page = match order.field {
        TicketOrderField::CreatedAt => fetch_page(select.clone(), &ByOpening { descending }, page, &ctx.db.read).await?,
        TicketOrderField::SlaDueAt => {
            select = select.filter(ticket::Column::SlaDueAt.is_not_null());
            fetch_page(select.clone(), &ByDue { descending }, page, &ctx.db.read).await?
        }
    };
    Ok((page.map(Visible::vouched), select))
}

/// The most filters one call counts (a desk's views).
pub const MAX_COUNTED_VIEWS: usize = 20;

/// How many tickets the caller sees under each of `filters`, in order, each counted up to
/// `limit` (and whether there are more): the counts beside the desk's views. One statement per
/// filter.
pub async fn counts(ctx: &AppContext, caller: &Caller, filters: &[TicketFilter], limit: u64) -> AppResult<Vec<(u64, bool)>> {
    // Refused as `tickets` is, even for no filter at all.
    TicketScope::of(&caller.principal)?;
    if filters.len() > MAX_COUNTED_VIEWS {
        return Err(AppError::invalid("filters", InputReason::TooMany { max: MAX_COUNTED_VIEWS }));
    }
    let selects = filters.iter().map(|filter| filtered(ctx, caller, filter)).collect::<AppResult<Vec<_>>>()?;
    // A few at a time on the read pool: a console's views come back together, without one
    // request taking every connection.
    stream::iter(selects.into_iter().map(|select| count_up_to(select, limit, &ctx.db.read))).buffered(COUNTS_AT_ONCE).try_collect().await
}

/// How many of one request's counts run at once.
const COUNTS_AT_ONCE: usize = 4;

/// The tickets `filter` selects among those the caller sees.
fn filtered(ctx: &AppContext, caller: &Caller, filter: &TicketFilter) -> AppResult<Select<ticket::Entity>> {
    let scope = TicketScope::of(&caller.principal)?;
    let mut select = ticket::Entity::find().filter(scope.condition());
    if let Some(statuses) = &filter.statuses {
        select = select.filter(ticket::Column::Status.is_in(statuses.iter().copied()));
    }
    if let Some(priorities) = &filter.priorities {
        select = select.filter(ticket::Column::Priority.is_in(priorities.iter().copied()));
    }
    if let Some(channels) = &filter.channels {
        select = select.filter(ticket::Column::Channel.is_in(channels.iter().copied()));
    }
    if let Some(id) = &filter.customer_id {
        select = select.filter(ticket::Column::CustomerId.eq(parse_id(id, "filter.customerId")?));
    }
    if let Some(id) = &filter.queue_id {
        select = select.filter(ticket::Column::QueueId.eq(parse_id(id, "filter.queueId")?));
    }
    if let Some(id) = &filter.assignee_id {
        select = select.filter(ticket::Column::AssigneeId.eq(parse_id(id, "filter.assigneeId")?));
    }
    if filter.mine == Some(true) {
        let me = caller.principal.user_id().ok_or(AppError::Forbidden("list your tickets (users only)"))?;
        select = select.filter(ticket::Column::AssigneeId.eq(me));
    }
    if filter.unassigned == Some(true) {
        select = select.filter(ticket::Column::AssigneeId.is_null());
    }
    if let Some(complaint) = filter.complaint {
        select = select.filter(ticket::Column::Complaint.eq(complaint));
    }
    if let Some(search) = filter.search.as_deref().map(str::trim).filter(|text| !text.is_empty()) {
        // Every word in its subject or public conversation (full text), or, for a search with a
        // digit in it, its number: words alone never match a number, and matching one means
        // reading every ticket (no index serves `LIKE '%…%'`).
        let mut any = Condition::any();
        if search.chars().any(|c| c.is_ascii_digit()) {
            let number = Expr::expr(sea_orm::sea_query::Func::lower(Expr::col(ticket::Column::Number)))
                .like(format!("%{}%", search.replace(['%', '_'], "").to_lowercase()));
            any = any.add(number);
        }
        if let Some(words) = ticket_search::matching(ctx.db.backend(), search) {
            any = any.add(words);
        }
        // Nothing to look for (punctuation only): nothing matches.
        select = select.filter(if any.is_empty() { Condition::all().add(Expr::value(false)) } else { any });
    }
    if filter.overdue == Some(true) {
        select = select.filter(ticket::Column::SlaDueAt.lte(ctx.clock.now()));
    }
    if let Some(raw) = &filter.tags {
        if !scope.reads_internal_notes() {
            return Err(AppError::invalid("filter.tags", InputReason::NotApplicable.with_message("tags are the company's own words")));
        }
        let tags = normalize_tags(raw).map_err(|why| AppError::invalid("filter.tags", why))?;
        let tagged = Query::select()
            .column(ticket_tag::Column::TicketId)
            .from(ticket_tag::Entity)
            .and_where(ticket_tag::Column::Tag.is_in(tags))
            .to_owned();
        select = select.filter(ticket::Column::Id.in_subquery(tagged));
    }
    if filter.at_risk == Some(true) {
        // Warned of, not yet breached: the clock still runs.
        let warned = Query::select()
            .column(sla_clock::Column::TicketId)
            .from(sla_clock::Entity)
            .and_where(sla_clock::Column::RunningSince.is_not_null())
            .and_where(sla_clock::Column::WarnedAt.is_not_null())
            .and_where(sla_clock::Column::BreachedAt.is_null())
            .to_owned();
        select = select.filter(ticket::Column::Id.in_subquery(warned));
    }
    Ok(select)
}

/// The messages of each ticket, oldest first; without internal notes for a caller who may not
/// read them.
pub async fn messages_of(
    db: &impl ConnectionTrait,
    scope: &TicketScope,
    tickets: &[Seen<ticket::Model>],
) -> AppResult<HashMap<Uuid, Vec<Visible<ticket_message::Model>>>> {
    let mut select = ticket_message::Entity::find().filter(ticket_message::Column::TicketId.is_in(tickets.iter().map(Seen::id)));
    if !scope.reads_internal_notes() {
        select = select.filter(ticket_message::Column::Kind.ne(TicketMessageKind::Note));
    }
    let mut by_ticket: HashMap<Uuid, Vec<Visible<ticket_message::Model>>> = HashMap::new();
    for row in select.order_by_asc(ticket_message::Column::Id).all(db).await? {
        by_ticket.entry(row.ticket_id).or_default().push(Visible::vouched(row));
    }
    Ok(by_ticket)
}

/// The SLA timeline of each ticket, in the order things happened.
pub async fn timelines_of(
    db: &impl ConnectionTrait,
    tickets: &[Seen<ticket::Model>],
) -> AppResult<HashMap<Uuid, Vec<Visible<sla_event::Model>>>> {
    let rows = sla_event::Entity::find()
        .filter(sla_event::Column::TicketId.is_in(tickets.iter().map(Seen::id)))
        .order_by_asc(sla_event::Column::At)
        .order_by_asc(sla_event::Column::Id)
        .all(db)
        .await?;
    let mut by_ticket: HashMap<Uuid, Vec<Visible<sla_event::Model>>> = HashMap::new();
    for row in rows {
        by_ticket.entry(row.ticket_id).or_default().push(Visible::vouched(row));
    }
    Ok(by_ticket)
}

/// The SLA clocks of each ticket (first response, next response, resolution).
pub async fn clocks_of(
    db: &impl ConnectionTrait,
    tickets: &[Seen<ticket::Model>],
) -> AppResult<HashMap<Uuid, Vec<Visible<sla_clock::Model>>>> {
    let rows = sla_clock::Entity::find().filter(sla_clock::Column::TicketId.is_in(tickets.iter().map(Seen::id))).all(db).await?;
    let mut by_ticket: HashMap<Uuid, Vec<Visible<sla_clock::Model>>> = HashMap::new();
    for row in rows {
        by_ticket.entry(row.ticket_id).or_default().push(Visible::vouched(row));
    }
    for clocks in by_ticket.values_mut() {
        clocks.sort_by_key(|clock| SlaTarget::ALL.iter().position(|target| *target == clock.target));
    }
    Ok(by_ticket)
}
