//! Tables of the pipeline.
pub mod opportunity;
pub mod opportunity_product;
pub mod pipeline_stage;
pub mod stage_change;

// How each mutable table is written (`crate::versioned`): its name in refusals and the
// audit subject of its changes.
use crate::audit::Subject;
crate::versioned!(opportunity, "opportunity", |row| Subject::Opportunity { id: row.id, customer_id: row.customer_id });
crate::archivable!(opportunity);
