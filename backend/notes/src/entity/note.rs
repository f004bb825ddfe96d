use crate::domain::NoteSubject;
use sea_orm::entity::prelude::*;

/// A note about one record.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "notes")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub subject_type: NoteSubject,
    pub subject_id: Uuid,
    /// The customer the subject belongs to (none for a lead).
    pub customer_id: Option<Uuid>,
    pub author_id: Uuid,
    /// Markdown, as written.
    pub body: String,
    pub pinned: bool,
    /// Whether partner users who see the record see the note (theirs always are).
    pub shared_with_partner: bool,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
    pub archived_at: Option<DateTimeUtc>,
    pub version: i32,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
