//! Value types of the pipeline, stored as text and exposed in the API under the same names;
//! declared in `crm-contract`, shared with the browser app. What a stage means to the pipeline
//! stays here ([`StageRules`]).

use uuid::Uuid;

pub use crm_contract::sales::{ContactRole, LeadSource, OpportunityStage, Registration, StageEvent};

/// The pipeline's rules about a stage.
pub trait StageRules: Copy {
    /// Won or lost: the opportunity is decided.
    fn is_closed(self) -> bool;

    /// A fixed id per stage, so the audit log can name a stage like any record.
    fn audit_id(self) -> Uuid;
}

impl StageRules for OpportunityStage {
    fn is_closed(self) -> bool {
        matches!(self, Self::ClosedWon | Self::ClosedLost)
    }

    fn audit_id(self) -> Uuid {
        Uuid::from_u128(0x5a1e_5000_0000_7000_8000_0000_0000_0000 | (self as u128 + 1))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stage_audit_ids_are_distinct_and_stable() {
        let ids: std::collections::HashSet<Uuid> = OpportunityStage::ALL.iter().map(|s| s.audit_id()).collect();
        assert_eq!(ids.len(), 6);
        assert_eq!(OpportunityStage::Prospecting.audit_id().to_string(), "5a1e5000-0000-7000-8000-000000000001");
    }
}
