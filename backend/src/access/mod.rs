//! Access control: what each principal may see and do. Security-sensitive; keep it small,
//! explicit and tested per principal kind (see `tests/api/access.rs`).
//!
//! Design: services never decide visibility themselves. They ask this module for a scope or
//! a rights token derived from the caller — `CustomerScope` for reads, `AdminRights` for admin
//! chores — and repository functions *require* that value as a parameter. Neither can be
//! built outside this module except through the checks below, so an unscoped query cannot
//! be written by accident.
//!
//! The rules (issue #2):
//! - staff of every role read all customers; ADMIN and SALES_MANAGER edit all, SALES_REP
//!   edits the customers it owns, other roles only read;
//! - a partner user reads and edits only customers assigned to its organisation;
//! - a customer user reads only its own customer and contacts, and edits its contacts'
//!   details and consent (not the customer record);
//! - an API key reads with `customers:read` and writes with `customers:write`;
//! - staff of every role read a customer's change history (the audit entries of it and its
//!   contacts); partner users, customer users and API keys may not;
//! - a record the caller may not see is NOT_FOUND; one it sees but may not change is
//!   FORBIDDEN.
//!
//! The sales rules (issue #4) are in `sales.rs`.

pub mod customers;
pub mod identity;
pub mod sales;

use crate::auth::Principal;
use crate::error::{AppError, AppResult};
use crate::identity::domain::StaffRole;

/// Proof that the caller may administer users, partner organisations, API keys and read the
/// audit log. Only `require_admin` makes one.
#[derive(Debug)]
pub struct AdminRights(());

pub fn require_admin(principal: &Principal) -> AppResult<AdminRights> {
    match principal {
        Principal::Staff { role: StaffRole::Admin, .. } | Principal::System { .. } => Ok(AdminRights(())),
        _ => Err(AppError::Forbidden("administer the CRM")),
    }
}

/// Staff and the system may look up colleagues (owners of customers, assignees).
pub fn require_staff(principal: &Principal) -> AppResult<()> {
    match principal {
        Principal::Staff { .. } | Principal::System { .. } => Ok(()),
        _ => Err(AppError::Forbidden("list staff users")),
    }
}
