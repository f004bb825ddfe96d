//! Value types of leads, stored as text and exposed in the API under the same names; declared
//! in `crm-contract`, shared with the browser app.

pub use crm_contract::sales::{AssignmentTarget, LeadStatus};
