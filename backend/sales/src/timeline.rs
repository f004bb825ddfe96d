//! What sales writes into the customer's timeline, in the transaction of what happened: a
//! quote sent, the customer's answer to it, an order placed, and the order's progress the ERP
//! reports. Each entry belongs to its quote or order, so it is shown to whoever reads that
//! record (the customer reads its sent quotes and its orders).

use crate::orders::entity::order;
use crate::quotes::domain::QuoteStatus;
use crate::quotes::entity::quote;
use chrono::{DateTime, Utc};
use crm_core::error::AppResult;
use crm_core::principal::Principal;
use crm_core::values::from_scaled;
use crm_interactions::access::RecordedByTheCrm;
use crm_interactions::domain::{InteractionChannel, InteractionDirection, InteractionKind};
use crm_interactions::service::{record, NewInteraction};
use sea_orm::ConnectionTrait;

/// How the caller reached the company: the portals are self-service, an integration is the
/// web; the company's people send their documents by email.
fn channel_of(principal: &Principal) -> InteractionChannel {
    match principal {
        Principal::Customer { .. } | Principal::Partner { .. } => InteractionChannel::SelfService,
        Principal::Integration { .. } => InteractionChannel::Web,
        Principal::Staff { .. } | Principal::System { .. } => InteractionChannel::Email,
    }
}

fn amount(total: i64, currency: &str) -> String {
    format!("{} {currency}", from_scaled(total).round_dp(2))
}

/// A quote went to the customer, or the customer answered one (ACCEPTED or REJECTED).
pub(crate) async fn quote_changed(
    txn: &impl ConnectionTrait,
    principal: &Principal,
    before: &quote::Model,
    after: &quote::Model,
    now: DateTime<Utc>,
) -> AppResult<()> {
    if before.status == after.status {
        return Ok(());
    }
    let (kind, direction, channel) = match after.status {
        QuoteStatus::Sent => (InteractionKind::QuoteSent, InteractionDirection::Outbound, InteractionChannel::Email),
        QuoteStatus::Accepted | QuoteStatus::Rejected => {
            (InteractionKind::QuoteAnswered, InteractionDirection::Inbound, channel_of(principal))
        }
        _ => return Ok(()),
    };
    let subject = format!("{} · {}", after.number, amount(after.total, &after.currency));
    let mut new = NewInteraction::new(after.customer_id, kind, channel, direction, subject, now);
    if kind == InteractionKind::QuoteAnswered {
        new.outcome = Some(after.status.as_api().to_owned());
    }
    new.staff_user_id = after.owner_id;
    new.partner_id = after.partner_id;
    new.quote_id = Some(after.id);
    record(txn, &RecordedByTheCrm::for_module(), new, now).await?;
    Ok(())
}

/// An order was placed (`outcome`: PLACED, or CREDIT_HOLD when it waits for a credit release).
pub(crate) async fn order_placed(txn: &impl ConnectionTrait, principal: &Principal, order: &order::Model) -> AppResult<()> {
    let subject = format!("{} · {}", order.number, amount(order.total, &order.currency));
    let mut new = NewInteraction::new(
        order.customer_id,
        InteractionKind::OrderPlaced,
        channel_of(principal),
        InteractionDirection::Inbound,
        subject,
        order.created_at,
    );
    new.outcome = Some(order.status.as_api().to_owned());
    new.staff_user_id = order.owner_id;
    new.partner_id = order.partner_id;
    new.order_id = Some(order.id);
    record(txn, &RecordedByTheCrm::for_module(), new, order.created_at).await?;
    Ok(())
}

/// The ERP moved an order on (`outcome`: its new status, as SHIPPED): the customer reads it in
/// its portal (the CRM sends no mail about it yet).
pub(crate) async fn order_progressed(txn: &impl ConnectionTrait, order: &order::Model, now: DateTime<Utc>) -> AppResult<()> {
    let mut new = NewInteraction::new(
        order.customer_id,
        InteractionKind::OrderStatus,
        InteractionChannel::SelfService,
        InteractionDirection::Outbound,
        order.number.clone(),
        now,
    );
    new.outcome = Some(order.status.as_api().to_owned());
    new.staff_user_id = order.owner_id;
    new.partner_id = order.partner_id;
    new.order_id = Some(order.id);
    record(txn, &RecordedByTheCrm::for_module(), new, now).await?;
    Ok(())
}
