use crate::domain::ArticleOpenSource;
use sea_orm::entity::prelude::*;

/// A reader opened an article from a suggestion or a search: the raw fact behind the
/// deflection figures.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "kb_article_opens")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub article_id: Uuid,
    pub user_id: Uuid,
    pub source: ArticleOpenSource,
    pub opened_at: DateTimeUtc,
    /// Until when a ticket the reader opens counts against the article (30 minutes).
    pub deflection_ends_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
