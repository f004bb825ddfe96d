//! The customer list: search as you type, filters, sorting, column choice and keyset paging.
//!
//! Only one page (50 rows) is ever loaded, whatever the size of the database: paging follows
//! the API's opaque cursors, so page 2,000 costs what page 1 costs. The list's state lives
//! in a context above the routes, so it is as the person left it when they come back from a
//! customer's page.

use std::collections::BTreeSet;

use leptos::prelude::*;
use leptos_router::components::A;

use crate::api::ops::customer_list::{
    CustomerFilter, CustomerListCustomersNodes, CustomerOrder, IdFilter, LifecycleFilter, StringFilter, TagFilter, Variables,
};
use crate::api::ops::{CustomerList, CustomerOrderField, Lifecycle, OrderDirection, PrincipalKind};
use crate::api::{call, ApiError};
use crate::app::use_viewer;
use crate::components::{split_list, ErrorBox};
use crate::format;
use crate::i18n::{use_i18n, Texts};
use crate::pages::customers::options::use_assignment_options;

const PAGE_SIZE: i64 = 50;
/// Pause after the last keystroke before searching, so typing a name costs one request.
const SEARCH_DEBOUNCE_MS: u32 = 250;
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

/// Which page of the current list is shown.
#[derive(Clone, Debug, PartialEq)]
enum Cursor {
    First,
    After(String),
    Before(String),
}

/// Everything the person chose on the list; kept across navigation.
#[derive(Clone, Copy)]
pub struct ListState {
    search: RwSignal<String>,
    lifecycles: RwSignal<BTreeSet<&'static str>>,
    country: RwSignal<String>,
    region: RwSignal<String>,
    owner: RwSignal<String>,
    partner: RwSignal<String>,
    tags: RwSignal<String>,
    archived: RwSignal<bool>,
    sort: RwSignal<CustomerOrderField>,
    direction: RwSignal<OrderDirection>,
    columns: RwSignal<BTreeSet<Column>>,
    cursor: RwSignal<Cursor>,
    /// Rows before the current page, for "51–100 of 1,234".
    offset: RwSignal<i64>,
}

impl ListState {
    pub fn new() -> Self {
        let remembered = window().local_storage().ok().flatten().and_then(|storage| storage.get_item(COLUMNS_KEY).ok().flatten());
        let columns = remembered.map(|text| Column::parse_list(&text)).unwrap_or_else(|| Column::DEFAULT.into_iter().collect());
        ListState {
            search: RwSignal::new(String::new()),
            lifecycles: RwSignal::new(BTreeSet::new()),
            country: RwSignal::new(String::new()),
            region: RwSignal::new(String::new()),
            owner: RwSignal::new(String::new()),
            partner: RwSignal::new(String::new()),
            tags: RwSignal::new(String::new()),
            archived: RwSignal::new(false),
            sort: RwSignal::new(CustomerOrderField::Name),
            direction: RwSignal::new(OrderDirection::Asc),
            columns: RwSignal::new(columns),
            cursor: RwSignal::new(Cursor::First),
            offset: RwSignal::new(0),
        }
    }

    /// The API filter of the current choices (reactive).
    fn filter(&self) -> CustomerFilter {
        let text = |signal: RwSignal<String>| Some(signal.get().trim().to_owned()).filter(|text| !text.is_empty());
        let lifecycles: Vec<Lifecycle> = self.lifecycles.get().iter().filter_map(|value| Lifecycle::from_api(value)).collect();
        let tags = split_list(&self.tags.get(), &[',']);
        CustomerFilter {
            search: text(self.search),
            lifecycle: (!lifecycles.is_empty()).then_some(LifecycleFilter { in_: lifecycles }),
            country: text(self.country).map(|code| StringFilter { in_: vec![code] }),
            region: text(self.region).map(|region| StringFilter { in_: vec![region] }),
            owner_id: text(self.owner).map(|id| id_filter(&id)),
            partner_id: text(self.partner).map(|id| id_filter(&id)),
            tags: (!tags.is_empty())
                .then_some(TagFilter { any_of: Some(tags.iter().map(|tag| tag.to_lowercase()).collect()), all_of: None }),
            archived: Some(self.archived.get()),
            ..Default::default()
        }
    }

    fn variables(&self) -> Variables {
        let order_by = Some(vec![CustomerOrder { field: self.sort.get(), direction: self.direction.get() }]);
        let filter = Some(self.filter());
        match self.cursor.get() {
            Cursor::First => Variables { first: Some(PAGE_SIZE), filter, order_by, ..Default::default() },
            Cursor::After(after) => Variables { first: Some(PAGE_SIZE), after: Some(after), filter, order_by, ..Default::default() },
            Cursor::Before(before) => Variables { last: Some(PAGE_SIZE), before: Some(before), filter, order_by, ..Default::default() },
        }
    }

    /// Back to the first page, after any change of what the list shows.
    fn restart(&self) {
        self.cursor.set(Cursor::First);
        self.offset.set(0);
    }

    fn clear_filters(&self) {
        self.lifecycles.set(BTreeSet::new());
        for text in [self.country, self.region, self.owner, self.partner, self.tags] {
            text.set(String::new());
        }
        self.archived.set(false);
        self.restart();
    }
}

impl Default for ListState {
    fn default() -> Self {
        Self::new()
    }
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

/// The list's state, provided by the app shell (see [`ListState`]).
fn use_list_state() -> ListState {
    expect_context::<ListState>()
}

#[component]
pub fn CustomerListPage() -> impl IntoView {
    let i18n = use_i18n();
    let viewer = use_viewer();
    let state = use_list_state();
    let page = LocalResource::new(move || {
        let variables = state.variables();
        async move { call::<CustomerList>(variables).await }
    });
    let error = Signal::derive(move || page.get().and_then(|result| result.err()));
    mark_first_render(page);

    view! {
        <section class="page customers-page" aria-labelledby="customers-title">
            <div class="page-header">
                <h1 id="customers-title">{move || i18n.t().customers}</h1>
                {viewer
                    .may_create_customers()
                    .then(|| view! { <A href="/customers/new" attr:class="button button-primary">{move || i18n.t().new_customer}</A> })}
            </div>
            <SearchBox state=state />
            <div class="list-tools">
                <Filters state=state staff=viewer.kind == PrincipalKind::Staff />
                <Sorting state=state />
                <ColumnChooser state=state />
            </div>
            <ErrorBox error=error />
            {move || match page.get() {
                None => view! { <p class="loading" aria-live="polite">{i18n.t().loading}</p> }.into_any(),
                Some(Err(_)) => ().into_any(),
                Some(Ok(data)) => view! { <Results state=state data=data.customers /> }.into_any(),
            }}
        </section>
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
fn SearchBox(state: ListState) -> impl IntoView {
    let i18n = use_i18n();
    let (typed, on_input) = live_text(state.search, move || state.restart());
    view! {
        <div class="search" role="search">
            <label for="customer-search" class="visually-hidden">{move || i18n.t().search}</label>
            <input
                id="customer-search"
                type="search"
                autocomplete="off"
                placeholder=move || i18n.t().search_placeholder
                prop:value=move || typed.get()
                on:input=on_input
            />
        </div>
    }
}

#[component]
fn Filters(state: ListState, staff: bool) -> impl IntoView {
    let i18n = use_i18n();
    let options = use_assignment_options(staff);
    let changed = move || state.restart();
    let active = move || {
        let filter = state.filter();
        filter.lifecycle.is_some()
            || filter.country.is_some()
            || filter.region.is_some()
            || filter.owner_id.is_some()
            || filter.partner_id.is_some()
            || filter.tags.is_some()
            || state.archived.get()
    };
    let text_input = move |id: &'static str, label: fn(&Texts) -> &'static str, signal: RwSignal<String>| {
        let (typed, on_input) = live_text(signal, changed);
        view! {
            <div class="field">
                <label for=id>{move || label(i18n.t())}</label>
                <input id=id type="text" prop:value=move || typed.get() on:input=on_input />
            </div>
        }
    };
    let (typed_tags, on_tags_input) = live_text(state.tags, changed);
    let select =
        move |id: &'static str, label: fn(&Texts) -> &'static str, signal: RwSignal<String>, choices: Signal<Vec<(String, String)>>| {
            view! {
                <div class="field">
                    <label for=id>{move || label(i18n.t())}</label>
                    <select
                        id=id
                        prop:value=move || signal.get()
                        on:change=move |ev| {
                            signal.set(event_target_value(&ev));
                            changed();
                        }
                    >
                        <option value="">{move || i18n.t().any}</option>
                        <option value=UNASSIGNED>{move || i18n.t().not_assigned}</option>
                        {move || {
                            let current = signal.get();
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
        let current = state.country.get();
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
            <summary>{move || i18n.t().filters}</summary>
            <div class="filter-grid">
                <fieldset class="field">
                    <legend>{move || i18n.t().lifecycle}</legend>
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
                                        prop:checked=move || state.lifecycles.with(|set| set.contains(value))
                                        on:change=move |ev| {
                                            let on = event_target_checked(&ev);
                                            state.lifecycles.update(|set| {
                                                if on {
                                                    set.insert(value);
                                                } else {
                                                    set.remove(value);
                                                }
                                            });
                                            changed();
                                        }
                                    />
                                    {move || (i18n.t().lifecycle_label)(*lifecycle)}
                                </label>
                            }
                        })
                        .collect_view()}
                </fieldset>
                <div class="field">
                    <label for="filter-country">{move || i18n.t().country}</label>
                    <select
                        id="filter-country"
                        prop:value=move || state.country.get()
                        on:change=move |ev| {
                            state.country.set(event_target_value(&ev));
                            changed();
                        }
                    >
                        <option value="">{move || i18n.t().any}</option>
                        {countries}
                    </select>
                </div>
                {text_input("filter-region", |t| t.region, state.region)}
                {staff.then(|| select("filter-owner", |t| t.owner, state.owner, options.owners))}
                {staff.then(|| select("filter-partner", |t| t.partner, state.partner, options.partners))}
                <div class="field">
                    <label for="filter-tags">{move || i18n.t().tags}</label>
                    <input
                        id="filter-tags"
                        type="text"
                        aria-describedby="filter-tags-hint"
                        prop:value=move || typed_tags.get()
                        on:input=on_tags_input
                    />
                    <small id="filter-tags-hint" class="hint">{move || i18n.t().tags_filter_hint}</small>
                </div>
                <label class="check" for="filter-archived">
                    <input
                        type="checkbox"
                        id="filter-archived"
                        prop:checked=move || state.archived.get()
                        on:change=move |ev| {
                            state.archived.set(event_target_checked(&ev));
                            changed();
                        }
                    />
                    {move || i18n.t().show_archived}
                </label>
                <button type="button" class="button-link" on:click=move |_| state.clear_filters()>
                    {move || i18n.t().clear_filters}
                </button>
            </div>
        </details>
    }
}

/// A text box that applies as the user types, once typing pauses for [`SEARCH_DEBOUNCE_MS`],
/// not on Enter or when the box loses focus: the search and every text filter of the list
/// follow the same rule. Returns what the box shows and its input
/// handler; `applied` is the filter the list reads, and a change to it from elsewhere
/// (clearing the filters) empties the box.
fn live_text(
    applied: RwSignal<String>,
    changed: impl Fn() + Copy + 'static,
) -> (RwSignal<String>, impl Fn(leptos::ev::Event) + Copy + 'static) {
    let typed = RwSignal::new(applied.get_untracked());
    // The last value this box applied: any other value of `applied` came from elsewhere.
    let own = StoredValue::new(applied.get_untracked());
    Effect::new(move |_| {
        let value = applied.get();
        if own.try_with_value(|own| *own != value).unwrap_or(false) {
            typed.set(value);
        }
    });
    let on_input = move |ev: leptos::ev::Event| {
        let text = event_target_value(&ev);
        typed.set(text.clone());
        leptos::task::spawn_local(async move {
            gloo_timers::future::TimeoutFuture::new(SEARCH_DEBOUNCE_MS).await;
            // Only the last keystroke applies; the page may be gone by now.
            if typed.try_get_untracked().as_ref() == Some(&text) && applied.try_get_untracked().is_some_and(|now| now != text) {
                own.set_value(text.clone());
                applied.set(text);
                changed();
            }
        });
    };
    (typed, on_input)
}

#[component]
fn Sorting(state: ListState) -> impl IntoView {
    let i18n = use_i18n();
    let field_label = move |field: CustomerOrderField| match field {
        CustomerOrderField::Name => i18n.t().name,
        CustomerOrderField::CreatedAt => i18n.t().created,
        CustomerOrderField::UpdatedAt => i18n.t().updated,
    };
    view! {
        <div class="sorting">
            <label for="sort-field">{move || i18n.t().sort_by}</label>
            <select
                id="sort-field"
                prop:value=move || state.sort.get().as_api()
                on:change=move |ev| {
                    if let Some(field) = CustomerOrderField::from_api(&event_target_value(&ev)) {
                        state.sort.set(field);
                        state.restart();
                    }
                }
            >
                {CustomerOrderField::ALL
                    .iter()
                    .map(|field| {
                        let field = *field;
                        view! {
                            <option value=field.as_api() selected=move || state.sort.get() == field>
                                {move || field_label(field)}
                            </option>
                        }
                    })
                    .collect_view()}
            </select>
            <label for="sort-direction" class="visually-hidden">{move || i18n.t().sort_by}</label>
            <select
                id="sort-direction"
                prop:value=move || state.direction.get().as_api()
                on:change=move |ev| {
                    if let Some(direction) = OrderDirection::from_api(&event_target_value(&ev)) {
                        state.direction.set(direction);
                        state.restart();
                    }
                }
            >
                <option value="ASC" selected=move || state.direction.get() == OrderDirection::Asc>
                    {move || i18n.t().ascending}
                </option>
                <option value="DESC" selected=move || state.direction.get() == OrderDirection::Desc>
                    {move || i18n.t().descending}
                </option>
            </select>
        </div>
    }
}

#[component]
fn ColumnChooser(state: ListState) -> impl IntoView {
    let i18n = use_i18n();
    let toggle = move |column: Column, on: bool| {
        state.columns.update(|columns| {
            if on {
                columns.insert(column);
            } else {
                columns.remove(&column);
            }
        });
        let text: Vec<&str> = state.columns.get_untracked().iter().map(|column| column.key()).collect();
        if let Ok(Some(storage)) = window().local_storage() {
            let _ = storage.set_item(COLUMNS_KEY, &text.join(","));
        }
    };
    view! {
        <details class="columns">
            <summary>{move || i18n.t().columns}</summary>
            <fieldset>
                <legend class="visually-hidden">{move || i18n.t().columns}</legend>
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
                                    prop:checked=move || state.columns.with(|columns| columns.contains(&column))
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
fn Results(state: ListState, data: crate::api::ops::customer_list::CustomerListCustomers) -> impl IntoView {
    let i18n = use_i18n();
    let total = data.total_count;
    let rows = data.nodes;
    let info = data.page_info;
    let shown = rows.len() as i64;
    let offset = state.offset.get_untracked();
    if rows.is_empty() {
        return view! { <p class="empty" role="status">{move || i18n.t().no_customers}</p> }.into_any();
    }
    let (end_cursor, start_cursor) = (info.end_cursor.clone(), info.start_cursor.clone());
    let next = move |_| {
        if let Some(cursor) = end_cursor.clone() {
            state.offset.update(|offset| *offset += shown);
            state.cursor.set(Cursor::After(cursor));
        }
    };
    let previous = move |_| {
        if let Some(cursor) = start_cursor.clone() {
            state.offset.update(|offset| *offset = (*offset - PAGE_SIZE).max(0));
            state.cursor.set(Cursor::Before(cursor));
        }
    };
    let has_previous = info.has_previous_page && offset > 0;
    let rows = rows.into_iter().map(|row| view! { <Row state=state row=row /> }).collect_view();
    view! {
        <p class="count" role="status">
            {move || {
                let tag = i18n.tag();
                let t = i18n.t();
                format!(
                    "{} · {}",
                    (t.customers_count)(total, &format::integer(tag, total)),
                    (t.page_of)((offset + 1) as usize, (offset + shown) as usize),
                )
            }}
        </p>
        <div class="table-wrap">
            <table class="customers">
                <thead>
                    <tr>
                        <th scope="col">{move || i18n.t().name}</th>
                        {move || {
                            state
                                .columns
                                .get()
                                .into_iter()
                                .map(|column| view! { <th scope="col">{move || column.title(i18n.t())}</th> })
                                .collect_view()
                        }}
                    </tr>
                </thead>
                <tbody>{rows}</tbody>
            </table>
        </div>
        <nav class="pager" aria-label=move || i18n.t().customers>
            <button type="button" on:click=previous disabled=!has_previous>{move || i18n.t().previous}</button>
            <button type="button" id="next-page" on:click=next disabled=!info.has_next_page>{move || i18n.t().next}</button>
        </nav>
    }
    .into_any()
}

#[component]
fn Row(state: ListState, row: CustomerListCustomersNodes) -> impl IntoView {
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
    view! {
        <tr>
            <th scope="row">
                <A href=href>{row.name.clone()}</A>
            </th>
            {move || {
                state
                    .columns
                    .get()
                    .into_iter()
                    .map(|column| view! { <td data-label=move || column.title(i18n.t())>{move || cell.with_value(|cell| cell(column))}</td> })
                    .collect_view()
            }}
        </tr>
    }
}
