//! Reads of calls and of the block list, each under the caller's [`CallScope`].

#![allow(clippy::disallowed_methods)]

use crate::access::{CallScope, ServiceSetupRead};
use crate::domain::CallbackStatus;
use crate::entity::{blocked_number, call};
use crate::inputs::CallFilter;
use crm_core::error::{AppError, AppResult};
use crm_core::filters::parse_id;
use crm_core::pagination::{fetch_page, id_key, time_key, KeyKind, Keyset, Page, PageRequest, SortKey};
use crm_core::principal::Caller;
use crm_core::visible::{Seen, Visible};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect, Select};
use std::collections::HashMap;
use uuid::Uuid;

/// By when the call started, then id.
struct ByStart {
    descending: bool,
}

impl Keyset<call::Entity> for ByStart {
    fn name(&self) -> String {
        format!("calls_started_{}", if self.descending { "desc" } else { "asc" })
    }
    fn keys(&self) -> Vec<SortKey<call::Column>> {
        vec![
            SortKey { column: call::Column::StartedAt, descending: self.descending, kind: KeyKind::Time },
            SortKey { column: call::Column::Id, descending: self.descending, kind: KeyKind::Id },
        ]
    }
    fn values(&self, row: &call::Model) -> Vec<String> {
        vec![time_key(&row.started_at), id_key(&row.id)]
    }
}

/// The call `id` if the caller sees it.
pub async fn find(db: &impl ConnectionTrait, scope: &CallScope, id: Uuid) -> AppResult<Option<Visible<call::Model>>> {
    Ok(call::Entity::find_by_id(id).filter(scope.condition()).one(db).await?.map(Visible::vouched))
}

/// The calls among `ids` that the caller sees.
pub async fn calls_by_ids(db: &impl ConnectionTrait, scope: &CallScope, ids: &[Uuid]) -> AppResult<Vec<Visible<call::Model>>> {
    let rows = call::Entity::find().filter(call::Column::Id.is_in(ids.iter().copied())).filter(scope.condition()).all(db).await?;
    Ok(Visible::vouched_all(rows))
}

/// The calls `filter` selects that the caller sees, newest first (the callback queue's
/// WAITING calls oldest first), plus the query counting them.
pub async fn list(
    db: &impl ConnectionTrait,
    caller: &Caller,
    filter: &CallFilter,
    page: &PageRequest,
) -> AppResult<(Page<Visible<call::Model>>, Select<call::Entity>)> {
    let scope = CallScope::of(&caller.principal)?;
    let mut select = call::Entity::find().filter(scope.condition());
    if let Some(statuses) = &filter.statuses {
        select = select.filter(call::Column::Status.is_in(statuses.iter().copied()));
    }
    if let Some(direction) = filter.direction {
        select = select.filter(call::Column::Direction.eq(direction));
    }
    if let Some(id) = &filter.customer_id {
        select = select.filter(call::Column::CustomerId.eq(parse_id(id, "filter.customerId")?));
    }
    if let Some(id) = &filter.agent_id {
        select = select.filter(call::Column::AgentId.eq(parse_id(id, "filter.agentId")?));
    }
    if let Some(id) = &filter.ticket_id {
        select = select.filter(call::Column::TicketId.eq(parse_id(id, "filter.ticketId")?));
    }
    if filter.mine == Some(true) {
        let me = caller.principal.user_id().ok_or(AppError::Forbidden("list your calls (users only)"))?;
        select = select.filter(call::Column::AgentId.eq(me));
    }
    if let Some(callback) = filter.callback {
        select = select.filter(call::Column::CallbackStatus.eq(callback));
    }
    let descending = filter.callback != Some(CallbackStatus::Waiting);
    let page = fetch_page(select.clone(), &ByStart { descending }, page, db).await?;
    Ok((page.map(Visible::vouched), select))
}

/// The last `limit` calls of one (visible) customer, newest first: one statement, meant for a
/// screen pop or a customer's page, not for every row of a list.
pub async fn recent_of_customer<T>(
    db: &impl ConnectionTrait,
    scope: &CallScope,
    customer: Seen<T>,
    limit: u64,
) -> AppResult<Vec<Visible<call::Model>>> {
    let rows = call::Entity::find()
        .filter(call::Column::CustomerId.eq(customer.id()))
        .filter(scope.condition())
        .order_by_desc(call::Column::StartedAt)
        .order_by_desc(call::Column::Id)
        .limit(limit)
        .all(db)
        .await?;
    Ok(Visible::vouched_all(rows))
}

/// The calls about each ticket, newest first.
pub async fn calls_of_tickets<T>(
    db: &impl ConnectionTrait,
    scope: &CallScope,
    tickets: &[Seen<T>],
) -> AppResult<HashMap<Uuid, Vec<Visible<call::Model>>>> {
    let rows = call::Entity::find()
        .filter(call::Column::TicketId.is_in(tickets.iter().map(Seen::id)))
        .filter(scope.condition())
        .order_by_desc(call::Column::StartedAt)
        .all(db)
        .await?;
    let mut by_ticket: HashMap<Uuid, Vec<Visible<call::Model>>> = HashMap::new();
    for row in rows {
        if let Some(ticket) = row.ticket_id {
            by_ticket.entry(ticket).or_default().push(Visible::vouched(row));
        }
    }
    Ok(by_ticket)
}

/// The blocked numbers, newest first (the desk's setup: staff and `service:read` keys).
pub async fn blocked_numbers(db: &impl ConnectionTrait, _: &ServiceSetupRead) -> AppResult<Vec<Visible<blocked_number::Model>>> {
    let rows = blocked_number::Entity::find().order_by_desc(blocked_number::Column::CreatedAt).all(db).await?;
    Ok(Visible::vouched_all(rows))
}
