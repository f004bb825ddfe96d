//! The GraphQL API over every domain: its types, resolvers and DataLoaders, one module per
//! domain, and the plumbing they share: the schema (built once, used by the server, the
//! tests and the SDL export), per-request state, Relay connections and the `Node`
//! interface. Fields that join two domains (a customer's deals, orders and credit exposure)
//! live here, the one layer that depends on both.

// The schema's merged root objects nest deeply in async-graphql's generated futures: each
// member of QueryRoot is one level more in the layout the compiler computes, past the
// default limit of 128 at 25 members.
#![recursion_limit = "256"]

pub mod audit;
pub mod auth;
pub mod calls;
pub mod catalog;
pub mod chat;
pub mod company;
pub mod connection;
pub mod customers;
pub mod email;
pub mod erp;
pub mod identity;
pub mod imports;
pub mod interactions;
pub mod knowledge;
pub mod leads;
pub mod live;
pub mod loaders;
pub mod node;
pub mod notes;
pub mod notifications;
pub mod nps;
pub mod orders;
pub mod pipeline;
pub mod quotes;
pub mod request;
pub mod routing;
pub mod sales_metrics;
pub mod satisfaction;
pub mod saved_views;
pub mod schema;
pub mod scripts;
pub mod service;
pub mod sms;
pub mod tasks;
pub mod types;

pub use request::{app, caller, RequestState};
pub use schema::{build_schema, execute, export_sdl, CrmSchema, SchemaOptions};
