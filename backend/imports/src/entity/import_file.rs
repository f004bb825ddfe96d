use sea_orm::entity::prelude::*;

/// An uploaded file, kept (in chunks) until the jobs that read it are over.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "import_files")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    /// The name the uploader gave it.
    pub name: String,
    pub size: i64,
    /// SHA-256 of the whole file, hex; set when the upload completes.
    pub sha256: Option<String>,
    /// The user or API key that uploaded it: the only one who may import it.
    pub actor_id: Option<Uuid>,
    /// `false` while the upload is under way (or was broken off).
    pub complete: bool,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
