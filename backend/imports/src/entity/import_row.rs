use crm_contract::imports::ImportOutcome;
use sea_orm::entity::prelude::*;

/// What became of one data row of a job's file (row 1 is the first after the header), and
/// the record it created or updated: the record's provenance.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "import_rows")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub job_id: Uuid,
    #[sea_orm(primary_key, auto_increment = false)]
    pub row: i64,
    pub outcome: ImportOutcome,
    /// The field at fault, as the API names it (`primaryContact.emails[0].address`, `name`).
    pub field: Option<String>,
    /// The API's refusal reason (`INVALID_EMAIL`), or `DUPLICATE`/`MATCHED_ARCHIVED`/… for a
    /// skipped row.
    pub reason: Option<String>,
    /// The reason's values (`extensions.params` of the API's refusal).
    pub params: Option<Json>,
    pub message: Option<String>,
    pub record_id: Option<Uuid>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
