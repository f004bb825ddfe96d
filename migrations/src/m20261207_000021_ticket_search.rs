//! The full-text index of tickets, in each database's own engine, as the knowledge base's:
//! SQLite's FTS5 and PostgreSQL's `tsvector` with a GIN index. It holds the folded stems of a
//! ticket's subject and of its public conversation (replies and the customer's messages,
//! never internal notes), written by the application (`crm_service::ticket_search`), which
//! also fills it for the tickets that were there before it (at startup).
//!
//! On SQLite the FTS5 rows are keyed by an integer: `ticket_search_rows` gives each ticket
//! one, so that replacing a ticket's entry is a lookup by rowid, not a scan of the index.

use super::columns::fk;
use sea_orm_migration::prelude::*;
use sea_orm_migration::sea_orm::DbBackend;

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m20261207_000021_ticket_search"
    }
}

#[derive(DeriveIden)]
enum TicketSearchRows {
    Table,
    RowId,
    TicketId,
}

#[derive(DeriveIden)]
enum Tickets {
    Table,
    Id,
}

const SEARCH_SQLITE: &str = "CREATE VIRTUAL TABLE ticket_search USING fts5(subject, body)";
const SEARCH_POSTGRES: [&str; 2] = [
    "CREATE TABLE ticket_search (
        ticket_id uuid PRIMARY KEY REFERENCES tickets (id) ON DELETE CASCADE,
        subject text NOT NULL,
        body text NOT NULL,
        document tsvector GENERATED ALWAYS AS
            (setweight(to_tsvector('simple', subject), 'A') || setweight(to_tsvector('simple', body), 'B')) STORED
    )",
    "CREATE INDEX ix_ticket_search_document ON ticket_search USING GIN (document)",
];

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let db = manager.get_connection();
        match manager.get_database_backend() {
            DbBackend::Postgres => {
                for statement in SEARCH_POSTGRES {
                    db.execute_unprepared(statement).await?;
                }
                Ok(())
            }
            _ => {
                manager
                    .create_table(
                        Table::create()
                            .table(TicketSearchRows::Table)
                            .col(ColumnDef::new(TicketSearchRows::RowId).integer().not_null().primary_key().auto_increment())
                            .col(ColumnDef::new(TicketSearchRows::TicketId).uuid().not_null().unique_key())
                            .foreign_key(&mut fk(
                                "fk_ticket_search_rows_ticket",
                                (TicketSearchRows::Table, TicketSearchRows::TicketId),
                                (Tickets::Table, Tickets::Id),
                                ForeignKeyAction::Cascade,
                            ))
                            .to_owned(),
                    )
                    .await?;
                db.execute_unprepared(SEARCH_SQLITE).await?;
                Ok(())
            }
        }
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let db = manager.get_connection();
        db.execute_unprepared("DROP TABLE ticket_search").await?;
        if manager.get_database_backend() != DbBackend::Postgres {
            manager.drop_table(Table::drop().table(TicketSearchRows::Table).to_owned()).await?;
        }
        Ok(())
    }
}
