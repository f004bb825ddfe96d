//! Turns customer and contact inputs into validated values (pure: no database, no clock
//! reads). Errors name the input field at fault, as `extensions.field`.

use super::domain::{normalize_tags, ConsentRecord, ConsentSource, Consents, CustomerKind, EmailEntry, Lifecycle, PhoneEntry, Tags};
use super::inputs::{AddressInput, ConsentInput, ContactInput, CreateCustomerInput, EmailInput, MoneyInput, PhoneInput};
use crate::error::{AppError, AppResult};
use crate::filters::parse_id;
use crate::values::{optional_text, required_text, CountryCode, Email, Money, Phone};
use chrono::{DateTime, Utc};
use uuid::Uuid;

pub const MAX_EMAILS: usize = 10;
pub const MAX_PHONES: usize = 10;

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

fn at(field: &str) -> impl Fn(String) -> AppError + '_ {
    move |message| AppError::bad_input(field, message)
}

pub fn customer(input: &CreateCustomerInput, now: DateTime<Utc>, consent_source: Option<ConsentSource>) -> AppResult<ValidCustomer> {
    let address = match &input.address {
        Some(address) => self::address(address, "address")?,
        None => ValidAddress::default(),
    };
    let primary_contact = match &input.primary_contact {
        Some(contact) => Some(self::contact(contact, address.country.as_ref(), now, "primaryContact", consent_source)?),
        None if input.kind == CustomerKind::Person => {
            return Err(AppError::bad_input("primaryContact", "a PERSON customer needs its primary contact (the person)"));
        }
        None => None,
    };
    Ok(ValidCustomer {
        kind: input.kind,
        name: required_text(&input.name, 200).map_err(at("name"))?,
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
        street: optional_text(input.street.as_deref(), 200).map_err(|m| AppError::bad_input(sub("street"), m))?,
        postal_code: optional_text(input.postal_code.as_deref(), 20).map_err(|m| AppError::bad_input(sub("postalCode"), m))?,
        city: optional_text(input.city.as_deref(), 100).map_err(|m| AppError::bad_input(sub("city"), m))?,
        region: optional_text(input.region.as_deref(), 100).map_err(|m| AppError::bad_input(sub("region"), m))?,
        country: match input.country.as_deref().map(str::trim) {
            None | Some("") => None,
            Some(code) => Some(CountryCode::parse(code).map_err(|m| AppError::bad_input(sub("country"), m))?),
        },
    })
}

pub fn money(input: &MoneyInput, field: &str) -> AppResult<Money> {
    Money::parse(input.amount, &input.currency).map_err(|m| AppError::bad_input(field, m))
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
        first_name: required_text(&input.first_name, 100).map_err(|m| AppError::bad_input(prefixed("firstName"), m))?,
        last_name: required_text(&input.last_name, 100).map_err(|m| AppError::bad_input(prefixed("lastName"), m))?,
        job_title: optional_text(input.job_title.as_deref(), 100).map_err(|m| AppError::bad_input(prefixed("jobTitle"), m))?,
        emails: emails(&input.emails, &prefixed("emails"))?,
        phones: phones(&input.phones, country, &prefixed("phones"))?,
        preferred_channel: input.preferred_channel,
        consents,
    })
}

pub fn emails(input: &[EmailInput], field: &str) -> AppResult<Vec<EmailEntry>> {
    if input.len() > MAX_EMAILS {
        return Err(AppError::bad_input(field, format!("at most {MAX_EMAILS} email addresses")));
    }
    let mut out: Vec<EmailEntry> = Vec::with_capacity(input.len());
    for (i, email) in input.iter().enumerate() {
        let address = Email::parse(&email.address).map_err(|m| AppError::bad_input(format!("{field}[{i}].address"), m))?;
        let label = optional_text(email.label.as_deref(), 30).map_err(|m| AppError::bad_input(format!("{field}[{i}].label"), m))?;
        if out.iter().any(|e| e.address == address.as_str()) {
            return Err(AppError::bad_input(format!("{field}[{i}].address"), "the same address is listed twice"));
        }
        out.push(EmailEntry { address: address.as_str().to_owned(), label });
    }
    Ok(out)
}

pub fn phones(input: &[PhoneInput], country: Option<&CountryCode>, field: &str) -> AppResult<Vec<PhoneEntry>> {
    if input.len() > MAX_PHONES {
        return Err(AppError::bad_input(field, format!("at most {MAX_PHONES} phone numbers")));
    }
    let mut out: Vec<PhoneEntry> = Vec::with_capacity(input.len());
    for (i, phone) in input.iter().enumerate() {
        let number = Phone::parse(&phone.number, country).map_err(|m| AppError::bad_input(format!("{field}[{i}].number"), m))?;
        let label = optional_text(phone.label.as_deref(), 30).map_err(|m| AppError::bad_input(format!("{field}[{i}].label"), m))?;
        if out.iter().any(|p| p.number == number.as_str()) {
            return Err(AppError::bad_input(format!("{field}[{i}].number"), "the same number is listed twice"));
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
            return Err(AppError::bad_input(format!("{field}[{i}].channel"), "one answer per channel"));
        }
        out.push(ConsentRecord {
            channel: consent.channel,
            status: consent.status,
            recorded_at: Some(now),
            source: Some(forced_source.unwrap_or(consent.source)),
            note: optional_text(consent.note.as_deref(), 500).map_err(|m| AppError::bad_input(format!("{field}[{i}].note"), m))?,
        });
    }
    Ok(out)
}

/// Sort/search key of a contact's name.
pub fn contact_name_sort(first: &str, last: &str) -> String {
    format!("{last} {first}").to_lowercase()
}
