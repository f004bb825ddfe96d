//! Knowledge articles: drafted by the desk (from scratch, as a translation, or from a
//! ticket), published as numbered versions that readers read while the working copy moves
//! on, archived when no longer true; found by full-text search; voted on by their readers.
//! This module is the repository of the article tables.

#![allow(clippy::disallowed_methods)]

use crate::access::{article_edit, knowledge_publish, ArticleEdit, KnowledgePublish, KnowledgeScope};
use crate::analysis::query_terms;
use crate::domain::{ArticleLocale, ArticleStatus, ArticleVisibility};
use crate::entity::{kb_article, kb_article_revision, kb_category};
use crate::inputs::{ArticleFilter, ArticleSearchFilter, ArticleStepInput, CreateArticleInput, DraftFromTicketInput, UpdateArticleInput};
use crate::search::{self, Combine};
use crate::snippet::{plain_text, snippet};
use async_graphql::ID;
use chrono::{DateTime, Utc};
use crm_core::audit::{self, AuditAction, Diff, Subject};
use crm_core::clock::new_id_at;
use crm_core::context::AppContext;
use crm_core::error::{AppError, AppResult, InputReason, Refused};
use crm_core::filters::parse_id;
use crm_core::pagination::{fetch_page, id_key, KeyKind, Keyset, Page, PageRequest, SortKey};
use crm_core::principal::Caller;
use crm_core::values::required_text;
use crm_core::versioned::{self, Change};
use crm_core::visible::{Seen, Visible};
use crm_sales::catalog::entity::product;
use crm_service::access::{ticket_write, Side, TicketScope};
use crm_service::domain::TicketMessageKind;
use crm_service::tickets;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, Condition, ConnectionTrait, DatabaseTransaction, EntityTrait, IntoActiveModel, QueryFilter, QueryOrder,
    Select, TransactionTrait,
};
use std::collections::HashMap;
use uuid::Uuid;

/// The longest body, in characters.
pub const MAX_BODY: usize = 100_000;
/// Most tags on an article.
pub const MAX_TAGS: usize = 10;
/// Most results of one search.
pub const MAX_RESULTS: u64 = 50;

/// Newest first (ids are UUIDv7).
struct ByCreation;

impl Keyset<kb_article::Entity> for ByCreation {
    fn name(&self) -> String {
        "kb_articles_created_desc".into()
    }
    fn keys(&self) -> Vec<SortKey<kb_article::Column>> {
        vec![SortKey { column: kb_article::Column::Id, descending: true, kind: KeyKind::Id }]
    }
    fn values(&self, row: &kb_article::Model) -> Vec<String> {
        vec![id_key(&row.id)]
    }
}

fn title(raw: &str) -> AppResult<String> {
    required_text(raw, 200).map_err(|why| AppError::invalid("title", why))
}

fn body(raw: &str) -> AppResult<String> {
    required_text(raw, MAX_BODY).map_err(|why| AppError::invalid("body", why))
}

/// Tags in lower case, without repeats, comma-separated as stored.
fn tags(raw: &[String]) -> AppResult<String> {
    if raw.len() > MAX_TAGS {
        return Err(AppError::invalid("tags", InputReason::TooMany { max: MAX_TAGS }));
    }
    let mut out: Vec<String> = Vec::with_capacity(raw.len());
    for (i, tag) in raw.iter().enumerate() {
        let tag = required_text(tag, 40).map_err(|why| AppError::invalid(format!("tags.{i}"), why))?.to_lowercase();
        if tag.contains(',') {
            return Err(AppError::invalid(format!("tags.{i}"), InputReason::NotApplicable.with_message("a tag has no commas")));
        }
        if !out.contains(&tag) {
            out.push(tag);
        }
    }
    Ok(out.join(","))
}

/// An article's tags.
pub fn tag_list(row: &kb_article::Model) -> Vec<&str> {
    row.tags.split(',').filter(|t| !t.is_empty()).collect()
}

/// `None` for an empty id (removal), else the id of an existing category.
async fn category_ref(db: &impl ConnectionTrait, id: &ID) -> AppResult<Option<Uuid>> {
    if id.is_empty() {
        return Ok(None);
    }
    let id = parse_id(id, "categoryId")?;
    kb_category::Entity::find_by_id(id)
        .one(db)
        .await?
        .map(|row| Some(row.id))
        .ok_or_else(|| AppError::invalid("categoryId", InputReason::UnknownReference))
}

/// `None` for an empty id, else the id of an existing product.
async fn product_ref(db: &impl ConnectionTrait, id: &ID, field: &str) -> AppResult<Option<Uuid>> {
    if id.is_empty() {
        return Ok(None);
    }
    let id = parse_id(id, field)?;
    product::Entity::find_by_id(id)
        .one(db)
        .await?
        .map(|row| Some(row.id))
        .ok_or_else(|| AppError::invalid(field, InputReason::UnknownReference))
}

async fn load_for_write(db: &impl ConnectionTrait, id: &ID, version: i32) -> AppResult<kb_article::Model> {
    let current = kb_article::Entity::find_by_id(parse_id(id, "id")?).one(db).await?.ok_or(AppError::NotFound("knowledge article"))?;
    versioned::at_version::<kb_article::Entity>(current, version)
}

/// A new draft (the service desk).
pub async fn create(ctx: &AppContext, caller: &Caller, input: CreateArticleInput) -> AppResult<Visible<kb_article::Model>> {
    let right = article_edit(&caller.principal)?;
    let title = title(&input.title)?;
    let body = body(&input.body)?;
    let tags = tags(&input.tags)?;
    let now = ctx.clock.now();
    let txn = ctx.db.write.begin().await?;
    let id = new_id_at(now);
    let original = match &input.translation_of {
        Some(of) => Some(
            kb_article::Entity::find_by_id(parse_id(of, "translationOf")?)
                .one(&txn)
                .await?
                .ok_or_else(|| AppError::invalid("translationOf", InputReason::UnknownReference))?,
        ),
        None => None,
    };
    let category_id = match (&input.category_id, &original) {
        (Some(given), _) => category_ref(&txn, given).await?,
        (None, Some(original)) => original.category_id,
        (None, None) => None,
    };
    let product_id = match (&input.product_id, &original) {
        (Some(given), _) => product_ref(&txn, given, "productId").await?,
        (None, Some(original)) => original.product_id,
        (None, None) => None,
    };
    let offer_product_id = match (&input.offer_product_id, &original) {
        (Some(given), _) => product_ref(&txn, given, "offerProductId").await?,
        (None, Some(original)) => original.offer_product_id,
        (None, None) => None,
    };
    let row = kb_article::Model {
        id,
        translation_group: original.as_ref().map_or(id, |o| o.translation_group),
        locale: input.locale,
        category_id,
        visibility: input.visibility.or(original.as_ref().map(|o| o.visibility)).unwrap_or(ArticleVisibility::Internal),
        status: ArticleStatus::Draft,
        product_id,
        offer_product_id,
        tags,
        title,
        body,
        published_revision: None,
        published_title: None,
        published_body: None,
        published_at: None,
        source_ticket_id: None,
        helpful_votes: 0,
        unhelpful_votes: 0,
        created_by_id: right.user_id,
        created_at: now,
        updated_at: now,
        version: 1,
    };
    let row = insert_draft(&txn, caller, row).await?;
    txn.commit().await?;
    Ok(Visible::created(row, &right))
}

/// Inserts a new draft and records its creation.
async fn insert_draft(txn: &impl ConnectionTrait, caller: &Caller, row: kb_article::Model) -> AppResult<kb_article::Model> {
    let now = row.created_at;
    // The unique key on (group, locale): a second variant in one language.
    let row = row.into_active_model().reset_all().insert(txn).await.taken_as("locale", || InputReason::AlreadyExists)?;
    let mut diff = Diff::new();
    diff.created("title", &row.title)
        .created("locale", &row.locale)
        .created("visibility", &row.visibility)
        .created("categoryId", &row.category_id)
        .created("productId", &row.product_id)
        .created("offerProductId", &row.offer_product_id)
        .created("tags", &row.tags)
        .created("sourceTicketId", &row.source_ticket_id);
    audit::record(txn, caller, now, AuditAction::Create, Subject::KnowledgeArticle(row.id), diff).await?;
    Ok(row)
}

/// Changes an article's working copy and facts (the service desk).
pub async fn update(ctx: &AppContext, caller: &Caller, input: UpdateArticleInput) -> AppResult<Visible<kb_article::Model>> {
    let right = article_edit(&caller.principal)?;
    let now = ctx.clock.now();
    let txn = ctx.db.write.begin().await?;
    let current = load_for_write(&txn, &input.id, input.version).await?;
    let mut next = current.clone();
    if let Some(raw) = &input.title {
        next.title = title(raw)?;
    }
    if let Some(raw) = &input.body {
        next.body = body(raw)?;
    }
    if let Some(visibility) = input.visibility {
        next.visibility = visibility;
    }
    if let Some(id) = &input.category_id {
        next.category_id = category_ref(&txn, id).await?;
    }
    if let Some(id) = &input.product_id {
        next.product_id = product_ref(&txn, id, "productId").await?;
    }
    if let Some(id) = &input.offer_product_id {
        next.offer_product_id = product_ref(&txn, id, "offerProductId").await?;
    }
    if let Some(raw) = &input.tags {
        next.tags = tags(raw)?;
    }
    let mut diff = Diff::new();
    diff.field("title", &current.title, &next.title)
        .field("visibility", &current.visibility, &next.visibility)
        .field("categoryId", &current.category_id, &next.category_id)
        .field("productId", &current.product_id, &next.product_id)
        .field("offerProductId", &current.offer_product_id, &next.offer_product_id)
        .field("tags", &current.tags, &next.tags);
    if current.body != next.body {
        // The body itself is kept by the versions; the entry says that it changed.
        diff.field("body", &format!("{} characters", current.body.chars().count()), &format!("{} characters", next.body.chars().count()));
    }
    if diff.is_empty() {
        return Visible::written(current, &right);
    }
    // The index holds the published text only; who finds an article (its visibility, its
    // category) is read from the article itself at search time: nothing to reindex.
    let saved =
        versioned::save::<kb_article::Entity>(&txn, &right, caller, now, AuditAction::Update, Change { current: &current, next, diff })
            .await?;
    txn.commit().await?;
    Visible::written(saved, &right)
}

/// Publishes the working copy as the next version (admins, service managers): readers read
/// it from now on, and search finds it by its new words.
pub async fn publish(ctx: &AppContext, caller: &Caller, input: ArticleStepInput) -> AppResult<Visible<kb_article::Model>> {
    let right = knowledge_publish(&caller.principal)?;
    let now = ctx.clock.now();
    let txn = ctx.db.write.begin().await?;
    let current = load_for_write(&txn, &input.id, input.version).await?;
    let unchanged = current.status == ArticleStatus::Published
        && current.published_title.as_deref() == Some(current.title.as_str())
        && current.published_body.as_deref() == Some(current.body.as_str());
    if unchanged {
        return Err(AppError::invalid("id", InputReason::NotApplicable.with_message("this version is already published")));
    }
    let revision = current.published_revision.unwrap_or(0) + 1;
    kb_article_revision::Model {
        id: new_id_at(now),
        article_id: current.id,
        revision,
        title: current.title.clone(),
        body: current.body.clone(),
        published_by_id: right.user_id,
        published_at: now,
    }
    .into_active_model()
    .reset_all()
    .insert(&txn)
    .await?;
    let mut next = current.clone();
    next.status = ArticleStatus::Published;
    next.published_revision = Some(revision);
    next.published_title = Some(current.title.clone());
    next.published_body = Some(current.body.clone());
    next.published_at = Some(now);
    let mut diff = Diff::new();
    diff.field("status", &current.status, &next.status).field("publishedRevision", &current.published_revision, &next.published_revision);
    save_and_reindex(txn, &right, caller, now, AuditAction::Update, Change { current: &current, next, diff }).await
}

/// Withdraws an article from readers and from search (admins, service managers); publishing
/// it again brings it back.
pub async fn archive(ctx: &AppContext, caller: &Caller, input: ArticleStepInput) -> AppResult<Visible<kb_article::Model>> {
    let right = knowledge_publish(&caller.principal)?;
    let now = ctx.clock.now();
    let txn = ctx.db.write.begin().await?;
    let current = load_for_write(&txn, &input.id, input.version).await?;
    if current.status == ArticleStatus::Archived {
        return Visible::written(current, &right);
    }
    let mut next = current.clone();
    next.status = ArticleStatus::Archived;
    let mut diff = Diff::new();
    diff.field("status", &current.status, &next.status);
    save_and_reindex(txn, &right, caller, now, AuditAction::Archive, Change { current: &current, next, diff }).await
}

/// Saves a step of an article's life (publication, archival), brings the search index in line
/// with it and commits: readers find what they may read from the commit on.
async fn save_and_reindex(
    txn: DatabaseTransaction,
    right: &KnowledgePublish,
    caller: &Caller,
    now: DateTime<Utc>,
    action: AuditAction,
    change: Change<'_, kb_article::Model>,
) -> AppResult<Visible<kb_article::Model>> {
    let saved = versioned::save::<kb_article::Entity>(&txn, right, caller, now, action, change).await?;
    search::reindex(&txn, &saved).await?;
    txn.commit().await?;
    Visible::written(saved, right)
}

/// The first message of the customer's side and the desk's last reply: the question and the
/// answer a ticket holds.
fn question_and_answer(messages: &[Visible<crm_service::entity::ticket_message::Model>]) -> (Option<&str>, Option<&str>) {
    let question = messages.iter().find(|m| m.kind == TicketMessageKind::Customer).map(|m| m.body.as_str());
    let answer = messages.iter().rev().find(|m| m.kind == TicketMessageKind::Reply).map(|m| m.body.as_str());
    (question, answer)
}

/// Headings of a draft made from a ticket, in the draft's language.
fn draft_headings(locale: ArticleLocale) -> (&'static str, &'static str, &'static str) {
    match locale {
        ArticleLocale::En => ("Question", "Resolution", "(to be written)"),
        ArticleLocale::It => ("Domanda", "Soluzione", "(da scrivere)"),
    }
}

/// A draft with a ticket's question and resolution, linked to the ticket (the service desk).
/// The draft is INTERNAL until someone chooses who reads it.
pub async fn draft_from_ticket(ctx: &AppContext, caller: &Caller, input: DraftFromTicketInput) -> AppResult<Visible<kb_article::Model>> {
    let right = article_edit(&caller.principal)?;
    let ticket_scope = TicketScope::of(&caller.principal)?;
    let ticket_id = parse_id(&input.ticket_id, "ticketId")?;
    let ticket = tickets::find(&ctx.db.write, &ticket_scope, ticket_id).await?.ok_or(AppError::NotFound("ticket"))?;
    let mut messages = tickets::messages_of(&ctx.db.write, &ticket_scope, &[ticket.key(|t| t.id)]).await?;
    let messages = messages.remove(&ticket.id).unwrap_or_default();
    let (question, answer) = question_and_answer(&messages);
    let (q_heading, a_heading, missing) = draft_headings(input.locale);
    let body = format!("## {q_heading}\n\n{}\n\n## {a_heading}\n\n{}\n", question.unwrap_or(missing), answer.unwrap_or(missing));
    let now = ctx.clock.now();
    let txn = ctx.db.write.begin().await?;
    let id = new_id_at(now);
    let row = kb_article::Model {
        id,
        translation_group: id,
        locale: input.locale,
        category_id: None,
        visibility: ArticleVisibility::Internal,
        status: ArticleStatus::Draft,
        product_id: ticket.product_id,
        offer_product_id: None,
        tags: ticket.category.clone().unwrap_or_default(),
        title: ticket.subject.clone(),
        body: body.chars().take(MAX_BODY).collect(),
        published_revision: None,
        published_title: None,
        published_body: None,
        published_at: None,
        source_ticket_id: Some(ticket.id),
        helpful_votes: 0,
        unhelpful_votes: 0,
        created_by_id: right.user_id,
        created_at: now,
        updated_at: now,
        version: 1,
    };
    let row = insert_draft(&txn, caller, row).await?;
    crate::links::insert_link(&txn, ticket.id, row.id, right.user_id, now).await?;
    txn.commit().await?;
    Ok(Visible::created(row, &right))
}

/// An article the caller reads.
pub async fn find(db: &impl ConnectionTrait, scope: &KnowledgeScope, id: Uuid) -> AppResult<Option<Visible<kb_article::Model>>> {
    Ok(kb_article::Entity::find_by_id(id).filter(scope.condition()).one(db).await?.map(Visible::vouched))
}

/// The articles among `ids` that the caller reads.
pub async fn articles_by_ids(
    db: &impl ConnectionTrait,
    scope: &KnowledgeScope,
    ids: &[Uuid],
) -> AppResult<Vec<Visible<kb_article::Model>>> {
    let rows =
        kb_article::Entity::find().filter(kb_article::Column::Id.is_in(ids.iter().copied())).filter(scope.condition()).all(db).await?;
    Ok(Visible::vouched_all(rows))
}

fn narrowed(filter: &ArticleSearchFilter) -> AppResult<Condition> {
    let mut narrow = Condition::all();
    if let Some(locale) = filter.locale {
        narrow = narrow.add(kb_article::Column::Locale.eq(locale));
    }
    if let Some(id) = &filter.category_id {
        narrow = narrow.add(kb_article::Column::CategoryId.eq(parse_id(id, "filter.categoryId")?));
    }
    if let Some(id) = &filter.product_id {
        narrow = narrow.add(kb_article::Column::ProductId.eq(parse_id(id, "filter.productId")?));
    }
    Ok(narrow)
}

/// Newest first, the articles `filter` selects that the caller reads, plus the query counting
/// them.
pub async fn list(
    ctx: &AppContext,
    caller: &Caller,
    filter: &ArticleFilter,
    page: &PageRequest,
) -> AppResult<(Page<Visible<kb_article::Model>>, Select<kb_article::Entity>)> {
    let scope = KnowledgeScope::of(&caller.principal)?;
    let mut select = kb_article::Entity::find().filter(scope.condition()).filter(narrowed(&ArticleSearchFilter {
        locale: filter.locale,
        category_id: filter.category_id.clone(),
        product_id: filter.product_id.clone(),
    })?);
    if let Some(statuses) = &filter.statuses {
        select = select.filter(kb_article::Column::Status.is_in(statuses.iter().copied()));
    }
    if let Some(visibilities) = &filter.visibilities {
        select = select.filter(kb_article::Column::Visibility.is_in(visibilities.iter().copied()));
    }
    if let Some(tag) = filter.tag.as_deref().map(|t| t.trim().to_lowercase()).filter(|t| !t.is_empty()) {
        // Tags are stored `a,b,c`: the tag alone, first, last or between commas.
        let tags = kb_article::Column::Tags;
        select = select.filter(
            Condition::any()
                .add(tags.eq(tag.clone()))
                .add(tags.starts_with(format!("{tag},")))
                .add(tags.ends_with(format!(",{tag}")))
                .add(tags.contains(format!(",{tag},"))),
        );
    }
    let rows = fetch_page(select.clone(), &ByCreation, page, &ctx.db.read).await?;
    Ok((rows.map(Visible::vouched), select))
}

/// One article a search found, with the passage that matched.
pub struct Hit {
    pub article: Visible<kb_article::Model>,
    /// HTML-escaped text with the matching words in `<mark>`.
    pub snippet: String,
}

/// Published articles the caller reads that match `text`, best first: every word (`Combine::All`)
/// or any (`Combine::Any`, suggestions).
pub async fn search(
    ctx: &AppContext,
    caller: &Caller,
    text: &str,
    filter: &ArticleSearchFilter,
    combine: Combine,
    as_typed: bool,
    limit: u64,
) -> AppResult<Vec<Hit>> {
    let scope = KnowledgeScope::of(&caller.principal)?;
    if text.chars().count() > 200 {
        return Err(AppError::invalid("text", InputReason::TooLong { max: 200 }));
    }
    let locales: Vec<ArticleLocale> = match filter.locale {
        Some(locale) => vec![locale],
        None => ArticleLocale::ALL.to_vec(),
    };
    let terms = query_terms(text, &locales, as_typed);
    if terms.is_empty() {
        return Ok(Vec::new());
    }
    let rows = search::ranked(&ctx.db.read, &scope, &terms, combine, narrowed(filter)?, limit.min(MAX_RESULTS)).await?;
    Ok(rows
        .into_iter()
        .map(|row| {
            let text = plain_text(row.published_body.as_deref().unwrap_or_default());
            let snippet = snippet(&text, &terms, row.locale);
            Hit { article: Visible::vouched(row), snippet }
        })
        .collect())
}

/// The published versions of each article, newest first (the desk: check `scope` first).
pub async fn revisions_of(
    db: &impl ConnectionTrait,
    articles: &[Seen<kb_article::Model>],
) -> AppResult<HashMap<Uuid, Vec<Visible<kb_article_revision::Model>>>> {
    let rows = kb_article_revision::Entity::find()
        .filter(kb_article_revision::Column::ArticleId.is_in(articles.iter().map(Seen::id)))
        .order_by_desc(kb_article_revision::Column::Revision)
        .all(db)
        .await?;
    let mut by_article: HashMap<Uuid, Vec<Visible<kb_article_revision::Model>>> = HashMap::new();
    for row in rows {
        by_article.entry(row.article_id).or_default().push(Visible::vouched(row));
    }
    Ok(by_article)
}

/// The other language variants of each group that the caller reads.
pub async fn variants_of(
    db: &impl ConnectionTrait,
    scope: &KnowledgeScope,
    groups: impl IntoIterator<Item = Uuid>,
) -> AppResult<HashMap<Uuid, Vec<Visible<kb_article::Model>>>> {
    let rows = kb_article::Entity::find()
        .filter(kb_article::Column::TranslationGroup.is_in(groups))
        .filter(scope.condition())
        .order_by_asc(kb_article::Column::Locale)
        .all(db)
        .await?;
    let mut by_group: HashMap<Uuid, Vec<Visible<kb_article::Model>>> = HashMap::new();
    for row in rows {
        by_group.entry(row.translation_group).or_default().push(Visible::vouched(row));
    }
    Ok(by_group)
}

/// What a visible article's readers see of a product: its name and description (a customer
/// does not read the catalog, but reads what an article offers).
pub async fn products_by_ids(db: &impl ConnectionTrait, ids: impl IntoIterator<Item = Uuid>) -> AppResult<Vec<Visible<product::Model>>> {
    Ok(Visible::vouched_all(product::Entity::find().filter(product::Column::Id.is_in(ids)).all(db).await?))
}

/// The product to offer a reader an article helped: the one the article names, else the
/// next tier up in its product's family (the printer example: a problem with an old model
/// ends with the new one). Only active products.
pub async fn offer_for(db: &impl ConnectionTrait, article: &kb_article::Model) -> AppResult<Option<Visible<product::Model>>> {
    if let Some(id) = article.offer_product_id {
        let found = product::Entity::find_by_id(id).filter(product::Column::Active.eq(true)).one(db).await?;
        return Ok(found.map(Visible::vouched));
    }
    let Some(about) = article.product_id else { return Ok(None) };
    let Some(about) = product::Entity::find_by_id(about).one(db).await? else { return Ok(None) };
    let next = product::Entity::find()
        .filter(product::Column::Family.eq(about.family.clone()))
        .filter(product::Column::Tier.gt(about.tier))
        .filter(product::Column::Active.eq(true))
        .order_by_asc(product::Column::Tier)
        .order_by_asc(product::Column::NameSort)
        .one(db)
        .await?;
    Ok(next.map(Visible::vouched))
}

/// Whether the caller works on tickets from the desk's side (to link articles to them).
pub fn desk_on_ticket(caller: &Caller, ticket: &crm_service::entity::ticket::Model) -> AppResult<ArticleEdit> {
    let right = article_edit(&caller.principal)?;
    match ticket_write(&caller.principal, ticket) {
        Ok(write) if write.side == Side::Desk => Ok(right),
        _ => Err(AppError::Forbidden("link articles to tickets (the service desk)")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tags_are_lower_case_unique_and_bounded() {
        assert_eq!(tags(&["Toner".into(), " toner ".into(), "Laser".into()]).ok(), Some("toner,laser".into()));
        assert!(tags(&["a,b".into()]).is_err());
        assert!(tags(&vec!["x".to_owned(); MAX_TAGS + 1]).is_err());
        assert!(tags(&[" ".into()]).is_err());
    }
}
