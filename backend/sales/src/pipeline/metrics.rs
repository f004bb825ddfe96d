//! Sales metrics over a period: conversion rate (leads → customers), win rate, average deal
//! size, sales cycle length and the weighted pipeline forecast by month, filterable by owner,
//! team, source and partner. Every figure is computed exactly: counts and sums in SQL over
//! the scaled integers, ratios and averages in decimal arithmetic, rounded once at the end.
//!
//! Definitions (the README repeats them for report readers):
//! - conversion rate: of the leads created in the period, the share converted (by now);
//! - win rate: of the opportunities closed in the period, the share won;
//! - average deal size: mean amount of the opportunities won in the period, per currency;
//! - cycle length: mean days from creation to closing of the opportunities won in the period;
//! - forecast: open opportunities expected to close in the period, by month of the expected
//!   close date: count, amount and amount × probability, per currency.
//!
//! Partner deal registrations count once approved, like the pipeline board.

use super::domain::OpportunityStage;
use super::entity::opportunity;
use super::inputs::LeadSourceFilter;
use super::repo;
use crate::access::{LeadScope, OpportunityScope};
use crate::leads::entity::lead;
use crate::leads::repo as leads_repo;
use async_graphql::InputObject;
use chrono::{DateTime, Days, NaiveDate, NaiveTime, Utc};
use crm_core::error::{AppError, AppResult, InputReason};
use crm_core::filters::IdFilter;
use crm_core::values::scaled_sum;
use crm_identity::users::{team_member_ids, Teams};
use rust_decimal::Decimal;
use sea_orm::sea_query::Condition;
use sea_orm::{ColumnTrait, ConnectionTrait};
use std::collections::BTreeMap;

/// Longest period one query covers.
pub const MAX_PERIOD_DAYS: i64 = 3 * 366;

/// What the metrics cover.
#[derive(InputObject, Debug, Clone)]
pub struct SalesMetricsFilter {
    /// First day of the period (inclusive).
    pub from: NaiveDate,
    /// Last day of the period (inclusive).
    pub to: NaiveDate,
    /// Owners of the leads and opportunities.
    pub owner_id: Option<IdFilter>,
    /// Owners in these sales teams.
    pub sales_team_id: Option<IdFilter>,
    /// Sources.
    pub source: Option<LeadSourceFilter>,
    /// Partner organisations.
    pub partner_id: Option<IdFilter>,
}

/// Sums in one currency.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CurrencySum {
    pub currency: String,
    pub count: i64,
    pub amount: Decimal,
    pub weighted: Decimal,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ForecastMonth {
    /// `YYYY-MM`.
    pub month: String,
    pub sums: Vec<CurrencySum>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SalesMetrics {
    pub leads_created: i64,
    pub leads_converted: i64,
    pub won: i64,
    pub lost: i64,
    /// Sum and count of won amounts, per currency.
    pub won_sums: Vec<CurrencySum>,
    pub average_cycle_days: Option<Decimal>,
    pub forecast: Vec<ForecastMonth>,
}

impl SalesMetrics {
    pub fn conversion_rate(&self) -> Option<Decimal> {
        ratio(self.leads_converted, self.leads_created)
    }

    pub fn win_rate(&self) -> Option<Decimal> {
        ratio(self.won, self.won + self.lost)
    }
}

/// `part / whole` rounded to four places (half away from zero); `None` when `whole` is 0.
pub fn ratio(part: i64, whole: i64) -> Option<Decimal> {
    (whole > 0).then(|| round(Decimal::from(part) / Decimal::from(whole), 4))
}

fn round(value: Decimal, places: u32) -> Decimal {
    value.round_dp_with_strategy(places, rust_decimal::RoundingStrategy::MidpointAwayFromZero).normalize()
}

/// The period as a half-open range of instants `[from 00:00, to + 1 day 00:00)` in UTC.
fn bounds(filter: &SalesMetricsFilter) -> AppResult<(DateTime<Utc>, DateTime<Utc>)> {
    if filter.to < filter.from {
        return Err(AppError::invalid(
            "filter.to",
            InputReason::OutOfRange { min: 0, max: MAX_PERIOD_DAYS }.with_message("`to` is before `from`"),
        ));
    }
    if (filter.to - filter.from).num_days() > MAX_PERIOD_DAYS {
        return Err(AppError::invalid(
            "filter.to",
            InputReason::OutOfRange { min: 0, max: MAX_PERIOD_DAYS }.with_message(format!("a period spans at most {MAX_PERIOD_DAYS} days")),
        ));
    }
    let start = filter.from.and_time(NaiveTime::MIN).and_utc();
    let end = (filter.to + Days::new(1)).and_time(NaiveTime::MIN).and_utc();
    Ok((start, end))
}

/// Owner, team, source and partner criteria for a table with those columns.
fn dimensions(
    filter: &SalesMetricsFilter,
    owner: impl ColumnTrait + Copy,
    source: impl ColumnTrait + Copy,
    partner: impl ColumnTrait + Copy,
) -> AppResult<Condition> {
    let mut cond = Condition::all();
    if let Some(f) = &filter.owner_id {
        cond = cond.add(f.condition(owner, "filter.ownerId")?);
    }
    if let Some(f) = &filter.sales_team_id {
        cond = cond.add(owner.in_subquery(team_member_ids(Teams::matching(f, "filter.salesTeamId")?)));
    }
    if let Some(f) = &filter.source {
        cond = cond.add(f.condition(source, "filter.source")?);
    }
    if let Some(f) = &filter.partner_id {
        cond = cond.add(f.condition(partner, "filter.partnerId")?);
    }
    Ok(cond)
}

pub async fn sales_metrics(
    db: &impl ConnectionTrait,
    leads: &LeadScope,
    opportunities: &OpportunityScope,
    filter: &SalesMetricsFilter,
) -> AppResult<SalesMetrics> {
    let (start, end) = bounds(filter)?;
    let lead_criteria = dimensions(filter, lead::Column::OwnerId, lead::Column::Source, lead::Column::PartnerId)?;
    let (leads_created, leads_converted) = leads_repo::created_and_converted(db, leads, start, end, lead_criteria).await?;

    let criteria = dimensions(filter, opportunity::Column::OwnerId, opportunity::Column::Source, opportunity::Column::PartnerId)?;
    let closed_rows = repo::closed_totals(db, opportunities, criteria.clone(), start, end).await?;
    let mut won_sums = Vec::new();
    let (mut won, mut lost) = (0, 0);
    for (stage, currency, count, total) in closed_rows {
        match stage {
            OpportunityStage::ClosedWon => {
                won += count;
                won_sums.push(CurrencySum { currency, count, amount: scaled_sum(&total, 4)?, weighted: Decimal::ZERO });
            }
            OpportunityStage::ClosedLost => lost += count,
            _ => {}
        }
    }
    won_sums.sort_by(|a, b| a.currency.cmp(&b.currency));

    // Cycle length: the exact mean of (closed − created) over the won deals, read as pairs
    // of instants (date arithmetic differs between the databases, decimals do not).
    let cycles = repo::won_cycles(db, opportunities, criteria.clone(), start, end).await?;
    let average_cycle_days = (!cycles.is_empty()).then(|| {
        let total_ms: i64 = cycles.iter().map(|(created, closed)| (*closed - *created).num_milliseconds()).sum();
        round(Decimal::from(total_ms) / Decimal::from(cycles.len() as i64) / Decimal::from(86_400_000), 2)
    });

    let forecast_rows = repo::forecast_totals(db, opportunities, criteria, filter.from, filter.to).await?;
    let mut months: BTreeMap<String, Vec<CurrencySum>> = BTreeMap::new();
    for (month, currency, count, total, weighted) in forecast_rows {
        months.entry(month).or_default().push(CurrencySum {
            currency,
            count,
            amount: scaled_sum(&total, 4)?,
            weighted: round(scaled_sum(&weighted, 6)?, 4),
        });
    }
    let forecast = months
        .into_iter()
        .map(|(month, mut sums)| {
            sums.sort_by(|a, b| a.currency.cmp(&b.currency));
            ForecastMonth { month, sums }
        })
        .collect();
    Ok(SalesMetrics { leads_created, leads_converted, won, lost, won_sums, average_cycle_days, forecast })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ratios_round_half_away_from_zero_to_four_places() {
        assert_eq!(ratio(1, 3), Some(Decimal::new(3333, 4)));
        assert_eq!(ratio(2, 3), Some(Decimal::new(6667, 4)));
        assert_eq!(ratio(1, 8), Some(Decimal::new(125, 3)));
        assert_eq!(ratio(0, 0), None);
    }
}
