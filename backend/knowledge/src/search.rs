//! The full-text index of published articles, in each database's own engine: SQLite's FTS5
//! (ranked by `bm25`) and PostgreSQL's `tsvector` with a GIN index (ranked by `ts_rank`).
//! Both hold the folded stems [`crate::analysis`] made of the published title and body, so a
//! search reads the same terms on both; only these statements differ.
//!
//! The title weighs four times the body on SQLite (bm25's column weights) and 1.0 against
//! 0.4 on PostgreSQL (weights A and B): a word in the title ranks an article first on both.

#![allow(clippy::disallowed_methods)]

use crate::access::KnowledgeScope;
pub use crate::analysis::Combine;
use crate::analysis::{fts5_query, index_text, tsquery, Term};
use crate::domain::ArticleStatus;
use crate::entity::kb_article;
use crate::snippet::plain_text;
use crm_core::error::AppResult;
use sea_orm::sea_query::{Alias, Asterisk, Condition, Expr, JoinType, Order, Query, SelectStatement};
use sea_orm::{ConnectionTrait, DbBackend, EntityTrait, Statement};
use uuid::Uuid;

const TABLE: &str = "kb_article_search";

/// Replaces what the index holds for `article` by its published version (nothing when it is
/// not published).
pub async fn reindex(db: &impl ConnectionTrait, article: &kb_article::Model) -> AppResult<()> {
    let backend = db.get_database_backend();
    db.execute(Statement::from_sql_and_values(backend, delete_sql(backend), [article.id.into()])).await?;
    if article.status != ArticleStatus::Published {
        return Ok(());
    }
    let title = index_text(article.published_title.as_deref().unwrap_or_default(), article.locale);
    let body = index_text(&plain_text(article.published_body.as_deref().unwrap_or_default()), article.locale);
    let insert = match backend {
        DbBackend::Postgres => "INSERT INTO kb_article_search (article_id, title, body) VALUES ($1, $2, $3)",
        _ => "INSERT INTO kb_article_search (article_id, title, body) VALUES (?, ?, ?)",
    };
    db.execute(Statement::from_sql_and_values(backend, insert, [article.id.into(), title.into(), body.into()])).await?;
    Ok(())
}

fn delete_sql(backend: DbBackend) -> &'static str {
    match backend {
        DbBackend::Postgres => "DELETE FROM kb_article_search WHERE article_id = $1",
        // A scan of the index's own rows (FTS5 has no index on an UNINDEXED column): run on
        // publication and archival only, never on a read.
        _ => "DELETE FROM kb_article_search WHERE article_id = ?",
    }
}

/// The best-ranked articles among those `scope` reads and `narrow` keeps that match `terms`,
/// at most `limit`, best first (ties by id).
pub async fn ranked(
    db: &impl ConnectionTrait,
    scope: &KnowledgeScope,
    terms: &[Term],
    combine: Combine,
    narrow: Condition,
    limit: u64,
) -> AppResult<Vec<kb_article::Model>> {
    // Readers and the desk alike search what is published: a draft is not an answer yet.
    let published = Condition::all().add(Expr::col((kb_article::Entity, kb_article::Column::Status)).eq(ArticleStatus::Published.as_api()));
    let search = Alias::new(TABLE);
    let mut select: SelectStatement = Query::select()
        .column((kb_article::Entity, Asterisk))
        .from(kb_article::Entity)
        .join(
            JoinType::InnerJoin,
            search.clone(),
            Expr::col((search.clone(), Alias::new("article_id"))).equals((kb_article::Entity, kb_article::Column::Id)),
        )
        .cond_where(scope.condition())
        .cond_where(published)
        .cond_where(narrow)
        .limit(limit)
        .to_owned();
    let backend = db.get_database_backend();
    match backend {
        DbBackend::Postgres => {
            let query = tsquery(terms, combine);
            select
                .and_where(Expr::cust_with_values("kb_article_search.document @@ to_tsquery('simple', $1)", [query.clone()]))
                .order_by_expr(
                    Expr::cust_with_values("ts_rank(kb_article_search.document, to_tsquery('simple', $1))", [query]),
                    Order::Desc,
                );
        }
        _ => {
            select
                .and_where(Expr::cust_with_values("kb_article_search MATCH ?", [fts5_query(terms, combine)]))
                // Lower is better; the id column is not indexed and weighs nothing.
                .order_by_expr(Expr::cust("bm25(kb_article_search, 0.0, 4.0, 1.0)"), Order::Asc);
        }
    }
    select.order_by((kb_article::Entity, kb_article::Column::Id), Order::Asc);
    Ok(kb_article::Entity::find().from_raw_sql(backend.build(&select)).all(db).await?)
}

/// Ids of articles in the index (tests of the index's upkeep).
pub async fn indexed_ids(db: &impl ConnectionTrait) -> AppResult<Vec<Uuid>> {
    let backend = db.get_database_backend();
    let rows = db.query_all(Statement::from_string(backend, "SELECT article_id FROM kb_article_search")).await?;
    rows.iter().map(|row| Ok(row.try_get::<Uuid>("", "article_id")?)).collect()
}
