//! Value types of the catalog, stored as text and exposed in the API under the same names.

/// What one unit of a product is; declared in `crm-contract`, shared with the browser app.
pub use crm_contract::sales::ProductUnit;

/// Lowest and highest tier: the rungs of a family's up-sell ladder (1 = entry level).
pub const TIERS: std::ops::RangeInclusive<i32> = 1..=9;
