//! Live chat over GraphQL: a ticket's chat (`Ticket.chat`), the desk's live chats
//! (`liveChats`, and `liveChatsChanged` over `/graphql/ws`), and the mutations each side
//! uses (`startChat`, `chatTyping`, `markChatRead`, `endChat`); messages are the ticket's
//! (`addTicketMessage`), and `ticketChanged` follows the chat as well. The rules are
//! `crm_service::chat`'s.

use crate::identity::{User, UserById};
use crate::loaders::TicketById;
use crate::request::{loader, RequestLoader};
use crate::service::Ticket;
use crate::{app, caller, payload};
use async_graphql::dataloader::Loader;
use async_graphql::futures_util::stream::Stream;
use async_graphql::{Context, Object, Result, SimpleObject, Subscription, ID};
use chrono::{DateTime, Utc};
use crm_core::context::AppContext;
use crm_core::db::Db;
use crm_core::event_log::{Event, Follow};
use crm_core::principal::Principal;
use crm_core::visible::{Seen, Visible};
use crm_service::access::{chat_side, Side, TicketScope};
use crm_service::chat;
use crm_service::domain::{ChatEnding, ChatStatus};
use crm_service::entity::{chat_session, ticket};
use crm_service::inputs::StartChatInput;
use std::collections::HashMap;

/// A live chat on a ticket between the customer's user who started it and the service desk.
#[derive(Clone)]
pub struct ChatSession(Visible<chat_session::Model>);

/// A live chat on a ticket between the customer's user who started it and the service desk:
/// where it stands, who is typing and what each side has read. Its messages are the ticket's
/// (`Ticket.messages`); the `viewer…` and `other…` fields are as the caller's side sees them
/// (the desk's, or the customer's).
#[Object]
impl ChatSession {
    /// Unique id (UUIDv7).
    async fn id(&self) -> ID {
        ID(self.0.id.to_string())
    }
    /// The ticket it is on (null for a caller who does not read it).
    async fn ticket(&self, ctx: &Context<'_>) -> Result<Option<Ticket>> {
        Ok(loader::<TicketById>(ctx)?.load_one(self.0.ticket_id).await?.map(Ticket::from))
    }
    /// Where it stands.
    async fn status(&self) -> ChatStatus {
        self.0.status
    }
    /// How it ended, once it has.
    async fn ending(&self) -> Option<ChatEnding> {
        self.0.ending
    }
    /// The agent it went to, or whoever of the desk answered it first (null while nobody).
    async fn agent(&self, ctx: &Context<'_>) -> Result<Option<User>> {
        let Some(key) = self.0.seen(|r| r.agent_id) else { return Ok(None) };
        Ok(loader::<UserById>(ctx)?.load_one(key).await?.map(User::from))
    }
    /// When the customer started it.
    async fn started_at(&self) -> DateTime<Utc> {
        self.0.started_at
    }
    /// When the desk first answered.
    async fn answered_at(&self) -> Option<DateTime<Utc>> {
        self.0.answered_at
    }
    /// When it ended.
    async fn ended_at(&self) -> Option<DateTime<Utc>> {
        self.0.ended_at
    }
    /// Whether the customer is typing now.
    async fn customer_typing(&self, ctx: &Context<'_>) -> Result<bool> {
        Ok(chat::is_typing(&self.0, Side::Customer, app(ctx)?.clock.now()))
    }
    /// Whether the desk is typing now.
    async fn agent_typing(&self, ctx: &Context<'_>) -> Result<bool> {
        Ok(chat::is_typing(&self.0, Side::Desk, app(ctx)?.clock.now()))
    }
    /// Up to when the customer has read the conversation.
    async fn customer_read_at(&self) -> Option<DateTime<Utc>> {
        self.0.customer_read_at
    }
    /// Up to when the desk has read the conversation.
    async fn agent_read_at(&self) -> Option<DateTime<Utc>> {
        self.0.agent_read_at
    }
    /// Whether the other side is typing now, as the caller's side sees it (false for callers
    /// who take no part in chats).
    async fn other_typing(&self, ctx: &Context<'_>) -> Result<bool> {
        let Some(side) = chat_side(&caller(ctx)?.principal) else { return Ok(false) };
        Ok(chat::is_typing(&self.0, side.other(), app(ctx)?.clock.now()))
    }
    /// Whether the other side wrote something the caller's side has not read (mark it read
    /// with `markChatRead` once shown).
    async fn viewer_has_unread(&self, ctx: &Context<'_>) -> Result<bool> {
        Ok(chat_side(&caller(ctx)?.principal).is_some_and(|side| chat::has_unread(&self.0, side)))
    }
    /// Whether the other side has read everything the caller's side wrote (the "seen"
    /// receipt).
    async fn other_has_read(&self, ctx: &Context<'_>) -> Result<bool> {
        Ok(chat_side(&caller(ctx)?.principal).is_some_and(|side| chat::read_by_other(&self.0, side)))
    }
    /// Whether the caller's side has written in the chat (its "seen" receipt means
    /// something).
    async fn viewer_has_written(&self, ctx: &Context<'_>) -> Result<bool> {
        Ok(match chat_side(&caller(ctx)?.principal) {
            Some(Side::Customer) => self.0.customer_last_at.is_some(),
            Some(Side::Desk) => self.0.agent_last_at.is_some(),
            None => false,
        })
    }
    /// The transcript's id on the customer's timeline, once ended.
    async fn interaction_id(&self) -> Option<ID> {
        self.0.interaction_id.map(|id| ID(id.to_string()))
    }
}

payload!(ChatPayload, chat, ChatSession, "Result of a chat mutation.");

/// The latest chat of each ticket, for whoever reads the ticket.
pub struct ChatOfTicket {
    db: Db,
}

impl RequestLoader for ChatOfTicket {
    fn new(app: &AppContext, _: Option<&Principal>) -> Self {
        Self { db: app.db.clone() }
    }
}

impl Loader<Seen<ticket::Model>> for ChatOfTicket {
    type Value = Visible<chat_session::Model>;
    type Error = async_graphql::Error;

    async fn load(&self, keys: &[Seen<ticket::Model>]) -> Result<HashMap<Seen<ticket::Model>, Self::Value>, Self::Error> {
        let mut by_ticket = chat::chats_of(&self.db.read, keys).await?;
        Ok(keys.iter().filter_map(|key| Some((*key, by_ticket.remove(&key.id())?))).collect())
    }
}

/// `Ticket.chat`: its live chat, or the last one it had.
pub async fn chat_of_ticket(ctx: &Context<'_>, key: Seen<ticket::Model>) -> Result<Option<ChatSession>> {
    Ok(loader::<ChatOfTicket>(ctx)?.load_one(key).await?.map(ChatSession))
}

/// `liveChats`: the live chats the caller reads, longest waiting first.
pub async fn live_chats(ctx: &Context<'_>) -> Result<Vec<ChatSession>> {
    let scope = TicketScope::of(&caller(ctx)?.principal)?;
    Ok(chat::live(&app(ctx)?.db.read, &scope).await?.into_iter().map(ChatSession).collect())
}

#[derive(Default)]
pub struct ChatMutation;

#[Object]
impl ChatMutation {
    /// Starts a live chat: on one of the caller's customer's tickets that is not closed (the
    /// one the chatbot handed over, say), or on a new ticket opened by chat with `message` as
    /// its first words. It goes to the ticket's agent if available, else to an available agent
    /// of the queue (routing's choice), else waits for whoever of the desk answers first; with
    /// nobody available it ends at once as NO_AGENT and the ticket carries on. A ticket with a
    /// live chat gives that one. A customer's users.
    async fn start_chat(&self, ctx: &Context<'_>, input: StartChatInput) -> Result<ChatPayload> {
        Ok(ChatPayload { chat: ChatSession(chat::start(app(ctx)?, caller(ctx)?, input).await?) })
    }
    /// The caller's side is typing in chat `chatId` (send it every few seconds while a person
    /// types; the other side sees it for a few seconds). The chat's customer user and the
    /// service desk.
    async fn chat_typing(&self, ctx: &Context<'_>, chat_id: ID) -> Result<ChatPayload> {
        Ok(ChatPayload { chat: ChatSession(chat::typing(app(ctx)?, caller(ctx)?, &chat_id).await?) })
    }
    /// The caller's side has read chat `chatId` up to now (the other side sees it as read).
    /// The chat's customer user and the service desk.
    async fn mark_chat_read(&self, ctx: &Context<'_>, chat_id: ID) -> Result<ChatPayload> {
        Ok(ChatPayload { chat: ChatSession(chat::mark_read(app(ctx)?, caller(ctx)?, &chat_id).await?) })
    }
    /// Ends live chat `chatId`; its transcript goes on the customer's timeline and the ticket
    /// stays as it is. The chat's customer user and the service desk.
    async fn end_chat(&self, ctx: &Context<'_>, chat_id: ID) -> Result<ChatPayload> {
        Ok(ChatPayload { chat: ChatSession(chat::end(app(ctx)?, caller(ctx)?, &chat_id).await?) })
    }
}

/// A chat that started, was answered or ended, with its position in the event log.
#[derive(SimpleObject)]
pub struct ChatEvent {
    /// The event's position: subscribe again after it (`liveChatsChanged(after)`) to receive
    /// every change made since, none missed.
    position: String,
    /// The chat as it is now.
    chat: ChatSession,
}

#[derive(Default)]
pub struct ChatSubscription;

#[Subscription]
impl ChatSubscription {
    /// Each chat the caller reads as it starts, is answered or ends (the desk's list of live
    /// chats; typing and reading are followed on the ticket, `ticketChanged`), read afresh
    /// through the caller's scope. With `after` (a `position` this stream gave), the changes
    /// made since come first, none missed (BAD_USER_INPUT `RESYNC_REQUIRED` when they are
    /// older than the event log keeps: read `liveChats` again). Whoever reads tickets; over
    /// `/graphql/ws`.
    async fn live_chats_changed(&self, ctx: &Context<'_>, after: Option<String>) -> Result<impl Stream<Item = Result<ChatEvent>>> {
        let scope = TicketScope::of(&caller(ctx)?.principal)?;
        let follow = Follow { customer_id: None, record_id: None, kinds: vec![chat::STATE_EVENT] };
        let heard = crate::live::followed(
            ctx,
            after,
            follow,
            "follow live chats (over /graphql/ws)",
            move |app: AppContext, events: Vec<Event>| {
                let scope = scope.clone();
                async move {
                    let tickets: Vec<uuid::Uuid> = events.iter().map(|event| event.record_id).collect();
                    Ok(crate::live::each(&events, chat::chats_of_tickets(&app.db.read, &scope, &tickets).await?))
                }
            },
        )
        .await?;
        use async_graphql::futures_util::StreamExt;
        Ok(heard.map(|heard| {
            heard.map(|heard| ChatEvent { position: crate::live::position_text(heard.position), chat: ChatSession(heard.record) })
        }))
    }
}
