//! Live chat: a customer in the portal and an agent writing to each other on a ticket, live.
//!
//! A chat is a session on a ticket (opened by chat, or the customer's own: the one the
//! chatbot handed over, with the path so far as its first words): its messages are the
//! ticket's messages, written through the ticket's rules (SLA clocks, reopening, the event
//! that its open pages follow), so whatever is said in the chat stays on the ticket and the
//! desk answers it there once the chat is over. The session adds who is on it, where it
//! stands, who is typing and what each side has read.
//!
//! **Routing.** The chat goes to the ticket's agent if they are available now; else the
//! queue's routing picks an available agent under their capacity (and the ticket follows
//! them); else, if some member of the queue is available at all, it waits for whoever of the
//! desk answers first. With nobody available it ends at once as NO_AGENT: the ticket carries
//! on, answered on the desk's next turn.
//!
//! **On the timeline.** While a chat is live its messages are not written to the customer's
//! timeline one by one: its transcript is, as one CHAT entry, when it ends.
//!
//! **Live.** Every change appends an event about the ticket: [`STATE_EVENT`] when the chat
//! starts, is answered or ends (the desk's list of live chats follows these), and
//! [`ACTIVITY_EVENT`] when a side types or reads; the ticket's page follows both. Typing is
//! announced at most every [`TYPING_EVERY`] per side and shows for [`TYPING_FOR`]. A chat with
//! no sign of life for [`IDLE`] ends on its own ([`end_idle`], with the SLA job).

#![allow(clippy::disallowed_methods)]

use crate::access::{chat_seat, chat_starter, ticket_write, ChatSeat, Side, TicketScope};
use crate::domain::{ChatEnding, ChatStatus, InteractionChannel, TicketMessageKind, TicketStatus};
use crate::entity::{chat_session, ticket, ticket_message};
use crate::inputs::{AddTicketMessageInput, OpenTicketInput, StartChatInput};
use crate::routing;
use crate::tickets;
use chrono::{DateTime, Duration, Utc};
use crm_core::audit::{AuditAction, Diff};
use crm_core::clock::new_id_at;
use crm_core::context::AppContext;
use crm_core::error::{AppError, AppResult, InputReason};
use crm_core::event_log::{self, Change};
use crm_core::filters::parse_id;
use crm_core::principal::Caller;
use crm_core::values::required_text;
use crm_core::versioned;
use crm_core::visible::{Seen, Visible};
use crm_identity::entity::user;
use crm_interactions::access::RecordedByTheCrm;
use crm_interactions::domain::{InteractionDirection, InteractionKind};
use crm_interactions::service::{record, NewInteraction};
use crm_tasks::access::TicketReach;
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseTransaction, EntityTrait, IntoActiveModel, QueryFilter, QueryOrder,
    QuerySelect, TransactionTrait,
};
use std::collections::HashMap;
use uuid::Uuid;

/// The event log's kind for a chat that started, was answered or ended (the ticket is the
/// event's record).
pub const STATE_EVENT: &str = "CHAT";
/// The event log's kind for a side of a chat typing or reading.
pub const ACTIVITY_EVENT: &str = "CHAT_ACTIVITY";
/// How long "is typing" shows after a side last said so.
pub const TYPING_FOR: Duration = Duration::seconds(6);
/// How often a side's typing is announced at most (the rest are taken and dropped).
pub const TYPING_EVERY: Duration = Duration::seconds(2);
/// The longest subject a ticket opened by chat takes from the first words, in characters.
const SUBJECT_CHARS: usize = 80;
/// The most live chats the desk's list shows.
pub const MAX_LIVE: u64 = 200;
/// How long a live chat may go without a sign of life (a message, typing, reading) before it
/// ends on its own: a browser closed without ending it must not keep an agent's seat.
pub const IDLE: Duration = Duration::minutes(30);

/// The event of a change to `session`, about its ticket (what the ticket's page follows).
fn announce(kind: &str, session: &chat_session::Model) -> Change {
    Change { kind: kind.into(), record_id: session.ticket_id, customer_id: Some(session.customer_id) }
}

/// A ticket's subject from a customer's first words: their first line, cut at a word.
fn subject_from(message: &str) -> String {
    let line = message.lines().map(str::trim).find(|line| !line.is_empty()).unwrap_or_default();
    if line.chars().count() <= SUBJECT_CHARS {
        return line.to_owned();
    }
    let cut: String = line.chars().take(SUBJECT_CHARS).collect();
    let at_word = cut.rfind(char::is_whitespace).filter(|at| *at > SUBJECT_CHARS / 2).unwrap_or(cut.len());
    format!("{}…", cut[..at_word].trim_end())
}

/// Starts a live chat for the customer's user calling: on its ticket (one that is not closed)
/// or on a new one opened by chat; routed as the module says. A ticket with a live chat
/// already gives that one (a second tab joins it).
pub async fn start(ctx: &AppContext, caller: &Caller, input: StartChatInput) -> AppResult<Visible<chat_session::Model>> {
    let starter = chat_starter(&caller.principal)?;
    let message = input.message.as_deref().map(|raw| required_text(raw, tickets::MAX_BODY)).transpose();
    let message = message.map_err(|why| AppError::invalid("message", why))?;
    let now = ctx.clock.now();
    let txn = ctx.db.write.begin().await?;
    let (mut ticket, first_words) = match &input.ticket_id {
        Some(id) => {
            let scope = TicketScope::of(&caller.principal)?;
            let id = parse_id(id, "ticketId")?;
            let found = ticket::Entity::find_by_id(id).filter(scope.condition()).one(&txn).await?.ok_or(AppError::NotFound("ticket"))?;
            if found.status == TicketStatus::Closed {
                return Err(AppError::invalid("ticketId", InputReason::WrongStatus { status: found.status.as_api().into() }));
            }
            if let Some(live) = live_of(&txn, found.id).await? {
                return Ok(Visible::vouched(live));
            }
            (found, message)
        }
        None => {
            let Some(message) = message else {
                return Err(AppError::invalid("message", InputReason::Required.with_message("say what the chat is about")));
            };
            let open = OpenTicketInput {
                customer_id: None,
                contact_id: None,
                channel: Some(InteractionChannel::Chat),
                category: None,
                subject: subject_from(&message),
                description: message,
                priority: None,
                queue_id: None,
                assignee_id: None,
                complaint: false,
                order_id: None,
                product_id: None,
                language: input.language.clone(),
                call_id: None,
                tags: Vec::new(),
            };
            (tickets::open_in(&txn, caller, open, now).await?.into_inner(), None)
        }
    };
    let agent = agent_for(&txn, &mut ticket, now).await?;
    let someone = agent.is_some() || routing::anyone_available(&txn, ticket.queue_id).await?;
    let mut session = chat_session::Model {
        id: new_id_at(now),
        ticket_id: ticket.id,
        customer_id: ticket.customer_id,
        user_id: starter.user_id,
        agent_id: agent,
        status: if someone { ChatStatus::Waiting } else { ChatStatus::Ended },
        ending: (!someone).then_some(ChatEnding::NoAgent),
        started_at: now,
        answered_at: None,
        ended_at: (!someone).then_some(now),
        customer_typing_at: None,
        agent_typing_at: None,
        customer_read_at: Some(now),
        agent_read_at: None,
        customer_last_at: Some(now),
        agent_last_at: None,
        interaction_id: None,
    }
    .into_active_model()
    .reset_all()
    .insert(&txn)
    .await?;
    if let Some(words) = first_words {
        let right = ticket_write(&caller.principal, &ticket)?;
        let input = AddTicketMessageInput { ticket_id: async_graphql::ID(ticket.id.to_string()), kind: None, body: words, status: None };
        tickets::write_message(&txn, caller, (ticket.clone(), right), input, now, |_| {}).await?;
        session = reread(&txn, session.id).await?;
    }
    if session.status == ChatStatus::Ended {
        session = keep_transcript(&txn, session, &ticket, now).await?;
    }
    event_log::append(&txn, &[announce(STATE_EVENT, &session)], now).await?;
    txn.commit().await?;
    Ok(Visible::vouched(session))
}

/// The agent a chat on `ticket` goes to: its agent if available now, else the one routing
/// picks (the ticket is assigned to them in the same change), else nobody.
async fn agent_for(txn: &DatabaseTransaction, ticket: &mut ticket::Model, now: DateTime<Utc>) -> AppResult<Option<Uuid>> {
    if let Some(agent) = ticket.assignee_id {
        if routing::is_available(txn, agent).await? {
            return Ok(Some(agent));
        }
    }
    let Some(agent) = routing::route(txn, ticket, ticket.assignee_id, now).await? else { return Ok(None) };
    let caller = Caller::system("chat routing");
    let right = ticket_write(&caller.principal, ticket)?;
    let mut next = ticket.clone();
    next.assignee_id = Some(agent);
    let mut diff = Diff::new();
    diff.field("assigneeId", &ticket.assignee_id, &next.assignee_id);
    let current = ticket.clone();
    let change = versioned::Change { current: &current, next, diff };
    *ticket = versioned::save::<ticket::Entity>(txn, &right, &caller, now, AuditAction::Update, change).await?;
    Ok(Some(agent))
}

async fn reread(db: &impl ConnectionTrait, id: Uuid) -> AppResult<chat_session::Model> {
    chat_session::Entity::find_by_id(id).one(db).await?.ok_or(AppError::NotFound("chat"))
}

/// The live chat on ticket `id`, if any.
async fn live_of(db: &impl ConnectionTrait, ticket: Uuid) -> AppResult<Option<chat_session::Model>> {
    Ok(chat_session::Entity::find()
        .filter(chat_session::Column::TicketId.eq(ticket))
        .filter(chat_session::Column::EndedAt.is_null())
        .one(db)
        .await?)
}

/// A message was written on `ticket` (by `side`): in its live chat, if it has one, that side
/// has spoken (so it has read everything and stopped typing), and the desk's first reply
/// answers the chat. Returns whether a chat was live (its messages stay off the timeline
/// until the transcript).
pub(crate) async fn on_message(
    txn: &impl ConnectionTrait,
    ticket: &ticket::Model,
    message: &ticket_message::Model,
    side: Side,
    now: DateTime<Utc>,
) -> AppResult<bool> {
    let Some(session) = live_of(txn, ticket.id).await? else { return Ok(false) };
    if message.kind == TicketMessageKind::Note {
        return Ok(true);
    }
    use chat_session::Column as C;
    let never: Option<DateTime<Utc>> = None;
    let mut update = chat_session::Entity::update_many().filter(C::Id.eq(session.id)).filter(C::EndedAt.is_null());
    let mut answered = false;
    update = match side {
        Side::Customer => update
            .col_expr(C::CustomerLastAt, Expr::value(now))
            .col_expr(C::CustomerReadAt, Expr::value(now))
            .col_expr(C::CustomerTypingAt, Expr::value(never)),
        Side::Desk => {
            if session.agent_id.is_none() {
                update = update.col_expr(C::AgentId, Expr::value(message.author_id));
            }
            if session.status == ChatStatus::Waiting {
                answered = true;
                update = update.col_expr(C::Status, Expr::value(ChatStatus::Active)).col_expr(C::AnsweredAt, Expr::value(now));
            }
            update
                .col_expr(C::AgentLastAt, Expr::value(now))
                .col_expr(C::AgentReadAt, Expr::value(now))
                .col_expr(C::AgentTypingAt, Expr::value(never))
        }
    };
    update.exec(txn).await?;
    if answered {
        event_log::append(txn, &[announce(STATE_EVENT, &session)], now).await?;
    }
    Ok(true)
}

/// A live chat the caller reads, with its seat in it.
async fn seated(db: &impl ConnectionTrait, caller: &Caller, id: &async_graphql::ID) -> AppResult<(chat_session::Model, ChatSeat)> {
    let scope = TicketScope::of(&caller.principal)?;
    let id = parse_id(id, "chatId")?;
    let session = chat_session::Entity::find_by_id(id)
        .filter(chat_session::Column::TicketId.in_subquery(scope.readable_ids()))
        .one(db)
        .await?
        .ok_or(AppError::NotFound("chat"))?;
    let seat = chat_seat(&caller.principal, &session)?;
    Ok((session, seat))
}

fn still_live(session: &chat_session::Model) -> AppResult<()> {
    if session.ended_at.is_some() {
        return Err(AppError::invalid("chatId", InputReason::WrongStatus { status: session.status.as_api().into() }));
    }
    Ok(())
}

/// The caller's side is typing in chat `id` (the app says so while a person types, every
/// couple of seconds): announced unless it was already, moments ago.
pub async fn typing(ctx: &AppContext, caller: &Caller, id: &async_graphql::ID) -> AppResult<Visible<chat_session::Model>> {
    let now = ctx.clock.now();
    let txn = ctx.db.write.begin().await?;
    let (session, seat) = seated(&txn, caller, id).await?;
    still_live(&session)?;
    let (column, last) = match seat.side {
        Side::Customer => (chat_session::Column::CustomerTypingAt, session.customer_typing_at),
        Side::Desk => (chat_session::Column::AgentTypingAt, session.agent_typing_at),
    };
    if last.is_some_and(|at| now - at < TYPING_EVERY) {
        return Ok(Visible::vouched(session));
    }
    let session = stamp(&txn, &session, column, now).await?;
    txn.commit().await?;
    Ok(Visible::vouched(session))
}

/// Sets a side's time `column` of `session` to `now` and announces it as activity on its
/// ticket; returns the session as saved.
async fn stamp(
    txn: &impl ConnectionTrait,
    session: &chat_session::Model,
    column: chat_session::Column,
    now: DateTime<Utc>,
) -> AppResult<chat_session::Model> {
    chat_session::Entity::update_many()
        .col_expr(column, Expr::value(now))
        .filter(chat_session::Column::Id.eq(session.id))
        .exec(txn)
        .await?;
    event_log::append(txn, &[announce(ACTIVITY_EVENT, session)], now).await?;
    reread(txn, session.id).await
}

/// Whether `side` has something of the other side's it has not read.
pub fn has_unread(session: &chat_session::Model, side: Side) -> bool {
    let (read, theirs) = match side {
        Side::Customer => (session.customer_read_at, session.agent_last_at),
        Side::Desk => (session.agent_read_at, session.customer_last_at),
    };
    match (read, theirs) {
        (_, None) => false,
        (None, Some(_)) => true,
        (Some(read), Some(theirs)) => theirs > read,
    }
}

/// Whether the other side of `side` has read everything `side` wrote (the "seen" receipt).
pub fn read_by_other(session: &chat_session::Model, side: Side) -> bool {
    let (read, mine) = match side.other() {
        Side::Customer => (session.customer_read_at, session.agent_last_at),
        Side::Desk => (session.agent_read_at, session.customer_last_at),
    };
    matches!((read, mine), (Some(read), Some(mine)) if read >= mine)
}

/// Whether `side` is typing as of `now`.
pub fn is_typing(session: &chat_session::Model, side: Side, now: DateTime<Utc>) -> bool {
    let at = match side {
        Side::Customer => session.customer_typing_at,
        Side::Desk => session.agent_typing_at,
    };
    session.ended_at.is_none() && at.is_some_and(|at| now - at < TYPING_FOR)
}

/// The caller's side has read chat `id` up to now (the read receipt the other side sees):
/// announced when there was something unread.
pub async fn mark_read(ctx: &AppContext, caller: &Caller, id: &async_graphql::ID) -> AppResult<Visible<chat_session::Model>> {
    let now = ctx.clock.now();
    let txn = ctx.db.write.begin().await?;
    let (session, seat) = seated(&txn, caller, id).await?;
    if !has_unread(&session, seat.side) {
        return Ok(Visible::vouched(session));
    }
    let column = match seat.side {
        Side::Customer => chat_session::Column::CustomerReadAt,
        Side::Desk => chat_session::Column::AgentReadAt,
    };
    let session = stamp(&txn, &session, column, now).await?;
    txn.commit().await?;
    Ok(Visible::vouched(session))
}

/// Ends live chat `id` (either side): its transcript goes on the customer's timeline in the
/// same change; the ticket stays as it is.
pub async fn end(ctx: &AppContext, caller: &Caller, id: &async_graphql::ID) -> AppResult<Visible<chat_session::Model>> {
    let now = ctx.clock.now();
    let txn = ctx.db.write.begin().await?;
    let (session, seat) = seated(&txn, caller, id).await?;
    still_live(&session)?;
    let ending = match seat.side {
        Side::Customer => ChatEnding::Customer,
        Side::Desk => ChatEnding::Desk,
    };
    let Some(session) = close(&txn, session, ending, now).await? else {
        return Err(AppError::Conflict { message: "the chat has just ended".into(), existing: None });
    };
    txn.commit().await?;
    Ok(Visible::vouched(session))
}

/// Ends `session` as `ending` if it is still live (none if it has just ended), with its
/// transcript on the timeline, announced.
async fn close(
    txn: &impl ConnectionTrait,
    session: chat_session::Model,
    ending: ChatEnding,
    now: DateTime<Utc>,
) -> AppResult<Option<chat_session::Model>> {
    let ended = chat_session::Entity::update_many()
        .col_expr(chat_session::Column::Status, Expr::value(ChatStatus::Ended))
        .col_expr(chat_session::Column::Ending, Expr::value(ending))
        .col_expr(chat_session::Column::EndedAt, Expr::value(now))
        .filter(chat_session::Column::Id.eq(session.id))
        .filter(chat_session::Column::EndedAt.is_null())
        .exec(txn)
        .await?;
    if ended.rows_affected != 1 {
        return Ok(None);
    }
    let ticket = tickets::ticket_unscoped(txn, session.ticket_id).await?.ok_or(AppError::NotFound("ticket"))?;
    let session = chat_session::Model { status: ChatStatus::Ended, ending: Some(ending), ended_at: Some(now), ..session };
    let session = keep_transcript(txn, session, &ticket, now).await?;
    event_log::append(txn, &[announce(STATE_EVENT, &session)], now).await?;
    Ok(Some(session))
}

/// When a side last did anything in `session` (started it, wrote, typed, read).
fn last_sign_of_life(session: &chat_session::Model) -> DateTime<Utc> {
    [
        session.customer_last_at,
        session.agent_last_at,
        session.customer_typing_at,
        session.agent_typing_at,
        session.customer_read_at,
        session.agent_read_at,
    ]
    .into_iter()
    .flatten()
    .fold(session.started_at, DateTime::max)
}

/// Ends the live chats nobody has done anything in for [`IDLE`] (a browser closed without
/// ending it): each as IDLE, with its transcript, at most [`MAX_LIVE`] a pass; returns how
/// many. Several servers may run it at once: a chat ends once.
pub async fn end_idle(ctx: &AppContext, now: DateTime<Utc>) -> AppResult<usize> {
    let candidates = chat_session::Entity::find()
        .filter(chat_session::Column::EndedAt.is_null())
        .filter(chat_session::Column::StartedAt.lt(now - IDLE))
        .order_by_asc(chat_session::Column::StartedAt)
        .limit(MAX_LIVE)
        .all(&ctx.db.read)
        .await?;
    let mut ended = 0;
    for session in candidates.into_iter().filter(|session| now - last_sign_of_life(session) >= IDLE) {
        let txn = ctx.db.write.begin().await?;
        if close(&txn, session, ChatEnding::Idle, now).await?.is_some() {
            ended += 1;
        }
        txn.commit().await?;
    }
    Ok(ended)
}

/// How a chat went, as its timeline entry's outcome.
fn outcome(session: &chat_session::Model) -> &'static str {
    match (session.ending, session.answered_at) {
        (Some(ChatEnding::NoAgent), _) => "NO_AGENT",
        (Some(ChatEnding::Idle), None) => "ABANDONED",
        (_, Some(_)) => "ANSWERED",
        (_, None) => "UNANSWERED",
    }
}

/// Writes an ended chat's transcript (each message said in it, with its time and author) on
/// the customer's timeline, and links it to the chat.
async fn keep_transcript(
    txn: &impl ConnectionTrait,
    session: chat_session::Model,
    ticket: &ticket::Model,
    now: DateTime<Utc>,
) -> AppResult<chat_session::Model> {
    let said = ticket_message::Entity::find()
        .filter(ticket_message::Column::TicketId.eq(ticket.id))
        .filter(ticket_message::Column::Kind.ne(TicketMessageKind::Note))
        .filter(ticket_message::Column::CreatedAt.gte(session.started_at))
        .order_by_asc(ticket_message::Column::Id)
        .all(txn)
        .await?;
    let authors: Vec<Uuid> = said.iter().filter_map(|message| message.author_id).collect();
    let names: HashMap<Uuid, String> = user::Entity::find()
        .filter(user::Column::Id.is_in(authors))
        .all(txn)
        .await?
        .into_iter()
        .map(|row| (row.id, row.display_name))
        .collect();
    let lines: Vec<String> = said
        .iter()
        .map(|message| {
            let name = message.author_id.and_then(|id| names.get(&id)).map(String::as_str).unwrap_or("—");
            format!("{} {}: {}", message.created_at.format("%H:%M"), name, message.body)
        })
        .collect();
    let subject = format!("Chat · {} · {}", ticket.number, ticket.subject);
    let mut new = NewInteraction::new(
        ticket.customer_id,
        InteractionKind::Message,
        InteractionChannel::Chat,
        InteractionDirection::Inbound,
        subject,
        session.started_at,
    );
    new.contact_id = ticket.contact_id;
    new.summary = (!lines.is_empty()).then(|| lines.join("\n"));
    new.outcome = Some(outcome(&session).to_owned());
    new.ended_at = session.ended_at;
    new.staff_user_id = session.agent_id;
    new.ticket_id = Some(ticket.id);
    let kept = record(txn, &RecordedByTheCrm::for_module(), new, now).await?;
    chat_session::Entity::update_many()
        .col_expr(chat_session::Column::InteractionId, Expr::value(kept.id))
        .filter(chat_session::Column::Id.eq(session.id))
        .exec(txn)
        .await?;
    Ok(chat_session::Model { interaction_id: Some(kept.id), ..session })
}

/// The latest chat of each of `tickets` (live, or the last one), for whoever reads them.
pub async fn chats_of(
    db: &impl ConnectionTrait,
    tickets: &[Seen<ticket::Model>],
) -> AppResult<HashMap<Uuid, Visible<chat_session::Model>>> {
    let ids: Vec<Uuid> = tickets.iter().map(|ticket| ticket.id()).collect();
    latest_of(db, &ids).await
}

async fn latest_of(db: &impl ConnectionTrait, tickets: &[Uuid]) -> AppResult<HashMap<Uuid, Visible<chat_session::Model>>> {
    if tickets.is_empty() {
        return Ok(HashMap::new());
    }
    let rows = chat_session::Entity::find()
        .filter(chat_session::Column::TicketId.is_in(tickets.iter().copied()))
        .order_by_asc(chat_session::Column::Id)
        .all(db)
        .await?;
    // Ids are UUIDv7: the last row of a ticket is its latest chat.
    Ok(rows.into_iter().map(|row| (row.ticket_id, Visible::vouched(row))).collect())
}

/// The latest chat of each of the tickets `tickets` that `scope` reads (the records of
/// chat events, read for a subscriber).
pub async fn chats_of_tickets(
    db: &impl ConnectionTrait,
    scope: &TicketScope,
    tickets: &[Uuid],
) -> AppResult<HashMap<Uuid, Visible<chat_session::Model>>> {
    let readable: Vec<Uuid> = ticket::Entity::find()
        .select_only()
        .column(ticket::Column::Id)
        .filter(ticket::Column::Id.is_in(tickets.iter().copied()))
        .filter(scope.condition())
        .into_tuple()
        .all(db)
        .await?;
    latest_of(db, &readable).await
}

/// The live chats the caller reads, longest waiting first (at most [`MAX_LIVE`]).
pub async fn live(db: &impl ConnectionTrait, scope: &TicketScope) -> AppResult<Vec<Visible<chat_session::Model>>> {
    let rows = chat_session::Entity::find()
        .filter(chat_session::Column::EndedAt.is_null())
        .filter(chat_session::Column::TicketId.in_subquery(scope.readable_ids()))
        .order_by_asc(chat_session::Column::StartedAt)
        .limit(MAX_LIVE)
        .all(db)
        .await?;
    Ok(Visible::vouched_all(rows))
}

/// A chat the caller reads.
pub async fn find(db: &impl ConnectionTrait, scope: &TicketScope, id: Uuid) -> AppResult<Option<Visible<chat_session::Model>>> {
    let row = chat_session::Entity::find_by_id(id).filter(chat_session::Column::TicketId.in_subquery(scope.readable_ids())).one(db).await?;
    Ok(row.map(Visible::vouched))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_subject_is_the_first_line_cut_at_a_word() {
        assert_eq!(subject_from("\n  My printer is on fire  \nplease help"), "My printer is on fire");
        let long = "The invoice of last month shows a discount that was never agreed with our purchasing department, nor with anyone";
        let subject = subject_from(long);
        assert!(subject.ends_with('…') && subject.chars().count() <= SUBJECT_CHARS + 1, "{subject}");
        assert!(long.starts_with(subject.trim_end_matches('…')), "cut at a word: {subject}");
    }

    fn session(now: DateTime<Utc>) -> chat_session::Model {
        chat_session::Model {
            id: Uuid::nil(),
            ticket_id: Uuid::nil(),
            customer_id: Uuid::nil(),
            user_id: Uuid::nil(),
            agent_id: None,
            status: ChatStatus::Active,
            ending: None,
            started_at: now,
            answered_at: None,
            ended_at: None,
            customer_typing_at: None,
            agent_typing_at: None,
            customer_read_at: None,
            agent_read_at: None,
            customer_last_at: None,
            agent_last_at: None,
            interaction_id: None,
        }
    }

    #[test]
    fn receipts_and_typing_follow_each_sides_times() {
        let now = DateTime::<Utc>::from_timestamp(1_800_000_000, 0).unwrap_or_default();
        let mut chat = session(now);
        chat.customer_last_at = Some(now);
        assert!(has_unread(&chat, Side::Desk) && !has_unread(&chat, Side::Customer));
        assert!(!read_by_other(&chat, Side::Customer), "the desk has not read it yet");
        chat.agent_read_at = Some(now);
        assert!(!has_unread(&chat, Side::Desk) && read_by_other(&chat, Side::Customer));
        chat.agent_last_at = Some(now + Duration::seconds(5));
        assert!(has_unread(&chat, Side::Customer) && !read_by_other(&chat, Side::Desk));
        chat.agent_typing_at = Some(now);
        assert!(is_typing(&chat, Side::Desk, now + Duration::seconds(5)));
        assert!(!is_typing(&chat, Side::Desk, now + TYPING_FOR), "typing fades");
        chat.ended_at = Some(now);
        assert!(!is_typing(&chat, Side::Desk, now), "nobody types in an ended chat");
    }

    #[test]
    fn a_chat_lives_as_long_as_either_side_does_anything() {
        let now = DateTime::<Utc>::from_timestamp(1_800_000_000, 0).unwrap_or_default();
        let mut chat = session(now);
        assert_eq!(last_sign_of_life(&chat), now, "started");
        chat.customer_read_at = Some(now + Duration::minutes(3));
        chat.agent_typing_at = Some(now + Duration::minutes(20));
        chat.agent_last_at = Some(now + Duration::minutes(12));
        assert_eq!(last_sign_of_life(&chat), now + Duration::minutes(20));
    }
}
