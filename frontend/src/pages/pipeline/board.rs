//! The pipeline board: one column per stage with its totals, the first cards of each
//! column, and moves by drag and drop or by each card's "Move to" list.
//!
//! One request loads the whole board (`pipelineBoard`: stages, totals, and each column's first
//! [`CARDS_PER_COLUMN`] cards); after a move the board loads again, so totals and columns
//! always agree with the server.

use leptos::prelude::*;
use leptos_router::components::A;
use wasm_bindgen::JsCast;

use crate::api::ops::pipeline_board::{
    BoardCard, DateFilter, IdFilter, OpportunityFilter, PipelineBoardPipelineBoard as BoardColumn, ResponseData, Variables,
};
use crate::api::ops::{OpportunityStage, PipelineBoard, PrincipalKind, Registration};
use crate::api::{call, ApiError};
use crate::app::use_viewer;
use crate::components::{non_empty, unclaimed_error, ErrorBox};
use crate::date_input::DateInput;
use crate::format;
use crate::i18n::{tr, use_i18n, I18n, Texts};
use crate::list_kit::{History, ListQuery, ListUrl, Params};
use crate::pages::customers::options::use_assignment_options;
use crate::pages::pipeline::list::is_date;
use crate::pages::pipeline::{is_stale, may_create, move_to, LostReasonForm, ViewSwitch};

const CARDS_PER_COLUMN: i64 = 50;
/// The closed deals the board shows unless asked for more: those closed in the last 90 days.
const CLOSED_WITHIN_DAYS: &str = "90";
/// The periods of closed deals to choose from, in days ("" for all of them).
const CLOSED_PERIODS: [&str; 4] = ["30", "90", "365", ""];

/// The board's filters, kept in the URL like a list's (a reload keeps them, a filtered board
/// is a link to share).
#[derive(Clone, Debug, PartialEq)]
struct BoardQuery {
    owner: String,
    partner: String,
    close_from: String,
    close_to: String,
    /// Closed deals of the last this many days ("" for all).
    closed_within: String,
}

impl Default for BoardQuery {
    fn default() -> Self {
        BoardQuery {
            owner: String::new(),
            partner: String::new(),
            close_from: String::new(),
            close_to: String::new(),
            closed_within: CLOSED_WITHIN_DAYS.to_owned(),
        }
    }
}

impl ListQuery for BoardQuery {
    fn read(params: &Params) -> Self {
        let date = |value: String| if is_date(&value) { value } else { String::new() };
        let closed = params.text("closed");
        BoardQuery {
            owner: params.text("owner"),
            partner: params.text("partner"),
            close_from: date(params.text("close_from")),
            close_to: date(params.text("close_to")),
            // `closed=all`: every closed deal; absent or unknown: the default period.
            closed_within: match closed.as_str() {
                "all" => String::new(),
                days if CLOSED_PERIODS.contains(&days) && !days.is_empty() => days.to_owned(),
                _ => CLOSED_WITHIN_DAYS.to_owned(),
            },
        }
    }

    fn write(&self, params: &mut Params) {
        params.set_text("owner", &self.owner);
        params.set_text("partner", &self.partner);
        params.set_text("close_from", &self.close_from);
        params.set_text("close_to", &self.close_to);
        let closed = match self.closed_within.as_str() {
            CLOSED_WITHIN_DAYS => "",
            "" => "all",
            days => days,
        };
        params.set_text("closed", closed);
    }
}

impl BoardQuery {
    /// The API filter of these choices.
    fn filter(&self) -> OpportunityFilter {
        let id = |value: &str| non_empty(value.to_owned()).map(|id| IdFilter { in_: Some(vec![id]), is_null: None });
        let (gte, lte) = (non_empty(self.close_from.clone()), non_empty(self.close_to.clone()));
        OpportunityFilter {
            owner_id: id(&self.owner),
            partner_id: id(&self.partner),
            expected_close_date: (gte.is_some() || lte.is_some()).then_some(DateFilter { gte, lte }),
            closed_since: self.closed_within.parse::<i32>().ok().map(format::days_ago),
            ..Default::default()
        }
    }

    fn variables(&self) -> Variables {
        Variables { filter: Some(self.filter()), cards_per_column: CARDS_PER_COLUMN }
    }
}

type Filters = ListUrl<BoardQuery>;

/// A card being moved: what the move needs.
#[derive(Clone, Debug, PartialEq)]
struct Moving {
    id: String,
    version: i64,
    name: String,
    stage: OpportunityStage,
}

impl Moving {
    fn of(card: &BoardCard) -> Self {
        Moving { id: card.id.clone(), version: card.version, name: card.name.clone(), stage: card.stage }
    }
}

/// What the board shares with its columns and cards.
#[derive(Clone, Copy)]
struct Board {
    /// The card being dragged.
    dragging: RwSignal<Option<Moving>>,
    /// A move to CLOSED_LOST waiting for its reason.
    losing: RwSignal<Option<Moving>>,
    error: RwSignal<Option<ApiError>>,
    /// Where moves are announced to screen readers.
    status: RwSignal<String>,
    busy: RwSignal<bool>,
    reload: Callback<()>,
    i18n: I18n,
}

impl Board {
    /// Moves `card` to `stage`; a move to CLOSED_LOST asks for the reason first.
    fn request(&self, card: Moving, stage: OpportunityStage) {
        if card.stage == stage {
            return;
        }
        self.error.set(None);
        if stage == OpportunityStage::ClosedLost {
            self.losing.set(Some(card));
            return;
        }
        self.send(card, stage, None);
    }

    fn send(&self, card: Moving, stage: OpportunityStage, lost_reason: Option<String>) {
        let board = *self;
        board.busy.set(true);
        leptos::task::spawn_local(async move {
            let result = move_to(card.id, card.version, stage, lost_reason).await;
            board.busy.set(false);
            match result {
                Ok(()) => {
                    board.losing.set(None);
                    let t = board.i18n.locale.get_untracked().texts();
                    board.status.set((t.sales().moved_to)((t.sales_labels.stage_label)(stage)));
                    board.reload.run(());
                }
                Err(err) => board.error.set(Some(err)),
            }
        });
    }
}

#[component]
pub fn PipelineBoardPage() -> impl IntoView {
    let i18n = use_i18n();
    let viewer = use_viewer();
    let staff = viewer.kind == PrincipalKind::Staff;
    let filters = Filters::new("/pipeline");
    let board = LocalResource::new(move || {
        let variables = filters.query().variables();
        async move { call::<PipelineBoard>(variables).await }
    });
    let shared = Board {
        dragging: RwSignal::new(None),
        losing: RwSignal::new(None),
        error: RwSignal::new(None),
        status: RwSignal::new(String::new()),
        busy: RwSignal::new(false),
        reload: Callback::new(move |()| board.refetch()),
        i18n,
    };
    let title = move || if staff { i18n.t().sales().pipeline } else { i18n.t().sales().deals };
    let new_label = move || if staff { i18n.t().sales().new_opportunity } else { i18n.t().sales().register_deal };
    let reload = move |_| {
        shared.error.set(None);
        shared.losing.set(None);
        board.refetch();
    };
    view! {
        <section class="page pipeline-page" aria-labelledby="pipeline-title">
            <div class="page-header">
                <h1 id="pipeline-title">{title}</h1>
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
            <BoardFilters filters=filters staff=staff />
            <p class="hint" id="board-hint">{tr(|t| t.sales().board_hint)}</p>
            <p class="visually-hidden" role="status" aria-live="polite">{move || shared.status.get()}</p>
            <ErrorBox error=Signal::derive(move || unclaimed_error(shared.error.get(), &["lostReason"])) />
            {move || {
                is_stale(&shared.error.get())
                    .then(|| {
                        view! {
                            <button type="button" id="reload-board" on:click=reload>
                                {i18n.t().reload}
                            </button>
                        }
                    })
            }}
            {move || {
                shared
                    .losing
                    .get()
                    .map(|card| {
                        let name = card.name.clone();
                        let field_error = Signal::derive(move || shared.error.get().filter(|error| error.is_about("lostReason")));
                        view! {
                            <LostReasonForm
                                name=name
                                error=field_error
                                busy=shared.busy
                                on_submit=Callback::new(move |reason| shared.send(card.clone(), OpportunityStage::ClosedLost, reason))
                                on_cancel=Callback::new(move |()| {
                                    shared.losing.set(None);
                                    shared.error.set(None);
                                })
                            />
                        }
                    })
            }}
            {move || match board.get() {
                None => view! { <p class="loading" aria-live="polite">{i18n.t().loading}</p> }.into_any(),
                Some(Err(error)) => view! { <ErrorBox error=Signal::derive(move || Some(error.clone())) /> }.into_any(),
                Some(Ok(data)) => view! { <Columns data=data board=shared /> }.into_any(),
            }}
        </section>
    }
}

#[component]
fn BoardFilters(filters: Filters, staff: bool) -> impl IntoView {
    let i18n = use_i18n();
    let options = use_assignment_options(staff);
    let select = move |id: &'static str,
                       label: fn(&crate::i18n::Texts) -> &'static str,
                       get: fn(&BoardQuery) -> &String,
                       set: fn(&mut BoardQuery, String),
                       choices: Signal<Vec<(String, String)>>| {
        view! {
            <div class="field">
                <label for=id>{move || label(i18n.t())}</label>
                <select
                    id=id
                    prop:value=move || get(&filters.query()).clone()
                    on:change=move |ev| filters.update(|query| set(query, event_target_value(&ev)), History::Push)
                >
                    <option value="">{tr(|t| t.any)}</option>
                    {move || {
                        let current = get(&filters.query()).clone();
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
    let date = move |id: &'static str,
                     label: fn(&crate::i18n::Texts) -> &'static str,
                     get: fn(&BoardQuery) -> &String,
                     set: fn(&mut BoardQuery, String)| {
        view! {
            <div class="field">
                <label for=id>{move || label(i18n.t())}</label>
                <DateInput
                    id=id.to_owned()
                    value=Signal::derive(move || get(&filters.query()).clone())
                    on_change=Callback::new(move |date| filters.update(|query| set(query, date), History::Push))
                />
            </div>
        }
    };
    view! {
        <div class="board-filters" role="group" aria-label=move || i18n.t().filters>
            {staff.then(|| select("board-owner", |t| t.owner, |q| &q.owner, |q, v| q.owner = v, options.owners))}
            {staff.then(|| select("board-partner", |t| t.partner, |q| &q.partner, |q, v| q.partner = v, options.partners))}
            {date("board-close-from", |t| t.sales().close_from, |q| &q.close_from, |q, v| q.close_from = v)}
            {date("board-close-to", |t| t.sales().close_to, |q| &q.close_to, |q, v| q.close_to = v)}
            <div class="field">
                <label for="board-closed-within">{tr(|t| t.sales().closed_deals)}</label>
                <select
                    id="board-closed-within"
                    prop:value=move || filters.query().closed_within
                    on:change=move |ev| filters.update(|query| query.closed_within = event_target_value(&ev), History::Push)
                >
                    {move || {
                        let t = i18n.t();
                        CLOSED_PERIODS
                            .into_iter()
                            .map(|days| {
                                let label = match days.parse::<i64>() {
                                    Ok(days) => (t.sales().closed_within)(days),
                                    Err(_) => t.sales().closed_any_time.to_owned(),
                                };
                                view! { <option value=days selected=days == filters.query_untracked().closed_within>{label}</option> }
                            })
                            .collect_view()
                    }}
                </select>
            </div>
        </div>
    }
}

#[component]
fn Columns(data: ResponseData, board: Board) -> impl IntoView {
    let mut columns = data.pipeline_board;
    columns.sort_by_key(|column| column.stage.position);
    let columns = columns.into_iter().map(|column| view! { <Column column=column board=board /> }).collect_view();
    view! { <div class="board" aria-describedby="board-hint">{columns}</div> }
}

/// A column's total in the corporate currency with the originals beside it, or "—" for an
/// empty column.
fn column_total(tag: &str, t: &Texts, total: &(String, String), originals: &[(String, String)]) -> String {
    if originals.is_empty() {
        return t.none.to_owned();
    }
    format::converted(tag, (&total.0, &total.1), originals, t.from_originals)
}

#[component]
fn Column(column: BoardColumn, board: Board) -> impl IntoView {
    let i18n = use_i18n();
    let stage = column.stage.stage;
    let title_id = format!("column-{}", stage.as_api());
    let labelled_by = title_id.clone();
    let over = RwSignal::new(false);
    let totals = column.totals;
    let count = totals.count;
    // Totals in the corporate currency, the originals beside them when another is involved.
    let amounts: Vec<(String, String)> = totals.amount.iter().map(|m| (m.amount.clone(), m.currency.clone())).collect();
    let weighted: Vec<(String, String)> = totals.weighted_amount.iter().map(|m| (m.amount.clone(), m.currency.clone())).collect();
    let amount_total = (totals.amount_total.total.amount.clone(), totals.amount_total.total.currency.clone());
    let weighted_total = (totals.weighted_amount_total.total.amount.clone(), totals.weighted_amount_total.total.currency.clone());
    let mut unconverted = totals.amount_total.unconverted_currencies.clone();
    unconverted.extend(totals.weighted_amount_total.unconverted_currencies.iter().cloned());
    unconverted.sort();
    unconverted.dedup();
    let unconverted = unconverted.join(", ");
    let amount_attr = amount_total.0.clone();
    let shown = column.cards.len() as i64;
    let more = (count > shown).then(|| format!("/opportunities?stage={}", stage.as_api()));
    let cards = column.cards.into_iter().map(|card| view! { <Card card=card board=board /> }).collect_view();
    let on_drop = move |ev: leptos::ev::DragEvent| {
        ev.prevent_default();
        over.set(false);
        if let Some(card) = board.dragging.get_untracked() {
            board.dragging.set(None);
            board.request(card, stage);
        }
    };
    view! {
        <section
            class="board-column"
            class:drop-target=move || over.get()
            data-stage=stage.as_api()
            aria-labelledby=labelled_by
            on:dragover=move |ev: leptos::ev::DragEvent| {
                if board.dragging.with_untracked(Option::is_some) {
                    ev.prevent_default();
                    if let Some(transfer) = ev.data_transfer() {
                        transfer.set_drop_effect("move");
                    }
                    over.set(true);
                }
            }
            on:dragleave=move |_| over.set(false)
            on:drop=on_drop
        >
            <header class="column-header">
                <div class="column-title">
                    <h2 id=title_id>{move || (i18n.t().sales_labels.stage_label)(stage)}</h2>
                    <span class="column-count" data-count=count>
                        {move || (i18n.t().sales().stage_totals)(count, &format::integer(i18n.tag(), count))}
                    </span>
                </div>
                <p class="column-totals">
                    <span class="column-amount" data-amount=amount_attr>
                        {move || column_total(i18n.tag(), i18n.t(), &amount_total, &amounts)}
                    </span>
                    <span class="column-weighted">
                        {move || format!("{}: {}", i18n.t().sales().weighted, column_total(i18n.tag(), i18n.t(), &weighted_total, &weighted))}
                    </span>
                    {(!unconverted.is_empty()).then(|| view! {
                        <span class="column-unconverted">{move || (i18n.of::<crate::i18n::metrics::Texts>().unconverted)(&unconverted)}</span>
                    })}
                </p>
            </header>
            <ul class="cards">{cards}</ul>
            {more
                .map(|href| {
                    view! {
                        <A href=href attr:class="column-more">
                            {move || (i18n.t().sales().show_in_list)(count)}
                        </A>
                    }
                })}
        </section>
    }
}

/// The tooltip of a card's line of facts: its customer and owner in full.
fn facts_title(customer: &str, owner: &str) -> String {
    [customer, owner].into_iter().filter(|part| !part.is_empty()).collect::<Vec<_>>().join(" · ")
}

/// A compact card (two lines: name with its flags and the "Move to" list; amount, close date,
/// customer and owner), so that a column shows at least eight at 1280×800.
#[component]
fn Card(card: BoardCard, board: Board) -> impl IntoView {
    let i18n = use_i18n();
    let moving = Moving::of(&card);
    let href = format!("/opportunities/{}", card.id);
    let select_id = format!("move-{}", card.id);
    // A deal registration moves once approved.
    let editable = card.viewer_can_edit && card.registration.is_none_or(|r| r == Registration::Approved);
    let current = card.stage;
    let amount = card.amount.clone();
    let close = card.expected_close_date.clone();
    let closed = matches!(current, OpportunityStage::ClosedWon | OpportunityStage::ClosedLost);
    let overdue = !closed && format::is_overdue(&close, &format::local_date(0));
    let customer = card.customer.as_ref().map(|customer| customer.name.clone());
    let owner = card.owner.as_ref().map(|owner| owner.display_name.clone());
    let registration = card.registration.filter(|r| *r != Registration::Approved);
    let name_for_label = card.name.clone();
    let (title, name) = (card.name.clone(), card.name.clone());
    let (customer_title, owner_title) = (customer.clone().unwrap_or_default(), owner.clone().unwrap_or_default());
    let drag_card = moving.clone();
    let on_dragstart = move |ev: leptos::ev::DragEvent| {
        if let Some(transfer) = ev.data_transfer() {
            let _ = transfer.set_data("text/plain", &drag_card.id);
            transfer.set_effect_allowed("move");
        }
        board.dragging.set(Some(drag_card.clone()));
    };
    let on_change = move |ev: leptos::ev::Event| {
        let chosen = OpportunityStage::from_api(&event_target_value(&ev));
        // The list keeps showing the card's stage until the board reloads after the move.
        if let Some(select) = ev.target().and_then(|target| target.dyn_into::<web_sys::HtmlSelectElement>().ok()) {
            select.set_value(current.as_api());
        }
        if let Some(stage) = chosen {
            board.request(moving.clone(), stage);
        }
    };
    view! {
        <li
            class="opportunity-card"
            data-id=card.id.clone()
            data-stage=current.as_api()
            data-close=card.expected_close_date.clone()
            data-overdue=overdue.to_string()
            draggable=if editable { "true" } else { "false" }
            on:dragstart=on_dragstart
            on:dragend=move |_| board.dragging.set(None)
        >
            <div class="card-top">
                <A href=href attr:class="card-name" attr:title=title>{name}</A>
                {registration
                    .map(|registration| {
                        view! {
                            <span class="badge" data-registration=registration.as_api()>
                                {move || (i18n.t().sales().registration_label)(registration)}
                            </span>
                        }
                    })}
                {overdue.then(|| view! { <span class="badge badge-warning overdue">{tr(|t| t.sales_labels.overdue)}</span> })}
            </div>
            {editable
                .then(|| {
                    view! {
                        <div class="card-move">
                            <label class="visually-hidden" for=select_id.clone()>
                                {move || format!("{} {}", i18n.t().sales().move_to, name_for_label)}
                            </label>
                            <select id=select_id class="move-select" on:change=on_change disabled=move || board.busy.get()>
                                {OpportunityStage::ALL
                                    .iter()
                                    .map(|stage| {
                                        let stage = *stage;
                                        view! {
                                            <option value=stage.as_api() selected=stage == current>
                                                {move || (i18n.t().sales_labels.stage_label)(stage)}
                                            </option>
                                        }
                                    })
                                    .collect_view()}
                            </select>
                        </div>
                    }
                })}
            // One line of facts: amount, expected close, customer and owner (each in full in
            // the line's tooltip when the column is too narrow for it).
            <p class="card-line" title=move || facts_title(&customer_title, &owner_title)>
                <span class="card-amount">{move || format::money(i18n.tag(), &amount.amount, &amount.currency)}</span>
                " · "
                <time class="card-close" datetime=close.clone()>{
                    let close = close.clone();
                    move || format::calendar_date(i18n.tag(), &close)
                }</time>
                " · "
                <span class="card-customer">
                    {
                        let customer = customer.clone();
                        move || customer.clone().unwrap_or_else(|| i18n.t().sales().customer_hidden.to_owned())
                    }
                </span>
                " · "
                <span class="card-owner">
                    {
                        let owner = owner.clone();
                        move || owner.clone().unwrap_or_else(|| i18n.t().not_assigned.to_owned())
                    }
                </span>
            </p>
        </li>
    }
}
