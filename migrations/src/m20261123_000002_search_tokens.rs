//! Word-prefix search: one row per searchable token of a customer (name words) or of a
//! contact (name words, email addresses and domains, phone digit forms), so search-as-you-type
//! is an index range scan instead of a substring scan of every row.

use sea_orm_migration::prelude::*;

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m20261123_000002_search_tokens"
    }
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        // Prefix ranges (`token >= 'ros' AND token < 'ros\u{10FFFF}'`) need byte order: SQLite
        // compares text bytewise already; PostgreSQL gets the "C" collation.
        let mut token = ColumnDef::new(SearchTokens::Token);
        token.string_len(100).not_null();
        if manager.get_database_backend() == sea_orm_migration::sea_orm::DbBackend::Postgres {
            token.extra("COLLATE \"C\"");
        }
        manager
            .create_table(
                Table::create()
                    .table(SearchTokens::Table)
                    .col(token)
                    .col(ColumnDef::new(SearchTokens::CustomerId).uuid().not_null())
                    .col(ColumnDef::new(SearchTokens::ContactId).uuid().null())
                    .foreign_key(
                        ForeignKey::create()
                            .from(SearchTokens::Table, SearchTokens::CustomerId)
                            .to(Customers::Table, Customers::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        for (name, cols) in [
            ("ix_search_tokens_token", vec![SearchTokens::Token, SearchTokens::CustomerId]),
            ("ix_search_tokens_customer", vec![SearchTokens::CustomerId]),
            ("ix_search_tokens_contact", vec![SearchTokens::ContactId]),
        ] {
            let mut index = Index::create();
            index.name(name).table(SearchTokens::Table);
            for col in cols {
                index.col(col);
            }
            manager.create_index(index.to_owned()).await?;
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager.drop_table(Table::drop().table(SearchTokens::Table).to_owned()).await
    }
}

#[derive(DeriveIden)]
enum SearchTokens {
    Table,
    Token,
    CustomerId,
    ContactId,
}

#[derive(DeriveIden)]
enum Customers {
    Table,
    Id,
}
