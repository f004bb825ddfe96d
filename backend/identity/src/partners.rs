//! Partner organisations (resellers, distributors): the extended enterprise's members.

// This module is the repository of its own tables (it has no separate `repo.rs`).
#![allow(clippy::disallowed_methods)]

use super::entity::partner_organization;
use super::inputs::{CreatePartnerOrganizationInput, PartnerOrganizationFilter, UpdatePartnerOrganizationInput};
use crate::access::PartnerScope;
use async_graphql::MaybeUndefined;
use crm_core::access::AdminRights;
use crm_core::audit::{self, AuditAction, Diff, Subject};
use crm_core::clock::new_id_at;
use crm_core::context::AppContext;
use crm_core::error::{AppError, AppResult, InputReason};
use crm_core::filters::{contains, parse_id, search_text};
use crm_core::inputs::VersionedId;
use crm_core::pagination::{fetch_page, id_key, KeyKind, Keyset, Page, PageRequest, SortKey};
use crm_core::principal::Caller;
use crm_core::values::{required_text, CountryCode};
use crm_core::versioned::{self, Change};
use crm_core::visible::{Seen, Visible};
use sea_orm::{ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter, Select, Set, TransactionTrait};
use uuid::Uuid;

fn country(raw: Option<&str>) -> AppResult<Option<String>> {
    match raw.map(str::trim) {
        None | Some("") => Ok(None),
        Some(code) => Ok(Some(CountryCode::parse(code).map_err(|why| AppError::invalid("country", why))?.as_str().to_owned())),
    }
}

pub async fn create(
    ctx: &AppContext,
    caller: &Caller,
    admin: &AdminRights,
    input: CreatePartnerOrganizationInput,
) -> AppResult<Visible<partner_organization::Model>> {
    let name = required_text(&input.name, 200).map_err(|why| AppError::invalid("name", why))?;
    let country_code = country(input.country.as_deref())?;
    let now = ctx.clock.now();
    let txn = ctx.db.write.begin().await?;
    let created = partner_organization::ActiveModel {
        id: Set(new_id_at(now)),
        name_sort: Set(name.to_lowercase()),
        name: Set(name),
        kind: Set(input.kind),
        country_code: Set(country_code),
        created_at: Set(now),
        updated_at: Set(now),
        version: Set(1),
        archived_at: Set(None),
    }
    .insert(&txn)
    .await?;
    let mut diff = Diff::new();
    diff.created("name", &created.name).created("kind", &created.kind).created("country", &created.country_code);
    audit::record(&txn, caller, now, AuditAction::Create, Subject::PartnerOrganization(created.id), diff).await?;
    txn.commit().await?;
    Visible::written(created, admin)
}

pub async fn update(
    ctx: &AppContext,
    caller: &Caller,
    admin: &AdminRights,
    input: UpdatePartnerOrganizationInput,
) -> AppResult<Visible<partner_organization::Model>> {
    let id = parse_id(&input.id, "id")?;
    let now = ctx.clock.now();
    let txn = ctx.db.write.begin().await?;
    let current = partner_organization::Entity::find_by_id(id).one(&txn).await?.ok_or(AppError::NotFound("partner organisation"))?;
    let current = versioned::at_version::<partner_organization::Entity>(current, input.version)?;
    let mut next = current.clone();
    if let Some(name) = &input.name {
        next.name = required_text(name, 200).map_err(|why| AppError::invalid("name", why))?;
        next.name_sort = next.name.to_lowercase();
    }
    if let Some(kind) = input.kind {
        next.kind = kind;
    }
    match &input.country {
        MaybeUndefined::Undefined => {}
        MaybeUndefined::Null => next.country_code = None,
        MaybeUndefined::Value(code) => next.country_code = country(Some(code))?,
    }
    let mut diff = Diff::new();
    diff.field("name", &current.name, &next.name).field("kind", &current.kind, &next.kind).field(
        "country",
        &current.country_code,
        &next.country_code,
    );
    if diff.is_empty() {
        return Visible::written(current, admin);
    }
    let saved = versioned::save::<partner_organization::Entity>(
        &txn,
        admin,
        caller,
        now,
        AuditAction::Update,
        Change { current: &current, next, diff },
    )
    .await?;
    txn.commit().await?;
    Visible::written(saved, admin)
}

pub async fn set_archived(
    ctx: &AppContext,
    caller: &Caller,
    admin: &AdminRights,
    input: VersionedId,
    archived: bool,
) -> AppResult<Visible<partner_organization::Model>> {
    let id = parse_id(&input.id, "id")?;
    let now = ctx.clock.now();
    let txn = ctx.db.write.begin().await?;
    let current = partner_organization::Entity::find_by_id(id).one(&txn).await?.ok_or(AppError::NotFound("partner organisation"))?;
    let current = versioned::at_version::<partner_organization::Entity>(current, input.version)?;
    let saved = versioned::set_archived::<partner_organization::Entity>(&txn, admin, caller, now, current, archived).await?;
    txn.commit().await?;
    Visible::written(saved, admin)
}

pub async fn by_ids(db: &impl ConnectionTrait, scope: &PartnerScope, ids: &[Uuid]) -> AppResult<Vec<Visible<partner_organization::Model>>> {
    Ok(Visible::vouched_all(
        partner_organization::Entity::find()
            .filter(partner_organization::Column::Id.is_in(ids.iter().copied()))
            .filter(scope.condition())
            .all(db)
            .await?,
    ))
}

/// Organisations a visible record refers to (a customer's partner): seen through that
/// record, so without a scope of their own.
pub async fn referenced(
    db: &impl ConnectionTrait,
    refs: &[Seen<partner_organization::Model>],
) -> AppResult<Vec<Visible<partner_organization::Model>>> {
    let ids = refs.iter().map(Seen::id);
    Ok(Visible::vouched_all(partner_organization::Entity::find().filter(partner_organization::Column::Id.is_in(ids)).all(db).await?))
}

struct ByName;

impl Keyset<partner_organization::Entity> for ByName {
    fn name(&self) -> String {
        "partners_name".into()
    }
    fn keys(&self) -> Vec<SortKey<partner_organization::Column>> {
        vec![
            SortKey { column: partner_organization::Column::NameSort, descending: false, kind: KeyKind::Text },
            SortKey { column: partner_organization::Column::Id, descending: false, kind: KeyKind::Id },
        ]
    }
    fn values(&self, row: &partner_organization::Model) -> Vec<String> {
        vec![row.name_sort.clone(), id_key(&row.id)]
    }
}

pub async fn list(
    db: &impl ConnectionTrait,
    scope: &PartnerScope,
    filter: &PartnerOrganizationFilter,
    page: &PageRequest,
) -> AppResult<(Page<Visible<partner_organization::Model>>, Select<partner_organization::Entity>)> {
    let mut cond = scope.condition();
    cond = cond.add(if filter.archived.unwrap_or(false) {
        partner_organization::Column::ArchivedAt.is_not_null()
    } else {
        partner_organization::Column::ArchivedAt.is_null()
    });
    if let Some(text) = search_text(filter.search.as_deref())? {
        cond = cond.add(contains(partner_organization::Column::NameSort, &text));
    }
    let select = partner_organization::Entity::find().filter(cond);
    Ok((fetch_page(select.clone(), &ByName, page, db).await?.map(Visible::vouched), select))
}

/// Refuses ids that do not all name active partner organisations (BAD_USER_INPUT on
/// `field`): the check other domains make of a partner they are given.
pub async fn ensure_active(db: &impl ConnectionTrait, ids: &[Uuid], field: &str) -> AppResult<()> {
    let ids: std::collections::HashSet<Uuid> = ids.iter().copied().collect();
    if ids.is_empty() {
        return Ok(());
    }
    let found = partner_organization::Entity::find()
        .filter(partner_organization::Column::Id.is_in(ids.iter().copied()))
        .filter(partner_organization::Column::ArchivedAt.is_null())
        .count(db)
        .await?;
    if found as usize == ids.len() {
        Ok(())
    } else {
        Err(AppError::invalid(field, InputReason::UnknownReference.with_message("no such active partner organisation")))
    }
}
