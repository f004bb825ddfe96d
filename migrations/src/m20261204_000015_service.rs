//! Customer service: working-hours calendars, queues, SLA policies, tickets, their messages,
//! their SLA clocks and the timeline of every clock's steps.

use super::columns::{fk, id, index, timestamp, version};
use sea_orm_migration::prelude::*;

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m20261204_000015_service"
    }
}

#[derive(DeriveIden)]
enum ServiceCalendars {
    Table,
    Id,
    Name,
    TimeZone,
    Hours,
    Holidays,
    CreatedAt,
    UpdatedAt,
    ArchivedAt,
    Version,
}

#[derive(DeriveIden)]
enum ServiceQueues {
    Table,
    Id,
    Name,
    CalendarId,
    LeadId,
    ReopenDays,
    IsDefault,
    CreatedAt,
    UpdatedAt,
    ArchivedAt,
    Version,
}

#[derive(DeriveIden)]
enum SlaPolicies {
    Table,
    Id,
    Name,
    Position,
    Priority,
    QueueId,
    FirstResponseMinutes,
    NextResponseMinutes,
    ResolutionMinutes,
    PauseStatuses,
    CreatedAt,
    UpdatedAt,
    ArchivedAt,
    Version,
}

#[derive(DeriveIden)]
enum Tickets {
    Table,
    Id,
    Number,
    CustomerId,
    ContactId,
    Channel,
    Category,
    Subject,
    Priority,
    Status,
    QueueId,
    AssigneeId,
    Complaint,
    OrderId,
    ProductId,
    SlaPolicyId,
    SlaDueAt,
    CreatedById,
    CreatedAt,
    UpdatedAt,
    ResolvedAt,
    ClosedAt,
    Version,
}

#[derive(DeriveIden)]
enum TicketMessages {
    Table,
    Id,
    TicketId,
    Kind,
    AuthorId,
    Body,
    CreatedAt,
}

#[derive(DeriveIden)]
enum TicketSlaClocks {
    Table,
    TicketId,
    Target,
    TargetSeconds,
    UsedSeconds,
    RunningSince,
    DueAt,
    MetAt,
    BreachedAt,
}

#[derive(DeriveIden)]
enum TicketSlaEvents {
    Table,
    Id,
    TicketId,
    Target,
    Kind,
    At,
    DueAt,
    ActorId,
    Reason,
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
enum Contacts {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum Orders {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum Products {
    Table,
    Id,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        use ForeignKeyAction::{Cascade, Restrict, SetNull};
        manager
            .create_table(
                Table::create()
                    .table(ServiceCalendars::Table)
                    .col(id(ServiceCalendars::Id))
                    .col(ColumnDef::new(ServiceCalendars::Name).string_len(100).not_null().unique_key())
                    .col(ColumnDef::new(ServiceCalendars::TimeZone).string_len(64).not_null())
                    // JSON: [{"weekday": "Mon", "start": 540, "end": 780}, …] and ["2026-12-25", …].
                    .col(ColumnDef::new(ServiceCalendars::Hours).text().not_null())
                    .col(ColumnDef::new(ServiceCalendars::Holidays).text().not_null())
                    .col(timestamp(ServiceCalendars::CreatedAt))
                    .col(timestamp(ServiceCalendars::UpdatedAt))
                    .col(ColumnDef::new(ServiceCalendars::ArchivedAt).timestamp_with_time_zone().null())
                    .col(version(ServiceCalendars::Version))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(ServiceQueues::Table)
                    .col(id(ServiceQueues::Id))
                    .col(ColumnDef::new(ServiceQueues::Name).string_len(100).not_null().unique_key())
                    .col(ColumnDef::new(ServiceQueues::CalendarId).uuid().null())
                    .col(ColumnDef::new(ServiceQueues::LeadId).uuid().null())
                    .col(ColumnDef::new(ServiceQueues::ReopenDays).integer().not_null().default(7))
                    .col(ColumnDef::new(ServiceQueues::IsDefault).boolean().not_null().default(false))
                    .col(timestamp(ServiceQueues::CreatedAt))
                    .col(timestamp(ServiceQueues::UpdatedAt))
                    .col(ColumnDef::new(ServiceQueues::ArchivedAt).timestamp_with_time_zone().null())
                    .col(version(ServiceQueues::Version))
                    .foreign_key(&mut fk(
                        "fk_service_queues_calendar",
                        (ServiceQueues::Table, ServiceQueues::CalendarId),
                        (ServiceCalendars::Table, ServiceCalendars::Id),
                        Restrict,
                    ))
                    .foreign_key(&mut fk(
                        "fk_service_queues_lead",
                        (ServiceQueues::Table, ServiceQueues::LeadId),
                        (Users::Table, Users::Id),
                        SetNull,
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(SlaPolicies::Table)
                    .col(id(SlaPolicies::Id))
                    .col(ColumnDef::new(SlaPolicies::Name).string_len(100).not_null().unique_key())
                    .col(ColumnDef::new(SlaPolicies::Position).integer().not_null())
                    .col(ColumnDef::new(SlaPolicies::Priority).string_len(16).null())
                    .col(ColumnDef::new(SlaPolicies::QueueId).uuid().null())
                    .col(ColumnDef::new(SlaPolicies::FirstResponseMinutes).integer().not_null())
                    .col(ColumnDef::new(SlaPolicies::NextResponseMinutes).integer().null())
                    .col(ColumnDef::new(SlaPolicies::ResolutionMinutes).integer().not_null())
                    // Comma-separated ticket statuses during which the clocks stop.
                    .col(ColumnDef::new(SlaPolicies::PauseStatuses).string_len(200).not_null())
                    .col(timestamp(SlaPolicies::CreatedAt))
                    .col(timestamp(SlaPolicies::UpdatedAt))
                    .col(ColumnDef::new(SlaPolicies::ArchivedAt).timestamp_with_time_zone().null())
                    .col(version(SlaPolicies::Version))
                    .foreign_key(&mut fk(
                        "fk_sla_policies_queue",
                        (SlaPolicies::Table, SlaPolicies::QueueId),
                        (ServiceQueues::Table, ServiceQueues::Id),
                        Restrict,
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(Tickets::Table)
                    .col(id(Tickets::Id))
                    .col(ColumnDef::new(Tickets::Number).string_len(32).not_null().unique_key())
                    .col(ColumnDef::new(Tickets::CustomerId).uuid().not_null())
                    .col(ColumnDef::new(Tickets::ContactId).uuid().null())
                    .col(ColumnDef::new(Tickets::Channel).string_len(16).not_null())
                    .col(ColumnDef::new(Tickets::Category).string_len(64).null())
                    .col(ColumnDef::new(Tickets::Subject).string_len(200).not_null())
                    .col(ColumnDef::new(Tickets::Priority).string_len(16).not_null())
                    .col(ColumnDef::new(Tickets::Status).string_len(24).not_null())
                    .col(ColumnDef::new(Tickets::QueueId).uuid().not_null())
                    .col(ColumnDef::new(Tickets::AssigneeId).uuid().null())
                    .col(ColumnDef::new(Tickets::Complaint).boolean().not_null().default(false))
                    .col(ColumnDef::new(Tickets::OrderId).uuid().null())
                    .col(ColumnDef::new(Tickets::ProductId).uuid().null())
                    .col(ColumnDef::new(Tickets::SlaPolicyId).uuid().null())
                    // The nearest time due of the clocks that run: the agents' work order.
                    .col(ColumnDef::new(Tickets::SlaDueAt).timestamp_with_time_zone().null())
                    .col(ColumnDef::new(Tickets::CreatedById).uuid().null())
                    .col(timestamp(Tickets::CreatedAt))
                    .col(timestamp(Tickets::UpdatedAt))
                    .col(ColumnDef::new(Tickets::ResolvedAt).timestamp_with_time_zone().null())
                    .col(ColumnDef::new(Tickets::ClosedAt).timestamp_with_time_zone().null())
                    .col(version(Tickets::Version))
                    .foreign_key(&mut fk(
                        "fk_tickets_customer",
                        (Tickets::Table, Tickets::CustomerId),
                        (Customers::Table, Customers::Id),
                        Restrict,
                    ))
                    .foreign_key(&mut fk(
                        "fk_tickets_contact",
                        (Tickets::Table, Tickets::ContactId),
                        (Contacts::Table, Contacts::Id),
                        Restrict,
                    ))
                    .foreign_key(&mut fk(
                        "fk_tickets_queue",
                        (Tickets::Table, Tickets::QueueId),
                        (ServiceQueues::Table, ServiceQueues::Id),
                        Restrict,
                    ))
                    .foreign_key(&mut fk("fk_tickets_assignee", (Tickets::Table, Tickets::AssigneeId), (Users::Table, Users::Id), SetNull))
                    .foreign_key(&mut fk("fk_tickets_order", (Tickets::Table, Tickets::OrderId), (Orders::Table, Orders::Id), Restrict))
                    .foreign_key(&mut fk(
                        "fk_tickets_product",
                        (Tickets::Table, Tickets::ProductId),
                        (Products::Table, Products::Id),
                        Restrict,
                    ))
                    .foreign_key(&mut fk(
                        "fk_tickets_policy",
                        (Tickets::Table, Tickets::SlaPolicyId),
                        (SlaPolicies::Table, SlaPolicies::Id),
                        Restrict,
                    ))
                    .foreign_key(&mut fk("fk_tickets_creator", (Tickets::Table, Tickets::CreatedById), (Users::Table, Users::Id), SetNull))
                    .to_owned(),
            )
            .await?;
        // A customer's tickets, newest first; an agent's and a queue's open work by status.
        index(manager, Tickets::Table, "ix_tickets_customer", &[Tickets::CustomerId.into_iden(), Tickets::Id.into_iden()]).await?;
        index(
            manager,
            Tickets::Table,
            "ix_tickets_assignee",
            &[Tickets::AssigneeId.into_iden(), Tickets::Status.into_iden(), Tickets::Id.into_iden()],
        )
        .await?;
        index(
            manager,
            Tickets::Table,
            "ix_tickets_queue",
            &[Tickets::QueueId.into_iden(), Tickets::Status.into_iden(), Tickets::Id.into_iden()],
        )
        .await?;
        index(manager, Tickets::Table, "ix_tickets_status", &[Tickets::Status.into_iden(), Tickets::Id.into_iden()]).await?;
        manager
            .create_table(
                Table::create()
                    .table(TicketMessages::Table)
                    .col(id(TicketMessages::Id))
                    .col(ColumnDef::new(TicketMessages::TicketId).uuid().not_null())
                    .col(ColumnDef::new(TicketMessages::Kind).string_len(16).not_null())
                    .col(ColumnDef::new(TicketMessages::AuthorId).uuid().null())
                    .col(ColumnDef::new(TicketMessages::Body).text().not_null())
                    .col(timestamp(TicketMessages::CreatedAt))
                    .foreign_key(&mut fk(
                        "fk_ticket_messages_ticket",
                        (TicketMessages::Table, TicketMessages::TicketId),
                        (Tickets::Table, Tickets::Id),
                        Cascade,
                    ))
                    .foreign_key(&mut fk(
                        "fk_ticket_messages_author",
                        (TicketMessages::Table, TicketMessages::AuthorId),
                        (Users::Table, Users::Id),
                        SetNull,
                    ))
                    .to_owned(),
            )
            .await?;
        index(
            manager,
            TicketMessages::Table,
            "ix_ticket_messages_ticket",
            &[TicketMessages::TicketId.into_iden(), TicketMessages::Id.into_iden()],
        )
        .await?;
        manager
            .create_table(
                Table::create()
                    .table(TicketSlaClocks::Table)
                    .col(ColumnDef::new(TicketSlaClocks::TicketId).uuid().not_null())
                    .col(ColumnDef::new(TicketSlaClocks::Target).string_len(24).not_null())
                    .col(ColumnDef::new(TicketSlaClocks::TargetSeconds).big_integer().not_null())
                    .col(ColumnDef::new(TicketSlaClocks::UsedSeconds).big_integer().not_null())
                    .col(ColumnDef::new(TicketSlaClocks::RunningSince).timestamp_with_time_zone().null())
                    .col(ColumnDef::new(TicketSlaClocks::DueAt).timestamp_with_time_zone().null())
                    .col(ColumnDef::new(TicketSlaClocks::MetAt).timestamp_with_time_zone().null())
                    .col(ColumnDef::new(TicketSlaClocks::BreachedAt).timestamp_with_time_zone().null())
                    .primary_key(Index::create().col(TicketSlaClocks::TicketId).col(TicketSlaClocks::Target))
                    .foreign_key(&mut fk(
                        "fk_ticket_sla_clocks_ticket",
                        (TicketSlaClocks::Table, TicketSlaClocks::TicketId),
                        (Tickets::Table, Tickets::Id),
                        Cascade,
                    ))
                    .to_owned(),
            )
            .await?;
        // The breach job's search: running clocks by time due.
        index(manager, TicketSlaClocks::Table, "ix_ticket_sla_clocks_due", &[TicketSlaClocks::DueAt.into_iden()]).await?;
        manager
            .create_table(
                Table::create()
                    .table(TicketSlaEvents::Table)
                    .col(id(TicketSlaEvents::Id))
                    .col(ColumnDef::new(TicketSlaEvents::TicketId).uuid().not_null())
                    .col(ColumnDef::new(TicketSlaEvents::Target).string_len(24).not_null())
                    .col(ColumnDef::new(TicketSlaEvents::Kind).string_len(16).not_null())
                    .col(ColumnDef::new(TicketSlaEvents::At).timestamp_with_time_zone().not_null())
                    .col(ColumnDef::new(TicketSlaEvents::DueAt).timestamp_with_time_zone().null())
                    .col(ColumnDef::new(TicketSlaEvents::ActorId).uuid().null())
                    .col(ColumnDef::new(TicketSlaEvents::Reason).string_len(200).not_null())
                    .foreign_key(&mut fk(
                        "fk_ticket_sla_events_ticket",
                        (TicketSlaEvents::Table, TicketSlaEvents::TicketId),
                        (Tickets::Table, Tickets::Id),
                        Cascade,
                    ))
                    .foreign_key(&mut fk(
                        "fk_ticket_sla_events_actor",
                        (TicketSlaEvents::Table, TicketSlaEvents::ActorId),
                        (Users::Table, Users::Id),
                        SetNull,
                    ))
                    .to_owned(),
            )
            .await?;
        index(
            manager,
            TicketSlaEvents::Table,
            "ix_ticket_sla_events_ticket",
            &[TicketSlaEvents::TicketId.into_iden(), TicketSlaEvents::Id.into_iden()],
        )
        .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in [
            TicketSlaEvents::Table.into_iden(),
            TicketSlaClocks::Table.into_iden(),
            TicketMessages::Table.into_iden(),
            Tickets::Table.into_iden(),
            SlaPolicies::Table.into_iden(),
            ServiceQueues::Table.into_iden(),
            ServiceCalendars::Table.into_iden(),
        ] {
            manager.drop_table(Table::drop().table(table).to_owned()).await?;
        }
        Ok(())
    }
}
