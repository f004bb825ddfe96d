//! Bulk import: an uploaded file is kept in `import_file_chunks` (the database, so that any
//! server can resume a job whose server stopped, on SQLite and PostgreSQL alike) until its
//! job ends; `import_jobs` is the durable job with its checkpoint (rows read and committed,
//! counts, lease); `import_rows` is the per-row report and each written record's provenance.
//! Customers get an `external_id`, unique when present: the key an import from another
//! system matches on, so that importing the same file twice updates instead of duplicating.

use super::columns::{fk, id, index, timestamp};
use sea_orm_migration::prelude::*;

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m20261217_000034_imports"
    }
}

#[derive(DeriveIden)]
enum ImportFiles {
    Table,
    Id,
    Name,
    Size,
    Sha256,
    ActorId,
    Complete,
    CreatedAt,
}

#[derive(DeriveIden)]
enum ImportFileChunks {
    Table,
    FileId,
    Seq,
    Bytes,
}

#[derive(DeriveIden)]
enum ImportJobs {
    Table,
    Id,
    Kind,
    Status,
    DryRun,
    OnMatch,
    FileId,
    FileName,
    FileSize,
    FileSha256,
    Mapping,
    DefaultCountry,
    DefaultCurrency,
    ActorId,
    ActorLabel,
    ActorKind,
    RowsRead,
    BytesRead,
    Created,
    Updated,
    Skipped,
    Refused,
    CancelRequested,
    LeasedUntil,
    Error,
    CreatedAt,
    StartedAt,
    FinishedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum ImportRows {
    Table,
    JobId,
    Row,
    Outcome,
    Field,
    Reason,
    Params,
    Message,
    RecordId,
}

#[derive(DeriveIden)]
enum Customers {
    Table,
    ExternalId,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        use ForeignKeyAction::{Cascade, SetNull};
        manager
            .create_table(
                Table::create()
                    .table(ImportFiles::Table)
                    .col(id(ImportFiles::Id))
                    .col(ColumnDef::new(ImportFiles::Name).string_len(255).not_null())
                    .col(ColumnDef::new(ImportFiles::Size).big_integer().not_null())
                    .col(ColumnDef::new(ImportFiles::Sha256).string_len(64).null())
                    .col(ColumnDef::new(ImportFiles::ActorId).uuid().null())
                    .col(ColumnDef::new(ImportFiles::Complete).boolean().not_null())
                    .col(timestamp(ImportFiles::CreatedAt))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(ImportFileChunks::Table)
                    .col(ColumnDef::new(ImportFileChunks::FileId).uuid().not_null())
                    .col(ColumnDef::new(ImportFileChunks::Seq).integer().not_null())
                    .col(ColumnDef::new(ImportFileChunks::Bytes).blob().not_null())
                    .primary_key(Index::create().col(ImportFileChunks::FileId).col(ImportFileChunks::Seq))
                    .foreign_key(&mut fk(
                        "fk_import_file_chunks_file",
                        (ImportFileChunks::Table, ImportFileChunks::FileId),
                        (ImportFiles::Table, ImportFiles::Id),
                        Cascade,
                    ))
                    .to_owned(),
            )
            .await?;
        let count = |col: ImportJobs| ColumnDef::new(col).big_integer().not_null().default(0).to_owned();
        let moment = |col: ImportJobs| ColumnDef::new(col).timestamp_with_time_zone().null().to_owned();
        manager
            .create_table(
                Table::create()
                    .table(ImportJobs::Table)
                    .col(id(ImportJobs::Id))
                    .col(ColumnDef::new(ImportJobs::Kind).string_len(16).not_null())
                    .col(ColumnDef::new(ImportJobs::Status).string_len(16).not_null())
                    .col(ColumnDef::new(ImportJobs::DryRun).boolean().not_null())
                    .col(ColumnDef::new(ImportJobs::OnMatch).string_len(16).not_null())
                    .col(ColumnDef::new(ImportJobs::FileId).uuid().null())
                    .col(ColumnDef::new(ImportJobs::FileName).string_len(255).not_null())
                    .col(ColumnDef::new(ImportJobs::FileSize).big_integer().not_null())
                    .col(ColumnDef::new(ImportJobs::FileSha256).string_len(64).not_null())
                    .col(ColumnDef::new(ImportJobs::Mapping).json().not_null())
                    .col(ColumnDef::new(ImportJobs::DefaultCountry).string_len(2).null())
                    .col(ColumnDef::new(ImportJobs::DefaultCurrency).string_len(3).null())
                    .col(ColumnDef::new(ImportJobs::ActorId).uuid().null())
                    .col(ColumnDef::new(ImportJobs::ActorLabel).string_len(255).not_null())
                    .col(ColumnDef::new(ImportJobs::ActorKind).string_len(16).not_null())
                    .col(count(ImportJobs::RowsRead))
                    .col(count(ImportJobs::BytesRead))
                    .col(count(ImportJobs::Created))
                    .col(count(ImportJobs::Updated))
                    .col(count(ImportJobs::Skipped))
                    .col(count(ImportJobs::Refused))
                    .col(ColumnDef::new(ImportJobs::CancelRequested).boolean().not_null().default(false))
                    .col(moment(ImportJobs::LeasedUntil))
                    .col(ColumnDef::new(ImportJobs::Error).text().null())
                    .col(timestamp(ImportJobs::CreatedAt))
                    .col(moment(ImportJobs::StartedAt))
                    .col(moment(ImportJobs::FinishedAt))
                    .col(timestamp(ImportJobs::UpdatedAt))
                    .foreign_key(&mut fk(
                        "fk_import_jobs_file",
                        (ImportJobs::Table, ImportJobs::FileId),
                        (ImportFiles::Table, ImportFiles::Id),
                        SetNull,
                    ))
                    .to_owned(),
            )
            .await?;
        // Each person's jobs, newest first; the workers' queue (what waits or ran out of lease).
        index(manager, ImportJobs::Table, "ix_import_jobs_actor", &[ImportJobs::ActorId.into_iden(), ImportJobs::Id.into_iden()]).await?;
        index(manager, ImportJobs::Table, "ix_import_jobs_status", &[ImportJobs::Status.into_iden(), ImportJobs::Id.into_iden()]).await?;
        manager
            .create_table(
                Table::create()
                    .table(ImportRows::Table)
                    .col(ColumnDef::new(ImportRows::JobId).uuid().not_null())
                    .col(ColumnDef::new(ImportRows::Row).big_integer().not_null())
                    .col(ColumnDef::new(ImportRows::Outcome).string_len(16).not_null())
                    .col(ColumnDef::new(ImportRows::Field).string_len(32).null())
                    .col(ColumnDef::new(ImportRows::Reason).string_len(64).null())
                    .col(ColumnDef::new(ImportRows::Params).json().null())
                    .col(ColumnDef::new(ImportRows::Message).text().null())
                    .col(ColumnDef::new(ImportRows::RecordId).uuid().null())
                    .primary_key(Index::create().col(ImportRows::JobId).col(ImportRows::Row))
                    .foreign_key(&mut fk(
                        "fk_import_rows_job",
                        (ImportRows::Table, ImportRows::JobId),
                        (ImportJobs::Table, ImportJobs::Id),
                        Cascade,
                    ))
                    .to_owned(),
            )
            .await?;
        // Provenance: which job (and row) wrote a record; a job's report by outcome.
        index(manager, ImportRows::Table, "ix_import_rows_record", &[ImportRows::RecordId.into_iden()]).await?;
        index(
            manager,
            ImportRows::Table,
            "ix_import_rows_outcome",
            &[ImportRows::JobId.into_iden(), ImportRows::Outcome.into_iden(), ImportRows::Row.into_iden()],
        )
        .await?;
        manager
            .alter_table(
                Table::alter().table(Customers::Table).add_column(ColumnDef::new(Customers::ExternalId).string_len(100).null()).to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create().name("ux_customers_external_id").table(Customers::Table).col(Customers::ExternalId).unique().to_owned(),
            )
            .await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager.drop_index(Index::drop().name("ux_customers_external_id").table(Customers::Table).to_owned()).await?;
        manager.alter_table(Table::alter().table(Customers::Table).drop_column(Customers::ExternalId).to_owned()).await?;
        manager.drop_table(Table::drop().table(ImportRows::Table).to_owned()).await?;
        manager.drop_table(Table::drop().table(ImportJobs::Table).to_owned()).await?;
        manager.drop_table(Table::drop().table(ImportFileChunks::Table).to_owned()).await?;
        manager.drop_table(Table::drop().table(ImportFiles::Table).to_owned()).await?;
        Ok(())
    }
}
