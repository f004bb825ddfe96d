//! The demo's notes, written through the notes service as the people who would write them:
//! the demo rep on its earliest-closing deals (the first pinned, one mentioning the manager),
//! the manager on one of them mentioning the rep, the rep on the portal customer, and the
//! demo partner's user on one of its customers (shared with the partner, as a partner's
//! notes are).

use super::app;
use async_graphql::ID;
use crm_core::context::AppContext;
use crm_core::filters::{IdFilter, OrderDirection};
use crm_core::pagination::PageRequest;
use crm_core::principal::{Caller, Principal, StaffRole};
use crm_customers::access::CustomerScope;
use crm_customers::inputs::{CustomerFilter, CustomerOrder, CustomerOrderField};
use crm_customers::repo as customers_repo;
use crm_identity::entity::user;
use crm_notes::domain::NoteSubject;
use crm_notes::inputs::{AddNoteInput, NoteAboutInput};
use crm_notes::service;
use crm_sales::access::OpportunityScope;
use crm_sales::pipeline::entity::opportunity::Model as Opportunity;
use crm_sales::pipeline::inputs::{OpportunityFilter, OpportunityOrder, OpportunityOrderField};
use crm_sales::pipeline::repo as pipeline_repo;
use uuid::Uuid;

/// What a rep writes down on a deal, with whether it mentions the manager.
const DEAL_NOTES: &[(&str, bool)] = &[
    ("**Budget approved** by the board. Decision expected at the end of the month; send the final quote by Friday.", true),
    (
        "Called the buyer: they compare us with two competitors.\n\n- price per seat is the main concern\n- they liked the ERP hand-off",
        false,
    ),
    ("Demo went well. Next step: a technical call with their IT team.", false),
    ("Asked for a 5% discount for a three-year contract.", true),
    ("Waiting for the signed order form.", false),
];

/// The first `count` open deals of `owner` (a staff user) by expected close date, read as
/// they read them.
pub(super) async fn open_deals(
    ctx: &AppContext,
    owner: &Caller,
    direction: OrderDirection,
    count: usize,
) -> anyhow::Result<Vec<Opportunity>> {
    let Principal::Staff { user_id, .. } = &owner.principal else { anyhow::bail!("open deals are read for a staff user") };
    let scope = OpportunityScope::of(&owner.principal).map_err(app)?;
    let open = OpportunityFilter {
        owner_id: Some(IdFilter { in_: Some(vec![ID(user_id.to_string())]), is_null: None }),
        open: Some(true),
        ..OpportunityFilter::default()
    };
    let order = OpportunityOrder { field: OpportunityOrderField::ExpectedCloseDate, direction };
    let (deals, _) =
        pipeline_repo::list_opportunities(&ctx.db.read, &scope, &open, &order, &PageRequest::first(count as u64)).await.map_err(app)?;
    Ok(deals.rows.into_iter().map(|(_, deal)| deal.into_inner()).collect())
}

pub(super) fn caller(principal: Principal) -> Caller {
    Caller { principal, session_id: None, request_id: None }
}

pub(super) fn staff(user: &user::Model, role: StaffRole) -> Caller {
    caller(Principal::Staff { user_id: user.id, email: user.email.clone(), role })
}

fn about(subject: NoteSubject, id: Uuid) -> NoteAboutInput {
    NoteAboutInput { subject, id: ID(id.to_string()) }
}

fn note(about: NoteAboutInput, body: &str) -> AddNoteInput {
    AddNoteInput { about, body: body.into(), pinned: false, shared_with_partner: false, mention_ids: Vec::new() }
}

pub struct NoteAuthors<'a> {
    pub rep: &'a user::Model,
    pub manager: &'a user::Model,
    pub partner_user: &'a user::Model,
    pub portal_customer: Uuid,
}

/// Writes the demo's notes; returns how many.
pub async fn seed(ctx: &AppContext, authors: &NoteAuthors<'_>) -> anyhow::Result<usize> {
    let rep = staff(authors.rep, StaffRole::SalesRep);
    let manager = staff(authors.manager, StaffRole::SalesManager);
    let deals = open_deals(ctx, &rep, OrderDirection::Asc, DEAL_NOTES.len()).await?;
    let mut written = 0;
    for (i, (deal, (body, mentions_manager))) in deals.iter().zip(DEAL_NOTES).enumerate() {
        let mut input = note(about(NoteSubject::Opportunity, deal.id), body);
        input.pinned = i == 0;
        if *mentions_manager {
            input.mention_ids = vec![ID(authors.manager.id.to_string())];
        }
        service::add(ctx, &rep, input).await.map_err(app)?;
        written += 1;
    }
    if let Some(deal) = deals.first() {
        let mut input =
            note(about(NoteSubject::Opportunity, deal.id), "Approved the discount up to 8%. Keep the payment terms at 60 days.");
        input.mention_ids = vec![ID(authors.rep.id.to_string())];
        service::add(ctx, &manager, input).await.map_err(app)?;
        written += 1;
    }
    let mut key_account = note(
        about(NoteSubject::Customer, authors.portal_customer),
        "Key account: orders every quarter. Always copy the purchasing office on quotes.",
    );
    key_account.pinned = true;
    service::add(ctx, &rep, key_account).await.map_err(app)?;
    written += 1;

    if let Some(partner_id) = authors.partner_user.partner_id {
        // The first of the partner's customers, read as its user reads them.
        let user = authors.partner_user;
        let partner = caller(Principal::Partner { user_id: user.id, email: user.email.clone(), partner_id });
        let scope = CustomerScope::of(&partner.principal).map_err(app)?;
        let by_name = CustomerOrder { field: CustomerOrderField::Name, direction: OrderDirection::Asc };
        let (first, _) = customers_repo::list_customers(&ctx.db.read, &scope, &CustomerFilter::default(), &by_name, &PageRequest::first(1))
            .await
            .map_err(app)?;
        let partners_customer = first.rows.into_iter().next().map(|(_, customer)| customer);
        if let Some(customer) = partners_customer {
            let input =
                note(about(NoteSubject::Customer, customer.id), "Met their buyer at the regional fair: interested in the new line.");
            service::add(ctx, &partner, input).await.map_err(app)?;
            written += 1;
        }
    }
    Ok(written)
}
