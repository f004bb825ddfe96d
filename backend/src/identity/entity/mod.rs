//! Tables of the identity domain. Entities are persistence only: the API has its own types.
pub mod partner_organization;
pub mod sales_team;
pub mod user;
