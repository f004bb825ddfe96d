//! Value types of leads, stored as text and exposed in the API under the same names.

use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

/// Where a lead is in qualification.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, EnumIter, DeriveActiveEnum, async_graphql::Enum)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
#[sea_orm(rs_type = "String", db_type = "String(StringLen::N(16))")]
pub enum LeadStatus {
    /// Arrived, nobody has worked it yet.
    #[sea_orm(string_value = "NEW")]
    New,
    /// Someone is in touch with the prospect.
    #[sea_orm(string_value = "WORKING")]
    Working,
    /// A real opportunity: ready to convert (converted leads stay QUALIFIED, with `convertedAt`).
    #[sea_orm(string_value = "QUALIFIED")]
    Qualified,
    /// Not a prospect (a reason says why).
    #[sea_orm(string_value = "DISQUALIFIED")]
    Disqualified,
}

/// Whom an assignment rule hands its leads to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, EnumIter, DeriveActiveEnum, async_graphql::Enum)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
#[sea_orm(rs_type = "String", db_type = "String(StringLen::N(16))")]
pub enum AssignmentTarget {
    /// The active members of a sales team in turn (round robin).
    #[sea_orm(string_value = "TEAM")]
    Team,
    /// One salesperson (a territory owner).
    #[sea_orm(string_value = "USER")]
    User,
    /// A partner organisation.
    #[sea_orm(string_value = "PARTNER")]
    Partner,
}
