//! The Customer 360 page: everything known about one customer on one page.
//!
//! The page is a header plus a grid of sections, each a component that gets the customer
//! it is about. Later modules (timeline, deals, tickets, scores) add their section to
//! [`CustomerPage`]'s grid and load their own data, so one module's query never slows
//! another's section.

use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_params_map;

use crate::api::ops::customer_detail::{CustomerDetailCustomer, Variables};
use crate::api::ops::{archive_customer, restore_customer, ArchiveCustomer, CustomerDetail, RestoreCustomer};
use crate::api::ops::{NoteSubject, PrincipalKind};
use crate::api::{call, ApiError};
use crate::app::use_viewer;
use crate::components::loaded;
use crate::format;
use crate::i18n::{tr, use_i18n};
use crate::pages::customers::contacts::{ContactAccess, ContactsSection, FormErrors};
use crate::pages::customers::history::HistorySection;
use crate::pages::customers::timeline::TimelineSection;
use crate::pages::notes::{NotesOf, NotesSection};
use crate::pages::pipeline;
use crate::pages::quotes::{CreditPosition, OrdersTable, QuoteScope, QuotesTable};
use crate::pages::service::{may_open_for_customers, CustomerTickets};
use crate::pages::tasks::{TasksOf, TasksSection};
use crate::recent::{self, RecordKind};

#[component]
pub fn CustomerPage() -> impl IntoView {
    let params = use_params_map();
    let id = move || params.with(|params| params.get("id").unwrap_or_default());
    let customer = LocalResource::new(move || {
        let id = id();
        async move { call::<CustomerDetail>(Variables { id }).await.map(|data| data.customer) }
    });
    let reload = Callback::new(move |()| customer.refetch());
    view! {
        <div class="page customer-page">
            <p class="breadcrumb">
                <A href="/customers">{tr(|t| t.back_to_list)}</A>
            </p>
            {move || loaded(customer.get(), |customer| view! { <Customer360 customer=customer reload=reload /> }.into_any())}
        </div>
    }
}

#[component]
fn Customer360(customer: CustomerDetailCustomer, reload: Callback<()>) -> impl IntoView {
    let i18n = use_i18n();
    let viewer = use_viewer();
    recent::remember(&viewer, RecordKind::Customer, format!("/customers/{}", customer.id), customer.name.clone());
    // An archived customer's contacts are read-only until it is restored, like the customer.
    let contact_access = if customer.viewer_can_edit && !customer.archived { ContactAccess::Edit } else { ContactAccess::ReadOnly };
    let edit_href = format!("/customers/{}/edit", customer.id);
    let lifecycle = customer.lifecycle;
    let archived_at = customer.archived_at.clone();
    let contacts = customer.contacts.clone();
    let customer_id = customer.id.clone();
    // The customer's notes gather those on its contacts, deals and orders; a new one is about
    // the customer or one of its contacts.
    let notes_of = NotesOf {
        customer: Some(customer.id.clone()),
        about: std::iter::once((NoteSubject::Customer, customer.id.clone(), customer.name.clone()))
            .chain(customer.contacts.iter().map(|c| (NoteSubject::Contact, c.id.clone(), c.full_name.clone())))
            .collect(),
    };
    view! {
        <article class="customer-360" aria-labelledby="customer-name">
            <header class="page-header">
                <div>
                    <h1 id="customer-name">{customer.name.clone()}</h1>
                    <p class="subtitle">
                        <span class="badge" data-lifecycle=lifecycle.as_api()>{move || (i18n.t().lifecycle_label)(lifecycle)}</span>
                        " "
                        {move || (i18n.t().customer_kind_label)(customer.kind)}
                        {customer.tags.iter().map(|tag| view! { " " <span class="tag">{tag.clone()}</span> }).collect_view()}
                    </p>
                    {archived_at
                        .map(|at| {
                            view! {
                                <p class="alert" role="status">
                                    {move || (i18n.t().archived_on)(&format::date(i18n.tag(), &at))}
                                </p>
                            }
                        })}
                </div>
                {customer
                    .viewer_can_edit
                    .then(|| {
                        view! {
                            <div class="page-actions">
                                {(!customer.archived)
                                    .then(|| {
                                        view! {
                                            <A href=edit_href attr:class="button" attr:id="edit-customer">
                                                {tr(|t| t.edit)}
                                            </A>
                                        }
                                    })}
                                <ArchiveButton id=customer.id.clone() version=customer.version archived=customer.archived reload=reload />
                            </div>
                        }
                    })}
            </header>
            <div class="sections">
                <ProfileSection customer=customer.clone() />
                <ContactsSection customer_id=customer_id.clone() contacts=contacts access=contact_access reload=reload />
                {viewer
                    .uses_customer_workspace()
                    .then(|| view! { <OpportunitiesSection customer_id=customer_id.clone() may_create=pipeline::may_create(&viewer) /> })}
                {viewer
                    .uses_customer_workspace()
                    .then(|| {
                        view! {
                            <section class="card quotes-section" aria-labelledby="customer-quotes-title">
                                <h2 id="customer-quotes-title">{tr(|t| t.sales().quotes_section)}</h2>
                                <QuotesTable scope=QuoteScope::Customer(customer_id.clone()) />
                            </section>
                            <OrdersCreditSection customer_id=customer_id.clone() credit=viewer.kind == PrincipalKind::Staff />
                        }
                    })}
                {viewer
                    .uses_customer_workspace()
                    .then(|| view! { <CustomerTickets customer_id=customer_id.clone() may_open=may_open_for_customers(&viewer) /> })}
                {viewer
                    .uses_customer_workspace()
                    .then(|| view! { <TasksSection of=TasksOf::Customer(customer_id.clone()) /> })}
                {viewer.uses_customer_workspace().then(|| view! { <TimelineSection customer_id=customer_id.clone() /> })}
                {viewer.uses_customer_workspace().then(|| view! { <NotesSection of=notes_of /> })}
                {viewer.sees_history().then(|| view! { <HistorySection customer_id=customer_id.clone() /> })}
            </div>
        </article>
    }
}

#[component]
pub fn ProfileSection(
    customer: CustomerDetailCustomer,
    /// The customer reading its own profile: its account manager instead of the internal
    /// fields (owner, record times); the partner and credit limit when the company shows them.
    #[prop(optional)]
    own: bool,
) -> impl IntoView {
    let i18n = use_i18n();
    let none = move || i18n.t().none;
    let address = customer.address.clone();
    let address_lines = {
        let street = address.street.clone();
        let city_line =
            [address.postal_code.clone(), address.city.clone(), address.region.clone()].into_iter().flatten().collect::<Vec<_>>().join(" ");
        let country = address.country.as_ref().map(|country| country.code.clone());
        move || {
            let mut lines: Vec<String> = street.iter().cloned().collect();
            if !city_line.is_empty() {
                lines.push(city_line.clone());
            }
            if let Some(code) = &country {
                lines.push(format::country(i18n.tag(), code));
            }
            if lines.is_empty() {
                vec![none().to_owned()]
            } else {
                lines
            }
        }
    };
    let credit_limit = customer.credit_limit.clone();
    let (created, updated) = (customer.created_at.clone(), customer.updated_at.clone());
    let external_id = customer.external_id.clone().map(|id| {
        view! {
            <dt>{tr(|t| t.external_id)}</dt>
            <dd data-field="externalId">{id}</dd>
        }
    });
    let address = view! {
        <dt>{tr(|t| t.industry)}</dt>
        <dd data-field="industry">{customer.industry.clone().unwrap_or_else(|| none().to_owned())}</dd>
        {external_id}
        <dt>{tr(|t| t.address)}</dt>
        <dd data-field="address">
            <address>{move || address_lines().into_iter().map(|line| view! { <span class="line">{line}</span> }).collect_view()}</address>
        </dd>
    };
    if own {
        let manager = customer.owner.clone().map(|owner| {
            let mailto = format!("mailto:{}", owner.email);
            view! {
                <dt>{tr(|t| t.account_manager)}</dt>
                <dd data-field="accountManager">{owner.display_name} " " <a href=mailto>{owner.email.clone()}</a></dd>
            }
        });
        // The server sends the partner and the credit limit only when the company shows
        // them to its customers.
        let partner = customer.partner.as_ref().map(|partner| {
            let name = partner.name.clone();
            view! {
                <dt>{tr(|t| t.partner)}</dt>
                <dd data-field="partner">{name}</dd>
            }
        });
        let limit = customer.credit_limit.clone().map(|limit| {
            view! {
                <dt>{tr(|t| t.credit_limit)}</dt>
                <dd data-field="creditLimit">{move || format::money(i18n.tag(), &limit.amount, &limit.currency)}</dd>
            }
        });
        return view! {
            <section class="card profile-section" aria-labelledby="profile-title">
                <h2 id="profile-title">{tr(|t| t.profile)}</h2>
                <dl class="facts">{address} {manager} {partner} {limit}</dl>
            </section>
        }
        .into_any();
    }
    view! {
        <section class="card profile-section" aria-labelledby="profile-title">
            <h2 id="profile-title">{tr(|t| t.profile)}</h2>
            <dl class="facts">
                {address}
                <dt>{tr(|t| t.owner)}</dt>
                <dd data-field="owner">{customer.owner.as_ref().map(|owner| owner.display_name.clone()).unwrap_or_else(|| none().to_owned())}</dd>
                <dt>{tr(|t| t.partner)}</dt>
                <dd data-field="partner">{customer.partner.as_ref().map(|partner| partner.name.clone()).unwrap_or_else(|| none().to_owned())}</dd>
                <dt>{tr(|t| t.credit_limit)}</dt>
                <dd data-field="creditLimit">
                    {move || {
                        credit_limit
                            .as_ref()
                            .map(|limit| format::money(i18n.tag(), &limit.amount, &limit.currency))
                            .unwrap_or_else(|| none().to_owned())
                    }}
                </dd>
                <dt>{tr(|t| t.created)}</dt>
                <dd>{move || format::date_time(i18n.tag(), &created)}</dd>
                <dt>{tr(|t| t.updated)}</dt>
                <dd>{move || format::date_time(i18n.tag(), &updated)}</dd>
            </dl>
        </section>
    }
    .into_any()
}

#[component]
fn ArchiveButton(id: String, version: i64, archived: bool, reload: Callback<()>) -> impl IntoView {
    let i18n = use_i18n();
    let error = RwSignal::new(None::<ApiError>);
    let busy = RwSignal::new(false);
    let act = move |_| {
        if !archived && !window().confirm_with_message(i18n.t().archive_confirm).unwrap_or(false) {
            return;
        }
        busy.set(true);
        let id = id.clone();
        leptos::task::spawn_local(async move {
            let result = if archived {
                let input = restore_customer::RecordVersionInput { id, version };
                call::<RestoreCustomer>(restore_customer::Variables { input }).await.map(drop)
            } else {
                let input = archive_customer::RecordVersionInput { id, version };
                call::<ArchiveCustomer>(archive_customer::Variables { input }).await.map(drop)
            };
            busy.set(false);
            match result {
                Ok(()) => reload.run(()),
                Err(err) => error.set(Some(err)),
            }
        });
    };
    view! {
        <button type="button" id="archive-customer" on:click=act disabled=move || busy.get()>
            {move || if archived { i18n.t().restore } else { i18n.t().archive }}
        </button>
        <FormErrors error=error />
    }
}

/// Opportunities shown on the page (open ones first); the pipeline's list has the rest.
const OPPORTUNITIES_SHOWN: i64 = 50;

/// The customer's opportunities, open ones first, and a link to start a new one.
#[component]
fn OpportunitiesSection(customer_id: String, may_create: bool) -> impl IntoView {
    use crate::api::ops::opportunity_list::{IdFilter, OpportunityFilter, OpportunityOrder, Variables};
    use crate::api::ops::{OpportunityList, OpportunityOrderField, OrderDirection, Registration};
    let i18n = use_i18n();
    let new_href = format!("/opportunities/new?customer={customer_id}");
    let opportunities = LocalResource::new(move || {
        let id = customer_id.clone();
        async move {
            let filter = OpportunityFilter { customer_id: Some(IdFilter { in_: Some(vec![id]), is_null: None }), ..Default::default() };
            let order_by = vec![OpportunityOrder { field: OpportunityOrderField::ExpectedCloseDate, direction: OrderDirection::Asc }];
            let variables =
                Variables { first: Some(OPPORTUNITIES_SHOWN), filter: Some(filter), order_by: Some(order_by), ..Default::default() };
            call::<OpportunityList>(variables).await.map(|data| {
                let mut nodes = data.opportunities.nodes;
                // Stable: open ones first, each group by expected close date.
                nodes.sort_by_key(|node| node.closed);
                nodes
            })
        }
    });
    view! {
        <section class="card opportunities-section" aria-labelledby="opportunities-title">
            <div class="section-header">
                <h2 id="opportunities-title">{tr(|t| t.sales().opportunities)}</h2>
                {may_create
                    .then(|| {
                        view! {
                            <A href=new_href attr:class="button" attr:id="new-opportunity">
                                {tr(|t| t.sales().new_opportunity)}
                            </A>
                        }
                    })}
            </div>
            {move || {
                loaded(
                    opportunities.get(),
                    |nodes| {
                        if nodes.is_empty() {
                            return view! { <p class="empty">{tr(|t| t.sales().no_opportunities)}</p> }.into_any();
                        }
                        let rows = nodes
                            .into_iter()
                            .map(|node| {
                                let href = format!("/opportunities/{}", node.id);
                                let stage = node.stage;
                                let registration = node.registration.filter(|r| *r != Registration::Approved);
                                let amount = node.amount.clone();
                                let close = node.expected_close_date.clone();
                                view! {
                                    <tr data-stage=stage.as_api() class:closed=node.closed>
                                        <th scope="row"><A href=href>{node.name.clone()}</A></th>
                                        <td>
                                            {move || (i18n.t().sales_labels.stage_label)(stage)}
                                            {registration
                                                .map(|registration| {
                                                    view! {
                                                        " "
                                                        <span class="badge" data-registration=registration.as_api()>
                                                            {move || (i18n.t().sales().registration_label)(registration)}
                                                        </span>
                                                    }
                                                })}
                                        </td>
                                        <td class="number">{move || format::money(i18n.tag(), &amount.amount, &amount.currency)}</td>
                                        <td>{move || format::calendar_date(i18n.tag(), &close)}</td>
                                    </tr>
                                }
                            })
                            .collect_view();
                        view! {
                            // Focusable, so that a keyboard can scroll a table wider than the screen.
                            <div class="table-wrap" tabindex="0" role="region" aria-labelledby="opportunities-title">
                                <table class="customer-opportunities">
                                    <thead>
                                        <tr>
                                            <th scope="col">{tr(|t| t.name)}</th>
                                            <th scope="col">{tr(|t| t.sales_labels.stage)}</th>
                                            <th scope="col">{tr(|t| t.sales_labels.amount)}</th>
                                            <th scope="col">{tr(|t| t.sales().expected_close)}</th>
                                        </tr>
                                    </thead>
                                    <tbody>{rows}</tbody>
                                </table>
                            </div>
                        }
                        .into_any()
                    },
                )
            }}
        </section>
    }
}

/// The customer's credit position (staff) and its recent orders, each linking to its page.
#[component]
fn OrdersCreditSection(customer_id: String, credit: bool) -> impl IntoView {
    view! {
        <section class="card orders-credit-section" aria-labelledby="orders-credit-title">
            <h2 id="orders-credit-title">{tr(|t| t.sales().orders_and_credit)}</h2>
            {credit.then(|| view! { <CreditPosition customer_id=customer_id.clone() /> })}
            <h3 id="recent-orders-title">{tr(|t| t.sales().recent_orders)}</h3>
            <OrdersTable customer_id=Some(customer_id) link_orders=true labelled_by="recent-orders-title" />
        </section>
    }
}
