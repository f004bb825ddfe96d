//! The text messages' values shared with the browser app.

pub use crm_contract::interactions::InteractionDirection;
pub use crm_contract::sms::SmsStatus;
