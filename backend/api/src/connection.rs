//! Relay connections. `connection!` defines a `XConnection`/`XEdge` pair for a node type over a
//! keyset `Page`; `totalCount` and `countUpTo` run their COUNT only when a client asks for them.
//! A list that can be followed live names a field after the node type's (`live_position`):
//! the event log's position when the page was read, to subscribe after.

use async_graphql::SimpleObject;

/// Where a page sits in the whole list.
#[derive(SimpleObject, Debug, Clone)]
pub struct PageInfo {
    /// More items follow the last edge.
    pub has_next_page: bool,
    /// Items precede the first edge.
    pub has_previous_page: bool,
    /// Cursor of the first edge.
    pub start_cursor: Option<String>,
    /// Cursor of the last edge.
    pub end_cursor: Option<String>,
}

impl PageInfo {
    pub fn of<T>(page: &crm_core::pagination::Page<T>) -> Self {
        Self {
            has_next_page: page.has_next_page,
            has_previous_page: page.has_previous_page,
            start_cursor: page.start_cursor(),
            end_cursor: page.end_cursor(),
        }
    }
}

/// A count that stops at a limit: "10,000+" on a large list.
#[derive(SimpleObject, Debug, Clone, Copy)]
pub struct BoundedCount {
    /// The matches counted: all of them, or the limit when there are more.
    pub count: u64,
    /// Whether further matches exist beyond `count`.
    pub more: bool,
}

impl BoundedCount {
    pub fn of((count, more): (u64, bool)) -> Self {
        Self { count, more }
    }
}

/// Complexity of a paged list field: its page size times what each item costs.
pub fn page_cost(first: Option<i32>, last: Option<i32>, child: usize) -> usize {
    let size = first.or(last).unwrap_or(crm_core::pagination::DEFAULT_PAGE_SIZE).clamp(1, crm_core::pagination::MAX_PAGE_SIZE) as usize;
    size.saturating_mul(child).saturating_add(1)
}

#[macro_export]
macro_rules! connection {
    ($connection:ident, $edge:ident, $node:ty, $entity:ty, $what:literal $(, $live:ident)?) => {
        #[doc = concat!("A page of ", $what, ".")]
        pub struct $connection {
            pub page: ::crm_core::pagination::Page<$node>,
            pub all: sea_orm::Select<$entity>,
            $(
                /// The event log's position, taken before the page was read.
                pub $live: i64,
            )?
        }

        #[doc = concat!("One of ", $what, " with its cursor.")]
        #[derive(async_graphql::SimpleObject)]
        pub struct $edge {
            /// Opaque cursor of this item, for `after`/`before`.
            pub cursor: String,
            /// The item.
            pub node: $node,
        }

        #[doc = concat!("A page of ", $what, ".")]
        #[async_graphql::Object]
        impl $connection {
            /// The items with their cursors.
            async fn edges(&self) -> Vec<$edge> {
                self.page.rows.iter().map(|(cursor, node)| $edge { cursor: cursor.clone(), node: node.clone() }).collect()
            }

            /// The items.
            async fn nodes(&self) -> Vec<$node> {
                self.page.rows.iter().map(|(_, node)| node.clone()).collect()
            }

            /// Paging information.
            async fn page_info(&self) -> $crate::connection::PageInfo {
                $crate::connection::PageInfo::of(&self.page)
            }

            /// Number of items matching the filter, over all pages.
            async fn total_count(&self, ctx: &async_graphql::Context<'_>) -> async_graphql::Result<u64> {
                use sea_orm::PaginatorTrait;
                let app = $crate::app(ctx)?;
                Ok(self.all.clone().count(&app.db.read).await.map_err(::crm_core::error::AppError::from)?)
            }

            /// Number of items matching the filter, counted up to `limit` (1–100,000): on a large
            /// list a fraction of `totalCount`'s cost, which visits every match.
            async fn count_up_to(
                &self,
                ctx: &async_graphql::Context<'_>,
                #[graphql(default = 10000)] limit: i32,
            ) -> async_graphql::Result<$crate::connection::BoundedCount> {
                let app = $crate::app(ctx)?;
                let limit = u64::try_from(limit).unwrap_or(0);
                let counted = ::crm_core::pagination::count_up_to(self.all.clone(), limit, &app.db.read).await?;
                Ok($crate::connection::BoundedCount::of(counted))
            }

            $(
                /// The event log's position when this page was read: subscribe after it to
                /// receive every later change, none missed (what the page already holds may
                /// come again: it is the same record).
                async fn $live(&self) -> String {
                    $crate::live::position_text(self.$live)
                }
            )?
        }

        impl $connection {
            pub fn new<M>(page: ::crm_core::pagination::Page<M>, all: sea_orm::Select<$entity>, f: impl FnMut(M) -> $node) -> Self {
                Self { page: page.map(f), all, $( $live: 0, )? }
            }
        }
    };
}

/// Defines a mutation's payload: one object holding the record as saved.
#[macro_export]
macro_rules! payload {
    ($name:ident, $field:ident, $ty:ty, $doc:literal) => {
        #[doc = $doc]
        #[derive(async_graphql::SimpleObject)]
        pub struct $name {
            #[doc = concat!("The ", stringify!($field), " as saved.")]
            pub $field: $ty,
        }
    };
}

/// Lists sort by one field (then id); the list form leaves room for more keys later.
pub fn single_order<T: Copy>(order_by: Option<Vec<T>>, default: T) -> Result<T, crm_core::error::AppError> {
    use crm_core::error::{AppError, InputReason};
    match order_by.as_deref() {
        None | Some([]) => Ok(default),
        Some([one]) => Ok(*one),
        Some(_) => Err(AppError::invalid("orderBy", InputReason::TooMany { max: 1 }.with_message("sort by one field at a time"))),
    }
}
