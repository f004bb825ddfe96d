use crate::domain::{StaffRole, UserKind};
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "users")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    /// Lower-cased; unique.
    pub email: String,
    pub password_hash: String,
    pub display_name: String,
    pub kind: UserKind,
    /// Set exactly when `kind` is STAFF.
    pub role: Option<StaffRole>,
    /// Set exactly when `kind` is PARTNER.
    pub partner_id: Option<Uuid>,
    /// Set exactly when `kind` is CUSTOMER.
    pub customer_id: Option<Uuid>,
    pub active: bool,
    /// The sales team of a staff user (reps read their team's opportunities).
    pub sales_team_id: Option<Uuid>,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
    pub version: i32,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    #[sea_orm(has_many = "crate::auth::entity::auth_session::Entity")]
    Sessions,
}

impl Related<crate::auth::entity::auth_session::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Sessions.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
