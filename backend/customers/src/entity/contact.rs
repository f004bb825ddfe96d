use crate::domain::{Channel, ConsentStatus, Consents, Emails, Phones};
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "contacts")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub customer_id: Uuid,
    pub first_name: String,
    pub last_name: String,
    /// "last first", lower-cased: sort key and search target.
    pub name_sort: String,
    pub job_title: Option<String>,
    pub emails: Emails,
    pub phones: Phones,
    pub preferred_channel: Option<Channel>,
    /// The customer's main contact (for a PERSON customer, the person).
    pub is_primary: bool,
    /// Full consent records (when, how); the `*_consent` columns copy each status for
    /// filtering.
    pub consents: Consents,
    pub email_consent: ConsentStatus,
    pub phone_consent: ConsentStatus,
    pub sms_consent: ConsentStatus,
    pub post_consent: ConsentStatus,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
    pub version: i32,
    pub archived_at: Option<DateTimeUtc>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    #[sea_orm(belongs_to = "super::customer::Entity", from = "Column::CustomerId", to = "super::customer::Column::Id")]
    Customer,
}

impl Related<super::customer::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Customer.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
