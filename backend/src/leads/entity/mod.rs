//! Tables of leads and their assignment.
pub mod assignment_rule;
pub mod lead;
pub mod lead_assignment;
pub mod lead_product;

// How each mutable table is written (`crate::versioned`): its name in refusals and the
// audit subject of its changes.
use crate::audit::Subject;
crate::versioned!(lead, "lead", |row| Subject::Lead(row.id));
crate::archivable!(lead);
crate::versioned!(assignment_rule, "assignment rule", |row| Subject::AssignmentRule(row.id));
