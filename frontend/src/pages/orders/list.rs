//! The order list, newest first: search by number as you type, a status filter (credit hold
//! included) and keyset paging, on the list kit ([`crate::list_kit`]: the state is in the URL).

use leptos::prelude::*;

use crate::api::ops::ViewList;
use crate::saved_views::SavedViewMenu;
use leptos_router::components::A;

use crate::api::call;
use crate::api::ops::order_list::{OrderFilter, OrderListOrders, OrderListOrdersNodes, OrderStatusFilter, Variables};
use crate::api::ops::{OrderList, OrderStatus};
use crate::app::use_viewer;
use crate::components::{loaded, non_empty};
use crate::format;
use crate::i18n::{tr, use_i18n, Texts};
use crate::list_kit::{FilterSelect, History, ListFrame, ListQuery, ListUrl, Page, PageArgs, Params, SearchBox};
use crate::page_info;
use crate::pages::orders::{may_enter_orders, status_options, StatusBadge};

/// What the list shows, kept in the URL (see [`crate::list_kit`]).
#[derive(Clone, Debug, Default, PartialEq)]
struct OrderQuery {
    search: String,
    status: String,
}

impl ListQuery for OrderQuery {
    fn read(params: &Params) -> Self {
        OrderQuery { search: params.text("q"), status: params.text("status") }
    }

    fn write(&self, params: &mut Params) {
        params.set_text("q", &self.search);
        params.set_text("status", &self.status);
    }
}

/// The list of orders in `status` (the home screen links to the credit holds).
pub fn orders_in_status_href(status: OrderStatus) -> String {
    format!("/orders{}", OrderQuery { status: status.as_api().to_owned(), ..OrderQuery::default() }.query_string())
}

impl OrderQuery {
    fn variables(&self, page: &Page) -> Variables {
        let PageArgs { first, after, last, before } = page.args();
        let filter = Some(OrderFilter {
            search: non_empty(self.search.clone()),
            status: OrderStatus::from_api(&self.status).map(|status| OrderStatusFilter { in_: vec![status] }),
            customer_id: None,
            owner_id: None,
        });
        Variables { first, after, last, before, filter }
    }
}

type Url = ListUrl<OrderQuery>;

#[component]
pub fn OrderListPage() -> impl IntoView {
    let i18n = use_i18n();
    let enters = may_enter_orders(&use_viewer());
    let url = Url::new("/orders");
    let orders = LocalResource::new(move || {
        let variables = url.query().variables(&url.page());
        async move { call::<OrderList>(variables).await.map(|data| data.orders) }
    });
    let status = Signal::derive(move || url.query().status);
    let set_status = Callback::new(move |status: String| url.update(|query| query.status = status, History::Push));
    let statuses = Signal::derive(move || status_options(i18n.t()));
    let label = move |f: fn(&Texts) -> &'static str| Signal::derive(move || f(i18n.t()));
    view! {
        <section class="page orders-page" aria-labelledby="orders-title">
            <div class="page-header">
                <h1 id="orders-title">{tr(|t| t.sales().orders)}</h1>
                {enters
                    .then(|| {
                        view! {
                            <A href="/orders/new" attr:class="button button-primary" attr:id="new-order">
                                {tr(|t| t.sales().new_order)}
                            </A>
                        }
                    })}
            </div>
            <SavedViewMenu list=ViewList::Orders path="/orders" />
            <SearchBox
                url=url
                id="order-search"
                label=|t| t.sales().search_orders
                placeholder=|t| t.sales().search_orders
                get=|query: &OrderQuery| &query.search
                set=|query, text| query.search = text
            />
            <div class="filter-grid">
                <FilterSelect label=label(|t| t.sales_labels.status) id="filter-status" value=status on_change=set_status options=statuses empty=label(|t| t.any) />
            </div>
            {move || loaded(orders.get(), |page| view! { <Results url=url page=page /> }.into_any())}
        </section>
    }
}

#[component]
fn Results(url: Url, page: OrderListOrders) -> impl IntoView {
    let total = page.total_count;
    let info = page_info!(page.page_info);
    let rows = page.nodes;
    let shown = rows.len() as i64;
    if rows.is_empty() {
        return view! { <p class="empty" role="status">{tr(|t| t.sales().no_orders)}</p> }.into_any();
    }
    let rows = rows.into_iter().map(|row| view! { <Row row=row /> }).collect_view();
    view! {
        <ListFrame url=url info=info total=total shown=shown count=|t, n, formatted| (t.sales().orders_count)(n, formatted) label=|t| t.sales().orders>
            <table class="list orders">
                <thead>
                    <tr>
                        <th scope="col">{tr(|t| t.sales().order_number)}</th>
                        <th scope="col">{tr(|t| t.customer)}</th>
                        <th scope="col">{tr(|t| t.sales_labels.status)}</th>
                        <th scope="col" class="numeric">{tr(|t| t.sales().order_total)}</th>
                        <th scope="col">{tr(|t| t.sales().order_date)}</th>
                    </tr>
                </thead>
                <tbody>{rows}</tbody>
            </table>
        </ListFrame>
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
        None => view! { <span>{tr(|t| t.sales().not_visible)}</span> }.into_any(),
    };
    view! {
        <tr data-id=row.id.clone() data-status=row.status.as_api()>
            <th scope="row">
                <A href=href>{row.number.clone()}</A>
            </th>
            <td data-label=move || i18n.t().customer>{customer}</td>
            <td data-label=move || i18n.t().sales_labels.status>
                <StatusBadge status=row.status />
            </td>
            <td class="numeric money" data-label=move || i18n.t().sales().order_total>
                {move || format::money(i18n.tag(), &amount, &currency)}
            </td>
            <td data-label=move || i18n.t().sales().order_date>
                <time datetime=created_at>{move || format::date(i18n.tag(), &created)}</time>
            </td>
        </tr>
    }
}
