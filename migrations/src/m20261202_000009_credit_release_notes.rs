//! A credit hold's release keeps the manager's note and who released it as a user (the
//! order shows their name, not only the label of the moment).

use sea_orm_migration::prelude::*;

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m20261202_000009_credit_release_notes"
    }
}

#[derive(DeriveIden)]
enum Orders {
    Table,
    ReleaseNote,
    ReleasedById,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        // SQLite adds one column per ALTER TABLE.
        for column in [
            ColumnDef::new(Orders::ReleaseNote).string_len(500).null().to_owned(),
            ColumnDef::new(Orders::ReleasedById).uuid().null().to_owned(),
        ] {
            manager.alter_table(Table::alter().table(Orders::Table).add_column(column).to_owned()).await?;
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for column in [Orders::ReleaseNote, Orders::ReleasedById] {
            manager.alter_table(Table::alter().table(Orders::Table).drop_column(column).to_owned()).await?;
        }
        Ok(())
    }
}
