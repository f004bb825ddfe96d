//! API hardening: depth/complexity, page sizes, batches, body size, rate limit, and the SQL
//! statement count of a page, which must not grow with its size.

use crate::db_test;
use crate::helpers::{code, ok, spawn, Backend, TestApp};
use crm_identity::domain::StaffRole;
use serde_json::json;

async fn oversized_queries_are_refused(app: TestApp) {
    let admin = app.staff("admin@example.com", StaffRole::Admin).await;
    let t = Some(admin.token.as_str());
    let res = app.gql(t, "{ customers(first: 251) { totalCount } }", json!({})).await;
    assert_eq!(code(&res), "BAD_USER_INPUT");
    assert_eq!(res["errors"][0]["extensions"]["field"], "first");
    assert_eq!(res["errors"][0]["extensions"]["reason"], "OUT_OF_RANGE");
    assert_eq!(res["errors"][0]["extensions"]["params"], json!({"min": 1, "max": 250}));
    assert_eq!(code(&app.gql(t, "{ customers(first: 0) { totalCount } }", json!({})).await), "BAD_USER_INPUT");
    assert_eq!(code(&app.gql(t, "{ customers(first: 2, last: 2) { totalCount } }", json!({})).await), "BAD_USER_INPUT");
    // Too deep: customer → owner → customer → contacts → customer → owner …
    let deep = "{ customers { nodes { contacts { customer { contacts { customer { contacts { customer { contacts { customer { name } } } } } } } } } } }";
    assert_eq!(code(&app.gql(t, deep, json!({})).await), "QUERY_TOO_COMPLEX");
    // Too expensive: wide pages of wide pages.
    let wide = "{ a: customers(first: 250) { nodes { contacts { customer { contacts { id firstName lastName emails { address } phones { number } } } } } } }";
    assert_eq!(code(&app.gql(t, wide, json!({})).await), "QUERY_TOO_COMPLEX");
    // Syntax and unknown fields are BAD_USER_INPUT.
    let unknown_field = app.gql(t, "{ customers { nope } }", json!({})).await;
    assert_eq!(code(&unknown_field), "BAD_USER_INPUT");
    assert_eq!(unknown_field["errors"][0]["extensions"]["reason"], "INVALID_REQUEST");
    assert_eq!(code(&app.gql(t, "{ customers ", json!({})).await), "BAD_USER_INPUT");
    // Batches are capped.
    let one = json!({"query": "{ me { kind } }"});
    let ok_batch = app.post_json(t, &json!([one, one])).await.json::<serde_json::Value>().await.unwrap();
    assert_eq!(ok_batch.as_array().unwrap().len(), 2);
    let too_many = app.post_json(t, &serde_json::Value::Array(vec![one.clone(); 11])).await.json::<serde_json::Value>().await.unwrap();
    assert_eq!(code(&too_many), "BAD_USER_INPUT");
    assert_eq!(too_many["errors"][0]["extensions"]["reason"], "INVALID_REQUEST");
    // Bodies above the limit are refused before parsing.
    let huge = json!({"query": "{ me { kind } }", "variables": {"pad": "x".repeat(300 * 1024)}});
    assert_eq!(app.post_json(t, &huge).await.status(), 413);
    // Not JSON at all.
    let res = app.client.post(format!("{}/graphql", app.address)).body("hello").send().await.unwrap();
    assert_eq!(res.status(), 400);
}
db_test!(oversized_queries_are_refused);

async fn a_page_costs_the_same_number_of_statements_whatever_its_size(app: TestApp) {
    let admin = app.staff("admin@example.com", StaffRole::Admin).await;
    let partner = app.partner_org(&admin, "Partner").await;
    for i in 0..30 {
        let input = json!({"name": format!("Customer {i:02}"), "partnerId": partner, "primaryContact": {"firstName": "A", "lastName": format!("B{i}"), "emails": [{"address": format!("a{i}@b.it")}]}});
        let customer = app.customer(&admin, input).await;
        let q = "mutation($i: CreateContactInput!) { createContact(input: $i) { contact { id } } }";
        ok(&app
            .gql(Some(&admin.token), q, json!({"i": {"customerId": customer["id"], "firstName": "C", "lastName": format!("D{i}")}}))
            .await);
    }
    let page = "query($n: Int) { customers(first: $n) { totalCount nodes { name owner { email } partner { name } contacts { firstName emails { address } } } } }";
    let mut counts = Vec::new();
    for n in [2, 10, 30] {
        let before = app.db.statement_count();
        let res = app.gql(Some(&admin.token), page, json!({"n": n})).await;
        let after = app.db.statement_count();
        let nodes = ok(&res)["customers"]["nodes"].as_array().unwrap();
        assert_eq!(nodes.len(), n as usize);
        assert!(nodes.iter().all(|c| c["contacts"].as_array().unwrap().len() == 2 && c["partner"]["name"] == "Partner"));
        counts.push(after - before);
    }
    assert!(counts.windows(2).all(|w| w[0] == w[1]), "statements per page by size 2/10/30: {counts:?}");
    assert!(counts[0] <= 8, "auth + page + count + one per loader, got {}", counts[0]);
}
db_test!(a_page_costs_the_same_number_of_statements_whatever_its_size);

#[tokio::test]
async fn callers_over_their_rate_are_told_when_to_retry() {
    let app = spawn(Backend::Sqlite, |c| c.rate_limit_per_minute = 3).await;
    let admin = app.staff("admin@example.com", StaffRole::Admin).await;
    let query = json!({"query": "{ me { kind } }"});
    for _ in 0..3 {
        assert_eq!(app.post_json(Some(&admin.token), &query).await.status(), 200);
    }
    let limited = app.post_json(Some(&admin.token), &query).await;
    assert_eq!(limited.status(), 429);
    let retry_after: u64 = limited.headers()["retry-after"].to_str().unwrap().parse().unwrap();
    assert!((1..=60).contains(&retry_after), "{retry_after}");
    let body: serde_json::Value = limited.json().await.unwrap();
    assert_eq!(code(&body), "RATE_LIMITED");
    // Limits are per principal: another user is not affected.
    let other = app.staff("other@example.com", StaffRole::Analyst).await;
    assert_eq!(app.post_json(Some(&other.token), &query).await.status(), 200);
}

#[tokio::test]
async fn probes_and_metrics_answer() {
    let app = spawn(Backend::Sqlite, |_| {}).await;
    let get = |path: &str| app.client.get(format!("{}{path}", app.address)).send();
    assert_eq!(get("/healthz").await.unwrap().status(), 200);
    assert_eq!(get("/readyz").await.unwrap().status(), 200);
    app.post_json(None, &json!({"query": "query Probe { me { kind } }", "operationName": "Probe"})).await;
    let metrics = get("/metrics").await.unwrap().text().await.unwrap();
    assert!(metrics.contains("crm_graphql_requests_total"), "{metrics}");
    assert!(metrics.contains("operation=\"Probe\""), "{metrics}");
    assert!(metrics.contains("crm_graphql_request_duration_seconds"));
    // The explorer is served in development: its page when the app is built, else the hint.
    let page = get("/graphql").await.unwrap();
    let status = page.status().as_u16();
    let text = page.text().await.unwrap();
    assert!(
        (status == 200 && text.contains("CRM GraphQL explorer")) || (status == 503 && text.contains("cargo xtask app")),
        "{status}: {text}"
    );
}

/// The introspection query every standard tool sends (graphql-js 16.15's
/// `getIntrospectionQuery()`, verbatim in `introspection_query.graphql`) passes every limit,
/// anonymous and signed in; nesting that costs something is still refused, introspection
/// included.
async fn the_standard_introspection_query_passes_the_limits(app: TestApp) {
    let query = include_str!("introspection_query.graphql");
    let admin = app.staff("admin@example.com", StaffRole::Admin).await;
    for token in [None, Some(admin.token.as_str())] {
        let res = app.gql(token, query, json!({})).await;
        assert!(res["errors"].is_null(), "{res}");
        let types = res["data"]["__schema"]["types"].as_array().unwrap();
        assert!(types.iter().any(|t| t["name"] == "Customer"), "no Customer type among {} types", types.len());
        assert_eq!(res["data"]["__schema"]["queryType"]["name"], "QueryRoot");
    }
    // Types' fields' types' fields…: depth that introspection does not need.
    let nested = "{ __schema { types { fields { type { fields { type { fields { type { fields { type { fields { type { name } } } } } } } } } } } } }";
    assert_eq!(code(&app.gql(None, nested, json!({})).await), "QUERY_TOO_COMPLEX");
    // A document nested past the parser's recursion limit, even in a free ofType chain.
    let chain = format!("{{ __type(name: \"Customer\") {{ {} name {} }} }}", "ofType {".repeat(40), "}".repeat(40));
    assert_eq!(code(&app.gql(None, &chain, json!({})).await), "QUERY_TOO_COMPLEX");
}
db_test!(the_standard_introspection_query_passes_the_limits);

#[tokio::test]
async fn production_hides_the_explorer_and_introspection() {
    let app = spawn(Backend::Sqlite, |c| {
        c.graphiql = false;
        c.introspection = false;
    })
    .await;
    assert_eq!(app.client.get(format!("{}/graphql", app.address)).send().await.unwrap().status(), 404);
    let admin = app.staff("admin@example.com", StaffRole::Admin).await;
    let res = app.gql(Some(&admin.token), "{ __schema { types { name } } }", json!({})).await;
    assert!(res["errors"].is_array() || res["data"]["__schema"].is_null(), "{res}");
}
