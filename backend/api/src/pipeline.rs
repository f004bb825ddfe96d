//! The pipeline API: opportunities, their stage history, the board's totals, deal
//! registrations and the stages' probabilities.

use crate::catalog::Product;
use crate::catalog::ProductById;
use crate::connection;
use crate::connection::{page_cost, single_order};
use crate::customers::loaders::CustomerById;
use crate::customers::Contact;
use crate::customers::Customer;
use crate::identity::PartnerById;
use crate::identity::UserById;
use crate::identity::{PartnerOrganization, User};
use crate::loaders::ContactById;
use crate::payload;
use crate::request::loader;
use crate::types::{ConvertedAmount, Money};
use crate::{app, caller};
use async_graphql::dataloader::Loader;
use async_graphql::{ComplexObject, Context, Object, Result, SimpleObject, ID};
use chrono::{DateTime, NaiveDate, Utc};
use crm_company::rates::Rates;
use crm_core::access::require_admin;
use crm_core::db::Db;
use crm_core::error::{AppError, InputReason};
use crm_core::filters::{parse_id, OrderDirection};
use crm_core::pagination::PageRequest;
use crm_core::principal::PrincipalKind;
use crm_core::values::from_scaled;
use crm_core::visible::{Seen, Visible};
use crm_customers::inputs::VersionedId;
use crm_sales::access::{opportunity_edit, opportunity_manage, OpportunityScope};
use crm_sales::pipeline::contacts::SetOpportunityContactInput;
use crm_sales::pipeline::domain::{ContactRole, LeadSource, OpportunityStage, Registration, StageEvent, StageRules};
use crm_sales::pipeline::entity::opportunity_contact;
use crm_sales::pipeline::entity::{opportunity, pipeline_stage, stage_change};
use crm_sales::pipeline::inputs::{
    CreateOpportunityInput, MoveOpportunityInput, OpportunityFilter, OpportunityOrder, OpportunityOrderField, ReviewDealRegistrationInput,
    UpdateOpportunityInput, UpdatePipelineStageInput,
};
use crm_sales::pipeline::metrics::Converted;
use crm_sales::pipeline::{repo, service};
use std::collections::HashMap;
use uuid::Uuid;

/// A potential sale to a customer, moving through the pipeline's stages.
#[derive(Clone)]
pub struct Opportunity(Visible<opportunity::Model>);

impl From<Visible<opportunity::Model>> for Opportunity {
    fn from(row: Visible<opportunity::Model>) -> Self {
        Self(row)
    }
}

/// A potential sale to a customer, moving through the pipeline's stages.
#[Object]
impl Opportunity {
    /// Unique id (UUIDv7).
    pub async fn id(&self) -> ID {
        ID(self.0.id.to_string())
    }
    /// Short name.
    async fn name(&self) -> &str {
        &self.0.name
    }
    /// The customer, or null when the caller may not see it (a partner's deal on a customer
    /// assigned elsewhere).
    async fn customer(&self, ctx: &Context<'_>) -> Result<Option<Customer>> {
        Ok(loader::<CustomerById>(ctx)?.load_one(self.0.customer_id).await?.map(Customer::from))
    }
    /// The staff user responsible.
    async fn owner(&self, ctx: &Context<'_>) -> Result<Option<User>> {
        let Some(key) = self.0.seen(|r| r.owner_id) else { return Ok(None) };
        Ok(loader::<UserById>(ctx)?.load_one(key).await?.map(User::from))
    }
    /// The partner organisation working the deal.
    async fn partner(&self, ctx: &Context<'_>) -> Result<Option<PartnerOrganization>> {
        let Some(key) = self.0.seen(|r| r.partner_id) else { return Ok(None) };
        Ok(loader::<PartnerById>(ctx)?.load_one(key).await?.map(PartnerOrganization::from))
    }
    /// Current stage.
    async fn stage(&self) -> OpportunityStage {
        self.0.stage
    }
    /// Win probability in percent.
    async fn probability(&self) -> i32 {
        self.0.probability
    }
    /// Expected revenue.
    async fn amount(&self) -> Money {
        Money::from_scaled(self.0.amount, &self.0.currency)
    }
    /// Amount × probability: what the forecast counts.
    async fn weighted_amount(&self) -> Money {
        let weighted = from_scaled(self.0.amount) * rust_decimal::Decimal::from(self.0.probability) / rust_decimal::Decimal::ONE_HUNDRED;
        Money { amount: weighted.round_dp(4).normalize(), currency: self.0.currency.clone() }
    }
    /// When the deal is expected to close.
    async fn expected_close_date(&self) -> NaiveDate {
        self.0.expected_close_date
    }
    /// Where the deal came from.
    async fn source(&self) -> LeadSource {
        self.0.source
    }
    /// The next thing to do.
    async fn next_step(&self) -> Option<&str> {
        self.0.next_step.as_deref()
    }
    /// Why it was lost (CLOSED_LOST only).
    async fn lost_reason(&self) -> Option<&str> {
        self.0.lost_reason.as_deref()
    }
    /// Notes.
    async fn description(&self) -> Option<&str> {
        self.0.description.as_deref()
    }
    /// For a partner's deal registration: its review state.
    async fn registration(&self) -> Option<Registration> {
        self.0.registration
    }
    /// The reviewer's note on a deal registration.
    async fn registration_note(&self) -> Option<&str> {
        self.0.registration_note.as_deref()
    }
    /// Whether the stage is CLOSED_WON or CLOSED_LOST.
    async fn closed(&self) -> bool {
        self.0.stage.is_closed()
    }
    /// When it entered its current stage.
    async fn stage_changed_at(&self) -> DateTime<Utc> {
        self.0.stage_changed_at
    }
    /// When it was won or lost.
    async fn closed_at(&self) -> Option<DateTime<Utc>> {
        self.0.closed_at
    }
    /// Products of interest.
    async fn products(&self, ctx: &Context<'_>) -> Result<Vec<Product>> {
        let ids = loader::<ProductsByOpportunity>(ctx)?.load_one(self.0.key(|r| r.id)).await?.unwrap_or_default();
        let mut found = loader::<ProductById>(ctx)?.load_many(ids.iter().copied()).await?;
        Ok(ids.iter().filter_map(|id| found.remove(id)).map(Product::from).collect())
    }
    /// The customer's contacts who take part in the deal, with their role (decision makers
    /// first).
    async fn contacts(&self, ctx: &Context<'_>) -> Result<Vec<OpportunityContact>> {
        let rows = loader::<ContactsByOpportunity>(ctx)?.load_one(self.0.key(|r| r.id)).await?.unwrap_or_default();
        Ok(rows.into_iter().map(|row| OpportunityContact { contact_id: row.contact_id, role: row.role }).collect())
    }
    /// Every move between stages, oldest first; the first entry is the creation.
    async fn stage_history(&self, ctx: &Context<'_>) -> Result<Vec<StageChange>> {
        let changes = loader::<StageHistoryByOpportunity>(ctx)?.load_one(self.0.key(|r| r.id)).await?.unwrap_or_default();
        Ok(changes.into_iter().map(StageChange).collect())
    }
    /// When it was created.
    async fn created_at(&self) -> DateTime<Utc> {
        self.0.created_at
    }
    /// When it last changed.
    async fn updated_at(&self) -> DateTime<Utc> {
        self.0.updated_at
    }
    /// Increases with every change; send it back with updates and moves.
    async fn version(&self) -> i32 {
        self.0.version
    }
    /// Archived opportunities are hidden from lists and totals unless asked for.
    async fn archived(&self) -> bool {
        self.0.archived_at.is_some()
    }
    /// Whether the caller may change, move, archive or restore it.
    async fn viewer_can_edit(&self, ctx: &Context<'_>) -> Result<bool> {
        Ok(opportunity_edit(&caller(ctx)?.principal, &self.0).is_ok())
    }
    /// Whether the caller may reassign it and review its deal registration.
    async fn viewer_can_manage(&self, ctx: &Context<'_>) -> Result<bool> {
        Ok(opportunity_manage(&caller(ctx)?.principal).is_ok())
    }
}

/// One step of an opportunity through the pipeline.
#[derive(Clone)]
pub struct StageChange(Visible<stage_change::Model>);

impl From<Visible<stage_change::Model>> for StageChange {
    fn from(row: Visible<stage_change::Model>) -> Self {
        Self(row)
    }
}

/// One step of an opportunity through the pipeline (its creation, a move between stages, its
/// deal registration approved), with the amount and probability it had then.
#[Object]
impl StageChange {
    /// What happened.
    async fn event(&self) -> StageEvent {
        self.0.event
    }
    /// The stage it left; null for the creation (for an approval, the stage it stays in).
    async fn from_stage(&self) -> Option<OpportunityStage> {
        self.0.from_stage
    }
    /// The stage it entered.
    async fn to_stage(&self) -> OpportunityStage {
        self.0.to_stage
    }
    /// Probability after the move, in percent.
    async fn probability(&self) -> i32 {
        self.0.probability
    }
    /// Amount at the time of the move.
    async fn amount(&self) -> Money {
        Money::from_scaled(self.0.amount, &self.0.currency)
    }
    /// When.
    async fn changed_at(&self) -> DateTime<Utc> {
        self.0.changed_at
    }
    /// Kind of caller that moved it.
    async fn actor_kind(&self) -> Option<PrincipalKind> {
        PrincipalKind::from_api(&self.0.actor_kind)
    }
    /// Who moved it (email, API key name or "crm seed").
    async fn actor_label(&self) -> &str {
        &self.0.actor_label
    }
}

/// A stage of the pipeline with its default win probability.
#[derive(Clone)]
pub struct PipelineStage(Visible<pipeline_stage::Model>);

impl From<Visible<pipeline_stage::Model>> for PipelineStage {
    fn from(row: Visible<pipeline_stage::Model>) -> Self {
        Self(row)
    }
}

/// A stage of the pipeline with its default win probability.
#[Object]
impl PipelineStage {
    /// The stage.
    async fn stage(&self) -> OpportunityStage {
        self.0.stage
    }
    /// Place on the board, from 0.
    async fn position(&self) -> i32 {
        self.0.position
    }
    /// Probability (percent) an opportunity gets when it enters the stage.
    async fn probability(&self) -> i32 {
        self.0.probability
    }
    /// Whether the stage ends the deal.
    async fn closed(&self) -> bool {
        self.0.stage.is_closed()
    }
    /// Increases with every change; send it back with updates.
    async fn version(&self) -> i32 {
        self.0.version
    }
}

/// Totals of one stage of the pipeline (a column of the board).
#[derive(SimpleObject, Clone)]
pub struct StageSummary {
    /// The stage.
    pub stage: OpportunityStage,
    /// Number of matching opportunities in it.
    pub count: i64,
    /// Sum of their amounts, one entry per currency.
    pub amount: Vec<Money>,
    /// Sum of amount × probability, one entry per currency.
    pub weighted_amount: Vec<Money>,
    /// Sum of their amounts in the corporate currency, at today's exchange rates.
    pub amount_total: ConvertedAmount,
    /// Sum of amount × probability in the corporate currency, at today's exchange rates.
    pub weighted_amount_total: ConvertedAmount,
}

/// One column of the pipeline board: a stage, the totals of the opportunities in it, and its
/// first cards.
#[derive(SimpleObject)]
pub struct BoardColumn {
    /// The stage, with its board position and default probability.
    pub stage: PipelineStage,
    /// Count, amount and weighted amount of the matching opportunities in the stage.
    pub totals: StageSummary,
    /// Its first opportunities by expected close date (then id), at most `cardsPerColumn`; the
    /// others are those of `opportunities` filtered by the stage.
    pub cards: Vec<Opportunity>,
}

/// The most cards a board column may ask for.
pub const MAX_CARDS_PER_COLUMN: i32 = 50;

connection!(OpportunityConnection, OpportunityEdge, Opportunity, opportunity::Entity, "opportunities");

payload!(CreateOpportunityPayload, opportunity, Opportunity, "Result of createOpportunity.");
payload!(UpdateOpportunityPayload, opportunity, Opportunity, "Result of updateOpportunity.");
payload!(MoveOpportunityPayload, opportunity, Opportunity, "Result of moveOpportunity.");
payload!(ArchiveOpportunityPayload, opportunity, Opportunity, "Result of archiveOpportunity.");
payload!(RestoreOpportunityPayload, opportunity, Opportunity, "Result of restoreOpportunity.");
payload!(ReviewDealRegistrationPayload, opportunity, Opportunity, "Result of reviewDealRegistration.");
payload!(UpdatePipelineStagePayload, pipeline_stage, PipelineStage, "Result of updatePipelineStage.");

#[derive(Default)]
pub struct PipelineQuery;

#[Object]
impl PipelineQuery {
    /// Opportunities the caller may see, filtered and sorted (default: by expected close date).
    #[graphql(complexity = "page_cost(first, last, child_complexity)")]
    #[allow(clippy::too_many_arguments)]
    async fn opportunities(
        &self,
        ctx: &Context<'_>,
        first: Option<i32>,
        after: Option<String>,
        last: Option<i32>,
        before: Option<String>,
        filter: Option<OpportunityFilter>,
        order_by: Option<Vec<OpportunityOrder>>,
    ) -> Result<OpportunityConnection> {
        let scope = OpportunityScope::of(&caller(ctx)?.principal)?;
        let page = PageRequest::from_relay(first, after, last, before)?;
        let default = OpportunityOrder { field: OpportunityOrderField::ExpectedCloseDate, direction: OrderDirection::Asc };
        let order = single_order(order_by, default)?;
        let (page, all) = repo::list_opportunities(&app(ctx)?.db.read, &scope, &filter.unwrap_or_default(), &order, &page).await?;
        Ok(OpportunityConnection::new(page, all, Opportunity))
    }

    /// One opportunity by id; NOT_FOUND when absent or not visible to the caller.
    async fn opportunity(&self, ctx: &Context<'_>, id: ID) -> Result<Opportunity> {
        let scope = OpportunityScope::of(&caller(ctx)?.principal)?;
        let id = parse_id(&id, "id")?;
        let found = repo::find_opportunity(&app(ctx)?.db.read, &scope, id).await?;
        Ok(Opportunity(found.ok_or(AppError::NotFound("opportunity"))?))
    }

    /// Count, amount and weighted amount per stage of the opportunities matching `filter`,
    /// every stage in board order (the pipeline board's column totals).
    async fn pipeline_summary(&self, ctx: &Context<'_>, filter: Option<OpportunityFilter>) -> Result<Vec<StageSummary>> {
        let scope = OpportunityScope::of(&caller(ctx)?.principal)?;
        let db = &app(ctx)?.db.read;
        let totals = repo::stage_totals(db, &scope, &filter.unwrap_or_default()).await?;
        let stages = repo::stages(db).await?;
        let today = app(ctx)?.clock.now().date_naive();
        let rates = todays_rates(db, &totals, today).await?;
        Ok(stages.iter().map(|s| stage_summary(s.stage, &totals, &rates, today)).collect())
    }

    /// The pipeline board in one read: every stage in board order, each with the totals of the
    /// opportunities matching `filter` and its first `cardsPerColumn` (1–50) by expected close
    /// date, the totals also in the corporate currency at today's exchange rates. Three
    /// statements whatever the number of stages and cards (stages, totals, cards), plus the
    /// rates of the currencies shown and one per relation the cards select (customer, owner…).
    #[graphql(complexity = "cards_per_column.clamp(1, MAX_CARDS_PER_COLUMN) as usize * OpportunityStage::ALL.len() * child_complexity + 1")]
    async fn pipeline_board(
        &self,
        ctx: &Context<'_>,
        filter: Option<OpportunityFilter>,
        #[graphql(default = 20)] cards_per_column: i32,
    ) -> Result<Vec<BoardColumn>> {
        if !(1..=MAX_CARDS_PER_COLUMN).contains(&cards_per_column) {
            return Err(AppError::invalid(
                "cardsPerColumn",
                InputReason::OutOfRange { min: 1, max: MAX_CARDS_PER_COLUMN.into() }
                    .with_message(format!("`cardsPerColumn` must be between 1 and {MAX_CARDS_PER_COLUMN}")),
            )
            .into());
        }
        let scope = OpportunityScope::of(&caller(ctx)?.principal)?;
        let db = &app(ctx)?.db.read;
        let filter = filter.unwrap_or_default();
        let (stages, totals, mut cards) = tokio::try_join!(
            repo::visible_stages(db, &scope),
            repo::stage_totals(db, &scope, &filter),
            repo::first_of_each_stage(db, &scope, &filter, cards_per_column.unsigned_abs()),
        )?;
        let today = app(ctx)?.clock.now().date_naive();
        let rates = todays_rates(db, &totals, today).await?;
        Ok(stages
            .into_iter()
            .map(|stage| {
                let (of_stage, others) = std::mem::take(&mut cards).into_iter().partition(|card| card.stage == stage.stage);
                cards = others;
                BoardColumn {
                    totals: stage_summary(stage.stage, &totals, &rates, today),
                    cards: of_stage.into_iter().map(Opportunity).collect::<Vec<_>>(),
                    stage: PipelineStage(stage),
                }
            })
            .collect())
    }

    /// The pipeline's stages in board order with their default probabilities.
    async fn pipeline_stages(&self, ctx: &Context<'_>) -> Result<Vec<PipelineStage>> {
        let scope = OpportunityScope::of(&caller(ctx)?.principal)?;
        Ok(repo::visible_stages(&app(ctx)?.db.read, &scope).await?.into_iter().map(PipelineStage).collect())
    }
}

/// The totals of `stage` among the per-stage, per-currency `totals`, currencies in order.
fn stage_summary(stage: OpportunityStage, totals: &[repo::StageTotals], rates: &Rates, today: NaiveDate) -> StageSummary {
    let mut of_stage: Vec<_> = totals.iter().filter(|t| t.stage == stage).collect();
    of_stage.sort_by(|a, b| a.currency.cmp(&b.currency));
    let (mut amount, mut weighted) = (Converted::default(), Converted::default());
    for total in &of_stage {
        amount.add(rates, total.amount, &total.currency, today);
        weighted.add(rates, total.weighted.round_dp(4), &total.currency, today);
    }
    StageSummary {
        stage,
        count: of_stage.iter().map(|t| t.count).sum(),
        amount: of_stage.iter().map(|t| Money { amount: t.amount, currency: t.currency.clone() }).collect(),
        weighted_amount: of_stage
            .iter()
            .map(|t| Money { amount: t.weighted.round_dp(4).normalize(), currency: t.currency.clone() })
            .collect(),
        amount_total: ConvertedAmount::new(&rates.corporate, &amount),
        weighted_amount_total: ConvertedAmount::new(&rates.corporate, &weighted),
    }
}

/// Today's exchange rates of the currencies in `totals`.
async fn todays_rates(db: &impl sea_orm::ConnectionTrait, totals: &[repo::StageTotals], today: NaiveDate) -> Result<Rates> {
    Ok(Rates::load(db, totals.iter().map(|t| t.currency.as_str()), today, today).await?)
}

#[derive(Default)]
pub struct PipelineMutation;

#[Object]
impl PipelineMutation {
    /// Creates an opportunity. A partner user's is a deal registration (PENDING) of its
    /// organisation; a sales rep's is its own.
    async fn create_opportunity(&self, ctx: &Context<'_>, input: CreateOpportunityInput) -> Result<CreateOpportunityPayload> {
        let opp = service::create_opportunity(app(ctx)?, caller(ctx)?, input).await?;
        Ok(CreateOpportunityPayload { opportunity: Opportunity(opp) })
    }

    /// Puts a contact of the opportunity's customer on the deal with a role, changes the role,
    /// or (no role) takes them off; a change to the opportunity at the version read
    /// (whoever may change the opportunity).
    async fn set_opportunity_contact(&self, ctx: &Context<'_>, input: SetOpportunityContactInput) -> Result<UpdateOpportunityPayload> {
        let opp = crm_sales::pipeline::contacts::set_contact(app(ctx)?, caller(ctx)?, input).await?;
        Ok(UpdateOpportunityPayload { opportunity: Opportunity(opp) })
    }

    /// Changes an opportunity's fields at the version the client read (CONFLICT when it moved).
    async fn update_opportunity(&self, ctx: &Context<'_>, input: UpdateOpportunityInput) -> Result<UpdateOpportunityPayload> {
        let opp = service::update_opportunity(app(ctx)?, caller(ctx)?, input).await?;
        Ok(UpdateOpportunityPayload { opportunity: Opportunity(opp) })
    }

    /// Moves an opportunity to another stage, recording the move in its stage history.
    async fn move_opportunity(&self, ctx: &Context<'_>, input: MoveOpportunityInput) -> Result<MoveOpportunityPayload> {
        let opp = service::move_opportunity(app(ctx)?, caller(ctx)?, input).await?;
        Ok(MoveOpportunityPayload { opportunity: Opportunity(opp) })
    }

    /// Archives an opportunity.
    async fn archive_opportunity(&self, ctx: &Context<'_>, input: VersionedId) -> Result<ArchiveOpportunityPayload> {
        let opp = service::set_archived(app(ctx)?, caller(ctx)?, input, true).await?;
        Ok(ArchiveOpportunityPayload { opportunity: Opportunity(opp) })
    }

    /// Restores an archived opportunity.
    async fn restore_opportunity(&self, ctx: &Context<'_>, input: VersionedId) -> Result<RestoreOpportunityPayload> {
        let opp = service::set_archived(app(ctx)?, caller(ctx)?, input, false).await?;
        Ok(RestoreOpportunityPayload { opportunity: Opportunity(opp) })
    }

    /// Approves or rejects a partner's deal registration (ADMIN, SALES_MANAGER).
    async fn review_deal_registration(
        &self,
        ctx: &Context<'_>,
        input: ReviewDealRegistrationInput,
    ) -> Result<ReviewDealRegistrationPayload> {
        let opp = service::review_registration(app(ctx)?, caller(ctx)?, input).await?;
        Ok(ReviewDealRegistrationPayload { opportunity: Opportunity(opp) })
    }

    /// Sets a stage's default win probability (admins).
    async fn update_pipeline_stage(&self, ctx: &Context<'_>, input: UpdatePipelineStageInput) -> Result<UpdatePipelineStagePayload> {
        let caller = caller(ctx)?;
        let admin = require_admin(&caller.principal)?;
        let stage = service::update_stage(app(ctx)?, caller, &admin, input).await?;
        Ok(UpdatePipelineStagePayload { pipeline_stage: PipelineStage(stage) })
    }
}

/// Stage history of visible opportunities, oldest first.
pub struct StageHistoryByOpportunity {
    pub db: Db,
}

impl Loader<Seen<opportunity::Model>> for StageHistoryByOpportunity {
    type Value = Vec<Visible<stage_change::Model>>;
    type Error = async_graphql::Error;

    async fn load(&self, keys: &[Seen<opportunity::Model>]) -> Result<HashMap<Seen<opportunity::Model>, Self::Value>, Self::Error> {
        Ok(Seen::group(keys, repo::stage_changes_seen(&self.db.read, keys).await?, |c| c.opportunity_id))
    }
}

/// Product ids of interest of visible opportunities (then read through the catalog's scope).
pub struct ProductsByOpportunity {
    pub db: Db,
}

impl Loader<Seen<opportunity::Model>> for ProductsByOpportunity {
    type Value = Vec<Uuid>;
    type Error = async_graphql::Error;

    async fn load(&self, keys: &[Seen<opportunity::Model>]) -> Result<HashMap<Seen<opportunity::Model>, Self::Value>, Self::Error> {
        let rows = Seen::group(keys, repo::products_of_seen(&self.db.read, keys).await?, |r| r.opportunity_id);
        Ok(rows.into_iter().map(|(opportunity, rows)| (opportunity, rows.iter().map(|r| r.product_id).collect())).collect())
    }
}

crate::db_loader!(StageHistoryByOpportunity, ProductsByOpportunity);

crate::node_lookup!("opportunities", |db, principal, ids| {
    use crate::node::Node;
    let Ok(scope) = crm_sales::access::OpportunityScope::of(principal) else { return Ok(Vec::new()) };
    Ok(repo::opportunities_by_ids(db, &scope, ids).await?.into_iter().map(|r| (r.id, Node::Opportunity(Opportunity(r)))).collect())
});

/// A contact of the customer who takes part in a deal, and their role in it.
#[derive(SimpleObject, Clone)]
#[graphql(complex)]
pub struct OpportunityContact {
    #[graphql(skip)]
    contact_id: uuid::Uuid,
    /// Their role in the deal.
    pub role: ContactRole,
}

#[ComplexObject]
impl OpportunityContact {
    /// The contact (null if out of the caller's sight).
    async fn contact(&self, ctx: &Context<'_>) -> Result<Option<Contact>> {
        Ok(loader::<ContactById>(ctx)?.load_one(self.contact_id).await?.map(Contact::from))
    }
}

/// The contacts on each opportunity.
pub struct ContactsByOpportunity {
    db: crm_core::db::Db,
}

crate::db_loader!(ContactsByOpportunity);

impl async_graphql::dataloader::Loader<Seen<opportunity::Model>> for ContactsByOpportunity {
    type Value = Vec<Visible<opportunity_contact::Model>>;
    type Error = async_graphql::Error;

    async fn load(
        &self,
        keys: &[Seen<opportunity::Model>],
    ) -> Result<std::collections::HashMap<Seen<opportunity::Model>, Self::Value>, Self::Error> {
        let rows = crm_sales::pipeline::contacts::contacts_of(&self.db.read, keys).await?;
        Ok(Seen::group(keys, rows, |row| row.opportunity_id))
    }
}
