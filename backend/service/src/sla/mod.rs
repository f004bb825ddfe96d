//! The SLA arithmetic: working-hours calendars and the clocks that run on them. Pure, so
//! every rule is unit- and property-tested without a database.

pub mod calendar;
pub mod clock;
