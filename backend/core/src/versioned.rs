//! The one versioned write. Every mutable record carries a `version`; a change is written only
//! over the version it was computed from (`UPDATE … WHERE id = ? AND version = ?`, the same on
//! both databases, no row locks), bumps it and the update time, and leaves its audit entry in
//! the same transaction. A moved version is `CONFLICT`: someone else changed the record first,
//! and their change is never silently overwritten.
//!
//! An entity opts in with [`versioned!`] (and [`archivable!`] when it is soft-deleted), which
//! says where its id, version and update time are and which audit subject it is.
//!
//! Every write takes a [`WriteRight`]: the value a rights check returns (`customer_edit`,
//! `CatalogWrite`, `AdminRights`…). A write without a check does not compile, and a right
//! checked on one record does not write another.

use crate::audit::{self, AuditAction, Diff, Subject};
use crate::db::compare_and_set;
use crate::error::{AppError, AppResult};
use crate::principal::Caller;
use chrono::{DateTime, Utc};
use sea_orm::{ActiveModelTrait, ConnectionTrait, EntityTrait, IntoActiveModel};
use uuid::Uuid;

/// A table whose rows carry an id, an optimistic-concurrency version and an update time.
pub trait Versioned: EntityTrait {
    /// The record's name in a stale-version refusal ("customer").
    const NAME: &'static str;
    fn id_column() -> Self::Column;
    fn version_column() -> Self::Column;
    fn id(row: &Self::Model) -> Uuid;
    fn version(row: &Self::Model) -> i32;
    /// Sets the version and update time of a row about to be written.
    fn stamp(row: &mut Self::Model, version: i32, now: DateTime<Utc>);
    /// What the audit entry of a change to `row` is about.
    fn subject(row: &Self::Model) -> Subject;
}

/// Proof that the caller may change rows of `E`: made only by a domain's `access` module
/// after its check. A right granted on one record covers only that record
/// (`CustomerEdit` carries the customer's id); a right over a whole table covers every row
/// (`CatalogWrite` for products).
pub trait WriteRight<E: EntityTrait> {
    /// Whether this right lets its holder change `row`.
    fn covers(&self, row: &E::Model) -> bool;
}

/// Proof that the caller may create rows of `E` (made, like [`WriteRight`], only by a domain's
/// `access` module after its check): what lets a created row be shown to its creator
/// ([`crate::visible::Visible::created`]) whatever its later scope.
pub trait CreateRight<E: EntityTrait> {}

/// A versioned table whose rows are archived (soft-deleted) and restored.
pub trait Archivable: Versioned {
    fn archived_at(row: &Self::Model) -> Option<DateTime<Utc>>;
    fn set_archived_at(row: &mut Self::Model, at: Option<DateTime<Utc>>);
}

/// Implements [`Versioned`] for the entity of module `$m` (with `id`, `version` and
/// `updated_at` fields): `versioned!(customer, "customer", |row| Subject::Customer(row.id));`
#[macro_export]
macro_rules! versioned {
    ($m:ident, $name:literal, |$row:ident| $subject:expr) => {
        impl $crate::versioned::Versioned for $m::Entity {
            const NAME: &'static str = $name;
            fn id_column() -> $m::Column {
                $m::Column::Id
            }
            fn version_column() -> $m::Column {
                $m::Column::Version
            }
            fn id(row: &$m::Model) -> ::uuid::Uuid {
                row.id
            }
            fn version(row: &$m::Model) -> i32 {
                row.version
            }
            fn stamp(row: &mut $m::Model, version: i32, now: ::chrono::DateTime<::chrono::Utc>) {
                row.version = version;
                row.updated_at = now;
            }
            fn subject($row: &$m::Model) -> $crate::audit::Subject {
                $subject
            }
        }
    };
}

/// Implements [`Archivable`] for the versioned entity of module `$m` (with `archived_at`).
#[macro_export]
macro_rules! archivable {
    ($m:ident) => {
        impl $crate::versioned::Archivable for $m::Entity {
            fn archived_at(row: &$m::Model) -> Option<::chrono::DateTime<::chrono::Utc>> {
                row.archived_at
            }
            fn set_archived_at(row: &mut $m::Model, at: Option<::chrono::DateTime<::chrono::Utc>>) {
                row.archived_at = at;
            }
        }
    };
}

/// `current` if it still has the version the client read (`expected`), else `CONFLICT`.
pub fn at_version<E: Versioned>(current: E::Model, expected: i32) -> AppResult<E::Model> {
    if E::version(&current) == expected {
        Ok(current)
    } else {
        Err(AppError::stale(E::NAME))
    }
}

/// Writes `next` over `current` if nobody changed the row since `current` was read: the
/// version goes up by one and the update time becomes `now`. No audit entry: for a write that
/// is part of a change audited as a whole (prefer [`save`]).
pub async fn write<E>(
    txn: &impl ConnectionTrait,
    right: &impl WriteRight<E>,
    current: &E::Model,
    mut next: E::Model,
    now: DateTime<Utc>,
) -> AppResult<E::Model>
where
    E: Versioned,
    E::Model: IntoActiveModel<E::ActiveModel> + Clone,
    E::ActiveModel: ActiveModelTrait<Entity = E>,
{
    // A right is checked on the record it was granted for; a mismatch is a bug in the
    // caller, refused rather than written.
    if !right.covers(current) || E::id(&next) != E::id(current) {
        return Err(AppError::Forbidden("change this record"));
    }
    E::stamp(&mut next, E::version(current) + 1, now);
    let id = E::id(current);
    if !compare_and_set::<E, E::ActiveModel>(txn, next.clone(), E::id_column(), E::version_column(), id, E::version(current)).await? {
        return Err(AppError::stale(E::NAME));
    }
    Ok(next)
}

/// A change to one record: the row as read, the row to write over it, and what differs.
pub struct Change<'a, M> {
    pub current: &'a M,
    pub next: M,
    pub diff: Diff,
}

/// [`write`]s `change.next` over `change.current` and records `change.diff` as its audit
/// entry (`action` by `caller` at `now`), in the caller's transaction.
pub async fn save<E>(
    txn: &impl ConnectionTrait,
    right: &impl WriteRight<E>,
    caller: &Caller,
    now: DateTime<Utc>,
    action: AuditAction,
    change: Change<'_, E::Model>,
) -> AppResult<E::Model>
where
    E: Versioned,
    E::Model: IntoActiveModel<E::ActiveModel> + Clone,
    E::ActiveModel: ActiveModelTrait<Entity = E>,
{
    let saved = write::<E>(txn, right, change.current, change.next, now).await?;
    audit::record(txn, caller, now, action, E::subject(&saved), change.diff).await?;
    Ok(saved)
}

/// Archives (`archived`) or restores `current`, audited as ARCHIVE or RESTORE; a record
/// already in that state is returned as it is, with no write and no entry.
pub async fn set_archived<E>(
    txn: &impl ConnectionTrait,
    right: &impl WriteRight<E>,
    caller: &Caller,
    now: DateTime<Utc>,
    current: E::Model,
    archived: bool,
) -> AppResult<E::Model>
where
    E: Archivable,
    E::Model: IntoActiveModel<E::ActiveModel> + Clone,
    E::ActiveModel: ActiveModelTrait<Entity = E>,
{
    let was_archived = E::archived_at(&current).is_some();
    if was_archived == archived {
        return Ok(current);
    }
    let mut next = current.clone();
    E::set_archived_at(&mut next, archived.then_some(now));
    let mut diff = Diff::new();
    diff.field("archived", &was_archived, &archived);
    let action = if archived { AuditAction::Archive } else { AuditAction::Restore };
    save::<E>(txn, right, caller, now, action, Change { current: &current, next, diff }).await
}
