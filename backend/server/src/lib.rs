//! The `crm` server: the command line, startup, the HTTP layer (GraphQL endpoint, probes,
//! metrics, the browser app's files, web-to-lead, documents) and the demo data generator.
//! The domains and the GraphQL API live in the crates below it (ARCHITECTURE.md).

// The schema's merged root objects nest deeply in async-graphql's generated futures: a
// release build computes their layouts past the default limit of 128.
#![recursion_limit = "256"]

pub mod cli;
pub mod config;
pub mod http;
mod import_cli;
pub mod seed;
pub mod startup;
pub mod telemetry;
