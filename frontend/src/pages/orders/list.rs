//! The order list, newest first: search by number as you type, a status filter (credit hold
//! included) and keyset paging (50 rows, the API's opaque cursors).

use leptos::prelude::*;
use leptos_router::components::A;

use crate::api::call;
use crate::api::ops::order_list::{OrderFilter, OrderListOrders, OrderListOrdersNodes, OrderStatusFilter, Variables};
use crate::api::ops::{OrderList, OrderStatus};
use crate::app::use_viewer;
use crate::components::{loaded, non_empty};
use crate::format;
use crate::i18n::{use_i18n, Texts};
use crate::pages::admin::FilterSelect;
use crate::pages::orders::{may_enter_orders, status_options, StatusBadge};

const PAGE_SIZE: i64 = 50;
/// Pause after the last keystroke before searching, so typing a number costs one request.
const SEARCH_DEBOUNCE_MS: u32 = 250;

/// Which page of the current list is shown.
#[derive(Clone, Debug, PartialEq)]
enum Cursor {
    First,
    After(String),
    Before(String),
}

/// What the list shows: a change starts again from the first page.
#[derive(Clone, Debug, PartialEq)]
struct Query {
    search: String,
    status: String,
}

impl Query {
    fn variables(&self, cursor: Cursor) -> Variables {
        let filter = Some(OrderFilter {
            search: non_empty(self.search.clone()),
            status: OrderStatus::from_api(&self.status).map(|status| OrderStatusFilter { in_: vec![status] }),
            customer_id: None,
            owner_id: None,
        });
        match cursor {
            Cursor::First => Variables { first: Some(PAGE_SIZE), filter, ..Default::default() },
            Cursor::After(after) => Variables { first: Some(PAGE_SIZE), after: Some(after), filter, ..Default::default() },
            Cursor::Before(before) => Variables { last: Some(PAGE_SIZE), before: Some(before), filter, ..Default::default() },
        }
    }
}

/// The page shown: its cursor and the rows before it, for the query they belong to.
#[derive(Clone, Debug, PartialEq)]
struct Position {
    query: Option<Query>,
    cursor: Cursor,
    offset: i64,
}

#[component]
pub fn OrderListPage() -> impl IntoView {
    let i18n = use_i18n();
    let enters = may_enter_orders(&use_viewer());
    let typed = RwSignal::new(String::new());
    let search = RwSignal::new(String::new());
    let status = RwSignal::new(String::new());
    let query = Memo::new(move |_| Query { search: search.get(), status: status.get() });
    let position = RwSignal::new(Position { query: None, cursor: Cursor::First, offset: 0 });
    // The cursor and offset of the current query; another query starts on its first page.
    let current =
        move || {
            let query = query.get();
            position.with(|position| {
                if position.query.as_ref() == Some(&query) {
                    (position.cursor.clone(), position.offset)
                } else {
                    (Cursor::First, 0)
                }
            })
        };
    let orders = LocalResource::new(move || {
        let variables = query.get().variables(current().0);
        async move { call::<OrderList>(variables).await.map(|data| data.orders) }
    });
    let on_search = move |ev| {
        let text = event_target_value(&ev);
        typed.set(text.clone());
        leptos::task::spawn_local(async move {
            gloo_timers::future::TimeoutFuture::new(SEARCH_DEBOUNCE_MS).await;
            // The page may be gone by now (navigated away while typing).
            if typed.try_get_untracked().as_ref() == Some(&text) {
                let _ = search.try_set(text);
            }
        });
    };
    let go = Callback::new(move |(cursor, offset): (Cursor, i64)| {
        position.set(Position { query: Some(query.get_untracked()), cursor, offset });
    });
    let statuses = Signal::derive(move || status_options(i18n.t()));
    let label = move |f: fn(&Texts) -> &'static str| Signal::derive(move || f(i18n.t()));
    view! {
        <section class="page orders-page" aria-labelledby="orders-title">
            <div class="page-header">
                <h1 id="orders-title">{move || i18n.t().sales.orders}</h1>
                {enters
                    .then(|| {
                        view! {
                            <A href="/orders/new" attr:class="button button-primary" attr:id="new-order">
                                {move || i18n.t().sales.new_order}
                            </A>
                        }
                    })}
            </div>
            <div class="search" role="search">
                <label for="order-search" class="visually-hidden">{move || i18n.t().sales.search_orders}</label>
                <input
                    id="order-search"
                    type="search"
                    autocomplete="off"
                    placeholder=move || i18n.t().sales.search_orders
                    prop:value=move || typed.get()
                    on:input=on_search
                />
            </div>
            <div class="filter-grid">
                <FilterSelect label=label(|t| t.sales.status) id="filter-status" value=status options=statuses empty=label(|t| t.any) />
            </div>
            {move || {
                let offset = current().1;
                loaded(orders.get(), |page| view! { <Results page=page offset=offset go=go /> }.into_any())
            }}
        </section>
    }
}

#[component]
fn Results(page: OrderListOrders, offset: i64, go: Callback<(Cursor, i64)>) -> impl IntoView {
    let i18n = use_i18n();
    let total = page.total_count;
    let info = page.page_info;
    let rows = page.nodes;
    let shown = rows.len() as i64;
    if rows.is_empty() {
        return view! { <p class="empty" role="status">{move || i18n.t().sales.no_orders}</p> }.into_any();
    }
    let (end_cursor, start_cursor) = (info.end_cursor.clone(), info.start_cursor.clone());
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
    let has_previous = info.has_previous_page && offset > 0;
    let rows = rows.into_iter().map(|row| view! { <Row row=row /> }).collect_view();
    view! {
        <p class="count" role="status">
            {move || {
                let t = i18n.t();
                format!(
                    "{} · {}",
                    (t.sales.orders_count)(total, &format::integer(i18n.tag(), total)),
                    (t.page_of)((offset + 1) as usize, (offset + shown) as usize),
                )
            }}
        </p>
        <div class="table-wrap">
            <table class="orders">
                <thead>
                    <tr>
                        <th scope="col">{move || i18n.t().sales.order_number}</th>
                        <th scope="col">{move || i18n.t().customer}</th>
                        <th scope="col">{move || i18n.t().sales.status}</th>
                        <th scope="col" class="numeric">{move || i18n.t().sales.order_total}</th>
                        <th scope="col">{move || i18n.t().sales.order_date}</th>
                    </tr>
                </thead>
                <tbody>{rows}</tbody>
            </table>
        </div>
        <nav class="pager" aria-label=move || i18n.t().sales.orders>
            <button type="button" on:click=previous disabled=!has_previous>{move || i18n.t().previous}</button>
            <button type="button" id="next-page" on:click=next disabled=!info.has_next_page>{move || i18n.t().next}</button>
        </nav>
    }
    .into_any()
}

#[component]
fn Row(row: OrderListOrdersNodes) -> impl IntoView {
    let i18n = use_i18n();
    let href = format!("/orders/{}", row.id);
    let created = row.created_at.clone();
    let created_at = created.clone();
    let (amount, currency) = (row.total.amount.clone(), row.total.currency.clone());
    let customer = match row.customer {
        Some(customer) => view! { <A href=format!("/customers/{}", customer.id)>{customer.name}</A> }.into_any(),
        None => view! { <span>{move || i18n.t().sales.not_visible}</span> }.into_any(),
    };
    view! {
        <tr data-id=row.id.clone() data-status=row.status.as_api()>
            <th scope="row">
                <A href=href>{row.number.clone()}</A>
            </th>
            <td data-label=move || i18n.t().customer>{customer}</td>
            <td data-label=move || i18n.t().sales.status>
                <StatusBadge status=row.status />
            </td>
            <td class="numeric money" data-label=move || i18n.t().sales.order_total>
                {move || format::money(i18n.tag(), &amount, &currency)}
            </td>
            <td data-label=move || i18n.t().sales.order_date>
                <time datetime=created_at>{move || format::date(i18n.tag(), &created)}</time>
            </td>
        </tr>
    }
}
