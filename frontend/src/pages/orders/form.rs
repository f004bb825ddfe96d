//! Direct order entry (admins, sales managers, sales reps): a customer, a price book, lines
//! priced from that book (quantity, discount) and a tax rate. The server prices the order and
//! checks the customer's credit: the form then shows whether it was placed or is held, and
//! why. `/orders/new?customer=<id>` starts with that customer (the Customer 360 page's link).

use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_query_map;

use crate::api::ops::{
    create_order, customer_list, order_customer_credit, order_price_books, order_product_choices, CreateOrder, CustomerList,
    OrderCustomerCredit, OrderPriceBooks, OrderProductChoices, OrderStatus, ProductUnit,
};
use crate::api::{call, ApiError};
use crate::app::use_viewer;
use crate::components::{non_empty, unclaimed_error, SelectField, TextField};
use crate::format;
use crate::i18n::{tr, use_i18n, Texts};
use crate::pages::admin::allowed_only;
use crate::pages::customers::contacts::FormErrors;
use crate::pages::orders::{may_enter_orders, StatusBadge};

/// Pause after the last keystroke before searching.
const SEARCH_DEBOUNCE_MS: u32 = 250;
/// The fields of the form, as the server names them in `extensions.field` (`lines` covers
/// `lines[2].quantity`).
const FIELDS: &[&str] = &["customerId", "priceBookId", "currency", "taxPercent", "lines"];

/// A line as typed: the product from the book, its quantity and discount.
#[derive(Clone)]
struct LineDraft {
    /// Tells lines apart while they are added and removed.
    key: u32,
    product_id: String,
    name: String,
    sku: String,
    unit: ProductUnit,
    price: (String, String),
    quantity: RwSignal<String>,
    discount: RwSignal<String>,
}

/// A product of the book, as the finder offers it.
#[derive(Clone)]
struct Priced {
    product_id: String,
    name: String,
    sku: String,
    unit: ProductUnit,
    /// The list price: amount and currency.
    price: (String, String),
}

/// What the server answered: the order as placed or held.
#[derive(Clone)]
struct Placed {
    id: String,
    number: String,
    status: OrderStatus,
    hold_reason: Option<String>,
}

#[component]
pub fn OrderCreatePage() -> impl IntoView {
    let allowed = may_enter_orders(&use_viewer());
    allowed_only(allowed, || view! { <OrderForm /> }.into_any())
}

#[component]
fn OrderForm() -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let preset = query.with_untracked(|query| query.get("customer")).and_then(non_empty);
    let customer = RwSignal::new(preset.clone().unwrap_or_default());
    let book = RwSignal::new(String::new());
    let tax = RwSignal::new("0".to_owned());
    let lines = RwSignal::new(Vec::<LineDraft>::new());
    let next_key = StoredValue::new(0u32);
    let error = RwSignal::new(None::<ApiError>);
    let busy = RwSignal::new(false);
    let placed = RwSignal::new(None::<Placed>);
    let books = LocalResource::new(|| async move {
        call::<OrderPriceBooks>(order_price_books::Variables {}).await.map(|data| data.price_books.nodes).unwrap_or_default()
    });
    // The default book in euros (else the first) until the person picks one.
    Effect::new(move |_| {
        let Some(list) = books.get() else { return };
        if book.get_untracked().is_empty() {
            let chosen =
                list.iter().find(|b| b.is_default && b.currency == "EUR").or_else(|| list.iter().find(|b| b.is_default)).or(list.first());
            if let Some(chosen) = chosen {
                book.set(chosen.id.clone());
            }
        }
    });
    // Lines are priced from one book: another book starts them again.
    Effect::new(move |previous: Option<String>| {
        let current = book.get();
        if previous.is_some_and(|previous| !previous.is_empty() && previous != current) {
            lines.set(Vec::new());
        }
        current
    });
    let book_options = Signal::derive(move || {
        books.get().unwrap_or_default().into_iter().map(|b| (b.id, format!("{} ({})", b.name, b.currency))).collect::<Vec<_>>()
    });
    // A line's signals belong to the form: created under the click's owner (the product list,
    // which a new search re-renders), they would be disposed while the line is still shown.
    let form_owner = Owner::current();
    let add = Callback::new(move |picked: Priced| {
        if lines.with_untracked(|lines| lines.iter().any(|line| line.product_id == picked.product_id)) {
            return;
        }
        let key = next_key.get_value();
        next_key.set_value(key + 1);
        let signals = || (RwSignal::new("1".to_owned()), RwSignal::new("0".to_owned()));
        let (quantity, discount) = form_owner.as_ref().map_or_else(signals, |owner| owner.with(signals));
        let line = LineDraft {
            key,
            product_id: picked.product_id,
            name: picked.name,
            sku: picked.sku,
            unit: picked.unit,
            price: picked.price,
            quantity,
            discount,
        };
        lines.update(|lines| lines.push(line));
    });
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let input = create_order::CreateOrderInput {
            customer_id: customer.get_untracked(),
            price_book_id: non_empty(book.get_untracked()),
            currency: None,
            tax_percent: non_empty(tax.get_untracked()),
            lines: lines
                .get_untracked()
                .into_iter()
                .map(|line| create_order::QuoteLineInput {
                    product_id: line.product_id,
                    quantity: line.quantity.get_untracked().trim().to_owned(),
                    discount_percent: non_empty(line.discount.get_untracked()),
                })
                .collect(),
        };
        busy.set(true);
        error.set(None);
        leptos::task::spawn_local(async move {
            let result = call::<CreateOrder>(create_order::Variables { input }).await;
            busy.set(false);
            match result {
                Ok(data) => {
                    let order = data.create_order.order;
                    placed.set(Some(Placed { id: order.id, number: order.number, status: order.status, hold_reason: order.hold_reason }));
                }
                Err(err) => error.set(Some(err)),
            }
        });
    };
    let label = move |f: fn(&Texts) -> &'static str| Signal::derive(move || f(i18n.t()));
    let back = preset.as_ref().map(|id| format!("/customers/{id}")).unwrap_or_else(|| "/orders".to_owned());
    let back_label = move || if preset.is_some() { i18n.t().back_to_list } else { i18n.t().sales().back_to_orders };
    view! {
        <section class="page order-form-page" aria-labelledby="order-form-title">
            <p class="breadcrumb">
                <A href=back>{back_label}</A>
            </p>
            <h1 id="order-form-title">{tr(|t| t.sales().new_order)}</h1>
            {move || match placed.get() {
                Some(order) => view! { <Outcome order=order /> }.into_any(),
                None => {
                    view! {
                        <form class="card order-form" novalidate on:submit=submit>
                            <fieldset class="form-section">
                                <legend>{tr(|t| t.customer)}</legend>
                                {match customer.get_untracked().is_empty() {
                                    true => view! { <CustomerPicker value=customer error=error /> }.into_any(),
                                    false => view! { <PresetCustomer id=customer.get_untracked() /> }.into_any(),
                                }}
                                <CreditPosition customer=customer />
                            </fieldset>
                            <div class="form-grid">
                                <SelectField
                                    label=label(|t| t.sales().order_price_book)
                                    value=book
                                    field="priceBookId"
                                    options=book_options
                                    error=error
                                />
                                <TextField
                                    label=label(|t| t.sales().order_tax_percent)
                                    value=tax
                                    field="taxPercent"
                                    error=error
                                    input_type="text"
                                />
                            </div>
                            <LineEditor lines=lines error=error />
                            <ProductFinder book=book on_add=add />
                            <FormErrors error=Signal::derive(move || unclaimed_error(error.get(), FIELDS)) />
                            <div class="form-actions">
                                <button type="submit" class="button-primary" id="place-order" disabled=move || busy.get()>
                                    {tr(|t| t.sales().place_order)}
                                </button>
                            </div>
                        </form>
                    }
                        .into_any()
                }
            }}
        </section>
    }
}

/// What became of the order: placed, or held for credit with the reason.
#[component]
fn Outcome(order: Placed) -> impl IntoView {
    let i18n = use_i18n();
    let held = order.status == OrderStatus::CreditHold;
    let number = order.number.clone();
    view! {
        <div class="card order-outcome" id="order-outcome" role="status" data-status=order.status.as_api()>
            <p>
                <StatusBadge status=order.status id="outcome-status" />
                " "
                {move || if held { (i18n.t().sales().order_held)(&number) } else { (i18n.t().sales().order_placed)(&number) }}
            </p>
            {order
                .hold_reason
                .map(|reason| {
                    view! {
                        <dl class="facts">
                            <dt>{tr(|t| t.sales().hold_reason)}</dt>
                            <dd id="outcome-hold-reason">{reason}</dd>
                        </dl>
                    }
                })}
            <p>
                <A href=format!("/orders/{}", order.id) attr:id="open-order" attr:class="button">
                    {tr(|t| t.sales().open_order)}
                </A>
            </p>
        </div>
    }
}

#[component]
fn PresetCustomer(id: String) -> impl IntoView {
    let i18n = use_i18n();
    let href = format!("/customers/{id}");
    let customer = LocalResource::new(move || {
        let id = id.clone();
        async move { call::<OrderCustomerCredit>(order_customer_credit::Variables { id }).await.map(|data| data.customer.name) }
    });
    view! {
        <div class="field" id="order-customer-preset">
            <A href=href attr:class="customer-name">
                {move || match customer.get() {
                    Some(Ok(name)) => name,
                    Some(Err(_)) => i18n.t().sales().not_visible.to_owned(),
                    None => i18n.t().loading.to_owned(),
                }}
            </A>
        </div>
    }
}

/// Search by name, choose among the matches.
#[component]
fn CustomerPicker(value: RwSignal<String>, error: RwSignal<Option<ApiError>>) -> impl IntoView {
    let typed = RwSignal::new(String::new());
    let search = RwSignal::new(String::new());
    let matches = LocalResource::new(move || {
        let text = search.get();
        async move {
            if text.trim().chars().count() < 2 {
                return Vec::new();
            }
            let filter = Some(customer_list::CustomerFilter { search: Some(text), archived: Some(false), ..Default::default() });
            let variables = customer_list::Variables { first: Some(20), filter, ..Default::default() };
            match call::<CustomerList>(variables).await {
                Ok(data) => data.customers.nodes.into_iter().map(|customer| (customer.id, customer.name)).collect(),
                Err(_) => Vec::new(),
            }
        }
    });
    // The first match is chosen as soon as the list arrives, unless one is chosen already.
    Effect::new(move |_| {
        let Some(list) = matches.get() else { return };
        if !list.iter().any(|(id, _)| *id == value.get_untracked()) {
            value.set(list.first().map(|(id, _)| id.clone()).unwrap_or_default());
        }
    });
    let on_input = move |ev| {
        let text = event_target_value(&ev);
        typed.set(text.clone());
        leptos::task::spawn_local(async move {
            gloo_timers::future::TimeoutFuture::new(SEARCH_DEBOUNCE_MS).await;
            // The page may be gone by now (navigated away while typing).
            if typed.try_get_untracked().as_ref() == Some(&text) {
                let _ = search.try_set(text);
            }
        });
    };
    let options = Signal::derive(move || matches.get().unwrap_or_default());
    view! {
        <div class="field">
            <label for="customer-picker-search">{tr(|t| t.search)}</label>
            <input
                id="customer-picker-search"
                type="search"
                autocomplete="off"
                aria-describedby="customer-picker-hint"
                prop:value=move || typed.get()
                on:input=on_input
            />
            <small id="customer-picker-hint" class="hint">{tr(|t| t.sales().choose_customer)}</small>
        </div>
        <SelectField
            label=Signal::derive(tr(|t| t.customer))
            value=value
            field="customerId"
            options=options
            error=error
            empty=Signal::derive(tr(|t| t.none))
        />
    }
}

/// The chosen customer's credit: limit, what is open, what is held, what is left.
#[component]
fn CreditPosition(customer: RwSignal<String>) -> impl IntoView {
    let i18n = use_i18n();
    let credit = LocalResource::new(move || {
        let id = customer.get();
        async move {
            if id.is_empty() {
                return None;
            }
            call::<OrderCustomerCredit>(order_customer_credit::Variables { id }).await.ok().map(|data| data.customer.credit_exposure)
        }
    });
    move || {
        let position = credit.get().flatten()?;
        let money = move |amount: &str, currency: &str| format::money(i18n.tag(), amount, currency);
        let t = i18n.t();
        Some(match position {
            Some(p) => view! {
                <dl class="facts credit-position" id="credit-position">
                    <dt>{t.sales().credit_position}</dt>
                    <dd data-field="available">
                        {(t.sales().credit_available)(
                            &money(&p.available.amount, &p.available.currency),
                            &money(&p.limit.amount, &p.limit.currency),
                        )}
                    </dd>
                    <dt>{t.sales().credit_exposure}</dt>
                    <dd data-field="exposure">{money(&p.exposure.amount, &p.exposure.currency)}</dd>
                    <dt>{t.sales().credit_held}</dt>
                    <dd data-field="held">{money(&p.held.amount, &p.held.currency)}</dd>
                </dl>
            }
            .into_any(),
            None => view! { <p class="hint" id="credit-position">{t.sales().no_credit_limit}</p> }.into_any(),
        })
    }
}

/// The lines: quantity and discount per product, with any refusal of the server next to its
/// line.
#[component]
fn LineEditor(lines: RwSignal<Vec<LineDraft>>, error: RwSignal<Option<ApiError>>) -> impl IntoView {
    let i18n = use_i18n();
    // A refusal of the lines as a whole (none, too many), not of one line.
    let whole = move || {
        error
            .get()
            .filter(|error| matches!(error, ApiError::BadInput { field: Some(path), .. } if path.trim_start_matches("input.") == "lines"))
    };
    view! {
        <fieldset class="form-section order-lines-editor" class:has-error=move || whole().is_some()>
            <legend>{tr(|t| t.sales().order_lines)}</legend>
            {move || {
                let list = lines.get();
                if list.is_empty() {
                    return view! { <p class="empty" id="no-lines">{i18n.t().sales().no_lines}</p> }.into_any();
                }
                let rows = list
                    .into_iter()
                    .enumerate()
                    .map(|(index, line)| view! { <LineRow index=index line=line lines=lines error=error /> })
                    .collect_view();
                view! {
                    <div class="table-wrap">
                        <table class="order-lines-input">
                            <thead>
                                <tr>
                                    <th scope="col">{i18n.t().sales().product}</th>
                                    <th scope="col" class="numeric">{i18n.t().sales().list_price}</th>
                                    <th scope="col">{i18n.t().sales().order_quantity}</th>
                                    <th scope="col">{i18n.t().sales().order_discount}</th>
                                    <th scope="col">
                                        <span class="visually-hidden">{i18n.t().sales().order_line_actions}</span>
                                    </th>
                                </tr>
                            </thead>
                            <tbody>{rows}</tbody>
                        </table>
                    </div>
                }
                    .into_any()
            }}
            {move || {
                whole().map(|error| view! { <small class="field-error" role="alert">{crate::components::error_text(i18n.t(), &error)}</small> })
            }}
        </fieldset>
    }
}

#[component]
fn LineRow(index: usize, line: LineDraft, lines: RwSignal<Vec<LineDraft>>, error: RwSignal<Option<ApiError>>) -> impl IntoView {
    let i18n = use_i18n();
    let path = format!("lines[{index}]");
    let message = Signal::derive(move || error.get().and_then(|error| error.field_message(i18n.t(), &path)));
    let (quantity_id, discount_id, error_id) =
        (format!("line-{index}-quantity"), format!("line-{index}-discount"), format!("line-{index}-error"));
    let (name, unit, key) = (line.name.clone(), line.unit, line.key);
    let (amount, currency) = line.price.clone();
    let (quantity_name, discount_name, remove_name) = (line.name.clone(), line.name.clone(), line.name.clone());
    let described = {
        let error_id = error_id.clone();
        move || message.get().is_some().then(|| error_id.clone())
    };
    let described_too = described.clone();
    view! {
        <tr data-sku=line.sku.clone() class:has-error=move || message.get().is_some()>
            <th scope="row">
                {name}
                " "
                <span class="sku">{line.sku.clone()}</span>
                {move || message.get().map(|text| view! { <br /><small id=error_id.clone() class="field-error">{text}</small> })}
            </th>
            <td class="numeric money" data-label=move || i18n.t().sales().list_price>
                {move || format::money(i18n.tag(), &amount, &currency)}
                " / "
                {move || (i18n.t().sales().unit_label)(unit)}
            </td>
            <td data-label=move || i18n.t().sales().order_quantity>
                <input
                    id=quantity_id
                    class="line-quantity"
                    type="text"
                    inputmode="decimal"
                    size="6"
                    aria-label=move || format!("{} · {}", i18n.t().sales().order_quantity, quantity_name)
                    aria-describedby=described
                    prop:value=move || line.quantity.get()
                    on:input=move |ev| line.quantity.set(event_target_value(&ev))
                />
            </td>
            <td data-label=move || i18n.t().sales().order_discount>
                <input
                    id=discount_id
                    class="line-discount"
                    type="text"
                    inputmode="decimal"
                    size="5"
                    aria-label=move || format!("{} · {}", i18n.t().sales().order_discount, discount_name)
                    aria-describedby=described_too
                    prop:value=move || line.discount.get()
                    on:input=move |ev| line.discount.set(event_target_value(&ev))
                />
            </td>
            <td class="row-actions">
                <button
                    type="button"
                    class="button-link remove-line"
                    aria-label=move || (i18n.t().sales().remove_line)(&remove_name)
                    on:click=move |_| {
                        lines.update(|lines| lines.retain(|line| line.key != key));
                        error.set(None);
                    }
                >
                    "×"
                </button>
            </td>
        </tr>
    }
}

/// Finds products priced in the chosen book and adds them as lines.
#[component]
fn ProductFinder(book: RwSignal<String>, on_add: Callback<Priced>) -> impl IntoView {
    let i18n = use_i18n();
    let typed = RwSignal::new(String::new());
    let search = RwSignal::new(String::new());
    let matches = LocalResource::new(move || {
        let (price_book_id, text) = (book.get(), non_empty(search.get()));
        async move {
            if price_book_id.is_empty() {
                return None;
            }
            let variables = order_product_choices::Variables { price_book_id, search: text };
            Some(call::<OrderProductChoices>(variables).await.map(|data| data.price_book.entries.nodes).unwrap_or_default())
        }
    });
    let on_input = move |ev| {
        let text = event_target_value(&ev);
        typed.set(text.clone());
        leptos::task::spawn_local(async move {
            gloo_timers::future::TimeoutFuture::new(SEARCH_DEBOUNCE_MS).await;
            // The page may be gone by now (navigated away while typing).
            if typed.try_get_untracked().as_ref() == Some(&text) {
                let _ = search.try_set(text);
            }
        });
    };
    view! {
        <div class="form-section product-finder">
            <div class="field">
                <label for="order-product-search">{tr(|t| t.sales().find_product)}</label>
                <input
                    id="order-product-search"
                    type="search"
                    autocomplete="off"
                    aria-describedby="order-product-hint"
                    prop:value=move || typed.get()
                    on:input=on_input
                />
                <small id="order-product-hint" class="hint">{tr(|t| t.sales().order_product_hint)}</small>
            </div>
            {move || match matches.get().flatten() {
                None => view! { <p class="hint">{i18n.t().sales().choose_price_book_first}</p> }.into_any(),
                Some(entries) if entries.is_empty() => view! { <p class="empty">{i18n.t().sales().no_priced_products}</p> }.into_any(),
                Some(entries) => {
                    view! {
                        <ul class="plain product-choices" aria-live="polite">
                            {entries
                                .into_iter()
                                .map(|entry| {
                                    let product = entry.product;
                                    let price = (entry.list_price.amount, entry.list_price.currency);
                                    let (amount, currency) = price.clone();
                                    let text = format!("{} ({})", product.name, product.sku);
                                    let add_label = (i18n.t().sales().add_product)(&product.name);
                                    let picked = Priced { product_id: product.id, name: product.name, sku: product.sku.clone(), unit: product.unit, price };
                                    view! {
                                        <li data-sku=product.sku>
                                            {text}
                                            " · "
                                            <span class="money">{move || format::money(i18n.tag(), &amount, &currency)}</span>
                                            " "
                                            <button
                                                type="button"
                                                class="button-link add-line"
                                                aria-label=add_label
                                                on:click=move |_| on_add.run(picked.clone())
                                            >
                                                {i18n.t().sales().add_line}
                                            </button>
                                        </li>
                                    }
                                })
                                .collect_view()}
                        </ul>
                    }
                        .into_any()
                }
            }}
        </div>
    }
}
