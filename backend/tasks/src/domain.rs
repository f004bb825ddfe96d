//! The tasks' enums, declared in the contract shared with the app.

pub use crm_contract::tasks::{TaskOrigin, TaskPriority, TaskStatus, TaskSubject};
