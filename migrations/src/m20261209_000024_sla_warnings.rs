//! Warnings before an SLA breach and the desk's notifications. A policy says how many working
//! minutes before the time due its clocks warn (`warning_minutes`; none: they do not); each
//! clock keeps when it warns (`warn_at`, computed with its time due) and when it did
//! (`warned_at`, claimed once by the SLA job). A desk user may work to their own calendar
//! (`service_agents.calendar_id`). A notification is held until its recipient's working hours
//! (`deliver_at`); `delivered_at` is claimed once, when it goes out live.

use super::columns::{fk, id, index, timestamp};
use sea_orm_migration::prelude::*;

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m20261209_000024_sla_warnings"
    }
}

#[derive(DeriveIden, Clone, Copy)]
enum TicketSlaClocks {
    Table,
    WarnAt,
    WarnedAt,
}

#[derive(DeriveIden, Clone, Copy)]
enum SlaPolicies {
    Table,
    WarningMinutes,
}

#[derive(DeriveIden, Clone, Copy)]
enum ServiceAgents {
    Table,
    CalendarId,
}

#[derive(DeriveIden, Clone, Copy)]
enum ServiceCalendars {
    Table,
    Id,
}

#[derive(DeriveIden, Clone, Copy)]
enum ServiceNotifications {
    Table,
    Id,
    RecipientId,
    Kind,
    TicketId,
    Target,
    DueAt,
    CreatedAt,
    DeliverAt,
    DeliveredAt,
    ReadAt,
}

#[derive(DeriveIden)]
enum Users {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum Tickets {
    Table,
    Id,
}

fn optional_time(column: impl IntoIden) -> ColumnDef {
    ColumnDef::new(column).timestamp_with_time_zone().null().to_owned()
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        use ForeignKeyAction::{Cascade, SetNull};
        let sqlite = manager.get_database_backend() == sea_orm_migration::sea_orm::DbBackend::Sqlite;
        for column in [TicketSlaClocks::WarnAt, TicketSlaClocks::WarnedAt] {
            manager.alter_table(Table::alter().table(TicketSlaClocks::Table).add_column(optional_time(column)).to_owned()).await?;
        }
        // The SLA job's warnings due: running clocks by when they warn.
        index(manager, TicketSlaClocks::Table, "ix_ticket_sla_clocks_warn_at", &[TicketSlaClocks::WarnAt.into_iden()]).await?;
        manager
            .alter_table(
                Table::alter()
                    .table(SlaPolicies::Table)
                    .add_column(ColumnDef::new(SlaPolicies::WarningMinutes).integer().null())
                    .to_owned(),
            )
            .await?;
        manager
            .alter_table(
                Table::alter().table(ServiceAgents::Table).add_column(ColumnDef::new(ServiceAgents::CalendarId).uuid().null()).to_owned(),
            )
            .await?;
        // SQLite cannot add a column with a foreign key; PostgreSQL gets the constraint.
        if !sqlite {
            manager
                .create_foreign_key(fk(
                    "fk_service_agents_calendar",
                    (ServiceAgents::Table, ServiceAgents::CalendarId),
                    (ServiceCalendars::Table, ServiceCalendars::Id),
                    SetNull,
                ))
                .await?;
        }
        manager
            .create_table(
                Table::create()
                    .table(ServiceNotifications::Table)
                    .col(id(ServiceNotifications::Id))
                    .col(ColumnDef::new(ServiceNotifications::RecipientId).uuid().not_null())
                    .col(ColumnDef::new(ServiceNotifications::Kind).string_len(16).not_null())
                    .col(ColumnDef::new(ServiceNotifications::TicketId).uuid().not_null())
                    .col(ColumnDef::new(ServiceNotifications::Target).string_len(24).null())
                    .col(optional_time(ServiceNotifications::DueAt))
                    .col(timestamp(ServiceNotifications::CreatedAt))
                    .col(timestamp(ServiceNotifications::DeliverAt))
                    .col(optional_time(ServiceNotifications::DeliveredAt))
                    .col(optional_time(ServiceNotifications::ReadAt))
                    .foreign_key(&mut fk(
                        "fk_service_notifications_recipient",
                        (ServiceNotifications::Table, ServiceNotifications::RecipientId),
                        (Users::Table, Users::Id),
                        Cascade,
                    ))
                    .foreign_key(&mut fk(
                        "fk_service_notifications_ticket",
                        (ServiceNotifications::Table, ServiceNotifications::TicketId),
                        (Tickets::Table, Tickets::Id),
                        Cascade,
                    ))
                    .to_owned(),
            )
            .await?;
        // A person's inbox, newest first, only what is due for them.
        index(
            manager,
            ServiceNotifications::Table,
            "ix_service_notifications_recipient",
            &[
                ServiceNotifications::RecipientId.into_iden(),
                ServiceNotifications::DeliverAt.into_iden(),
                ServiceNotifications::Id.into_iden(),
            ],
        )
        .await?;
        // The job's notifications to send out.
        index(
            manager,
            ServiceNotifications::Table,
            "ix_service_notifications_outbox",
            &[ServiceNotifications::DeliveredAt.into_iden(), ServiceNotifications::DeliverAt.into_iden()],
        )
        .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager.drop_table(Table::drop().table(ServiceNotifications::Table).to_owned()).await?;
        if manager.get_database_backend() != sea_orm_migration::sea_orm::DbBackend::Sqlite {
            manager.drop_foreign_key(ForeignKey::drop().name("fk_service_agents_calendar").table(ServiceAgents::Table).to_owned()).await?;
        }
        manager.alter_table(Table::alter().table(ServiceAgents::Table).drop_column(ServiceAgents::CalendarId).to_owned()).await?;
        manager.alter_table(Table::alter().table(SlaPolicies::Table).drop_column(SlaPolicies::WarningMinutes).to_owned()).await?;
        manager.drop_index(Index::drop().name("ix_ticket_sla_clocks_warn_at").table(TicketSlaClocks::Table).to_owned()).await?;
        for column in [TicketSlaClocks::WarnedAt, TicketSlaClocks::WarnAt] {
            manager.alter_table(Table::alter().table(TicketSlaClocks::Table).drop_column(column).to_owned()).await?;
        }
        Ok(())
    }
}
