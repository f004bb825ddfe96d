use crate::domain::{ArticleLocale, ArticleStatus, ArticleVisibility};
use sea_orm::entity::prelude::*;

/// One language variant of a knowledge article: its working copy (`title`, `body`) and the
/// version readers read (`published_*`).
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "kb_articles")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    /// The id of the group's first variant; the same article in other languages shares it.
    pub translation_group: Uuid,
    pub locale: ArticleLocale,
    pub category_id: Option<Uuid>,
    pub visibility: ArticleVisibility,
    pub status: ArticleStatus,
    /// The product it is about.
    pub product_id: Option<Uuid>,
    /// The product to offer a reader it helped (else the next tier of `product_id`).
    pub offer_product_id: Option<Uuid>,
    /// Lower-case tags, comma-separated.
    pub tags: String,
    pub title: String,
    pub body: String,
    pub published_revision: Option<i32>,
    pub published_title: Option<String>,
    pub published_body: Option<String>,
    pub published_at: Option<DateTimeUtc>,
    /// The ticket it was drafted from.
    pub source_ticket_id: Option<Uuid>,
    pub helpful_votes: i32,
    pub unhelpful_votes: i32,
    pub created_by_id: Option<Uuid>,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
    pub version: i32,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
