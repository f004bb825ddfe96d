//! Exchange rates into the corporate currency: dated (a rate holds from its day until the
//! next one of the same currency), entered by admins one at a time or imported from CSV (all
//! or none, with every problem reported by line), and used to show totals across currencies
//! as one figure in the corporate currency, with the originals beside it.
//!
//! A rate says what one unit of a currency is worth in the corporate currency when it was
//! entered. Rates into a former corporate currency are kept but not used.

#![allow(clippy::disallowed_methods)]

use crate::access::{company_settings, read_rates};
use crate::entity::exchange_rate;
use crate::profile::corporate_currency;
use async_graphql::InputObject;
use chrono::{DateTime, NaiveDate, Utc};
use crm_core::audit::{self, AuditAction, Diff, Subject};
use crm_core::context::AppContext;
use crm_core::error::{AppError, AppResult, InputReason, Invalid};
use crm_core::pagination::{fetch_page, id_key, KeyKind, Keyset, Page, PageRequest, SortKey};
use crm_core::principal::{Caller, Principal};
use rust_decimal::Decimal;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, IntoActiveModel, QueryFilter, QueryOrder, Select, TransactionTrait,
};
use std::collections::{BTreeMap, HashSet};
use std::str::FromStr;
use uuid::Uuid;

/// Decimal places a rate keeps.
pub const RATE_SCALE: u32 = 8;
/// Largest rate accepted (one unit worth a million corporate units).
pub const MAX_RATE: i64 = 1_000_000;
/// Most rates one import carries.
pub const MAX_IMPORT_LINES: usize = 10_000;

/// The stored integer of a rate, or why it is refused.
pub fn parse_rate(rate: Decimal) -> Result<i64, Invalid> {
    let out_of_range = || InputReason::OutOfRange { min: 0, max: MAX_RATE }.with_message("a rate is above 0 and at most 1000000");
    if rate <= Decimal::ZERO || rate > Decimal::from(MAX_RATE) {
        return Err(out_of_range());
    }
    if rate.normalize().scale() > RATE_SCALE {
        return Err(InputReason::TooManyDecimals { max: RATE_SCALE }.into());
    }
    let scaled = rate * Decimal::from(100_000_000);
    i64::try_from(scaled.trunc().mantissa()).map_err(|_| out_of_range())
}

/// The rate a stored integer stands for.
pub fn rate_value(stored: i64) -> Decimal {
    Decimal::new(stored, RATE_SCALE).normalize()
}

/// The ISO code of a currency a rate may be entered for (any but the corporate one).
fn rate_currency(raw: &str, corporate: &str) -> Result<String, Invalid> {
    let code = raw.trim().to_uppercase();
    if iso_currency::Currency::from_code(&code).is_none() {
        return Err(InputReason::UnknownCurrency { value: raw.to_owned() }.into());
    }
    if code == corporate {
        return Err(InputReason::NotApplicable.with_message(format!("{corporate} is the corporate currency: it needs no rate")));
    }
    Ok(code)
}

/// Input of setExchangeRate.
#[derive(InputObject, Debug, Clone)]
pub struct SetExchangeRateInput {
    /// ISO 4217 code of the currency (not the corporate one).
    pub currency: String,
    /// The first day the rate holds; a rate of the same currency and day is replaced.
    pub valid_from: NaiveDate,
    /// What one unit of the currency is worth in the corporate currency (above 0, at most
    /// 1000000, at most 8 decimals).
    pub rate: Decimal,
}

/// A rate about to be written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewRate {
    pub currency: String,
    pub valid_from: NaiveDate,
    pub rate: i64,
}

/// Inserts `new` for `corporate`, or replaces the rate of its currency and day; returns the
/// row and its audit entry.
async fn upsert(
    txn: &impl ConnectionTrait,
    caller: &Caller,
    corporate: &str,
    new: &NewRate,
    now: DateTime<Utc>,
) -> AppResult<(exchange_rate::Model, Option<audit::entity::ActiveModel>)> {
    let existing = exchange_rate::Entity::find()
        .filter(exchange_rate::Column::QuoteCurrency.eq(corporate))
        .filter(exchange_rate::Column::Currency.eq(&new.currency))
        .filter(exchange_rate::Column::ValidFrom.eq(new.valid_from))
        .one(txn)
        .await?;
    let mut diff = Diff::new();
    let (row, action) = match existing {
        Some(row) if row.rate == new.rate => return Ok((row, None)),
        Some(row) => {
            diff.field("rate", &rate_value(row.rate), &rate_value(new.rate));
            let mut active = row.into_active_model();
            active.rate = sea_orm::Set(new.rate);
            active.updated_at = sea_orm::Set(now);
            (active.update(txn).await?, AuditAction::Update)
        }
        None => {
            let row = exchange_rate::Model {
                id: crm_core::clock::new_id_at(now),
                currency: new.currency.clone(),
                quote_currency: corporate.to_owned(),
                valid_from: new.valid_from,
                rate: new.rate,
                updated_at: now,
            };
            diff.field("currency", &None::<&str>, &Some(new.currency.as_str()))
                .field("validFrom", &None::<NaiveDate>, &Some(new.valid_from))
                .field("rate", &None::<Decimal>, &Some(rate_value(new.rate)));
            (row.into_active_model().insert(txn).await?, AuditAction::Create)
        }
    };
    let entry = audit::entry(caller, now, action, Subject::ExchangeRate(row.id), diff);
    Ok((row, Some(entry)))
}

/// Enters one rate (admins).
pub async fn set_rate(ctx: &AppContext, caller: &Caller, input: SetExchangeRateInput) -> AppResult<exchange_rate::Model> {
    company_settings(&caller.principal)?;
    let now = ctx.clock.now();
    let txn = ctx.db.write.begin().await?;
    let corporate = corporate_currency(&txn).await?;
    let new = NewRate {
        currency: rate_currency(&input.currency, &corporate).map_err(|e| AppError::invalid("currency", e))?,
        valid_from: input.valid_from,
        rate: parse_rate(input.rate).map_err(|e| AppError::invalid("rate", e))?,
    };
    let (row, entry) = upsert(&txn, caller, &corporate, &new, now).await?;
    if let Some(entry) = entry {
        audit::record_many(&txn, vec![entry]).await?;
    }
    txn.commit().await?;
    Ok(row)
}

/// Deletes a rate entered by mistake (admins); false if there was none with this id.
pub async fn delete_rate(ctx: &AppContext, caller: &Caller, id: Uuid) -> AppResult<bool> {
    company_settings(&caller.principal)?;
    let now = ctx.clock.now();
    let txn = ctx.db.write.begin().await?;
    let Some(row) = exchange_rate::Entity::find_by_id(id).one(&txn).await? else { return Ok(false) };
    exchange_rate::Entity::delete_by_id(id).exec(&txn).await?;
    let mut diff = Diff::new();
    diff.field("currency", &Some(&row.currency), &None).field("validFrom", &Some(row.valid_from), &None).field(
        "rate",
        &Some(rate_value(row.rate)),
        &None,
    );
    audit::record(&txn, caller, now, AuditAction::Delete, Subject::ExchangeRate(id), diff).await?;
    txn.commit().await?;
    Ok(true)
}

/// A line of an import that cannot be taken.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportProblem {
    /// 1-based line of the file.
    pub line: u64,
    /// `currency`, `validFrom`, `rate` or `line`.
    pub field: &'static str,
    pub invalid: Invalid,
}

/// What an import did or, in a dry run or with problems, would do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportReport {
    /// Rates read from the file.
    pub rates: usize,
    pub problems: Vec<ImportProblem>,
    /// Whether the rates were written (none are when there is a problem).
    pub written: bool,
}

/// A date as `YYYY-MM-DD`, `DD/MM/YYYY` or `DD.MM.YYYY`.
fn import_date(raw: &str) -> Option<NaiveDate> {
    ["%Y-%m-%d", "%d/%m/%Y", "%d.%m.%Y"].iter().find_map(|format| NaiveDate::parse_from_str(raw, format).ok())
}

/// Reads `currency, date, rate` lines (an optional header line; separated by commas,
/// semicolons or tabs; with semicolons or tabs the rate may have a decimal comma).
pub fn parse_csv(text: &str, corporate: &str) -> (Vec<NewRate>, Vec<ImportProblem>) {
    let first_line = text.lines().find(|line| !line.trim().is_empty()).unwrap_or_default();
    let delimiter = [b';', b'\t'].into_iter().find(|d| first_line.contains(char::from(*d))).unwrap_or(b',');
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .delimiter(delimiter)
        .flexible(true)
        .trim(csv::Trim::All)
        .from_reader(text.trim_start_matches('\u{feff}').as_bytes());
    let (mut rates, mut problems) = (Vec::new(), Vec::new());
    let mut seen = HashSet::new();
    for (index, record) in reader.records().enumerate() {
        let line = index as u64 + 1;
        let problem = |field: &'static str, invalid: Invalid| ImportProblem { line, field, invalid };
        let record = match record {
            Ok(record) => record,
            Err(_) => {
                problems.push(problem("line", InputReason::InvalidRequest.with_message("not a CSV line")));
                continue;
            }
        };
        let fields: Vec<&str> = record.iter().collect();
        if fields.iter().all(|f| f.is_empty()) {
            continue;
        }
        if index == 0 && fields.first().is_some_and(|f| ["currency", "valuta"].contains(&f.to_lowercase().as_str())) {
            continue;
        }
        let [currency, date, rate] = fields[..] else {
            problems.push(problem("line", InputReason::Required.with_message("expected three fields: currency, date, rate")));
            continue;
        };
        let currency = rate_currency(currency, corporate).map_err(|e| problem("currency", e));
        let valid_from = import_date(date).ok_or_else(|| {
            problem("validFrom", InputReason::Required.with_message(format!("`{date}` is not a date (YYYY-MM-DD or DD/MM/YYYY)")))
        });
        let rate = if delimiter == b',' { rate.to_owned() } else { rate.replace(',', ".") };
        let rate = Decimal::from_str(&rate)
            .map_err(|_| InputReason::OutOfRange { min: 0, max: MAX_RATE }.with_message(format!("`{rate}` is not a number")))
            .and_then(parse_rate)
            .map_err(|e| problem("rate", e));
        match (currency, valid_from, rate) {
            (Ok(currency), Ok(valid_from), Ok(rate)) => {
                if !seen.insert((currency.clone(), valid_from)) {
                    let value = format!("{currency} {valid_from}");
                    problems.push(problem("validFrom", InputReason::Duplicate { value }.into()));
                } else {
                    rates.push(NewRate { currency, valid_from, rate });
                }
            }
            (currency, valid_from, rate) => problems.extend([currency.err(), valid_from.err(), rate.err()].into_iter().flatten()),
        }
    }
    if rates.len() > MAX_IMPORT_LINES {
        problems.push(ImportProblem { line: 0, field: "line", invalid: InputReason::TooMany { max: MAX_IMPORT_LINES }.into() });
    }
    (rates, problems)
}

/// Imports rates from CSV text (admins): every line or none. A dry run only reports.
pub async fn import(ctx: &AppContext, caller: &Caller, text: &str, dry_run: bool) -> AppResult<ImportReport> {
    company_settings(&caller.principal)?;
    let now = ctx.clock.now();
    let txn = ctx.db.write.begin().await?;
    let corporate = corporate_currency(&txn).await?;
    let (rates, problems) = parse_csv(text, &corporate);
    if dry_run || !problems.is_empty() || rates.is_empty() {
        return Ok(ImportReport { rates: rates.len(), problems, written: false });
    }
    let mut entries = Vec::new();
    for rate in &rates {
        let (_, entry) = upsert(&txn, caller, &corporate, rate, now).await?;
        entries.extend(entry);
    }
    audit::record_many(&txn, entries).await?;
    txn.commit().await?;
    Ok(ImportReport { rates: rates.len(), problems, written: true })
}

/// A page of the rates into the corporate currency (staff), newest first, optionally of one
/// currency; with the query of all of them, for the total count.
pub async fn list(
    db: &impl ConnectionTrait,
    principal: &Principal,
    currency: Option<&str>,
    page: &PageRequest,
) -> AppResult<(Page<exchange_rate::Model>, Select<exchange_rate::Entity>)> {
    read_rates(principal)?;
    let all = listed(&corporate_currency(db).await?, currency);
    Ok((fetch_page(all.clone(), &NewestFirst, page, db).await?, all))
}

fn listed(corporate: &str, currency: Option<&str>) -> Select<exchange_rate::Entity> {
    let mut select = exchange_rate::Entity::find().filter(exchange_rate::Column::QuoteCurrency.eq(corporate));
    if let Some(currency) = currency {
        select = select.filter(exchange_rate::Column::Currency.eq(currency.trim().to_uppercase()));
    }
    select
}

/// Newest first, then by currency.
pub struct NewestFirst;

impl Keyset<exchange_rate::Entity> for NewestFirst {
    fn name(&self) -> String {
        "rates:newest".into()
    }
    fn keys(&self) -> Vec<SortKey<exchange_rate::Column>> {
        vec![
            SortKey { column: exchange_rate::Column::ValidFrom, descending: true, kind: KeyKind::Date },
            SortKey { column: exchange_rate::Column::Currency, descending: false, kind: KeyKind::Text },
            SortKey { column: exchange_rate::Column::Id, descending: false, kind: KeyKind::Id },
        ]
    }
    fn values(&self, row: &exchange_rate::Model) -> Vec<String> {
        vec![row.valid_from.format("%Y-%m-%d").to_string(), row.currency.clone(), id_key(&row.id)]
    }
}

/// The rates of some currencies over a span of days, to convert each amount at the rate in
/// force on its own day (a deal won in March at March's rate).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rates {
    pub corporate: String,
    /// Per currency, its rates by first day, ascending.
    rates: BTreeMap<String, Vec<(NaiveDate, Decimal)>>,
}

impl Rates {
    /// Reads the rates of `currencies` that hold on some day from `from` to `to`: the one in
    /// force on `from` and those starting later (two indexed lookups per currency: reports
    /// show a handful).
    pub async fn load<'a>(
        db: &impl ConnectionTrait,
        currencies: impl IntoIterator<Item = &'a str>,
        from: NaiveDate,
        to: NaiveDate,
    ) -> AppResult<Self> {
        let corporate = corporate_currency(db).await?;
        let mut rates = BTreeMap::new();
        for currency in currencies.into_iter().collect::<HashSet<_>>() {
            if currency == corporate {
                continue;
            }
            let of_pair = || {
                exchange_rate::Entity::find()
                    .filter(exchange_rate::Column::QuoteCurrency.eq(&corporate))
                    .filter(exchange_rate::Column::Currency.eq(currency))
            };
            let first = of_pair()
                .filter(exchange_rate::Column::ValidFrom.lte(from))
                .order_by_desc(exchange_rate::Column::ValidFrom)
                .one(db)
                .await?;
            let later = of_pair()
                .filter(exchange_rate::Column::ValidFrom.gt(from))
                .filter(exchange_rate::Column::ValidFrom.lte(to))
                .order_by_asc(exchange_rate::Column::ValidFrom)
                .all(db)
                .await?;
            let days: Vec<(NaiveDate, Decimal)> =
                first.into_iter().chain(later).map(|row| (row.valid_from, rate_value(row.rate))).collect();
            rates.insert(currency.to_owned(), days);
        }
        Ok(Self { corporate, rates })
    }

    /// Rates given (for tests and callers that already read them).
    pub fn new(corporate: &str, rates: impl IntoIterator<Item = (String, NaiveDate, Decimal)>) -> Self {
        let mut by_currency: BTreeMap<String, Vec<(NaiveDate, Decimal)>> = BTreeMap::new();
        for (currency, day, rate) in rates {
            by_currency.entry(currency).or_default().push((day, rate));
        }
        by_currency.values_mut().for_each(|days| days.sort());
        Self { corporate: corporate.to_owned(), rates: by_currency }
    }

    /// What one unit of `currency` is worth in the corporate currency on `day`; 1 for itself.
    pub fn rate_on(&self, currency: &str, day: NaiveDate) -> Option<Decimal> {
        if currency == self.corporate {
            return Some(Decimal::ONE);
        }
        let days = self.rates.get(currency)?;
        let held = days.partition_point(|(first, _)| *first <= day);
        held.checked_sub(1).map(|index| days[index].1)
    }

    /// `amount` of `currency` in the corporate currency at the rate of `day` (four places,
    /// half away from zero), or `None` without a rate that day.
    pub fn convert(&self, amount: Decimal, currency: &str, day: NaiveDate) -> Option<Decimal> {
        let rate = self.rate_on(currency, day)?;
        Some((amount * rate).round_dp_with_strategy(4, rust_decimal::RoundingStrategy::MidpointAwayFromZero).normalize())
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::expect_used, clippy::panic)]
    use super::*;

    fn day(text: &str) -> NaiveDate {
        NaiveDate::parse_from_str(text, "%Y-%m-%d").expect("a date")
    }

    #[test]
    fn rates_keep_eight_places_and_stay_positive() {
        assert_eq!(parse_rate(Decimal::new(92345678, 8)).map(rate_value), Ok(Decimal::new(92345678, 8)));
        assert_eq!(parse_rate(Decimal::from(158)), Ok(158 * 100_000_000));
        assert!(parse_rate(Decimal::ZERO).is_err());
        assert!(parse_rate(Decimal::new(-1, 0)).is_err());
        assert_eq!(parse_rate(Decimal::new(1, 9)).map_err(|e| e.reason), Err(InputReason::TooManyDecimals { max: 8 }));
    }

    #[test]
    fn a_spreadsheet_export_with_semicolons_and_decimal_commas_imports() {
        let text = "\u{feff}Valuta;Data;Cambio\nusd;01/12/2026;0,9234\nCHF;2026-12-01;1.0712\n\n";
        let (rates, problems) = parse_csv(text, "EUR");
        assert_eq!(problems, []);
        assert_eq!(
            rates,
            [
                NewRate { currency: "USD".into(), valid_from: day("2026-12-01"), rate: 92_340_000 },
                NewRate { currency: "CHF".into(), valid_from: day("2026-12-01"), rate: 107_120_000 },
            ]
        );
    }

    #[test]
    fn every_bad_line_is_reported_with_its_field() {
        let text = "currency,date,rate\nUSD,2026-12-01,0.92\nEUR,2026-12-01,1\nGBP,yesterday,1.1\nJPY,2026-12-01,-3\nUSD,2026-12-01,0.93\nCHF,2026-12-01\n";
        let (rates, problems) = parse_csv(text, "EUR");
        assert_eq!(rates.len(), 1);
        let found: Vec<(u64, &str)> = problems.iter().map(|p| (p.line, p.field)).collect();
        assert_eq!(found, [(3, "currency"), (4, "validFrom"), (5, "rate"), (6, "validFrom"), (7, "line")]);
        assert_eq!(problems[3].invalid.reason, InputReason::Duplicate { value: "USD 2026-12-01".into() });
    }

    #[test]
    fn amounts_convert_at_the_rate_in_force_on_their_day_and_not_without_one() {
        let rates = Rates::new(
            "EUR",
            [("USD".to_owned(), day("2026-12-01"), Decimal::new(92, 2)), ("USD".to_owned(), day("2026-11-01"), Decimal::new(95, 2))],
        );
        assert_eq!(rates.convert(Decimal::from(1000), "USD", day("2026-12-15")), Some(Decimal::from(920)));
        assert_eq!(rates.convert(Decimal::from(1000), "USD", day("2026-11-30")), Some(Decimal::from(950)));
        assert_eq!(rates.convert(Decimal::from(1000), "USD", day("2026-10-31")), None, "before the first rate");
        assert_eq!(rates.convert(Decimal::new(5, 0), "EUR", day("2020-01-01")), Some(Decimal::from(5)));
        assert_eq!(rates.convert(Decimal::ONE, "GBP", day("2026-12-15")), None);
    }
}
