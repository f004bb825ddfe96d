use sea_orm::entity::prelude::*;

/// What one unit of `currency` is worth in `quote_currency` from `valid_from` until the next
/// rate of the pair.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "exchange_rates")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub currency: String,
    /// The corporate currency when the rate was entered.
    pub quote_currency: String,
    pub valid_from: Date,
    /// Units of `quote_currency` per unit of `currency`, × 10⁸.
    pub rate: i64,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
