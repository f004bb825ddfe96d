//! The orders API: orders with their lines and ERP delivery, credit exposure, credit holds,
//! and the status the ERP reports.

use crate::connection;
use crate::connection::page_cost;
use crate::customers::loaders::CustomerById;
use crate::customers::Customer;
use crate::erp::DeliveryByOrder;
use crate::erp::ErpDelivery;
use crate::identity::{User, UserById};
use crate::loaders::QuoteById;
use crate::payload;
use crate::quotes::{DocumentLine, Quote};
use crate::request::loader;
use crate::types::Money;
use crate::{app, caller};
use async_graphql::dataloader::Loader;
use async_graphql::{Context, Object, Result, SimpleObject, ID};
use chrono::{DateTime, Utc};
use crm_core::db::Db;
use crm_core::error::AppError;
use crm_core::filters::parse_id;
use crm_core::pagination::PageRequest;
use crm_core::principal::Principal;
use crm_core::values::from_scaled;
use crm_core::visible::{Seen, Visible};
use crm_sales::access::{credit_release, order_status_report, OrderScope};
use crm_sales::orders::domain::OrderStatus;
use crm_sales::orders::entity::{order, order_line};
use crm_sales::orders::inputs::{CreateOrderInput, OrderActionInput, OrderFilter, ReportOrderStatusInput};
use crm_sales::orders::{credit, repo, service};
use rust_decimal::Decimal;
use std::collections::HashMap;

/// An order of a customer, on its way through the ERP.
#[derive(Clone)]
pub struct Order(Visible<order::Model>);

impl From<Visible<order::Model>> for Order {
    fn from(row: Visible<order::Model>) -> Self {
        Self(row)
    }
}

/// An order of a customer, on its way through the ERP.
#[Object]
impl Order {
    /// Unique id (UUIDv7).
    pub async fn id(&self) -> ID {
        ID(self.0.id.to_string())
    }
    /// Number, e.g. `O-2026-00042`.
    async fn number(&self) -> &str {
        &self.0.number
    }
    /// Where the order is.
    async fn status(&self) -> OrderStatus {
        self.0.status
    }
    /// When it entered its status.
    async fn status_changed_at(&self) -> DateTime<Utc> {
        self.0.status_changed_at
    }
    /// The customer.
    async fn customer(&self, ctx: &Context<'_>) -> Result<Option<Customer>> {
        Ok(loader::<CustomerById>(ctx)?.load_one(self.0.customer_id).await?.map(Customer::from))
    }
    /// The accepted quote it came from.
    async fn quote(&self, ctx: &Context<'_>) -> Result<Option<Quote>> {
        let Some(id) = self.0.quote_id else { return Ok(None) };
        Ok(loader::<QuoteById>(ctx)?.load_one(id).await?.map(Quote::from))
    }
    /// ISO 4217 code of every amount.
    async fn currency(&self) -> &str {
        &self.0.currency
    }
    /// The lines, in order.
    async fn lines(&self, ctx: &Context<'_>) -> Result<Vec<DocumentLine>> {
        let lines = loader::<LinesByOrder>(ctx)?.load_one(self.0.key(|r| r.id)).await?.unwrap_or_default();
        Ok(lines.iter().map(|l| DocumentLine::from_order(l, &self.0.currency)).collect())
    }
    /// Sum of the lines' nets.
    async fn subtotal(&self) -> Money {
        Money::from_scaled(self.0.subtotal, &self.0.currency)
    }
    /// Tax rate in percent.
    async fn tax_percent(&self) -> Decimal {
        from_scaled(self.0.tax_percent)
    }
    /// Tax.
    async fn tax_amount(&self) -> Money {
        Money::from_scaled(self.0.tax_amount, &self.0.currency)
    }
    /// Subtotal + tax.
    async fn total(&self) -> Money {
        Money::from_scaled(self.0.total, &self.0.currency)
    }
    /// Why the credit check held it.
    async fn hold_reason(&self) -> Option<&str> {
        self.0.hold_reason.as_deref()
    }
    /// Who released the credit hold, as the audit log labels them (their email).
    async fn released_by(&self) -> Option<&str> {
        self.0.released_by.as_deref()
    }
    /// The user who released the credit hold (staff and integrations only: null for partners
    /// and customers, like the note).
    async fn released_by_user(&self, ctx: &Context<'_>) -> Result<Option<User>> {
        if !sees_internals(ctx)? {
            return Ok(None);
        }
        let Some(key) = self.0.seen(|r| r.released_by_id) else { return Ok(None) };
        Ok(loader::<UserById>(ctx)?.load_one(key).await?.map(User::from))
    }
    /// The releasing manager's note (staff and integrations only).
    async fn release_note(&self, ctx: &Context<'_>) -> Result<Option<&str>> {
        Ok(if sees_internals(ctx)? { self.0.release_note.as_deref() } else { None })
    }
    /// The ERP's own id of the order.
    async fn erp_reference(&self) -> Option<&str> {
        self.0.erp_reference.as_deref()
    }
    /// Why it was cancelled.
    async fn cancel_reason(&self) -> Option<&str> {
        self.0.cancel_reason.as_deref()
    }
    /// Its hand-off to the ERP: attempts, errors, when delivered (staff and the ERP's key).
    async fn erp_delivery(&self, ctx: &Context<'_>) -> Result<Option<ErpDelivery>> {
        if !sees_internals(ctx)? {
            return Ok(None);
        }
        Ok(loader::<DeliveryByOrder>(ctx)?.load_one(self.0.key(|r| r.id)).await?.map(ErpDelivery::from))
    }
    /// When it was placed.
    async fn created_at(&self) -> DateTime<Utc> {
        self.0.created_at
    }
    /// Increases with every change; send it back with actions.
    async fn version(&self) -> i32 {
        self.0.version
    }
    /// Whether the caller may release its credit hold.
    async fn viewer_can_release(&self, ctx: &Context<'_>) -> Result<bool> {
        Ok(self.0.status == OrderStatus::CreditHold && credit_release(&caller(ctx)?.principal).is_ok())
    }
}

/// Whether the caller sees an order's internal handling (its ERP hand-off, who released its
/// credit hold and why): staff and integrations, not partners or customers.
fn sees_internals(ctx: &Context<'_>) -> Result<bool> {
    Ok(!matches!(caller(ctx)?.principal, Principal::Customer { .. } | Principal::Partner { .. }))
}

/// A customer's credit position in the currency of its limit.
#[derive(SimpleObject, Clone)]
pub struct CreditExposure {
    /// The credit limit.
    pub limit: Money,
    /// Open orders and unpaid invoices.
    pub exposure: Money,
    /// Limit − exposure (negative when over).
    pub available: Money,
    /// Orders waiting in CREDIT_HOLD (not in `exposure`).
    pub held: Money,
}

impl From<credit::Exposure> for CreditExposure {
    fn from(e: credit::Exposure) -> Self {
        let m = |amount: Decimal| Money { amount: amount.normalize(), currency: e.currency.clone() };
        Self { limit: m(e.limit), exposure: m(e.exposure), available: m(e.available()), held: m(e.held) }
    }
}

connection!(OrderConnection, OrderEdge, Order, order::Entity, "orders");
payload!(CreateOrderPayload, order, Order, "Result of createOrder.");
payload!(ReleaseCreditHoldPayload, order, Order, "Result of releaseCreditHold.");
payload!(CancelOrderPayload, order, Order, "Result of cancelOrder.");
payload!(ReportOrderStatusPayload, order, Order, "Result of reportOrderStatus.");

#[derive(Default)]
pub struct OrderQuery;

#[Object]
impl OrderQuery {
    /// Orders the caller may see, newest first.
    #[graphql(complexity = "page_cost(first, last, child_complexity)")]
    async fn orders(
        &self,
        ctx: &Context<'_>,
        first: Option<i32>,
        after: Option<String>,
        last: Option<i32>,
        before: Option<String>,
        filter: Option<OrderFilter>,
    ) -> Result<OrderConnection> {
        let scope = OrderScope::of(&caller(ctx)?.principal)?;
        let page = PageRequest::from_relay(first, after, last, before)?;
        let (page, all) = repo::list_orders(&app(ctx)?.db.read, &scope, &filter.unwrap_or_default(), &page).await?;
        Ok(OrderConnection::new(page, all, Order))
    }

    /// One order by id.
    async fn order(&self, ctx: &Context<'_>, id: ID) -> Result<Order> {
        let scope = OrderScope::of(&caller(ctx)?.principal)?;
        let found = repo::find_order(&app(ctx)?.db.read, &scope, parse_id(&id, "id")?).await?;
        Ok(Order(found.ok_or(AppError::NotFound("order"))?))
    }
}

#[derive(Default)]
pub struct OrderMutation;

#[Object]
impl OrderMutation {
    /// Enters an order directly (without a quote), priced from a price book and checked
    /// against the customer's credit.
    async fn create_order(&self, ctx: &Context<'_>, input: CreateOrderInput) -> Result<CreateOrderPayload> {
        Ok(CreateOrderPayload { order: Order(service::create_order(app(ctx)?, caller(ctx)?, input).await?) })
    }

    /// Releases an order held for credit (ADMIN, SALES_MANAGER): it is placed and sent to the ERP.
    async fn release_credit_hold(&self, ctx: &Context<'_>, input: OrderActionInput) -> Result<ReleaseCreditHoldPayload> {
        let caller = caller(ctx)?;
        let rights = credit_release(&caller.principal)?;
        Ok(ReleaseCreditHoldPayload { order: Order(service::release_hold(app(ctx)?, caller, &rights, input).await?) })
    }

    /// Cancels an order held for credit (a reason is required).
    async fn cancel_order(&self, ctx: &Context<'_>, input: OrderActionInput) -> Result<CancelOrderPayload> {
        Ok(CancelOrderPayload { order: Order(service::cancel(app(ctx)?, caller(ctx)?, input).await?) })
    }

    /// The ERP reports where an order is (an API key with `orders:status`, or an admin).
    async fn report_order_status(&self, ctx: &Context<'_>, input: ReportOrderStatusInput) -> Result<ReportOrderStatusPayload> {
        let caller = caller(ctx)?;
        let rights = order_status_report(&caller.principal)?;
        Ok(ReportOrderStatusPayload { order: Order(service::report_status(app(ctx)?, caller, &rights, input).await?) })
    }
}

/// Lines of visible orders, in order.
pub struct LinesByOrder {
    pub db: Db,
}

impl Loader<Seen<order::Model>> for LinesByOrder {
    type Value = Vec<Visible<order_line::Model>>;
    type Error = async_graphql::Error;

    async fn load(&self, keys: &[Seen<order::Model>]) -> Result<HashMap<Seen<order::Model>, Self::Value>, Self::Error> {
        Ok(Seen::group(keys, repo::lines_of_seen(&self.db.read, keys).await?, |l| l.order_id))
    }
}

crate::db_loader!(LinesByOrder);

crate::node_lookup!("orders", |db, principal, ids| {
    use crate::node::Node;
    let Ok(scope) = crm_sales::access::OrderScope::of(principal) else { return Ok(Vec::new()) };
    Ok(repo::orders_by_ids(db, &scope, ids).await?.into_iter().map(|r| (r.id, Node::Order(Order(r)))).collect())
});
