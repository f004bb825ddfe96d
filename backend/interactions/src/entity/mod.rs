//! The interactions' table.

pub mod interaction;
