//! Value types of orders, stored as text and exposed in the API under the same names;
//! declared in `crm-contract`, shared with the browser app. The order rules stay here
//! ([`OrderStatusRules`]).

pub use crm_contract::sales::OrderStatus;

/// The order rules about a status: which ones count towards credit, which moves the ERP may
/// report.
pub trait OrderStatusRules: Sized {
    /// The statuses that count towards a customer's credit exposure: open orders and unpaid
    /// invoices. Held orders do not count until released.
    const EXPOSED: [Self; 5];

    /// Whether the ERP may move an order from `self` to `next`: forward along the sequence
    /// (skipping steps is fine: an ERP may confirm before our delivery is recorded), or to
    /// CANCELLED before it is paid. Repeating the current status is allowed (idempotent).
    fn erp_may_move_to(self, next: Self) -> bool;
}

impl OrderStatusRules for OrderStatus {
    const EXPOSED: [Self; 5] = [Self::Placed, Self::SentToErp, Self::Confirmed, Self::Fulfilled, Self::Invoiced];

    fn erp_may_move_to(self, next: Self) -> bool {
        match (self, next) {
            (Self::CreditHold | Self::Cancelled | Self::Paid, _) => self == next,
            (_, Self::Cancelled) => true,
            (_, Self::CreditHold | Self::Placed) => false,
            _ => rank(next) >= rank(self),
        }
    }
}

/// Place in the ERP's sequence; the ERP may report a status only moving forward.
fn rank(status: OrderStatus) -> u8 {
    match status {
        OrderStatus::CreditHold => 0,
        OrderStatus::Placed => 1,
        OrderStatus::SentToErp => 2,
        OrderStatus::Confirmed => 3,
        OrderStatus::Fulfilled => 4,
        OrderStatus::Invoiced => 5,
        OrderStatus::Paid => 6,
        OrderStatus::Cancelled => 7,
    }
}

#[cfg(test)]
mod tests {
    use super::OrderStatus::*;
    use super::OrderStatusRules;

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
