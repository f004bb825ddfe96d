//! Who reads and changes the company's settings. Everyone signed in reads the profile (it is
//! what the company's documents print); staff read the exchange rates (the figures they see
//! are converted with them); only admins change either.

use crate::entity::company_profile;
use crm_core::error::{AppError, AppResult};
use crm_core::principal::{Principal, StaffRole};
use crm_core::versioned::WriteRight;

/// Proof that the caller may change the company's profile and exchange rates. Only
/// [`company_settings`] makes one.
#[derive(Debug)]
pub struct CompanySettings(());

pub fn company_settings(principal: &Principal) -> AppResult<CompanySettings> {
    match principal {
        Principal::Staff { role: StaffRole::Admin, .. } | Principal::System { .. } => Ok(CompanySettings(())),
        _ => Err(AppError::Forbidden("change the company's settings (admins)")),
    }
}

impl WriteRight<company_profile::Entity> for CompanySettings {
    fn covers(&self, _: &company_profile::Model) -> bool {
        true
    }
}

/// May the caller read the exchange rates (staff and the system)?
pub fn read_rates(principal: &Principal) -> AppResult<()> {
    match principal {
        Principal::Staff { .. } | Principal::System { .. } => Ok(()),
        _ => Err(AppError::Forbidden("read exchange rates (staff)")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crm_core::principal::ApiScope;
    use uuid::Uuid;

    fn staff(role: StaffRole) -> Principal {
        Principal::Staff { user_id: Uuid::nil(), email: "s@example.test".into(), role }
    }

    #[test]
    fn only_admins_change_settings_and_only_staff_read_rates() {
        assert!(company_settings(&staff(StaffRole::Admin)).is_ok());
        assert!(company_settings(&staff(StaffRole::SalesManager)).is_err());
        assert!(read_rates(&staff(StaffRole::Analyst)).is_ok());
        let partner = Principal::Partner { user_id: Uuid::nil(), email: "p@example.test".into(), partner_id: Uuid::nil() };
        assert!(read_rates(&partner).is_err());
        assert!(company_settings(&partner).is_err());
        let key = Principal::Integration { key_id: Uuid::nil(), name: "k".into(), scopes: vec![ApiScope::SalesRead] };
        assert!(read_rates(&key).is_err());
        assert!(company_settings(&key).is_err());
    }
}
