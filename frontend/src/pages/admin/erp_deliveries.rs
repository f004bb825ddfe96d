//! The hand-off of orders to the ERP (admins): every delivery with its state, attempts and
//! last error, newest first; failed ones first by default, each with a Replay button that
//! queues it again once the cause is fixed. Above the list, whether orders reach the ERP at
//! all ([`ErpHealthAlert`]). Paged on the list kit ([`crate::list_kit`]): the
//! state filter and the page are in the URL.

use std::collections::HashMap;

use leptos::prelude::*;

use crate::api::ops::ViewList;
use crate::saved_views::SavedViewMenu;
use leptos_router::components::A;

use crate::api::ops::delivery_orders::DeliveryOrdersNodes;
use crate::api::ops::erp_delivery_list::{ErpDeliveryFilter, ErpDeliveryListErpDeliveriesNodes, Variables};
use crate::api::ops::{delivery_orders, DeliveryOrders, DeliveryState, ErpDeliveryList};
use crate::api::{call, ApiError};
use crate::components::loaded;
use crate::format;
use crate::i18n::{tr, use_i18n, Texts};
use crate::list_kit::{FilterSelect, History, ListFrame, ListQuery, ListUrl, Page, PageArgs, PageInfo, Params};
use crate::page_info;
use crate::pages::admin::admin_only;
use crate::pages::admin::erp_health::ErpHealthAlert;
use crate::pages::orders::detail::ReplayButton;
use crate::pages::orders::{delivery_state_options, DeliveryBadge};

/// The `state` of the URL for every state (the list's default is the failed ones).
const ANY_STATE: &str = "any";

/// What the list shows, kept in the URL (see [`crate::list_kit`]): the deliveries of one
/// state (`""`: any), the failed ones unless the person chose otherwise.
#[derive(Clone, Debug, PartialEq)]
struct DeliveryQuery {
    state: String,
}

impl Default for DeliveryQuery {
    fn default() -> Self {
        DeliveryQuery { state: DeliveryState::Failed.as_api().to_owned() }
    }
}

impl ListQuery for DeliveryQuery {
    fn read(params: &Params) -> Self {
        let state = match params.text("state").as_str() {
            ANY_STATE => String::new(),
            state => match DeliveryState::from_api(state) {
                Some(state) => state.as_api().to_owned(),
                None => return DeliveryQuery::default(),
            },
        };
        DeliveryQuery { state }
    }

    fn write(&self, params: &mut Params) {
        if *self != DeliveryQuery::default() {
            params.set_text("state", if self.state.is_empty() { ANY_STATE } else { &self.state });
        }
    }
}

type Url = ListUrl<DeliveryQuery>;

/// A page of deliveries with the numbers of the orders they carry.
#[derive(Clone)]
struct DeliveryPage {
    total: i64,
    info: PageInfo,
    rows: Vec<ErpDeliveryListErpDeliveriesNodes>,
    numbers: HashMap<String, String>,
}

#[component]
pub fn ErpDeliveriesPage() -> impl IntoView {
    admin_only(|| view! { <ErpDeliveries /> }.into_any())
}

async fn load(query: DeliveryQuery, page: Page) -> Result<DeliveryPage, ApiError> {
    let PageArgs { first, after, last, before } = page.args();
    let filter = Some(ErpDeliveryFilter { state: DeliveryState::from_api(&query.state) });
    let variables = Variables { first, after, last, before, filter };
    let page = call::<ErpDeliveryList>(variables).await?.erp_deliveries;
    let mut ids: Vec<String> = page.nodes.iter().map(|row| row.order_id.clone()).collect();
    ids.sort();
    ids.dedup();
    // The numbers only label the links: without them the list still works.
    let numbers = if ids.is_empty() {
        HashMap::new()
    } else {
        call::<DeliveryOrders>(delivery_orders::Variables { ids })
            .await
            .map(|data| {
                data.nodes
                    .into_iter()
                    .flatten()
                    .filter_map(|node| match node {
                        DeliveryOrdersNodes::Order(order) => Some((order.id, order.number)),
                        _ => None,
                    })
                    .collect()
            })
            .unwrap_or_default()
    };
    Ok(DeliveryPage { total: page.total_count, info: page_info!(page.page_info), rows: page.nodes, numbers })
}

#[component]
fn ErpDeliveries() -> impl IntoView {
    let i18n = use_i18n();
    let url = Url::new("/admin/erp-deliveries");
    // A replay reloads the page shown.
    let reload = RwSignal::new(0u32);
    let deliveries = LocalResource::new(move || {
        reload.track();
        load(url.query(), url.page())
    });
    let state = Signal::derive(move || url.query().state);
    let set_state = Callback::new(move |state: String| url.update(|query| query.state = state, History::Push));
    let refresh = Callback::new(move |()| reload.update(|n| *n += 1));
    let states = Signal::derive(move || delivery_state_options(i18n.t()));
    let label = move |f: fn(&Texts) -> &'static str| Signal::derive(move || f(i18n.t()));
    view! {
        <section class="page" aria-labelledby="erp-deliveries-title">
            <div class="page-header">
                <h1 id="erp-deliveries-title">{tr(|t| t.sales().erp_deliveries)}</h1>
            </div>
            <p class="hint">{tr(|t| t.sales().erp_deliveries_intro)}</p>
            <ErpHealthAlert revision=reload />
            <SavedViewMenu list=ViewList::ErpDeliveries path="/admin/erp-deliveries" />
            <div class="filter-grid">
                <FilterSelect
                    label=label(|t| t.sales().delivery_state)
                    id="filter-delivery-state"
                    value=state
                    on_change=set_state
                    options=states
                    empty=label(|t| t.any)
                />
            </div>
            {move || loaded(deliveries.get(), |page| view! { <Results url=url page=page on_replayed=refresh /> }.into_any())}
        </section>
    }
}

#[component]
fn Results(url: Url, page: DeliveryPage, on_replayed: Callback<()>) -> impl IntoView {
    let total = page.total;
    let shown = page.rows.len() as i64;
    if page.rows.is_empty() {
        return view! { <p class="empty" role="status">{tr(|t| t.sales().no_deliveries)}</p> }.into_any();
    }
    let info = page.info;
    let numbers = page.numbers;
    let rows = page
        .rows
        .into_iter()
        .map(|row| {
            let number = numbers.get(&row.order_id).cloned().unwrap_or_else(|| row.order_id.clone());
            view! { <Row row=row number=number on_replayed=on_replayed /> }
        })
        .collect_view();
    view! {
        <ListFrame url=url info=info total=total shown=shown count=|t, n, formatted| (t.sales().deliveries_count)(n, formatted) label=|t| t.sales().erp_deliveries>
            <table class="list erp-deliveries">
                <thead>
                    <tr>
                        <th scope="col">{tr(|t| t.sales().delivery_order)}</th>
                        <th scope="col">{tr(|t| t.sales().delivery_state)}</th>
                        <th scope="col" class="numeric">{tr(|t| t.sales().delivery_attempts)}</th>
                        <th scope="col">{tr(|t| t.sales().next_attempt)}</th>
                        <th scope="col">{tr(|t| t.sales().last_error)}</th>
                        <th scope="col">{tr(|t| t.sales().delivery_created)}</th>
                        <th scope="col">
                            <span class="visually-hidden">{tr(|t| t.sales().replay_delivery)}</span>
                        </th>
                    </tr>
                </thead>
                <tbody>{rows}</tbody>
            </table>
        </ListFrame>
    }
    .into_any()
}

#[component]
fn Row(row: ErpDeliveryListErpDeliveriesNodes, number: String, on_replayed: Callback<()>) -> impl IntoView {
    let i18n = use_i18n();
    let none = move || i18n.t().none.to_owned();
    let created = row.created_at.clone();
    let created_at = created.clone();
    let next_attempt = row.next_attempt_at.clone();
    let replay =
        (row.state == DeliveryState::Failed).then(|| view! { <ReplayButton id=row.id.clone() order=number.clone() on_done=on_replayed /> });
    view! {
        <tr data-id=row.id.clone() data-state=row.state.as_api() data-order=row.order_id.clone()>
            <th scope="row">
                <A href=format!("/orders/{}", row.order_id)>{number.clone()}</A>
            </th>
            <td data-label=move || i18n.t().sales().delivery_state>
                <DeliveryBadge state=row.state />
            </td>
            <td class="numeric" data-label=move || i18n.t().sales().delivery_attempts>{row.attempts}</td>
            <td data-label=move || i18n.t().sales().next_attempt>
                {move || next_attempt.as_ref().map(|at| format::date_time(i18n.tag(), at)).unwrap_or_else(|| i18n.t().none.to_owned())}
            </td>
            <td class="multiline" data-label=move || i18n.t().sales().last_error>{row.last_error.clone().unwrap_or_else(none)}</td>
            <td data-label=move || i18n.t().sales().delivery_created>
                <time datetime=created_at>{move || format::date_time(i18n.tag(), &created)}</time>
            </td>
            <td class="row-actions">{replay}</td>
        </tr>
    }
}
