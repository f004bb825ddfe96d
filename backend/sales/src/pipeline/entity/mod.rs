//! Tables of the pipeline.
pub mod opportunity;
pub mod opportunity_contact;
pub mod opportunity_product;
pub mod pipeline_stage;
pub mod stage_change;

// How each mutable table is written (`crm_core::versioned`): its name in refusals and the
// audit subject of its changes.
use crm_core::audit::Subject;
crm_core::versioned!(opportunity, "opportunity", |row| Subject::Opportunity { id: row.id, customer_id: row.customer_id });
crm_core::archivable!(opportunity);
