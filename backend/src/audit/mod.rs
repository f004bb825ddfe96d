//! The audit log: who changed which record, when, and each field's value before and after.
//! Every mutation of every domain calls `record` inside its own transaction, so a change and
//! its audit entry are committed together or not at all.

pub mod entity;
pub mod graphql;
mod service;

pub use service::{entry, list_entries, record, record_many, AuditAction, AuditFilter, Diff, EntityType};
