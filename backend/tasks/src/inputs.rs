//! Inputs of the tasks.

use crate::domain::{TaskPriority, TaskStatus, TaskSubject};
use async_graphql::{InputObject, ID};
use chrono::{DateTime, Utc};

/// The record a task concerns.
#[derive(InputObject, Debug, Clone)]
pub struct TaskAboutInput {
    /// Its kind.
    pub subject: TaskSubject,
    /// Its id.
    pub id: ID,
}

/// Input of addTask.
#[derive(InputObject, Debug, Clone)]
pub struct AddTaskInput {
    /// What to do (1 to 200 characters).
    pub title: String,
    /// More about it (at most 4,000 characters).
    pub details: Option<String>,
    /// The record it concerns, which the caller must see; none for a personal to-do.
    pub about: Option<TaskAboutInput>,
    /// Whose task it is: an active staff user (staff may give tasks to colleagues); partner
    /// users only open tasks for themselves. Default: the caller.
    pub owner_id: Option<ID>,
    /// When it is due.
    pub due_at: DateTime<Utc>,
    /// When to remind the owner (before `dueAt`); none: no reminder.
    pub remind_at: Option<DateTime<Utc>>,
    /// Default NORMAL.
    #[graphql(default)]
    pub priority: TaskPriority,
}

/// Changes to a task (its owner, whoever opened it, a manager or an admin). Fields left out
/// stay as they are.
#[derive(InputObject, Debug, Clone)]
pub struct UpdateTaskInput {
    /// Id of the task.
    pub id: ID,
    /// The version the change is based on; a newer stored version is a CONFLICT.
    pub version: i32,
    /// What to do (1 to 200 characters).
    pub title: Option<String>,
    /// The new details; an empty text removes them.
    pub details: Option<String>,
    /// Hands the task to another active staff user.
    pub owner_id: Option<ID>,
    /// When it is due.
    pub due_at: Option<DateTime<Utc>>,
    /// A new reminder time (it goes out again at that time).
    pub remind_at: Option<DateTime<Utc>>,
    /// `true` removes the reminder. May not be given with `remindAt`.
    #[graphql(default)]
    pub clear_reminder: bool,
    /// How urgent it is.
    pub priority: Option<TaskPriority>,
}

/// Input of setTaskStatus.
#[derive(InputObject, Debug, Clone)]
pub struct SetTaskStatusInput {
    /// Id of the task.
    pub id: ID,
    /// The version the change is based on; a newer stored version is a CONFLICT.
    pub version: i32,
    /// DONE (completed by the caller, now), CANCELLED, or OPEN again.
    pub status: TaskStatus,
}

crm_core::enum_filter!(TaskStatusFilter, TaskStatus);

/// Filter of the tasks list. Without any, every task the caller may read.
#[derive(InputObject, Debug, Clone, Default)]
pub struct TaskFilter {
    /// The tasks about one record.
    pub about: Option<TaskAboutInput>,
    /// The tasks about a customer and its contacts, deals, orders and tickets.
    pub customer_id: Option<ID>,
    /// `true`: the caller's own tasks.
    pub mine: Option<bool>,
    /// The tasks of one person.
    pub owner_id: Option<ID>,
    /// Only these statuses.
    pub status: Option<TaskStatusFilter>,
    /// Only tasks due before this time (with `status: {in: [OPEN]}`: the overdue ones at now).
    pub due_before: Option<DateTime<Utc>>,
}
