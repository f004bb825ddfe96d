//! The GraphQL API as the app sees it: typed operations, typed errors, one client.

pub mod client;
pub mod error;
pub mod live;
pub mod ops;
pub mod types;

pub use client::{call, call_anonymous, call_at};
pub use error::{ApiError, InputReason};
