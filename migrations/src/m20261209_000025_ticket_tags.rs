//! Ticket tags: the canonical list on the ticket (`tickets.tags`, JSON, like a customer's)
//! and `ticket_tags`, its index for the list's tag filter, rewritten with the ticket. SLA
//! policies may also ask for a customer tag (a tier: `gold`, `key-account`).

use super::columns::{fk, index};
use sea_orm_migration::prelude::*;

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m20261209_000025_ticket_tags"
    }
}

#[derive(DeriveIden, Clone, Copy)]
enum Tickets {
    Table,
    Id,
    Tags,
}

#[derive(DeriveIden, Clone, Copy)]
enum TicketTags {
    Table,
    Tag,
    TicketId,
}

#[derive(DeriveIden, Clone, Copy)]
enum SlaPolicies {
    Table,
    CustomerTag,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(Tickets::Table)
                    .add_column(ColumnDef::new(Tickets::Tags).json_binary().not_null().default(Expr::value("[]")))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(TicketTags::Table)
                    .col(ColumnDef::new(TicketTags::Tag).string_len(50).not_null())
                    .col(ColumnDef::new(TicketTags::TicketId).uuid().not_null())
                    .primary_key(Index::create().col(TicketTags::Tag).col(TicketTags::TicketId))
                    .foreign_key(&mut fk(
                        "fk_ticket_tags_ticket",
                        (TicketTags::Table, TicketTags::TicketId),
                        (Tickets::Table, Tickets::Id),
                        ForeignKeyAction::Cascade,
                    ))
                    .to_owned(),
            )
            .await?;
        index(manager, TicketTags::Table, "ix_ticket_tags_ticket", &[TicketTags::TicketId.into_iden()]).await?;
        manager
            .alter_table(
                Table::alter()
                    .table(SlaPolicies::Table)
                    .add_column(ColumnDef::new(SlaPolicies::CustomerTag).string_len(50).null())
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager.alter_table(Table::alter().table(SlaPolicies::Table).drop_column(SlaPolicies::CustomerTag).to_owned()).await?;
        manager.drop_table(Table::drop().table(TicketTags::Table).to_owned()).await?;
        manager.alter_table(Table::alter().table(Tickets::Table).drop_column(Tickets::Tags).to_owned()).await
    }
}
