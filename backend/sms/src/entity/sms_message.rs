use crate::domain::{InteractionDirection, SmsStatus};
use sea_orm::entity::prelude::*;

/// One text message, received or sent.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "sms_messages")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub direction: InteractionDirection,
    pub status: SmsStatus,
    /// The gateway's id of the message: what its delivery reports name, what makes a received
    /// text delivered twice recognisable.
    pub provider_id: Option<String>,
    /// E.164.
    pub from_number: String,
    /// E.164.
    pub to_number: String,
    pub text: String,
    pub customer_id: Option<Uuid>,
    pub contact_id: Option<Uuid>,
    pub ticket_id: Option<Uuid>,
    pub ticket_message_id: Option<Uuid>,
    pub attempts: i32,
    pub next_attempt_at: Option<DateTimeUtc>,
    pub leased_until: Option<DateTimeUtc>,
    /// Why the last attempt failed, why it was refused, or the failed delivery's report.
    pub last_error: Option<String>,
    pub sent_at: Option<DateTimeUtc>,
    pub delivered_at: Option<DateTimeUtc>,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
