//! Inputs of the knowledge base's operations, shared by the API and the seeder.

use crate::domain::{ArticleLocale, ArticleOpenSource, ArticleStatus, ArticleVisibility};
use async_graphql::{InputObject, ID};

/// Input of createKnowledgeArticle: a new draft.
#[derive(InputObject, Debug, Clone)]
pub struct CreateArticleInput {
    /// Its language.
    pub locale: ArticleLocale,
    /// Title (1–200 characters).
    pub title: String,
    /// Body in Markdown (CommonMark; HTML is shown as text), at most 100,000 characters.
    pub body: String,
    /// Who will read it once published; none: the original's for a translation, else
    /// INTERNAL.
    pub visibility: Option<ArticleVisibility>,
    /// Its category.
    pub category_id: Option<ID>,
    /// The product it is about.
    pub product_id: Option<ID>,
    /// The product to offer a reader it helped; none: the next tier of `productId`'s family.
    pub offer_product_id: Option<ID>,
    /// Tags (each 1–40 characters, at most 10; stored in lower case).
    #[graphql(default)]
    pub tags: Vec<String>,
    /// An article this one translates: the new variant joins its group (one per language);
    /// category, product, offer and visibility come from it unless given.
    pub translation_of: Option<ID>,
}

/// Changes to an article's working copy and its facts. Title and body reach readers when the
/// article is published again; the other facts apply at once.
#[derive(InputObject, Debug, Clone)]
pub struct UpdateArticleInput {
    /// Id of the article.
    pub id: ID,
    /// The version the change is based on; a newer stored version is a CONFLICT.
    pub version: i32,
    /// New title.
    pub title: Option<String>,
    /// New body, in Markdown.
    pub body: Option<String>,
    /// New visibility.
    pub visibility: Option<ArticleVisibility>,
    /// New category; an empty id removes it.
    pub category_id: Option<ID>,
    /// New product; an empty id removes it.
    pub product_id: Option<ID>,
    /// New product to offer; an empty id removes it.
    pub offer_product_id: Option<ID>,
    /// The tags, replacing the old ones.
    pub tags: Option<Vec<String>>,
}

/// Input of publishKnowledgeArticle and archiveKnowledgeArticle.
#[derive(InputObject, Debug, Clone)]
pub struct ArticleStepInput {
    /// Id of the article.
    pub id: ID,
    /// The version the step is based on; a newer stored version is a CONFLICT.
    pub version: i32,
}

/// Input of voteKnowledgeArticle.
#[derive(InputObject, Debug, Clone)]
pub struct VoteArticleInput {
    /// Id of the (published) article.
    pub article_id: ID,
    /// Whether it helped.
    pub helpful: bool,
    /// What was missing or wrong (at most 1,000 characters); read by the service desk only.
    pub comment: Option<String>,
}

/// Input of recordArticleOpened.
#[derive(InputObject, Debug, Clone)]
pub struct ArticleOpenedInput {
    /// Id of the article opened.
    pub article_id: ID,
    /// Where the reader found it.
    pub source: ArticleOpenSource,
}

/// Input of linkTicketArticle and unlinkTicketArticle.
#[derive(InputObject, Debug, Clone)]
pub struct TicketArticleInput {
    /// Id of the ticket.
    pub ticket_id: ID,
    /// Id of the article.
    pub article_id: ID,
}

/// Input of draftArticleFromTicket.
#[derive(InputObject, Debug, Clone)]
pub struct DraftFromTicketInput {
    /// Id of the ticket whose question and resolution the draft starts from.
    pub ticket_id: ID,
    /// Its language (default EN).
    #[graphql(default_with = "ArticleLocale::En")]
    pub locale: ArticleLocale,
}

/// Which articles a list shows.
#[derive(InputObject, Debug, Clone, Default)]
pub struct ArticleFilter {
    /// Only these states (the service desk; others read published articles only).
    pub statuses: Option<Vec<ArticleStatus>>,
    /// Only this language.
    pub locale: Option<ArticleLocale>,
    /// Only this category.
    pub category_id: Option<ID>,
    /// Only articles about this product.
    pub product_id: Option<ID>,
    /// Only these visibilities.
    pub visibilities: Option<Vec<ArticleVisibility>>,
    /// Only articles with this tag.
    pub tag: Option<String>,
}

/// What a search looks in.
#[derive(InputObject, Debug, Clone, Default)]
pub struct ArticleSearchFilter {
    /// Only this language (its stemmer reads the search); none: every language.
    pub locale: Option<ArticleLocale>,
    /// Only this category.
    pub category_id: Option<ID>,
    /// Only articles about this product.
    pub product_id: Option<ID>,
}

/// Input of createKnowledgeCategory.
#[derive(InputObject, Debug, Clone)]
pub struct CreateKnowledgeCategoryInput {
    /// Unique name (1–100 characters).
    pub name: String,
}

/// Input of renameKnowledgeCategory.
#[derive(InputObject, Debug, Clone)]
pub struct RenameKnowledgeCategoryInput {
    /// Id of the category.
    pub id: ID,
    /// The version the change is based on.
    pub version: i32,
    /// New unique name.
    pub name: String,
}
