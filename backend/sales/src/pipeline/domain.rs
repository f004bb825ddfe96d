//! Value types of the pipeline, stored as text and exposed in the API under the same names.

use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

/// A stage of the sales pipeline, in board order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, EnumIter, DeriveActiveEnum, async_graphql::Enum)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
#[sea_orm(rs_type = "String", db_type = "String(StringLen::N(16))")]
pub enum OpportunityStage {
    /// A possible need was spotted.
    #[sea_orm(string_value = "PROSPECTING")]
    Prospecting,
    /// Need, budget and decision maker are being confirmed.
    #[sea_orm(string_value = "QUALIFICATION")]
    Qualification,
    /// An offer is being prepared or was sent.
    #[sea_orm(string_value = "PROPOSAL")]
    Proposal,
    /// Terms and price are being negotiated.
    #[sea_orm(string_value = "NEGOTIATION")]
    Negotiation,
    /// Won: the customer bought.
    #[sea_orm(string_value = "CLOSED_WON")]
    ClosedWon,
    /// Lost: the customer did not buy (a lost reason says why).
    #[sea_orm(string_value = "CLOSED_LOST")]
    ClosedLost,
}

impl OpportunityStage {
    pub const ALL: [Self; 6] =
        [Self::Prospecting, Self::Qualification, Self::Proposal, Self::Negotiation, Self::ClosedWon, Self::ClosedLost];

    pub fn is_closed(self) -> bool {
        matches!(self, Self::ClosedWon | Self::ClosedLost)
    }

    /// A fixed id per stage, so the audit log can name a stage like any record.
    pub fn audit_id(self) -> Uuid {
        Uuid::from_u128(0x5a1e_5000_0000_7000_8000_0000_0000_0000 | (self as u128 + 1))
    }
}

/// Where a lead or opportunity came from: the source dimension of conversion metrics.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, EnumIter, DeriveActiveEnum, async_graphql::Enum)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
#[sea_orm(rs_type = "String", db_type = "String(StringLen::N(16))")]
pub enum LeadSource {
    /// The company's website form.
    #[sea_orm(string_value = "WEB_FORM")]
    WebForm,
    /// A file import.
    #[sea_orm(string_value = "IMPORT")]
    Import,
    /// A marketing campaign.
    #[sea_orm(string_value = "CAMPAIGN")]
    Campaign,
    /// A partner organisation.
    #[sea_orm(string_value = "PARTNER")]
    Partner,
    /// A referral by a customer or acquaintance.
    #[sea_orm(string_value = "REFERRAL")]
    Referral,
    /// Entered by hand by staff.
    #[sea_orm(string_value = "MANUAL")]
    Manual,
}

/// Review state of a partner's deal registration.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, EnumIter, DeriveActiveEnum, async_graphql::Enum)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
#[sea_orm(rs_type = "String", db_type = "String(StringLen::N(16))")]
pub enum Registration {
    /// Registered by the partner, waiting for a manager.
    #[sea_orm(string_value = "PENDING")]
    Pending,
    /// Approved: the deal is the partner's and moves through the pipeline.
    #[sea_orm(string_value = "APPROVED")]
    Approved,
    /// Rejected (a note says why); it stays out of the pipeline.
    #[sea_orm(string_value = "REJECTED")]
    Rejected,
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
