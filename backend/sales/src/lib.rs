//! Sales force automation: the product catalog and price books, the pipeline of
//! opportunities, leads and their assignment, quotes priced in exact decimals, orders with
//! credit management, and the ERP hand-off through the outbox; and who sees and changes
//! which sales record (`access`).

pub mod access;
pub mod catalog;
pub mod erp;
pub mod leads;
pub mod orders;
pub mod pipeline;
pub mod quotes;
pub mod timeline;
