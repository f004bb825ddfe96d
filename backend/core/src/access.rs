//! Access control: what each principal may see and do. Security-sensitive; keep it small,
//! explicit and tested per principal kind (see `server/tests/api/access.rs`).
//!
//! Design: services never decide visibility themselves. They ask an `access` module for a
//! scope or a rights token derived from the caller — `CustomerScope` for reads, `AdminRights`
//! for admin chores — and repository functions *require* that value as a parameter. Neither
//! can be built outside its module except through the checks there, so an unscoped query
//! cannot be written by accident. Each domain crate has its own `access` module for its
//! records (`crm_customers::access`, `crm_sales::access`, `crm_identity::access`); this one
//! holds the rights that depend on the principal alone.
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
//! The sales rules (issue #4) are in `crm_sales::access`.

use crate::audit::HistoryVisibility;
use crate::error::{AppError, AppResult};
use crate::principal::{Principal, StaffRole};

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

/// Proof that the caller may read the change history (audit entries) of the customers it
/// sees, carrying which of a history's entries it sees. Only `customer_history` makes one.
#[derive(Debug)]
pub struct CustomerHistoryRights {
    visible: HistoryVisibility,
}

impl CustomerHistoryRights {
    /// The entries of a visible customer's history this caller sees.
    pub fn visible(&self) -> &HistoryVisibility {
        &self.visible
    }
}

/// Staff of every role read a visible customer's history. Partner and customer users and API
/// keys may not: entries name the staff who made each change and keep values the record no
/// longer shows, which is internal business. `visible` says which entries the caller sees:
/// each domain adds the kinds of record it owns as far as the caller's scopes reach
/// (`crm_customers::access::history_visibility`, `crm_sales::access::history_visibility`).
pub fn customer_history(principal: &Principal, visible: HistoryVisibility) -> AppResult<CustomerHistoryRights> {
    match principal {
        Principal::Staff { .. } | Principal::System { .. } => Ok(CustomerHistoryRights { visible }),
        Principal::Partner { .. } | Principal::Customer { .. } | Principal::Integration { .. } => {
            Err(AppError::Forbidden("read the change history of customers"))
        }
    }
}
