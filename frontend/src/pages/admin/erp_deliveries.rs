//! The hand-off of orders to the ERP (admins): every delivery with its state, attempts and
//! last error, newest first; failed ones first by default, each with a Replay button that
//! queues it again once the cause is fixed.

use std::collections::HashMap;

use leptos::prelude::*;
use leptos_router::components::A;

use crate::api::ops::delivery_orders::DeliveryOrdersNodes;
use crate::api::ops::erp_delivery_list::{ErpDeliveryFilter, ErpDeliveryListErpDeliveriesNodes, Variables};
use crate::api::ops::{delivery_orders, DeliveryOrders, DeliveryState, ErpDeliveryList};
use crate::api::{call, ApiError};
use crate::components::loaded;
use crate::format;
use crate::i18n::{use_i18n, Texts};
use crate::pages::admin::{admin_only, FilterSelect};
use crate::pages::orders::detail::ReplayButton;
use crate::pages::orders::{delivery_state_options, DeliveryBadge};

const PAGE_SIZE: i64 = 50;

/// Which page of the current list is shown.
#[derive(Clone, Debug, PartialEq)]
enum Cursor {
    First,
    After(String),
    Before(String),
}

/// The page shown: its cursor and the rows before it, for the state filter they belong to.
#[derive(Clone, Debug, PartialEq)]
struct Position {
    state: Option<String>,
    cursor: Cursor,
    offset: i64,
}

/// A page of deliveries with the numbers of the orders they carry.
#[derive(Clone)]
struct DeliveryPage {
    total: i64,
    has_next: bool,
    has_previous: bool,
    start: Option<String>,
    end: Option<String>,
    rows: Vec<ErpDeliveryListErpDeliveriesNodes>,
    numbers: HashMap<String, String>,
}

#[component]
pub fn ErpDeliveriesPage() -> impl IntoView {
    admin_only(|| view! { <ErpDeliveries /> }.into_any())
}

async fn load(state: String, cursor: Cursor) -> Result<DeliveryPage, ApiError> {
    let filter = Some(ErpDeliveryFilter { state: DeliveryState::from_api(&state) });
    let variables = match cursor {
        Cursor::First => Variables { first: Some(PAGE_SIZE), filter, ..Default::default() },
        Cursor::After(after) => Variables { first: Some(PAGE_SIZE), after: Some(after), filter, ..Default::default() },
        Cursor::Before(before) => Variables { last: Some(PAGE_SIZE), before: Some(before), filter, ..Default::default() },
    };
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
    Ok(DeliveryPage {
        total: page.total_count,
        has_next: page.page_info.has_next_page,
        has_previous: page.page_info.has_previous_page,
        start: page.page_info.start_cursor,
        end: page.page_info.end_cursor,
        rows: page.nodes,
        numbers,
    })
}

#[component]
fn ErpDeliveries() -> impl IntoView {
    let i18n = use_i18n();
    let state = RwSignal::new(DeliveryState::Failed.as_api().to_owned());
    let position = RwSignal::new(Position { state: None, cursor: Cursor::First, offset: 0 });
    let reload = RwSignal::new(0u32);
    // The cursor and offset of the current filter; another filter starts on its first page.
    let current =
        move || {
            let state = state.get();
            position.with(|position| {
                if position.state.as_ref() == Some(&state) {
                    (position.cursor.clone(), position.offset)
                } else {
                    (Cursor::First, 0)
                }
            })
        };
    let deliveries = LocalResource::new(move || {
        reload.track();
        let (state, cursor) = (state.get(), current().0);
        load(state, cursor)
    });
    let go = Callback::new(move |(cursor, offset): (Cursor, i64)| {
        position.set(Position { state: Some(state.get_untracked()), cursor, offset });
    });
    let refresh = Callback::new(move |()| reload.update(|n| *n += 1));
    let states = Signal::derive(move || delivery_state_options(i18n.t()));
    let label = move |f: fn(&Texts) -> &'static str| Signal::derive(move || f(i18n.t()));
    view! {
        <section class="page" aria-labelledby="erp-deliveries-title">
            <div class="page-header">
                <h1 id="erp-deliveries-title">{move || i18n.t().sales.erp_deliveries}</h1>
            </div>
            <p class="hint">{move || i18n.t().sales.erp_deliveries_intro}</p>
            <div class="filter-grid">
                <FilterSelect
                    label=label(|t| t.sales.delivery_state)
                    id="filter-delivery-state"
                    value=state
                    options=states
                    empty=label(|t| t.any)
                />
            </div>
            {move || {
                let offset = current().1;
                loaded(deliveries.get(), |page| view! { <Results page=page offset=offset go=go on_replayed=refresh /> }.into_any())
            }}
        </section>
    }
}

#[component]
fn Results(page: DeliveryPage, offset: i64, go: Callback<(Cursor, i64)>, on_replayed: Callback<()>) -> impl IntoView {
    let i18n = use_i18n();
    let total = page.total;
    let shown = page.rows.len() as i64;
    if page.rows.is_empty() {
        return view! { <p class="empty" role="status">{move || i18n.t().sales.no_deliveries}</p> }.into_any();
    }
    let (end_cursor, start_cursor) = (page.end.clone(), page.start.clone());
    let next = move |_| {
        if let Some(cursor) = end_cursor.clone() {
            go.run((Cursor::After(cursor), offset + shown));
        }
    };
    let previous = move |_| {
        if let Some(cursor) = start_cursor.clone() {
            go.run((Cursor::Before(cursor), (offset - PAGE_SIZE).max(0)));
        }
    };
    let has_previous = page.has_previous && offset > 0;
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
        <p class="count" role="status">
            {move || {
                let t = i18n.t();
                format!(
                    "{} · {}",
                    (t.sales.deliveries_count)(total, &format::integer(i18n.tag(), total)),
                    (t.page_of)((offset + 1) as usize, (offset + shown) as usize),
                )
            }}
        </p>
        <div class="table-wrap">
            <table class="erp-deliveries">
                <thead>
                    <tr>
                        <th scope="col">{move || i18n.t().sales.delivery_order}</th>
                        <th scope="col">{move || i18n.t().sales.delivery_state}</th>
                        <th scope="col" class="numeric">{move || i18n.t().sales.delivery_attempts}</th>
                        <th scope="col">{move || i18n.t().sales.next_attempt}</th>
                        <th scope="col">{move || i18n.t().sales.last_error}</th>
                        <th scope="col">{move || i18n.t().sales.delivery_created}</th>
                        <th scope="col">
                            <span class="visually-hidden">{move || i18n.t().sales.replay_delivery}</span>
                        </th>
                    </tr>
                </thead>
                <tbody>{rows}</tbody>
            </table>
        </div>
        <nav class="pager" aria-label=move || i18n.t().sales.erp_deliveries>
            <button type="button" on:click=previous disabled=!has_previous>{move || i18n.t().previous}</button>
            <button type="button" id="next-page" on:click=next disabled=!page.has_next>{move || i18n.t().next}</button>
        </nav>
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
            <td data-label=move || i18n.t().sales.delivery_state>
                <DeliveryBadge state=row.state />
            </td>
            <td class="numeric" data-label=move || i18n.t().sales.delivery_attempts>{row.attempts}</td>
            <td data-label=move || i18n.t().sales.next_attempt>
                {move || next_attempt.as_ref().map(|at| format::date_time(i18n.tag(), at)).unwrap_or_else(|| i18n.t().none.to_owned())}
            </td>
            <td class="multiline" data-label=move || i18n.t().sales.last_error>{row.last_error.clone().unwrap_or_else(none)}</td>
            <td data-label=move || i18n.t().sales.delivery_created>
                <time datetime=created_at>{move || format::date_time(i18n.tag(), &created)}</time>
            </td>
            <td class="row-actions">{replay}</td>
        </tr>
    }
}
