//! The quotes API.

use crate::catalog::PriceBookById;
use crate::connection;
use crate::connection::page_cost;
use crate::customers::loaders::CustomerById;
use crate::customers::Customer;
use crate::loaders::OpportunityById;
use crate::loaders::OrderByQuote;
use crate::orders::Order;
use crate::payload;
use crate::pipeline::Opportunity;
use crate::request::loader;
use crate::types::Money;
use crate::{app, caller};
use async_graphql::dataloader::Loader;
use async_graphql::{Context, Object, Result, SimpleObject, ID};
use chrono::{DateTime, NaiveDate, Utc};
use crm_core::db::Db;
use crm_core::error::AppError;
use crm_core::filters::parse_id;
use crm_core::pagination::PageRequest;
use crm_core::principal::Principal;
use crm_core::values::from_scaled;
use crm_core::visible::{Seen, Visible};
use crm_sales::access::{discount_approve, quote_decide, quote_edit, QuoteScope};
use crm_sales::catalog::domain::ProductUnit;
use crm_sales::quotes::discounts::{self, SetDiscountLimitInput};
use crm_sales::quotes::domain::{QuoteStatus, QuoteStatusRules, Seller};
use crm_sales::quotes::entity::{discount_limit, quote, quote_line};
use crm_sales::quotes::inputs::{CreateQuoteInput, QuoteActionInput, QuoteFilter, ReturnQuoteInput, UpdateQuoteInput};
use crm_sales::quotes::{repo, service};
use rust_decimal::Decimal;
use std::collections::HashMap;

/// A personalised offer for an opportunity.
#[derive(Clone)]
pub struct Quote(Visible<quote::Model>);

impl From<Visible<quote::Model>> for Quote {
    fn from(row: Visible<quote::Model>) -> Self {
        Self(row)
    }
}

/// A personalised offer for an opportunity.
#[Object]
impl Quote {
    /// Unique id (UUIDv7).
    pub async fn id(&self) -> ID {
        ID(self.0.id.to_string())
    }
    /// Number shared by all revisions, e.g. `Q-2026-00042`.
    async fn number(&self) -> &str {
        &self.0.number
    }
    /// Revision, from 1.
    async fn revision(&self) -> i32 {
        self.0.revision
    }
    /// Status as of today: a sent quote past its validity date is EXPIRED.
    async fn status(&self, ctx: &Context<'_>) -> Result<QuoteStatus> {
        Ok(self.0.status.as_of(self.0.valid_until, app(ctx)?.clock.now().date_naive()))
    }
    /// The opportunity quoted (null when the caller may not see it: customers).
    async fn opportunity(&self, ctx: &Context<'_>) -> Result<Option<Opportunity>> {
        Ok(loader::<OpportunityById>(ctx)?.load_one(self.0.opportunity_id).await?.map(Opportunity::from))
    }
    /// The customer.
    async fn customer(&self, ctx: &Context<'_>) -> Result<Option<Customer>> {
        Ok(loader::<CustomerById>(ctx)?.load_one(self.0.customer_id).await?.map(Customer::from))
    }
    /// ISO 4217 code of every amount.
    async fn currency(&self) -> &str {
        &self.0.currency
    }
    /// The price book the lines are priced from (null for customer users, who do not read
    /// the catalog).
    async fn price_book(&self, ctx: &Context<'_>) -> Result<Option<crate::catalog::PriceBook>> {
        if crm_sales::access::catalog_read(&caller(ctx)?.principal).is_err() {
            return Ok(None);
        }
        Ok(loader::<PriceBookById>(ctx)?.load_one(self.0.price_book_id).await?.map(crate::catalog::PriceBook::from))
    }
    /// Last day the offer holds.
    async fn valid_until(&self) -> NaiveDate {
        self.0.valid_until
    }
    /// Terms and conditions.
    async fn terms(&self) -> Option<&str> {
        self.0.terms.as_deref()
    }
    /// The lines, in order.
    async fn lines(&self, ctx: &Context<'_>) -> Result<Vec<DocumentLine>> {
        let lines = loader::<LinesByQuote>(ctx)?.load_one(self.0.key(|r| r.id)).await?.unwrap_or_default();
        Ok(lines.into_iter().map(|l| DocumentLine::from_quote(&l, &self.0.currency)).collect())
    }
    /// Σ quantity × list price.
    async fn list_total(&self) -> Money {
        Money::from_scaled(self.0.list_total, &self.0.currency)
    }
    /// List total less discounts.
    async fn discount_total(&self) -> Money {
        Money::from_scaled(self.0.list_total - self.0.subtotal, &self.0.currency)
    }
    /// Sum of the lines' nets.
    async fn subtotal(&self) -> Money {
        Money::from_scaled(self.0.subtotal, &self.0.currency)
    }
    /// Tax rate in percent.
    async fn tax_percent(&self) -> Decimal {
        from_scaled(self.0.tax_percent)
    }
    /// Subtotal × tax rate.
    async fn tax_amount(&self) -> Money {
        Money::from_scaled(self.0.tax_amount, &self.0.currency)
    }
    /// Subtotal + tax.
    async fn total(&self) -> Money {
        Money::from_scaled(self.0.total, &self.0.currency)
    }
    /// When it was sent.
    async fn sent_at(&self) -> Option<DateTime<Utc>> {
        self.0.sent_at
    }
    /// When it was accepted or rejected.
    async fn decided_at(&self) -> Option<DateTime<Utc>> {
        self.0.decided_at
    }
    /// Who accepted or rejected it.
    async fn decided_by(&self) -> Option<&str> {
        self.0.decided_by.as_deref()
    }
    /// The order placed on acceptance.
    async fn order(&self, ctx: &Context<'_>) -> Result<Option<Order>> {
        if self.0.status != QuoteStatus::Accepted {
            return Ok(None);
        }
        Ok(loader::<OrderByQuote>(ctx)?.load_one(self.0.id).await?.map(Order::from))
    }
    /// Where to download the PDF (`GET`, with the same `Authorization` header as the API).
    async fn pdf_url(&self) -> String {
        format!("/quotes/{}/pdf", self.0.id)
    }
    /// When it was created.
    async fn created_at(&self) -> DateTime<Utc> {
        self.0.created_at
    }
    /// Increases with every change; send it back with every action.
    async fn version(&self) -> i32 {
        self.0.version
    }
    /// Whether the caller may change, send and revise it.
    async fn viewer_can_edit(&self, ctx: &Context<'_>) -> Result<bool> {
        Ok(quote_edit(&caller(ctx)?.principal, &self.0).is_ok())
    }
    /// Whether the caller may accept or reject it.
    async fn viewer_can_decide(&self, ctx: &Context<'_>) -> Result<bool> {
        Ok(quote_decide(&caller(ctx)?.principal, &self.0).is_ok())
    }
    /// Its largest line discount, in percent.
    async fn max_discount_percent(&self, ctx: &Context<'_>) -> Result<Decimal> {
        let lines = loader::<LinesByQuote>(ctx)?.load_one(self.0.key(|r| r.id)).await?.unwrap_or_default();
        Ok(from_scaled(lines.iter().map(|l| l.discount_percent).max().unwrap_or(0)))
    }
    /// Who let a discount above its seller's limit go to the customer (staff only).
    async fn discount_approved_by(&self, ctx: &Context<'_>) -> Result<Option<&str>> {
        Ok(staff_only(ctx)?.then_some(()).and(self.0.discount_approved_by.as_deref()))
    }
    /// When the discount was approved (staff only).
    async fn discount_approved_at(&self, ctx: &Context<'_>) -> Result<Option<DateTime<Utc>>> {
        Ok(staff_only(ctx)?.then_some(()).and(self.0.discount_approved_at))
    }
    /// Why a sales manager returned it to draft instead of approving its discount (staff and
    /// partner users).
    async fn approval_note(&self, ctx: &Context<'_>) -> Result<Option<&str>> {
        let seller = !matches!(caller(ctx)?.principal, Principal::Customer { .. });
        Ok(seller.then_some(()).and(self.0.approval_note.as_deref()))
    }
    /// Whether the caller may approve its discount or return it to draft (it waits for that).
    async fn viewer_can_approve_discount(&self, ctx: &Context<'_>) -> Result<bool> {
        Ok(self.0.status == QuoteStatus::PendingApproval && discount_approve(&caller(ctx)?.principal, &self.0).is_ok())
    }
}

/// Whether the caller is staff (who see a quote's internal fields).
fn staff_only(ctx: &Context<'_>) -> Result<bool> {
    Ok(matches!(caller(ctx)?.principal, Principal::Staff { .. } | Principal::System { .. }))
}

/// The largest line discount one kind of seller gives without a sales manager's approval.
#[derive(SimpleObject, Clone)]
pub struct DiscountLimit {
    /// Who it is for.
    pub seller: Seller,
    /// The largest line discount, in percent.
    pub max_percent: Decimal,
    /// When it was last set.
    pub updated_at: DateTime<Utc>,
}

impl From<discount_limit::Model> for DiscountLimit {
    fn from(row: discount_limit::Model) -> Self {
        DiscountLimit { seller: row.seller, max_percent: from_scaled(row.max_percent), updated_at: row.updated_at }
    }
}

/// A line of a quote or order: the product as it was quoted.
#[derive(SimpleObject, Clone)]
pub struct DocumentLine {
    /// Product id.
    pub product_id: ID,
    /// SKU at the time.
    pub sku: String,
    /// Name at the time.
    pub name: String,
    /// Unit.
    pub unit: ProductUnit,
    /// Quantity.
    pub quantity: Decimal,
    /// Price of one unit from the price book.
    pub list_price: Money,
    /// Discount in percent.
    pub discount_percent: Decimal,
    /// quantity × list price less the discount.
    pub net: Money,
}

impl DocumentLine {
    pub fn from_quote(l: &quote_line::Model, currency: &str) -> Self {
        Self {
            product_id: ID(l.product_id.to_string()),
            sku: l.sku.clone(),
            name: l.name.clone(),
            unit: l.unit,
            quantity: from_scaled(l.quantity),
            list_price: Money::from_scaled(l.list_price, currency),
            discount_percent: from_scaled(l.discount_percent),
            net: Money::from_scaled(l.net, currency),
        }
    }

    pub fn from_order(l: &crm_sales::orders::entity::order_line::Model, currency: &str) -> Self {
        Self {
            product_id: ID(l.product_id.to_string()),
            sku: l.sku.clone(),
            name: l.name.clone(),
            unit: l.unit,
            quantity: from_scaled(l.quantity),
            list_price: Money::from_scaled(l.list_price, currency),
            discount_percent: from_scaled(l.discount_percent),
            net: Money::from_scaled(l.net, currency),
        }
    }
}

/// Result of acceptQuote.
#[derive(SimpleObject)]
pub struct AcceptQuotePayload {
    /// The accepted quote.
    pub quote: Quote,
    /// The order placed (PLACED, or CREDIT_HOLD when it exceeds the customer's credit).
    pub order: Order,
}

connection!(QuoteConnection, QuoteEdge, Quote, quote::Entity, "quotes");
payload!(CreateQuotePayload, quote, Quote, "Result of createQuote.");
payload!(UpdateQuotePayload, quote, Quote, "Result of updateQuote.");
payload!(SendQuotePayload, quote, Quote, "Result of sendQuote.");
payload!(RejectQuotePayload, quote, Quote, "Result of rejectQuote.");
payload!(ReviseQuotePayload, quote, Quote, "Result of reviseQuote: the new draft.");

#[derive(Default)]
pub struct QuoteQuery;

#[Object]
impl QuoteQuery {
    /// The discount limits set, by seller: the largest line discount each gives without a
    /// sales manager's approval (a seller not listed has none). Staff and partner users.
    async fn discount_limits(&self, ctx: &Context<'_>) -> Result<Vec<DiscountLimit>> {
        match caller(ctx)?.principal {
            Principal::Staff { .. } | Principal::Partner { .. } | Principal::System { .. } => {}
            _ => return Err(AppError::Forbidden("read discount limits (staff and partner users)").into()),
        }
        Ok(discounts::limits(&app(ctx)?.db.read).await?.into_iter().map(DiscountLimit::from).collect())
    }

    /// Quotes the caller may see (customers: their own, neither drafts nor those waiting for
    /// a discount approval), newest first.
    #[graphql(complexity = "page_cost(first, last, child_complexity)")]
    async fn quotes(
        &self,
        ctx: &Context<'_>,
        first: Option<i32>,
        after: Option<String>,
        last: Option<i32>,
        before: Option<String>,
        filter: Option<QuoteFilter>,
    ) -> Result<QuoteConnection> {
        let scope = QuoteScope::of(&caller(ctx)?.principal)?;
        let page = PageRequest::from_relay(first, after, last, before)?;
        let (page, all) = repo::list_quotes(&app(ctx)?.db.read, &scope, &filter.unwrap_or_default(), &page).await?;
        Ok(QuoteConnection::new(page, all, Quote))
    }

    /// One quote by id.
    async fn quote(&self, ctx: &Context<'_>, id: ID) -> Result<Quote> {
        let scope = QuoteScope::of(&caller(ctx)?.principal)?;
        let found = repo::find_quote(&app(ctx)?.db.read, &scope, parse_id(&id, "id")?).await?;
        Ok(Quote(found.ok_or(AppError::NotFound("quote"))?))
    }
}

#[derive(Default)]
pub struct QuoteMutation;

#[Object]
impl QuoteMutation {
    /// Prepares a DRAFT quote for an opportunity, priced from a price book.
    async fn create_quote(&self, ctx: &Context<'_>, input: CreateQuoteInput) -> Result<CreateQuotePayload> {
        Ok(CreateQuotePayload { quote: Quote(service::create_quote(app(ctx)?, caller(ctx)?, input).await?) })
    }

    /// Changes a DRAFT quote (lines, tax, validity, terms).
    async fn update_quote(&self, ctx: &Context<'_>, input: UpdateQuoteInput) -> Result<UpdateQuotePayload> {
        Ok(UpdateQuotePayload { quote: Quote(service::update_quote(app(ctx)?, caller(ctx)?, input).await?) })
    }

    /// Sends a draft: from now on it does not change. A line discount above the caller's
    /// limit (`discountLimits`) makes it PENDING_APPROVAL instead: it reaches the customer once
    /// a sales manager approves it.
    async fn send_quote(&self, ctx: &Context<'_>, input: QuoteActionInput) -> Result<SendQuotePayload> {
        Ok(SendQuotePayload { quote: Quote(service::send_quote(app(ctx)?, caller(ctx)?, input).await?) })
    }

    /// Approves the discount of a quote waiting for it: the quote is SENT to the customer
    /// (sales managers and admins).
    async fn approve_quote_discount(&self, ctx: &Context<'_>, input: QuoteActionInput) -> Result<SendQuotePayload> {
        Ok(SendQuotePayload { quote: Quote(service::approve_discount(app(ctx)?, caller(ctx)?, input).await?) })
    }

    /// Returns a quote waiting for a discount approval to DRAFT, with a note for its seller
    /// (sales managers and admins).
    async fn return_quote_for_discount(&self, ctx: &Context<'_>, input: ReturnQuoteInput) -> Result<UpdateQuotePayload> {
        Ok(UpdateQuotePayload { quote: Quote(service::return_for_discount(app(ctx)?, caller(ctx)?, input).await?) })
    }

    /// Sets the largest line discount a kind of seller gives without approval (null: no
    /// limit); returns every limit (sales managers and admins).
    async fn set_discount_limit(&self, ctx: &Context<'_>, input: SetDiscountLimitInput) -> Result<Vec<DiscountLimit>> {
        Ok(discounts::set_limit(app(ctx)?, caller(ctx)?, input).await?.into_iter().map(DiscountLimit::from).collect())
    }

    /// Accepts a sent quote (its customer, or staff on its word): places the order and wins
    /// the opportunity.
    async fn accept_quote(&self, ctx: &Context<'_>, input: QuoteActionInput) -> Result<AcceptQuotePayload> {
        let (quote, order) = service::accept_quote(app(ctx)?, caller(ctx)?, input).await?;
        Ok(AcceptQuotePayload { quote: Quote(quote), order: Order::from(order) })
    }

    /// Declines a sent quote.
    async fn reject_quote(&self, ctx: &Context<'_>, input: QuoteActionInput) -> Result<RejectQuotePayload> {
        Ok(RejectQuotePayload { quote: Quote(service::reject_quote(app(ctx)?, caller(ctx)?, input).await?) })
    }

    /// Makes a new DRAFT revision of a sent, rejected or expired quote.
    async fn revise_quote(&self, ctx: &Context<'_>, input: QuoteActionInput) -> Result<ReviseQuotePayload> {
        Ok(ReviseQuotePayload { quote: Quote(service::revise_quote(app(ctx)?, caller(ctx)?, input).await?) })
    }
}

/// Lines of visible quotes, in order.
pub struct LinesByQuote {
    pub db: Db,
}

impl Loader<Seen<quote::Model>> for LinesByQuote {
    type Value = Vec<Visible<quote_line::Model>>;
    type Error = async_graphql::Error;

    async fn load(&self, keys: &[Seen<quote::Model>]) -> Result<HashMap<Seen<quote::Model>, Self::Value>, Self::Error> {
        Ok(Seen::group(keys, repo::lines_of_seen(&self.db.read, keys).await?, |l| l.quote_id))
    }
}

crate::db_loader!(LinesByQuote);

crate::node_lookup!("quotes", |db, principal, ids| {
    use crate::node::Node;
    let Ok(scope) = crm_sales::access::QuoteScope::of(principal) else { return Ok(Vec::new()) };
    Ok(repo::quotes_by_ids(db, &scope, ids).await?.into_iter().map(|r| (r.id, Node::Quote(Quote(r)))).collect())
});
