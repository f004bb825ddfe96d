//! Leads (unqualified prospects) with their products of interest and assignment history, and
//! the assignment rules that route new leads to sales teams, territory owners or partners.

use crate::columns::{id, index, timestamp, version};
use sea_orm_migration::prelude::*;

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m20261123_000005_leads"
    }
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(AssignmentRules::Table)
                    .col(id(AssignmentRules::Id))
                    .col(ColumnDef::new(AssignmentRules::Name).string_len(200).not_null())
                    // Rules are tried in ascending position; the first that matches assigns.
                    .col(ColumnDef::new(AssignmentRules::Position).integer().not_null())
                    .col(ColumnDef::new(AssignmentRules::Active).boolean().not_null())
                    .col(ColumnDef::new(AssignmentRules::CountryCode).string_len(2).null())
                    .col(ColumnDef::new(AssignmentRules::Region).string_len(100).null())
                    .col(ColumnDef::new(AssignmentRules::Source).string_len(16).null())
                    .col(ColumnDef::new(AssignmentRules::Target).string_len(16).not_null())
                    .col(ColumnDef::new(AssignmentRules::SalesTeamId).uuid().null())
                    .col(ColumnDef::new(AssignmentRules::UserId).uuid().null())
                    .col(ColumnDef::new(AssignmentRules::PartnerId).uuid().null())
                    // How many leads the rule has dealt round-robin: the next member is
                    // `counter mod members`. Incremented in the assigning transaction.
                    .col(ColumnDef::new(AssignmentRules::Counter).big_integer().not_null().default(0))
                    .col(timestamp(AssignmentRules::CreatedAt))
                    .col(timestamp(AssignmentRules::UpdatedAt))
                    .col(version(AssignmentRules::Version))
                    .foreign_key(
                        ForeignKey::create()
                            .from(AssignmentRules::Table, AssignmentRules::SalesTeamId)
                            .to(SalesTeams::Table, SalesTeams::Id),
                    )
                    .foreign_key(ForeignKey::create().from(AssignmentRules::Table, AssignmentRules::UserId).to(Users::Table, Users::Id))
                    .foreign_key(
                        ForeignKey::create()
                            .from(AssignmentRules::Table, AssignmentRules::PartnerId)
                            .to(PartnerOrganizations::Table, PartnerOrganizations::Id),
                    )
                    .to_owned(),
            )
            .await?;
        index(
            manager,
            AssignmentRules::Table,
            "ix_assignment_rules_position",
            &[AssignmentRules::Position.into_iden(), AssignmentRules::Id.into_iden()],
        )
        .await?;

        manager
            .create_table(
                Table::create()
                    .table(Leads::Table)
                    .col(id(Leads::Id))
                    .col(ColumnDef::new(Leads::FirstName).string_len(100).not_null())
                    .col(ColumnDef::new(Leads::LastName).string_len(100).not_null())
                    .col(ColumnDef::new(Leads::NameSort).string_len(201).not_null())
                    .col(ColumnDef::new(Leads::Company).string_len(200).null())
                    .col(ColumnDef::new(Leads::JobTitle).string_len(100).null())
                    .col(ColumnDef::new(Leads::Email).string_len(254).null())
                    .col(ColumnDef::new(Leads::Phone).string_len(32).null())
                    .col(ColumnDef::new(Leads::CountryCode).string_len(2).null())
                    .col(ColumnDef::new(Leads::Region).string_len(100).null())
                    .col(ColumnDef::new(Leads::City).string_len(100).null())
                    .col(ColumnDef::new(Leads::Source).string_len(16).not_null())
                    .col(ColumnDef::new(Leads::Campaign).string_len(200).null())
                    .col(ColumnDef::new(Leads::Message).string_len(2000).null())
                    .col(ColumnDef::new(Leads::Status).string_len(16).not_null())
                    .col(ColumnDef::new(Leads::DisqualifiedReason).string_len(500).null())
                    .col(ColumnDef::new(Leads::OwnerId).uuid().null())
                    .col(ColumnDef::new(Leads::PartnerId).uuid().null())
                    .col(ColumnDef::new(Leads::ConvertedAt).timestamp_with_time_zone().null())
                    .col(ColumnDef::new(Leads::CustomerId).uuid().null())
                    .col(ColumnDef::new(Leads::ContactId).uuid().null())
                    .col(ColumnDef::new(Leads::OpportunityId).uuid().null())
                    .col(timestamp(Leads::CreatedAt))
                    .col(timestamp(Leads::UpdatedAt))
                    .col(version(Leads::Version))
                    .col(ColumnDef::new(Leads::ArchivedAt).timestamp_with_time_zone().null())
                    .foreign_key(ForeignKey::create().from(Leads::Table, Leads::OwnerId).to(Users::Table, Users::Id))
                    .foreign_key(
                        ForeignKey::create().from(Leads::Table, Leads::PartnerId).to(PartnerOrganizations::Table, PartnerOrganizations::Id),
                    )
                    .foreign_key(ForeignKey::create().from(Leads::Table, Leads::CustomerId).to(Customers::Table, Customers::Id))
                    .foreign_key(ForeignKey::create().from(Leads::Table, Leads::ContactId).to(Contacts::Table, Contacts::Id))
                    .foreign_key(ForeignKey::create().from(Leads::Table, Leads::OpportunityId).to(Opportunities::Table, Opportunities::Id))
                    .to_owned(),
            )
            .await?;
        for (name, cols) in [
            ("ix_leads_created", vec![Leads::CreatedAt, Leads::Id]),
            ("ix_leads_name", vec![Leads::NameSort, Leads::Id]),
            ("ix_leads_status", vec![Leads::Status, Leads::CreatedAt, Leads::Id]),
            ("ix_leads_owner", vec![Leads::OwnerId, Leads::CreatedAt, Leads::Id]),
            ("ix_leads_partner", vec![Leads::PartnerId, Leads::CreatedAt, Leads::Id]),
            ("ix_leads_email", vec![Leads::Email]),
        ] {
            index(manager, Leads::Table, name, &cols.into_iter().map(IntoIden::into_iden).collect::<Vec<_>>()).await?;
        }

        manager
            .create_table(
                Table::create()
                    .table(LeadProducts::Table)
                    .col(ColumnDef::new(LeadProducts::LeadId).uuid().not_null())
                    .col(ColumnDef::new(LeadProducts::ProductId).uuid().not_null())
                    .primary_key(Index::create().col(LeadProducts::LeadId).col(LeadProducts::ProductId))
                    .foreign_key(ForeignKey::create().from(LeadProducts::Table, LeadProducts::LeadId).to(Leads::Table, Leads::Id))
                    .foreign_key(ForeignKey::create().from(LeadProducts::Table, LeadProducts::ProductId).to(Products::Table, Products::Id))
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(LeadAssignments::Table)
                    .col(id(LeadAssignments::Id))
                    .col(ColumnDef::new(LeadAssignments::LeadId).uuid().not_null())
                    .col(ColumnDef::new(LeadAssignments::OwnerId).uuid().null())
                    .col(ColumnDef::new(LeadAssignments::PartnerId).uuid().null())
                    .col(ColumnDef::new(LeadAssignments::RuleId).uuid().null())
                    .col(timestamp(LeadAssignments::AssignedAt))
                    .col(ColumnDef::new(LeadAssignments::ActorLabel).string_len(254).not_null())
                    .foreign_key(ForeignKey::create().from(LeadAssignments::Table, LeadAssignments::LeadId).to(Leads::Table, Leads::Id))
                    .to_owned(),
            )
            .await?;
        index(
            manager,
            LeadAssignments::Table,
            "ix_lead_assignments_lead",
            &[LeadAssignments::LeadId.into_iden(), LeadAssignments::AssignedAt.into_iden(), LeadAssignments::Id.into_iden()],
        )
        .await?;

        // Opportunities remember the lead they were converted from (conversion metrics).
        manager
            .alter_table(
                Table::alter().table(Opportunities::Table).add_column(ColumnDef::new(Opportunities::LeadId).uuid().null()).to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager.alter_table(Table::alter().table(Opportunities::Table).drop_column(Opportunities::LeadId).to_owned()).await?;
        for table in [
            LeadAssignments::Table.into_iden(),
            LeadProducts::Table.into_iden(),
            Leads::Table.into_iden(),
            AssignmentRules::Table.into_iden(),
        ] {
            manager.drop_table(Table::drop().table(table).to_owned()).await?;
        }
        Ok(())
    }
}

#[derive(DeriveIden)]
enum AssignmentRules {
    Table,
    Id,
    Name,
    Position,
    Active,
    CountryCode,
    Region,
    Source,
    Target,
    SalesTeamId,
    UserId,
    PartnerId,
    Counter,
    CreatedAt,
    UpdatedAt,
    Version,
}

#[derive(DeriveIden)]
enum Leads {
    Table,
    Id,
    FirstName,
    LastName,
    NameSort,
    Company,
    JobTitle,
    Email,
    Phone,
    CountryCode,
    Region,
    City,
    Source,
    Campaign,
    Message,
    Status,
    DisqualifiedReason,
    OwnerId,
    PartnerId,
    ConvertedAt,
    CustomerId,
    ContactId,
    OpportunityId,
    CreatedAt,
    UpdatedAt,
    Version,
    ArchivedAt,
}

#[derive(DeriveIden)]
enum LeadProducts {
    Table,
    LeadId,
    ProductId,
}

#[derive(DeriveIden)]
enum LeadAssignments {
    Table,
    Id,
    LeadId,
    OwnerId,
    PartnerId,
    RuleId,
    AssignedAt,
    ActorLabel,
}

#[derive(DeriveIden)]
enum SalesTeams {
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
enum Opportunities {
    Table,
    Id,
    LeadId,
}

#[derive(DeriveIden)]
enum Products {
    Table,
    Id,
}
