//! Email as a channel. `email_messages` holds every message in and out: what was received
//! (parsed, its sender matched to a contact, threaded onto a ticket) and what the desk sends
//! (a durable outbox: queued in the transaction of the reply, sent by a worker, each attempt's
//! outcome kept). `message_id` is unique across both directions: a replayed inbound message is
//! recognised, and a reply threads by the `Message-ID` we gave the message it answers.
//! Attachments are stored in the database with their type and size. A service queue may own an
//! inbound address: mail to it opens tickets there, and its replies come from it.

use super::columns::{fk, id, index, timestamp};
use sea_orm_migration::prelude::*;

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m20261214_000031_email"
    }
}

#[derive(DeriveIden)]
enum EmailMessages {
    Table,
    Id,
    Direction,
    Kind,
    Status,
    MessageId,
    InReplyTo,
    References,
    FromAddress,
    ToAddresses,
    Subject,
    Body,
    CustomerId,
    ContactId,
    TicketId,
    TicketMessageId,
    Attempts,
    NextAttemptAt,
    LeasedUntil,
    LastError,
    SentAt,
    RawSize,
    CreatedAt,
}

#[derive(DeriveIden)]
enum EmailAttachments {
    Table,
    Id,
    EmailId,
    FileName,
    ContentType,
    Size,
    Content,
}

#[derive(DeriveIden)]
enum ServiceQueues {
    Table,
    EmailAddress,
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
                    .table(EmailMessages::Table)
                    .col(id(EmailMessages::Id))
                    .col(ColumnDef::new(EmailMessages::Direction).string_len(16).not_null())
                    .col(ColumnDef::new(EmailMessages::Kind).string_len(16).not_null())
                    .col(ColumnDef::new(EmailMessages::Status).string_len(16).not_null())
                    // Without the angle brackets, as long as RFC 5322 lets a line be.
                    .col(ColumnDef::new(EmailMessages::MessageId).string_len(998).not_null())
                    .col(ColumnDef::new(EmailMessages::InReplyTo).string_len(998).null())
                    // The `References` chain, one id per line.
                    .col(ColumnDef::new(EmailMessages::References).text().not_null())
                    .col(ColumnDef::new(EmailMessages::FromAddress).string_len(320).not_null())
                    .col(ColumnDef::new(EmailMessages::ToAddresses).text().not_null())
                    .col(ColumnDef::new(EmailMessages::Subject).string_len(998).not_null())
                    .col(ColumnDef::new(EmailMessages::Body).text().not_null())
                    .col(ColumnDef::new(EmailMessages::CustomerId).uuid().null())
                    .col(ColumnDef::new(EmailMessages::ContactId).uuid().null())
                    .col(ColumnDef::new(EmailMessages::TicketId).uuid().null())
                    // The ticket message it carried (in) or carries (out); no foreign key:
                    // ticket messages move when duplicates are merged.
                    .col(ColumnDef::new(EmailMessages::TicketMessageId).uuid().null())
                    .col(ColumnDef::new(EmailMessages::Attempts).integer().not_null())
                    .col(ColumnDef::new(EmailMessages::NextAttemptAt).timestamp_with_time_zone().null())
                    .col(ColumnDef::new(EmailMessages::LeasedUntil).timestamp_with_time_zone().null())
                    .col(ColumnDef::new(EmailMessages::LastError).string_len(1000).null())
                    .col(ColumnDef::new(EmailMessages::SentAt).timestamp_with_time_zone().null())
                    .col(ColumnDef::new(EmailMessages::RawSize).integer().not_null())
                    .col(timestamp(EmailMessages::CreatedAt))
                    .foreign_key(&mut fk(
                        "fk_email_messages_customer",
                        (EmailMessages::Table, EmailMessages::CustomerId),
                        (Customers::Table, Customers::Id),
                        Cascade,
                    ))
                    .foreign_key(&mut fk(
                        "fk_email_messages_contact",
                        (EmailMessages::Table, EmailMessages::ContactId),
                        (Contacts::Table, Contacts::Id),
                        SetNull,
                    ))
                    .foreign_key(&mut fk(
                        "fk_email_messages_ticket",
                        (EmailMessages::Table, EmailMessages::TicketId),
                        (Tickets::Table, Tickets::Id),
                        SetNull,
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ux_email_messages_message_id")
                    .table(EmailMessages::Table)
                    .col(EmailMessages::MessageId)
                    .unique()
                    .to_owned(),
            )
            .await?;
        // A ticket's emails, newest first (the ticket page; threading a reply by ticket).
        index(
            manager,
            EmailMessages::Table,
            "ix_email_messages_ticket",
            &[EmailMessages::TicketId.into_iden(), EmailMessages::Id.into_iden()],
        )
        .await?;
        // The outbox: what is due, by status and time.
        index(
            manager,
            EmailMessages::Table,
            "ix_email_messages_due",
            &[EmailMessages::Status.into_iden(), EmailMessages::NextAttemptAt.into_iden()],
        )
        .await?;
        manager
            .create_table(
                Table::create()
                    .table(EmailAttachments::Table)
                    .col(id(EmailAttachments::Id))
                    .col(ColumnDef::new(EmailAttachments::EmailId).uuid().not_null())
                    .col(ColumnDef::new(EmailAttachments::FileName).string_len(255).not_null())
                    .col(ColumnDef::new(EmailAttachments::ContentType).string_len(255).not_null())
                    .col(ColumnDef::new(EmailAttachments::Size).integer().not_null())
                    .col(ColumnDef::new(EmailAttachments::Content).blob().not_null())
                    .foreign_key(&mut fk(
                        "fk_email_attachments_email",
                        (EmailAttachments::Table, EmailAttachments::EmailId),
                        (EmailMessages::Table, EmailMessages::Id),
                        Cascade,
                    ))
                    .to_owned(),
            )
            .await?;
        index(manager, EmailAttachments::Table, "ix_email_attachments_email", &[EmailAttachments::EmailId.into_iden()]).await?;
        // SQLite cannot add a UNIQUE column: the column, then its unique index.
        manager
            .alter_table(
                Table::alter()
                    .table(ServiceQueues::Table)
                    .add_column(ColumnDef::new(ServiceQueues::EmailAddress).string_len(320).null())
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ux_service_queues_email_address")
                    .table(ServiceQueues::Table)
                    .col(ServiceQueues::EmailAddress)
                    .unique()
                    .to_owned(),
            )
            .await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager.drop_index(Index::drop().name("ux_service_queues_email_address").table(ServiceQueues::Table).to_owned()).await?;
        manager.alter_table(Table::alter().table(ServiceQueues::Table).drop_column(ServiceQueues::EmailAddress).to_owned()).await?;
        manager.drop_table(Table::drop().table(EmailAttachments::Table).to_owned()).await?;
        manager.drop_table(Table::drop().table(EmailMessages::Table).to_owned()).await?;
        Ok(())
    }
}
