//! Value types of quotes, stored as text and exposed in the API under the same names.

use chrono::NaiveDate;
use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

/// Where a quote is in its life.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, EnumIter, DeriveActiveEnum, async_graphql::Enum)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
#[sea_orm(rs_type = "String", db_type = "String(StringLen::N(16))")]
pub enum QuoteStatus {
    /// Being prepared; lines and terms can change. Customers do not see drafts.
    #[sea_orm(string_value = "DRAFT")]
    Draft,
    /// Sent to the customer; it no longer changes (a revision makes a new version).
    #[sea_orm(string_value = "SENT")]
    Sent,
    /// Accepted by the customer; the order was placed.
    #[sea_orm(string_value = "ACCEPTED")]
    Accepted,
    /// Declined by the customer.
    #[sea_orm(string_value = "REJECTED")]
    Rejected,
    /// Sent but not answered before its validity date.
    #[sea_orm(string_value = "EXPIRED")]
    Expired,
    /// Replaced by a newer revision.
    #[sea_orm(string_value = "SUPERSEDED")]
    Superseded,
}

impl QuoteStatus {
    /// The status as of `today`: a SENT quote past its validity date is EXPIRED, whether or
    /// not anyone has touched it since.
    pub fn as_of(self, valid_until: NaiveDate, today: NaiveDate) -> Self {
        match self {
            Self::Sent if valid_until < today => Self::Expired,
            other => other,
        }
    }
}
