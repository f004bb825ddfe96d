//! Tables of orders.
pub mod order;
pub mod order_line;

// How each mutable table is written (`crm_core::versioned`): its name in refusals and the
// audit subject of its changes.
use crm_core::audit::Subject;
crm_core::versioned!(order, "order", |row| Subject::Order { id: row.id, customer_id: row.customer_id });
