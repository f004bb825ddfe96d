//! The core every domain of the CRM stands on: errors and refusal reasons, parsing values,
//! database connections, the clock, keyset pagination, typed filters, the principal (who is
//! calling), the audit log, document numbers and the one versioned write. It knows no
//! domain: domains depend on it, never the other way round.

pub mod access;
pub mod audit;
pub mod clock;
pub mod consent;
pub mod context;
pub mod credentials;
pub mod db;
pub mod depth;
pub mod error;
pub mod event_log;
pub mod events;
pub mod filters;
pub mod inputs;
pub mod numbering;
pub mod pagination;
pub mod parse_cache;
pub mod principal;
pub mod retry;
pub mod text;
pub mod values;
pub mod versioned;
pub mod visible;
