//! Quotes: the builder (`builder.rs`), a quote's page (`detail.rs`), and the list the
//! opportunity page, the Customer 360 page and the self-service area share.
//!
//! Totals are the server's. The builder's live figures are an estimate with the server's
//! rules (see `backend/sales/src/quotes/pricing.rs`), in exact integer arithmetic on decimals scaled
//! by 10^4, never floating point; after saving, the quote's page shows the server's figures.

pub mod builder;
pub mod detail;

use leptos::prelude::*;
use leptos_router::components::A;

use crate::api::call;
use crate::api::ops::quote_list::{IdFilter, QuoteFilter, QuoteListQuotesNodes, QuoteStatusFilter, Variables};
use crate::api::ops::{QuoteList, QuoteStatus};
use crate::components::loaded;
use crate::format;
use crate::i18n::{tr, use_i18n};

/// Decimal places every parsed value is scaled to.
const SCALE_DIGITS: u32 = 4;
const SCALE: i128 = 10_i128.pow(SCALE_DIGITS);

/// An exact decimal as the API writes it (`12.5`, `-3`, `0.0001`; a comma is read as the
/// decimal point, as people type it in Italian) scaled by 10^4; `None` when it is not a
/// number or has more than four decimals.
pub fn parse_scaled(text: &str) -> Option<i128> {
    let text = text.trim().replace(',', ".");
    let (negative, digits) = match text.strip_prefix('-') {
        Some(rest) => (true, rest.to_owned()),
        None => (false, text),
    };
    let (whole, fraction) = digits.split_once('.').unwrap_or((&digits, ""));
    if (whole.is_empty() && fraction.is_empty())
        || fraction.len() > SCALE_DIGITS as usize
        || !whole.chars().chain(fraction.chars()).all(|ch| ch.is_ascii_digit())
        || whole.len() > 20
    {
        return None;
    }
    let whole: i128 = if whole.is_empty() { 0 } else { whole.parse().ok()? };
    let mut fraction_value: i128 = if fraction.is_empty() { 0 } else { fraction.parse().ok()? };
    fraction_value *= 10_i128.pow(SCALE_DIGITS - fraction.len() as u32);
    let value = whole.checked_mul(SCALE)?.checked_add(fraction_value)?;
    Some(if negative { -value } else { value })
}

/// `numerator / denominator` rounded half away from zero (`denominator` > 0).
fn div_round(numerator: i128, denominator: i128) -> i128 {
    let half = denominator / 2;
    if numerator >= 0 {
        (numerator + half) / denominator
    } else {
        -((-numerator + half) / denominator)
    }
}

/// An amount in minor units (`12345` with 2 digits) as the API writes decimals (`123.45`).
pub fn minor_to_decimal(minor: i128, digits: u32) -> String {
    let sign = if minor < 0 { "-" } else { "" };
    let minor = minor.abs();
    if digits == 0 {
        return format!("{sign}{minor}");
    }
    let unit = 10_i128.pow(digits);
    format!("{sign}{}.{:0width$}", minor / unit, minor % unit, width = digits as usize)
}

/// Digits of a currency's minor unit, from the browser's `Intl` (2 outside a browser or for
/// a code it does not know), as the server takes them from ISO 4217.
pub fn minor_digits(currency: &str) -> u32 {
    use js_sys::{Array, Intl, Object, Reflect};
    use wasm_bindgen::JsValue;
    if !cfg!(target_arch = "wasm32") || currency.len() != 3 {
        return 2;
    }
    let options = Object::new();
    let _ = Reflect::set(&options, &JsValue::from_str("style"), &JsValue::from_str("currency"));
    let _ = Reflect::set(&options, &JsValue::from_str("currency"), &JsValue::from_str(currency));
    let format = Intl::NumberFormat::new(&Array::of1(&JsValue::from_str("en")), &options);
    let resolved = format.resolved_options();
    Reflect::get(&resolved, &JsValue::from_str("maximumFractionDigits"))
        .ok()
        .and_then(|digits| digits.as_f64())
        .filter(|digits| (0.0..=4.0).contains(digits))
        .map_or(2, |digits| digits as u32)
}

/// An exact decimal (a quantity, a percentage) with the locale's separators and up to four
/// decimals, handed to `Intl` as a string like money.
pub fn exact_decimal(tag: &str, value: &str) -> String {
    use js_sys::{Array, Intl, Object, Reflect};
    use wasm_bindgen::JsValue;
    if !cfg!(target_arch = "wasm32") {
        return value.to_owned();
    }
    let options = Object::new();
    let _ = Reflect::set(&options, &JsValue::from_str("maximumFractionDigits"), &JsValue::from_f64(4.0));
    let format = Intl::NumberFormat::new(&Array::of1(&JsValue::from_str(tag)), &options);
    format
        .format()
        .call1(&JsValue::UNDEFINED, &JsValue::from_str(value))
        .ok()
        .and_then(|text| text.as_string())
        .unwrap_or_else(|| value.to_owned())
}

/// One line as the builder holds it: quantity, list price and discount, each as typed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LineInput {
    pub quantity: String,
    pub list_price: Option<String>,
    pub discount_percent: String,
}

/// The estimated figures, in minor units of the currency.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Estimate {
    /// Net of each line; `None` for a line whose figures cannot be read yet.
    pub nets: Vec<Option<i128>>,
    pub list_total: i128,
    pub discount_total: i128,
    pub subtotal: i128,
    pub tax_amount: i128,
    pub total: i128,
    /// Whether every line and the tax rate could be read (else the totals leave some out).
    pub complete: bool,
}

/// The server's arithmetic on the builder's values: a line's list amount is quantity × list
/// price and its net that less the discount, each rounded to the currency's minor unit half
/// away from zero; the subtotal sums the nets; the tax is the subtotal × rate, rounded once;
/// the total is subtotal + tax. An empty discount or tax counts as 0, as on the server.
pub fn estimate(lines: &[LineInput], tax_percent: &str, digits: u32) -> Estimate {
    let minor = 10_i128.pow(digits);
    let mut result = Estimate { complete: true, ..Estimate::default() };
    let percent = |text: &str| if text.trim().is_empty() { Some(0) } else { parse_scaled(text) };
    for line in lines {
        let figures = (parse_scaled(&line.quantity), line.list_price.as_deref().and_then(parse_scaled), percent(&line.discount_percent));
        let net = match figures {
            (Some(quantity), Some(price), Some(discount)) => {
                // quantity × price has scale 10^8; × (100 − discount) at scale 10^4, / 100.
                let gross = quantity.checked_mul(price);
                let net = gross.and_then(|gross| gross.checked_mul(100 * SCALE - discount)).map(|value| value.checked_mul(minor));
                match (gross, net) {
                    (Some(gross), Some(Some(net))) => {
                        let list = gross.checked_mul(minor).map(|value| div_round(value, SCALE * SCALE));
                        let net = div_round(net, SCALE * SCALE * 100 * SCALE);
                        match list {
                            Some(list) => {
                                result.list_total += list;
                                Some(net)
                            }
                            None => None,
                        }
                    }
                    _ => None,
                }
            }
            _ => None,
        };
        match net {
            Some(net) => result.subtotal += net,
            None => result.complete = false,
        }
        result.nets.push(net);
    }
    result.discount_total = result.list_total - result.subtotal;
    match percent(tax_percent) {
        Some(rate) => result.tax_amount = div_round(result.subtotal * rate, 100 * SCALE),
        None => result.complete = false,
    }
    result.total = result.subtotal + result.tax_amount;
    result
}

/// Quotes listed on a page; the newest come first.
const QUOTES_SHOWN: i64 = 50;

/// Which quotes a [`QuotesTable`] lists.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum QuoteScope {
    Opportunity(String),
    Customer(String),
    /// Everything the viewer may see: a customer user's own quotes (never drafts).
    Mine,
}

/// A status badge.
#[component]
pub fn QuoteStatusBadge(status: QuoteStatus, #[prop(optional)] id: Option<&'static str>) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <span class="badge quote-status" id=id data-status=status.as_api()>
            {move || (i18n.t().sales().quote_status_label)(status)}
        </span>
    }
}

/// The quotes of an opportunity, of a customer or of the signed-in customer, newest first:
/// number and revision (linking to the quote's page), status, total and validity.
#[component]
pub fn QuotesTable(scope: QuoteScope) -> impl IntoView {
    let i18n = use_i18n();
    let mine = scope == QuoteScope::Mine;
    let quotes = LocalResource::new(move || {
        let scope = scope.clone();
        async move {
            let ids = |id: String| Some(IdFilter { in_: Some(vec![id]), is_null: None });
            let filter = match scope {
                QuoteScope::Opportunity(id) => QuoteFilter { opportunity_id: ids(id), ..Default::default() },
                QuoteScope::Customer(id) => QuoteFilter { customer_id: ids(id), ..Default::default() },
                QuoteScope::Mine => QuoteFilter {
                    status: Some(QuoteStatusFilter {
                        in_: vec![QuoteStatus::Sent, QuoteStatus::Accepted, QuoteStatus::Rejected, QuoteStatus::Expired],
                    }),
                    ..Default::default()
                },
            };
            let variables = Variables { first: Some(QUOTES_SHOWN), after: None, filter: Some(filter) };
            call::<QuoteList>(variables).await.map(|data| data.quotes.nodes)
        }
    });
    move || {
        loaded(quotes.get(), move |nodes: Vec<QuoteListQuotesNodes>| {
            if nodes.is_empty() {
                return view! { <p class="empty">{tr(|t| t.sales().no_quotes)}</p> }.into_any();
            }
            let rows = nodes
                .into_iter()
                .map(|quote| {
                    let href = if mine { format!("/me/quotes/{}", quote.id) } else { format!("/quotes/{}", quote.id) };
                    let (total, valid) = (quote.total.clone(), quote.valid_until.clone());
                    let number = quote.number.clone();
                    let revision = quote.revision;
                    view! {
                        <tr data-id=quote.id.clone() data-status=quote.status.as_api()>
                            <th scope="row">
                                <A href=href>{move || (i18n.t().sales().quote_number_revision)(&number, revision)}</A>
                            </th>
                            <td><QuoteStatusBadge status=quote.status /></td>
                            <td class="number">{move || format::money(i18n.tag(), &total.amount, &total.currency)}</td>
                            <td>{move || format::calendar_date(i18n.tag(), &valid)}</td>
                        </tr>
                    }
                })
                .collect_view();
            view! {
                <div class="table-wrap">
                    <table class="quotes">
                        <thead>
                            <tr>
                                <th scope="col">{tr(|t| t.sales().quote_number)}</th>
                                <th scope="col">{tr(|t| t.sales().quote_status)}</th>
                                <th scope="col">{tr(|t| t.sales().quote_total)}</th>
                                <th scope="col">{tr(|t| t.sales().valid_until)}</th>
                            </tr>
                        </thead>
                        <tbody>{rows}</tbody>
                    </table>
                </div>
            }
            .into_any()
        })
    }
}

/// Orders listed on a page; the newest come first.
const ORDERS_SHOWN: i64 = 10;

/// A customer's orders, newest first (a customer user's own without `customer_id`): number,
/// status, total and date; `link_orders` links each to its page (a customer user's in its
/// self-service area).
#[component]
pub fn OrdersTable(
    customer_id: Option<String>,
    link_orders: bool,
    /// Id of the heading that names the table (its scrollable region is focusable).
    labelled_by: &'static str,
) -> impl IntoView {
    use crate::api::ops::customer_order_list::{IdFilter, OrderFilter, Variables};
    use crate::api::ops::CustomerOrderList;
    let i18n = use_i18n();
    let pages = if crate::app::use_viewer().customer.is_some() { "/me/orders" } else { "/orders" };
    let orders = LocalResource::new(move || {
        let customer_id = customer_id.clone();
        async move {
            let filter = customer_id
                .map(|id| OrderFilter { customer_id: Some(IdFilter { in_: Some(vec![id]), is_null: None }), ..Default::default() });
            call::<CustomerOrderList>(Variables { first: Some(ORDERS_SHOWN), filter }).await.map(|data| data.orders.nodes)
        }
    });
    move || {
        loaded(orders.get(), move |nodes| {
            if nodes.is_empty() {
                return view! { <p class="empty">{tr(|t| t.sales().customer_no_orders)}</p> }.into_any();
            }
            let rows = nodes
                .into_iter()
                .map(|order| {
                    let (total, created) = (order.total.clone(), order.created_at.clone());
                    let datetime = created.clone();
                    let status = order.status;
                    let (id, number_text) = (order.id.clone(), order.number.clone());
                    let number = if link_orders {
                        let (href, text) = (format!("{pages}/{id}"), number_text.clone());
                        view! { <A href=href>{text}</A> }.into_any()
                    } else {
                        view! { <span>{number_text.clone()}</span> }.into_any()
                    };
                    view! {
                        <tr data-id=id data-number=number_text data-status=status.as_api()>
                            <th scope="row">{number}</th>
                            <td>
                                <span class="badge" data-status=status.as_api()>{move || (i18n.t().sales_labels.order_status_label)(status)}</span>
                            </td>
                            <td class="number" data-field="total">{move || format::money(i18n.tag(), &total.amount, &total.currency)}</td>
                            <td><time datetime=datetime>{move || format::date(i18n.tag(), &created)}</time></td>
                        </tr>
                    }
                })
                .collect_view();
            view! {
                <div class="table-wrap" tabindex="0" role="region" aria-labelledby=labelled_by>
                    <table class="customer-orders">
                        <thead>
                            <tr>
                                <th scope="col">{tr(|t| t.sales().order_column_number)}</th>
                                <th scope="col">{tr(|t| t.sales().order_column_status)}</th>
                                <th scope="col">{tr(|t| t.sales().order_column_total)}</th>
                                <th scope="col">{tr(|t| t.sales().order_column_date)}</th>
                            </tr>
                        </thead>
                        <tbody>{rows}</tbody>
                    </table>
                </div>
            }
            .into_any()
        })
    }
}

/// Whether a credit position needs attention: over the limit, or orders waiting on hold.
pub fn credit_needs_attention(available: &str, held: &str) -> bool {
    over_the_limit(available) || holds_orders(held)
}

/// Whether the available credit is negative: the customer is over its limit.
fn over_the_limit(available: &str) -> bool {
    parse_scaled(available).is_some_and(|value| value < 0)
}

/// Whether orders are held for credit.
fn holds_orders(held: &str) -> bool {
    parse_scaled(held).is_some_and(|value| value > 0)
}

/// A customer's credit position: limit, exposure, available and held, with a warning when
/// it is over the limit or orders are held.
#[component]
pub fn CreditPosition(customer_id: String) -> impl IntoView {
    use crate::api::ops::customer_credit_exposure::Variables;
    use crate::api::ops::CustomerCreditExposure;
    let i18n = use_i18n();
    let position = LocalResource::new(move || {
        let id = customer_id.clone();
        async move { call::<CustomerCreditExposure>(Variables { id }).await.map(|data| data.customer.credit_exposure) }
    });
    move || {
        loaded(position.get(), move |position| {
            let Some(position) = position else {
                return view! { <p class="empty" id="no-credit-limit">{tr(|t| t.sales().credit_no_limit_set)}</p> }.into_any();
            };
            let warning = credit_needs_attention(&position.available.amount, &position.held.amount);
            // Only the figure that is the problem is marked: a positive balance is never red.
            let (over, holding) = (over_the_limit(&position.available.amount), holds_orders(&position.held.amount));
            let money = move |amount: String, currency: String| move || format::money(i18n.tag(), &amount, &currency);
            let limit = money(position.limit.amount, position.limit.currency);
            let exposure = money(position.exposure.amount, position.exposure.currency);
            let available = money(position.available.amount, position.available.currency);
            let held = money(position.held.amount, position.held.currency);
            view! {
                <div class="credit-position" class:credit-warning=warning data-warning=warning.to_string()>
                    <dl class="facts">
                        <dt>{tr(|t| t.sales().credit_limit_label)}</dt>
                        <dd class="number" data-field="limit">{limit}</dd>
                        <dt>{tr(|t| t.sales().credit_exposure_amount)}</dt>
                        <dd class="number" data-field="exposure">{exposure}</dd>
                        <dt>{tr(|t| t.sales().credit_available_amount)}</dt>
                        <dd class="number" class:alarm=over data-field="available">{available}</dd>
                        <dt>{tr(|t| t.sales().credit_held_amount)}</dt>
                        <dd class="number" class:alarm=holding data-field="held">{held}</dd>
                    </dl>
                    {warning.then(|| view! { <p class="alert alert-warning" role="status">{tr(|t| t.sales().credit_warning)}</p> })}
                </div>
            }
            .into_any()
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn line(quantity: &str, price: &str, discount: &str) -> LineInput {
        LineInput { quantity: quantity.into(), list_price: Some(price.into()), discount_percent: discount.into() }
    }

    #[test]
    fn decimals_are_scaled_exactly() {
        assert_eq!(parse_scaled("12.5"), Some(125_000));
        assert_eq!(parse_scaled("0,0001"), Some(1));
        assert_eq!(parse_scaled("-3"), Some(-30_000));
        assert_eq!(parse_scaled(".5"), Some(5_000));
        assert_eq!(parse_scaled("1.23456"), None);
        assert_eq!(parse_scaled("1e3"), None);
        assert_eq!(parse_scaled(""), None);
        assert_eq!(parse_scaled("."), None);
        assert_eq!(minor_to_decimal(12_345, 2), "123.45");
        assert_eq!(minor_to_decimal(-5, 2), "-0.05");
        assert_eq!(minor_to_decimal(7, 0), "7");
    }

    #[test]
    fn estimates_follow_the_servers_rounding() {
        // 3 × 19.99 = 59.97, less 12.5 % = 52.47375 → 52.47; 1.5 × 0.01 = 0.015 → 0.02.
        let lines = [line("3", "19.99", "12.5"), line("1.5", "0.01", "")];
        let result = estimate(&lines, "22", 2);
        assert_eq!(result.nets, vec![Some(5_247), Some(2)]);
        assert_eq!(result.list_total, 5_997 + 2);
        assert_eq!(result.subtotal, 5_249);
        assert_eq!(result.discount_total, 750);
        // 52.49 × 22 % = 11.5478 → 11.55.
        assert_eq!(result.tax_amount, 1_155);
        assert_eq!(result.total, 6_404);
        assert!(result.complete);
        // Half away from zero: 0.125 → 0.13.
        assert_eq!(estimate(&[line("1", "0.125", "0")], "0", 2).nets, vec![Some(13)]);
        // A currency without minor units.
        assert_eq!(estimate(&[line("3", "333.5", "0")], "10", 0).total, 1_101);
    }

    #[test]
    fn credit_warns_when_over_the_limit_or_held() {
        assert!(!credit_needs_attention("100.00", "0"));
        assert!(credit_needs_attention("-0.01", "0"));
        assert!(credit_needs_attention("10", "250.00"));
        // Held orders with credit left: the held figure is the alarm, the balance is not.
        assert!(!over_the_limit("20000.00") && holds_orders("250.00"));
    }

    #[test]
    fn unreadable_lines_leave_the_estimate_incomplete() {
        let lines = [line("x", "10", "0"), LineInput { quantity: "1".into(), list_price: None, discount_percent: String::new() }];
        let result = estimate(&lines, "22", 2);
        assert_eq!(result.nets, vec![None, None]);
        assert!(!result.complete);
        assert_eq!(result.total, 0);
        assert!(!estimate(&[line("1", "10", "0")], "abc", 2).complete);
    }
}
