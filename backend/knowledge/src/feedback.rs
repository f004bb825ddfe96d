//! What readers make of articles: their votes (helpful or not, with a comment for the desk)
//! and the suggestions they opened, from which the deflection figures come: a suggestion
//! opened while writing a ticket, and no ticket from that reader in the next 30 minutes, is
//! a ticket the article saved. The repository of `kb_article_votes` and `kb_article_opens`.

#![allow(clippy::disallowed_methods)]

use crate::access::{reader_person, KnowledgeScope};
use crate::domain::{ArticleOpenSource, ArticleStatus};
use crate::entity::{kb_article, kb_article_open, kb_article_vote};
use crate::inputs::{ArticleOpenedInput, VoteArticleInput};
use chrono::{DateTime, Duration, Utc};
use crm_core::clock::new_id_at;
use crm_core::context::AppContext;
use crm_core::error::{AppError, AppResult, InputReason};
use crm_core::filters::parse_id;
use crm_core::principal::Caller;
use crm_core::values::optional_text;
use crm_core::visible::{Seen, Visible};
use crm_service::entity::ticket;
use sea_orm::sea_query::{Expr, Func, OnConflict, Query, SimpleExpr};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, Condition, ConnectionTrait, EntityTrait, IntoActiveModel, PaginatorTrait, QueryFilter, QueryOrder,
    QuerySelect, TransactionTrait,
};
use std::collections::HashMap;
use uuid::Uuid;

/// How long after opening a suggestion a ticket from the same reader means it did not help.
pub const DEFLECTION_WINDOW_MINUTES: i64 = 30;
/// Most comments an article shows the desk.
pub const MAX_COMMENTS: u64 = 50;

/// A published article the caller reads (UNKNOWN_REFERENCE otherwise).
async fn readable(db: &impl ConnectionTrait, caller: &Caller, id: &async_graphql::ID) -> AppResult<Visible<kb_article::Model>> {
    let scope = KnowledgeScope::of(&caller.principal)?;
    crate::articles::find(db, &scope, parse_id(id, "articleId")?)
        .await?
        .filter(|a| a.status == ArticleStatus::Published)
        .ok_or_else(|| AppError::invalid("articleId", InputReason::UnknownReference))
}

/// Records the caller's vote (replacing an earlier one) and returns the article with its new
/// counts.
pub async fn vote(ctx: &AppContext, caller: &Caller, input: VoteArticleInput) -> AppResult<Visible<kb_article::Model>> {
    let voter = reader_person(&caller.principal)?;
    let comment = optional_text(input.comment.as_deref(), 1000).map_err(|why| AppError::invalid("comment", why))?;
    let now = ctx.clock.now();
    let txn = ctx.db.write.begin().await?;
    let article = readable(&txn, caller, &input.article_id).await?;
    let row = kb_article_vote::Model {
        id: new_id_at(now),
        article_id: article.id,
        voter_id: voter,
        helpful: input.helpful,
        comment,
        created_at: now,
        updated_at: now,
    };
    kb_article_vote::Entity::insert(row.into_active_model().reset_all())
        .on_conflict(
            OnConflict::columns([kb_article_vote::Column::ArticleId, kb_article_vote::Column::VoterId])
                .update_columns([kb_article_vote::Column::Helpful, kb_article_vote::Column::Comment, kb_article_vote::Column::UpdatedAt])
                .to_owned(),
        )
        .exec(&txn)
        .await?;
    // The counts are derived, not edited: recounted in the vote's transaction, without
    // touching the article's version (an editor's change in progress stays valid).
    let count = |helpful: bool| {
        Query::select()
            .expr(Expr::col(kb_article_vote::Column::Id).count())
            .from(kb_article_vote::Entity)
            .and_where(kb_article_vote::Column::ArticleId.eq(article.id))
            .and_where(kb_article_vote::Column::Helpful.eq(helpful))
            .to_owned()
    };
    kb_article::Entity::update_many()
        .col_expr(
            kb_article::Column::HelpfulVotes,
            sea_orm::sea_query::SimpleExpr::SubQuery(None, Box::new(count(true).into_sub_query_statement())),
        )
        .col_expr(
            kb_article::Column::UnhelpfulVotes,
            sea_orm::sea_query::SimpleExpr::SubQuery(None, Box::new(count(false).into_sub_query_statement())),
        )
        .filter(kb_article::Column::Id.eq(article.id))
        .exec(&txn)
        .await?;
    let saved = kb_article::Entity::find_by_id(article.id).one(&txn).await?.ok_or(AppError::NotFound("knowledge article"))?;
    txn.commit().await?;
    Ok(Visible::vouched(saved))
}

/// The caller's own vote on each article.
pub async fn my_votes(
    db: &impl ConnectionTrait,
    voter: Uuid,
    articles: &[Seen<kb_article::Model>],
) -> AppResult<HashMap<Uuid, Visible<kb_article_vote::Model>>> {
    let rows = kb_article_vote::Entity::find()
        .filter(kb_article_vote::Column::VoterId.eq(voter))
        .filter(kb_article_vote::Column::ArticleId.is_in(articles.iter().map(Seen::id)))
        .all(db)
        .await?;
    Ok(rows.into_iter().map(|row| (row.article_id, Visible::vouched(row))).collect())
}

/// The latest votes with a comment on an article, newest first (the desk: check first).
pub async fn comments(db: &impl ConnectionTrait, article: &Seen<kb_article::Model>) -> AppResult<Vec<Visible<kb_article_vote::Model>>> {
    let rows = kb_article_vote::Entity::find()
        .filter(kb_article_vote::Column::ArticleId.eq(article.id()))
        .filter(kb_article_vote::Column::Comment.is_not_null())
        .order_by_desc(kb_article_vote::Column::UpdatedAt)
        .order_by_desc(kb_article_vote::Column::Id)
        .limit(MAX_COMMENTS)
        .all(db)
        .await?;
    Ok(Visible::vouched_all(rows))
}

/// Records that the caller opened an article it was offered (a person; once per article and
/// source within the deflection window, so reloading the page does not count twice).
pub async fn record_open(ctx: &AppContext, caller: &Caller, input: ArticleOpenedInput) -> AppResult<Visible<kb_article::Model>> {
    let user = reader_person(&caller.principal)?;
    let now = ctx.clock.now();
    let window = Duration::minutes(DEFLECTION_WINDOW_MINUTES);
    let txn = ctx.db.write.begin().await?;
    let article = readable(&txn, caller, &input.article_id).await?;
    let recent = kb_article_open::Entity::find()
        .filter(kb_article_open::Column::ArticleId.eq(article.id))
        .filter(kb_article_open::Column::UserId.eq(user))
        .filter(kb_article_open::Column::Source.eq(input.source))
        .filter(kb_article_open::Column::OpenedAt.gt(now - window))
        .count(&txn)
        .await?;
    if recent == 0 {
        kb_article_open::Model {
            id: new_id_at(now),
            article_id: article.id,
            user_id: user,
            source: input.source,
            opened_at: now,
            deflection_ends_at: now + window,
        }
        .into_active_model()
        .reset_all()
        .insert(&txn)
        .await?;
    }
    txn.commit().await?;
    Ok(article)
}

/// An article's deflection figures.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Deflection {
    /// Suggestions of it opened while writing a ticket.
    pub suggestion_opens: u64,
    /// Of those, the ones followed by no ticket from the reader within the window.
    pub deflected: u64,
    /// Of those, the ones whose window has not ended yet.
    pub pending: u64,
}

/// The deflection figures of each article at `now` (the desk: check first).
pub async fn deflection_of(
    db: &impl ConnectionTrait,
    articles: &[Seen<kb_article::Model>],
    now: DateTime<Utc>,
) -> AppResult<HashMap<Uuid, Deflection>> {
    let open = |column: kb_article_open::Column| Expr::col((kb_article_open::Entity, column));
    // A ticket opened by the reader between the opening and the window's end.
    let followed_by_ticket = Query::select()
        .expr(Expr::val(1))
        .from(ticket::Entity)
        .and_where(
            Expr::col((ticket::Entity, ticket::Column::CreatedById)).equals((kb_article_open::Entity, kb_article_open::Column::UserId)),
        )
        .and_where(Expr::col((ticket::Entity, ticket::Column::CreatedAt)).gte(open(kb_article_open::Column::OpenedAt)))
        .and_where(Expr::col((ticket::Entity, ticket::Column::CreatedAt)).lte(open(kb_article_open::Column::DeflectionEndsAt)))
        .to_owned();
    let pending = Expr::case(open(kb_article_open::Column::DeflectionEndsAt).gt(now), 1).finally(0);
    let deflected = Expr::case(
        Condition::all().add(open(kb_article_open::Column::DeflectionEndsAt).lte(now)).add(Expr::exists(followed_by_ticket).not()),
        1,
    )
    .finally(0);
    // One statement for every article: opens, those still in their window, those deflected.
    let rows: Vec<(Uuid, i64, i64, i64)> = kb_article_open::Entity::find()
        .filter(kb_article_open::Column::ArticleId.is_in(articles.iter().map(Seen::id)))
        .filter(kb_article_open::Column::Source.eq(ArticleOpenSource::TicketSuggestion))
        .select_only()
        .column(kb_article_open::Column::ArticleId)
        .column_as(kb_article_open::Column::Id.count(), "opens")
        .column_as(SimpleExpr::from(Func::sum(pending)), "pending")
        .column_as(SimpleExpr::from(Func::sum(deflected)), "deflected")
        .group_by(kb_article_open::Column::ArticleId)
        .into_tuple()
        .all(db)
        .await?;
    Ok(rows
        .into_iter()
        .map(|(id, opens, pending, deflected)| {
            let figures =
                Deflection { suggestion_opens: opens.unsigned_abs(), deflected: deflected.unsigned_abs(), pending: pending.unsigned_abs() };
            (id, figures)
        })
        .collect())
}
