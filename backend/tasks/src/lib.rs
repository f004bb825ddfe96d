//! Tasks: the to-dos of staff and partner users ("call Rossi back about the quote"), each with
//! an owner, a time due, an optional reminder, a priority and the record it concerns (a
//! customer, contact, lead, opportunity, order or ticket; or none, a personal to-do). People
//! open them by hand; other modules open them in the transaction of what calls for them (a low
//! satisfaction score, a detractor's NPS answer: `service::open_for`).
//!
//! A task is read by its owner, by whoever opened it, and by staff who may read the record it
//! concerns (so a colleague sees that someone already calls the customer back); its creation
//! and changes are in the history of the customer its record belongs to.
//!
//! Tickets live in a crate above this one: the service crate hands in how far a caller reaches
//! them ([`access::TicketReach`]), as each domain adds its kinds to a customer's history.

pub mod access;
pub mod domain;
pub mod entity;
pub mod inputs;
pub mod reminders;
pub mod service;
