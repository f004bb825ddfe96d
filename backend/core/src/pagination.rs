//! Keyset pagination shared by every list of the API.
//!
//! A page is read with `WHERE (sort keys) > (cursor keys) ORDER BY sort keys LIMIT n + 1`;
//! the extra row says whether there is a next page. The last sort key is always the record's
//! id, so the order is total and a cursor stays valid while rows are inserted before it.
//! Cursors are opaque to clients: base64url JSON of the order's name and the key values.

use crate::error::{AppError, AppResult, InputReason};
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use chrono::{DateTime, Utc};
use sea_orm::sea_query::{Alias, Condition, Expr, IntoCondition, Order, Query, SimpleExpr};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect, QueryTrait, Select, Value};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

pub const DEFAULT_PAGE_SIZE: i32 = 50;
pub const MAX_PAGE_SIZE: i32 = 250;

/// What the client asked for, validated: how many rows, from where, in which direction.
#[derive(Debug, Clone)]
pub struct PageRequest {
    pub limit: u64,
    pub backward: bool,
    cursor: Option<Cursor>,
}

impl PageRequest {
    /// Validates Relay arguments: `first`/`last` in 1..=250 (default 50), not both at once.
    pub fn from_relay(first: Option<i32>, after: Option<String>, last: Option<i32>, before: Option<String>) -> AppResult<Self> {
        if first.is_some() && last.is_some() {
            return Err(AppError::invalid(
                "last",
                InputReason::MutuallyExclusive { with: "first".into() }.with_message("pass either `first` or `last`, not both"),
            ));
        }
        if after.is_some() && before.is_some() {
            return Err(AppError::invalid(
                "before",
                InputReason::MutuallyExclusive { with: "after".into() }.with_message("pass either `after` or `before`, not both"),
            ));
        }
        let backward = last.is_some() || before.is_some();
        let (field, size) = if backward { ("last", last) } else { ("first", first) };
        let size = size.unwrap_or(DEFAULT_PAGE_SIZE);
        if !(1..=MAX_PAGE_SIZE).contains(&size) {
            return Err(AppError::invalid(
                field,
                InputReason::OutOfRange { min: 1, max: MAX_PAGE_SIZE.into() }
                    .with_message(format!("`{field}` must be between 1 and {MAX_PAGE_SIZE}")),
            ));
        }
        let cursor = match if backward { before } else { after } {
            Some(raw) => Some(
                Cursor::decode(&raw)
                    .ok_or_else(|| AppError::invalid(if backward { "before" } else { "after" }, InputReason::InvalidCursor))?,
            ),
            None => None,
        };
        Ok(Self { limit: size as u64, backward, cursor })
    }

    pub fn first(limit: u64) -> Self {
        Self { limit, backward: false, cursor: None }
    }
}

#[derive(Debug, Clone, Serialize, Deserialize)]
struct Cursor {
    /// Name of the sort order the cursor was made for.
    o: String,
    /// The sort key values of the row, as text.
    k: Vec<String>,
}

impl Cursor {
    fn encode(&self) -> String {
        URL_SAFE_NO_PAD.encode(serde_json::to_vec(self).unwrap_or_default())
    }

    fn decode(raw: &str) -> Option<Self> {
        serde_json::from_slice(&URL_SAFE_NO_PAD.decode(raw).ok()?).ok()
    }
}

/// Type of a sort key, to turn its cursor text back into a typed SQL value.
#[derive(Debug, Clone, Copy)]
pub enum KeyKind {
    Text,
    Time,
    Id,
    /// A whole number (tiers, scaled amounts).
    Int,
    /// A calendar date (`YYYY-MM-DD`).
    Date,
}

/// One column of a sort order.
pub struct SortKey<C> {
    pub column: C,
    pub descending: bool,
    pub kind: KeyKind,
}

/// A total sort order over an entity, ending with its id.
pub trait Keyset<E: EntityTrait> {
    /// Stable name, stored in cursors so a cursor of another order is refused.
    fn name(&self) -> String;
    fn keys(&self) -> Vec<SortKey<E::Column>>;
    /// The key values of a row, in `keys()` order, as cursor text.
    fn values(&self, row: &E::Model) -> Vec<String>;
}

pub fn time_key(t: &DateTime<Utc>) -> String {
    t.to_rfc3339()
}

pub fn id_key(id: &Uuid) -> String {
    id.to_string()
}

/// A page of rows with the cursors of each.
pub struct Page<M> {
    pub rows: Vec<(String, M)>,
    pub has_next_page: bool,
    pub has_previous_page: bool,
}

impl<M> Page<M> {
    pub fn start_cursor(&self) -> Option<String> {
        self.rows.first().map(|(c, _)| c.clone())
    }

    pub fn end_cursor(&self) -> Option<String> {
        self.rows.last().map(|(c, _)| c.clone())
    }

    pub fn map<N>(self, f: impl FnMut(M) -> N) -> Page<N> {
        let mut f = f;
        Page {
            rows: self.rows.into_iter().map(|(c, m)| (c, f(m))).collect(),
            has_next_page: self.has_next_page,
            has_previous_page: self.has_previous_page,
        }
    }
}

/// Reads one page of `select` (already filtered and scoped) in `order`.
pub async fn fetch_page<E, K>(select: Select<E>, order: &K, page: &PageRequest, db: &impl ConnectionTrait) -> AppResult<Page<E::Model>>
where
    E: EntityTrait,
    K: Keyset<E>,
{
    let keys = order.keys();
    let mut select = select;
    if let Some(cursor) = &page.cursor {
        if cursor.o != order.name() || cursor.k.len() != keys.len() {
            return Err(AppError::invalid(
                if page.backward { "before" } else { "after" },
                InputReason::InvalidCursor.with_message("the cursor belongs to another sort order"),
            ));
        }
        let values = keys
            .iter()
            .zip(&cursor.k)
            .map(|(key, text)| parse_value(key.kind, text))
            .collect::<Option<Vec<_>>>()
            .ok_or_else(|| AppError::invalid("after", InputReason::InvalidCursor))?;
        select = select.filter(after_condition(&keys, &values, page.backward));
    }
    for key in &keys {
        // Reading backwards walks the order in reverse; rows are flipped back below.
        let order = if key.descending != page.backward { Order::Desc } else { Order::Asc };
        select = select.order_by(key.column, order);
    }
    let mut rows = select.limit(page.limit + 1).all(db).await?;
    let has_more = rows.len() as u64 > page.limit;
    rows.truncate(page.limit as usize);
    if page.backward {
        rows.reverse();
    }
    let name = order.name();
    let rows = rows.into_iter().map(|row| (Cursor { o: name.clone(), k: order.values(&row) }.encode(), row)).collect();
    let (has_next_page, has_previous_page) =
        if page.backward { (page.cursor.is_some(), has_more) } else { (has_more, page.cursor.is_some()) };
    Ok(Page { rows, has_next_page, has_previous_page })
}

/// The most a bounded count may count to.
pub const MAX_COUNT_LIMIT: u64 = 100_000;

/// How many rows `select` holds, counted up to `limit`, and whether more exist: what a list
/// shows as "10,000+". The database stops reading at `limit + 1` rows, so on a large list this
/// costs a fraction of an exact count (which must visit every match).
pub async fn count_up_to<E: EntityTrait>(select: Select<E>, limit: u64, db: &impl ConnectionTrait) -> AppResult<(u64, bool)> {
    if !(1..=MAX_COUNT_LIMIT).contains(&limit) {
        return Err(AppError::invalid("limit", InputReason::OutOfRange { min: 1, max: MAX_COUNT_LIMIT as i64 }));
    }
    let matches = select.select_only().expr(Expr::val(1)).limit(limit + 1).into_query();
    let count = Query::select().expr(Expr::cust("COUNT(*)")).from_subquery(matches, Alias::new("matches")).to_owned();
    let row = db.query_one(db.get_database_backend().build(&count)).await?;
    let counted = row.map(|row| row.try_get_by_index::<i64>(0)).transpose()?.unwrap_or(0).max(0) as u64;
    Ok((counted.min(limit), counted > limit))
}

fn parse_value(kind: KeyKind, text: &str) -> Option<Value> {
    Some(match kind {
        KeyKind::Text => Value::from(text.to_owned()),
        KeyKind::Time => Value::from(DateTime::parse_from_rfc3339(text).ok()?.with_timezone(&Utc)),
        KeyKind::Id => Value::from(Uuid::parse_str(text).ok()?),
        KeyKind::Int => Value::from(text.parse::<i64>().ok()?),
        KeyKind::Date => Value::from(chrono::NaiveDate::parse_from_str(text, "%Y-%m-%d").ok()?),
    })
}

/// Rows strictly after the cursor in the walking direction:
/// `k0 ≥ v0 AND (k0 > v0 OR (k0 = v0 AND k1 > v1) OR …)`. The redundant leading bound lets
/// both databases seek the index instead of scanning from its start.
fn after_condition<C: ColumnTrait>(keys: &[SortKey<C>], values: &[Value], backward: bool) -> Condition {
    let greater = |key: &SortKey<C>| key.descending == backward;
    let compare = |key: &SortKey<C>, value: &Value, strict: bool| -> SimpleExpr {
        let col = Expr::col((key.column.entity_name(), key.column));
        match (greater(key), strict) {
            (true, true) => col.gt(value.clone()),
            (true, false) => col.gte(value.clone()),
            (false, true) => col.lt(value.clone()),
            (false, false) => col.lte(value.clone()),
        }
    };
    let mut any = Condition::any();
    for i in 0..keys.len() {
        let mut all = Condition::all();
        for j in 0..i {
            all = all.add(Expr::col((keys[j].column.entity_name(), keys[j].column)).eq(values[j].clone()));
        }
        any = any.add(all.add(compare(&keys[i], &values[i], true)));
    }
    Condition::all().add(compare(&keys[0], &values[0], false)).add(any.into_condition())
}
