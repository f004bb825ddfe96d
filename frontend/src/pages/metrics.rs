//! The sales metrics dashboard (staff): over a period (by default the current quarter) and
//! optionally one owner, team, source or partner, the conversion and win rates, the average
//! deal size and sales cycle, the amount won, and the weighted forecast by month as a table
//! and a bar chart drawn with CSS. What it covers is the server's call (a rep: its own and
//! its team's).

use leptos::prelude::*;

use crate::api::ops::sales_metrics_report::{IdFilter, LeadSourceFilter, SalesMetricsFilter, SalesMetricsReportSalesMetrics, Variables};
use crate::api::ops::{routing_options, LeadSource, PrincipalKind, RoutingOptions, SalesMetricsReport};
use crate::api::{call, ApiError};
use crate::app::use_viewer;
use crate::components::{error_text, loaded, non_empty};
use crate::format;
use crate::i18n::{tr, use_i18n, Texts};
use crate::list_kit::FilterSelect;
use crate::pages::leads::source_options;

/// First and last day (`YYYY-MM-DD`) of the quarter `date` falls in.
fn quarter_of(year: u32, month: u32) -> (String, String) {
    let quarter = (month.clamp(1, 12) - 1) / 3;
    let (first, last) = (quarter * 3 + 1, quarter * 3 + 3);
    let last_day = match last {
        3 | 12 => 31,
        _ => 30,
    };
    (format!("{year:04}-{first:02}-01"), format!("{year:04}-{last:02}-{last_day:02}"))
}

/// The current quarter in the browser's calendar.
fn current_quarter() -> (String, String) {
    let today = js_sys::Date::new_0();
    quarter_of(today.get_full_year(), today.get_month() + 1)
}

#[component]
pub fn SalesMetricsPage() -> impl IntoView {
    let i18n = use_i18n();
    if use_viewer().kind != PrincipalKind::Staff {
        return view! {
            <div class="alert alert-error" role="alert" data-error-code="FORBIDDEN">
                {move || error_text(i18n.t(), &ApiError::Forbidden(String::new()))}
            </div>
        }
        .into_any();
    }
    view! { <Dashboard /> }.into_any()
}

#[component]
fn Dashboard() -> impl IntoView {
    let i18n = use_i18n();
    let (start, end) = current_quarter();
    let from = RwSignal::new(start);
    let to = RwSignal::new(end);
    let owner = RwSignal::new(String::new());
    let team = RwSignal::new(String::new());
    let source = RwSignal::new(String::new());
    let partner = RwSignal::new(String::new());
    let choices = LocalResource::new(|| async { call::<RoutingOptions>(routing_options::Variables {}).await.ok() });
    let choice = move |pick: fn(routing_options::ResponseData) -> Vec<(String, String)>| {
        Signal::derive(move || choices.get().flatten().map(pick).unwrap_or_default())
    };
    let owners = choice(|data| data.users.nodes.into_iter().map(|user| (user.id, user.display_name)).collect());
    let teams = choice(|data| data.sales_teams.nodes.into_iter().map(|team| (team.id, team.name)).collect());
    let partners = choice(|data| data.partner_organizations.nodes.into_iter().map(|org| (org.id, org.name)).collect());
    let metrics = LocalResource::new(move || {
        let one = |value: RwSignal<String>| non_empty(value.get()).map(|id| IdFilter { in_: Some(vec![id]), is_null: None });
        let filter = SalesMetricsFilter {
            from: from.get(),
            to: to.get(),
            owner_id: one(owner),
            sales_team_id: one(team),
            source: LeadSource::from_api(&source.get()).map(|source| LeadSourceFilter { in_: vec![source] }),
            partner_id: one(partner),
        };
        async move { call::<SalesMetricsReport>(Variables { filter }).await.map(|data| data.sales_metrics) }
    });
    let sources = Signal::derive(move || source_options(i18n.t()));
    let label = move |f: fn(&Texts) -> &'static str| Signal::derive(move || f(i18n.t()));
    let date_input = move |id: &'static str, text: fn(&Texts) -> &'static str, value: RwSignal<String>| {
        view! {
            <div class="field">
                <label for=id>{move || text(i18n.t())}</label>
                <input
                    id=id
                    type="date"
                    required
                    prop:value=move || value.get()
                    on:change=move |ev| {
                        let date = event_target_value(&ev);
                        if !date.is_empty() {
                            value.set(date);
                        }
                    }
                />
            </div>
        }
    };
    // Each filter's choice goes to its signal, which the report follows.
    let set = |signal: RwSignal<String>| Callback::new(move |value: String| signal.set(value));
    view! {
        <section class="page metrics-page" aria-labelledby="metrics-title">
            <h1 id="metrics-title">{tr(|t| t.sales.nav_sales_metrics)}</h1>
            <p class="hint">{tr(|t| t.sales.metrics_intro)}</p>
            <div class="filter-grid metrics-filters">
                {date_input("metrics-from", |t| t.sales.period_from, from)}
                {date_input("metrics-to", |t| t.sales.period_to, to)}
                <FilterSelect label=label(|t| t.owner) id="metrics-owner" value=owner on_change=set(owner) options=owners empty=label(|t| t.any) />
                <FilterSelect label=label(|t| t.sales.sales_team) id="metrics-team" value=team on_change=set(team) options=teams empty=label(|t| t.any) />
                <FilterSelect label=label(|t| t.sales.source) id="metrics-source" value=source on_change=set(source) options=sources empty=label(|t| t.any) />
                <FilterSelect label=label(|t| t.partner) id="metrics-partner" value=partner on_change=set(partner) options=partners empty=label(|t| t.any) />
            </div>
            {move || loaded(metrics.get(), |metrics| view! { <Report metrics=metrics /> }.into_any())}
        </section>
    }
}

/// Amounts in several currencies as one line, or "—".
fn money_list(tag: &str, amounts: &[(String, String)], none: &str) -> String {
    if amounts.is_empty() {
        return none.to_owned();
    }
    amounts.iter().map(|(amount, currency)| format::money(tag, amount, currency)).collect::<Vec<_>>().join(" + ")
}

#[component]
fn Report(metrics: SalesMetricsReportSalesMetrics) -> impl IntoView {
    let i18n = use_i18n();
    let conversion = metrics.conversion_rate.clone();
    let win = metrics.win_rate.clone();
    let cycle = metrics.average_cycle_days.clone();
    let average: Vec<(String, String)> = metrics.average_deal_size.iter().map(|m| (m.amount.clone(), m.currency.clone())).collect();
    let won_amount: Vec<(String, String)> = metrics.won_amount.iter().map(|m| (m.amount.clone(), m.currency.clone())).collect();
    let (created, converted, won, lost) = (metrics.leads_created, metrics.leads_converted, metrics.won, metrics.lost);
    let tile = move |key: &'static str, title: fn(&Texts) -> &'static str, value: Signal<String>, detail: Option<Signal<String>>| {
        view! {
            <li class="kpi" data-kpi=key>
                <span class="kpi-label">{move || title(i18n.t())}</span>
                <strong class="kpi-value">{move || value.get()}</strong>
                {detail.map(|detail| view! { <small class="kpi-detail">{move || detail.get()}</small> })}
            </li>
        }
    };
    let none = move || i18n.t().none.to_owned();
    view! {
        <ul class="kpis" aria-label=move || i18n.t().sales.nav_sales_metrics>
            {tile(
                "conversionRate",
                |t| t.sales.conversion_rate,
                Signal::derive(move || conversion.as_deref().map(|rate| format::percent(i18n.tag(), rate)).unwrap_or_else(none)),
                Some(Signal::derive(move || (i18n.t().sales.leads_converted_of)(converted, created))),
            )}
            {tile(
                "winRate",
                |t| t.sales.win_rate,
                Signal::derive(move || win.as_deref().map(|rate| format::percent(i18n.tag(), rate)).unwrap_or_else(none)),
                Some(Signal::derive(move || (i18n.t().sales.won_lost)(won, lost))),
            )}
            {tile(
                "averageDealSize",
                |t| t.sales.average_deal_size,
                Signal::derive(move || money_list(i18n.tag(), &average, i18n.t().none)),
                None,
            )}
            {tile(
                "averageCycleDays",
                |t| t.sales.average_cycle,
                Signal::derive(move || {
                    cycle.as_deref().map(|days| (i18n.t().sales.days)(&format::decimal(i18n.tag(), days))).unwrap_or_else(none)
                }),
                None,
            )}
            {tile(
                "wonAmount",
                |t| t.sales.won_amount,
                Signal::derive(move || money_list(i18n.tag(), &won_amount, i18n.t().none)),
                None,
            )}
        </ul>
        <Forecast metrics=metrics />
    }
}

/// One month's open pipeline in one currency.
#[derive(Clone)]
struct ForecastRow {
    month: String,
    currency: String,
    count: i64,
    amount: String,
    weighted: String,
    /// Bar length: the weighted amount as a percentage of the largest one in its currency.
    share: f64,
}

fn forecast_rows(metrics: &SalesMetricsReportSalesMetrics) -> Vec<ForecastRow> {
    // Only the bars' lengths go through floating point; every amount shown stays exact.
    let value = |amount: &str| amount.parse::<f64>().unwrap_or(0.0);
    let mut rows: Vec<ForecastRow> = metrics
        .forecast
        .iter()
        .flat_map(|month| {
            month.totals.iter().map(|total| ForecastRow {
                month: month.month.clone(),
                currency: total.currency.clone(),
                count: total.count,
                amount: total.amount.amount.clone(),
                weighted: total.weighted_amount.amount.clone(),
                share: 0.0,
            })
        })
        .collect();
    let largest = |currency: &str, rows: &[ForecastRow]| {
        rows.iter().filter(|row| row.currency == currency).map(|row| value(&row.weighted)).fold(0.0_f64, f64::max)
    };
    let maxima: Vec<f64> = rows.iter().map(|row| largest(&row.currency, &rows)).collect();
    for (row, max) in rows.iter_mut().zip(maxima) {
        row.share = if max > 0.0 { (value(&row.weighted) / max * 100.0).clamp(0.0, 100.0) } else { 0.0 };
    }
    rows
}

#[component]
fn Forecast(metrics: SalesMetricsReportSalesMetrics) -> impl IntoView {
    let i18n = use_i18n();
    let rows = forecast_rows(&metrics);
    if rows.is_empty() {
        return view! {
            <section class="card forecast-section" aria-labelledby="forecast-title">
                <h2 id="forecast-title">{tr(|t| t.sales.forecast)}</h2>
                <p class="empty">{tr(|t| t.sales.no_forecast)}</p>
            </section>
        }
        .into_any();
    }
    let table_rows = rows
        .clone()
        .into_iter()
        .map(|row| {
            let (month, currency) = (row.month.clone(), row.currency.clone());
            let (amount, weighted) = (row.amount.clone(), row.weighted.clone());
            let currency_text = currency.clone();
            let weighted_currency = currency.clone();
            let data_currency = currency.clone();
            view! {
                <tr data-month=row.month.clone() data-currency=data_currency>
                    <th scope="row">{move || format::month(i18n.tag(), &month)}</th>
                    <td>{currency_text}</td>
                    <td>{move || format::integer(i18n.tag(), row.count)}</td>
                    <td>{move || format::money(i18n.tag(), &amount, &currency)}</td>
                    <td>{move || format::money(i18n.tag(), &weighted, &weighted_currency)}</td>
                </tr>
            }
        })
        .collect_view();
    let bars = rows
        .into_iter()
        .map(|row| {
            let month = row.month.clone();
            let (weighted, currency) = (row.weighted.clone(), row.currency.clone());
            // Set through the CSSOM (the content security policy refuses style attributes).
            let width = format!("{:.1}%", row.share);
            view! {
                <li class="bar-row">
                    <span class="bar-label">{move || format::month(i18n.tag(), &month)}</span>
                    <span class="bar-track">
                        <span class="bar" style:width=width></span>
                    </span>
                    <span class="bar-value">{move || format::money(i18n.tag(), &weighted, &currency)}</span>
                </li>
            }
        })
        .collect_view();
    view! {
        <section class="card forecast-section" aria-labelledby="forecast-title">
            <h2 id="forecast-title">{tr(|t| t.sales.forecast)}</h2>
            <p class="hint">{tr(|t| t.sales.forecast_hint)}</p>
            // Focusable, so keyboard users can scroll it on a narrow screen.
            <div class="table-wrap" tabindex="0" role="region" aria-labelledby="forecast-title">
                <table class="forecast">
                    <thead>
                        <tr>
                            <th scope="col">{tr(|t| t.sales.month)}</th>
                            <th scope="col">{tr(|t| t.currency)}</th>
                            <th scope="col">{tr(|t| t.sales.deals)}</th>
                            <th scope="col">{tr(|t| t.sales.amount)}</th>
                            <th scope="col">{tr(|t| t.sales.weighted_amount)}</th>
                        </tr>
                    </thead>
                    <tbody>{table_rows}</tbody>
                </table>
            </div>
            <figure class="forecast-chart">
                <figcaption>{tr(|t| t.sales.forecast_chart)}</figcaption>
                <ul class="bars">{bars}</ul>
            </figure>
        </section>
    }
    .into_any()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quarters_start_and_end_on_their_days() {
        assert_eq!(quarter_of(2026, 11), ("2026-10-01".to_owned(), "2026-12-31".to_owned()));
        assert_eq!(quarter_of(2026, 1), ("2026-01-01".to_owned(), "2026-03-31".to_owned()));
        assert_eq!(quarter_of(2027, 6), ("2027-04-01".to_owned(), "2027-06-30".to_owned()));
        assert_eq!(quarter_of(2027, 9), ("2027-07-01".to_owned(), "2027-09-30".to_owned()));
    }
}
