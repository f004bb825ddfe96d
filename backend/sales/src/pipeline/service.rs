//! Pipeline rules: creating opportunities (a partner's is a deal registration), changing
//! them, moving them through stages with a history entry per move, reviewing registrations
//! and setting stage probabilities. Each change is authorised, validated, audited and
//! written in one transaction with optimistic concurrency.

use super::domain::{LeadSource, OpportunityStage, Registration, StageEvent, StageRules};
use super::entity::{opportunity, opportunity_product, pipeline_stage, stage_change};
use super::inputs::{
    CreateOpportunityInput, MoveOpportunityInput, ReviewDealRegistrationInput, UpdateOpportunityInput, UpdatePipelineStageInput,
};
use super::repo;
use crate::access::{opportunity_create, opportunity_edit, opportunity_manage, OpportunityEdit, OpportunityScope, QuoteDecision};
use crate::catalog::service::{self as catalog, same_products};
use async_graphql::{MaybeUndefined, ID};
use chrono::{DateTime, Datelike, NaiveDate, Utc};
use crm_core::access::AdminRights;
use crm_core::audit::{self, AuditAction, Diff, Subject};
use crm_core::clock::new_id_at;
use crm_core::context::AppContext;
use crm_core::db::insert_chunked;
use crm_core::error::{AppError, AppResult, InputReason};
use crm_core::filters::parse_id;
use crm_core::principal::Caller;
use crm_core::values::{from_scaled, optional_text, required_text, Money};
use crm_core::versioned::{self, Change};
use crm_core::visible::Visible;
use crm_customers::access::CustomerScope;
use crm_customers::inputs::{MoneyInput, VersionedId};
use sea_orm::{ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, IntoActiveModel, QueryFilter, TransactionTrait};
use uuid::Uuid;

fn probability(raw: i32, field: &str) -> AppResult<i32> {
    if (0..=100).contains(&raw) {
        Ok(raw)
    } else {
        Err(AppError::invalid(field, InputReason::OutOfRange { min: 0, max: 100 }))
    }
}

fn close_date(date: NaiveDate, field: &str) -> AppResult<NaiveDate> {
    if (2000..=2100).contains(&date.year()) {
        Ok(date)
    } else {
        Err(AppError::invalid(
            field,
            InputReason::OutOfRange { min: 2000, max: 2100 }.with_message("the year must be between 2000 and 2100"),
        ))
    }
}

fn money(input: &MoneyInput, field: &str) -> AppResult<Money> {
    Money::parse(input.amount, &input.currency).map_err(|why| AppError::invalid(field, why))
}

async fn default_probability(db: &impl ConnectionTrait, stage: OpportunityStage) -> AppResult<i32> {
    let row = repo::find_stage(db, stage).await?;
    Ok(row.map(|s| s.probability).unwrap_or(0))
}

/// An owner must be an active staff user.
async fn check_owner(db: &impl ConnectionTrait, id: Uuid, field: &str) -> AppResult<()> {
    crm_identity::users::ensure_active_staff(db, &[id], field).await
}

async fn check_partner(db: &impl ConnectionTrait, id: Uuid, field: &str) -> AppResult<()> {
    crm_identity::partners::ensure_active(db, &[id], field).await
}

async fn replace_products(txn: &impl ConnectionTrait, opportunity_id: Uuid, ids: &[Uuid]) -> AppResult<()> {
    opportunity_product::Entity::delete_many().filter(opportunity_product::Column::OpportunityId.eq(opportunity_id)).exec(txn).await?;
    let rows =
        ids.iter().map(|&product_id| opportunity_product::Model { opportunity_id, product_id }.into_active_model().reset_all()).collect();
    insert_chunked::<opportunity_product::Entity, _>(txn, rows).await?;
    Ok(())
}

/// Adds `event` to the opportunity's stage history: it is now in `opp.stage`, coming from
/// `from` (none for its creation).
async fn record_stage(
    txn: &impl ConnectionTrait,
    caller: &Caller,
    event: StageEvent,
    from: Option<OpportunityStage>,
    opp: &opportunity::Model,
    at: DateTime<Utc>,
) -> AppResult<()> {
    stage_change::Model {
        id: new_id_at(at),
        opportunity_id: opp.id,
        event,
        from_stage: from,
        to_stage: opp.stage,
        probability: opp.probability,
        amount: opp.amount,
        currency: opp.currency.clone(),
        changed_at: at,
        actor_kind: caller.principal.kind().as_api().to_owned(),
        actor_id: caller.principal.actor_id(),
        actor_label: caller.principal.label(),
    }
    .into_active_model()
    .reset_all()
    .insert(txn)
    .await?;
    Ok(())
}

fn subject(opp: &opportunity::Model) -> Subject {
    Subject::Opportunity { id: opp.id, customer_id: opp.customer_id }
}

pub async fn create_opportunity(
    ctx: &AppContext,
    caller: &Caller,
    input: CreateOpportunityInput,
) -> AppResult<Visible<opportunity::Model>> {
    let txn = ctx.db.write.begin().await?;
    let created = create_opportunity_in(&txn, caller, input, ctx.clock.now(), None).await?;
    txn.commit().await?;
    Ok(created)
}

/// Creates an opportunity within `txn`; `lead_id` names the lead it is converted from.
pub async fn create_opportunity_in(
    txn: &impl ConnectionTrait,
    caller: &Caller,
    input: CreateOpportunityInput,
    now: DateTime<Utc>,
    lead_id: Option<Uuid>,
) -> AppResult<Visible<opportunity::Model>> {
    let rights = opportunity_create(&caller.principal)?;
    let customer_scope = CustomerScope::of(&caller.principal)?;
    let name = required_text(&input.name, 200).map_err(|why| AppError::invalid("name", why))?;
    let amount = money(&input.amount, "amount")?;
    let expected_close_date = close_date(input.expected_close_date, "expectedCloseDate")?;
    let stage = input.stage.unwrap_or(OpportunityStage::Prospecting);
    if stage.is_closed() {
        return Err(AppError::invalid(
            "stage",
            InputReason::NotApplicable.with_message("opportunities start in an open stage; close them with moveOpportunity"),
        ));
    }
    let customer_id = parse_id(&input.customer_id, "customerId")?;
    let mut owner_id = input.owner_id.as_ref().map(|id| parse_id(id, "ownerId")).transpose()?;
    let mut partner_id = input.partner_id.as_ref().map(|id| parse_id(id, "partnerId")).transpose()?;
    let registration = rights.registering_partner.map(|_| Registration::Pending);
    if let Some(partner) = rights.registering_partner {
        if owner_id.is_some() || partner_id.is_some_and(|p| p != partner) {
            return Err(AppError::Forbidden("choose the owner or partner organisation of a deal registration"));
        }
        partner_id = Some(partner);
    } else {
        if owner_id.is_none() {
            owner_id = rights.default_owner;
        }
        let assigns_other = owner_id.is_some() && owner_id != rights.default_owner;
        if !rights.may_assign && (assigns_other || partner_id.is_some()) {
            opportunity_manage(&caller.principal)?;
        }
    }
    let customer = crm_customers::repo::find_customer(txn, &customer_scope, customer_id)
        .await?
        .filter(|c| c.archived_at.is_none())
        .ok_or_else(|| AppError::invalid("customerId", InputReason::UnknownReference.with_message("no such customer")))?;
    if let Some(id) = owner_id.filter(|id| Some(*id) != caller.principal.user_id()) {
        check_owner(txn, id, "ownerId").await?;
    }
    if let (Some(id), None) = (partner_id, rights.registering_partner) {
        check_partner(txn, id, "partnerId").await?;
    }
    let products = catalog::products_of_interest(txn, input.product_ids.as_deref().unwrap_or_default()).await?;
    let probability = match input.probability {
        Some(p) => probability(p, "probability")?,
        None => default_probability(txn, stage).await?,
    };
    let default_source = if registration.is_some() { LeadSource::Partner } else { LeadSource::Manual };
    let opp = opportunity::Model {
        id: new_id_at(now),
        name_sort: name.to_lowercase(),
        name,
        customer_id: customer.id,
        owner_id,
        partner_id,
        stage,
        probability,
        amount: amount.scaled(),
        currency: amount.currency_code().to_owned(),
        expected_close_date,
        source: input.source.unwrap_or(default_source),
        next_step: optional_text(input.next_step.as_deref(), 500).map_err(|why| AppError::invalid("nextStep", why))?,
        lost_reason: None,
        description: optional_text(input.description.as_deref(), 2000).map_err(|why| AppError::invalid("description", why))?,
        registration,
        registration_note: None,
        lead_id,
        stage_changed_at: now,
        closed_at: None,
        created_at: now,
        updated_at: now,
        version: 1,
        archived_at: None,
    };
    let created = opp.into_active_model().reset_all().insert(txn).await?;
    replace_products(txn, created.id, &products).await?;
    record_stage(txn, caller, StageEvent::Created, None, &created, now).await?;
    let mut diff = Diff::new();
    diff.created("name", &created.name)
        .created("customerId", &created.customer_id)
        .created("ownerId", &created.owner_id)
        .created("partnerId", &created.partner_id)
        .created("stage", &created.stage)
        .created("probability", &created.probability)
        .created("amount", &from_scaled(created.amount))
        .created("currency", &created.currency)
        .created("expectedCloseDate", &created.expected_close_date)
        .created("source", &created.source)
        .created("productIds", &products)
        .created("nextStep", &created.next_step)
        .created("registration", &created.registration)
        .created("leadId", &created.lead_id);
    audit::record(txn, caller, now, AuditAction::Create, subject(&created), diff).await?;
    Ok(Visible::created(created, &rights))
}

/// Reads the visible opportunity at the client's version, checking the caller may change it.
pub(super) async fn editable(
    txn: &impl ConnectionTrait,
    caller: &Caller,
    raw_id: &ID,
    version: i32,
) -> AppResult<(opportunity::Model, OpportunityEdit)> {
    let scope = OpportunityScope::of(&caller.principal)?;
    let id = parse_id(raw_id, "id")?;
    let current = repo::find_opportunity(txn, &scope, id).await?.ok_or(AppError::NotFound("opportunity"))?;
    let right = opportunity_edit(&caller.principal, &current)?;
    let current = versioned::at_version::<opportunity::Entity>(current.into_inner(), version)?;
    Ok((current, right))
}

pub async fn update_opportunity(
    ctx: &AppContext,
    caller: &Caller,
    input: UpdateOpportunityInput,
) -> AppResult<Visible<opportunity::Model>> {
    let now = ctx.clock.now();
    let txn = ctx.db.write.begin().await?;
    let (current, right) = editable(&txn, caller, &input.id, input.version).await?;
    let mut next = current.clone();
    if let Some(name) = &input.name {
        next.name = required_text(name, 200).map_err(|why| AppError::invalid("name", why))?;
        next.name_sort = next.name.to_lowercase();
    }
    if let Some(amount) = &input.amount {
        let amount = money(amount, "amount")?;
        next.amount = amount.scaled();
        next.currency = amount.currency_code().to_owned();
    }
    if let Some(date) = input.expected_close_date {
        next.expected_close_date = close_date(date, "expectedCloseDate")?;
    }
    if let Some(p) = input.probability {
        next.probability = probability(p, "probability")?;
    }
    match &input.owner_id {
        MaybeUndefined::Undefined => {}
        MaybeUndefined::Null => next.owner_id = None,
        MaybeUndefined::Value(id) => next.owner_id = Some(parse_id(id, "ownerId")?),
    }
    match &input.partner_id {
        MaybeUndefined::Undefined => {}
        MaybeUndefined::Null => next.partner_id = None,
        MaybeUndefined::Value(id) => next.partner_id = Some(parse_id(id, "partnerId")?),
    }
    match &input.next_step {
        MaybeUndefined::Undefined => {}
        MaybeUndefined::Null => next.next_step = None,
        MaybeUndefined::Value(text) => next.next_step = optional_text(Some(text), 500).map_err(|why| AppError::invalid("nextStep", why))?,
    }
    match &input.description {
        MaybeUndefined::Undefined => {}
        MaybeUndefined::Null => next.description = None,
        MaybeUndefined::Value(text) => {
            next.description = optional_text(Some(text), 2000).map_err(|why| AppError::invalid("description", why))?
        }
    }
    if next.owner_id != current.owner_id || next.partner_id != current.partner_id {
        opportunity_manage(&caller.principal)?;
        if let Some(id) = next.owner_id.filter(|id| Some(*id) != current.owner_id) {
            check_owner(&txn, id, "ownerId").await?;
        }
        if let Some(id) = next.partner_id.filter(|id| Some(*id) != current.partner_id) {
            check_partner(&txn, id, "partnerId").await?;
        }
    }
    let products_before: Vec<Uuid> = repo::products_of(&txn, &[current.id]).await?.into_iter().map(|p| p.product_id).collect();
    let products_after = match &input.product_ids {
        Some(raw) => catalog::products_of_interest(&txn, raw).await?,
        None => products_before.clone(),
    };
    let mut diff = Diff::new();
    diff.field("name", &current.name, &next.name)
        .field("amount", &from_scaled(current.amount), &from_scaled(next.amount))
        .field("currency", &current.currency, &next.currency)
        .field("expectedCloseDate", &current.expected_close_date, &next.expected_close_date)
        .field("probability", &current.probability, &next.probability)
        .field("ownerId", &current.owner_id, &next.owner_id)
        .field("partnerId", &current.partner_id, &next.partner_id)
        .field("nextStep", &current.next_step, &next.next_step)
        .field("description", &current.description, &next.description);
    let products_changed = !same_products(&products_before, &products_after);
    if products_changed {
        diff.field("productIds", &products_before, &products_after);
    }
    if diff.is_empty() {
        return Visible::written(current, &right);
    }
    let saved =
        versioned::save::<opportunity::Entity>(&txn, &right, caller, now, AuditAction::Update, Change { current: &current, next, diff })
            .await?;
    if products_changed {
        replace_products(&txn, saved.id, &products_after).await?;
    }
    txn.commit().await?;
    Visible::written(saved, &right)
}

/// Moves an opportunity to another stage: the probability becomes the stage's (unless given),
/// closing stamps `closedAt` (CLOSED_LOST needs a reason), reopening clears it, and the move
/// is appended to the stage history.
pub async fn move_opportunity(ctx: &AppContext, caller: &Caller, input: MoveOpportunityInput) -> AppResult<Visible<opportunity::Model>> {
    let now = ctx.clock.now();
    let txn = ctx.db.write.begin().await?;
    let (current, right) = editable(&txn, caller, &input.id, input.version).await?;
    if matches!(current.registration, Some(Registration::Pending | Registration::Rejected)) {
        return Err(AppError::invalid("stage", InputReason::DealNotApproved));
    }
    let lost_reason = optional_text(input.lost_reason.as_deref(), 500).map_err(|why| AppError::invalid("lostReason", why))?;
    if input.stage == OpportunityStage::ClosedLost && lost_reason.is_none() {
        return Err(AppError::invalid("lostReason", InputReason::Required.with_message("say why the opportunity was lost")));
    }
    if input.stage != OpportunityStage::ClosedLost && lost_reason.is_some() {
        return Err(AppError::invalid("lostReason", InputReason::NotApplicable.with_message("only lost opportunities have a lost reason")));
    }
    if input.stage == current.stage && input.probability.is_none_or(|p| p == current.probability) {
        return Visible::written(current, &right);
    }
    let mut next = current.clone();
    next.probability = match input.probability {
        Some(p) => probability(p, "probability")?,
        None => default_probability(&txn, input.stage).await?,
    };
    next.stage = input.stage;
    next.lost_reason = lost_reason;
    if next.stage != current.stage {
        next.stage_changed_at = now;
        next.closed_at = if next.stage.is_closed() { Some(now) } else { None };
    }
    let mut diff = Diff::new();
    diff.field("stage", &current.stage, &next.stage).field("probability", &current.probability, &next.probability).field(
        "lostReason",
        &current.lost_reason,
        &next.lost_reason,
    );
    let saved =
        versioned::save::<opportunity::Entity>(&txn, &right, caller, now, AuditAction::Update, Change { current: &current, next, diff })
            .await?;
    if saved.stage != current.stage {
        record_stage(&txn, caller, StageEvent::Moved, Some(current.stage), &saved, now).await?;
    }
    txn.commit().await?;
    Visible::written(saved, &right)
}

pub async fn set_archived(ctx: &AppContext, caller: &Caller, input: VersionedId, archived: bool) -> AppResult<Visible<opportunity::Model>> {
    let now = ctx.clock.now();
    let txn = ctx.db.write.begin().await?;
    let (current, right) = editable(&txn, caller, &input.id, input.version).await?;
    let saved = versioned::set_archived::<opportunity::Entity>(&txn, &right, caller, now, current, archived).await?;
    txn.commit().await?;
    Visible::written(saved, &right)
}

/// Approves or rejects a partner's deal registration (managers). An approved deal gets a
/// staff owner and enters the pipeline; a rejected one keeps the reason for the partner.
pub async fn review_registration(
    ctx: &AppContext,
    caller: &Caller,
    input: ReviewDealRegistrationInput,
) -> AppResult<Visible<opportunity::Model>> {
    let right = opportunity_manage(&caller.principal)?;
    let scope = OpportunityScope::of(&caller.principal)?;
    let id = parse_id(&input.id, "id")?;
    let now = ctx.clock.now();
    let txn = ctx.db.write.begin().await?;
    let current = repo::find_opportunity(&txn, &scope, id).await?.ok_or(AppError::NotFound("opportunity"))?;
    let current = versioned::at_version::<opportunity::Entity>(current.into_inner(), input.version)?;
    if current.registration != Some(Registration::Pending) {
        return Err(AppError::invalid("id", InputReason::AlreadyReviewed));
    }
    let note = optional_text(input.note.as_deref(), 500).map_err(|why| AppError::invalid("note", why))?;
    let mut next = current.clone();
    if input.approve {
        next.registration = Some(Registration::Approved);
        if let Some(raw) = &input.owner_id {
            let owner = parse_id(raw, "ownerId")?;
            check_owner(&txn, owner, "ownerId").await?;
            next.owner_id = Some(owner);
        } else if next.owner_id.is_none() {
            next.owner_id = caller.principal.user_id();
        }
    } else {
        if note.is_none() {
            return Err(AppError::invalid("note", InputReason::Required.with_message("tell the partner why the registration is rejected")));
        }
        if input.owner_id.is_some() {
            return Err(AppError::invalid("ownerId", InputReason::NotApplicable.with_message("a rejected registration gets no owner")));
        }
        next.registration = Some(Registration::Rejected);
    }
    next.registration_note = note;
    let mut diff = Diff::new();
    diff.field("registration", &current.registration, &next.registration)
        .field("registrationNote", &current.registration_note, &next.registration_note)
        .field("ownerId", &current.owner_id, &next.owner_id);
    let saved =
        versioned::save::<opportunity::Entity>(&txn, &right, caller, now, AuditAction::Update, Change { current: &current, next, diff })
            .await?;
    if saved.registration == Some(Registration::Approved) {
        // The deal enters the pipeline where it is: its history says when, and by whom.
        record_stage(&txn, caller, StageEvent::RegistrationApproved, Some(saved.stage), &saved, now).await?;
    }
    txn.commit().await?;
    Visible::written(saved, &right)
}

/// Changes a stage's default probability (admins). Open opportunities keep theirs: the new
/// default applies to the next moves into the stage.
pub async fn update_stage(
    ctx: &AppContext,
    caller: &Caller,
    admin: &AdminRights,
    input: UpdatePipelineStageInput,
) -> AppResult<Visible<pipeline_stage::Model>> {
    let new_probability = probability(input.probability, "probability")?;
    let now = ctx.clock.now();
    let txn = ctx.db.write.begin().await?;
    let current = repo::find_stage(&txn, input.stage).await?.ok_or(AppError::NotFound("pipeline stage"))?;
    if current.version != input.version {
        return Err(AppError::stale("pipeline stage"));
    }
    if current.probability == new_probability {
        return Visible::written(current, admin);
    }
    let mut next = current.clone();
    next.probability = new_probability;
    next.version = current.version + 1;
    next.updated_at = Some(now);
    let stored = pipeline_stage::Entity::update_many()
        .set(next.clone().into_active_model().reset_all())
        .filter(pipeline_stage::Column::Stage.eq(current.stage))
        .filter(pipeline_stage::Column::Version.eq(current.version))
        .exec(&txn)
        .await?;
    if stored.rows_affected != 1 {
        return Err(AppError::stale("pipeline stage"));
    }
    let mut diff = Diff::new();
    diff.field("probability", &current.probability, &next.probability);
    audit::record(&txn, caller, now, AuditAction::Update, Subject::PipelineStage(current.stage.audit_id()), diff).await?;
    txn.commit().await?;
    Visible::written(next, admin)
}

/// Wins the opportunity of an accepted quote (in the accepting transaction). Already closed
/// deals stay as they are. The stage history names the acceptance, not a salesperson.
pub async fn win_by_acceptance_in(
    txn: &impl ConnectionTrait,
    decision: &QuoteDecision,
    opportunity_id: Uuid,
    accepted_by: &str,
    now: DateTime<Utc>,
) -> AppResult<()> {
    let Some(current) = repo::opportunity_unscoped(txn, opportunity_id).await? else { return Ok(()) };
    if current.stage.is_closed() || current.archived_at.is_some() {
        return Ok(());
    }
    let caller = Caller::system("quote acceptance");
    let mut next = current.clone();
    next.stage = OpportunityStage::ClosedWon;
    next.probability = default_probability(txn, OpportunityStage::ClosedWon).await?;
    next.lost_reason = None;
    next.stage_changed_at = now;
    next.closed_at = Some(now);
    next.next_step = Some(format!("Quote accepted by {accepted_by}"));
    let mut diff = Diff::new();
    diff.field("stage", &current.stage, &next.stage).field("probability", &current.probability, &next.probability);
    let saved =
        versioned::save::<opportunity::Entity>(txn, decision, &caller, now, AuditAction::Update, Change { current: &current, next, diff })
            .await?;
    record_stage(txn, &caller, StageEvent::Moved, Some(current.stage), &saved, now).await?;
    Ok(())
}
