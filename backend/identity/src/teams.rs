//! Sales teams: groups of staff that share their opportunities (a rep reads its team's) and
//! that assignment rules and sales metrics work by.

// This module is the repository of its own tables (it has no separate `repo.rs`).
#![allow(clippy::disallowed_methods)]

use super::entity::sales_team;
use super::inputs::{CreateSalesTeamInput, SalesTeamFilter, UpdateSalesTeamInput};
use crate::access::TeamsRead;
use crm_core::access::AdminRights;
use crm_core::audit::{self, AuditAction, Diff, Subject};
use crm_core::clock::new_id_at;
use crm_core::context::AppContext;
use crm_core::error::{AppError, AppResult, InputReason};
use crm_core::filters::{contains, parse_id, search_text};
use crm_core::inputs::VersionedId;
use crm_core::pagination::{fetch_page, id_key, KeyKind, Keyset, Page, PageRequest, SortKey};
use crm_core::principal::Caller;
use crm_core::values::required_text;
use crm_core::versioned::{self, Change};
use crm_core::visible::{Seen, Visible};
use sea_orm::{ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, Select, Set, TransactionTrait};
use uuid::Uuid;

/// Refuses an id that names no active team (BAD_USER_INPUT on `field`).
pub async fn ensure_active(db: &impl ConnectionTrait, id: Uuid, field: &str) -> AppResult<()> {
    sales_team::Entity::find_by_id(id)
        .filter(sales_team::Column::ArchivedAt.is_null())
        .one(db)
        .await?
        .map(|_| ())
        .ok_or_else(|| AppError::invalid(field, InputReason::UnknownReference.with_message("no such active sales team")))
}

pub async fn create(
    ctx: &AppContext,
    caller: &Caller,
    admin: &AdminRights,
    input: CreateSalesTeamInput,
) -> AppResult<Visible<sales_team::Model>> {
    let name = required_text(&input.name, 200).map_err(|why| AppError::invalid("name", why))?;
    let now = ctx.clock.now();
    let txn = ctx.db.write.begin().await?;
    let created = sales_team::ActiveModel {
        id: Set(new_id_at(now)),
        name_sort: Set(name.to_lowercase()),
        name: Set(name),
        created_at: Set(now),
        updated_at: Set(now),
        version: Set(1),
        archived_at: Set(None),
    }
    .insert(&txn)
    .await?;
    let mut diff = Diff::new();
    diff.created("name", &created.name);
    audit::record(&txn, caller, now, AuditAction::Create, Subject::SalesTeam(created.id), diff).await?;
    txn.commit().await?;
    Visible::written(created, admin)
}

async fn at_version(txn: &impl ConnectionTrait, raw: &async_graphql::ID, version: i32) -> AppResult<sales_team::Model> {
    let id = parse_id(raw, "id")?;
    let current = sales_team::Entity::find_by_id(id).one(txn).await?.ok_or(AppError::NotFound("sales team"))?;
    let current = versioned::at_version::<sales_team::Entity>(current, version)?;
    Ok(current)
}

pub async fn update(
    ctx: &AppContext,
    caller: &Caller,
    admin: &AdminRights,
    input: UpdateSalesTeamInput,
) -> AppResult<Visible<sales_team::Model>> {
    let now = ctx.clock.now();
    let txn = ctx.db.write.begin().await?;
    let current = at_version(&txn, &input.id, input.version).await?;
    let mut next = current.clone();
    if let Some(name) = &input.name {
        next.name = required_text(name, 200).map_err(|why| AppError::invalid("name", why))?;
        next.name_sort = next.name.to_lowercase();
    }
    let mut diff = Diff::new();
    diff.field("name", &current.name, &next.name);
    if diff.is_empty() {
        return Visible::written(current, admin);
    }
    let saved =
        versioned::save::<sales_team::Entity>(&txn, admin, caller, now, AuditAction::Update, Change { current: &current, next, diff })
            .await?;
    txn.commit().await?;
    Visible::written(saved, admin)
}

/// Archives or restores a team. Members keep the link (their history stays readable); an
/// archived team takes no new members.
pub async fn set_archived(
    ctx: &AppContext,
    caller: &Caller,
    admin: &AdminRights,
    input: VersionedId,
    archived: bool,
) -> AppResult<Visible<sales_team::Model>> {
    let now = ctx.clock.now();
    let txn = ctx.db.write.begin().await?;
    let current = at_version(&txn, &input.id, input.version).await?;
    let saved = versioned::set_archived::<sales_team::Entity>(&txn, admin, caller, now, current, archived).await?;
    txn.commit().await?;
    Visible::written(saved, admin)
}

/// Teams by id, for whoever may read teams (`node`).
pub async fn by_ids(db: &impl ConnectionTrait, _read: &TeamsRead, ids: &[Uuid]) -> AppResult<Vec<Visible<sales_team::Model>>> {
    Ok(Visible::vouched_all(sales_team::Entity::find().filter(sales_team::Column::Id.is_in(ids.iter().copied())).all(db).await?))
}

/// Teams a visible record refers to (a user's or a rule's team): seen through that record.
pub async fn referenced(db: &impl ConnectionTrait, refs: &[Seen<sales_team::Model>]) -> AppResult<Vec<Visible<sales_team::Model>>> {
    let ids = refs.iter().map(Seen::id);
    Ok(Visible::vouched_all(sales_team::Entity::find().filter(sales_team::Column::Id.is_in(ids)).all(db).await?))
}

struct ByName;

impl Keyset<sales_team::Entity> for ByName {
    fn name(&self) -> String {
        "sales_teams_name".into()
    }
    fn keys(&self) -> Vec<SortKey<sales_team::Column>> {
        vec![
            SortKey { column: sales_team::Column::NameSort, descending: false, kind: KeyKind::Text },
            SortKey { column: sales_team::Column::Id, descending: false, kind: KeyKind::Id },
        ]
    }
    fn values(&self, row: &sales_team::Model) -> Vec<String> {
        vec![row.name_sort.clone(), id_key(&row.id)]
    }
}

/// Teams by name.
pub async fn list(
    db: &impl ConnectionTrait,
    _read: &TeamsRead,
    filter: &SalesTeamFilter,
    page: &PageRequest,
) -> AppResult<(Page<Visible<sales_team::Model>>, Select<sales_team::Entity>)> {
    let mut select = sales_team::Entity::find().filter(if filter.archived.unwrap_or(false) {
        sales_team::Column::ArchivedAt.is_not_null()
    } else {
        sales_team::Column::ArchivedAt.is_null()
    });
    if let Some(text) = search_text(filter.search.as_deref())? {
        select = select.filter(contains(sales_team::Column::NameSort, &text));
    }
    Ok((fetch_page(select.clone(), &ByName, page, db).await?.map(Visible::vouched), select))
}
