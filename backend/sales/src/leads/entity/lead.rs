use crate::leads::domain::LeadStatus;
use crate::pipeline::domain::LeadSource;
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "leads")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub first_name: String,
    pub last_name: String,
    /// "last first", lower-cased: sort key and search target.
    pub name_sort: String,
    pub company: Option<String>,
    pub job_title: Option<String>,
    /// Lower-cased.
    pub email: Option<String>,
    /// E.164.
    pub phone: Option<String>,
    pub country_code: Option<String>,
    pub region: Option<String>,
    pub city: Option<String>,
    pub source: LeadSource,
    pub campaign: Option<String>,
    pub message: Option<String>,
    pub status: LeadStatus,
    pub disqualified_reason: Option<String>,
    pub owner_id: Option<Uuid>,
    pub partner_id: Option<Uuid>,
    pub converted_at: Option<DateTimeUtc>,
    pub customer_id: Option<Uuid>,
    pub contact_id: Option<Uuid>,
    pub opportunity_id: Option<Uuid>,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
    pub version: i32,
    pub archived_at: Option<DateTimeUtc>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
