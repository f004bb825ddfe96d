//! Tasks: the to-dos of staff and partner users ("call Rossi back about the quote"), each with
//! an owner, a time due, an optional reminder and the record it concerns (a customer, contact,
//! lead, opportunity, order or ticket; or none, a personal to-do). Opened by hand or by other
//! modules (a low satisfaction score, a detractor's NPS answer), so `created_by_id` is empty
//! when the CRM itself opened it and `origin` says why.

use super::columns::{fk, id, index, timestamp, version};
use sea_orm_migration::prelude::*;

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m20261211_000028_tasks"
    }
}

#[derive(DeriveIden)]
enum Tasks {
    Table,
    Id,
    Title,
    Details,
    SubjectType,
    SubjectId,
    CustomerId,
    OwnerId,
    CreatedById,
    Origin,
    Priority,
    Status,
    DueAt,
    RemindAt,
    RemindedAt,
    CompletedAt,
    CompletedById,
    CreatedAt,
    UpdatedAt,
    Version,
}

#[derive(DeriveIden)]
enum Customers {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum Users {
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
                    .table(Tasks::Table)
                    .col(id(Tasks::Id))
                    .col(ColumnDef::new(Tasks::Title).string_len(200).not_null())
                    .col(ColumnDef::new(Tasks::Details).string_len(4000).null())
                    .col(ColumnDef::new(Tasks::SubjectType).string_len(16).null())
                    .col(ColumnDef::new(Tasks::SubjectId).uuid().null())
                    .col(ColumnDef::new(Tasks::CustomerId).uuid().null())
                    .col(ColumnDef::new(Tasks::OwnerId).uuid().not_null())
                    .col(ColumnDef::new(Tasks::CreatedById).uuid().null())
                    .col(ColumnDef::new(Tasks::Origin).string_len(24).not_null())
                    .col(ColumnDef::new(Tasks::Priority).string_len(16).not_null())
                    .col(ColumnDef::new(Tasks::Status).string_len(16).not_null())
                    .col(timestamp(Tasks::DueAt))
                    .col(ColumnDef::new(Tasks::RemindAt).timestamp_with_time_zone().null())
                    .col(ColumnDef::new(Tasks::RemindedAt).timestamp_with_time_zone().null())
                    .col(ColumnDef::new(Tasks::CompletedAt).timestamp_with_time_zone().null())
                    .col(ColumnDef::new(Tasks::CompletedById).uuid().null())
                    .col(timestamp(Tasks::CreatedAt))
                    .col(timestamp(Tasks::UpdatedAt))
                    .col(version(Tasks::Version))
                    .foreign_key(&mut fk(
                        "fk_tasks_customer",
                        (Tasks::Table, Tasks::CustomerId),
                        (Customers::Table, Customers::Id),
                        Cascade,
                    ))
                    .foreign_key(&mut fk("fk_tasks_owner", (Tasks::Table, Tasks::OwnerId), (Users::Table, Users::Id), Cascade))
                    .foreign_key(&mut fk("fk_tasks_creator", (Tasks::Table, Tasks::CreatedById), (Users::Table, Users::Id), SetNull))
                    .foreign_key(&mut fk("fk_tasks_completed_by", (Tasks::Table, Tasks::CompletedById), (Users::Table, Users::Id), SetNull))
                    .to_owned(),
            )
            .await?;
        // A person's tasks by status and time due ("my open tasks, soonest first"); a record's
        // tasks; a customer's (its page gathers those of its contacts, deals and tickets).
        let owner = [Tasks::OwnerId.into_iden(), Tasks::Status.into_iden(), Tasks::DueAt.into_iden(), Tasks::Id.into_iden()];
        index(manager, Tasks::Table, "ix_tasks_owner", &owner).await?;
        index(manager, Tasks::Table, "ix_tasks_subject", &[Tasks::SubjectId.into_iden()]).await?;
        index(manager, Tasks::Table, "ix_tasks_customer", &[Tasks::CustomerId.into_iden(), Tasks::DueAt.into_iden()]).await?;
        index(manager, Tasks::Table, "ix_tasks_creator", &[Tasks::CreatedById.into_iden()]).await?;
        // The reminder job's work: open tasks whose reminder has not gone out. Written out: the
        // schema builder has no partial indexes; both databases read this.
        manager
            .get_connection()
            .execute_unprepared(
                "CREATE INDEX ix_tasks_reminders ON tasks (remind_at) \
                 WHERE remind_at IS NOT NULL AND reminded_at IS NULL AND status = 'OPEN'",
            )
            .await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager.drop_table(Table::drop().table(Tasks::Table).to_owned()).await
    }
}
