//! The event log: one row for each change a live subscriber may want to hear about (an
//! interaction recorded, an audited change of a customer, contact, ticket, order …), written in
//! the transaction of the change. `position` is given after commit, in commit order, by the
//! servers' sequencer (`crm_core::event_log`), so that a subscriber resuming from a position
//! receives every later event, in order, none twice. Rows are pruned after the retention
//! window; the newest row always stays, so positions never start again.

use sea_orm_migration::prelude::*;
use sea_orm_migration::sea_orm::DbBackend;

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m20261213_000030_event_log"
    }
}

#[derive(DeriveIden)]
enum Events {
    Table,
    Seq,
    Position,
    Kind,
    RecordId,
    CustomerId,
    CreatedAt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(Events::Table)
                    // The order of appending, which orders the events one sequencing pass
                    // numbers; never shown.
                    .col(ColumnDef::new(Events::Seq).big_integer().not_null().auto_increment().primary_key())
                    .col(ColumnDef::new(Events::Position).big_integer().null())
                    .col(ColumnDef::new(Events::Kind).string_len(32).not_null())
                    .col(ColumnDef::new(Events::RecordId).uuid().not_null())
                    // No foreign key: an event outlives the record it was about until the
                    // retention window ends.
                    .col(ColumnDef::new(Events::CustomerId).uuid().null())
                    .col(ColumnDef::new(Events::CreatedAt).timestamp_with_time_zone().not_null())
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(Index::create().name("ux_events_position").table(Events::Table).col(Events::Position).unique().to_owned())
            .await?;
        // A customer's events from a position on (the timeline's and the customer's
        // subscriptions catching up).
        manager
            .create_index(
                Index::create().name("ix_events_customer").table(Events::Table).col(Events::CustomerId).col(Events::Position).to_owned(),
            )
            .await?;
        // What is waiting for a position: a small partial index (both databases have them).
        let db = manager.get_connection();
        db.execute_unprepared("CREATE INDEX ix_events_pending ON events (seq) WHERE position IS NULL").await?;
        // PostgreSQL: every server listening hears that events were appended once their
        // transaction commits (a notification is delivered at commit, and one per
        // transaction however many rows), and sequences and delivers them. SQLite has one
        // server per file, woken in process.
        if manager.get_database_backend() == DbBackend::Postgres {
            db.execute_unprepared(
                "CREATE FUNCTION crm_notify_events() RETURNS trigger LANGUAGE plpgsql AS $$ \
                 BEGIN PERFORM pg_notify('crm_log', ''); RETURN NULL; END $$",
            )
            .await?;
            db.execute_unprepared(
                "CREATE TRIGGER events_appended AFTER INSERT ON events FOR EACH STATEMENT EXECUTE FUNCTION crm_notify_events()",
            )
            .await?;
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager.drop_table(Table::drop().table(Events::Table).to_owned()).await?;
        if manager.get_database_backend() == DbBackend::Postgres {
            manager.get_connection().execute_unprepared("DROP FUNCTION IF EXISTS crm_notify_events()").await?;
        }
        Ok(())
    }
}
