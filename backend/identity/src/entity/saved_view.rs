use crate::domain::ViewList;
use sea_orm::entity::prelude::*;

/// A list's filters, search and sort under a name: the list's URL query string, without its
/// page. Private to its owner unless shared.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "saved_views")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub owner_id: Uuid,
    /// The owner's partner organisation (partner users): who a shared view is shared with.
    pub partner_id: Option<Uuid>,
    pub list: ViewList,
    pub name: String,
    /// Lower-cased name: one per owner and list, and the sort key.
    pub name_sort: String,
    pub query: String,
    pub shared: bool,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
    pub version: i32,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
