//! Tables of the customers domain.
pub mod contact;
pub mod contact_point;
pub mod customer;
pub mod customer_tag;
pub mod search_token;

// How each mutable table is written (`crm_core::versioned`): its name in refusals and the
// audit subject of its changes.
use crm_core::audit::Subject;
crm_core::versioned!(customer, "customer", |row| Subject::Customer(row.id));
crm_core::archivable!(customer);
crm_core::versioned!(contact, "contact", |row| Subject::Contact { id: row.id, customer_id: row.customer_id });
crm_core::archivable!(contact);
