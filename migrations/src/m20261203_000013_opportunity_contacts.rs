//! The people of a customer who take part in a deal, each with their role in the decision
//! (decision maker, influencer, user).

use super::columns::index;
use sea_orm_migration::prelude::*;

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m20261203_000013_opportunity_contacts"
    }
}

#[derive(DeriveIden)]
enum OpportunityContacts {
    Table,
    OpportunityId,
    ContactId,
    Role,
}

#[derive(DeriveIden)]
enum Opportunities {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum Contacts {
    Table,
    Id,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(OpportunityContacts::Table)
                    .col(ColumnDef::new(OpportunityContacts::OpportunityId).uuid().not_null())
                    .col(ColumnDef::new(OpportunityContacts::ContactId).uuid().not_null())
                    .col(ColumnDef::new(OpportunityContacts::Role).string_len(16).not_null())
                    .primary_key(Index::create().col(OpportunityContacts::OpportunityId).col(OpportunityContacts::ContactId))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_opportunity_contacts_opportunity")
                            .from(OpportunityContacts::Table, OpportunityContacts::OpportunityId)
                            .to(Opportunities::Table, Opportunities::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_opportunity_contacts_contact")
                            .from(OpportunityContacts::Table, OpportunityContacts::ContactId)
                            .to(Contacts::Table, Contacts::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        // A contact's deals.
        index(manager, OpportunityContacts::Table, "ix_opportunity_contacts_contact", &[OpportunityContacts::ContactId.into_iden()]).await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager.drop_table(Table::drop().table(OpportunityContacts::Table).to_owned()).await
    }
}
