//! The audit log: who changed which record, when, and each field's value before and after.
//! Every mutation of every domain calls `record` inside its own transaction, so a change and
//! its audit entry are committed together or not at all. Admins read the whole log; staff read
//! one customer's history (its own entries and its contacts').

pub mod entity;
mod service;

pub use service::{
    customer_history, entries_by_ids, entry, list_entries, record, record_many, AuditAction, AuditFilter, Diff, EntityType,
    HistoryVisibility, Subject,
};
