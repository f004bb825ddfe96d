//! Newtypes that parse people data at the edge, so the inside of the system can trust it:
//! `Email`, `Phone` (E.164), `CountryCode` (ISO 3166-1 alpha-2), `Money` (exact decimal with
//! an ISO 4217 currency) and bounded text. Each `parse` returns an [`Invalid`] saying what is
//! wrong (a reason for programs, a message for developers); callers attach the input field.

use crate::error::{InputReason, Invalid};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use std::str::FromStr;

#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Email(String);

impl Email {
    /// A syntactically valid address, lower-cased (the domain part is case-insensitive, and
    /// treating the local part likewise matches what people expect of duplicates).
    pub fn parse(raw: &str) -> Result<Self, Invalid> {
        let trimmed = raw.trim();
        if trimmed.len() > 254 {
            return Err(InputReason::TooLong { max: 254 }.with_message("email addresses have at most 254 characters"));
        }
        let invalid = || InputReason::InvalidEmail { value: trimmed.to_owned() };
        email_address::EmailAddress::from_str(trimmed).map_err(|_| invalid())?;
        if !trimmed.rsplit_once('@').is_some_and(|(_, domain)| domain.contains('.')) {
            return Err(invalid().into());
        }
        Ok(Self(trimmed.to_lowercase()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Phone(String);

impl Phone {
    /// A valid number normalised to E.164. National numbers are read in `default_country`
    /// (the customer's country), international ones (`+…`, `00…`) in any.
    pub fn parse(raw: &str, default_country: Option<&CountryCode>) -> Result<Self, Invalid> {
        let trimmed = raw.trim();
        let invalid = || InputReason::InvalidPhone { value: trimmed.to_owned() };
        let country = default_country.and_then(|c| phonenumber::country::Id::from_str(c.as_str()).ok());
        let international = trimmed.strip_prefix("00").map(|rest| format!("+{rest}"));
        let number = phonenumber::parse(country, international.as_deref().unwrap_or(trimmed)).map_err(|_| {
            invalid().with_message(format!("`{trimmed}` is not a phone number (use the international format, e.g. +39 02 1234 5678)"))
        })?;
        if !phonenumber::is_valid(&number) {
            return Err(invalid().into());
        }
        Ok(Self(number.format().mode(phonenumber::Mode::E164).to_string()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct CountryCode(String);

impl CountryCode {
    pub fn parse(raw: &str) -> Result<Self, Invalid> {
        let code = raw.trim().to_uppercase();
        celes::Country::from_alpha2(&code).map_err(|_| InputReason::UnknownCountry { value: raw.to_owned() })?;
        Ok(Self(code))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// English short name of a stored code, e.g. "Italy".
    pub fn name_of(code: &str) -> Option<&'static str> {
        celes::Country::from_alpha2(code).ok().map(|c| c.long_name)
    }
}

/// An exact, non-negative amount in a currency.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Money {
    pub amount: Decimal,
    pub currency: iso_currency::Currency,
}

impl Money {
    pub const MAX_SCALE: u32 = 4;

    pub const MAX_AMOUNT: i64 = 1_000_000_000_000;

    pub fn parse(amount: Decimal, currency: &str) -> Result<Self, Invalid> {
        let currency = iso_currency::Currency::from_code(&currency.trim().to_uppercase())
            .ok_or_else(|| InputReason::UnknownCurrency { value: currency.to_owned() })?;
        if amount.is_sign_negative() && !amount.is_zero() {
            return Err(InputReason::NegativeAmount.into());
        }
        if amount.normalize().scale() > Self::MAX_SCALE {
            return Err(InputReason::TooManyDecimals { max: Self::MAX_SCALE }.into());
        }
        if amount > Decimal::from(Self::MAX_AMOUNT) {
            return Err(InputReason::AmountTooLarge { max: Self::MAX_AMOUNT }.into());
        }
        Ok(Self { amount: amount.normalize(), currency })
    }

    pub fn currency_code(&self) -> &'static str {
        self.currency.code()
    }

    /// The amount as an integer of 10⁻⁴ units, as sales tables store it (exact: the scale is
    /// at most four places and the amount at most 10¹², so it fits an `i64` with room for sums).
    pub fn scaled(&self) -> i64 {
        to_scaled(self.amount)
    }
}

/// `amount × 10⁴` as an integer; amounts come validated by [`Money::parse`] or computed from
/// such, so the scale is at most four places. Rounds half away from zero beyond that.
pub fn to_scaled(amount: Decimal) -> i64 {
    use rust_decimal::prelude::ToPrimitive;
    (amount.round_dp_with_strategy(Money::MAX_SCALE, rust_decimal::RoundingStrategy::MidpointAwayFromZero) * Decimal::from(10_000))
        .to_i64()
        .unwrap_or(i64::MAX)
}

/// The exact decimal behind a stored scaled amount.
pub fn from_scaled(scaled: i64) -> Decimal {
    Decimal::new(scaled, Money::MAX_SCALE).normalize()
}

/// A SQL `SUM` of scaled integers read back as text (`CAST(SUM(…) AS TEXT)`: PostgreSQL sums
/// `bigint` into `numeric`, which may print `.000`) as a decimal with `scale` places.
pub fn scaled_sum(text: &str, scale: u32) -> crate::error::AppResult<Decimal> {
    let digits = text.split('.').next().unwrap_or_default();
    let value: i128 = digits.parse().map_err(|e| crate::error::AppError::Internal(anyhow::anyhow!("sum `{text}`: {e}")))?;
    Ok(Decimal::from_i128_with_scale(value, scale).normalize())
}

/// Trimmed text of bounded length; `None` for blank input.
pub fn optional_text(raw: Option<&str>, max_chars: usize) -> Result<Option<String>, Invalid> {
    match raw.map(str::trim) {
        None | Some("") => Ok(None),
        Some(text) if text.chars().count() > max_chars => Err(InputReason::TooLong { max: max_chars }.into()),
        Some(text) => Ok(Some(text.to_owned())),
    }
}

/// Trimmed, non-blank text of bounded length.
pub fn required_text(raw: &str, max_chars: usize) -> Result<String, Invalid> {
    optional_text(Some(raw), max_chars)?.ok_or_else(|| InputReason::Blank.into())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn emails_are_validated_and_lowercased() {
        assert_eq!(Email::parse(" Mario.Rossi@Example.IT ").map(|e| e.0), Ok("mario.rossi@example.it".into()));
        assert!(Email::parse("mario.rossi").is_err());
        assert!(Email::parse("mario@localhost").is_err());
        assert!(Email::parse("a b@example.com").is_err());
    }

    #[test]
    fn phones_are_normalised_to_e164() {
        let it = CountryCode::parse("it").ok();
        assert_eq!(Phone::parse("02 1234 5678", it.as_ref()).map(|p| p.0), Ok("+390212345678".into()));
        assert_eq!(Phone::parse("+39 347 123 4567", None).map(|p| p.0), Ok("+393471234567".into()));
        assert_eq!(Phone::parse("0049 30 901820", None).map(|p| p.0), Ok("+4930901820".into()));
        assert_eq!(Phone::parse("12", it.as_ref()).map_err(|e| e.reason), Err(InputReason::InvalidPhone { value: "12".into() }));
        let unparsable = Phone::parse("not a phone", None).map_err(|e| (e.reason.code(), e.message));
        assert_eq!(
            unparsable,
            Err((
                "INVALID_PHONE".into(),
                "`not a phone` is not a phone number (use the international format, e.g. +39 02 1234 5678)".into()
            ))
        );
    }

    #[test]
    fn countries_are_iso_alpha2() {
        assert_eq!(CountryCode::parse("de").map(|c| c.0), Ok("DE".into()));
        assert_eq!(CountryCode::parse("XX").map_err(|e| e.reason), Err(InputReason::UnknownCountry { value: "XX".into() }));
        assert!(CountryCode::parse("ITA").is_err());
        assert_eq!(CountryCode::name_of("IT"), Some("Italy"));
    }

    #[test]
    fn money_is_exact_and_non_negative() {
        let m = Money::parse(Decimal::new(150000, 2), "eur");
        assert_eq!(m.as_ref().map(|m| m.amount.to_string()), Ok("1500".into()));
        assert_eq!(m.map(|m| m.currency_code()), Ok("EUR"));
        let reason = |amount, currency| Money::parse(amount, currency).map_err(|e| e.reason).err();
        assert_eq!(reason(Decimal::new(-1, 0), "EUR"), Some(InputReason::NegativeAmount));
        assert_eq!(reason(Decimal::new(1, 0), "EURO"), Some(InputReason::UnknownCurrency { value: "EURO".into() }));
        assert_eq!(reason(Decimal::new(1, 5), "EUR"), Some(InputReason::TooManyDecimals { max: 4 }));
        assert_eq!(reason(Decimal::new(Money::MAX_AMOUNT + 1, 0), "EUR"), Some(InputReason::AmountTooLarge { max: Money::MAX_AMOUNT }));
    }

    #[test]
    fn scaled_amounts_round_trip_exactly() {
        let price = Decimal::new(12_345_678, 4);
        assert_eq!(to_scaled(price), 12_345_678);
        assert_eq!(from_scaled(12_345_678), price);
        assert_eq!(from_scaled(to_scaled(Decimal::from(Money::MAX_AMOUNT))), Decimal::from(Money::MAX_AMOUNT));
        assert_eq!(to_scaled(Decimal::new(123_455, 5)), 12_346, "half a unit rounds away from zero");
        assert_eq!(from_scaled(15_000).to_string(), "1.5");
    }

    #[test]
    fn scaled_sums_come_back_exact() {
        assert_eq!(scaled_sum("12345678", 4).ok(), Some(Decimal::new(12_345_678, 4)));
        assert_eq!(scaled_sum("12345678.000", 4).ok(), Some(Decimal::new(12_345_678, 4)), "PostgreSQL numeric text");
        assert!(scaled_sum("x", 4).is_err());
    }

    #[test]
    fn text_is_trimmed_and_bounded() {
        assert_eq!(required_text("  Acme  ", 10), Ok("Acme".into()));
        assert_eq!(required_text("   ", 10), Err(Invalid { reason: InputReason::Blank, message: "may not be blank".into() }));
        assert_eq!(
            required_text("abcdefghijk", 10),
            Err(Invalid { reason: InputReason::TooLong { max: 10 }, message: "at most 10 characters".into() })
        );
        assert_eq!(optional_text(Some(" "), 10), Ok(None));
    }
}
