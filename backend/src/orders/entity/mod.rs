//! Tables of orders.
pub mod order;
pub mod order_line;

// How each mutable table is written (`crate::versioned`): its name in refusals and the
// audit subject of its changes.
use crate::audit::Subject;
crate::versioned!(order, "order", |row| Subject::Order { id: row.id, customer_id: row.customer_id });
