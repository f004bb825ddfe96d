//! The contact center: every call the telephony reports (keyed by its own call id, so a
//! repeated event changes nothing), the numbers the company refuses, and each agent's phone
//! extension (whose calls pop on their screen).

use super::columns::{fk, id, index, timestamp, version};
use sea_orm_migration::prelude::*;

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m20261207_000020_contact_center"
    }
}

#[derive(DeriveIden)]
enum Calls {
    Table,
    Id,
    ExternalId,
    Direction,
    Status,
    FromNumber,
    ToNumber,
    Extension,
    AgentId,
    CustomerId,
    ContactId,
    TicketId,
    StartedAt,
    AnsweredAt,
    EndedAt,
    DurationSeconds,
    RecordingUrl,
    Outcome,
    WrapUp,
    WrappedUpById,
    WrappedUpAt,
    CallbackStatus,
    CallbackById,
    CallbackAt,
    CreatedAt,
    UpdatedAt,
    Version,
}

#[derive(DeriveIden)]
enum BlockedNumbers {
    Table,
    Number,
    Reason,
    CreatedById,
    CreatedAt,
}

#[derive(DeriveIden)]
enum ServiceAgents {
    Table,
    Extension,
}

#[derive(DeriveIden)]
enum Users {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum Customers {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum Contacts {
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
        use ForeignKeyAction::SetNull;
        manager
            .create_table(
                Table::create()
                    .table(Calls::Table)
                    .col(id(Calls::Id))
                    .col(ColumnDef::new(Calls::ExternalId).string_len(128).not_null().unique_key())
                    .col(ColumnDef::new(Calls::Direction).string_len(16).not_null())
                    .col(ColumnDef::new(Calls::Status).string_len(16).not_null())
                    .col(ColumnDef::new(Calls::FromNumber).string_len(32).null())
                    .col(ColumnDef::new(Calls::ToNumber).string_len(32).null())
                    .col(ColumnDef::new(Calls::Extension).string_len(32).null())
                    .col(ColumnDef::new(Calls::AgentId).uuid().null())
                    .col(ColumnDef::new(Calls::CustomerId).uuid().null())
                    .col(ColumnDef::new(Calls::ContactId).uuid().null())
                    .col(ColumnDef::new(Calls::TicketId).uuid().null())
                    .col(timestamp(Calls::StartedAt))
                    .col(ColumnDef::new(Calls::AnsweredAt).timestamp_with_time_zone().null())
                    .col(ColumnDef::new(Calls::EndedAt).timestamp_with_time_zone().null())
                    .col(ColumnDef::new(Calls::DurationSeconds).integer().null())
                    .col(ColumnDef::new(Calls::RecordingUrl).text().null())
                    .col(ColumnDef::new(Calls::Outcome).string_len(24).null())
                    .col(ColumnDef::new(Calls::WrapUp).text().null())
                    .col(ColumnDef::new(Calls::WrappedUpById).uuid().null())
                    .col(ColumnDef::new(Calls::WrappedUpAt).timestamp_with_time_zone().null())
                    .col(ColumnDef::new(Calls::CallbackStatus).string_len(16).null())
                    .col(ColumnDef::new(Calls::CallbackById).uuid().null())
                    .col(ColumnDef::new(Calls::CallbackAt).timestamp_with_time_zone().null())
                    .col(timestamp(Calls::CreatedAt))
                    .col(timestamp(Calls::UpdatedAt))
                    .col(version(Calls::Version))
                    .foreign_key(&mut fk("fk_calls_agent", (Calls::Table, Calls::AgentId), (Users::Table, Users::Id), SetNull))
                    .foreign_key(&mut fk(
                        "fk_calls_customer",
                        (Calls::Table, Calls::CustomerId),
                        (Customers::Table, Customers::Id),
                        SetNull,
                    ))
                    .foreign_key(&mut fk("fk_calls_contact", (Calls::Table, Calls::ContactId), (Contacts::Table, Contacts::Id), SetNull))
                    .foreign_key(&mut fk("fk_calls_ticket", (Calls::Table, Calls::TicketId), (Tickets::Table, Tickets::Id), SetNull))
                    .foreign_key(&mut fk(
                        "fk_calls_wrapped_up_by",
                        (Calls::Table, Calls::WrappedUpById),
                        (Users::Table, Users::Id),
                        SetNull,
                    ))
                    .foreign_key(&mut fk("fk_calls_callback_by", (Calls::Table, Calls::CallbackById), (Users::Table, Users::Id), SetNull))
                    .to_owned(),
            )
            .await?;
        // Every list of calls is newest first: all of them, one customer's (the 360 page, the
        // screen pop's last calls), one ticket's, and the callback queue (oldest waiting first).
        index(manager, Calls::Table, "ix_calls_started", &[Calls::StartedAt.into_iden(), Calls::Id.into_iden()]).await?;
        index(manager, Calls::Table, "ix_calls_customer", &[Calls::CustomerId.into_iden(), Calls::StartedAt.into_iden()]).await?;
        index(manager, Calls::Table, "ix_calls_from", &[Calls::FromNumber.into_iden(), Calls::StartedAt.into_iden()]).await?;
        index(manager, Calls::Table, "ix_calls_ticket", &[Calls::TicketId.into_iden()]).await?;
        index(manager, Calls::Table, "ix_calls_callback", &[Calls::CallbackStatus.into_iden(), Calls::StartedAt.into_iden()]).await?;
        manager
            .create_table(
                Table::create()
                    .table(BlockedNumbers::Table)
                    .col(ColumnDef::new(BlockedNumbers::Number).string_len(32).not_null().primary_key())
                    .col(ColumnDef::new(BlockedNumbers::Reason).text().not_null())
                    .col(ColumnDef::new(BlockedNumbers::CreatedById).uuid().null())
                    .col(timestamp(BlockedNumbers::CreatedAt))
                    .foreign_key(&mut fk(
                        "fk_blocked_numbers_created_by",
                        (BlockedNumbers::Table, BlockedNumbers::CreatedById),
                        (Users::Table, Users::Id),
                        SetNull,
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table(ServiceAgents::Table)
                    .add_column(ColumnDef::new(ServiceAgents::Extension).string_len(32).null())
                    .to_owned(),
            )
            .await?;
        // One person per extension: the telephony names the extension, the pop goes to them.
        manager
            .create_index(
                Index::create()
                    .name("ux_service_agents_extension")
                    .table(ServiceAgents::Table)
                    .col(ServiceAgents::Extension)
                    .unique()
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager.drop_index(Index::drop().name("ux_service_agents_extension").table(ServiceAgents::Table).to_owned()).await?;
        manager.alter_table(Table::alter().table(ServiceAgents::Table).drop_column(ServiceAgents::Extension).to_owned()).await?;
        manager.drop_table(Table::drop().table(BlockedNumbers::Table).to_owned()).await?;
        manager.drop_table(Table::drop().table(Calls::Table).to_owned()).await
    }
}
