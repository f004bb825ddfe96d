//! The people of a deal: contacts of the opportunity's customer with their role in the
//! decision. Changing them is a change to the opportunity (its version and its history), made
//! by whoever may change the opportunity.

#![allow(clippy::disallowed_methods)]

use super::domain::ContactRole;
use super::entity::{opportunity, opportunity_contact};
use super::service::editable;
use async_graphql::{InputObject, ID};
use crm_core::audit::{AuditAction, Diff};
use crm_core::context::AppContext;
use crm_core::error::{AppError, AppResult, InputReason};
use crm_core::filters::parse_id;
use crm_core::principal::Caller;
use crm_core::versioned::{self, Change};
use crm_core::visible::{Seen, Visible};
use crm_customers::access::CustomerScope;
use crm_customers::repo::find_contact;
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, IntoActiveModel, QueryFilter, QueryOrder, TransactionTrait};

/// Input of setOpportunityContact.
#[derive(InputObject, Debug, Clone)]
pub struct SetOpportunityContactInput {
    /// The opportunity.
    pub opportunity_id: ID,
    /// The version of the opportunity the change is based on; a newer one is a CONFLICT.
    pub version: i32,
    /// A contact of the opportunity's customer.
    pub contact_id: ID,
    /// Their role in the deal; null takes them off it.
    pub role: Option<ContactRole>,
}

/// Puts a contact on a deal with a role, changes the role, or (no role) takes them off.
pub async fn set_contact(ctx: &AppContext, caller: &Caller, input: SetOpportunityContactInput) -> AppResult<Visible<opportunity::Model>> {
    let now = ctx.clock.now();
    let txn = ctx.db.write.begin().await?;
    let (current, right) = editable(&txn, caller, &input.opportunity_id, input.version).await?;
    let contact_id = parse_id(&input.contact_id, "contactId")?;
    let scope = CustomerScope::of(&caller.principal)?;
    let contact = find_contact(&txn, &scope, contact_id).await?;
    if contact.filter(|c| c.customer_id == current.customer_id && c.archived_at.is_none()).is_none() {
        return Err(AppError::invalid(
            "contactId",
            InputReason::UnknownReference.with_message("not an active contact of the opportunity's customer"),
        ));
    }
    let key = (opportunity_contact::Column::OpportunityId.eq(current.id), opportunity_contact::Column::ContactId.eq(contact_id));
    let before = opportunity_contact::Entity::find().filter(key.0.clone()).filter(key.1.clone()).one(&txn).await?.map(|row| row.role);
    if before == input.role {
        return Visible::written(current, &right);
    }
    opportunity_contact::Entity::delete_many().filter(key.0).filter(key.1).exec(&txn).await?;
    if let Some(role) = input.role {
        let row = opportunity_contact::Model { opportunity_id: current.id, contact_id, role };
        opportunity_contact::Entity::insert(row.into_active_model()).exec(&txn).await?;
    }
    let mut diff = Diff::new();
    diff.created("contactId", &contact_id).field("contactRole", &before, &input.role);
    let next = current.clone();
    let saved =
        versioned::save::<opportunity::Entity>(&txn, &right, caller, now, AuditAction::Update, Change { current: &current, next, diff })
            .await?;
    txn.commit().await?;
    Visible::written(saved, &right)
}

/// The contacts on each of `opportunities` with their roles, as stored (a loader's batch).
pub async fn contacts_of(
    db: &impl ConnectionTrait,
    opportunities: &[Seen<opportunity::Model>],
) -> AppResult<Vec<Visible<opportunity_contact::Model>>> {
    let rows = opportunity_contact::Entity::find()
        .filter(opportunity_contact::Column::OpportunityId.is_in(opportunities.iter().map(Seen::id)))
        .order_by_asc(opportunity_contact::Column::Role)
        .order_by_asc(opportunity_contact::Column::ContactId)
        .all(db)
        .await?;
    Ok(Visible::vouched_all(rows))
}
