//! Tables of quotes.
pub mod discount_limit;
pub mod quote;
pub mod quote_line;

// How each mutable table is written (`crm_core::versioned`): its name in refusals and the
// audit subject of its changes.
use crm_core::audit::Subject;
crm_core::versioned!(quote, "quote", |row| Subject::Quote { id: row.id, customer_id: row.customer_id });
