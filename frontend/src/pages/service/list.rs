//! The ticket list, newest first or what falls due first: search by number or subject as you
//! type, a status filter (or "not resolved"), a channel (the desk's inbox of email, chats or
//! texts), "assigned to me", "nobody assigned" (what waits
//! in the queues), "overdue only", "due soon only", saved views, and keyset paging, on the
//! list kit ([`crate::list_kit`]: the state is in the URL). The desk reads every ticket, a
//! customer its own, a partner its customers'; above the list, the desk has its console
//! ([`super::console`]).

use leptos::prelude::*;
use leptos_router::components::A;

use crate::api::call;
use crate::api::ops::ticket_list::{TicketListTickets, TicketListTicketsNodes, TicketOrder, Variables};
use crate::api::ops::{
    ticket_counts, ticket_list, InteractionChannel, OrderDirection, PrincipalKind, TicketList, TicketOrderField, TicketStatus, ViewList,
};
use crate::app::use_viewer;
use crate::components::{loaded, non_empty};
use crate::format;
use crate::i18n::{tr, use_i18n, Texts};
use crate::list_kit::{CheckFilter, FilterSelect, History, ListFrame, ListQuery, ListUrl, Page, PageArgs, Params, SearchBox};
use crate::page_info;
use crate::pages::service::chat::{LiveChatsCard, StartChatCard};
use crate::pages::service::console::{desk_views, DeskConsole};
use crate::pages::service::desk::{is_desk, PresencePicker};
use crate::pages::service::{reads_satisfaction, status_options, PriorityBadge, StatusBadge, TagLinks};
use crate::saved_views::SavedViewMenu;

/// What the list shows, kept in the URL (see [`crate::list_kit`]).
#[derive(Clone, Debug, Default, PartialEq)]
struct TicketQuery {
    search: String,
    /// A status, or [`NOT_RESOLVED`].
    status: String,
    mine: bool,
    /// Nobody assigned: what waits in the desk's queues.
    unassigned: bool,
    /// One customer's tickets (from its page).
    customer: String,
    overdue: bool,
    /// Warned of: a clock's time due is near.
    at_risk: bool,
    /// One tag (from a tag's link).
    tag: String,
    /// One channel: the desk's inbox of email, chats or texts.
    channel: String,
    /// `due`: by time due (the desk's work order); otherwise newest first.
    order: String,
}

/// The status filter's choice of every status still being worked.
pub(super) const NOT_RESOLVED: &str = "ACTIVE";

/// The ticket filter of a [`TicketQuery`], as the `TicketFilter` input of operation
/// `$operation` (graphql_client makes one input type per operation; their fields agree).
macro_rules! ticket_filter {
    ($operation:ident, $query:expr) => {{
        let query: &TicketQuery = $query;
        $operation::TicketFilter {
            search: non_empty(query.search.clone()),
            statuses: query.statuses(),
            mine: query.mine.then_some(true),
            unassigned: query.unassigned.then_some(true),
            customer_id: non_empty(query.customer.clone()),
            overdue: query.overdue.then_some(true),
            at_risk: query.at_risk.then_some(true),
            tags: non_empty(query.tag.clone()).map(|tag| vec![tag]),
            channels: InteractionChannel::from_api(&query.channel).map(|channel| vec![channel]),
            ..$operation::TicketFilter::default()
        }
    }};
}

/// The ticket filter of a list's query string (a view's), for counting its tickets.
pub(super) fn count_filter(query: &str) -> ticket_counts::TicketFilter {
    ticket_filter!(ticket_counts, &TicketQuery::read(&Params::parse(query)))
}

impl ListQuery for TicketQuery {
    fn read(params: &Params) -> Self {
        TicketQuery {
            search: params.text("q"),
            status: params.text("status"),
            mine: params.flag("mine"),
            unassigned: params.flag("unassigned"),
            customer: params.text("customer"),
            overdue: params.flag("overdue"),
            at_risk: params.flag("risk"),
            tag: params.text("tag"),
            channel: params.text("channel"),
            order: params.text("order"),
        }
    }

    fn write(&self, params: &mut Params) {
        params.set_text("q", &self.search);
        params.set_text("status", &self.status);
        params.set_flag("mine", self.mine);
        params.set_flag("unassigned", self.unassigned);
        params.set_text("customer", &self.customer);
        params.set_flag("overdue", self.overdue);
        params.set_flag("risk", self.at_risk);
        params.set_text("tag", &self.tag);
        params.set_text("channel", &self.channel);
        params.set_text("order", &self.order);
    }
}

impl TicketQuery {
    /// The statuses chosen: one, every status still worked, or any.
    fn statuses(&self) -> Option<Vec<TicketStatus>> {
        if self.status == NOT_RESOLVED {
            return Some(
                TicketStatus::ALL.iter().copied().filter(|s| !matches!(s, TicketStatus::Resolved | TicketStatus::Closed)).collect(),
            );
        }
        TicketStatus::from_api(&self.status).map(|status| vec![status])
    }

    fn variables(&self, page: &Page) -> Variables {
        let PageArgs { first, after, last, before } = page.args();
        let filter = Some(ticket_filter!(ticket_list, self));
        let order_by = (self.order == DUE).then(|| vec![TicketOrder { field: TicketOrderField::SlaDueAt, direction: OrderDirection::Asc }]);
        Variables { first, after, last, before, filter, order_by }
    }
}

/// The `order` of the desk's work order: what falls due first.
const DUE: &str = "due";

type Url = ListUrl<TicketQuery>;

#[component]
pub fn TicketListPage() -> impl IntoView {
    let i18n = use_i18n();
    let staff = use_viewer().kind == PrincipalKind::Staff;
    let figures = reads_satisfaction(&use_viewer());
    let desk = is_desk(&use_viewer());
    // Views are a person's way of working: staff and partner users keep them.
    let keeps_views = use_viewer().kind != PrincipalKind::Customer;
    let url = Url::new("/tickets");
    let tickets = LocalResource::new(move || {
        let variables = url.query().variables(&url.page());
        async move { call::<TicketList>(variables).await.map(|data| data.tickets) }
    });
    let status = Signal::derive(move || url.query().status);
    let set_status = Callback::new(move |status: String| url.update(|query| query.status = status, History::Push));
    let statuses = Signal::derive(move || {
        let mut options = vec![(NOT_RESOLVED.to_owned(), i18n.t().service().not_resolved.to_owned())];
        options.extend(status_options(i18n.t()));
        options
    });
    let channel = Signal::derive(move || url.query().channel);
    let set_channel = Callback::new(move |channel: String| url.update(|query| query.channel = channel, History::Push));
    let channels = Signal::derive(move || {
        InteractionChannel::ALL
            .iter()
            .map(|c| (c.as_api().to_owned(), (i18n.t().service().channel_label)(*c).to_owned()))
            .collect::<Vec<_>>()
    });
    let order = Signal::derive(move || url.query().order);
    let set_order = Callback::new(move |order: String| url.update(|query| query.order = order, History::Push));
    let orders = Signal::derive(move || vec![(DUE.to_owned(), i18n.t().service().due_first.to_owned())]);
    let label = move |f: fn(&Texts) -> &'static str| Signal::derive(move || f(i18n.t()));
    view! {
        <section class="page tickets-page" aria-labelledby="tickets-title">
            <div class="page-header">
                <h1 id="tickets-title">{tr(|t| t.service().tickets)}</h1>
                {figures
                    .then(|| view! { <A href="/tickets/satisfaction" attr:class="button" attr:id="satisfaction-link">{tr(|t| t.service().satisfaction)}</A> })}
                {staff.then(|| view! { <A href="/tickets/desk" attr:class="button" attr:id="desk-link">{tr(|t| t.service().desk)}</A> })}
                {staff.then(|| view! { <A href="/calls" attr:class="button" attr:id="calls-link">{tr(|t| t.calls().link_label)}</A> })}
                {desk.then(|| view! { <A href="/scripts" attr:class="button" attr:id="scripts-link">{tr(|t| t.scripts().list_title)}</A> })}
                {(!staff)
                    .then(|| {
                        view! {
                            <A href="/tickets/new" attr:class="button button-primary" attr:id="new-ticket">
                                {tr(|t| t.service().new_ticket)}
                            </A>
                        }
                    })}
            </div>
            {(use_viewer().kind == PrincipalKind::Customer).then(|| view! { <StartChatCard /> })}
            {desk.then(|| view! { <PresencePicker /> })}
            {desk.then(|| view! { <LiveChatsCard /> })}
            {desk.then(|| view! { <DeskConsole /> })}
            {keeps_views.then(|| view! { <SavedViewMenu list=ViewList::Tickets path="/tickets" suggested=desk_views() /> })}
            <SearchBox
                url=url
                id="ticket-search"
                label=|t| t.service().search_tickets
                placeholder=|t| t.service().search_tickets
                get=|query: &TicketQuery| &query.search
                set=|query, text| query.search = text
            />
            <div class="filter-grid">
                <FilterSelect label=label(|t| t.service().status) id="filter-status" value=status on_change=set_status options=statuses empty=label(|t| t.any) />
                <FilterSelect label=label(|t| t.service().channel) id="filter-channel" value=channel on_change=set_channel options=channels empty=label(|t| t.any) />
                <FilterSelect
                    label=label(|t| t.service().order)
                    id="ticket-order"
                    value=order
                    on_change=set_order
                    options=orders
                    empty=label(|t| t.service().newest_first)
                />
                <CheckFilter
                    url=url
                    id="filter-overdue"
                    label=|t| t.service().overdue_only
                    get=|query: &TicketQuery| query.overdue
                    set=|query, on| query.overdue = on
                />
                <CheckFilter
                    url=url
                    id="filter-at-risk"
                    label=|t| t.service().at_risk_only
                    get=|query: &TicketQuery| query.at_risk
                    set=|query, on| query.at_risk = on
                />
                {staff
                    .then(|| {
                        view! {
                            <CheckFilter url=url id="filter-mine" label=|t| t.service().mine get=|query: &TicketQuery| query.mine set=|query, on| query.mine = on />
                            <CheckFilter
                                url=url
                                id="filter-unassigned"
                                label=|t| t.service().unassigned_only
                                get=|query: &TicketQuery| query.unassigned
                                set=|query, on| query.unassigned = on
                            />
                        }
                    })}
            </div>
            {move || loaded(tickets.get(), |page| view! { <Results url=url page=page /> }.into_any())}
        </section>
    }
}

#[component]
fn Results(url: Url, page: TicketListTickets) -> impl IntoView {
    let (total, more) = (page.count_up_to.count, page.count_up_to.more);
    let info = page_info!(page.page_info);
    let rows = page.nodes;
    let shown = rows.len() as i64;
    if rows.is_empty() {
        return view! { <p class="empty" role="status">{tr(|t| t.service().no_tickets)}</p> }.into_any();
    }
    let rows = rows.into_iter().map(|row| view! { <Row row=row /> }).collect_view();
    view! {
        <ListFrame url=url info=info total=total more=more shown=shown count=|t, n, formatted| (t.service().tickets_count)(n, formatted) label=|t| t.service().tickets>
            <table class="list tickets">
                <thead>
                    <tr>
                        <th scope="col">{tr(|t| t.service().subject)}</th>
                        <th scope="col">{tr(|t| t.customer)}</th>
                        <th scope="col">{tr(|t| t.service().status)}</th>
                        <th scope="col">{tr(|t| t.service().priority)}</th>
                        <th scope="col">{tr(|t| t.service().due)}</th>
                        <th scope="col">{tr(|t| t.service().assignee)}</th>
                    </tr>
                </thead>
                <tbody>{rows}</tbody>
            </table>
        </ListFrame>
    }
    .into_any()
}

#[component]
fn Row(row: TicketListTicketsNodes) -> impl IntoView {
    let i18n = use_i18n();
    let href = format!("/tickets/{}", row.id);
    let title = format!("{} · {}", row.number, row.subject);
    let customer = row.customer.map(|customer| view! { <A href=format!("/customers/{}", customer.id)>{customer.name}</A> });
    let assignee = row.assignee.map(|user| user.display_name);
    let due = row.sla_due_at.clone();
    view! {
        <tr data-id=row.id.clone() data-status=row.status.as_api()>
            <th scope="row">
                <A href=href>{title}</A>
                {row.complaint.then(|| view! { " " <span class="badge complaint">{tr(|t| t.service().complaint)}</span> })}
                " "
                <TagLinks tags=row.tags />
            </th>
            <td data-label=move || i18n.t().customer>{customer}</td>
            <td data-label=move || i18n.t().service().status>
                <StatusBadge status=row.status />
            </td>
            <td data-label=move || i18n.t().service().priority>
                <PriorityBadge priority=row.priority />
            </td>
            <td data-label=move || i18n.t().service().due>
                {due.map(|due| {
                    let at = due.clone();
                    view! { <time datetime=at>{move || format::date_time(i18n.tag(), &due)}</time> }
                })}
            </td>
            <td data-label=move || i18n.t().service().assignee>
                {move || assignee.clone().unwrap_or_else(|| i18n.t().service().nobody.to_owned())}
            </td>
        </tr>
    }
}
