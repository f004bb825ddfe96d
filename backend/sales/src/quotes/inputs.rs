//! Inputs of quote operations.

use super::domain::QuoteStatus;
use async_graphql::{InputObject, ID};
use chrono::NaiveDate;
use crm_core::filters::IdFilter;
use rust_decimal::Decimal;

/// A line to quote; the list price comes from the quote's price book.
#[derive(InputObject, Debug, Clone)]
pub struct QuoteLineInput {
    /// The product (active, priced in the book).
    pub product_id: ID,
    /// Quantity (above 0, at most 4 decimals).
    pub quantity: Decimal,
    /// Discount in percent, 0–100 (at most 2 decimals). Default 0.
    pub discount_percent: Option<Decimal>,
}

/// Input of createQuote: a DRAFT for an opportunity.
#[derive(InputObject, Debug, Clone)]
pub struct CreateQuoteInput {
    /// The opportunity quoted.
    pub opportunity_id: ID,
    /// Price book; default: the default book of the opportunity's currency.
    pub price_book_id: Option<ID>,
    /// Last day the offer holds (today or later).
    pub valid_until: NaiveDate,
    /// Terms and conditions printed on the quote.
    pub terms: Option<String>,
    /// Tax rate in percent (e.g. 22 for Italian VAT). Default 0.
    pub tax_percent: Option<Decimal>,
    /// The lines (1 to 100).
    pub lines: Vec<QuoteLineInput>,
}

/// Changes to a DRAFT quote; `lines` replaces all lines.
#[derive(InputObject, Debug, Clone)]
pub struct UpdateQuoteInput {
    /// Id of the quote.
    pub id: ID,
    /// The version the change is based on; a newer stored version is a CONFLICT.
    pub version: i32,
    /// Last day the offer holds.
    pub valid_until: Option<NaiveDate>,
    /// Terms and conditions.
    pub terms: Option<String>,
    /// Tax rate in percent.
    pub tax_percent: Option<Decimal>,
    /// The new lines (1 to 100).
    pub lines: Option<Vec<QuoteLineInput>>,
}

/// A quote at a version (send, accept, reject, revise).
#[derive(InputObject, Debug, Clone)]
pub struct QuoteActionInput {
    /// Id of the quote.
    pub id: ID,
    /// The version the action is based on.
    pub version: i32,
}

/// Input of returnQuoteForDiscount: a sales manager sends a quote waiting for a discount
/// approval back to draft, saying why.
#[derive(InputObject, Debug, Clone)]
pub struct ReturnQuoteInput {
    /// Id of the quote.
    pub id: ID,
    /// The version the action is based on.
    pub version: i32,
    /// What the seller should change (1 to 2,000 characters).
    pub note: String,
}

/// Typed filter of the quotes list.
#[derive(InputObject, Debug, Clone, Default)]
pub struct QuoteFilter {
    /// Statuses (as stored; a SENT quote past its date shows as EXPIRED).
    pub status: Option<QuoteStatusFilter>,
    /// Opportunities.
    pub opportunity_id: Option<IdFilter>,
    /// Customers.
    pub customer_id: Option<IdFilter>,
}

crm_core::enum_filter!(QuoteStatusFilter, QuoteStatus);
