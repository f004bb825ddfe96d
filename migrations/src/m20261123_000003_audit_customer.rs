//! A customer's history: audit entries name the customer they belong to (the customer itself,
//! or a contact's customer), indexed with the keyset tiebreak, so the Customer 360 page reads
//! the newest entries of a customer and its contacts as one index range, however long the log.

use sea_orm_migration::prelude::*;

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m20261123_000003_audit_customer"
    }
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(Table::alter().table(AuditLog::Table).add_column(ColumnDef::new(AuditLog::CustomerId).uuid().null()).to_owned())
            .await?;

        // Entries written before this migration: a customer's own, then its contacts'.
        manager
            .exec_stmt(
                Query::update()
                    .table(AuditLog::Table)
                    .value(AuditLog::CustomerId, Expr::col(AuditLog::EntityId))
                    .and_where(Expr::col(AuditLog::EntityType).eq("CUSTOMER"))
                    .to_owned(),
            )
            .await?;
        let contact_customer = Query::select()
            .column((Contacts::Table, Contacts::CustomerId))
            .from(Contacts::Table)
            .and_where(Expr::col((Contacts::Table, Contacts::Id)).equals((AuditLog::Table, AuditLog::EntityId)))
            .to_owned();
        manager
            .exec_stmt(
                Query::update()
                    .table(AuditLog::Table)
                    .value(AuditLog::CustomerId, SimpleExpr::SubQuery(None, Box::new(contact_customer.into_sub_query_statement())))
                    .and_where(Expr::col(AuditLog::EntityType).eq("CONTACT"))
                    .to_owned(),
            )
            .await?;

        manager
            .create_index(
                Index::create().name("ix_audit_customer").table(AuditLog::Table).col(AuditLog::CustomerId).col(AuditLog::Id).to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager.drop_index(Index::drop().name("ix_audit_customer").table(AuditLog::Table).to_owned()).await?;
        manager.alter_table(Table::alter().table(AuditLog::Table).drop_column(AuditLog::CustomerId).to_owned()).await
    }
}

#[derive(DeriveIden)]
enum AuditLog {
    Table,
    Id,
    EntityType,
    EntityId,
    CustomerId,
}

#[derive(DeriveIden)]
enum Contacts {
    Table,
    Id,
    CustomerId,
}
