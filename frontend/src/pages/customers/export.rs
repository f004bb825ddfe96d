//! The customers list as a CSV file (`/customers/export`, with the list's own query): how
//! many customers the file will hold under the list's search and filters, and the download
//! link the server signs for this session (ten minutes). The server streams the file, so its
//! length does not matter; the browser saves it. A page of its own, opened from the list, so
//! that its code travels with the sales screens rather than with the list everyone opens first.

use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_location;

use crate::api::ops::{customer_export, CustomerExport};
use crate::api::{call, ApiError};
use crate::components::loaded;
use crate::format;
use crate::i18n::exports::Texts as ExportTexts;
use crate::i18n::{tr_of, use_i18n};
use crate::list_kit::ListUrl;
use crate::pages::customers::list::{with_query, CustomerQuery};

#[component]
pub fn CustomerExportPage() -> impl IntoView {
    let url = ListUrl::<CustomerQuery>::new("/customers/export");
    let search = use_location().search;
    let export = LocalResource::new(move || {
        let query = url.query();
        async move {
            let variables = variables(&query).map_err(|e| ApiError::Network(e.to_string()))?;
            call::<CustomerExport>(variables).await.map(|data| (data, query.narrowed()))
        }
    });
    let back = move || with_query("/customers", &search.get());
    view! {
        <section class="page export-page" aria-labelledby="export-title">
            <div class="page-header">
                <h1 id="export-title">{tr_of(|t: &'static ExportTexts| t.title)}</h1>
            </div>
            <p class="lead">{tr_of(|t: &'static ExportTexts| t.intro)}</p>
            {move || loaded(export.get(), |(data, narrowed)| view! { <Download data=data narrowed=narrowed /> }.into_any())}
            <p>
                <A href=back>{tr_of(|t: &'static ExportTexts| t.back)}</A>
            </p>
        </section>
    }
}

/// The export operation's variables: the list's own filter, as the list sends it.
fn variables(query: &CustomerQuery) -> serde_json::Result<customer_export::Variables> {
    serde_json::from_value(serde_json::json!({ "filter": query.filter() }))
}

#[component]
fn Download(data: customer_export::ResponseData, narrowed: bool) -> impl IntoView {
    let i18n = use_i18n();
    let total = data.customers.total_count;
    let link = data.customer_export_link;
    let holds = move || {
        let t = i18n.t();
        let count = (t.customers_count)(total, &format::integer(i18n.tag(), total));
        (i18n.of::<ExportTexts>().holds)(&count)
    };
    let scope = move || if narrowed { i18n.of::<ExportTexts>().filtered } else { i18n.of::<ExportTexts>().everything };
    let expires_at = link.expires_at.clone();
    let until = move || (i18n.of::<ExportTexts>().valid_until)(&format::date_time(i18n.tag(), &expires_at));
    view! {
        <p role="status" class="export-count">{holds}" "{scope}</p>
        <p>
            <a class="button button-primary export-download" href=link.url download="customers.csv">
                {tr_of(|t: &'static ExportTexts| t.download)}
            </a>
        </p>
        <p class="hint">{until}</p>
    }
}
