//! The sales metrics dashboard (staff): over a period (by default the current quarter, with
//! presets up to next year) and optionally one owner, team, source or partner, the conversion
//! and win rates, the average deal size and sales cycle, the amount won; then, each as a bar
//! chart with its data table, the forecast by month with the overdue deals, the open pipeline
//! by stage, the leaderboard and the deals won and lost by reason. Money is shown in the
//! corporate currency, the originals beside it; a currency without an exchange rate is left
//! out of the totals and named. What it covers is the server's call (a rep: its own and its
//! team's).

use leptos::prelude::*;
use leptos_router::components::A;

use crate::api::ops::sales_metrics_report::{
    Converted, IdFilter, LeadSourceFilter, Open, SalesMetricsFilter, SalesMetricsReportSalesMetrics, Variables,
};
use crate::api::ops::{routing_options, LeadSource, PrincipalKind, RoutingOptions, SalesMetricsReport};
use crate::api::{call, ApiError};
use crate::app::use_viewer;
use crate::components::{error_text, loaded, non_empty};
use crate::date_input::DateInput;
use crate::format;
use crate::i18n::metrics::Texts as MetricsTexts;
use crate::i18n::{tr, use_i18n, Texts};
use crate::list_kit::FilterSelect;
use crate::pages::leads::source_options;

/// First and last day (`YYYY-MM-DD`) of the quarter `month` falls in.
fn quarter_of(year: u32, month: u32) -> (String, String) {
    let quarter = (month.clamp(1, 12) - 1) / 3;
    let (first, last) = (quarter * 3 + 1, quarter * 3 + 3);
    let last_day = match last {
        3 | 12 => 31,
        _ => 30,
    };
    (format!("{year:04}-{first:02}-01"), format!("{year:04}-{last:02}-{last_day:02}"))
}

/// The quarter after the one `month` falls in.
fn next_quarter_of(year: u32, month: u32) -> (String, String) {
    if month.clamp(1, 12) >= 10 {
        quarter_of(year + 1, 1)
    } else {
        quarter_of(year, month.clamp(1, 12) + 3)
    }
}

fn year_of(year: u32) -> (String, String) {
    (format!("{year:04}-01-01"), format!("{year:04}-12-31"))
}

/// Today's year and month in the browser's calendar.
fn this_month() -> (u32, u32) {
    let today = js_sys::Date::new_0();
    (today.get_full_year(), today.get_month() + 1)
}

/// A period offered in one click: its key (for the button's id), its name, and its first
/// and last day.
type Preset = (&'static str, fn(&MetricsTexts) -> &'static str, (String, String));

/// The periods offered in one click.
fn presets() -> [Preset; 4] {
    let (year, month) = this_month();
    [
        ("this-quarter", |t| t.this_quarter, quarter_of(year, month)),
        ("next-quarter", |t| t.next_quarter, next_quarter_of(year, month)),
        ("this-year", |t| t.this_year, year_of(year)),
        ("next-year", |t| t.next_year, year_of(year + 1)),
    ]
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
    let (year, month) = this_month();
    let (start, end) = quarter_of(year, month);
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
                <DateInput
                    id=id.to_owned()
                    value=value
                    required=true
                    // The period needs both ends: an emptied box keeps the last date.
                    on_change=Callback::new(move |date: String| {
                        if !date.is_empty() {
                            value.set(date);
                        }
                    })
                />
            </div>
        }
    };
    // Each filter's choice goes to its signal, which the report follows.
    let set = |signal: RwSignal<String>| Callback::new(move |value: String| signal.set(value));
    view! {
        <section class="page metrics-page" aria-labelledby="metrics-title">
            <h1 id="metrics-title">{tr(|t| t.sales_labels.nav_sales_metrics)}</h1>
            <p class="hint">{tr(|t| t.sales().metrics_intro)}</p>
            <div class="period-presets" role="group" aria-label={move || i18n.of::<MetricsTexts>().presets}>
                {presets()
                    .into_iter()
                    .map(|(key, label, (first, last))| {
                        let (shown_first, shown_last) = (first.clone(), last.clone());
                        let current = move || from.get() == shown_first && to.get() == shown_last;
                        view! {
                            <button
                                type="button"
                                id=format!("period-{key}")
                                aria-pressed=move || current().to_string()
                                on:click=move |_| {
                                    from.set(first.clone());
                                    to.set(last.clone());
                                }
                            >
                                {move || label(i18n.of::<MetricsTexts>())}
                            </button>
                        }
                    })
                    .collect_view()}
            </div>
            <div class="filter-grid metrics-filters">
                {date_input("metrics-from", |t| t.sales().period_from, from)}
                {date_input("metrics-to", |t| t.sales().period_to, to)}
                <FilterSelect label=label(|t| t.owner) id="metrics-owner" value=owner on_change=set(owner) options=owners empty=label(|t| t.any) />
                <FilterSelect label=label(|t| t.sales().sales_team) id="metrics-team" value=team on_change=set(team) options=teams empty=label(|t| t.any) />
                <FilterSelect label=label(|t| t.sales().source) id="metrics-source" value=source on_change=set(source) options=sources empty=label(|t| t.any) />
                <FilterSelect label=label(|t| t.partner) id="metrics-partner" value=partner on_change=set(partner) options=partners empty=label(|t| t.any) />
            </div>
            {move || loaded(metrics.get(), |metrics| view! { <Report metrics=metrics /> }.into_any())}
        </section>
    }
}

/// A converted amount of the report: the total in the corporate currency, the originals,
/// and the currencies left out for lack of a rate.
#[derive(Clone, Debug, PartialEq)]
struct Amount {
    total: (String, String),
    originals: Vec<(String, String)>,
    unconverted: Vec<String>,
}

impl Amount {
    fn of(amount: &Converted) -> Self {
        Amount {
            total: (amount.total.amount.clone(), amount.total.currency.clone()),
            originals: amount.by_currency.iter().map(|m| (m.amount.clone(), m.currency.clone())).collect(),
            unconverted: amount.unconverted_currencies.clone(),
        }
    }

    fn text(&self, tag: &str, t: &Texts) -> String {
        format::converted(tag, (&self.total.0, &self.total.1), &self.originals, t.from_originals)
    }

    /// The total as a number, for a bar's length only (every amount shown stays exact).
    fn value(&self) -> f64 {
        self.total.0.parse::<f64>().unwrap_or(0.0)
    }
}

/// Open deals of one row: how many, their amount and weighted amount.
struct OpenDeals {
    count: i64,
    amount: Amount,
    weighted: Amount,
}

impl OpenDeals {
    fn of(open: &Open) -> Self {
        OpenDeals { count: open.count, amount: Amount::of(&open.amount), weighted: Amount::of(&open.weighted_amount) }
    }
}

/// Every currency the report could not convert.
fn unconverted(metrics: &SalesMetricsReportSalesMetrics) -> Vec<String> {
    let mut amounts: Vec<&Converted> = vec![&metrics.won_total, &metrics.overdue.amount];
    amounts.extend(metrics.forecast.iter().map(|m| &m.pipeline.amount));
    amounts.extend(metrics.pipeline_by_stage.iter().map(|s| &s.pipeline.amount));
    amounts.extend(metrics.loss_reasons.iter().map(|r| &r.amount));
    let mut currencies: Vec<String> = amounts.into_iter().flat_map(|a| a.unconverted_currencies.clone()).collect();
    currencies.sort();
    currencies.dedup();
    currencies
}

#[component]
fn Report(metrics: SalesMetricsReportSalesMetrics) -> impl IntoView {
    let i18n = use_i18n();
    let (created, converted, won, lost) = (metrics.leads_created, metrics.leads_converted, metrics.won, metrics.lost);
    let missing = unconverted(&metrics);
    let corporate = metrics.corporate_currency.clone();
    let tiles = {
        let metrics = metrics.clone();
        move || {
            let (t, tag) = (i18n.t(), i18n.tag());
            let none = || t.none.to_owned();
            let won_total = Amount::of(&metrics.won_total);
            let average =
                metrics.average_deal_size_total.as_ref().map(|m| format::money(tag, &m.amount, &m.currency)).unwrap_or_else(|| {
                    // No total average when some won amount has no rate: the averages per currency.
                    let parts: Vec<String> = metrics.average_deal_size.iter().map(|m| format::money(tag, &m.amount, &m.currency)).collect();
                    if parts.is_empty() {
                        none()
                    } else {
                        parts.join(" · ")
                    }
                });
            let tile = |key: &'static str, title: &'static str, value: String, detail: Option<String>| {
                view! {
                    <li class="kpi" data-kpi=key>
                        <span class="kpi-label">{title}</span>
                        <strong class="kpi-value">{value}</strong>
                        {detail.map(|detail| view! { <small class="kpi-detail">{detail}</small> })}
                    </li>
                }
            };
            let percent = |rate: &Option<String>| rate.as_deref().map(|rate| format::percent(tag, rate)).unwrap_or_else(none);
            let won_detail = (won_total.originals.iter().any(|(_, c)| *c != won_total.total.1)).then(|| {
                (t.from_originals)(&won_total.originals.iter().map(|(a, c)| format::money(tag, a, c)).collect::<Vec<_>>().join(" + "))
            });
            view! {
                <ul class="kpis" aria-label=t.sales_labels.nav_sales_metrics>
                    {tile("conversionRate", t.sales().conversion_rate, percent(&metrics.conversion_rate), Some((t.sales().leads_converted_of)(converted, created)))}
                    {tile("winRate", t.sales().win_rate, percent(&metrics.win_rate), Some((t.sales().won_lost)(won, lost)))}
                    {tile("averageDealSize", t.sales().average_deal_size, average, None)}
                    {tile(
                        "averageCycleDays",
                        t.sales().average_cycle,
                        metrics.average_cycle_days.as_deref().map(|days| (t.sales().days)(&format::decimal(tag, days))).unwrap_or_else(none),
                        None,
                    )}
                    {tile("wonAmount", t.sales().won_amount, format::money(tag, &won_total.total.0, &won_total.total.1), won_detail)}
                </ul>
            }
        }
    };
    let missing_text = missing.join(", ");
    let missing_attr = missing_text.clone();
    view! {
        {tiles}
        <p class="hint amounts-in">{move || (i18n.of::<MetricsTexts>().amounts_in)(&corporate)}</p>
        {(!missing.is_empty()).then(|| view! {
            <div class="alert alert-warning unconverted" role="status" data-currencies=missing_attr.clone()>
                {move || (i18n.of::<MetricsTexts>().unconverted)(&missing_text)}
                " "
                <A href="/admin/exchange-rates">{move || i18n.of::<MetricsTexts>().rates_link}</A>
            </div>
        })}
        <div class="metrics-sections">
            <ForecastSection metrics=metrics.clone() />
            <StageSection metrics=metrics.clone() />
            <LeaderboardSection metrics=metrics.clone() />
            <WinLossSection metrics=metrics />
        </div>
    }
}

/// One row of a chart and its table: a label, the cells of the table, and the bar's value.
struct Row {
    key: String,
    label: String,
    cells: Vec<String>,
    value: f64,
    bar_text: String,
}

/// A section of the report: a bar chart and, under it, the same figures as a table. Bars
/// share one scale (amounts are in one currency); `columns` head the table's cells.
fn chart_section(key: &'static str, title: &str, hint: &str, columns: &[&str], rows: Vec<Row>, empty: &str) -> AnyView {
    let title_id = format!("{key}-title");
    let (labelled_by, region_labelled_by) = (title_id.clone(), title_id.clone());
    if rows.is_empty() {
        return view! {
            <section class="card metrics-section" data-section=key aria-labelledby=labelled_by>
                <h2 id=title_id>{title.to_owned()}</h2>
                <p class="empty">{empty.to_owned()}</p>
            </section>
        }
        .into_any();
    }
    let largest = rows.iter().map(|row| row.value).fold(0.0_f64, f64::max);
    let bars = rows
        .iter()
        .map(|row| {
            let share = if largest > 0.0 { (row.value / largest * 100.0).clamp(0.0, 100.0) } else { 0.0 };
            // Set through the CSSOM (the content security policy refuses style attributes).
            let width = format!("{share:.1}%");
            view! {
                <li class="bar-row" data-row=row.key.clone()>
                    <span class="bar-label">{row.label.clone()}</span>
                    <span class="bar-track">
                        <span class="bar" style:width=width></span>
                    </span>
                    <span class="bar-value">{row.bar_text.clone()}</span>
                </li>
            }
        })
        .collect_view();
    let headers = columns.iter().map(|column| view! { <th scope="col">{column.to_string()}</th> }).collect_view();
    let body = rows
        .into_iter()
        .map(|row| {
            let cells = row
                .cells
                .into_iter()
                .zip(columns.iter().skip(1))
                .map(|(cell, column)| view! { <td data-label=column.to_string()>{cell}</td> })
                .collect_view();
            view! {
                <tr data-row=row.key>
                    <th scope="row">{row.label}</th>
                    {cells}
                </tr>
            }
        })
        .collect_view();
    view! {
        <section class="card metrics-section" data-section=key aria-labelledby=labelled_by>
            <h2 id=title_id>{title.to_owned()}</h2>
            <p class="hint">{hint.to_owned()}</p>
            <figure class="metrics-chart">
                <ul class="bars" aria-hidden="true">{bars}</ul>
            </figure>
            // Focusable, so keyboard users can scroll it on a narrow screen.
            <div class="table-wrap" tabindex="0" role="region" aria-labelledby=region_labelled_by>
                <table class="metrics-table">
                    <thead><tr>{headers}</tr></thead>
                    <tbody>{body}</tbody>
                </table>
            </div>
        </section>
    }
    .into_any()
}

/// The open deals expected to close in the period, by month, after the overdue ones.
#[component]
fn ForecastSection(metrics: SalesMetricsReportSalesMetrics) -> impl IntoView {
    let i18n = use_i18n();
    move || {
        let (t, m, tag) = (i18n.t(), i18n.of::<MetricsTexts>(), i18n.tag());
        let overdue = OpenDeals::of(&metrics.overdue);
        let months =
            metrics.forecast.iter().map(|month| (month.month.clone(), format::month(tag, &month.month), OpenDeals::of(&month.pipeline)));
        let rows = (overdue.count > 0)
            .then(|| ("overdue".to_owned(), m.overdue.to_owned(), overdue))
            .into_iter()
            .chain(months)
            .map(|(key, label, open)| Row {
                key,
                label,
                value: open.weighted.value(),
                bar_text: open.weighted.text(tag, t),
                cells: vec![format::integer(tag, open.count), open.amount.text(tag, t), open.weighted.text(tag, t)],
            })
            .collect();
        let columns = [t.sales().month, m.deals, t.sales_labels.amount, t.sales().weighted_amount];
        let hint = format!("{} {}", t.sales().forecast_hint, m.overdue_hint);
        chart_section("forecast", t.sales().forecast, &hint, &columns, rows, t.sales().no_forecast)
    }
}

/// Every open deal by stage.
#[component]
fn StageSection(metrics: SalesMetricsReportSalesMetrics) -> impl IntoView {
    let i18n = use_i18n();
    move || {
        let (t, m, tag) = (i18n.t(), i18n.of::<MetricsTexts>(), i18n.tag());
        let rows = metrics
            .pipeline_by_stage
            .iter()
            .map(|stage| {
                let open = OpenDeals::of(&stage.pipeline);
                Row {
                    key: stage.stage.as_api().to_owned(),
                    label: (t.sales_labels.stage_label)(stage.stage).to_owned(),
                    value: open.amount.value(),
                    bar_text: open.amount.text(tag, t),
                    cells: vec![format::integer(tag, open.count), open.amount.text(tag, t), open.weighted.text(tag, t)],
                }
            })
            .collect();
        let columns = [m.stage, m.deals, t.sales_labels.amount, t.sales().weighted_amount];
        chart_section("by-stage", m.by_stage, m.by_stage_hint, &columns, rows, m.no_open)
    }
}

/// The owners of the deals closed in the period, by amount won.
#[component]
fn LeaderboardSection(metrics: SalesMetricsReportSalesMetrics) -> impl IntoView {
    let i18n = use_i18n();
    move || {
        let (t, m, tag) = (i18n.t(), i18n.of::<MetricsTexts>(), i18n.tag());
        let rows = metrics
            .leaderboard
            .iter()
            .map(|owner| {
                let amount = Amount::of(&owner.won_amount);
                let rate = owner.win_rate.as_deref().map(|rate| format::percent(tag, rate)).unwrap_or_else(|| t.none.to_owned());
                Row {
                    key: owner.owner_id.clone().unwrap_or_else(|| "none".to_owned()),
                    label: owner.owner.as_ref().map(|o| o.display_name.clone()).unwrap_or_else(|| m.no_owner.to_owned()),
                    value: amount.value(),
                    bar_text: amount.text(tag, t),
                    cells: vec![format::integer(tag, owner.won), format::integer(tag, owner.lost), rate, amount.text(tag, t)],
                }
            })
            .collect();
        let columns = [m.owner, m.won, m.lost, t.sales().win_rate, t.sales().won_amount];
        chart_section("leaderboard", m.leaderboard, m.leaderboard_hint, &columns, rows, m.no_closed)
    }
}

/// The deals won, and those lost by reason.
#[component]
fn WinLossSection(metrics: SalesMetricsReportSalesMetrics) -> impl IntoView {
    let i18n = use_i18n();
    move || {
        let (t, m, tag) = (i18n.t(), i18n.of::<MetricsTexts>(), i18n.tag());
        let won = (metrics.won > 0).then(|| ("won".to_owned(), m.won_row.to_owned(), metrics.won, Amount::of(&metrics.won_total)));
        let lost = metrics.loss_reasons.iter().enumerate().map(|(index, reason)| {
            let label = reason.reason.as_deref().map(m.lost_row).unwrap_or_else(|| m.other_reasons.to_owned());
            (format!("lost-{index}"), label, reason.count, Amount::of(&reason.amount))
        });
        let rows = won
            .into_iter()
            .chain(lost)
            .map(|(key, label, count, amount)| Row {
                key,
                label,
                value: count as f64,
                bar_text: format::integer(tag, count),
                cells: vec![format::integer(tag, count), amount.text(tag, t)],
            })
            .collect();
        let columns = [m.reason, m.deals, t.sales_labels.amount];
        chart_section("win-loss", m.win_loss, m.win_loss_hint, &columns, rows, m.no_closed)
    }
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

    #[test]
    fn the_next_quarter_rolls_over_the_year() {
        assert_eq!(next_quarter_of(2026, 11), ("2027-01-01".to_owned(), "2027-03-31".to_owned()));
        assert_eq!(next_quarter_of(2026, 2), ("2026-04-01".to_owned(), "2026-06-30".to_owned()));
        assert_eq!(year_of(2027), ("2027-01-01".to_owned(), "2027-12-31".to_owned()));
    }
}
