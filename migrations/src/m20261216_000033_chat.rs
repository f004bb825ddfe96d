//! Live chat: `chat_sessions` holds each live conversation between a customer in the portal
//! and an agent, on a ticket (the messages are the ticket's; the session is who is on it,
//! where it stands, who is typing and what each side has read). A ticket has at most one
//! live session at a time (a partial unique index); the desk's list of live chats reads the
//! live ones by start. Tickets get an index by channel, for the desk's inbox of each.

use super::columns::{fk, id, index, timestamp};
use sea_orm_migration::prelude::*;

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m20261216_000033_chat"
    }
}

#[derive(DeriveIden)]
enum ChatSessions {
    Table,
    Id,
    TicketId,
    CustomerId,
    UserId,
    AgentId,
    Status,
    Ending,
    StartedAt,
    AnsweredAt,
    EndedAt,
    CustomerTypingAt,
    AgentTypingAt,
    CustomerReadAt,
    AgentReadAt,
    CustomerLastAt,
    AgentLastAt,
    InteractionId,
}

#[derive(DeriveIden)]
enum Customers {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum Users {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum Tickets {
    Table,
    Id,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        use ForeignKeyAction::{Cascade, SetNull};
        let moment = |col: ChatSessions| ColumnDef::new(col).timestamp_with_time_zone().null().to_owned();
        manager
            .create_table(
                Table::create()
                    .table(ChatSessions::Table)
                    .col(id(ChatSessions::Id))
                    .col(ColumnDef::new(ChatSessions::TicketId).uuid().not_null())
                    .col(ColumnDef::new(ChatSessions::CustomerId).uuid().not_null())
                    .col(ColumnDef::new(ChatSessions::UserId).uuid().not_null())
                    .col(ColumnDef::new(ChatSessions::AgentId).uuid().null())
                    .col(ColumnDef::new(ChatSessions::Status).string_len(16).not_null())
                    .col(ColumnDef::new(ChatSessions::Ending).string_len(16).null())
                    .col(timestamp(ChatSessions::StartedAt))
                    .col(moment(ChatSessions::AnsweredAt))
                    .col(moment(ChatSessions::EndedAt))
                    .col(moment(ChatSessions::CustomerTypingAt))
                    .col(moment(ChatSessions::AgentTypingAt))
                    .col(moment(ChatSessions::CustomerReadAt))
                    .col(moment(ChatSessions::AgentReadAt))
                    .col(moment(ChatSessions::CustomerLastAt))
                    .col(moment(ChatSessions::AgentLastAt))
                    .col(ColumnDef::new(ChatSessions::InteractionId).uuid().null())
                    .foreign_key(&mut fk(
                        "fk_chat_sessions_ticket",
                        (ChatSessions::Table, ChatSessions::TicketId),
                        (Tickets::Table, Tickets::Id),
                        Cascade,
                    ))
                    .foreign_key(&mut fk(
                        "fk_chat_sessions_customer",
                        (ChatSessions::Table, ChatSessions::CustomerId),
                        (Customers::Table, Customers::Id),
                        Cascade,
                    ))
                    .foreign_key(&mut fk(
                        "fk_chat_sessions_user",
                        (ChatSessions::Table, ChatSessions::UserId),
                        (Users::Table, Users::Id),
                        Cascade,
                    ))
                    .foreign_key(&mut fk(
                        "fk_chat_sessions_agent",
                        (ChatSessions::Table, ChatSessions::AgentId),
                        (Users::Table, Users::Id),
                        SetNull,
                    ))
                    .to_owned(),
            )
            .await?;
        index(manager, ChatSessions::Table, "ix_chat_sessions_ticket", &[ChatSessions::TicketId.into_iden(), ChatSessions::Id.into_iden()])
            .await?;
        let db = manager.get_connection();
        // One live chat per ticket: two tabs starting one at once get one, the other CONFLICT.
        db.execute_unprepared("CREATE UNIQUE INDEX ux_chat_sessions_live ON chat_sessions (ticket_id) WHERE ended_at IS NULL").await?;
        db.execute_unprepared("CREATE INDEX ix_chat_sessions_live_by_start ON chat_sessions (started_at) WHERE ended_at IS NULL").await?;
        // The desk's inbox by channel (email, chats, texts), newest first.
        db.execute_unprepared("CREATE INDEX ix_tickets_channel ON tickets (channel, id)").await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager.get_connection().execute_unprepared("DROP INDEX ix_tickets_channel").await?;
        manager.drop_table(Table::drop().table(ChatSessions::Table).to_owned()).await?;
        Ok(())
    }
}
