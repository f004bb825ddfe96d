//! The demo's hand-logged interactions, through the interactions service as the people who
//! would log them: two years of the demo rep's calls, meetings, visits and emails with its
//! customers (internal notes, as staff logs are), a visit shared with the portal customer, and
//! the demo partner's user's visit to one of its customers. The timeline's other entries —
//! tickets and replies, calls at the desk, quotes, orders, survey answers — come from the
//! sales and service seeds, recorded by the same modules as in use.

use super::app;
use super::notes::{caller, staff};
use async_graphql::ID;
use chrono::{DateTime, Duration, Utc};
use crm_core::context::AppContext;
use crm_core::filters::{IdFilter, OrderDirection};
use crm_core::pagination::PageRequest;
use crm_core::principal::{Caller, Principal, StaffRole};
use crm_customers::access::CustomerScope;
use crm_customers::inputs::{CustomerFilter, CustomerOrder, CustomerOrderField};
use crm_customers::repo as customers_repo;
use crm_identity::entity::user;
use crm_interactions::domain::{InteractionChannel, InteractionDirection, InteractionKind};
use crm_interactions::inputs::LogInteractionInput;
use crm_interactions::service;
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use uuid::Uuid;

/// How many of the demo rep's customers get a history of logged contacts.
const CUSTOMERS_WITH_HISTORY: u64 = 40;
/// How far back it goes, in days.
const HISTORY_DAYS: i64 = 730;

/// What a rep logs: kind, channel, direction, subject, what was said, how it ended, minutes.
type Contact = (InteractionKind, InteractionChannel, InteractionDirection, &'static str, &'static str, &'static str, i64);

const CONTACTS: &[Contact] = &[
    (
        InteractionKind::Call,
        InteractionChannel::Phone,
        InteractionDirection::Outbound,
        "Quarterly check-in",
        "Usage is growing in the warehouse team; they may need more seats after the summer.",
        "Follow up in September",
        15,
    ),
    (
        InteractionKind::Call,
        InteractionChannel::Phone,
        InteractionDirection::Inbound,
        "Question about the renewal",
        "The buyer asked whether the price holds for a three-year term.",
        "Sent the terms by email",
        10,
    ),
    (
        InteractionKind::Meeting,
        InteractionChannel::InPerson,
        InteractionDirection::Outbound,
        "Product demo for the new plant",
        "Showed the ERP hand-off and the POS integration to operations and IT.",
        "Technical call next week",
        90,
    ),
    (
        InteractionKind::Visit,
        InteractionChannel::InPerson,
        InteractionDirection::Outbound,
        "Site visit",
        "Walked the shop floor with the plant manager; two kiosks are out of warranty.",
        "Quote for replacements",
        120,
    ),
    (
        InteractionKind::Email,
        InteractionChannel::Email,
        InteractionDirection::Outbound,
        "New price list",
        "Sent the price list valid from January with the loyalty discount.",
        "",
        0,
    ),
    (
        InteractionKind::Email,
        InteractionChannel::Email,
        InteractionDirection::Inbound,
        "Request for references",
        "They want to talk to another customer in their industry before deciding.",
        "Introduced a reference customer",
        0,
    ),
    (
        InteractionKind::Meeting,
        InteractionChannel::Voip,
        InteractionDirection::Outbound,
        "Video call with the CFO",
        "Went through the business case; payback in 14 months convinced them.",
        "Budget approved",
        45,
    ),
    (
        InteractionKind::Message,
        InteractionChannel::Social,
        InteractionDirection::Inbound,
        "Message on LinkedIn",
        "Their new IT manager introduced herself and asked for a roadmap session.",
        "Roadmap session booked",
        0,
    ),
];

fn log_input(customer: Uuid, contact: &Contact, at: DateTime<Utc>, internal: bool) -> LogInteractionInput {
    let (kind, channel, direction, subject, summary, outcome, minutes) = *contact;
    LogInteractionInput {
        customer_id: ID(customer.to_string()),
        contact_id: None,
        kind,
        channel,
        direction,
        subject: subject.into(),
        summary: Some(summary.into()),
        outcome: (!outcome.is_empty()).then(|| outcome.into()),
        started_at: at,
        ended_at: (minutes > 0).then(|| at + Duration::minutes(minutes)),
        internal: Some(internal),
        ticket_id: None,
        opportunity_id: None,
        quote_id: None,
        order_id: None,
    }
}

async fn log(ctx: &AppContext, who: &Caller, input: LogInteractionInput) -> anyhow::Result<()> {
    let scope = crm_service::access::interaction_scope(&who.principal).map_err(app)?;
    service::log(ctx, who, &scope, input).await.map_err(app)?;
    Ok(())
}

/// The first `count` customers `who` reads, by name.
async fn customers_of(ctx: &AppContext, who: &Caller, filter: CustomerFilter, count: u64) -> anyhow::Result<Vec<Uuid>> {
    let scope = CustomerScope::of(&who.principal).map_err(app)?;
    let by_name = CustomerOrder { field: CustomerOrderField::Name, direction: OrderDirection::Asc };
    let (page, _) =
        customers_repo::list_customers(&ctx.db.read, &scope, &filter, &by_name, &PageRequest::first(count)).await.map_err(app)?;
    Ok(page.rows.into_iter().map(|(_, customer)| customer.id).collect())
}

/// Logs the demo's interactions; returns how many.
pub async fn seed(
    ctx: &AppContext,
    rep: &user::Model,
    partner_user: &user::Model,
    portal_customer: Uuid,
    seed: u64,
) -> anyhow::Result<usize> {
    let now = ctx.clock.now();
    let mut rng = StdRng::seed_from_u64(seed ^ 0x1A7E_5AC7);
    let rep_caller = staff(rep, StaffRole::SalesRep);
    let mine =
        CustomerFilter { owner_id: Some(IdFilter { in_: Some(vec![ID(rep.id.to_string())]), is_null: None }), ..CustomerFilter::default() };
    let mut logged = 0;
    for customer in customers_of(ctx, &rep_caller, mine, CUSTOMERS_WITH_HISTORY).await? {
        for _ in 0..rng.gen_range(3..=9) {
            let contact = &CONTACTS[rng.gen_range(0..CONTACTS.len())];
            let at = now - Duration::minutes(rng.gen_range(60..HISTORY_DAYS * 24 * 60));
            log(ctx, &rep_caller, log_input(customer, contact, at, true)).await?;
            logged += 1;
        }
    }
    // Shared with the customer: its portal shows the visit.
    log(ctx, &rep_caller, log_input(portal_customer, &CONTACTS[3], now - Duration::days(12), false)).await?;
    logged += 1;
    if let Some(partner_id) = partner_user.partner_id {
        let partner = caller(Principal::Partner { user_id: partner_user.id, email: partner_user.email.clone(), partner_id });
        if let Some(customer) = customers_of(ctx, &partner, CustomerFilter::default(), 1).await?.into_iter().next() {
            log(ctx, &partner, log_input(customer, &CONTACTS[3], now - Duration::days(3), false)).await?;
            logged += 1;
        }
    }
    Ok(logged)
}
