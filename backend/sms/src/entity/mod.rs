//! The text messages' table.

pub mod sms_message;
