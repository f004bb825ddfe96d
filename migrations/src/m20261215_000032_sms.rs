//! Text messages as a channel: `sms_messages` holds every text in and out — received ones
//! filed onto tickets by the sender's number, sent ones as a durable outbox (queued in the
//! transaction of the reply, sent through the gateway by a worker, then the gateway's delivery
//! report). `provider_id` is the gateway's id: unique, so a text delivered twice is recognised
//! and a delivery report finds its text.

use super::columns::{fk, id, index, timestamp};
use sea_orm_migration::prelude::*;

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m20261215_000032_sms"
    }
}

#[derive(DeriveIden)]
enum SmsMessages {
    Table,
    Id,
    Direction,
    Status,
    ProviderId,
    FromNumber,
    ToNumber,
    Text,
    CustomerId,
    ContactId,
    TicketId,
    TicketMessageId,
    Attempts,
    NextAttemptAt,
    LeasedUntil,
    LastError,
    SentAt,
    DeliveredAt,
    CreatedAt,
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
        use ForeignKeyAction::{Cascade, SetNull};
        manager
            .create_table(
                Table::create()
                    .table(SmsMessages::Table)
                    .col(id(SmsMessages::Id))
                    .col(ColumnDef::new(SmsMessages::Direction).string_len(16).not_null())
                    .col(ColumnDef::new(SmsMessages::Status).string_len(16).not_null())
                    .col(ColumnDef::new(SmsMessages::ProviderId).string_len(128).null())
                    .col(ColumnDef::new(SmsMessages::FromNumber).string_len(32).not_null())
                    .col(ColumnDef::new(SmsMessages::ToNumber).string_len(32).not_null())
                    .col(ColumnDef::new(SmsMessages::Text).string_len(1600).not_null())
                    .col(ColumnDef::new(SmsMessages::CustomerId).uuid().null())
                    .col(ColumnDef::new(SmsMessages::ContactId).uuid().null())
                    .col(ColumnDef::new(SmsMessages::TicketId).uuid().null())
                    .col(ColumnDef::new(SmsMessages::TicketMessageId).uuid().null())
                    .col(ColumnDef::new(SmsMessages::Attempts).integer().not_null())
                    .col(ColumnDef::new(SmsMessages::NextAttemptAt).timestamp_with_time_zone().null())
                    .col(ColumnDef::new(SmsMessages::LeasedUntil).timestamp_with_time_zone().null())
                    .col(ColumnDef::new(SmsMessages::LastError).string_len(1000).null())
                    .col(ColumnDef::new(SmsMessages::SentAt).timestamp_with_time_zone().null())
                    .col(ColumnDef::new(SmsMessages::DeliveredAt).timestamp_with_time_zone().null())
                    .col(timestamp(SmsMessages::CreatedAt))
                    .foreign_key(&mut fk(
                        "fk_sms_messages_customer",
                        (SmsMessages::Table, SmsMessages::CustomerId),
                        (Customers::Table, Customers::Id),
                        Cascade,
                    ))
                    .foreign_key(&mut fk(
                        "fk_sms_messages_contact",
                        (SmsMessages::Table, SmsMessages::ContactId),
                        (Contacts::Table, Contacts::Id),
                        SetNull,
                    ))
                    .foreign_key(&mut fk(
                        "fk_sms_messages_ticket",
                        (SmsMessages::Table, SmsMessages::TicketId),
                        (Tickets::Table, Tickets::Id),
                        SetNull,
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create().name("ux_sms_messages_provider").table(SmsMessages::Table).col(SmsMessages::ProviderId).unique().to_owned(),
            )
            .await?;
        index(manager, SmsMessages::Table, "ix_sms_messages_ticket", &[SmsMessages::TicketId.into_iden(), SmsMessages::Id.into_iden()])
            .await?;
        index(
            manager,
            SmsMessages::Table,
            "ix_sms_messages_due",
            &[SmsMessages::Status.into_iden(), SmsMessages::NextAttemptAt.into_iden()],
        )
        .await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager.drop_table(Table::drop().table(SmsMessages::Table).to_owned()).await?;
        Ok(())
    }
}
