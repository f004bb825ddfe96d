use crate::domain::{ScriptChannel, ScriptEnding, ScriptRunStatus};
use sea_orm::entity::prelude::*;

/// A run of a published version: by an agent in a call or a ticket, or by the chatbot with a
/// customer; where it is and how it ended.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "script_runs")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub script_id: Uuid,
    pub version_id: Uuid,
    pub channel: ScriptChannel,
    pub status: ScriptRunStatus,
    /// Who runs it: the agent, or the customer's user.
    pub user_id: Option<Uuid>,
    pub customer_id: Option<Uuid>,
    pub call_id: Option<Uuid>,
    pub ticket_id: Option<Uuid>,
    pub current_node: String,
    pub ending: Option<ScriptEnding>,
    /// The ticket a hand-off opened or updated.
    pub handoff_ticket_id: Option<Uuid>,
    /// Nodes reached so far (the guard of each step).
    pub steps: i32,
    pub started_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
    pub ended_at: Option<DateTimeUtc>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
