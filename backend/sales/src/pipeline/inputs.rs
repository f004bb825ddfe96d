//! Inputs of pipeline operations, shared by GraphQL and in-process callers (the seeder, lead
//! conversion).

use super::domain::{LeadSource, OpportunityStage, Registration};
use async_graphql::{InputObject, MaybeUndefined, ID};
use chrono::{DateTime, NaiveDate, Utc};
use crm_core::filters::{DateTimeFilter, IdFilter, OrderDirection};
use crm_customers::inputs::MoneyInput;

/// Input of createOpportunity. From a partner user it is a deal registration: it belongs to
/// the partner's organisation and waits for a manager's approval.
#[derive(InputObject, Debug, Clone)]
pub struct CreateOpportunityInput {
    /// The customer (or prospect) the deal is with.
    pub customer_id: ID,
    /// Short name, e.g. "Rossi SpA – ERP rollout".
    pub name: String,
    /// Expected revenue (non-negative).
    pub amount: MoneyInput,
    /// When the deal is expected to close.
    pub expected_close_date: NaiveDate,
    /// Starting stage; default PROSPECTING.
    pub stage: Option<OpportunityStage>,
    /// Win probability in percent (0–100); default: the stage's.
    pub probability: Option<i32>,
    /// Owner (a staff user); default: the caller when staff.
    pub owner_id: Option<ID>,
    /// Partner organisation working the deal.
    pub partner_id: Option<ID>,
    /// Where the deal came from; default MANUAL (PARTNER for a partner's registration).
    pub source: Option<LeadSource>,
    /// Products of interest (active products, at most 50).
    pub product_ids: Option<Vec<ID>>,
    /// The next thing to do.
    pub next_step: Option<String>,
    /// Notes.
    pub description: Option<String>,
}

/// Changes to an opportunity's fields; omitted fields keep their value. The stage moves with
/// moveOpportunity.
#[derive(InputObject, Debug, Clone)]
pub struct UpdateOpportunityInput {
    /// Id of the opportunity.
    pub id: ID,
    /// The version the change is based on; a newer stored version is a CONFLICT.
    pub version: i32,
    /// Name.
    pub name: Option<String>,
    /// Expected revenue; the currency may change while no quote exists.
    pub amount: Option<MoneyInput>,
    /// Expected close date.
    pub expected_close_date: Option<NaiveDate>,
    /// Win probability in percent (0–100).
    pub probability: Option<i32>,
    /// Owner; null leaves it unassigned (managers).
    pub owner_id: MaybeUndefined<ID>,
    /// Partner organisation; null removes it (managers).
    pub partner_id: MaybeUndefined<ID>,
    /// Replaces the products of interest.
    pub product_ids: Option<Vec<ID>>,
    /// The next thing to do; null clears it.
    pub next_step: MaybeUndefined<String>,
    /// Notes; null clears them.
    pub description: MaybeUndefined<String>,
}

/// Input of moveOpportunity: the stage changes (a drag on the pipeline board).
#[derive(InputObject, Debug, Clone)]
pub struct MoveOpportunityInput {
    /// Id of the opportunity.
    pub id: ID,
    /// The version the move is based on; a newer stored version is a CONFLICT.
    pub version: i32,
    /// The new stage.
    pub stage: OpportunityStage,
    /// Probability in the new stage; default: the stage's.
    pub probability: Option<i32>,
    /// Why it was lost: required when moving to CLOSED_LOST.
    pub lost_reason: Option<String>,
}

/// Input of reviewDealRegistration (managers).
#[derive(InputObject, Debug, Clone)]
pub struct ReviewDealRegistrationInput {
    /// Id of the registered opportunity.
    pub id: ID,
    /// The version the review is based on.
    pub version: i32,
    /// Approve (true) or reject (false).
    pub approve: bool,
    /// Owner of the approved deal on the company's side (a staff user).
    pub owner_id: Option<ID>,
    /// Note to the partner; required when rejecting.
    pub note: Option<String>,
}

/// Input of updatePipelineStage (admins).
#[derive(InputObject, Debug, Clone)]
pub struct UpdatePipelineStageInput {
    /// The stage.
    pub stage: OpportunityStage,
    /// The version the change is based on.
    pub version: i32,
    /// New default win probability in percent (0–100). Open opportunities keep theirs.
    pub probability: i32,
}

/// A range of calendar dates; bounds are inclusive.
#[derive(InputObject, Debug, Clone, Default)]
pub struct DateFilter {
    /// On or after this date.
    pub gte: Option<NaiveDate>,
    /// On or before this date.
    pub lte: Option<NaiveDate>,
}

/// Typed filter of the opportunities list and the pipeline summary.
#[derive(InputObject, Debug, Clone, Default)]
pub struct OpportunityFilter {
    /// Text in the name.
    pub search: Option<String>,
    /// Stages.
    pub stage: Option<OpportunityStageFilter>,
    /// `true`: open stages only; `false`: closed ones only.
    pub open: Option<bool>,
    /// Customers.
    pub customer_id: Option<IdFilter>,
    /// Owners.
    pub owner_id: Option<IdFilter>,
    /// Owners in these sales teams.
    pub sales_team_id: Option<IdFilter>,
    /// Partner organisations.
    pub partner_id: Option<IdFilter>,
    /// Sources.
    pub source: Option<LeadSourceFilter>,
    /// Deal registration states. Without it, lists show the company's deals and approved
    /// registrations (pending and rejected ones only when asked for).
    pub registration: Option<RegistrationFilter>,
    /// Expected close date range.
    pub expected_close_date: Option<DateFilter>,
    /// Creation time range.
    pub created_at: Option<DateTimeFilter>,
    /// Open opportunities, and the closed ones closed at or after this time (the board hides
    /// deals closed long ago this way, and keeps every open one).
    pub closed_since: Option<DateTime<Utc>>,
    /// `false` (default): active opportunities; `true`: archived ones only.
    pub archived: Option<bool>,
}

/// Fields the opportunities list sorts by (`crm-contract`, shared with the browser app).
pub use crm_contract::sales::OpportunityOrderField;

/// Sort order of the opportunities list.
#[derive(InputObject, Debug, Clone, Copy)]
pub struct OpportunityOrder {
    /// Field to sort by.
    pub field: OpportunityOrderField,
    /// Direction.
    #[graphql(default)]
    pub direction: OrderDirection,
}

crm_core::enum_filter!(OpportunityStageFilter, OpportunityStage);
crm_core::enum_filter!(LeadSourceFilter, LeadSource);
crm_core::enum_filter!(RegistrationFilter, Registration);
