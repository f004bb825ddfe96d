//! DataLoaders of records reached through another visible record by id (a quote's
//! opportunity, an order's quote, …), read with the caller's scope in one statement per
//! batch. A caller without the scope sees none of them: the field is null, as for a record
//! outside its scope.

use crate::access::customers::CustomerScope;
use crate::access::sales::{OpportunityScope, OrderScope, QuoteScope};
use crate::customers::entity::contact;
use crate::db::Db;
use crate::orders::entity::order;
use crate::pipeline::entity::opportunity;
use crate::quotes::entity::quote;
use async_graphql::dataloader::Loader;
use std::collections::HashMap;
use uuid::Uuid;

macro_rules! scoped_loader {
    ($(#[$doc:meta])* $name:ident, $scope:ty, $model:ty, |$row:ident| $key:expr, $fetch:path) => {
        $(#[$doc])*
        pub struct $name {
            pub db: Db,
            pub scope: Option<$scope>,
        }

        impl Loader<Uuid> for $name {
            type Value = $model;
            type Error = async_graphql::Error;

            async fn load(&self, keys: &[Uuid]) -> Result<HashMap<Uuid, Self::Value>, Self::Error> {
                let Some(scope) = &self.scope else { return Ok(HashMap::new()) };
                Ok($fetch(&self.db.read, scope, keys).await?.into_iter().map(|$row| ($key, $row)).collect())
            }
        }
    };
}

scoped_loader!(
    /// Visible opportunities by id.
    OpportunityById, OpportunityScope, opportunity::Model, |row| row.id, crate::pipeline::repo::opportunities_by_ids
);
scoped_loader!(
    /// Visible quotes by id.
    QuoteById, QuoteScope, quote::Model, |row| row.id, crate::quotes::repo::quotes_by_ids
);
scoped_loader!(
    /// Visible orders by id.
    OrderById, OrderScope, order::Model, |row| row.id, crate::orders::repo::orders_by_ids
);
scoped_loader!(
    /// Visible orders by the quote they were placed from.
    OrderByQuote, OrderScope, order::Model, |row| row.quote_id.unwrap_or_default(), crate::orders::repo::orders_by_quote_ids
);
scoped_loader!(
    /// Visible contacts by id.
    ContactById, CustomerScope, contact::Model, |row| row.id, crate::customers::repo::contacts_by_ids
);
