//! The knowledge base: articles with their versions, languages, votes and deflection
//! figures, its search and suggestions, and the articles linked to tickets. Who reads what is
//! `crm_knowledge::access`'s call; what hangs off a visible article is loaded by `Seen` keys.

use crate::connection;
use crate::connection::page_cost;
use crate::identity::{User, UserById};
use crate::loaders::TicketById;
use crate::payload;
use crate::request::{loader, RequestLoader};
use crate::service::Ticket;
use crate::{app, caller};
use async_graphql::dataloader::Loader;
use async_graphql::{Context, Object, Result, SimpleObject, ID};
use chrono::{DateTime, Utc};
use crm_core::context::AppContext;
use crm_core::db::Db;
use crm_core::error::AppError;
use crm_core::filters::parse_id;
use crm_core::pagination::PageRequest;
use crm_core::principal::Principal;
use crm_core::visible::{Seen, Visible};
use crm_knowledge::access::{knowledge_publish, KnowledgeScope};
use crm_knowledge::articles::{self, tag_list, Hit};
use crm_knowledge::domain::{ArticleLocale, ArticleStatus, ArticleVisibility};
use crm_knowledge::entity::{kb_article, kb_article_revision, kb_article_vote, kb_category};
use crm_knowledge::feedback::{self, Deflection};
use crm_knowledge::inputs::{
    ArticleFilter, ArticleOpenedInput, ArticleSearchFilter, ArticleStepInput, CreateArticleInput, CreateKnowledgeCategoryInput,
    DraftFromTicketInput, RenameKnowledgeCategoryInput, TicketArticleInput, UpdateArticleInput, VoteArticleInput,
};
use crm_knowledge::search::Combine;
use crm_knowledge::{categories, links};
use crm_notes::render::to_html;
use crm_sales::catalog::entity::product;
use crm_service::entity::ticket;
use std::collections::HashMap;

fn id(uuid: uuid::Uuid) -> ID {
    ID(uuid.to_string())
}

/// Whether the caller works on the knowledge base (reads drafts, versions, comments, figures).
fn desk(ctx: &Context<'_>) -> Result<bool> {
    Ok(KnowledgeScope::of(&caller(ctx)?.principal).is_ok_and(|scope| scope.is_desk()))
}

/// A knowledge article in one language. Readers read its published version; the service desk
/// also reads its working copy (`draftTitle`, `draftBody`) and its drafts.
#[derive(Clone)]
pub struct KnowledgeArticle(Visible<kb_article::Model>);

impl From<Visible<kb_article::Model>> for KnowledgeArticle {
    fn from(row: Visible<kb_article::Model>) -> Self {
        Self(row)
    }
}

impl KnowledgeArticle {
    /// The text readers read: the published version, or the working copy of a draft (which
    /// only the desk reads).
    fn read_title(&self) -> &str {
        self.0.published_title.as_deref().unwrap_or(&self.0.title)
    }
    fn read_body(&self) -> &str {
        self.0.published_body.as_deref().unwrap_or(&self.0.body)
    }
}

/// A knowledge article in one language. Readers read its published version; the service desk
/// also reads its working copy (`draftTitle`, `draftBody`) and its drafts.
#[Object]
impl KnowledgeArticle {
    /// Unique id (UUIDv7).
    pub async fn id(&self) -> ID {
        id(self.0.id)
    }
    /// Its language.
    async fn locale(&self) -> ArticleLocale {
        self.0.locale
    }
    /// The published title (a draft's working title for the desk).
    async fn title(&self) -> &str {
        self.read_title()
    }
    /// The published body in Markdown (a draft's working body for the desk).
    async fn body(&self) -> &str {
        self.read_body()
    }
    /// The published body as HTML, sanitised on the server: HTML written in the Markdown is
    /// shown as text, links go to web and mail addresses only, images become their
    /// description.
    async fn body_html(&self) -> String {
        to_html(self.read_body())
    }
    /// The working copy's title (the service desk; null for others).
    async fn draft_title(&self, ctx: &Context<'_>) -> Result<Option<&str>> {
        Ok(desk(ctx)?.then_some(self.0.title.as_str()))
    }
    /// The working copy's body in Markdown (the service desk; null for others).
    async fn draft_body(&self, ctx: &Context<'_>) -> Result<Option<&str>> {
        Ok(desk(ctx)?.then_some(self.0.body.as_str()))
    }
    /// Whether the working copy differs from the published version (the service desk; null
    /// for others).
    async fn has_unpublished_changes(&self, ctx: &Context<'_>) -> Result<Option<bool>> {
        let changed = self.0.published_title.as_deref() != Some(self.0.title.as_str())
            || self.0.published_body.as_deref() != Some(self.0.body.as_str());
        Ok(desk(ctx)?.then_some(changed))
    }
    /// Where it is in its life.
    async fn status(&self) -> ArticleStatus {
        self.0.status
    }
    /// Who reads it once published.
    async fn visibility(&self) -> ArticleVisibility {
        self.0.visibility
    }
    /// Its category.
    async fn category(&self, ctx: &Context<'_>) -> Result<Option<KnowledgeCategory>> {
        let Some(key) = self.0.seen(|r| r.category_id) else { return Ok(None) };
        Ok(loader::<KnowledgeCategoryById>(ctx)?.load_one(key).await?.map(KnowledgeCategory))
    }
    /// The product it is about.
    async fn product(&self, ctx: &Context<'_>) -> Result<Option<KnowledgeProduct>> {
        let Some(key) = self.0.seen(|r| r.product_id) else { return Ok(None) };
        Ok(loader::<KnowledgeProductById>(ctx)?.load_one(key).await?.map(KnowledgeProduct))
    }
    /// What to offer a reader it helped: the product it names, else the next tier up in its
    /// product's family; only active products. One statement or two per article: ask for it
    /// on an article's page, not in lists.
    async fn offer(&self, ctx: &Context<'_>) -> Result<Option<KnowledgeProduct>> {
        Ok(articles::offer_for(&app(ctx)?.db.read, &self.0).await?.map(KnowledgeProduct))
    }
    /// Its tags, in lower case.
    async fn tags(&self) -> Vec<&str> {
        tag_list(&self.0)
    }
    /// The number of the published version (1, 2, …); null while a draft.
    async fn published_revision(&self) -> Option<i32> {
        self.0.published_revision
    }
    /// When the published version was published.
    async fn published_at(&self) -> Option<DateTime<Utc>> {
        self.0.published_at
    }
    /// The same article in the other languages the caller reads.
    async fn translations(&self, ctx: &Context<'_>) -> Result<Vec<KnowledgeArticle>> {
        let key = self.0.seen::<kb_article::Model>(|r| Some(r.translation_group));
        let Some(key) = key else { return Ok(Vec::new()) };
        let variants = loader::<VariantsOfGroup>(ctx)?.load_one(key).await?.unwrap_or_default();
        Ok(variants.into_iter().filter(|v| v.id != self.0.id).map(KnowledgeArticle).collect())
    }
    /// Its published versions, newest first (the service desk; null for others).
    async fn revisions(&self, ctx: &Context<'_>) -> Result<Option<Vec<ArticleRevision>>> {
        if !desk(ctx)? {
            return Ok(None);
        }
        let rows = loader::<RevisionsOfArticle>(ctx)?.load_one(self.0.key(|r| r.id)).await?.unwrap_or_default();
        Ok(Some(rows.into_iter().map(ArticleRevision).collect()))
    }
    /// Readers who said it helped.
    async fn helpful_votes(&self) -> i32 {
        self.0.helpful_votes
    }
    /// Readers who said it did not.
    async fn unhelpful_votes(&self) -> i32 {
        self.0.unhelpful_votes
    }
    /// The caller's own vote: true (helped), false (did not), null (none, or not a person).
    async fn my_vote(&self, ctx: &Context<'_>) -> Result<Option<bool>> {
        if caller(ctx)?.principal.user_id().is_none() {
            return Ok(None);
        }
        Ok(loader::<MyVoteOnArticle>(ctx)?.load_one(self.0.key(|r| r.id)).await?.map(|vote| vote.helpful))
    }
    /// The latest 50 readers' comments, newest first (the service desk; null for others). One
    /// statement per article: ask for it on an article's page.
    async fn comments(&self, ctx: &Context<'_>) -> Result<Option<Vec<ArticleComment>>> {
        if !desk(ctx)? {
            return Ok(None);
        }
        let rows = feedback::comments(&app(ctx)?.db.read, &self.0.key(|r| r.id)).await?;
        Ok(Some(rows.into_iter().map(ArticleComment).collect()))
    }
    /// How many tickets its suggestions saved (the service desk; null for others).
    async fn deflection(&self, ctx: &Context<'_>) -> Result<Option<ArticleDeflection>> {
        if !desk(ctx)? {
            return Ok(None);
        }
        let figures = loader::<DeflectionOfArticle>(ctx)?.load_one(self.0.key(|r| r.id)).await?.unwrap_or_default();
        Ok(Some(ArticleDeflection::from(figures)))
    }
    /// The ticket it was drafted from, when the caller reads it.
    async fn source_ticket(&self, ctx: &Context<'_>) -> Result<Option<Ticket>> {
        let Some(ticket_id) = self.0.source_ticket_id else { return Ok(None) };
        Ok(loader::<TicketById>(ctx)?.load_one(ticket_id).await?.map(Ticket::from))
    }
    /// Who wrote it (the service desk; null for others).
    async fn author(&self, ctx: &Context<'_>) -> Result<Option<User>> {
        if !desk(ctx)? {
            return Ok(None);
        }
        let Some(key) = self.0.seen(|r| r.created_by_id) else { return Ok(None) };
        Ok(loader::<UserById>(ctx)?.load_one(key).await?.map(User::from))
    }
    /// When it was created.
    async fn created_at(&self) -> DateTime<Utc> {
        self.0.created_at
    }
    /// When it last changed.
    async fn updated_at(&self) -> DateTime<Utc> {
        self.0.updated_at
    }
    /// Increases with every change; send it back with updates.
    async fn version(&self) -> i32 {
        self.0.version
    }
    /// Whether the caller writes its working copy (the service desk).
    async fn viewer_can_edit(&self, ctx: &Context<'_>) -> Result<bool> {
        desk(ctx)
    }
    /// Whether the caller publishes and archives it (admins, service managers).
    async fn viewer_can_publish(&self, ctx: &Context<'_>) -> Result<bool> {
        Ok(knowledge_publish(&caller(ctx)?.principal).is_ok())
    }
}

/// A published version of an article.
pub struct ArticleRevision(Visible<kb_article_revision::Model>);

/// A published version of an article.
#[Object]
impl ArticleRevision {
    /// Its number: 1 for the first publication.
    async fn revision(&self) -> i32 {
        self.0.revision
    }
    /// The title as published.
    async fn title(&self) -> &str {
        &self.0.title
    }
    /// The body as published, in Markdown.
    async fn body(&self) -> &str {
        &self.0.body
    }
    /// When it was published.
    async fn published_at(&self) -> DateTime<Utc> {
        self.0.published_at
    }
    /// Who published it.
    async fn published_by(&self, ctx: &Context<'_>) -> Result<Option<User>> {
        let Some(key) = self.0.seen(|r| r.published_by_id) else { return Ok(None) };
        Ok(loader::<UserById>(ctx)?.load_one(key).await?.map(User::from))
    }
}

/// A reader's comment on an article, with its vote.
pub struct ArticleComment(Visible<kb_article_vote::Model>);

/// A reader's comment on an article, with its vote.
#[Object]
impl ArticleComment {
    /// Whether the article helped the reader.
    async fn helpful(&self) -> bool {
        self.0.helpful
    }
    /// What the reader wrote.
    async fn comment(&self) -> &str {
        self.0.comment.as_deref().unwrap_or_default()
    }
    /// When the vote was last given.
    async fn at(&self) -> DateTime<Utc> {
        self.0.updated_at
    }
}

/// The tickets an article's suggestions saved: a suggestion opened while writing a ticket,
/// and no ticket from that reader in the next 30 minutes.
#[derive(SimpleObject)]
pub struct ArticleDeflection {
    /// Suggestions of it opened while writing a ticket.
    pub suggestion_opens: u64,
    /// Of those, the ones followed by no ticket within 30 minutes.
    pub deflected: u64,
    /// Of those, the ones less than 30 minutes old (not decided yet).
    pub pending: u64,
    /// `deflected` over the decided opens (0–1); null when none is decided.
    pub rate: Option<f64>,
}

impl From<Deflection> for ArticleDeflection {
    fn from(d: Deflection) -> Self {
        let decided = d.suggestion_opens.saturating_sub(d.pending);
        #[allow(clippy::cast_precision_loss)]
        let rate = (decided > 0).then(|| d.deflected as f64 / decided as f64);
        Self { suggestion_opens: d.suggestion_opens, deflected: d.deflected, pending: d.pending, rate }
    }
}

/// A category of the knowledge base.
pub struct KnowledgeCategory(Visible<kb_category::Model>);

/// A category of the knowledge base.
#[Object]
impl KnowledgeCategory {
    /// Unique id (UUIDv7).
    async fn id(&self) -> ID {
        id(self.0.id)
    }
    /// Its name.
    async fn name(&self) -> &str {
        &self.0.name
    }
    /// Increases with every change; send it back with updates.
    async fn version(&self) -> i32 {
        self.0.version
    }
}

/// A product as an article's readers see it (customers included, who do not read the
/// catalog).
pub struct KnowledgeProduct(Visible<product::Model>);

impl From<Visible<product::Model>> for KnowledgeProduct {
    fn from(row: Visible<product::Model>) -> Self {
        Self(row)
    }
}

/// A product as an article's readers see it (customers included, who do not read the
/// catalog).
#[Object]
impl KnowledgeProduct {
    /// The product's id.
    async fn id(&self) -> ID {
        id(self.0.id)
    }
    /// Its name.
    async fn name(&self) -> &str {
        &self.0.name
    }
    /// Its code.
    async fn sku(&self) -> &str {
        &self.0.sku
    }
    /// Its description.
    async fn description(&self) -> Option<&str> {
        self.0.description.as_deref()
    }
}

/// An article a search found.
#[derive(SimpleObject)]
pub struct KnowledgeHit {
    /// The article.
    pub article: KnowledgeArticle,
    /// The passage that matched: HTML-escaped text in which each matching word is wrapped in
    /// `<mark>…</mark>`, with `…` where the text was cut.
    pub snippet: String,
}

impl From<Hit> for KnowledgeHit {
    fn from(hit: Hit) -> Self {
        Self { article: KnowledgeArticle(hit.article), snippet: hit.snippet }
    }
}

/// Loaders of what belongs to a visible article, read whole for the desk or for all.
macro_rules! article_loader {
    ($(#[$doc:meta])* $name:ident, $value:ty, |$db:ident, $caller:ident, $keys:ident| $fetch:expr) => {
        $(#[$doc])*
        pub struct $name {
            db: Db,
            caller: Option<Principal>,
        }

        impl RequestLoader for $name {
            fn new(app: &AppContext, caller: Option<&Principal>) -> Self {
                Self { db: app.db.clone(), caller: caller.cloned() }
            }
        }

        impl Loader<Seen<kb_article::Model>> for $name {
            type Value = $value;
            type Error = async_graphql::Error;

            async fn load(&self, $keys: &[Seen<kb_article::Model>]) -> Result<HashMap<Seen<kb_article::Model>, Self::Value>, Self::Error> {
                let $db = &self.db.read;
                let Some($caller) = &self.caller else { return Ok(HashMap::new()) };
                let mut found: HashMap<uuid::Uuid, $value> = $fetch;
                Ok($keys.iter().filter_map(|key| found.remove(&key.id()).map(|value| (*key, value))).collect())
            }
        }
    };
}

article_loader!(
    /// The published versions of each article.
    RevisionsOfArticle, Vec<Visible<kb_article_revision::Model>>, |db, _caller, keys| articles::revisions_of(db, keys).await?
);
article_loader!(
    /// The caller's vote on each article.
    MyVoteOnArticle, Visible<kb_article_vote::Model>, |db, caller, keys| match caller.user_id() {
        Some(voter) => feedback::my_votes(db, voter, keys).await?,
        None => HashMap::new(),
    }
);
article_loader!(
    /// The language variants of each translation group the caller reads (keyed by group).
    VariantsOfGroup, Vec<Visible<kb_article::Model>>, |db, caller, keys| {
        let scope = KnowledgeScope::of(caller)?;
        articles::variants_of(db, &scope, keys.iter().map(Seen::id)).await?
    }
);

/// The deflection figures of each article, at the request's time.
pub struct DeflectionOfArticle {
    app: AppContext,
}

impl RequestLoader for DeflectionOfArticle {
    fn new(app: &AppContext, _: Option<&Principal>) -> Self {
        Self { app: app.clone() }
    }
}

impl Loader<Seen<kb_article::Model>> for DeflectionOfArticle {
    type Value = Deflection;
    type Error = async_graphql::Error;

    async fn load(&self, keys: &[Seen<kb_article::Model>]) -> Result<HashMap<Seen<kb_article::Model>, Self::Value>, Self::Error> {
        let mut found = feedback::deflection_of(&self.app.db.read, keys, self.app.clock.now()).await?;
        Ok(keys.iter().filter_map(|key| found.remove(&key.id()).map(|value| (*key, value))).collect())
    }
}

/// The categories visible articles name.
pub struct KnowledgeCategoryById {
    db: Db,
}

impl RequestLoader for KnowledgeCategoryById {
    fn new(app: &AppContext, _: Option<&Principal>) -> Self {
        Self { db: app.db.clone() }
    }
}

impl Loader<Seen<kb_category::Model>> for KnowledgeCategoryById {
    type Value = Visible<kb_category::Model>;
    type Error = async_graphql::Error;

    async fn load(&self, keys: &[Seen<kb_category::Model>]) -> Result<HashMap<Seen<kb_category::Model>, Self::Value>, Self::Error> {
        Ok(Seen::index(keys, categories::by_ids(&self.db.read, keys.iter().map(Seen::id)).await?, |row| row.id))
    }
}

/// The products visible articles name.
pub struct KnowledgeProductById {
    db: Db,
}

impl RequestLoader for KnowledgeProductById {
    fn new(app: &AppContext, _: Option<&Principal>) -> Self {
        Self { db: app.db.clone() }
    }
}

impl Loader<Seen<product::Model>> for KnowledgeProductById {
    type Value = Visible<product::Model>;
    type Error = async_graphql::Error;

    async fn load(&self, keys: &[Seen<product::Model>]) -> Result<HashMap<Seen<product::Model>, Self::Value>, Self::Error> {
        Ok(Seen::index(keys, articles::products_by_ids(&self.db.read, keys.iter().map(Seen::id)).await?, |row| row.id))
    }
}

/// The articles linked to each visible ticket that the caller reads.
pub struct ArticlesOfTicket {
    db: Db,
    scope: Option<KnowledgeScope>,
}

impl RequestLoader for ArticlesOfTicket {
    fn new(app: &AppContext, caller: Option<&Principal>) -> Self {
        Self { db: app.db.clone(), scope: caller.and_then(|p| KnowledgeScope::of(p).ok()) }
    }
}

impl Loader<Seen<ticket::Model>> for ArticlesOfTicket {
    type Value = Vec<Visible<kb_article::Model>>;
    type Error = async_graphql::Error;

    async fn load(&self, keys: &[Seen<ticket::Model>]) -> Result<HashMap<Seen<ticket::Model>, Self::Value>, Self::Error> {
        let Some(scope) = &self.scope else { return Ok(HashMap::new()) };
        let mut by_ticket = links::articles_of_tickets(&self.db.read, scope, keys).await?;
        Ok(keys.iter().map(|key| (*key, by_ticket.remove(&key.id()).unwrap_or_default())).collect())
    }
}

/// The articles linked to a visible ticket that the caller reads (`Ticket.articles`).
pub async fn articles_of_ticket(ctx: &Context<'_>, key: Seen<ticket::Model>) -> Result<Vec<KnowledgeArticle>> {
    Ok(loader::<ArticlesOfTicket>(ctx)?.load_one(key).await?.unwrap_or_default().into_iter().map(KnowledgeArticle).collect())
}

connection!(KnowledgeArticleConnection, KnowledgeArticleEdge, KnowledgeArticle, kb_article::Entity, "knowledge articles");
payload!(KnowledgeArticlePayload, article, KnowledgeArticle, "Result of a knowledge article mutation.");
payload!(KnowledgeCategoryPayload, category, KnowledgeCategory, "Result of a knowledge category mutation.");

#[derive(Default)]
pub struct KnowledgeQuery;

#[Object]
impl KnowledgeQuery {
    /// Knowledge articles the caller reads, newest first: published ones by visibility
    /// (customers PUBLIC, partners and `service:read` keys PUBLIC and PARTNERS, staff all),
    /// and every state for the service desk.
    #[graphql(complexity = "page_cost(first, last, child_complexity)")]
    async fn knowledge_articles(
        &self,
        ctx: &Context<'_>,
        first: Option<i32>,
        after: Option<String>,
        last: Option<i32>,
        before: Option<String>,
        filter: Option<ArticleFilter>,
    ) -> Result<KnowledgeArticleConnection> {
        let page = PageRequest::from_relay(first, after, last, before)?;
        let (page, all) = articles::list(app(ctx)?, caller(ctx)?, &filter.unwrap_or_default(), &page).await?;
        Ok(KnowledgeArticleConnection::new(page, all, KnowledgeArticle))
    }

    /// A knowledge article the caller reads (NOT_FOUND otherwise, as for one that does not
    /// exist).
    async fn knowledge_article(&self, ctx: &Context<'_>, id: ID) -> Result<KnowledgeArticle> {
        let scope = KnowledgeScope::of(&caller(ctx)?.principal)?;
        let found = articles::find(&app(ctx)?.db.read, &scope, parse_id(&id, "id")?).await?;
        Ok(KnowledgeArticle(found.ok_or(AppError::NotFound("knowledge article"))?))
    }

    /// Published articles the caller reads that hold every word of `text` (in any form:
    /// `printing` finds `prints`; accents aside: `muller` finds `Müller`), best first: words in
    /// the title weigh more. At most `first` (1–50, default 10). When `asTyped`, the last word
    /// is still being typed and matches as a prefix.
    async fn knowledge_search(
        &self,
        ctx: &Context<'_>,
        text: String,
        filter: Option<ArticleSearchFilter>,
        #[graphql(default = 10, validator(minimum = 1, maximum = 50))] first: i32,
        #[graphql(default = false)] as_typed: bool,
    ) -> Result<Vec<KnowledgeHit>> {
        let limit = u64::try_from(first).unwrap_or(10);
        let hits = articles::search(app(ctx)?, caller(ctx)?, &text, &filter.unwrap_or_default(), Combine::All, as_typed, limit).await?;
        Ok(hits.into_iter().map(KnowledgeHit::from).collect())
    }

    /// Articles that may answer a ticket being written: published articles the caller reads
    /// holding any word of `text` (a subject as it is typed), those with the most words first.
    /// At most `first` (1–10, default 5).
    async fn knowledge_suggestions(
        &self,
        ctx: &Context<'_>,
        text: String,
        locale: Option<ArticleLocale>,
        #[graphql(default = 5, validator(minimum = 1, maximum = 10))] first: i32,
    ) -> Result<Vec<KnowledgeHit>> {
        let limit = u64::try_from(first).unwrap_or(5);
        let filter = ArticleSearchFilter { locale, ..Default::default() };
        let hits = articles::search(app(ctx)?, caller(ctx)?, &text, &filter, Combine::Any, true, limit).await?;
        Ok(hits.into_iter().map(KnowledgeHit::from).collect())
    }

    /// The knowledge base's categories, by name: whoever reads the knowledge base.
    async fn knowledge_categories(&self, ctx: &Context<'_>) -> Result<Vec<KnowledgeCategory>> {
        let scope = KnowledgeScope::of(&caller(ctx)?.principal)?;
        Ok(categories::list(&app(ctx)?.db.read, &scope).await?.into_iter().map(KnowledgeCategory).collect())
    }
}

#[derive(Default)]
pub struct KnowledgeMutation;

#[Object]
impl KnowledgeMutation {
    /// Writes a new draft, or a new language variant of an article (`translationOf`). The
    /// service desk.
    async fn create_knowledge_article(&self, ctx: &Context<'_>, input: CreateArticleInput) -> Result<KnowledgeArticlePayload> {
        Ok(KnowledgeArticlePayload { article: KnowledgeArticle(articles::create(app(ctx)?, caller(ctx)?, input).await?) })
    }

    /// Changes an article's working copy (readers see it once published again) and its facts
    /// (at once). The service desk.
    async fn update_knowledge_article(&self, ctx: &Context<'_>, input: UpdateArticleInput) -> Result<KnowledgeArticlePayload> {
        Ok(KnowledgeArticlePayload { article: KnowledgeArticle(articles::update(app(ctx)?, caller(ctx)?, input).await?) })
    }

    /// Publishes the working copy as the next version: readers read it, search finds it.
    /// Admins and service managers.
    async fn publish_knowledge_article(&self, ctx: &Context<'_>, input: ArticleStepInput) -> Result<KnowledgeArticlePayload> {
        Ok(KnowledgeArticlePayload { article: KnowledgeArticle(articles::publish(app(ctx)?, caller(ctx)?, input).await?) })
    }

    /// Withdraws an article from readers and search; publishing it again brings it back.
    /// Admins and service managers.
    async fn archive_knowledge_article(&self, ctx: &Context<'_>, input: ArticleStepInput) -> Result<KnowledgeArticlePayload> {
        Ok(KnowledgeArticlePayload { article: KnowledgeArticle(articles::archive(app(ctx)?, caller(ctx)?, input).await?) })
    }

    /// Drafts an article from a ticket: its subject as the title, the customer's first
    /// message as the question and the desk's last reply as the resolution; linked to the
    /// ticket, INTERNAL until someone chooses its readers. The service desk.
    async fn draft_article_from_ticket(&self, ctx: &Context<'_>, input: DraftFromTicketInput) -> Result<KnowledgeArticlePayload> {
        Ok(KnowledgeArticlePayload { article: KnowledgeArticle(articles::draft_from_ticket(app(ctx)?, caller(ctx)?, input).await?) })
    }

    /// Says whether a published article helped, with an optional comment for the desk; a
    /// reader's new vote replaces the old one. People only (not API keys).
    async fn vote_knowledge_article(&self, ctx: &Context<'_>, input: VoteArticleInput) -> Result<KnowledgeArticlePayload> {
        Ok(KnowledgeArticlePayload { article: KnowledgeArticle(feedback::vote(app(ctx)?, caller(ctx)?, input).await?) })
    }

    /// Records that the caller opened a published article from a suggestion or a search (the
    /// deflection figures count it once per 30 minutes). People only.
    async fn record_article_opened(&self, ctx: &Context<'_>, input: ArticleOpenedInput) -> Result<KnowledgeArticlePayload> {
        Ok(KnowledgeArticlePayload { article: KnowledgeArticle(feedback::record_open(app(ctx)?, caller(ctx)?, input).await?) })
    }

    /// Links an article to a ticket (the service desk); linking twice changes nothing.
    async fn link_ticket_article(&self, ctx: &Context<'_>, input: TicketArticleInput) -> Result<crate::service::TicketPayload> {
        Ok(crate::service::TicketPayload { ticket: Ticket::from(links::link(app(ctx)?, caller(ctx)?, input).await?) })
    }

    /// Removes an article's link to a ticket (the service desk).
    async fn unlink_ticket_article(&self, ctx: &Context<'_>, input: TicketArticleInput) -> Result<crate::service::TicketPayload> {
        Ok(crate::service::TicketPayload { ticket: Ticket::from(links::unlink(app(ctx)?, caller(ctx)?, input).await?) })
    }

    /// Adds a category (admins, service managers).
    async fn create_knowledge_category(&self, ctx: &Context<'_>, input: CreateKnowledgeCategoryInput) -> Result<KnowledgeCategoryPayload> {
        Ok(KnowledgeCategoryPayload { category: KnowledgeCategory(categories::create(app(ctx)?, caller(ctx)?, input).await?) })
    }

    /// Renames a category (admins, service managers).
    async fn rename_knowledge_category(&self, ctx: &Context<'_>, input: RenameKnowledgeCategoryInput) -> Result<KnowledgeCategoryPayload> {
        Ok(KnowledgeCategoryPayload { category: KnowledgeCategory(categories::rename(app(ctx)?, caller(ctx)?, input).await?) })
    }
}

crate::node_lookup!("kb_articles", |db, principal, ids| {
    use crate::node::Node;
    let Ok(scope) = KnowledgeScope::of(principal) else { return Ok(Vec::new()) };
    Ok(articles::articles_by_ids(db, &scope, ids).await?.into_iter().map(|r| (r.id, Node::KnowledgeArticle(KnowledgeArticle(r)))).collect())
});
