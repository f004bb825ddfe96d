//! Credit management: a customer's exposure is the total of its open orders and unpaid
//! invoices (statuses in `OrderStatus::EXPOSED`) in the currency of its credit limit. A new
//! order that would take the exposure past the limit is held for a manager. Orders in
//! another currency than the limit cannot be compared, so they are held too. A customer
//! without a limit is not checked.

use super::domain::{OrderStatus, OrderStatusRules};
use super::repo;
use crm_core::error::AppResult;
use crm_customers::entity::customer;
use rust_decimal::Decimal;
use sea_orm::ConnectionTrait;

/// A customer's credit position in the currency of its limit.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Exposure {
    pub currency: String,
    pub limit: Decimal,
    /// Open orders and unpaid invoices.
    pub exposure: Decimal,
    /// Orders waiting in CREDIT_HOLD (not counted in `exposure`).
    pub held: Decimal,
}

impl Exposure {
    pub fn available(&self) -> Decimal {
        self.limit - self.exposure
    }
}

/// The credit position of `customer`, `None` without a credit limit.
pub async fn exposure(db: &impl ConnectionTrait, customer: &customer::Model) -> AppResult<Option<Exposure>> {
    let (Some(amount), Some(currency)) = (customer.credit_limit_amount.as_deref(), customer.credit_limit_currency.as_deref()) else {
        return Ok(None);
    };
    let limit: Decimal = amount.parse().unwrap_or_default();
    let exposure = repo::customer_total(db, customer.id, currency, OrderStatus::EXPOSED.to_vec()).await?;
    let held = repo::customer_total(db, customer.id, currency, vec![OrderStatus::CreditHold]).await?;
    Ok(Some(Exposure { currency: currency.to_owned(), limit, exposure, held }))
}

/// Why an order of `total` in `currency` must wait for a manager, or `None` when it may go.
pub fn hold_reason(position: Option<&Exposure>, currency: &str, total: Decimal) -> Option<String> {
    let position = position?;
    if position.currency != currency {
        return Some(format!("the order is in {currency}, the credit limit in {}", position.currency));
    }
    let after = position.exposure + total;
    (after > position.limit).then(|| {
        format!(
            "exposure {} + order {} = {} exceeds the credit limit {} {}",
            position.exposure, total, after, position.limit, position.currency
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn position(limit: i64, exposure: i64) -> Exposure {
        Exposure { currency: "EUR".into(), limit: Decimal::from(limit), exposure: Decimal::from(exposure), held: Decimal::ZERO }
    }

    #[test]
    fn an_order_over_the_limit_is_held() {
        assert_eq!(hold_reason(None, "EUR", Decimal::from(1_000_000)), None, "no limit, no check");
        assert_eq!(hold_reason(Some(&position(10_000, 6_000)), "EUR", Decimal::from(4_000)), None, "exactly at the limit is fine");
        assert_eq!(
            hold_reason(Some(&position(10_000, 6_000)), "EUR", Decimal::new(400_001, 2)).as_deref(),
            Some("exposure 6000 + order 4000.01 = 10000.01 exceeds the credit limit 10000 EUR")
        );
        assert!(hold_reason(Some(&position(10_000, 0)), "USD", Decimal::ONE).is_some(), "other currencies cannot be compared");
    }
}
