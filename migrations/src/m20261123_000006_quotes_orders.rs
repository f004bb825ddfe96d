//! Personalised quotes with their lines, orders with their lines (from an accepted quote or
//! entered directly), document number counters, and the transactional outbox that hands
//! orders to the ERP with its delivery log.

use crate::columns::{id, index, scaled_amount, timestamp, version};
use sea_orm_migration::prelude::*;

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m20261123_000006_quotes_orders"
    }
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(DocumentCounters::Table)
                    .col(ColumnDef::new(DocumentCounters::Name).string_len(32).not_null().primary_key())
                    .col(ColumnDef::new(DocumentCounters::Value).big_integer().not_null())
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(Quotes::Table)
                    .col(id(Quotes::Id))
                    .col(ColumnDef::new(Quotes::Number).string_len(32).not_null())
                    .col(ColumnDef::new(Quotes::Revision).integer().not_null())
                    .col(ColumnDef::new(Quotes::PreviousId).uuid().null())
                    .col(ColumnDef::new(Quotes::OpportunityId).uuid().not_null())
                    .col(ColumnDef::new(Quotes::CustomerId).uuid().not_null())
                    .col(ColumnDef::new(Quotes::OwnerId).uuid().null())
                    .col(ColumnDef::new(Quotes::PartnerId).uuid().null())
                    .col(ColumnDef::new(Quotes::PriceBookId).uuid().not_null())
                    .col(ColumnDef::new(Quotes::Currency).string_len(3).not_null())
                    .col(ColumnDef::new(Quotes::Status).string_len(16).not_null())
                    .col(ColumnDef::new(Quotes::ValidUntil).date().not_null())
                    .col(ColumnDef::new(Quotes::Terms).string_len(4000).null())
                    .col(scaled_amount(Quotes::TaxPercent))
                    .col(scaled_amount(Quotes::ListTotal))
                    .col(scaled_amount(Quotes::Subtotal))
                    .col(scaled_amount(Quotes::TaxAmount))
                    .col(scaled_amount(Quotes::Total))
                    .col(ColumnDef::new(Quotes::SentAt).timestamp_with_time_zone().null())
                    .col(ColumnDef::new(Quotes::DecidedAt).timestamp_with_time_zone().null())
                    .col(ColumnDef::new(Quotes::DecidedBy).string_len(254).null())
                    .col(timestamp(Quotes::CreatedAt))
                    .col(timestamp(Quotes::UpdatedAt))
                    .col(version(Quotes::Version))
                    .foreign_key(
                        ForeignKey::create().from(Quotes::Table, Quotes::OpportunityId).to(Opportunities::Table, Opportunities::Id),
                    )
                    .foreign_key(ForeignKey::create().from(Quotes::Table, Quotes::CustomerId).to(Customers::Table, Customers::Id))
                    .foreign_key(ForeignKey::create().from(Quotes::Table, Quotes::PriceBookId).to(PriceBooks::Table, PriceBooks::Id))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create().name("ux_quotes_number").table(Quotes::Table).col(Quotes::Number).col(Quotes::Revision).unique().to_owned(),
            )
            .await?;
        for (name, cols) in [
            ("ix_quotes_created", vec![Quotes::CreatedAt, Quotes::Id]),
            ("ix_quotes_opportunity", vec![Quotes::OpportunityId, Quotes::Id]),
            ("ix_quotes_customer", vec![Quotes::CustomerId, Quotes::CreatedAt, Quotes::Id]),
            ("ix_quotes_owner", vec![Quotes::OwnerId, Quotes::CreatedAt, Quotes::Id]),
            ("ix_quotes_partner", vec![Quotes::PartnerId, Quotes::CreatedAt, Quotes::Id]),
        ] {
            index(manager, Quotes::Table, name, &cols.into_iter().map(IntoIden::into_iden).collect::<Vec<_>>()).await?;
        }
        line_table(manager, QuoteLines::Table, QuoteLines::QuoteId, Quotes::Table, Quotes::Id, "ix_quote_lines_quote").await?;

        manager
            .create_table(
                Table::create()
                    .table(Orders::Table)
                    .col(id(Orders::Id))
                    .col(ColumnDef::new(Orders::Number).string_len(32).not_null().unique_key())
                    .col(ColumnDef::new(Orders::CustomerId).uuid().not_null())
                    .col(ColumnDef::new(Orders::QuoteId).uuid().null())
                    .col(ColumnDef::new(Orders::OpportunityId).uuid().null())
                    .col(ColumnDef::new(Orders::OwnerId).uuid().null())
                    .col(ColumnDef::new(Orders::PartnerId).uuid().null())
                    .col(ColumnDef::new(Orders::Currency).string_len(3).not_null())
                    .col(ColumnDef::new(Orders::Status).string_len(16).not_null())
                    .col(scaled_amount(Orders::TaxPercent))
                    .col(scaled_amount(Orders::ListTotal))
                    .col(scaled_amount(Orders::Subtotal))
                    .col(scaled_amount(Orders::TaxAmount))
                    .col(scaled_amount(Orders::Total))
                    .col(ColumnDef::new(Orders::HoldReason).string_len(500).null())
                    .col(ColumnDef::new(Orders::ReleasedBy).string_len(254).null())
                    .col(ColumnDef::new(Orders::ErpReference).string_len(100).null())
                    .col(ColumnDef::new(Orders::CancelReason).string_len(500).null())
                    .col(ColumnDef::new(Orders::StatusChangedAt).timestamp_with_time_zone().not_null())
                    .col(timestamp(Orders::CreatedAt))
                    .col(timestamp(Orders::UpdatedAt))
                    .col(version(Orders::Version))
                    .foreign_key(ForeignKey::create().from(Orders::Table, Orders::CustomerId).to(Customers::Table, Customers::Id))
                    .foreign_key(ForeignKey::create().from(Orders::Table, Orders::QuoteId).to(Quotes::Table, Quotes::Id))
                    .to_owned(),
            )
            .await?;
        manager.create_index(Index::create().name("ux_orders_quote").table(Orders::Table).col(Orders::QuoteId).unique().to_owned()).await?;
        for (name, cols) in [
            ("ix_orders_created", vec![Orders::CreatedAt, Orders::Id]),
            ("ix_orders_status", vec![Orders::Status, Orders::CreatedAt, Orders::Id]),
            ("ix_orders_customer", vec![Orders::CustomerId, Orders::Status, Orders::Id]),
            ("ix_orders_owner", vec![Orders::OwnerId, Orders::CreatedAt, Orders::Id]),
            ("ix_orders_partner", vec![Orders::PartnerId, Orders::CreatedAt, Orders::Id]),
        ] {
            index(manager, Orders::Table, name, &cols.into_iter().map(IntoIden::into_iden).collect::<Vec<_>>()).await?;
        }
        line_table(manager, OrderLines::Table, OrderLines::OrderId, Orders::Table, Orders::Id, "ix_order_lines_order").await?;

        manager
            .create_table(
                Table::create()
                    .table(OutboxEvents::Table)
                    .col(id(OutboxEvents::Id))
                    .col(ColumnDef::new(OutboxEvents::Topic).string_len(64).not_null())
                    .col(ColumnDef::new(OutboxEvents::AggregateId).uuid().not_null())
                    .col(ColumnDef::new(OutboxEvents::Payload).text().not_null())
                    .col(timestamp(OutboxEvents::CreatedAt))
                    // When the next attempt is due; a worker leases an event by moving it
                    // forward (`lease_until`) so no two workers send it at once.
                    .col(timestamp(OutboxEvents::AvailableAt))
                    .col(ColumnDef::new(OutboxEvents::LeaseUntil).timestamp_with_time_zone().null())
                    .col(ColumnDef::new(OutboxEvents::Attempts).integer().not_null().default(0))
                    .col(ColumnDef::new(OutboxEvents::DeliveredAt).timestamp_with_time_zone().null())
                    .col(ColumnDef::new(OutboxEvents::FailedAt).timestamp_with_time_zone().null())
                    .col(ColumnDef::new(OutboxEvents::LastError).string_len(500).null())
                    .to_owned(),
            )
            .await?;
        index(
            manager,
            OutboxEvents::Table,
            "ix_outbox_due",
            &[
                OutboxEvents::DeliveredAt.into_iden(),
                OutboxEvents::FailedAt.into_iden(),
                OutboxEvents::AvailableAt.into_iden(),
                OutboxEvents::Id.into_iden(),
            ],
        )
        .await?;
        index(manager, OutboxEvents::Table, "ix_outbox_aggregate", &[OutboxEvents::AggregateId.into_iden(), OutboxEvents::Id.into_iden()])
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(OutboxDeliveries::Table)
                    .col(id(OutboxDeliveries::Id))
                    .col(ColumnDef::new(OutboxDeliveries::EventId).uuid().not_null())
                    .col(ColumnDef::new(OutboxDeliveries::Attempt).integer().not_null())
                    .col(timestamp(OutboxDeliveries::StartedAt))
                    .col(ColumnDef::new(OutboxDeliveries::DurationMs).big_integer().not_null())
                    .col(ColumnDef::new(OutboxDeliveries::StatusCode).integer().null())
                    .col(ColumnDef::new(OutboxDeliveries::Error).string_len(500).null())
                    .foreign_key(
                        ForeignKey::create()
                            .from(OutboxDeliveries::Table, OutboxDeliveries::EventId)
                            .to(OutboxEvents::Table, OutboxEvents::Id),
                    )
                    .to_owned(),
            )
            .await?;
        index(
            manager,
            OutboxDeliveries::Table,
            "ix_outbox_deliveries_event",
            &[OutboxDeliveries::EventId.into_iden(), OutboxDeliveries::Attempt.into_iden()],
        )
        .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in [
            OutboxDeliveries::Table.into_iden(),
            OutboxEvents::Table.into_iden(),
            OrderLines::Table.into_iden(),
            Orders::Table.into_iden(),
            QuoteLines::Table.into_iden(),
            Quotes::Table.into_iden(),
            DocumentCounters::Table.into_iden(),
        ] {
            manager.drop_table(Table::drop().table(table).to_owned()).await?;
        }
        Ok(())
    }
}

/// Lines of a quote or an order: the same columns, a snapshot of the product at the time.
async fn line_table(
    manager: &SchemaManager<'_>,
    table: impl IntoIden + Copy + 'static,
    parent: impl IntoIden + Copy + 'static,
    parent_table: impl IntoIden + Copy + 'static,
    parent_id: impl IntoIden + Copy + 'static,
    index_name: &str,
) -> Result<(), DbErr> {
    manager
        .create_table(
            Table::create()
                .table(table)
                .col(id(Lines::Id))
                .col(ColumnDef::new(parent).uuid().not_null())
                .col(ColumnDef::new(Lines::Position).integer().not_null())
                .col(ColumnDef::new(Lines::ProductId).uuid().not_null())
                .col(ColumnDef::new(Lines::Sku).string_len(64).not_null())
                .col(ColumnDef::new(Lines::Name).string_len(200).not_null())
                .col(ColumnDef::new(Lines::Unit).string_len(16).not_null())
                .col(scaled_amount(Lines::Quantity))
                .col(scaled_amount(Lines::ListPrice))
                .col(scaled_amount(Lines::DiscountPercent))
                .col(scaled_amount(Lines::Net))
                .foreign_key(ForeignKey::create().from(table, parent).to(parent_table, parent_id))
                .foreign_key(ForeignKey::create().from(table, Lines::ProductId).to(Products::Table, Products::Id))
                .to_owned(),
        )
        .await?;
    index(manager, table, index_name, &[parent.into_iden(), Lines::Position.into_iden()]).await
}

#[derive(DeriveIden)]
enum DocumentCounters {
    Table,
    Name,
    Value,
}

#[derive(DeriveIden, Clone, Copy)]
enum Quotes {
    Table,
    Id,
    Number,
    Revision,
    PreviousId,
    OpportunityId,
    CustomerId,
    OwnerId,
    PartnerId,
    PriceBookId,
    Currency,
    Status,
    ValidUntil,
    Terms,
    TaxPercent,
    ListTotal,
    Subtotal,
    TaxAmount,
    Total,
    SentAt,
    DecidedAt,
    DecidedBy,
    CreatedAt,
    UpdatedAt,
    Version,
}

#[derive(DeriveIden, Clone, Copy)]
enum QuoteLines {
    Table,
    QuoteId,
}

#[derive(DeriveIden, Clone, Copy)]
enum Orders {
    Table,
    Id,
    Number,
    CustomerId,
    QuoteId,
    OpportunityId,
    OwnerId,
    PartnerId,
    Currency,
    Status,
    TaxPercent,
    ListTotal,
    Subtotal,
    TaxAmount,
    Total,
    HoldReason,
    ReleasedBy,
    ErpReference,
    CancelReason,
    StatusChangedAt,
    CreatedAt,
    UpdatedAt,
    Version,
}

#[derive(DeriveIden, Clone, Copy)]
enum OrderLines {
    Table,
    OrderId,
}

#[derive(DeriveIden)]
enum Lines {
    Id,
    Position,
    ProductId,
    Sku,
    Name,
    Unit,
    Quantity,
    ListPrice,
    DiscountPercent,
    Net,
}

#[derive(DeriveIden)]
enum OutboxEvents {
    Table,
    Id,
    Topic,
    AggregateId,
    Payload,
    CreatedAt,
    AvailableAt,
    LeaseUntil,
    Attempts,
    DeliveredAt,
    FailedAt,
    LastError,
}

#[derive(DeriveIden)]
enum OutboxDeliveries {
    Table,
    Id,
    EventId,
    Attempt,
    StartedAt,
    DurationMs,
    StatusCode,
    Error,
}

#[derive(DeriveIden)]
enum Opportunities {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum Customers {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum PriceBooks {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum Products {
    Table,
    Id,
}
