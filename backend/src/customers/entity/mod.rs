//! Tables of the customers domain.
pub mod contact;
pub mod contact_point;
pub mod customer;
pub mod customer_tag;
pub mod search_token;

// How each mutable table is written (`crate::versioned`): its name in refusals and the
// audit subject of its changes.
use crate::audit::Subject;
crate::versioned!(customer, "customer", |row| Subject::Customer(row.id));
crate::archivable!(customer);
crate::versioned!(contact, "contact", |row| Subject::Contact { id: row.id, customer_id: row.customer_id });
crate::archivable!(contact);
