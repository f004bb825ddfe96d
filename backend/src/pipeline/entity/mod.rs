//! Tables of the pipeline.
pub mod opportunity;
pub mod opportunity_product;
pub mod pipeline_stage;
pub mod stage_change;
