//! The SLA job: marks the clocks that ran past their time due as breached, on the ticket's
//! timeline. Several servers may run it at once: each breach is claimed by one conditional
//! update (`… WHERE breached_at IS NULL`), and only the server whose update changed the row
//! writes the event, so a breach is recorded once.

#![allow(clippy::disallowed_methods)]

use crate::domain::SlaEventKind;
use crate::entity::{sla_clock, sla_event};
use chrono::{DateTime, Utc};
use crm_core::clock::new_id_at;
use crm_core::context::AppContext;
use crm_core::error::AppResult;
use sea_orm::sea_query::Expr;
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, IntoActiveModel, QueryFilter, QueryOrder, QuerySelect, TransactionTrait};
use std::time::Duration;

/// The most breaches one run records (the next run takes the rest).
const BATCH: u64 = 500;

/// Records the breaches due by `now`; returns how many this run recorded.
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
        let Some(due) = clock.due_at else { continue };
        let txn = ctx.db.write.begin().await?;
        let claimed = sla_clock::Entity::update_many()
            .col_expr(sla_clock::Column::BreachedAt, Expr::value(due))
            .filter(sla_clock::Column::TicketId.eq(clock.ticket_id))
            .filter(sla_clock::Column::Target.eq(clock.target))
            .filter(sla_clock::Column::BreachedAt.is_null())
            .filter(sla_clock::Column::DueAt.eq(due))
            .exec(&txn)
            .await?;
        if claimed.rows_affected == 1 {
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
            recorded += 1;
        }
        txn.commit().await?;
    }
    Ok(recorded)
}

/// Runs [`mark_breaches`] every `period` for as long as the server runs.
pub fn spawn(ctx: AppContext, period: Duration) {
    tokio::spawn(async move {
        let mut every = tokio::time::interval(period);
        loop {
            every.tick().await;
            let now = ctx.clock.now();
            match mark_breaches(&ctx, now).await {
                Ok(0) => {}
                Ok(count) => tracing::info!(count, "SLA breaches recorded"),
                Err(error) => tracing::warn!(?error, "SLA job failed; it runs again next period"),
            }
        }
    });
}
