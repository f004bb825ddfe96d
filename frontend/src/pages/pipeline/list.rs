//! The opportunity list: search, stage, status and registration filters, sorting and keyset
//! paging, on the list kit ([`crate::list_kit`]: the state is in the URL). `?stage=PROPOSAL`
//! opens it filtered to one stage (the "all in the list" link of a board column).

use leptos::prelude::*;

use crate::api::ops::ViewList;
use crate::saved_views::{SavedViewMenu, Suggested};
use leptos_router::components::A;

use crate::api::call;
use crate::api::ops::opportunity_list::{
    DateFilter, IdFilter, OpportunityFilter, OpportunityListOpportunities, OpportunityListOpportunitiesNodes, OpportunityOrder,
    OpportunityStageFilter, RegistrationFilter, Variables,
};
use crate::api::ops::{OpportunityList, OpportunityOrderField, OpportunityStage, OrderDirection, PrincipalKind, Registration};
use crate::app::use_viewer;
use crate::components::{non_empty, ErrorBox};
use crate::date_input::DateInput;
use crate::format;
use crate::i18n::{tr, use_i18n, Texts};
use crate::list_kit::{FilterSelect, History, ListFrame, ListQuery, ListUrl, Page, PageArgs, Params, SearchBox, SortControls};
use crate::page_info;
use crate::pages::customers::options::use_assignment_options;
use crate::pages::pipeline::{may_create, ViewSwitch};
use crate::session::Viewer;

/// What the list shows, kept in the URL (see [`crate::list_kit`]).
#[derive(Clone, Debug, PartialEq)]
struct OpportunityQuery {
    search: String,
    /// An [`OpportunityStage`] (API name), or `""` for any.
    stage: String,
    /// "", "open" or "closed".
    status: String,
    /// A [`Registration`] (API name), or `""` for the default.
    registration: String,
    /// An owner's user id, or `""` for any.
    owner: String,
    /// Expected close dates from and to (`YYYY-MM-DD`), or `""`.
    close_from: String,
    close_to: String,
    sort: OpportunityOrderField,
    direction: OrderDirection,
}

impl Default for OpportunityQuery {
    fn default() -> Self {
        OpportunityQuery {
            search: String::new(),
            stage: String::new(),
            status: String::new(),
            registration: String::new(),
            owner: String::new(),
            close_from: String::new(),
            close_to: String::new(),
            sort: OpportunityOrderField::ExpectedCloseDate,
            direction: OrderDirection::Asc,
        }
    }
}

impl ListQuery for OpportunityQuery {
    fn read(params: &Params) -> Self {
        let default = OpportunityQuery::default();
        let known = |value: String, valid: fn(&str) -> bool| if valid(&value) { value } else { String::new() };
        OpportunityQuery {
            search: params.text("q"),
            stage: known(params.text("stage"), |value| OpportunityStage::from_api(value).is_some()),
            status: known(params.text("status"), |value| matches!(value, "open" | "closed")),
            registration: known(params.text("registration"), |value| Registration::from_api(value).is_some()),
            owner: params.text("owner"),
            close_from: known(params.text("close_from"), is_date),
            close_to: known(params.text("close_to"), is_date),
            sort: OpportunityOrderField::from_api(&params.text("sort")).unwrap_or(default.sort),
            direction: OrderDirection::from_api(&params.text("dir")).unwrap_or(default.direction),
        }
    }

    fn write(&self, params: &mut Params) {
        let default = OpportunityQuery::default();
        params.set_text("q", &self.search);
        params.set_text("stage", &self.stage);
        params.set_text("status", &self.status);
        params.set_text("registration", &self.registration);
        params.set_text("owner", &self.owner);
        params.set_text("close_from", &self.close_from);
        params.set_text("close_to", &self.close_to);
        if self.sort != default.sort {
            params.set_text("sort", self.sort.as_api());
        }
        if self.direction != default.direction {
            params.set_text("dir", self.direction.as_api());
        }
    }
}

impl OpportunityQuery {
    fn filter(&self) -> OpportunityFilter {
        OpportunityFilter {
            search: non_empty(self.search.clone()),
            stage: OpportunityStage::from_api(&self.stage).map(|stage| OpportunityStageFilter { in_: vec![stage] }),
            open: match self.status.as_str() {
                "open" => Some(true),
                "closed" => Some(false),
                _ => None,
            },
            registration: Registration::from_api(&self.registration).map(|r| RegistrationFilter { in_: vec![r] }),
            owner_id: non_empty(self.owner.clone()).map(|owner| IdFilter { in_: Some(vec![owner]), is_null: None }),
            expected_close_date: (!self.close_from.is_empty() || !self.close_to.is_empty())
                .then(|| DateFilter { gte: non_empty(self.close_from.clone()), lte: non_empty(self.close_to.clone()) }),
            ..Default::default()
        }
    }

    fn variables(&self, page: &Page) -> Variables {
        let PageArgs { first, after, last, before } = page.args();
        let order_by = Some(vec![OpportunityOrder { field: self.sort, direction: self.direction }]);
        Variables { first, after, last, before, filter: Some(self.filter()), order_by }
    }
}

type Url = ListUrl<OpportunityQuery>;

/// The list of open opportunities, of `owner` when given (the home screen links to it).
pub fn open_deals_href(owner: Option<&str>) -> String {
    let query = OpportunityQuery { status: "open".to_owned(), owner: owner.unwrap_or_default().to_owned(), ..OpportunityQuery::default() };
    format!("/opportunities{}", query.query_string())
}

/// The list of deal registrations waiting for a manager (the home screen links to it).
pub fn pending_registrations_href() -> String {
    let query = OpportunityQuery { registration: Registration::Pending.as_api().to_owned(), ..OpportunityQuery::default() };
    format!("/opportunities{}", query.query_string())
}

/// `YYYY-MM-DD`, as a date input gives it.
pub(super) fn is_date(value: &str) -> bool {
    value.len() == 10 && value.bytes().enumerate().all(|(i, b)| if i == 4 || i == 7 { b == b'-' } else { b.is_ascii_digit() })
}

/// The views every staff member is offered: their open deals, and the open deals expected to
/// close this month (dates of the month the menu is opened in).
fn suggested_views(viewer: &Viewer) -> Vec<Suggested> {
    if viewer.kind != PrincipalKind::Staff || viewer.id.is_empty() {
        return Vec::new();
    }
    let open = || OpportunityQuery { status: "open".to_owned(), ..OpportunityQuery::default() };
    let (first, last) = format::this_month();
    vec![
        Suggested { name: |t| t.sales().my_deals, query: OpportunityQuery { owner: viewer.id.clone(), ..open() }.query_string() },
        Suggested {
            name: |t| t.sales().closing_this_month,
            query: OpportunityQuery { close_from: first, close_to: last, ..open() }.query_string(),
        },
    ]
}

#[component]
pub fn OpportunityListPage() -> impl IntoView {
    let i18n = use_i18n();
    let viewer = use_viewer();
    let staff = viewer.kind == PrincipalKind::Staff;
    let url = Url::new("/opportunities");
    let page = LocalResource::new(move || {
        let variables = url.query().variables(&url.page());
        async move { call::<OpportunityList>(variables).await }
    });
    let error = Signal::derive(move || page.get().and_then(|result| result.err()));
    let title = move || if staff { i18n.t().sales().opportunities } else { i18n.t().sales().deals };
    let new_label = move || if staff { i18n.t().sales().new_opportunity } else { i18n.t().sales().register_deal };
    view! {
        <section class="page opportunities-page" aria-labelledby="opportunities-title">
            <div class="page-header">
                <h1 id="opportunities-title">{title}</h1>
                <div class="page-actions">
                    <ViewSwitch />
                    {may_create(&viewer)
                        .then(|| {
                            view! {
                                <A href="/opportunities/new" attr:class="button button-primary" attr:id="new-opportunity">
                                    {new_label}
                                </A>
                            }
                        })}
                </div>
            </div>
            <Tools url=url staff=staff suggested=suggested_views(&viewer) />
            <ErrorBox error=error />
            {move || match page.get() {
                None => view! { <p class="loading" aria-live="polite">{i18n.t().loading}</p> }.into_any(),
                Some(Err(_)) => ().into_any(),
                Some(Ok(data)) => view! { <Results url=url data=data.opportunities /> }.into_any(),
            }}
        </section>
    }
}

#[component]
fn Tools(url: Url, staff: bool, suggested: Vec<Suggested>) -> impl IntoView {
    let i18n = use_i18n();
    let owners = use_assignment_options(staff).owners;
    let owner_choices = Signal::derive(move || {
        let mut choices = vec![(String::new(), i18n.t().any.to_owned())];
        choices.extend(owners.get());
        choices
    });
    let date = move |id: &'static str,
                     label: fn(&Texts) -> &'static str,
                     get: fn(&OpportunityQuery) -> &str,
                     set: fn(&mut OpportunityQuery, String)| {
        view! {
            <div class="field">
                <label for=id>{move || label(i18n.t())}</label>
                <DateInput
                    id=id.to_owned()
                    value=Signal::derive(move || get(&url.query()).to_owned())
                    on_change=Callback::new(move |date| url.update(|query| set(query, date), History::Push))
                />
            </div>
        }
    };
    // A filter as a select whose choices include its "any" value (`""`).
    let select = move |id: &'static str,
                       label: fn(&Texts) -> &'static str,
                       get: fn(&OpportunityQuery) -> &str,
                       set: fn(&mut OpportunityQuery, String),
                       choices: fn(&Texts) -> Vec<(String, String)>| {
        view! {
            <FilterSelect
                label=Signal::derive(move || label(i18n.t()))
                id=id
                value=Signal::derive(move || get(&url.query()).to_owned())
                on_change=Callback::new(move |value| url.update(|query| set(query, value), History::Push))
                options=Signal::derive(move || choices(i18n.t()))
            />
        }
    };
    let stages = |t: &Texts| {
        let mut options = vec![(String::new(), t.any.to_owned())];
        options
            .extend(OpportunityStage::ALL.iter().map(|stage| (stage.as_api().to_owned(), (t.sales_labels.stage_label)(*stage).to_owned())));
        options
    };
    let statuses = |t: &Texts| {
        vec![
            (String::new(), t.sales().open_or_closed.to_owned()),
            ("open".to_owned(), t.sales().open_only.to_owned()),
            ("closed".to_owned(), t.sales().closed_only.to_owned()),
        ]
    };
    let registrations = |t: &Texts| {
        let mut options = vec![(String::new(), t.sales().registration_default.to_owned())];
        options.extend(Registration::ALL.iter().map(|r| (r.as_api().to_owned(), (t.sales().registration_label)(*r).to_owned())));
        options
    };
    let sort_fields = Signal::derive(move || {
        let t = i18n.t();
        let label = |field: OpportunityOrderField| match field {
            OpportunityOrderField::Name => t.name,
            OpportunityOrderField::ExpectedCloseDate => t.sales().expected_close,
            OpportunityOrderField::Amount => t.sales_labels.amount,
            OpportunityOrderField::CreatedAt => t.created,
            OpportunityOrderField::UpdatedAt => t.updated,
        };
        OpportunityOrderField::ALL.iter().map(|field| (field.as_api().to_owned(), label(*field).to_owned())).collect::<Vec<_>>()
    });
    let on_sort_field = Callback::new(move |value: String| {
        if let Some(field) = OpportunityOrderField::from_api(&value) {
            url.update(|query| query.sort = field, History::Push);
        }
    });
    let on_direction = Callback::new(move |direction| url.update(|query| query.direction = direction, History::Push));
    view! {
        <SearchBox
            url=url
            id="opportunity-search"
            label=|t| t.search
            placeholder=|t| t.sales().search_opportunities
            get=|query: &OpportunityQuery| &query.search
            set=|query, text| query.search = text
        />
        <div class="list-tools opportunity-tools">
            <SavedViewMenu list=ViewList::Opportunities path="/opportunities" suggested=suggested />
            {select("filter-stage", |t| t.sales_labels.stage, |query| &query.stage, |query, stage| query.stage = stage, stages)}
            {select("filter-open", |t| t.sales().open_or_closed, |query| &query.status, |query, status| query.status = status, statuses)}
            {select(
                "filter-registration",
                |t| t.sales().registration,
                |query| &query.registration,
                |query, registration| query.registration = registration,
                registrations,
            )}
            {staff
                .then(|| {
                    view! {
                        <FilterSelect
                            label=Signal::derive(move || i18n.t().owner)
                            id="filter-owner"
                            value=Signal::derive(move || url.query().owner)
                            on_change=Callback::new(move |owner| url.update(|query| query.owner = owner, History::Push))
                            options=owner_choices
                        />
                    }
                })}
            {date("filter-close-from", |t| t.sales().close_from, |query| &query.close_from, |query, date| query.close_from = date)}
            {date("filter-close-to", |t| t.sales().close_to, |query| &query.close_to, |query, date| query.close_to = date)}
            <SortControls
                field=Signal::derive(move || url.query().sort.as_api().to_owned())
                fields=sort_fields
                on_field=on_sort_field
                direction=Signal::derive(move || url.query().direction)
                on_direction=on_direction
            />
        </div>
    }
}

#[component]
fn Results(url: Url, data: OpportunityListOpportunities) -> impl IntoView {
    let total = data.total_count;
    let info = page_info!(data.page_info);
    let shown = data.nodes.len() as i64;
    if data.nodes.is_empty() {
        return view! { <p class="empty" role="status">{tr(|t| t.sales().no_opportunities)}</p> }.into_any();
    }
    let rows = data.nodes.into_iter().map(|row| view! { <Row row=row /> }).collect_view();
    view! {
        <ListFrame url=url info=info total=total shown=shown count=|t, n, formatted| (t.sales().opportunities_count)(n, formatted) label=|t| t.sales().opportunities>
            <table class="list opportunities">
                <thead>
                    <tr>
                        <th scope="col">{tr(|t| t.name)}</th>
                        <th scope="col">{tr(|t| t.customer)}</th>
                        <th scope="col">{tr(|t| t.sales_labels.stage)}</th>
                        <th scope="col">{tr(|t| t.sales_labels.amount)}</th>
                        <th scope="col">{tr(|t| t.sales().expected_close)}</th>
                        <th scope="col">{tr(|t| t.owner)}</th>
                        <th scope="col">{tr(|t| t.partner)}</th>
                    </tr>
                </thead>
                <tbody>{rows}</tbody>
            </table>
        </ListFrame>
    }
    .into_any()
}

#[component]
fn Row(row: OpportunityListOpportunitiesNodes) -> impl IntoView {
    let i18n = use_i18n();
    let href = format!("/opportunities/{}", row.id);
    let stage = row.stage;
    let registration = row.registration.filter(|r| *r != Registration::Approved);
    let amount = row.amount.clone();
    let close = row.expected_close_date.clone();
    let overdue = !row.closed && format::is_overdue(&close, &format::local_date(0));
    let none = move || i18n.t().none.to_owned();
    view! {
        <tr data-stage=stage.as_api() data-close=row.expected_close_date.clone() data-overdue=overdue.to_string()>
            <th scope="row">
                <A href=href>{row.name.clone()}</A>
            </th>
            <td data-label=move || i18n.t().customer>
                {match row.customer.clone() {
                    Some(customer) => view! { <A href=format!("/customers/{}", customer.id)>{customer.name}</A> }.into_any(),
                    None => view! { <span>{tr(|t| t.sales().customer_hidden)}</span> }.into_any(),
                }}
            </td>
            <td data-label=move || i18n.t().sales_labels.stage>
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
            <td data-label=move || i18n.t().sales_labels.amount class="number">{move || format::money(i18n.tag(), &amount.amount, &amount.currency)}</td>
            <td data-label=move || i18n.t().sales().expected_close>
                {move || format::calendar_date(i18n.tag(), &close)}
                {overdue.then(|| view! { " " <span class="badge badge-warning overdue">{tr(|t| t.sales_labels.overdue)}</span> })}
            </td>
            <td data-label=move || i18n.t().owner>{row.owner.as_ref().map(|owner| owner.display_name.clone()).unwrap_or_else(none)}</td>
            <td data-label=move || i18n.t().partner>{row.partner.as_ref().map(|partner| partner.name.clone()).unwrap_or_else(none)}</td>
        </tr>
    }
}
