//! API-level end-to-end tests: the real `crm` binary (build it first with `cargo build -p crm`)
//! serving a freshly seeded SQLite database, driven over HTTP as the app and portals do.
//!
//! Every test starts its own server on its own database, so tests neither share state nor
//! depend on their order.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use anyhow::Context;
use e2e::{demo, error_code, Instance};
use serde_json::{json, Value};

/// Demo customers per test database: enough for owners, partners and searches to vary.
const CUSTOMERS: usize = 300;

async fn instance() -> Instance {
    Instance::seeded(CUSTOMERS, &[]).await.expect("seeded server")
}

/// The string at a JSON pointer, e.g. `/me/user/id`.
fn text(value: &Value, pointer: &str) -> String {
    match value.pointer(pointer) {
        Some(Value::String(s)) => s.clone(),
        other => panic!("expected a string at {pointer}, found {other:?} in {value}"),
    }
}

fn int(value: &Value, pointer: &str) -> i64 {
    value.pointer(pointer).and_then(Value::as_i64).unwrap_or_else(|| panic!("expected an integer at {pointer} in {value}"))
}

fn array<'a>(value: &'a Value, pointer: &str) -> &'a Vec<Value> {
    value.pointer(pointer).and_then(Value::as_array).unwrap_or_else(|| panic!("expected a list at {pointer} in {value}"))
}

const CUSTOMER_FIELDS: &str = "id name version industry owner { id } partner { id }
    contacts { id firstName lastName fullName emails { address } phones { number } }";

#[tokio::test]
async fn sales_rep_searches_opens_and_edits_an_own_customer() -> anyhow::Result<()> {
    let crm = instance().await;
    let token = crm.login(demo::SALES_REP).await?;
    let me = crm.client.data("{ me { kind roles user { id email } } }", json!({}), Some(&token)).await?;
    assert_eq!(text(&me, "/me/kind"), "STAFF");
    assert_eq!(me["me"]["roles"], json!(["SALES_REP"]));
    let my_id = text(&me, "/me/user/id");

    // The customers the rep owns; pick one with a contact.
    let owned = crm
        .client
        .data(
            &format!("query($me: ID!) {{ customers(first: 50, filter: {{ownerId: {{in: [$me]}}}}) {{ totalCount nodes {{ {CUSTOMER_FIELDS} }} }} }}"),
            json!({ "me": my_id }),
            Some(&token),
        )
        .await?;
    let nodes = array(&owned, "/customers/nodes");
    assert!(!nodes.is_empty(), "the demo sales rep owns no customers");
    assert!(nodes.iter().all(|c| c["owner"]["id"] == json!(my_id)), "ownerId filter returned others' customers: {owned}");
    let target = nodes.iter().find(|c| !array(c, "/contacts").is_empty()).context("no owned customer has contacts")?.clone();
    let id = text(&target, "/id");

    // Search by the customer's name finds it, and narrows the list.
    let all = crm.client.data("{ customers { totalCount } }", json!({}), Some(&token)).await?;
    let name = text(&target, "/name");
    let found = crm
        .client
        .data(
            "query($q: String!) { customers(first: 250, filter: {search: $q}) { totalCount nodes { id name } } }",
            json!({ "q": name }),
            Some(&token),
        )
        .await?;
    assert!(array(&found, "/customers/nodes").iter().any(|c| c["id"] == json!(id)), "search for {name:?} missed {id}: {found}");
    assert!(int(&found, "/customers/totalCount") < int(&all, "/customers/totalCount"), "search for {name:?} did not narrow the list");

    // Open it by customer(id) and node(id): the same record with the same contacts.
    let opened = crm
        .client
        .data(
            &format!("query($id: ID!) {{ customer(id: $id) {{ {CUSTOMER_FIELDS} }} node(id: $id) {{ id ... on Customer {{ {CUSTOMER_FIELDS} }} }} }}"),
            json!({ "id": id }),
            Some(&token),
        )
        .await?;
    assert_eq!(opened["customer"], target);
    assert_eq!(opened["node"], target);

    // Update with the version read, then read it back changed.
    let version = int(&target, "/version");
    let industry = format!("E2E industry {}", version + 1);
    let updated = crm
        .client
        .data(
            "mutation($input: UpdateCustomerInput!) { updateCustomer(input: $input) { customer { id industry version } } }",
            json!({ "input": { "id": id, "version": version, "industry": industry } }),
            Some(&token),
        )
        .await?;
    assert_eq!(updated["updateCustomer"]["customer"], json!({ "id": id, "industry": industry, "version": version + 1 }));
    let reread = crm.client.data("query($id: ID!) { customer(id: $id) { industry version } }", json!({ "id": id }), Some(&token)).await?;
    assert_eq!(reread["customer"], json!({ "industry": industry, "version": version + 1 }));
    Ok(())
}

#[tokio::test]
async fn sales_rep_cannot_edit_a_customer_owned_by_someone_else() -> anyhow::Result<()> {
    let crm = instance().await;
    let token = crm.login(demo::SALES_REP).await?;
    let me = crm.client.data("{ me { user { id } } }", json!({}), Some(&token)).await?;
    let my_id = text(&me, "/me/user/id");
    let page = crm.client.data("{ customers(first: 250) { nodes { id version industry owner { id } } } }", json!({}), Some(&token)).await?;
    let other = array(&page, "/customers/nodes")
        .iter()
        .find(|c| c["owner"]["id"] != json!(my_id))
        .context("every customer of the first page belongs to the rep")?
        .clone();
    let id = text(&other, "/id");
    let response = crm
        .client
        .post(
            "mutation($input: UpdateCustomerInput!) { updateCustomer(input: $input) { customer { id } } }",
            json!({ "input": { "id": id, "version": int(&other, "/version"), "industry": "Not mine" } }),
            Some(&token),
        )
        .await?;
    assert_eq!(error_code(&response), Some("FORBIDDEN"), "{response}");
    let reread = crm.client.data("query($id: ID!) { customer(id: $id) { version industry } }", json!({ "id": id }), Some(&token)).await?;
    assert_eq!(reread["customer"], json!({ "version": other["version"], "industry": other["industry"] }));
    Ok(())
}

#[tokio::test]
async fn stale_update_is_a_conflict_and_changes_nothing() -> anyhow::Result<()> {
    let crm = instance().await;
    let token = crm.login(demo::MANAGER).await?;
    let page = crm.client.data("{ customers(first: 1) { nodes { id version } } }", json!({}), Some(&token)).await?;
    let id = text(&page, "/customers/nodes/0/id");
    let version = int(&page, "/customers/nodes/0/version");
    let update = "mutation($input: UpdateCustomerInput!) { updateCustomer(input: $input) { customer { version industry } } }";

    let first =
        crm.client.data(update, json!({ "input": { "id": id, "version": version, "industry": "First writer" } }), Some(&token)).await?;
    assert_eq!(int(&first, "/updateCustomer/customer/version"), version + 1);
    // A second writer that read the same version loses, and says why.
    let stale =
        crm.client.post(update, json!({ "input": { "id": id, "version": version, "industry": "Second writer" } }), Some(&token)).await?;
    assert_eq!(error_code(&stale), Some("CONFLICT"), "{stale}");
    assert!(stale["data"].is_null(), "a failed mutation returned data: {stale}");

    let reread = crm.client.data("query($id: ID!) { customer(id: $id) { version industry } }", json!({ "id": id }), Some(&token)).await?;
    assert_eq!(reread["customer"], json!({ "version": version + 1, "industry": "First writer" }));
    Ok(())
}

#[tokio::test]
async fn partner_sees_only_customers_assigned_to_its_organisation() -> anyhow::Result<()> {
    let crm = instance().await;
    let token = crm.login(demo::PARTNER).await?;
    let me = crm.client.data("{ me { kind partnerOrganization { id } } }", json!({}), Some(&token)).await?;
    assert_eq!(text(&me, "/me/kind"), "PARTNER");
    let org = text(&me, "/me/partnerOrganization/id");

    let list = "query($filter: CustomerFilter) { customers(first: 250, filter: $filter) { totalCount nodes { id partner { id } } } }";
    let seen = crm.client.data(list, json!({}), Some(&token)).await?;
    let nodes = array(&seen, "/customers/nodes");
    assert!(!nodes.is_empty(), "the demo partner sees no customers");
    assert!(nodes.iter().all(|c| c["partner"]["id"] == json!(org)), "partner sees another organisation's customer: {seen}");

    // Exactly the customers staff see as assigned to the organisation.
    let admin = crm.login(demo::ADMIN).await?;
    let assigned = crm.client.data(list, json!({ "filter": { "partnerId": { "in": [org] } } }), Some(&admin)).await?;
    assert_eq!(seen["customers"]["totalCount"], assigned["customers"]["totalCount"]);
    let all = crm.client.data(list, json!({}), Some(&admin)).await?;
    let hidden = array(&all, "/customers/nodes")
        .iter()
        .find(|c| c["partner"]["id"] != json!(org))
        .context("every customer is assigned to the demo partner")?;
    let hidden_id = text(hidden, "/id");

    for query in ["query($id: ID!) { customer(id: $id) { id name } }", "query($id: ID!) { node(id: $id) { id } }"] {
        let response = crm.client.post(query, json!({ "id": hidden_id }), Some(&token)).await?;
        assert_eq!(error_code(&response), Some("NOT_FOUND"), "{query}: {response}");
        assert!(!response.to_string().contains("\"name\""), "leaked a field of a hidden customer: {response}");
    }
    let batch = crm
        .client
        .data("query($ids: [ID!]!) { nodes(ids: $ids) { id } }", json!({ "ids": [hidden_id, text(&nodes[0], "/id")] }), Some(&token))
        .await?;
    assert_eq!(batch["nodes"], json!([null, { "id": nodes[0]["id"] }]));
    Ok(())
}

#[tokio::test]
async fn customer_updates_its_own_consent_through_self_service() -> anyhow::Result<()> {
    let crm = instance().await;
    let token = crm.login(demo::CUSTOMER).await?;
    let me_query = "{ me { kind customer { id contacts { id version consents { channel status source } } } } }";
    let me = crm.client.data(me_query, json!({}), Some(&token)).await?;
    assert_eq!(text(&me, "/me/kind"), "CUSTOMER");
    let customer_id = text(&me, "/me/customer/id");
    let contact = array(&me, "/me/customer/contacts").first().context("the demo customer has no contact")?.clone();
    let contact_id = text(&contact, "/id");
    let version = int(&contact, "/version");
    let email = array(&contact, "/consents").iter().find(|c| c["channel"] == "EMAIL").context("no EMAIL consent entry")?;
    let status = if email["status"] == "GRANTED" { "WITHDRAWN" } else { "GRANTED" };

    // The client claims a web form; the server records self-service, the only truthful source.
    let saved = crm
        .client
        .data(
            "mutation($input: UpdateContactConsentInput!) { updateContactConsent(input: $input) {
                contact { id version consents { channel status source recordedAt } } } }",
            json!({ "input": { "contactId": contact_id, "version": version, "consents": [{ "channel": "EMAIL", "status": status, "source": "WEB_FORM" }] } }),
            Some(&token),
        )
        .await?;
    let saved_email = array(&saved, "/updateContactConsent/contact/consents")
        .iter()
        .find(|c| c["channel"] == "EMAIL")
        .context("no EMAIL consent")?
        .clone();
    assert_eq!(saved_email["status"], status);
    assert_eq!(saved_email["source"], "SELF_SERVICE");
    assert!(saved_email["recordedAt"].is_string(), "consent saved without a time: {saved}");
    assert_eq!(int(&saved, "/updateContactConsent/contact/version"), version + 1);

    // Read back through `me`: saved, other channels untouched.
    let after = crm.client.data(me_query, json!({}), Some(&token)).await?;
    let reread = array(&after, "/me/customer/contacts").iter().find(|c| c["id"] == json!(contact_id)).context("contact gone")?.clone();
    for consent in array(&reread, "/consents") {
        let before = array(&contact, "/consents").iter().find(|c| c["channel"] == consent["channel"]).context("channel appeared")?;
        if consent["channel"] == "EMAIL" {
            assert_eq!((&consent["status"], &consent["source"]), (&json!(status), &json!("SELF_SERVICE")));
        } else {
            assert_eq!(consent, before, "another channel changed");
        }
    }

    // The customer sees itself and nothing else.
    let visible = crm.client.data("{ customers { totalCount nodes { id } } }", json!({}), Some(&token)).await?;
    assert_eq!(visible["customers"], json!({ "totalCount": 1, "nodes": [{ "id": customer_id }] }));
    Ok(())
}

#[tokio::test]
async fn logout_ends_the_access_and_refresh_tokens_of_that_session_only() -> anyhow::Result<()> {
    let crm = instance().await;
    let session = crm.client.login_tokens(demo::ANALYST, demo::PASSWORD).await?;
    let other = crm.login(demo::ANALYST).await?;
    let me = "{ me { user { email } } }";
    let before = crm.client.data(me, json!({}), Some(&session.access)).await?;
    assert_eq!(text(&before, "/me/user/email"), demo::ANALYST);

    let out = crm.client.data("mutation { logout { success } }", json!({}), Some(&session.access)).await?;
    assert_eq!(out["logout"]["success"], true);

    let after = crm.client.post(me, json!({}), Some(&session.access)).await?;
    assert_eq!(error_code(&after), Some("UNAUTHENTICATED"), "access token still works after logout: {after}");
    let refresh =
        crm.client.post("mutation($t: String!) { refreshToken(token: $t) { accessToken } }", json!({ "t": session.refresh }), None).await?;
    assert_eq!(error_code(&refresh), Some("UNAUTHENTICATED"), "refresh token still works after logout: {refresh}");

    // The same user's other session is untouched.
    let still = crm.client.data(me, json!({}), Some(&other)).await?;
    assert_eq!(text(&still, "/me/user/email"), demo::ANALYST);
    Ok(())
}

#[tokio::test]
async fn health_readiness_and_metrics_endpoints_answer() -> anyhow::Result<()> {
    let crm = instance().await;
    assert_eq!(crm.client.get("/healthz").await?.0, 200);
    assert_eq!(crm.client.get("/readyz").await?.0, 200);

    let token = crm.login(demo::AGENT).await?;
    let probe = crm.client.post_named("E2eProbe", "query E2eProbe { me { kind } }", json!({}), Some(&token)).await?;
    assert_eq!(probe["data"]["me"]["kind"], "STAFF");

    let (status, metrics) = crm.client.get("/metrics").await?;
    assert_eq!(status, 200);
    let probe_line = metrics
        .lines()
        .find(|l| l.starts_with("crm_graphql_requests_total") && l.contains("operation=\"E2eProbe\""))
        .with_context(|| format!("no crm_graphql_requests_total for E2eProbe in:\n{metrics}"))?;
    assert!(probe_line.contains("outcome=\"ok\"") && probe_line.ends_with(" 1"), "{probe_line}");
    Ok(())
}

#[tokio::test]
async fn the_demo_seed_has_a_sales_pipeline_for_every_principal() -> anyhow::Result<()> {
    let crm = instance().await;
    let manager = crm.login(demo::MANAGER).await?;
    let summary = crm
        .client
        .data(
            "{ pipelineSummary { stage count } products { totalCount } priceBooks { nodes { currency isDefault } } \
               leads(first: 250) { totalCount nodes { source status convertedAt } } \
               pending: opportunities(filter: {registration: {in: [PENDING]}}) { totalCount } }",
            json!({}),
            Some(&manager),
        )
        .await?;
    for stage in array(&summary, "/pipelineSummary") {
        assert!(int(stage, "/count") > 0, "no opportunity in {stage}");
    }
    assert!(int(&summary, "/products/totalCount") >= 10);
    let books = array(&summary, "/priceBooks/nodes");
    assert!(books.iter().any(|b| b["currency"] == "EUR" && b["isDefault"] == true) && books.iter().any(|b| b["currency"] == "USD"));
    let leads = array(&summary, "/leads/nodes");
    for source in ["WEB_FORM", "IMPORT", "CAMPAIGN", "PARTNER", "REFERRAL", "MANUAL"] {
        assert!(leads.iter().any(|l| l["source"] == source), "no {source} lead among the newest {}", leads.len());
    }
    assert!(int(&summary, "/pending/totalCount") > 0, "no deal registration waits for approval");

    // Stage history spreads over the past two years.
    let span =
        "query($d: OrderDirection!) { opportunities(first: 1, orderBy: [{field: CREATED_AT, direction: $d}]) { nodes { createdAt } } }";
    let mut ends = Vec::new();
    for direction in ["ASC", "DESC"] {
        let page = crm.client.data(span, json!({"d": direction}), Some(&manager)).await?;
        ends.push(chrono::DateTime::parse_from_rfc3339(&text(&page, "/opportunities/nodes/0/createdAt"))?);
    }
    assert!((ends[1] - ends[0]).num_days() > 365, "opportunities span only {:?}", ends);

    // The demo partner sees its own registrations and leads; the portal customer none.
    let partner = crm.login(demo::PARTNER).await?;
    let own = crm
        .client
        .data("{ opportunities { nodes { registration partner { name } } } leads { totalCount } }", json!({}), Some(&partner))
        .await?;
    let deals = array(&own, "/opportunities/nodes");
    assert!(
        deals.iter().any(|d| d["registration"] == "PENDING") && deals.iter().all(|d| d["partner"]["name"] == "Alpina Distribuzione S.r.l.")
    );
    assert!(int(&own, "/leads/totalCount") > 0);
    let customer = crm.login(demo::CUSTOMER).await?;
    let refused = crm.client.post("{ opportunities { totalCount } }", json!({}), Some(&customer)).await?;
    assert_eq!(error_code(&refused), Some("FORBIDDEN"));

    // Quotes and orders: some accepted into orders waiting for the ERP, some held for credit;
    // the portal customer has a quote waiting for its answer, and no drafts in sight.
    let documents = crm
        .client
        .data("{ quotes(first: 250) { nodes { status } } orders(first: 250) { nodes { status } } }", json!({}), Some(&manager))
        .await?;
    let statuses = |pointer: &str| -> Vec<String> { array(&documents, pointer).iter().map(|n| text(n, "/status")).collect() };
    let (quotes, orders) = (statuses("/quotes/nodes"), statuses("/orders/nodes"));
    assert!(quotes.iter().any(|s| s == "ACCEPTED") && quotes.iter().any(|s| s == "SENT"), "{quotes:?}");
    assert!(orders.iter().any(|s| s == "CREDIT_HOLD") && orders.iter().any(|s| s == "PLACED"), "{orders:?}");
    let own = crm.client.data("{ quotes { nodes { status } } orders { nodes { status } } }", json!({}), Some(&customer)).await?;
    let own_quotes: Vec<String> = array(&own, "/quotes/nodes").iter().map(|n| text(n, "/status")).collect();
    assert!(own_quotes.iter().any(|s| s == "SENT") && !own_quotes.iter().any(|s| s == "DRAFT"), "{own_quotes:?}");
    assert!(!array(&own, "/orders/nodes").is_empty());
    Ok(())
}

/// What every standard GraphQL tool does, done by the reference implementation (graphql-js,
/// run by `e2e/graphql-js/check.mjs`): the full introspection query passes, the client schema
/// built from it is exactly `schema.graphql`, and every operation of the browser app
/// (`frontend/graphql/`) is valid against it. Skipped without Node or `npm ci --prefix
/// e2e/graphql-js`, unless `CRM_E2E_BROWSER=require` (as in CI).
#[tokio::test]
async fn graphql_js_reads_schema_graphql_from_the_server_and_accepts_every_app_operation() -> anyhow::Result<()> {
    let root = e2e::workspace_dir();
    let tool = root.join("e2e/graphql-js");
    if !tool.join("node_modules/graphql").is_dir() {
        return e2e::browser::missing("graphql-js is not installed: run `npm ci --prefix e2e/graphql-js`").map(|_: Option<()>| ());
    }
    let db = e2e::SqliteDb::new()?;
    let server = e2e::Server::start(&db.url(), &[]).await?;
    let output = std::process::Command::new("node")
        .arg(tool.join("check.mjs"))
        .arg(server.url("/graphql"))
        .arg(root.join("schema.graphql"))
        .arg(root.join("frontend/graphql"))
        .output()
        .context("could not run node")?;
    let (stdout, stderr) = (String::from_utf8_lossy(&output.stdout), String::from_utf8_lossy(&output.stderr));
    anyhow::ensure!(output.status.success(), "graphql-js found a problem:\n{stderr}{stdout}");
    anyhow::ensure!(stdout.contains("are valid"), "graphql-js said: {stdout}");
    eprintln!("{}", stdout.trim());
    Ok(())
}
