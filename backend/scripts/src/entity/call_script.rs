use crate::domain::ArticleLocale;
use sea_orm::entity::prelude::*;

/// A call script: its working copy (`draft`, the tree as JSON) and which version is published.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "call_scripts")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub name: String,
    pub description: String,
    pub locale: ArticleLocale,
    /// Offered to customers as the self-service chatbot.
    pub self_service: bool,
    pub draft: String,
    pub published_number: Option<i32>,
    pub published_version_id: Option<Uuid>,
    pub created_by_id: Option<Uuid>,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
    pub version: i32,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
