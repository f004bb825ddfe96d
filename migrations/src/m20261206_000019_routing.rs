//! Routing of the service desk: who belongs to which queue, each agent's presence, capacity
//! and skills, how each queue hands out its tickets, and the language a ticket is written in
//! (a skill it asks for).

use super::columns::{fk, index, timestamp, version};
use sea_orm_migration::prelude::*;

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m20261206_000019_routing"
    }
}

#[derive(DeriveIden)]
enum ServiceAgents {
    Table,
    UserId,
    Presence,
    PresenceSince,
    Capacity,
    Languages,
    Categories,
    LastAssignedAt,
    CreatedAt,
    UpdatedAt,
    Version,
}

#[derive(DeriveIden)]
enum ServiceQueueMembers {
    Table,
    QueueId,
    UserId,
    CreatedAt,
}

#[derive(DeriveIden)]
enum ServiceQueues {
    Table,
    Id,
    Routing,
}

#[derive(DeriveIden)]
enum Tickets {
    Table,
    Language,
}

#[derive(DeriveIden)]
enum Users {
    Table,
    Id,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        use ForeignKeyAction::Cascade;
        manager
            .create_table(
                Table::create()
                    .table(ServiceAgents::Table)
                    .col(ColumnDef::new(ServiceAgents::UserId).uuid().not_null().primary_key())
                    .col(ColumnDef::new(ServiceAgents::Presence).string_len(16).not_null())
                    .col(timestamp(ServiceAgents::PresenceSince))
                    .col(ColumnDef::new(ServiceAgents::Capacity).integer().not_null())
                    .col(ColumnDef::new(ServiceAgents::Languages).text().not_null())
                    .col(ColumnDef::new(ServiceAgents::Categories).text().not_null())
                    .col(ColumnDef::new(ServiceAgents::LastAssignedAt).timestamp_with_time_zone().null())
                    .col(timestamp(ServiceAgents::CreatedAt))
                    .col(timestamp(ServiceAgents::UpdatedAt))
                    .col(version(ServiceAgents::Version))
                    .foreign_key(&mut fk(
                        "fk_service_agents_user",
                        (ServiceAgents::Table, ServiceAgents::UserId),
                        (Users::Table, Users::Id),
                        Cascade,
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(ServiceQueueMembers::Table)
                    .col(ColumnDef::new(ServiceQueueMembers::QueueId).uuid().not_null())
                    .col(ColumnDef::new(ServiceQueueMembers::UserId).uuid().not_null())
                    .col(timestamp(ServiceQueueMembers::CreatedAt))
                    .primary_key(Index::create().col(ServiceQueueMembers::QueueId).col(ServiceQueueMembers::UserId))
                    .foreign_key(&mut fk(
                        "fk_service_queue_members_queue",
                        (ServiceQueueMembers::Table, ServiceQueueMembers::QueueId),
                        (ServiceQueues::Table, ServiceQueues::Id),
                        Cascade,
                    ))
                    .foreign_key(&mut fk(
                        "fk_service_queue_members_user",
                        (ServiceQueueMembers::Table, ServiceQueueMembers::UserId),
                        (Users::Table, Users::Id),
                        Cascade,
                    ))
                    .to_owned(),
            )
            .await?;
        // An agent's queues, read by every ticket statement an agent makes (their scope).
        index(manager, ServiceQueueMembers::Table, "ix_service_queue_members_user", &[ServiceQueueMembers::UserId.into_iden()]).await?;
        manager
            .alter_table(
                Table::alter()
                    .table(ServiceQueues::Table)
                    .add_column(ColumnDef::new(ServiceQueues::Routing).string_len(16).not_null().default("MANUAL"))
                    .to_owned(),
            )
            .await?;
        manager
            .alter_table(Table::alter().table(Tickets::Table).add_column(ColumnDef::new(Tickets::Language).string_len(8).null()).to_owned())
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager.alter_table(Table::alter().table(Tickets::Table).drop_column(Tickets::Language).to_owned()).await?;
        manager.alter_table(Table::alter().table(ServiceQueues::Table).drop_column(ServiceQueues::Routing).to_owned()).await?;
        manager.drop_table(Table::drop().table(ServiceQueueMembers::Table).to_owned()).await?;
        manager.drop_table(Table::drop().table(ServiceAgents::Table).to_owned()).await
    }
}
