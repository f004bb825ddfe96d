//! DataLoaders of the customers domain: one statement per batch, whatever the page size.
//! Each holds the caller's scope, so batched reads are scoped like direct ones.

use crate::request::RequestLoader;
use async_graphql::dataloader::Loader;
use crm_core::context::AppContext;
use crm_core::db::Db;
use crm_core::error::AppError;
use crm_core::principal::Principal;
use crm_core::visible::Visible;
use crm_customers::access::CustomerScope;
use crm_customers::entity::{contact, customer};
use crm_customers::repo;
use std::collections::HashMap;
use uuid::Uuid;

fn no_scope() -> async_graphql::Error {
    AppError::Forbidden("read customers").into()
}

/// Active contacts of customers, keyed by customer id.
pub struct ContactsByCustomer {
    db: Db,
    scope: Option<CustomerScope>,
}

impl RequestLoader for ContactsByCustomer {
    fn new(app: &AppContext, caller: Option<&Principal>) -> Self {
        Self { db: app.db.clone(), scope: caller.and_then(|p| CustomerScope::of(p).ok()) }
    }
}

impl Loader<Uuid> for ContactsByCustomer {
    type Value = Vec<Visible<contact::Model>>;
    type Error = async_graphql::Error;

    async fn load(&self, keys: &[Uuid]) -> Result<HashMap<Uuid, Self::Value>, Self::Error> {
        let scope = self.scope.as_ref().ok_or_else(no_scope)?;
        let rows = repo::contacts_of_customers(&self.db.read, scope, keys, false).await?;
        let mut map: HashMap<Uuid, Vec<Visible<contact::Model>>> = HashMap::with_capacity(keys.len());
        for row in rows {
            map.entry(row.customer_id).or_default().push(row);
        }
        Ok(map)
    }
}

/// Visible customers by id.
pub struct CustomerById {
    db: Db,
    scope: Option<CustomerScope>,
}

impl RequestLoader for CustomerById {
    fn new(app: &AppContext, caller: Option<&Principal>) -> Self {
        Self { db: app.db.clone(), scope: caller.and_then(|p| CustomerScope::of(p).ok()) }
    }
}

impl Loader<Uuid> for CustomerById {
    type Value = Visible<customer::Model>;
    type Error = async_graphql::Error;

    async fn load(&self, keys: &[Uuid]) -> Result<HashMap<Uuid, Self::Value>, Self::Error> {
        let scope = self.scope.as_ref().ok_or_else(no_scope)?;
        let rows = repo::customers_by_ids(&self.db.read, scope, keys).await?;
        Ok(rows.into_iter().map(|row| (row.id, row)).collect())
    }
}
