use crate::quotes::domain::QuoteStatus;
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "quotes")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    /// `Q-2026-00042`, shared by every revision.
    pub number: String,
    pub revision: i32,
    pub previous_id: Option<Uuid>,
    pub opportunity_id: Uuid,
    /// The opportunity's customer, owner and partner, copied so quotes are scoped like it.
    pub customer_id: Uuid,
    pub owner_id: Option<Uuid>,
    pub partner_id: Option<Uuid>,
    pub price_book_id: Uuid,
    pub currency: String,
    pub status: QuoteStatus,
    pub valid_until: Date,
    pub terms: Option<String>,
    /// Amounts and rates × 10⁴ (`values::to_scaled`).
    pub tax_percent: i64,
    pub list_total: i64,
    pub subtotal: i64,
    pub tax_amount: i64,
    pub total: i64,
    pub sent_at: Option<DateTimeUtc>,
    pub decided_at: Option<DateTimeUtc>,
    pub decided_by: Option<String>,
    /// Who let a discount above the seller's limit go to the customer, and when.
    pub discount_approved_by: Option<String>,
    pub discount_approved_at: Option<DateTimeUtc>,
    /// Why a sales manager returned it to draft instead.
    pub approval_note: Option<String>,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
    pub version: i32,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
