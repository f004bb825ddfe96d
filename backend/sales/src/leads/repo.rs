//! Reads of leads. Every lead read takes the caller's `LeadScope`.

// The repository: the one module that reads this domain's tables, each read under a scope.
#![allow(clippy::disallowed_methods)]

use super::entity::{assignment_rule, lead, lead_assignment, lead_product};
use super::inputs::{LeadFilter, LeadOrder, LeadOrderField};
use crate::access::{LeadRouting, LeadScope};
use chrono::{DateTime, Utc};
use crm_core::error::AppResult;
use crm_core::filters::{contains, search_text, OrderDirection};
use crm_core::pagination::{fetch_page, id_key, time_key, KeyKind, Keyset, Page, PageRequest, SortKey};
use crm_core::visible::{Seen, Visible};
use sea_orm::sea_query::{Condition, Expr};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect, Select};
use uuid::Uuid;

pub async fn find_lead(db: &impl ConnectionTrait, scope: &LeadScope, id: Uuid) -> AppResult<Option<Visible<lead::Model>>> {
    Ok(lead::Entity::find_by_id(id).filter(scope.condition()).one(db).await?.map(Visible::vouched))
}

pub async fn leads_by_ids(db: &impl ConnectionTrait, scope: &LeadScope, ids: &[Uuid]) -> AppResult<Vec<Visible<lead::Model>>> {
    Ok(Visible::vouched_all(
        lead::Entity::find().filter(lead::Column::Id.is_in(ids.iter().copied())).filter(scope.condition()).all(db).await?,
    ))
}

pub fn lead_condition(scope: &LeadScope, filter: &LeadFilter) -> AppResult<Condition> {
    let mut cond = scope.condition();
    cond = cond.add(if filter.archived.unwrap_or(false) {
        lead::Column::ArchivedAt.is_not_null()
    } else {
        lead::Column::ArchivedAt.is_null()
    });
    if let Some(text) = search_text(filter.search.as_deref())? {
        cond = cond.add(
            Condition::any()
                .add(contains(lead::Column::NameSort, &text))
                .add(contains(lead::Column::Company, &text))
                .add(contains(lead::Column::Email, &text)),
        );
    }
    if let Some(f) = &filter.status {
        cond = cond.add(f.condition(lead::Column::Status, "filter.status")?);
    }
    if let Some(f) = &filter.source {
        cond = cond.add(f.condition(lead::Column::Source, "filter.source")?);
    }
    if let Some(f) = &filter.owner_id {
        cond = cond.add(f.condition(lead::Column::OwnerId, "filter.ownerId")?);
    }
    if let Some(f) = &filter.partner_id {
        cond = cond.add(f.condition(lead::Column::PartnerId, "filter.partnerId")?);
    }
    match filter.converted {
        Some(true) => cond = cond.add(lead::Column::ConvertedAt.is_not_null()),
        Some(false) => cond = cond.add(lead::Column::ConvertedAt.is_null()),
        None => {}
    }
    if let Some(f) = &filter.created_at {
        cond = cond.add(f.condition(lead::Column::CreatedAt));
    }
    Ok(cond)
}

impl Keyset<lead::Entity> for LeadOrder {
    fn name(&self) -> String {
        format!("leads:{:?}:{:?}", self.field, self.direction)
    }
    fn keys(&self) -> Vec<SortKey<lead::Column>> {
        let descending = self.direction == OrderDirection::Desc;
        let (column, kind) = match self.field {
            LeadOrderField::CreatedAt => (lead::Column::CreatedAt, KeyKind::Time),
            LeadOrderField::Name => (lead::Column::NameSort, KeyKind::Text),
        };
        vec![SortKey { column, descending, kind }, SortKey { column: lead::Column::Id, descending, kind: KeyKind::Id }]
    }
    fn values(&self, row: &lead::Model) -> Vec<String> {
        let first = match self.field {
            LeadOrderField::CreatedAt => time_key(&row.created_at),
            LeadOrderField::Name => row.name_sort.clone(),
        };
        vec![first, id_key(&row.id)]
    }
}

pub async fn list_leads(
    db: &impl ConnectionTrait,
    scope: &LeadScope,
    filter: &LeadFilter,
    order: &LeadOrder,
    page: &PageRequest,
) -> AppResult<(Page<Visible<lead::Model>>, Select<lead::Entity>)> {
    let select = lead::Entity::find().filter(lead_condition(scope, filter)?);
    Ok((fetch_page(select.clone(), order, page, db).await?.map(Visible::vouched), select))
}

/// Assignment history of several (visible) leads, oldest first.
pub async fn assignments_of(db: &impl ConnectionTrait, lead_ids: &[Uuid]) -> AppResult<Vec<lead_assignment::Model>> {
    Ok(lead_assignment::Entity::find()
        .filter(lead_assignment::Column::LeadId.is_in(lead_ids.iter().copied()))
        .order_by_asc(lead_assignment::Column::AssignedAt)
        .order_by_asc(lead_assignment::Column::Id)
        .all(db)
        .await?)
}

/// Products of interest of several (visible) leads.
pub async fn products_of(db: &impl ConnectionTrait, lead_ids: &[Uuid]) -> AppResult<Vec<lead_product::Model>> {
    Ok(lead_product::Entity::find().filter(lead_product::Column::LeadId.is_in(lead_ids.iter().copied())).all(db).await?)
}

/// Assignment history of leads the caller sees, for the API (`Lead.assignments`).
pub async fn assignments_seen(db: &impl ConnectionTrait, leads: &[Seen<lead::Model>]) -> AppResult<Vec<Visible<lead_assignment::Model>>> {
    let ids: Vec<Uuid> = leads.iter().map(Seen::id).collect();
    Ok(Visible::vouched_all(assignments_of(db, &ids).await?))
}

/// Products of interest of leads the caller sees, for the API.
pub async fn products_of_seen(db: &impl ConnectionTrait, leads: &[Seen<lead::Model>]) -> AppResult<Vec<Visible<lead_product::Model>>> {
    let ids: Vec<Uuid> = leads.iter().map(Seen::id).collect();
    Ok(Visible::vouched_all(products_of(db, &ids).await?))
}

/// The assignment rules, for whoever routes leads.
pub async fn visible_rules(db: &impl ConnectionTrait, _routing: &LeadRouting) -> AppResult<Vec<Visible<assignment_rule::Model>>> {
    Ok(Visible::vouched_all(rules(db).await?))
}

/// Every assignment rule in evaluation order (a short list).
pub async fn rules(db: &impl ConnectionTrait) -> AppResult<Vec<assignment_rule::Model>> {
    Ok(assignment_rule::Entity::find()
        .order_by_asc(assignment_rule::Column::Position)
        .order_by_asc(assignment_rule::Column::Id)
        .all(db)
        .await?)
}

/// An assignment rule by id (its version, and its round-robin counter once moved).
pub async fn find_rule(db: &impl ConnectionTrait, id: Uuid) -> AppResult<Option<assignment_rule::Model>> {
    Ok(assignment_rule::Entity::find_by_id(id).one(db).await?)
}

/// How many visible, unarchived leads matching `criteria` were created in `[start, end)`, and
/// how many of them are converted by now (one statement): the conversion rate's figures.
pub async fn created_and_converted(
    db: &impl ConnectionTrait,
    scope: &LeadScope,
    start: DateTime<Utc>,
    end: DateTime<Utc>,
    criteria: Condition,
) -> AppResult<(i64, i64)> {
    let cond = scope
        .condition()
        .add(lead::Column::ArchivedAt.is_null())
        .add(lead::Column::CreatedAt.gte(start))
        .add(lead::Column::CreatedAt.lt(end))
        .add(criteria);
    Ok(lead::Entity::find()
        .select_only()
        .column_as(Expr::cust("CAST(COUNT(*) AS BIGINT)"), "created")
        .column_as(Expr::cust("CAST(COUNT(converted_at) AS BIGINT)"), "converted")
        .filter(cond)
        .into_tuple()
        .one(db)
        .await?
        .unwrap_or_default())
}
