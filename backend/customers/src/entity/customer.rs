use crate::domain::{CustomerKind, Lifecycle, Tags};
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "customers")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub kind: CustomerKind,
    pub name: String,
    /// The customer's id in another system (an ERP, the CRM it came from); unique when set.
    pub external_id: Option<String>,
    /// Lower-cased name: sort key and substring search target.
    pub name_sort: String,
    pub lifecycle: Lifecycle,
    pub industry: Option<String>,
    /// Canonical tag list; `customer_tags` indexes it for filtering.
    pub tags: Tags,
    pub street: Option<String>,
    pub postal_code: Option<String>,
    pub city: Option<String>,
    pub region: Option<String>,
    pub country_code: Option<String>,
    pub owner_id: Option<Uuid>,
    pub partner_id: Option<Uuid>,
    /// Exact decimal as text (both databases store it losslessly).
    pub credit_limit_amount: Option<String>,
    pub credit_limit_currency: Option<String>,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
    pub version: i32,
    pub archived_at: Option<DateTimeUtc>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
