//! Email as a channel, below the modules that use it (the service desk threads received mail
//! onto tickets and sends its replies through here):
//!
//! - [`parse`] reads a received message (`mail-parser`): ids that thread it, text, attachments
//!   within limits, whether it is an automatic answer or a bounce.
//! - [`outbox`] keeps what is to be sent, written in the transaction of the change that sends
//!   it (a reply is never sent for a change that rolled back, never lost for one that
//!   committed); [`consent`] decides whether it may go, and a refusal is kept as such.
//! - [`send`] sends it over SMTP (`lettre`, the relay from configuration), retrying temporary
//!   failures, and never twice: a message a stopped server may have handed to the relay is
//!   marked interrupted for a person, not sent again.
//! - [`listener`] is the SMTP server `crm serve` can run for a support address
//!   (`mailin-embedded`), handing each message to whoever files it.

pub mod consent;
pub mod domain;
pub mod entity;
pub mod listener;
pub mod outbox;
pub mod parse;
pub mod send;
