//! Reminders: when an open task's reminder time comes, its owner hears it live (a notice of
//! topic `TaskReminder`, read afresh through the owner's scope by the API's subscription) and
//! finds it flagged in their tasks. Run by the service desk's periodic job; each reminder goes
//! out once across servers, claimed by one conditional update of `reminded_at`.
//!
//! `reminded_at` is bookkeeping, not a change of the task: it is written without a new version
//! (a person editing the task at that moment is not refused for it) and without an audit entry.

#![allow(clippy::disallowed_methods)]

use crate::domain::TaskStatus;
use crate::entity::task;
use chrono::{DateTime, Utc};
use crm_core::context::AppContext;
use crm_core::error::AppResult;
use crm_core::events::{Notice, Topic};
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect};

/// The most reminders one run sends (the next run takes the rest).
const BATCH: u64 = 500;

/// Sends the reminders due at `now`; returns how many this server sent.
pub async fn send_due(ctx: &AppContext, now: DateTime<Utc>) -> AppResult<usize> {
    let due = task::Entity::find()
        .filter(task::Column::Status.eq(TaskStatus::Open))
        .filter(task::Column::RemindAt.lte(now))
        .filter(task::Column::RemindedAt.is_null())
        .order_by_asc(task::Column::RemindAt)
        .limit(BATCH)
        .all(&ctx.db.read)
        .await?;
    let mut sent = 0;
    for task in due {
        // Claimed by whichever server updates the row first; the reminder time is part of the
        // claim, so a reminder moved meanwhile waits for its new time.
        let claimed = task::Entity::update_many()
            .col_expr(task::Column::RemindedAt, Expr::value(now))
            .filter(task::Column::Id.eq(task.id))
            .filter(task::Column::RemindedAt.is_null())
            .filter(task::Column::RemindAt.eq(task.remind_at))
            .filter(task::Column::Status.eq(TaskStatus::Open))
            .exec(&ctx.db.write)
            .await?;
        if claimed.rows_affected == 1 {
            ctx.db
                .events()
                .publish(&ctx.db.write, Notice { user_id: task.owner_id, topic: Topic::TaskReminder, record_id: task.id })
                .await?;
            sent += 1;
        }
    }
    Ok(sent)
}
