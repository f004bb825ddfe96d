//! Customers (people and companies) and their contacts, with addresses, consent, tags,
//! owners and partner assignment: the single customer record every channel shares; and who
//! sees and changes which (`access`).

pub mod access;
pub mod bulk;
pub mod contacts;
pub mod domain;
pub mod entity;
pub mod import;
pub mod inputs;
pub mod repo;
pub mod search;
pub mod service;
pub mod validate;
mod writes;
