//! The opportunity list: search, stage and status filters, sorting and keyset paging (one
//! page of 50 rows at a time, like the customer list). `?stage=PROPOSAL` opens it filtered
//! to one stage (the "all in the list" link of a board column).

use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_query_map;

use crate::api::call;
use crate::api::ops::opportunity_list::{
    OpportunityFilter, OpportunityListOpportunities, OpportunityListOpportunitiesNodes, OpportunityOrder, OpportunityStageFilter,
    RegistrationFilter, Variables,
};
use crate::api::ops::{OpportunityList, OpportunityOrderField, OpportunityStage, OrderDirection, PrincipalKind, Registration};
use crate::app::use_viewer;
use crate::components::{non_empty, ErrorBox};
use crate::format;
use crate::i18n::{use_i18n, Texts};
use crate::pages::pipeline::{may_create, ViewSwitch};

const PAGE_SIZE: i64 = 50;
const SEARCH_DEBOUNCE_MS: u32 = 250;

/// Which page of the current list is shown.
#[derive(Clone, Debug, PartialEq)]
enum Cursor {
    First,
    After(String),
    Before(String),
}

#[derive(Clone, Copy)]
struct ListState {
    search_text: RwSignal<String>,
    search: RwSignal<String>,
    stage: RwSignal<String>,
    /// "", "open" or "closed".
    status: RwSignal<String>,
    registration: RwSignal<String>,
    sort: RwSignal<OpportunityOrderField>,
    direction: RwSignal<OrderDirection>,
    cursor: RwSignal<Cursor>,
    offset: RwSignal<i64>,
}

impl ListState {
    fn new(stage: String) -> Self {
        ListState {
            search_text: RwSignal::new(String::new()),
            search: RwSignal::new(String::new()),
            stage: RwSignal::new(stage),
            status: RwSignal::new(String::new()),
            registration: RwSignal::new(String::new()),
            sort: RwSignal::new(OpportunityOrderField::ExpectedCloseDate),
            direction: RwSignal::new(OrderDirection::Asc),
            cursor: RwSignal::new(Cursor::First),
            offset: RwSignal::new(0),
        }
    }

    fn filter(&self) -> OpportunityFilter {
        OpportunityFilter {
            search: non_empty(self.search.get()),
            stage: OpportunityStage::from_api(&self.stage.get()).map(|stage| OpportunityStageFilter { in_: vec![stage] }),
            open: match self.status.get().as_str() {
                "open" => Some(true),
                "closed" => Some(false),
                _ => None,
            },
            registration: Registration::from_api(&self.registration.get()).map(|r| RegistrationFilter { in_: vec![r] }),
            ..Default::default()
        }
    }

    fn variables(&self) -> Variables {
        let order_by = Some(vec![OpportunityOrder { field: self.sort.get(), direction: self.direction.get() }]);
        let filter = Some(self.filter());
        match self.cursor.get() {
            Cursor::First => Variables { first: Some(PAGE_SIZE), filter, order_by, ..Default::default() },
            Cursor::After(after) => Variables { first: Some(PAGE_SIZE), after: Some(after), filter, order_by, ..Default::default() },
            Cursor::Before(before) => Variables { last: Some(PAGE_SIZE), before: Some(before), filter, order_by, ..Default::default() },
        }
    }

    fn restart(&self) {
        self.cursor.set(Cursor::First);
        self.offset.set(0);
    }
}

#[component]
pub fn OpportunityListPage() -> impl IntoView {
    let i18n = use_i18n();
    let viewer = use_viewer();
    let staff = viewer.kind == PrincipalKind::Staff;
    let query = use_query_map();
    let stage = query.with_untracked(|query| query.get("stage")).filter(|stage| OpportunityStage::from_api(stage).is_some());
    let state = ListState::new(stage.unwrap_or_default());
    let page = LocalResource::new(move || {
        let variables = state.variables();
        async move { call::<OpportunityList>(variables).await }
    });
    let error = Signal::derive(move || page.get().and_then(|result| result.err()));
    let title = move || if staff { i18n.t().sales.opportunities } else { i18n.t().sales.deals };
    let new_label = move || if staff { i18n.t().sales.new_opportunity } else { i18n.t().sales.register_deal };
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
            <Tools state=state />
            <ErrorBox error=error />
            {move || match page.get() {
                None => view! { <p class="loading" aria-live="polite">{i18n.t().loading}</p> }.into_any(),
                Some(Err(_)) => ().into_any(),
                Some(Ok(data)) => view! { <Results state=state data=data.opportunities /> }.into_any(),
            }}
        </section>
    }
}

#[component]
fn Tools(state: ListState) -> impl IntoView {
    let i18n = use_i18n();
    let on_search = move |ev| {
        let text = event_target_value(&ev);
        state.search_text.set(text.clone());
        leptos::task::spawn_local(async move {
            gloo_timers::future::TimeoutFuture::new(SEARCH_DEBOUNCE_MS).await;
            if state.search_text.get_untracked() == text && state.search.get_untracked() != text {
                state.search.set(text);
                state.restart();
            }
        });
    };
    let select = move |id: &'static str,
                       label: fn(&Texts) -> &'static str,
                       signal: RwSignal<String>,
                       choices: fn(&Texts) -> Vec<(String, String)>| {
        view! {
            <div class="field">
                <label for=id>{move || label(i18n.t())}</label>
                <select
                    id=id
                    prop:value=move || signal.get()
                    on:change=move |ev| {
                        signal.set(event_target_value(&ev));
                        state.restart();
                    }
                >
                    {move || {
                        let current = signal.get();
                        choices(i18n.t())
                            .into_iter()
                            .map(|(value, text)| {
                                let selected = value == current;
                                view! { <option value=value selected=selected>{text}</option> }
                            })
                            .collect_view()
                    }}
                </select>
            </div>
        }
    };
    let stages = |t: &Texts| {
        let mut options = vec![(String::new(), t.any.to_owned())];
        options.extend(OpportunityStage::ALL.iter().map(|stage| (stage.as_api().to_owned(), (t.sales.stage_label)(*stage).to_owned())));
        options
    };
    let statuses = |t: &Texts| {
        vec![
            (String::new(), t.sales.open_or_closed.to_owned()),
            ("open".to_owned(), t.sales.open_only.to_owned()),
            ("closed".to_owned(), t.sales.closed_only.to_owned()),
        ]
    };
    let registrations = |t: &Texts| {
        let mut options = vec![(String::new(), t.sales.registration_default.to_owned())];
        options.extend(Registration::ALL.iter().map(|r| (r.as_api().to_owned(), (t.sales.registration_label)(*r).to_owned())));
        options
    };
    let field_label = move |field: OpportunityOrderField| {
        let t = i18n.t();
        match field {
            OpportunityOrderField::Name => t.name,
            OpportunityOrderField::ExpectedCloseDate => t.sales.expected_close,
            OpportunityOrderField::Amount => t.sales.amount,
            OpportunityOrderField::CreatedAt => t.created,
            OpportunityOrderField::UpdatedAt => t.updated,
        }
    };
    view! {
        <div class="search" role="search">
            <label for="opportunity-search" class="visually-hidden">{move || i18n.t().search}</label>
            <input
                id="opportunity-search"
                type="search"
                autocomplete="off"
                placeholder=move || i18n.t().sales.search_opportunities
                prop:value=move || state.search_text.get()
                on:input=on_search
            />
        </div>
        <div class="list-tools opportunity-tools">
            {select("filter-stage", |t| t.sales.stage, state.stage, stages)}
            {select("filter-open", |t| t.sales.open_or_closed, state.status, statuses)}
            {select("filter-registration", |t| t.sales.registration, state.registration, registrations)}
            <div class="sorting">
                <label for="sort-field">{move || i18n.t().sort_by}</label>
                <select
                    id="sort-field"
                    prop:value=move || state.sort.get().as_api()
                    on:change=move |ev| {
                        if let Some(field) = OpportunityOrderField::from_api(&event_target_value(&ev)) {
                            state.sort.set(field);
                            state.restart();
                        }
                    }
                >
                    {OpportunityOrderField::ALL
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
        </div>
    }
}

#[component]
fn Results(state: ListState, data: OpportunityListOpportunities) -> impl IntoView {
    let i18n = use_i18n();
    let total = data.total_count;
    let info = data.page_info;
    let shown = data.nodes.len() as i64;
    let offset = state.offset.get_untracked();
    if data.nodes.is_empty() {
        return view! { <p class="empty" role="status">{move || i18n.t().sales.no_opportunities}</p> }.into_any();
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
    let rows = data.nodes.into_iter().map(|row| view! { <Row row=row /> }).collect_view();
    view! {
        <p class="count" role="status">
            {move || {
                let t = i18n.t();
                format!(
                    "{} · {}",
                    (t.sales.opportunities_count)(total, &format::integer(i18n.tag(), total)),
                    (t.page_of)((offset + 1) as usize, (offset + shown) as usize),
                )
            }}
        </p>
        <div class="table-wrap">
            <table class="opportunities">
                <thead>
                    <tr>
                        <th scope="col">{move || i18n.t().name}</th>
                        <th scope="col">{move || i18n.t().customer}</th>
                        <th scope="col">{move || i18n.t().sales.stage}</th>
                        <th scope="col">{move || i18n.t().sales.amount}</th>
                        <th scope="col">{move || i18n.t().sales.expected_close}</th>
                        <th scope="col">{move || i18n.t().owner}</th>
                        <th scope="col">{move || i18n.t().partner}</th>
                    </tr>
                </thead>
                <tbody>{rows}</tbody>
            </table>
        </div>
        <nav class="pager" aria-label=move || i18n.t().sales.opportunities>
            <button type="button" on:click=previous disabled=!has_previous>{move || i18n.t().previous}</button>
            <button type="button" id="next-page" on:click=next disabled=!info.has_next_page>{move || i18n.t().next}</button>
        </nav>
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
    let none = move || i18n.t().none.to_owned();
    view! {
        <tr data-stage=stage.as_api()>
            <th scope="row">
                <A href=href>{row.name.clone()}</A>
            </th>
            <td data-label=move || i18n.t().customer>
                {match row.customer.clone() {
                    Some(customer) => view! { <A href=format!("/customers/{}", customer.id)>{customer.name}</A> }.into_any(),
                    None => view! { <span>{move || i18n.t().sales.customer_hidden}</span> }.into_any(),
                }}
            </td>
            <td data-label=move || i18n.t().sales.stage>
                {move || (i18n.t().sales.stage_label)(stage)}
                {registration
                    .map(|registration| {
                        view! {
                            " "
                            <span class="badge" data-registration=registration.as_api()>
                                {move || (i18n.t().sales.registration_label)(registration)}
                            </span>
                        }
                    })}
            </td>
            <td data-label=move || i18n.t().sales.amount class="number">{move || format::money(i18n.tag(), &amount.amount, &amount.currency)}</td>
            <td data-label=move || i18n.t().sales.expected_close>{move || format::calendar_date(i18n.tag(), &close)}</td>
            <td data-label=move || i18n.t().owner>{row.owner.as_ref().map(|owner| owner.display_name.clone()).unwrap_or_else(none)}</td>
            <td data-label=move || i18n.t().partner>{row.partner.as_ref().map(|partner| partner.name.clone()).unwrap_or_else(none)}</td>
        </tr>
    }
}
