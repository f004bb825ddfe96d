//! Emails and mobile numbers that are unique by construction. Duplicate detection rejects an
//! email or phone another active contact already has, so each value is derived from the
//! customer's index (and a slot within the customer) through an injective mapping rather than
//! drawn at random and hoped to be distinct.

use super::places::{MobilePlan, MOBILE_PLANS};
use std::fmt::Write;

/// Phone numbers one customer may use: two on the primary contact, two on each of up to two
/// extra contacts.
pub const PHONE_SLOTS: u64 = 6;

/// The largest index the numbering plans have room for (the smallest plan, 4 prefixes × 10⁷
/// subscriber numbers, shared by `PHONE_SLOTS` numbers per customer).
pub const MAX_CUSTOMERS: usize = 1_000_000;

fn plan(country: &str) -> Option<&'static MobilePlan> {
    MOBILE_PLANS.iter().find(|p| p.country == country)
}

/// Multiplier of the scrambling permutation: coprime to 2, 3, 5 and 17, the prime factors of
/// every plan's size, and chosen so that neighbours' last digits differ (tested).
const SCRAMBLE: u64 = 3_141_593;

/// The mobile number number `counter` of `country`, as "+CC PREFIX SUBSCRIBER" (or, when
/// `national`, "PREFIX SUBSCRIBER", to be read in the customer's country). A plan has
/// `prefixes × 10^free_digits` numbers; an affine permutation of that range (its factor is
/// coprime to the size) scatters the counter, and the result is split into prefix and
/// subscriber. Every step is a bijection, so distinct counters give distinct numbers, and
/// neighbours (one contact's two phones) do not look alike.
pub fn mobile(country: &str, counter: u64, national: bool) -> Option<String> {
    let plan = plan(country)?;
    let prefixes = plan.prefixes.len() as u64;
    let size = prefixes * 10_u64.pow(plan.free_digits);
    if counter >= size {
        return None;
    }
    let scrambled = (counter * SCRAMBLE + 4_711) % size;
    let prefix = plan.prefixes[(scrambled % prefixes) as usize];
    // A second affine map (factor coprime to 10) stirs the digits within the prefix.
    let subscriber = (scrambled / prefixes * 7_654_321 + 1_234_567) % 10_u64.pow(plan.free_digits);
    let mut out = String::with_capacity(20);
    // A national number that starts like the calling code (Italian 39x) is read as
    // international by the parser: write those with the code.
    if !national || prefix.starts_with(plan.calling_code) {
        let _ = write!(out, "+{} ", plan.calling_code);
    }
    let width = plan.free_digits as usize;
    let _ = write!(out, "{prefix} {subscriber:0width$}");
    Some(out)
}

/// Appends `text` lower-cased and transliterated to ASCII letters, dropping spaces,
/// apostrophes and anything else (`sep` replaces spaces when given).
pub fn push_slug(out: &mut String, text: &str, sep: Option<char>) {
    for c in text.chars() {
        match c {
            'a'..='z' | '0'..='9' => out.push(c),
            'A'..='Z' => out.push(c.to_ascii_lowercase()),
            'ä' | 'Ä' => out.push_str("ae"),
            'ö' | 'Ö' => out.push_str("oe"),
            'ü' | 'Ü' => out.push_str("ue"),
            'ß' => out.push_str("ss"),
            'à' | 'á' | 'â' | 'À' | 'Á' | 'Â' => out.push('a'),
            'è' | 'é' | 'ê' | 'ë' | 'È' | 'É' | 'Ê' => out.push('e'),
            'ì' | 'í' | 'î' | 'ï' | 'Í' => out.push('i'),
            'ò' | 'ó' | 'ô' | 'Ó' => out.push('o'),
            'ù' | 'ú' | 'û' | 'Ú' => out.push('u'),
            'ç' => out.push('c'),
            'ñ' => out.push('n'),
            ' ' | '-' | '&' => {
                if let Some(sep) = sep.filter(|&sep| !out.is_empty() && !out.ends_with(sep)) {
                    out.push(sep);
                }
            }
            _ => {}
        }
    }
}

/// `first.last.INDEX@provider`: the index after the last dot makes it unique.
pub fn person_email(first: &str, last: &str, index: usize, provider: &str) -> String {
    let mut out = String::with_capacity(48);
    push_slug(&mut out, first, None);
    out.push('.');
    push_slug(&mut out, last, None);
    let _ = write!(out, ".{index}@{provider}");
    out
}

/// `flastINDEX@provider`: no dots in the local part, so it never equals a `person_email`.
pub fn person_alt_email(first: &str, last: &str, index: usize, provider: &str) -> String {
    let mut out = String::with_capacity(40);
    if let Some(initial) = first.chars().next() {
        push_slug(&mut out, initial.encode_utf8(&mut [0; 4]), None);
    }
    push_slug(&mut out, last, None);
    let _ = write!(out, "{index}@{provider}");
    out
}

/// `company-words-INDEX.example`: one domain per customer, unique by its index.
pub fn company_domain(words: &str, index: usize) -> String {
    let mut out = String::with_capacity(40);
    push_slug(&mut out, words, Some('-'));
    let _ = write!(out, "-{index}.example");
    out
}

/// `first.last@domain`, or `first.last.N@domain` when `n > 0` (two colleagues of the same
/// name).
pub fn work_email(first: &str, last: &str, n: usize, domain: &str) -> String {
    let mut out = String::with_capacity(48);
    push_slug(&mut out, first, None);
    out.push('.');
    push_slug(&mut out, last, None);
    if n > 0 {
        let _ = write!(out, ".{n}");
    }
    out.push('@');
    out.push_str(domain);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crm_core::values::{CountryCode, Phone};
    use std::collections::HashSet;

    #[test]
    fn every_plan_gives_valid_distinct_numbers() {
        for plan in MOBILE_PLANS {
            let country = CountryCode::parse(plan.country).ok();
            let mut seen = HashSet::new();
            let span = plan.prefixes.len() as u64 * 10_u64.pow(plan.free_digits);
            let counters: std::collections::BTreeSet<u64> =
                (0..500).chain((0..500).map(|k| span - 1 - k)).chain((0..500).map(|k| k * 104_729 % span)).collect();
            for counter in counters {
                for national in [false, true] {
                    let raw = mobile(plan.country, counter, national).unwrap_or_default();
                    let parsed = Phone::parse(&raw, country.as_ref());
                    assert!(parsed.is_ok(), "{} counter {counter}: `{raw}` {parsed:?}", plan.country);
                    if !national {
                        assert!(seen.insert(parsed.map(|p| p.as_str().to_owned()).unwrap_or_default()), "{raw} repeated");
                    }
                }
            }
            assert!(mobile(plan.country, span, false).is_none());
            // One contact's two phones (slots 0 and 1) do not end alike.
            for customer in 0..1000 {
                let first = mobile(plan.country, customer * PHONE_SLOTS, false).unwrap_or_default();
                let second = mobile(plan.country, customer * PHONE_SLOTS + 1, false).unwrap_or_default();
                assert_ne!(first[first.len() - 4..], second[second.len() - 4..], "{first} and {second} look alike");
            }
            assert!(span / PHONE_SLOTS >= MAX_CUSTOMERS as u64, "{}", plan.country);
        }
    }

    #[test]
    fn slugs_are_plain_ascii() {
        let mut out = String::new();
        push_slug(&mut out, "D'Angelo Müller & Söhne", Some('-'));
        assert_eq!(out, "dangelo-mueller-soehne");
        assert_eq!(person_email("José", "García", 7, "mail.example"), "jose.garcia.7@mail.example");
        assert_eq!(person_alt_email("Élodie", "Dupont", 7, "mail.example"), "edupont7@mail.example");
        assert_eq!(company_domain("Van den Berg Bouw", 12), "van-den-berg-bouw-12.example");
    }
}
