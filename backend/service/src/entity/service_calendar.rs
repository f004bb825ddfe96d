use sea_orm::entity::prelude::*;

/// The working hours of one or more queues, in their time zone.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "service_calendars")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub name: String,
    /// IANA name (`Europe/Rome`).
    pub time_zone: String,
    /// JSON list of `WorkingBlock`s.
    pub hours: String,
    /// JSON list of dates (`2026-12-25`) in the calendar's zone.
    pub holidays: String,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
    pub archived_at: Option<DateTimeUtc>,
    pub version: i32,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
