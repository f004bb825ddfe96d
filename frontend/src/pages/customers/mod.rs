//! The customer workspace: list, Customer 360 page, create and edit.

pub mod contacts;
pub mod detail;
pub mod export;
pub mod form;
pub mod history;
pub mod list;
pub mod options;
pub mod timeline;
