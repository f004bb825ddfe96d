//! The foundation schema: identity and access (users, partner organisations, sessions, API
//! keys), customers with their contacts, the audit log and server secrets.

use crate::columns::{id, index, timestamp, version};
use sea_orm_migration::prelude::*;
use sea_orm_migration::sea_orm::DbBackend;

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m20261123_000001_foundation"
    }
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let sqlite = manager.get_database_backend() == DbBackend::Sqlite;

        manager
            .create_table(
                Table::create()
                    .table(ServerSecrets::Table)
                    .col(ColumnDef::new(ServerSecrets::Name).string_len(64).not_null().primary_key())
                    .col(ColumnDef::new(ServerSecrets::Value).text().not_null())
                    .col(timestamp(ServerSecrets::CreatedAt))
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(PartnerOrganizations::Table)
                    .col(id(PartnerOrganizations::Id))
                    .col(ColumnDef::new(PartnerOrganizations::Name).string_len(200).not_null())
                    .col(ColumnDef::new(PartnerOrganizations::NameSort).string_len(200).not_null())
                    .col(ColumnDef::new(PartnerOrganizations::Kind).string_len(32).not_null())
                    .col(ColumnDef::new(PartnerOrganizations::CountryCode).string_len(2).null())
                    .col(timestamp(PartnerOrganizations::CreatedAt))
                    .col(timestamp(PartnerOrganizations::UpdatedAt))
                    .col(version(PartnerOrganizations::Version))
                    .col(ColumnDef::new(PartnerOrganizations::ArchivedAt).timestamp_with_time_zone().null())
                    .to_owned(),
            )
            .await?;
        index(
            manager,
            PartnerOrganizations::Table,
            "ix_partner_organizations_name",
            &[PartnerOrganizations::NameSort.into_iden(), PartnerOrganizations::Id.into_iden()],
        )
        .await?;

        // users.customer_id and customers.owner_id reference each other. SQLite accepts a
        // reference to a table created later; PostgreSQL gets the constraint once both exist.
        let mut users = Table::create();
        users
            .table(Users::Table)
            .col(id(Users::Id))
            .col(ColumnDef::new(Users::Email).string_len(254).not_null().unique_key())
            .col(ColumnDef::new(Users::PasswordHash).string_len(256).not_null())
            .col(ColumnDef::new(Users::DisplayName).string_len(200).not_null())
            .col(ColumnDef::new(Users::Kind).string_len(16).not_null())
            .col(ColumnDef::new(Users::Role).string_len(32).null())
            .col(ColumnDef::new(Users::PartnerId).uuid().null())
            .col(ColumnDef::new(Users::CustomerId).uuid().null())
            .col(ColumnDef::new(Users::Active).boolean().not_null())
            .col(timestamp(Users::CreatedAt))
            .col(timestamp(Users::UpdatedAt))
            .col(version(Users::Version))
            .foreign_key(
                ForeignKey::create().from(Users::Table, Users::PartnerId).to(PartnerOrganizations::Table, PartnerOrganizations::Id),
            );
        if sqlite {
            users.foreign_key(ForeignKey::create().from(Users::Table, Users::CustomerId).to(Customers::Table, Customers::Id));
        }
        manager.create_table(users.to_owned()).await?;
        index(manager, Users::Table, "ix_users_email_sort", &[Users::Email.into_iden(), Users::Id.into_iden()]).await?;

        manager
            .create_table(
                Table::create()
                    .table(Customers::Table)
                    .col(id(Customers::Id))
                    .col(ColumnDef::new(Customers::Kind).string_len(16).not_null())
                    .col(ColumnDef::new(Customers::Name).string_len(200).not_null())
                    .col(ColumnDef::new(Customers::NameSort).string_len(200).not_null())
                    .col(ColumnDef::new(Customers::Lifecycle).string_len(16).not_null())
                    .col(ColumnDef::new(Customers::Industry).string_len(100).null())
                    .col(ColumnDef::new(Customers::Tags).json_binary().not_null())
                    .col(ColumnDef::new(Customers::Street).string_len(200).null())
                    .col(ColumnDef::new(Customers::PostalCode).string_len(20).null())
                    .col(ColumnDef::new(Customers::City).string_len(100).null())
                    .col(ColumnDef::new(Customers::Region).string_len(100).null())
                    .col(ColumnDef::new(Customers::CountryCode).string_len(2).null())
                    .col(ColumnDef::new(Customers::OwnerId).uuid().null())
                    .col(ColumnDef::new(Customers::PartnerId).uuid().null())
                    .col(ColumnDef::new(Customers::CreditLimitAmount).string_len(40).null())
                    .col(ColumnDef::new(Customers::CreditLimitCurrency).string_len(3).null())
                    .col(timestamp(Customers::CreatedAt))
                    .col(timestamp(Customers::UpdatedAt))
                    .col(version(Customers::Version))
                    .col(ColumnDef::new(Customers::ArchivedAt).timestamp_with_time_zone().null())
                    .foreign_key(ForeignKey::create().from(Customers::Table, Customers::OwnerId).to(Users::Table, Users::Id))
                    .foreign_key(
                        ForeignKey::create()
                            .from(Customers::Table, Customers::PartnerId)
                            .to(PartnerOrganizations::Table, PartnerOrganizations::Id),
                    )
                    .to_owned(),
            )
            .await?;
        if !sqlite {
            manager
                .create_foreign_key(
                    ForeignKey::create()
                        .name("fk_users_customer")
                        .from(Users::Table, Users::CustomerId)
                        .to(Customers::Table, Customers::Id)
                        .to_owned(),
                )
                .await?;
        }
        for (name, cols) in [
            ("ix_customers_name", vec![Customers::NameSort, Customers::Id]),
            ("ix_customers_created", vec![Customers::CreatedAt, Customers::Id]),
            ("ix_customers_updated", vec![Customers::UpdatedAt, Customers::Id]),
            ("ix_customers_geo", vec![Customers::CountryCode, Customers::Region, Customers::City]),
            ("ix_customers_owner", vec![Customers::OwnerId, Customers::NameSort, Customers::Id]),
            ("ix_customers_partner", vec![Customers::PartnerId, Customers::NameSort, Customers::Id]),
            ("ix_customers_lifecycle", vec![Customers::Lifecycle, Customers::NameSort, Customers::Id]),
        ] {
            index(manager, Customers::Table, name, &cols.into_iter().map(IntoIden::into_iden).collect::<Vec<_>>()).await?;
        }

        manager
            .create_table(
                Table::create()
                    .table(CustomerTags::Table)
                    .col(ColumnDef::new(CustomerTags::Tag).string_len(50).not_null())
                    .col(ColumnDef::new(CustomerTags::CustomerId).uuid().not_null())
                    .primary_key(Index::create().col(CustomerTags::Tag).col(CustomerTags::CustomerId))
                    .foreign_key(
                        ForeignKey::create()
                            .from(CustomerTags::Table, CustomerTags::CustomerId)
                            .to(Customers::Table, Customers::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        index(manager, CustomerTags::Table, "ix_customer_tags_customer", &[CustomerTags::CustomerId.into_iden()]).await?;

        let mut contacts = Table::create();
        contacts
            .table(Contacts::Table)
            .col(id(Contacts::Id))
            .col(ColumnDef::new(Contacts::CustomerId).uuid().not_null())
            .col(ColumnDef::new(Contacts::FirstName).string_len(100).not_null())
            .col(ColumnDef::new(Contacts::LastName).string_len(100).not_null())
            .col(ColumnDef::new(Contacts::NameSort).string_len(201).not_null())
            .col(ColumnDef::new(Contacts::JobTitle).string_len(100).null())
            .col(ColumnDef::new(Contacts::Emails).json_binary().not_null())
            .col(ColumnDef::new(Contacts::Phones).json_binary().not_null())
            .col(ColumnDef::new(Contacts::PreferredChannel).string_len(16).null())
            .col(ColumnDef::new(Contacts::IsPrimary).boolean().not_null())
            .col(ColumnDef::new(Contacts::Consents).json_binary().not_null())
            .col(timestamp(Contacts::CreatedAt))
            .col(timestamp(Contacts::UpdatedAt))
            .col(version(Contacts::Version))
            .col(ColumnDef::new(Contacts::ArchivedAt).timestamp_with_time_zone().null())
            .foreign_key(ForeignKey::create().from(Contacts::Table, Contacts::CustomerId).to(Customers::Table, Customers::Id));
        // Consent is also kept as one indexed column per channel, so marketing lists can
        // filter on it without parsing JSON.
        for col in [Contacts::EmailConsent, Contacts::PhoneConsent, Contacts::SmsConsent, Contacts::PostConsent] {
            contacts.col(ColumnDef::new(col).string_len(16).not_null());
        }
        manager.create_table(contacts.to_owned()).await?;
        index(manager, Contacts::Table, "ix_contacts_customer", &[Contacts::CustomerId.into_iden(), Contacts::Id.into_iden()]).await?;
        index(manager, Contacts::Table, "ix_contacts_name", &[Contacts::NameSort.into_iden(), Contacts::Id.into_iden()]).await?;
        index(manager, Contacts::Table, "ix_contacts_created", &[Contacts::CreatedAt.into_iden(), Contacts::Id.into_iden()]).await?;

        // One row per normalised email address or E.164 phone number of a contact: the index
        // behind search by email/phone, caller recognition and duplicate detection.
        manager
            .create_table(
                Table::create()
                    .table(ContactPoints::Table)
                    .col(ColumnDef::new(ContactPoints::Kind).string_len(8).not_null())
                    .col(ColumnDef::new(ContactPoints::Value).string_len(254).not_null())
                    .col(ColumnDef::new(ContactPoints::ContactId).uuid().not_null())
                    .col(ColumnDef::new(ContactPoints::CustomerId).uuid().not_null())
                    .primary_key(Index::create().col(ContactPoints::Kind).col(ContactPoints::Value).col(ContactPoints::ContactId))
                    .foreign_key(
                        ForeignKey::create()
                            .from(ContactPoints::Table, ContactPoints::ContactId)
                            .to(Contacts::Table, Contacts::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        index(manager, ContactPoints::Table, "ix_contact_points_contact", &[ContactPoints::ContactId.into_iden()]).await?;
        index(manager, ContactPoints::Table, "ix_contact_points_customer", &[ContactPoints::CustomerId.into_iden()]).await?;

        manager
            .create_table(
                Table::create()
                    .table(ApiKeys::Table)
                    .col(id(ApiKeys::Id))
                    .col(ColumnDef::new(ApiKeys::Name).string_len(100).not_null())
                    .col(ColumnDef::new(ApiKeys::Prefix).string_len(16).not_null().unique_key())
                    .col(ColumnDef::new(ApiKeys::SecretHash).string_len(64).not_null())
                    .col(ColumnDef::new(ApiKeys::Scopes).json_binary().not_null())
                    .col(ColumnDef::new(ApiKeys::CreatedBy).uuid().null())
                    .col(timestamp(ApiKeys::CreatedAt))
                    .col(ColumnDef::new(ApiKeys::ExpiresAt).timestamp_with_time_zone().null())
                    .col(ColumnDef::new(ApiKeys::LastUsedAt).timestamp_with_time_zone().null())
                    .col(ColumnDef::new(ApiKeys::RevokedAt).timestamp_with_time_zone().null())
                    .foreign_key(ForeignKey::create().from(ApiKeys::Table, ApiKeys::CreatedBy).to(Users::Table, Users::Id))
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(AuthSessions::Table)
                    .col(id(AuthSessions::Id))
                    .col(ColumnDef::new(AuthSessions::UserId).uuid().not_null())
                    .col(timestamp(AuthSessions::CreatedAt))
                    .col(timestamp(AuthSessions::ExpiresAt))
                    .col(ColumnDef::new(AuthSessions::RevokedAt).timestamp_with_time_zone().null())
                    .foreign_key(
                        ForeignKey::create()
                            .from(AuthSessions::Table, AuthSessions::UserId)
                            .to(Users::Table, Users::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        index(manager, AuthSessions::Table, "ix_auth_sessions_user", &[AuthSessions::UserId.into_iden()]).await?;

        manager
            .create_table(
                Table::create()
                    .table(RefreshTokens::Table)
                    .col(id(RefreshTokens::Id))
                    .col(ColumnDef::new(RefreshTokens::SessionId).uuid().not_null())
                    .col(ColumnDef::new(RefreshTokens::TokenHash).string_len(64).not_null().unique_key())
                    .col(timestamp(RefreshTokens::CreatedAt))
                    .col(timestamp(RefreshTokens::ExpiresAt))
                    .col(ColumnDef::new(RefreshTokens::UsedAt).timestamp_with_time_zone().null())
                    .foreign_key(
                        ForeignKey::create()
                            .from(RefreshTokens::Table, RefreshTokens::SessionId)
                            .to(AuthSessions::Table, AuthSessions::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        index(manager, RefreshTokens::Table, "ix_refresh_tokens_session", &[RefreshTokens::SessionId.into_iden()]).await?;

        manager
            .create_table(
                Table::create()
                    .table(AuditLog::Table)
                    .col(id(AuditLog::Id))
                    .col(timestamp(AuditLog::OccurredAt))
                    .col(ColumnDef::new(AuditLog::ActorKind).string_len(16).not_null())
                    .col(ColumnDef::new(AuditLog::ActorId).uuid().null())
                    .col(ColumnDef::new(AuditLog::ActorLabel).string_len(254).not_null())
                    .col(ColumnDef::new(AuditLog::Action).string_len(32).not_null())
                    .col(ColumnDef::new(AuditLog::EntityType).string_len(32).not_null())
                    .col(ColumnDef::new(AuditLog::EntityId).uuid().not_null())
                    .col(ColumnDef::new(AuditLog::Changes).json_binary().not_null())
                    .col(ColumnDef::new(AuditLog::RequestId).string_len(64).null())
                    .to_owned(),
            )
            .await?;
        index(manager, AuditLog::Table, "ix_audit_entity", &[AuditLog::EntityId.into_iden(), AuditLog::Id.into_iden()]).await?;
        index(manager, AuditLog::Table, "ix_audit_actor", &[AuditLog::ActorId.into_iden(), AuditLog::Id.into_iden()]).await?;
        index(manager, AuditLog::Table, "ix_audit_type", &[AuditLog::EntityType.into_iden(), AuditLog::Id.into_iden()]).await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        if manager.get_database_backend() != DbBackend::Sqlite {
            manager.drop_foreign_key(ForeignKey::drop().name("fk_users_customer").table(Users::Table).to_owned()).await?;
        }
        for table in [
            AuditLog::Table.into_iden(),
            RefreshTokens::Table.into_iden(),
            AuthSessions::Table.into_iden(),
            ApiKeys::Table.into_iden(),
            ContactPoints::Table.into_iden(),
            Contacts::Table.into_iden(),
            CustomerTags::Table.into_iden(),
            Customers::Table.into_iden(),
            Users::Table.into_iden(),
            PartnerOrganizations::Table.into_iden(),
            ServerSecrets::Table.into_iden(),
        ] {
            manager.drop_table(Table::drop().table(table).to_owned()).await?;
        }
        Ok(())
    }
}

#[derive(DeriveIden)]
enum ServerSecrets {
    Table,
    Name,
    Value,
    CreatedAt,
}

#[derive(DeriveIden)]
enum PartnerOrganizations {
    Table,
    Id,
    Name,
    NameSort,
    Kind,
    CountryCode,
    CreatedAt,
    UpdatedAt,
    Version,
    ArchivedAt,
}

#[derive(DeriveIden)]
enum Users {
    Table,
    Id,
    Email,
    PasswordHash,
    DisplayName,
    Kind,
    Role,
    PartnerId,
    CustomerId,
    Active,
    CreatedAt,
    UpdatedAt,
    Version,
}

#[derive(DeriveIden)]
enum Customers {
    Table,
    Id,
    Kind,
    Name,
    NameSort,
    Lifecycle,
    Industry,
    Tags,
    Street,
    PostalCode,
    City,
    Region,
    CountryCode,
    OwnerId,
    PartnerId,
    CreditLimitAmount,
    CreditLimitCurrency,
    CreatedAt,
    UpdatedAt,
    Version,
    ArchivedAt,
}

#[derive(DeriveIden)]
enum CustomerTags {
    Table,
    Tag,
    CustomerId,
}

#[derive(DeriveIden)]
enum Contacts {
    Table,
    Id,
    CustomerId,
    FirstName,
    LastName,
    NameSort,
    JobTitle,
    Emails,
    Phones,
    PreferredChannel,
    IsPrimary,
    Consents,
    EmailConsent,
    PhoneConsent,
    SmsConsent,
    PostConsent,
    CreatedAt,
    UpdatedAt,
    Version,
    ArchivedAt,
}

#[derive(DeriveIden)]
enum ContactPoints {
    Table,
    Kind,
    Value,
    ContactId,
    CustomerId,
}

#[derive(DeriveIden)]
enum ApiKeys {
    Table,
    Id,
    Name,
    Prefix,
    SecretHash,
    Scopes,
    CreatedBy,
    CreatedAt,
    ExpiresAt,
    LastUsedAt,
    RevokedAt,
}

#[derive(DeriveIden)]
enum AuthSessions {
    Table,
    Id,
    UserId,
    CreatedAt,
    ExpiresAt,
    RevokedAt,
}

#[derive(DeriveIden)]
enum RefreshTokens {
    Table,
    Id,
    SessionId,
    TokenHash,
    CreatedAt,
    ExpiresAt,
    UsedAt,
}

#[derive(DeriveIden)]
enum AuditLog {
    Table,
    Id,
    OccurredAt,
    ActorKind,
    ActorId,
    ActorLabel,
    Action,
    EntityType,
    EntityId,
    Changes,
    RequestId,
}
