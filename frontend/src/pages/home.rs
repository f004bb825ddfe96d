//! The home screen: where staff and partner users land, with what their role works on first
//! instead of an A–Z list. A sales rep sees their open deals by close date (overdue ones
//! flagged) and the leads they work; a manager also the team's open pipeline by stage and what
//! waits for their decision (credit holds, deal registrations); an admin whether orders reach
//! the ERP; a partner its open deals, its leads and its registrations awaiting review; an
//! analyst the team's pipeline. Everyone can find a customer and reopen what they viewed
//! lately. Each section loads its own data, so a slow one never holds the others back; the
//! server still decides what each person may read (a rep's "team pipeline" would be theirs).

use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_navigate;

use crate::api::call;
use crate::api::ops::{
    home_credit_holds, home_deals, home_discount_approvals, home_leads, home_registrations, home_team_pipeline, HomeCreditHolds, HomeDeals,
    HomeDiscountApprovals, HomeLeads, HomeRegistrations, HomeTeamPipeline, NoteList, NoteSubject, OrderStatus, PrincipalKind, StaffRole,
};
use crate::api::ops::{home_tasks, note_list, HomeTasks};
use crate::app::use_viewer;
use crate::components::loaded;
use crate::format;
use crate::i18n::{tr, use_i18n, Texts};
use crate::pages::admin::erp_health::ErpHealthAlert;
use crate::pages::leads::StatusBadge;
use crate::pages::{leads, orders, pipeline};
use crate::recent::{self, Visit};
use crate::session::Viewer;

/// The sections a person's home shows, from their kind and role.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
struct Sections {
    /// Open deals: one's own (staff), or the organisation's (partner).
    deals: bool,
    /// Leads not yet converted: one's own (staff), the organisation's (partner), or every
    /// one (a marketer, who brings them in).
    leads: bool,
    /// Whether the deals and leads are the person's own (owner = them).
    own: bool,
    team_pipeline: bool,
    /// Credit holds and registrations for a manager to decide.
    decisions: bool,
    /// A partner's registrations awaiting a manager.
    pending_registrations: bool,
    erp_health: bool,
    sales_metrics: bool,
    /// The notes that mention the person (staff: only staff are mentioned).
    mentions: bool,
}

impl Sections {
    fn of(viewer: &Viewer) -> Self {
        let mentions = viewer.kind == PrincipalKind::Staff;
        let sections = match (viewer.kind, viewer.role) {
            (PrincipalKind::Partner, _) => Sections { deals: true, leads: true, pending_registrations: true, ..Self::default() },
            (PrincipalKind::Staff, Some(StaffRole::SalesRep)) => Sections { deals: true, leads: true, own: true, ..Self::default() },
            (PrincipalKind::Staff, Some(StaffRole::SalesManager)) => {
                Sections { deals: true, leads: true, own: true, team_pipeline: true, decisions: true, ..Self::default() }
            }
            (PrincipalKind::Staff, Some(StaffRole::Admin)) => {
                Sections { team_pipeline: true, decisions: true, erp_health: true, ..Self::default() }
            }
            (PrincipalKind::Staff, Some(StaffRole::Analyst)) => Sections { team_pipeline: true, sales_metrics: true, ..Self::default() },
            (PrincipalKind::Staff, Some(StaffRole::Marketer)) => Sections { leads: true, ..Self::default() },
            // A service agent finds callers; the contact center adds its queue here.
            _ => Sections::default(),
        };
        Sections { mentions, ..sections }
    }
}

#[component]
pub fn HomePage() -> impl IntoView {
    let viewer = use_viewer();
    let i18n = use_i18n();
    let sections = Sections::of(&viewer);
    let owner = sections.own.then(|| viewer.id.clone());
    let name = viewer.display_name.clone();
    view! {
        <section class="page home-page" aria-labelledby="home-title">
            <div class="page-header">
                <div>
                    <h1 id="home-title">{tr(|t| t.home.title)}</h1>
                    <p class="subtitle">{move || (i18n.t().home.welcome)(&name)}</p>
                </div>
            </div>
            <FindCustomer />
            {sections.erp_health.then(|| view! { <ErpHealthAlert link=true /> })}
            <div class="sections home-sections">
                <MyTasksSection />
                {sections.deals.then(|| view! { <DealsSection owner=owner.clone() /> })}
                {sections.leads.then(|| view! { <LeadsSection owner=owner.clone() /> })}
                {sections.decisions.then(|| view! { <CreditHoldsSection /> })}
                {sections.decisions.then(|| view! { <DiscountApprovalsSection /> })}
                {(sections.decisions || sections.pending_registrations)
                    .then(|| view! { <RegistrationsSection review=sections.decisions /> })}
                {sections.team_pipeline.then(|| view! { <TeamPipelineSection metrics=sections.sales_metrics /> })}
                {sections.mentions.then(|| view! { <MentionsSection /> })}
                <RecentSection viewer=viewer.clone() />
            </div>
        </section>
    }
}

/// A search box that opens the customer list at its results.
#[component]
fn FindCustomer() -> impl IntoView {
    let i18n = use_i18n();
    let text = RwSignal::new(String::new());
    let navigate = use_navigate();
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let text = text.get_untracked();
        let query = text.trim();
        let href = if query.is_empty() {
            "/customers".to_owned()
        } else {
            format!("/customers?q={}", String::from(js_sys::encode_uri_component(query)))
        };
        navigate(&href, Default::default());
    };
    view! {
        <form class="find-customer" role="search" on:submit=submit>
            <label for="home-find-customer">{tr(|t| t.home.find_customer)}</label>
            <div class="inline-field">
                <input
                    id="home-find-customer"
                    type="search"
                    placeholder=move || i18n.t().home.find_customer_hint
                    prop:value=move || text.get()
                    on:input=move |ev| text.set(event_target_value(&ev))
                />
                <button type="submit" class="button">
                    {tr(|t| t.home.find)}
                </button>
            </div>
        </form>
    }
}

fn owner_filter<T>(owner: &Option<String>, make: impl FnOnce(Vec<String>) -> T) -> Option<T> {
    owner.clone().map(|owner| make(vec![owner]))
}

/// Open deals by expected close date, the overdue ones flagged and counted.
#[component]
fn DealsSection(owner: Option<String>) -> impl IntoView {
    let i18n = use_i18n();
    let own = owner.is_some();
    let href = pipeline::list::open_deals_href(owner.as_deref());
    let variables = home_deals::Variables {
        owner: owner_filter(&owner, |ids| home_deals::IdFilter { in_: Some(ids), is_null: None }),
        yesterday: format::local_date(-1),
    };
    let deals = LocalResource::new(move || {
        let variables = variables.clone();
        async move { call::<HomeDeals>(variables).await }
    });
    let today = format::local_date(0);
    view! {
        <section class="card home-deals" aria-labelledby="home-deals-title">
            <div class="card-header">
                <h2 id="home-deals-title">
                    {move || if own { i18n.t().home.my_open_deals } else { i18n.t().home.open_deals }}
                </h2>
                <A href=href>{move || if own { i18n.t().home.all_my_open_deals } else { i18n.t().home.all_open_deals }}</A>
            </div>
            {move || {
                let today = today.clone();
                loaded(
                    deals.get(),
                    move |data| {
                        let (open, overdue) = (data.open.total_count, data.overdue.total_count);
                        if data.open.nodes.is_empty() {
                            return nothing(|t| t.home.no_open_deals);
                        }
                        let rows = data
                            .open
                            .nodes
                            .into_iter()
                            .map(|deal| {
                                let close = deal.expected_close_date.clone();
                                let overdue = format::is_overdue(&close, &today);
                                let stage = deal.stage;
                                let amount = deal.amount.clone();
                                view! {
                                    <tr data-overdue=overdue.to_string()>
                                        <th scope="row">
                                            <A href=format!("/opportunities/{}", deal.id)>{deal.name.clone()}</A>
                                            {deal.customer.clone().map(|customer| view! { <span class="hint">{customer.name}</span> })}
                                        </th>
                                        <td data-label=tr(|t| t.sales_labels.stage)>{move || (i18n.t().sales_labels.stage_label)(stage)}</td>
                                        <td data-label=tr(|t| t.sales_labels.amount) class="number">
                                            {move || format::money(i18n.tag(), &amount.amount, &amount.currency)}
                                        </td>
                                        <td data-label=tr(|t| t.home.closes)>
                                            {move || format::calendar_date(i18n.tag(), &close)}
                                            {overdue
                                                .then(|| view! { " " <span class="badge badge-warning overdue">{tr(|t| t.sales_labels.overdue)}</span> })}
                                        </td>
                                    </tr>
                                }
                            })
                            .collect_view();
                        view! {
                            <p class="count" data-open=open data-overdue=overdue>
                                {move || (i18n.t().home.deals_summary)(open, overdue)}
                            </p>
                            <table class="list compact">
                                <thead>
                                    <tr>
                                        <th scope="col">{tr(|t| t.name)}</th>
                                        <th scope="col">{tr(|t| t.sales_labels.stage)}</th>
                                        <th scope="col" class="number">{tr(|t| t.sales_labels.amount)}</th>
                                        <th scope="col">{tr(|t| t.home.closes)}</th>
                                    </tr>
                                </thead>
                                <tbody>{rows}</tbody>
                            </table>
                        }
                        .into_any()
                    },
                )
            }}
        </section>
    }
}

/// Leads that still need work (new, being worked, or qualified and not yet converted), newest
/// first.
#[component]
fn LeadsSection(owner: Option<String>) -> impl IntoView {
    let i18n = use_i18n();
    let own = owner.is_some();
    let href = leads::list::leads_to_work_href(owner.as_deref());
    let variables = home_leads::Variables { owner: owner_filter(&owner, |ids| home_leads::IdFilter { in_: Some(ids), is_null: None }) };
    let found = LocalResource::new(move || {
        let variables = variables.clone();
        async move { call::<HomeLeads>(variables).await.map(|data| data.leads) }
    });
    view! {
        <section class="card home-leads" aria-labelledby="home-leads-title">
            <div class="card-header">
                <h2 id="home-leads-title">{move || if own { i18n.t().home.my_leads } else { i18n.t().home.leads }}</h2>
                <A href=href>{move || if own { i18n.t().home.all_my_leads } else { i18n.t().home.all_leads }}</A>
            </div>
            {move || {
                loaded(
                    found.get(),
                    |leads| {
                        if leads.nodes.is_empty() {
                            return nothing(|t| t.home.no_leads);
                        }
                        let total = leads.total_count;
                        let rows = leads
                            .nodes
                            .into_iter()
                            .map(|lead| {
                                let arrived = lead.created_at.clone();
                                view! {
                                    <tr>
                                        <th scope="row">
                                            <A href=format!("/leads/{}", lead.id)>{lead.full_name.clone()}</A>
                                            {lead.company.clone().map(|company| view! { <span class="hint">{company}</span> })}
                                        </th>
                                        <td data-label=tr(|t| t.sales_labels.status)>
                                            <StatusBadge status=lead.status />
                                        </td>
                                        <td data-label=tr(|t| t.home.arrived)>{move || format::date(i18n.tag(), &arrived)}</td>
                                    </tr>
                                }
                            })
                            .collect_view();
                        view! {
                            <p class="count" data-total=total>{move || (i18n.t().home.leads_summary)(total)}</p>
                            <table class="list compact">
                                <thead>
                                    <tr>
                                        <th scope="col">{tr(|t| t.name)}</th>
                                        <th scope="col">{tr(|t| t.sales_labels.status)}</th>
                                        <th scope="col">{tr(|t| t.home.arrived)}</th>
                                    </tr>
                                </thead>
                                <tbody>{rows}</tbody>
                            </table>
                        }
                        .into_any()
                    },
                )
            }}
        </section>
    }
}

/// The open pipeline the person may read, by stage: deals, amount and weighted amount.
#[component]
fn TeamPipelineSection(metrics: bool) -> impl IntoView {
    let i18n = use_i18n();
    let summary = LocalResource::new(|| async { call::<HomeTeamPipeline>(home_team_pipeline::Variables {}).await });
    view! {
        <section class="card home-pipeline" aria-labelledby="home-pipeline-title">
            <div class="card-header">
                <h2 id="home-pipeline-title">{tr(|t| t.home.team_pipeline)}</h2>
                <span class="links">
                    <A href="/pipeline">{tr(|t| t.home.open_board)}</A>
                    {metrics.then(|| view! { " · " <A href="/sales/metrics">{tr(|t| t.home.sales_metrics)}</A> })}
                </span>
            </div>
            {move || {
                loaded(
                    summary.get(),
                    |data| {
                        let rows = data
                            .pipeline_summary
                            .into_iter()
                            .filter(|stage| stage.count > 0)
                            .map(|stage| {
                                let name = stage.stage;
                                // In the corporate currency, the originals beside it.
                                let amounts: Vec<(String, String)> = stage.amount.iter().map(|m| (m.amount.clone(), m.currency.clone())).collect();
                                let weighted: Vec<(String, String)> =
                                    stage.weighted_amount.iter().map(|m| (m.amount.clone(), m.currency.clone())).collect();
                                let total = (stage.amount_total.total.amount.clone(), stage.amount_total.total.currency.clone());
                                let weighted_total =
                                    (stage.weighted_amount_total.total.amount.clone(), stage.weighted_amount_total.total.currency.clone());
                                let shown = move |total: &(String, String), originals: &[(String, String)]| {
                                    format::converted(i18n.tag(), (&total.0, &total.1), originals, i18n.t().from_originals)
                                };
                                view! {
                                    <tr data-stage=name.as_api()>
                                        <th scope="row">{move || (i18n.t().sales_labels.stage_label)(name)}</th>
                                        <td data-label=tr(|t| t.home.deals) class="number">
                                            {move || format::integer(i18n.tag(), stage.count)}
                                        </td>
                                        <td data-label=tr(|t| t.home.amount) class="number">{move || shown(&total, &amounts)}</td>
                                        <td data-label=tr(|t| t.home.weighted) class="number">{move || shown(&weighted_total, &weighted)}</td>
                                    </tr>
                                }
                            })
                            .collect::<Vec<_>>();
                        if rows.is_empty() {
                            return nothing(|t| t.home.no_open_deals);
                        }
                        view! {
                            <table class="list compact">
                                <caption class="visually-hidden">{tr(|t| t.home.team_pipeline_caption)}</caption>
                                <thead>
                                    <tr>
                                        <th scope="col">{tr(|t| t.sales_labels.stage)}</th>
                                        <th scope="col" class="number">{tr(|t| t.home.deals)}</th>
                                        <th scope="col" class="number">{tr(|t| t.home.amount)}</th>
                                        <th scope="col" class="number">{tr(|t| t.home.weighted)}</th>
                                    </tr>
                                </thead>
                                <tbody>{rows}</tbody>
                            </table>
                        }
                        .into_any()
                    },
                )
            }}
        </section>
    }
}

/// Orders held because they would exceed the customer's credit, oldest first, for a manager
/// to release or cancel.
#[component]
fn CreditHoldsSection() -> impl IntoView {
    let i18n = use_i18n();
    let holds = LocalResource::new(|| async { call::<HomeCreditHolds>(home_credit_holds::Variables {}).await.map(|data| data.orders) });
    view! {
        <section class="card home-holds" aria-labelledby="home-holds-title">
            <div class="card-header">
                <h2 id="home-holds-title">{tr(|t| t.home.credit_holds)}</h2>
                <A href=orders::list::orders_in_status_href(OrderStatus::CreditHold)>{tr(|t| t.home.all_credit_holds)}</A>
            </div>
            {move || {
                loaded(
                    holds.get(),
                    |orders| {
                        if orders.nodes.is_empty() {
                            return nothing(|t| t.home.no_credit_holds);
                        }
                        let total = orders.total_count;
                        let items = orders
                            .nodes
                            .into_iter()
                            .map(|order| {
                                let amount = order.total.clone();
                                view! {
                                    <li>
                                        <A href=format!("/orders/{}", order.id)>{order.number.clone()}</A>
                                        {order.customer.clone().map(|customer| view! { " · " {customer.name} })}
                                        " · "
                                        {move || format::money(i18n.tag(), &amount.amount, &amount.currency)}
                                    </li>
                                }
                            })
                            .collect_view();
                        found(total, |t, n| (t.home.credit_holds_summary)(n), items)
                    },
                )
            }}
        </section>
    }
}

/// Quotes whose discount waits for a sales manager's approval.
#[component]
fn DiscountApprovalsSection() -> impl IntoView {
    let i18n = use_i18n();
    let waiting =
        LocalResource::new(|| async { call::<HomeDiscountApprovals>(home_discount_approvals::Variables {}).await.map(|data| data.quotes) });
    view! {
        <section class="card home-discounts" aria-labelledby="home-discounts-title">
            <div class="card-header">
                <h2 id="home-discounts-title">{tr(|t| t.discounts.waiting)}</h2>
            </div>
            {move || {
                loaded(
                    waiting.get(),
                    |quotes| {
                        if quotes.nodes.is_empty() {
                            return nothing(|t| t.discounts.none_waiting);
                        }
                        let total = quotes.total_count;
                        let items = quotes
                            .nodes
                            .into_iter()
                            .map(|quote| {
                                let amount = quote.total.clone();
                                let largest = quote.max_discount_percent.clone();
                                view! {
                                    <li>
                                        <A href=format!("/quotes/{}", quote.id)>{quote.number.clone()}</A>
                                        {quote.customer.clone().map(|customer| view! { " · " {customer.name} })}
                                        " · "
                                        {move || format::money(i18n.tag(), &amount.amount, &amount.currency)}
                                        " · "
                                        <span class="badge badge-warning">
                                            {move || (i18n.t().discounts.largest)(&format!("{} %", format::decimal(i18n.tag(), &largest)))}
                                        </span>
                                    </li>
                                }
                            })
                            .collect_view();
                        found(total, |t, n| (t.discounts.waiting_summary)(n), items)
                    },
                )
            }}
        </section>
    }
}

/// Deal registrations waiting for a manager: to review (`review`, managers) or the partner's
/// own, waiting.
#[component]
fn RegistrationsSection(review: bool) -> impl IntoView {
    let i18n = use_i18n();
    let pending =
        LocalResource::new(|| async { call::<HomeRegistrations>(home_registrations::Variables {}).await.map(|data| data.opportunities) });
    view! {
        <section class="card home-registrations" aria-labelledby="home-registrations-title">
            <div class="card-header">
                <h2 id="home-registrations-title">
                    {move || if review { i18n.t().home.registrations_to_review } else { i18n.t().home.my_pending_registrations }}
                </h2>
                <A href=pipeline::list::pending_registrations_href()>{tr(|t| t.home.all_registrations)}</A>
            </div>
            {move || {
                loaded(
                    pending.get(),
                    move |deals| {
                        if deals.nodes.is_empty() {
                            return nothing(|t| t.home.no_registrations);
                        }
                        let total = deals.total_count;
                        let items = deals
                            .nodes
                            .into_iter()
                            .map(|deal| {
                                let amount = deal.amount.clone();
                                let partner = review.then(|| deal.partner.clone().map(|partner| view! { " · " {partner.name} }));
                                view! {
                                    <li>
                                        <A href=format!("/opportunities/{}", deal.id)>{deal.name.clone()}</A>
                                        {deal.customer.clone().map(|customer| view! { " · " {customer.name} })}
                                        {partner}
                                        " · "
                                        {move || format::money(i18n.tag(), &amount.amount, &amount.currency)}
                                    </li>
                                }
                            })
                            .collect_view();
                        found(total, |t, n| (t.home.registrations_summary)(n), items)
                    },
                )
            }}
        </section>
    }
}

/// What a section found: how many (`summary`) and the first few, as items of a list.
fn found(total: i64, summary: fn(&'static Texts, i64) -> String, items: impl IntoView + 'static) -> AnyView {
    let i18n = use_i18n();
    view! {
        <p class="count" data-total=total>{move || summary(i18n.t(), total)}</p>
        <ul class="plain-list">{items}</ul>
    }
    .into_any()
}

/// A section that found nothing, saying so in its own words.
fn nothing(text: fn(&'static Texts) -> &'static str) -> AnyView {
    view! { <p class="empty">{tr(text)}</p> }.into_any()
}

/// How much of a note the home shows.
const NOTE_PREVIEW: usize = 160;

/// The person's open tasks, soonest due first, the late ones flagged; the tasks page ticks
/// them off. Its own small query and the home's own texts: the home is part of a first visit.
#[component]
fn MyTasksSection() -> impl IntoView {
    let i18n = use_i18n();
    let tasks = LocalResource::new(move || async move { call::<HomeTasks>(home_tasks::Variables {}).await.map(|data| data.tasks) });
    view! {
        <section class="card home-tasks" aria-labelledby="home-tasks-title">
            <h2 id="home-tasks-title">{tr(|t| t.home.my_tasks)}</h2>
            {move || {
                loaded(
                    tasks.get(),
                    |tasks| {
                        let count = tasks.total_count;
                        let items = tasks
                            .nodes
                            .into_iter()
                            .map(|task| {
                                let due = task.due_at.clone();
                                view! {
                                    <li class="task" class:overdue=task.overdue>
                                        <span class="task-title">{task.title}</span>
                                        {task.overdue.then(|| view! { <span class="badge overdue">{tr(|t| t.home.late)}</span> })}
                                        <span class="hint">{move || format::date(i18n.tag(), &due)}</span>
                                    </li>
                                }
                            })
                            .collect_view();
                        view! {
                            {(count == 0).then(|| nothing(|t| t.home.no_open_tasks))}
                            <ul class="plain-list tasks">{items}</ul>
                            <p><A href="/tasks">{tr(|t| t.home.all_my_tasks)}</A>" · "{move || (i18n.t().home.tasks_summary)(count)}</p>
                        }
                        .into_any()
                    },
                )
            }}
        </section>
    }
}

/// The newest notes that mention the person, each linking to the record it is on.
#[component]
fn MentionsSection() -> impl IntoView {
    let i18n = use_i18n();
    let filter = note_list::NoteFilter { mentions_me: Some(true), ..Default::default() };
    let notes = LocalResource::new(move || {
        let variables = note_list::Variables { filter: filter.clone(), first: Some(5), after: None };
        async move { call::<NoteList>(variables).await.map(|data| data.notes) }
    });
    view! {
        <section class="card home-mentions" aria-labelledby="home-mentions-title">
            <h2 id="home-mentions-title">{tr(|t| t.notes.mentioning_you)}</h2>
            {move || {
                loaded(
                    notes.get(),
                    |notes| {
                        if notes.nodes.is_empty() {
                            return nothing(|t| t.notes.nothing_mentions_you);
                        }
                        let items = notes
                            .nodes
                            .into_iter()
                            .map(|note| {
                                let href = record_href(note.subject, &note.subject_id, note.customer_id.as_deref());
                                let author = note.author.map(|a| a.display_name).unwrap_or_default();
                                let at = note.created_at.clone();
                                let preview: String = note.body.chars().take(NOTE_PREVIEW).collect();
                                let cut = note.body.chars().count() > NOTE_PREVIEW;
                                view! {
                                    <li>
                                        <A href=href>{note.subject_name.unwrap_or_default()}</A>
                                        " · "
                                        <span class="hint">{move || (i18n.t().notes.written)(&author, &format::date(i18n.tag(), &at))}</span>
                                        <p class="note-preview">{preview} {cut.then_some("…")}</p>
                                    </li>
                                }
                            })
                            .collect_view();
                        view! { <ul class="plain-list">{items}</ul> }.into_any()
                    },
                )
            }}
        </section>
    }
}

/// The page of the record a note is on (a contact's is its customer's).
fn record_href(subject: NoteSubject, id: &str, customer: Option<&str>) -> String {
    match subject {
        NoteSubject::Customer => format!("/customers/{id}"),
        NoteSubject::Contact => format!("/customers/{}", customer.unwrap_or_default()),
        NoteSubject::Lead => format!("/leads/{id}"),
        NoteSubject::Opportunity => format!("/opportunities/{id}"),
        NoteSubject::Order => format!("/orders/{id}"),
    }
}

/// The records the person opened lately in this browser (see [`crate::recent`]).
#[component]
fn RecentSection(viewer: Viewer) -> impl IntoView {
    let i18n = use_i18n();
    let visits = recent::visits(&viewer);
    let body = if visits.is_empty() {
        view! { <p class="empty">{tr(|t| t.home.nothing_viewed)}</p> }.into_any()
    } else {
        let items = visits
            .into_iter()
            .map(|Visit { kind, path, label }| {
                view! {
                    <li>
                        <span class="badge">{move || (i18n.t().home.record_kind)(kind)}</span>
                        " "
                        <A href=path>{label}</A>
                    </li>
                }
            })
            .collect_view();
        view! { <ul class="plain-list recent-list">{items}</ul> }.into_any()
    };
    view! {
        <section class="card home-recent" aria-labelledby="home-recent-title">
            <h2 id="home-recent-title">{tr(|t| t.home.recently_viewed)}</h2>
            {body}
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn viewer(kind: PrincipalKind, role: Option<StaffRole>) -> Viewer {
        Viewer {
            kind,
            id: "u1".into(),
            role,
            display_name: "Someone".into(),
            email: "someone@example.test".into(),
            partner: None,
            customer: None,
        }
    }

    #[test]
    fn each_role_gets_the_sections_of_its_work() {
        let rep = Sections::of(&viewer(PrincipalKind::Staff, Some(StaffRole::SalesRep)));
        assert!(rep.deals && rep.leads && rep.own && !rep.decisions && !rep.team_pipeline);
        let manager = Sections::of(&viewer(PrincipalKind::Staff, Some(StaffRole::SalesManager)));
        assert!(manager.deals && manager.own && manager.decisions && manager.team_pipeline && !manager.erp_health);
        let admin = Sections::of(&viewer(PrincipalKind::Staff, Some(StaffRole::Admin)));
        assert!(admin.erp_health && admin.decisions && !admin.deals);
        let partner = Sections::of(&viewer(PrincipalKind::Partner, None));
        assert!(partner.deals && !partner.own && partner.pending_registrations && !partner.decisions);
        let analyst = Sections::of(&viewer(PrincipalKind::Staff, Some(StaffRole::Analyst)));
        assert!(analyst.team_pipeline && analyst.sales_metrics && !analyst.deals);
        assert_eq!(
            Sections::of(&viewer(PrincipalKind::Staff, Some(StaffRole::ServiceAgent))),
            Sections { mentions: true, ..Sections::default() }
        );
        assert!(!partner.mentions, "only staff are mentioned");
    }
}
