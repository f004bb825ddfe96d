//! Small value types of the API used across domains.

use async_graphql::SimpleObject;
use crm_core::values::CountryCode;
use rust_decimal::Decimal;

/// An amount of money in a currency.
#[derive(SimpleObject, Debug, Clone)]
pub struct Money {
    /// Exact decimal amount.
    pub amount: Decimal,
    /// ISO 4217 currency code.
    pub currency: String,
}

impl Money {
    /// From the stored text form; `None` when either part is missing or unreadable.
    pub fn from_stored(amount: Option<&str>, currency: Option<&str>) -> Option<Self> {
        Some(Self { amount: amount?.parse().ok()?, currency: currency?.to_owned() })
    }

    /// From an amount stored scaled by 10⁴ (sales tables).
    pub fn from_scaled(scaled: i64, currency: &str) -> Self {
        Self { amount: crm_core::values::from_scaled(scaled), currency: currency.to_owned() }
    }
}

/// A country, as an ISO 3166-1 alpha-2 code and its English name.
#[derive(SimpleObject, Debug, Clone)]
pub struct Country {
    /// ISO 3166-1 alpha-2 code, e.g. `IT`.
    pub code: String,
    /// English short name, e.g. "Italy".
    pub name: String,
}

impl Country {
    pub fn from_code(code: Option<&str>) -> Option<Self> {
        let code = code?;
        Some(Self { code: code.to_owned(), name: CountryCode::name_of(code).unwrap_or(code).to_owned() })
    }
}

/// Amounts in several currencies and their total in the corporate currency (a closed deal at
/// the exchange rate of the day it closed, an open one at today's).
#[derive(SimpleObject, Debug, Clone)]
pub struct ConvertedAmount {
    /// The total in the corporate currency of the amounts that had a rate on their day.
    pub total: Money,
    /// The amounts as they are, one per currency.
    pub by_currency: Vec<Money>,
    /// Currencies some amount of which had no exchange rate on its day: those amounts are in
    /// `byCurrency` but not in `total`. Empty when the total is complete.
    pub unconverted_currencies: Vec<String>,
}

impl ConvertedAmount {
    pub fn new(corporate: &str, converted: &crm_sales::pipeline::metrics::Converted) -> Self {
        Self {
            total: Money { amount: converted.total.normalize(), currency: corporate.to_owned() },
            by_currency: converted
                .by_currency
                .iter()
                .map(|(currency, amount)| Money { amount: amount.normalize(), currency: currency.clone() })
                .collect(),
            unconverted_currencies: converted.unconverted.iter().cloned().collect(),
        }
    }
}
