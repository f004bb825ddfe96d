//! Sales metrics over a period: conversion rate (leads → customers), win rate, average deal
//! size, sales cycle length, the amount won and by whom, why deals were lost, and the open
//! pipeline by stage, overdue and by month, filterable by owner, team, source and partner.
//! Every figure is computed exactly: counts and sums in SQL over the scaled integers, ratios
//! and averages in decimal arithmetic, rounded once at the end.
//!
//! Money is given per currency and as one total in the corporate currency: a closed deal at
//! the exchange rate in force on the day it closed, an open one at today's rate. A currency
//! without a rate on that day is never guessed: its amounts stay out of the total, which says
//! so (`Converted::unconverted`).
//!
//! Definitions (the README repeats them for report readers):
//! - conversion rate: of the leads created in the period, the share converted (by now);
//! - win rate: of the opportunities closed in the period, the share won;
//! - average deal size: mean amount of the opportunities won in the period;
//! - cycle length: mean days from creation to closing of the opportunities won in the period;
//! - leaderboard: per owner, the deals won and lost in the period and the amount won;
//! - loss reasons: the deals lost in the period by the reason given (spelling aside);
//! - pipeline by stage: every open opportunity, by stage (not bound to the period);
//! - overdue: open opportunities whose expected close date is before today;
//! - forecast: open opportunities expected to close in the period, by month of the expected
//!   close date: count, amount and amount × probability.
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
use crm_company::rates::Rates;
use crm_core::error::{AppError, AppResult, InputReason};
use crm_core::filters::IdFilter;
use crm_core::values::scaled_sum;
use crm_core::visible::Seen;
use crm_identity::entity::user;
use crm_identity::users::{team_member_ids, Teams};
use rust_decimal::Decimal;
use sea_orm::sea_query::Condition;
use sea_orm::{ColumnTrait, ConnectionTrait};
use std::collections::{BTreeMap, BTreeSet};
use uuid::Uuid;

/// Longest period one query covers.
pub const MAX_PERIOD_DAYS: i64 = 3 * 366;
/// Loss reasons listed one by one; the rest are added up as others.
pub const MAX_LOSS_REASONS: usize = 10;

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

/// Amounts in several currencies and their total in the corporate currency.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Converted {
    /// In the corporate currency: the amounts that had a rate on their day.
    pub total: Decimal,
    /// As they are, per currency.
    pub by_currency: BTreeMap<String, Decimal>,
    /// Currencies some amount of which had no rate on its day (not in `total`).
    pub unconverted: BTreeSet<String>,
}

impl Converted {
    /// Adds `amount` of `currency`, converted at the rate of `day`.
    pub fn add(&mut self, rates: &Rates, amount: Decimal, currency: &str, day: NaiveDate) {
        *self.by_currency.entry(currency.to_owned()).or_default() += amount;
        match rates.convert(amount, currency, day) {
            Some(converted) => self.total += converted,
            None => {
                self.unconverted.insert(currency.to_owned());
            }
        }
    }

    /// Adds another converted total to this one.
    fn absorb(&mut self, other: Converted) {
        self.total += other.total;
        for (currency, amount) in other.by_currency {
            *self.by_currency.entry(currency).or_default() += amount;
        }
        self.unconverted.extend(other.unconverted);
    }
}

/// Open opportunities: how many, their amounts and weighted amounts.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Slice {
    pub count: i64,
    pub amount: Converted,
    pub weighted: Converted,
}

impl Slice {
    fn add(&mut self, rates: &Rates, row: &OpenRow, today: NaiveDate) {
        self.count += row.count;
        self.amount.add(rates, row.amount, &row.currency, today);
        self.weighted.add(rates, row.weighted, &row.currency, today);
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ForecastMonth {
    /// `YYYY-MM`.
    pub month: String,
    /// Per currency, with counts.
    pub sums: Vec<CurrencySum>,
    pub slice: Slice,
}

/// One owner's closed deals in the period.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct OwnerResult {
    /// `None`: deals without an owner.
    pub owner: Option<Seen<user::Model>>,
    pub won: i64,
    pub lost: i64,
    pub won_amount: Converted,
}

/// Deals lost for one reason.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct LossReason {
    /// The reason as most often written; `None` for the others beyond [`MAX_LOSS_REASONS`].
    pub reason: Option<String>,
    pub count: i64,
    pub amount: Converted,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SalesMetrics {
    pub corporate_currency: String,
    pub leads_created: i64,
    pub leads_converted: i64,
    pub won: i64,
    pub lost: i64,
    /// Sum and count of won amounts, per currency.
    pub won_sums: Vec<CurrencySum>,
    pub won_amount: Converted,
    pub average_cycle_days: Option<Decimal>,
    pub forecast: Vec<ForecastMonth>,
    pub overdue: Slice,
    pub by_stage: Vec<(OpportunityStage, Slice)>,
    /// By amount won (in the corporate currency), then deals won.
    pub leaderboard: Vec<OwnerResult>,
    /// Most frequent first.
    pub loss_reasons: Vec<LossReason>,
}

impl SalesMetrics {
    pub fn conversion_rate(&self) -> Option<Decimal> {
        ratio(self.leads_converted, self.leads_created)
    }

    pub fn win_rate(&self) -> Option<Decimal> {
        ratio(self.won, self.won + self.lost)
    }

    /// Mean amount won, in the corporate currency; `None` when nothing was won or some of it
    /// could not be converted (a mean of part of the deals would mislead).
    pub fn average_deal_size(&self) -> Option<Decimal> {
        (self.won > 0 && self.won_amount.unconverted.is_empty()).then(|| round(self.won_amount.total / Decimal::from(self.won), 4))
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

/// One group of open opportunities, as read.
#[derive(Debug, Clone)]
struct OpenRow {
    stage: OpportunityStage,
    expected_close: NaiveDate,
    currency: String,
    count: i64,
    amount: Decimal,
    weighted: Decimal,
}

/// A day as the database wrote it (`YYYY-MM-DD`).
fn day(text: &str) -> AppResult<NaiveDate> {
    NaiveDate::parse_from_str(text, "%Y-%m-%d").map_err(|e| AppError::Internal(anyhow::anyhow!("closing day `{text}`: {e}")))
}

pub async fn sales_metrics(
    db: &impl ConnectionTrait,
    leads: &LeadScope,
    opportunities: &OpportunityScope,
    filter: &SalesMetricsFilter,
    today: NaiveDate,
) -> AppResult<SalesMetrics> {
    let (start, end) = bounds(filter)?;
    let lead_criteria = dimensions(filter, lead::Column::OwnerId, lead::Column::Source, lead::Column::PartnerId)?;
    let (leads_created, leads_converted) = leads_repo::created_and_converted(db, leads, start, end, lead_criteria).await?;

    let criteria = dimensions(filter, opportunity::Column::OwnerId, opportunity::Column::Source, opportunity::Column::PartnerId)?;
    let closed = repo::closed_groups(db, opportunities, criteria.clone(), start, end).await?;
    let lost = repo::lost_groups(db, opportunities, criteria.clone(), start, end).await?;
    let open = repo::open_groups(db, opportunities, criteria.clone())
        .await?
        .into_iter()
        .map(|(stage, expected_close, currency, count, total, weighted)| {
            Ok(OpenRow {
                stage,
                expected_close,
                currency,
                count,
                amount: scaled_sum(&total, 4)?,
                weighted: round(scaled_sum(&weighted, 6)?, 4),
            })
        })
        .collect::<AppResult<Vec<_>>>()?;
    let currencies = closed.iter().map(|row| row.2.as_str()).chain(open.iter().map(|row| row.currency.as_str()));
    let rates = Rates::load(db, currencies, filter.from.min(today), filter.to.max(today)).await?;

    // Won and lost, per owner and in all.
    let mut owners: BTreeMap<Option<Uuid>, OwnerResult> = BTreeMap::new();
    let mut won_by_currency: BTreeMap<String, CurrencySum> = BTreeMap::new();
    let mut won_amount = Converted::default();
    for (owner, stage, currency, closed_on, count, total) in &closed {
        let owner = owners.entry(owner.map(|o| o.id())).or_insert_with(|| OwnerResult { owner: *owner, ..OwnerResult::default() });
        match stage {
            OpportunityStage::ClosedWon => {
                let amount = scaled_sum(total, 4)?;
                owner.won += count;
                owner.won_amount.add(&rates, amount, currency, day(closed_on)?);
                won_amount.add(&rates, amount, currency, day(closed_on)?);
                let sum = won_by_currency.entry(currency.clone()).or_insert_with(|| CurrencySum {
                    currency: currency.clone(),
                    count: 0,
                    amount: Decimal::ZERO,
                    weighted: Decimal::ZERO,
                });
                sum.count += count;
                sum.amount += amount;
            }
            OpportunityStage::ClosedLost => owner.lost += count,
            _ => {}
        }
    }
    let won = owners.values().map(|o| o.won).sum();
    let lost_count = owners.values().map(|o| o.lost).sum();
    let mut leaderboard: Vec<OwnerResult> = owners.into_values().collect();
    leaderboard.sort_by(|a, b| {
        b.won_amount.total.cmp(&a.won_amount.total).then(b.won.cmp(&a.won)).then(a.owner.map(|o| o.id()).cmp(&b.owner.map(|o| o.id())))
    });

    // Cycle length: the exact mean of (closed − created) over the won deals, read as pairs
    // of instants (date arithmetic differs between the databases, decimals do not).
    let cycles = repo::won_cycles(db, opportunities, criteria, start, end).await?;
    let average_cycle_days = (!cycles.is_empty()).then(|| {
        let total_ms: i64 = cycles.iter().map(|(created, closed)| (*closed - *created).num_milliseconds()).sum();
        round(Decimal::from(total_ms) / Decimal::from(cycles.len() as i64) / Decimal::from(86_400_000), 2)
    });

    let (forecast, overdue, by_stage) = open_pipeline(&open, &rates, filter, today);
    Ok(SalesMetrics {
        corporate_currency: rates.corporate.clone(),
        leads_created,
        leads_converted,
        won,
        lost: lost_count,
        won_sums: won_by_currency.into_values().collect(),
        won_amount,
        average_cycle_days,
        forecast,
        overdue,
        by_stage,
        leaderboard,
        loss_reasons: loss_reasons(&lost, &rates)?,
    })
}

/// The open pipeline at today's rates: the forecast months of the period, the overdue deals
/// and every open stage in pipeline order.
fn open_pipeline(
    open: &[OpenRow],
    rates: &Rates,
    filter: &SalesMetricsFilter,
    today: NaiveDate,
) -> (Vec<ForecastMonth>, Slice, Vec<(OpportunityStage, Slice)>) {
    let mut months: BTreeMap<String, (BTreeMap<String, CurrencySum>, Slice)> = BTreeMap::new();
    let mut overdue = Slice::default();
    let mut stages: BTreeMap<usize, (OpportunityStage, Slice)> = BTreeMap::new();
    for row in open {
        let position = OpportunityStage::ALL.iter().position(|s| *s == row.stage).unwrap_or(usize::MAX);
        stages.entry(position).or_insert_with(|| (row.stage, Slice::default())).1.add(rates, row, today);
        if row.expected_close < today {
            overdue.add(rates, row, today);
        }
        if (filter.from..=filter.to).contains(&row.expected_close) {
            let (sums, slice) = months.entry(row.expected_close.format("%Y-%m").to_string()).or_default();
            slice.add(rates, row, today);
            let sum = sums.entry(row.currency.clone()).or_insert_with(|| CurrencySum {
                currency: row.currency.clone(),
                count: 0,
                amount: Decimal::ZERO,
                weighted: Decimal::ZERO,
            });
            sum.count += row.count;
            sum.amount += row.amount;
            sum.weighted += row.weighted;
        }
    }
    let forecast =
        months.into_iter().map(|(month, (sums, slice))| ForecastMonth { month, sums: sums.into_values().collect(), slice }).collect();
    (forecast, overdue, stages.into_values().collect())
}

/// The lost deals by reason, most frequent first: reasons that differ only in case and
/// spacing count as one, written as most deals write it; beyond [`MAX_LOSS_REASONS`] they are
/// added up as others.
fn loss_reasons(rows: &[(Option<String>, String, String, i64, String)], rates: &Rates) -> AppResult<Vec<LossReason>> {
    // Key: the reason folded; value: spellings with their counts, and the sums.
    let mut groups: BTreeMap<String, (BTreeMap<String, i64>, LossReason)> = BTreeMap::new();
    for (reason, currency, closed_on, count, total) in rows {
        let written = reason.as_deref().map(str::trim).unwrap_or_default();
        let key = written.split_whitespace().collect::<Vec<_>>().join(" ").to_lowercase();
        let (spellings, group) = groups.entry(key).or_default();
        *spellings.entry(written.to_owned()).or_default() += count;
        group.count += count;
        group.amount.add(rates, scaled_sum(total, 4)?, currency, day(closed_on)?);
    }
    let mut reasons: Vec<LossReason> = groups
        .into_values()
        .map(|(spellings, mut group)| {
            group.reason = spellings.into_iter().max_by(|a, b| a.1.cmp(&b.1).then(b.0.cmp(&a.0))).map(|(text, _)| text);
            group
        })
        .collect();
    reasons.sort_by(|a, b| b.count.cmp(&a.count).then(a.reason.cmp(&b.reason)));
    if reasons.len() > MAX_LOSS_REASONS {
        let rest = reasons.split_off(MAX_LOSS_REASONS - 1);
        let mut others = LossReason::default();
        for reason in rest {
            others.count += reason.count;
            others.amount.absorb(reason.amount);
        }
        reasons.push(others);
    }
    Ok(reasons)
}

#[cfg(test)]
mod tests {
    #![allow(clippy::expect_used, clippy::panic)]
    use super::*;

    fn date(text: &str) -> NaiveDate {
        NaiveDate::parse_from_str(text, "%Y-%m-%d").expect("a date")
    }

    #[test]
    fn a_total_converts_each_amount_at_its_days_rate_and_says_what_it_left_out() {
        let rates = Rates::new(
            "EUR",
            [("USD".to_owned(), date("2026-11-01"), Decimal::new(95, 2)), ("USD".to_owned(), date("2026-12-01"), Decimal::new(90, 2))],
        );
        let mut total = Converted::default();
        total.add(&rates, Decimal::from(1000), "USD", date("2026-11-15"));
        total.add(&rates, Decimal::from(1000), "USD", date("2026-12-15"));
        total.add(&rates, Decimal::from(500), "EUR", date("2026-12-15"));
        total.add(&rates, Decimal::from(70), "GBP", date("2026-12-15"));
        assert_eq!(total.total, Decimal::from(950 + 900 + 500));
        assert_eq!(total.by_currency.get("USD"), Some(&Decimal::from(2000)));
        assert_eq!(total.unconverted.iter().collect::<Vec<_>>(), ["GBP"]);
    }

    #[test]
    fn loss_reasons_fold_spellings_and_keep_the_most_written() {
        let rates = Rates::new("EUR", []);
        let row =
            |reason: &str, count: i64| (Some(reason.to_owned()), "EUR".to_owned(), "2026-12-01".to_owned(), count, "10000".to_owned());
        let reasons =
            loss_reasons(&[row("Price too high", 3), row("price  too high ", 1), row("Went with a competitor", 2)], &rates).expect("sums");
        let found: Vec<(Option<&str>, i64)> = reasons.iter().map(|r| (r.reason.as_deref(), r.count)).collect();
        assert_eq!(found, [(Some("Price too high"), 4), (Some("Went with a competitor"), 2)]);
        assert_eq!(reasons[0].amount.total, Decimal::from(2), "each row is 1.0000 scaled");
        let many: Vec<_> = (0..12).map(|i| row(&format!("reason {i:02}"), 12 - i)).collect();
        let reasons = loss_reasons(&many, &rates).expect("sums");
        assert_eq!(reasons.len(), MAX_LOSS_REASONS);
        assert_eq!((reasons[9].reason.as_deref(), reasons[9].count), (None, 3 + 2 + 1));
    }

    #[test]
    fn ratios_round_half_away_from_zero_to_four_places() {
        assert_eq!(ratio(1, 3), Some(Decimal::new(3333, 4)));
        assert_eq!(ratio(2, 3), Some(Decimal::new(6667, 4)));
        assert_eq!(ratio(1, 8), Some(Decimal::new(125, 3)));
        assert_eq!(ratio(0, 0), None);
    }
}
