//! The company itself: its profile (what its documents print: legal name, address, VAT
//! number, logo, bank details, footer; its corporate currency; what its customers see in the
//! portal) and the dated exchange rates that turn other currencies into the corporate one.

use super::columns::{id, timestamp, version};
use sea_orm_migration::prelude::*;

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m20261203_000014_company"
    }
}

#[derive(DeriveIden)]
enum CompanyProfile {
    Table,
    Id,
    LegalName,
    Street,
    PostalCode,
    City,
    Region,
    CountryCode,
    VatNumber,
    Email,
    Phone,
    Website,
    BankDetails,
    Footer,
    Logo,
    LogoType,
    CorporateCurrency,
    PortalShowsPartner,
    PortalShowsCreditLimit,
    UpdatedAt,
    Version,
}

#[derive(DeriveIden)]
enum ExchangeRates {
    Table,
    Id,
    Currency,
    QuoteCurrency,
    ValidFrom,
    Rate,
    UpdatedAt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let text = |col: CompanyProfile, len: u32| ColumnDef::new(col).string_len(len).null().to_owned();
        manager
            .create_table(
                Table::create()
                    .table(CompanyProfile::Table)
                    // One row: the profile has the fixed id the application gives it.
                    .col(id(CompanyProfile::Id))
                    .col(ColumnDef::new(CompanyProfile::LegalName).string_len(200).not_null())
                    .col(text(CompanyProfile::Street, 200))
                    .col(text(CompanyProfile::PostalCode, 20))
                    .col(text(CompanyProfile::City, 100))
                    .col(text(CompanyProfile::Region, 100))
                    .col(ColumnDef::new(CompanyProfile::CountryCode).char_len(2).null())
                    .col(text(CompanyProfile::VatNumber, 40))
                    .col(text(CompanyProfile::Email, 320))
                    .col(text(CompanyProfile::Phone, 32))
                    .col(text(CompanyProfile::Website, 200))
                    .col(text(CompanyProfile::BankDetails, 500))
                    .col(text(CompanyProfile::Footer, 500))
                    .col(ColumnDef::new(CompanyProfile::Logo).blob().null())
                    .col(text(CompanyProfile::LogoType, 20))
                    .col(ColumnDef::new(CompanyProfile::CorporateCurrency).char_len(3).not_null())
                    .col(ColumnDef::new(CompanyProfile::PortalShowsPartner).boolean().not_null().default(false))
                    .col(ColumnDef::new(CompanyProfile::PortalShowsCreditLimit).boolean().not_null().default(false))
                    .col(timestamp(CompanyProfile::UpdatedAt))
                    .col(version(CompanyProfile::Version))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(ExchangeRates::Table)
                    .col(id(ExchangeRates::Id))
                    .col(ColumnDef::new(ExchangeRates::Currency).char_len(3).not_null())
                    // The currency the rate is expressed in: the corporate currency when it
                    // was entered. Rates into another one are kept but not used.
                    .col(ColumnDef::new(ExchangeRates::QuoteCurrency).char_len(3).not_null())
                    .col(ColumnDef::new(ExchangeRates::ValidFrom).date().not_null())
                    // Units of the quote currency for one unit of `currency`, × 10⁸.
                    .col(ColumnDef::new(ExchangeRates::Rate).big_integer().not_null())
                    .col(timestamp(ExchangeRates::UpdatedAt))
                    .to_owned(),
            )
            .await?;
        // One rate a day per pair; also the index the "rate in force on a date" lookup walks.
        manager
            .create_index(
                Index::create()
                    .name("exchange_rates_pair_day")
                    .table(ExchangeRates::Table)
                    .col(ExchangeRates::QuoteCurrency)
                    .col(ExchangeRates::Currency)
                    .col(ExchangeRates::ValidFrom)
                    .unique()
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager.drop_table(Table::drop().table(ExchangeRates::Table).to_owned()).await?;
        manager.drop_table(Table::drop().table(CompanyProfile::Table).to_owned()).await
    }
}
