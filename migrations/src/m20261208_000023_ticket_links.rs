//! Tickets that belong together: a duplicate merged into another (`merged_into_id`, its
//! conversation moved there, itself closed), and tickets of many customers about one incident
//! (`parent_id`: the incident's own ticket, one level), which the desk resolves together.

use super::columns::{fk, index};
use sea_orm_migration::prelude::*;

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m20261208_000023_ticket_links"
    }
}

#[derive(DeriveIden, Clone, Copy)]
enum Tickets {
    Table,
    Id,
    MergedIntoId,
    ParentId,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        use ForeignKeyAction::SetNull;
        let sqlite = manager.get_database_backend() == sea_orm_migration::sea_orm::DbBackend::Sqlite;
        for (column, name) in [(Tickets::MergedIntoId, "fk_tickets_merged_into"), (Tickets::ParentId, "fk_tickets_parent")] {
            manager.alter_table(Table::alter().table(Tickets::Table).add_column(ColumnDef::new(column).uuid().null()).to_owned()).await?;
            // SQLite cannot add a column with a foreign key; PostgreSQL gets the constraint.
            if !sqlite {
                manager.create_foreign_key(fk(name, (Tickets::Table, column), (Tickets::Table, Tickets::Id), SetNull)).await?;
            }
        }
        // An incident's tickets are read by their parent.
        index(manager, Tickets::Table, "ix_tickets_parent", &[Tickets::ParentId.into_iden()]).await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager.drop_index(Index::drop().name("ix_tickets_parent").table(Tickets::Table).to_owned()).await?;
        for column in [Tickets::ParentId, Tickets::MergedIntoId] {
            manager.alter_table(Table::alter().table(Tickets::Table).drop_column(column).to_owned()).await?;
        }
        Ok(())
    }
}
