//! Contact rules: add, edit details, record consent, archive and restore, each authorised
//! through the contact's customer, validated, audited, in one transaction.

use super::domain::{Channel, ConsentStatus, Consents, Emails, Phones};
use super::entity::{contact, customer};
use super::inputs::{CreateContactInput, UpdateContactConsentInput, UpdateContactInput, VersionedId};
use super::service::{customer_of, ensure_no_duplicates, self_service_source};
use super::validate::{self, contact_name_sort};
use super::{repo, writes};
use crate::access::{contact_edit, ContactReach, ContactRights, CustomerScope};
use async_graphql::MaybeUndefined;
use chrono::{DateTime, Utc};
use crm_core::audit::{self, AuditAction, Diff, Subject};
use crm_core::context::AppContext;
use crm_core::error::{AppError, AppResult, InputReason};
use crm_core::filters::parse_id;
use crm_core::principal::Caller;
use crm_core::values::{optional_text, required_text, CountryCode};
use crm_core::versioned::{self, Change};
use crm_core::visible::Visible;
use sea_orm::{ColumnTrait, ConnectionTrait, DatabaseTransaction, EntityTrait, QueryFilter, TransactionTrait};

pub async fn create_contact(ctx: &AppContext, caller: &Caller, input: CreateContactInput) -> AppResult<Visible<contact::Model>> {
    let txn = ctx.db.write.begin().await?;
    let created = create_contact_in(&txn, caller, input, ctx.clock.now()).await?;
    txn.commit().await?;
    Ok(created)
}

/// Adds a contact within `txn` (lead conversion attaches one to an existing customer).
pub async fn create_contact_in(
    txn: &impl ConnectionTrait,
    caller: &Caller,
    input: CreateContactInput,
    now: DateTime<Utc>,
) -> AppResult<Visible<contact::Model>> {
    let scope = CustomerScope::of(&caller.principal)?;
    let customer_id = parse_id(&input.customer_id, "customerId")?;
    let customer = repo::find_customer(txn, &scope, customer_id).await?.ok_or(AppError::NotFound("customer"))?;
    let rights = contact_edit(&caller.principal, &customer)?;
    require_full(&rights)?;
    let country = country_of(&customer);
    let valid = validate::contact(&input.contact, country.as_ref(), now, "", self_service_source(&caller.principal))?;
    if !input.allow_duplicate {
        ensure_no_duplicates(txn, &scope, &writes::points_of_valid(&valid)).await?;
    }
    if input.primary {
        demote_primary(txn, customer.id).await?;
    }
    let created = writes::new_contact(&customer, valid, input.primary, now);
    writes::insert_contacts(txn, std::slice::from_ref(&created)).await?;
    audit::record(
        txn,
        caller,
        now,
        AuditAction::Create,
        Subject::Contact { id: created.id, customer_id: created.customer_id },
        contact_created_diff(&created),
    )
    .await?;
    Visible::written(created, &rights)
}

pub async fn update_contact(ctx: &AppContext, caller: &Caller, input: UpdateContactInput) -> AppResult<Visible<contact::Model>> {
    let now = ctx.clock.now();
    let (txn, current, customer, rights) =
        load_for_edit(ctx, caller, &input.id, "id", input.version, ContactReach::DetailsAndConsent).await?;
    let country = country_of(&customer);
    let mut next = current.clone();
    if let Some(first) = &input.first_name {
        next.first_name = required_text(first, 100).map_err(|why| AppError::invalid("firstName", why))?;
    }
    if let Some(last) = &input.last_name {
        next.last_name = required_text(last, 100).map_err(|why| AppError::invalid("lastName", why))?;
    }
    next.name_sort = contact_name_sort(&next.first_name, &next.last_name);
    match &input.job_title {
        MaybeUndefined::Undefined => {}
        MaybeUndefined::Null => next.job_title = None,
        MaybeUndefined::Value(title) => {
            next.job_title = optional_text(Some(title), 100).map_err(|why| AppError::invalid("jobTitle", why))?
        }
    }
    if let Some(emails) = &input.emails {
        next.emails = Emails(validate::emails(emails, "emails")?);
    }
    if let Some(phones) = &input.phones {
        next.phones = Phones(validate::phones(phones, country.as_ref(), "phones")?);
    }
    match input.preferred_channel {
        MaybeUndefined::Undefined => {}
        MaybeUndefined::Null => next.preferred_channel = None,
        MaybeUndefined::Value(channel) => next.preferred_channel = Some(channel),
    }
    let promoted = set_primary(&mut next, input.primary, &rights)?;
    let mut diff = Diff::new();
    contact_diff(&mut diff, &current, &next);
    if diff.is_empty() {
        return Visible::written(current, &rights);
    }
    if promoted {
        demote_primary(&txn, current.customer_id).await?;
    }
    let saved =
        versioned::save::<contact::Entity>(&txn, &rights, caller, now, AuditAction::Update, Change { current: &current, next, diff })
            .await?;
    if saved.emails != current.emails || saved.phones != current.phones {
        writes::write_points(&txn, &saved).await?;
    }
    if saved.emails != current.emails || saved.phones != current.phones || saved.name_sort != current.name_sort {
        super::search::index_contact(&txn, &saved).await?;
    }
    txn.commit().await?;
    Visible::written(saved, &rights)
}

pub async fn update_consent(ctx: &AppContext, caller: &Caller, input: UpdateContactConsentInput) -> AppResult<Visible<contact::Model>> {
    let now = ctx.clock.now();
    if input.consents.is_empty() {
        return Err(AppError::invalid("consents", InputReason::Required.with_message("give at least one channel's answer")));
    }
    let records = validate::consent_records(&input.consents, now, "consents", self_service_source(&caller.principal))?;
    let (txn, current, _, rights) =
        load_for_edit(ctx, caller, &input.contact_id, "contactId", input.version, ContactReach::DetailsAndConsent).await?;
    let mut next = current.clone();
    for record in records {
        next.consents.set(record);
    }
    sync_consent_columns(&mut next);
    let mut diff = Diff::new();
    diff.field("consents", &current.consents.0, &next.consents.0);
    let saved =
        versioned::save::<contact::Entity>(&txn, &rights, caller, now, AuditAction::Update, Change { current: &current, next, diff })
            .await?;
    txn.commit().await?;
    Visible::written(saved, &rights)
}

pub async fn set_contact_archived(
    ctx: &AppContext,
    caller: &Caller,
    input: VersionedId,
    archived: bool,
) -> AppResult<Visible<contact::Model>> {
    let now = ctx.clock.now();
    let (txn, current, _, rights) = load_for_edit(ctx, caller, &input.id, "id", input.version, ContactReach::Full).await?;
    let saved = if archived && current.archived_at.is_none() && current.is_primary {
        // An archived contact is nobody's primary contact, so that restoring it later cannot
        // leave a customer with two.
        let mut next = current.clone();
        next.archived_at = Some(now);
        next.is_primary = false;
        let mut diff = Diff::new();
        diff.field("archived", &false, &true).field("primary", &true, &false);
        versioned::save::<contact::Entity>(&txn, &rights, caller, now, AuditAction::Archive, Change { current: &current, next, diff })
            .await?
    } else {
        versioned::set_archived::<contact::Entity>(&txn, &rights, caller, now, current, archived).await?
    };
    txn.commit().await?;
    Visible::written(saved, &rights)
}

/// Opens the write transaction and loads a visible contact the caller may edit as far as
/// `needs`, at the version the client read (checked after the rights: a caller who may not
/// change it is told FORBIDDEN, not CONFLICT).
async fn load_for_edit(
    ctx: &AppContext,
    caller: &Caller,
    id: &async_graphql::ID,
    field: &str,
    version: i32,
    needs: ContactReach,
) -> AppResult<(DatabaseTransaction, contact::Model, customer::Model, ContactRights)> {
    let scope = CustomerScope::of(&caller.principal)?;
    let id = parse_id(id, field)?;
    let txn = ctx.db.write.begin().await?;
    let current = repo::find_contact(&txn, &scope, id).await?.ok_or(AppError::NotFound("contact"))?;
    let customer = customer_of(&txn, &scope, &current).await?;
    let rights = contact_edit(&caller.principal, &customer)?;
    if needs == ContactReach::Full {
        require_full(&rights)?;
    }
    let current = versioned::at_version::<contact::Entity>(current.into_inner(), version)?;
    Ok((txn, current, customer, rights))
}

/// Applies a requested primary flag to `next`; `true` when it makes `next` the primary
/// contact (the caller then demotes the previous one). Changing it needs the full reach.
fn set_primary(next: &mut contact::Model, requested: Option<bool>, rights: &ContactRights) -> AppResult<bool> {
    let Some(primary) = requested.filter(|primary| *primary != next.is_primary) else { return Ok(false) };
    require_full(rights)?;
    if primary && next.archived_at.is_some() {
        return Err(AppError::invalid("primary", InputReason::NotApplicable.with_message("an archived contact cannot be the primary one")));
    }
    next.is_primary = primary;
    Ok(primary)
}

fn require_full(rights: &ContactRights) -> AppResult<()> {
    match rights.reach() {
        ContactReach::Full => Ok(()),
        ContactReach::DetailsAndConsent => Err(AppError::Forbidden("add or archive contacts")),
    }
}

fn country_of(customer: &customer::Model) -> Option<CountryCode> {
    customer.country_code.as_deref().and_then(|c| CountryCode::parse(c).ok())
}

async fn demote_primary(txn: &impl ConnectionTrait, customer_id: uuid::Uuid) -> AppResult<()> {
    contact::Entity::update_many()
        .col_expr(contact::Column::IsPrimary, false.into())
        .filter(contact::Column::CustomerId.eq(customer_id))
        .filter(contact::Column::IsPrimary.eq(true))
        .exec(txn)
        .await?;
    Ok(())
}

fn sync_consent_columns(contact: &mut contact::Model) {
    let consents: &Consents = &contact.consents;
    contact.email_consent = consents.status(Channel::Email);
    contact.phone_consent = consents.status(Channel::Phone);
    contact.sms_consent = consents.status(Channel::Sms);
    contact.post_consent = consents.status(Channel::Post);
}

fn contact_diff(diff: &mut Diff, before: &contact::Model, after: &contact::Model) {
    diff.field("firstName", &before.first_name, &after.first_name)
        .field("lastName", &before.last_name, &after.last_name)
        .field("jobTitle", &before.job_title, &after.job_title)
        .field("emails", &before.emails.0, &after.emails.0)
        .field("phones", &before.phones.0, &after.phones.0)
        .field("preferredChannel", &before.preferred_channel, &after.preferred_channel)
        .field("primary", &before.is_primary, &after.is_primary);
}

pub fn contact_created_diff(contact: &contact::Model) -> Diff {
    let mut diff = Diff::new();
    diff.created("customerId", &contact.customer_id)
        .created("firstName", &contact.first_name)
        .created("lastName", &contact.last_name)
        .created("jobTitle", &contact.job_title)
        .created("emails", &contact.emails.0)
        .created("phones", &contact.phones.0)
        .created("preferredChannel", &contact.preferred_channel)
        .created("primary", &contact.is_primary)
        // Only answers given: every channel starts UNKNOWN, which says nothing.
        .created("consents", &contact.consents.0.iter().filter(|r| r.status != ConsentStatus::Unknown).collect::<Vec<_>>());
    diff
}
