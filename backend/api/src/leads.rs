//! The leads API: leads, their assignment history and conversion, and the assignment rules.

use crate::catalog::Product;
use crate::catalog::ProductById;
use crate::connection;
use crate::connection::{page_cost, single_order};
use crate::customers::loaders::CustomerById;
use crate::customers::{Contact, Customer};
use crate::identity::PartnerById;
use crate::identity::SalesTeamById;
use crate::identity::UserById;
use crate::identity::{PartnerOrganization, SalesTeam, User};
use crate::loaders::ContactById;
use crate::loaders::OpportunityById;
use crate::payload;
use crate::pipeline::Opportunity;
use crate::request::loader;
use crate::types::Country;
use crate::{app, caller};
use async_graphql::dataloader::Loader;
use async_graphql::{Context, Object, Result, SimpleObject, ID};
use chrono::{DateTime, Utc};
use crm_core::db::Db;
use crm_core::error::AppError;
use crm_core::filters::{parse_id, OrderDirection};
use crm_core::pagination::PageRequest;
use crm_core::visible::{Seen, Visible};
use crm_customers::inputs::VersionedId;
use crm_sales::access::{lead_edit, lead_routing, LeadScope};
use crm_sales::leads::domain::{AssignmentTarget, LeadStatus};
use crm_sales::leads::entity::{assignment_rule, lead, lead_assignment};
use crm_sales::leads::inputs::{
    ApplyAssignmentRulesInput, AssignLeadsInput, ConvertLeadInput, CreateAssignmentRuleInput, CreateLeadInput, LeadFilter, LeadOrder,
    LeadOrderField, UpdateAssignmentRuleInput, UpdateLeadInput,
};
use crm_sales::leads::{assignment, conversion, repo, service};
use crm_sales::pipeline::domain::LeadSource;
use std::collections::HashMap;
use uuid::Uuid;

/// An unqualified prospect: someone who showed interest, not yet a customer.
#[derive(Clone)]
pub struct Lead(Visible<lead::Model>);

impl From<Visible<lead::Model>> for Lead {
    fn from(row: Visible<lead::Model>) -> Self {
        Self(row)
    }
}

/// An unqualified prospect: someone who showed interest, not yet a customer.
#[Object]
impl Lead {
    /// Unique id (UUIDv7).
    pub async fn id(&self) -> ID {
        ID(self.0.id.to_string())
    }
    /// Given name.
    async fn first_name(&self) -> &str {
        &self.0.first_name
    }
    /// Family name.
    async fn last_name(&self) -> &str {
        &self.0.last_name
    }
    /// "First Last".
    async fn full_name(&self) -> String {
        format!("{} {}", self.0.first_name, self.0.last_name)
    }
    /// The prospect's company.
    async fn company(&self) -> Option<&str> {
        self.0.company.as_deref()
    }
    /// Job title.
    async fn job_title(&self) -> Option<&str> {
        self.0.job_title.as_deref()
    }
    /// Email address, lower-case.
    async fn email(&self) -> Option<&str> {
        self.0.email.as_deref()
    }
    /// Phone number in E.164.
    async fn phone(&self) -> Option<&str> {
        self.0.phone.as_deref()
    }
    /// Country (the territory assignment rules match on).
    async fn country(&self) -> Option<Country> {
        Country::from_code(self.0.country_code.as_deref())
    }
    /// Region.
    async fn region(&self) -> Option<&str> {
        self.0.region.as_deref()
    }
    /// City.
    async fn city(&self) -> Option<&str> {
        self.0.city.as_deref()
    }
    /// Where it came from.
    async fn source(&self) -> LeadSource {
        self.0.source
    }
    /// The campaign it came from.
    async fn campaign(&self) -> Option<&str> {
        self.0.campaign.as_deref()
    }
    /// The prospect's own words.
    async fn message(&self) -> Option<&str> {
        self.0.message.as_deref()
    }
    /// Qualification status.
    async fn status(&self) -> LeadStatus {
        self.0.status
    }
    /// Why it was disqualified.
    async fn disqualified_reason(&self) -> Option<&str> {
        self.0.disqualified_reason.as_deref()
    }
    /// The salesperson working it.
    async fn owner(&self, ctx: &Context<'_>) -> Result<Option<User>> {
        let Some(key) = self.0.seen(|r| r.owner_id) else { return Ok(None) };
        Ok(loader::<UserById>(ctx)?.load_one(key).await?.map(User::from))
    }
    /// The partner organisation working it.
    async fn partner(&self, ctx: &Context<'_>) -> Result<Option<PartnerOrganization>> {
        let Some(key) = self.0.seen(|r| r.partner_id) else { return Ok(None) };
        Ok(loader::<PartnerById>(ctx)?.load_one(key).await?.map(PartnerOrganization::from))
    }
    /// Products of interest.
    async fn products(&self, ctx: &Context<'_>) -> Result<Vec<Product>> {
        let ids = loader::<ProductsByLead>(ctx)?.load_one(self.0.key(|r| r.id)).await?.unwrap_or_default();
        let mut found = loader::<ProductById>(ctx)?.load_many(ids.iter().copied()).await?;
        Ok(ids.iter().filter_map(|id| found.remove(id)).map(Product::from).collect())
    }
    /// Every (re)assignment, oldest first.
    async fn assignment_history(&self, ctx: &Context<'_>) -> Result<Vec<LeadAssignment>> {
        let rows = loader::<AssignmentsByLead>(ctx)?.load_one(self.0.key(|r| r.id)).await?.unwrap_or_default();
        Ok(rows.into_iter().map(LeadAssignment).collect())
    }
    /// When it was converted.
    async fn converted_at(&self) -> Option<DateTime<Utc>> {
        self.0.converted_at
    }
    /// The customer it became or joined (when visible to the caller).
    async fn converted_customer(&self, ctx: &Context<'_>) -> Result<Option<Customer>> {
        let Some(id) = self.0.customer_id else { return Ok(None) };
        Ok(loader::<CustomerById>(ctx)?.load_one(id).await?.map(Customer::from))
    }
    /// The contact it became.
    async fn converted_contact(&self, ctx: &Context<'_>) -> Result<Option<Contact>> {
        let Some(id) = self.0.contact_id else { return Ok(None) };
        Ok(loader::<ContactById>(ctx)?.load_one(id).await?.map(Contact::from))
    }
    /// The opportunity it became (when visible to the caller).
    async fn converted_opportunity(&self, ctx: &Context<'_>) -> Result<Option<Opportunity>> {
        let Some(id) = self.0.opportunity_id else { return Ok(None) };
        Ok(loader::<OpportunityById>(ctx)?.load_one(id).await?.map(Opportunity::from))
    }
    /// When it arrived.
    async fn created_at(&self) -> DateTime<Utc> {
        self.0.created_at
    }
    /// When it last changed.
    async fn updated_at(&self) -> DateTime<Utc> {
        self.0.updated_at
    }
    /// Increases with every change; send it back with updates.
    async fn version(&self) -> i32 {
        self.0.version
    }
    /// Archived leads are hidden unless asked for.
    async fn archived(&self) -> bool {
        self.0.archived_at.is_some()
    }
    /// Whether the caller may work it (change, qualify, convert, archive).
    async fn viewer_can_edit(&self, ctx: &Context<'_>) -> Result<bool> {
        Ok(lead_edit(&caller(ctx)?.principal, &self.0).is_ok() && self.0.converted_at.is_none())
    }
}

/// One (re)assignment of a lead.
#[derive(Clone)]
pub struct LeadAssignment(Visible<lead_assignment::Model>);

impl From<Visible<lead_assignment::Model>> for LeadAssignment {
    fn from(row: Visible<lead_assignment::Model>) -> Self {
        Self(row)
    }
}

/// One (re)assignment of a lead.
#[Object]
impl LeadAssignment {
    /// The new owner.
    async fn owner(&self, ctx: &Context<'_>) -> Result<Option<User>> {
        let Some(key) = self.0.seen(|r| r.owner_id) else { return Ok(None) };
        Ok(loader::<UserById>(ctx)?.load_one(key).await?.map(User::from))
    }
    /// The new partner organisation.
    async fn partner(&self, ctx: &Context<'_>) -> Result<Option<PartnerOrganization>> {
        let Some(key) = self.0.seen(|r| r.partner_id) else { return Ok(None) };
        Ok(loader::<PartnerById>(ctx)?.load_one(key).await?.map(PartnerOrganization::from))
    }
    /// Whether an assignment rule made it (otherwise a person did).
    async fn by_rule(&self) -> bool {
        self.0.rule_id.is_some()
    }
    /// When.
    async fn assigned_at(&self) -> DateTime<Utc> {
        self.0.assigned_at
    }
    /// Who made it (email, API key name, "web form").
    async fn actor_label(&self) -> &str {
        &self.0.actor_label
    }
}

/// Routes matching new leads to a sales team in turn, a salesperson or a partner.
#[derive(Clone)]
pub struct AssignmentRule(Visible<assignment_rule::Model>);

impl From<Visible<assignment_rule::Model>> for AssignmentRule {
    fn from(row: Visible<assignment_rule::Model>) -> Self {
        Self(row)
    }
}

/// Routes matching new leads to a sales team in turn, a salesperson or a partner.
#[Object]
impl AssignmentRule {
    /// Unique id (UUIDv7).
    pub async fn id(&self) -> ID {
        ID(self.0.id.to_string())
    }
    /// Name.
    async fn name(&self) -> &str {
        &self.0.name
    }
    /// Evaluation order (lower first).
    async fn position(&self) -> i32 {
        self.0.position
    }
    /// Whether the rule is used.
    async fn active(&self) -> bool {
        self.0.active
    }
    /// Matches leads from this country (null: any).
    async fn country(&self) -> Option<Country> {
        Country::from_code(self.0.country_code.as_deref())
    }
    /// Matches leads from this region (null: any).
    async fn region(&self) -> Option<&str> {
        self.0.region.as_deref()
    }
    /// Matches leads from this source (null: any).
    async fn source(&self) -> Option<LeadSource> {
        self.0.source
    }
    /// Whom it assigns to.
    async fn target(&self) -> AssignmentTarget {
        self.0.target
    }
    /// TEAM rules: the team.
    async fn sales_team(&self, ctx: &Context<'_>) -> Result<Option<SalesTeam>> {
        let Some(key) = self.0.seen(|r| r.sales_team_id) else { return Ok(None) };
        Ok(loader::<SalesTeamById>(ctx)?.load_one(key).await?.map(SalesTeam::from))
    }
    /// USER rules: the salesperson.
    async fn user(&self, ctx: &Context<'_>) -> Result<Option<User>> {
        let Some(key) = self.0.seen(|r| r.user_id) else { return Ok(None) };
        Ok(loader::<UserById>(ctx)?.load_one(key).await?.map(User::from))
    }
    /// PARTNER rules: the organisation.
    async fn partner(&self, ctx: &Context<'_>) -> Result<Option<PartnerOrganization>> {
        let Some(key) = self.0.seen(|r| r.partner_id) else { return Ok(None) };
        Ok(loader::<PartnerById>(ctx)?.load_one(key).await?.map(PartnerOrganization::from))
    }
    /// Leads the rule has assigned round-robin so far.
    async fn assigned_count(&self) -> i64 {
        self.0.counter
    }
    /// Increases with every change; send it back with updates.
    async fn version(&self) -> i32 {
        self.0.version
    }
}

/// Result of convertLead.
#[derive(SimpleObject)]
pub struct ConvertLeadPayload {
    /// The converted lead.
    pub lead: Lead,
    /// The new or existing customer.
    pub customer: Customer,
    /// The contact the lead became.
    pub contact: Contact,
    /// The new opportunity, unless declined.
    pub opportunity: Option<Opportunity>,
}

/// Result of assignLeads and applyAssignmentRules.
#[derive(SimpleObject)]
pub struct LeadsPayload {
    /// The leads as saved.
    pub leads: Vec<Lead>,
}

connection!(LeadConnection, LeadEdge, Lead, lead::Entity, "leads");
payload!(CreateLeadPayload, lead, Lead, "Result of createLead.");
payload!(UpdateLeadPayload, lead, Lead, "Result of updateLead.");
payload!(ArchiveLeadPayload, lead, Lead, "Result of archiveLead.");
payload!(RestoreLeadPayload, lead, Lead, "Result of restoreLead.");
payload!(AssignmentRulePayload, assignment_rule, AssignmentRule, "Result of an assignment rule mutation.");

#[derive(Default)]
pub struct LeadQuery;

#[Object]
impl LeadQuery {
    /// Leads the caller may see, filtered and sorted (default: newest first).
    #[graphql(complexity = "page_cost(first, last, child_complexity)")]
    #[allow(clippy::too_many_arguments)]
    async fn leads(
        &self,
        ctx: &Context<'_>,
        first: Option<i32>,
        after: Option<String>,
        last: Option<i32>,
        before: Option<String>,
        filter: Option<LeadFilter>,
        order_by: Option<Vec<LeadOrder>>,
    ) -> Result<LeadConnection> {
        let scope = LeadScope::of(&caller(ctx)?.principal)?;
        let page = PageRequest::from_relay(first, after, last, before)?;
        let order = single_order(order_by, LeadOrder { field: LeadOrderField::CreatedAt, direction: OrderDirection::Desc })?;
        let (page, all) = repo::list_leads(&app(ctx)?.db.read, &scope, &filter.unwrap_or_default(), &order, &page).await?;
        Ok(LeadConnection::new(page, all, Lead))
    }

    /// One lead by id; NOT_FOUND when absent or not visible to the caller.
    async fn lead(&self, ctx: &Context<'_>, id: ID) -> Result<Lead> {
        let scope = LeadScope::of(&caller(ctx)?.principal)?;
        let id = parse_id(&id, "id")?;
        Ok(Lead(repo::find_lead(&app(ctx)?.db.read, &scope, id).await?.ok_or(AppError::NotFound("lead"))?))
    }

    /// The assignment rules in evaluation order (ADMIN, SALES_MANAGER, `sales:write`).
    async fn assignment_rules(&self, ctx: &Context<'_>) -> Result<Vec<AssignmentRule>> {
        let routing = lead_routing(&caller(ctx)?.principal)?;
        Ok(repo::visible_rules(&app(ctx)?.db.read, &routing).await?.into_iter().map(AssignmentRule).collect())
    }
}

#[derive(Default)]
pub struct LeadMutation;

#[Object]
impl LeadMutation {
    /// Creates a lead; without an owner or partner the assignment rules route it.
    async fn create_lead(&self, ctx: &Context<'_>, input: CreateLeadInput) -> Result<CreateLeadPayload> {
        Ok(CreateLeadPayload { lead: Lead(service::create_lead(app(ctx)?, caller(ctx)?, input).await?) })
    }

    /// Changes a lead (details, status) at the version the client read.
    async fn update_lead(&self, ctx: &Context<'_>, input: UpdateLeadInput) -> Result<UpdateLeadPayload> {
        Ok(UpdateLeadPayload { lead: Lead(service::update_lead(app(ctx)?, caller(ctx)?, input).await?) })
    }

    /// Archives a lead.
    async fn archive_lead(&self, ctx: &Context<'_>, input: VersionedId) -> Result<ArchiveLeadPayload> {
        Ok(ArchiveLeadPayload { lead: Lead(service::set_archived(app(ctx)?, caller(ctx)?, input, true).await?) })
    }

    /// Restores an archived lead.
    async fn restore_lead(&self, ctx: &Context<'_>, input: VersionedId) -> Result<RestoreLeadPayload> {
        Ok(RestoreLeadPayload { lead: Lead(service::set_archived(app(ctx)?, caller(ctx)?, input, false).await?) })
    }

    /// Hands leads to an owner and/or partner in one transaction (ADMIN, SALES_MANAGER).
    async fn assign_leads(&self, ctx: &Context<'_>, input: AssignLeadsInput) -> Result<LeadsPayload> {
        let caller = caller(ctx)?;
        let rights = lead_routing(&caller.principal)?;
        let leads = service::assign_leads(app(ctx)?, caller, &rights, input).await?;
        Ok(LeadsPayload { leads: leads.into_iter().map(Lead).collect() })
    }

    /// Routes leads through the assignment rules again (ADMIN, SALES_MANAGER).
    async fn apply_assignment_rules(&self, ctx: &Context<'_>, input: ApplyAssignmentRulesInput) -> Result<LeadsPayload> {
        let caller = caller(ctx)?;
        let rights = lead_routing(&caller.principal)?;
        let leads = service::apply_rules(app(ctx)?, caller, &rights, input).await?;
        Ok(LeadsPayload { leads: leads.into_iter().map(Lead).collect() })
    }

    /// Converts a QUALIFIED lead into a customer (or a contact of an existing one), a contact
    /// and an opportunity, in one transaction.
    async fn convert_lead(&self, ctx: &Context<'_>, input: ConvertLeadInput) -> Result<ConvertLeadPayload> {
        let done = conversion::convert_lead(app(ctx)?, caller(ctx)?, input).await?;
        Ok(ConvertLeadPayload {
            lead: Lead(done.lead),
            customer: Customer::from(done.customer),
            contact: Contact::from(done.contact),
            opportunity: done.opportunity.map(Opportunity::from),
        })
    }

    /// Adds an assignment rule (ADMIN, SALES_MANAGER).
    async fn create_assignment_rule(&self, ctx: &Context<'_>, input: CreateAssignmentRuleInput) -> Result<AssignmentRulePayload> {
        let caller = caller(ctx)?;
        let rights = lead_routing(&caller.principal)?;
        Ok(AssignmentRulePayload { assignment_rule: AssignmentRule(assignment::create_rule(app(ctx)?, caller, &rights, input).await?) })
    }

    /// Renames, reorders, turns on or off an assignment rule (ADMIN, SALES_MANAGER).
    async fn update_assignment_rule(&self, ctx: &Context<'_>, input: UpdateAssignmentRuleInput) -> Result<AssignmentRulePayload> {
        let caller = caller(ctx)?;
        let rights = lead_routing(&caller.principal)?;
        Ok(AssignmentRulePayload { assignment_rule: AssignmentRule(assignment::update_rule(app(ctx)?, caller, &rights, input).await?) })
    }
}

/// Product ids of interest of visible leads (then read through the catalog's scope).
pub struct ProductsByLead {
    pub db: Db,
}

impl Loader<Seen<lead::Model>> for ProductsByLead {
    type Value = Vec<Uuid>;
    type Error = async_graphql::Error;

    async fn load(&self, keys: &[Seen<lead::Model>]) -> Result<HashMap<Seen<lead::Model>, Self::Value>, Self::Error> {
        let rows = Seen::group(keys, repo::products_of_seen(&self.db.read, keys).await?, |r| r.lead_id);
        Ok(rows.into_iter().map(|(lead, rows)| (lead, rows.iter().map(|r| r.product_id).collect())).collect())
    }
}

/// Assignment history of visible leads, oldest first.
pub struct AssignmentsByLead {
    pub db: Db,
}

impl Loader<Seen<lead::Model>> for AssignmentsByLead {
    type Value = Vec<Visible<lead_assignment::Model>>;
    type Error = async_graphql::Error;

    async fn load(&self, keys: &[Seen<lead::Model>]) -> Result<HashMap<Seen<lead::Model>, Self::Value>, Self::Error> {
        Ok(Seen::group(keys, repo::assignments_seen(&self.db.read, keys).await?, |r| r.lead_id))
    }
}

crate::db_loader!(ProductsByLead, AssignmentsByLead);

crate::node_lookup!("leads", |db, principal, ids| {
    use crate::node::Node;
    let Ok(scope) = crm_sales::access::LeadScope::of(principal) else { return Ok(Vec::new()) };
    Ok(repo::leads_by_ids(db, &scope, ids).await?.into_iter().map(|r| (r.id, Node::Lead(Lead(r)))).collect())
});
