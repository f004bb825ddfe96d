//! The email tables.

pub mod email_attachment;
pub mod email_message;
