//! Value types of the identity domain. These enums are stored as text and exposed in the API
//! under the same names, so they derive both mappings (an enum is a value, not an entity).

use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

pub use crm_core::principal::{StaffRole, UserKind};

/// How a partner organisation works with the company.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, EnumIter, DeriveActiveEnum, async_graphql::Enum)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
#[sea_orm(rs_type = "String", db_type = "String(StringLen::N(32))")]
pub enum PartnerKind {
    /// Resells the company's products to its own customers.
    #[sea_orm(string_value = "RESELLER")]
    Reseller,
    /// Distributes the company's products in a territory.
    #[sea_orm(string_value = "DISTRIBUTOR")]
    Distributor,
}
