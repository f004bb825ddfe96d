//! One module per screen.

pub mod admin;
pub mod customers;
pub mod home;
pub mod knowledge;
pub mod leads;
pub mod login;
pub mod metrics;
pub mod note_editor;
pub mod notes;
pub mod orders;
pub mod pipeline;
pub mod product_picker;
pub mod quotes;
pub mod self_service;
pub mod service;
pub mod tasks;
