//! Integration tests: the real application, started per test on a fresh database (a temp
//! SQLite file; and a fresh PostgreSQL database when `CRM_TEST_POSTGRES_URL` is set), spoken to
//! over HTTP with GraphQL, as clients do. One test binary (faster to link).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::print_stdout)]

mod helpers;

mod access;
mod access_table;
mod app;
mod audit;
mod auth;
mod browser_session;
mod calls;
mod catalog;
mod chat;
mod company;
mod constraints;
mod customers;
mod email;
mod erp;
mod exports;
mod imports;
mod interactions;
mod knowledge;
mod leads;
mod limits;
mod live_timeline;
mod metrics;
mod notes;
mod nps;
mod pipeline;
mod quotes;
mod routing;
mod satisfaction;
mod saved_views;
mod schema;
mod scripts;
mod service;
mod sla_warnings;
mod sms;
mod tasks;
mod ticket_links;
mod ticket_search;
mod ticket_tags;
