use sea_orm::entity::prelude::*;

/// One attempt to deliver an event.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "outbox_deliveries")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub event_id: Uuid,
    pub attempt: i32,
    pub started_at: DateTimeUtc,
    pub duration_ms: i64,
    /// The ERP's HTTP status, when it answered.
    pub status_code: Option<i32>,
    /// Why the attempt failed (connection error, non-2xx answer).
    pub error: Option<String>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
