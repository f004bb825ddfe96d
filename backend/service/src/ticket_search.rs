//! The full-text index of tickets: the folded stems ([`crm_core::text`]) of each ticket's
//! subject and public conversation, in SQLite's FTS5 or PostgreSQL's `tsvector` (migration
//! `m20261207_000021_ticket_search`). Internal notes are never indexed: a customer or partner
//! who searches their tickets must not find one by a word only a note holds (and nor does the
//! desk, whose search is the same).
//!
//! Written in the transaction of the change (a ticket opened, a public message added, the
//! subject changed); tickets that were there before the index are indexed by [`catch_up`],
//! which the server runs in the background at startup.

#![allow(clippy::disallowed_methods)]

use crate::domain::TicketMessageKind;
use crate::entity::{ticket, ticket_message};
use crm_contract::knowledge::ArticleLocale;
use crm_core::error::AppResult;
use crm_core::text::{fts5_query, index_text, language, query_terms, tsquery, Combine};
use sea_orm::sea_query::{Expr, SimpleExpr};
use sea_orm::{ColumnTrait, ConnectionTrait, DbBackend, EntityTrait, QueryFilter, QueryOrder, QuerySelect, Statement};
use uuid::Uuid;

/// Tickets indexed per statement batch while catching up.
const CATCH_UP_BATCH: u64 = 200;

/// Replaces what the index holds for `ticket` with its subject and public conversation (read
/// from `db`: call it after the change's own writes, in its transaction).
pub async fn reindex(db: &impl ConnectionTrait, ticket: &ticket::Model) -> AppResult<()> {
    let bodies: Vec<String> = ticket_message::Entity::find()
        .select_only()
        .column(ticket_message::Column::Body)
        .filter(ticket_message::Column::TicketId.eq(ticket.id))
        .filter(ticket_message::Column::Kind.ne(TicketMessageKind::Note))
        .order_by_asc(ticket_message::Column::Id)
        .into_tuple()
        .all(db)
        .await?;
    let locale = language(ticket.language.as_deref());
    write(db, ticket.id, &index_text(&ticket.subject, locale), &index_text(&bodies.join("\n"), locale)).await
}

async fn write(db: &impl ConnectionTrait, ticket_id: Uuid, subject: &str, body: &str) -> AppResult<()> {
    let backend = db.get_database_backend();
    let run = |sql: &'static str, values: Vec<sea_orm::Value>| Statement::from_sql_and_values(backend, sql, values);
    match backend {
        DbBackend::Postgres => {
            let upsert = "INSERT INTO ticket_search (ticket_id, subject, body) VALUES ($1, $2, $3) \
                ON CONFLICT (ticket_id) DO UPDATE SET subject = EXCLUDED.subject, body = EXCLUDED.body";
            db.execute(run(upsert, vec![ticket_id.into(), subject.into(), body.into()])).await?;
        }
        _ => {
            // The ticket's integer key in the FTS5 table, made on its first indexing.
            db.execute(run(
                "INSERT INTO ticket_search_rows (ticket_id) VALUES (?) ON CONFLICT (ticket_id) DO NOTHING",
                vec![ticket_id.into()],
            ))
            .await?;
            let row = db.query_one(run("SELECT row_id FROM ticket_search_rows WHERE ticket_id = ?", vec![ticket_id.into()])).await?;
            let row_id: i64 = match row {
                Some(row) => row.try_get("", "row_id")?,
                None => return Ok(()),
            };
            db.execute(run("DELETE FROM ticket_search WHERE rowid = ?", vec![row_id.into()])).await?;
            db.execute(run(
                "INSERT INTO ticket_search (rowid, subject, body) VALUES (?, ?, ?)",
                vec![row_id.into(), subject.into(), body.into()],
            ))
            .await?;
        }
    }
    Ok(())
}

/// The condition on `tickets` "its subject or conversation holds every word of `text`" (in
/// either language's stems, accents folded, the last word as a prefix: a search as it is
/// typed); `None` when `text` has no word to search (only common words).
pub fn matching(backend: DbBackend, text: &str) -> Option<SimpleExpr> {
    let terms = query_terms(text, &[ArticleLocale::En, ArticleLocale::It], true);
    if terms.is_empty() {
        return None;
    }
    Some(match backend {
        DbBackend::Postgres => Expr::cust_with_values(
            "tickets.id IN (SELECT ticket_id FROM ticket_search WHERE document @@ to_tsquery('simple', $1))",
            [tsquery(&terms, Combine::All)],
        ),
        _ => Expr::cust_with_values(
            "tickets.id IN (SELECT ticket_id FROM ticket_search_rows WHERE row_id IN \
                (SELECT rowid FROM ticket_search WHERE ticket_search MATCH ?))",
            [fts5_query(&terms, Combine::All)],
        ),
    })
}

/// Indexes the tickets the index does not hold yet (those from before it); returns how many.
pub async fn catch_up(db: &impl ConnectionTrait) -> AppResult<usize> {
    let missing = match db.get_database_backend() {
        DbBackend::Postgres => "tickets.id NOT IN (SELECT ticket_id FROM ticket_search)",
        _ => "tickets.id NOT IN (SELECT ticket_id FROM ticket_search_rows)",
    };
    let mut done = 0;
    loop {
        let batch =
            ticket::Entity::find().filter(Expr::cust(missing)).order_by_asc(ticket::Column::Id).limit(CATCH_UP_BATCH).all(db).await?;
        if batch.is_empty() {
            return Ok(done);
        }
        for ticket in &batch {
            reindex(db, ticket).await?;
        }
        done += batch.len();
    }
}
