//! The company's profile (printed on its quotes, deciding what its customers see in the
//! portal) and the exchange rates into its corporate currency.

use crate::connection::page_cost;
use crate::{app, caller, connection, payload};
use async_graphql::{Context, InputObject, Object, Result, SimpleObject, ID};
use chrono::{DateTime, NaiveDate, Utc};
use crm_company::entity::{company_profile, exchange_rate};
use crm_company::profile::{self, SetCompanyLogoInput, UpdateCompanyProfileInput};
use crm_company::rates::{self, rate_value, SetExchangeRateInput};
use crm_core::filters::parse_id;
use crm_core::pagination::PageRequest;
use rust_decimal::Decimal;

/// The company that runs the CRM, as its documents present it.
pub struct CompanyProfile(company_profile::Model);

/// The company that runs the CRM, as its documents present it.
#[Object]
impl CompanyProfile {
    /// The name on documents, as registered; empty until an admin saves the profile.
    async fn legal_name(&self) -> &str {
        &self.0.legal_name
    }
    /// Street and number.
    async fn street(&self) -> Option<&str> {
        self.0.street.as_deref()
    }
    /// Postal code.
    async fn postal_code(&self) -> Option<&str> {
        self.0.postal_code.as_deref()
    }
    /// City.
    async fn city(&self) -> Option<&str> {
        self.0.city.as_deref()
    }
    /// Province or state.
    async fn region(&self) -> Option<&str> {
        self.0.region.as_deref()
    }
    /// ISO 3166-1 alpha-2 country code.
    async fn country_code(&self) -> Option<&str> {
        self.0.country_code.as_deref()
    }
    /// VAT or tax number.
    async fn vat_number(&self) -> Option<&str> {
        self.0.vat_number.as_deref()
    }
    /// The address customers write to.
    async fn email(&self) -> Option<&str> {
        self.0.email.as_deref()
    }
    /// Phone (E.164).
    async fn phone(&self) -> Option<&str> {
        self.0.phone.as_deref()
    }
    /// Website address.
    async fn website(&self) -> Option<&str> {
        self.0.website.as_deref()
    }
    /// Bank and account customers pay to, as printed on quotes.
    async fn bank_details(&self) -> Option<&str> {
        self.0.bank_details.as_deref()
    }
    /// Text at the foot of every page of a quote.
    async fn footer(&self) -> Option<&str> {
        self.0.footer.as_deref()
    }
    /// Whether there is a logo.
    async fn has_logo(&self) -> bool {
        self.0.logo.is_some()
    }
    /// The logo as a data URL (`data:image/png;base64,…`, at most about 175 kB), to show it.
    async fn logo_data_url(&self) -> Option<String> {
        Some(crm_company::logo::data_url(self.0.logo.as_ref()?, self.0.logo_type.as_deref()?))
    }
    /// ISO 4217: the currency totals across currencies are shown in.
    async fn corporate_currency(&self) -> &str {
        &self.0.corporate_currency
    }
    /// Whether a customer's portal shows its partner organisation.
    async fn portal_shows_partner(&self) -> bool {
        self.0.portal_shows_partner
    }
    /// Whether a customer's portal shows its credit limit.
    async fn portal_shows_credit_limit(&self) -> bool {
        self.0.portal_shows_credit_limit
    }
    /// When it was last saved (the epoch before the first save).
    async fn updated_at(&self) -> DateTime<Utc> {
        self.0.updated_at
    }
    /// Increases with every change (0 before the first save); send it back with updates.
    async fn version(&self) -> i32 {
        self.0.version
    }
}

/// What one unit of a currency is worth in the corporate currency from a day on.
#[derive(Clone)]
pub struct ExchangeRate(exchange_rate::Model);

/// What one unit of a currency is worth in the corporate currency from a day on.
#[Object]
impl ExchangeRate {
    /// Unique id.
    async fn id(&self) -> ID {
        ID(self.0.id.to_string())
    }
    /// ISO 4217 code of the currency converted.
    async fn currency(&self) -> &str {
        &self.0.currency
    }
    /// The currency the rate is expressed in (the corporate currency).
    async fn quote_currency(&self) -> &str {
        &self.0.quote_currency
    }
    /// The first day the rate holds; it holds until the next rate of the currency.
    async fn valid_from(&self) -> NaiveDate {
        self.0.valid_from
    }
    /// Units of the corporate currency per unit of the currency (up to 8 decimals).
    async fn rate(&self) -> Decimal {
        rate_value(self.0.rate)
    }
    /// When it was entered or last changed.
    async fn updated_at(&self) -> DateTime<Utc> {
        self.0.updated_at
    }
}

connection!(ExchangeRateConnection, ExchangeRateEdge, ExchangeRate, exchange_rate::Entity, "exchange rates");
payload!(CompanyProfilePayload, company_profile, CompanyProfile, "Result of a change to the company's profile.");
payload!(ExchangeRatePayload, exchange_rate, ExchangeRate, "Result of setExchangeRate.");

/// Result of deleteExchangeRate.
#[derive(SimpleObject)]
pub struct DeleteExchangeRatePayload {
    /// Whether a rate was deleted (false: there was none with this id).
    pub deleted: bool,
}

/// Input of importExchangeRates.
#[derive(InputObject)]
pub struct ImportExchangeRatesInput {
    /// CSV text, one rate a line: currency, first day (`YYYY-MM-DD` or `DD/MM/YYYY`), rate;
    /// separated by commas, semicolons or tabs (with semicolons or tabs the rate may use a
    /// decimal comma); an optional header line. At most 10,000 lines.
    pub csv: String,
    /// Only check and report; write nothing.
    #[graphql(default)]
    pub dry_run: bool,
}

/// A line of an import that cannot be taken.
#[derive(SimpleObject)]
pub struct ImportProblem {
    /// 1-based line of the text (0: the file as a whole).
    pub line: i32,
    /// `currency`, `validFrom`, `rate`, or `line` for the line as a whole.
    pub field: String,
    /// Why, as `extensions.reason` would say it (`UNKNOWN_CURRENCY`, `DUPLICATE`, …).
    pub reason: String,
    /// Values of the reason, as `extensions.params` would give them.
    pub params: Option<async_graphql::Json<serde_json::Value>>,
    /// An English explanation, for developers.
    pub message: String,
}

/// Result of importExchangeRates: all lines are written, or none.
#[derive(SimpleObject)]
pub struct ImportExchangeRatesPayload {
    /// Rates read from the text.
    pub rates: i32,
    /// Whether they were written (never in a dry run or with a problem).
    pub written: bool,
    /// Every line that cannot be taken.
    pub problems: Vec<ImportProblem>,
}

#[derive(Default)]
pub struct CompanyQuery;

#[Object]
impl CompanyQuery {
    /// The company's profile: everyone signed in (it is what the company's quotes print).
    async fn company_profile(&self, ctx: &Context<'_>) -> Result<CompanyProfile> {
        caller(ctx)?;
        Ok(CompanyProfile(profile::profile(&app(ctx)?.db.read).await?))
    }

    /// The exchange rates into the corporate currency, newest first (staff).
    #[graphql(complexity = "page_cost(first, last, child_complexity)")]
    async fn exchange_rates(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "Only the rates of this currency (ISO 4217).")] currency: Option<String>,
        first: Option<i32>,
        after: Option<String>,
        last: Option<i32>,
        before: Option<String>,
    ) -> Result<ExchangeRateConnection> {
        let page = PageRequest::from_relay(first, after, last, before)?;
        let (page, all) = rates::list(&app(ctx)?.db.read, &caller(ctx)?.principal, currency.as_deref(), &page).await?;
        Ok(ExchangeRateConnection::new(page, all, ExchangeRate))
    }
}

#[derive(Default)]
pub struct CompanyMutation;

#[Object]
impl CompanyMutation {
    /// Saves the company's profile, but the logo (admins).
    async fn update_company_profile(&self, ctx: &Context<'_>, input: UpdateCompanyProfileInput) -> Result<CompanyProfilePayload> {
        Ok(CompanyProfilePayload { company_profile: CompanyProfile(profile::update(app(ctx)?, caller(ctx)?, input).await?) })
    }

    /// Sets or removes the company's logo (admins; once the profile has been saved).
    async fn set_company_logo(&self, ctx: &Context<'_>, input: SetCompanyLogoInput) -> Result<CompanyProfilePayload> {
        Ok(CompanyProfilePayload { company_profile: CompanyProfile(profile::set_logo(app(ctx)?, caller(ctx)?, input).await?) })
    }

    /// Enters a rate into the corporate currency, replacing the one of the same currency and
    /// day (admins).
    async fn set_exchange_rate(&self, ctx: &Context<'_>, input: SetExchangeRateInput) -> Result<ExchangeRatePayload> {
        Ok(ExchangeRatePayload { exchange_rate: ExchangeRate(rates::set_rate(app(ctx)?, caller(ctx)?, input).await?) })
    }

    /// Deletes a rate entered by mistake (admins).
    async fn delete_exchange_rate(&self, ctx: &Context<'_>, id: ID) -> Result<DeleteExchangeRatePayload> {
        let id = parse_id(&id, "id")?;
        Ok(DeleteExchangeRatePayload { deleted: rates::delete_rate(app(ctx)?, caller(ctx)?, id).await? })
    }

    /// Imports rates from CSV text (admins): every line, or none when one cannot be taken;
    /// each problem is reported with its line and field.
    async fn import_exchange_rates(&self, ctx: &Context<'_>, input: ImportExchangeRatesInput) -> Result<ImportExchangeRatesPayload> {
        let report = rates::import(app(ctx)?, caller(ctx)?, &input.csv, input.dry_run).await?;
        let problems = report
            .problems
            .into_iter()
            .map(|problem| ImportProblem {
                line: i32::try_from(problem.line).unwrap_or(i32::MAX),
                field: problem.field.to_owned(),
                reason: problem.invalid.reason.code(),
                params: problem.invalid.reason.params().map(async_graphql::Json),
                message: problem.invalid.message,
            })
            .collect();
        Ok(ImportExchangeRatesPayload { rates: i32::try_from(report.rates).unwrap_or(i32::MAX), written: report.written, problems })
    }
}
