//! Customer rules: create (with duplicate detection), update with optimistic concurrency,
//! archive and restore, each authorised, validated, audited, in one transaction.

use super::domain::{ConsentSource, Tags};
use super::entity::{contact, customer, customer_tag, search_token};
use super::inputs::{CreateCustomerInput, UpdateCustomerInput, VersionedId};
use super::validate::{self, ValidAddress, ValidCustomer};
use super::{repo, writes};
use crate::access::{customer_create, customer_edit, customer_manage, CustomerScope};
use async_graphql::MaybeUndefined;
use chrono::{DateTime, Utc};
use crm_core::audit::{self, AuditAction, Diff, Subject};
use crm_core::clock::new_id_at;
use crm_core::context::AppContext;
use crm_core::db::insert_chunked;
use crm_core::error::{AppError, AppResult};
use crm_core::filters::parse_id;
use crm_core::principal::{Caller, Principal};
use crm_core::values::Money;
use crm_core::versioned::{self, Change};
use crm_core::visible::Visible;
use crm_identity::users;
use sea_orm::{ActiveModelTrait, ConnectionTrait, IntoActiveModel, TransactionTrait};
use std::collections::HashSet;
use uuid::Uuid;

/// Creates one customer (and its primary contact).
pub async fn create_customer(ctx: &AppContext, caller: &Caller, input: CreateCustomerInput) -> AppResult<Visible<customer::Model>> {
    let mut created = create_customers(ctx, caller, vec![input]).await?;
    created.pop().ok_or_else(|| AppError::Internal(anyhow::anyhow!("no customer created")))
}

/// Creates customers in one transaction: all or none. The same rules as one by one; bulk
/// callers (imports, the demo seeder) use it to amortise the commit.
pub async fn create_customers(
    ctx: &AppContext,
    caller: &Caller,
    inputs: Vec<CreateCustomerInput>,
) -> AppResult<Vec<Visible<customer::Model>>> {
    let txn = ctx.db.write.begin().await?;
    let created = create_customers_in(&txn, caller, inputs, ctx.clock.now()).await?;
    txn.commit().await?;
    Ok(created)
}

/// Creates customers within `txn` (lead conversion creates one together with its opportunity).
pub async fn create_customers_in(
    txn: &impl ConnectionTrait,
    caller: &Caller,
    inputs: Vec<CreateCustomerInput>,
    now: DateTime<Utc>,
) -> AppResult<Vec<Visible<customer::Model>>> {
    let rights = customer_create(&caller.principal)?;
    let scope = CustomerScope::of(&caller.principal)?;
    let self_service = self_service_source(&caller.principal);
    let mut valid = Vec::with_capacity(inputs.len());
    for input in &inputs {
        let mut customer = validate::customer(input, now, self_service)?;
        if customer.owner_id.is_none() {
            customer.owner_id = rights.default_owner;
        }
        if let Some(forced) = rights.forced_partner {
            if customer.partner_id.is_some_and(|p| p != forced) {
                return Err(AppError::Forbidden("assign a customer to another partner organisation"));
            }
            customer.partner_id = Some(forced);
        }
        let assigns_other_owner = customer.owner_id.is_some() && customer.owner_id != rights.default_owner;
        if !rights.may_assign
            && (assigns_other_owner
                || customer.credit_limit.is_some()
                || (customer.partner_id.is_some() && rights.forced_partner.is_none()))
        {
            customer_manage(&caller.principal)?;
        }
        valid.push(customer);
    }
    check_references(txn, valid.iter().filter_map(|c| c.owner_id), valid.iter().filter_map(|c| c.partner_id)).await?;
    let points: Vec<_> =
        valid.iter().filter(|c| !c.allow_duplicate).filter_map(|c| c.primary_contact.as_ref()).flat_map(writes::points_of_valid).collect();
    ensure_no_duplicates(txn, &scope, &points).await?;
    let newcomers: Vec<&ValidCustomer> = valid.iter().filter(|c| !c.allow_duplicate).collect();
    ensure_no_namesakes(txn, &scope, &newcomers).await?;
    let created = insert_customers(txn, caller, valid, now).await?;
    Ok(created.into_iter().map(|c| Visible::created(c, &rights)).collect())
}

/// Customer users set consent through self-service; the source says so, whatever they send.
pub fn self_service_source(principal: &Principal) -> Option<ConsentSource> {
    matches!(principal, Principal::Customer { .. }).then_some(ConsentSource::SelfService)
}

/// Writes new customers with their primary contacts, tag and search indexes and audit
/// entries: a few multi-row statements per table, whatever the number of customers.
async fn insert_customers(
    txn: &impl ConnectionTrait,
    caller: &Caller,
    valid: Vec<ValidCustomer>,
    now: DateTime<Utc>,
) -> AppResult<Vec<customer::Model>> {
    let (customers, contacts) = write_new_customers(txn, valid, now).await?;
    let entries = customers
        .iter()
        .map(|c| audit::entry(caller, now, AuditAction::Create, Subject::Customer(c.id), customer_created_diff(c)))
        .chain(contacts.iter().map(|c| {
            audit::entry(
                caller,
                now,
                AuditAction::Create,
                Subject::Contact { id: c.id, customer_id: c.customer_id },
                super::contacts::contact_created_diff(c),
            )
        }))
        .collect();
    audit::record_many(txn, entries).await?;
    Ok(customers)
}

/// Writes new customers, their primary contacts and their tag and search index rows, without
/// audit entries (the caller records them: one per record, or one per import job).
pub(crate) async fn write_new_customers(
    txn: &impl ConnectionTrait,
    valid: Vec<ValidCustomer>,
    now: DateTime<Utc>,
) -> AppResult<(Vec<customer::Model>, Vec<contact::Model>)> {
    let mut customers = Vec::with_capacity(valid.len());
    let mut contacts = Vec::with_capacity(valid.len());
    for v in valid {
        let (amount, currency) = split_money(v.credit_limit.as_ref());
        let model = customer::Model {
            id: new_id_at(now),
            kind: v.kind,
            name_sort: v.name.to_lowercase(),
            name: v.name,
            external_id: v.external_id,
            lifecycle: v.lifecycle,
            industry: v.industry,
            tags: v.tags,
            street: v.address.street,
            postal_code: v.address.postal_code,
            city: v.address.city,
            region: v.address.region,
            country_code: v.address.country.map(|c| c.as_str().to_owned()),
            owner_id: v.owner_id,
            partner_id: v.partner_id,
            credit_limit_amount: amount,
            credit_limit_currency: currency,
            created_at: now,
            updated_at: now,
            version: 1,
            archived_at: None,
        };
        if let Some(contact) = v.primary_contact {
            contacts.push(writes::new_contact(&model, contact, true, now));
        }
        customers.push(model);
    }
    let rows: Vec<customer::ActiveModel> = customers.iter().map(|c| c.clone().into_active_model().reset_all()).collect();
    insert_chunked::<customer::Entity, _>(txn, rows).await?;
    insert_chunked::<customer_tag::Entity, _>(txn, customers.iter().flat_map(|c| writes::tag_rows(c.id, &c.tags)).collect()).await?;
    insert_chunked::<search_token::Entity, _>(txn, customers.iter().flat_map(super::search::customer_token_rows).collect()).await?;
    writes::insert_contacts(txn, &contacts).await?;
    Ok((customers, contacts))
}

pub async fn update_customer(ctx: &AppContext, caller: &Caller, input: UpdateCustomerInput) -> AppResult<Visible<customer::Model>> {
    let scope = CustomerScope::of(&caller.principal)?;
    let id = parse_id(&input.id, "id")?;
    let now = ctx.clock.now();
    let txn = ctx.db.write.begin().await?;
    let current = repo::find_customer(&txn, &scope, id).await?.ok_or(AppError::NotFound("customer"))?;
    let right = customer_edit(&caller.principal, &current)?;
    let current = versioned::at_version::<customer::Entity>(current.into_inner(), input.version)?;
    let mut next = current.clone();
    if let Some(name) = &input.name {
        next.name = crm_core::values::required_text(name, 200).map_err(|why| AppError::invalid("name", why))?;
        next.name_sort = next.name.to_lowercase();
    }
    match &input.external_id {
        MaybeUndefined::Undefined => {}
        MaybeUndefined::Null => next.external_id = None,
        MaybeUndefined::Value(v) => {
            next.external_id =
                crm_core::values::optional_text(Some(v), validate::MAX_EXTERNAL_ID).map_err(|why| AppError::invalid("externalId", why))?
        }
    }
    if let Some(lifecycle) = input.lifecycle {
        next.lifecycle = lifecycle;
    }
    match &input.industry {
        MaybeUndefined::Undefined => {}
        MaybeUndefined::Null => next.industry = None,
        MaybeUndefined::Value(v) => {
            next.industry = crm_core::values::optional_text(Some(v), 100).map_err(|why| AppError::invalid("industry", why))?
        }
    }
    if let Some(tags) = &input.tags {
        next.tags = Tags(super::domain::normalize_tags(tags).map_err(|why| AppError::invalid("tags", why))?);
    }
    match &input.address {
        MaybeUndefined::Undefined => {}
        MaybeUndefined::Null => set_address(&mut next, ValidAddress::default()),
        MaybeUndefined::Value(address) => set_address(&mut next, validate::address(address, "address")?),
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
    match &input.credit_limit {
        MaybeUndefined::Undefined => {}
        MaybeUndefined::Null => (next.credit_limit_amount, next.credit_limit_currency) = (None, None),
        MaybeUndefined::Value(m) => {
            (next.credit_limit_amount, next.credit_limit_currency) = split_money(Some(&validate::money(m, "creditLimit")?))
        }
    }
    let reassigned = next.owner_id != current.owner_id || next.partner_id != current.partner_id;
    let limit_changed =
        next.credit_limit_amount != current.credit_limit_amount || next.credit_limit_currency != current.credit_limit_currency;
    if reassigned || limit_changed {
        customer_manage(&caller.principal)?;
        check_references(
            &txn,
            next.owner_id.filter(|_| next.owner_id != current.owner_id),
            next.partner_id.filter(|_| next.partner_id != current.partner_id),
        )
        .await?;
    }
    let mut diff = Diff::new();
    customer_diff(&mut diff, &current, &next);
    if diff.is_empty() {
        return Visible::written(current, &right);
    }
    let saved =
        versioned::save::<customer::Entity>(&txn, &right, caller, now, AuditAction::Update, Change { current: &current, next, diff })
            .await?;
    if saved.tags != current.tags {
        writes::write_tags(&txn, saved.id, &saved.tags).await?;
    }
    if saved.name != current.name {
        super::search::index_customer(&txn, &saved).await?;
    }
    txn.commit().await?;
    Visible::written(saved, &right)
}

/// Archives (soft-deletes) or restores a customer.
pub async fn set_customer_archived(
    ctx: &AppContext,
    caller: &Caller,
    input: VersionedId,
    archived: bool,
) -> AppResult<Visible<customer::Model>> {
    let scope = CustomerScope::of(&caller.principal)?;
    let id = parse_id(&input.id, "id")?;
    let now = ctx.clock.now();
    let txn = ctx.db.write.begin().await?;
    let current = repo::find_customer(&txn, &scope, id).await?.ok_or(AppError::NotFound("customer"))?;
    let right = customer_edit(&caller.principal, &current)?;
    let current = versioned::at_version::<customer::Entity>(current.into_inner(), input.version)?;
    let saved = versioned::set_archived::<customer::Entity>(&txn, &right, caller, now, current, archived).await?;
    txn.commit().await?;
    Visible::written(saved, &right)
}

fn set_address(customer: &mut customer::Model, address: ValidAddress) {
    customer.street = address.street;
    customer.postal_code = address.postal_code;
    customer.city = address.city;
    customer.region = address.region;
    customer.country_code = address.country.map(|c| c.as_str().to_owned());
}

pub(crate) fn split_money(money: Option<&Money>) -> (Option<String>, Option<String>) {
    match money {
        Some(m) => (Some(m.amount.to_string()), Some(m.currency_code().to_owned())),
        None => (None, None),
    }
}

/// The fields of a new customer, as an audit entry (before: null).
fn customer_created_diff(model: &customer::Model) -> Diff {
    let mut diff = Diff::new();
    diff.created("kind", &model.kind)
        .created("name", &model.name)
        .created("externalId", &model.external_id)
        .created("lifecycle", &model.lifecycle)
        .created("industry", &model.industry)
        .created("tags", &model.tags.0)
        .created("address.street", &model.street)
        .created("address.postalCode", &model.postal_code)
        .created("address.city", &model.city)
        .created("address.region", &model.region)
        .created("address.country", &model.country_code)
        .created("ownerId", &model.owner_id)
        .created("partnerId", &model.partner_id)
        .created("creditLimit.amount", &model.credit_limit_amount)
        .created("creditLimit.currency", &model.credit_limit_currency);
    diff
}

/// Field-level changes, named as in the API.
pub(crate) fn customer_diff(diff: &mut Diff, before: &customer::Model, after: &customer::Model) {
    diff.field("name", &before.name, &after.name)
        .field("externalId", &before.external_id, &after.external_id)
        .field("lifecycle", &before.lifecycle, &after.lifecycle)
        .field("industry", &before.industry, &after.industry)
        .field("tags", &before.tags.0, &after.tags.0)
        .field("address.street", &before.street, &after.street)
        .field("address.postalCode", &before.postal_code, &after.postal_code)
        .field("address.city", &before.city, &after.city)
        .field("address.region", &before.region, &after.region)
        .field("address.country", &before.country_code, &after.country_code)
        .field("ownerId", &before.owner_id, &after.owner_id)
        .field("partnerId", &before.partner_id, &after.partner_id)
        .field("creditLimit.amount", &before.credit_limit_amount, &after.credit_limit_amount)
        .field("creditLimit.currency", &before.credit_limit_currency, &after.credit_limit_currency);
}

/// Owners must be active staff users; partners must be active organisations.
pub(crate) async fn check_references(
    txn: &impl ConnectionTrait,
    owners: impl IntoIterator<Item = Uuid>,
    partners: impl IntoIterator<Item = Uuid>,
) -> AppResult<()> {
    users::ensure_active_staff(txn, &owners.into_iter().collect::<Vec<_>>(), "ownerId").await?;
    crm_identity::partners::ensure_active(txn, &partners.into_iter().collect::<Vec<_>>(), "partnerId").await
}

/// Fails with CONFLICT when an email or phone already belongs to an active contact. The
/// message names the existing customer only when the caller may see it.
pub async fn ensure_no_duplicates(txn: &impl ConnectionTrait, scope: &CustomerScope, points: &[(&'static str, String)]) -> AppResult<()> {
    let mut seen = HashSet::new();
    if let Some((_, value)) = points.iter().find(|p| !seen.insert((*p).clone())) {
        return Err(AppError::Conflict { message: format!("{value} is given for more than one new contact"), existing: None });
    }
    let hits = repo::find_duplicates(txn, points).await?;
    let Some(hit) = hits.first() else { return Ok(()) };
    Err(match visible_customer(txn, scope, hit.customer_id).await? {
        Some(existing) => AppError::Conflict {
            message: format!(
                "{} already belongs to a contact of customer \"{}\" ({}); pass allowDuplicate: true to create anyway",
                hit.value, existing.name, existing.id
            ),
            existing: Some(existing.id),
        },
        None => AppError::Conflict {
            message: format!("{} already belongs to another customer's contact; pass allowDuplicate: true to create anyway", hit.value),
            existing: None,
        },
    })
}

/// A customer's name as compared for namesakes, and where it is: lower-case name, city and
/// country (a missing city or country matches only a missing one).
pub(crate) type NameInPlace = (String, Option<String>, Option<String>);

pub(crate) fn name_in_place(name: &str, city: Option<&str>, country: Option<&str>) -> NameInPlace {
    let lower = |text: &str| text.trim().to_lowercase();
    (lower(name), city.map(lower), country.map(lower))
}

/// A new customer with the name of an active one in the same city and country is most likely
/// the same customer entered twice, which the email and phone check cannot see when neither
/// has a contact: a CONFLICT naming the existing customer when the caller may see it, unless
/// the input says `allowDuplicate`.
async fn ensure_no_namesakes(txn: &impl ConnectionTrait, scope: &CustomerScope, newcomers: &[&ValidCustomer]) -> AppResult<()> {
    let keys: Vec<NameInPlace> = newcomers
        .iter()
        .map(|c| name_in_place(&c.name, c.address.city.as_deref(), c.address.country.as_ref().map(|code| code.as_str())))
        .collect();
    let mut seen = HashSet::new();
    if let Some((name, ..)) = keys.iter().find(|key| !seen.insert(*key)) {
        return Err(AppError::Conflict {
            message: format!("\"{name}\" is given for more than one new customer in the same place"),
            existing: None,
        });
    }
    let names: Vec<String> = keys.iter().map(|(name, ..)| name.clone()).collect::<HashSet<_>>().into_iter().collect();
    if names.is_empty() {
        return Ok(());
    }
    let namesakes = repo::find_namesakes(txn, &names).await?;
    let Some(hit) = namesakes.iter().find(|n| seen.contains(&name_in_place(&n.name_sort, n.city.as_deref(), n.country_code.as_deref())))
    else {
        return Ok(());
    };
    let place = hit.city.as_deref().unwrap_or("no city");
    Err(match visible_customer(txn, scope, hit.customer_id).await? {
        Some(existing) => AppError::Conflict {
            message: format!(
                "customer \"{}\" ({place}) already exists ({}); pass allowDuplicate: true to create anyway",
                existing.name, existing.id
            ),
            existing: Some(existing.id),
        },
        None => AppError::Conflict {
            message: format!("a customer with this name already exists in {place}; pass allowDuplicate: true to create anyway"),
            existing: None,
        },
    })
}

/// A customer a duplicate check found, if the caller may see it.
async fn visible_customer(txn: &impl ConnectionTrait, scope: &CustomerScope, id: Uuid) -> AppResult<Option<customer::Model>> {
    if scope.is_restricted() {
        Ok(repo::find_customer(txn, scope, id).await?.map(Visible::into_inner))
    } else {
        repo::customer_unscoped(txn, id).await
    }
}

/// The customer a contact belongs to, if visible.
pub async fn customer_of(txn: &impl ConnectionTrait, scope: &CustomerScope, contact: &contact::Model) -> AppResult<customer::Model> {
    repo::find_customer(txn, scope, contact.customer_id).await?.map(Visible::into_inner).ok_or(AppError::NotFound("customer"))
}
