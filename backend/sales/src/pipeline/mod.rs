//! The sales pipeline: opportunities moving through stages with win probabilities, their
//! stage history (the data of funnel, velocity and win-rate analytics), products of interest,
//! and partners' deal registrations awaiting approval.

pub mod contacts;
pub mod domain;
pub mod entity;
pub mod inputs;
pub mod metrics;
pub mod repo;
pub mod service;
