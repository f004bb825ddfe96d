//! Discount approval: the largest line discount each kind of seller may give without a
//! manager (`discount_limits`), and on a quote who approved its discount, when, and the note of
//! a manager who returned it.

use super::columns::{timestamp, version};
use sea_orm_migration::prelude::*;

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m20261203_000012_discount_approval"
    }
}

#[derive(DeriveIden)]
enum DiscountLimits {
    Table,
    Seller,
    MaxPercent,
    UpdatedAt,
    Version,
}

#[derive(DeriveIden)]
enum Quotes {
    Table,
    DiscountApprovedBy,
    DiscountApprovedAt,
    ApprovalNote,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(DiscountLimits::Table)
                    .col(ColumnDef::new(DiscountLimits::Seller).string_len(16).not_null().primary_key())
                    // Percent × 10⁴, like a line's discount.
                    .col(ColumnDef::new(DiscountLimits::MaxPercent).big_integer().not_null())
                    .col(timestamp(DiscountLimits::UpdatedAt))
                    .col(version(DiscountLimits::Version))
                    .to_owned(),
            )
            .await?;
        // One column per statement: SQLite adds one at a time.
        for column in [
            ColumnDef::new(Quotes::DiscountApprovedBy).string_len(320).null().to_owned(),
            ColumnDef::new(Quotes::DiscountApprovedAt).timestamp_with_time_zone().null().to_owned(),
            ColumnDef::new(Quotes::ApprovalNote).string_len(2000).null().to_owned(),
        ] {
            manager.alter_table(Table::alter().table(Quotes::Table).add_column(column).to_owned()).await?;
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for column in [Quotes::ApprovalNote, Quotes::DiscountApprovedAt, Quotes::DiscountApprovedBy] {
            manager.alter_table(Table::alter().table(Quotes::Table).drop_column(column).to_owned()).await?;
        }
        manager.drop_table(Table::drop().table(DiscountLimits::Table).to_owned()).await
    }
}
