use crate::domain::{CallDirection, CallOutcome, CallStatus, CallbackStatus};
use sea_orm::entity::prelude::*;

/// A phone call between the company and a customer (or an unknown caller), as the telephony
/// reported it and the agent wrapped it up.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "calls")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    /// The telephony's own id of the call: what makes a repeated event a no-op.
    pub external_id: String,
    pub direction: CallDirection,
    pub status: CallStatus,
    /// The caller's number in E.164 (`+390212345678`), as given when it is not a valid number;
    /// none for a withheld number.
    pub from_number: Option<String>,
    pub to_number: Option<String>,
    /// The extension the call rang at or was answered on.
    pub extension: Option<String>,
    /// The agent of that extension.
    pub agent_id: Option<Uuid>,
    /// Whom the caller was recognised as (by number) or linked to by an agent.
    pub customer_id: Option<Uuid>,
    pub contact_id: Option<Uuid>,
    /// The ticket the call opened or was about.
    pub ticket_id: Option<Uuid>,
    pub started_at: DateTimeUtc,
    pub answered_at: Option<DateTimeUtc>,
    pub ended_at: Option<DateTimeUtc>,
    pub duration_seconds: Option<i32>,
    pub recording_url: Option<String>,
    pub outcome: Option<CallOutcome>,
    /// The agent's wrap-up notes (internal).
    pub wrap_up: Option<String>,
    pub wrapped_up_by_id: Option<Uuid>,
    pub wrapped_up_at: Option<DateTimeUtc>,
    /// Set on an inbound missed call: the callback queue.
    pub callback_status: Option<CallbackStatus>,
    pub callback_by_id: Option<Uuid>,
    pub callback_at: Option<DateTimeUtc>,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
    pub version: i32,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
