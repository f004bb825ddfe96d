//! Macros of the service desk: a canned reply and the changes it makes to the ticket
//! (status, priority, category), for every queue or one.

use super::columns::{fk, id, timestamp, version};
use sea_orm_migration::prelude::*;

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m20261205_000018_ticket_macros"
    }
}

#[derive(DeriveIden)]
enum TicketMacros {
    Table,
    Id,
    Name,
    QueueId,
    Body,
    Status,
    Priority,
    Category,
    CreatedAt,
    UpdatedAt,
    ArchivedAt,
    Version,
}

#[derive(DeriveIden)]
enum ServiceQueues {
    Table,
    Id,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(TicketMacros::Table)
                    .col(id(TicketMacros::Id))
                    .col(ColumnDef::new(TicketMacros::Name).string_len(100).not_null().unique_key())
                    .col(ColumnDef::new(TicketMacros::QueueId).uuid().null())
                    .col(ColumnDef::new(TicketMacros::Body).text().not_null())
                    .col(ColumnDef::new(TicketMacros::Status).string_len(24).null())
                    .col(ColumnDef::new(TicketMacros::Priority).string_len(16).null())
                    .col(ColumnDef::new(TicketMacros::Category).string_len(64).null())
                    .col(timestamp(TicketMacros::CreatedAt))
                    .col(timestamp(TicketMacros::UpdatedAt))
                    .col(ColumnDef::new(TicketMacros::ArchivedAt).timestamp_with_time_zone().null())
                    .col(version(TicketMacros::Version))
                    .foreign_key(&mut fk(
                        "fk_ticket_macros_queue",
                        (TicketMacros::Table, TicketMacros::QueueId),
                        (ServiceQueues::Table, ServiceQueues::Id),
                        ForeignKeyAction::Cascade,
                    ))
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager.drop_table(Table::drop().table(TicketMacros::Table).to_owned()).await
    }
}
