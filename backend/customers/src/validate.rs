//! Turns customer and contact inputs into validated values (pure: no database, no clock
//! reads). Errors name the input field at fault, as `extensions.field`.

use super::domain::{normalize_tags, ConsentRecord, ConsentSource, Consents, CustomerKind, EmailEntry, Lifecycle, PhoneEntry, Tags};
use super::inputs::{AddressInput, ConsentInput, ContactInput, CreateCustomerInput, EmailInput, MoneyInput, PhoneInput};
use chrono::{DateTime, Utc};
use crm_core::error::{AppError, AppResult, InputReason, Invalid};
use crm_core::filters::parse_id;
use crm_core::values::{optional_text, required_text, CountryCode, Email, Money, Phone};
use uuid::Uuid;

pub const MAX_EMAILS: usize = 10;
pub const MAX_PHONES: usize = 10;
/// Longest external id: room for any other system's key (UUIDs, composite codes).
pub const MAX_EXTERNAL_ID: usize = 100;

#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ValidAddress {
    pub street: Option<String>,
    pub postal_code: Option<String>,
    pub city: Option<String>,
    pub region: Option<String>,
    pub country: Option<CountryCode>,
}

#[derive(Debug, Clone)]
pub struct ValidContact {
    pub first_name: String,
    pub last_name: String,
    pub job_title: Option<String>,
    pub emails: Vec<EmailEntry>,
    pub phones: Vec<PhoneEntry>,
    pub preferred_channel: Option<super::domain::Channel>,
    pub consents: Consents,
}

#[derive(Debug, Clone)]
pub struct ValidCustomer {
    pub kind: CustomerKind,
    pub name: String,
    pub external_id: Option<String>,
    pub lifecycle: Lifecycle,
    pub industry: Option<String>,
    pub tags: Tags,
    pub address: ValidAddress,
    pub owner_id: Option<Uuid>,
    pub partner_id: Option<Uuid>,
    pub credit_limit: Option<Money>,
    pub primary_contact: Option<ValidContact>,
    pub allow_duplicate: bool,
}

fn at(field: &str) -> impl Fn(Invalid) -> AppError + '_ {
    move |why| AppError::invalid(field, why)
}

pub fn customer(input: &CreateCustomerInput, now: DateTime<Utc>, consent_source: Option<ConsentSource>) -> AppResult<ValidCustomer> {
    let address = match &input.address {
        Some(address) => self::address(address, "address")?,
        None => ValidAddress::default(),
    };
    let primary_contact = match &input.primary_contact {
        Some(contact) => Some(self::contact(contact, address.country.as_ref(), now, "primaryContact", consent_source)?),
        None if input.kind == CustomerKind::Person => {
            return Err(AppError::invalid(
                "primaryContact",
                InputReason::Required.with_message("a PERSON customer needs its primary contact (the person)"),
            ));
        }
        None => None,
    };
    Ok(ValidCustomer {
        kind: input.kind,
        name: required_text(&input.name, 200).map_err(at("name"))?,
        external_id: optional_text(input.external_id.as_deref(), MAX_EXTERNAL_ID).map_err(at("externalId"))?,
        lifecycle: input.lifecycle.unwrap_or(Lifecycle::Prospect),
        industry: optional_text(input.industry.as_deref(), 100).map_err(at("industry"))?,
        tags: Tags(normalize_tags(&input.tags).map_err(at("tags"))?),
        address,
        owner_id: input.owner_id.as_ref().map(|id| parse_id(id, "ownerId")).transpose()?,
        partner_id: input.partner_id.as_ref().map(|id| parse_id(id, "partnerId")).transpose()?,
        credit_limit: input.credit_limit.as_ref().map(|m| money(m, "creditLimit")).transpose()?,
        primary_contact,
        allow_duplicate: input.allow_duplicate,
    })
}

pub fn address(input: &AddressInput, field: &str) -> AppResult<ValidAddress> {
    let sub = |name: &str| format!("{field}.{name}");
    Ok(ValidAddress {
        street: optional_text(input.street.as_deref(), 200).map_err(|why| AppError::invalid(sub("street"), why))?,
        postal_code: optional_text(input.postal_code.as_deref(), 20).map_err(|why| AppError::invalid(sub("postalCode"), why))?,
        city: optional_text(input.city.as_deref(), 100).map_err(|why| AppError::invalid(sub("city"), why))?,
        region: optional_text(input.region.as_deref(), 100).map_err(|why| AppError::invalid(sub("region"), why))?,
        country: match input.country.as_deref().map(str::trim) {
            None | Some("") => None,
            Some(code) => Some(CountryCode::parse(code).map_err(|why| AppError::invalid(sub("country"), why))?),
        },
    })
}

pub fn money(input: &MoneyInput, field: &str) -> AppResult<Money> {
    Money::parse(input.amount, &input.currency).map_err(|why| AppError::invalid(field, why))
}

/// `consent_source` overrides the source of every consent answer (a customer's own
/// self-service is always SELF_SERVICE, whatever the client says).
pub fn contact(
    input: &ContactInput,
    country: Option<&CountryCode>,
    now: DateTime<Utc>,
    field: &str,
    consent_source: Option<ConsentSource>,
) -> AppResult<ValidContact> {
    let prefixed = |name: &str| if field.is_empty() { name.to_owned() } else { format!("{field}.{name}") };
    let mut consents = Consents::unknown();
    for record in consent_records(&input.consents, now, &prefixed("consents"), consent_source)? {
        consents.set(record);
    }
    Ok(ValidContact {
        first_name: required_text(&input.first_name, 100).map_err(|why| AppError::invalid(prefixed("firstName"), why))?,
        last_name: required_text(&input.last_name, 100).map_err(|why| AppError::invalid(prefixed("lastName"), why))?,
        job_title: optional_text(input.job_title.as_deref(), 100).map_err(|why| AppError::invalid(prefixed("jobTitle"), why))?,
        emails: emails(&input.emails, &prefixed("emails"))?,
        phones: phones(&input.phones, country, &prefixed("phones"))?,
        preferred_channel: input.preferred_channel,
        consents,
    })
}

pub fn emails(input: &[EmailInput], field: &str) -> AppResult<Vec<EmailEntry>> {
    if input.len() > MAX_EMAILS {
        return Err(AppError::invalid(
            field,
            InputReason::TooMany { max: MAX_EMAILS }.with_message(format!("at most {MAX_EMAILS} email addresses")),
        ));
    }
    let mut out: Vec<EmailEntry> = Vec::with_capacity(input.len());
    for (i, email) in input.iter().enumerate() {
        let address = Email::parse(&email.address).map_err(|why| AppError::invalid(format!("{field}[{i}].address"), why))?;
        let label = optional_text(email.label.as_deref(), 30).map_err(|why| AppError::invalid(format!("{field}[{i}].label"), why))?;
        if out.iter().any(|e| e.address == address.as_str()) {
            let duplicate = InputReason::Duplicate { value: address.as_str().to_owned() };
            return Err(AppError::invalid(format!("{field}[{i}].address"), duplicate.with_message("the same address is listed twice")));
        }
        out.push(EmailEntry { address: address.as_str().to_owned(), label });
    }
    Ok(out)
}

pub fn phones(input: &[PhoneInput], country: Option<&CountryCode>, field: &str) -> AppResult<Vec<PhoneEntry>> {
    if input.len() > MAX_PHONES {
        return Err(AppError::invalid(
            field,
            InputReason::TooMany { max: MAX_PHONES }.with_message(format!("at most {MAX_PHONES} phone numbers")),
        ));
    }
    let mut out: Vec<PhoneEntry> = Vec::with_capacity(input.len());
    for (i, phone) in input.iter().enumerate() {
        let number = Phone::parse(&phone.number, country).map_err(|why| AppError::invalid(format!("{field}[{i}].number"), why))?;
        let label = optional_text(phone.label.as_deref(), 30).map_err(|why| AppError::invalid(format!("{field}[{i}].label"), why))?;
        if out.iter().any(|p| p.number == number.as_str()) {
            let duplicate = InputReason::Duplicate { value: number.as_str().to_owned() };
            return Err(AppError::invalid(format!("{field}[{i}].number"), duplicate.with_message("the same number is listed twice")));
        }
        out.push(PhoneEntry { number: number.as_str().to_owned(), label });
    }
    Ok(out)
}

pub fn consent_records(
    input: &[ConsentInput],
    now: DateTime<Utc>,
    field: &str,
    forced_source: Option<ConsentSource>,
) -> AppResult<Vec<ConsentRecord>> {
    let mut out: Vec<ConsentRecord> = Vec::with_capacity(input.len());
    for (i, consent) in input.iter().enumerate() {
        if out.iter().any(|r| r.channel == consent.channel) {
            let channel = sea_orm::ActiveEnum::to_value(&consent.channel);
            return Err(AppError::invalid(format!("{field}[{i}].channel"), InputReason::DuplicateChannel { channel }));
        }
        out.push(ConsentRecord {
            channel: consent.channel,
            status: consent.status,
            recorded_at: Some(now),
            source: Some(forced_source.unwrap_or(consent.source)),
            note: optional_text(consent.note.as_deref(), 500).map_err(|why| AppError::invalid(format!("{field}[{i}].note"), why))?,
        });
    }
    Ok(out)
}

/// Sort/search key of a contact's name.
pub fn contact_name_sort(first: &str, last: &str) -> String {
    format!("{last} {first}").to_lowercase()
}
