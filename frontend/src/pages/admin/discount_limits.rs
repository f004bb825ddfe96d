//! The discount limits (sales managers and admins): for each kind of seller, the largest line
//! discount a quote goes out with on its seller's word; a quote with more waits for a sales
//! manager's approval. Empty: no limit.

use leptos::prelude::*;

use crate::api::ops::{discount_limits, set_discount_limit, DiscountLimits, Seller, SetDiscountLimit};
use crate::api::{call, ApiError};
use crate::components::{loaded, non_empty};
use crate::i18n::{tr, use_i18n};
use crate::pages::admin::catalog_only;
use crate::pages::customers::contacts::FormErrors;
use crate::pages::orders::detail::plain_decimal;

#[component]
pub fn DiscountLimitsPage() -> impl IntoView {
    // The same people who change the catalog: sales managers and admins.
    catalog_only(|| view! { <Limits /> }.into_any())
}

#[component]
fn Limits() -> impl IntoView {
    let limits = LocalResource::new(|| async { call::<DiscountLimits>(discount_limits::Variables {}).await });
    view! {
        <section class="page" aria-labelledby="discounts-title">
            <div class="page-header">
                <h1 id="discounts-title">{tr(|t| t.discounts.title)}</h1>
            </div>
            <p class="lead">{tr(|t| t.discounts.intro)}</p>
            {move || {
                loaded(
                    limits.get(),
                    |data| {
                        let current = |seller: Seller| {
                            data.discount_limits.iter().find(|limit| limit.seller == seller).map(|limit| limit.max_percent.clone())
                        };
                        let rows = Seller::ALL
                            .iter()
                            .map(|seller| view! { <LimitRow seller=*seller current=current(*seller) /> })
                            .collect_view();
                        view! {
                            <div class="table-wrap">
                                <table class="discount-limits">
                                    <thead>
                                        <tr>
                                            <th scope="col">{tr(|t| t.discounts.seller)}</th>
                                            <th scope="col">{tr(|t| t.discounts.max_percent)}</th>
                                        </tr>
                                    </thead>
                                    <tbody>{rows}</tbody>
                                </table>
                            </div>
                            <p class="hint">{tr(|t| t.discounts.no_limit)}</p>
                        }
                        .into_any()
                    },
                )
            }}
        </section>
    }
}

#[component]
fn LimitRow(seller: Seller, current: Option<String>) -> impl IntoView {
    let i18n = use_i18n();
    let value = RwSignal::new(current.map(|percent| plain_decimal(&percent)).unwrap_or_default());
    let error = RwSignal::new(None::<ApiError>);
    let saved = RwSignal::new(false);
    let busy = RwSignal::new(false);
    let input_id = format!("limit-{}", seller.as_api());
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        saved.set(false);
        let input =
            set_discount_limit::SetDiscountLimitInput { seller, max_percent: non_empty(value.get_untracked().trim().replace(',', ".")) };
        busy.set(true);
        leptos::task::spawn_local(async move {
            let result = call::<SetDiscountLimit>(set_discount_limit::Variables { input }).await;
            busy.set(false);
            match result {
                Ok(_) => {
                    error.set(None);
                    saved.set(true);
                }
                Err(err) => error.set(Some(err)),
            }
        });
    };
    view! {
        <tr data-seller=seller.as_api()>
            <th scope="row">{move || (i18n.t().discounts.seller_label)(seller)}</th>
            <td>
                <form class="limit-form" novalidate on:submit=submit>
                    <label for=input_id.clone() class="visually-hidden">
                        {move || format!("{} – {}", i18n.t().discounts.max_percent, (i18n.t().discounts.seller_label)(seller))}
                    </label>
                    <input
                        id=input_id
                        name="maxPercent"
                        type="text"
                        inputmode="decimal"
                        size="6"
                        prop:value=move || value.get()
                        on:input=move |ev| {
                            saved.set(false);
                            value.set(event_target_value(&ev));
                        }
                    />
                    " "
                    <button type="submit" class="button-primary save-limit" disabled=move || busy.get()>{tr(|t| t.discounts.save)}</button>
                    {move || saved.get().then(|| view! { <span class="saved" role="status">{i18n.t().discounts.saved}</span> })}
                    <FormErrors error=error />
                </form>
            </td>
        </tr>
    }
}
