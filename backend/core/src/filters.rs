//! Typed filter inputs shared by every list (`api.md`: filters are typed input objects, never
//! free-form strings that reach the database unparsed).

use crate::error::{AppError, AppResult, InputReason};
use async_graphql::{InputObject, ID};
use chrono::{DateTime, Utc};
use sea_orm::sea_query::{Condition, Expr, Func, LikeExpr, SimpleExpr};
use sea_orm::ColumnTrait;
use uuid::Uuid;

/// Longest list accepted by an `in` filter.
pub const MAX_IN_LIST: usize = 100;

/// Defines `$name`, the filter of records whose `$ty` value is one of `in`
/// (`enum_filter!(LifecycleFilter, Lifecycle)`). Each domain declares the filters of its own
/// enums: a generic input type would have to list every domain's enums here.
#[macro_export]
macro_rules! enum_filter {
    ($name:ident, $ty:ty) => {
        /// Matches records whose value is one of `in`.
        #[derive(async_graphql::InputObject, Debug, Clone)]
        pub struct $name {
            /// One of these values.
            #[graphql(name = "in")]
            pub in_: Vec<$ty>,
        }

        impl $name {
            pub fn condition(
                &self,
                column: impl sea_orm::ColumnTrait,
                field: &str,
            ) -> $crate::error::AppResult<sea_orm::sea_query::SimpleExpr> {
                $crate::filters::one_of(&self.in_, column, field)
            }
        }
    };
}

crate::enum_filter!(UserKindFilter, crate::principal::UserKind);
crate::enum_filter!(StaffRoleFilter, crate::principal::StaffRole);

/// `column IN (values)`, with 1 to `MAX_IN_LIST` values.
pub fn one_of<T: Copy + Into<sea_orm::Value>>(values: &[T], column: impl ColumnTrait, field: &str) -> AppResult<SimpleExpr> {
    check_len(values.len(), field)?;
    Ok(column.is_in(values.iter().copied()))
}

/// Matches records whose text value is one of `in` (exact, case-sensitive as stored).
#[derive(InputObject, Debug, Clone)]
pub struct StringFilter {
    /// One of these values.
    #[graphql(name = "in")]
    pub in_: Vec<String>,
}

impl StringFilter {
    pub fn condition(&self, column: impl ColumnTrait, field: &str) -> AppResult<SimpleExpr> {
        check_len(self.in_.len(), field)?;
        Ok(column.is_in(self.in_.iter().map(|s| s.trim().to_owned())))
    }
}

/// Matches records that reference one of `in`, or (with `isNull`) none at all.
#[derive(InputObject, Debug, Clone, Default)]
pub struct IdFilter {
    /// One of these ids.
    #[graphql(name = "in")]
    pub in_: Option<Vec<ID>>,
    /// `true`: only records without a reference; `false`: only records with one.
    pub is_null: Option<bool>,
}

impl IdFilter {
    pub fn condition(&self, column: impl ColumnTrait + Copy, field: &str) -> AppResult<Condition> {
        let mut cond = Condition::all();
        if let Some(ids) = &self.in_ {
            check_len(ids.len(), field)?;
            let ids = ids.iter().map(|id| parse_id(id, field)).collect::<AppResult<Vec<_>>>()?;
            cond = cond.add(column.is_in(ids));
        }
        match self.is_null {
            Some(true) => cond = cond.add(column.is_null()),
            Some(false) => cond = cond.add(column.is_not_null()),
            None => {}
        }
        Ok(cond)
    }
}

/// A time range; bounds are inclusive.
#[derive(InputObject, Debug, Clone, Default)]
pub struct DateTimeFilter {
    /// At or after this instant.
    pub gte: Option<DateTime<Utc>>,
    /// At or before this instant.
    pub lte: Option<DateTime<Utc>>,
}

impl DateTimeFilter {
    pub fn condition(&self, column: impl ColumnTrait + Copy) -> Condition {
        let mut cond = Condition::all();
        if let Some(gte) = self.gte {
            cond = cond.add(column.gte(gte));
        }
        if let Some(lte) = self.lte {
            cond = cond.add(column.lte(lte));
        }
        cond
    }
}

/// Sort direction (`crm-contract`, shared with the browser app); `ASC` by default.
pub use crm_contract::filters::OrderDirection;

fn check_len(len: usize, field: &str) -> AppResult<()> {
    let reason = match len {
        0 => InputReason::Required,
        _ if len > MAX_IN_LIST => InputReason::TooMany { max: MAX_IN_LIST },
        _ => return Ok(()),
    };
    Err(AppError::invalid(field, reason.with_message(format!("`in` takes 1 to {MAX_IN_LIST} values"))))
}

/// Parses an API id (a UUID) or fails naming the input field.
pub fn parse_id(id: &ID, field: &str) -> AppResult<Uuid> {
    Uuid::parse_str(id.as_str()).map_err(|_| AppError::invalid(field, InputReason::InvalidId { value: id.to_string() }))
}

/// The text of a search box: trimmed, lower-cased, at most 100 characters; `None` if blank.
pub fn search_text(raw: Option<&str>) -> AppResult<Option<String>> {
    match raw.map(str::trim) {
        None | Some("") => Ok(None),
        Some(text) if text.chars().count() > 100 => {
            Err(AppError::invalid("search", InputReason::TooLong { max: 100 }.with_message("search text has at most 100 characters")))
        }
        Some(text) => Ok(Some(text.to_lowercase())),
    }
}

/// `LOWER(column) LIKE '%text%'` (text already lower-case) with the text's wildcards escaped.
pub fn contains(column: impl ColumnTrait, text: &str) -> SimpleExpr {
    Expr::expr(Func::lower(Expr::col((column.entity_name(), column)))).like(LikeExpr::new(format!("%{}%", escape_like(text))).escape('\\'))
}

fn escape_like(text: &str) -> String {
    text.replace('\\', "\\\\").replace('%', "\\%").replace('_', "\\_")
}
