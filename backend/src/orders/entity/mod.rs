//! Tables of orders.
pub mod order;
pub mod order_line;
