//! Per-request state handed to resolvers: the caller and the DataLoaders. Loaders are made
//! per request so no cached row ever crosses from one caller to another.

use crate::catalog::{ListPricesByProduct, PriceBookById, ProductById};
use crate::customers::loaders::{ContactsByCustomer, CustomerById};
use crate::erp::{AttemptsByDelivery, DeliveryByOrder};
use crate::identity::{PartnerById, SalesTeamById, UserById};
use crate::leads::{AssignmentsByLead, ProductsByLead};
use crate::loaders::{ContactById, OpportunityById, OrderById, OrderByQuote, QuoteById};
use crate::orders::LinesByOrder;
use crate::pipeline::{ProductsByOpportunity, StageHistoryByOpportunity};
use crate::quotes::LinesByQuote;
use async_graphql::dataloader::DataLoader;
use async_graphql::Context;
use crm_core::context::AppContext;
use crm_core::error::{AppError, AppResult};
use crm_core::principal::Caller;
use crm_sales::access::{catalog_read, OpportunityScope, OrderScope, QuoteScope};

pub struct RequestState {
    pub caller: Option<Caller>,
    pub contacts_by_customer: DataLoader<ContactsByCustomer>,
    pub customers: DataLoader<CustomerById>,
    pub users: DataLoader<UserById>,
    pub partners: DataLoader<PartnerById>,
    pub sales_teams: DataLoader<SalesTeamById>,
    pub products: DataLoader<ProductById>,
    pub price_books: DataLoader<PriceBookById>,
    pub list_prices_by_product: DataLoader<ListPricesByProduct>,
    pub stage_history: DataLoader<StageHistoryByOpportunity>,
    pub opportunity_products: DataLoader<ProductsByOpportunity>,
    pub lead_products: DataLoader<ProductsByLead>,
    pub lead_assignments: DataLoader<AssignmentsByLead>,
    pub quote_lines: DataLoader<LinesByQuote>,
    pub order_lines: DataLoader<LinesByOrder>,
    pub opportunities: DataLoader<OpportunityById>,
    pub quotes: DataLoader<QuoteById>,
    pub orders: DataLoader<OrderById>,
    pub orders_by_quote: DataLoader<OrderByQuote>,
    pub contacts: DataLoader<ContactById>,
    pub deliveries: DataLoader<DeliveryByOrder>,
    pub delivery_attempts: DataLoader<AttemptsByDelivery>,
}

impl RequestState {
    pub fn new(app: &AppContext, caller: Option<Caller>) -> Self {
        let principal = caller.as_ref().map(|c| &c.principal);
        let scope = principal.and_then(|p| crm_customers::access::CustomerScope::of(p).ok());
        let catalog = principal.and_then(|p| catalog_read(p).ok());
        let opportunity_scope = principal.and_then(|p| OpportunityScope::of(p).ok());
        let quote_scope = principal.and_then(|p| QuoteScope::of(p).ok());
        let order_scope = principal.and_then(|p| OrderScope::of(p).ok());
        Self {
            contacts_by_customer: DataLoader::new(ContactsByCustomer::new(app.db.clone(), scope.clone()), tokio::spawn),
            customers: DataLoader::new(CustomerById::new(app.db.clone(), scope.clone()), tokio::spawn),
            users: DataLoader::new(UserById { db: app.db.clone() }, tokio::spawn),
            partners: DataLoader::new(PartnerById { db: app.db.clone() }, tokio::spawn),
            sales_teams: DataLoader::new(SalesTeamById { db: app.db.clone() }, tokio::spawn),
            products: DataLoader::new(ProductById { db: app.db.clone(), read: catalog }, tokio::spawn),
            price_books: DataLoader::new(PriceBookById { db: app.db.clone(), read: catalog }, tokio::spawn),
            list_prices_by_product: DataLoader::new(ListPricesByProduct { db: app.db.clone(), read: catalog }, tokio::spawn),
            stage_history: DataLoader::new(StageHistoryByOpportunity { db: app.db.clone() }, tokio::spawn),
            opportunity_products: DataLoader::new(ProductsByOpportunity { db: app.db.clone() }, tokio::spawn),
            lead_products: DataLoader::new(ProductsByLead { db: app.db.clone() }, tokio::spawn),
            lead_assignments: DataLoader::new(AssignmentsByLead { db: app.db.clone() }, tokio::spawn),
            quote_lines: DataLoader::new(LinesByQuote { db: app.db.clone() }, tokio::spawn),
            order_lines: DataLoader::new(LinesByOrder { db: app.db.clone() }, tokio::spawn),
            opportunities: DataLoader::new(OpportunityById { db: app.db.clone(), scope: opportunity_scope }, tokio::spawn),
            quotes: DataLoader::new(QuoteById { db: app.db.clone(), scope: quote_scope }, tokio::spawn),
            orders: DataLoader::new(OrderById { db: app.db.clone(), scope: order_scope.clone() }, tokio::spawn),
            orders_by_quote: DataLoader::new(OrderByQuote { db: app.db.clone(), scope: order_scope }, tokio::spawn),
            contacts: DataLoader::new(ContactById { db: app.db.clone(), scope }, tokio::spawn),
            deliveries: DataLoader::new(DeliveryByOrder { db: app.db.clone() }, tokio::spawn),
            delivery_attempts: DataLoader::new(AttemptsByDelivery { db: app.db.clone() }, tokio::spawn),
            caller,
        }
    }
}

/// The authenticated caller, or UNAUTHENTICATED.
pub fn caller<'a>(ctx: &Context<'a>) -> AppResult<&'a Caller> {
    state(ctx)?.caller.as_ref().ok_or(AppError::Unauthenticated)
}

pub fn state<'a>(ctx: &Context<'a>) -> AppResult<&'a RequestState> {
    ctx.data::<RequestState>().map_err(|_| AppError::Internal(anyhow::anyhow!("request state missing")))
}

pub fn app<'a>(ctx: &Context<'a>) -> AppResult<&'a AppContext> {
    ctx.data::<AppContext>().map_err(|_| AppError::Internal(anyhow::anyhow!("app context missing")))
}
