//! User accounts: created and changed by admins (or the command line), read by scope.

// This module is the repository of its own tables (it has no separate `repo.rs`).
#![allow(clippy::disallowed_methods)]

use super::domain::{StaffRole, UserKind};
use super::entity::{partner_organization, user};
use super::inputs::{CreateUserInput, UpdateUserInput, UserFilter};
use crate::access::UserScope;
use crate::auth::password::{hash_password, validate_new_password};
use crate::auth::sessions::revoke_user_sessions;
use crm_core::access::AdminRights;
use crm_core::audit::{self, AuditAction, Diff, Subject};
use crm_core::clock::new_id_at;
use crm_core::context::AppContext;
use crm_core::error::{AppError, AppResult, InputReason, Refused};
use crm_core::filters::{contains, parse_id, search_text, IdFilter};
use crm_core::pagination::{fetch_page, id_key, KeyKind, Keyset, Page, PageRequest, SortKey};
use crm_core::principal::Caller;
use crm_core::values::{required_text, Email};
use crm_core::versioned::{self, Change};
use crm_core::visible::{Seen, Visible};
use sea_orm::sea_query::{Condition, Query, SelectStatement};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder, QuerySelect, Select, Set,
    TransactionTrait,
};
use uuid::Uuid;

pub async fn create_user(
    ctx: &AppContext,
    caller: &Caller,
    admin: &AdminRights,
    input: CreateUserInput,
) -> AppResult<Visible<user::Model>> {
    let email = Email::parse(&input.email).map_err(|why| AppError::invalid("email", why))?;
    let display_name = required_text(&input.display_name, 200).map_err(|why| AppError::invalid("displayName", why))?;
    validate_new_password(&input.password)?;
    let partner_id = input.partner_id.as_ref().map(|id| parse_id(id, "partnerId")).transpose()?;
    let customer_id = input.customer_id.as_ref().map(|id| parse_id(id, "customerId")).transpose()?;
    let required = |field: &str, message: &str| AppError::invalid(field, InputReason::Required.with_message(message));
    let (role, partner_id, customer_id) = match input.kind {
        UserKind::Staff => (Some(input.role.ok_or_else(|| required("role", "staff users need a role"))?), None, None),
        UserKind::Partner => (None, Some(partner_id.ok_or_else(|| required("partnerId", "partner users need their organisation"))?), None),
        UserKind::Customer => (None, None, Some(customer_id.ok_or_else(|| required("customerId", "customer users need their customer"))?)),
    };
    if input.kind != UserKind::Staff && input.role.is_some() {
        return Err(AppError::invalid("role", InputReason::NotApplicable.with_message("only staff users have a role")));
    }
    let sales_team_id = input.sales_team_id.as_ref().map(|id| parse_id(id, "salesTeamId")).transpose()?;
    if input.kind != UserKind::Staff && sales_team_id.is_some() {
        return Err(AppError::invalid("salesTeamId", InputReason::NotApplicable.with_message("only staff users belong to sales teams")));
    }
    // Refuse a taken email before spending tens of milliseconds on hashing; the check is
    // repeated inside the transaction for a concurrent creation.
    ensure_email_free(&ctx.db.read, &email).await?;
    let password_hash = hash_password(input.password.clone()).await?;
    let now = ctx.clock.now();
    let txn = ctx.db.write.begin().await?;
    if let Some(id) = partner_id {
        partner_organization::Entity::find_by_id(id)
            .filter(partner_organization::Column::ArchivedAt.is_null())
            .one(&txn)
            .await?
            .ok_or_else(|| {
                AppError::invalid("partnerId", InputReason::UnknownReference.with_message("no such active partner organisation"))
            })?;
    }
    if let Some(id) = sales_team_id {
        super::teams::ensure_active(&txn, id, "salesTeamId").await?;
    }
    ensure_email_free(&txn, &email).await?;
    let created = user::ActiveModel {
        id: Set(new_id_at(now)),
        email: Set(email.as_str().to_owned()),
        password_hash: Set(password_hash),
        display_name: Set(display_name),
        kind: Set(input.kind),
        role: Set(role),
        partner_id: Set(partner_id),
        customer_id: Set(customer_id),
        active: Set(true),
        sales_team_id: Set(sales_team_id),
        created_at: Set(now),
        updated_at: Set(now),
        version: Set(1),
    }
    .insert(&txn)
    .await
    .taken_as("email", || InputReason::EmailTaken { value: email.as_str().to_owned() })
    // The customer of a customer user is checked by the foreign key: identity sits below the
    // customers domain and does not read its tables.
    .unknown_as("customerId", "no such customer")?;
    let mut diff = Diff::new();
    diff.created("email", &created.email)
        .created("displayName", &created.display_name)
        .created("kind", &created.kind)
        .created("role", &created.role)
        .created("partnerId", &created.partner_id)
        .created("customerId", &created.customer_id)
        .created("salesTeamId", &created.sales_team_id)
        .redacted("password");
    audit::record(&txn, caller, now, AuditAction::Create, Subject::User(created.id), diff).await?;
    txn.commit().await?;
    Visible::written(created, admin)
}

async fn ensure_email_free(db: &impl ConnectionTrait, email: &Email) -> AppResult<()> {
    if user::Entity::find().filter(user::Column::Email.eq(email.as_str())).one(db).await?.is_some() {
        return Err(AppError::taken("email", InputReason::EmailTaken { value: email.as_str().to_owned() }));
    }
    Ok(())
}

pub async fn update_user(
    ctx: &AppContext,
    caller: &Caller,
    admin: &AdminRights,
    input: UpdateUserInput,
) -> AppResult<Visible<user::Model>> {
    let id = parse_id(&input.id, "id")?;
    let new_hash = match &input.password {
        Some(password) => {
            validate_new_password(password)?;
            Some(hash_password(password.clone()).await?)
        }
        None => None,
    };
    let now = ctx.clock.now();
    let txn = ctx.db.write.begin().await?;
    let current = user::Entity::find_by_id(id).one(&txn).await?.ok_or(AppError::NotFound("user"))?;
    let current = versioned::at_version::<user::Entity>(current, input.version)?;
    let mut next = current.clone();
    if let Some(name) = &input.display_name {
        next.display_name = required_text(name, 200).map_err(|why| AppError::invalid("displayName", why))?;
    }
    if let Some(role) = input.role {
        if current.kind != UserKind::Staff {
            return Err(AppError::invalid("role", InputReason::NotApplicable.with_message("only staff users have a role")));
        }
        next.role = Some(role);
    }
    if let Some(active) = input.active {
        if !active && caller.principal.user_id() == Some(current.id) {
            return Err(AppError::invalid("active", InputReason::CannotDeactivateSelf));
        }
        next.active = active;
    }
    if let Some(hash) = new_hash {
        next.password_hash = hash;
    }
    match &input.sales_team_id {
        async_graphql::MaybeUndefined::Undefined => {}
        async_graphql::MaybeUndefined::Null => next.sales_team_id = None,
        async_graphql::MaybeUndefined::Value(raw) => {
            if current.kind != UserKind::Staff {
                return Err(AppError::invalid(
                    "salesTeamId",
                    InputReason::NotApplicable.with_message("only staff users belong to sales teams"),
                ));
            }
            let team = parse_id(raw, "salesTeamId")?;
            if current.sales_team_id != Some(team) {
                super::teams::ensure_active(&txn, team, "salesTeamId").await?;
            }
            next.sales_team_id = Some(team);
        }
    }
    let mut diff = Diff::new();
    diff.field("displayName", &current.display_name, &next.display_name)
        .field("role", &current.role, &next.role)
        .field("active", &current.active, &next.active)
        .field("salesTeamId", &current.sales_team_id, &next.sales_team_id);
    if next.password_hash != current.password_hash {
        diff.redacted("password");
    }
    if diff.is_empty() {
        return Visible::written(current, admin);
    }
    let saved =
        versioned::save::<user::Entity>(&txn, admin, caller, now, AuditAction::Update, Change { current: &current, next, diff }).await?;
    if !saved.active || saved.password_hash != current.password_hash {
        revoke_user_sessions(&txn, current.id, now).await?;
    }
    txn.commit().await?;
    // Whatever changed (role, activity, password), the user's sessions are checked again.
    ctx.db.credentials().invalidate();
    Visible::written(saved, admin)
}

/// Users a visible record refers to (a customer's owner): seen through that record, so
/// without a scope of their own.
pub async fn referenced_users(db: &impl ConnectionTrait, refs: &[Seen<user::Model>]) -> AppResult<Vec<Visible<user::Model>>> {
    let ids = refs.iter().map(Seen::id);
    Ok(Visible::vouched_all(user::Entity::find().filter(user::Column::Id.is_in(ids)).all(db).await?))
}

pub async fn users_by_ids(db: &impl ConnectionTrait, scope: &UserScope, ids: &[Uuid]) -> AppResult<Vec<Visible<user::Model>>> {
    let rows = user::Entity::find().filter(user::Column::Id.is_in(ids.iter().copied())).filter(scope.condition()).all(db).await?;
    Ok(Visible::vouched_all(rows))
}

/// By email, then id.
struct ByEmail;

impl Keyset<user::Entity> for ByEmail {
    fn name(&self) -> String {
        "users_email".into()
    }
    fn keys(&self) -> Vec<SortKey<user::Column>> {
        vec![
            SortKey { column: user::Column::Email, descending: false, kind: KeyKind::Text },
            SortKey { column: user::Column::Id, descending: false, kind: KeyKind::Id },
        ]
    }
    fn values(&self, row: &user::Model) -> Vec<String> {
        vec![row.email.clone(), id_key(&row.id)]
    }
}

pub async fn list_users(
    db: &impl ConnectionTrait,
    scope: &UserScope,
    filter: &UserFilter,
    page: &PageRequest,
) -> AppResult<(Page<Visible<user::Model>>, Select<user::Entity>)> {
    let mut cond = scope.condition();
    if let Some(text) = search_text(filter.search.as_deref())? {
        cond = cond.add(Condition::any().add(contains(user::Column::Email, &text)).add(contains(user::Column::DisplayName, &text)));
    }
    if let Some(f) = &filter.kind {
        cond = cond.add(f.condition(user::Column::Kind, "filter.kind")?);
    }
    if let Some(f) = &filter.role {
        cond = cond.add(f.condition(user::Column::Role, "filter.role")?);
    }
    if let Some(f) = &filter.partner_id {
        cond = cond.add(f.condition(user::Column::PartnerId, "filter.partnerId")?);
    }
    if let Some(active) = filter.active {
        cond = cond.add(user::Column::Active.eq(active));
    }
    if let Some(f) = &filter.sales_team_id {
        cond = cond.add(f.condition(user::Column::SalesTeamId, "filter.salesTeamId")?);
    }
    let select = user::Entity::find().filter(cond);
    Ok((fetch_page(select.clone(), &ByEmail, page, db).await?.map(Visible::vouched), select))
}

/// For the command line: is the given role a staff role name?
pub fn parse_role(name: &str) -> Option<StaffRole> {
    use async_graphql::resolver_utils::EnumType;
    StaffRole::items().iter().find(|item| item.name.eq_ignore_ascii_case(name)).map(|item| item.value)
}

/// A user's display name, for text the user signs (a macro's `{{agent}}`).
pub async fn display_name(db: &impl ConnectionTrait, id: Uuid) -> AppResult<Option<String>> {
    Ok(user::Entity::find_by_id(id).one(db).await?.map(|row| row.display_name))
}

/// Refuses ids that do not all name active staff users (BAD_USER_INPUT on `field`): the
/// check other domains make of an owner or assignee they are given.
pub async fn ensure_active_staff(db: &impl ConnectionTrait, ids: &[Uuid], field: &str) -> AppResult<()> {
    ensure_active_staff_in(db, ids, &[], field, "no such active staff user").await
}

/// Refuses ids that do not all name active staff users with one of `roles` (any role when
/// empty), saying `why` on `field`.
pub async fn ensure_active_staff_in(db: &impl ConnectionTrait, ids: &[Uuid], roles: &[StaffRole], field: &str, why: &str) -> AppResult<()> {
    let ids: std::collections::HashSet<Uuid> = ids.iter().copied().collect();
    if ids.is_empty() {
        return Ok(());
    }
    let mut select = user::Entity::find()
        .filter(user::Column::Id.is_in(ids.iter().copied()))
        .filter(user::Column::Kind.eq(UserKind::Staff))
        .filter(user::Column::Active.eq(true));
    if !roles.is_empty() {
        select = select.filter(user::Column::Role.is_in(roles.iter().copied()));
    }
    if select.count(db).await? as usize == ids.len() {
        Ok(())
    } else {
        Err(AppError::invalid(field, InputReason::UnknownReference.with_message(why)))
    }
}

/// The ids of the active staff users with these emails (lower-cased), by email: how an
/// import names an owner.
pub async fn active_staff_by_email(db: &impl ConnectionTrait, emails: &[String]) -> AppResult<std::collections::HashMap<String, Uuid>> {
    if emails.is_empty() {
        return Ok(Default::default());
    }
    let rows: Vec<(Uuid, String)> = user::Entity::find()
        .select_only()
        .column(user::Column::Id)
        .column(user::Column::Email)
        .filter(user::Column::Email.is_in(emails.iter().cloned()))
        .filter(user::Column::Kind.eq(UserKind::Staff))
        .filter(user::Column::Active.eq(true))
        .into_tuple()
        .all(db)
        .await?;
    Ok(rows.into_iter().map(|(id, email)| (email, id)).collect())
}

/// The active staff users with one of `roles`, by display name: a desk's people.
pub async fn active_staff_in(db: &impl ConnectionTrait, roles: &[StaffRole]) -> AppResult<Vec<Visible<user::Model>>> {
    let rows = user::Entity::find()
        .filter(user::Column::Kind.eq(UserKind::Staff))
        .filter(user::Column::Active.eq(true))
        .filter(user::Column::Role.is_in(roles.iter().copied()))
        .order_by_asc(user::Column::DisplayName)
        .order_by_asc(user::Column::Id)
        .all(db)
        .await?;
    Ok(Visible::vouched_all(rows))
}

/// The ids of the active staff users, as a subquery: routing hands tickets only to people who
/// may still sign in.
pub fn active_staff_ids() -> SelectStatement {
    Query::select()
        .column(user::Column::Id)
        .from(user::Entity)
        .and_where(user::Column::Kind.eq(UserKind::Staff))
        .and_where(user::Column::Active.eq(true))
        .to_owned()
}

/// The active staff members of a sales team, by id (the order round robin walks).
pub async fn active_members_of_team(db: &impl ConnectionTrait, team: Uuid) -> AppResult<Vec<Uuid>> {
    let members = user::Entity::find()
        .filter(user::Column::SalesTeamId.eq(team))
        .filter(user::Column::Kind.eq(UserKind::Staff))
        .filter(user::Column::Active.eq(true))
        .order_by_asc(user::Column::Id)
        .all(db)
        .await?;
    Ok(members.into_iter().map(|u| u.id).collect())
}

/// The sales teams whose members `team_member_ids` selects.
#[derive(Debug, Clone)]
pub struct Teams(Condition);

impl Teams {
    /// The team `user_id` belongs to (its members include the user): a sales rep's team.
    /// Resolved in the statement that uses it, so moving a user to another team takes effect at
    /// once.
    pub fn of_user(user_id: Uuid) -> Self {
        let team = Query::select().column(user::Column::SalesTeamId).from(user::Entity).and_where(user::Column::Id.eq(user_id)).to_owned();
        Self(Condition::all().add(user::Column::SalesTeamId.in_subquery(team)))
    }

    /// The teams a client's filter names (`in`, `isNull`); a malformed id is refused on `field`.
    pub fn matching(filter: &IdFilter, field: &str) -> AppResult<Self> {
        filter.condition(user::Column::SalesTeamId, field).map(Self)
    }
}

/// The ids of the users in `teams`, as a subquery: other domains select the records owned by
/// a team (`owner_id IN (…)`) in their own statement without naming this table's columns.
pub fn team_member_ids(teams: Teams) -> SelectStatement {
    Query::select().column(user::Column::Id).from(user::Entity).cond_where(teams.0).to_owned()
}
