//! Tables of leads and their assignment.
pub mod assignment_rule;
pub mod lead;
pub mod lead_assignment;
pub mod lead_product;
