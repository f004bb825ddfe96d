//! Tables of the identity domain. Entities are persistence only: the API has its own types.
pub mod partner_organization;
pub mod sales_team;
pub mod saved_view;
pub mod user;

// How each mutable table is written (`crm_core::versioned`): its name in refusals and the
// audit subject of its changes.
use crm_core::audit::Subject;
crm_core::versioned!(partner_organization, "partner organisation", |row| Subject::PartnerOrganization(row.id));
crm_core::archivable!(partner_organization);
crm_core::versioned!(sales_team, "sales team", |row| Subject::SalesTeam(row.id));
crm_core::archivable!(sales_team);
crm_core::versioned!(user, "user", |row| Subject::User(row.id));
crm_core::versioned!(saved_view, "saved view", |row| Subject::SavedView(row.id));
