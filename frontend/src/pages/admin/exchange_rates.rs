//! The exchange rates into the corporate currency (admins): entered one at a time, pasted
//! from a spreadsheet (checked first; every line is imported or none, each problem named by
//! its line), listed newest first by currency, and deleted when entered by mistake.

use leptos::prelude::*;

use crate::api::ops::exchange_rate_list::{ExchangeRateListExchangeRates, ExchangeRateListExchangeRatesNodes};
use crate::api::ops::import_exchange_rates::ImportExchangeRatesImportExchangeRates as Report;
use crate::api::ops::{
    delete_exchange_rate, exchange_rate_list, import_exchange_rates, set_exchange_rate, DeleteExchangeRate, ExchangeRateList,
    ImportExchangeRates, SetExchangeRate,
};
use crate::api::{call, ApiError};
use crate::components::{loaded, TextField};
use crate::date_input::DateField;
use crate::format;
use crate::i18n::company::Texts as CompanyTexts;
use crate::i18n::{tr_of, use_i18n};
use crate::list_kit::{live_text, ListFrame, ListQuery, ListUrl, Page, PageArgs, Params};
use crate::page_info;
use crate::pages::admin::{admin_only, local_input_error};
use crate::pages::customers::contacts::FormErrors;

/// The list's filter: one currency.
#[derive(Clone, Debug, Default, PartialEq)]
struct RateQuery {
    currency: String,
}

impl ListQuery for RateQuery {
    fn read(params: &Params) -> Self {
        RateQuery { currency: params.text("currency") }
    }

    fn write(&self, params: &mut Params) {
        params.set_text("currency", &self.currency);
    }
}

impl RateQuery {
    fn variables(&self, page: &Page) -> exchange_rate_list::Variables {
        let PageArgs { first, after, last, before } = page.args();
        let currency = Some(self.currency.trim().to_owned()).filter(|c| !c.is_empty());
        exchange_rate_list::Variables { currency, first, after, last, before }
    }
}

type Url = ListUrl<RateQuery>;

#[component]
pub fn ExchangeRatesPage() -> impl IntoView {
    admin_only(|| view! { <Rates /> }.into_any())
}

#[component]
fn Rates() -> impl IntoView {
    let i18n = use_i18n();
    let url = Url::new("/admin/exchange-rates");
    let list = LocalResource::new(move || {
        let variables = url.query().variables(&url.page());
        async move { call::<ExchangeRateList>(variables).await }
    });
    let refresh = Callback::new(move |()| list.refetch());
    let corporate =
        Signal::derive(move || list.get().and_then(Result::ok).map(|data| data.company_profile.corporate_currency).unwrap_or_default());
    let (filter, on_filter) = live_text(url, |q: &RateQuery| q.currency.as_str(), |q, value| q.currency = value);
    view! {
        <section class="page rates-page" aria-labelledby="rates-title">
            <div class="page-header">
                <h1 id="rates-title">{tr_of(|t: &'static CompanyTexts| t.rates_title)}</h1>
            </div>
            <p class="lead">{move || (i18n.of::<CompanyTexts>().rates_intro)(&corporate.get())}</p>
            <div class="rates-forms">
                <RateForm on_saved=refresh />
                <ImportForm on_saved=refresh />
            </div>
            <div class="filter-grid">
                <div class="field">
                    <label for="rates-currency">{tr_of(|t: &'static CompanyTexts| t.filter_currency)}</label>
                    <input id="rates-currency" type="search" size="6" prop:value=move || filter.get() on:input=on_filter />
                </div>
            </div>
            {move || loaded(list.get(), |data| view! { <Results url=url page=data.exchange_rates on_saved=refresh /> }.into_any())}
        </section>
    }
}

/// One rate entered by hand.
#[component]
fn RateForm(on_saved: Callback<()>) -> impl IntoView {
    let i18n = use_i18n();
    let (currency, valid_from, rate) = (RwSignal::new(String::new()), RwSignal::new(String::new()), RwSignal::new(String::new()));
    let error = RwSignal::new(None::<ApiError>);
    let saved = RwSignal::new(false);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        saved.set(false);
        if valid_from.get_untracked().is_empty() {
            error.set(Some(local_input_error("validFrom", "REQUIRED", serde_json::Value::Null)));
            return;
        }
        let input = set_exchange_rate::SetExchangeRateInput {
            currency: currency.get_untracked(),
            valid_from: valid_from.get_untracked(),
            // A decimal comma is as good as a point.
            rate: rate.get_untracked().trim().replace(',', "."),
        };
        leptos::task::spawn_local(async move {
            match call::<SetExchangeRate>(set_exchange_rate::Variables { input }).await {
                Ok(_) => {
                    error.set(None);
                    saved.set(true);
                    rate.set(String::new());
                    on_saved.run(());
                }
                Err(err) => error.set(Some(err)),
            }
        });
    };
    let texts = move |f: fn(&CompanyTexts) -> &'static str| Signal::derive(move || f(i18n.of::<CompanyTexts>()));
    let err = Signal::derive(move || error.get());
    view! {
        <form class="card rate-form" novalidate on:submit=submit>
            <div class="form-grid">
                <TextField label=texts(|t| t.currency) value=currency field="currency" error=err required=true />
                <DateField label=texts(|t| t.valid_from) value=valid_from field="validFrom" error=err required=true />
                <TextField label=texts(|t| t.rate) value=rate field="rate" error=err required=true hint=texts(|t| t.rate_hint) />
            </div>
            <FormErrors error=Signal::derive(move || crate::components::unclaimed_error(error.get(), &["currency", "validFrom", "rate"])) />
            <div class="form-actions">
                <button type="submit" class="button-primary save-rate">{tr_of(|t: &'static CompanyTexts| t.add_rate)}</button>
                {move || saved.get().then(|| view! { <span class="saved" role="status">{i18n.of::<CompanyTexts>().rate_saved}</span> })}
            </div>
        </form>
    }
}

/// Rates pasted from a spreadsheet: checked, then imported all or none.
#[component]
fn ImportForm(on_saved: Callback<()>) -> impl IntoView {
    let text = RwSignal::new(String::new());
    let report = RwSignal::new(None::<Report>);
    let error = RwSignal::new(None::<ApiError>);
    let busy = RwSignal::new(false);
    let run = move |dry_run: bool| {
        let input = import_exchange_rates::ImportExchangeRatesInput { csv: text.get_untracked(), dry_run };
        busy.set(true);
        leptos::task::spawn_local(async move {
            let result = call::<ImportExchangeRates>(import_exchange_rates::Variables { input }).await;
            busy.set(false);
            match result {
                Ok(data) => {
                    let written = data.import_exchange_rates.written;
                    report.set(Some(data.import_exchange_rates));
                    error.set(None);
                    if written {
                        text.set(String::new());
                        on_saved.run(());
                    }
                }
                Err(err) => error.set(Some(err)),
            }
        });
    };
    view! {
        <form class="card import-form" novalidate on:submit=move |ev| {
            ev.prevent_default();
            run(false);
        }>
            <h2 id="import-title">{tr_of(|t: &'static CompanyTexts| t.import_title)}</h2>
            <p class="hint" id="import-hint">{tr_of(|t: &'static CompanyTexts| t.import_hint)}</p>
            <div class="field">
                <label for="import-csv">{tr_of(|t: &'static CompanyTexts| t.import_text)}</label>
                <textarea
                    id="import-csv"
                    rows="5"
                    aria-describedby="import-hint"
                    prop:value=move || text.get()
                    on:input=move |ev| {
                        report.set(None);
                        text.set(event_target_value(&ev));
                    }
                ></textarea>
            </div>
            <div class="form-actions">
                <button type="button" id="check-import" disabled=move || busy.get() on:click=move |_| run(true)>{tr_of(|t: &'static CompanyTexts| t.check)}</button>
                <button type="submit" class="button-primary" id="run-import" disabled=move || busy.get()>{tr_of(|t: &'static CompanyTexts| t.import)}</button>
            </div>
            {move || report.get().map(|report| view! { <ImportReport report=report /> })}
            <FormErrors error=error />
        </form>
    }
}

#[component]
fn ImportReport(report: Report) -> impl IntoView {
    let i18n = use_i18n();
    if report.problems.is_empty() {
        let rates = report.rates;
        let written = report.written;
        return view! {
            <p class="alert alert-success import-result" role="status">
                {move || if written { (i18n.of::<CompanyTexts>().imported)(rates) } else { (i18n.of::<CompanyTexts>().checked)(rates) }}
            </p>
        }
        .into_any();
    }
    let rows = report
        .problems
        .into_iter()
        .map(|problem| {
            let field = problem.field.clone();
            let refused = local_input_error(&problem.field, &problem.reason, problem.params.unwrap_or_default());
            let fallback = problem.message.clone();
            view! {
                <tr data-line=problem.line>
                    <th scope="row">{problem.line}</th>
                    <td data-label={move || i18n.of::<CompanyTexts>().field}>{move || (i18n.of::<CompanyTexts>().field_label)(&field)}</td>
                    <td data-label={move || i18n.of::<CompanyTexts>().problem}>{move || refused.input_text(i18n.t()).unwrap_or_else(|| fallback.clone())}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <div class="import-problems" role="alert">
            <p>{tr_of(|t: &'static CompanyTexts| t.nothing_written)}</p>
            <div class="table-wrap">
                <table class="list">
                    <thead>
                        <tr>
                            <th scope="col">{tr_of(|t: &'static CompanyTexts| t.line)}</th>
                            <th scope="col">{tr_of(|t: &'static CompanyTexts| t.field)}</th>
                            <th scope="col">{tr_of(|t: &'static CompanyTexts| t.problem)}</th>
                        </tr>
                    </thead>
                    <tbody>{rows}</tbody>
                </table>
            </div>
        </div>
    }
    .into_any()
}

#[component]
fn Results(url: Url, page: ExchangeRateListExchangeRates, on_saved: Callback<()>) -> impl IntoView {
    let total = page.total_count;
    let info = page_info!(page.page_info);
    let shown = page.nodes.len() as i64;
    if shown == 0 {
        return view! { <p class="empty">{tr_of(|t: &'static CompanyTexts| t.no_rates)}</p> }.into_any();
    }
    let rows = page.nodes.into_iter().map(|rate| view! { <RateRow rate=rate on_saved=on_saved /> }).collect_view();
    view! {
        <ListFrame url=url info=info total=total shown=shown count=|t, n, formatted| (t.settings.rates_count)(n, formatted) label=|t| t.settings.rates_list>
            <table class="list rates">
                <thead>
                    <tr>
                        <th scope="col">{tr_of(|t: &'static CompanyTexts| t.currency)}</th>
                        <th scope="col">{tr_of(|t: &'static CompanyTexts| t.valid_from)}</th>
                        <th scope="col">{tr_of(|t: &'static CompanyTexts| t.rate)}</th>
                        <th scope="col"><span class="visually-hidden">{tr_of(|t: &'static CompanyTexts| t.delete)}</span></th>
                    </tr>
                </thead>
                <tbody>{rows}</tbody>
            </table>
        </ListFrame>
    }
    .into_any()
}

#[component]
fn RateRow(rate: ExchangeRateListExchangeRatesNodes, on_saved: Callback<()>) -> impl IntoView {
    let i18n = use_i18n();
    let error = RwSignal::new(None::<ApiError>);
    let id = rate.id.clone();
    let delete = move |_| {
        if !window().confirm_with_message(i18n.of::<CompanyTexts>().confirm_delete).unwrap_or(false) {
            return;
        }
        let id = id.clone();
        leptos::task::spawn_local(async move {
            match call::<DeleteExchangeRate>(delete_exchange_rate::Variables { id }).await {
                Ok(_) => on_saved.run(()),
                Err(err) => error.set(Some(err)),
            }
        });
    };
    let (valid_from, value) = (rate.valid_from.clone(), rate.rate.clone());
    view! {
        <tr data-currency=rate.currency.clone()>
            <th scope="row">{rate.currency.clone()}</th>
            <td data-label={move || i18n.of::<CompanyTexts>().valid_from}>{move || format::date(i18n.tag(), &valid_from)}</td>
            <td data-label={move || i18n.of::<CompanyTexts>().rate}>{move || format::decimal(i18n.tag(), &value)}</td>
            <td class="row-actions">
                <button type="button" class="delete-rate" on:click=delete>{tr_of(|t: &'static CompanyTexts| t.delete)}</button>
                <FormErrors error=error />
            </td>
        </tr>
    }
}
