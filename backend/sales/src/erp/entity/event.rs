use sea_orm::entity::prelude::*;

/// An event waiting for (or done with) delivery to the ERP.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "outbox_events")]
pub struct Model {
    /// Also the idempotency key of every delivery.
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    /// `order.placed`.
    pub topic: String,
    /// The order.
    pub aggregate_id: Uuid,
    /// The JSON body sent.
    pub payload: String,
    pub created_at: DateTimeUtc,
    /// When the next attempt is due.
    pub available_at: DateTimeUtc,
    /// Held by a worker until then (a crashed worker's lease simply runs out).
    pub lease_until: Option<DateTimeUtc>,
    pub attempts: i32,
    pub delivered_at: Option<DateTimeUtc>,
    /// Set when the attempts ran out; an admin's replay clears it.
    pub failed_at: Option<DateTimeUtc>,
    pub last_error: Option<String>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
