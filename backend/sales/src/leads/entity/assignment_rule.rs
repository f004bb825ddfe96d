use crate::leads::domain::AssignmentTarget;
use crate::pipeline::domain::LeadSource;
use sea_orm::entity::prelude::*;

/// Routes matching leads (by country, region and source; an empty criterion matches all) to
/// a team in turn, a salesperson or a partner organisation. Rules are tried by position.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "assignment_rules")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub name: String,
    pub position: i32,
    pub active: bool,
    pub country_code: Option<String>,
    pub region: Option<String>,
    pub source: Option<LeadSource>,
    pub target: AssignmentTarget,
    pub sales_team_id: Option<Uuid>,
    pub user_id: Option<Uuid>,
    pub partner_id: Option<Uuid>,
    /// Leads dealt round-robin so far.
    pub counter: i64,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
    pub version: i32,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
