//! The query depth limit, measured so that the standard introspection query passes.
//!
//! async-graphql's own `limit_depth` counts every field. The introspection query that GraphiQL,
//! Apollo, code generators and graphql-js' `getIntrospectionQuery` send reaches depth 13 only
//! through `__Type.ofType` chains (`[Tag!]!` is three types deep; the query asks for eight
//! levels to be safe), so it was refused while nothing in it is expensive. Here an `ofType`
//! inside an introspection field (`__schema`, `__type`) adds no depth: the chain is bounded
//! by how deeply the schema wraps its types, and every level past that answers `null`.
//! Everything else counts as before, introspection included (`fields { type { fields … } } }`
//! nesting, the classic introspection abuse, still hits the limit); the parser's recursion
//! limit still bounds how long an `ofType` chain can be written.

use std::collections::HashMap;
use std::sync::Arc;

use async_graphql::extensions::{Extension, ExtensionContext, ExtensionFactory, NextParseQuery};
use async_graphql::parser::types::{ExecutableDocument, Selection, SelectionSet};
use async_graphql::{Name, ServerError, ServerResult, Variables};

/// Refuses operations nested deeper than its limit (see the module's documentation).
pub struct DepthLimit(pub usize);

impl ExtensionFactory for DepthLimit {
    fn create(&self) -> Arc<dyn Extension> {
        Arc::new(DepthCheck { limit: self.0 })
    }
}

struct DepthCheck {
    limit: usize,
}

#[async_graphql::async_trait::async_trait]
impl Extension for DepthCheck {
    async fn parse_query(
        &self,
        ctx: &ExtensionContext<'_>,
        query: &str,
        variables: &Variables,
        next: NextParseQuery<'_>,
    ) -> ServerResult<ExecutableDocument> {
        let document = next.run(ctx, query, variables).await?;
        // One measure for the document: a fragment several operations spread is walked once.
        let mut depths = Depths::new(&document);
        for (_, operation) in document.operations.iter() {
            let depth = depths.of(&operation.node.selection_set.node, false);
            if depth > self.limit {
                // "nested too deep": the wording the HTTP layer maps to QUERY_TOO_COMPLEX, as
                // it did async-graphql's own limit.
                return Err(ServerError::new(
                    format!("The query is nested too deep ({depth} levels, at most {})", self.limit),
                    Some(operation.pos),
                ));
            }
        }
        Ok(document)
    }
}

/// Depths of selection sets in one document; each fragment measured once.
struct Depths<'a> {
    document: &'a ExecutableDocument,
    /// Depth of each fragment's selection, by whether it is used inside introspection;
    /// `None` while it is being measured (a cycle, which validation refuses later).
    fragments: HashMap<(&'a Name, bool), Option<usize>>,
}

impl<'a> Depths<'a> {
    fn new(document: &'a ExecutableDocument) -> Self {
        Self { document, fragments: HashMap::new() }
    }

    /// How many fields deep `set` reaches; `introspection` when it is inside `__schema` or
    /// `__type`.
    fn of(&mut self, set: &'a SelectionSet, introspection: bool) -> usize {
        set.items.iter().map(|item| self.of_selection(&item.node, introspection)).max().unwrap_or(0)
    }

    fn of_selection(&mut self, selection: &'a Selection, introspection: bool) -> usize {
        match selection {
            Selection::Field(field) => {
                let name = field.node.name.node.as_str();
                let inside = introspection || name == "__schema" || name == "__type";
                let below = self.of(&field.node.selection_set.node, inside);
                if introspection && name == "ofType" {
                    below
                } else {
                    below + 1
                }
            }
            Selection::InlineFragment(fragment) => self.of(&fragment.node.selection_set.node, introspection),
            Selection::FragmentSpread(spread) => self.of_fragment(&spread.node.fragment_name.node, introspection),
        }
    }

    fn of_fragment(&mut self, name: &'a Name, introspection: bool) -> usize {
        if let Some(known) = self.fragments.get(&(name, introspection)) {
            return known.unwrap_or(0);
        }
        let Some(definition) = self.document.fragments.get(name) else {
            return 0; // an unknown fragment: validation refuses it
        };
        self.fragments.insert((name, introspection), None);
        let depth = self.of(&definition.node.selection_set.node, introspection);
        self.fragments.insert((name, introspection), Some(depth));
        depth
    }
}

#[cfg(test)]
#[allow(clippy::expect_used)]
mod tests {
    use super::*;
    use async_graphql::parser::parse_query;

    fn depth(query: &str) -> usize {
        let document = parse_query(query).expect("a valid query");
        let mut depths = Depths::new(&document);
        document.operations.iter().map(|(_, op)| depths.of(&op.node.selection_set.node, false)).max().unwrap_or(0)
    }

    #[test]
    fn counts_fields_through_fragments() {
        assert_eq!(depth("{ a { b { c } } }"), 3);
        assert_eq!(depth("{ a { ...F } } fragment F on T { b { c { d } } }"), 4);
        assert_eq!(depth("{ a { ... on T { b } } }"), 2);
    }

    #[test]
    fn of_type_chains_in_introspection_are_free() {
        assert_eq!(depth("{ __type(name: \"X\") { ofType { ofType { ofType { name } } } } }"), 2);
        assert_eq!(depth("{ __schema { types { ...T } } } fragment T on __Type { ofType { ofType { kind } } }"), 3);
        // Outside introspection, a field called ofType counts like any other.
        assert_eq!(depth("{ ofType { ofType { name } } }"), 3);
        // Nesting fields of types inside introspection counts.
        assert_eq!(depth("{ __schema { types { fields { type { fields { name } } } } } }"), 6);
    }

    #[test]
    fn survives_fragment_cycles_and_fan_out() {
        assert_eq!(depth("{ ...A } fragment A on Q { a { ...A } }"), 1);
        // Each fragment is measured once, however often it is spread.
        let fan = "{ ...A } fragment A on Q { x { ...B ...B ...B } } fragment B on Q { y { ...C ...C ...C } } fragment C on Q { z }";
        assert_eq!(depth(fan), 3);
    }
}
