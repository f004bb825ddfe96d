//! Who sees and changes the sales records: the product catalog and price books, sales teams,
//! the pipeline's stages and opportunities.
//!
//! - The catalog (products, price books, list prices) is read by staff, partner users (they
//!   quote the same products) and API keys with `sales:read`; ADMIN and SALES_MANAGER change
//!   it, as do keys with `sales:write`. Customer users read products only through their own
//!   quotes and orders.
//! - Opportunities: ADMIN, SALES_MANAGER and the non-sales roles (marketing, service,
//!   analysis) read all; a SALES_REP reads those it owns and those owned by its sales team's
//!   members; a partner user reads its organisation's; API keys read with `sales:read`.
//!   Customer users have no access.
//! - Changing an opportunity: ADMIN and SALES_MANAGER all; a SALES_REP those it owns; a
//!   partner user its organisation's approved deals; keys with `sales:write`.
//! - A partner user's new opportunity is a deal registration: it belongs to the partner's
//!   organisation and waits for a manager's approval (ADMIN or SALES_MANAGER) before it
//!   enters the pipeline.
//! - The pipeline's stage probabilities and sales teams are changed by ADMIN only.
//! - Leads are seen like opportunities (a rep: its own and its team's; a partner: its
//!   organisation's; customers: none). ADMIN, SALES_MANAGER, SALES_REP, MARKETER (campaign
//!   lists), partner users and keys with `sales:write` create them; they are changed by those
//!   who may change an opportunity of the same owner and partner, and marketers do not work
//!   them. Bulk assignment and the assignment rules are for ADMIN and SALES_MANAGER.
//! - Quotes and orders are seen like their opportunity (by owner and partner); a customer
//!   user sees its own customer's quotes (not drafts) and orders, and accepts or rejects its
//!   quotes. Whoever may change the opportunity prepares, sends and revises its quotes.
//! - Orders are entered directly by ADMIN, SALES_MANAGER, SALES_REP and `sales:write` keys;
//!   a credit hold is released by ADMIN or SALES_MANAGER; the ERP's key (`orders:status`)
//!   reads orders and reports their status, as an ADMIN may by hand.

use crate::catalog::entity::{price_book, product};
use crate::leads::entity::{assignment_rule, lead};
use crate::orders::entity::order;
use crate::pipeline::domain::Registration;
use crate::pipeline::entity::{opportunity, pipeline_stage};
use crate::quotes::domain::QuoteStatus;
use crate::quotes::entity::quote;
use crm_core::access::AdminRights;
use crm_core::audit::{EntityType, HistoryVisibility};
use crm_core::error::{AppError, AppResult};
use crm_core::principal::{ApiScope, Principal};
use crm_core::versioned::{CreateRight, WriteRight};
use crm_identity::domain::StaffRole;
use crm_identity::users::{team_member_ids, Teams};
use sea_orm::sea_query::{Condition, Query, SelectStatement};
use sea_orm::{ColumnTrait, EntityTrait};
use uuid::Uuid;

fn sales_read(principal: &Principal) -> bool {
    principal.has_scope(ApiScope::SalesRead) || principal.has_scope(ApiScope::SalesWrite)
}

/// Proof that the caller may read the product catalog and price books.
#[derive(Debug, Clone, Copy)]
pub struct CatalogRead(());

pub fn catalog_read(principal: &Principal) -> AppResult<CatalogRead> {
    match principal {
        Principal::Staff { .. } | Principal::Partner { .. } | Principal::System { .. } => Ok(CatalogRead(())),
        Principal::Integration { .. } if sales_read(principal) => Ok(CatalogRead(())),
        _ => Err(AppError::Forbidden("read the product catalog")),
    }
}

/// Proof that the caller may change products, price books and list prices.
#[derive(Debug)]
pub struct CatalogWrite(());

pub fn catalog_write(principal: &Principal) -> AppResult<CatalogWrite> {
    match principal {
        Principal::Staff { role: StaffRole::Admin | StaffRole::SalesManager, .. } | Principal::System { .. } => Ok(CatalogWrite(())),
        Principal::Integration { .. } if principal.has_scope(ApiScope::SalesWrite) => Ok(CatalogWrite(())),
        _ => Err(AppError::Forbidden("change the product catalog")),
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Visibility {
    /// Every record: no condition, so no subquery in statements that ask "which ids?".
    All,
    /// A sales rep: its own and its team's.
    OwnerOrTeam(Uuid),
    Partner(Uuid),
}

impl Visibility {
    fn sees_all(self) -> bool {
        self == Self::All
    }

    fn of(principal: &Principal, what: &'static str) -> AppResult<Self> {
        Ok(match principal {
            Principal::Staff { role: StaffRole::SalesRep, user_id, .. } => Visibility::OwnerOrTeam(*user_id),
            Principal::Staff { .. } | Principal::System { .. } => Visibility::All,
            Principal::Partner { partner_id, .. } => Visibility::Partner(*partner_id),
            Principal::Integration { .. } if sales_read(principal) => Visibility::All,
            Principal::Customer { .. } | Principal::Integration { .. } => return Err(AppError::Forbidden(what)),
        })
    }

    /// SQL condition on a table with owner and partner columns selecting the visible rows. A
    /// rep's team is resolved in the same statement (`owner_id IN (members of my team)`), so
    /// moving a rep to another team takes effect at once.
    fn condition(self, owner: impl ColumnTrait, partner: impl ColumnTrait) -> Condition {
        match self {
            Visibility::All => Condition::all(),
            Visibility::OwnerOrTeam(me) => {
                let team_members = team_member_ids(Teams::of_user(me));
                // Wrapped in `all`: callers add their filters to the returned condition, and
                // filters added to an `any` would widen the scope instead of narrowing it.
                Condition::all().add(Condition::any().add(owner.eq(me)).add(owner.in_subquery(team_members)))
            }
            Visibility::Partner(id) => Condition::all().add(partner.eq(id)),
        }
    }
}

/// The opportunities a caller may read. Every opportunity query takes one.
#[derive(Debug, Clone)]
pub struct OpportunityScope(Visibility);

impl OpportunityScope {
    pub fn of(principal: &Principal) -> AppResult<Self> {
        Visibility::of(principal, "read opportunities").map(Self)
    }

    /// SQL condition on the `opportunities` table selecting the visible rows.
    pub fn condition(&self) -> Condition {
        self.0.condition(opportunity::Column::OwnerId, opportunity::Column::PartnerId)
    }

    /// The partner organisation the caller reads for, if it is a partner user.
    pub fn partner(&self) -> Option<Uuid> {
        match self.0 {
            Visibility::Partner(id) => Some(id),
            _ => None,
        }
    }
}

/// The ids of the rows of `entity` that `condition` selects, or `None` when the caller sees
/// them all (no subquery needed).
fn visible_ids<E: EntityTrait>(sees_all: bool, entity: E, id: E::Column, condition: Condition) -> Option<SelectStatement> {
    (!sees_all).then(|| Query::select().column(id).from(entity).cond_where(condition).to_owned())
}

/// Adds to `history` the entries about the sales records of a customer (its opportunities,
/// quotes and orders) that the caller sees: a rep reads a customer's history, but another
/// team's deal on that customer stays as hidden there as in `opportunities`. Kinds the caller
/// has no scope for stay hidden.
pub fn history_visibility(principal: &Principal, mut history: HistoryVisibility) -> HistoryVisibility {
    if let Ok(scope) = OpportunityScope::of(principal) {
        let ids = visible_ids(scope.0.sees_all(), opportunity::Entity, opportunity::Column::Id, scope.condition());
        history = history.show(EntityType::Opportunity, ids);
    }
    if let Ok(scope) = QuoteScope::of(principal) {
        let ids = visible_ids(scope.0.sees_all(), quote::Entity, quote::Column::Id, scope.condition());
        history = history.show(EntityType::Quote, ids);
    }
    if let Ok(scope) = OrderScope::of(principal) {
        let ids = visible_ids(scope.0.sees_all(), order::Entity, order::Column::Id, scope.condition());
        history = history.show(EntityType::Order, ids);
    }
    history
}

/// Implements `WriteRight` of each entity for a right over the whole table.
macro_rules! table_right {
    ($right:ty => $($entity:path),+) => {
        $(impl WriteRight<$entity> for $right {
            fn covers(&self, _: &<$entity as EntityTrait>::Model) -> bool {
                true
            }
        })+
    };
}

table_right!(CatalogWrite => product::Entity, price_book::Entity);
table_right!(OpportunityManage => opportunity::Entity);
table_right!(LeadRouting => lead::Entity, assignment_rule::Entity);
table_right!(CreditRelease => order::Entity);
table_right!(OrderStatusReport => order::Entity);

/// Proof that the caller may change one opportunity: its fields, stage, archive and restore.
#[derive(Debug, Clone, Copy)]
pub struct OpportunityEdit {
    opportunity_id: Uuid,
}

impl WriteRight<opportunity::Entity> for OpportunityEdit {
    fn covers(&self, row: &opportunity::Model) -> bool {
        row.id == self.opportunity_id
    }
}

/// May the caller change this (visible) opportunity: its fields, stage, archive and restore?
pub fn opportunity_edit(principal: &Principal, opportunity: &opportunity::Model) -> AppResult<OpportunityEdit> {
    let allowed = match principal {
        Principal::Staff { role: StaffRole::Admin | StaffRole::SalesManager, .. } | Principal::System { .. } => true,
        Principal::Staff { role: StaffRole::SalesRep, user_id, .. } => opportunity.owner_id == Some(*user_id),
        Principal::Partner { partner_id, .. } => {
            opportunity.partner_id == Some(*partner_id) && opportunity.registration != Some(Registration::Rejected)
        }
        Principal::Integration { .. } => principal.has_scope(ApiScope::SalesWrite),
        Principal::Staff { .. } | Principal::Customer { .. } => false,
    };
    if allowed {
        Ok(OpportunityEdit { opportunity_id: opportunity.id })
    } else {
        Err(AppError::Forbidden("change this opportunity"))
    }
}

/// How a caller's new opportunities are owned.
#[derive(Debug, Clone, Copy)]
pub struct OpportunityCreate {
    /// Owner set when the input names none.
    pub default_owner: Option<Uuid>,
    /// Whether the caller may name another owner and a partner organisation.
    pub may_assign: bool,
    /// Set for partner users: the new opportunity is a deal registration of this organisation.
    pub registering_partner: Option<Uuid>,
}

impl CreateRight<opportunity::Entity> for OpportunityCreate {}

/// Admins set the pipeline's stage defaults.
impl WriteRight<pipeline_stage::Entity> for AdminRights {
    fn covers(&self, _: &pipeline_stage::Model) -> bool {
        true
    }
}

pub fn opportunity_create(principal: &Principal) -> AppResult<OpportunityCreate> {
    match principal {
        Principal::Staff { role: StaffRole::Admin | StaffRole::SalesManager, .. } | Principal::System { .. } => {
            Ok(OpportunityCreate { default_owner: principal.user_id(), may_assign: true, registering_partner: None })
        }
        Principal::Staff { role: StaffRole::SalesRep, user_id, .. } => {
            Ok(OpportunityCreate { default_owner: Some(*user_id), may_assign: false, registering_partner: None })
        }
        Principal::Partner { partner_id, .. } => {
            Ok(OpportunityCreate { default_owner: None, may_assign: false, registering_partner: Some(*partner_id) })
        }
        Principal::Integration { .. } if principal.has_scope(ApiScope::SalesWrite) => {
            Ok(OpportunityCreate { default_owner: None, may_assign: true, registering_partner: None })
        }
        _ => Err(AppError::Forbidden("create opportunities")),
    }
}

/// Proof that the caller may reassign opportunities and review deal registrations.
#[derive(Debug)]
pub struct OpportunityManage(());

/// May the caller reassign opportunities (owner, partner) and review deal registrations?
pub fn opportunity_manage(principal: &Principal) -> AppResult<OpportunityManage> {
    match principal {
        Principal::Staff { role: StaffRole::Admin | StaffRole::SalesManager, .. } | Principal::System { .. } => Ok(OpportunityManage(())),
        Principal::Integration { .. } if principal.has_scope(ApiScope::SalesWrite) => Ok(OpportunityManage(())),
        _ => Err(AppError::Forbidden("reassign opportunities or review deal registrations")),
    }
}

/// The leads a caller may read. Every lead query takes one.
#[derive(Debug, Clone)]
pub struct LeadScope(Visibility);

impl LeadScope {
    pub fn of(principal: &Principal) -> AppResult<Self> {
        Visibility::of(principal, "read leads").map(Self)
    }

    /// SQL condition on the `leads` table selecting the visible rows.
    pub fn condition(&self) -> Condition {
        self.0.condition(lead::Column::OwnerId, lead::Column::PartnerId)
    }
}

/// How a caller's new leads are owned.
#[derive(Debug, Clone, Copy)]
pub struct LeadCreate {
    /// Owner set when the input names none (a rep owns what it enters); `None` lets the
    /// assignment rules decide.
    pub default_owner: Option<Uuid>,
    /// Set for partner users: the lead belongs to their organisation.
    pub forced_partner: Option<Uuid>,
    /// Whether the caller may name an owner or partner.
    pub may_assign: bool,
}

impl CreateRight<lead::Entity> for LeadCreate {}

pub fn lead_create(principal: &Principal) -> AppResult<LeadCreate> {
    let create = |default_owner, forced_partner, may_assign| Ok(LeadCreate { default_owner, forced_partner, may_assign });
    match principal {
        Principal::Staff { role: StaffRole::Admin | StaffRole::SalesManager, .. } | Principal::System { .. } => create(None, None, true),
        Principal::Staff { role: StaffRole::SalesRep, user_id, .. } => create(Some(*user_id), None, false),
        Principal::Staff { role: StaffRole::Marketer, .. } => create(None, None, false),
        Principal::Partner { partner_id, .. } => create(None, Some(*partner_id), false),
        Principal::Integration { .. } if principal.has_scope(ApiScope::SalesWrite) => create(None, None, true),
        _ => Err(AppError::Forbidden("create leads")),
    }
}

/// Proof that the caller may work one lead.
#[derive(Debug, Clone, Copy)]
pub struct LeadEdit {
    lead_id: Uuid,
}

impl WriteRight<lead::Entity> for LeadEdit {
    fn covers(&self, row: &lead::Model) -> bool {
        row.id == self.lead_id
    }
}

/// May the caller work this (visible) lead: change it, its status, convert, archive it?
pub fn lead_edit(principal: &Principal, lead: &lead::Model) -> AppResult<LeadEdit> {
    let allowed = match principal {
        Principal::Staff { role: StaffRole::Admin | StaffRole::SalesManager, .. } | Principal::System { .. } => true,
        Principal::Staff { role: StaffRole::SalesRep, user_id, .. } => lead.owner_id == Some(*user_id),
        Principal::Partner { partner_id, .. } => lead.partner_id == Some(*partner_id),
        Principal::Integration { .. } => principal.has_scope(ApiScope::SalesWrite),
        Principal::Staff { .. } | Principal::Customer { .. } => false,
    };
    if allowed {
        Ok(LeadEdit { lead_id: lead.id })
    } else {
        Err(AppError::Forbidden("change this lead"))
    }
}

/// Proof that the caller may assign leads in bulk, run the assignment rules and change them.
#[derive(Debug)]
pub struct LeadRouting(());

pub fn lead_routing(principal: &Principal) -> AppResult<LeadRouting> {
    match principal {
        Principal::Staff { role: StaffRole::Admin | StaffRole::SalesManager, .. } | Principal::System { .. } => Ok(LeadRouting(())),
        Principal::Integration { .. } if principal.has_scope(ApiScope::SalesWrite) => Ok(LeadRouting(())),
        _ => Err(AppError::Forbidden("assign leads or change the assignment rules")),
    }
}

/// Whether the caller works deals of this owner and partner (changes them).
fn works_deal(principal: &Principal, owner: Option<Uuid>, partner: Option<Uuid>) -> bool {
    match principal {
        Principal::Staff { role: StaffRole::Admin | StaffRole::SalesManager, .. } | Principal::System { .. } => true,
        Principal::Staff { role: StaffRole::SalesRep, user_id, .. } => owner == Some(*user_id),
        Principal::Partner { partner_id, .. } => partner == Some(*partner_id),
        Principal::Integration { .. } => principal.has_scope(ApiScope::SalesWrite),
        Principal::Staff { .. } | Principal::Customer { .. } => false,
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum DocumentVisibility {
    Sales(Visibility),
    Customer(Uuid),
}

impl DocumentVisibility {
    fn sees_all(self) -> bool {
        matches!(self, Self::Sales(v) if v.sees_all())
    }

    fn of(principal: &Principal, what: &'static str, extra_scope: Option<ApiScope>) -> AppResult<Self> {
        match principal {
            Principal::Customer { customer_id, .. } => Ok(Self::Customer(*customer_id)),
            Principal::Integration { .. } if extra_scope.is_some_and(|s| principal.has_scope(s)) => Ok(Self::Sales(Visibility::All)),
            _ => Visibility::of(principal, what).map(Self::Sales),
        }
    }
}

/// The quotes a caller may read.
#[derive(Debug, Clone)]
pub struct QuoteScope(DocumentVisibility);

impl QuoteScope {
    pub fn of(principal: &Principal) -> AppResult<Self> {
        DocumentVisibility::of(principal, "read quotes", None).map(Self)
    }

    /// SQL condition on the `quotes` table; customers never see drafts, nor quotes waiting for
    /// a discount approval.
    pub fn condition(&self) -> Condition {
        match self.0 {
            DocumentVisibility::Sales(v) => v.condition(quote::Column::OwnerId, quote::Column::PartnerId),
            // Neither drafts nor quotes waiting for a discount approval.
            DocumentVisibility::Customer(id) => Condition::all()
                .add(quote::Column::CustomerId.eq(id))
                .add(quote::Column::Status.is_not_in([QuoteStatus::Draft, QuoteStatus::PendingApproval])),
        }
    }
}

/// Proof that the caller may prepare, change, send and revise one quote (and supersede it
/// with a revision).
#[derive(Debug, Clone, Copy)]
pub struct QuoteEdit {
    quote_id: Uuid,
}

impl WriteRight<quote::Entity> for QuoteEdit {
    fn covers(&self, row: &quote::Model) -> bool {
        row.id == self.quote_id
    }
}

/// May the caller prepare, change, send and revise this quote?
pub fn quote_edit(principal: &Principal, quote: &quote::Model) -> AppResult<QuoteEdit> {
    if works_deal(principal, quote.owner_id, quote.partner_id) {
        Ok(QuoteEdit { quote_id: quote.id })
    } else {
        Err(AppError::Forbidden("change this quote"))
    }
}

/// Proof that the caller may accept or reject one quote; accepting wins its opportunity, so
/// the decision also writes that opportunity (whoever decides, the customer included).
#[derive(Debug, Clone, Copy)]
pub struct QuoteDecision {
    quote_id: Uuid,
    opportunity_id: Uuid,
}

impl WriteRight<quote::Entity> for QuoteDecision {
    fn covers(&self, row: &quote::Model) -> bool {
        row.id == self.quote_id
    }
}

impl WriteRight<opportunity::Entity> for QuoteDecision {
    fn covers(&self, row: &opportunity::Model) -> bool {
        row.id == self.opportunity_id
    }
}

/// May the caller accept or reject this quote? Its customer, or whoever works the deal (a
/// decision received on paper).
pub fn quote_decide(principal: &Principal, quote: &quote::Model) -> AppResult<QuoteDecision> {
    let decision = QuoteDecision { quote_id: quote.id, opportunity_id: quote.opportunity_id };
    match principal {
        Principal::Customer { customer_id, .. } if *customer_id == quote.customer_id => Ok(decision),
        _ if works_deal(principal, quote.owner_id, quote.partner_id) => Ok(decision),
        _ => Err(AppError::Forbidden("accept or reject this quote")),
    }
}

/// Proof that the caller may let a quote's discount above its seller's limit go to the
/// customer, or return the quote to draft (sales managers and admins).
#[derive(Debug, Clone, Copy)]
pub struct DiscountApproval {
    quote_id: Uuid,
}

impl WriteRight<quote::Entity> for DiscountApproval {
    fn covers(&self, row: &quote::Model) -> bool {
        row.id == self.quote_id
    }
}

pub fn discount_approve(principal: &Principal, quote: &quote::Model) -> AppResult<DiscountApproval> {
    match principal {
        Principal::Staff { role: StaffRole::Admin | StaffRole::SalesManager, .. } | Principal::System { .. } => {
            Ok(DiscountApproval { quote_id: quote.id })
        }
        _ => Err(AppError::Forbidden("approve discounts (sales managers and admins)")),
    }
}

/// May the caller set the discount limits (sales managers and admins)?
pub fn discount_settings(principal: &Principal) -> AppResult<()> {
    match principal {
        Principal::Staff { role: StaffRole::Admin | StaffRole::SalesManager, .. } | Principal::System { .. } => Ok(()),
        _ => Err(AppError::Forbidden("set discount limits (sales managers and admins)")),
    }
}

/// The orders a caller may read.
#[derive(Debug, Clone)]
pub struct OrderScope(DocumentVisibility);

impl OrderScope {
    pub fn of(principal: &Principal) -> AppResult<Self> {
        DocumentVisibility::of(principal, "read orders", Some(ApiScope::OrdersStatus)).map(Self)
    }

    /// SQL condition on the `orders` table.
    pub fn condition(&self) -> Condition {
        match self.0 {
            DocumentVisibility::Sales(v) => v.condition(order::Column::OwnerId, order::Column::PartnerId),
            DocumentVisibility::Customer(id) => Condition::all().add(order::Column::CustomerId.eq(id)),
        }
    }
}

/// Proof that the caller may enter orders directly (without a quote).
#[derive(Debug, Clone, Copy)]
pub struct OrderCreate(());

impl CreateRight<order::Entity> for OrderCreate {}

/// Who may enter orders directly (without a quote).
pub fn order_create(principal: &Principal) -> AppResult<OrderCreate> {
    match principal {
        Principal::Staff { role: StaffRole::Admin | StaffRole::SalesManager | StaffRole::SalesRep, .. } | Principal::System { .. } => {
            Ok(OrderCreate(()))
        }
        Principal::Integration { .. } if principal.has_scope(ApiScope::SalesWrite) => Ok(OrderCreate(())),
        _ => Err(AppError::Forbidden("enter orders")),
    }
}

/// Whoever may change an opportunity may quote it; whoever may change a quote may revise it
/// (a new record: the revision); accepting a quote places its order.
impl CreateRight<quote::Entity> for OpportunityEdit {}
impl CreateRight<quote::Entity> for QuoteEdit {}
impl CreateRight<order::Entity> for QuoteDecision {}

/// Proof that the caller may cancel one order.
#[derive(Debug, Clone, Copy)]
pub struct OrderEdit {
    order_id: Uuid,
}

impl WriteRight<order::Entity> for OrderEdit {
    fn covers(&self, row: &order::Model) -> bool {
        row.id == self.order_id
    }
}

/// May the caller cancel this order (before the ERP has it)?
pub fn order_edit(principal: &Principal, order: &order::Model) -> AppResult<OrderEdit> {
    if works_deal(principal, order.owner_id, order.partner_id) && !matches!(principal, Principal::Partner { .. }) {
        Ok(OrderEdit { order_id: order.id })
    } else {
        Err(AppError::Forbidden("change this order"))
    }
}

/// Proof that the caller may release orders held for credit.
#[derive(Debug)]
pub struct CreditRelease(());

pub fn credit_release(principal: &Principal) -> AppResult<CreditRelease> {
    match principal {
        Principal::Staff { role: StaffRole::Admin | StaffRole::SalesManager, .. } | Principal::System { .. } => Ok(CreditRelease(())),
        _ => Err(AppError::Forbidden("release orders held for credit")),
    }
}

/// Proof that the caller may report an order's status (the ERP, or an admin by hand).
#[derive(Debug)]
pub struct OrderStatusReport(());

pub fn order_status_report(principal: &Principal) -> AppResult<OrderStatusReport> {
    match principal {
        Principal::Staff { role: StaffRole::Admin, .. } | Principal::System { .. } => Ok(OrderStatusReport(())),
        Principal::Integration { .. } if principal.has_scope(ApiScope::OrdersStatus) => Ok(OrderStatusReport(())),
        _ => Err(AppError::Forbidden("report order status (an API key with orders:status)")),
    }
}
