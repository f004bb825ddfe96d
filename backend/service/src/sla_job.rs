//! The SLA job: warns the assignee (or the queue's lead) when a running clock's time due is
//! near, marks the clocks that ran past their time due as breached, on the ticket's timeline,
//! and escalates the ticket: one priority level up, and to the queue's lead, who is told, as
//! is the agent it was taken from. Several servers may run it at once: each warning and each
//! breach is claimed by one conditional update (`… WHERE warned_at IS NULL`, `… WHERE
//! breached_at IS NULL`), and only the server whose update changed the row writes the event,
//! the escalation and the notifications, so each happens once. Notifications reach people in
//! their working hours ([`crate::notifications`]).

#![allow(clippy::disallowed_methods)]

use crate::access::ticket_write;
use crate::domain::{NotificationKind, SlaEventKind, TicketPriority};
use crate::entity::{service_queue, sla_clock, sla_event, ticket};
use crate::notifications::{self, News};
use chrono::{DateTime, Utc};
use crm_core::audit::{AuditAction, Diff};
use crm_core::clock::new_id_at;
use crm_core::context::AppContext;
use crm_core::error::AppResult;
use crm_core::principal::Caller;
use crm_core::versioned::{self, Change};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, IntoActiveModel, QueryFilter, QueryOrder, QuerySelect, TransactionTrait,
};
use std::time::Duration;

/// The most breaches one run records (the next run takes the rest).
const BATCH: u64 = 500;

/// One level more urgent; URGENT stays.
pub fn raised(priority: TicketPriority) -> TicketPriority {
    match priority {
        TicketPriority::Low => TicketPriority::Normal,
        TicketPriority::Normal => TicketPriority::High,
        TicketPriority::High | TicketPriority::Urgent => TicketPriority::Urgent,
    }
}

/// Warns of the clocks whose warning is due by `now` (and whose time due is still ahead);
/// returns how many this run warned of.
pub async fn mark_warnings(ctx: &AppContext, now: DateTime<Utc>) -> AppResult<usize> {
    let due = sla_clock::Entity::find()
        .filter(sla_clock::Column::RunningSince.is_not_null())
        .filter(sla_clock::Column::WarnedAt.is_null())
        .filter(sla_clock::Column::BreachedAt.is_null())
        .filter(sla_clock::Column::WarnAt.lte(now))
        .filter(sla_clock::Column::DueAt.gt(now))
        .order_by_asc(sla_clock::Column::WarnAt)
        .limit(BATCH)
        .all(&ctx.db.read)
        .await?;
    let mut warned = 0;
    for clock in due {
        match warn(ctx, &clock, now).await {
            Ok(true) => warned += 1,
            Ok(false) => {}
            Err(error) => tracing::warn!(?error, ticket = %clock.ticket_id, "SLA warning not recorded; the next run tries again"),
        }
    }
    Ok(warned)
}

/// Claims one clock's warning; if this run won it, writes the event and tells the assignee
/// (or, with nobody assigned, the queue's lead), in one transaction.
async fn warn(ctx: &AppContext, clock: &sla_clock::Model, now: DateTime<Utc>) -> AppResult<bool> {
    let (Some(warn_at), Some(due)) = (clock.warn_at, clock.due_at) else { return Ok(false) };
    let txn = ctx.db.write.begin().await?;
    let claimed = sla_clock::Entity::update_many()
        .col_expr(sla_clock::Column::WarnedAt, Expr::value(now))
        .filter(sla_clock::Column::TicketId.eq(clock.ticket_id))
        .filter(sla_clock::Column::Target.eq(clock.target))
        .filter(sla_clock::Column::WarnedAt.is_null())
        .filter(sla_clock::Column::WarnAt.eq(warn_at))
        .exec(&txn)
        .await?;
    if claimed.rows_affected != 1 {
        return Ok(false);
    }
    let Some(ticket) = ticket::Entity::find_by_id(clock.ticket_id).one(&txn).await? else { return Ok(false) };
    let recipient = match ticket.assignee_id {
        Some(assignee) => Some(assignee),
        None => service_queue::Entity::find_by_id(ticket.queue_id).one(&txn).await?.and_then(|queue| queue.lead_id),
    };
    let reason = match (recipient, ticket.assignee_id) {
        (Some(_), Some(_)) => "time due near: the assignee was told",
        (Some(_), None) => "time due near: nobody assigned, the queue's lead was told",
        (None, _) => "time due near: nobody assigned and the queue has no lead",
    };
    timeline_event(&txn, clock, SlaEventKind::Warned, warn_at.min(now), due, reason, now).await?;
    if let Some(recipient) = recipient {
        let news = News { kind: NotificationKind::SlaWarning, ticket_id: ticket.id, target: Some(clock.target), due_at: Some(due) };
        notifications::notify_in(&txn, &[recipient], news, now).await?;
    }
    txn.commit().await?;
    Ok(true)
}

async fn timeline_event(
    txn: &impl ConnectionTrait,
    clock: &sla_clock::Model,
    kind: SlaEventKind,
    at: DateTime<Utc>,
    due: DateTime<Utc>,
    reason: &str,
    now: DateTime<Utc>,
) -> AppResult<()> {
    sla_event::Model {
        id: new_id_at(now),
        ticket_id: clock.ticket_id,
        target: clock.target,
        kind,
        at,
        due_at: Some(due),
        actor_id: None,
        reason: reason.into(),
    }
    .into_active_model()
    .reset_all()
    .insert(txn)
    .await?;
    Ok(())
}

/// Records the breaches due by `now` and escalates their tickets; returns how many breaches
/// this run recorded. A ticket that fails (a concurrent edit) is left for the next run.
pub async fn mark_breaches(ctx: &AppContext, now: DateTime<Utc>) -> AppResult<usize> {
    let overdue = sla_clock::Entity::find()
        .filter(sla_clock::Column::RunningSince.is_not_null())
        .filter(sla_clock::Column::BreachedAt.is_null())
        .filter(sla_clock::Column::DueAt.lte(now))
        .order_by_asc(sla_clock::Column::DueAt)
        .limit(BATCH)
        .all(&ctx.db.read)
        .await?;
    let mut recorded = 0;
    for clock in overdue {
        match breach(ctx, &clock, now).await {
            Ok(true) => recorded += 1,
            Ok(false) => {}
            Err(error) => tracing::warn!(?error, ticket = %clock.ticket_id, "SLA breach not recorded; the next run tries again"),
        }
    }
    Ok(recorded)
}

/// Claims one overdue clock's breach; if this run won it, writes the event and escalates, all
/// in one transaction.
async fn breach(ctx: &AppContext, clock: &sla_clock::Model, now: DateTime<Utc>) -> AppResult<bool> {
    let Some(due) = clock.due_at else { return Ok(false) };
    let txn = ctx.db.write.begin().await?;
    let claimed = sla_clock::Entity::update_many()
        .col_expr(sla_clock::Column::BreachedAt, Expr::value(due))
        .filter(sla_clock::Column::TicketId.eq(clock.ticket_id))
        .filter(sla_clock::Column::Target.eq(clock.target))
        .filter(sla_clock::Column::BreachedAt.is_null())
        .filter(sla_clock::Column::DueAt.eq(due))
        .exec(&txn)
        .await?;
    if claimed.rows_affected != 1 {
        return Ok(false);
    }
    timeline_event(&txn, clock, SlaEventKind::Breached, due, due, "time due passed", now).await?;
    escalate(&txn, clock, due, now).await?;
    txn.commit().await?;
    Ok(true)
}

/// Raises the ticket's priority one level and hands it to its queue's lead (when the queue has
/// one), as the SLA job: the change is in the ticket's audit and the customer's history. The
/// lead and the agent it was taken from are told (the assignee, without a lead).
async fn escalate(txn: &impl ConnectionTrait, clock: &sla_clock::Model, due: DateTime<Utc>, now: DateTime<Utc>) -> AppResult<()> {
    let Some(current) = ticket::Entity::find_by_id(clock.ticket_id).one(txn).await? else { return Ok(()) };
    let lead = service_queue::Entity::find_by_id(current.queue_id).one(txn).await?.and_then(|queue| queue.lead_id);
    let mut next = current.clone();
    next.priority = raised(current.priority);
    if lead.is_some() {
        next.assignee_id = lead;
    }
    let told: Vec<uuid::Uuid> = lead.into_iter().chain(current.assignee_id).collect();
    let news = News { kind: NotificationKind::SlaBreach, ticket_id: current.id, target: Some(clock.target), due_at: Some(due) };
    notifications::notify_in(txn, &told, news, now).await?;
    let mut diff = Diff::new();
    diff.field("priority", &current.priority, &next.priority).field("assigneeId", &current.assignee_id, &next.assignee_id);
    if diff.is_empty() {
        return Ok(());
    }
    let caller = Caller::system("SLA escalation");
    let right = ticket_write(&caller.principal, &current)?;
    versioned::save::<ticket::Entity>(txn, &right, &caller, now, AuditAction::Update, Change { current: &current, next, diff }).await?;
    Ok(())
}

/// Runs [`mark_warnings`] and [`mark_breaches`], sends out the notifications and the tasks'
/// reminders whose time came, ends idle chats, then routes the tickets waiting for an agent, every `period` for as long as the server runs.
pub fn spawn(ctx: AppContext, period: Duration) {
    tokio::spawn(async move {
        let mut every = tokio::time::interval(period);
        loop {
            every.tick().await;
            let now = ctx.clock.now();
            match mark_warnings(&ctx, now).await {
                Ok(0) => {}
                Ok(count) => tracing::info!(count, "SLA warnings recorded"),
                Err(error) => tracing::warn!(?error, "SLA warnings failed; they run again next period"),
            }
            match mark_breaches(&ctx, now).await {
                Ok(0) => {}
                Ok(count) => tracing::info!(count, "SLA breaches recorded and escalated"),
                Err(error) => tracing::warn!(?error, "SLA job failed; it runs again next period"),
            }
            match notifications::deliver_due(&ctx, now).await {
                Ok(0) => {}
                Ok(count) => tracing::info!(count, "notifications delivered"),
                Err(error) => tracing::warn!(?error, "notifications not delivered; they go out next period"),
            }
            // Tasks' reminders ride on this job: one periodic job per server, claimed per row.
            match crm_tasks::reminders::send_due(&ctx, now).await {
                Ok(0) => {}
                Ok(count) => tracing::info!(count, "task reminders sent"),
                Err(error) => tracing::warn!(?error, "task reminders not sent; they go out next period"),
            }
            // Chats left open by a closed browser free their agent's seat.
            match crate::chat::end_idle(&ctx, now).await {
                Ok(0) => {}
                Ok(count) => tracing::info!(count, "idle chats ended"),
                Err(error) => tracing::warn!(?error, "idle chats not ended; they end next period"),
            }
            // Capacity freed by resolutions, agents back at the desk: waiting tickets go out.
            match crate::routing::route_waiting(&ctx, now).await {
                Ok(0) => {}
                Ok(count) => tracing::info!(count, "waiting tickets routed"),
                Err(error) => tracing::warn!(?error, "routing failed; it runs again next period"),
            }
        }
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escalation_raises_one_level_and_urgent_stays() {
        assert_eq!(raised(TicketPriority::Low), TicketPriority::Normal);
        assert_eq!(raised(TicketPriority::High), TicketPriority::Urgent);
        assert_eq!(raised(TicketPriority::Urgent), TicketPriority::Urgent);
    }
}
