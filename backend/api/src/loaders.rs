//! DataLoaders of records reached through another visible record by id (a quote's
//! opportunity, an order's quote, …), read with the caller's scope in one statement per
//! batch. A caller without the scope sees none of them: the field is null, as for a record
//! outside its scope.

use async_graphql::dataloader::Loader;
use crm_core::db::Db;
use crm_core::visible::Visible;
use crm_customers::access::CustomerScope;
use crm_customers::entity::contact;
use crm_sales::access::{LeadScope, OpportunityScope, OrderScope, QuoteScope};
use crm_sales::leads::entity::lead;
use crm_sales::orders::entity::order;
use crm_sales::pipeline::entity::opportunity;
use crm_sales::quotes::entity::quote;
use std::collections::HashMap;
use uuid::Uuid;

macro_rules! scoped_loader {
    ($(#[$doc:meta])* $name:ident, $scope:ty, $model:ty, |$row:ident| $key:expr, $fetch:path) => {
        $(#[$doc])*
        pub struct $name {
            pub db: Db,
            pub scope: Option<$scope>,
        }

        impl $crate::request::RequestLoader for $name {
            fn new(app: &crm_core::context::AppContext, caller: Option<&crm_core::principal::Principal>) -> Self {
                Self { db: app.db.clone(), scope: caller.and_then(|p| <$scope>::of(p).ok()) }
            }
        }

        impl Loader<Uuid> for $name {
            type Value = Visible<$model>;
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
    OpportunityById, OpportunityScope, opportunity::Model, |row| row.id, crm_sales::pipeline::repo::opportunities_by_ids
);
scoped_loader!(
    /// Visible quotes by id.
    QuoteById, QuoteScope, quote::Model, |row| row.id, crm_sales::quotes::repo::quotes_by_ids
);
scoped_loader!(
    /// Visible orders by id.
    OrderById, OrderScope, order::Model, |row| row.id, crm_sales::orders::repo::orders_by_ids
);
scoped_loader!(
    /// Visible orders by the quote they were placed from.
    OrderByQuote, OrderScope, order::Model, |row| row.quote_id.unwrap_or_default(), crm_sales::orders::repo::orders_by_quote_ids
);
scoped_loader!(
    /// Visible leads by id.
    LeadById, LeadScope, lead::Model, |row| row.id, crm_sales::leads::repo::leads_by_ids
);
scoped_loader!(
    /// Visible contacts by id.
    ContactById, CustomerScope, contact::Model, |row| row.id, crm_customers::repo::contacts_by_ids
);
scoped_loader!(
    /// Visible tickets by id (the ticket an article was drafted from).
    TicketById, crm_service::access::TicketScope, crm_service::entity::ticket::Model, |row| row.id, crm_service::tickets::tickets_by_ids
);
scoped_loader!(
    /// Visible call scripts by id (a run's script).
    ScriptById, crm_scripts::access::ScriptScope, crm_scripts::entity::call_script::Model, |row| row.id, crm_scripts::scripts::scripts_by_ids
);
scoped_loader!(
    /// Knowledge articles the caller reads, by id (a script's ARTICLE ends).
    ArticleById, crm_knowledge::access::KnowledgeScope, crm_knowledge::entity::kb_article::Model, |row| row.id, crm_knowledge::articles::articles_by_ids
);
