use crate::domain::AgentPresence;
use sea_orm::entity::prelude::*;

/// A member of the service desk as routing sees them: whether they take tickets now, how many
/// they work at once, and their skills. A desk user without a row is OFFLINE with the default
/// capacity and no skills.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "service_agents")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub user_id: Uuid,
    pub presence: AgentPresence,
    /// When the presence last changed.
    pub presence_since: DateTimeUtc,
    /// The most NEW and OPEN tickets routing assigns them at once.
    pub capacity: i32,
    /// JSON list of language codes (`["en","it"]`).
    pub languages: String,
    /// JSON list of ticket categories, in lower case.
    pub categories: String,
    /// When routing last gave them a ticket (round robin: the longest waiting goes first).
    pub last_assigned_at: Option<DateTimeUtc>,
    /// Their phone extension: calls ringing there pop on their screen.
    pub extension: Option<String>,
    /// The calendar of their working hours (notifications wait for them); none: their
    /// ticket's queue's calendar.
    pub calendar_id: Option<Uuid>,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
    pub version: i32,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
