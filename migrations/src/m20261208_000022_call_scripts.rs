//! Call scripts: decision trees with a working copy (`draft`, JSON) and numbered published
//! versions that never change (what runs and what the analytics count); runs of a version by
//! an agent in a call or a ticket or by the self-service chatbot, with one row per node
//! reached, so that path analytics are counts over an index.

use super::columns::{fk, id, index, timestamp, version};
use sea_orm_migration::prelude::*;

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m20261208_000022_call_scripts"
    }
}

#[derive(DeriveIden)]
enum CallScripts {
    Table,
    Id,
    Name,
    Description,
    Locale,
    SelfService,
    Draft,
    PublishedNumber,
    PublishedVersionId,
    CreatedById,
    CreatedAt,
    UpdatedAt,
    Version,
}

#[derive(DeriveIden)]
enum CallScriptVersions {
    Table,
    Id,
    ScriptId,
    Number,
    Tree,
    PublishedById,
    PublishedAt,
}

#[derive(DeriveIden)]
enum ScriptRuns {
    Table,
    Id,
    ScriptId,
    VersionId,
    Channel,
    Status,
    UserId,
    CustomerId,
    CallId,
    TicketId,
    CurrentNode,
    Ending,
    HandoffTicketId,
    Steps,
    StartedAt,
    UpdatedAt,
    EndedAt,
}

#[derive(DeriveIden)]
enum ScriptRunSteps {
    Table,
    Id,
    RunId,
    VersionId,
    Position,
    NodeKey,
    AnswerKey,
    ReachedAt,
}

#[derive(DeriveIden)]
enum Users {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum Customers {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum Calls {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum Tickets {
    Table,
    Id,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        use ForeignKeyAction::{Cascade, SetNull};
        manager
            .create_table(
                Table::create()
                    .table(CallScripts::Table)
                    .col(id(CallScripts::Id))
                    .col(ColumnDef::new(CallScripts::Name).string_len(100).not_null().unique_key())
                    .col(ColumnDef::new(CallScripts::Description).string_len(500).not_null().default(""))
                    .col(ColumnDef::new(CallScripts::Locale).string_len(8).not_null())
                    .col(ColumnDef::new(CallScripts::SelfService).boolean().not_null().default(false))
                    // The working copy's tree, JSON; published versions copy it.
                    .col(ColumnDef::new(CallScripts::Draft).text().not_null())
                    .col(ColumnDef::new(CallScripts::PublishedNumber).integer().null())
                    .col(ColumnDef::new(CallScripts::PublishedVersionId).uuid().null())
                    .col(ColumnDef::new(CallScripts::CreatedById).uuid().null())
                    .col(timestamp(CallScripts::CreatedAt))
                    .col(timestamp(CallScripts::UpdatedAt))
                    .col(version(CallScripts::Version))
                    .foreign_key(&mut fk(
                        "fk_call_scripts_created_by",
                        (CallScripts::Table, CallScripts::CreatedById),
                        (Users::Table, Users::Id),
                        SetNull,
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(CallScriptVersions::Table)
                    .col(id(CallScriptVersions::Id))
                    .col(ColumnDef::new(CallScriptVersions::ScriptId).uuid().not_null())
                    .col(ColumnDef::new(CallScriptVersions::Number).integer().not_null())
                    .col(ColumnDef::new(CallScriptVersions::Tree).text().not_null())
                    .col(ColumnDef::new(CallScriptVersions::PublishedById).uuid().null())
                    .col(timestamp(CallScriptVersions::PublishedAt))
                    .foreign_key(&mut fk(
                        "fk_call_script_versions_script",
                        (CallScriptVersions::Table, CallScriptVersions::ScriptId),
                        (CallScripts::Table, CallScripts::Id),
                        Cascade,
                    ))
                    .foreign_key(&mut fk(
                        "fk_call_script_versions_published_by",
                        (CallScriptVersions::Table, CallScriptVersions::PublishedById),
                        (Users::Table, Users::Id),
                        SetNull,
                    ))
                    .index(
                        Index::create()
                            .name("ux_call_script_versions_number")
                            .col(CallScriptVersions::ScriptId)
                            .col(CallScriptVersions::Number)
                            .unique(),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(ScriptRuns::Table)
                    .col(id(ScriptRuns::Id))
                    .col(ColumnDef::new(ScriptRuns::ScriptId).uuid().not_null())
                    .col(ColumnDef::new(ScriptRuns::VersionId).uuid().not_null())
                    .col(ColumnDef::new(ScriptRuns::Channel).string_len(8).not_null())
                    .col(ColumnDef::new(ScriptRuns::Status).string_len(16).not_null())
                    .col(ColumnDef::new(ScriptRuns::UserId).uuid().null())
                    .col(ColumnDef::new(ScriptRuns::CustomerId).uuid().null())
                    .col(ColumnDef::new(ScriptRuns::CallId).uuid().null())
                    .col(ColumnDef::new(ScriptRuns::TicketId).uuid().null())
                    .col(ColumnDef::new(ScriptRuns::CurrentNode).string_len(40).not_null())
                    .col(ColumnDef::new(ScriptRuns::Ending).string_len(16).null())
                    .col(ColumnDef::new(ScriptRuns::HandoffTicketId).uuid().null())
                    // Nodes reached so far: the guard of each step (two answers racing at one
                    // node: the second finds the count moved).
                    .col(ColumnDef::new(ScriptRuns::Steps).integer().not_null())
                    .col(timestamp(ScriptRuns::StartedAt))
                    .col(timestamp(ScriptRuns::UpdatedAt))
                    .col(ColumnDef::new(ScriptRuns::EndedAt).timestamp_with_time_zone().null())
                    .foreign_key(&mut fk(
                        "fk_script_runs_script",
                        (ScriptRuns::Table, ScriptRuns::ScriptId),
                        (CallScripts::Table, CallScripts::Id),
                        Cascade,
                    ))
                    .foreign_key(&mut fk(
                        "fk_script_runs_version",
                        (ScriptRuns::Table, ScriptRuns::VersionId),
                        (CallScriptVersions::Table, CallScriptVersions::Id),
                        Cascade,
                    ))
                    .foreign_key(&mut fk(
                        "fk_script_runs_user",
                        (ScriptRuns::Table, ScriptRuns::UserId),
                        (Users::Table, Users::Id),
                        SetNull,
                    ))
                    .foreign_key(&mut fk(
                        "fk_script_runs_customer",
                        (ScriptRuns::Table, ScriptRuns::CustomerId),
                        (Customers::Table, Customers::Id),
                        Cascade,
                    ))
                    .foreign_key(&mut fk(
                        "fk_script_runs_call",
                        (ScriptRuns::Table, ScriptRuns::CallId),
                        (Calls::Table, Calls::Id),
                        SetNull,
                    ))
                    .foreign_key(&mut fk(
                        "fk_script_runs_ticket",
                        (ScriptRuns::Table, ScriptRuns::TicketId),
                        (Tickets::Table, Tickets::Id),
                        SetNull,
                    ))
                    .foreign_key(&mut fk(
                        "fk_script_runs_handoff_ticket",
                        (ScriptRuns::Table, ScriptRuns::HandoffTicketId),
                        (Tickets::Table, Tickets::Id),
                        SetNull,
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(ScriptRunSteps::Table)
                    .col(id(ScriptRunSteps::Id))
                    .col(ColumnDef::new(ScriptRunSteps::RunId).uuid().not_null())
                    .col(ColumnDef::new(ScriptRunSteps::VersionId).uuid().not_null())
                    .col(ColumnDef::new(ScriptRunSteps::Position).integer().not_null())
                    .col(ColumnDef::new(ScriptRunSteps::NodeKey).string_len(40).not_null())
                    .col(ColumnDef::new(ScriptRunSteps::AnswerKey).string_len(40).null())
                    .col(timestamp(ScriptRunSteps::ReachedAt))
                    .foreign_key(&mut fk(
                        "fk_script_run_steps_run",
                        (ScriptRunSteps::Table, ScriptRunSteps::RunId),
                        (ScriptRuns::Table, ScriptRuns::Id),
                        Cascade,
                    ))
                    .index(
                        Index::create()
                            .name("ux_script_run_steps_position")
                            .col(ScriptRunSteps::RunId)
                            .col(ScriptRunSteps::Position)
                            .unique(),
                    )
                    .to_owned(),
            )
            .await?;
        // Path analytics count a version's steps by node, and its runs by where they stopped.
        index(
            manager,
            ScriptRunSteps::Table,
            "ix_script_run_steps_version_node",
            &[ScriptRunSteps::VersionId.into_iden(), ScriptRunSteps::NodeKey.into_iden()],
        )
        .await?;
        index(
            manager,
            ScriptRuns::Table,
            "ix_script_runs_version_status",
            &[ScriptRuns::VersionId.into_iden(), ScriptRuns::Status.into_iden(), ScriptRuns::CurrentNode.into_iden()],
        )
        .await?;
        // A call's and a ticket's runs (the path stored on the interaction).
        index(manager, ScriptRuns::Table, "ix_script_runs_call", &[ScriptRuns::CallId.into_iden()]).await?;
        index(manager, ScriptRuns::Table, "ix_script_runs_ticket", &[ScriptRuns::TicketId.into_iden()]).await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in [
            ScriptRunSteps::Table.into_iden(),
            ScriptRuns::Table.into_iden(),
            CallScriptVersions::Table.into_iden(),
            CallScripts::Table.into_iden(),
        ] {
            manager.drop_table(Table::drop().table(table).to_owned()).await?;
        }
        Ok(())
    }
}
