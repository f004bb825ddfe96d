//! A customers file: each row becomes `createCustomer`'s input through the mapping, is
//! validated as the API validates it, and is matched, in a batch, to the customers already
//! in the CRM by external id or email (then updated or skipped), to the batch's and the
//! job's earlier rows (skipped as duplicates), and to namesakes in the same place (skipped,
//! as `createCustomer` would refuse them); what is left is created.

use crate::jobs::{ColumnMapping, Options};
use crate::mapping;
use chrono::{DateTime, Utc};
use crm_contract::imports::{ImportField, ImportMatch, ImportOutcome};
use crm_contract::InputReason;
use crm_core::error::AppResult;
use crm_customers::access::CustomerImport;
use crm_customers::domain::{CustomerKind, POINT_PHONE};
use crm_customers::entity::customer;
use crm_customers::import::{self, Refusal};
use crm_customers::inputs::{AddressInput, ContactInput, CreateCustomerInput, EmailInput, MoneyInput, PhoneInput};
use crm_customers::repo;
use crm_customers::validate::ValidCustomer;
use sea_orm::ConnectionTrait;
use std::collections::{HashMap, HashSet};
use uuid::Uuid;

/// What became of a row, as the report keeps it.
#[derive(Debug, Clone, PartialEq)]
pub struct RowResult {
    pub row: i64,
    pub outcome: ImportOutcome,
    pub field: Option<String>,
    pub reason: Option<InputReason>,
    pub message: Option<String>,
    pub record_id: Option<Uuid>,
}

impl RowResult {
    fn done(row: i64, outcome: ImportOutcome, record: Uuid) -> Self {
        Self { row, outcome, field: None, reason: None, message: None, record_id: Some(record) }
    }

    fn refused(row: i64, refusal: Refusal) -> Self {
        Self {
            row,
            outcome: ImportOutcome::Refused,
            field: refusal.field,
            reason: Some(refusal.reason),
            message: Some(refusal.message),
            record_id: None,
        }
    }

    fn skipped(row: i64, field: &str, reason: InputReason, message: String, record: Option<Uuid>) -> Self {
        Self {
            row,
            outcome: ImportOutcome::Skipped,
            field: Some(field.into()),
            reason: Some(reason),
            message: Some(message),
            record_id: record,
        }
    }
}

/// A row read through the mapping: the API's input and the owner named by email.
#[derive(Debug, Clone)]
pub struct MappedRow {
    pub input: CreateCustomerInput,
    pub owner_email: Option<String>,
}

/// The cells of `row` under the mapping, as `createCustomer`'s input. Cells that cannot be
/// read as their field (a kind, a lifecycle, a country, an amount) refuse the row, naming
/// the field as the API would.
pub fn map_row(cells: &[String], columns: &[ColumnMapping], options: &Options) -> Result<MappedRow, Refusal> {
    let cell = |field: ImportField| -> Option<&str> {
        let column = columns.iter().find(|m| m.field == field)?.column as usize;
        cells.get(column).map(|c| mapping::undefused(c.trim())).filter(|c| !c.is_empty())
    };
    let unreadable = |field: &str, value: &str| {
        let reason = InputReason::UnreadableValue { value: value.to_owned() };
        let message = reason.message();
        Refusal::new(field, reason, message)
    };
    let kind = match cell(ImportField::Kind) {
        Some(text) => mapping::kind(text).map_err(|_| unreadable("kind", text))?,
        None => CustomerKind::Company,
    };
    let lifecycle =
        cell(ImportField::Lifecycle).map(|text| mapping::lifecycle(text).map_err(|_| unreadable("lifecycle", text))).transpose()?;
    let country = match cell(ImportField::Country) {
        Some(text) => Some(mapping::country(text).map_err(|_| unreadable("address.country", text))?),
        None => options.default_country.clone(),
    };
    let credit_limit = match cell(ImportField::CreditLimit) {
        Some(text) => {
            let amount = mapping::decimal(text).map_err(|_| unreadable("creditLimit.amount", text))?;
            let currency =
                cell(ImportField::Currency).map(str::to_owned).or_else(|| options.default_currency.clone()).ok_or_else(|| {
                    Refusal::new(
                        "creditLimit.currency",
                        InputReason::Required,
                        "a credit limit needs a currency column or a default currency",
                    )
                })?;
            Some(MoneyInput { amount, currency })
        }
        None => None,
    };
    let (mut first_name, mut last_name) = match cell(ImportField::ContactName) {
        Some(full) => mapping::split_name(full),
        None => (String::new(), String::new()),
    };
    if let Some(first) = cell(ImportField::FirstName) {
        first_name = first.to_owned();
    }
    if let Some(last) = cell(ImportField::LastName) {
        last_name = last.to_owned();
    }
    let email = cell(ImportField::Email);
    let phone = cell(ImportField::Phone);
    let job_title = cell(ImportField::JobTitle);
    let name = match cell(ImportField::Name) {
        Some(name) => name.to_owned(),
        None => format!("{first_name} {last_name}").trim().to_owned(),
    };
    let has_contact = !first_name.is_empty() || !last_name.is_empty() || email.is_some() || phone.is_some() || job_title.is_some();
    let primary_contact = if has_contact || kind == CustomerKind::Person {
        if first_name.is_empty() && last_name.is_empty() {
            // A person is its own contact; a company's contact known only by an address is
            // named after the company, as a desk would write it down.
            (first_name, last_name) = mapping::split_name(&name);
        }
        Some(ContactInput {
            first_name,
            last_name,
            job_title: job_title.map(str::to_owned),
            emails: email.map(|address| EmailInput { address: address.to_owned(), label: None }).into_iter().collect(),
            phones: phone.map(|number| PhoneInput { number: number.to_owned(), label: None }).into_iter().collect(),
            preferred_channel: None,
            consents: Vec::new(),
        })
    } else {
        None
    };
    let address = [ImportField::Street, ImportField::PostalCode, ImportField::City, ImportField::Region]
        .iter()
        .any(|f| cell(*f).is_some())
        .then_some(())
        .or(country.as_ref().map(|_| ()))
        .map(|()| AddressInput {
            street: cell(ImportField::Street).map(str::to_owned),
            postal_code: cell(ImportField::PostalCode).map(str::to_owned),
            city: cell(ImportField::City).map(str::to_owned),
            region: cell(ImportField::Region).map(str::to_owned),
            country,
        });
    Ok(MappedRow {
        input: CreateCustomerInput {
            kind,
            name,
            external_id: cell(ImportField::ExternalId).map(str::to_owned),
            lifecycle,
            industry: cell(ImportField::Industry).map(str::to_owned),
            tags: cell(ImportField::Tags).map(mapping::tags).unwrap_or_default(),
            address,
            owner_id: None,
            partner_id: None,
            credit_limit,
            primary_contact,
            allow_duplicate: false,
        },
        owner_email: cell(ImportField::OwnerEmail).map(str::to_lowercase),
    })
}

/// A row that passed validation, waiting for the batch's lookups.
struct Candidate {
    row: i64,
    input: CreateCustomerInput,
    valid: ValidCustomer,
    external_id: Option<String>,
    email: Option<String>,
}

/// Rows of earlier batches of this job, by key: in a real run they are in the database and
/// [`Earlier::written`] finds them through the report; a dry run wrote nothing, so it
/// remembers the keys it has seen.
#[derive(Debug, Default)]
pub struct Earlier {
    keys: HashMap<String, i64>,
}

/// Writes (or, in a dry run, checks) one batch of rows of job `job` in `txn`; returns a
/// result per row, in order.
pub async fn process_batch(
    txn: &impl ConnectionTrait,
    right: &CustomerImport,
    (job, options): (Uuid, &Options),
    rows: Vec<(i64, Vec<String>)>,
    earlier: &mut Earlier,
    now: DateTime<Utc>,
) -> AppResult<Vec<RowResult>> {
    let mut results: Vec<RowResult> = Vec::with_capacity(rows.len());
    let mut candidates = Vec::new();
    let mut owners_wanted = Vec::new();
    for (row, cells) in rows {
        let mapped = match map_row(&cells, &options.mapping, options) {
            Ok(mapped) => mapped,
            Err(refusal) => {
                results.push(RowResult::refused(row, refusal));
                continue;
            }
        };
        match import::validate_row(&mapped.input, now) {
            Ok(valid) => {
                if let Some(owner) = &mapped.owner_email {
                    owners_wanted.push(owner.clone());
                }
                let external_id = valid.external_id.clone();
                let email = import::primary_email(&valid);
                candidates.push((Candidate { row, input: mapped.input, valid, external_id, email }, mapped.owner_email));
            }
            Err(refusal) => results.push(RowResult::refused(row, refusal)),
        }
    }
    let owners = crm_identity::users::active_staff_by_email(txn, &owners_wanted).await?;
    let mut ready = Vec::with_capacity(candidates.len());
    for (mut candidate, owner_email) in candidates {
        if let Some(email) = owner_email {
            match owners.get(&email) {
                Some(id) => candidate.valid.owner_id = Some(*id),
                None => {
                    results.push(RowResult::refused(
                        candidate.row,
                        Refusal::new("ownerEmail", InputReason::UnknownReference, format!("{email} is not an active staff user")),
                    ));
                    continue;
                }
            }
        }
        ready.push(candidate);
    }
    let external_ids: Vec<String> = ready.iter().filter_map(|c| c.external_id.clone()).collect();
    let emails: Vec<String> = ready.iter().filter_map(|c| c.email.clone()).collect();
    let matches = import::find_matches(txn, &external_ids, &emails).await?;
    let matched_ids: Vec<Uuid> = matches.by_external_id.values().chain(matches.by_email.values()).map(|c| c.id).collect();
    // A real run's within-file duplicates: customers this job wrote in an earlier batch.
    let written_by_job = if options.dry_run { HashMap::new() } else { crate::report::rows_that_wrote(txn, job, &matched_ids).await? };

    let mut fresh: Vec<Candidate> = Vec::new();
    let mut in_batch: HashMap<String, i64> = HashMap::new();
    // Customers this batch already updated: two rows naming one customer by different keys
    // (one by external id, one by email) are one customer given twice.
    let mut touched: HashMap<Uuid, i64> = HashMap::new();
    for candidate in ready {
        let keys: Vec<(String, &str)> = candidate
            .external_id
            .iter()
            .map(|id| (format!("x:{id}"), "externalId"))
            .chain(candidate.email.iter().map(|email| (format!("e:{email}"), "primaryContact.emails[0].address")))
            .collect();
        if let Some((key, field, first)) =
            keys.iter().find_map(|(key, field)| in_batch.get(key).or_else(|| earlier.keys.get(key)).map(|row| (key, *field, *row)))
        {
            let value = key[2..].to_owned();
            results.push(RowResult::skipped(
                candidate.row,
                field,
                InputReason::Duplicate { value },
                format!("the same as row {first}"),
                None,
            ));
            continue;
        }
        for (key, _) in keys {
            in_batch.insert(key, candidate.row);
        }
        let existing = candidate
            .external_id
            .as_ref()
            .and_then(|id| matches.by_external_id.get(id))
            .or_else(|| candidate.email.as_ref().and_then(|e| matches.by_email.get(e)));
        match existing {
            Some(existing) => {
                let earlier_row = written_by_job.get(&existing.id).or_else(|| touched.get(&existing.id)).copied();
                let result = on_existing(txn, right, options, &candidate, existing, earlier_row, now).await?;
                touched.entry(existing.id).or_insert(candidate.row);
                results.push(result);
            }
            None => fresh.push(candidate),
        }
    }
    if options.dry_run {
        earlier.keys.extend(in_batch);
    }

    // New customers: the API's phone and namesake rules, within the batch and against the CRM.
    let phones: Vec<(&'static str, String)> = fresh
        .iter()
        .flat_map(|c| c.valid.primary_contact.iter().flat_map(|p| p.phones.iter().map(|ph| (POINT_PHONE, ph.number.clone()))))
        .collect();
    let taken_phones: HashSet<String> = repo::find_duplicates(txn, &phones).await?.into_iter().map(|hit| hit.value).collect();
    let valid_refs: Vec<&ValidCustomer> = fresh.iter().map(|c| &c.valid).collect();
    let namesakes = import::with_namesakes(txn, &valid_refs).await?;
    let mut places = HashMap::new();
    let mut phones_in_batch = HashMap::new();
    let mut to_create = Vec::new();
    for (i, candidate) in fresh.into_iter().enumerate() {
        let phone = candidate.valid.primary_contact.as_ref().and_then(|c| c.phones.first()).map(|p| p.number.clone());
        if let Some(phone) = phone.as_ref().filter(|p| taken_phones.contains(*p)) {
            let message = format!("{phone} already belongs to another customer's contact");
            results.push(RowResult::skipped(candidate.row, "primaryContact.phones[0].number", InputReason::AlreadyExists, message, None));
            continue;
        }
        if let Some(first) = phone.as_ref().and_then(|p| phones_in_batch.get(p)) {
            let value = phone.clone().unwrap_or_default();
            results.push(RowResult::skipped(
                candidate.row,
                "primaryContact.phones[0].number",
                InputReason::Duplicate { value },
                format!("the same as row {first}"),
                None,
            ));
            continue;
        }
        let place = import::place_of(&candidate.valid);
        if namesakes.contains(&i) || places.contains_key(&place) {
            let message = match places.get(&place) {
                Some(first) => format!("the same name and place as row {first}"),
                None => format!("a customer named \"{}\" already exists in the same place", candidate.valid.name),
            };
            results.push(RowResult::skipped(candidate.row, "name", InputReason::AlreadyExists, message, None));
            continue;
        }
        places.insert(place, candidate.row);
        if let Some(phone) = phone {
            phones_in_batch.insert(phone, candidate.row);
        }
        to_create.push(candidate);
    }
    let rows: Vec<i64> = to_create.iter().map(|c| c.row).collect();
    let created = import::insert(txn, right, to_create.into_iter().map(|c| c.valid).collect(), now).await?;
    results.extend(rows.into_iter().zip(created).map(|(row, customer)| RowResult::done(row, ImportOutcome::Created, customer.id)));
    results.sort_by_key(|r| r.row);
    Ok(results)
}

/// A row whose external id or email names a customer already in the CRM; `earlier_row`, the
/// row of this job that already wrote that customer, if any.
async fn on_existing(
    txn: &impl ConnectionTrait,
    right: &CustomerImport,
    options: &Options,
    candidate: &Candidate,
    existing: &customer::Model,
    earlier_row: Option<i64>,
    now: DateTime<Utc>,
) -> AppResult<RowResult> {
    let row = candidate.row;
    let field = if candidate.external_id.is_some() && existing.external_id == candidate.external_id {
        "externalId"
    } else {
        "primaryContact.emails[0].address"
    };
    if let Some(first) = earlier_row {
        let value = candidate.external_id.clone().or_else(|| candidate.email.clone()).unwrap_or_default();
        return Ok(RowResult::skipped(row, field, InputReason::Duplicate { value }, format!("the same as row {first}"), Some(existing.id)));
    }
    if existing.archived_at.is_some() {
        let message = format!("customer \"{}\" has this {field} and is archived: restore it first", existing.name);
        return Ok(RowResult::skipped(row, field, InputReason::WrongStatus { status: "ARCHIVED".into() }, message, Some(existing.id)));
    }
    if options.on_match == ImportMatch::Skip {
        let message = format!("customer \"{}\" already has this {field}", existing.name);
        return Ok(RowResult::skipped(row, field, InputReason::AlreadyExists, message, Some(existing.id)));
    }
    match import::update(txn, right, existing, &candidate.input, &candidate.valid, now).await? {
        Some(updated) => Ok(RowResult::done(row, ImportOutcome::Updated, updated.id)),
        None => {
            let message = format!("customer \"{}\" changed while the import ran; import the row again", existing.name);
            Ok(RowResult::skipped(row, field, InputReason::AlreadyExists, message, Some(existing.id)))
        }
    }
}
