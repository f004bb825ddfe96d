//! Text messages as a channel, below the modules that use it (the service desk files received
//! texts onto tickets and answers in kind):
//!
//! - [`outbox`] keeps what is to be sent, written in the transaction of the change that sends
//!   it, leased by one worker at a time, never sent twice after an interrupted send (as the
//!   email outbox), and the gateway's delivery reports.
//! - [`gateway`] posts each message to the SMS provider's HTTP API, as configured (URL,
//!   authorization header, JSON body template, where the answer names the message's id).
//! - [`consent`] decides whether a text may go to a contact.

pub mod consent;
pub mod domain;
pub mod entity;
pub mod gateway;
pub mod outbox;
