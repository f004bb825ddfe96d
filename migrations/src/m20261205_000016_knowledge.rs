//! The knowledge base: categories, articles (one row per language variant, with the working
//! copy and the published version), the history of published versions, readers' votes, the
//! articles linked to tickets, suggestions opened (deflection), and the full-text index of
//! what is published: an FTS5 table on SQLite, a weighted `tsvector` with a GIN index on
//! PostgreSQL. Both index words the application has already folded and stemmed
//! (`crm_knowledge::analysis`), so the two databases find the same articles.

use super::columns::{fk, id, index, timestamp, version};
use sea_orm_migration::prelude::*;
use sea_orm_migration::sea_orm::DbBackend;

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m20261205_000016_knowledge"
    }
}

#[derive(DeriveIden)]
enum KbCategories {
    Table,
    Id,
    Name,
    CreatedAt,
    UpdatedAt,
    Version,
}

#[derive(DeriveIden)]
enum KbArticles {
    Table,
    Id,
    TranslationGroup,
    Locale,
    CategoryId,
    Visibility,
    Status,
    ProductId,
    OfferProductId,
    Tags,
    Title,
    Body,
    PublishedRevision,
    PublishedTitle,
    PublishedBody,
    PublishedAt,
    SourceTicketId,
    HelpfulVotes,
    UnhelpfulVotes,
    CreatedById,
    CreatedAt,
    UpdatedAt,
    Version,
}

#[derive(DeriveIden)]
enum KbArticleRevisions {
    Table,
    Id,
    ArticleId,
    Revision,
    Title,
    Body,
    PublishedById,
    PublishedAt,
}

#[derive(DeriveIden)]
enum KbArticleVotes {
    Table,
    Id,
    ArticleId,
    VoterId,
    Helpful,
    Comment,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum KbTicketArticles {
    Table,
    TicketId,
    ArticleId,
    LinkedById,
    CreatedAt,
}

#[derive(DeriveIden)]
enum KbArticleOpens {
    Table,
    Id,
    ArticleId,
    UserId,
    Source,
    OpenedAt,
    DeflectionEndsAt,
}

#[derive(DeriveIden)]
enum Users {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum Products {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum Tickets {
    Table,
    Id,
}

/// The full-text index of published articles, per database.
const SEARCH_SQLITE: &str = "CREATE VIRTUAL TABLE kb_article_search USING fts5(article_id UNINDEXED, title, body)";
const SEARCH_POSTGRES: [&str; 2] = [
    "CREATE TABLE kb_article_search (
        article_id uuid PRIMARY KEY REFERENCES kb_articles (id) ON DELETE CASCADE,
        title text NOT NULL,
        body text NOT NULL,
        document tsvector GENERATED ALWAYS AS
            (setweight(to_tsvector('simple', title), 'A') || setweight(to_tsvector('simple', body), 'B')) STORED
    )",
    "CREATE INDEX ix_kb_article_search_document ON kb_article_search USING GIN (document)",
];

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        use ForeignKeyAction::{Cascade, SetNull};
        manager
            .create_table(
                Table::create()
                    .table(KbCategories::Table)
                    .col(id(KbCategories::Id))
                    .col(ColumnDef::new(KbCategories::Name).string_len(100).not_null().unique_key())
                    .col(timestamp(KbCategories::CreatedAt))
                    .col(timestamp(KbCategories::UpdatedAt))
                    .col(version(KbCategories::Version))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(KbArticles::Table)
                    .col(id(KbArticles::Id))
                    // The id of the group's first variant: the same article in other languages.
                    .col(ColumnDef::new(KbArticles::TranslationGroup).uuid().not_null())
                    .col(ColumnDef::new(KbArticles::Locale).string_len(8).not_null())
                    .col(ColumnDef::new(KbArticles::CategoryId).uuid().null())
                    .col(ColumnDef::new(KbArticles::Visibility).string_len(16).not_null())
                    .col(ColumnDef::new(KbArticles::Status).string_len(16).not_null())
                    .col(ColumnDef::new(KbArticles::ProductId).uuid().null())
                    .col(ColumnDef::new(KbArticles::OfferProductId).uuid().null())
                    // Lower-case tags, comma-separated.
                    .col(ColumnDef::new(KbArticles::Tags).string_len(400).not_null().default(""))
                    // The working copy.
                    .col(ColumnDef::new(KbArticles::Title).string_len(200).not_null())
                    .col(ColumnDef::new(KbArticles::Body).text().not_null())
                    // What readers read: the last published version.
                    .col(ColumnDef::new(KbArticles::PublishedRevision).integer().null())
                    .col(ColumnDef::new(KbArticles::PublishedTitle).string_len(200).null())
                    .col(ColumnDef::new(KbArticles::PublishedBody).text().null())
                    .col(ColumnDef::new(KbArticles::PublishedAt).timestamp_with_time_zone().null())
                    .col(ColumnDef::new(KbArticles::SourceTicketId).uuid().null())
                    .col(ColumnDef::new(KbArticles::HelpfulVotes).integer().not_null().default(0))
                    .col(ColumnDef::new(KbArticles::UnhelpfulVotes).integer().not_null().default(0))
                    .col(ColumnDef::new(KbArticles::CreatedById).uuid().null())
                    .col(timestamp(KbArticles::CreatedAt))
                    .col(timestamp(KbArticles::UpdatedAt))
                    .col(version(KbArticles::Version))
                    .foreign_key(&mut fk(
                        "fk_kb_articles_category",
                        (KbArticles::Table, KbArticles::CategoryId),
                        (KbCategories::Table, KbCategories::Id),
                        SetNull,
                    ))
                    .foreign_key(&mut fk(
                        "fk_kb_articles_product",
                        (KbArticles::Table, KbArticles::ProductId),
                        (Products::Table, Products::Id),
                        SetNull,
                    ))
                    .foreign_key(&mut fk(
                        "fk_kb_articles_offer_product",
                        (KbArticles::Table, KbArticles::OfferProductId),
                        (Products::Table, Products::Id),
                        SetNull,
                    ))
                    .foreign_key(&mut fk(
                        "fk_kb_articles_source_ticket",
                        (KbArticles::Table, KbArticles::SourceTicketId),
                        (Tickets::Table, Tickets::Id),
                        SetNull,
                    ))
                    .foreign_key(&mut fk(
                        "fk_kb_articles_created_by",
                        (KbArticles::Table, KbArticles::CreatedById),
                        (Users::Table, Users::Id),
                        SetNull,
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ux_kb_articles_translation")
                    .table(KbArticles::Table)
                    .col(KbArticles::TranslationGroup)
                    .col(KbArticles::Locale)
                    .unique()
                    .to_owned(),
            )
            .await?;
        index(manager, KbArticles::Table, "ix_kb_articles_status", &[KbArticles::Status.into_iden(), KbArticles::Id.into_iden()]).await?;
        manager
            .create_table(
                Table::create()
                    .table(KbArticleRevisions::Table)
                    .col(id(KbArticleRevisions::Id))
                    .col(ColumnDef::new(KbArticleRevisions::ArticleId).uuid().not_null())
                    .col(ColumnDef::new(KbArticleRevisions::Revision).integer().not_null())
                    .col(ColumnDef::new(KbArticleRevisions::Title).string_len(200).not_null())
                    .col(ColumnDef::new(KbArticleRevisions::Body).text().not_null())
                    .col(ColumnDef::new(KbArticleRevisions::PublishedById).uuid().null())
                    .col(timestamp(KbArticleRevisions::PublishedAt))
                    .foreign_key(&mut fk(
                        "fk_kb_article_revisions_article",
                        (KbArticleRevisions::Table, KbArticleRevisions::ArticleId),
                        (KbArticles::Table, KbArticles::Id),
                        Cascade,
                    ))
                    .foreign_key(&mut fk(
                        "fk_kb_article_revisions_published_by",
                        (KbArticleRevisions::Table, KbArticleRevisions::PublishedById),
                        (Users::Table, Users::Id),
                        SetNull,
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ux_kb_article_revisions")
                    .table(KbArticleRevisions::Table)
                    .col(KbArticleRevisions::ArticleId)
                    .col(KbArticleRevisions::Revision)
                    .unique()
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(KbArticleVotes::Table)
                    .col(id(KbArticleVotes::Id))
                    .col(ColumnDef::new(KbArticleVotes::ArticleId).uuid().not_null())
                    .col(ColumnDef::new(KbArticleVotes::VoterId).uuid().not_null())
                    .col(ColumnDef::new(KbArticleVotes::Helpful).boolean().not_null())
                    .col(ColumnDef::new(KbArticleVotes::Comment).string_len(1000).null())
                    .col(timestamp(KbArticleVotes::CreatedAt))
                    .col(timestamp(KbArticleVotes::UpdatedAt))
                    .foreign_key(&mut fk(
                        "fk_kb_article_votes_article",
                        (KbArticleVotes::Table, KbArticleVotes::ArticleId),
                        (KbArticles::Table, KbArticles::Id),
                        Cascade,
                    ))
                    .foreign_key(&mut fk(
                        "fk_kb_article_votes_voter",
                        (KbArticleVotes::Table, KbArticleVotes::VoterId),
                        (Users::Table, Users::Id),
                        Cascade,
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ux_kb_article_votes_voter")
                    .table(KbArticleVotes::Table)
                    .col(KbArticleVotes::ArticleId)
                    .col(KbArticleVotes::VoterId)
                    .unique()
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(KbTicketArticles::Table)
                    .col(ColumnDef::new(KbTicketArticles::TicketId).uuid().not_null())
                    .col(ColumnDef::new(KbTicketArticles::ArticleId).uuid().not_null())
                    .col(ColumnDef::new(KbTicketArticles::LinkedById).uuid().null())
                    .col(timestamp(KbTicketArticles::CreatedAt))
                    .primary_key(Index::create().col(KbTicketArticles::TicketId).col(KbTicketArticles::ArticleId))
                    .foreign_key(&mut fk(
                        "fk_kb_ticket_articles_ticket",
                        (KbTicketArticles::Table, KbTicketArticles::TicketId),
                        (Tickets::Table, Tickets::Id),
                        Cascade,
                    ))
                    .foreign_key(&mut fk(
                        "fk_kb_ticket_articles_article",
                        (KbTicketArticles::Table, KbTicketArticles::ArticleId),
                        (KbArticles::Table, KbArticles::Id),
                        Cascade,
                    ))
                    .foreign_key(&mut fk(
                        "fk_kb_ticket_articles_linked_by",
                        (KbTicketArticles::Table, KbTicketArticles::LinkedById),
                        (Users::Table, Users::Id),
                        SetNull,
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(KbArticleOpens::Table)
                    .col(id(KbArticleOpens::Id))
                    .col(ColumnDef::new(KbArticleOpens::ArticleId).uuid().not_null())
                    .col(ColumnDef::new(KbArticleOpens::UserId).uuid().not_null())
                    .col(ColumnDef::new(KbArticleOpens::Source).string_len(24).not_null())
                    .col(timestamp(KbArticleOpens::OpenedAt))
                    // A ticket opened by the reader before this time means the article did
                    // not answer (kept with the row so both databases compare plain times).
                    .col(timestamp(KbArticleOpens::DeflectionEndsAt))
                    .foreign_key(&mut fk(
                        "fk_kb_article_opens_article",
                        (KbArticleOpens::Table, KbArticleOpens::ArticleId),
                        (KbArticles::Table, KbArticles::Id),
                        Cascade,
                    ))
                    .foreign_key(&mut fk(
                        "fk_kb_article_opens_user",
                        (KbArticleOpens::Table, KbArticleOpens::UserId),
                        (Users::Table, Users::Id),
                        Cascade,
                    ))
                    .to_owned(),
            )
            .await?;
        index(
            manager,
            KbArticleOpens::Table,
            "ix_kb_article_opens_article",
            &[KbArticleOpens::ArticleId.into_iden(), KbArticleOpens::OpenedAt.into_iden()],
        )
        .await?;
        let db = manager.get_connection();
        match manager.get_database_backend() {
            DbBackend::Postgres => {
                for statement in SEARCH_POSTGRES {
                    db.execute_unprepared(statement).await?;
                }
            }
            _ => {
                db.execute_unprepared(SEARCH_SQLITE).await?;
            }
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager.get_connection().execute_unprepared("DROP TABLE kb_article_search").await?;
        for table in [
            KbArticleOpens::Table.into_iden(),
            KbTicketArticles::Table.into_iden(),
            KbArticleVotes::Table.into_iden(),
            KbArticleRevisions::Table.into_iden(),
            KbArticles::Table.into_iden(),
            KbCategories::Table.into_iden(),
        ] {
            manager.drop_table(Table::drop().table(table).to_owned()).await?;
        }
        Ok(())
    }
}
