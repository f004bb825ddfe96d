//! Identity: user accounts (staff, partner users, customer portal users), partner
//! organisations and sales teams, managed by admins.

pub mod domain;
pub mod entity;
pub mod graphql;
pub mod inputs;
pub mod partners;
pub mod teams;
pub mod users;
