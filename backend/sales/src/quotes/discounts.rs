//! Discount approval: each kind of seller (sales reps, sales managers, partner users) has a
//! largest line discount it gives on its own; a quote sent with a larger one waits in
//! PENDING_APPROVAL, as an order waits on a credit hold, until a sales manager or an admin
//! sends it on or returns it to draft with a note. Admins have no limit; a seller without a
//! limit set has none either.

#![allow(clippy::disallowed_methods)]

use super::domain::Seller;
use super::entity::{discount_limit, quote_line};
use crate::access::discount_settings;
use async_graphql::InputObject;
use crm_core::audit::{self, AuditAction, Diff, Subject};
use crm_core::context::AppContext;
use crm_core::error::{AppError, AppResult, InputReason};
use crm_core::principal::{Caller, Principal, StaffRole};
use crm_core::values::{from_scaled, to_scaled};
use rust_decimal::Decimal;
use sea_orm::sea_query::OnConflict;
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, IntoActiveModel, QueryFilter, QueryOrder, QuerySelect, TransactionTrait};
use uuid::Uuid;

/// Input of setDiscountLimit.
#[derive(InputObject, Debug, Clone)]
pub struct SetDiscountLimitInput {
    /// Who the limit is for.
    pub seller: Seller,
    /// The largest line discount, in percent (0 to 100, at most two decimals), given without
    /// approval; null: no limit.
    pub max_percent: Option<Decimal>,
}

/// The kind of seller `principal` gives discounts as; `None`: no limit (admins, the system).
pub fn seller_of(principal: &Principal) -> Option<Seller> {
    match principal {
        Principal::Staff { role: StaffRole::SalesManager, .. } => Some(Seller::SalesManager),
        Principal::Staff { role: StaffRole::Admin, .. } | Principal::System { .. } => None,
        Principal::Staff { .. } | Principal::Integration { .. } => Some(Seller::SalesRep),
        Principal::Partner { .. } => Some(Seller::Partner),
        Principal::Customer { .. } => None,
    }
}

/// The fixed id an audit entry about a seller's limit carries (limits are keyed by seller).
pub fn seller_key(seller: Seller) -> Uuid {
    let index = Seller::ALL.iter().position(|s| *s == seller).unwrap_or_default();
    Uuid::from_u128(0xD15C_0000_0000_0000_0000_0000_0000_0000 + index as u128)
}

/// Every limit set, by seller.
pub async fn limits(db: &impl ConnectionTrait) -> AppResult<Vec<discount_limit::Model>> {
    Ok(discount_limit::Entity::find().order_by_asc(discount_limit::Column::Seller).all(db).await?)
}

/// The limit (× 10⁴) of `principal`'s kind of seller, if it has one.
pub async fn limit_for(db: &impl ConnectionTrait, principal: &Principal) -> AppResult<Option<i64>> {
    let Some(seller) = seller_of(principal) else { return Ok(None) };
    Ok(discount_limit::Entity::find_by_id(seller).one(db).await?.map(|row| row.max_percent))
}

/// The largest line discount (× 10⁴) of a quote; 0 without lines.
pub async fn max_discount(db: &impl ConnectionTrait, quote_id: Uuid) -> AppResult<i64> {
    let largest: Option<Option<i64>> = quote_line::Entity::find()
        .select_only()
        .column_as(quote_line::Column::DiscountPercent.max(), "largest")
        .filter(quote_line::Column::QuoteId.eq(quote_id))
        .into_tuple()
        .one(db)
        .await?;
    Ok(largest.flatten().unwrap_or(0))
}

/// Sets (or, with no percent, removes) one kind of seller's limit: sales managers and admins.
pub async fn set_limit(ctx: &AppContext, caller: &Caller, input: SetDiscountLimitInput) -> AppResult<Vec<discount_limit::Model>> {
    discount_settings(&caller.principal)?;
    let now = ctx.clock.now();
    let txn = ctx.db.write.begin().await?;
    let before = discount_limit::Entity::find_by_id(input.seller).one(&txn).await?.map(|row| from_scaled(row.max_percent));
    match input.max_percent {
        None => {
            discount_limit::Entity::delete_by_id(input.seller).exec(&txn).await?;
        }
        Some(percent) => {
            if percent < Decimal::ZERO || percent > Decimal::ONE_HUNDRED {
                return Err(AppError::invalid("maxPercent", InputReason::OutOfRange { min: 0, max: 100 }));
            }
            if percent.scale() > 2 && percent.normalize().scale() > 2 {
                return Err(AppError::invalid("maxPercent", InputReason::TooManyDecimals { max: 2 }));
            }
            let row = discount_limit::Model { seller: input.seller, max_percent: to_scaled(percent), updated_at: now, version: 1 };
            discount_limit::Entity::insert(row.into_active_model())
                .on_conflict(
                    OnConflict::column(discount_limit::Column::Seller)
                        .update_columns([discount_limit::Column::MaxPercent, discount_limit::Column::UpdatedAt])
                        .to_owned(),
                )
                .exec(&txn)
                .await?;
        }
    }
    let mut diff = Diff::new();
    diff.field("seller", &input.seller, &input.seller).field("maxPercent", &before, &input.max_percent.map(|p| p.normalize()));
    if !diff.is_empty() {
        let action = if before.is_none() { AuditAction::Create } else { AuditAction::Update };
        audit::record(&txn, caller, now, action, Subject::DiscountLimit(seller_key(input.seller)), diff).await?;
    }
    txn.commit().await?;
    limits(&ctx.db.read).await
}
