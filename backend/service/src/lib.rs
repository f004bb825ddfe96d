//! Customer service: tickets from every channel, the queues that work them, the calendars of
//! their working hours, and SLA clocks (first response, next response, resolution) whose every
//! start, pause, resumption, fulfilment and breach is written to the ticket's timeline; and
//! the satisfaction survey each resolved ticket opens; and routing, which hands new tickets to
//! the agents of their queue who are available and have the skills; and the contact
//! center's calls, recognised by number and popped on the agent's screen; and email, received
//! onto tickets and answered in kind; and live chat with customers in the portal, on tickets.

pub mod access;
pub mod calls;
pub mod chat;
pub mod clocks;
pub mod domain;
pub mod email;
pub mod entity;
pub mod incidents;
pub mod inputs;
pub mod macros;
pub mod notifications;
pub mod nps;
pub mod routing;
pub mod setup;
pub mod sla;
pub mod sla_job;
pub mod sms;
pub mod surveys;
pub mod ticket_search;
pub mod tickets;
pub mod timeline;
