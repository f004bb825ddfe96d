//! The sales metrics report: rates, amounts won and by whom, why deals were lost, and the open
//! pipeline by stage, overdue and by month, with every amount also in the corporate currency
//! (the rules in `crm_sales::pipeline::metrics`).

use crate::identity::{User, UserById};
use crate::request::loader;
use crate::types::{ConvertedAmount, Money};
use crate::{app, caller};
use async_graphql::{Context, Object, Result, SimpleObject, ID};
use crm_sales::access::{LeadScope, OpportunityScope};
use crm_sales::pipeline::domain::OpportunityStage;
use crm_sales::pipeline::metrics;
use rust_decimal::Decimal;

/// Count and sums of opportunities in one currency.
#[derive(SimpleObject, Clone)]
pub struct CurrencyTotals {
    /// ISO 4217 code.
    pub currency: String,
    /// Number of opportunities.
    pub count: i64,
    /// Sum of their amounts.
    pub amount: Money,
    /// Sum of amount × probability.
    pub weighted_amount: Money,
}

impl From<&metrics::CurrencySum> for CurrencyTotals {
    fn from(sum: &metrics::CurrencySum) -> Self {
        Self {
            amount: Money { amount: sum.amount, currency: sum.currency.clone() },
            weighted_amount: Money { amount: sum.weighted, currency: sum.currency.clone() },
            currency: sum.currency.clone(),
            count: sum.count,
        }
    }
}

/// Open opportunities: how many, and their amounts and weighted amounts (amount ×
/// probability), in the corporate currency at today's rates and per currency.
#[derive(SimpleObject, Clone)]
pub struct OpenPipeline {
    /// Number of opportunities.
    pub count: i64,
    /// Sum of their amounts.
    pub amount: ConvertedAmount,
    /// Sum of amount × probability.
    pub weighted_amount: ConvertedAmount,
}

impl OpenPipeline {
    fn new(corporate: &str, slice: &metrics::Slice) -> Self {
        Self {
            count: slice.count,
            amount: ConvertedAmount::new(corporate, &slice.amount),
            weighted_amount: ConvertedAmount::new(corporate, &slice.weighted),
        }
    }
}

/// The open pipeline of one stage.
#[derive(SimpleObject, Clone)]
pub struct StagePipeline {
    /// The stage.
    pub stage: OpportunityStage,
    /// Its open opportunities.
    pub pipeline: OpenPipeline,
}

/// The weighted pipeline of one month.
#[derive(SimpleObject, Clone)]
pub struct ForecastMonth {
    /// `YYYY-MM`, by expected close date.
    pub month: String,
    /// Open opportunities expected to close that month, per currency.
    pub totals: Vec<CurrencyTotals>,
    /// The same in all, with amounts in the corporate currency.
    pub pipeline: OpenPipeline,
}

/// One owner's deals closed in the period.
pub struct OwnerResult(metrics::OwnerResult, String);

/// One owner's deals closed in the period.
#[Object]
impl OwnerResult {
    /// The owner; null for deals without one.
    async fn owner(&self, ctx: &Context<'_>) -> Result<Option<User>> {
        let Some(owner) = self.0.owner else { return Ok(None) };
        Ok(loader::<UserById>(ctx)?.load_one(owner).await?.map(User::from))
    }
    /// The owner's id; null for deals without one.
    async fn owner_id(&self) -> Option<ID> {
        self.0.owner.map(|owner| ID(owner.id().to_string()))
    }
    /// Deals won.
    async fn won(&self) -> i64 {
        self.0.won
    }
    /// Deals lost.
    async fn lost(&self) -> i64 {
        self.0.lost
    }
    /// `won / (won + lost)`, four decimals.
    async fn win_rate(&self) -> Option<Decimal> {
        metrics::ratio(self.0.won, self.0.won + self.0.lost)
    }
    /// The amount won.
    async fn won_amount(&self) -> ConvertedAmount {
        ConvertedAmount::new(&self.1, &self.0.won_amount)
    }
}

/// Deals lost for one reason.
#[derive(SimpleObject)]
pub struct LossReason {
    /// The reason as most deals give it (reasons that differ only in case and spacing count as
    /// one); null for the other, rarer reasons added up.
    pub reason: Option<String>,
    /// Deals lost for it.
    pub count: i64,
    /// Their amounts.
    pub amount: ConvertedAmount,
}

/// Sales figures over a period (definitions in the README, "Sales metrics").
pub struct SalesMetrics(metrics::SalesMetrics);

/// Sales figures over a period (definitions in the README, "Sales metrics").
#[Object]
impl SalesMetrics {
    /// The currency the totals are given in (the company's corporate currency).
    async fn corporate_currency(&self) -> &str {
        &self.0.corporate_currency
    }
    /// Leads created in the period.
    async fn leads_created(&self) -> i64 {
        self.0.leads_created
    }
    /// Of those, the ones converted into customers (by now).
    async fn leads_converted(&self) -> i64 {
        self.0.leads_converted
    }
    /// `leadsConverted / leadsCreated`, four decimals; null without leads.
    async fn conversion_rate(&self) -> Option<Decimal> {
        self.0.conversion_rate()
    }
    /// Opportunities won in the period.
    async fn won(&self) -> i64 {
        self.0.won
    }
    /// Opportunities lost in the period.
    async fn lost(&self) -> i64 {
        self.0.lost
    }
    /// `won / (won + lost)`, four decimals; null when none closed.
    async fn win_rate(&self) -> Option<Decimal> {
        self.0.win_rate()
    }
    /// Mean amount of the deals won in the period, per currency (four decimals).
    async fn average_deal_size(&self) -> Vec<Money> {
        self.0
            .won_sums
            .iter()
            .map(|s| Money {
                amount: (s.amount / Decimal::from(s.count.max(1)))
                    .round_dp_with_strategy(4, rust_decimal::RoundingStrategy::MidpointAwayFromZero)
                    .normalize(),
                currency: s.currency.clone(),
            })
            .collect()
    }
    /// Mean amount of the deals won in the period in the corporate currency (four decimals);
    /// null when none was won or some won amount has no exchange rate.
    async fn average_deal_size_total(&self) -> Option<Money> {
        Some(Money { amount: self.0.average_deal_size()?, currency: self.0.corporate_currency.clone() })
    }
    /// Total amount won in the period, per currency.
    async fn won_amount(&self) -> Vec<Money> {
        self.0.won_sums.iter().map(|s| Money { amount: s.amount, currency: s.currency.clone() }).collect()
    }
    /// Total amount won in the period, in the corporate currency (each deal at the rate of the
    /// day it closed) and per currency.
    async fn won_total(&self) -> ConvertedAmount {
        ConvertedAmount::new(&self.0.corporate_currency, &self.0.won_amount)
    }
    /// Mean days from creation to closing of the deals won in the period (two decimals).
    async fn average_cycle_days(&self) -> Option<Decimal> {
        self.0.average_cycle_days
    }
    /// Open opportunities expected to close in the period, by month.
    async fn forecast(&self) -> Vec<ForecastMonth> {
        let corporate = &self.0.corporate_currency;
        self.0
            .forecast
            .iter()
            .map(|m| ForecastMonth {
                month: m.month.clone(),
                totals: m.sums.iter().map(CurrencyTotals::from).collect(),
                pipeline: OpenPipeline::new(corporate, &m.slice),
            })
            .collect()
    }
    /// Open opportunities whose expected close date is before today.
    async fn overdue(&self) -> OpenPipeline {
        OpenPipeline::new(&self.0.corporate_currency, &self.0.overdue)
    }
    /// Every open opportunity by stage, in pipeline order (not bound to the period); stages
    /// without any are left out.
    async fn pipeline_by_stage(&self) -> Vec<StagePipeline> {
        let corporate = &self.0.corporate_currency;
        self.0
            .by_stage
            .iter()
            .map(|(stage, slice)| StagePipeline { stage: *stage, pipeline: OpenPipeline::new(corporate, slice) })
            .collect()
    }
    /// Per owner, the deals closed in the period, by amount won in the corporate currency.
    async fn leaderboard(&self) -> Vec<OwnerResult> {
        self.0.leaderboard.iter().map(|row| OwnerResult(row.clone(), self.0.corporate_currency.clone())).collect()
    }
    /// The deals lost in the period by reason, most frequent first (ten at most: the rarer
    /// reasons are added up in a last entry without a reason).
    async fn loss_reasons(&self) -> Vec<LossReason> {
        let corporate = &self.0.corporate_currency;
        self.0
            .loss_reasons
            .iter()
            .map(|r| LossReason { reason: r.reason.clone(), count: r.count, amount: ConvertedAmount::new(corporate, &r.amount) })
            .collect()
    }
}

#[derive(Default)]
pub struct SalesMetricsQuery;

#[Object]
impl SalesMetricsQuery {
    /// Conversion rate, win rate, average deal size, cycle length, leaderboard, loss reasons,
    /// the open pipeline and the forecast over a period, within what the caller may see (a
    /// rep: its own and its team's).
    async fn sales_metrics(&self, ctx: &Context<'_>, filter: metrics::SalesMetricsFilter) -> Result<SalesMetrics> {
        let principal = &caller(ctx)?.principal;
        let (leads, opportunities) = (LeadScope::of(principal)?, OpportunityScope::of(principal)?);
        let app = app(ctx)?;
        let today = app.clock.now().date_naive();
        Ok(SalesMetrics(metrics::sales_metrics(&app.db.read, &leads, &opportunities, &filter, today).await?))
    }
}
