//! Tables of leads and their assignment.
pub mod assignment_rule;
pub mod lead;
pub mod lead_assignment;
pub mod lead_product;

// How each mutable table is written (`crm_core::versioned`): its name in refusals and the
// audit subject of its changes.
use crm_core::audit::Subject;
crm_core::versioned!(lead, "lead", |row| Subject::Lead(row.id));
crm_core::archivable!(lead);
crm_core::versioned!(assignment_rule, "assignment rule", |row| Subject::AssignmentRule(row.id));
