//! Quote and order arithmetic, in exact decimals, done only here and only on the server:
//!
//! - a line's list amount is quantity × list price, its net that less the line's discount,
//!   each rounded to the currency's minor unit (half away from zero, as invoices do);
//! - the subtotal is the sum of the nets, the tax the subtotal × tax rate (rounded once, on
//!   the subtotal), the total subtotal + tax.

use crm_core::error::{AppError, AppResult, InputReason};
use rust_decimal::{Decimal, RoundingStrategy};

/// Most lines on one document.
pub const MAX_LINES: usize = 100;
/// Largest quantity of one line.
pub const MAX_QUANTITY: i64 = 1_000_000;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LineFigures {
    pub quantity: Decimal,
    pub list_price: Decimal,
    pub discount_percent: Decimal,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Priced {
    /// Net of each line, in input order.
    pub nets: Vec<Decimal>,
    /// Σ quantity × list price (before discounts).
    pub list_total: Decimal,
    pub subtotal: Decimal,
    pub tax_amount: Decimal,
    pub total: Decimal,
}

fn round(value: Decimal, places: u32) -> Decimal {
    value.round_dp_with_strategy(places, RoundingStrategy::MidpointAwayFromZero).normalize()
}

/// Prices lines with `tax_percent` in a currency of `minor_digits` decimals.
pub fn price(lines: &[LineFigures], tax_percent: Decimal, minor_digits: u32) -> Priced {
    let hundred = Decimal::ONE_HUNDRED;
    let mut nets = Vec::with_capacity(lines.len());
    let mut list_total = Decimal::ZERO;
    for line in lines {
        let gross = line.quantity * line.list_price;
        list_total += round(gross, minor_digits);
        nets.push(round(gross * (hundred - line.discount_percent) / hundred, minor_digits));
    }
    let subtotal: Decimal = nets.iter().sum();
    let tax_amount = round(subtotal * tax_percent / hundred, minor_digits);
    Priced {
        nets,
        list_total: list_total.normalize(),
        subtotal: subtotal.normalize(),
        tax_amount,
        total: (subtotal + tax_amount).normalize(),
    }
}

/// A quantity: positive, at most four decimals and `MAX_QUANTITY`.
pub fn quantity(raw: Decimal, field: &str) -> AppResult<Decimal> {
    if raw <= Decimal::ZERO || raw > Decimal::from(MAX_QUANTITY) {
        return Err(AppError::invalid(
            field,
            InputReason::OutOfRange { min: 0, max: MAX_QUANTITY }.with_message("a quantity is above 0 and at most 1,000,000"),
        ));
    }
    if raw.normalize().scale() > 4 {
        return Err(AppError::invalid(field, InputReason::TooManyDecimals { max: 4 }));
    }
    Ok(raw.normalize())
}

/// A percentage (discount, tax): 0 to 100 with at most two decimals.
pub fn percent(raw: Decimal, field: &str) -> AppResult<Decimal> {
    if raw < Decimal::ZERO || raw > Decimal::ONE_HUNDRED {
        return Err(AppError::invalid(field, InputReason::OutOfRange { min: 0, max: 100 }));
    }
    if raw.normalize().scale() > 2 {
        return Err(AppError::invalid(field, InputReason::TooManyDecimals { max: 2 }));
    }
    Ok(raw.normalize())
}

/// Decimals of a currency's minor unit (2 for EUR, 0 for JPY).
pub fn minor_digits(currency: &str) -> u32 {
    iso_currency::Currency::from_code(currency).and_then(|c| c.exponent()).map_or(2, u32::from)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(text: &str) -> Decimal {
        text.parse().unwrap_or_default()
    }

    fn line(quantity: &str, list_price: &str, discount: &str) -> LineFigures {
        LineFigures { quantity: d(quantity), list_price: d(list_price), discount_percent: d(discount) }
    }

    #[test]
    fn lines_discounts_and_tax_are_exact() {
        // 3 × 33.33 = 99.99 less 10 % = 89.991 → 89.99; 2.5 × 0.99 = 2.475 → 2.48 (half up);
        // subtotal 92.47; tax 22 % = 20.3434 → 20.34; total 112.81.
        let priced = price(&[line("3", "33.33", "10"), line("2.5", "0.99", "0")], d("22"), 2);
        assert_eq!(priced.nets, [d("89.99"), d("2.48")]);
        assert_eq!(
            (priced.list_total, priced.subtotal, priced.tax_amount, priced.total),
            (d("102.47"), d("92.47"), d("20.34"), d("112.81"))
        );
    }

    #[test]
    fn tax_is_rounded_once_on_the_subtotal() {
        // Per line, 22 % of 0.05 would round to 0.01 each (0.03); on the subtotal 0.15 it is 0.033 → 0.03.
        let lines = [line("1", "0.05", "0"), line("1", "0.05", "0"), line("1", "0.05", "0")];
        assert_eq!(price(&lines, d("22"), 2).tax_amount, d("0.03"));
        // Half a cent rounds away from zero: 0.125 → 0.13.
        assert_eq!(price(&[line("1", "0.125", "0")], d("0"), 2).subtotal, d("0.13"));
    }

    #[test]
    fn currencies_round_to_their_minor_unit() {
        assert_eq!(minor_digits("JPY"), 0);
        assert_eq!(minor_digits("EUR"), 2);
        assert_eq!(minor_digits("KWD"), 3);
        assert_eq!(price(&[line("3", "333.5", "0")], d("10"), 0).total, d("1101"));
    }

    #[test]
    fn a_full_discount_is_free_and_inputs_are_bounded() {
        assert_eq!(price(&[line("4", "25", "100")], d("22"), 2).total, Decimal::ZERO);
        assert!(quantity(d("0"), "q").is_err());
        assert!(quantity(d("0.00001"), "q").is_err());
        assert!(percent(d("100.01"), "p").is_err());
        assert!(percent(d("12.345"), "p").is_err());
        assert_eq!(percent(d("12.50"), "p").ok(), Some(d("12.5")));
    }
}
