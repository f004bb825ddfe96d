//! Value types of orders, stored as text and exposed in the API under the same names.

use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

/// Where an order is: PLACED → SENT_TO_ERP → CONFIRMED → FULFILLED → INVOICED → PAID, or
/// CREDIT_HOLD before PLACED, or CANCELLED.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, EnumIter, DeriveActiveEnum, async_graphql::Enum)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
#[sea_orm(rs_type = "String", db_type = "String(StringLen::N(16))")]
pub enum OrderStatus {
    /// Would exceed the customer's credit limit: waits for a manager's release.
    #[sea_orm(string_value = "CREDIT_HOLD")]
    CreditHold,
    /// Accepted; queued for the ERP.
    #[sea_orm(string_value = "PLACED")]
    Placed,
    /// Delivered to the ERP.
    #[sea_orm(string_value = "SENT_TO_ERP")]
    SentToErp,
    /// Confirmed by the ERP.
    #[sea_orm(string_value = "CONFIRMED")]
    Confirmed,
    /// Shipped or delivered.
    #[sea_orm(string_value = "FULFILLED")]
    Fulfilled,
    /// Invoiced, not yet paid.
    #[sea_orm(string_value = "INVOICED")]
    Invoiced,
    /// Paid.
    #[sea_orm(string_value = "PAID")]
    Paid,
    /// Cancelled (by a manager while on hold, or by the ERP).
    #[sea_orm(string_value = "CANCELLED")]
    Cancelled,
}

impl OrderStatus {
    /// The statuses that count towards a customer's credit exposure: open orders and unpaid
    /// invoices. Held orders do not count until released.
    pub const EXPOSED: [Self; 5] = [Self::Placed, Self::SentToErp, Self::Confirmed, Self::Fulfilled, Self::Invoiced];

    /// Place in the ERP's sequence; the ERP may report a status only moving forward.
    fn rank(self) -> u8 {
        match self {
            Self::CreditHold => 0,
            Self::Placed => 1,
            Self::SentToErp => 2,
            Self::Confirmed => 3,
            Self::Fulfilled => 4,
            Self::Invoiced => 5,
            Self::Paid => 6,
            Self::Cancelled => 7,
        }
    }

    /// Whether the ERP may move an order from `self` to `next`: forward along the sequence
    /// (skipping steps is fine: an ERP may confirm before our delivery is recorded), or to
    /// CANCELLED before it is paid. Repeating the current status is allowed (idempotent).
    pub fn erp_may_move_to(self, next: Self) -> bool {
        match (self, next) {
            (Self::CreditHold | Self::Cancelled | Self::Paid, _) => self == next,
            (_, Self::Cancelled) => true,
            (_, Self::CreditHold | Self::Placed) => false,
            _ => next.rank() >= self.rank(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::OrderStatus::*;

    #[test]
    fn the_erp_moves_orders_forward_only() {
        assert!(SentToErp.erp_may_move_to(Confirmed));
        assert!(Placed.erp_may_move_to(Confirmed), "a confirmation may overtake the delivery record");
        assert!(Confirmed.erp_may_move_to(Invoiced));
        assert!(Invoiced.erp_may_move_to(Invoiced), "repeated reports are harmless");
        assert!(!Invoiced.erp_may_move_to(Confirmed));
        assert!(Fulfilled.erp_may_move_to(Cancelled));
        assert!(!Paid.erp_may_move_to(Cancelled));
        assert!(!CreditHold.erp_may_move_to(Confirmed), "held orders never reached the ERP");
        assert!(!Confirmed.erp_may_move_to(Placed));
    }
}
