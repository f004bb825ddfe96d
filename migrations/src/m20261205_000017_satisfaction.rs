//! Satisfaction surveys: one per resolved ticket, with who and what it rates (agent, queue,
//! customer, product, copied at resolution so the figures stay as they were), the hash of its
//! link's token while one is out, and the answer.

use super::columns::{fk, id, index, timestamp};
use sea_orm_migration::prelude::*;

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m20261205_000017_satisfaction"
    }
}

#[derive(DeriveIden)]
enum TicketSurveys {
    Table,
    Id,
    TicketId,
    CustomerId,
    AgentId,
    QueueId,
    ProductId,
    TokenHash,
    ExpiresAt,
    Score,
    Comment,
    Channel,
    AnsweredAt,
    RecoveryOwnerId,
    CreatedAt,
}

#[derive(DeriveIden)]
enum Tickets {
    Table,
    Id,
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

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        use ForeignKeyAction::{Cascade, SetNull};
        manager
            .create_table(
                Table::create()
                    .table(TicketSurveys::Table)
                    .col(id(TicketSurveys::Id))
                    .col(ColumnDef::new(TicketSurveys::TicketId).uuid().not_null().unique_key())
                    .col(ColumnDef::new(TicketSurveys::CustomerId).uuid().not_null())
                    .col(ColumnDef::new(TicketSurveys::AgentId).uuid().null())
                    .col(ColumnDef::new(TicketSurveys::QueueId).uuid().not_null())
                    .col(ColumnDef::new(TicketSurveys::ProductId).uuid().null())
                    // SHA-256 of the link's token (hex), while a link is out; the token itself is
                    // shown once.
                    .col(ColumnDef::new(TicketSurveys::TokenHash).string_len(64).null().unique_key())
                    .col(ColumnDef::new(TicketSurveys::ExpiresAt).timestamp_with_time_zone().null())
                    .col(ColumnDef::new(TicketSurveys::Score).integer().null())
                    .col(ColumnDef::new(TicketSurveys::Comment).string_len(2000).null())
                    .col(ColumnDef::new(TicketSurveys::Channel).string_len(16).null())
                    .col(ColumnDef::new(TicketSurveys::AnsweredAt).timestamp_with_time_zone().null())
                    .col(ColumnDef::new(TicketSurveys::RecoveryOwnerId).uuid().null())
                    .col(timestamp(TicketSurveys::CreatedAt))
                    .foreign_key(&mut fk(
                        "fk_ticket_surveys_ticket",
                        (TicketSurveys::Table, TicketSurveys::TicketId),
                        (Tickets::Table, Tickets::Id),
                        Cascade,
                    ))
                    .foreign_key(&mut fk(
                        "fk_ticket_surveys_customer",
                        (TicketSurveys::Table, TicketSurveys::CustomerId),
                        (Customers::Table, Customers::Id),
                        Cascade,
                    ))
                    .foreign_key(&mut fk(
                        "fk_ticket_surveys_agent",
                        (TicketSurveys::Table, TicketSurveys::AgentId),
                        (Users::Table, Users::Id),
                        SetNull,
                    ))
                    .foreign_key(&mut fk(
                        "fk_ticket_surveys_recovery_owner",
                        (TicketSurveys::Table, TicketSurveys::RecoveryOwnerId),
                        (Users::Table, Users::Id),
                        SetNull,
                    ))
                    .to_owned(),
            )
            .await?;
        // The figures read answered surveys by period.
        index(manager, TicketSurveys::Table, "ix_ticket_surveys_answered", &[TicketSurveys::AnsweredAt.into_iden()]).await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager.drop_table(Table::drop().table(TicketSurveys::Table).to_owned()).await
    }
}
