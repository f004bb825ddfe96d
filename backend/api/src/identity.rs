//! The identity API: users and partner organisations, their queries and admin mutations.

use crate::connection;
use crate::connection::page_cost;
use crate::customers::loaders::CustomerById;
use crate::customers::Customer;
use crate::payload;
use crate::request::loader;
use crate::types::Country;
use crate::{app, caller};
use async_graphql::dataloader::Loader;
use async_graphql::{Context, Object, Result, SimpleObject, ID};
use chrono::{DateTime, Utc};
use crm_core::access::{require_admin, require_staff};
use crm_core::db::Db;
use crm_core::pagination::PageRequest;
use crm_core::visible::{Seen, Visible};
use crm_customers::inputs::VersionedId;
use crm_identity::access::teams_read;
use crm_identity::access::{PartnerScope, UserScope};
use crm_identity::domain::{PartnerKind, StaffRole, UserKind};
use crm_identity::entity::{partner_organization, sales_team, user};
use crm_identity::inputs::{
    CreatePartnerOrganizationInput, CreateSalesTeamInput, CreateUserInput, PartnerOrganizationFilter, SalesTeamFilter,
    UpdatePartnerOrganizationInput, UpdateSalesTeamInput, UpdateUserInput, UserFilter,
};
use crm_identity::{partners, teams, users};
use std::collections::HashMap;

/// A user account: staff, partner user or customer portal user.
#[derive(Clone)]
pub struct User(Visible<user::Model>);

impl From<Visible<user::Model>> for User {
    fn from(row: Visible<user::Model>) -> Self {
        Self(row)
    }
}

/// A user account: staff, partner user or customer portal user.
#[Object]
impl User {
    /// Unique id (UUIDv7).
    pub async fn id(&self) -> ID {
        ID(self.0.id.to_string())
    }
    /// Login email, lower-case.
    async fn email(&self) -> &str {
        &self.0.email
    }
    /// Name shown in the app.
    async fn display_name(&self) -> &str {
        &self.0.display_name
    }
    /// Staff, partner or customer account.
    async fn kind(&self) -> UserKind {
        self.0.kind
    }
    /// Role of a staff user.
    async fn role(&self) -> Option<StaffRole> {
        self.0.role
    }
    /// Inactive users cannot sign in.
    async fn active(&self) -> bool {
        self.0.active
    }
    /// The organisation of a partner user.
    async fn partner_organization(&self, ctx: &Context<'_>) -> Result<Option<PartnerOrganization>> {
        let Some(key) = self.0.seen(|r| r.partner_id) else { return Ok(None) };
        Ok(loader::<PartnerById>(ctx)?.load_one(key).await?.map(PartnerOrganization))
    }
    /// The sales team of a staff user.
    async fn sales_team(&self, ctx: &Context<'_>) -> Result<Option<SalesTeam>> {
        let Some(key) = self.0.seen(|r| r.sales_team_id) else { return Ok(None) };
        Ok(loader::<SalesTeamById>(ctx)?.load_one(key).await?.map(SalesTeam))
    }
    /// The customer a customer user acts for, when visible to the caller.
    async fn customer(&self, ctx: &Context<'_>) -> Result<Option<Customer>> {
        let Some(id) = self.0.customer_id else { return Ok(None) };
        Ok(loader::<CustomerById>(ctx)?.load_one(id).await?.map(Customer::from))
    }
    /// When the account was created.
    async fn created_at(&self) -> DateTime<Utc> {
        self.0.created_at
    }
    /// When the account last changed.
    async fn updated_at(&self) -> DateTime<Utc> {
        self.0.updated_at
    }
    /// Increases with every change; send it back with updates.
    async fn version(&self) -> i32 {
        self.0.version
    }
}

/// A partner organisation (reseller, distributor) of the extended enterprise.
#[derive(Clone)]
pub struct PartnerOrganization(Visible<partner_organization::Model>);

impl From<Visible<partner_organization::Model>> for PartnerOrganization {
    fn from(row: Visible<partner_organization::Model>) -> Self {
        Self(row)
    }
}

/// A partner organisation (reseller, distributor) of the extended enterprise.
#[Object]
impl PartnerOrganization {
    /// Unique id (UUIDv7).
    pub async fn id(&self) -> ID {
        ID(self.0.id.to_string())
    }
    /// Organisation name.
    async fn name(&self) -> &str {
        &self.0.name
    }
    /// Reseller or distributor.
    async fn kind(&self) -> PartnerKind {
        self.0.kind
    }
    /// Home country.
    async fn country(&self) -> Option<Country> {
        Country::from_code(self.0.country_code.as_deref())
    }
    /// When the organisation was created.
    async fn created_at(&self) -> DateTime<Utc> {
        self.0.created_at
    }
    /// When the organisation last changed.
    async fn updated_at(&self) -> DateTime<Utc> {
        self.0.updated_at
    }
    /// Increases with every change; send it back with updates.
    async fn version(&self) -> i32 {
        self.0.version
    }
    /// Archived organisations keep their history but take no new assignments.
    async fn archived(&self) -> bool {
        self.0.archived_at.is_some()
    }
}

/// A group of staff that shares its opportunities and is measured together.
#[derive(Clone)]
pub struct SalesTeam(Visible<sales_team::Model>);

impl From<Visible<sales_team::Model>> for SalesTeam {
    fn from(row: Visible<sales_team::Model>) -> Self {
        Self(row)
    }
}

/// A group of staff that shares its opportunities and is measured together.
#[Object]
impl SalesTeam {
    /// Unique id (UUIDv7).
    pub async fn id(&self) -> ID {
        ID(self.0.id.to_string())
    }
    /// Team name.
    async fn name(&self) -> &str {
        &self.0.name
    }
    /// When the team was created.
    async fn created_at(&self) -> DateTime<Utc> {
        self.0.created_at
    }
    /// Increases with every change; send it back with updates.
    async fn version(&self) -> i32 {
        self.0.version
    }
    /// Archived teams take no new members.
    async fn archived(&self) -> bool {
        self.0.archived_at.is_some()
    }
}

/// Sales teams a visible record refers to (a user's or an assignment rule's team).
pub struct SalesTeamById {
    pub db: Db,
}

impl Loader<Seen<sales_team::Model>> for SalesTeamById {
    type Value = Visible<sales_team::Model>;
    type Error = async_graphql::Error;

    async fn load(&self, keys: &[Seen<sales_team::Model>]) -> Result<HashMap<Seen<sales_team::Model>, Self::Value>, Self::Error> {
        Ok(Seen::index(keys, teams::referenced(&self.db.read, keys).await?, |t| t.id))
    }
}

/// Users a visible record refers to (a customer's owner), and the caller's own account.
pub struct UserById {
    pub db: Db,
}

impl Loader<Seen<user::Model>> for UserById {
    type Value = Visible<user::Model>;
    type Error = async_graphql::Error;

    async fn load(&self, keys: &[Seen<user::Model>]) -> Result<HashMap<Seen<user::Model>, Self::Value>, Self::Error> {
        Ok(Seen::index(keys, users::referenced_users(&self.db.read, keys).await?, |u| u.id))
    }
}

/// Partner organisations a visible record refers to, and a partner user's own organisation.
pub struct PartnerById {
    pub db: Db,
}

impl Loader<Seen<partner_organization::Model>> for PartnerById {
    type Value = Visible<partner_organization::Model>;
    type Error = async_graphql::Error;

    async fn load(
        &self,
        keys: &[Seen<partner_organization::Model>],
    ) -> Result<HashMap<Seen<partner_organization::Model>, Self::Value>, Self::Error> {
        Ok(Seen::index(keys, partners::referenced(&self.db.read, keys).await?, |p| p.id))
    }
}

connection!(UserConnection, UserEdge, User, user::Entity, "user accounts");
connection!(SalesTeamConnection, SalesTeamEdge, SalesTeam, sales_team::Entity, "sales teams");
payload!(SalesTeamPayload, sales_team, SalesTeam, "Result of a sales team mutation.");
connection!(
    PartnerOrganizationConnection,
    PartnerOrganizationEdge,
    PartnerOrganization,
    partner_organization::Entity,
    "partner organisations"
);

/// Result of createUser.
#[derive(SimpleObject)]
pub struct CreateUserPayload {
    /// The new user.
    pub user: User,
}

/// Result of updateUser.
#[derive(SimpleObject)]
pub struct UpdateUserPayload {
    /// The user as saved.
    pub user: User,
}

/// Result of a partner organisation mutation.
#[derive(SimpleObject)]
pub struct PartnerOrganizationPayload {
    /// The organisation as saved.
    pub partner_organization: PartnerOrganization,
}

#[derive(Default)]
pub struct IdentityQuery;

#[Object]
impl IdentityQuery {
    /// User accounts (staff only; partner users see their colleagues), by email.
    #[graphql(complexity = "page_cost(first, last, child_complexity)")]
    async fn users(
        &self,
        ctx: &Context<'_>,
        first: Option<i32>,
        after: Option<String>,
        last: Option<i32>,
        before: Option<String>,
        filter: Option<UserFilter>,
    ) -> Result<UserConnection> {
        let caller = caller(ctx)?;
        if !matches!(caller.principal, crm_core::principal::Principal::Partner { .. }) {
            require_staff(&caller.principal)?;
        }
        let scope = UserScope::of(&caller.principal)?;
        let page = PageRequest::from_relay(first, after, last, before)?;
        let (page, all) = users::list_users(&app(ctx)?.db.read, &scope, &filter.unwrap_or_default(), &page).await?;
        Ok(UserConnection::new(page, all, User))
    }

    /// Partner organisations visible to the caller, by name.
    #[graphql(complexity = "page_cost(first, last, child_complexity)")]
    async fn partner_organizations(
        &self,
        ctx: &Context<'_>,
        first: Option<i32>,
        after: Option<String>,
        last: Option<i32>,
        before: Option<String>,
        filter: Option<PartnerOrganizationFilter>,
    ) -> Result<PartnerOrganizationConnection> {
        let caller = caller(ctx)?;
        let scope = PartnerScope::of(&caller.principal)?;
        let page = PageRequest::from_relay(first, after, last, before)?;
        let (page, all) = partners::list(&app(ctx)?.db.read, &scope, &filter.unwrap_or_default(), &page).await?;
        Ok(PartnerOrganizationConnection::new(page, all, PartnerOrganization))
    }

    /// Sales teams, by name (staff and API keys with `sales:read`).
    #[graphql(complexity = "page_cost(first, last, child_complexity)")]
    async fn sales_teams(
        &self,
        ctx: &Context<'_>,
        first: Option<i32>,
        after: Option<String>,
        last: Option<i32>,
        before: Option<String>,
        filter: Option<SalesTeamFilter>,
    ) -> Result<SalesTeamConnection> {
        let read = teams_read(&caller(ctx)?.principal)?;
        let page = PageRequest::from_relay(first, after, last, before)?;
        let (page, all) = teams::list(&app(ctx)?.db.read, &read, &filter.unwrap_or_default(), &page).await?;
        Ok(SalesTeamConnection::new(page, all, SalesTeam))
    }
}

#[derive(Default)]
pub struct IdentityMutation;

#[Object]
impl IdentityMutation {
    /// Creates a user account (admins).
    async fn create_user(&self, ctx: &Context<'_>, input: CreateUserInput) -> Result<CreateUserPayload> {
        let caller = caller(ctx)?;
        let admin = require_admin(&caller.principal)?;
        Ok(CreateUserPayload { user: User(users::create_user(app(ctx)?, caller, &admin, input).await?) })
    }

    /// Changes a user account (admins). Deactivation and password changes end its sessions.
    async fn update_user(&self, ctx: &Context<'_>, input: UpdateUserInput) -> Result<UpdateUserPayload> {
        let caller = caller(ctx)?;
        let admin = require_admin(&caller.principal)?;
        Ok(UpdateUserPayload { user: User(users::update_user(app(ctx)?, caller, &admin, input).await?) })
    }

    /// Creates a partner organisation (admins).
    async fn create_partner_organization(
        &self,
        ctx: &Context<'_>,
        input: CreatePartnerOrganizationInput,
    ) -> Result<PartnerOrganizationPayload> {
        let caller = caller(ctx)?;
        let admin = require_admin(&caller.principal)?;
        let org = partners::create(app(ctx)?, caller, &admin, input).await?;
        Ok(PartnerOrganizationPayload { partner_organization: PartnerOrganization(org) })
    }

    /// Changes a partner organisation (admins).
    async fn update_partner_organization(
        &self,
        ctx: &Context<'_>,
        input: UpdatePartnerOrganizationInput,
    ) -> Result<PartnerOrganizationPayload> {
        let caller = caller(ctx)?;
        let admin = require_admin(&caller.principal)?;
        let org = partners::update(app(ctx)?, caller, &admin, input).await?;
        Ok(PartnerOrganizationPayload { partner_organization: PartnerOrganization(org) })
    }

    /// Archives a partner organisation (admins).
    async fn archive_partner_organization(&self, ctx: &Context<'_>, input: VersionedId) -> Result<PartnerOrganizationPayload> {
        let caller = caller(ctx)?;
        let admin = require_admin(&caller.principal)?;
        let org = partners::set_archived(app(ctx)?, caller, &admin, input, true).await?;
        Ok(PartnerOrganizationPayload { partner_organization: PartnerOrganization(org) })
    }

    /// Creates a sales team (admins).
    async fn create_sales_team(&self, ctx: &Context<'_>, input: CreateSalesTeamInput) -> Result<SalesTeamPayload> {
        let caller = caller(ctx)?;
        let admin = require_admin(&caller.principal)?;
        Ok(SalesTeamPayload { sales_team: SalesTeam(teams::create(app(ctx)?, caller, &admin, input).await?) })
    }

    /// Renames a sales team (admins).
    async fn update_sales_team(&self, ctx: &Context<'_>, input: UpdateSalesTeamInput) -> Result<SalesTeamPayload> {
        let caller = caller(ctx)?;
        let admin = require_admin(&caller.principal)?;
        Ok(SalesTeamPayload { sales_team: SalesTeam(teams::update(app(ctx)?, caller, &admin, input).await?) })
    }

    /// Archives a sales team (admins); its members keep the link.
    async fn archive_sales_team(&self, ctx: &Context<'_>, input: VersionedId) -> Result<SalesTeamPayload> {
        let caller = caller(ctx)?;
        let admin = require_admin(&caller.principal)?;
        Ok(SalesTeamPayload { sales_team: SalesTeam(teams::set_archived(app(ctx)?, caller, &admin, input, true).await?) })
    }

    /// Restores an archived sales team (admins).
    async fn restore_sales_team(&self, ctx: &Context<'_>, input: VersionedId) -> Result<SalesTeamPayload> {
        let caller = caller(ctx)?;
        let admin = require_admin(&caller.principal)?;
        Ok(SalesTeamPayload { sales_team: SalesTeam(teams::set_archived(app(ctx)?, caller, &admin, input, false).await?) })
    }

    /// Restores an archived partner organisation (admins).
    async fn restore_partner_organization(&self, ctx: &Context<'_>, input: VersionedId) -> Result<PartnerOrganizationPayload> {
        let caller = caller(ctx)?;
        let admin = require_admin(&caller.principal)?;
        let org = partners::set_archived(app(ctx)?, caller, &admin, input, false).await?;
        Ok(PartnerOrganizationPayload { partner_organization: PartnerOrganization(org) })
    }
}

crate::db_loader!(SalesTeamById, UserById, PartnerById);

crate::node_lookup!("sales teams, users, then partner organisations", |db, principal, ids| {
    use crate::node::{remaining, Node};
    let mut found = Vec::new();
    if let Ok(read) = crm_identity::access::teams_read(principal) {
        found.extend(teams::by_ids(db, &read, ids).await?.into_iter().map(|r| (r.id, Node::SalesTeam(SalesTeam(r)))));
    }
    if let Ok(scope) = crm_identity::access::UserScope::of(principal) {
        let rest = remaining(ids, &found);
        if !rest.is_empty() {
            found.extend(users::users_by_ids(db, &scope, &rest).await?.into_iter().map(|r| (r.id, Node::User(User(r)))));
        }
    }
    if let Ok(scope) = crm_identity::access::PartnerScope::of(principal) {
        let rest = remaining(ids, &found);
        if !rest.is_empty() {
            found.extend(
                partners::by_ids(db, &scope, &rest).await?.into_iter().map(|r| (r.id, Node::PartnerOrganization(PartnerOrganization(r)))),
            );
        }
    }
    Ok(found)
});
