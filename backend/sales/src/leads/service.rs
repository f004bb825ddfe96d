//! Lead rules: create (routing unassigned leads through the rules), work and qualify them,
//! assign them in bulk, archive and restore. Each change is authorised, validated, audited,
//! in one transaction; converted leads are read-only.

use super::assignment::{self, Assignee};
use super::domain::LeadStatus;
use super::entity::{lead, lead_product};
use super::inputs::{ApplyAssignmentRulesInput, AssignLeadsInput, CreateLeadInput, UpdateLeadInput};
use super::repo;
use crate::access::{lead_create, lead_edit, LeadEdit, LeadRouting, LeadScope};
use crate::catalog::service::{self as catalog, same_products};
use crate::pipeline::domain::LeadSource;
use async_graphql::{MaybeUndefined, ID};
use chrono::{DateTime, Utc};
use crm_core::audit::{self, AuditAction, Diff, Subject};
use crm_core::clock::new_id_at;
use crm_core::context::AppContext;
use crm_core::db::insert_chunked;
use crm_core::error::{AppError, AppResult, InputReason};
use crm_core::filters::parse_id;
use crm_core::principal::Caller;
use crm_core::values::{optional_text, required_text, CountryCode, Email, Phone};
use crm_core::versioned::{self, Change};
use crm_core::visible::Visible;
use crm_customers::inputs::VersionedId;
use sea_orm::{ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, IntoActiveModel, QueryFilter, TransactionTrait};
use uuid::Uuid;

/// Most leads one bulk call takes.
pub const MAX_BULK: usize = 250;

pub fn name_sort(first: &str, last: &str) -> String {
    format!("{last} {first}").to_lowercase()
}

fn email(raw: Option<&str>) -> AppResult<Option<String>> {
    match raw.map(str::trim).filter(|e| !e.is_empty()) {
        Some(e) => Ok(Some(Email::parse(e).map_err(|why| AppError::invalid("email", why))?.as_str().to_owned())),
        None => Ok(None),
    }
}

fn phone(raw: Option<&str>, country: Option<&CountryCode>) -> AppResult<Option<String>> {
    match raw.map(str::trim).filter(|p| !p.is_empty()) {
        Some(p) => Ok(Some(Phone::parse(p, country).map_err(|why| AppError::invalid("phone", why))?.as_str().to_owned())),
        None => Ok(None),
    }
}

fn text(raw: Option<&str>, max: usize, field: &str) -> AppResult<Option<String>> {
    optional_text(raw, max).map_err(|why| AppError::invalid(field, why))
}

async fn replace_products(txn: &impl ConnectionTrait, lead_id: Uuid, ids: &[Uuid]) -> AppResult<()> {
    lead_product::Entity::delete_many().filter(lead_product::Column::LeadId.eq(lead_id)).exec(txn).await?;
    let rows = ids.iter().map(|&product_id| lead_product::Model { lead_id, product_id }.into_active_model().reset_all()).collect();
    insert_chunked::<lead_product::Entity, _>(txn, rows).await?;
    Ok(())
}

/// An owner must be an active staff user, a partner an active organisation.
async fn check_assignee(txn: &impl ConnectionTrait, assignee: &Assignee) -> AppResult<()> {
    if let Some(id) = assignee.owner_id {
        crm_identity::users::ensure_active_staff(txn, &[id], "ownerId").await?;
    }
    if let Some(id) = assignee.partner_id {
        crm_identity::partners::ensure_active(txn, &[id], "partnerId").await?;
    }
    Ok(())
}

pub async fn create_lead(ctx: &AppContext, caller: &Caller, input: CreateLeadInput) -> AppResult<Visible<lead::Model>> {
    let now = ctx.clock.now();
    let txn = ctx.db.write.begin().await?;
    let created = create_lead_in(&txn, caller, input, now).await?;
    txn.commit().await?;
    Ok(created)
}

/// Creates a lead within `txn` (the web form and imports share it).
pub async fn create_lead_in(
    txn: &impl ConnectionTrait,
    caller: &Caller,
    input: CreateLeadInput,
    now: DateTime<Utc>,
) -> AppResult<Visible<lead::Model>> {
    let rights = lead_create(&caller.principal)?;
    let country = match input.country.as_deref().map(str::trim).filter(|c| !c.is_empty()) {
        Some(code) => Some(CountryCode::parse(code).map_err(|why| AppError::invalid("country", why))?),
        None => None,
    };
    let first_name = required_text(&input.first_name, 100).map_err(|why| AppError::invalid("firstName", why))?;
    let last_name = required_text(&input.last_name, 100).map_err(|why| AppError::invalid("lastName", why))?;
    let email = email(input.email.as_deref())?;
    let phone = phone(input.phone.as_deref(), country.as_ref())?;
    if email.is_none() && phone.is_none() {
        return Err(AppError::invalid("email", InputReason::Required.with_message("give an email address or a phone number")));
    }
    let mut chosen = Assignee {
        owner_id: input.owner_id.as_ref().map(|id| parse_id(id, "ownerId")).transpose()?,
        partner_id: input.partner_id.as_ref().map(|id| parse_id(id, "partnerId")).transpose()?,
        rule_id: None,
    };
    let named = chosen.owner_id.is_some() || chosen.partner_id.is_some();
    if named && !rights.may_assign && !(chosen.owner_id == rights.default_owner && chosen.partner_id.is_none()) {
        return Err(AppError::Forbidden("choose the owner or partner organisation of a lead"));
    }
    if let Some(partner) = rights.forced_partner {
        chosen = Assignee { owner_id: None, partner_id: Some(partner), rule_id: None };
    } else if !named {
        chosen.owner_id = rights.default_owner;
    }
    check_assignee(txn, &chosen).await?;
    let products = catalog::products_of_interest(txn, input.product_ids.as_deref().unwrap_or_default()).await?;
    let default_source = if rights.forced_partner.is_some() { LeadSource::Partner } else { LeadSource::Manual };
    let mut model = lead::Model {
        id: new_id_at(now),
        name_sort: name_sort(&first_name, &last_name),
        first_name,
        last_name,
        company: text(input.company.as_deref(), 200, "company")?,
        job_title: text(input.job_title.as_deref(), 100, "jobTitle")?,
        email,
        phone,
        country_code: country.map(|c| c.as_str().to_owned()),
        region: text(input.region.as_deref(), 100, "region")?,
        city: text(input.city.as_deref(), 100, "city")?,
        source: input.source.unwrap_or(default_source),
        campaign: text(input.campaign.as_deref(), 200, "campaign")?,
        message: text(input.message.as_deref(), 2000, "message")?,
        status: LeadStatus::New,
        disqualified_reason: None,
        owner_id: chosen.owner_id,
        partner_id: chosen.partner_id,
        converted_at: None,
        customer_id: None,
        contact_id: None,
        opportunity_id: None,
        created_at: now,
        updated_at: now,
        version: 1,
        archived_at: None,
    };
    if chosen.owner_id.is_none() && chosen.partner_id.is_none() {
        if let Some(routed) = assignment::route(txn, &repo::rules(txn).await?, &model).await? {
            (model.owner_id, model.partner_id) = (routed.owner_id, routed.partner_id);
            chosen = routed;
        }
    }
    let created = model.into_active_model().reset_all().insert(txn).await?;
    replace_products(txn, created.id, &products).await?;
    if chosen.owner_id.is_some() || chosen.partner_id.is_some() {
        assignment::record(txn, caller, created.id, chosen, now).await?;
    }
    let mut diff = Diff::new();
    diff.created("firstName", &created.first_name)
        .created("lastName", &created.last_name)
        .created("company", &created.company)
        .created("email", &created.email)
        .created("phone", &created.phone)
        .created("country", &created.country_code)
        .created("region", &created.region)
        .created("source", &created.source)
        .created("campaign", &created.campaign)
        .created("ownerId", &created.owner_id)
        .created("partnerId", &created.partner_id)
        .created("productIds", &products);
    audit::record(txn, caller, now, AuditAction::Create, Subject::Lead(created.id), diff).await?;
    Ok(Visible::created(created, &rights))
}

/// Reads the visible, unconverted lead at the client's version, checking the caller may work it.
pub async fn editable(txn: &impl ConnectionTrait, caller: &Caller, raw_id: &ID, version: i32) -> AppResult<(lead::Model, LeadEdit)> {
    let scope = LeadScope::of(&caller.principal)?;
    let id = parse_id(raw_id, "id")?;
    let current = repo::find_lead(txn, &scope, id).await?.ok_or(AppError::NotFound("lead"))?;
    let right = lead_edit(&caller.principal, &current)?;
    let current = versioned::at_version::<lead::Entity>(current.into_inner(), version)?;
    if current.converted_at.is_some() {
        return Err(AppError::invalid("id", InputReason::NotApplicable.with_message("a converted lead cannot change")));
    }
    Ok((current, right))
}

fn maybe_text(value: &MaybeUndefined<String>, current: &Option<String>, max: usize, field: &str) -> AppResult<Option<String>> {
    match value {
        MaybeUndefined::Undefined => Ok(current.clone()),
        MaybeUndefined::Null => Ok(None),
        MaybeUndefined::Value(v) => text(Some(v), max, field),
    }
}

pub async fn update_lead(ctx: &AppContext, caller: &Caller, input: UpdateLeadInput) -> AppResult<Visible<lead::Model>> {
    let now = ctx.clock.now();
    let txn = ctx.db.write.begin().await?;
    let (current, right) = editable(&txn, caller, &input.id, input.version).await?;
    let mut next = current.clone();
    if let Some(first) = &input.first_name {
        next.first_name = required_text(first, 100).map_err(|why| AppError::invalid("firstName", why))?;
    }
    if let Some(last) = &input.last_name {
        next.last_name = required_text(last, 100).map_err(|why| AppError::invalid("lastName", why))?;
    }
    next.name_sort = name_sort(&next.first_name, &next.last_name);
    next.company = maybe_text(&input.company, &current.company, 200, "company")?;
    next.job_title = maybe_text(&input.job_title, &current.job_title, 100, "jobTitle")?;
    match &input.email {
        MaybeUndefined::Undefined => {}
        MaybeUndefined::Null => next.email = None,
        MaybeUndefined::Value(v) => next.email = email(Some(v))?,
    }
    match &input.phone {
        MaybeUndefined::Undefined => {}
        MaybeUndefined::Null => next.phone = None,
        MaybeUndefined::Value(v) => {
            let country = current.country_code.as_deref().and_then(|c| CountryCode::parse(c).ok());
            next.phone = phone(Some(v), country.as_ref())?
        }
    }
    if next.email.is_none() && next.phone.is_none() {
        return Err(AppError::invalid("email", InputReason::Required.with_message("give an email address or a phone number")));
    }
    match &input.country {
        MaybeUndefined::Undefined => {}
        MaybeUndefined::Null => next.country_code = None,
        MaybeUndefined::Value(code) if code.trim().is_empty() => next.country_code = None,
        MaybeUndefined::Value(code) => {
            next.country_code = Some(CountryCode::parse(code).map_err(|why| AppError::invalid("country", why))?.as_str().to_owned())
        }
    }
    next.region = maybe_text(&input.region, &current.region, 100, "region")?;
    next.city = maybe_text(&input.city, &current.city, 100, "city")?;
    next.campaign = maybe_text(&input.campaign, &current.campaign, 200, "campaign")?;
    next.message = maybe_text(&input.message, &current.message, 2000, "message")?;
    if let Some(source) = input.source {
        next.source = source;
    }
    if let Some(status) = input.status {
        next.status = status;
    }
    let reason = text(input.disqualified_reason.as_deref(), 500, "disqualifiedReason")?;
    match (next.status, reason) {
        (LeadStatus::Disqualified, Some(reason)) => next.disqualified_reason = Some(reason),
        (LeadStatus::Disqualified, None) if current.status == LeadStatus::Disqualified => {}
        (LeadStatus::Disqualified, None) => {
            return Err(AppError::invalid("disqualifiedReason", InputReason::Required.with_message("say why the lead is disqualified")))
        }
        (_, Some(_)) => {
            return Err(AppError::invalid(
                "disqualifiedReason",
                InputReason::NotApplicable.with_message("only disqualified leads have a reason"),
            ))
        }
        (_, None) => next.disqualified_reason = None,
    }
    let before: Vec<Uuid> = repo::products_of(&txn, &[current.id]).await?.into_iter().map(|p| p.product_id).collect();
    let after = match &input.product_ids {
        Some(raw) => catalog::products_of_interest(&txn, raw).await?,
        None => before.clone(),
    };
    let mut diff = Diff::new();
    diff.field("firstName", &current.first_name, &next.first_name)
        .field("lastName", &current.last_name, &next.last_name)
        .field("company", &current.company, &next.company)
        .field("jobTitle", &current.job_title, &next.job_title)
        .field("email", &current.email, &next.email)
        .field("phone", &current.phone, &next.phone)
        .field("country", &current.country_code, &next.country_code)
        .field("region", &current.region, &next.region)
        .field("city", &current.city, &next.city)
        .field("source", &current.source, &next.source)
        .field("campaign", &current.campaign, &next.campaign)
        .field("message", &current.message, &next.message)
        .field("status", &current.status, &next.status)
        .field("disqualifiedReason", &current.disqualified_reason, &next.disqualified_reason);
    let products_changed = !same_products(&before, &after);
    if products_changed {
        diff.field("productIds", &before, &after);
    }
    if diff.is_empty() {
        return Visible::written(current, &right);
    }
    let saved =
        versioned::save::<lead::Entity>(&txn, &right, caller, now, AuditAction::Update, Change { current: &current, next, diff }).await?;
    if products_changed {
        replace_products(&txn, saved.id, &after).await?;
    }
    txn.commit().await?;
    Visible::written(saved, &right)
}

pub async fn set_archived(ctx: &AppContext, caller: &Caller, input: VersionedId, archived: bool) -> AppResult<Visible<lead::Model>> {
    let now = ctx.clock.now();
    let txn = ctx.db.write.begin().await?;
    let scope = LeadScope::of(&caller.principal)?;
    let id = parse_id(&input.id, "id")?;
    let current = repo::find_lead(&txn, &scope, id).await?.ok_or(AppError::NotFound("lead"))?;
    let right = lead_edit(&caller.principal, &current)?;
    let current = versioned::at_version::<lead::Entity>(current.into_inner(), input.version)?;
    let saved = versioned::set_archived::<lead::Entity>(&txn, &right, caller, now, current, archived).await?;
    txn.commit().await?;
    Visible::written(saved, &right)
}

fn bulk_ids(raw: &[ID]) -> AppResult<Vec<Uuid>> {
    match raw.len() {
        0 => return Err(AppError::invalid("leadIds", InputReason::Required)),
        n if n > MAX_BULK => return Err(AppError::invalid("leadIds", InputReason::TooMany { max: MAX_BULK })),
        _ => {}
    }
    let mut ids: Vec<Uuid> = raw.iter().map(|id| parse_id(id, "leadIds")).collect::<AppResult<_>>()?;
    ids.sort();
    ids.dedup();
    Ok(ids)
}

/// The visible, unconverted leads of a bulk call, all or a NOT_FOUND.
async fn bulk_leads(txn: &impl ConnectionTrait, caller: &Caller, raw: &[ID]) -> AppResult<Vec<lead::Model>> {
    let ids = bulk_ids(raw)?;
    let scope = LeadScope::of(&caller.principal)?;
    let leads = repo::leads_by_ids(txn, &scope, &ids).await?;
    if leads.len() != ids.len() {
        return Err(AppError::NotFound("lead"));
    }
    if leads.iter().any(|l| l.converted_at.is_some()) {
        return Err(AppError::invalid("leadIds", InputReason::NotApplicable.with_message("converted leads cannot be reassigned")));
    }
    Ok(leads.into_iter().map(Visible::into_inner).collect())
}

async fn reassign(
    txn: &impl ConnectionTrait,
    rights: &LeadRouting,
    caller: &Caller,
    lead: lead::Model,
    to: Assignee,
    now: DateTime<Utc>,
) -> AppResult<lead::Model> {
    if lead.owner_id == to.owner_id && lead.partner_id == to.partner_id {
        return Ok(lead);
    }
    let mut next = lead.clone();
    (next.owner_id, next.partner_id) = (to.owner_id, to.partner_id);
    let mut diff = Diff::new();
    diff.field("ownerId", &lead.owner_id, &next.owner_id).field("partnerId", &lead.partner_id, &next.partner_id);
    let saved =
        versioned::save::<lead::Entity>(txn, rights, caller, now, AuditAction::Update, Change { current: &lead, next, diff }).await?;
    assignment::record(txn, caller, saved.id, to, now).await?;
    Ok(saved)
}

/// Hands leads to an owner and/or partner in one transaction, keeping each one's history.
pub async fn assign_leads(
    ctx: &AppContext,
    caller: &Caller,
    rights: &LeadRouting,
    input: AssignLeadsInput,
) -> AppResult<Vec<Visible<lead::Model>>> {
    let to = Assignee {
        owner_id: input.owner_id.as_ref().map(|id| parse_id(id, "ownerId")).transpose()?,
        partner_id: input.partner_id.as_ref().map(|id| parse_id(id, "partnerId")).transpose()?,
        rule_id: None,
    };
    let now = ctx.clock.now();
    let txn = ctx.db.write.begin().await?;
    check_assignee(&txn, &to).await?;
    let mut saved = Vec::new();
    for lead in bulk_leads(&txn, caller, &input.lead_ids).await? {
        saved.push(Visible::written(reassign(&txn, rights, caller, lead, to, now).await?, rights)?);
    }
    txn.commit().await?;
    Ok(saved)
}

/// Routes leads through the assignment rules again; leads no rule fits keep their assignee.
pub async fn apply_rules(
    ctx: &AppContext,
    caller: &Caller,
    rights: &LeadRouting,
    input: ApplyAssignmentRulesInput,
) -> AppResult<Vec<Visible<lead::Model>>> {
    let now = ctx.clock.now();
    let txn = ctx.db.write.begin().await?;
    let rules = repo::rules(&txn).await?;
    let mut saved = Vec::new();
    for lead in bulk_leads(&txn, caller, &input.lead_ids).await? {
        let routed = match assignment::route(&txn, &rules, &lead).await? {
            Some(to) => reassign(&txn, rights, caller, lead, to, now).await?,
            None => lead,
        };
        saved.push(Visible::written(routed, rights)?);
    }
    txn.commit().await?;
    Ok(saved)
}
