//! The quote builder: `/opportunities/:id/quotes/new` prepares a DRAFT for an opportunity,
//! `/quotes/:id/edit` changes a draft. A price book (the default book of the opportunity's
//! currency to start with), lines of products searched among those priced in the book, with
//! quantity and discount, the tax rate, the validity and the terms. The totals shown while
//! typing are an estimate by the server's rules (see [`super::estimate`]); saving opens the
//! quote's page with the server's figures. The server's field errors (`lines.0.quantity`)
//! show next to their line.

use std::sync::atomic::{AtomicU64, Ordering};

use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::{use_navigate, use_params_map};

use crate::api::ops::quote_detail::QuoteDetailQuote;
use crate::api::ops::quote_opportunity::QuoteOpportunityOpportunity;
use crate::api::ops::quote_price_books::QuotePriceBooksPriceBooksNodes;
use crate::api::ops::{
    create_quote, quote_book_entries, quote_detail, quote_opportunity, quote_price_books, quote_product_prices, update_quote, CreateQuote,
    ProductUnit, QuoteBookEntries, QuoteDetail, QuoteOpportunity, QuotePriceBooks, QuoteProductPrices, QuoteStatus, UpdateQuote,
};
use crate::api::{call, ApiError};
use crate::components::{field_id, loaded, non_empty, unclaimed_error, ErrorBox, TextField};
use crate::date_input::DateField;
use crate::format;
use crate::i18n::{tr, use_i18n};
use crate::pages::customers::contacts::FormErrors;
use crate::pages::pipeline::is_stale;
use crate::pages::quotes::{estimate, minor_digits, minor_to_decimal, parse_scaled, LineInput};

/// Pause after the last keystroke before searching.
const SEARCH_DEBOUNCE_MS: u32 = 250;
/// Days a new quote holds, to start with.
const DEFAULT_VALIDITY_DAYS: i32 = 30;
/// Tax rate a new quote starts with (Italian VAT); the person changes it as needed.
const DEFAULT_TAX_PERCENT: &str = "22";

type Book = QuotePriceBooksPriceBooksNodes;

static NEXT_KEY: AtomicU64 = AtomicU64::new(1);

/// One line as typed.
#[derive(Clone)]
struct Line {
    key: u64,
    product_id: String,
    name: String,
    sku: String,
    unit: ProductUnit,
    /// The list price the saved quote has for this line (edit): its book is the quote's.
    quoted: Option<String>,
    /// The product's price in each book as `(book id, amount)`, for the estimate.
    prices: RwSignal<Vec<(String, String)>>,
    quantity: RwSignal<String>,
    discount: RwSignal<String>,
}

impl Line {
    fn new(product_id: String, name: String, sku: String, unit: ProductUnit, quoted: Option<String>) -> Self {
        Line {
            key: NEXT_KEY.fetch_add(1, Ordering::Relaxed),
            product_id,
            name,
            sku,
            unit,
            quoted,
            prices: RwSignal::new(Vec::new()),
            quantity: RwSignal::new("1".to_owned()),
            discount: RwSignal::new("0".to_owned()),
        }
    }

    /// The list price the estimate uses: the quoted one, else the product's in `book`.
    fn list_price(&self, book: &str) -> Option<String> {
        self.quoted
            .clone()
            .or_else(|| self.prices.with(|prices| prices.iter().find(|(id, _)| id == book).map(|(_, amount)| amount.clone())))
    }

    /// Loads the product's price in every book (once added, a change of book re-prices it).
    fn load_prices(&self) {
        let (id, prices) = (self.product_id.clone(), self.prices);
        leptos::task::spawn_local(async move {
            if let Ok(data) = call::<QuoteProductPrices>(quote_product_prices::Variables { id }).await {
                let found: Vec<(String, String)> =
                    data.product.list_prices.into_iter().map(|price| (price.price_book.id, price.list_price.amount)).collect();
                // The line may be gone by now (removed, or the builder left).
                let _ = prices.try_update(|prices| {
                    for (book, amount) in found {
                        if !prices.iter().any(|(id, _)| *id == book) {
                            prices.push((book, amount));
                        }
                    }
                });
            }
        });
    }
}

/// The form's values.
#[derive(Clone, Copy)]
struct Draft {
    /// The builder's owner: a line's signals belong to it, not to the list that re-renders
    /// around the button that added the line (which would dispose of them with it).
    owner: StoredValue<Option<Owner>>,
    book: RwSignal<String>,
    lines: RwSignal<Vec<Line>>,
    tax: RwSignal<String>,
    valid_until: RwSignal<String>,
    terms: RwSignal<String>,
}

/// What the builder saves into.
#[derive(Clone)]
enum Target {
    /// A new draft for this opportunity.
    Create { opportunity_id: String },
    /// This draft, at the version read.
    Edit { id: String, version: i64, currency: String },
}

/// A line as the API takes it: product id, quantity, discount.
type LineValues = (String, String, Option<String>);

/// A decimal as the API reads it: the decimal comma typed in Italian becomes a point.
fn api_decimal(text: &str) -> String {
    text.trim().replace(',', ".")
}

impl Draft {
    /// A new line whose signals live as long as the builder.
    fn line(&self, product_id: String, name: String, sku: String, unit: ProductUnit, quoted: Option<String>) -> Line {
        let make = move || Line::new(product_id, name, sku, unit, quoted);
        match self.owner.get_value() {
            Some(owner) => owner.with(make),
            None => make(),
        }
    }

    /// The lines as the API takes them; a quantity or discount that is not a number is
    /// refused here, next to its line, the way the server would word it.
    fn line_inputs(&self, not_a_number: &str) -> Result<Vec<LineValues>, Box<ApiError>> {
        let refused = |field: String| {
            Box::new(ApiError::BadInput {
                field: Some(field),
                message: not_a_number.to_owned(),
                reason: None,
                params: serde_json::Value::Null,
            })
        };
        let required = |field: String| {
            Box::new(ApiError::BadInput {
                field: Some(field.clone()),
                message: format!("{field}: REQUIRED"),
                reason: Some("REQUIRED".into()),
                params: serde_json::Value::Null,
            })
        };
        self.lines
            .get_untracked()
            .iter()
            .enumerate()
            .map(|(index, line)| {
                let quantity = api_decimal(&line.quantity.get_untracked());
                if quantity.is_empty() {
                    return Err(required(format!("lines.{index}.quantity")));
                }
                if parse_scaled(&quantity).is_none() && quantity.parse::<f64>().is_err() {
                    return Err(refused(format!("lines.{index}.quantity")));
                }
                let discount = non_empty(api_decimal(&line.discount.get_untracked()));
                if discount.as_deref().is_some_and(|d| parse_scaled(d).is_none() && d.parse::<f64>().is_err()) {
                    return Err(refused(format!("lines.{index}.discountPercent")));
                }
                Ok((line.product_id.clone(), quantity, discount))
            })
            .collect()
    }

    fn checked_tax(&self, not_a_number: &str) -> Result<Option<String>, Box<ApiError>> {
        let tax = non_empty(api_decimal(&self.tax.get_untracked()));
        if tax.as_deref().is_some_and(|t| parse_scaled(t).is_none() && t.parse::<f64>().is_err()) {
            return Err(Box::new(ApiError::BadInput {
                field: Some("taxPercent".into()),
                message: not_a_number.to_owned(),
                reason: None,
                params: serde_json::Value::Null,
            }));
        }
        Ok(tax)
    }

    fn checked_validity(&self) -> Result<String, Box<ApiError>> {
        let date = self.valid_until.get_untracked();
        if date.trim().is_empty() {
            return Err(Box::new(ApiError::BadInput {
                field: Some("validUntil".into()),
                message: "validUntil: REQUIRED".into(),
                reason: Some("REQUIRED".into()),
                params: serde_json::Value::Null,
            }));
        }
        Ok(date)
    }

    fn create_input(&self, opportunity_id: String, not_a_number: &str) -> Result<create_quote::CreateQuoteInput, Box<ApiError>> {
        let valid_until = self.checked_validity()?;
        let tax_percent = self.checked_tax(not_a_number)?;
        let lines = self
            .line_inputs(not_a_number)?
            .into_iter()
            .map(|(product_id, quantity, discount_percent)| create_quote::QuoteLineInput { product_id, quantity, discount_percent })
            .collect();
        Ok(create_quote::CreateQuoteInput {
            opportunity_id,
            price_book_id: non_empty(self.book.get_untracked()),
            valid_until,
            terms: non_empty(self.terms.get_untracked()),
            tax_percent,
            lines,
        })
    }

    fn update_input(&self, id: String, version: i64, not_a_number: &str) -> Result<update_quote::UpdateQuoteInput, Box<ApiError>> {
        let valid_until = self.checked_validity()?;
        let tax_percent = self.checked_tax(not_a_number)?;
        let lines = self
            .line_inputs(not_a_number)?
            .into_iter()
            .map(|(product_id, quantity, discount_percent)| update_quote::QuoteLineInput { product_id, quantity, discount_percent })
            .collect();
        Ok(update_quote::UpdateQuoteInput {
            id,
            version,
            valid_until: Some(valid_until),
            terms: Some(self.terms.get_untracked()),
            tax_percent: Some(tax_percent.unwrap_or_else(|| "0".into())),
            lines: Some(lines),
        })
    }
}

/// The default book of `currency`, else its first active book, else any.
fn default_book(books: &[Book], currency: &str) -> Option<String> {
    books
        .iter()
        .find(|book| book.currency == currency && book.is_default)
        .or_else(|| books.iter().find(|book| book.currency == currency))
        .or_else(|| books.first())
        .map(|book| book.id.clone())
}

#[component]
pub fn QuoteCreatePage() -> impl IntoView {
    let params = use_params_map();
    let id = move || params.with(|params| params.get("id").unwrap_or_default());
    let loaded_data = LocalResource::new(move || {
        let id = id();
        async move {
            let opportunity = call::<QuoteOpportunity>(quote_opportunity::Variables { id }).await?.opportunity;
            let books = call::<QuotePriceBooks>(quote_price_books::Variables {}).await?.price_books.nodes;
            Ok::<_, ApiError>((opportunity, books))
        }
    });
    view! {
        <section class="page form-page quote-builder-page" aria-labelledby="quote-builder-title">
            {move || {
                loaded(
                    loaded_data.get(),
                    |(opportunity, books)| view! { <CreateBuilder opportunity=opportunity books=books /> }.into_any(),
                )
            }}
        </section>
    }
}

#[component]
fn CreateBuilder(opportunity: QuoteOpportunityOpportunity, books: Vec<Book>) -> impl IntoView {
    let i18n = use_i18n();
    let back = format!("/opportunities/{}", opportunity.id);
    let currency = opportunity.amount.currency.clone();
    // A new quote starts from the deal's products of interest, one of each, priced in the book.
    let lines = opportunity
        .products
        .iter()
        .map(|product| {
            let line = Line::new(product.id.clone(), product.name.clone(), product.sku.clone(), product.unit, None);
            line.load_prices();
            line
        })
        .collect();
    let draft = Draft {
        owner: StoredValue::new(Owner::current()),
        book: RwSignal::new(default_book(&books, &currency).unwrap_or_default()),
        lines: RwSignal::new(lines),
        tax: RwSignal::new(DEFAULT_TAX_PERCENT.to_owned()),
        valid_until: RwSignal::new(format::local_date(DEFAULT_VALIDITY_DAYS)),
        terms: RwSignal::new(String::new()),
    };
    let name = opportunity.name.clone();
    let title = {
        let name = name.clone();
        move || (i18n.t().sales().new_quote_for)(&name)
    };
    let customer = opportunity.customer.clone();
    let editable = opportunity.viewer_can_edit;
    view! {
        <p class="breadcrumb"><A href=back.clone()>{name}</A></p>
        <h1 id="quote-builder-title">{title}</h1>
        {customer
            .map(|customer| {
                view! {
                    <p class="subtitle" id="quote-customer">
                        {tr(|t| t.customer)} ": " <A href=format!("/customers/{}", customer.id)>{customer.name.clone()}</A>
                    </p>
                }
            })}
        {if editable {
            view! {
                <Builder
                    draft=draft
                    books=books
                    target=Target::Create { opportunity_id: opportunity.id.clone() }
                    back=back
                />
            }
                .into_any()
        } else {
            view! { <ErrorBox error=Signal::derive(|| Some(ApiError::Forbidden(String::new()))) /> }.into_any()
        }}
    }
}

#[component]
pub fn QuoteEditPage() -> impl IntoView {
    let params = use_params_map();
    let id = move || params.with(|params| params.get("id").unwrap_or_default());
    let loaded_data = LocalResource::new(move || {
        let id = id();
        async move {
            let quote = call::<QuoteDetail>(quote_detail::Variables { id }).await?.quote;
            let books = call::<QuotePriceBooks>(quote_price_books::Variables {}).await?.price_books.nodes;
            Ok::<_, ApiError>((quote, books))
        }
    });
    view! {
        <section class="page form-page quote-builder-page" aria-labelledby="quote-builder-title">
            {move || loaded(loaded_data.get(), |(quote, books)| view! { <EditBuilder quote=quote books=books /> }.into_any())}
        </section>
    }
}

#[component]
fn EditBuilder(quote: QuoteDetailQuote, books: Vec<Book>) -> impl IntoView {
    let i18n = use_i18n();
    let back = format!("/quotes/{}", quote.id);
    let number = quote.number.clone();
    let revision = quote.revision;
    let title = move || (i18n.t().sales().edit_quote_title)(&number, revision);
    let lines = quote
        .lines
        .iter()
        .map(|line| {
            let built =
                Line::new(line.product_id.clone(), line.name.clone(), line.sku.clone(), line.unit, Some(line.list_price.amount.clone()));
            built.quantity.set(line.quantity.clone());
            built.discount.set(line.discount_percent.clone());
            built
        })
        .collect();
    let draft = Draft {
        owner: StoredValue::new(Owner::current()),
        book: RwSignal::new(default_book(&books, &quote.currency).unwrap_or_default()),
        lines: RwSignal::new(lines),
        tax: RwSignal::new(quote.tax_percent.clone()),
        valid_until: RwSignal::new(quote.valid_until.clone()),
        terms: RwSignal::new(quote.terms.clone().unwrap_or_default()),
    };
    let editable = quote.viewer_can_edit && quote.status == QuoteStatus::Draft;
    view! {
        <p class="breadcrumb"><A href=back.clone()>{tr(|t| t.sales().back_to_quote)}</A></p>
        <h1 id="quote-builder-title">{title}</h1>
        {if editable {
            view! {
                <Builder
                    draft=draft
                    books=books
                    target=Target::Edit { id: quote.id.clone(), version: quote.version, currency: quote.currency.clone() }
                    back=back
                />
            }
                .into_any()
        } else {
            view! {
                <p class="alert" role="status" id="quote-not-draft">{tr(|t| t.sales().quote_not_draft)}</p>
            }
                .into_any()
        }}
    }
}

/// Input paths shown next to a field (lines show theirs in their row); any other error
/// shows above the buttons.
const FIELDS: &[&str] = &["priceBookId", "validUntil", "terms", "taxPercent", "lines"];

#[component]
fn Builder(draft: Draft, books: Vec<Book>, target: Target, back: String) -> impl IntoView {
    let i18n = use_i18n();
    let navigate = use_navigate();
    let error = RwSignal::new(None::<ApiError>);
    let busy = RwSignal::new(false);
    let editing = matches!(target, Target::Edit { .. });
    let version = RwSignal::new(match &target {
        Target::Edit { version, .. } => *version,
        Target::Create { .. } => 0,
    });
    let books = StoredValue::new(books);
    let fixed_currency = match &target {
        Target::Edit { currency, .. } => Some(currency.clone()),
        Target::Create { .. } => None,
    };
    // The currency of the figures: the quote's, or the chosen book's.
    let currency = Signal::derive(move || {
        fixed_currency.clone().unwrap_or_else(|| {
            let book = draft.book.get();
            books.with_value(|books| books.iter().find(|b| b.id == book).map(|b| b.currency.clone())).unwrap_or_default()
        })
    });
    let figures = Memo::new(move |_| {
        let book = draft.book.get();
        let lines: Vec<LineInput> = draft.lines.with(|lines| {
            lines
                .iter()
                .map(|line| LineInput {
                    quantity: line.quantity.get(),
                    list_price: line.list_price(&book),
                    discount_percent: line.discount.get(),
                })
                .collect()
        });
        let currency = currency.get();
        let digits = minor_digits(&currency);
        (estimate(&lines, &draft.tax.get(), digits), digits)
    });

    let target = StoredValue::new(target);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        error.set(None);
        let not_a_number = i18n.t().sales().quote_not_a_number;
        busy.set(true);
        let navigate = navigate.clone();
        let target = target.get_value();
        let version = version.get_untracked();
        let result = match target {
            Target::Create { opportunity_id } => draft.create_input(opportunity_id, not_a_number).map(|input| {
                leptos::task::spawn_local(async move {
                    match call::<CreateQuote>(create_quote::Variables { input }).await {
                        Ok(data) => navigate(&format!("/quotes/{}", data.create_quote.quote.id), Default::default()),
                        Err(err) => {
                            error.set(Some(err));
                            busy.set(false);
                        }
                    }
                })
            }),
            Target::Edit { id, .. } => draft.update_input(id, version, not_a_number).map(|input| {
                leptos::task::spawn_local(async move {
                    match call::<UpdateQuote>(update_quote::Variables { input }).await {
                        Ok(data) => navigate(&format!("/quotes/{}", data.update_quote.quote.id), Default::default()),
                        Err(err) => {
                            error.set(Some(err));
                            busy.set(false);
                        }
                    }
                })
            }),
        };
        if let Err(err) = result {
            error.set(Some(*err));
            busy.set(false);
        }
    };
    // After a conflict: start again from what was saved.
    let reload = move |_| {
        let Target::Edit { id, .. } = target.get_value() else { return };
        leptos::task::spawn_local(async move {
            match call::<QuoteDetail>(quote_detail::Variables { id }).await {
                Ok(data) => {
                    let quote = data.quote;
                    draft.lines.set(
                        quote
                            .lines
                            .iter()
                            .map(|line| {
                                let built = draft.line(
                                    line.product_id.clone(),
                                    line.name.clone(),
                                    line.sku.clone(),
                                    line.unit,
                                    Some(line.list_price.amount.clone()),
                                );
                                built.quantity.set(line.quantity.clone());
                                built.discount.set(line.discount_percent.clone());
                                built
                            })
                            .collect(),
                    );
                    draft.tax.set(quote.tax_percent.clone());
                    draft.valid_until.set(quote.valid_until.clone());
                    draft.terms.set(quote.terms.clone().unwrap_or_default());
                    version.set(quote.version);
                    error.set(None);
                }
                Err(err) => error.set(Some(err)),
            }
        });
    };
    let error_signal: Signal<Option<ApiError>> = error.into();
    let label = move |f: fn(&crate::i18n::Texts) -> &'static str| Signal::derive(move || f(i18n.t()));
    let book_options = move || {
        books.with_value(|books| {
            books
                .iter()
                .map(|book| {
                    let text = (i18n.t().sales().price_book_option)(&book.name, &book.currency, book.is_default);
                    (book.id.clone(), text)
                })
                .collect::<Vec<_>>()
        })
    };
    let book_message = move || error.get().and_then(|error| error.field_message(i18n.t(), "priceBookId"));
    let general = move || unclaimed_error(error.get(), FIELDS).filter(|error| !is_line_error(error));
    view! {
        <form class="quote-form" novalidate on:submit=submit>
            <fieldset class="form-section">
                <legend>{tr(|t| t.sales().quote_price_book)}</legend>
                {if editing {
                    view! { <p class="hint" id="price-book-fixed">{tr(|t| t.sales().quote_price_book_fixed)}</p> }.into_any()
                } else {
                    view! {
                        <div class="field" class:has-error=move || book_message().is_some()>
                            <label for="f-priceBookId">{tr(|t| t.sales().quote_price_book)}</label>
                            <select
                                id="f-priceBookId"
                                name="priceBookId"
                                aria-describedby="f-priceBookId-hint"
                                aria-invalid=move || book_message().is_some().to_string()
                                prop:value=move || draft.book.get()
                                on:change=move |ev| draft.book.set(event_target_value(&ev))
                            >
                                {move || {
                                    let current = draft.book.get();
                                    book_options()
                                        .into_iter()
                                        .map(|(id, text)| {
                                            let selected = id == current;
                                            view! { <option value=id selected=selected>{text}</option> }
                                        })
                                        .collect_view()
                                }}
                            </select>
                            <small id="f-priceBookId-hint" class="hint">{tr(|t| t.sales().quote_price_book_hint)}</small>
                            {move || book_message().map(|message| view! { <small class="field-error">{message}</small> })}
                        </div>
                    }
                        .into_any()
                }}
            </fieldset>
            <LinesEditor draft=draft error=error_signal currency=currency figures=figures />
            <ProductSearch draft=draft />
            <fieldset class="form-section">
                <legend>{tr(|t| t.sales().quote_conditions)}</legend>
                <div class="form-grid">
                    <TextField
                        label=label(|t| t.sales().quote_tax_percent)
                        value=draft.tax
                        field="taxPercent"
                        error=error_signal
                        input_type="text"
                    />
                    <DateField
                        label=label(|t| t.sales().valid_until)
                        value=draft.valid_until
                        field="validUntil"
                        error=error_signal
                        required=true
                    />
                    <TextField label=label(|t| t.sales().quote_terms) value=draft.terms field="terms" error=error_signal multiline=true />
                </div>
            </fieldset>
            <EstimatedTotals figures=figures currency=currency tax=draft.tax />
            <FormErrors error=Signal::derive(general) />
            {move || {
                (editing && is_stale(&error.get()))
                    .then(|| {
                        view! {
                            <button type="button" id="reload-quote" on:click=reload>
                                {i18n.t().reload}
                            </button>
                        }
                    })
            }}
            <div class="form-actions">
                <button type="submit" class="button-primary" id="save-quote" disabled=move || busy.get()>
                    {tr(|t| t.sales().save_draft)}
                </button>
                <A href=back attr:class="button">{tr(|t| t.cancel)}</A>
            </div>
        </form>
    }
}

/// Whether the error is about one line (shown in its row).
fn is_line_error(error: &ApiError) -> bool {
    match error {
        ApiError::BadInput { field: Some(path), .. } | ApiError::Conflict { field: Some(path), .. } => {
            let path = path.strip_prefix("input.").unwrap_or(path);
            path.strip_prefix("lines.").is_some_and(|rest| rest.starts_with(|ch: char| ch.is_ascii_digit()))
        }
        _ => false,
    }
}

type Figures = Memo<(super::Estimate, u32)>;

/// The lines: product, list price, quantity, discount, estimated net, remove.
#[component]
fn LinesEditor(draft: Draft, error: Signal<Option<ApiError>>, currency: Signal<String>, figures: Figures) -> impl IntoView {
    let i18n = use_i18n();
    let lines_message =
        move || error.get().filter(|error| error.is_about("lines") && !is_line_error(error)).and_then(|error| error.input_text(i18n.t()));
    let remove = Callback::new(move |key: u64| draft.lines.update(|lines| lines.retain(|line| line.key != key)));
    view! {
        <fieldset class="form-section quote-lines-editor" class:has-error=move || lines_message().is_some()>
            <legend>{tr(|t| t.sales().quote_lines)}</legend>
            {move || {
                let lines = draft.lines.get();
                if lines.is_empty() {
                    return view! { <p class="empty" id="no-quote-lines">{i18n.t().sales().quote_no_lines}</p> }.into_any();
                }
                let rows = lines
                    .into_iter()
                    .enumerate()
                    .map(|(index, line)| view! { <LineRow index=index line=line error=error currency=currency figures=figures book=draft.book remove=remove /> })
                    .collect_view();
                view! {
                    <div class="table-wrap">
                        <table class="quote-lines-editor">
                            <thead>
                                <tr>
                                    <th scope="col">{i18n.t().sales().quote_product}</th>
                                    <th scope="col">{i18n.t().sales().quote_list_price}</th>
                                    <th scope="col">{i18n.t().sales().quote_quantity}</th>
                                    <th scope="col">{i18n.t().sales().quote_discount}</th>
                                    <th scope="col">{i18n.t().sales().quote_net_estimate}</th>
                                    <th scope="col"><span class="visually-hidden">{i18n.t().sales().quote_line_actions}</span></th>
                                </tr>
                            </thead>
                            <tbody>{rows}</tbody>
                        </table>
                    </div>
                }
                    .into_any()
            }}
            {move || lines_message().map(|message| view! { <small class="field-error" id="f-lines-error">{message}</small> })}
        </fieldset>
    }
}

#[component]
fn LineRow(
    index: usize,
    line: Line,
    error: Signal<Option<ApiError>>,
    currency: Signal<String>,
    figures: Figures,
    book: RwSignal<String>,
    remove: Callback<u64>,
) -> impl IntoView {
    let i18n = use_i18n();
    let message = move |name: &'static str| {
        let field = format!("lines.{index}.{name}");
        Signal::derive(move || error.get().and_then(|error| error.field_message(i18n.t(), &field)))
    };
    let product_message = message("productId");
    let quantity_message = message("quantity");
    let discount_message = message("discountPercent");
    let quantity_id = field_id(&format!("lines.{index}.quantity"));
    let discount_id = field_id(&format!("lines.{index}.discountPercent"));
    let (quantity_error_id, discount_error_id) = (format!("{quantity_id}-error"), format!("{discount_id}-error"));
    let product_error_id = field_id(&format!("lines.{index}.productId-error"));
    let price = {
        let line = line.clone();
        move || match line.list_price(&book.get()) {
            Some(amount) => format::money(i18n.tag(), &amount, &currency.get()),
            None => i18n.t().sales().quote_no_price.to_owned(),
        }
    };
    let net = move || {
        let (estimate, digits) = figures.get();
        match estimate.nets.get(index).copied().flatten() {
            Some(net) => format::money(i18n.tag(), &minor_to_decimal(net, digits), &currency.get()),
            None => i18n.t().none.to_owned(),
        }
    };
    let (quantity, discount, key) = (line.quantity, line.discount, line.key);
    let name = format!("{} ({})", line.name, line.sku);
    let quantity_label = (i18n.t().sales().quantity_of)(&name);
    let discount_label = (i18n.t().sales().discount_of)(&name);
    let remove_label = (i18n.t().sales().remove_line_of)(&name);
    let unit = line.unit;
    view! {
        <tr data-line=index data-product=line.product_id.clone() data-sku=line.sku.clone()>
            <th scope="row">
                {line.name.clone()} " " <span class="sku">{line.sku.clone()}</span>
                {move || product_message.get().map(|text| view! { <small class="field-error" id=product_error_id.clone()>{text}</small> })}
            </th>
            <td class="number" data-field="listPrice">{price}</td>
            <td class:has-error=move || quantity_message.get().is_some()>
                <label class="visually-hidden" for=quantity_id.clone()>{quantity_label}</label>
                <input
                    id=quantity_id
                    class="line-quantity"
                    type="text"
                    inputmode="decimal"
                    size="6"
                    aria-invalid=move || quantity_message.get().is_some().to_string()
                    aria-describedby=move || quantity_message.get().map(|_| quantity_error_id.clone())
                    prop:value=move || quantity.get()
                    on:input=move |ev| quantity.set(event_target_value(&ev))
                />
                " "
                <span class="unit">{move || (i18n.t().sales().unit_label)(unit)}</span>
                {
                    let id = format!("{}-error", field_id(&format!("lines.{index}.quantity")));
                    move || quantity_message.get().map(|text| view! { <small class="field-error" id=id.clone()>{text}</small> })
                }
            </td>
            <td class:has-error=move || discount_message.get().is_some()>
                <label class="visually-hidden" for=discount_id.clone()>{discount_label}</label>
                <input
                    id=discount_id
                    class="line-discount"
                    type="text"
                    inputmode="decimal"
                    size="5"
                    aria-invalid=move || discount_message.get().is_some().to_string()
                    aria-describedby=move || discount_message.get().map(|_| discount_error_id.clone())
                    prop:value=move || discount.get()
                    on:input=move |ev| discount.set(event_target_value(&ev))
                />
                {
                    let id = format!("{}-error", field_id(&format!("lines.{index}.discountPercent")));
                    move || discount_message.get().map(|text| view! { <small class="field-error" id=id.clone()>{text}</small> })
                }
            </td>
            <td class="number" data-field="net">{net}</td>
            <td>
                <button type="button" class="button-link remove-line" aria-label=remove_label on:click=move |_| remove.run(key)>
                    "×"
                </button>
            </td>
        </tr>
    }
}

/// Search among the products priced in the chosen book, and add one as a line.
#[component]
fn ProductSearch(draft: Draft) -> impl IntoView {
    let i18n = use_i18n();
    let typed = RwSignal::new(String::new());
    let search = RwSignal::new(String::new());
    let matches = LocalResource::new(move || {
        let (book, text) = (draft.book.get(), non_empty(search.get()));
        async move {
            if book.is_empty() {
                return Ok(Vec::new());
            }
            call::<QuoteBookEntries>(quote_book_entries::Variables { id: book, search: text })
                .await
                .map(|data| data.price_book.entries.nodes)
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
        <fieldset class="form-section quote-product-search">
            <legend>{tr(|t| t.sales().quote_add_product)}</legend>
            <div class="field">
                <label for="quote-product-search">{tr(|t| t.sales().product_search)}</label>
                <input
                    id="quote-product-search"
                    type="search"
                    autocomplete="off"
                    aria-describedby="quote-product-search-hint"
                    prop:value=move || typed.get()
                    on:input=on_input
                />
                <small id="quote-product-search-hint" class="hint">{tr(|t| t.sales().quote_product_search_hint)}</small>
            </div>
            {move || {
                loaded(
                    matches.get(),
                    move |entries| {
                        if entries.is_empty() {
                            return view! { <p class="empty">{i18n.t().sales().quote_no_priced_products}</p> }.into_any();
                        }
                        let book = draft.book.get_untracked();
                        view! {
                            <ul class="product-matches" aria-live="polite">
                                {entries
                                    .into_iter()
                                    .map(|entry| {
                                        let product = entry.product;
                                        let price = entry.list_price;
                                        let label = format!("{} ({})", product.name, product.sku);
                                        let add_label = (i18n.t().sales().add_line_of)(&label);
                                        let price_text = {
                                            let price = price.clone();
                                            move || format::money(i18n.tag(), &price.amount, &price.currency)
                                        };
                                        let sku = product.sku.clone();
                                        let book = book.clone();
                                        let add = move |_| {
                                            let line = draft.line(
                                                product.id.clone(),
                                                product.name.clone(),
                                                product.sku.clone(),
                                                product.unit,
                                                None,
                                            );
                                            line.prices.set(vec![(book.clone(), price.amount.clone())]);
                                            line.load_prices();
                                            draft.lines.update(|lines| lines.push(line));
                                        };
                                        view! {
                                            <li>
                                                <span>{label.clone()} " · " {price_text}</span>
                                                " "
                                                <button type="button" class="add-line" data-sku=sku aria-label=add_label on:click=add>
                                                    {tr(|t| t.sales().quote_add_button)}
                                                </button>
                                            </li>
                                        }
                                    })
                                    .collect_view()}
                            </ul>
                        }
                            .into_any()
                    },
                )
            }}
        </fieldset>
    }
}

/// The estimate of the totals, marked as such.
#[component]
fn EstimatedTotals(figures: Figures, currency: Signal<String>, tax: RwSignal<String>) -> impl IntoView {
    let i18n = use_i18n();
    let amount = move |pick: fn(&super::Estimate) -> i128| {
        move || {
            let (estimate, digits) = figures.get();
            format::money(i18n.tag(), &minor_to_decimal(pick(&estimate), digits), &currency.get())
        }
    };
    let rate = move || {
        let rate = api_decimal(&tax.get());
        if rate.is_empty() {
            "0".to_owned()
        } else {
            rate
        }
    };
    view! {
        <section class="card estimate-section" aria-labelledby="estimate-title" aria-describedby="estimate-hint">
            <h2 id="estimate-title">{tr(|t| t.sales().estimated_totals)}</h2>
            <p class="hint" id="estimate-hint">{tr(|t| t.sales().estimate_hint)}</p>
            <dl class="facts totals" aria-live="polite">
                <dt>{tr(|t| t.sales().quote_list_total)}</dt>
                <dd class="number" data-field="listTotal">{amount(|e| e.list_total)}</dd>
                <dt>{tr(|t| t.sales().quote_discount_total)}</dt>
                <dd class="number" data-field="discountTotal">{amount(|e| e.discount_total)}</dd>
                <dt>{tr(|t| t.sales().quote_subtotal)}</dt>
                <dd class="number" data-field="subtotal">{amount(|e| e.subtotal)}</dd>
                <dt>{move || (i18n.t().sales().quote_tax)(&rate())}</dt>
                <dd class="number" data-field="taxAmount">{amount(|e| e.tax_amount)}</dd>
                <dt>{tr(|t| t.sales().estimated_total)}</dt>
                <dd class="number total" data-field="total" id="estimated-total">{amount(|e| e.total)}</dd>
            </dl>
            {move || {
                (!figures.get().0.complete)
                    .then(|| view! { <p class="alert" role="status" id="estimate-incomplete">{i18n.t().sales().estimate_incomplete}</p> })
            }}
        </section>
    }
}
