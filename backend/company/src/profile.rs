//! The company's profile: read by everyone signed in (it is printed on every quote), changed
//! by admins with the usual versioned write and audit entry. Until an admin saves it, the
//! profile is the default one (no name, euro) at version 0.

#![allow(clippy::disallowed_methods)]

use crate::access::company_settings;
use crate::entity::company_profile;
use crate::logo;
use async_graphql::InputObject;
use chrono::DateTime;
use crm_core::audit::{self, AuditAction, Diff, Subject};
use crm_core::context::AppContext;
use crm_core::error::{AppError, AppResult, InputReason};
use crm_core::principal::Caller;
use crm_core::values::{optional_text, required_text, CountryCode, Email, Phone};
use crm_core::versioned::{self, at_version, Change};
use sea_orm::{ActiveModelTrait, ConnectionTrait, EntityTrait, IntoActiveModel, QuerySelect, TransactionTrait};
use uuid::Uuid;

/// The profile's fixed id.
pub const PROFILE_ID: Uuid = Uuid::from_u128(0xC0A1_0000_0000_7000_8000_0000_0000_0001);
/// The corporate currency until an admin chooses one.
pub const DEFAULT_CURRENCY: &str = "EUR";

/// The profile before anyone saved it.
pub fn unset() -> company_profile::Model {
    company_profile::Model {
        id: PROFILE_ID,
        legal_name: String::new(),
        street: None,
        postal_code: None,
        city: None,
        region: None,
        country_code: None,
        vat_number: None,
        email: None,
        phone: None,
        website: None,
        bank_details: None,
        footer: None,
        logo: None,
        logo_type: None,
        corporate_currency: DEFAULT_CURRENCY.to_owned(),
        portal_shows_partner: false,
        portal_shows_credit_limit: false,
        updated_at: DateTime::UNIX_EPOCH,
        version: 0,
    }
}

/// The profile as saved, or [`unset`].
pub async fn profile(db: &impl ConnectionTrait) -> AppResult<company_profile::Model> {
    Ok(company_profile::Entity::find_by_id(PROFILE_ID).one(db).await?.unwrap_or_else(unset))
}

/// The corporate currency (without reading the logo).
pub async fn corporate_currency(db: &impl ConnectionTrait) -> AppResult<String> {
    let saved: Option<String> = company_profile::Entity::find_by_id(PROFILE_ID)
        .select_only()
        .column(company_profile::Column::CorporateCurrency)
        .into_tuple()
        .one(db)
        .await?;
    Ok(saved.unwrap_or_else(|| DEFAULT_CURRENCY.to_owned()))
}

/// What the portal shows a customer about its own account beyond the essentials.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct PortalFields {
    pub partner: bool,
    pub credit_limit: bool,
}

/// The fields the company chose to show its customers (without reading the logo).
pub async fn portal_fields(db: &impl ConnectionTrait) -> AppResult<PortalFields> {
    let saved: Option<(bool, bool)> = company_profile::Entity::find_by_id(PROFILE_ID)
        .select_only()
        .column(company_profile::Column::PortalShowsPartner)
        .column(company_profile::Column::PortalShowsCreditLimit)
        .into_tuple()
        .one(db)
        .await?;
    Ok(saved.map(|(partner, credit_limit)| PortalFields { partner, credit_limit }).unwrap_or_default())
}

/// Input of updateCompanyProfile: the whole profile but the logo. Every field is replaced;
/// null or blank clears an optional one.
#[derive(InputObject, Debug, Clone)]
pub struct UpdateCompanyProfileInput {
    /// The version read (0 before the profile was first saved); CONFLICT if it moved.
    pub expected_version: i32,
    /// The name on documents, as registered (at most 200 characters).
    pub legal_name: String,
    /// Street and number (at most 200 characters).
    pub street: Option<String>,
    /// At most 20 characters.
    pub postal_code: Option<String>,
    /// At most 100 characters.
    pub city: Option<String>,
    /// Province or state (at most 100 characters).
    pub region: Option<String>,
    /// ISO 3166-1 alpha-2.
    pub country_code: Option<String>,
    /// VAT or tax number as printed (at most 40 characters).
    pub vat_number: Option<String>,
    /// The address customers write to.
    pub email: Option<String>,
    /// International format, or national in the company's country.
    pub phone: Option<String>,
    /// An http(s) address (at most 200 characters).
    pub website: Option<String>,
    /// Bank and account customers pay to (IBAN, BIC), printed under the totals (at most 500
    /// characters, several lines).
    pub bank_details: Option<String>,
    /// Printed at the foot of every page (registration, share capital; at most 500 characters).
    pub footer: Option<String>,
    /// ISO 4217: the currency totals across currencies are shown in. Exchange rates are kept
    /// per corporate currency: after a change, rates into the new one are needed.
    pub corporate_currency: String,
    /// Whether a customer's portal shows its partner organisation.
    pub portal_shows_partner: bool,
    /// Whether a customer's portal shows its credit limit.
    pub portal_shows_credit_limit: bool,
}

/// Input of setCompanyLogo.
#[derive(InputObject, Debug, Clone)]
pub struct SetCompanyLogoInput {
    /// The version read; CONFLICT if it moved.
    pub expected_version: i32,
    /// A PNG or JPEG (at most 128 kB and 1024 pixels a side) as a data URL
    /// (`data:image/png;base64,…`) or base64; null removes the logo.
    pub image: Option<String>,
}

fn field<T>(name: &str, parsed: Result<T, crm_core::error::Invalid>) -> AppResult<T> {
    parsed.map_err(|invalid| AppError::invalid(name, invalid))
}

/// The profile `input` describes, over `current` (whose id, logo and version it keeps).
fn apply(current: &company_profile::Model, input: UpdateCompanyProfileInput) -> AppResult<company_profile::Model> {
    let text = |name: &str, raw: &Option<String>, max: usize| field(name, optional_text(raw.as_deref(), max));
    let country = match text("countryCode", &input.country_code, 2)? {
        Some(code) => Some(field("countryCode", CountryCode::parse(&code))?),
        None => None,
    };
    let email = match text("email", &input.email, 320)? {
        Some(raw) => Some(field("email", Email::parse(&raw))?.as_str().to_owned()),
        None => None,
    };
    let phone = match text("phone", &input.phone, 40)? {
        Some(raw) => Some(field("phone", Phone::parse(&raw, country.as_ref()))?.as_str().to_owned()),
        None => None,
    };
    let website = text("website", &input.website, 200)?;
    if website.as_deref().is_some_and(|url| !(url.starts_with("https://") || url.starts_with("http://"))) {
        return Err(AppError::invalid("website", InputReason::InvalidUrl { value: website.unwrap_or_default() }));
    }
    let currency = input.corporate_currency.trim().to_uppercase();
    if iso_currency::Currency::from_code(&currency).is_none() {
        return Err(AppError::invalid("corporateCurrency", InputReason::UnknownCurrency { value: input.corporate_currency.clone() }));
    }
    Ok(company_profile::Model {
        legal_name: field("legalName", required_text(&input.legal_name, 200))?,
        street: text("street", &input.street, 200)?,
        postal_code: text("postalCode", &input.postal_code, 20)?,
        city: text("city", &input.city, 100)?,
        region: text("region", &input.region, 100)?,
        country_code: country.map(|c| c.as_str().to_owned()),
        vat_number: text("vatNumber", &input.vat_number, 40)?,
        email,
        phone,
        website,
        bank_details: text("bankDetails", &input.bank_details, 500)?,
        footer: text("footer", &input.footer, 500)?,
        corporate_currency: currency,
        portal_shows_partner: input.portal_shows_partner,
        portal_shows_credit_limit: input.portal_shows_credit_limit,
        ..current.clone()
    })
}

/// The audit diff of a profile change (the logo as whether there is one).
fn diff(before: &company_profile::Model, after: &company_profile::Model) -> Diff {
    let mut diff = Diff::new();
    diff.field("legalName", &before.legal_name, &after.legal_name)
        .field("street", &before.street, &after.street)
        .field("postalCode", &before.postal_code, &after.postal_code)
        .field("city", &before.city, &after.city)
        .field("region", &before.region, &after.region)
        .field("countryCode", &before.country_code, &after.country_code)
        .field("vatNumber", &before.vat_number, &after.vat_number)
        .field("email", &before.email, &after.email)
        .field("phone", &before.phone, &after.phone)
        .field("website", &before.website, &after.website)
        .field("bankDetails", &before.bank_details, &after.bank_details)
        .field("footer", &before.footer, &after.footer)
        .field("logo", &before.logo.is_some(), &after.logo.is_some())
        .field("corporateCurrency", &before.corporate_currency, &after.corporate_currency)
        .field("portalShowsPartner", &before.portal_shows_partner, &after.portal_shows_partner)
        .field("portalShowsCreditLimit", &before.portal_shows_credit_limit, &after.portal_shows_credit_limit);
    diff
}

/// Writes `next` over `current` (the first save inserts the row), audited, in one transaction.
async fn save(
    ctx: &AppContext,
    caller: &Caller,
    expected_version: i32,
    next: impl FnOnce(&company_profile::Model) -> AppResult<company_profile::Model>,
) -> AppResult<company_profile::Model> {
    let right = company_settings(&caller.principal)?;
    let now = ctx.clock.now();
    let txn = ctx.db.write.begin().await?;
    let current = at_version::<company_profile::Entity>(profile(&txn).await?, expected_version)?;
    let next = next(&current)?;
    let changes = diff(&current, &next);
    let saved = if current.version == 0 {
        let mut row = next;
        row.version = 1;
        row.updated_at = now;
        // Two first saves at once: the second insert breaks the primary key and is CONFLICT.
        let saved = row.into_active_model().insert(&txn).await.map_err(|_| AppError::stale("company profile"))?;
        audit::record(&txn, caller, now, AuditAction::Create, Subject::CompanyProfile(PROFILE_ID), changes).await?;
        saved
    } else if changes.is_empty() {
        current
    } else {
        versioned::save::<company_profile::Entity>(
            &txn,
            &right,
            caller,
            now,
            AuditAction::Update,
            Change { current: &current, next, diff: changes },
        )
        .await?
    };
    txn.commit().await?;
    Ok(saved)
}

/// Saves the profile (admins).
pub async fn update(ctx: &AppContext, caller: &Caller, input: UpdateCompanyProfileInput) -> AppResult<company_profile::Model> {
    let expected = input.expected_version;
    save(ctx, caller, expected, |current| apply(current, input)).await
}

/// Sets or removes the logo (admins). The profile must have been saved once (it has a name).
pub async fn set_logo(ctx: &AppContext, caller: &Caller, input: SetCompanyLogoInput) -> AppResult<company_profile::Model> {
    let logo = match input.image.as_deref() {
        Some(data) => Some(logo::parse(data).map_err(|invalid| AppError::invalid("image", invalid))?),
        None => None,
    };
    save(ctx, caller, input.expected_version, |current| {
        if current.version == 0 {
            return Err(AppError::invalid("expectedVersion", InputReason::Required.with_message("save the company's name first")));
        }
        Ok(company_profile::Model {
            logo: logo.as_ref().map(|l| l.bytes.clone()),
            logo_type: logo.as_ref().map(|l| l.content_type.to_owned()),
            ..current.clone()
        })
    })
    .await
}

#[cfg(test)]
mod tests {
    #![allow(clippy::expect_used, clippy::panic)]
    use super::*;

    fn input() -> UpdateCompanyProfileInput {
        UpdateCompanyProfileInput {
            expected_version: 0,
            legal_name: " Demo Industrie S.p.A. ".into(),
            street: Some("Via Roma 1".into()),
            postal_code: Some("20121".into()),
            city: Some("Milano".into()),
            region: Some("  ".into()),
            country_code: Some("it".into()),
            vat_number: Some("IT01234567890".into()),
            email: Some("Sales@Demo.test".into()),
            phone: Some("02 1234 5678".into()),
            website: Some("https://demo.test".into()),
            bank_details: None,
            footer: None,
            corporate_currency: "eur".into(),
            portal_shows_partner: false,
            portal_shows_credit_limit: true,
        }
    }

    #[test]
    fn a_profile_is_normalised_like_a_customer() {
        let saved = apply(&unset(), input()).expect("valid");
        assert_eq!(saved.legal_name, "Demo Industrie S.p.A.");
        assert_eq!(saved.region, None, "blank clears");
        assert_eq!(saved.country_code.as_deref(), Some("IT"));
        assert_eq!(saved.email.as_deref(), Some("sales@demo.test"));
        assert_eq!(saved.phone.as_deref(), Some("+390212345678"), "national numbers read in the company's country");
        assert_eq!(saved.corporate_currency, "EUR");
        assert!(saved.portal_shows_credit_limit);
    }

    #[test]
    fn bad_fields_are_named() {
        let refused = |change: fn(&mut UpdateCompanyProfileInput)| {
            let mut bad = input();
            change(&mut bad);
            match apply(&unset(), bad) {
                Err(AppError::BadInput { field, .. }) => field,
                other => panic!("accepted: {other:?}"),
            }
        };
        assert_eq!(refused(|i| i.legal_name = " ".into()).as_deref(), Some("legalName"));
        assert_eq!(refused(|i| i.corporate_currency = "EURO".into()).as_deref(), Some("corporateCurrency"));
        assert_eq!(refused(|i| i.website = Some("demo.test".into())).as_deref(), Some("website"));
        assert_eq!(refused(|i| i.country_code = Some("XX".into())).as_deref(), Some("countryCode"));
    }
}
