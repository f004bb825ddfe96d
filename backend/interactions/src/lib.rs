//! Interactions: every contact between the company and a customer, whichever the channel — a
//! call, a meeting, a visit, an email, a ticket and its replies, a quote sent, an order placed
//! and its progress, a survey answered. Together they are the customer's timeline, the one
//! place where what happened in one channel is seen from every other.
//!
//! People log calls, meetings, visits and messages by hand (`service::log`); the other kinds
//! are written by the module where the contact happened, in its own transaction
//! (`service::record`), so a timeline never shows what was rolled back nor misses what
//! committed. Interactions are facts: append-only, never edited.
//!
//! An interaction may belong to a ticket, an opportunity, a quote or an order. Those records
//! live in crates above this one, which hand in how far a caller reaches them
//! ([`access::LinkReach`]): an entry about another team's deal stays hidden with the deal.

pub mod access;
pub mod domain;
pub mod entity;
pub mod inputs;
pub mod service;
