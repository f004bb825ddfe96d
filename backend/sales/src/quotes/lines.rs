//! Lines priced from a price book, shared by quotes and directly entered orders: each product
//! must be active and priced in the book; the book gives the list price, the caller the
//! quantity and discount, `pricing` the rest.

use super::inputs::QuoteLineInput;
use super::pricing::{self, LineFigures, Priced};
use crate::catalog::domain::ProductUnit;
use crate::catalog::entity::{price_book, product};
use crate::catalog::repo as catalog;
use crm_core::error::{AppError, AppResult, InputReason};
use crm_core::filters::parse_id;
use crm_core::values::from_scaled;
use rust_decimal::Decimal;
use sea_orm::ConnectionTrait;
use std::collections::HashMap;
use uuid::Uuid;

/// A priced line, before it becomes a quote or order line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PricedLine {
    pub product_id: Uuid,
    pub sku: String,
    pub name: String,
    pub unit: ProductUnit,
    pub quantity: Decimal,
    pub list_price: Decimal,
    pub discount_percent: Decimal,
    pub net: Decimal,
}

/// Prices `inputs` from `book` with `tax_percent`.
pub async fn price_from_book(
    db: &impl ConnectionTrait,
    book: &price_book::Model,
    inputs: &[QuoteLineInput],
    tax_percent: Decimal,
) -> AppResult<(Vec<PricedLine>, Priced)> {
    match inputs.len() {
        0 => return Err(AppError::invalid("lines", InputReason::Required.with_message("a document needs at least one line"))),
        n if n > pricing::MAX_LINES => return Err(AppError::invalid("lines", InputReason::TooMany { max: pricing::MAX_LINES })),
        _ => {}
    }
    let ids =
        inputs.iter().enumerate().map(|(i, l)| parse_id(&l.product_id, &format!("lines.{i}.productId"))).collect::<AppResult<Vec<_>>>()?;
    let products: HashMap<Uuid, product::Model> = catalog::active_products(db, &ids).await?.into_iter().map(|p| (p.id, p)).collect();
    let prices: HashMap<Uuid, i64> =
        catalog::prices_in_book(db, book.id, &ids).await?.into_iter().map(|e| (e.product_id, e.list_price)).collect();
    let mut figures = Vec::with_capacity(inputs.len());
    let mut found = Vec::with_capacity(inputs.len());
    for (i, (input, id)) in inputs.iter().zip(&ids).enumerate() {
        let field = |name: &str| format!("lines.{i}.{name}");
        let product = products
            .get(id)
            .ok_or_else(|| AppError::invalid(field("productId"), InputReason::UnknownReference.with_message("no such active product")))?;
        let list_price = prices.get(id).map(|p| from_scaled(*p)).ok_or_else(|| {
            AppError::invalid(
                field("productId"),
                InputReason::UnknownReference.with_message(format!("{} has no price in {}", product.sku, book.name)),
            )
        })?;
        let quantity = pricing::quantity(input.quantity, &field("quantity"))?;
        let discount_percent = pricing::percent(input.discount_percent.unwrap_or_default(), &field("discountPercent"))?;
        figures.push(LineFigures { quantity, list_price, discount_percent });
        found.push(product);
    }
    let priced = pricing::price(&figures, tax_percent, pricing::minor_digits(&book.currency));
    let lines = found
        .into_iter()
        .zip(&figures)
        .zip(&priced.nets)
        .map(|((product, f), net)| PricedLine {
            product_id: product.id,
            sku: product.sku.clone(),
            name: product.name.clone(),
            unit: product.unit,
            quantity: f.quantity,
            list_price: f.list_price,
            discount_percent: f.discount_percent,
            net: *net,
        })
        .collect();
    Ok((lines, priced))
}
