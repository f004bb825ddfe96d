//! One module per screen.

pub mod admin;
pub mod customers;
pub mod leads;
pub mod login;
pub mod metrics;
pub mod pipeline;
pub mod self_service;
