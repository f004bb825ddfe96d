//! Tables of the identity domain. Entities are persistence only: the API has its own types.
pub mod partner_organization;
pub mod sales_team;
pub mod user;

// How each mutable table is written (`crate::versioned`): its name in refusals and the
// audit subject of its changes.
use crate::audit::Subject;
crate::versioned!(partner_organization, "partner organisation", |row| Subject::PartnerOrganization(row.id));
crate::archivable!(partner_organization);
crate::versioned!(sales_team, "sales team", |row| Subject::SalesTeam(row.id));
crate::archivable!(sales_team);
crate::versioned!(user, "user", |row| Subject::User(row.id));
