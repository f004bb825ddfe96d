//! Price books (admins and sales managers): the books per currency, which one is the default,
//! and each book's list prices. The list of books is paged on the list kit
//! ([`crate::list_kit`]: its status filter and page are in the URL); a book's prices load page
//! after page below each other.

use leptos::prelude::*;

use crate::api::ops::ViewList;
use crate::saved_views::SavedViewMenu;
use leptos_router::components::A;
use leptos_router::hooks::use_params_map;
use serde_json::json;

use crate::api::ops::price_book_detail::{PriceBookDetailPriceBook, PriceBookDetailPriceBookEntriesNodes, ProductFilter};
use crate::api::ops::price_book_list::{PriceBookFilter, PriceBookListPriceBooks, PriceBookListPriceBooksNodes};
use crate::api::ops::{
    catalog_product_search, create_price_book, price_book_detail, price_book_list, remove_list_prices, set_list_prices, update_price_book,
    CatalogProductSearch, CreatePriceBook, PriceBookDetail, PriceBookList, RemoveListPrices, SetListPrices, UpdatePriceBook,
};
use crate::api::{call, ApiError};
use crate::components::{loaded, non_empty, ErrorBox, FormActions, SelectField, TextField};
use crate::format;
use crate::i18n::{tr, use_i18n, Texts};
use crate::list_kit::{FilterSelect, History, ListFrame, ListQuery, ListUrl, Page, PageArgs, Params};
use crate::page_info;
use crate::pages::admin::{catalog_only, local_input_error, status_options, CheckField, RecordFormErrors};

/// List prices per page of a book.
const PAGE: i64 = 50;
const BOOK_FIELDS: &[&str] = &["name", "currency", "isDefault", "active"];
const PRICE_FIELDS: &[&str] = &["prices.0.productId", "prices.0.listPrice"];

#[component]
pub fn PriceBooksPage() -> impl IntoView {
    catalog_only(|| view! { <PriceBooks /> }.into_any())
}

#[component]
pub fn PriceBookPage() -> impl IntoView {
    catalog_only(|| view! { <PriceBookScreen /> }.into_any())
}

/// A price book as its form edits it.
#[derive(Clone, Debug, PartialEq)]
struct BookValues {
    id: String,
    name: String,
    currency: String,
    is_default: bool,
    active: bool,
    version: i64,
}

impl From<&PriceBookListPriceBooksNodes> for BookValues {
    fn from(b: &PriceBookListPriceBooksNodes) -> Self {
        BookValues {
            id: b.id.clone(),
            name: b.name.clone(),
            currency: b.currency.clone(),
            is_default: b.is_default,
            active: b.active,
            version: b.version,
        }
    }
}

impl From<&PriceBookDetailPriceBook> for BookValues {
    fn from(b: &PriceBookDetailPriceBook) -> Self {
        BookValues {
            id: b.id.clone(),
            name: b.name.clone(),
            currency: b.currency.clone(),
            is_default: b.is_default,
            active: b.active,
            version: b.version,
        }
    }
}

/// What the list of books shows, kept in the URL (see [`crate::list_kit`]): `status` is
/// `"true"` (active books), `"false"` (inactive ones) or `""` (all).
#[derive(Clone, Debug, Default, PartialEq)]
struct BookQuery {
    status: String,
}

impl ListQuery for BookQuery {
    fn read(params: &Params) -> Self {
        let status = params.text("status");
        BookQuery { status: if status.parse::<bool>().is_ok() { status } else { String::new() } }
    }

    fn write(&self, params: &mut Params) {
        params.set_text("status", &self.status);
    }
}

impl BookQuery {
    fn variables(&self, page: &Page) -> price_book_list::Variables {
        let PageArgs { first, after, last, before } = page.args();
        let filter = Some(PriceBookFilter { active: self.status.parse::<bool>().ok(), ..Default::default() });
        price_book_list::Variables { first, after, last, before, filter }
    }
}

type Url = ListUrl<BookQuery>;

/// Saves `changes` to a book at the version it was read.
async fn update_book(book: &BookValues, changes: update_price_book::UpdatePriceBookInput) -> Result<(), ApiError> {
    let input = update_price_book::UpdatePriceBookInput { id: book.id.clone(), version: book.version, ..changes };
    call::<UpdatePriceBook>(update_price_book::Variables { input }).await.map(drop)
}

#[component]
fn PriceBooks() -> impl IntoView {
    let i18n = use_i18n();
    let url = Url::new("/admin/price-books");
    // Which form is open: the new book's ("new") or a book's (its id); one at a time.
    let open = RwSignal::new(None::<String>);
    let list = LocalResource::new(move || {
        let variables = url.query().variables(&url.page());
        async move { call::<PriceBookList>(variables).await.map(|data| data.price_books) }
    });
    let refresh = Callback::new(move |()| list.refetch());
    let status = Signal::derive(move || url.query().status);
    let set_status = Callback::new(move |status: String| url.update(|query| query.status = status, History::Push));
    let status_choices = Signal::derive(move || status_options(i18n.t()));
    view! {
        <section class="page" aria-labelledby="price-books-title">
            <div class="page-header">
                <h1 id="price-books-title">{tr(|t| t.sales().nav_price_books)}</h1>
                <button type="button" class="button-primary" id="new-price-book" on:click=move |_| open.set(Some("new".to_owned()))>
                    {tr(|t| t.sales().new_price_book)}
                </button>
            </div>
            {move || (open.get().as_deref() == Some("new")).then(|| view! {
                <BookForm book=None on_done=Callback::new(move |saved: bool| {
                    open.set(None);
                    if saved { refresh.run(()) }
                }) />
            })}
            <SavedViewMenu list=ViewList::PriceBooks path="/admin/price-books" />
            <div class="filter-grid">
                <FilterSelect
                    label=Signal::derive(tr(|t| t.sales_labels.status))
                    id="filter-status"
                    value=status
                    on_change=set_status
                    options=status_choices
                    empty=Signal::derive(tr(|t| t.any))
                />
            </div>
            {move || loaded(list.get(), |page| view! { <Results url=url page=page open=open on_saved=refresh /> }.into_any())}
        </section>
    }
}

#[component]
fn Results(url: Url, page: PriceBookListPriceBooks, open: RwSignal<Option<String>>, on_saved: Callback<()>) -> impl IntoView {
    let i18n = use_i18n();
    let total = page.total_count;
    let info = page_info!(page.page_info);
    let rows = page.nodes;
    let shown = rows.len() as i64;
    let rows = rows.iter().map(|book| view! { <BookRow book=BookValues::from(book) open=open on_saved=on_saved /> }).collect_view();
    view! {
        <ListFrame url=url info=info total=total shown=shown count=|t, n, formatted| (t.sales().price_books_count)(n, formatted) label=|t| t.sales().nav_price_books>
            <table class="list price-books">
                <thead>
                    <tr>
                        <th scope="col">{i18n.t().name}</th>
                        <th scope="col">{i18n.t().currency}</th>
                        <th scope="col">{i18n.t().sales().default_book}</th>
                        <th scope="col">{i18n.t().sales_labels.status}</th>
                        <th scope="col"><span class="visually-hidden">{i18n.t().edit}</span></th>
                    </tr>
                </thead>
                <tbody>{rows}</tbody>
            </table>
        </ListFrame>
    }
}

#[component]
fn BookRow(book: BookValues, open: RwSignal<Option<String>>, on_saved: Callback<()>) -> impl IntoView {
    let i18n = use_i18n();
    let error = RwSignal::new(None::<ApiError>);
    let stored = StoredValue::new(book.clone());
    let editing = {
        let id = book.id.clone();
        Signal::derive(move || open.get().as_deref() == Some(id.as_str()))
    };
    let change = move |changes: update_price_book::UpdatePriceBookInput| {
        let book = stored.get_value();
        leptos::task::spawn_local(async move {
            match update_book(&book, changes).await {
                Ok(()) => on_saved.run(()),
                Err(err) => error.set(Some(err)),
            }
        });
    };
    let (is_default, active, id) = (book.is_default, book.active, book.id.clone());
    view! {
        <tr data-currency=book.currency.clone()>
            <th scope="row"><A href=format!("/admin/price-books/{}", book.id)>{book.name.clone()}</A></th>
            <td data-label=move || i18n.t().currency>{book.currency.clone()}</td>
            <td data-label=move || i18n.t().sales().default_book>{move || if is_default { i18n.t().sales().yes } else { i18n.t().none }}</td>
            <td data-label=move || i18n.t().sales_labels.status>{move || if active { i18n.t().active } else { i18n.t().inactive }}</td>
            <td class="row-actions">
                <button type="button" class="button-link" on:click=move |_| {
                    let id = id.clone();
                    open.update(|open| *open = if open.as_deref() == Some(id.as_str()) { None } else { Some(id) });
                }>{tr(|t| t.edit)}</button>
                {(!is_default).then(|| view! {
                    <button type="button" class="button-link make-default" on:click=move |_| {
                        change(update_price_book::UpdatePriceBookInput { is_default: Some(true), ..Default::default() })
                    }>{tr(|t| t.sales().make_default)}</button>
                })}
                <button type="button" class="button-link" on:click=move |_| {
                    change(update_price_book::UpdatePriceBookInput { active: Some(!active), ..Default::default() })
                }>{move || if active { i18n.t().deactivate } else { i18n.t().activate }}</button>
                <ErrorBox error=error />
            </td>
        </tr>
        {move || editing.get().then(|| view! {
            <tr class="edit-row">
                <td colspan="5" data-label=move || i18n.t().edit>
                    <BookForm book=Some(stored.get_value()) on_done=Callback::new(move |saved: bool| {
                        open.set(None);
                        if saved { on_saved.run(()) }
                    }) />
                </td>
            </tr>
        })}
    }
}

/// Adds a price book, or edits `book` at the version it was read (its currency stays).
#[component]
fn BookForm(book: Option<BookValues>, on_done: Callback<bool>) -> impl IntoView {
    let i18n = use_i18n();
    let name = RwSignal::new(String::new());
    let currency = RwSignal::new("EUR".to_owned());
    let is_default = RwSignal::new(false);
    let active = RwSignal::new(true);
    let version = RwSignal::new(0i64);
    let error = RwSignal::new(None::<ApiError>);
    let busy = RwSignal::new(false);
    let set_from = move |b: &BookValues| {
        name.set(b.name.clone());
        currency.set(b.currency.clone());
        is_default.set(b.is_default);
        active.set(b.active);
        version.set(b.version);
    };
    if let Some(b) = &book {
        set_from(b);
    }
    let id = book.map(|b| b.id);
    let editing = id.is_some();
    let submit = {
        let id = id.clone();
        move |ev: leptos::ev::SubmitEvent| {
            ev.prevent_default();
            let (name, currency) = (name.get_untracked(), currency.get_untracked().trim().to_uppercase());
            let (is_default, active) = (is_default.get_untracked(), active.get_untracked());
            let id = id.clone();
            busy.set(true);
            leptos::task::spawn_local(async move {
                let result = match id {
                    Some(id) => {
                        let input = update_price_book::UpdatePriceBookInput {
                            id,
                            version: version.get_untracked(),
                            name: Some(name),
                            is_default: Some(is_default),
                            active: Some(active),
                        };
                        call::<UpdatePriceBook>(update_price_book::Variables { input }).await.map(drop)
                    }
                    None => {
                        let input =
                            create_price_book::CreatePriceBookInput { name, currency, is_default: Some(is_default), active: Some(active) };
                        call::<CreatePriceBook>(create_price_book::Variables { input }).await.map(drop)
                    }
                };
                busy.set(false);
                match result {
                    Ok(()) => on_done.run(true),
                    Err(err) => error.set(Some(err)),
                }
            });
        }
    };
    // After a conflict: load what the other person saved, and edit from there.
    let reload = Callback::new(move |()| {
        let Some(id) = id.clone() else { return };
        leptos::task::spawn_local(async move {
            match call::<PriceBookDetail>(price_book_detail::Variables { id, first: Some(1), ..Default::default() }).await {
                Ok(data) => {
                    set_from(&BookValues::from(&data.price_book));
                    error.set(None);
                }
                Err(err) => error.set(Some(err)),
            }
        });
    });
    let label = move |f: fn(&Texts) -> &'static str| Signal::derive(move || f(i18n.t()));
    let title = move || if editing { i18n.t().sales().edit_price_book } else { i18n.t().sales().new_price_book };
    view! {
        <form class="card create-form book-form" on:submit=submit aria-labelledby="book-form-title">
            <h2 id="book-form-title">{title}</h2>
            <div class="form-grid">
                <TextField label=label(|t| t.name) value=name field="name" error=error required=true />
                {(!editing).then(|| view! {
                    <TextField label=label(|t| t.currency) value=currency field="currency" error=error required=true hint=label(|t| t.sales().currency_hint) />
                })}
                <CheckField label=label(|t| t.sales().default_book) value=is_default field="isDefault" hint=label(|t| t.sales().default_book_hint) />
                <CheckField label=label(|t| t.active) value=active field="active" />
            </div>
            <RecordFormErrors error=error fields=BOOK_FIELDS on_reload=reload reload_id="reload-price-book" />
            <FormActions busy=busy on_cancel=Callback::new(move |()| on_done.run(false)) submit_class="save-price-book" />
        </form>
    }
}

/// One book: its facts, its list prices page by page, and setting and removing prices.
#[component]
fn PriceBookScreen() -> impl IntoView {
    let i18n = use_i18n();
    let params = use_params_map();
    let id = Memo::new(move |_| params.with(|params| params.get("id").unwrap_or_default()));
    let book = RwSignal::new(None::<BookValues>);
    let search = RwSignal::new(String::new());
    let after = RwSignal::new(None::<String>);
    let rows = RwSignal::new(Vec::<PriceBookDetailPriceBookEntriesNodes>::new());
    let next = RwSignal::new(None::<String>);
    let total = RwSignal::new(None::<i64>);
    let error = RwSignal::new(None::<ApiError>);
    let change_error = RwSignal::new(None::<ApiError>);
    let editing = RwSignal::new(false);
    let reload = RwSignal::new(0u32);
    // Loads the book and a page of its prices whenever the book, the search, the cursor or a
    // change does; a new search starts from the first page.
    Effect::new(move |previous: Option<(String, String)>| {
        reload.track();
        let key = (id.get(), search.get());
        let cursor = after.get();
        if previous.is_some_and(|previous| previous != key) && cursor.is_some() {
            after.set(None);
            return key;
        }
        let (book_id, text) = key.clone();
        let appending = cursor.is_some();
        let filter = Some(ProductFilter { search: non_empty(text), ..Default::default() });
        leptos::task::spawn_local(async move {
            match call::<PriceBookDetail>(price_book_detail::Variables { id: book_id, first: Some(PAGE), after: cursor, filter }).await {
                Ok(data) => {
                    // Unchanged facts keep the forms below as they are (with what was typed).
                    let loaded = Some(BookValues::from(&data.price_book));
                    if book.get_untracked() != loaded {
                        book.set(loaded);
                    }
                    let page = data.price_book.entries;
                    rows.update(|rows| {
                        if !appending {
                            rows.clear();
                        }
                        rows.extend(page.nodes);
                    });
                    total.set(Some(page.total_count));
                    next.set(page.page_info.has_next_page.then_some(page.page_info.end_cursor).flatten());
                    error.set(None);
                }
                Err(err) => error.set(Some(err)),
            }
        });
        key
    });
    let refresh = Callback::new(move |()| {
        after.set(None);
        reload.update(|n| *n += 1);
    });
    let remove = move |product_id: String| {
        let Some(current) = book.get_untracked() else { return };
        leptos::task::spawn_local(async move {
            let input = remove_list_prices::RemoveListPricesInput {
                price_book_id: current.id,
                version: current.version,
                product_ids: vec![product_id],
            };
            match call::<RemoveListPrices>(remove_list_prices::Variables { input }).await {
                Ok(_) => {
                    change_error.set(None);
                    refresh.run(());
                }
                Err(err) => change_error.set(Some(err)),
            }
        });
    };
    let reload_after_conflict = Callback::new(move |()| {
        change_error.set(None);
        refresh.run(());
    });
    view! {
        <section class="page" aria-labelledby="price-book-title">
            <p class="breadcrumb"><A href="/admin/price-books">{tr(|t| t.sales().all_price_books)}</A></p>
            <ErrorBox error=error />
            {move || book.get().map(|current| {
                let (is_default, active) = (current.is_default, current.active);
                let stored = StoredValue::new(current.clone());
                view! {
                    <div class="page-header">
                        <h1 id="price-book-title">{current.name.clone()}</h1>
                        <button type="button" id="edit-price-book" on:click=move |_| editing.update(|on| *on = !*on)>{tr(|t| t.edit)}</button>
                    </div>
                    <p class="subtitle">
                        <span class="badge" data-field="currency">{current.currency.clone()}</span>
                        {is_default.then(|| view! { <span class="badge" data-field="default">{tr(|t| t.sales().default_book)}</span> })}
                        <span class="badge" data-field="active">{move || if active { i18n.t().active } else { i18n.t().inactive }}</span>
                    </p>
                    {move || editing.get().then(|| view! {
                        <BookForm book=Some(stored.get_value()) on_done=Callback::new(move |saved: bool| {
                            editing.set(false);
                            if saved { refresh.run(()) }
                        }) />
                    })}
                }
            })}
            {move || book.get().is_none().then(|| view! { <h1 id="price-book-title" class="visually-hidden">{i18n.t().sales().nav_price_books}</h1> })}
            {move || book.get().map(|current| view! { <SetPriceForm book=current on_saved=refresh /> })}
            <h2 id="prices-title">{tr(|t| t.sales().prices)}</h2>
            <div class="search" role="search">
                <label for="price-search" class="visually-hidden">{tr(|t| t.search)}</label>
                <input id="price-search" type="search" placeholder=move || i18n.t().search on:change=move |ev| search.set(event_target_value(&ev)) />
            </div>
            <RecordFormErrors error=change_error fields=&[] on_reload=reload_after_conflict />
            {move || total.get().map(|total| view! {
                <p class="count" aria-live="polite">{(i18n.t().sales().prices_count)(total, &format::integer(i18n.tag(), total))}</p>
            })}
            <div class="table-wrap">
                <table class="list prices" aria-labelledby="prices-title">
                    <thead>
                        <tr>
                            <th scope="col">{tr(|t| t.sales().sku)}</th>
                            <th scope="col">{tr(|t| t.sales().product)}</th>
                            <th scope="col">{tr(|t| t.sales().list_price)}</th>
                            <th scope="col"><span class="visually-hidden">{tr(|t| t.sales().remove_price)}</span></th>
                        </tr>
                    </thead>
                    <tbody>
                        {move || rows.get().into_iter().map(|entry| {
                            let product_id = entry.product.id.clone();
                            let (amount, currency) = (entry.list_price.amount.clone(), entry.list_price.currency.clone());
                            let data_amount = amount.clone();
                            let product_active = entry.product.active;
                            view! {
                                <tr data-sku=entry.product.sku.clone()>
                                    <th scope="row">{entry.product.sku.clone()}</th>
                                    <td data-label=move || i18n.t().sales().product>
                                        {entry.product.name.clone()}
                                        {(!product_active).then(|| view! { <span class="badge">{tr(|t| t.inactive)}</span> })}
                                    </td>
                                    <td class="money" data-amount=data_amount data-label=move || i18n.t().sales().list_price>{move || format::money(i18n.tag(), &amount, &currency)}</td>
                                    <td class="row-actions">
                                        <button type="button" class="button-link remove-price" on:click=move |_| remove(product_id.clone())>
                                            {tr(|t| t.sales().remove_price)}
                                        </button>
                                    </td>
                                </tr>
                            }
                        }).collect_view()}
                    </tbody>
                </table>
            </div>
            {move || (total.get() == Some(0)).then(|| view! { <p class="empty">{i18n.t().sales().no_prices}</p> })}
            {move || next.get().map(|cursor| view! {
                <div class="pager">
                    <button type="button" id="more-prices" on:click=move |_| after.set(Some(cursor.clone()))>{i18n.t().load_more}</button>
                </div>
            })}
        </section>
    }
}

/// Sets one product's price in `book`: find the product by name or SKU, enter the price.
#[component]
fn SetPriceForm(book: BookValues, on_saved: Callback<()>) -> impl IntoView {
    let i18n = use_i18n();
    let search = RwSignal::new(String::new());
    let product = RwSignal::new(String::new());
    let price = RwSignal::new(String::new());
    let error = RwSignal::new(None::<ApiError>);
    let busy = RwSignal::new(false);
    let matches = LocalResource::new(move || {
        let text = search.get();
        async move {
            if text.trim().chars().count() < 2 {
                return Vec::new();
            }
            match call::<CatalogProductSearch>(catalog_product_search::Variables { search: text }).await {
                Ok(data) => data.products.nodes.into_iter().map(|p| (p.id, format!("{} · {}", p.sku, p.name))).collect(),
                Err(_) => Vec::new(),
            }
        }
    });
    let options = Signal::derive(move || matches.get().unwrap_or_default());
    // The first match is chosen unless the chosen product is still among the matches.
    Effect::new(move |_| {
        let options = options.get();
        let current = product.get_untracked();
        if !options.iter().any(|(id, _)| *id == current) {
            product.set(options.first().map(|(id, _)| id.clone()).unwrap_or_default());
        }
    });
    let (book_id, version) = (book.id.clone(), book.version);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let Some(product_id) = non_empty(product.get_untracked()) else {
            error.set(Some(local_input_error("prices.0.productId", "REQUIRED", json!({}))));
            return;
        };
        let Some(list_price) = non_empty(price.get_untracked()) else {
            error.set(Some(local_input_error("prices.0.listPrice", "REQUIRED", json!({}))));
            return;
        };
        // A decimal comma, as Italians type it, is the API's decimal point.
        let list_price = list_price.replace(',', ".");
        let input = set_list_prices::SetListPricesInput {
            price_book_id: book_id.clone(),
            version,
            prices: vec![set_list_prices::ListPriceInput { product_id, list_price }],
        };
        busy.set(true);
        leptos::task::spawn_local(async move {
            let result = call::<SetListPrices>(set_list_prices::Variables { input }).await;
            busy.set(false);
            match result {
                Ok(_) => {
                    price.set(String::new());
                    error.set(None);
                    on_saved.run(());
                }
                Err(err) => error.set(Some(err)),
            }
        });
    };
    let reload = Callback::new(move |()| {
        error.set(None);
        on_saved.run(());
    });
    let label = move |f: fn(&Texts) -> &'static str| Signal::derive(move || f(i18n.t()));
    view! {
        <form class="card create-form set-price" on:submit=submit aria-labelledby="set-price-title">
            <h2 id="set-price-title">{tr(|t| t.sales().set_price)}</h2>
            <div class="form-grid">
                <div class="field">
                    <label for="price-product-search">{tr(|t| t.sales().find_product)}</label>
                    <input
                        id="price-product-search"
                        type="search"
                        autocomplete="off"
                        aria-describedby="price-product-search-hint"
                        on:input=move |ev| search.set(event_target_value(&ev))
                    />
                    <small id="price-product-search-hint" class="hint">{tr(|t| t.sales().find_product_hint)}</small>
                </div>
                <SelectField
                    label=label(|t| t.sales().product)
                    value=product
                    field="prices.0.productId"
                    options=options
                    error=error
                    empty=label(|t| t.sales().choose_product)
                />
                <TextField
                    label=label(|t| t.sales().list_price)
                    value=price
                    field="prices.0.listPrice"
                    error=error
                    required=true
                    hint=label(|t| t.sales().list_price_hint)
                    autocomplete="off"
                />
            </div>
            <RecordFormErrors error=error fields=PRICE_FIELDS on_reload=reload />
            <div class="form-actions">
                <button type="submit" class="button-primary" id="save-price" disabled=move || busy.get()>{tr(|t| t.save)}</button>
            </div>
        </form>
    }
}
