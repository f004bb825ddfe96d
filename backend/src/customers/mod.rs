//! Customers (people and companies) and their contacts, with addresses, consent, tags,
//! owners and partner assignment: the single customer record every channel shares.

pub mod contacts;
pub mod domain;
pub mod entity;
pub mod graphql;
pub mod inputs;
pub mod loaders;
pub mod repo;
pub mod search;
pub mod service;
pub mod validate;
mod writes;
