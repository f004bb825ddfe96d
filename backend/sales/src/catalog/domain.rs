//! Value types of the catalog, stored as text and exposed in the API under the same names.

use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

/// What one unit of a product is, as quotes count it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, EnumIter, DeriveActiveEnum, async_graphql::Enum)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
#[sea_orm(rs_type = "String", db_type = "String(StringLen::N(16))")]
pub enum ProductUnit {
    /// A physical item.
    #[sea_orm(string_value = "PIECE")]
    Piece,
    /// A user licence (seat).
    #[sea_orm(string_value = "SEAT")]
    Seat,
    /// An hour of work.
    #[sea_orm(string_value = "HOUR")]
    Hour,
    /// A day of work.
    #[sea_orm(string_value = "DAY")]
    Day,
    /// A month of a subscription.
    #[sea_orm(string_value = "MONTH")]
    Month,
    /// A year of a subscription.
    #[sea_orm(string_value = "YEAR")]
    Year,
}

/// Lowest and highest tier: the rungs of a family's up-sell ladder (1 = entry level).
pub const TIERS: std::ops::RangeInclusive<i32> = 1..=9;
