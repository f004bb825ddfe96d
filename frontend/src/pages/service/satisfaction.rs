//! Customer satisfaction over the last 90 days by agent, queue, customer or product: answers,
//! mean score and the share of satisfied customers (the CSAT). The service desk, sales
//! managers, analysts and admins; the grouping is kept in the URL. Below, the NPS surveys.

use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::{use_navigate, use_query_map};

use crate::api::call;
use crate::api::ops::satisfaction::{SatisfactionSatisfaction, Variables};
use crate::api::ops::{Satisfaction, SatisfactionGroup};
use crate::app::use_viewer;
use crate::components::loaded;
use crate::i18n::{tr, use_i18n};
use crate::pages::service::nps::{sends_nps, NpsSection};

#[component]
pub fn SatisfactionPage() -> impl IntoView {
    let i18n = use_i18n();
    let viewer = use_viewer();
    let query = use_query_map();
    let navigate = use_navigate();
    let group =
        Memo::new(move |_| query.with(|q| q.get("by").and_then(|by| SatisfactionGroup::from_api(&by))).unwrap_or(SatisfactionGroup::Agent));
    let figures = LocalResource::new(move || {
        let group_by = group.get();
        async move { call::<Satisfaction>(Variables { group_by, from: None }).await.map(|data| data.satisfaction) }
    });
    let options = move || {
        SatisfactionGroup::ALL
            .iter()
            .map(|g| {
                let value = g.as_api();
                view! {
                    <option value=value selected=move || group.get() == *g>
                        {move || (i18n.t().service().group_label)(*g)}
                    </option>
                }
            })
            .collect_view()
    };
    view! {
        <section class="page satisfaction-page" aria-labelledby="satisfaction-title">
            <p class="breadcrumb">
                <A href="/tickets">{tr(|t| t.service().back_to_tickets)}</A>
            </p>
            <h1 id="satisfaction-title">{tr(|t| t.service().satisfaction)}</h1>
            <p class="hint">{tr(|t| t.service().last_90_days)}</p>
            <div class="field">
                <label for="satisfaction-group">{tr(|t| t.service().group_by)}</label>
                <select
                    id="satisfaction-group"
                    on:change=move |ev| navigate(&format!("/tickets/satisfaction?by={}", event_target_value(&ev)), Default::default())
                >
                    {options}
                </select>
            </div>
            {move || loaded(figures.get(), move |rows| view! { <Figures rows=rows group=group.get_untracked() /> }.into_any())}
            <NpsSection sends=sends_nps(&viewer) />
        </section>
    }
}

#[component]
fn Figures(rows: Vec<SatisfactionSatisfaction>, group: SatisfactionGroup) -> impl IntoView {
    let i18n = use_i18n();
    if rows.is_empty() {
        return view! { <p class="empty" role="status">{tr(|t| t.service().no_answers)}</p> }.into_any();
    }
    let rows = rows
        .into_iter()
        .map(|row| {
            let name = match group {
                SatisfactionGroup::Agent => row.agent.map(|a| a.display_name),
                SatisfactionGroup::Queue => row.queue.map(|q| q.name),
                SatisfactionGroup::Customer => row.customer.map(|c| c.name),
                SatisfactionGroup::Product => row.product.map(|p| p.name),
            };
            let average = format!("{:.1}", row.average_score);
            let csat = format!("{:.0} %", row.csat * 100.0);
            view! {
                <tr>
                    <th scope="row">{move || name.clone().unwrap_or_else(|| i18n.t().service().none_of_them.to_owned())}</th>
                    <td data-label=move || i18n.t().service().answers>{row.answers}</td>
                    <td data-label=move || i18n.t().service().average>{average}</td>
                    <td data-label=move || i18n.t().service().csat>{csat}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <table class="list satisfaction">
            <thead>
                <tr>
                    <th scope="col">{move || (i18n.t().service().group_label)(group)}</th>
                    <th scope="col">{tr(|t| t.service().answers)}</th>
                    <th scope="col">{tr(|t| t.service().average)}</th>
                    <th scope="col">{tr(|t| t.service().csat)}</th>
                </tr>
            </thead>
            <tbody>{rows}</tbody>
        </table>
    }
    .into_any()
}
