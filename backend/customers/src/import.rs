//! The customers' side of a bulk import (`crm-imports` drives the job, a batch of rows per
//! transaction): a row is validated exactly as `createCustomer` validates its input, matched
//! to a customer already in the CRM by external id or by its contact's email, and a batch is
//! written in a few multi-row statements. An import is audited once per job (by the job),
//! so these writes add no per-record audit entries; each written record's provenance is the
//! job's report row.

// This module reads its own tables for the batch's lookups.
#![allow(clippy::disallowed_methods)]

use super::access::CustomerImport;
use super::domain::{Tags, POINT_EMAIL};
use super::entity::customer;
use super::inputs::CreateCustomerInput;
use super::service::{name_in_place, split_money, NameInPlace};
use super::validate::{self, ValidCustomer};
use super::{repo, search, service, writes};
use chrono::{DateTime, Utc};
use crm_core::db::compare_and_set;
use crm_core::error::{AppError, AppResult, InputReason};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter};
use std::collections::{HashMap, HashSet};
use uuid::Uuid;

/// Why a row was refused: the input field at fault (as the API names it), the API's reason
/// code and an English message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Refusal {
    pub field: Option<String>,
    pub reason: InputReason,
    pub message: String,
}

impl Refusal {
    pub fn new(field: &str, reason: InputReason, message: impl Into<String>) -> Self {
        Self { field: Some(field.to_owned()), reason, message: message.into() }
    }
}

/// A row's input validated as `createCustomer` validates it (no consent source: an import
/// carries no consent answers).
pub fn validate_row(input: &CreateCustomerInput, now: DateTime<Utc>) -> Result<ValidCustomer, Refusal> {
    validate::customer(input, now, None).map_err(|err| match err {
        AppError::BadInput { field, invalid } => Refusal { field, reason: invalid.reason, message: invalid.message },
        other => Refusal { field: None, reason: InputReason::InvalidRequest, message: format!("{other:?}") },
    })
}

/// The primary email of a validated row, lower-cased as contact points store it.
pub fn primary_email(valid: &ValidCustomer) -> Option<String> {
    valid.primary_contact.as_ref().and_then(|c| c.emails.first()).map(|e| e.address.clone())
}

/// The customers already in the CRM that a batch's rows name: by external id (archived ones
/// too, which a row may not silently bring back) and by an active contact's email.
#[derive(Debug, Default)]
pub struct Matches {
    pub by_external_id: HashMap<String, customer::Model>,
    pub by_email: HashMap<String, customer::Model>,
}

/// Looks up a batch's external ids and emails: three statements whatever the batch's size.
pub async fn find_matches(txn: &impl ConnectionTrait, external_ids: &[String], emails: &[String]) -> AppResult<Matches> {
    let mut matches = Matches::default();
    if !external_ids.is_empty() {
        let rows = customer::Entity::find().filter(customer::Column::ExternalId.is_in(external_ids.iter().cloned())).all(txn).await?;
        for row in rows {
            if let Some(key) = row.external_id.clone() {
                matches.by_external_id.insert(key, row);
            }
        }
    }
    let points: Vec<(&'static str, String)> = emails.iter().map(|e| (POINT_EMAIL, e.clone())).collect();
    let hits = repo::find_duplicates(txn, &points).await?;
    if !hits.is_empty() {
        let ids: HashSet<Uuid> = hits.iter().map(|h| h.customer_id).collect();
        let customers: HashMap<Uuid, customer::Model> =
            customer::Entity::find().filter(customer::Column::Id.is_in(ids)).all(txn).await?.into_iter().map(|c| (c.id, c)).collect();
        for hit in hits {
            if let Some(found) = customers.get(&hit.customer_id) {
                matches.by_email.insert(hit.value, found.clone());
            }
        }
    }
    Ok(matches)
}

/// The new customers (by index in `rows`) that share name, city and country with an active
/// customer: the namesake rule of `createCustomer`, for rows matched by nothing else.
pub async fn with_namesakes(txn: &impl ConnectionTrait, rows: &[&ValidCustomer]) -> AppResult<HashSet<usize>> {
    let keys: Vec<NameInPlace> = rows.iter().map(|c| place_of(c)).collect();
    let names: Vec<String> = keys.iter().map(|(name, ..)| name.clone()).collect::<HashSet<_>>().into_iter().collect();
    if names.is_empty() {
        return Ok(HashSet::new());
    }
    let taken: HashSet<NameInPlace> = repo::find_namesakes(txn, &names)
        .await?
        .iter()
        .map(|n| name_in_place(&n.name_sort, n.city.as_deref(), n.country_code.as_deref()))
        .collect();
    Ok(keys.iter().enumerate().filter(|(_, key)| taken.contains(*key)).map(|(i, _)| i).collect())
}

/// A row's name where it is, as the namesake rule compares it.
pub fn place_of(customer: &ValidCustomer) -> NameInPlace {
    name_in_place(&customer.name, customer.address.city.as_deref(), customer.address.country.as_ref().map(|c| c.as_str()))
}

/// Writes a batch's new customers with their primary contacts.
pub async fn insert(
    txn: &impl ConnectionTrait,
    _right: &CustomerImport,
    rows: Vec<ValidCustomer>,
    now: DateTime<Utc>,
) -> AppResult<Vec<customer::Model>> {
    service::check_references(txn, rows.iter().filter_map(|c| c.owner_id), rows.iter().filter_map(|c| c.partner_id)).await?;
    Ok(service::write_new_customers(txn, rows, now).await?.0)
}

/// Updates `current` with what the row gives: the fields its columns filled (`input` says
/// which), tags added to the customer's own, its external id if it had none; the contact's
/// fields are left as they are.
/// `None` when someone changed the customer since the batch read it (the row is then
/// reported as skipped, never written over a newer version).
pub async fn update(
    txn: &impl ConnectionTrait,
    _right: &CustomerImport,
    current: &customer::Model,
    input: &CreateCustomerInput,
    row: &ValidCustomer,
    now: DateTime<Utc>,
) -> AppResult<Option<customer::Model>> {
    let mut next = current.clone();
    next.name = row.name.clone();
    next.name_sort = row.name.to_lowercase();
    // A customer matched by email gets the row's external id only when it has none: one it
    // has is another system's key, and a row never moves it.
    if current.external_id.is_none() {
        next.external_id = row.external_id.clone();
    }
    if input.lifecycle.is_some() {
        next.lifecycle = row.lifecycle;
    }
    if row.industry.is_some() {
        next.industry = row.industry.clone();
    }
    if !row.tags.0.is_empty() {
        let mut tags: Vec<String> = current.tags.0.iter().chain(&row.tags.0).cloned().collect::<HashSet<_>>().into_iter().collect();
        tags.sort();
        next.tags = Tags(tags);
    }
    let address = &row.address;
    let keep = |given: &Option<String>, old: &Option<String>| given.clone().or_else(|| old.clone());
    next.street = keep(&address.street, &current.street);
    next.postal_code = keep(&address.postal_code, &current.postal_code);
    next.city = keep(&address.city, &current.city);
    next.region = keep(&address.region, &current.region);
    next.country_code = address.country.as_ref().map(|c| c.as_str().to_owned()).or_else(|| current.country_code.clone());
    if row.owner_id.is_some() {
        next.owner_id = row.owner_id;
    }
    if row.credit_limit.is_some() {
        (next.credit_limit_amount, next.credit_limit_currency) = split_money(row.credit_limit.as_ref());
    }
    if next == *current {
        return Ok(Some(next));
    }
    service::check_references(txn, next.owner_id.filter(|_| next.owner_id != current.owner_id), None).await?;
    next.updated_at = now;
    next.version = current.version + 1;
    let id = current.id;
    if !compare_and_set::<customer::Entity, _>(txn, next.clone(), customer::Column::Id, customer::Column::Version, id, current.version)
        .await?
    {
        return Ok(None);
    }
    if next.tags != current.tags {
        writes::write_tags(txn, id, &next.tags).await?;
    }
    if next.name != current.name {
        search::index_customer(txn, &next).await?;
    }
    Ok(Some(next))
}

/// Validates the external-id length the way the API does (used by callers that match on it
/// before validating the whole row).
pub fn external_id_of(input: &CreateCustomerInput) -> Option<String> {
    input
        .external_id
        .as_deref()
        .map(str::trim)
        .filter(|id| !id.is_empty() && id.chars().count() <= validate::MAX_EXTERNAL_ID)
        .map(str::to_owned)
}
