//! The lead list, newest first: search as you type, status, source, conversion and assignment
//! filters, and keyset paging, on the list kit ([`crate::list_kit`]: the state is in the URL).
//! Managers tick rows to hand them to an owner and/or partner, or to route them through the
//! assignment rules again; a qualified lead's row links to its conversion form.

use std::collections::BTreeSet;

use leptos::prelude::*;

use crate::api::ops::ViewList;
use crate::saved_views::{SavedViewMenu, Suggested};
use leptos_router::components::A;

use crate::api::ops::lead_list::{
    IdFilter, LeadFilter, LeadListLeads, LeadListLeadsNodes, LeadOrder, LeadSourceFilter, LeadStatusFilter, Variables,
};
use crate::api::ops::{
    apply_assignment_rules, assign_leads, ApplyAssignmentRules, AssignLeads, LeadList, LeadOrderField, LeadSource, LeadStatus,
    OrderDirection, PrincipalKind,
};
use crate::api::{call, ApiError};
use crate::app::use_viewer;
use crate::components::{loaded, non_empty, ErrorBox};
use crate::format;
use crate::i18n::{tr, use_i18n, Texts};
use crate::list_kit::{CheckFilter, FilterSelect, History, ListFrame, ListQuery, ListUrl, Page, PageArgs, Params, SearchBox};
use crate::page_info;
use crate::pages::customers::options::use_assignment_options;
use crate::pages::leads::{source_options, status_options, StatusBadge};

/// What the list shows, kept in the URL (see [`crate::list_kit`]).
#[derive(Clone, Debug, Default, PartialEq)]
struct LeadQuery {
    search: String,
    /// A [`LeadStatus`] (API name), or `""` for any.
    status: String,
    /// A [`LeadSource`] (API name), or `""` for any.
    source: String,
    /// `"true"`, `"false"`, or `""` for either.
    converted: String,
    /// A user's id: their leads only (the home screen's "All my leads").
    owner: String,
    unassigned: bool,
    archived: bool,
}

impl ListQuery for LeadQuery {
    fn read(params: &Params) -> Self {
        let known = |value: String, valid: fn(&str) -> bool| if valid(&value) { value } else { String::new() };
        LeadQuery {
            search: params.text("q"),
            status: known(params.text("status"), |value| LeadStatus::from_api(value).is_some()),
            source: known(params.text("source"), |value| LeadSource::from_api(value).is_some()),
            converted: known(params.text("converted"), |value| value.parse::<bool>().is_ok()),
            owner: params.text("owner"),
            unassigned: params.flag("unassigned"),
            archived: params.flag("archived"),
        }
    }

    fn write(&self, params: &mut Params) {
        params.set_text("q", &self.search);
        params.set_text("status", &self.status);
        params.set_text("source", &self.source);
        params.set_text("converted", &self.converted);
        params.set_text("owner", &self.owner);
        params.set_flag("unassigned", self.unassigned);
        params.set_flag("archived", self.archived);
    }
}

impl LeadQuery {
    fn variables(&self, page: &Page) -> Variables {
        let PageArgs { first, after, last, before } = page.args();
        let unassigned = self.unassigned.then_some(IdFilter { in_: None, is_null: Some(true) });
        let owner = non_empty(self.owner.clone()).map(|owner| IdFilter { in_: Some(vec![owner]), is_null: None });
        let filter = LeadFilter {
            search: non_empty(self.search.clone()),
            status: LeadStatus::from_api(&self.status).map(|status| LeadStatusFilter { in_: vec![status] }),
            source: LeadSource::from_api(&self.source).map(|source| LeadSourceFilter { in_: vec![source] }),
            owner_id: unassigned.clone().or(owner),
            partner_id: unassigned,
            converted: self.converted.parse::<bool>().ok(),
            created_at: None,
            archived: Some(self.archived),
        };
        let order_by = Some(vec![LeadOrder { field: LeadOrderField::CreatedAt, direction: OrderDirection::Desc }]);
        Variables { first, after, last, before, filter: Some(filter), order_by }
    }
}

type Url = ListUrl<LeadQuery>;

/// The leads not yet converted, of `owner` when given (the home screen links to them).
pub fn leads_to_work_href(owner: Option<&str>) -> String {
    let query = LeadQuery { converted: "false".to_owned(), owner: owner.unwrap_or_default().to_owned(), ..LeadQuery::default() };
    format!("/leads{}", query.query_string())
}

/// The views every staff member is offered: the leads they work.
fn suggested_views(viewer: &crate::session::Viewer) -> Vec<Suggested> {
    if viewer.kind != PrincipalKind::Staff || viewer.id.is_empty() {
        return Vec::new();
    }
    let mine = LeadQuery { converted: "false".to_owned(), owner: viewer.id.clone(), ..LeadQuery::default() };
    vec![Suggested { name: |t| t.home.my_leads, query: mine.query_string() }]
}

#[component]
pub fn LeadListPage() -> impl IntoView {
    let i18n = use_i18n();
    let viewer = use_viewer();
    let manager = viewer.may_route_leads();
    let creates = viewer.may_create_customers();
    let url = Url::new("/leads");
    let selected = RwSignal::new(BTreeSet::<String>::new());
    // Bumped after a bulk action, to load the page shown again.
    let reload = RwSignal::new(0u32);
    let leads = LocalResource::new(move || {
        reload.track();
        let variables = url.query().variables(&url.page());
        async move { call::<LeadList>(variables).await.map(|data| data.leads) }
    });
    // A new page or filter drops the selection: bulk actions apply to what is shown.
    Effect::new(move |_| {
        url.query();
        url.page();
        selected.set(BTreeSet::new());
    });
    let refresh = Callback::new(move |()| reload.update(|n| *n += 1));
    let status = Signal::derive(move || url.query().status);
    let set_status = Callback::new(move |status: String| url.update(|query| query.status = status, History::Push));
    let source = Signal::derive(move || url.query().source);
    let set_source = Callback::new(move |source: String| url.update(|query| query.source = source, History::Push));
    let converted = Signal::derive(move || url.query().converted);
    let set_converted = Callback::new(move |converted: String| url.update(|query| query.converted = converted, History::Push));
    let statuses = Signal::derive(move || status_options(i18n.t()));
    let sources = Signal::derive(move || source_options(i18n.t()));
    let staff = viewer.kind == PrincipalKind::Staff;
    let owners = use_assignment_options(staff).owners;
    let owner = Signal::derive(move || url.query().owner);
    let set_owner = Callback::new(move |owner: String| url.update(|query| query.owner = owner, History::Push));
    let conversions = Signal::derive(move || {
        let t = i18n.t();
        vec![("false".to_owned(), t.sales().not_converted.to_owned()), ("true".to_owned(), t.sales().converted_only.to_owned())]
    });
    let label = move |f: fn(&Texts) -> &'static str| Signal::derive(move || f(i18n.t()));
    view! {
        <section class="page leads-page" aria-labelledby="leads-title">
            <div class="page-header">
                <h1 id="leads-title">{tr(|t| t.sales().leads)}</h1>
                {creates
                    .then(|| {
                        view! {
                            <A href="/leads/new" attr:class="button button-primary" attr:id="new-lead">
                                {tr(|t| t.sales().new_lead)}
                            </A>
                        }
                    })}
            </div>
            <SavedViewMenu list=ViewList::Leads path="/leads" suggested=suggested_views(&viewer) />
            <SearchBox
                url=url
                id="lead-search"
                label=|t| t.search
                placeholder=|t| t.sales().search_leads
                get=|query: &LeadQuery| &query.search
                set=|query, text| query.search = text
            />
            <div class="filter-grid">
                <FilterSelect
                    label=label(|t| t.sales_labels.status)
                    id="filter-status"
                    value=status
                    on_change=set_status
                    options=statuses
                    empty=label(|t| t.any)
                />
                <FilterSelect
                    label=label(|t| t.sales().source)
                    id="filter-source"
                    value=source
                    on_change=set_source
                    options=sources
                    empty=label(|t| t.any)
                />
                <FilterSelect
                    label=label(|t| t.sales().conversion)
                    id="filter-converted"
                    value=converted
                    on_change=set_converted
                    options=conversions
                    empty=label(|t| t.any)
                />
                {staff
                    .then(|| {
                        view! {
                            <FilterSelect
                                label=label(|t| t.owner)
                                id="filter-owner"
                                value=owner
                                on_change=set_owner
                                options=owners
                                empty=label(|t| t.any)
                            />
                        }
                    })}
                <CheckFilter
                    url=url
                    id="filter-unassigned"
                    label=|t| t.sales().unassigned_only
                    get=|query: &LeadQuery| query.unassigned
                    set=|query, on| query.unassigned = on
                />
                <CheckFilter
                    url=url
                    id="filter-archived"
                    label=|t| t.sales().archived_only
                    get=|query: &LeadQuery| query.archived
                    set=|query, on| query.archived = on
                />
            </div>
            {manager.then(|| view! { <BulkActions selected=selected on_done=refresh /> })}
            {move || loaded(leads.get(), |page| view! { <Results url=url page=page manager=manager selected=selected /> }.into_any())}
        </section>
    }
}

/// Assign the ticked leads to an owner and/or partner, or route them by the rules again.
#[component]
fn BulkActions(selected: RwSignal<BTreeSet<String>>, on_done: Callback<()>) -> impl IntoView {
    let i18n = use_i18n();
    let options = use_assignment_options(true);
    let owner = RwSignal::new(String::new());
    let partner = RwSignal::new(String::new());
    let error = RwSignal::new(None::<ApiError>);
    let done = RwSignal::new(None::<usize>);
    let busy = RwSignal::new(false);
    let none_selected = move || selected.with(BTreeSet::is_empty);
    let finish = move |result: Result<usize, ApiError>| {
        busy.set(false);
        match result {
            Ok(count) => {
                done.set(Some(count));
                selected.set(BTreeSet::new());
                on_done.run(());
            }
            Err(err) => error.set(Some(err)),
        }
    };
    let assign = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let lead_ids: Vec<String> = selected.get_untracked().into_iter().collect();
        if lead_ids.is_empty() {
            return;
        }
        let input = assign_leads::AssignLeadsInput {
            lead_ids,
            owner_id: non_empty(owner.get_untracked()),
            partner_id: non_empty(partner.get_untracked()),
        };
        busy.set(true);
        error.set(None);
        done.set(None);
        leptos::task::spawn_local(async move {
            let result = call::<AssignLeads>(assign_leads::Variables { input }).await.map(|data| data.assign_leads.leads.len());
            finish(result);
        });
    };
    let apply_rules = move |_| {
        let lead_ids: Vec<String> = selected.get_untracked().into_iter().collect();
        if lead_ids.is_empty() {
            return;
        }
        busy.set(true);
        error.set(None);
        done.set(None);
        leptos::task::spawn_local(async move {
            let input = apply_assignment_rules::ApplyAssignmentRulesInput { lead_ids };
            let result = call::<ApplyAssignmentRules>(apply_assignment_rules::Variables { input })
                .await
                .map(|data| data.apply_assignment_rules.leads.len());
            finish(result);
        });
    };
    let label = move |f: fn(&Texts) -> &'static str| Signal::derive(move || f(i18n.t()));
    view! {
        <form class="card bulk-actions" aria-labelledby="bulk-title" on:submit=assign>
            <h2 id="bulk-title">{tr(|t| t.sales().bulk_actions)}</h2>
            <p class="hint" aria-live="polite">
                {move || {
                    let count = selected.with(BTreeSet::len);
                    if count == 0 { i18n.t().sales().bulk_hint.to_owned() } else { (i18n.t().sales().selected_count)(count) }
                }}
            </p>
            <div class="filter-grid">
                <FilterSelect
                    label=label(|t| t.sales().new_owner)
                    id="bulk-owner"
                    value=owner
                    on_change=Callback::new(move |id| owner.set(id))
                    options=options.owners
                    empty=label(|t| t.not_assigned)
                />
                <FilterSelect
                    label=label(|t| t.sales().new_partner)
                    id="bulk-partner"
                    value=partner
                    on_change=Callback::new(move |id| partner.set(id))
                    options=options.partners
                    empty=label(|t| t.not_assigned)
                />
            </div>
            <div class="form-actions">
                <button type="submit" id="assign-leads" disabled=move || busy.get() || none_selected()>
                    {tr(|t| t.sales().assign)}
                </button>
                <button type="button" id="apply-rules" on:click=apply_rules disabled=move || busy.get() || none_selected()>
                    {tr(|t| t.sales().apply_rules)}
                </button>
            </div>
            {move || done.get().map(|count| view! { <p class="alert" role="status">{(i18n.t().sales().leads_routed)(count)}</p> })}
            <ErrorBox error=error />
        </form>
    }
}

#[component]
fn Results(url: Url, page: LeadListLeads, manager: bool, selected: RwSignal<BTreeSet<String>>) -> impl IntoView {
    let i18n = use_i18n();
    let total = page.total_count;
    let info = page_info!(page.page_info);
    let rows = page.nodes;
    let shown = rows.len() as i64;
    if rows.is_empty() {
        return view! { <p class="empty" role="status">{tr(|t| t.sales().no_leads)}</p> }.into_any();
    }
    let ids: Vec<String> = rows.iter().map(|row| row.id.clone()).collect();
    let all_selected = {
        let ids = ids.clone();
        move || selected.with(|set| ids.iter().all(|id| set.contains(id)))
    };
    let select_page = move |ev| {
        let on = event_target_checked(&ev);
        selected.update(|set| {
            for id in &ids {
                if on {
                    set.insert(id.clone());
                } else {
                    set.remove(id);
                }
            }
        });
    };
    let rows = rows.into_iter().map(|row| view! { <Row row=row manager=manager selected=selected /> }).collect_view();
    view! {
        <ListFrame url=url info=info total=total shown=shown count=|t, n, formatted| (t.sales().leads_count)(n, formatted) label=|t| t.sales().leads>
            <table class="list leads">
                <thead>
                    <tr>
                        {manager
                            .then(|| {
                                view! {
                                    <th scope="col" class="select">
                                        <input
                                            type="checkbox"
                                            id="select-page"
                                            aria-label=move || i18n.t().sales().select_page
                                            prop:checked=all_selected
                                            on:change=select_page
                                        />
                                    </th>
                                }
                            })}
                        <th scope="col">{tr(|t| t.name)}</th>
                        <th scope="col">{tr(|t| t.sales().company)}</th>
                        <th scope="col">{tr(|t| t.sales_labels.status)}</th>
                        <th scope="col">{tr(|t| t.sales().source)}</th>
                        <th scope="col">{tr(|t| t.country)}</th>
                        <th scope="col">{tr(|t| t.owner)}</th>
                        <th scope="col">{tr(|t| t.partner)}</th>
                        <th scope="col">{tr(|t| t.created)}</th>
                        <th scope="col">
                            <span class="visually-hidden">{tr(|t| t.sales().convert)}</span>
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
fn Row(row: LeadListLeadsNodes, manager: bool, selected: RwSignal<BTreeSet<String>>) -> impl IntoView {
    let i18n = use_i18n();
    let id = row.id.clone();
    let href = format!("/leads/{id}");
    let convertible = row.status == LeadStatus::Qualified && row.converted_at.is_none() && row.viewer_can_edit && !row.archived;
    let name = row.full_name.clone();
    let checkbox = manager.then(|| {
        let (checked_id, toggled_id) = (id.clone(), id.clone());
        let name = name.clone();
        view! {
            <td class="select">
                <input
                    type="checkbox"
                    class="select-lead"
                    value=id.clone()
                    aria-label=move || (i18n.t().sales().select_lead)(&name)
                    prop:checked=move || selected.with(|set| set.contains(&checked_id))
                    on:change=move |ev| {
                        let on = event_target_checked(&ev);
                        selected.update(|set| {
                            if on {
                                set.insert(toggled_id.clone());
                            } else {
                                set.remove(&toggled_id);
                            }
                        });
                    }
                />
            </td>
        }
    });
    let text = move |value: Option<String>| value.unwrap_or_else(|| i18n.t().none.to_owned());
    let country = row.country.as_ref().map(|country| country.code.clone());
    let created = row.created_at.clone();
    let source = row.source;
    let converted = row.converted_at.is_some();
    let (link_name, action_name) = (name.clone(), name);
    view! {
        <tr data-id=id.clone() data-status=row.status.as_api()>
            {checkbox}
            <th scope="row">
                <A href=href.clone()>{link_name}</A>
                {converted.then(|| view! { " " <span class="badge converted">{tr(|t| t.sales().converted)}</span> })}
            </th>
            <td data-label=move || i18n.t().sales().company>{text(row.company.clone())}</td>
            <td data-label=move || i18n.t().sales_labels.status>
                <StatusBadge status=row.status />
            </td>
            <td data-label=move || i18n.t().sales().source>{move || (i18n.t().sales().source_label)(source)}</td>
            <td data-label=move || i18n.t().country>
                {move || country.as_ref().map(|code| format::country(i18n.tag(), code)).unwrap_or(i18n.t().none.to_owned())}
            </td>
            <td data-label=move || i18n.t().owner>{text(row.owner.as_ref().map(|owner| owner.display_name.clone()))}</td>
            <td data-label=move || i18n.t().partner>{text(row.partner.as_ref().map(|partner| partner.name.clone()))}</td>
            <td data-label=move || i18n.t().created>{move || format::date(i18n.tag(), &created)}</td>
            <td class="row-actions">
                {convertible
                    .then(|| {
                        view! {
                            <A href=format!("{href}#convert") attr:class="button-link convert-lead">
                                {tr(|t| t.sales().convert)}
                                <span class="visually-hidden">" " {action_name.clone()}</span>
                            </A>
                        }
                    })}
            </td>
        </tr>
    }
}
