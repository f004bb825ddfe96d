//! A ticket's SLA clocks inside one write: loaded with the queue's calendar, moved by the
//! write's steps (start, pause, resume, meet), then saved together with one timeline event per
//! step and the ticket's nearest time due. The arithmetic is `sla::clock`'s. A running clock
//! also keeps when it warns that its time due is near (the policy's warning minutes before),
//! for the SLA job.

#![allow(clippy::disallowed_methods)]

use crate::domain::{SlaEventKind, SlaTarget};
use crate::entity::{service_queue, sla_clock, sla_event, sla_policy, ticket};
use crate::setup::queue_calendar;
use crate::sla::calendar::Calendar;
use crate::sla::clock::ClockState;
use chrono::{DateTime, Utc};
use crm_core::clock::new_id_at;
use crm_core::error::{AppError, AppResult};
use sea_orm::{ActiveModelTrait, ActiveValue::NotSet, ColumnTrait, ConnectionTrait, EntityTrait, IntoActiveModel, QueryFilter};
use std::collections::{HashMap, HashSet};
use uuid::Uuid;

/// Who or what moved a clock, and why: kept on the timeline.
#[derive(Debug, Clone)]
pub struct Step {
    pub at: DateTime<Utc>,
    pub actor: Option<Uuid>,
    pub reason: String,
}

impl Step {
    pub fn new(at: DateTime<Utc>, actor: Option<Uuid>, reason: impl Into<String>) -> Self {
        Self { at, actor, reason: reason.into() }
    }
}

pub struct TicketClocks {
    ticket_id: Uuid,
    calendar: Calendar,
    clocks: HashMap<SlaTarget, ClockState>,
    stored: HashMap<SlaTarget, ClockState>,
    /// The clocks started (again) by this write: their warning is owed anew. Any other
    /// clock's `warned_at` belongs to the SLA job, and a write leaves it as it is.
    restarted: HashSet<SlaTarget>,
    /// Working seconds before a time due at which the policy warns; 0: it does not.
    warning: i64,
    events: Vec<sla_event::Model>,
}

fn state(row: &sla_clock::Model) -> ClockState {
    ClockState {
        target: row.target_seconds,
        used: row.used_seconds,
        running_since: row.running_since,
        due_at: row.due_at,
        met_at: row.met_at,
        breached_at: row.breached_at,
    }
}

impl TicketClocks {
    /// The clocks of `ticket` (none for a new one) on its queue's calendar.
    pub async fn load(db: &impl ConnectionTrait, ticket: &ticket::Model) -> AppResult<Self> {
        let queue = service_queue::Entity::find_by_id(ticket.queue_id).one(db).await?.ok_or(AppError::NotFound("service queue"))?;
        let calendar = queue_calendar(db, &queue).await?;
        let rows = sla_clock::Entity::find().filter(sla_clock::Column::TicketId.eq(ticket.id)).all(db).await?;
        let clocks: HashMap<SlaTarget, ClockState> = rows.iter().map(|row| (row.target, state(row))).collect();
        let warning = match ticket.sla_policy_id {
            Some(id) => sla_policy::Entity::find_by_id(id).one(db).await?.and_then(|policy| policy.warning_minutes),
            None => None,
        };
        Ok(Self {
            ticket_id: ticket.id,
            calendar,
            stored: clocks.clone(),
            clocks,
            restarted: HashSet::new(),
            warning: i64::from(warning.unwrap_or(0)) * 60,
            events: Vec::new(),
        })
    }

    fn event(&mut self, target: SlaTarget, kind: SlaEventKind, at: DateTime<Utc>, due_at: Option<DateTime<Utc>>, step: &Step) {
        self.events.push(sla_event::Model {
            id: new_id_at(step.at),
            ticket_id: self.ticket_id,
            target,
            kind,
            at,
            due_at,
            actor_id: step.actor,
            reason: step.reason.chars().take(200).collect(),
        });
    }

    /// Starts (or starts again) the clock of `target` with `minutes` of working time.
    pub fn start(&mut self, target: SlaTarget, minutes: i32, step: &Step) {
        let clock = ClockState::start(&self.calendar, i64::from(minutes) * 60, step.at);
        let due = clock.due_at;
        self.clocks.insert(target, clock);
        self.restarted.insert(target);
        self.event(target, SlaEventKind::Started, step.at, due, step);
    }

    pub fn is_running(&self, target: SlaTarget) -> bool {
        self.clocks.get(&target).is_some_and(ClockState::is_running)
    }

    /// Whether the clock of `target` was met (and not started again since).
    pub fn is_met(&self, target: SlaTarget) -> bool {
        self.clocks.get(&target).is_some_and(|clock| clock.met_at.is_some())
    }

    /// Meets the clock of `target` if it runs; a late one is marked breached first (when the
    /// job had not yet done it).
    pub fn meet(&mut self, target: SlaTarget, step: &Step) {
        let Some(clock) = self.clocks.get_mut(&target) else { return };
        let due = clock.due_at;
        let Some(within) = clock.meet(&self.calendar, step.at) else { return };
        if !within && clock.breached_at.is_none() {
            let fell_due = due.unwrap_or(step.at).min(step.at);
            clock.breached_at = Some(fell_due);
            self.event(target, SlaEventKind::Breached, fell_due, due, &Step::new(step.at, None, "time due passed"));
        }
        self.event(target, SlaEventKind::Met, step.at, None, step);
    }

    /// Pauses every running clock.
    pub fn pause_all(&mut self, step: &Step) {
        let mut paused = Vec::new();
        for (target, clock) in &mut self.clocks {
            if clock.pause(&self.calendar, step.at) {
                paused.push(*target);
            }
        }
        for target in paused {
            self.event(target, SlaEventKind::Paused, step.at, None, step);
        }
    }

    /// Resumes every paused clock that is not met; with `reopen`, the resolution clock too.
    pub fn resume_all(&mut self, step: &Step, reopen: bool) {
        let mut resumed = Vec::new();
        for (target, clock) in &mut self.clocks {
            if reopen && *target == SlaTarget::Resolution {
                clock.met_at = None;
            }
            if clock.resume(&self.calendar, step.at) {
                resumed.push((*target, clock.due_at));
            }
        }
        for (target, due) in resumed {
            self.event(target, SlaEventKind::Resumed, step.at, due, step);
        }
    }

    /// The nearest time due of the running clocks.
    pub fn nearest_due(&self) -> Option<DateTime<Utc>> {
        self.clocks.values().filter(|clock| clock.is_running()).filter_map(|clock| clock.due_at).min()
    }

    /// Writes the changed clocks and the steps' events.
    pub async fn save(self, txn: &impl ConnectionTrait) -> AppResult<()> {
        for (target, clock) in &self.clocks {
            if self.stored.get(target) == Some(clock) {
                continue;
            }
            let row = sla_clock::Model {
                ticket_id: self.ticket_id,
                target: *target,
                target_seconds: clock.target,
                used_seconds: clock.used,
                running_since: clock.running_since,
                due_at: clock.due_at,
                met_at: clock.met_at,
                breached_at: clock.breached_at,
                warn_at: clock.warn_at(&self.calendar, self.warning),
                warned_at: None,
            };
            let mut row = row.into_active_model().reset_all();
            if self.stored.contains_key(target) {
                if !self.restarted.contains(target) {
                    // The job may have warned since this write read the clock.
                    row.warned_at = NotSet;
                }
                row.update(txn).await?;
            } else {
                row.insert(txn).await?;
            }
        }
        if !self.events.is_empty() {
            sla_event::Entity::insert_many(self.events.into_iter().map(IntoActiveModel::into_active_model)).exec(txn).await?;
        }
        Ok(())
    }
}
