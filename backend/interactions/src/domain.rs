//! The interactions' enums, declared in the contract shared with the app.

pub use crm_contract::interactions::{InteractionChannel, InteractionDirection, InteractionKind};
