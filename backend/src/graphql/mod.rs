//! GraphQL plumbing shared by every domain: the schema (built once, used by the server, the
//! tests and the SDL export), per-request state, connections, the `Node` interface and error
//! codes of the engine's own errors. Domain types and resolvers live in their domain's
//! `graphql` module.

pub mod connection;
pub mod loaders;
pub mod node;
pub mod request;
pub mod schema;
pub mod types;

pub use request::{app, caller, RequestState};
pub use schema::{build_schema, export_sdl, CrmSchema, SchemaOptions};
