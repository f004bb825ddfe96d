//! The product catalog: products in families and tiers, and price books that give each
//! product a list price per currency. Quotes and orders price their lines from here.

pub mod domain;
pub mod entity;
pub mod inputs;
pub mod repo;
pub mod service;
