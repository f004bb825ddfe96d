//! Sales metrics against a hand-computed fixture: records are made through the services with
//! a clock set to past instants, then read over the API.

use crate::db_test;
use crate::helpers::{ok, HandClock, TestApp};
use chrono::{DateTime, NaiveDate, TimeZone, Utc};
use crm_core::context::AppContext;
use crm_core::principal::Caller;
use crm_customers::inputs::{MoneyInput, VersionedId};
use crm_identity::domain::StaffRole;
use crm_sales::leads::inputs::{ConvertLeadInput, CreateLeadInput, UpdateLeadInput};
use crm_sales::leads::{conversion, domain::LeadStatus, service as leads};
use crm_sales::pipeline::domain::OpportunityStage;
use crm_sales::pipeline::inputs::{CreateOpportunityInput, MoveOpportunityInput};
use crm_sales::pipeline::service as pipeline;
use rust_decimal::Decimal;
use serde_json::json;
use std::sync::{Arc, Mutex};

/// A clock the fixture moves by hand.
struct Fixture {
    ctx: AppContext,
    clock: Arc<HandClock>,
    caller: Caller,
    customer: String,
}

fn at(y: i32, m: u32, d: u32, h: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(y, m, d, h, 0, 0).unwrap()
}

impl Fixture {
    fn set(&self, time: DateTime<Utc>) {
        *self.clock.0.lock().unwrap() = time;
    }

    async fn lead(&self, created: DateTime<Utc>, email: &str, converted: bool) {
        self.set(created);
        let input =
            CreateLeadInput { first_name: "L".into(), last_name: email.into(), email: Some(email.into()), ..CreateLeadInput::default() };
        let lead = leads::create_lead(&self.ctx, &self.caller, input).await.unwrap();
        if converted {
            let qualify = UpdateLeadInput {
                id: lead.id.to_string().into(),
                version: 1,
                status: Some(LeadStatus::Qualified),
                ..UpdateLeadInput::default()
            };
            leads::update_lead(&self.ctx, &self.caller, qualify).await.unwrap();
            let convert = ConvertLeadInput {
                lead_id: lead.id.to_string().into(),
                version: 2,
                create_opportunity: Some(false),
                allow_duplicate: true,
                ..ConvertLeadInput::default()
            };
            conversion::convert_lead(&self.ctx, &self.caller, convert).await.unwrap();
        }
    }

    /// An opportunity created at `created` with `amount`, then moved to `stage` at `moved`.
    async fn opportunity(
        &self,
        created: DateTime<Utc>,
        amount: &str,
        currency: &str,
        close: (i32, u32, u32),
        moves: &[(OpportunityStage, DateTime<Utc>)],
    ) {
        self.set(created);
        let input = CreateOpportunityInput {
            customer_id: self.customer.clone().into(),
            name: format!("{amount} {currency}"),
            amount: MoneyInput { amount: amount.parse::<Decimal>().unwrap(), currency: currency.into() },
            expected_close_date: NaiveDate::from_ymd_opt(close.0, close.1, close.2).unwrap(),
            stage: None,
            probability: None,
            owner_id: None,
            partner_id: None,
            source: None,
            product_ids: None,
            next_step: None,
            description: None,
        };
        let opp = pipeline::create_opportunity(&self.ctx, &self.caller, input).await.unwrap();
        for (version, (stage, when)) in moves.iter().enumerate() {
            self.set(*when);
            let lost_reason = (*stage == OpportunityStage::ClosedLost).then(|| "Price".to_owned());
            let input = MoveOpportunityInput {
                id: opp.id.to_string().into(),
                version: version as i32 + 1,
                stage: *stage,
                probability: None,
                lost_reason,
            };
            pipeline::move_opportunity(&self.ctx, &self.caller, input).await.unwrap();
        }
    }
}

async fn metrics_match_a_hand_computed_fixture(app: TestApp) {
    use OpportunityStage::*;
    let manager = app.staff("manager@example.com", StaffRole::SalesManager).await;
    let customer = app.customer(&manager, json!({"name": "Rossi SpA"})).await;
    let clock = Arc::new(HandClock(Mutex::new(at(2026, 1, 1, 0))));
    let f = Fixture {
        ctx: AppContext { db: app.db.clone(), clock: clock.clone() },
        clock,
        caller: Caller::system("metrics fixture"),
        customer: customer["id"].as_str().unwrap().to_owned(),
    };
    // Leads: three created in Q1 2026, two of them converted → 2/3.
    f.lead(at(2025, 12, 31, 23), "before@example.com", true).await;
    f.lead(at(2026, 1, 10, 9), "a@example.com", true).await;
    f.lead(at(2026, 2, 1, 9), "b@example.com", false).await;
    f.lead(at(2026, 3, 31, 23), "c@example.com", true).await;
    f.lead(at(2026, 4, 1, 0), "after@example.com", false).await;
    // Closed in Q1: won 1000 EUR after 91 days, won 2500.50 EUR after 45.5 days, won 300 USD
    // after 68 days, lost one; one won after the quarter does not count.
    f.opportunity(at(2025, 11, 1, 0), "1000", "EUR", (2026, 1, 31), &[(ClosedWon, at(2026, 1, 31, 0))]).await;
    f.opportunity(at(2026, 1, 1, 0), "2500.50", "EUR", (2026, 2, 15), &[(Proposal, at(2026, 1, 20, 0)), (ClosedWon, at(2026, 2, 15, 12))])
        .await;
    f.opportunity(at(2026, 1, 1, 0), "300", "USD", (2026, 3, 10), &[(ClosedWon, at(2026, 3, 10, 0))]).await;
    f.opportunity(at(2026, 1, 5, 0), "700", "EUR", (2026, 3, 1), &[(ClosedLost, at(2026, 3, 1, 0))]).await;
    f.opportunity(at(2026, 2, 1, 0), "5000", "EUR", (2026, 3, 20), &[(ClosedWon, at(2026, 4, 2, 0))]).await;
    // Open, expected in Q1: 1000 EUR at 50 % and 400 EUR at 10 % in February, 200 USD at 75 %
    // in March; one expected in May is outside.
    f.opportunity(at(2026, 1, 2, 0), "1000", "EUR", (2026, 2, 10), &[(Proposal, at(2026, 1, 3, 0))]).await;
    f.opportunity(at(2026, 1, 2, 0), "400", "EUR", (2026, 2, 28), &[]).await;
    f.opportunity(at(2026, 1, 2, 0), "200", "USD", (2026, 3, 15), &[(Negotiation, at(2026, 1, 4, 0))]).await;
    f.opportunity(at(2026, 1, 2, 0), "999", "EUR", (2026, 5, 1), &[]).await;
    // An archived one counts nowhere.
    f.set(at(2026, 1, 2, 0));
    f.opportunity(at(2026, 1, 2, 0), "123", "EUR", (2026, 2, 1), &[]).await;
    let (page, _) = crm_sales::pipeline::repo::list_opportunities(
        &app.db.read,
        &crm_sales::access::OpportunityScope::of(&f.caller.principal).unwrap(),
        &crm_sales::pipeline::inputs::OpportunityFilter { search: Some("123".into()), ..Default::default() },
        &crm_sales::pipeline::inputs::OpportunityOrder {
            field: crm_sales::pipeline::inputs::OpportunityOrderField::Name,
            direction: Default::default(),
        },
        &crm_core::pagination::PageRequest::first(1),
    )
    .await
    .unwrap();
    let archived = &page.rows[0].1;
    pipeline::set_archived(&f.ctx, &f.caller, VersionedId { id: archived.id.to_string().into(), version: archived.version }, true)
        .await
        .unwrap();

    let query = "query($f: SalesMetricsFilter!) { salesMetrics(filter: $f) { leadsCreated leadsConverted conversionRate won lost winRate \
        averageDealSize { amount currency } wonAmount { amount currency } averageCycleDays \
        forecast { month totals { currency count amount { amount } weightedAmount { amount } } } } }";
    let res = app.gql(Some(&manager.token), query, json!({"f": {"from": "2026-01-01", "to": "2026-03-31"}})).await;
    assert_eq!(
        ok(&res)["salesMetrics"],
        json!({
            "leadsCreated": 3, "leadsConverted": 2, "conversionRate": "0.6667",
            "won": 3, "lost": 1, "winRate": "0.75",
            "averageDealSize": [{"amount": "1750.25", "currency": "EUR"}, {"amount": "300", "currency": "USD"}],
            "wonAmount": [{"amount": "3500.5", "currency": "EUR"}, {"amount": "300", "currency": "USD"}],
            "averageCycleDays": "68.17",
            "forecast": [
                {"month": "2026-02", "totals": [{"currency": "EUR", "count": 2, "amount": {"amount": "1400"}, "weightedAmount": {"amount": "540"}}]},
                {"month": "2026-03", "totals": [{"currency": "USD", "count": 1, "amount": {"amount": "200"}, "weightedAmount": {"amount": "150"}}]},
            ],
        })
    );
    // Filters narrow every figure: no lead or opportunity is a referral.
    let res = app
        .gql(Some(&manager.token), query, json!({"f": {"from": "2026-01-01", "to": "2026-03-31", "source": {"in": ["REFERRAL"]}}}))
        .await;
    let none = &ok(&res)["salesMetrics"];
    assert_eq!(
        (&none["leadsCreated"], &none["conversionRate"], &none["winRate"], &none["forecast"]),
        (&json!(0), &json!(null), &json!(null), &json!([]))
    );
    let res = app.gql(Some(&manager.token), query, json!({"f": {"from": "2026-03-31", "to": "2026-01-01"}})).await;
    assert_eq!(res["errors"][0]["extensions"]["field"], "filter.to");

    // In the corporate currency: without a USD rate the dollars stay out of the totals, and
    // the totals say so (no average of part of the deals).
    let corporate = "query($f: SalesMetricsFilter!) { salesMetrics(filter: $f) { corporateCurrency         wonTotal { total { amount currency } byCurrency { amount currency } unconvertedCurrencies }         averageDealSizeTotal { amount } } }";
    let q1 = json!({"f": {"from": "2026-01-01", "to": "2026-03-31"}});
    let res = app.gql(Some(&manager.token), corporate, q1.clone()).await;
    assert_eq!(
        ok(&res)["salesMetrics"],
        json!({
            "corporateCurrency": "EUR",
            "wonTotal": {"total": {"amount": "3500.5", "currency": "EUR"},
                "byCurrency": [{"amount": "3500.5", "currency": "EUR"}, {"amount": "300", "currency": "USD"}],
                "unconvertedCurrencies": ["USD"]},
            "averageDealSizeTotal": null,
        })
    );
    // With dated rates, each deal converts at the rate of the day it closed (300 USD on March
    // 10th at 0.8), the open pipeline at today's (the latest, 0.8).
    let admin = app.staff("admin@example.com", StaffRole::Admin).await;
    let import = "mutation($i: ImportExchangeRatesInput!) { importExchangeRates(input: $i) { written } }";
    let rates = "currency,date,rate\nUSD,2026-01-01,0.9\nUSD,2026-03-01,0.8\nUSD,2026-03-11,0.5\n";
    let res = app.gql(Some(&admin.token), import, json!({"i": {"csv": rates}})).await;
    assert_eq!(ok(&res)["importExchangeRates"]["written"], true);
    let full = "query($f: SalesMetricsFilter!) { salesMetrics(filter: $f) {         wonTotal { total { amount } unconvertedCurrencies } averageDealSizeTotal { amount }         leaderboard { owner { id } won lost winRate wonAmount { total { amount } } }         lossReasons { reason count amount { total { amount } } }         overdue { count amount { total { amount } byCurrency { amount currency } } weightedAmount { total { amount } } }         pipelineByStage { stage pipeline { count amount { total { amount } } } }         forecast { month pipeline { count weightedAmount { total { amount } unconvertedCurrencies } } } } }";
    let res = app.gql(Some(&manager.token), full, q1).await;
    assert_eq!(
        ok(&res)["salesMetrics"],
        json!({
            "wonTotal": {"total": {"amount": "3740.5"}, "unconvertedCurrencies": []},
            "averageDealSizeTotal": {"amount": "1246.8333"},
            "leaderboard": [{"owner": null, "won": 3, "lost": 1, "winRate": "0.75", "wonAmount": {"total": {"amount": "3740.5"}}}],
            "lossReasons": [{"reason": "Price", "count": 1, "amount": {"total": {"amount": "700"}}}],
            // Every open deal closes before today: 1000 + 400 + 999 EUR and 200 USD at 0.5.
            "overdue": {"count": 4, "amount": {"total": {"amount": "2499"},
                "byCurrency": [{"amount": "2399", "currency": "EUR"}, {"amount": "200", "currency": "USD"}]},
                "weightedAmount": {"total": {"amount": "714.9"}}},
            "pipelineByStage": [
                {"stage": "PROSPECTING", "pipeline": {"count": 2, "amount": {"total": {"amount": "1399"}}}},
                {"stage": "PROPOSAL", "pipeline": {"count": 1, "amount": {"total": {"amount": "1000"}}}},
                {"stage": "NEGOTIATION", "pipeline": {"count": 1, "amount": {"total": {"amount": "100"}}}},
            ],
            "forecast": [
                {"month": "2026-02", "pipeline": {"count": 2, "weightedAmount": {"total": {"amount": "540"}, "unconvertedCurrencies": []}}},
                {"month": "2026-03", "pipeline": {"count": 1, "weightedAmount": {"total": {"amount": "75"}, "unconvertedCurrencies": []}}},
            ],
        })
    );
}
db_test!(metrics_match_a_hand_computed_fixture);
