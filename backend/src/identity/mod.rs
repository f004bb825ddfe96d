//! Identity: user accounts (staff, partner users, customer portal users) and partner
//! organisations, managed by admins.

pub mod domain;
pub mod entity;
pub mod graphql;
pub mod inputs;
pub mod partners;
pub mod users;
