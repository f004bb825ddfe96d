use sea_orm::entity::prelude::*;

/// The company's profile: one row, with the fixed id `profile::PROFILE_ID`.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "company_profile")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub legal_name: String,
    pub street: Option<String>,
    pub postal_code: Option<String>,
    pub city: Option<String>,
    pub region: Option<String>,
    /// ISO 3166-1 alpha-2.
    pub country_code: Option<String>,
    pub vat_number: Option<String>,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub website: Option<String>,
    pub bank_details: Option<String>,
    pub footer: Option<String>,
    /// The logo as uploaded (PNG or JPEG, checked by `logo::check`).
    #[sea_orm(column_type = "Blob", nullable)]
    pub logo: Option<Vec<u8>>,
    /// `image/png` or `image/jpeg`.
    pub logo_type: Option<String>,
    /// ISO 4217: the currency totals across currencies are shown in.
    pub corporate_currency: String,
    /// Whether a customer's portal shows its partner organisation.
    pub portal_shows_partner: bool,
    /// Whether a customer's portal shows its credit limit.
    pub portal_shows_credit_limit: bool,
    pub updated_at: DateTimeUtc,
    pub version: i32,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
