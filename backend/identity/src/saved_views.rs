//! Saved views: a list's filters, search and sort under a name ("My deals", "Closing this
//! month"), for the person who saved it and, when shared, their colleagues: all staff for a
//! staff user's view, the users of one partner organisation for a partner user's. A view is a
//! person's way of working: customer users and API keys have none.

// This module is the repository of its own table (it has no separate `repo.rs`).
#![allow(clippy::disallowed_methods)]

use super::domain::ViewList;
use super::entity::saved_view;
use super::inputs::{SaveViewInput, UpdateSavedViewInput};
use crm_core::audit::{self, AuditAction, Diff, Subject};
use crm_core::clock::new_id_at;
use crm_core::context::AppContext;
use crm_core::error::{AppError, AppResult, InputReason, Refused};
use crm_core::filters::parse_id;
use crm_core::principal::{Caller, Principal, StaffRole};
use crm_core::values::required_text;
use crm_core::versioned::{self, Change, WriteRight};
use crm_core::visible::Visible;
use sea_orm::sea_query::Condition;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, IntoActiveModel, PaginatorTrait, QueryFilter, QueryOrder, QuerySelect,
    TransactionTrait,
};
use uuid::Uuid;

/// The most views one person keeps per list.
pub const MAX_OWN_VIEWS: u64 = 50;
/// The most shared views a list offers (by name).
pub const MAX_SHARED_VIEWS: u64 = 100;
const MAX_NAME: usize = 80;
const MAX_QUERY: usize = 2000;
/// Query keys of a list's page, not of what it shows.
const PAGING_KEYS: [&str; 3] = ["after", "before", "skip"];

/// Who keeps views, and with whom they share them.
#[derive(Debug, Clone, Copy)]
pub struct ViewKeeper {
    user_id: Uuid,
    partner_id: Option<Uuid>,
    admin: bool,
}

impl ViewKeeper {
    pub fn of(principal: &Principal) -> AppResult<Self> {
        match principal {
            Principal::Staff { user_id, role, .. } => Ok(Self { user_id: *user_id, partner_id: None, admin: *role == StaffRole::Admin }),
            Principal::Partner { user_id, partner_id, .. } => Ok(Self { user_id: *user_id, partner_id: Some(*partner_id), admin: false }),
            Principal::Customer { .. } | Principal::Integration { .. } | Principal::System { .. } => {
                Err(AppError::Forbidden("keep saved views (people working in the lists only)"))
            }
        }
    }

    /// Whether `view` is this person's own.
    pub fn owns(&self, view: &saved_view::Model) -> bool {
        view.owner_id == self.user_id
    }

    /// Whether this person may change or delete `view`.
    pub fn may_edit(&self, view: &saved_view::Model) -> bool {
        view_edit(self, view).is_ok()
    }

    /// The views this person sees: its own, and those its colleagues share.
    fn condition(&self) -> Condition {
        let colleagues = match self.partner_id {
            Some(partner) => saved_view::Column::PartnerId.eq(partner),
            None => saved_view::Column::PartnerId.is_null(),
        };
        Condition::any()
            .add(saved_view::Column::OwnerId.eq(self.user_id))
            .add(Condition::all().add(saved_view::Column::Shared.eq(true)).add(colleagues))
    }
}

/// Proof that the caller may change or delete one view: its owner, or an admin for a view
/// shared with all staff (to tidy the list everyone sees).
#[derive(Debug)]
pub struct ViewEdit {
    view_id: Uuid,
}

impl WriteRight<saved_view::Entity> for ViewEdit {
    fn covers(&self, row: &saved_view::Model) -> bool {
        row.id == self.view_id
    }
}

fn view_edit(keeper: &ViewKeeper, view: &saved_view::Model) -> AppResult<ViewEdit> {
    let own = view.owner_id == keeper.user_id;
    let tidied_by_admin = keeper.admin && view.shared && view.partner_id.is_none();
    if own || tidied_by_admin {
        Ok(ViewEdit { view_id: view.id })
    } else {
        Err(AppError::Forbidden("change another person's saved view"))
    }
}

/// The caller's views of `list` and those shared with it, by name; its own come first among
/// equal names. At most [`MAX_OWN_VIEWS`] + [`MAX_SHARED_VIEWS`].
pub async fn list(ctx: &AppContext, caller: &Caller, list: ViewList) -> AppResult<Vec<Visible<saved_view::Model>>> {
    let keeper = ViewKeeper::of(&caller.principal)?;
    let rows = saved_view::Entity::find()
        .filter(saved_view::Column::List.eq(list))
        .filter(keeper.condition())
        .order_by_asc(saved_view::Column::NameSort)
        .order_by_asc(saved_view::Column::Id)
        .limit(MAX_OWN_VIEWS + MAX_SHARED_VIEWS)
        .all(&ctx.db.read)
        .await?;
    Ok(Visible::vouched_all(rows))
}

pub async fn save(ctx: &AppContext, caller: &Caller, input: SaveViewInput) -> AppResult<Visible<saved_view::Model>> {
    let keeper = ViewKeeper::of(&caller.principal)?;
    let name = view_name(&input.name)?;
    let query = canonical_query(&input.query)?;
    let now = ctx.clock.now();
    let txn = ctx.db.write.begin().await?;
    let own = saved_view::Entity::find()
        .filter(saved_view::Column::OwnerId.eq(keeper.user_id))
        .filter(saved_view::Column::List.eq(input.list))
        .count(&txn)
        .await?;
    if own >= MAX_OWN_VIEWS {
        return Err(AppError::invalid("list", InputReason::TooMany { max: MAX_OWN_VIEWS as usize }));
    }
    ensure_name_free(&txn, &keeper, input.list, &name, None).await?;
    let created = saved_view::Model {
        id: new_id_at(now),
        owner_id: keeper.user_id,
        partner_id: keeper.partner_id,
        list: input.list,
        name_sort: name.to_lowercase(),
        name,
        query,
        shared: input.shared,
        created_at: now,
        updated_at: now,
        version: 1,
    };
    let created = created.into_active_model().reset_all().insert(&txn).await.taken_as("name", || InputReason::AlreadyExists)?;
    let mut diff = Diff::new();
    diff.created("list", &created.list).created("name", &created.name).created("query", &created.query).created("shared", &created.shared);
    audit::record(&txn, caller, now, AuditAction::Create, Subject::SavedView(created.id), diff).await?;
    txn.commit().await?;
    Ok(Visible::vouched(created))
}

pub async fn update(ctx: &AppContext, caller: &Caller, input: UpdateSavedViewInput) -> AppResult<Visible<saved_view::Model>> {
    let keeper = ViewKeeper::of(&caller.principal)?;
    let now = ctx.clock.now();
    let txn = ctx.db.write.begin().await?;
    let (current, right) = load_for_edit(&txn, &keeper, &input.id, input.version).await?;
    let mut next = current.clone();
    if let Some(name) = &input.name {
        next.name = view_name(name)?;
        next.name_sort = next.name.to_lowercase();
        if next.name_sort != current.name_sort {
            ensure_name_free(&txn, &keeper, current.list, &next.name, Some(current.id)).await?;
        }
    }
    if let Some(query) = &input.query {
        next.query = canonical_query(query)?;
    }
    if let Some(shared) = input.shared {
        next.shared = shared;
    }
    let mut diff = Diff::new();
    diff.field("name", &current.name, &next.name).field("query", &current.query, &next.query).field(
        "shared",
        &current.shared,
        &next.shared,
    );
    if diff.is_empty() {
        return Visible::written(current, &right);
    }
    let saved =
        versioned::save::<saved_view::Entity>(&txn, &right, caller, now, AuditAction::Update, Change { current: &current, next, diff })
            .await
            // A rename racing another save of the same name: the unique index refuses it, on `name`.
            .taken_as("name", || InputReason::AlreadyExists)?;
    txn.commit().await?;
    Visible::written(saved, &right)
}

/// Deletes a view (a person's preference, not a business record: nothing to restore); the
/// audit keeps that it existed.
pub async fn delete(ctx: &AppContext, caller: &Caller, id: &async_graphql::ID, version: i32) -> AppResult<Uuid> {
    let keeper = ViewKeeper::of(&caller.principal)?;
    let now = ctx.clock.now();
    let txn = ctx.db.write.begin().await?;
    let (current, _right) = load_for_edit(&txn, &keeper, id, version).await?;
    saved_view::Entity::delete_by_id(current.id).exec(&txn).await?;
    let mut diff = Diff::new();
    diff.field("name", &Some(&current.name), &None);
    audit::record(&txn, caller, now, AuditAction::Archive, Subject::SavedView(current.id), diff).await?;
    txn.commit().await?;
    Ok(current.id)
}

async fn load_for_edit(
    txn: &impl ConnectionTrait,
    keeper: &ViewKeeper,
    id: &async_graphql::ID,
    version: i32,
) -> AppResult<(saved_view::Model, ViewEdit)> {
    let id = parse_id(id, "id")?;
    let current = saved_view::Entity::find_by_id(id).filter(keeper.condition()).one(txn).await?.ok_or(AppError::NotFound("saved view"))?;
    let right = view_edit(keeper, &current)?;
    let current = versioned::at_version::<saved_view::Entity>(current, version)?;
    Ok((current, right))
}

/// Refuses a name the owner already gave another view of the list (CONFLICT on `name`); the
/// unique index refuses it too when two saves race.
async fn ensure_name_free(
    txn: &impl ConnectionTrait,
    keeper: &ViewKeeper,
    list: ViewList,
    name: &str,
    except: Option<Uuid>,
) -> AppResult<()> {
    let mut same = saved_view::Entity::find()
        .filter(saved_view::Column::OwnerId.eq(keeper.user_id))
        .filter(saved_view::Column::List.eq(list))
        .filter(saved_view::Column::NameSort.eq(name.to_lowercase()));
    if let Some(id) = except {
        same = same.filter(saved_view::Column::Id.ne(id));
    }
    match same.one(txn).await? {
        Some(_) => Err(AppError::Taken { field: Some("name".into()), invalid: InputReason::AlreadyExists.into() }),
        None => Ok(()),
    }
}

fn view_name(raw: &str) -> AppResult<String> {
    required_text(raw, MAX_NAME).map_err(|why| AppError::invalid("name", why))
}

/// The query string as stored: decoded and encoded again (so equal views store equal text),
/// without a leading `?`, empty values or paging.
pub fn canonical_query(raw: &str) -> AppResult<String> {
    let raw = raw.trim().trim_start_matches('?');
    if raw.chars().count() > MAX_QUERY {
        return Err(AppError::invalid("query", InputReason::TooLong { max: MAX_QUERY }));
    }
    let pairs: Vec<(String, String)> = serde_urlencoded::from_str(raw)
        .map_err(|_| AppError::invalid("query", InputReason::NotApplicable.with_message("not a URL query string")))?;
    let kept: Vec<(String, String)> =
        pairs.into_iter().filter(|(key, value)| !key.is_empty() && !value.is_empty() && !PAGING_KEYS.contains(&key.as_str())).collect();
    serde_urlencoded::to_string(kept).map_err(|err| AppError::Internal(err.into()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_query_is_stored_without_its_page_or_blanks() {
        assert_eq!(canonical_query("?owner=me&after=abc&skip=50&q=").ok().as_deref(), Some("owner=me"));
        assert_eq!(
            canonical_query("lifecycle=CUSTOMER&lifecycle=PROSPECT&q=caf%C3%A9+bar").ok().as_deref(),
            Some("lifecycle=CUSTOMER&lifecycle=PROSPECT&q=caf%C3%A9+bar")
        );
        assert_eq!(canonical_query("").ok().as_deref(), Some(""));
        assert!(canonical_query(&"q=x&".repeat(501)).is_err(), "2,004 characters");
    }
}
