//! Tables of the outbox.
pub mod delivery;
pub mod event;
