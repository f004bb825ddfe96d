//! The knowledge base's tables (the full-text index, `kb_article_search`, is written by
//! `crate::search` in each database's own SQL).

pub mod kb_article;
pub mod kb_article_open;
pub mod kb_article_revision;
pub mod kb_article_vote;
pub mod kb_category;
pub mod kb_ticket_article;

use crm_core::audit::Subject;

crm_core::versioned!(kb_article, "knowledge article", |row| Subject::KnowledgeArticle(row.id));
crm_core::versioned!(kb_category, "knowledge category", |row| Subject::KnowledgeCategory(row.id));
