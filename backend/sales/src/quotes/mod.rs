//! Quotes (personalised offers) for an opportunity: lines priced from a price book with
//! per-line discounts and tax, computed server-side in exact decimals; DRAFT until sent,
//! immutable once SENT (a revision makes a new version); accepted or rejected by the
//! customer (accepting places the order); rendered as a PDF the customer receives.

pub mod discounts;
pub mod domain;
pub mod entity;
pub mod inputs;
pub mod lines;
pub mod pdf;
pub mod pricing;
pub mod repo;
pub mod service;
