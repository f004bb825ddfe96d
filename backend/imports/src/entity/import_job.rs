use crm_contract::imports::{ImportKind, ImportStatus};
use sea_orm::entity::prelude::*;

/// A bulk import: what it reads, how, who asked, and its checkpoint (`rows_read` data rows
/// read and committed with their results, the counts so far).
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "import_jobs")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub kind: ImportKind,
    pub status: ImportStatus,
    /// A dry run writes nothing but its report.
    pub dry_run: bool,
    /// `ImportMatch` as the API spells it.
    pub on_match: String,
    /// The file; cleared when the job ends (the file is deleted with its last job).
    pub file_id: Option<Uuid>,
    pub file_name: String,
    pub file_size: i64,
    pub file_sha256: String,
    /// The column → field mapping, `[{"column": 0, "field": "NAME"}, …]`.
    pub mapping: Json,
    pub default_country: Option<String>,
    pub default_currency: Option<String>,
    /// Who started it (a user or an API key), as the audit log names them.
    pub actor_id: Option<Uuid>,
    pub actor_label: String,
    pub actor_kind: String,
    pub rows_read: i64,
    /// How far into the file the committed rows reach: the progress bar and the ETA.
    pub bytes_read: i64,
    pub created: i64,
    pub updated: i64,
    pub skipped: i64,
    pub refused: i64,
    pub cancel_requested: bool,
    /// The worker holding the job holds it until then; a lease run out means its server
    /// stopped, and any server takes the job on from its checkpoint.
    pub leased_until: Option<DateTimeUtc>,
    /// Why the file could not be read to its end (FAILED).
    pub error: Option<String>,
    pub created_at: DateTimeUtc,
    pub started_at: Option<DateTimeUtc>,
    pub finished_at: Option<DateTimeUtc>,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
