//! The company that runs the CRM: its profile (what its quotes print — legal name, address,
//! VAT number, logo, bank details, footer — and what its customers see in the portal), its
//! corporate currency, and the dated exchange rates that turn every other currency into it,
//! so that totals across currencies are one honest figure.

pub mod access;
pub mod entity;
pub mod logo;
pub mod profile;
pub mod rates;
