use crate::domain::{NotificationKind, SlaTarget};
use sea_orm::entity::prelude::*;

/// Something a desk user should know about a ticket ("its first response falls due in 30
/// working minutes"), held until their working hours. The recipient marks it read.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "service_notifications")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub recipient_id: Uuid,
    pub kind: NotificationKind,
    pub ticket_id: Uuid,
    /// The SLA clock it is about.
    pub target: Option<SlaTarget>,
    /// The time due it warns of, or the one missed.
    pub due_at: Option<DateTimeUtc>,
    pub created_at: DateTimeUtc,
    /// The first moment of the recipient's working hours at or after it was created: they
    /// see it from then on.
    pub deliver_at: DateTimeUtc,
    /// When it went out live (claimed once, by one server).
    pub delivered_at: Option<DateTimeUtc>,
    pub read_at: Option<DateTimeUtc>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
