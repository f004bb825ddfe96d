//! Who imports, and whose jobs each caller sees. Importing customers needs the customers
//! crate's [`CustomerImport`] right (admins, sales managers, keys with `import` and
//! `customers:write`); a job and its report are read by whoever started it, and by admins.

use crm_core::error::{AppError, AppResult};
use crm_core::principal::Principal;
use crm_customers::access::{customer_import, CustomerImport};
use crm_identity::domain::StaffRole;
use uuid::Uuid;

/// May the caller import at all (upload a file, read its own jobs)? Today every import is
/// of customers, so it is the customers' import right.
pub fn importer(principal: &Principal) -> AppResult<CustomerImport> {
    customer_import(principal)
}

/// The jobs (and uploaded files) a caller reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum JobScope {
    /// Every job: admins and the system.
    All,
    /// The jobs this user or API key started.
    Own(Uuid),
}

impl JobScope {
    /// Importers read their own jobs, admins every job; anyone else is refused.
    pub fn of(principal: &Principal) -> AppResult<Self> {
        match principal {
            Principal::Staff { role: StaffRole::Admin, .. } | Principal::System { .. } => Ok(Self::All),
            _ => {
                importer(principal)?;
                principal.actor_id().map(Self::Own).ok_or(AppError::Forbidden("read import jobs"))
            }
        }
    }

    /// Whether a job or file of `actor` is within the scope.
    pub fn reaches(self, actor: Option<Uuid>) -> bool {
        match self {
            Self::All => true,
            Self::Own(id) => actor == Some(id),
        }
    }
}
