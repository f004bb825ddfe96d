//! Value types of the identity domain. These enums are stored as text and exposed in the API
//! under the same names, so they derive both mappings (an enum is a value, not an entity); they
//! are declared in `crm-contract`, shared with the browser app.

pub use crm_contract::identity::{PartnerKind, ViewList};
pub use crm_core::principal::{StaffRole, UserKind};
