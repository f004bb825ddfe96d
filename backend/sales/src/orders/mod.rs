//! Orders: placed from an accepted quote or entered directly; checked against the customer's
//! credit (an order that would take the exposure past the limit waits in CREDIT_HOLD for a
//! manager); handed to the ERP through the transactional outbox (`crate::erp`); moved on by
//! the status the ERP reports back.

pub mod credit;
pub mod domain;
pub mod entity;
pub mod inputs;
pub mod repo;
pub mod service;
