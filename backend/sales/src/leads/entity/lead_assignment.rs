use sea_orm::entity::prelude::*;

/// One (re)assignment of a lead: to whom, by which rule (none when by hand), when, by whom.
/// Never changed once written.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "lead_assignments")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub lead_id: Uuid,
    pub owner_id: Option<Uuid>,
    pub partner_id: Option<Uuid>,
    pub rule_id: Option<Uuid>,
    pub assigned_at: DateTimeUtc,
    pub actor_label: String,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
