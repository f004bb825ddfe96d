//! Bulk work on the customer list: a new owner, tags added or removed, archived or restored,
//! for up to 250 ticked customers in one transaction. Every customer must be one the caller
//! may change (a refusal for one refuses all: nothing is half-done), each change is audited
//! per customer as a single edit would be, and a customer changed meanwhile by someone else
//! fails the whole batch with CONFLICT (its version moved under the batch's write).

use super::domain::{normalize_tags, Tags};
use super::entity::customer;
use super::inputs::BulkUpdateCustomersInput;
use super::service::{check_references, customer_diff};
use super::{repo, writes};
use crate::access::{customer_bulk_edit, customer_edit, customer_manage, CustomerScope};
use crm_core::audit::{AuditAction, Diff};
use crm_core::context::AppContext;
use crm_core::error::{AppError, AppResult, InputReason};
use crm_core::filters::parse_id;
use crm_core::principal::Caller;
use crm_core::versioned::{self, Change};
use crm_core::visible::Visible;
use sea_orm::TransactionTrait;
use std::collections::BTreeSet;
use uuid::Uuid;

/// The most customers one bulk change touches (a page of the list at its largest).
pub const MAX_BULK: usize = 250;

/// `tags` with `add` and without `remove`, normalised (sorted, no repeats).
fn retag(tags: &[String], add: &[String], remove: &[String]) -> Vec<String> {
    let mut set: BTreeSet<String> = tags.iter().cloned().collect();
    set.extend(add.iter().cloned());
    for tag in remove {
        set.remove(tag);
    }
    set.into_iter().collect()
}

pub async fn bulk_update_customers(
    ctx: &AppContext,
    caller: &Caller,
    input: BulkUpdateCustomersInput,
) -> AppResult<Vec<Visible<customer::Model>>> {
    customer_bulk_edit(&caller.principal)?;
    let scope = CustomerScope::of(&caller.principal)?;
    if input.ids.is_empty() || input.ids.len() > MAX_BULK {
        return Err(AppError::invalid(
            "ids",
            InputReason::OutOfRange { min: 1, max: MAX_BULK as i64 }.with_message("tick 1 to 250 customers"),
        ));
    }
    let ids: BTreeSet<Uuid> = input.ids.iter().map(|id| parse_id(id, "ids")).collect::<AppResult<_>>()?;
    let add = normalize_tags(&input.add_tags).map_err(|why| AppError::invalid("addTags", why))?;
    let remove = normalize_tags(&input.remove_tags).map_err(|why| AppError::invalid("removeTags", why))?;
    let owner = match &input.owner {
        None => None,
        Some(owner) => Some(owner.owner_id.as_ref().map(|id| parse_id(id, "ownerId")).transpose()?),
    };
    if owner.is_none() && add.is_empty() && remove.is_empty() && input.archived.is_none() {
        return Err(AppError::invalid("ids", InputReason::Required.with_message("say what to change: an owner, tags or archived")));
    }
    if owner.is_some() {
        customer_manage(&caller.principal)?;
    }
    let now = ctx.clock.now();
    let txn = ctx.db.write.begin().await?;
    if let Some(Some(owner)) = owner {
        check_references(&txn, [owner], []).await?;
    }
    let ids: Vec<Uuid> = ids.into_iter().collect();
    let rows = repo::customers_by_ids(&txn, &scope, &ids).await?;
    if rows.len() != ids.len() {
        return Err(AppError::NotFound("customer"));
    }
    let mut saved = Vec::with_capacity(rows.len());
    for row in rows {
        let right = customer_edit(&caller.principal, &row)?;
        let current = row.into_inner();
        let mut next = current.clone();
        if let Some(owner) = owner {
            next.owner_id = owner;
        }
        next.tags = Tags(retag(&current.tags.0, &add, &remove));
        let mut diff = Diff::new();
        customer_diff(&mut diff, &current, &next);
        let mut written = if diff.is_empty() {
            current
        } else {
            let written = versioned::save::<customer::Entity>(
                &txn,
                &right,
                caller,
                now,
                AuditAction::Update,
                Change { current: &current, next, diff },
            )
            .await?;
            if written.tags != current.tags {
                writes::write_tags(&txn, written.id, &written.tags).await?;
            }
            written
        };
        if let Some(archived) = input.archived {
            written = versioned::set_archived::<customer::Entity>(&txn, &right, caller, now, written, archived).await?;
        }
        saved.push(Visible::written(written, &right)?);
    }
    txn.commit().await?;
    Ok(saved)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tags_are_added_and_removed_once() {
        let tags = vec!["b2b".to_owned(), "vip".to_owned()];
        assert_eq!(retag(&tags, &["churn-risk".into(), "vip".into()], &["b2b".into()]), ["churn-risk", "vip"]);
        assert_eq!(retag(&tags, &[], &["absent".into()]), ["b2b", "vip"]);
    }
}
