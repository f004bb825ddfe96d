//! Interactions: every contact between the company and a customer, in whichever channel (a
//! call, a visit, a ticket and its replies, a quote sent, an order placed, a survey answered),
//! the rows of the customer's timeline. Logged by people or written by the module where the
//! contact happened, in its own transaction; append-only, so no version. An interaction may
//! belong to a ticket, opportunity, quote or order: it is then shown only to whoever reads that
//! record too.

use super::columns::{fk, id, index, timestamp};
use sea_orm_migration::prelude::*;

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m20261212_000029_interactions"
    }
}

#[derive(DeriveIden)]
enum Interactions {
    Table,
    Id,
    CustomerId,
    ContactId,
    Channel,
    Direction,
    Kind,
    Subject,
    Summary,
    Outcome,
    StartedAt,
    EndedAt,
    Internal,
    StaffUserId,
    PartnerId,
    LoggedById,
    TicketId,
    OpportunityId,
    QuoteId,
    OrderId,
    CreatedAt,
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
enum Users {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum PartnerOrganizations {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum Tickets {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum Opportunities {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum Quotes {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum Orders {
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
                    .table(Interactions::Table)
                    .col(id(Interactions::Id))
                    .col(ColumnDef::new(Interactions::CustomerId).uuid().not_null())
                    .col(ColumnDef::new(Interactions::ContactId).uuid().null())
                    .col(ColumnDef::new(Interactions::Channel).string_len(16).not_null())
                    .col(ColumnDef::new(Interactions::Direction).string_len(16).not_null())
                    .col(ColumnDef::new(Interactions::Kind).string_len(24).not_null())
                    .col(ColumnDef::new(Interactions::Subject).string_len(200).not_null())
                    .col(ColumnDef::new(Interactions::Summary).string_len(4000).null())
                    .col(ColumnDef::new(Interactions::Outcome).string_len(200).null())
                    .col(timestamp(Interactions::StartedAt))
                    .col(ColumnDef::new(Interactions::EndedAt).timestamp_with_time_zone().null())
                    .col(ColumnDef::new(Interactions::Internal).boolean().not_null())
                    .col(ColumnDef::new(Interactions::StaffUserId).uuid().null())
                    .col(ColumnDef::new(Interactions::PartnerId).uuid().null())
                    .col(ColumnDef::new(Interactions::LoggedById).uuid().null())
                    .col(ColumnDef::new(Interactions::TicketId).uuid().null())
                    .col(ColumnDef::new(Interactions::OpportunityId).uuid().null())
                    .col(ColumnDef::new(Interactions::QuoteId).uuid().null())
                    .col(ColumnDef::new(Interactions::OrderId).uuid().null())
                    .col(timestamp(Interactions::CreatedAt))
                    .foreign_key(&mut fk(
                        "fk_interactions_customer",
                        (Interactions::Table, Interactions::CustomerId),
                        (Customers::Table, Customers::Id),
                        Cascade,
                    ))
                    .foreign_key(&mut fk(
                        "fk_interactions_contact",
                        (Interactions::Table, Interactions::ContactId),
                        (Contacts::Table, Contacts::Id),
                        SetNull,
                    ))
                    .foreign_key(&mut fk(
                        "fk_interactions_staff",
                        (Interactions::Table, Interactions::StaffUserId),
                        (Users::Table, Users::Id),
                        SetNull,
                    ))
                    .foreign_key(&mut fk(
                        "fk_interactions_partner",
                        (Interactions::Table, Interactions::PartnerId),
                        (PartnerOrganizations::Table, PartnerOrganizations::Id),
                        SetNull,
                    ))
                    .foreign_key(&mut fk(
                        "fk_interactions_logged_by",
                        (Interactions::Table, Interactions::LoggedById),
                        (Users::Table, Users::Id),
                        SetNull,
                    ))
                    .foreign_key(&mut fk(
                        "fk_interactions_ticket",
                        (Interactions::Table, Interactions::TicketId),
                        (Tickets::Table, Tickets::Id),
                        SetNull,
                    ))
                    .foreign_key(&mut fk(
                        "fk_interactions_opportunity",
                        (Interactions::Table, Interactions::OpportunityId),
                        (Opportunities::Table, Opportunities::Id),
                        SetNull,
                    ))
                    .foreign_key(&mut fk(
                        "fk_interactions_quote",
                        (Interactions::Table, Interactions::QuoteId),
                        (Quotes::Table, Quotes::Id),
                        SetNull,
                    ))
                    .foreign_key(&mut fk(
                        "fk_interactions_order",
                        (Interactions::Table, Interactions::OrderId),
                        (Orders::Table, Orders::Id),
                        SetNull,
                    ))
                    .to_owned(),
            )
            .await?;
        // The timeline: a customer's entries newest first, read backwards along this index
        // (the keyset's order, the id breaking ties); the filters on channel, kind and
        // direction are checked on its rows.
        let timeline = [Interactions::CustomerId.into_iden(), Interactions::StartedAt.into_iden(), Interactions::Id.into_iden()];
        index(manager, Interactions::Table, "ix_interactions_timeline", &timeline).await?;
        // A record's own entries (a ticket's, a deal's), and what deleting one clears.
        for (name, column) in [
            ("ix_interactions_ticket", Interactions::TicketId),
            ("ix_interactions_opportunity", Interactions::OpportunityId),
            ("ix_interactions_quote", Interactions::QuoteId),
            ("ix_interactions_order", Interactions::OrderId),
        ] {
            index(manager, Interactions::Table, name, &[column.into_iden()]).await?;
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager.drop_table(Table::drop().table(Interactions::Table).to_owned()).await
    }
}
