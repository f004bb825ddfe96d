//! Macros: the desk's canned replies with the changes they make to a ticket (status,
//! priority, category), applied in one click and one transaction, for every queue or one.
//! Admins and service managers keep them. This module is the repository of `ticket_macros`.

#![allow(clippy::disallowed_methods)]

use crate::access::{service_settings, Side, TicketScope};
use crate::domain::{ticket_category, TicketMessageKind};
use crate::entity::{ticket, ticket_macro, ticket_message};
use crate::inputs::{AddTicketMessageInput, ApplyTicketMacroInput, CreateTicketMacroInput, UpdateTicketMacroInput};
use crate::setup::active_queue;
use crate::tickets::{self, MAX_BODY};
use crm_core::audit::{self, AuditAction, Diff, Subject};
use crm_core::clock::new_id_at;
use crm_core::context::AppContext;
use crm_core::error::{AppError, AppResult, InputReason, Refused};
use crm_core::filters::parse_id;
use crm_core::principal::Caller;
use crm_core::values::required_text;
use crm_core::versioned::{self, Change};
use crm_core::visible::Visible;
use crm_customers::repo::customer_unscoped;
use crm_identity::users::display_name;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, Condition, ConnectionTrait, EntityTrait, IntoActiveModel, QueryFilter, QueryOrder, TransactionTrait,
};
use uuid::Uuid;

fn name(raw: &str) -> AppResult<String> {
    required_text(raw, 100).map_err(|why| AppError::invalid("name", why))
}

fn body(raw: &str) -> AppResult<String> {
    required_text(raw, MAX_BODY).map_err(|why| AppError::invalid("body", why))
}

pub async fn create(ctx: &AppContext, caller: &Caller, input: CreateTicketMacroInput) -> AppResult<Visible<ticket_macro::Model>> {
    let right = service_settings(&caller.principal)?;
    let name = name(&input.name)?;
    let body = body(&input.body)?;
    let category = ticket_category(input.category.as_deref(), "category")?;
    if matches!(input.status, Some(crate::domain::TicketStatus::New)) {
        return Err(AppError::invalid(
            "status",
            InputReason::NotApplicable.with_message("a reply answers the ticket: it is no longer NEW"),
        ));
    }
    let now = ctx.clock.now();
    let txn = ctx.db.write.begin().await?;
    let queue_id = match &input.queue_id {
        Some(id) => Some(active_queue(&txn, id, "queueId").await?.id),
        None => None,
    };
    let row = ticket_macro::Model {
        id: new_id_at(now),
        name,
        queue_id,
        body,
        status: input.status,
        priority: input.priority,
        category,
        created_at: now,
        updated_at: now,
        archived_at: None,
        version: 1,
    };
    let row = row.into_active_model().reset_all().insert(&txn).await.taken_as("name", || InputReason::AlreadyExists)?;
    let mut diff = Diff::new();
    diff.created("name", &row.name)
        .created("queueId", &row.queue_id)
        .created("status", &row.status)
        .created("priority", &row.priority)
        .created("category", &row.category);
    audit::record(&txn, caller, now, AuditAction::Create, Subject::TicketMacro(row.id), diff).await?;
    txn.commit().await?;
    Ok(Visible::created(row, &right))
}

pub async fn update(ctx: &AppContext, caller: &Caller, input: UpdateTicketMacroInput) -> AppResult<Visible<ticket_macro::Model>> {
    let right = service_settings(&caller.principal)?;
    let now = ctx.clock.now();
    let txn = ctx.db.write.begin().await?;
    let current = ticket_macro::Entity::find_by_id(parse_id(&input.id, "id")?).one(&txn).await?.ok_or(AppError::NotFound("macro"))?;
    let current = versioned::at_version::<ticket_macro::Entity>(current, input.version)?;
    let mut next = current.clone();
    if let Some(raw) = &input.name {
        next.name = name(raw)?;
    }
    if let Some(raw) = &input.body {
        next.body = body(raw)?;
    }
    if let Some(archived) = input.archived {
        next.archived_at = if archived { current.archived_at.or(Some(now)) } else { None };
    }
    let mut diff = Diff::new();
    diff.field("name", &current.name, &next.name).field("body", &current.body, &next.body).field(
        "archived",
        &current.archived_at.is_some(),
        &next.archived_at.is_some(),
    );
    if diff.is_empty() {
        return Visible::written(current, &right);
    }
    let saved =
        versioned::save::<ticket_macro::Entity>(&txn, &right, caller, now, AuditAction::Update, Change { current: &current, next, diff })
            .await
            .taken_as("name", || InputReason::AlreadyExists)?;
    txn.commit().await?;
    Visible::written(saved, &right)
}

/// The macros the desk may apply to a ticket of `queue` (every queue's and its own), by name;
/// without a queue, all of them. The service desk and `ServiceSettings` holders only.
pub async fn list(db: &impl ConnectionTrait, caller: &Caller, queue: Option<Uuid>) -> AppResult<Vec<Visible<ticket_macro::Model>>> {
    if !TicketScope::of(&caller.principal).is_ok_and(|scope| scope.is_desk()) {
        return Err(AppError::Forbidden("read the desk's macros (the service desk)"));
    }
    let mut select = ticket_macro::Entity::find().filter(ticket_macro::Column::ArchivedAt.is_null());
    if let Some(queue) = queue {
        select = select.filter(Condition::any().add(ticket_macro::Column::QueueId.is_null()).add(ticket_macro::Column::QueueId.eq(queue)));
    }
    Ok(Visible::vouched_all(select.order_by_asc(ticket_macro::Column::Name).all(db).await?))
}

/// `body` with the ticket's facts filled in.
fn merged(body: &str, ticket: &ticket::Model, customer: &str, agent: &str) -> String {
    body.replace("{{customer}}", customer).replace("{{number}}", &ticket.number).replace("{{agent}}", agent)
}

/// Applies a macro to a ticket (the service desk): its reply with the ticket's facts, the
/// status it leaves, its priority and category, in one write.
pub async fn apply(
    ctx: &AppContext,
    caller: &Caller,
    input: ApplyTicketMacroInput,
) -> AppResult<(Visible<ticket::Model>, Visible<ticket_message::Model>)> {
    let now = ctx.clock.now();
    let txn = ctx.db.write.begin().await?;
    let (current, right) = tickets::load_for_write(&txn, caller, &input.ticket_id, None).await?;
    if right.side != Side::Desk {
        return Err(AppError::Forbidden("apply macros (the service desk)"));
    }
    let chosen = ticket_macro::Entity::find_by_id(parse_id(&input.macro_id, "macroId")?)
        .filter(ticket_macro::Column::ArchivedAt.is_null())
        .one(&txn)
        .await?
        .filter(|m| m.queue_id.is_none_or(|queue| queue == current.queue_id))
        .ok_or_else(|| AppError::invalid("macroId", InputReason::UnknownReference.with_message("no such macro for this ticket's queue")))?;
    let customer = customer_unscoped(&txn, current.customer_id).await?.map(|c| c.name).unwrap_or_default();
    let agent = match right.user_id {
        Some(id) => display_name(&txn, id).await?.unwrap_or_default(),
        None => String::new(),
    };
    let message = AddTicketMessageInput {
        ticket_id: input.ticket_id.clone(),
        kind: Some(TicketMessageKind::Reply),
        body: merged(&chosen.body, &current, &customer, &agent).chars().take(MAX_BODY).collect(),
        status: chosen.status,
    };
    let (priority, category) = (chosen.priority, chosen.category.clone());
    let written = tickets::write_message(&txn, caller, (current, right), message, now, |next| {
        if let Some(priority) = priority {
            next.priority = priority;
        }
        if let Some(category) = category {
            next.category = Some(category);
        }
    })
    .await?;
    txn.commit().await?;
    Ok(written)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn merge_fields_are_filled_in() {
        let ticket = ticket::Model {
            id: Uuid::nil(),
            number: "T-2026-00042".into(),
            customer_id: Uuid::nil(),
            contact_id: None,
            channel: crate::domain::InteractionChannel::Email,
            category: None,
            subject: "s".into(),
            language: None,
            priority: crate::domain::TicketPriority::Normal,
            status: crate::domain::TicketStatus::New,
            queue_id: Uuid::nil(),
            assignee_id: None,
            complaint: false,
            order_id: None,
            product_id: None,
            sla_policy_id: None,
            tags: crm_customers::domain::Tags(Vec::new()),
            sla_due_at: None,
            created_by_id: None,
            created_at: chrono::DateTime::UNIX_EPOCH,
            updated_at: chrono::DateTime::UNIX_EPOCH,
            resolved_at: None,
            closed_at: None,
            merged_into_id: None,
            parent_id: None,
            version: 1,
        };
        assert_eq!(
            merged("Dear {{customer}}, about {{number}}: … {{agent}}", &ticket, "Rossi SpA", "Paolo Greco"),
            "Dear Rossi SpA, about T-2026-00042: … Paolo Greco"
        );
    }
}
