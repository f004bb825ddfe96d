//! Inputs of identity administration, shared by GraphQL and the command line.

use super::domain::{PartnerKind, StaffRole, UserKind, ViewList};
use async_graphql::{InputObject, MaybeUndefined, ID};
use crm_core::filters::{IdFilter, StaffRoleFilter, UserKindFilter};

/// Input of createUser (admins).
#[derive(InputObject, Debug, Clone)]
pub struct CreateUserInput {
    /// Login email.
    pub email: String,
    /// Name shown in the app.
    pub display_name: String,
    /// At least 10 characters.
    pub password: String,
    /// Kind of record.
    pub kind: UserKind,
    /// Required for STAFF users.
    pub role: Option<StaffRole>,
    /// Required for PARTNER users: their organisation.
    pub partner_id: Option<ID>,
    /// Required for CUSTOMER users: the customer they act for.
    pub customer_id: Option<ID>,
    /// STAFF users only: their sales team.
    pub sales_team_id: Option<ID>,
}

/// Changes to a user. Deactivating it or setting a new password ends its sessions.
#[derive(InputObject, Debug, Clone)]
pub struct UpdateUserInput {
    /// Id of the record.
    pub id: ID,
    /// The version the change is based on; a newer stored version is a CONFLICT.
    pub version: i32,
    /// Name shown in the app.
    pub display_name: Option<String>,
    /// STAFF users only.
    pub role: Option<StaffRole>,
    /// Whether the account may sign in.
    pub active: Option<bool>,
    /// New password (at least 10 characters).
    pub password: Option<String>,
    /// STAFF users only: their sales team; null takes them out of any.
    pub sales_team_id: MaybeUndefined<ID>,
}

/// Typed filter of the users list.
#[derive(InputObject, Debug, Clone, Default)]
pub struct UserFilter {
    /// Text in the email or display name.
    pub search: Option<String>,
    /// Kind of record.
    pub kind: Option<UserKindFilter>,
    /// Staff role.
    pub role: Option<StaffRoleFilter>,
    /// Partner organisation.
    pub partner_id: Option<IdFilter>,
    /// Whether the account may sign in.
    pub active: Option<bool>,
    /// Sales team.
    pub sales_team_id: Option<IdFilter>,
}

/// Input of createPartnerOrganization (admins).
#[derive(InputObject, Debug, Clone)]
pub struct CreatePartnerOrganizationInput {
    /// Name.
    pub name: String,
    /// Kind of record.
    pub kind: PartnerKind,
    /// ISO 3166-1 alpha-2 code of its home country.
    pub country: Option<String>,
}

/// Changes to a partner organisation; omitted fields keep their value.
#[derive(InputObject, Debug, Clone)]
pub struct UpdatePartnerOrganizationInput {
    /// Id of the record.
    pub id: ID,
    /// The version the change is based on; a newer stored version is a CONFLICT.
    pub version: i32,
    /// Name.
    pub name: Option<String>,
    /// Kind of record.
    pub kind: Option<PartnerKind>,
    /// ISO 3166-1 alpha-2 country code.
    pub country: MaybeUndefined<String>,
}

/// Typed filter of the partner organisations list.
#[derive(InputObject, Debug, Clone, Default)]
pub struct PartnerOrganizationFilter {
    /// Text in the name.
    pub search: Option<String>,
    /// `false` (default): active organisations; `true`: archived ones only.
    pub archived: Option<bool>,
}

/// Input of createSalesTeam (admins).
#[derive(InputObject, Debug, Clone)]
pub struct CreateSalesTeamInput {
    /// Name, e.g. "Nord Italia".
    pub name: String,
}

/// Changes to a sales team.
#[derive(InputObject, Debug, Clone)]
pub struct UpdateSalesTeamInput {
    /// Id of the record.
    pub id: ID,
    /// The version the change is based on; a newer stored version is a CONFLICT.
    pub version: i32,
    /// Name.
    pub name: Option<String>,
}

/// Typed filter of the sales teams list.
#[derive(InputObject, Debug, Clone, Default)]
pub struct SalesTeamFilter {
    /// Text in the name.
    pub search: Option<String>,
    /// `false` (default): active teams; `true`: archived ones only.
    pub archived: Option<bool>,
}

/// Input of saveView: the list's current filters, search and sort under a name.
#[derive(InputObject, Debug, Clone)]
pub struct SaveViewInput {
    /// The list the view belongs to.
    pub list: ViewList,
    /// Its name, 1–80 characters, one per person and list.
    pub name: String,
    /// The list's URL query string (`owner=…&sort=NAME`, with or without `?`; at most 2,000
    /// characters). Paging (`after`, `before`, `skip`) is dropped: a view opens at its start.
    pub query: String,
    /// Whether colleagues see it too: all staff for a staff user's view, the users of the same
    /// partner organisation for a partner user's. Default false.
    #[graphql(default)]
    pub shared: bool,
}

/// Changes to a saved view (its owner only). Omitted fields keep their value.
#[derive(InputObject, Debug, Clone)]
pub struct UpdateSavedViewInput {
    /// Id of the record.
    pub id: ID,
    /// The version the change is based on; a newer stored version is a CONFLICT.
    pub version: i32,
    /// Its name.
    pub name: Option<String>,
    /// The list's URL query string.
    pub query: Option<String>,
    /// Whether colleagues see it too.
    pub shared: Option<bool>,
}
