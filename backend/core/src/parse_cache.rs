//! Parsed documents, kept across requests.
//!
//! Clients send the same few documents over and over (the app's operations, an integration's
//! queries), and parsing one is a tenth of a simple request's time (measured with `perf` on the
//! customer 360: the pest parser and the depth check over it, 7.6 % of the server's CPU). This
//! extension keeps the documents that parsed and passed the checks that run at parse time
//! (syntax, recursion limit, [`crate::depth::DepthLimit`]), keyed by their exact text, and
//! hands a copy to the next request with that text. Validation against the schema, complexity
//! and authorization still run on every request: they depend on the variables and the caller.
//!
//! The cache is bounded by the total length of the texts it holds (the parsed form is about
//! ten to twenty times that), least recently used first out; a document longer than a quarter
//! of the budget is never kept, so no single client can flush it with one request.

use std::sync::{Arc, Mutex, PoisonError};

use async_graphql::extensions::{Extension, ExtensionContext, ExtensionFactory, NextParseQuery};
use async_graphql::parser::types::ExecutableDocument;
use async_graphql::{ServerResult, Variables};
use lru::LruCache;

/// Keeps parsed documents up to `budget` bytes of query text (see the module's documentation).
/// Register it before the extensions whose parse-time checks it should remember.
#[derive(Clone)]
pub struct ParseCache {
    shared: Arc<Mutex<Documents>>,
}

struct Documents {
    /// Shared, so a hit copies the document after the lock is released.
    entries: LruCache<Arc<str>, Arc<ExecutableDocument>>,
    /// Total length of the texts in `entries`.
    bytes: usize,
    budget: usize,
}

impl ParseCache {
    /// The server's budget: 4 MiB of query text.
    pub const DEFAULT_BUDGET: usize = 4 << 20;

    pub fn new(budget: usize) -> Self {
        let entries = LruCache::unbounded();
        Self { shared: Arc::new(Mutex::new(Documents { entries, bytes: 0, budget })) }
    }

    fn get(&self, query: &str) -> Option<ExecutableDocument> {
        let shared = self.lock().entries.get(query).cloned()?;
        Some(ExecutableDocument::clone(&shared))
    }

    fn put(&self, query: &str, document: &ExecutableDocument) {
        let mut documents = self.lock();
        if query.len() > documents.budget / 4 || documents.entries.contains(query) {
            return;
        }
        while documents.bytes + query.len() > documents.budget {
            match documents.entries.pop_lru() {
                Some((old, _)) => documents.bytes -= old.len(),
                None => break,
            }
        }
        documents.bytes += query.len();
        documents.entries.put(Arc::from(query), Arc::new(document.clone()));
    }

    /// Documents held now.
    #[cfg(test)]
    fn len(&self) -> usize {
        self.lock().entries.len()
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Documents> {
        // Every change leaves the map and the byte count consistent before it can panic.
        self.shared.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

impl Default for ParseCache {
    fn default() -> Self {
        Self::new(Self::DEFAULT_BUDGET)
    }
}

impl ExtensionFactory for ParseCache {
    fn create(&self) -> Arc<dyn Extension> {
        Arc::new(self.clone())
    }
}

#[async_graphql::async_trait::async_trait]
impl Extension for ParseCache {
    async fn parse_query(
        &self,
        ctx: &ExtensionContext<'_>,
        query: &str,
        variables: &Variables,
        next: NextParseQuery<'_>,
    ) -> ServerResult<ExecutableDocument> {
        if let Some(document) = self.get(query) {
            return Ok(document);
        }
        let document = next.run(ctx, query, variables).await?;
        self.put(query, &document);
        Ok(document)
    }
}

#[cfg(test)]
#[allow(clippy::expect_used)]
mod tests {
    use super::*;

    fn parse(query: &str) -> ExecutableDocument {
        async_graphql::parser::parse_query(query).expect("valid document")
    }

    #[test]
    fn keeps_documents_within_the_budget_least_recently_used_out() {
        let cache = ParseCache::new(40);
        let [a, b, c, d, e] = ["{ aaaaaa }", "{ bbbbbb }", "{ cccccc }", "{ dddddd }", "{ eeeeee }"];
        for query in [a, b, c, d] {
            cache.put(query, &parse(query));
        }
        assert_eq!(cache.len(), 4, "40 bytes: the whole budget");
        assert!(cache.get(a).is_some(), "a is now the most recently used");
        cache.put(e, &parse(e));
        assert!(cache.get(b).is_none(), "the least recently used made room");
        assert!([a, c, d, e].iter().all(|q| cache.get(q).is_some()));
        assert_eq!(cache.lock().bytes, 40);
        let long = "{ l1 l2 l3 }";
        cache.put(long, &parse(long));
        assert!(cache.get(long).is_none(), "longer than a quarter of the budget: not kept");
        assert_eq!(cache.len(), 4);
    }

    #[tokio::test]
    async fn a_cached_document_answers_like_a_parsed_one() {
        use async_graphql::{EmptyMutation, EmptySubscription, Object, Schema};
        struct Query;
        #[Object]
        impl Query {
            async fn answer(&self) -> i32 {
                42
            }
        }
        let cache = ParseCache::new(1 << 20);
        let schema = Schema::build(Query, EmptyMutation, EmptySubscription).extension(cache.clone()).finish();
        for _ in 0..2 {
            let response = schema.execute("{ answer }").await;
            assert!(response.errors.is_empty(), "{:?}", response.errors);
            assert_eq!(response.data.to_string(), "{answer: 42}");
        }
        assert_eq!(cache.len(), 1);
        let broken = schema.execute("{ answer").await;
        assert!(!broken.errors.is_empty());
        assert_eq!(cache.len(), 1, "a document that does not parse is not kept");
    }
}
