//! Orders: the list, an order's page (its progress, lines and totals; the credit hold a
//! manager releases or cancels; the hand-off to the ERP with its attempts; an admin's manual
//! status report) and direct order entry. Staff and partner users reach them; customer users
//! see their orders on their self-service page.

use leptos::prelude::*;

use crate::api::ops::{DeliveryState, OrderStatus, PrincipalKind, StaffRole};
use crate::i18n::{use_i18n, Texts};
use crate::session::Viewer;

pub mod detail;
pub mod form;
pub mod list;

/// The way of an order that goes well, in order (CREDIT_HOLD comes before, CANCELLED aside).
pub const STEPS: &[OrderStatus] = &[
    OrderStatus::Placed,
    OrderStatus::SentToErp,
    OrderStatus::Confirmed,
    OrderStatus::Fulfilled,
    OrderStatus::Invoiced,
    OrderStatus::Paid,
];

/// Mirrors the server's rule for direct order entry, only to decide whether to offer it; the
/// server decides.
pub fn may_enter_orders(viewer: &Viewer) -> bool {
    viewer.kind == PrincipalKind::Staff && matches!(viewer.role, Some(StaffRole::Admin | StaffRole::SalesManager | StaffRole::SalesRep))
}

/// `(value, label)` choices of every status, for selects.
pub fn status_options(t: &Texts) -> Vec<(String, String)> {
    OrderStatus::ALL.iter().map(|status| (status.as_api().to_owned(), (t.sales_labels.order_status_label)(*status).to_owned())).collect()
}

/// `(value, label)` choices of every delivery state, for selects.
pub fn delivery_state_options(t: &Texts) -> Vec<(String, String)> {
    DeliveryState::ALL.iter().map(|state| (state.as_api().to_owned(), (t.sales().delivery_state_label)(*state).to_owned())).collect()
}

/// An order's status as a badge (`data-status` for styling and tests).
#[component]
pub fn StatusBadge(status: OrderStatus, #[prop(optional)] id: Option<&'static str>) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <span class="badge order-status" id=id data-status=status.as_api()>
            {move || (i18n.t().sales_labels.order_status_label)(status)}
        </span>
    }
}

/// A delivery's state as a badge (`data-state` for styling and tests).
#[component]
pub fn DeliveryBadge(state: DeliveryState, #[prop(optional)] id: Option<&'static str>) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <span class="badge delivery-state" id=id data-state=state.as_api()>
            {move || (i18n.t().sales().delivery_state_label)(state)}
        </span>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_status_is_offered_and_the_steps_are_the_way_forward() {
        let statuses = status_options(&crate::i18n::EN);
        assert_eq!(statuses.len(), 8);
        assert_eq!(statuses[0], ("CREDIT_HOLD".to_owned(), "Credit hold".to_owned()));
        assert_eq!(delivery_state_options(&crate::i18n::IT)[2], ("FAILED".to_owned(), "Fallito".to_owned()));
        assert_eq!(STEPS.len(), 6);
        assert!(!STEPS.contains(&OrderStatus::CreditHold) && !STEPS.contains(&OrderStatus::Cancelled));
    }

    #[test]
    fn a_refusal_for_the_status_names_it_in_the_persons_language() {
        use crate::api::InputReason;
        use crate::i18n::{EN, IT};
        let reason = InputReason::from_extensions("WRONG_STATUS", &serde_json::json!({"status": "CREDIT_HOLD"}));
        assert_eq!(reason, Some(InputReason::WrongStatus { status: "CREDIT_HOLD".into() }));
        let reason = reason.unwrap_or(InputReason::Required);
        assert_eq!((EN.input_reason)(&reason), "Not possible while the status is Credit hold.");
        assert_eq!((IT.input_reason)(&reason), "Non è possibile con lo stato Bloccato per fido.");
        let quote = InputReason::WrongStatus { status: "SENT".into() };
        assert_eq!((EN.input_reason)(&quote), "Not possible while the status is SENT.");
        assert_eq!(InputReason::from_extensions("WRONG_STATUS", &serde_json::Value::Null), None);
    }
}
