//! The customer list: search as you type, filters, sorting, column choice and keyset paging.
//!
//! Built on the list kit ([`crate::list_kit`]): what the list shows is in the URL, and only
//! one page is ever loaded. The columns shown are the person's choice, kept in the browser.

use std::collections::BTreeSet;

use leptos::prelude::*;

use crate::api::ops::ViewList;
use crate::saved_views::{SavedViewMenu, Suggested};
use leptos_router::components::A;

use crate::api::ops::customer_list::{
    CustomerFilter, CustomerListCustomersNodes, CustomerOrder, IdFilter, LifecycleFilter, StringFilter, TagFilter, Variables,
};
use crate::api::ops::{
    bulk_update_customers, BulkUpdateCustomers, CustomerList, CustomerOrderField, Lifecycle, OrderDirection, PrincipalKind,
};
use crate::api::{call, ApiError};
use crate::app::use_viewer;
use crate::components::{split_list, ErrorBox};
use crate::format;
use crate::i18n::{tr, use_i18n, Texts};
use crate::list_kit::{
    live_text, CheckFilter, History, ListFrame, ListQuery, ListUrl, Page, PageArgs, Params, SearchBox, SelectPageCell, SelectRowCell,
    Selection, SortControls,
};
use crate::page_info;
use crate::pages::customers::options::use_assignment_options;

const COLUMNS_KEY: &str = "crm.customer-columns";

/// Optional columns of the list (the name is always shown).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Column {
    Kind,
    Lifecycle,
    Industry,
    City,
    Region,
    Country,
    Owner,
    Partner,
    Tags,
    CreditLimit,
    Created,
    Updated,
}

impl Column {
    const ALL: [Column; 12] = [
        Column::Kind,
        Column::Lifecycle,
        Column::Industry,
        Column::City,
        Column::Region,
        Column::Country,
        Column::Owner,
        Column::Partner,
        Column::Tags,
        Column::CreditLimit,
        Column::Created,
        Column::Updated,
    ];
    const DEFAULT: [Column; 6] = [Column::Lifecycle, Column::City, Column::Country, Column::Owner, Column::Partner, Column::Updated];

    fn key(self) -> &'static str {
        match self {
            Column::Kind => "kind",
            Column::Lifecycle => "lifecycle",
            Column::Industry => "industry",
            Column::City => "city",
            Column::Region => "region",
            Column::Country => "country",
            Column::Owner => "owner",
            Column::Partner => "partner",
            Column::Tags => "tags",
            Column::CreditLimit => "creditLimit",
            Column::Created => "created",
            Column::Updated => "updated",
        }
    }

    fn title(self, t: &Texts) -> &'static str {
        match self {
            Column::Kind => t.kind,
            Column::Lifecycle => t.lifecycle,
            Column::Industry => t.industry,
            Column::City => t.city,
            Column::Region => t.region,
            Column::Country => t.country,
            Column::Owner => t.owner,
            Column::Partner => t.partner,
            Column::Tags => t.tags,
            Column::CreditLimit => t.credit_limit,
            Column::Created => t.created,
            Column::Updated => t.updated,
        }
    }

    /// Parses the remembered choice (`lifecycle,city,…`), ignoring unknown names.
    fn parse_list(text: &str) -> BTreeSet<Column> {
        text.split(',').filter_map(|key| Column::ALL.into_iter().find(|column| column.key() == key)).collect()
    }
}

/// The views every staff member is offered: the customers they own.
fn my_customers(viewer: &crate::session::Viewer) -> Vec<Suggested> {
    if viewer.kind != PrincipalKind::Staff || viewer.id.is_empty() {
        return Vec::new();
    }
    let query = CustomerQuery { owner: viewer.id.clone(), ..CustomerQuery::default() }.query_string();
    vec![Suggested { name: |t| t.my_customers, query }]
}

/// What the list shows, kept in the URL (see [`crate::list_kit`]).
#[derive(Clone, Debug, PartialEq)]
pub struct CustomerQuery {
    search: String,
    lifecycles: BTreeSet<&'static str>,
    country: String,
    region: String,
    owner: String,
    partner: String,
    tags: String,
    archived: bool,
    sort: CustomerOrderField,
    direction: OrderDirection,
}

impl Default for CustomerQuery {
    fn default() -> Self {
        CustomerQuery {
            search: String::new(),
            lifecycles: BTreeSet::new(),
            country: String::new(),
            region: String::new(),
            owner: String::new(),
            partner: String::new(),
            tags: String::new(),
            archived: false,
            sort: CustomerOrderField::Name,
            direction: OrderDirection::Asc,
        }
    }
}

impl ListQuery for CustomerQuery {
    fn read(params: &Params) -> Self {
        let default = CustomerQuery::default();
        CustomerQuery {
            search: params.text("q"),
            lifecycles: params.list("lifecycle").iter().filter_map(|value| Lifecycle::from_api(value)).map(Lifecycle::as_api).collect(),
            country: params.text("country"),
            region: params.text("region"),
            owner: params.text("owner"),
            partner: params.text("partner"),
            tags: params.text("tags"),
            archived: params.flag("archived"),
            sort: CustomerOrderField::from_api(&params.text("sort")).unwrap_or(default.sort),
            direction: OrderDirection::from_api(&params.text("dir")).unwrap_or(default.direction),
        }
    }

    fn write(&self, params: &mut Params) {
        params.set_text("q", &self.search);
        params.set_list("lifecycle", self.lifecycles.iter().copied());
        params.set_text("country", &self.country);
        params.set_text("region", &self.region);
        params.set_text("owner", &self.owner);
        params.set_text("partner", &self.partner);
        params.set_text("tags", &self.tags);
        params.set_flag("archived", self.archived);
        if self.sort != CustomerOrderField::Name {
            params.set_text("sort", self.sort.as_api());
        }
        if self.direction != OrderDirection::Asc {
            params.set_text("dir", self.direction.as_api());
        }
    }
}

impl CustomerQuery {
    /// The API filter of the choices.
    pub(crate) fn filter(&self) -> CustomerFilter {
        let text = |value: &str| Some(value.trim().to_owned()).filter(|text| !text.is_empty());
        let lifecycles: Vec<Lifecycle> = self.lifecycles.iter().filter_map(|value| Lifecycle::from_api(value)).collect();
        let tags = split_list(&self.tags, &[',']);
        CustomerFilter {
            search: text(&self.search),
            lifecycle: (!lifecycles.is_empty()).then_some(LifecycleFilter { in_: lifecycles }),
            country: text(&self.country).map(|code| StringFilter { in_: vec![code] }),
            region: text(&self.region).map(|region| StringFilter { in_: vec![region] }),
            owner_id: text(&self.owner).map(|id| id_filter(&id)),
            partner_id: text(&self.partner).map(|id| id_filter(&id)),
            tags: (!tags.is_empty())
                .then_some(TagFilter { any_of: Some(tags.iter().map(|tag| tag.to_lowercase()).collect()), all_of: None }),
            archived: Some(self.archived),
            ..Default::default()
        }
    }

    fn variables(&self, page: &Page) -> Variables {
        let PageArgs { first, after, last, before } = page.args();
        let order_by = Some(vec![CustomerOrder { field: self.sort, direction: self.direction }]);
        Variables { first, after, last, before, filter: Some(self.filter()), order_by }
    }

    /// Whether the search or a filter narrows the list.
    pub(crate) fn narrowed(&self) -> bool {
        !self.search.trim().is_empty() || self.filtered()
    }

    /// Whether a filter (not the search or the sort) narrows the list.
    fn filtered(&self) -> bool {
        let default = CustomerQuery::default();
        CustomerQuery { search: String::new(), sort: default.sort, direction: default.direction, ..self.clone() } != default
    }
}

type Url = ListUrl<CustomerQuery>;

/// The optional columns shown, remembered in this browser (a choice of the person, not of
/// the list, so not in the URL).
fn remembered_columns() -> RwSignal<BTreeSet<Column>> {
    let remembered = window().local_storage().ok().flatten().and_then(|storage| storage.get_item(COLUMNS_KEY).ok().flatten());
    RwSignal::new(remembered.map(|text| Column::parse_list(&text)).unwrap_or_else(|| Column::DEFAULT.into_iter().collect()))
}

/// `""` → customers with no owner/partner ("not assigned"), else that id.
fn id_filter(id: &str) -> IdFilter {
    if id == UNASSIGNED {
        IdFilter { in_: None, is_null: Some(true) }
    } else {
        IdFilter { in_: Some(vec![id.to_owned()]), is_null: None }
    }
}

const UNASSIGNED: &str = "none";

#[component]
pub fn CustomerListPage() -> impl IntoView {
    let i18n = use_i18n();
    let viewer = use_viewer();
    let url = Url::new("/customers");
    let search = leptos_router::hooks::use_location().search;
    let columns = remembered_columns();
    // Whoever changes customers ticks them for bulk changes (the server checks each one).
    let selection = viewer.may_create_customers().then(Selection::new);
    let reload = RwSignal::new(0u32);
    let page = LocalResource::new(move || {
        reload.track();
        let variables = url.query().variables(&url.page());
        async move { call::<CustomerList>(variables).await }
    });
    // Another page or filter drops the selection: bulk changes apply to what is shown.
    Effect::new(move |_| {
        url.query();
        url.page();
        if let Some(selection) = selection {
            selection.clear();
        }
    });
    let error = Signal::derive(move || page.get().and_then(|result| result.err()));
    mark_first_render(page);

    view! {
        <section class="page customers-page" aria-labelledby="customers-title">
            <div class="page-header">
                <h1 id="customers-title">{tr(|t| t.customers)}</h1>
                // The list as it is shown, as a file (the export page has its own chunk).
                <A href=move || with_query("/customers/export", &search.get()) attr:class="button">{tr(|t| t.export_customers)}</A>
                {viewer
                    .may_create_customers()
                    .then(|| view! { <A href="/customers/new" attr:class="button button-primary">{tr(|t| t.new_customer)}</A> })}
            </div>
            <SearchBox
                url=url
                id="customer-search"
                label=|t| t.search
                placeholder=|t| t.search_placeholder
                get=|query: &CustomerQuery| &query.search
                set=|query, text| query.search = text
            />
            <div class="list-tools">
                <SavedViewMenu list=ViewList::Customers path="/customers" suggested=my_customers(&viewer) />
                <Filters url=url staff=viewer.kind == PrincipalKind::Staff />
                <Sorting url=url />
                <ColumnChooser columns=columns />
            </div>
            <ErrorBox error=error />
            {selection
                .map(|selection| {
                    let manager = viewer.may_route_leads();
                    view! { <BulkActions selection=selection manager=manager on_done=Callback::new(move |()| reload.update(|n| *n += 1)) /> }
                })}
            {move || match page.get() {
                None => view! { <p class="loading" aria-live="polite">{i18n.t().loading}</p> }.into_any(),
                Some(Err(_)) => ().into_any(),
                Some(Ok(data)) => view! { <Results url=url columns=columns data=data.customers selection=selection /> }.into_any(),
            }}
        </section>
    }
}

/// `path` with a raw query string (`search` of the router's location, without its `?`).
pub(crate) fn with_query(path: &str, query: &str) -> String {
    if query.is_empty() {
        path.to_owned()
    } else {
        format!("{path}?{query}")
    }
}

/// Records when the first page of data is on screen (`performance.mark`), which the browser
/// tests read to report time to first data render.
fn mark_first_render(page: LocalResource<Result<crate::api::ops::customer_list::ResponseData, ApiError>>) {
    Effect::new(move |done: Option<bool>| {
        if done == Some(true) {
            return true;
        }
        let loaded = matches!(page.get(), Some(Ok(_)));
        if loaded {
            request_animation_frame(|| {
                if let Some(performance) = window().performance() {
                    let _ = performance.mark("crm:customers-rendered");
                }
            });
        }
        loaded
    });
}

#[component]
fn Filters(url: Url, staff: bool) -> impl IntoView {
    let i18n = use_i18n();
    let options = use_assignment_options(staff);
    let active = move || url.query().filtered();
    let text_input =
        move |id: &'static str, label: fn(&Texts) -> &'static str, get: fn(&CustomerQuery) -> &str, set: fn(&mut CustomerQuery, String)| {
            let (typed, on_input) = live_text(url, get, set);
            view! {
                <div class="field">
                    <label for=id>{move || label(i18n.t())}</label>
                    <input id=id type="text" prop:value=move || typed.get() on:input=on_input />
                </div>
            }
        };
    let (typed_tags, on_tags_input) = live_text(url, |query| &query.tags, |query, text| query.tags = text);
    let select = move |id: &'static str,
                       label: fn(&Texts) -> &'static str,
                       get: fn(&CustomerQuery) -> &str,
                       set: fn(&mut CustomerQuery, String),
                       choices: Signal<Vec<(String, String)>>| {
        view! {
            <div class="field">
                <label for=id>{move || label(i18n.t())}</label>
                <select
                    id=id
                    prop:value=move || get(&url.query()).to_owned()
                    on:change=move |ev| url.update(|query| set(query, event_target_value(&ev)), History::Push)
                >
                    <option value="">{tr(|t| t.any)}</option>
                    <option value=UNASSIGNED>{tr(|t| t.not_assigned)}</option>
                    {move || {
                        let current = get(&url.query()).to_owned();
                        choices
                            .get()
                            .into_iter()
                            .map(|(id, name)| {
                                let selected = id == current;
                                view! { <option value=id selected=selected>{name}</option> }
                            })
                            .collect_view()
                    }}
                </select>
            </div>
        }
    };
    let countries = move || {
        let tag = i18n.tag();
        let current = url.query().country;
        format::COUNTRY_CODES
            .iter()
            .map(|code| {
                let selected = *code == current;
                view! { <option value=*code selected=selected>{format::country(tag, code)}</option> }
            })
            .collect_view()
    };
    view! {
        <details class="filters" open=active>
            <summary>{tr(|t| t.filters)}</summary>
            <div class="filter-grid">
                <fieldset class="field">
                    <legend>{tr(|t| t.lifecycle)}</legend>
                    {Lifecycle::ALL
                        .iter()
                        .map(|lifecycle| {
                            let value = lifecycle.as_api();
                            let id = format!("filter-lifecycle-{value}");
                            let label_for = id.clone();
                            view! {
                                <label class="check" for=label_for>
                                    <input
                                        type="checkbox"
                                        id=id
                                        prop:checked=move || url.query().lifecycles.contains(value)
                                        on:change=move |ev| {
                                            let on = event_target_checked(&ev);
                                            url.update(
                                                |query| {
                                                    if on {
                                                        query.lifecycles.insert(value);
                                                    } else {
                                                        query.lifecycles.remove(value);
                                                    }
                                                },
                                                History::Push,
                                            );
                                        }
                                    />
                                    {move || (i18n.t().lifecycle_label)(*lifecycle)}
                                </label>
                            }
                        })
                        .collect_view()}
                </fieldset>
                <div class="field">
                    <label for="filter-country">{tr(|t| t.country)}</label>
                    <select
                        id="filter-country"
                        prop:value=move || url.query().country
                        on:change=move |ev| url.update(|query| query.country = event_target_value(&ev), History::Push)
                    >
                        <option value="">{tr(|t| t.any)}</option>
                        {countries}
                    </select>
                </div>
                {text_input("filter-region", |t| t.region, |query| &query.region, |query, text| query.region = text)}
                {staff.then(|| select("filter-owner", |t| t.owner, |query| &query.owner, |query, id| query.owner = id, options.owners))}
                {staff
                    .then(|| select("filter-partner", |t| t.partner, |query| &query.partner, |query, id| query.partner = id, options.partners))}
                <div class="field">
                    <label for="filter-tags">{tr(|t| t.tags)}</label>
                    <input
                        id="filter-tags"
                        type="text"
                        aria-describedby="filter-tags-hint"
                        prop:value=move || typed_tags.get()
                        on:input=on_tags_input
                    />
                    <small id="filter-tags-hint" class="hint">{tr(|t| t.tags_filter_hint)}</small>
                </div>
                <CheckFilter
                    url=url
                    id="filter-archived"
                    label=|t| t.show_archived
                    get=|query: &CustomerQuery| query.archived
                    set=|query, on| query.archived = on
                />
                <button type="button" class="button-link" on:click=move |_| {
                        let query = url.query_untracked();
                        let default = CustomerQuery::default();
                        url.update(|kept| *kept = CustomerQuery { search: query.search, sort: query.sort, direction: query.direction, ..default }, History::Push)
                    }>
                    {tr(|t| t.clear_filters)}
                </button>
            </div>
        </details>
    }
}

#[component]
fn Sorting(url: Url) -> impl IntoView {
    let i18n = use_i18n();
    let fields = Signal::derive(move || {
        let t = i18n.t();
        let label = |field: CustomerOrderField| match field {
            CustomerOrderField::Name => t.name,
            CustomerOrderField::CreatedAt => t.created,
            CustomerOrderField::UpdatedAt => t.updated,
        };
        CustomerOrderField::ALL.iter().map(|field| (field.as_api().to_owned(), label(*field).to_owned())).collect::<Vec<_>>()
    });
    let on_field = Callback::new(move |value: String| {
        if let Some(field) = CustomerOrderField::from_api(&value) {
            url.update(|query| query.sort = field, History::Push);
        }
    });
    let on_direction = Callback::new(move |direction| url.update(|query| query.direction = direction, History::Push));
    view! {
        <SortControls
            field=Signal::derive(move || url.query().sort.as_api().to_owned())
            fields=fields
            on_field=on_field
            direction=Signal::derive(move || url.query().direction)
            on_direction=on_direction
        />
    }
}

#[component]
fn ColumnChooser(columns: RwSignal<BTreeSet<Column>>) -> impl IntoView {
    let i18n = use_i18n();
    let toggle = move |column: Column, on: bool| {
        columns.update(|columns| {
            if on {
                columns.insert(column);
            } else {
                columns.remove(&column);
            }
        });
        let text: Vec<&str> = columns.get_untracked().iter().map(|column| column.key()).collect();
        if let Ok(Some(storage)) = window().local_storage() {
            let _ = storage.set_item(COLUMNS_KEY, &text.join(","));
        }
    };
    view! {
        <details class="columns">
            <summary>{tr(|t| t.columns)}</summary>
            <fieldset>
                <legend class="visually-hidden">{tr(|t| t.columns)}</legend>
                {Column::ALL
                    .into_iter()
                    .map(|column| {
                        let id = format!("column-{}", column.key());
                        let label_for = id.clone();
                        view! {
                            <label class="check" for=label_for>
                                <input
                                    type="checkbox"
                                    id=id
                                    prop:checked=move || columns.with(|columns| columns.contains(&column))
                                    on:change=move |ev| toggle(column, event_target_checked(&ev))
                                />
                                {move || column.title(i18n.t())}
                            </label>
                        }
                    })
                    .collect_view()}
            </fieldset>
        </details>
    }
}

#[component]
fn Results(
    url: Url,
    columns: RwSignal<BTreeSet<Column>>,
    data: crate::api::ops::customer_list::CustomerListCustomers,
    selection: Option<Selection>,
) -> impl IntoView {
    let i18n = use_i18n();
    let total = data.total_count;
    let rows = data.nodes;
    let info = page_info!(data.page_info);
    let shown = rows.len() as i64;
    if rows.is_empty() {
        return view! { <p class="empty" role="status">{tr(|t| t.no_customers)}</p> }.into_any();
    }
    let ids: Vec<String> = rows.iter().map(|row| row.id.clone()).collect();
    let rows = rows.into_iter().map(|row| view! { <Row columns=columns row=row selection=selection /> }).collect_view();
    view! {
        <ListFrame url=url info=info total=total shown=shown count=|t, n, formatted| (t.customers_count)(n, formatted) label=|t| t.customers>
            <table class="list customers">
                <thead>
                    <tr>
                        {selection.map(|selection| view! { <SelectPageCell selection=selection ids=ids label=|t| t.bulk().select_page /> })}
                        <th scope="col">{tr(|t| t.name)}</th>
                        {move || {
                            columns
                                .get()
                                .into_iter()
                                .map(|column| view! { <th scope="col">{move || column.title(i18n.t())}</th> })
                                .collect_view()
                        }}
                    </tr>
                </thead>
                <tbody>{rows}</tbody>
            </table>
        </ListFrame>
    }
    .into_any()
}

#[component]
fn Row(columns: RwSignal<BTreeSet<Column>>, row: CustomerListCustomersNodes, selection: Option<Selection>) -> impl IntoView {
    let i18n = use_i18n();
    let href = format!("/customers/{}", row.id);
    let cell = move |column: Column| -> String {
        let tag = i18n.tag();
        let t = i18n.t();
        let text = |value: &Option<String>| value.clone().unwrap_or_else(|| t.none.to_owned());
        match column {
            Column::Kind => (t.customer_kind_label)(row.kind).to_owned(),
            Column::Lifecycle => (t.lifecycle_label)(row.lifecycle).to_owned(),
            Column::Industry => text(&row.industry),
            Column::City => text(&row.address.city),
            Column::Region => text(&row.address.region),
            Column::Country => row.address.country.as_ref().map(|country| format::country(tag, &country.code)).unwrap_or(t.none.into()),
            Column::Owner => row.owner.as_ref().map(|owner| owner.display_name.clone()).unwrap_or(t.none.into()),
            Column::Partner => row.partner.as_ref().map(|partner| partner.name.clone()).unwrap_or(t.none.into()),
            Column::Tags => row.tags.join(", "),
            Column::CreditLimit => {
                row.credit_limit.as_ref().map(|limit| format::money(tag, &limit.amount, &limit.currency)).unwrap_or(t.none.into())
            }
            Column::Created => format::date(tag, &row.created_at),
            Column::Updated => format::date(tag, &row.updated_at),
        }
    };
    let cell = StoredValue::new(cell);
    let tick = selection.map(|selection| {
        let label = (i18n.t().bulk().select_row)(&row.name);
        view! { <SelectRowCell selection=selection id=row.id.clone() class="select-customer" label=label /> }
    });
    view! {
        <tr>
            {tick}
            <th scope="row">
                <A href=href>{row.name.clone()}</A>
            </th>
            {move || {
                columns
                    .get()
                    .into_iter()
                    .map(|column| view! { <td data-label=move || column.title(i18n.t())>{move || cell.with_value(|cell| cell(column))}</td> })
                    .collect_view()
            }}
        </tr>
    }
}

/// What can be done to the ticked customers together: a new owner (managers), a tag added or
/// removed, archiving after a confirmation. One request, all or none (`bulkUpdateCustomers`).
#[component]
fn BulkActions(selection: Selection, manager: bool, on_done: Callback<()>) -> impl IntoView {
    let i18n = use_i18n();
    let owners = use_assignment_options(manager).owners;
    let owner = RwSignal::new(String::new());
    let tag = RwSignal::new(String::new());
    let confirming = RwSignal::new(false);
    let error = RwSignal::new(None::<ApiError>);
    let done = RwSignal::new(None::<usize>);
    let busy = RwSignal::new(false);
    let run = move |change: fn(&mut bulk_update_customers::BulkUpdateCustomersInput, String), value: String| {
        let ids = selection.ids();
        if ids.is_empty() {
            return;
        }
        let mut input = bulk_update_customers::BulkUpdateCustomersInput { ids, ..Default::default() };
        change(&mut input, value);
        busy.set(true);
        error.set(None);
        done.set(None);
        leptos::task::spawn_local(async move {
            let result = call::<BulkUpdateCustomers>(bulk_update_customers::Variables { input }).await;
            busy.set(false);
            confirming.set(false);
            match result {
                Ok(data) => {
                    done.set(Some(data.bulk_update_customers.customers.len()));
                    selection.clear();
                    on_done.run(());
                }
                Err(err) => error.set(Some(err)),
            }
        });
    };
    let idle = move || busy.get() || selection.is_empty();
    view! {
        <section class="card bulk-actions" aria-labelledby="bulk-title">
            <h2 id="bulk-title">{tr(|t| t.bulk().title)}</h2>
            <p class="hint" aria-live="polite" id="bulk-status">
                {move || {
                    let t = i18n.t();
                    match (selection.len(), done.get()) {
                        (0, Some(count)) => (t.bulk().done)(count),
                        (0, None) => t.bulk().hint.to_owned(),
                        (count, _) => (t.bulk().selected)(count),
                    }
                }}
            </p>
            <div class="bulk-controls">
                {manager
                    .then(|| {
                        view! {
                            <div class="field">
                                <label for="bulk-owner">{tr(|t| t.bulk().new_owner)}</label>
                                <div class="inline-field">
                                    <select id="bulk-owner" prop:value=move || owner.get() on:change=move |ev| owner.set(event_target_value(&ev))>
                                        <option value="">{tr(|t| t.not_assigned)}</option>
                                        {move || crate::components::option_list(&owner.get_untracked(), owners.get())}
                                    </select>
                                    <button
                                        type="button"
                                        class="button"
                                        id="bulk-assign"
                                        disabled=idle
                                        on:click=move |_| {
                                            run(
                                                |input, owner| {
                                                    let owner_id = Some(owner).filter(|o| !o.is_empty());
                                                    input.owner = Some(bulk_update_customers::BulkOwnerInput { owner_id });
                                                },
                                                owner.get_untracked(),
                                            )
                                        }
                                    >
                                        {tr(|t| t.bulk().assign)}
                                    </button>
                                </div>
                            </div>
                        }
                    })}
                <div class="field">
                    <label for="bulk-tag">{tr(|t| t.bulk().tag)}</label>
                    <div class="inline-field">
                        <input id="bulk-tag" type="text" prop:value=move || tag.get() on:input=move |ev| tag.set(event_target_value(&ev)) />
                        <button
                            type="button"
                            class="button"
                            id="bulk-add-tag"
                            disabled=move || idle() || tag.with(|t| t.trim().is_empty())
                            on:click=move |_| run(|input, tag| input.add_tags = vec![tag], tag.get_untracked())
                        >
                            {tr(|t| t.bulk().add_tag)}
                        </button>
                        <button
                            type="button"
                            class="button"
                            id="bulk-remove-tag"
                            disabled=move || idle() || tag.with(|t| t.trim().is_empty())
                            on:click=move |_| run(|input, tag| input.remove_tags = vec![tag], tag.get_untracked())
                        >
                            {tr(|t| t.bulk().remove_tag)}
                        </button>
                    </div>
                </div>
                {move || {
                    if confirming.get() {
                        view! {
                            <span class="inline-confirm" role="group">
                                {move || (i18n.t().bulk().archive_confirm)(selection.len())}
                                " "
                                <button
                                    type="button"
                                    class="button button-danger"
                                    id="bulk-confirm-archive"
                                    disabled=idle
                                    on:click=move |_| run(|input, _| input.archived = Some(true), String::new())
                                >
                                    {tr(|t| t.bulk().yes_archive)}
                                </button>
                                <button type="button" class="button" on:click=move |_| confirming.set(false)>{tr(|t| t.bulk().cancel)}</button>
                            </span>
                        }
                            .into_any()
                    } else {
                        view! {
                            <button type="button" class="button" id="bulk-archive" disabled=idle on:click=move |_| confirming.set(true)>
                                {tr(|t| t.bulk().archive)}
                            </button>
                        }
                            .into_any()
                    }
                }}
            </div>
            <ErrorBox error=error />
        </section>
    }
}
