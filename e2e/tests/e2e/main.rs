//! Every end-to-end test in one binary: the real `crm` binary driven over HTTP and in headless
//! Chromium. One test binary links once instead of once per file, which is most of what an
//! e2e change costs to rebuild (`cargo test -p e2e` runs them all; `cargo test -p e2e browser::`
//! one module).

mod api;
mod app_flows;
mod browser;
mod bulk;
mod chat;
mod company;
mod contacts;
mod email;
mod erp;
mod home;
mod imports;
mod knowledge;
mod notes;
mod sales_flow;
mod scripts;
mod service;
mod tasks;
mod timeline;
mod two_servers;
mod views;
