//! Dates, numbers, money and country names for the reader's locale, by the browser's `Intl`
//! (no locale data ships in the app). Outside a browser (unit tests) they fall back to the
//! raw values.

use js_sys::{Array, Intl, Object, Reflect};
use wasm_bindgen::{JsCast, JsValue};

fn options(pairs: &[(&str, &str)]) -> Object {
    let object = Object::new();
    for (key, value) in pairs {
        // Setting a property on a fresh plain object cannot fail.
        let _ = Reflect::set(&object, &JsValue::from_str(key), &JsValue::from_str(value));
    }
    object
}

fn locales(tag: &str) -> Array {
    Array::of1(&JsValue::from_str(tag))
}

fn call_format(formatter: &js_sys::Function, value: &JsValue) -> Option<String> {
    formatter.call1(&JsValue::UNDEFINED, value).ok()?.as_string()
}

/// Today plus `days`, as `YYYY-MM-DD` in the person's time zone.
pub fn local_date(days: i32) -> String {
    let date = js_sys::Date::new_0();
    date.set_date((date.get_date() as i32 + days) as u32);
    ymd(&date)
}

/// The instant `days` days ago, as RFC 3339 (UTC).
pub fn days_ago(days: i32) -> String {
    let at = js_sys::Date::new_0();
    at.set_time(at.get_time() - f64::from(days) * 86_400_000.0);
    String::from(at.to_iso_string())
}

/// The first and the last day of this month in the person's time zone, as `YYYY-MM-DD`.
pub fn this_month() -> (String, String) {
    let today = js_sys::Date::new_0();
    let first = js_sys::Date::new_with_year_month_day(today.get_full_year(), today.get_month() as i32, 1);
    // Day 0 of the next month is the last day of this one.
    let last = js_sys::Date::new_with_year_month_day(today.get_full_year(), today.get_month() as i32 + 1, 0);
    (ymd(&first), ymd(&last))
}

fn ymd(date: &js_sys::Date) -> String {
    format!("{:04}-{:02}-{:02}", date.get_full_year(), date.get_month() + 1, date.get_date())
}

/// Whether an open deal's expected close date (`YYYY-MM-DD`) has passed: before `today`.
pub fn is_overdue(close: &str, today: &str) -> bool {
    !close.is_empty() && close < today
}

/// A timestamp (RFC 3339) as a date and time, e.g. "23 Nov 2026, 14:05".
pub fn date_time(tag: &str, rfc3339: &str) -> String {
    let date = js_sys::Date::new(&JsValue::from_str(rfc3339));
    if date.get_time().is_nan() {
        return rfc3339.to_owned();
    }
    let format = Intl::DateTimeFormat::new(&locales(tag), &options(&[("dateStyle", "medium"), ("timeStyle", "short")]));
    call_format(&format.format(), &date).unwrap_or_else(|| rfc3339.to_owned())
}

/// A file's size in the reader's language, e.g. "12 kB", "1.2 MB" ("1,2 MB" in Italian).
pub fn file_size(tag: &str, bytes: i64) -> String {
    let (value, unit, digits) = match bytes {
        ..1_000 => (bytes as f64, "byte", "0"),
        1_000..1_000_000 => (bytes as f64 / 1_000.0, "kilobyte", "0"),
        _ => (bytes as f64 / 1_000_000.0, "megabyte", "1"),
    };
    let format = Intl::NumberFormat::new(&locales(tag), &options(&[("style", "unit"), ("unit", unit), ("maximumFractionDigits", digits)]));
    call_format(&format.format(), &JsValue::from_f64(value)).unwrap_or_else(|| format!("{bytes} B"))
}

/// A timestamp (RFC 3339) as a date, e.g. "23 Nov 2026".
pub fn date(tag: &str, rfc3339: &str) -> String {
    let date = js_sys::Date::new(&JsValue::from_str(rfc3339));
    if date.get_time().is_nan() {
        return rfc3339.to_owned();
    }
    let format = Intl::DateTimeFormat::new(&locales(tag), &options(&[("dateStyle", "medium")]));
    call_format(&format.format(), &date).unwrap_or_else(|| rfc3339.to_owned())
}

/// A calendar date (`YYYY-MM-DD`, no time zone), e.g. "23 Nov 2026". Formatted in UTC, where
/// `Date` places it, so the day does not shift in the reader's time zone.
pub fn calendar_date(tag: &str, ymd: &str) -> String {
    let date = js_sys::Date::new(&JsValue::from_str(ymd));
    if date.get_time().is_nan() {
        return ymd.to_owned();
    }
    let format = Intl::DateTimeFormat::new(&locales(tag), &options(&[("dateStyle", "medium"), ("timeZone", "UTC")]));
    call_format(&format.format(), &date).unwrap_or_else(|| ymd.to_owned())
}

/// A whole number with the locale's grouping, e.g. "100,000" / "100.000".
pub fn integer(tag: &str, value: i64) -> String {
    let format = Intl::NumberFormat::new(&locales(tag), &Object::new());
    // i64 counts of records fit f64 exactly far beyond any list size.
    #[allow(clippy::cast_precision_loss)]
    let number = JsValue::from_f64(value as f64);
    call_format(&format.format(), &number).unwrap_or_else(|| value.to_string())
}

/// A count, with "+" when counting stopped there ("10,000+").
pub fn at_least(tag: &str, value: i64, more: bool) -> String {
    let number = integer(tag, value);
    if more {
        format!("{number}+")
    } else {
        number
    }
}

/// An exact decimal amount in a currency, e.g. "€ 12.500,00". The amount is handed to `Intl`
/// as a string, which formats it without going through floating point.
pub fn money(tag: &str, amount: &str, currency: &str) -> String {
    let format = Intl::NumberFormat::new(&locales(tag), &options(&[("style", "currency"), ("currency", currency)]));
    call_format(&format.format(), &JsValue::from_str(amount)).unwrap_or_else(|| format!("{amount} {currency}"))
}

/// A total in the corporate currency with the original amounts beside it when another
/// currency is involved: "€870,154.00 (from €800,000.00 + $80,517.80)". `from` words the
/// originals for the locale.
pub fn converted(tag: &str, total: (&str, &str), originals: &[(String, String)], from: fn(&str) -> String) -> String {
    let total_text = money(tag, total.0, total.1);
    if originals.iter().all(|(_, currency)| currency == total.1) {
        return total_text;
    }
    let parts: Vec<String> = originals.iter().map(|(amount, currency)| money(tag, amount, currency)).collect();
    format!("{total_text} ({})", from(&parts.join(" + ")))
}

/// A calendar day in UTC, where `Date` places a `YYYY-MM-DD`.
fn utc_day(year: i32, month: u32, day: u32) -> js_sys::Date {
    js_sys::Date::new(&JsValue::from_f64(js_sys::Date::utc(year as f64, (month - 1) as f64) + (day - 1) as f64 * 86_400_000.0))
}

fn utc_format(tag: &str, pairs: &[(&str, &str)], date: &js_sys::Date) -> String {
    let mut with_zone = pairs.to_vec();
    with_zone.push(("timeZone", "UTC"));
    let format = Intl::DateTimeFormat::new(&locales(tag), &options(&with_zone));
    call_format(&format.format(), date).unwrap_or_default()
}

/// 22 November 2033 in the locale's short numeric form ("11/22/2033", "22/11/2033"): day,
/// month and year all differ, so their order and separator can be read from it.
pub fn numeric_date_sample(tag: &str) -> String {
    utc_format(tag, &[("day", "2-digit"), ("month", "2-digit"), ("year", "numeric")], &utc_day(2033, 11, 22))
}

/// A month's title in the locale ("December 2026", "dicembre 2026").
pub fn month_title(tag: &str, year: i32, month: u32) -> String {
    utc_format(tag, &[("month", "long"), ("year", "numeric")], &utc_day(year, month, 1))
}

/// A weekday's short name, Monday = 0 ("Mon", "lun").
pub fn weekday_short(tag: &str, monday_based: u32) -> String {
    // 3 January 2033 is a Monday.
    utc_format(tag, &[("weekday", "short")], &utc_day(2033, 1, 3 + monday_based))
}

/// A day in full, for a calendar's buttons ("Tuesday, 22 November 2033").
pub fn long_date(tag: &str, year: i32, month: u32, day: u32) -> String {
    utc_format(tag, &[("dateStyle", "full")], &utc_day(year, month, day))
}

/// A country's name in the locale's language from its ISO code ("IT" → "Italia").
pub fn country(tag: &str, code: &str) -> String {
    region_name(tag, code).unwrap_or_else(|| code.to_owned())
}

fn region_name(tag: &str, code: &str) -> Option<String> {
    // `Intl.DisplayNames` is not bound by js-sys; it is reached through the global object.
    let intl = Reflect::get(&js_sys::global(), &JsValue::from_str("Intl")).ok()?;
    let constructor: js_sys::Function = Reflect::get(&intl, &JsValue::from_str("DisplayNames")).ok()?.dyn_into().ok()?;
    let args = Array::of2(&locales(tag), &options(&[("type", "region")]));
    let names = Reflect::construct(&constructor, &args).ok()?;
    let of: js_sys::Function = Reflect::get(&names, &JsValue::from_str("of")).ok()?.dyn_into().ok()?;
    of.call1(&names, &JsValue::from_str(code)).ok()?.as_string()
}

/// ISO codes offered by the country pickers: the markets the company sells in first.
pub const COUNTRY_CODES: &[&str] = &[
    "IT", "DE", "FR", "ES", "PT", "GB", "IE", "NL", "BE", "LU", "CH", "AT", "DK", "SE", "NO", "FI", "PL", "CZ", "SK", "HU", "SI", "HR",
    "RO", "BG", "GR", "MT", "CY", "EE", "LV", "LT", "US", "CA", "MX", "BR", "AR", "CL", "AU", "NZ", "JP", "CN", "IN", "SG", "AE", "IL",
    "TR", "ZA", "MA", "EG",
];

/// A ratio as the API sends it (an exact decimal string, `0.4567`) as a percentage with at
/// most one decimal, e.g. "45.7%" / "45,7%". Handed to `Intl` as a string, like money.
pub fn percent(tag: &str, ratio: &str) -> String {
    let format = Intl::NumberFormat::new(&locales(tag), &options(&[("style", "percent"), ("maximumFractionDigits", "1")]));
    call_format(&format.format(), &JsValue::from_str(ratio)).unwrap_or_else(|| ratio.to_owned())
}

/// An exact decimal (a string) with the locale's separators and at most one decimal, e.g.
/// "12.5" / "12,5".
pub fn decimal(tag: &str, value: &str) -> String {
    let format = Intl::NumberFormat::new(&locales(tag), &options(&[("maximumFractionDigits", "1")]));
    call_format(&format.format(), &JsValue::from_str(value)).unwrap_or_else(|| value.to_owned())
}

/// A month (`YYYY-MM`) as the locale names it, e.g. "Nov 2026" / "nov 2026".
pub fn month(tag: &str, year_month: &str) -> String {
    let date = js_sys::Date::new(&JsValue::from_str(&format!("{year_month}-01")));
    if date.get_time().is_nan() {
        return year_month.to_owned();
    }
    let format = Intl::DateTimeFormat::new(&locales(tag), &options(&[("month", "short"), ("year", "numeric"), ("timeZone", "UTC")]));
    call_format(&format.format(), &date).unwrap_or_else(|| year_month.to_owned())
}
