//! Reads of the pipeline. Every opportunity read a caller asks for takes the caller's
//! `OpportunityScope`; the one read that does not says why.

// The repository: the one module that reads this domain's tables, each read under a scope.
#![allow(clippy::disallowed_methods)]

use super::domain::{OpportunityStage, Registration};
use super::entity::{opportunity, opportunity_product, pipeline_stage, stage_change};
use super::inputs::{OpportunityFilter, OpportunityOrder, OpportunityOrderField};
use crate::access::OpportunityScope;
use chrono::{DateTime, NaiveDate, Utc};
use crm_core::error::AppResult;
use crm_core::filters::{contains, search_text, OrderDirection};
use crm_core::pagination::{fetch_page, id_key, time_key, KeyKind, Keyset, Page, PageRequest, SortKey};
use crm_core::values::scaled_sum;
use crm_core::visible::{Seen, Visible};
use crm_identity::entity::user;
use crm_identity::users::{team_member_ids, Teams};
use rust_decimal::Decimal;
use sea_orm::sea_query::{Alias, Asterisk, Condition, Expr, Order, Query};
use sea_orm::{ColumnTrait, ConnectionTrait, DbBackend, EntityTrait, QueryFilter, QueryOrder, QuerySelect, QueryTrait, Select};
use uuid::Uuid;

pub async fn find_opportunity(
    db: &impl ConnectionTrait,
    scope: &OpportunityScope,
    id: Uuid,
) -> AppResult<Option<Visible<opportunity::Model>>> {
    Ok(opportunity::Entity::find_by_id(id).filter(scope.condition()).one(db).await?.map(Visible::vouched))
}

pub async fn opportunities_by_ids(
    db: &impl ConnectionTrait,
    scope: &OpportunityScope,
    ids: &[Uuid],
) -> AppResult<Vec<Visible<opportunity::Model>>> {
    Ok(Visible::vouched_all(
        opportunity::Entity::find().filter(opportunity::Column::Id.is_in(ids.iter().copied())).filter(scope.condition()).all(db).await?,
    ))
}

/// The filtered, scoped opportunities (unordered, unpaged): pages, counts and the pipeline
/// summary start from here.
pub fn opportunity_condition(scope: &OpportunityScope, filter: &OpportunityFilter) -> AppResult<Condition> {
    let mut cond = scope.condition();
    cond = cond.add(if filter.archived.unwrap_or(false) {
        opportunity::Column::ArchivedAt.is_not_null()
    } else {
        opportunity::Column::ArchivedAt.is_null()
    });
    if let Some(text) = search_text(filter.search.as_deref())? {
        cond = cond.add(contains(opportunity::Column::NameSort, &text));
    }
    if let Some(f) = &filter.stage {
        cond = cond.add(f.condition(opportunity::Column::Stage, "filter.stage")?);
    }
    match filter.open {
        Some(true) => cond = cond.add(opportunity::Column::ClosedAt.is_null()),
        Some(false) => cond = cond.add(opportunity::Column::ClosedAt.is_not_null()),
        None => {}
    }
    if let Some(f) = &filter.customer_id {
        cond = cond.add(f.condition(opportunity::Column::CustomerId, "filter.customerId")?);
    }
    if let Some(f) = &filter.owner_id {
        cond = cond.add(f.condition(opportunity::Column::OwnerId, "filter.ownerId")?);
    }
    if let Some(f) = &filter.sales_team_id {
        cond = cond.add(opportunity::Column::OwnerId.in_subquery(team_member_ids(Teams::matching(f, "filter.salesTeamId")?)));
    }
    if let Some(f) = &filter.partner_id {
        cond = cond.add(f.condition(opportunity::Column::PartnerId, "filter.partnerId")?);
    }
    if let Some(f) = &filter.source {
        cond = cond.add(f.condition(opportunity::Column::Source, "filter.source")?);
    }
    match &filter.registration {
        Some(f) => cond = cond.add(f.condition(opportunity::Column::Registration, "filter.registration")?),
        // A partner follows all of its registrations; the company's pipeline holds its own
        // deals and the approved registrations.
        None if scope.partner().is_none() => {
            cond = cond.add(
                Condition::any()
                    .add(opportunity::Column::Registration.is_null())
                    .add(opportunity::Column::Registration.eq(Registration::Approved)),
            )
        }
        None => {}
    }
    if let Some(range) = &filter.expected_close_date {
        if let Some(gte) = range.gte {
            cond = cond.add(opportunity::Column::ExpectedCloseDate.gte(gte));
        }
        if let Some(lte) = range.lte {
            cond = cond.add(opportunity::Column::ExpectedCloseDate.lte(lte));
        }
    }
    if let Some(f) = &filter.created_at {
        cond = cond.add(f.condition(opportunity::Column::CreatedAt));
    }
    if let Some(since) = filter.closed_since {
        cond = cond.add(Condition::any().add(opportunity::Column::ClosedAt.is_null()).add(opportunity::Column::ClosedAt.gte(since)));
    }
    Ok(cond)
}

/// The opportunities on the board (its totals and cards): those of [`opportunity_condition`]
/// but a partner's rejected registrations, which the partner follows in its list, with the
/// reason, and which are in no stage of anyone's pipeline. A filter on `registration` wins.
pub fn board_condition(scope: &OpportunityScope, filter: &OpportunityFilter) -> AppResult<Condition> {
    let cond = opportunity_condition(scope, filter)?;
    Ok(if filter.registration.is_none() && scope.partner().is_some() {
        cond.add(
            Condition::any()
                .add(opportunity::Column::Registration.is_null())
                .add(opportunity::Column::Registration.ne(Registration::Rejected)),
        )
    } else {
        cond
    })
}

impl Keyset<opportunity::Entity> for OpportunityOrder {
    fn name(&self) -> String {
        format!("opportunities:{:?}:{:?}", self.field, self.direction)
    }
    fn keys(&self) -> Vec<SortKey<opportunity::Column>> {
        let descending = self.direction == OrderDirection::Desc;
        let (column, kind) = match self.field {
            OpportunityOrderField::Name => (opportunity::Column::NameSort, KeyKind::Text),
            OpportunityOrderField::ExpectedCloseDate => (opportunity::Column::ExpectedCloseDate, KeyKind::Date),
            OpportunityOrderField::Amount => (opportunity::Column::Amount, KeyKind::Int),
            OpportunityOrderField::CreatedAt => (opportunity::Column::CreatedAt, KeyKind::Time),
            OpportunityOrderField::UpdatedAt => (opportunity::Column::UpdatedAt, KeyKind::Time),
        };
        vec![SortKey { column, descending, kind }, SortKey { column: opportunity::Column::Id, descending, kind: KeyKind::Id }]
    }
    fn values(&self, row: &opportunity::Model) -> Vec<String> {
        let first = match self.field {
            OpportunityOrderField::Name => row.name_sort.clone(),
            OpportunityOrderField::ExpectedCloseDate => row.expected_close_date.format("%Y-%m-%d").to_string(),
            OpportunityOrderField::Amount => row.amount.to_string(),
            OpportunityOrderField::CreatedAt => time_key(&row.created_at),
            OpportunityOrderField::UpdatedAt => time_key(&row.updated_at),
        };
        vec![first, id_key(&row.id)]
    }
}

pub async fn list_opportunities(
    db: &impl ConnectionTrait,
    scope: &OpportunityScope,
    filter: &OpportunityFilter,
    order: &OpportunityOrder,
    page: &PageRequest,
) -> AppResult<(Page<Visible<opportunity::Model>>, Select<opportunity::Entity>)> {
    let select = opportunity::Entity::find().filter(opportunity_condition(scope, filter)?);
    Ok((fetch_page(select.clone(), order, page, db).await?.map(Visible::vouched), select))
}

/// Count and sums of the matching opportunities for one stage and currency.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StageTotals {
    pub stage: OpportunityStage,
    pub currency: String,
    pub count: i64,
    /// Sum of amounts.
    pub amount: Decimal,
    /// Sum of amount × probability / 100.
    pub weighted: Decimal,
}

/// Totals per stage and currency of the opportunities on the board: one grouped statement. Sums
/// are computed exactly in SQL over the scaled integers and read back as text (PostgreSQL
/// sums `bigint` into `numeric`).
pub async fn stage_totals(db: &impl ConnectionTrait, scope: &OpportunityScope, filter: &OpportunityFilter) -> AppResult<Vec<StageTotals>> {
    let rows: Vec<(OpportunityStage, String, i64, String, String)> = opportunity::Entity::find()
        .select_only()
        .column(opportunity::Column::Stage)
        .column(opportunity::Column::Currency)
        .column_as(Expr::cust("CAST(COUNT(*) AS BIGINT)"), "n")
        .column_as(Expr::cust("CAST(SUM(amount) AS TEXT)"), "total")
        .column_as(Expr::cust("CAST(SUM(amount * probability) AS TEXT)"), "weighted")
        .filter(board_condition(scope, filter)?)
        .group_by(opportunity::Column::Stage)
        .group_by(opportunity::Column::Currency)
        .into_tuple()
        .all(db)
        .await?;
    rows.into_iter()
        .map(|(stage, currency, count, total, weighted)| {
            Ok(StageTotals { stage, currency, count, amount: scaled_sum(&total, 4)?, weighted: scaled_sum(&weighted, 6)? })
        })
        .collect()
}

/// The first `per_stage` opportunities of every stage among those on the board, by
/// expected close date then id (the board's cards), in one statement whatever the number of
/// stages: each row is ranked within its stage (`ROW_NUMBER() OVER (PARTITION BY stage …)`),
/// and only the first ranks are read. Window functions: SQLite 3.25+, every PostgreSQL.
pub async fn first_of_each_stage(
    db: &impl ConnectionTrait,
    scope: &OpportunityScope,
    filter: &OpportunityFilter,
    per_stage: u32,
) -> AppResult<Vec<Visible<opportunity::Model>>> {
    let ranked = opportunity::Entity::find()
        .filter(board_condition(scope, filter)?)
        .column_as(Expr::cust("ROW_NUMBER() OVER (PARTITION BY stage ORDER BY expected_close_date ASC, id ASC)"), BOARD_RANK)
        .into_query();
    let mut first = Query::select();
    first
        .column(Asterisk)
        .from_subquery(ranked, Alias::new("ranked"))
        .and_where(Expr::col(Alias::new(BOARD_RANK)).lte(per_stage))
        .order_by(Alias::new(BOARD_RANK), Order::Asc);
    let statement = db.get_database_backend().build(&first);
    // The rank column is read by no field of the model, so rows map as usual.
    Ok(Visible::vouched_all(opportunity::Entity::find().from_raw_sql(statement).all(db).await?))
}

/// The rank of an opportunity within its stage in [`first_of_each_stage`].
const BOARD_RANK: &str = "board_rank";

/// Stage changes of several opportunities, oldest first (the DataLoader behind
/// `Opportunity.stageHistory`).
pub async fn stage_changes_of(db: &impl ConnectionTrait, opportunity_ids: &[Uuid]) -> AppResult<Vec<stage_change::Model>> {
    Ok(stage_change::Entity::find()
        .filter(stage_change::Column::OpportunityId.is_in(opportunity_ids.iter().copied()))
        .order_by_asc(stage_change::Column::ChangedAt)
        .order_by_asc(stage_change::Column::Id)
        .all(db)
        .await?)
}

/// Products of interest of several opportunities.
pub async fn products_of(db: &impl ConnectionTrait, opportunity_ids: &[Uuid]) -> AppResult<Vec<opportunity_product::Model>> {
    Ok(opportunity_product::Entity::find()
        .filter(opportunity_product::Column::OpportunityId.is_in(opportunity_ids.iter().copied()))
        .all(db)
        .await?)
}

/// Stage changes of opportunities the caller sees, for the API (`Opportunity.stageHistory`).
pub async fn stage_changes_seen(
    db: &impl ConnectionTrait,
    opportunities: &[Seen<opportunity::Model>],
) -> AppResult<Vec<Visible<stage_change::Model>>> {
    let ids: Vec<Uuid> = opportunities.iter().map(Seen::id).collect();
    Ok(Visible::vouched_all(stage_changes_of(db, &ids).await?))
}

/// Products of interest of opportunities the caller sees, for the API.
pub async fn products_of_seen(
    db: &impl ConnectionTrait,
    opportunities: &[Seen<opportunity::Model>],
) -> AppResult<Vec<Visible<opportunity_product::Model>>> {
    let ids: Vec<Uuid> = opportunities.iter().map(Seen::id).collect();
    Ok(Visible::vouched_all(products_of(db, &ids).await?))
}

/// The pipeline's stages in board order, for whoever works the pipeline.
pub async fn visible_stages(db: &impl ConnectionTrait, _scope: &OpportunityScope) -> AppResult<Vec<Visible<pipeline_stage::Model>>> {
    Ok(Visible::vouched_all(stages(db).await?))
}

/// The pipeline's stages in board order.
pub async fn stages(db: &impl ConnectionTrait) -> AppResult<Vec<pipeline_stage::Model>> {
    Ok(pipeline_stage::Entity::find().order_by_asc(pipeline_stage::Column::Position).all(db).await?)
}

/// A pipeline stage (its default probability and version).
pub async fn find_stage(db: &impl ConnectionTrait, stage: OpportunityStage) -> AppResult<Option<pipeline_stage::Model>> {
    Ok(pipeline_stage::Entity::find_by_id(stage).one(db).await?)
}

/// An opportunity by id without a scope: only for the opportunity of a quote being accepted,
/// which the acceptance's `QuoteDecision` covers.
pub async fn opportunity_unscoped(db: &impl ConnectionTrait, id: Uuid) -> AppResult<Option<opportunity::Model>> {
    Ok(opportunity::Entity::find_by_id(id).one(db).await?)
}

/// The visible opportunities the sales metrics count: those in the pipeline (unarchived,
/// partner registrations once approved, like the board) that match `criteria`.
fn in_metrics(scope: &OpportunityScope, criteria: Condition) -> Condition {
    let in_pipeline = Condition::all().add(opportunity::Column::ArchivedAt.is_null()).add(
        Condition::any().add(opportunity::Column::Registration.is_null()).add(opportunity::Column::Registration.eq(Registration::Approved)),
    );
    scope.condition().add(in_pipeline).add(criteria)
}

/// Those of `in_metrics` closed in `[start, end)`.
fn closed_in(scope: &OpportunityScope, criteria: Condition, start: DateTime<Utc>, end: DateTime<Utc>) -> Condition {
    in_metrics(scope, criteria).add(opportunity::Column::ClosedAt.gte(start)).add(opportunity::Column::ClosedAt.lt(end))
}

/// The UTC day (`YYYY-MM-DD`) an opportunity closed, as SQL.
fn closing_day(db: &impl ConnectionTrait) -> &'static str {
    match db.get_database_backend() {
        DbBackend::Postgres => "to_char(closed_at AT TIME ZONE 'UTC', 'YYYY-MM-DD')",
        // Both write instants as RFC 3339 text in UTC.
        _ => "substr(closed_at, 1, 10)",
    }
}

/// Owner, stage, currency, day of closing (`YYYY-MM-DD`, UTC), count and exact sum of amounts
/// (as text) of the opportunities closed in `[start, end)`: one grouped statement, the rows
/// the won amounts and the leaderboard are added up from (per day, to convert each at its
/// day's exchange rate).
pub async fn closed_groups(
    db: &impl ConnectionTrait,
    scope: &OpportunityScope,
    criteria: Condition,
    start: DateTime<Utc>,
    end: DateTime<Utc>,
) -> AppResult<Vec<(Option<Seen<user::Model>>, OpportunityStage, String, String, i64, String)>> {
    let day = closing_day(db);
    let rows: Vec<(Option<Uuid>, OpportunityStage, String, String, i64, String)> = opportunity::Entity::find()
        .select_only()
        .column(opportunity::Column::OwnerId)
        .column(opportunity::Column::Stage)
        .column(opportunity::Column::Currency)
        .column_as(Expr::cust(day), "day")
        .column_as(Expr::cust("CAST(COUNT(*) AS BIGINT)"), "n")
        .column_as(Expr::cust("CAST(SUM(amount) AS TEXT)"), "total")
        .filter(closed_in(scope, criteria, start, end))
        .group_by(opportunity::Column::OwnerId)
        .group_by(opportunity::Column::Stage)
        .group_by(opportunity::Column::Currency)
        .group_by(Expr::cust(day))
        .into_tuple()
        .all(db)
        .await?;
    // The owners of deals read with the caller's scope: their names may be shown.
    Ok(rows
        .into_iter()
        .map(|(owner, stage, currency, day, count, total)| (Visible::vouched(owner).seen(|id| *id), stage, currency, day, count, total))
        .collect())
}

/// Reason, currency, day of closing, count and exact sum of amounts (as text) of the
/// opportunities lost in `[start, end)` (one grouped statement).
pub async fn lost_groups(
    db: &impl ConnectionTrait,
    scope: &OpportunityScope,
    criteria: Condition,
    start: DateTime<Utc>,
    end: DateTime<Utc>,
) -> AppResult<Vec<(Option<String>, String, String, i64, String)>> {
    let day = closing_day(db);
    Ok(opportunity::Entity::find()
        .select_only()
        .column(opportunity::Column::LostReason)
        .column(opportunity::Column::Currency)
        .column_as(Expr::cust(day), "day")
        .column_as(Expr::cust("CAST(COUNT(*) AS BIGINT)"), "n")
        .column_as(Expr::cust("CAST(SUM(amount) AS TEXT)"), "total")
        .filter(closed_in(scope, criteria, start, end).add(opportunity::Column::Stage.eq(OpportunityStage::ClosedLost)))
        .group_by(opportunity::Column::LostReason)
        .group_by(opportunity::Column::Currency)
        .group_by(Expr::cust(day))
        .into_tuple()
        .all(db)
        .await?)
}

/// When each opportunity won in `[start, end)` was created and closed: the sales cycles.
pub async fn won_cycles(
    db: &impl ConnectionTrait,
    scope: &OpportunityScope,
    criteria: Condition,
    start: DateTime<Utc>,
    end: DateTime<Utc>,
) -> AppResult<Vec<(DateTime<Utc>, DateTime<Utc>)>> {
    Ok(opportunity::Entity::find()
        .select_only()
        .column(opportunity::Column::CreatedAt)
        .column(opportunity::Column::ClosedAt)
        .filter(closed_in(scope, criteria, start, end).add(opportunity::Column::Stage.eq(OpportunityStage::ClosedWon)))
        .into_tuple()
        .all(db)
        .await?)
}

/// Stage, expected close date, currency, count, and exact sums of amount and of amount ×
/// probability (as text) of the open opportunities in the metrics: one grouped statement,
/// the rows the pipeline by stage, the overdue deals and the forecast are added up from.
pub async fn open_groups(
    db: &impl ConnectionTrait,
    scope: &OpportunityScope,
    criteria: Condition,
) -> AppResult<Vec<(OpportunityStage, NaiveDate, String, i64, String, String)>> {
    Ok(opportunity::Entity::find()
        .select_only()
        .column(opportunity::Column::Stage)
        .column(opportunity::Column::ExpectedCloseDate)
        .column(opportunity::Column::Currency)
        .column_as(Expr::cust("CAST(COUNT(*) AS BIGINT)"), "n")
        .column_as(Expr::cust("CAST(SUM(amount) AS TEXT)"), "total")
        .column_as(Expr::cust("CAST(SUM(amount * probability) AS TEXT)"), "weighted")
        .filter(in_metrics(scope, criteria).add(opportunity::Column::ClosedAt.is_null()))
        .group_by(opportunity::Column::Stage)
        .group_by(opportunity::Column::ExpectedCloseDate)
        .group_by(opportunity::Column::Currency)
        .into_tuple()
        .all(db)
        .await?)
}
