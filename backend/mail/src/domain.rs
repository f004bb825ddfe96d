//! The email values shared with the browser app.

pub use crm_contract::mail::{EmailDirection, EmailKind, EmailStatus};
