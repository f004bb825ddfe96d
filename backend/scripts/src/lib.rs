//! Call scripts: one decision tree for the agent and for the bot. A script's working copy is
//! edited and validated ([`tree`]) and published as numbered versions that never change; an
//! agent runs a published version inside a call or a ticket, the self-service chatbot runs the
//! same version for a customer; every node a run reaches is recorded, so that each version's
//! paths are counted (sessions reaching each node, where they ended or dropped, resolution
//! rate). An end hands off by opening a ticket that carries the path so far.

pub mod access;
pub mod analytics;
pub mod domain;
pub mod entity;
pub mod inputs;
pub mod runs;
pub mod scripts;
pub mod tree;
