//! Articles linked to tickets: the answer the desk gave, or the article drafted from the
//! ticket. The repository of `kb_ticket_articles`.

#![allow(clippy::disallowed_methods)]

use crate::access::KnowledgeScope;
use crate::articles::desk_on_ticket;
use crate::entity::{kb_article, kb_ticket_article};
use crate::inputs::TicketArticleInput;
use chrono::{DateTime, Utc};
use crm_core::context::AppContext;
use crm_core::error::{AppError, AppResult, InputReason};
use crm_core::filters::parse_id;
use crm_core::principal::Caller;
use crm_core::visible::{Seen, Visible};
use crm_service::access::TicketScope;
use crm_service::entity::ticket;
use crm_service::tickets;
use sea_orm::sea_query::OnConflict;
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, Set, TransactionTrait};
use std::collections::HashMap;
use uuid::Uuid;

/// Links `article` to `ticket` (nothing when already linked).
pub async fn insert_link(db: &impl ConnectionTrait, ticket: Uuid, article: Uuid, by: Option<Uuid>, now: DateTime<Utc>) -> AppResult<()> {
    let row =
        kb_ticket_article::ActiveModel { ticket_id: Set(ticket), article_id: Set(article), linked_by_id: Set(by), created_at: Set(now) };
    kb_ticket_article::Entity::insert(row)
        .on_conflict(
            OnConflict::columns([kb_ticket_article::Column::TicketId, kb_ticket_article::Column::ArticleId]).do_nothing().to_owned(),
        )
        .do_nothing()
        .exec(db)
        .await?;
    Ok(())
}

/// The ticket and article a link names, both visible to the caller, who works the ticket.
async fn linkable(
    ctx: &AppContext,
    caller: &Caller,
    input: &TicketArticleInput,
) -> AppResult<(Visible<ticket::Model>, Visible<kb_article::Model>)> {
    let ticket_id = parse_id(&input.ticket_id, "ticketId")?;
    let article_id = parse_id(&input.article_id, "articleId")?;
    let ticket =
        tickets::find(&ctx.db.write, &TicketScope::of(&caller.principal)?, ticket_id).await?.ok_or(AppError::NotFound("ticket"))?;
    desk_on_ticket(caller, &ticket)?;
    let article = crate::articles::find(&ctx.db.write, &KnowledgeScope::of(&caller.principal)?, article_id)
        .await?
        .ok_or_else(|| AppError::invalid("articleId", InputReason::UnknownReference))?;
    Ok((ticket, article))
}

/// Links an article to a ticket (the service desk); the ticket as it is.
pub async fn link(ctx: &AppContext, caller: &Caller, input: TicketArticleInput) -> AppResult<Visible<ticket::Model>> {
    let (ticket, article) = linkable(ctx, caller, &input).await?;
    let txn = ctx.db.write.begin().await?;
    insert_link(&txn, ticket.id, article.id, caller.principal.user_id(), ctx.clock.now()).await?;
    txn.commit().await?;
    Ok(ticket)
}

/// Removes a link (the service desk); the ticket as it is.
pub async fn unlink(ctx: &AppContext, caller: &Caller, input: TicketArticleInput) -> AppResult<Visible<ticket::Model>> {
    let (ticket, article) = linkable(ctx, caller, &input).await?;
    kb_ticket_article::Entity::delete_many()
        .filter(kb_ticket_article::Column::TicketId.eq(ticket.id))
        .filter(kb_ticket_article::Column::ArticleId.eq(article.id))
        .exec(&ctx.db.write)
        .await?;
    Ok(ticket)
}

/// The articles linked to each visible ticket that the caller reads, in linking order.
pub async fn articles_of_tickets(
    db: &impl ConnectionTrait,
    scope: &KnowledgeScope,
    tickets: &[Seen<ticket::Model>],
) -> AppResult<HashMap<Uuid, Vec<Visible<kb_article::Model>>>> {
    let links = kb_ticket_article::Entity::find()
        .filter(kb_ticket_article::Column::TicketId.is_in(tickets.iter().map(Seen::id)))
        .order_by_asc(kb_ticket_article::Column::CreatedAt)
        .all(db)
        .await?;
    let ids: Vec<Uuid> = links.iter().map(|l| l.article_id).collect();
    let mut articles: HashMap<Uuid, Visible<kb_article::Model>> =
        crate::articles::articles_by_ids(db, scope, &ids).await?.into_iter().map(|a| (a.id, a)).collect();
    let mut by_ticket: HashMap<Uuid, Vec<Visible<kb_article::Model>>> = HashMap::new();
    for link in links {
        if let Some(article) = articles.get(&link.article_id) {
            by_ticket.entry(link.ticket_id).or_default().push(article.clone());
        }
    }
    articles.clear();
    Ok(by_ticket)
}
