//! Newtypes that parse people data at the edge, so the inside of the system can trust it:
//! `Email`, `Phone` (E.164), `CountryCode` (ISO 3166-1 alpha-2), `Money` (exact decimal with
//! an ISO 4217 currency) and bounded text. Each `parse` returns a message naming what is
//! wrong; callers attach the input field.

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use std::str::FromStr;

#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Email(String);

impl Email {
    /// A syntactically valid address, lower-cased (the domain part is case-insensitive, and
    /// treating the local part likewise matches what people expect of duplicates).
    pub fn parse(raw: &str) -> Result<Self, String> {
        let trimmed = raw.trim();
        if trimmed.len() > 254 {
            return Err("email addresses have at most 254 characters".into());
        }
        email_address::EmailAddress::from_str(trimmed).map_err(|_| format!("`{trimmed}` is not a valid email address"))?;
        if !trimmed.rsplit_once('@').is_some_and(|(_, domain)| domain.contains('.')) {
            return Err(format!("`{trimmed}` is not a valid email address"));
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
    pub fn parse(raw: &str, default_country: Option<&CountryCode>) -> Result<Self, String> {
        let trimmed = raw.trim();
        let country = default_country.and_then(|c| phonenumber::country::Id::from_str(c.as_str()).ok());
        let international = trimmed.strip_prefix("00").map(|rest| format!("+{rest}"));
        let number = phonenumber::parse(country, international.as_deref().unwrap_or(trimmed))
            .map_err(|_| format!("`{trimmed}` is not a phone number (use the international format, e.g. +39 02 1234 5678)"))?;
        if !phonenumber::is_valid(&number) {
            return Err(format!("`{trimmed}` is not a valid phone number"));
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
    pub fn parse(raw: &str) -> Result<Self, String> {
        let code = raw.trim().to_uppercase();
        celes::Country::from_alpha2(&code).map_err(|_| format!("`{raw}` is not an ISO 3166-1 alpha-2 country code"))?;
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

    pub fn parse(amount: Decimal, currency: &str) -> Result<Self, String> {
        let currency = iso_currency::Currency::from_code(&currency.trim().to_uppercase())
            .ok_or_else(|| format!("`{currency}` is not an ISO 4217 currency code"))?;
        if amount.is_sign_negative() && !amount.is_zero() {
            return Err("amounts may not be negative".into());
        }
        if amount.normalize().scale() > Self::MAX_SCALE {
            return Err(format!("amounts have at most {} decimal places", Self::MAX_SCALE));
        }
        if amount > Decimal::from(1_000_000_000_000_i64) {
            return Err("the amount is too large".into());
        }
        Ok(Self { amount: amount.normalize(), currency })
    }

    pub fn currency_code(&self) -> &'static str {
        self.currency.code()
    }
}

/// Trimmed text of bounded length; `None` for blank input.
pub fn optional_text(raw: Option<&str>, max_chars: usize) -> Result<Option<String>, String> {
    match raw.map(str::trim) {
        None | Some("") => Ok(None),
        Some(text) if text.chars().count() > max_chars => Err(format!("at most {max_chars} characters")),
        Some(text) => Ok(Some(text.to_owned())),
    }
}

/// Trimmed, non-blank text of bounded length.
pub fn required_text(raw: &str, max_chars: usize) -> Result<String, String> {
    optional_text(Some(raw), max_chars)?.ok_or_else(|| "may not be blank".to_owned())
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
        assert!(Phone::parse("12", it.as_ref()).is_err());
        assert!(Phone::parse("not a phone", None).is_err());
    }

    #[test]
    fn countries_are_iso_alpha2() {
        assert_eq!(CountryCode::parse("de").map(|c| c.0), Ok("DE".into()));
        assert!(CountryCode::parse("XX").is_err());
        assert!(CountryCode::parse("ITA").is_err());
        assert_eq!(CountryCode::name_of("IT"), Some("Italy"));
    }

    #[test]
    fn money_is_exact_and_non_negative() {
        let m = Money::parse(Decimal::new(150000, 2), "eur");
        assert_eq!(m.as_ref().map(|m| m.amount.to_string()), Ok("1500".into()));
        assert_eq!(m.map(|m| m.currency_code()), Ok("EUR"));
        assert!(Money::parse(Decimal::new(-1, 0), "EUR").is_err());
        assert!(Money::parse(Decimal::new(1, 0), "EURO").is_err());
        assert!(Money::parse(Decimal::new(1, 5), "EUR").is_err());
    }

    #[test]
    fn text_is_trimmed_and_bounded() {
        assert_eq!(required_text("  Acme  ", 10), Ok("Acme".into()));
        assert!(required_text("   ", 10).is_err());
        assert!(required_text("abcdefghijk", 10).is_err());
        assert_eq!(optional_text(Some(" "), 10), Ok(None));
    }
}
