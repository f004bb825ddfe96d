//! Document numbers (quotes, orders): `Q-2026-00042`, gap-free per kind and year, drawn inside
//! the transaction that creates the document. The counter row is bumped with
//! `UPDATE … SET value = value + 1` (a row lock on PostgreSQL, the single writer on SQLite),
//! so two concurrent documents never share a number, and a rolled-back one gives its back.

// This module is the repository of its own tables (it has no separate `repo.rs`).
#![allow(clippy::disallowed_methods)]

use crate::error::AppResult;
use sea_orm::entity::prelude::*;
use sea_orm::sea_query::{Expr, OnConflict};
use sea_orm::{ConnectionTrait, Set};

pub mod document_counter {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "document_counters")]
    pub struct Model {
        /// Kind and year, e.g. `Q-2026`.
        #[sea_orm(primary_key, auto_increment = false)]
        pub name: String,
        pub value: i64,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

/// The next number of `prefix` in `year`: `{prefix}-{year}-{n:05}`.
pub async fn next_number(txn: &impl ConnectionTrait, prefix: &str, year: i32) -> AppResult<String> {
    let name = format!("{prefix}-{year}");
    document_counter::Entity::insert(document_counter::ActiveModel { name: Set(name.clone()), value: Set(0) })
        .on_conflict(OnConflict::column(document_counter::Column::Name).do_nothing().to_owned())
        .exec_without_returning(txn)
        .await?;
    document_counter::Entity::update_many()
        .col_expr(document_counter::Column::Value, Expr::col(document_counter::Column::Value).add(1))
        .filter(document_counter::Column::Name.eq(&name))
        .exec(txn)
        .await?;
    let value = document_counter::Entity::find_by_id(name.clone()).one(txn).await?.map(|c| c.value).unwrap_or(1);
    Ok(format!("{name}-{value:05}"))
}
