//! Value types of quotes, stored as text and exposed in the API under the same names;
//! declared in `crm-contract`, shared with the browser app. The quote rules stay here
//! ([`QuoteStatusRules`]).

use chrono::NaiveDate;

pub use crm_contract::sales::{QuoteStatus, Seller};

/// The quote rules about a status.
pub trait QuoteStatusRules: Copy {
    /// The status as of `today`: a SENT quote past its validity date is EXPIRED, whether or
    /// not anyone has touched it since.
    fn as_of(self, valid_until: NaiveDate, today: NaiveDate) -> Self;
}

impl QuoteStatusRules for QuoteStatus {
    fn as_of(self, valid_until: NaiveDate, today: NaiveDate) -> Self {
        match self {
            Self::Sent if valid_until < today => Self::Expired,
            other => other,
        }
    }
}
