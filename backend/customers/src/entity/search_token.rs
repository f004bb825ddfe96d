use sea_orm::entity::prelude::*;

/// One searchable token of a customer (`contact_id` null) or of one of its contacts; see
/// `customers::search`. Rows are rewritten with their record; the table has no key (a token
/// may repeat), the entity names one only because SeaORM requires it.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "search_tokens")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub token: String,
    #[sea_orm(primary_key, auto_increment = false)]
    pub customer_id: Uuid,
    pub contact_id: Option<Uuid>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
