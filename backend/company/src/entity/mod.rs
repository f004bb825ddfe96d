pub mod company_profile;
pub mod exchange_rate;

use crm_core::audit::Subject;

crm_core::versioned!(company_profile, "company profile", |row| Subject::CompanyProfile(row.id));
