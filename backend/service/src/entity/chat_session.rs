use crate::domain::{ChatEnding, ChatStatus};
use sea_orm::entity::prelude::*;

/// A live chat on a ticket between the customer's user who started it and an agent: where it
/// stands, who is typing and what each side has read. Its messages are the ticket's.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "chat_sessions")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub ticket_id: Uuid,
    pub customer_id: Uuid,
    /// The customer's user who started it.
    pub user_id: Uuid,
    /// The agent it went to, or the person of the desk who answered it first.
    pub agent_id: Option<Uuid>,
    pub status: ChatStatus,
    pub ending: Option<ChatEnding>,
    pub started_at: DateTimeUtc,
    /// The desk's first reply.
    pub answered_at: Option<DateTimeUtc>,
    pub ended_at: Option<DateTimeUtc>,
    /// When each side last said it was typing.
    pub customer_typing_at: Option<DateTimeUtc>,
    pub agent_typing_at: Option<DateTimeUtc>,
    /// Up to when each side has read the conversation.
    pub customer_read_at: Option<DateTimeUtc>,
    pub agent_read_at: Option<DateTimeUtc>,
    /// Each side's last message.
    pub customer_last_at: Option<DateTimeUtc>,
    pub agent_last_at: Option<DateTimeUtc>,
    /// The transcript on the customer's timeline, once ended.
    pub interaction_id: Option<Uuid>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
