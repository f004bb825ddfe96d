//! Leads: unqualified prospects arriving from the website, imports, campaigns, partners,
//! referrals or by hand; routed to a salesperson or partner by assignment rules; worked and
//! qualified; and converted, in one transaction, into a customer, a contact and an
//! opportunity.

pub mod assignment;
pub mod conversion;
pub mod domain;
pub mod entity;
pub mod inputs;
pub mod repo;
pub mod service;
pub mod web_form;
