//! Path analytics of a published version: how many runs reached each node, how many ended
//! there, how many were dropped there (left, or idle for [`IDLE_DROP`]), and the resolution
//! rate. Counts over the step and run indexes, a fixed number of statements per version.

#![allow(clippy::disallowed_methods)]

use crate::access::ScriptKeeping;
use crate::domain::{ScriptChannel, ScriptRunStatus};
use crate::entity::{script_run, script_run_step};
use crate::runs::IDLE_DROP;
use crate::tree::Tree;
use chrono::{DateTime, Utc};
use crm_core::error::AppResult;
use sea_orm::sea_query::{Expr, Query};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QuerySelect};
use std::collections::HashMap;
use uuid::Uuid;

/// The figures of one node.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct NodeFigures {
    pub key: String,
    /// Runs that reached it.
    pub reached: i64,
    /// Runs that ended there (an end node).
    pub ended: i64,
    /// Runs left there, or idle there for longer than [`IDLE_DROP`].
    pub dropped: i64,
}

/// The figures of one version.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct VersionFigures {
    pub runs: i64,
    pub resolved: i64,
    pub handed_off: i64,
    pub dropped: i64,
    /// Under way and not idle.
    pub active: i64,
    /// Per node, in the tree's order.
    pub nodes: Vec<NodeFigures>,
}

impl VersionFigures {
    /// Resolved runs among the finished ones (resolved, handed off, dropped); `None` before
    /// any finished.
    pub fn resolution_rate(&self) -> Option<f64> {
        let finished = self.resolved + self.handed_off + self.dropped;
        (finished > 0).then(|| self.resolved as f64 / finished as f64)
    }
}

/// The figures of the version `version_id` of `tree`, for all its runs or one channel's
/// (admins and service managers: `_right`).
pub async fn of_version(
    db: &impl ConnectionTrait,
    _right: &ScriptKeeping,
    version_id: Uuid,
    tree: &Tree,
    channel: Option<ScriptChannel>,
    now: DateTime<Utc>,
) -> AppResult<VersionFigures> {
    let runs_of_channel = |channel: ScriptChannel| {
        Query::select()
            .column(script_run::Column::Id)
            .from(script_run::Entity)
            .and_where(script_run::Column::VersionId.eq(version_id))
            .and_where(script_run::Column::Channel.eq(channel))
            .to_owned()
    };
    let mut steps = script_run_step::Entity::find()
        .select_only()
        .column(script_run_step::Column::NodeKey)
        .column_as(Expr::col(script_run_step::Column::RunId).count_distinct(), "reached")
        .filter(script_run_step::Column::VersionId.eq(version_id))
        .group_by(script_run_step::Column::NodeKey);
    let mut runs = script_run::Entity::find()
        .select_only()
        .column(script_run::Column::Status)
        .column(script_run::Column::CurrentNode)
        .column_as(Expr::col(script_run::Column::Id).count(), "runs")
        .filter(script_run::Column::VersionId.eq(version_id))
        .group_by(script_run::Column::Status)
        .group_by(script_run::Column::CurrentNode);
    let mut idle = script_run::Entity::find()
        .select_only()
        .column(script_run::Column::CurrentNode)
        .column_as(Expr::col(script_run::Column::Id).count(), "runs")
        .filter(script_run::Column::VersionId.eq(version_id))
        .filter(script_run::Column::Status.eq(ScriptRunStatus::Active))
        .filter(script_run::Column::UpdatedAt.lt(now - IDLE_DROP))
        .group_by(script_run::Column::CurrentNode);
    if let Some(channel) = channel {
        steps = steps.filter(script_run_step::Column::RunId.in_subquery(runs_of_channel(channel)));
        runs = runs.filter(script_run::Column::Channel.eq(channel));
        idle = idle.filter(script_run::Column::Channel.eq(channel));
    }
    let reached: HashMap<String, i64> = steps.into_tuple::<(String, i64)>().all(db).await?.into_iter().collect();
    let idle: HashMap<String, i64> = idle.into_tuple::<(String, i64)>().all(db).await?.into_iter().collect();
    let mut figures = VersionFigures::default();
    let mut ended: HashMap<String, i64> = HashMap::new();
    let mut dropped: HashMap<String, i64> = idle.clone();
    for (status, node, count) in runs.into_tuple::<(ScriptRunStatus, String, i64)>().all(db).await? {
        figures.runs += count;
        match status {
            ScriptRunStatus::Resolved => figures.resolved += count,
            ScriptRunStatus::HandedOff => figures.handed_off += count,
            ScriptRunStatus::Abandoned => figures.dropped += count,
            ScriptRunStatus::Active => figures.active += count,
        }
        match status {
            ScriptRunStatus::Resolved | ScriptRunStatus::HandedOff => *ended.entry(node).or_default() += count,
            ScriptRunStatus::Abandoned => *dropped.entry(node).or_default() += count,
            ScriptRunStatus::Active => {}
        }
    }
    let idle_total: i64 = idle.values().sum();
    figures.dropped += idle_total;
    figures.active -= idle_total;
    figures.nodes = tree
        .nodes
        .iter()
        .map(|node| NodeFigures {
            key: node.key.clone(),
            reached: reached.get(&node.key).copied().unwrap_or(0),
            ended: ended.get(&node.key).copied().unwrap_or(0),
            dropped: dropped.get(&node.key).copied().unwrap_or(0),
        })
        .collect();
    Ok(figures)
}
