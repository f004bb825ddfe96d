//! What each entry of an opportunity's stage history records: its creation (`CREATED`), a
//! move between stages (`MOVED`), or a partner's deal registration approved into the
//! pipeline (`REGISTRATION_APPROVED`, which stays in its stage). Existing entries get theirs
//! from `from_stage`: none for a creation.

use sea_orm_migration::prelude::*;

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m20261202_000008_stage_change_events"
    }
}

#[derive(DeriveIden)]
enum OpportunityStageChanges {
    Table,
    Event,
    FromStage,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(OpportunityStageChanges::Table)
                    .add_column(ColumnDef::new(OpportunityStageChanges::Event).string_len(24).not_null().default("MOVED"))
                    .to_owned(),
            )
            .await?;
        manager
            .exec_stmt(
                Query::update()
                    .table(OpportunityStageChanges::Table)
                    .value(OpportunityStageChanges::Event, "CREATED")
                    .and_where(Expr::col(OpportunityStageChanges::FromStage).is_null())
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(Table::alter().table(OpportunityStageChanges::Table).drop_column(OpportunityStageChanges::Event).to_owned())
            .await
    }
}
