//! The contact center's calls: what the telephony reports (`telephony`), the caller
//! recognised by number, the agent's work on a call — who called, how it ended, the ticket it
//! was about — and the callback queue of missed calls (`desk`), the numbers the company
//! refuses, and the reads (`repo`).
//!
//! A call ringing at an agent's extension is announced to them by an event notice
//! ([`crm_core::events`]) after it is stored; the API's subscription turns it into the screen
//! pop, read through the agent's own scope.

pub mod desk;
pub mod lifecycle;
pub mod repo;
pub mod telephony;

use crm_core::error::{AppError, AppResult, InputReason};
use crm_core::values::Phone;

/// The longest extension.
const MAX_EXTENSION: usize = 32;

/// The longest wrap-up note, in characters.
pub const MAX_NOTES: usize = 4_000;

/// A phone extension as stored: digits, `*`, `#`, at most 32 characters; none when blank.
pub fn extension(raw: &str) -> AppResult<Option<String>> {
    let trimmed = raw.trim();
    if trimmed.is_empty() {
        return Ok(None);
    }
    if trimmed.chars().count() > MAX_EXTENSION {
        return Err(AppError::invalid("extension", InputReason::TooLong { max: MAX_EXTENSION }));
    }
    if !trimmed.chars().all(|c| c.is_ascii_digit() || c == '*' || c == '#') {
        return Err(AppError::invalid("extension", InputReason::NotApplicable.with_message("an extension has digits, `*` and `#` only")));
    }
    Ok(Some(trimmed.to_owned()))
}

/// A number the telephony reports, as stored: E.164 when it is a valid number (so it matches
/// the contacts' numbers), as given otherwise (at most 32 characters); none when withheld.
pub fn reported_number(raw: Option<&str>) -> Option<String> {
    let trimmed = raw.map(str::trim).filter(|s| !s.is_empty() && !is_withheld(s))?;
    match Phone::parse(trimmed, None) {
        Ok(phone) => Some(phone.as_str().to_owned()),
        Err(_) => Some(trimmed.chars().take(32).collect()),
    }
}

/// The customer's side of a call: who called in, or who was called.
pub fn customer_number(call: &crate::entity::call::Model) -> Option<&str> {
    match call.direction {
        crate::domain::CallDirection::Inbound => call.from_number.as_deref(),
        crate::domain::CallDirection::Outbound => call.to_number.as_deref(),
    }
}

/// How switchboards spell a withheld number.
fn is_withheld(number: &str) -> bool {
    ["anonymous", "private", "unknown", "restricted", "withheld"].iter().any(|word| number.eq_ignore_ascii_case(word))
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn extensions_are_digits_star_and_hash() {
        assert_eq!(extension(" 201 ").unwrap().as_deref(), Some("201"));
        assert_eq!(extension("*9#").unwrap().as_deref(), Some("*9#"));
        assert_eq!(extension("  ").unwrap(), None);
        assert!(extension("20a").is_err());
        assert!(extension(&"1".repeat(33)).is_err());
    }

    #[test]
    fn reported_numbers_are_e164_when_valid() {
        assert_eq!(reported_number(Some("+39 02 1234 5678")).as_deref(), Some("+390212345678"));
        assert_eq!(reported_number(Some("0039 02 1234 5678")).as_deref(), Some("+390212345678"));
        assert_eq!(reported_number(Some("Anonymous")), None);
        assert_eq!(reported_number(Some("")), None);
        assert_eq!(reported_number(None), None);
        assert_eq!(reported_number(Some("12")).as_deref(), Some("12"), "kept as given: still shown to the agent");
    }
}
