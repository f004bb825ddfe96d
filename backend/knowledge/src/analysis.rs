//! How the knowledge base reads words: the CRM's one text analysis ([`crm_core::text`]), so
//! that articles and tickets are indexed and searched alike.

pub use crm_core::text::*;
