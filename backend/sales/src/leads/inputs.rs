//! Inputs of lead operations, shared by GraphQL, the web form and in-process callers.

use super::domain::{AssignmentTarget, LeadStatus};
use crate::pipeline::domain::LeadSource;
use crate::pipeline::inputs::LeadSourceFilter;
use async_graphql::{InputObject, MaybeUndefined, ID};
use chrono::NaiveDate;
use crm_core::filters::{DateTimeFilter, IdFilter, OrderDirection};
use crm_customers::inputs::MoneyInput;

/// Input of createLead. Without an owner or partner, the assignment rules route the lead.
#[derive(InputObject, Debug, Clone, Default)]
pub struct CreateLeadInput {
    /// Given name.
    pub first_name: String,
    /// Family name.
    pub last_name: String,
    /// The prospect's company, when it is one.
    pub company: Option<String>,
    /// Job title.
    pub job_title: Option<String>,
    /// Email address (an email or a phone is required).
    pub email: Option<String>,
    /// Phone number (national numbers are read in `country`).
    pub phone: Option<String>,
    /// ISO 3166-1 alpha-2 code: the territory assignment rules match on.
    pub country: Option<String>,
    /// Region, state or province.
    pub region: Option<String>,
    /// City.
    pub city: Option<String>,
    /// Where the lead came from; default MANUAL (PARTNER for partner users).
    pub source: Option<LeadSource>,
    /// The campaign it came from, when known.
    pub campaign: Option<String>,
    /// The prospect's own words (a web form's message).
    pub message: Option<String>,
    /// Products of interest (at most 50 active products).
    pub product_ids: Option<Vec<ID>>,
    /// Owner (a staff user); omitted: the caller when a rep, else the assignment rules.
    pub owner_id: Option<ID>,
    /// Partner organisation to hand the lead to.
    pub partner_id: Option<ID>,
}

/// Changes to a lead; omitted fields keep their value. Converted leads cannot change.
#[derive(InputObject, Debug, Clone, Default)]
pub struct UpdateLeadInput {
    /// Id of the lead.
    pub id: ID,
    /// The version the change is based on; a newer stored version is a CONFLICT.
    pub version: i32,
    /// Given name.
    pub first_name: Option<String>,
    /// Family name.
    pub last_name: Option<String>,
    /// Company.
    pub company: MaybeUndefined<String>,
    /// Job title.
    pub job_title: MaybeUndefined<String>,
    /// Email address.
    pub email: MaybeUndefined<String>,
    /// Phone number.
    pub phone: MaybeUndefined<String>,
    /// ISO 3166-1 alpha-2 country code.
    pub country: MaybeUndefined<String>,
    /// Region, state or province.
    pub region: MaybeUndefined<String>,
    /// City.
    pub city: MaybeUndefined<String>,
    /// Where the lead came from.
    pub source: Option<LeadSource>,
    /// The campaign it came from.
    pub campaign: MaybeUndefined<String>,
    /// The prospect's own words.
    pub message: MaybeUndefined<String>,
    /// Qualification status; DISQUALIFIED needs `disqualifiedReason`.
    pub status: Option<LeadStatus>,
    /// Why the lead is not a prospect.
    pub disqualified_reason: Option<String>,
    /// Replaces the products of interest.
    pub product_ids: Option<Vec<ID>>,
}

/// Input of assignLeads: hands leads to an owner and/or partner (managers), recording the
/// change in each lead's assignment history.
#[derive(InputObject, Debug, Clone)]
pub struct AssignLeadsInput {
    /// The leads (at most 250).
    pub lead_ids: Vec<ID>,
    /// New owner (a staff user); null: none.
    pub owner_id: Option<ID>,
    /// New partner organisation; null: none.
    pub partner_id: Option<ID>,
}

/// Input of applyAssignmentRules: routes leads again through the rules.
#[derive(InputObject, Debug, Clone)]
pub struct ApplyAssignmentRulesInput {
    /// The leads (at most 250).
    pub lead_ids: Vec<ID>,
}

/// Input of convertLead: a QUALIFIED lead becomes a customer (or a contact of an existing
/// one), a contact and, unless asked not to, an opportunity, in one transaction.
#[derive(InputObject, Debug, Clone, Default)]
pub struct ConvertLeadInput {
    /// Id of the lead.
    pub lead_id: ID,
    /// The version the conversion is based on.
    pub version: i32,
    /// Attach to this existing customer instead of creating one.
    pub customer_id: Option<ID>,
    /// Create a new customer even though a contact with the lead's email or phone exists
    /// (otherwise that is a CONFLICT naming the existing customer).
    #[graphql(default)]
    pub allow_duplicate: bool,
    /// Whether to create an opportunity. Default true.
    pub create_opportunity: Option<bool>,
    /// Name of the opportunity; default: the company or person's name.
    pub opportunity_name: Option<String>,
    /// Expected revenue; default 0 EUR.
    pub amount: Option<MoneyInput>,
    /// Expected close date; default 90 days from today.
    pub expected_close_date: Option<NaiveDate>,
}

/// Typed filter of the leads list.
#[derive(InputObject, Debug, Clone, Default)]
pub struct LeadFilter {
    /// Text in the name, company or email.
    pub search: Option<String>,
    /// Statuses.
    pub status: Option<LeadStatusFilter>,
    /// Sources.
    pub source: Option<LeadSourceFilter>,
    /// Owners (`isNull: true`: unassigned).
    pub owner_id: Option<IdFilter>,
    /// Partner organisations.
    pub partner_id: Option<IdFilter>,
    /// `true`: converted leads only; `false`: not converted.
    pub converted: Option<bool>,
    /// Creation time range.
    pub created_at: Option<DateTimeFilter>,
    /// `false` (default): active leads; `true`: archived ones only.
    pub archived: Option<bool>,
}

/// Fields the leads list sorts by (`crm-contract`, shared with the browser app).
pub use crm_contract::sales::LeadOrderField;

/// Sort order of the leads list.
#[derive(InputObject, Debug, Clone, Copy)]
pub struct LeadOrder {
    /// Field to sort by.
    pub field: LeadOrderField,
    /// Direction.
    #[graphql(default)]
    pub direction: OrderDirection,
}

/// Input of createAssignmentRule (ADMIN, SALES_MANAGER).
#[derive(InputObject, Debug, Clone)]
pub struct CreateAssignmentRuleInput {
    /// Name, e.g. "Lombardia → Team Nord".
    pub name: String,
    /// Evaluation order (lower first). Default: after the last rule.
    pub position: Option<i32>,
    /// Match leads from this country (ISO code); omitted: any.
    pub country: Option<String>,
    /// Match leads from this region (case-insensitive); omitted: any.
    pub region: Option<String>,
    /// Match leads from this source; omitted: any.
    pub source: Option<LeadSource>,
    /// Whom the rule hands leads to.
    pub target: AssignmentTarget,
    /// TEAM: the team whose active members take turns.
    pub sales_team_id: Option<ID>,
    /// USER: the salesperson.
    pub user_id: Option<ID>,
    /// PARTNER: the partner organisation.
    pub partner_id: Option<ID>,
}

/// Changes to an assignment rule.
#[derive(InputObject, Debug, Clone)]
pub struct UpdateAssignmentRuleInput {
    /// Id of the rule.
    pub id: ID,
    /// The version the change is based on.
    pub version: i32,
    /// Name.
    pub name: Option<String>,
    /// Evaluation order.
    pub position: Option<i32>,
    /// Whether the rule is used.
    pub active: Option<bool>,
}

crm_core::enum_filter!(LeadStatusFilter, LeadStatus);
