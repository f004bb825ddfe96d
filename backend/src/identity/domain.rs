//! Value types of the identity domain. These enums are stored as text and exposed in the API
//! under the same names, so they derive both mappings (an enum is a value, not an entity).

use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

/// What kind of person or system an account is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, EnumIter, DeriveActiveEnum, async_graphql::Enum)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
#[sea_orm(rs_type = "String", db_type = "String(StringLen::N(16))")]
pub enum UserKind {
    /// An employee of the company running the CRM.
    #[sea_orm(string_value = "STAFF")]
    Staff,
    /// A user of a partner organisation (reseller, distributor).
    #[sea_orm(string_value = "PARTNER")]
    Partner,
    /// A customer's self-service portal user.
    #[sea_orm(string_value = "CUSTOMER")]
    Customer,
}

/// Role of a staff user; decides which modules and records it may use.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, EnumIter, DeriveActiveEnum, async_graphql::Enum)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
#[sea_orm(rs_type = "String", db_type = "String(StringLen::N(32))")]
pub enum StaffRole {
    /// Full access, including users, partner organisations, API keys and the audit log.
    #[sea_orm(string_value = "ADMIN")]
    Admin,
    /// Reads and edits every customer; manages the sales team's work.
    #[sea_orm(string_value = "SALES_MANAGER")]
    SalesManager,
    /// Reads every customer; edits the customers it owns.
    #[sea_orm(string_value = "SALES_REP")]
    SalesRep,
    /// Reads customers for lists and campaigns.
    #[sea_orm(string_value = "MARKETER")]
    Marketer,
    /// Reads customers to serve them in the contact center.
    #[sea_orm(string_value = "SERVICE_AGENT")]
    ServiceAgent,
    /// Reads customers for reporting and analysis.
    #[sea_orm(string_value = "ANALYST")]
    Analyst,
}

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
