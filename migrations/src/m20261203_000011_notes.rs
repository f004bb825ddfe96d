//! Notes: what people write down about a customer, contact, lead, opportunity or order,
//! pinned or not, shared with the record's partner or internal, and whom they mention.

use super::columns::{id, index, timestamp, version};
use sea_orm_migration::prelude::*;

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m20261203_000011_notes"
    }
}

#[derive(DeriveIden)]
enum Notes {
    Table,
    Id,
    SubjectType,
    SubjectId,
    CustomerId,
    AuthorId,
    Body,
    Pinned,
    SharedWithPartner,
    CreatedAt,
    UpdatedAt,
    ArchivedAt,
    Version,
}

#[derive(DeriveIden)]
enum NoteMentions {
    Table,
    NoteId,
    UserId,
}

#[derive(DeriveIden)]
enum Users {
    Table,
    Id,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(Notes::Table)
                    .col(id(Notes::Id))
                    .col(ColumnDef::new(Notes::SubjectType).string_len(16).not_null())
                    .col(ColumnDef::new(Notes::SubjectId).uuid().not_null())
                    // The customer the subject belongs to (none for a lead): the customer's
                    // page gathers the notes on it and on its contacts, deals and orders.
                    .col(ColumnDef::new(Notes::CustomerId).uuid().null())
                    .col(ColumnDef::new(Notes::AuthorId).uuid().not_null())
                    .col(ColumnDef::new(Notes::Body).text().not_null())
                    .col(ColumnDef::new(Notes::Pinned).boolean().not_null().default(false))
                    .col(ColumnDef::new(Notes::SharedWithPartner).boolean().not_null().default(false))
                    .col(timestamp(Notes::CreatedAt))
                    .col(timestamp(Notes::UpdatedAt))
                    .col(ColumnDef::new(Notes::ArchivedAt).timestamp_with_time_zone().null())
                    .col(version(Notes::Version))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_notes_author")
                            .from(Notes::Table, Notes::AuthorId)
                            .to(Users::Table, Users::Id)
                            .on_delete(ForeignKeyAction::Restrict),
                    )
                    .to_owned(),
            )
            .await?;
        // A record's notes, newest first (ids are UUIDv7); a customer's, likewise.
        index(manager, Notes::Table, "ix_notes_subject", &[Notes::SubjectId.into_iden(), Notes::Id.into_iden()]).await?;
        index(manager, Notes::Table, "ix_notes_customer", &[Notes::CustomerId.into_iden(), Notes::Id.into_iden()]).await?;
        manager
            .create_table(
                Table::create()
                    .table(NoteMentions::Table)
                    .col(ColumnDef::new(NoteMentions::NoteId).uuid().not_null())
                    .col(ColumnDef::new(NoteMentions::UserId).uuid().not_null())
                    .primary_key(Index::create().col(NoteMentions::NoteId).col(NoteMentions::UserId))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_note_mentions_note")
                            .from(NoteMentions::Table, NoteMentions::NoteId)
                            .to(Notes::Table, Notes::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_note_mentions_user")
                            .from(NoteMentions::Table, NoteMentions::UserId)
                            .to(Users::Table, Users::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        // "Notes that mention me", newest first.
        index(manager, NoteMentions::Table, "ix_note_mentions_user", &[NoteMentions::UserId.into_iden(), NoteMentions::NoteId.into_iden()])
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager.drop_table(Table::drop().table(NoteMentions::Table).to_owned()).await?;
        manager.drop_table(Table::drop().table(Notes::Table).to_owned()).await
    }
}
