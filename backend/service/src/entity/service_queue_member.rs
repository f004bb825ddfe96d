use sea_orm::entity::prelude::*;

/// An agent's membership of a queue: they work its tickets, and routing hands them its new
/// ones.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "service_queue_members")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub queue_id: Uuid,
    #[sea_orm(primary_key, auto_increment = false)]
    pub user_id: Uuid,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
