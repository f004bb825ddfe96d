//! Saved views: a list's filters, search and sort under a name, kept for the person who saved
//! it and, when shared, for their colleagues (staff, or the users of one partner organisation).

use super::columns::{id, index, timestamp, version};
use sea_orm_migration::prelude::*;

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m20261202_000010_saved_views"
    }
}

#[derive(DeriveIden)]
enum SavedViews {
    Table,
    Id,
    OwnerId,
    PartnerId,
    List,
    Name,
    NameSort,
    Query,
    Shared,
    CreatedAt,
    UpdatedAt,
    Version,
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
                    .table(SavedViews::Table)
                    .col(id(SavedViews::Id))
                    .col(ColumnDef::new(SavedViews::OwnerId).uuid().not_null())
                    // The owner's organisation when a partner user saved it: who a shared view
                    // is shared with.
                    .col(ColumnDef::new(SavedViews::PartnerId).uuid().null())
                    .col(ColumnDef::new(SavedViews::List).string_len(32).not_null())
                    .col(ColumnDef::new(SavedViews::Name).string_len(80).not_null())
                    .col(ColumnDef::new(SavedViews::NameSort).string_len(80).not_null())
                    .col(ColumnDef::new(SavedViews::Query).string_len(2000).not_null())
                    .col(ColumnDef::new(SavedViews::Shared).boolean().not_null().default(false))
                    .col(timestamp(SavedViews::CreatedAt))
                    .col(timestamp(SavedViews::UpdatedAt))
                    .col(version(SavedViews::Version))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_saved_views_owner")
                            .from(SavedViews::Table, SavedViews::OwnerId)
                            .to(Users::Table, Users::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        // One name per person and list: a second "My deals" is a CONFLICT, also when two
        // saves race.
        manager
            .create_index(
                Index::create()
                    .name("ux_saved_views_owner_name")
                    .table(SavedViews::Table)
                    .col(SavedViews::OwnerId)
                    .col(SavedViews::List)
                    .col(SavedViews::NameSort)
                    .unique()
                    .to_owned(),
            )
            .await?;
        index(
            manager,
            SavedViews::Table,
            "ix_saved_views_shared",
            &[SavedViews::List.into_iden(), SavedViews::Shared.into_iden(), SavedViews::NameSort.into_iden(), SavedViews::Id.into_iden()],
        )
        .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager.drop_table(Table::drop().table(SavedViews::Table).to_owned()).await
    }
}
