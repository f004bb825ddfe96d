use crate::orders::domain::OrderStatus;
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "orders")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    /// `O-2026-00042`.
    pub number: String,
    pub customer_id: Uuid,
    /// The accepted quote it came from (at most one order per quote).
    pub quote_id: Option<Uuid>,
    pub opportunity_id: Option<Uuid>,
    pub owner_id: Option<Uuid>,
    pub partner_id: Option<Uuid>,
    pub currency: String,
    pub status: OrderStatus,
    /// Rates and amounts × 10⁴.
    pub tax_percent: i64,
    pub list_total: i64,
    pub subtotal: i64,
    pub tax_amount: i64,
    pub total: i64,
    /// Why the credit check held it.
    pub hold_reason: Option<String>,
    /// Who released the hold, as the audit labels them (their email).
    pub released_by: Option<String>,
    /// The user who released the hold.
    pub released_by_id: Option<Uuid>,
    /// The releasing manager's note.
    pub release_note: Option<String>,
    /// The ERP's own id of the order.
    pub erp_reference: Option<String>,
    pub cancel_reason: Option<String>,
    pub status_changed_at: DateTimeUtc,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
    pub version: i32,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
