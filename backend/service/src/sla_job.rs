//! The SLA job: marks the clocks that ran past their time due as breached, on the ticket's
//! timeline, and escalates the ticket: one priority level up, and to the queue's lead. Several
//! servers may run it at once: each breach is claimed by one conditional update (`… WHERE
//! breached_at IS NULL`), and only the server whose update changed the row writes the event
//! and the escalation, so a breach is recorded and escalated once.

#![allow(clippy::disallowed_methods)]

use crate::access::ticket_write;
use crate::domain::{SlaEventKind, TicketPriority};
use crate::entity::{service_queue, sla_clock, sla_event, ticket};
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
    sla_event::Model {
        id: new_id_at(now),
        ticket_id: clock.ticket_id,
        target: clock.target,
        kind: SlaEventKind::Breached,
        at: due,
        due_at: Some(due),
        actor_id: None,
        reason: "time due passed".into(),
    }
    .into_active_model()
    .reset_all()
    .insert(&txn)
    .await?;
    escalate(&txn, clock.ticket_id, now).await?;
    txn.commit().await?;
    Ok(true)
}

/// Raises the ticket's priority one level and hands it to its queue's lead (when the queue has
/// one), as the SLA job: the change is in the ticket's audit and the customer's history.
async fn escalate(txn: &impl ConnectionTrait, ticket_id: uuid::Uuid, now: DateTime<Utc>) -> AppResult<()> {
    let Some(current) = ticket::Entity::find_by_id(ticket_id).one(txn).await? else { return Ok(()) };
    let lead = service_queue::Entity::find_by_id(current.queue_id).one(txn).await?.and_then(|queue| queue.lead_id);
    let mut next = current.clone();
    next.priority = raised(current.priority);
    if lead.is_some() {
        next.assignee_id = lead;
    }
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

/// Runs [`mark_breaches`], then routes the tickets waiting for an agent, every `period` for as
/// long as the server runs.
pub fn spawn(ctx: AppContext, period: Duration) {
    tokio::spawn(async move {
        let mut every = tokio::time::interval(period);
        loop {
            every.tick().await;
            let now = ctx.clock.now();
            match mark_breaches(&ctx, now).await {
                Ok(0) => {}
                Ok(count) => tracing::info!(count, "SLA breaches recorded and escalated"),
                Err(error) => tracing::warn!(?error, "SLA job failed; it runs again next period"),
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
