//! Sales force automation, first part: sales teams, the product catalog with price books, the
//! pipeline's stages and opportunities with their stage history.
//!
//! Amounts are integers scaled by 10⁴ (`columns::scaled_amount`) so pipeline totals and
//! forecasts are exact sums in SQL on both databases, and opportunities sort by amount.

use crate::columns::{id, index, scaled_amount, timestamp, version};
use sea_orm_migration::prelude::*;
use sea_orm_migration::sea_orm::DbBackend;

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m20261123_000004_sales_pipeline"
    }
}

/// The pipeline's stages in board order, with their default win probabilities (percent).
const STAGES: [(&str, i32); 6] =
    [("PROSPECTING", 10), ("QUALIFICATION", 20), ("PROPOSAL", 50), ("NEGOTIATION", 75), ("CLOSED_WON", 100), ("CLOSED_LOST", 0)];

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let sqlite = manager.get_database_backend() == DbBackend::Sqlite;
        create_sales_teams(manager, sqlite).await?;
        create_catalog(manager).await?;
        create_pipeline_stages(manager).await?;
        create_opportunities(manager).await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in [
            OpportunityStageChanges::Table.into_iden(),
            OpportunityProducts::Table.into_iden(),
            Opportunities::Table.into_iden(),
            PipelineStages::Table.into_iden(),
            PriceBookEntries::Table.into_iden(),
            PriceBooks::Table.into_iden(),
            Products::Table.into_iden(),
        ] {
            manager.drop_table(Table::drop().table(table).to_owned()).await?;
        }
        manager.drop_index(Index::drop().name("ix_users_sales_team").table(Users::Table).to_owned()).await?;
        if manager.get_database_backend() != DbBackend::Sqlite {
            manager.drop_foreign_key(ForeignKey::drop().name("fk_users_sales_team").table(Users::Table).to_owned()).await?;
        }
        manager.alter_table(Table::alter().table(Users::Table).drop_column(Users::SalesTeamId).to_owned()).await?;
        manager.drop_table(Table::drop().table(SalesTeams::Table).to_owned()).await
    }
}

async fn create_sales_teams(manager: &SchemaManager<'_>, sqlite: bool) -> Result<(), DbErr> {
    manager
        .create_table(
            Table::create()
                .table(SalesTeams::Table)
                .col(id(SalesTeams::Id))
                .col(ColumnDef::new(SalesTeams::Name).string_len(200).not_null())
                .col(ColumnDef::new(SalesTeams::NameSort).string_len(200).not_null())
                .col(timestamp(SalesTeams::CreatedAt))
                .col(timestamp(SalesTeams::UpdatedAt))
                .col(version(SalesTeams::Version))
                .col(ColumnDef::new(SalesTeams::ArchivedAt).timestamp_with_time_zone().null())
                .to_owned(),
        )
        .await?;
    index(manager, SalesTeams::Table, "ix_sales_teams_name", &[SalesTeams::NameSort.into_iden(), SalesTeams::Id.into_iden()]).await?;
    // SQLite cannot add a column with a foreign key; PostgreSQL gets the constraint.
    manager.alter_table(Table::alter().table(Users::Table).add_column(ColumnDef::new(Users::SalesTeamId).uuid().null()).to_owned()).await?;
    if !sqlite {
        manager
            .create_foreign_key(
                ForeignKey::create()
                    .name("fk_users_sales_team")
                    .from(Users::Table, Users::SalesTeamId)
                    .to(SalesTeams::Table, SalesTeams::Id)
                    .to_owned(),
            )
            .await?;
    }
    index(manager, Users::Table, "ix_users_sales_team", &[Users::SalesTeamId.into_iden(), Users::Id.into_iden()]).await
}

async fn create_catalog(manager: &SchemaManager<'_>) -> Result<(), DbErr> {
    manager
        .create_table(
            Table::create()
                .table(Products::Table)
                .col(id(Products::Id))
                .col(ColumnDef::new(Products::Sku).string_len(64).not_null().unique_key())
                .col(ColumnDef::new(Products::Name).string_len(200).not_null())
                .col(ColumnDef::new(Products::NameSort).string_len(200).not_null())
                .col(ColumnDef::new(Products::Description).string_len(2000).null())
                .col(ColumnDef::new(Products::Family).string_len(100).not_null())
                .col(ColumnDef::new(Products::Tier).integer().not_null())
                .col(ColumnDef::new(Products::Unit).string_len(16).not_null())
                .col(ColumnDef::new(Products::Active).boolean().not_null())
                .col(timestamp(Products::CreatedAt))
                .col(timestamp(Products::UpdatedAt))
                .col(version(Products::Version))
                .to_owned(),
        )
        .await?;
    index(manager, Products::Table, "ix_products_name", &[Products::NameSort.into_iden(), Products::Id.into_iden()]).await?;
    index(
        manager,
        Products::Table,
        "ix_products_family",
        &[Products::Family.into_iden(), Products::Tier.into_iden(), Products::Id.into_iden()],
    )
    .await?;

    manager
        .create_table(
            Table::create()
                .table(PriceBooks::Table)
                .col(id(PriceBooks::Id))
                .col(ColumnDef::new(PriceBooks::Name).string_len(200).not_null())
                .col(ColumnDef::new(PriceBooks::NameSort).string_len(200).not_null())
                .col(ColumnDef::new(PriceBooks::Currency).string_len(3).not_null())
                // TRUE for the default book of its currency, NULL otherwise: the unique index
                // below then allows one default per currency and any number of others.
                .col(ColumnDef::new(PriceBooks::IsDefault).boolean().null())
                .col(ColumnDef::new(PriceBooks::Active).boolean().not_null())
                .col(timestamp(PriceBooks::CreatedAt))
                .col(timestamp(PriceBooks::UpdatedAt))
                .col(version(PriceBooks::Version))
                .to_owned(),
        )
        .await?;
    index(manager, PriceBooks::Table, "ix_price_books_name", &[PriceBooks::NameSort.into_iden(), PriceBooks::Id.into_iden()]).await?;
    manager
        .create_index(
            Index::create()
                .name("ux_price_books_default")
                .table(PriceBooks::Table)
                .col(PriceBooks::Currency)
                .col(PriceBooks::IsDefault)
                .unique()
                .to_owned(),
        )
        .await?;

    manager
        .create_table(
            Table::create()
                .table(PriceBookEntries::Table)
                .col(ColumnDef::new(PriceBookEntries::PriceBookId).uuid().not_null())
                .col(ColumnDef::new(PriceBookEntries::ProductId).uuid().not_null())
                .col(scaled_amount(PriceBookEntries::ListPrice))
                .col(timestamp(PriceBookEntries::UpdatedAt))
                .primary_key(Index::create().col(PriceBookEntries::PriceBookId).col(PriceBookEntries::ProductId))
                .foreign_key(
                    ForeignKey::create().from(PriceBookEntries::Table, PriceBookEntries::PriceBookId).to(PriceBooks::Table, PriceBooks::Id),
                )
                .foreign_key(
                    ForeignKey::create().from(PriceBookEntries::Table, PriceBookEntries::ProductId).to(Products::Table, Products::Id),
                )
                .to_owned(),
        )
        .await?;
    index(
        manager,
        PriceBookEntries::Table,
        "ix_price_book_entries_product",
        &[PriceBookEntries::ProductId.into_iden(), PriceBookEntries::PriceBookId.into_iden()],
    )
    .await
}

async fn create_pipeline_stages(manager: &SchemaManager<'_>) -> Result<(), DbErr> {
    manager
        .create_table(
            Table::create()
                .table(PipelineStages::Table)
                .col(ColumnDef::new(PipelineStages::Stage).string_len(16).not_null().primary_key())
                .col(ColumnDef::new(PipelineStages::Position).integer().not_null())
                .col(ColumnDef::new(PipelineStages::Probability).integer().not_null())
                .col(ColumnDef::new(PipelineStages::UpdatedAt).timestamp_with_time_zone().null())
                .col(version(PipelineStages::Version))
                .to_owned(),
        )
        .await?;
    let mut insert = Query::insert();
    insert.into_table(PipelineStages::Table).columns([PipelineStages::Stage, PipelineStages::Position, PipelineStages::Probability]);
    for (position, (stage, probability)) in STAGES.into_iter().enumerate() {
        insert.values_panic([stage.into(), (position as i32).into(), probability.into()]);
    }
    manager.exec_stmt(insert.to_owned()).await
}

async fn create_opportunities(manager: &SchemaManager<'_>) -> Result<(), DbErr> {
    manager
        .create_table(
            Table::create()
                .table(Opportunities::Table)
                .col(id(Opportunities::Id))
                .col(ColumnDef::new(Opportunities::Name).string_len(200).not_null())
                .col(ColumnDef::new(Opportunities::NameSort).string_len(200).not_null())
                .col(ColumnDef::new(Opportunities::CustomerId).uuid().not_null())
                .col(ColumnDef::new(Opportunities::OwnerId).uuid().null())
                .col(ColumnDef::new(Opportunities::PartnerId).uuid().null())
                .col(ColumnDef::new(Opportunities::Stage).string_len(16).not_null())
                .col(ColumnDef::new(Opportunities::Probability).integer().not_null())
                .col(scaled_amount(Opportunities::Amount))
                .col(ColumnDef::new(Opportunities::Currency).string_len(3).not_null())
                .col(ColumnDef::new(Opportunities::ExpectedCloseDate).date().not_null())
                .col(ColumnDef::new(Opportunities::Source).string_len(16).not_null())
                .col(ColumnDef::new(Opportunities::NextStep).string_len(500).null())
                .col(ColumnDef::new(Opportunities::LostReason).string_len(500).null())
                .col(ColumnDef::new(Opportunities::Description).string_len(2000).null())
                // Set on a partner's deal registration: PENDING until a manager approves
                // (APPROVED) or rejects (REJECTED) it; NULL for the company's own deals.
                .col(ColumnDef::new(Opportunities::Registration).string_len(16).null())
                .col(ColumnDef::new(Opportunities::RegistrationNote).string_len(500).null())
                .col(timestamp(Opportunities::StageChangedAt))
                .col(ColumnDef::new(Opportunities::ClosedAt).timestamp_with_time_zone().null())
                .col(timestamp(Opportunities::CreatedAt))
                .col(timestamp(Opportunities::UpdatedAt))
                .col(version(Opportunities::Version))
                .col(ColumnDef::new(Opportunities::ArchivedAt).timestamp_with_time_zone().null())
                .foreign_key(ForeignKey::create().from(Opportunities::Table, Opportunities::CustomerId).to(Customers::Table, Customers::Id))
                .foreign_key(ForeignKey::create().from(Opportunities::Table, Opportunities::OwnerId).to(Users::Table, Users::Id))
                .foreign_key(
                    ForeignKey::create()
                        .from(Opportunities::Table, Opportunities::PartnerId)
                        .to(PartnerOrganizations::Table, PartnerOrganizations::Id),
                )
                .to_owned(),
        )
        .await?;
    for (name, cols) in [
        ("ix_opportunities_name", vec![Opportunities::NameSort, Opportunities::Id]),
        ("ix_opportunities_close", vec![Opportunities::ExpectedCloseDate, Opportunities::Id]),
        ("ix_opportunities_amount", vec![Opportunities::Amount, Opportunities::Id]),
        ("ix_opportunities_updated", vec![Opportunities::UpdatedAt, Opportunities::Id]),
        ("ix_opportunities_created", vec![Opportunities::CreatedAt, Opportunities::Id]),
        ("ix_opportunities_stage", vec![Opportunities::Stage, Opportunities::ExpectedCloseDate, Opportunities::Id]),
        ("ix_opportunities_owner", vec![Opportunities::OwnerId, Opportunities::Stage, Opportunities::Id]),
        ("ix_opportunities_partner", vec![Opportunities::PartnerId, Opportunities::Stage, Opportunities::Id]),
        ("ix_opportunities_customer", vec![Opportunities::CustomerId, Opportunities::Id]),
        ("ix_opportunities_registration", vec![Opportunities::Registration, Opportunities::Id]),
    ] {
        index(manager, Opportunities::Table, name, &cols.into_iter().map(IntoIden::into_iden).collect::<Vec<_>>()).await?;
    }

    manager
        .create_table(
            Table::create()
                .table(OpportunityProducts::Table)
                .col(ColumnDef::new(OpportunityProducts::OpportunityId).uuid().not_null())
                .col(ColumnDef::new(OpportunityProducts::ProductId).uuid().not_null())
                .primary_key(Index::create().col(OpportunityProducts::OpportunityId).col(OpportunityProducts::ProductId))
                .foreign_key(
                    ForeignKey::create()
                        .from(OpportunityProducts::Table, OpportunityProducts::OpportunityId)
                        .to(Opportunities::Table, Opportunities::Id),
                )
                .foreign_key(
                    ForeignKey::create().from(OpportunityProducts::Table, OpportunityProducts::ProductId).to(Products::Table, Products::Id),
                )
                .to_owned(),
        )
        .await?;
    index(
        manager,
        OpportunityProducts::Table,
        "ix_opportunity_products_product",
        &[OpportunityProducts::ProductId.into_iden(), OpportunityProducts::OpportunityId.into_iden()],
    )
    .await?;

    manager
        .create_table(
            Table::create()
                .table(OpportunityStageChanges::Table)
                .col(id(OpportunityStageChanges::Id))
                .col(ColumnDef::new(OpportunityStageChanges::OpportunityId).uuid().not_null())
                .col(ColumnDef::new(OpportunityStageChanges::FromStage).string_len(16).null())
                .col(ColumnDef::new(OpportunityStageChanges::ToStage).string_len(16).not_null())
                .col(ColumnDef::new(OpportunityStageChanges::Probability).integer().not_null())
                .col(scaled_amount(OpportunityStageChanges::Amount))
                .col(ColumnDef::new(OpportunityStageChanges::Currency).string_len(3).not_null())
                .col(timestamp(OpportunityStageChanges::ChangedAt))
                .col(ColumnDef::new(OpportunityStageChanges::ActorKind).string_len(16).not_null())
                .col(ColumnDef::new(OpportunityStageChanges::ActorId).uuid().null())
                .col(ColumnDef::new(OpportunityStageChanges::ActorLabel).string_len(254).not_null())
                .foreign_key(
                    ForeignKey::create()
                        .from(OpportunityStageChanges::Table, OpportunityStageChanges::OpportunityId)
                        .to(Opportunities::Table, Opportunities::Id),
                )
                .to_owned(),
        )
        .await?;
    index(
        manager,
        OpportunityStageChanges::Table,
        "ix_stage_changes_opportunity",
        &[
            OpportunityStageChanges::OpportunityId.into_iden(),
            OpportunityStageChanges::ChangedAt.into_iden(),
            OpportunityStageChanges::Id.into_iden(),
        ],
    )
    .await?;
    index(
        manager,
        OpportunityStageChanges::Table,
        "ix_stage_changes_time",
        &[OpportunityStageChanges::ChangedAt.into_iden(), OpportunityStageChanges::Id.into_iden()],
    )
    .await
}

#[derive(DeriveIden)]
enum SalesTeams {
    Table,
    Id,
    Name,
    NameSort,
    CreatedAt,
    UpdatedAt,
    Version,
    ArchivedAt,
}

#[derive(DeriveIden)]
enum Users {
    Table,
    Id,
    SalesTeamId,
}

#[derive(DeriveIden)]
enum Customers {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum PartnerOrganizations {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum Products {
    Table,
    Id,
    Sku,
    Name,
    NameSort,
    Description,
    Family,
    Tier,
    Unit,
    Active,
    CreatedAt,
    UpdatedAt,
    Version,
}

#[derive(DeriveIden)]
enum PriceBooks {
    Table,
    Id,
    Name,
    NameSort,
    Currency,
    IsDefault,
    Active,
    CreatedAt,
    UpdatedAt,
    Version,
}

#[derive(DeriveIden)]
enum PriceBookEntries {
    Table,
    PriceBookId,
    ProductId,
    ListPrice,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum PipelineStages {
    Table,
    Stage,
    Position,
    Probability,
    UpdatedAt,
    Version,
}

#[derive(DeriveIden)]
enum Opportunities {
    Table,
    Id,
    Name,
    NameSort,
    CustomerId,
    OwnerId,
    PartnerId,
    Stage,
    Probability,
    Amount,
    Currency,
    ExpectedCloseDate,
    Source,
    NextStep,
    LostReason,
    Description,
    Registration,
    RegistrationNote,
    StageChangedAt,
    ClosedAt,
    CreatedAt,
    UpdatedAt,
    Version,
    ArchivedAt,
}

#[derive(DeriveIden)]
enum OpportunityProducts {
    Table,
    OpportunityId,
    ProductId,
}

#[derive(DeriveIden)]
enum OpportunityStageChanges {
    Table,
    Id,
    OpportunityId,
    FromStage,
    ToStage,
    Probability,
    Amount,
    Currency,
    ChangedAt,
    ActorKind,
    ActorId,
    ActorLabel,
}
