//! Notes: what people write down about a customer, a contact, a lead, an opportunity or an
//! order. A note is read by whoever may read its record (a partner user only when it is
//! shared with the record's partner), written in Markdown and shown as safe HTML (`render`),
//! pinned to the top of its record, and may mention colleagues, who find it on their home.
//! Its creation, changes and archiving are in the history of the customer it belongs to.

pub mod access;
pub mod domain;
pub mod entity;
pub mod inputs;
pub mod render;
pub mod service;
