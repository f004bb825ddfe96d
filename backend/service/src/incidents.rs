//! Tickets that belong together. A **duplicate** is merged into the ticket that stays: its
//! conversation moves there, it is closed without being resolved (no survey, its clocks
//! stopped: the ticket that stays is the one the service level counts), and each side gets an
//! internal note saying so. An **incident** that reaches many customers has a ticket of its
//! own that the customers' tickets are part of (`parent_id`, one level); the desk's resolving
//! reply to the incident goes to every ticket of it that is still open, resolving each.

#![allow(clippy::disallowed_methods)]

use crate::access::{Side, TicketScope, TicketWrite};
use crate::clocks::{Step, TicketClocks};
use crate::domain::{TicketMessageKind, TicketStatus};
use crate::entity::{ticket, ticket_message};
use crate::inputs::{AddTicketMessageInput, MergeTicketInput, SetTicketParentInput};
use crate::ticket_search;
use crate::tickets::{load_for_write, save_ticket, write_message};
use async_graphql::ID;
use chrono::{DateTime, Utc};
use crm_core::context::AppContext;
use crm_core::error::{AppError, AppResult, InputReason};
use crm_core::filters::parse_id;
use crm_core::principal::Caller;
use crm_core::versioned;
use crm_core::visible::Visible;
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, ConnectionTrait, DatabaseTransaction, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder, TransactionTrait};
use uuid::Uuid;

fn desk_only() -> AppError {
    AppError::Forbidden("merge tickets and group them into incidents (the service desk)")
}

/// The ticket `id` for the desk's change, refused to the customer's side before its version
/// is looked at.
async fn desk_load(txn: &DatabaseTransaction, caller: &Caller, id: &ID, version: i32) -> AppResult<(ticket::Model, TicketWrite)> {
    let (current, right) = load_for_write(txn, caller, id, None).await?;
    if right.side != Side::Desk {
        return Err(desk_only());
    }
    Ok((versioned::at_version::<ticket::Entity>(current, version)?, right))
}

fn not_applicable(field: &str, why: &str) -> AppError {
    AppError::invalid(field, InputReason::NotApplicable.with_message(why))
}

fn still_open(ticket: &ticket::Model, field: &str) -> AppResult<()> {
    if ticket.status == TicketStatus::Closed || ticket.merged_into_id.is_some() {
        return Err(AppError::invalid(field, InputReason::WrongStatus { status: ticket.status.as_api().into() }));
    }
    Ok(())
}

/// Merges the duplicate `id` into `intoId` (the service desk): both the same customer's and
/// open; returns the ticket that stays.
pub async fn merge(ctx: &AppContext, caller: &Caller, input: MergeTicketInput) -> AppResult<Visible<ticket::Model>> {
    let now = ctx.clock.now();
    let txn = ctx.db.write.begin().await?;
    let (duplicate, right) = desk_load(&txn, caller, &input.id, input.version).await?;
    let (kept, kept_right) = load_for_write(&txn, caller, &input.into_id, None).await.map_err(|err| match err {
        AppError::NotFound(_) => AppError::invalid("intoId", InputReason::UnknownReference),
        other => other,
    })?;
    if kept.id == duplicate.id {
        return Err(not_applicable("intoId", "a ticket is not merged into itself"));
    }
    if kept.customer_id != duplicate.customer_id {
        return Err(not_applicable("intoId", "a duplicate is merged into a ticket of the same customer"));
    }
    still_open(&duplicate, "id")?;
    still_open(&kept, "intoId")?;
    if has_children(&txn, duplicate.id).await? {
        return Err(not_applicable("id", "an incident's own ticket is not merged: move its tickets first"));
    }
    // The conversation moves: the ticket that stays reads as one.
    ticket_message::Entity::update_many()
        .col_expr(ticket_message::Column::TicketId, Expr::value(kept.id))
        .filter(ticket_message::Column::TicketId.eq(duplicate.id))
        .exec(&txn)
        .await?;
    // So do its calls and the tasks about it.
    crate::calls::desk::follow_merge(&txn, caller, now, &duplicate, &kept).await?;
    crm_tasks::service::follow_merged_ticket(&txn, duplicate.id, kept.id).await?;
    let note = |text: String, ticket: &ticket::Model| AddTicketMessageInput {
        ticket_id: ID(ticket.id.to_string()),
        kind: Some(TicketMessageKind::Note),
        body: text,
        status: None,
    };
    let duplicate_number = duplicate.number.clone();
    let merged_note = note(format!("Merged into {}: its conversation is there.", kept.number), &duplicate);
    let (noted, _) = write_message(&txn, caller, (duplicate, right), merged_note, now, |_| {}).await?;
    close_as_duplicate(&txn, caller, &right, noted.into_inner(), &kept, now).await?;
    let kept_note = note(format!("{duplicate_number} was merged into this ticket: its messages are below."), &kept);
    let (kept, _) = write_message(&txn, caller, (kept, kept_right), kept_note, now, |_| {}).await?;
    ticket_search::reindex(&txn, &kept).await?;
    txn.commit().await?;
    Ok(kept)
}

/// Closes a merged duplicate: not resolved (no survey), its clocks stopped.
async fn close_as_duplicate(
    txn: &DatabaseTransaction,
    caller: &Caller,
    right: &TicketWrite,
    current: ticket::Model,
    kept: &ticket::Model,
    now: DateTime<Utc>,
) -> AppResult<()> {
    let mut clocks = TicketClocks::load(txn, &current).await?;
    clocks.pause_all(&Step::new(now, right.user_id, format!("merged into {}", kept.number)));
    let mut next = current.clone();
    next.status = TicketStatus::Closed;
    next.closed_at = Some(now);
    next.merged_into_id = Some(kept.id);
    let saved = save_ticket(txn, caller, right, &current, next, clocks, now).await?;
    ticket_search::reindex(txn, &saved).await
}

async fn has_children(db: &impl ConnectionTrait, id: Uuid) -> AppResult<bool> {
    Ok(ticket::Entity::find().filter(ticket::Column::ParentId.eq(id)).count(db).await? > 0)
}

/// Makes a ticket part of an incident's ticket, or of none (the service desk).
pub async fn set_parent(ctx: &AppContext, caller: &Caller, input: SetTicketParentInput) -> AppResult<Visible<ticket::Model>> {
    let now = ctx.clock.now();
    let txn = ctx.db.write.begin().await?;
    let (current, right) = desk_load(&txn, caller, &input.id, input.version).await?;
    let parent = match input.parent_id.as_ref().filter(|id| !id.is_empty()) {
        None => None,
        Some(id) => {
            let scope = TicketScope::of(&caller.principal)?;
            let parent = crate::tickets::find(&txn, &scope, parse_id(id, "parentId")?)
                .await?
                .ok_or_else(|| AppError::invalid("parentId", InputReason::UnknownReference))?;
            if parent.id == current.id {
                return Err(not_applicable("parentId", "a ticket is not part of itself"));
            }
            if parent.parent_id.is_some() {
                return Err(not_applicable("parentId", "that ticket is itself part of an incident: name the incident's ticket"));
            }
            still_open(&parent, "parentId")?;
            if has_children(&txn, current.id).await? {
                return Err(not_applicable("id", "an incident's own ticket is not part of another"));
            }
            Some(parent.id)
        }
    };
    let mut next = current.clone();
    next.parent_id = parent;
    let clocks = TicketClocks::load(&txn, &current).await?;
    let saved = save_ticket(&txn, caller, &right, &current, next, clocks, now).await?;
    txn.commit().await?;
    Visible::written(saved, &right)
}

/// The desk's resolving reply to an incident's ticket, sent to each of its tickets the caller
/// works that is not yet resolved, resolving them in the same change.
pub(crate) async fn resolve_children(
    txn: &DatabaseTransaction,
    caller: &Caller,
    parent: &ticket::Model,
    body: &str,
    now: DateTime<Utc>,
) -> AppResult<()> {
    let scope = TicketScope::of(&caller.principal)?;
    let open = [TicketStatus::New, TicketStatus::Open, TicketStatus::PendingCustomer, TicketStatus::PendingThirdParty];
    let children = ticket::Entity::find()
        .filter(ticket::Column::ParentId.eq(parent.id))
        .filter(ticket::Column::Status.is_in(open))
        .filter(scope.condition())
        .order_by_asc(ticket::Column::Id)
        .all(txn)
        .await?;
    for child in children {
        let right = crate::access::ticket_write(&caller.principal, &child)?;
        let reply = AddTicketMessageInput {
            ticket_id: ID(child.id.to_string()),
            kind: Some(TicketMessageKind::Reply),
            body: body.to_owned(),
            status: Some(TicketStatus::Resolved),
        };
        write_message(txn, caller, (child, right), reply, now, |_| {}).await?;
    }
    Ok(())
}

/// The tickets part of each of `parents` that the caller reads, oldest first.
pub async fn children_of(
    db: &impl ConnectionTrait,
    scope: &TicketScope,
    parents: &[Uuid],
) -> AppResult<std::collections::HashMap<Uuid, Vec<Visible<ticket::Model>>>> {
    let rows = ticket::Entity::find()
        .filter(ticket::Column::ParentId.is_in(parents.iter().copied()))
        .filter(scope.condition())
        .order_by_asc(ticket::Column::Id)
        .all(db)
        .await?;
    let mut by_parent: std::collections::HashMap<Uuid, Vec<Visible<ticket::Model>>> = std::collections::HashMap::new();
    for row in rows {
        if let Some(parent) = row.parent_id {
            by_parent.entry(parent).or_default().push(Visible::vouched(row));
        }
    }
    Ok(by_parent)
}
