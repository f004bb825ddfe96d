//! One module per screen.

pub mod admin;
pub mod customers;
pub mod login;
pub mod self_service;
