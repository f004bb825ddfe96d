//! The demo's discount limits (reps 10 %, managers 20 %, partner users 5 %), and one quote of
//! the demo rep waiting for the manager's approval: 15 % on a line of its latest-closing deal,
//! sent through the same service the app uses.

use super::app;
use super::notes::{open_deals, staff};
use async_graphql::ID;
use crm_core::context::AppContext;
use crm_core::filters::OrderDirection;
use crm_core::principal::{Caller, StaffRole};
use crm_identity::entity::user;
use crm_sales::quotes::discounts::{self, SetDiscountLimitInput};
use crm_sales::quotes::domain::Seller;
use crm_sales::quotes::inputs::{CreateQuoteInput, QuoteActionInput, QuoteLineInput};
use crm_sales::quotes::service as quotes;
use rust_decimal::Decimal;

const LIMITS: [(Seller, i64); 3] = [(Seller::SalesRep, 10), (Seller::SalesManager, 20), (Seller::Partner, 5)];

pub async fn seed(ctx: &AppContext, system: &Caller, rep: &user::Model) -> anyhow::Result<()> {
    for (seller, percent) in LIMITS {
        let input = SetDiscountLimitInput { seller, max_percent: Some(Decimal::from(percent)) };
        discounts::set_limit(ctx, system, input).await.map_err(app)?;
    }
    let rep = staff(rep, StaffRole::SalesRep);
    let Some(deal) = open_deals(ctx, &rep, OrderDirection::Desc, 1).await?.into_iter().next() else { return Ok(()) };
    // One of the products the customer is interested in.
    let products = crm_sales::pipeline::repo::products_of(&ctx.db.read, &[deal.id]).await.map_err(app)?;
    let Some(product) = products.first().map(|p| p.product_id) else { return Ok(()) };
    let input = CreateQuoteInput {
        opportunity_id: ID(deal.id.to_string()),
        price_book_id: None,
        valid_until: ctx.clock.now().date_naive() + chrono::Days::new(30),
        terms: Some("Sconto riservato per l'ordine entro fine mese.".into()),
        tax_percent: Some(Decimal::from(22)),
        lines: vec![QuoteLineInput {
            product_id: ID(product.to_string()),
            quantity: Decimal::from(12),
            discount_percent: Some(Decimal::from(15)),
        }],
    };
    let quote = quotes::create_quote(ctx, &rep, input).await.map_err(app)?;
    quotes::send_quote(ctx, &rep, QuoteActionInput { id: ID(quote.id.to_string()), version: quote.version }).await.map_err(app)?;
    Ok(())
}
