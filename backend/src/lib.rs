//! The CRM server: one database and one GraphQL API behind every customer channel.
//! See ARCHITECTURE.md for the map of this crate.

pub mod access;
pub mod audit;
pub mod auth;
pub mod catalog;
pub mod cli;
pub mod clock;
pub mod config;
pub mod context;
pub mod customers;
pub mod db;
pub mod erp;
pub mod error;
pub mod filters;
pub mod graphql;
pub mod http;
pub mod identity;
pub mod leads;
pub mod numbering;
pub mod orders;
pub mod pagination;
pub mod pipeline;
pub mod quotes;
pub mod seed;
pub mod startup;
pub mod telemetry;
pub mod values;
pub mod versioned;
