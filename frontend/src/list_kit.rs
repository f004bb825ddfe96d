//! One kit for every keyset list: what the list shows lives in the URL's query, so a reload
//! keeps it, back and forward step through it, and a filtered list is a link to share.
//!
//! A list declares its filters, sort and search as a [`ListQuery`] (read from and written to
//! the query string, leaving defaults out); [`ListUrl`] reads it and the page being shown
//! (`after`/`before` cursor and `skip`, the rows before it) from the URL and navigates on a
//! change. The pieces a list screen shows around its rows are here too: the debounced
//! [`SearchBox`] and [`live_text`] for text filters, [`FilterSelect`] and [`CheckFilter`] for
//! the others, [`SortControls`], the [`ListCount`] line and the [`Pager`].
//! Only one page (50 rows) is ever loaded, whatever the size of the database: page 2,000
//! costs what page 1 costs.
//!
//! The rows are a `<table class="list …">` whose every cell has a `data-label`, the name of
//! its column: on a phone (`style.css`) each row reads as a card, a line per cell, each with
//! its column's name. A cell that holds only a control with its own accessible name (a tick
//! box, the row's buttons) may go without.

use std::collections::HashMap;
use std::rc::Rc;

use leptos::prelude::*;
use leptos_router::hooks::{use_location, use_navigate, use_query_map};
use leptos_router::params::ParamsMap;
use leptos_router::NavigateOptions;

use crate::api::ops::OrderDirection;
use crate::components::option_list;
use crate::format;
use crate::i18n::{tr, use_i18n, Texts};

/// Rows per page of every list.
pub const PAGE_SIZE: i64 = 50;
/// Pause after the last keystroke before a typed filter applies, so typing a name costs one
/// request.
pub const TYPING_PAUSE_MS: u32 = 250;

/// The query keys of the page shown; a list's own keys must differ from these.
const AFTER: &str = "after";
const BEFORE: &str = "before";
const SKIP: &str = "skip";
/// All of them: what a saved view leaves out of a list's URL.
pub const PAGING_KEYS: [&str; 3] = [AFTER, BEFORE, SKIP];

/// Which page of the list is shown: the API's opaque cursor, and how many rows come before
/// it (for "51–100 of 1,234").
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Page {
    pub cursor: Cursor,
    pub offset: i64,
}

#[derive(Clone, Debug, Default, PartialEq)]
pub enum Cursor {
    #[default]
    First,
    After(String),
    Before(String),
}

/// A page as a connection's arguments.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct PageArgs {
    pub first: Option<i64>,
    pub after: Option<String>,
    pub last: Option<i64>,
    pub before: Option<String>,
}

impl Page {
    pub fn args(&self) -> PageArgs {
        match &self.cursor {
            Cursor::First => PageArgs { first: Some(PAGE_SIZE), ..Default::default() },
            Cursor::After(after) => PageArgs { first: Some(PAGE_SIZE), after: Some(after.clone()), ..Default::default() },
            Cursor::Before(before) => PageArgs { last: Some(PAGE_SIZE), before: Some(before.clone()), ..Default::default() },
        }
    }

    fn read(params: &Params) -> Page {
        let offset = params.text(SKIP).parse::<i64>().unwrap_or(0).max(0);
        let cursor = match (params.text(AFTER), params.text(BEFORE)) {
            (after, _) if !after.is_empty() => Cursor::After(after),
            (_, before) if !before.is_empty() => Cursor::Before(before),
            _ => return Page::default(),
        };
        Page { cursor, offset }
    }

    fn write(&self, params: &mut Params) {
        match &self.cursor {
            Cursor::First => return,
            Cursor::After(after) => params.set_text(AFTER, after),
            Cursor::Before(before) => params.set_text(BEFORE, before),
        }
        if self.offset > 0 {
            params.set_text(SKIP, &self.offset.to_string());
        }
    }
}

/// A connection's page info, the same for every list.
#[derive(Clone, Debug, PartialEq)]
pub struct PageInfo {
    pub has_next: bool,
    pub has_previous: bool,
    pub start: Option<String>,
    pub end: Option<String>,
}

/// The kit's [`PageInfo`] of a generated `page_info` (each operation has its own type).
#[macro_export]
macro_rules! page_info {
    ($info:expr) => {{
        let info = $info;
        $crate::list_kit::PageInfo {
            has_next: info.has_next_page,
            has_previous: info.has_previous_page,
            start: info.start_cursor,
            end: info.end_cursor,
        }
    }};
}

/// What a list shows besides the page: its filters, sort and search, as query parameters.
pub trait ListQuery: Clone + PartialEq + Send + Sync + 'static {
    /// Reads the query, taking anything missing or unreadable as its default.
    fn read(params: &Params) -> Self;
    /// Writes the values that differ from the default (a default list has a bare URL).
    fn write(&self, params: &mut Params);

    /// The list's URL query string for this query, at its first page (`?…`, or `""`).
    fn query_string(&self) -> String {
        let mut params = Params::default();
        self.write(&mut params);
        params.query_string()
    }
}

/// A query string's values, as a list reads and writes them (decoded; the router decodes
/// what it reads, and [`Params::query_string`] encodes what is written).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Params(Vec<(String, String)>);

impl Params {
    fn of(map: &ParamsMap) -> Params {
        Params(map.latest_values().map(|(key, value)| (key.to_string(), value.to_owned())).collect())
    }

    /// The values of a query string as a view keeps it (`?a=1&q=b%20c`, with or without its
    /// `?`), decoded.
    pub fn parse(query: &str) -> Params {
        let decode = |text: &str| {
            let text = text.replace('+', " ");
            // Only escapes need the browser's decoder (which native unit tests do not have).
            if text.contains('%') {
                leptos_router::location::Url::unescape(&text)
            } else {
                text
            }
        };
        Params(
            query
                .trim_start_matches('?')
                .split('&')
                .filter(|pair| !pair.is_empty())
                .map(|pair| pair.split_once('=').unwrap_or((pair, "")))
                .map(|(key, value)| (decode(key), decode(value)))
                .collect(),
        )
    }

    /// Each key with its value, in order.
    pub fn pairs(&self) -> impl Iterator<Item = (&str, &str)> {
        self.0.iter().map(|(key, value)| (key.as_str(), value.as_str()))
    }

    fn get(&self, key: &str) -> Option<&str> {
        self.0.iter().find(|(name, _)| name == key).map(|(_, value)| value.as_str())
    }

    /// The value of `key`, or `""`.
    pub fn text(&self, key: &str) -> String {
        self.get(key).unwrap_or_default().to_owned()
    }

    /// A `key=1` flag.
    pub fn flag(&self, key: &str) -> bool {
        self.get(key) == Some("1")
    }

    /// A comma-separated set of values (`lifecycle=LEAD,ACTIVE`).
    pub fn list(&self, key: &str) -> Vec<String> {
        self.text(key).split(',').filter(|value| !value.is_empty()).map(str::to_owned).collect()
    }

    /// Sets `key` unless `value` is empty (the default of every text).
    pub fn set_text(&mut self, key: &str, value: &str) {
        if !value.is_empty() {
            self.0.retain(|(name, _)| name != key);
            self.0.push((key.to_owned(), value.to_owned()));
        }
    }

    pub fn set_flag(&mut self, key: &str, on: bool) {
        if on {
            self.set_text(key, "1");
        }
    }

    pub fn set_list<'a>(&mut self, key: &str, values: impl IntoIterator<Item = &'a str>) {
        let joined: Vec<&str> = values.into_iter().collect();
        self.set_text(key, &joined.join(","));
    }

    /// `?key=value&…`, encoded; `""` for no values.
    pub fn query_string(&self) -> String {
        let encode = |text: &str| String::from(js_sys::encode_uri_component(text));
        let pairs: Vec<String> = self.0.iter().map(|(key, value)| format!("{}={}", encode(key), encode(value))).collect();
        if pairs.is_empty() {
            String::new()
        } else {
            format!("?{}", pairs.join("&"))
        }
    }
}

/// How a change enters the browser's history.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum History {
    /// A step of its own: back undoes it (a filter chosen, a sort, a page).
    Push,
    /// In place of the current entry: typing settles here rather than adding a step per pause.
    Replace,
}

/// The last query string of each list visited in this tab, so the menu's link to a list
/// opens it as the person left it. Provided by the app shell.
#[derive(Clone, Copy, Default)]
pub struct RememberedLists(RwSignal<HashMap<&'static str, String>>);

impl RememberedLists {
    pub fn new() -> Self {
        RememberedLists(RwSignal::new(HashMap::new()))
    }

    /// The link to the list at `path`, with its filters, sort and page as last seen (reactive).
    pub fn href(&self, path: &'static str) -> String {
        let query = self.0.with(|lists| lists.get(path).cloned()).unwrap_or_default();
        format!("{path}{query}")
    }

    /// Records what the list at `path` shows while it is on screen.
    fn follow(&self, path: &'static str, params: Memo<ParamsMap>) {
        let remembered = *self;
        let location = use_location();
        Effect::new(move |_| {
            // On the way to another page the query is already that page's.
            if location.pathname.with(|current| current == path) {
                let current = params.with(ParamsMap::to_query_string);
                remembered.0.update(|lists| {
                    lists.insert(path, current);
                });
            }
        });
    }
}

/// The router's navigation, kept by a list for changes that come after its setup.
type Navigate = Rc<dyn Fn(&str, NavigateOptions)>;

/// What every list's URL has, whatever its query: the page shown and the navigation that
/// changes it. Apart from [`ListUrl`] so that its code exists once, not once per list.
#[derive(Clone, Copy)]
struct Location {
    path: &'static str,
    page: Memo<Page>,
    navigate: StoredValue<Navigate, LocalStorage>,
}

impl Location {
    /// The list at `path`, remembered for the menu while it is on screen.
    fn new(path: &'static str, params: Memo<ParamsMap>) -> Location {
        let page = Memo::new(move |_| params.with(|params| Page::read(&Params::of(params))));
        let navigate: Navigate = Rc::new(use_navigate());
        if let Some(remembered) = use_context::<RememberedLists>() {
            remembered.follow(path, params);
        }
        Location { path, page, navigate: StoredValue::new_local(navigate) }
    }

    fn show(&self, params: &mut Params, page: &Page, history: History) {
        page.write(params);
        self.open(&params.query_string(), history);
    }

    fn open(&self, query_string: &str, history: History) {
        let target = format!("{}{query_string}", self.path);
        let options = NavigateOptions { replace: history == History::Replace, scroll: false, ..Default::default() };
        // The page may be gone by the time a debounced change arrives.
        self.navigate.try_with_value(|navigate| navigate(&target, options));
    }
}

/// A list's state in the URL: its [`ListQuery`] and the [`Page`] shown.
pub struct ListUrl<Q: ListQuery> {
    query: Memo<Q>,
    location: Location,
}

impl<Q: ListQuery> Clone for ListUrl<Q> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<Q: ListQuery> Copy for ListUrl<Q> {}

impl<Q: ListQuery> ListUrl<Q> {
    /// The state of the list at `path` (the route this is called under).
    pub fn new(path: &'static str) -> Self {
        let params = use_query_map();
        let query = Memo::new(move |_| params.with(|params| Q::read(&Params::of(params))));
        ListUrl { query, location: Location::new(path, params) }
    }

    /// The list's filters, sort and search (reactive).
    pub fn query(&self) -> Q {
        self.query.get()
    }

    /// The list's filters, sort and search, outside any reactive tracking.
    pub fn query_untracked(&self) -> Q {
        self.query.get_untracked()
    }

    /// The page shown (reactive).
    pub fn page(&self) -> Page {
        self.location.page.get()
    }

    /// The page shown, outside any reactive tracking.
    pub fn page_untracked(&self) -> Page {
        self.location.page.get_untracked()
    }

    /// Changes what the list shows; the list starts again from its first page.
    pub fn update(&self, change: impl FnOnce(&mut Q), history: History) {
        let mut query = self.query.get_untracked();
        change(&mut query);
        if query != self.query.get_untracked() {
            self.show(&query, &Page::default(), history);
        }
    }

    /// Back to the default list (no filter, no search, the first page).
    pub fn reset(&self, default: Q) {
        self.show(&default, &Page::default(), History::Push);
    }

    /// Shows another page of the same list.
    pub fn go(&self, page: Page) {
        self.show(&self.query.get_untracked(), &page, History::Push);
    }

    fn show(&self, query: &Q, page: &Page, history: History) {
        let mut params = Params::default();
        query.write(&mut params);
        self.location.show(&mut params, page, history);
    }
}

/// A text box that applies as the person types, once typing pauses for [`TYPING_PAUSE_MS`],
/// not on Enter or when the box loses focus: the search and every text filter of a list
/// follow the same rule. Returns what the box shows and its input handler. `get` reads the
/// filter from the list's query and `set` writes it; a change that comes from elsewhere
/// (clearing the filters, back) shows in the box.
pub fn live_text<Q: ListQuery>(
    url: ListUrl<Q>,
    get: fn(&Q) -> &str,
    set: fn(&mut Q, String),
) -> (RwSignal<String>, impl Fn(leptos::ev::Event) + Copy + 'static) {
    let (applied, apply) = text_binding(url, get, set);
    typed_text(applied, apply)
}

/// A text of the list's query as a signal, and how to apply another (replacing the current
/// step of the history: see [`History::Replace`]).
fn text_binding<Q: ListQuery>(url: ListUrl<Q>, get: fn(&Q) -> &str, set: fn(&mut Q, String)) -> (Signal<String>, Callback<String>) {
    let applied = Memo::new(move |_| get(&url.query()).to_owned());
    (applied.into(), Callback::new(move |text: String| url.update(|query| set(query, text), History::Replace)))
}

/// [`live_text`] once the list's type is out of the way (one copy of its code for every list).
fn typed_text(applied: Signal<String>, apply: Callback<String>) -> (RwSignal<String>, impl Fn(leptos::ev::Event) + Copy + 'static) {
    let typed = RwSignal::new(applied.get_untracked());
    Effect::new(move |_| {
        let value = applied.get();
        // Only a change of the applied filter reaches the box: what the person is typing
        // now stays, even if it differs from what is applied.
        if typed.get_untracked().trim() != value {
            typed.set(value);
        }
    });
    let on_input = move |ev: leptos::ev::Event| {
        let text = event_target_value(&ev);
        typed.set(text.clone());
        leptos::task::spawn_local(async move {
            gloo_timers::future::TimeoutFuture::new(TYPING_PAUSE_MS).await;
            // Only the last keystroke applies; the page may be gone by now.
            if typed.try_get_untracked().as_ref() == Some(&text) {
                apply.run(text.trim().to_owned());
            }
        });
    };
    (typed, on_input)
}

/// A list's search box, applied as the person types (see [`live_text`]).
#[component]
pub fn SearchBox<Q: ListQuery>(
    url: ListUrl<Q>,
    id: &'static str,
    label: fn(&Texts) -> &'static str,
    placeholder: fn(&Texts) -> &'static str,
    get: fn(&Q) -> &str,
    set: fn(&mut Q, String),
) -> impl IntoView {
    let (applied, apply) = text_binding(url, get, set);
    view! { <SearchInput id=id label=label placeholder=placeholder applied=applied apply=apply /> }
}

#[component]
fn SearchInput(
    id: &'static str,
    label: fn(&Texts) -> &'static str,
    placeholder: fn(&Texts) -> &'static str,
    applied: Signal<String>,
    apply: Callback<String>,
) -> impl IntoView {
    let i18n = use_i18n();
    let (typed, on_input) = typed_text(applied, apply);
    view! {
        <div class="search" role="search">
            <label for=id class="visually-hidden">{move || label(i18n.t())}</label>
            <input
                id=id
                type="search"
                autocomplete="off"
                placeholder=move || placeholder(i18n.t())
                prop:value=move || typed.get()
                on:input=on_input
            />
        </div>
    }
}

/// A filter of a list as a select box; `value` is the filter as the list's query has it, and
/// `on_change` applies another (usually `url.update(…, History::Push)`).
#[component]
pub fn FilterSelect(
    #[prop(into)] label: Signal<&'static str>,
    /// The element id.
    id: &'static str,
    #[prop(into)] value: Signal<String>,
    on_change: Callback<String>,
    #[prop(into)] options: Signal<Vec<(String, String)>>,
    /// The text of the "no filter" choice (value `""`), if the filter has one.
    #[prop(optional, into)]
    empty: Option<Signal<&'static str>>,
) -> impl IntoView {
    view! {
        <div class="field">
            <label for=id>{move || label.get()}</label>
            <select id=id prop:value=move || value.get() on:change=move |ev| on_change.run(event_target_value(&ev))>
                {empty.map(|empty| view! { <option value="">{move || empty.get()}</option> })}
                {move || option_list(&value.get(), options.get())}
            </select>
        </div>
    }
}

/// A checkbox filter of a list ("Show archived", "Unassigned only", …): `get` reads it from
/// the list's query and `set` writes it; a change is a step of its own in the history.
#[component]
pub fn CheckFilter<Q: ListQuery>(
    url: ListUrl<Q>,
    /// The element id.
    id: &'static str,
    label: fn(&Texts) -> &'static str,
    get: fn(&Q) -> bool,
    set: fn(&mut Q, bool),
) -> impl IntoView {
    let checked = Signal::derive(move || get(&url.query()));
    let on_change = Callback::new(move |on: bool| url.update(|query| set(query, on), History::Push));
    view! { <CheckBox id=id label=label checked=checked on_change=on_change /> }
}

#[component]
fn CheckBox(id: &'static str, label: fn(&Texts) -> &'static str, checked: Signal<bool>, on_change: Callback<bool>) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <label class="check" for=id>
            <input type="checkbox" id=id prop:checked=move || checked.get() on:change=move |ev| on_change.run(event_target_checked(&ev)) />
            {move || label(i18n.t())}
        </label>
    }
}

/// The sort of a list: the field sorted by (`sort-field`, under a visible "Sort by") and the
/// direction (`sort-direction`). `field` is the field as the API names it and `fields` the
/// choices (API name, label); `on_field` and `on_direction` apply another (usually
/// `url.update(…, History::Push)`).
#[component]
pub fn SortControls(
    #[prop(into)] field: Signal<String>,
    #[prop(into)] fields: Signal<Vec<(String, String)>>,
    on_field: Callback<String>,
    #[prop(into)] direction: Signal<OrderDirection>,
    on_direction: Callback<OrderDirection>,
) -> impl IntoView {
    view! {
        <div class="sorting">
            <label for="sort-field">{tr(|t| t.sort_by)}</label>
            <select id="sort-field" prop:value=move || field.get() on:change=move |ev| on_field.run(event_target_value(&ev))>
                {move || {
                    // `prop:value` follows the field; the options only change with the language.
                    let current = field.get_untracked();
                    fields
                        .get()
                        .into_iter()
                        .map(|(value, text)| {
                            let selected = value == current;
                            view! { <option value=value selected=selected>{text}</option> }
                        })
                        .collect_view()
                }}
            </select>
            <label for="sort-direction" class="visually-hidden">{tr(|t| t.sort_by)}</label>
            <select
                id="sort-direction"
                prop:value=move || direction.get().as_api()
                on:change=move |ev| {
                    if let Some(chosen) = OrderDirection::from_api(&event_target_value(&ev)) {
                        on_direction.run(chosen);
                    }
                }
            >
                <option value=OrderDirection::Asc.as_api() selected=move || direction.get() == OrderDirection::Asc>
                    {tr(|t| t.ascending)}
                </option>
                <option value=OrderDirection::Desc.as_api() selected=move || direction.get() == OrderDirection::Desc>
                    {tr(|t| t.descending)}
                </option>
            </select>
        </div>
    }
}

/// "1,234 customers · 51–100": the list's size and the rows of this page. `count` is the
/// list's own plural sentence (the total, and the total formatted for the locale); `more`
/// says the total is where counting stopped ("10,000+").
#[component]
pub fn ListCount(
    total: i64,
    #[prop(optional)] more: bool,
    offset: i64,
    shown: i64,
    count: fn(&Texts, i64, &str) -> String,
) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <p class="count" role="status">
            {move || {
                let t = i18n.t();
                let size = count(t, total, &format::at_least(i18n.tag(), total, more));
                format!("{size} · {}", (t.page_of)((offset + 1) as usize, (offset + shown) as usize))
            }}
        </p>
    }
}

/// A page of a list as every list shows it: the count line ("51–100 of 1,234"), the rows
/// (`children`, the `<table class="list …">`) in a box that scrolls sideways when it must,
/// and the pager. An empty page shows neither count nor pager. `more`: the total is a bound
/// (a list counted up to a limit).
#[component]
pub fn ListFrame<Q: ListQuery>(
    url: ListUrl<Q>,
    info: PageInfo,
    total: i64,
    #[prop(optional)] more: bool,
    shown: i64,
    count: fn(&Texts, i64, &str) -> String,
    label: fn(&Texts) -> &'static str,
    children: Children,
) -> impl IntoView {
    let offset = url.page_untracked().offset;
    let listed = shown > 0;
    view! {
        {listed.then(|| view! { <ListCount total=total more=more offset=offset shown=shown count=count /> })}
        <div class="table-wrap">{children()}</div>
        {listed.then(|| view! { <Pager url=url info=info offset=offset shown=shown label=label /> })}
    }
}

/// Previous and next buttons under a list. The next button has the id `next-page`.
#[component]
pub fn Pager<Q: ListQuery>(url: ListUrl<Q>, info: PageInfo, offset: i64, shown: i64, label: fn(&Texts) -> &'static str) -> impl IntoView {
    let go = Callback::new(move |page: Page| url.go(page));
    view! { <PagerButtons go=go info=info offset=offset shown=shown label=label /> }
}

#[component]
fn PagerButtons(go: Callback<Page>, info: PageInfo, offset: i64, shown: i64, label: fn(&Texts) -> &'static str) -> impl IntoView {
    let i18n = use_i18n();
    let PageInfo { has_next, has_previous, start, end } = info;
    let next = move |_| {
        if let Some(cursor) = end.clone() {
            go.run(Page { cursor: Cursor::After(cursor), offset: offset + shown });
        }
    };
    let previous = move |_| {
        if let Some(cursor) = start.clone() {
            let offset = (offset - PAGE_SIZE).max(0);
            // Back on the first page, the URL is the list's own again.
            let cursor = if offset == 0 { Cursor::First } else { Cursor::Before(cursor) };
            go.run(Page { cursor, offset });
        }
    };
    let has_previous = has_previous || offset > 0;
    view! {
        <nav class="pager" aria-label=move || label(i18n.t())>
            <button type="button" id="previous-page" on:click=previous disabled=!has_previous>
                {tr(|t| t.previous)}
            </button>
            <button type="button" id="next-page" on:click=next disabled=!has_next>
                {tr(|t| t.next)}
            </button>
        </nav>
    }
}

/// The rows ticked on a list, for its bulk actions (and the export of a selection): ids, so
/// that a selection survives the page being reloaded after an action.
#[derive(Clone, Copy)]
pub struct Selection(RwSignal<std::collections::BTreeSet<String>>);

impl Selection {
    pub fn new() -> Self {
        Self(RwSignal::new(std::collections::BTreeSet::new()))
    }

    /// The ticked ids, in order (untracked: read when an action runs).
    pub fn ids(&self) -> Vec<String> {
        self.0.get_untracked().into_iter().collect()
    }

    /// How many rows are ticked (reactive).
    pub fn len(&self) -> usize {
        self.0.with(|set| set.len())
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    pub fn clear(&self) {
        self.0.set(std::collections::BTreeSet::new());
    }

    fn contains(&self, id: &str) -> bool {
        self.0.with(|set| set.contains(id))
    }

    fn set(&self, ids: &[String], on: bool) {
        self.0.update(|set| {
            for id in ids {
                if on {
                    set.insert(id.clone());
                } else {
                    set.remove(id);
                }
            }
        });
    }
}

impl Default for Selection {
    fn default() -> Self {
        Self::new()
    }
}

/// The header cell that ticks or unticks every row of the page shown.
#[component]
pub fn SelectPageCell(selection: Selection, ids: Vec<String>, label: fn(&Texts) -> &'static str) -> impl IntoView {
    let i18n = use_i18n();
    let ids = StoredValue::new(ids);
    view! {
        <th scope="col" class="select">
            <input
                type="checkbox"
                id="select-page"
                aria-label=move || label(i18n.t())
                prop:checked=move || ids.with_value(|ids| !ids.is_empty() && ids.iter().all(|id| selection.contains(id)))
                on:change=move |ev| ids.with_value(|ids| selection.set(ids, event_target_checked(&ev)))
            />
        </th>
    }
}

/// The cell that ticks one row; `label` names the row for screen readers.
#[component]
pub fn SelectRowCell(selection: Selection, id: String, class: &'static str, label: String) -> impl IntoView {
    let key = StoredValue::new(id.clone());
    view! {
        <td class="select">
            <input
                type="checkbox"
                class=class
                value=id
                aria-label=label
                prop:checked=move || key.with_value(|id| selection.contains(id))
                on:change=move |ev| key.with_value(|id| selection.set(std::slice::from_ref(id), event_target_checked(&ev)))
            />
        </td>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn params(pairs: &[(&str, &str)]) -> Params {
        Params(pairs.iter().map(|(key, value)| (key.to_string(), value.to_string())).collect())
    }

    #[test]
    fn a_page_survives_the_url() {
        for page in [
            Page::default(),
            Page { cursor: Cursor::After("abc=".into()), offset: 50 },
            Page { cursor: Cursor::Before("x/y".into()), offset: 100 },
        ] {
            let mut written = Params::default();
            page.write(&mut written);
            assert_eq!(Page::read(&written), page);
        }
    }

    #[test]
    fn an_unreadable_page_is_the_first() {
        assert_eq!(Page::read(&params(&[("skip", "50")])), Page::default());
        assert_eq!(Page::read(&params(&[("after", "")])), Page::default());
        assert_eq!(Page::read(&params(&[("after", "c"), ("skip", "-5")])), Page { cursor: Cursor::After("c".into()), offset: 0 });
    }

    #[test]
    fn pages_become_connection_arguments() {
        assert_eq!(Page::default().args(), PageArgs { first: Some(PAGE_SIZE), ..Default::default() });
        let before = Page { cursor: Cursor::Before("c".into()), offset: 50 };
        assert_eq!(before.args(), PageArgs { last: Some(PAGE_SIZE), before: Some("c".into()), ..Default::default() });
    }

    #[test]
    fn defaults_leave_the_url_bare() {
        let mut written = Params::default();
        written.set_text("q", "");
        written.set_flag("archived", false);
        written.set_list("lifecycle", []);
        assert_eq!(written, Params::default());
        written.set_list("lifecycle", ["LEAD", "ACTIVE"]);
        written.set_text("q", "Rossi & figli");
        written.set_text("q", "Rossi");
        assert_eq!(written.list("lifecycle"), ["LEAD", "ACTIVE"]);
        assert_eq!(written.text("q"), "Rossi");
        assert!(!written.flag("archived"));
    }
}
