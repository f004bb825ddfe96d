//! Identity: user accounts (staff, partner users, customer portal users), partner
//! organisations and sales teams, managed by admins; authentication (`auth`: passwords,
//! tokens, sessions, API keys); and who sees which accounts (`access`).

pub mod access;
pub mod auth;
pub mod domain;
pub mod entity;
pub mod inputs;
pub mod partners;
pub mod saved_views;
pub mod teams;
pub mod users;
