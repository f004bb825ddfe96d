//! Inputs of order operations.

use super::domain::OrderStatus;
use crate::quotes::inputs::QuoteLineInput;
use async_graphql::{InputObject, ID};
use crm_core::filters::IdFilter;
use rust_decimal::Decimal;

/// Input of createOrder: an order entered directly, priced from a price book.
#[derive(InputObject, Debug, Clone)]
pub struct CreateOrderInput {
    /// The customer ordering.
    pub customer_id: ID,
    /// Price book; default: the default book of `currency`.
    pub price_book_id: Option<ID>,
    /// ISO 4217 code when no price book is named. Default EUR.
    pub currency: Option<String>,
    /// Tax rate in percent. Default 0.
    pub tax_percent: Option<Decimal>,
    /// The lines (1 to 100).
    pub lines: Vec<QuoteLineInput>,
}

/// An order at a version, with an optional note (release, cancel).
#[derive(InputObject, Debug, Clone)]
pub struct OrderActionInput {
    /// Id of the order.
    pub id: ID,
    /// The version the action is based on.
    pub version: i32,
    /// Why: required to cancel; to release a credit hold, the manager's note (at most 500
    /// characters), kept on the order.
    pub reason: Option<String>,
}

/// Input of reportOrderStatus: the ERP tells where an order is.
#[derive(InputObject, Debug, Clone)]
pub struct ReportOrderStatusInput {
    /// The order, by id …
    pub id: Option<ID>,
    /// … or by number (`O-2026-00042`).
    pub number: Option<String>,
    /// The new status (forward only; CANCELLED until paid).
    pub status: OrderStatus,
    /// The ERP's own id of the order.
    pub erp_reference: Option<String>,
}

/// Typed filter of the orders list.
#[derive(InputObject, Debug, Clone, Default)]
pub struct OrderFilter {
    /// Statuses.
    pub status: Option<OrderStatusFilter>,
    /// Customers.
    pub customer_id: Option<IdFilter>,
    /// Owners.
    pub owner_id: Option<IdFilter>,
    /// Text in the number.
    pub search: Option<String>,
}

crm_core::enum_filter!(OrderStatusFilter, OrderStatus);
