//! The allow/deny table: every root query and mutation of the schema (read from the running
//! server's introspection, so a new field cannot be left out), called as every kind of
//! principal, with what each one gets back, down to nested fields: a list's `totalCount`, a
//! record's related records, a nested list such as `Customer.history`. The outcomes are
//! compared with `access_table.txt`, which a reviewer reads as the authorization rules in
//! one place; a change of rule shows up there as a diff.
//!
//! Queries run first, over a fixed world (below); then every mutation, principal by
//! principal, with placeholder inputs aimed at the world's records, so the mutations that a
//! principal may make really happen (and later ones meet their effects, in a fixed order).
//! A principal whose session a mutation ends (`logout`) signs in again.

use crate::db_test;
use crate::helpers::{ok, TestApp, TestUser, PASSWORD};
use crm_identity::domain::StaffRole;
use serde_json::{json, Map, Value};
use std::collections::BTreeMap;
use std::fmt::Write;

const TABLE: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/api/access_table.txt");
const UPDATE: &str = "CRM_UPDATE_ACCESS_TABLE";

const INTROSPECTION: &str = "{ __schema { queryType { name } mutationType { name } types { kind name \
    fields { name args { name type { ...T } } type { ...T } } inputFields { name type { ...T } } enumValues { name } } } }
    fragment T on __Type { kind name ofType { kind name ofType { kind name ofType { kind name } } } }";

/// Who calls: a label for the table and a token (none for anonymous).
struct Caller {
    label: String,
    email: Option<String>,
    token: Option<String>,
}

/// The records every call aims at.
#[derive(Default)]
struct World {
    ids: BTreeMap<&'static str, String>,
}

/// Words in argument and field names, and the kind of record of the world they name.
const KINDS: [(&str, &str); 20] = [
    ("scriptrun", "scriptRun"),
    ("runid", "scriptRun"),
    ("script", "script"),
    ("article", "article"),
    ("knowledgecategor", "knowledgeCategory"),
    ("ticket", "ticket"),
    ("call", "call"),
    ("contact", "contact"),
    ("customer", "customer"),
    ("opportunit", "opportunity"),
    ("quote", "quote"),
    ("order", "order"),
    ("lead", "lead"),
    ("product", "product"),
    ("pricebook", "priceBook"),
    ("partner", "partner"),
    ("team", "team"),
    ("node", "customer"),
    ("member", "agent"),
    ("serviceagent", "agent"),
];

/// An id that names no record.
const UNKNOWN_ID: &str = "0190a6f0-0000-7000-8000-000000000000";

impl World {
    /// The record an id argument `arg` of root field `field` most likely means: by the
    /// argument's name (`customerId`), else by the field's (`archiveCustomer`'s `id`).
    fn id_for(&self, field: &str, arg: &str) -> String {
        let kind = |text: &str| KINDS.iter().find(|(word, _)| text.to_lowercase().contains(word)).map(|(_, kind)| *kind);
        kind(arg).or_else(|| kind(field)).and_then(|k| self.ids.get(k).cloned()).unwrap_or_else(|| UNKNOWN_ID.into())
    }
}

/// The introspected schema: types by name.
struct Schema {
    types: BTreeMap<String, Value>,
    query: String,
    mutation: String,
}

impl Schema {
    fn fields(&self, type_name: &str) -> Vec<Value> {
        self.types.get(type_name).and_then(|t| t["fields"].as_array().cloned()).unwrap_or_default()
    }
}

/// The named type under NON_NULL and LIST wrappers, with its kind.
fn named(t: &Value) -> (&str, &str) {
    match t["kind"].as_str() {
        Some("NON_NULL" | "LIST") => named(&t["ofType"]),
        _ => (t["name"].as_str().unwrap_or_default(), t["kind"].as_str().unwrap_or_default()),
    }
}

fn required(t: &Value) -> bool {
    t["kind"] == "NON_NULL"
}

/// A value of type `t` for argument `arg` of root field `field`: required input fields get
/// placeholders, ids name the world's records.
fn placeholder(schema: &Schema, world: &World, field: &str, arg: &str, t: &Value, depth: usize) -> Value {
    match t["kind"].as_str() {
        Some("NON_NULL") => placeholder(schema, world, field, arg, &t["ofType"], depth),
        Some("LIST") => {
            let (name, _) = named(t);
            if name == "ID" {
                json!([world.id_for(field, arg)])
            } else {
                json!([])
            }
        }
        Some("ENUM") => {
            let name = t["name"].as_str().unwrap_or_default();
            schema.types[name]["enumValues"][0]["name"].clone()
        }
        Some("INPUT_OBJECT") if depth < 4 => {
            let name = t["name"].as_str().unwrap_or_default();
            let mut object = Map::new();
            for input in schema.types[name]["inputFields"].as_array().cloned().unwrap_or_default() {
                if required(&input["type"]) {
                    let input_name = input["name"].as_str().unwrap_or_default();
                    object.insert(input_name.into(), placeholder(schema, world, field, input_name, &input["type"], depth + 1));
                }
            }
            Value::Object(object)
        }
        _ => match (t["name"].as_str().unwrap_or_default(), arg) {
            ("ID", _) => json!(world.id_for(field, arg)),
            ("Int", "version") => json!(1),
            ("Int", "first" | "last") => json!(2),
            ("Int", _) => json!(1),
            ("Float", _) => json!(1.0),
            ("Boolean", _) => json!(false),
            ("DateTime", _) => json!("2030-01-01T00:00:00Z"),
            ("NaiveDate" | "Date", _) => json!("2030-01-01"),
            ("Decimal", _) => json!("1"),
            ("String", "email") => json!("nobody@example.com"),
            ("String", "password") => json!("a placeholder password"),
            ("String", "currency") => json!("EUR"),
            ("String", "country") => json!("IT"),
            _ => json!("x"),
        },
    }
}

/// The fields to select on `type_name`: its leaves, `totalCount` (and the first nodes' ids)
/// of its lists, the `__typename` of its related records, down to `depth`.
fn selection(schema: &Schema, type_name: &str, depth: usize) -> String {
    let mut out = String::from("__typename");
    for field in schema.fields(type_name) {
        let name = field["name"].as_str().unwrap_or_default();
        let args = field["args"].as_array().cloned().unwrap_or_default();
        if args.iter().any(|a| required(&a["type"])) {
            continue;
        }
        let (ty, kind) = named(&field["type"]);
        match kind {
            "SCALAR" | "ENUM" => {
                let _ = write!(out, " {name}");
            }
            "OBJECT" | "INTERFACE" | "UNION" if ty.ends_with("Connection") => {
                let first = if args.iter().any(|a| a["name"] == "first") { "(first: 2)" } else { "" };
                let nodes = if depth > 0 {
                    format!(" nodes {{ {} }}", selection(schema, &connection_node(schema, ty), depth - 1))
                } else {
                    String::new()
                };
                let _ = write!(out, " {name}{first} {{ totalCount{nodes} }}");
            }
            "OBJECT" | "INTERFACE" | "UNION" if depth > 0 => {
                let _ = write!(out, " {name} {{ {} }}", selection(schema, ty, depth - 1));
            }
            "OBJECT" | "INTERFACE" | "UNION" => {
                let _ = write!(out, " {name} {{ __typename }}");
            }
            _ => {}
        }
    }
    out
}

fn connection_node(schema: &Schema, connection: &str) -> String {
    schema.fields(connection).iter().find(|f| f["name"] == "nodes").map(|f| named(&f["type"]).0.to_owned()).unwrap_or_default()
}

/// One call's outcome as table rows: the root outcome, then per nested path its errors'
/// codes, summed `totalCount`s and how many related records came back.
fn outcome(field: &str, res: &Value, rows: &mut BTreeMap<String, String>) {
    let mut codes: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for error in res["errors"].as_array().cloned().unwrap_or_default() {
        let path: Vec<String> =
            error["path"].as_array().cloned().unwrap_or_default().iter().filter_map(|p| p.as_str().map(str::to_owned)).collect();
        let code = error["extensions"]["code"].as_str().unwrap_or("NO_CODE").to_owned();
        codes.entry(path.join(".")).or_default().push(code);
    }
    let root = codes.remove(field).map(|c| c[0].clone()).or_else(|| codes.remove("").map(|c| c[0].clone()));
    rows.insert(field.to_owned(), root.unwrap_or_else(|| if res["data"][field].is_null() { "null".into() } else { "ok".into() }));
    for (path, mut list) in codes {
        list.sort();
        list.dedup();
        rows.insert(format!("{path} !"), list.join(","));
    }
    let mut sums: BTreeMap<String, i64> = BTreeMap::new();
    walk(field, &res["data"][field], 0, &mut sums);
    for (path, n) in sums {
        rows.insert(path, n.to_string());
    }
}

/// Sums `totalCount`s and counts non-null related records by path (list indices dropped).
fn walk(path: &str, value: &Value, depth: usize, sums: &mut BTreeMap<String, i64>) {
    match value {
        Value::Array(items) => items.iter().for_each(|item| walk(path, item, depth, sums)),
        Value::Object(map) => {
            if depth > 0 {
                *sums.entry(format!("{path} #")).or_default() += 1;
            }
            for (key, inner) in map {
                let inner_path = format!("{path}.{key}");
                match (key.as_str(), inner) {
                    ("totalCount", Value::Number(n)) => *sums.entry(inner_path).or_default() += n.as_i64().unwrap_or_default(),
                    (_, Value::Object(_) | Value::Array(_)) if key != "nodes" => walk(&inner_path, inner, depth + 1, sums),
                    ("nodes", _) => walk(path, inner, depth, sums),
                    _ => {}
                }
            }
        }
        _ => {}
    }
}

async fn gql(app: &TestApp, caller: &Caller, query: &str, variables: Value) -> Value {
    app.gql(caller.token.as_deref(), query, variables).await
}

/// The world: two sales teams' deals on a partner's customer, with a quote, an order and a
/// lead, plus a product in the default price book.
async fn world(app: &TestApp, admin: &TestUser, rep: &TestUser, outsider: &TestUser, partner_id: &str) -> World {
    let mut world = World::default();
    let t = |u: &TestUser| Some(u.token.clone());
    let call = |token: Option<String>, q: &'static str, v: Value| async move { ok(&app.gql(token.as_deref(), q, v).await).clone() };
    let customer = app
        .customer(admin, json!({"name": "Agrícola Moreno S.L.", "partnerId": partner_id, "ownerId": rep.id, "primaryContact": {"firstName": "Ana", "lastName": "Moreno", "emails": [{"address": "ana@moreno.example"}], "phones": [{"number": "+34 600 123 456"}]}}))
        .await;
    world.ids.insert("customer", customer["id"].as_str().unwrap().into());
    world.ids.insert("contact", customer["contacts"][0]["id"].as_str().unwrap().into());
    world.ids.insert("partner", partner_id.into());
    let product = call(
        t(admin),
        "mutation { createProduct(input: {sku: \"ERP-1\", name: \"ERP\", family: \"ERP\", unit: SEAT}) { product { id } } }",
        json!({}),
    )
    .await;
    let product = product["createProduct"]["product"]["id"].as_str().unwrap().to_owned();
    world.ids.insert("product", product.clone());
    let book = call(
        t(admin),
        "mutation { createPriceBook(input: {name: \"Listino\", currency: \"EUR\", isDefault: true}) { priceBook { id } } }",
        json!({}),
    )
    .await;
    let book = book["createPriceBook"]["priceBook"]["id"].as_str().unwrap().to_owned();
    world.ids.insert("priceBook", book.clone());
    call(
        t(admin),
        "mutation($i: SetListPricesInput!) { setListPrices(input: $i) { priceBook { id } } }",
        json!({"i": {"priceBookId": book, "version": 1, "prices": [{"productId": product, "listPrice": "100"}]}}),
    )
    .await;
    // A ticket on the rep's customer, in the default queue: who reads it is the table's.
    call(t(admin), "mutation { createServiceQueue(input: {name: \"Support\"}) { queue { id } } }", json!({})).await;
    let ticket = call(
        t(admin),
        "mutation($i: OpenTicketInput!) { openTicket(input: $i) { ticket { id } } }",
        json!({"i": {"customerId": world.ids["customer"], "subject": "Pump leaks", "description": "Since Monday."}}),
    )
    .await;
    world.ids.insert("ticket", ticket["openTicket"]["ticket"]["id"].as_str().unwrap().into());
    // An answered call from the customer's contact, recognised by the number (as the telephony
    // reports it): who reads it is the table's.
    let answered = crm_service::inputs::TelephonyEvent {
        call_id: "table-1".into(),
        event: crm_service::domain::CallEventKind::Answered,
        direction: None,
        from: Some("+34 600 123 456".into()),
        to: None,
        agent_extension: None,
        occurred_at: None,
        duration_seconds: None,
        recording_url: None,
    };
    let answer = crm_service::calls::telephony::receive(&app.ctx(), &crm_core::principal::Caller::system("tests"), answered).await.unwrap();
    world.ids.insert("call", answer.call.id.to_string());
    // A published PUBLIC article about the product, in a category, linked to the ticket.
    let category = call(t(admin), "mutation { createKnowledgeCategory(input: {name: \"Pumps\"}) { category { id } } }", json!({})).await;
    world.ids.insert("knowledgeCategory", category["createKnowledgeCategory"]["category"]["id"].as_str().unwrap().into());
    let article = call(
        t(admin),
        "mutation($i: CreateArticleInput!) { createKnowledgeArticle(input: $i) { article { id version } } }",
        json!({"i": {"locale": "EN", "visibility": "PUBLIC", "title": "Pump leaks", "body": "Tighten the seal.", "productId": product, "categoryId": world.ids["knowledgeCategory"]}}),
    )
    .await;
    let article_id = article["createKnowledgeArticle"]["article"]["id"].as_str().unwrap().to_owned();
    call(
        t(admin),
        "mutation($i: ArticleStepInput!) { publishKnowledgeArticle(input: $i) { article { id } } }",
        json!({"i": {"id": article_id, "version": 1}}),
    )
    .await;
    call(
        t(admin),
        "mutation($i: TicketArticleInput!) { linkTicketArticle(input: $i) { ticket { id } } }",
        json!({"i": {"ticketId": world.ids["ticket"], "articleId": article_id}}),
    )
    .await;
    // A published self-service script ending in that article, and the admin's run of it on
    // the ticket.
    let tree = json!({"start": "q", "nodes": [
        {"key": "q", "kind": "QUESTION", "text": "Does it leak?", "answers": [{"label": "Yes", "next": "read"}, {"label": "No", "next": "done"}]},
        {"key": "read", "kind": "END", "text": "Read this.", "ending": "ARTICLE", "articleId": article_id},
        {"key": "done", "kind": "END", "text": "Fine.", "ending": "RESOLUTION"}
    ]});
    let script = call(
        t(admin),
        "mutation($i: CreateCallScriptInput!) { createCallScript(input: $i) { script { id version } } }",
        json!({"i": {"name": "Leaks", "locale": "EN", "selfService": true, "tree": tree}}),
    )
    .await;
    let script_id = script["createCallScript"]["script"]["id"].as_str().unwrap().to_owned();
    call(
        t(admin),
        "mutation($i: PublishCallScriptInput!) { publishCallScript(input: $i) { script { id } } }",
        json!({"i": {"id": script_id, "version": 1}}),
    )
    .await;
    let run = call(
        t(admin),
        "mutation($i: StartScriptRunInput!) { startScriptRun(input: $i) { run { id } } }",
        json!({"i": {"scriptId": script_id, "ticketId": world.ids["ticket"]}}),
    )
    .await;
    world.ids.insert("scriptRun", run["startScriptRun"]["run"]["id"].as_str().unwrap().into());
    world.ids.insert("script", script_id);
    world.ids.insert("article", article_id);
    let team = call(t(admin), "mutation { createSalesTeam(input: {name: \"Nord\"}) { salesTeam { id } } }", json!({})).await;
    world.ids.insert("team", team["createSalesTeam"]["salesTeam"]["id"].as_str().unwrap().into());
    // The outsider's deal on the rep's customer: the rep sees the customer, not the deal.
    let opportunity = call(
        t(outsider),
        "mutation($i: CreateOpportunityInput!) { createOpportunity(input: $i) { opportunity { id } } }",
        json!({"i": {"customerId": world.ids["customer"], "name": "Riego", "amount": {"amount": "5000", "currency": "EUR"}, "expectedCloseDate": "2030-01-31"}}),
    )
    .await;
    world.ids.insert("opportunity", opportunity["createOpportunity"]["opportunity"]["id"].as_str().unwrap().into());
    let valid = (crm_core::clock::Clock::now(&crm_core::clock::SystemClock).date_naive() + chrono::Days::new(30)).to_string();
    let quote = call(
        t(outsider),
        "mutation($i: CreateQuoteInput!) { createQuote(input: $i) { quote { id version } } }",
        json!({"i": {"opportunityId": world.ids["opportunity"], "validUntil": valid, "lines": [{"productId": product, "quantity": "2"}]}}),
    )
    .await;
    let quote_id = quote["createQuote"]["quote"]["id"].as_str().unwrap().to_owned();
    call(
        t(outsider),
        "mutation($i: QuoteActionInput!) { sendQuote(input: $i) { quote { id } } }",
        json!({"i": {"id": quote_id, "version": 1}}),
    )
    .await;
    world.ids.insert("quote", quote_id);
    let order = call(
        t(outsider),
        "mutation($i: CreateOrderInput!) { createOrder(input: $i) { order { id } } }",
        json!({"i": {"customerId": world.ids["customer"], "lines": [{"productId": product, "quantity": "1"}]}}),
    )
    .await;
    world.ids.insert("order", order["createOrder"]["order"]["id"].as_str().unwrap().into());
    let lead = call(
        t(outsider),
        "mutation($i: CreateLeadInput!) { createLead(input: $i) { lead { id } } }",
        json!({"i": {"company": "Moreno Hermanos", "firstName": "Luis", "lastName": "Moreno", "email": "luis@moreno.example", "source": "WEB_FORM"}}),
    )
    .await;
    world.ids.insert("lead", lead["createLead"]["lead"]["id"].as_str().unwrap().into());
    world
}

async fn sign_in(app: &TestApp, caller: &mut Caller) {
    if let Some(email) = &caller.email {
        let res = app.login(email, PASSWORD).await;
        caller.token = Some(ok(&res)["login"]["accessToken"].as_str().unwrap().to_owned());
    }
}

async fn every_field_answers_every_principal_as_the_table_says(app: TestApp) {
    let admin = app.staff("admin@example.com", StaffRole::Admin).await;
    let rep = app.staff("rep@example.com", StaffRole::SalesRep).await;
    let outsider = app.staff("outsider@example.com", StaffRole::SalesRep).await;
    let partner_id = app.partner_org(&admin, "Alpina").await;
    let mut world = world(&app, &admin, &rep, &outsider, &partner_id).await;

    let mut callers = Vec::new();
    let staff = [
        ("admin", StaffRole::Admin),
        ("manager", StaffRole::SalesManager),
        ("rep", StaffRole::SalesRep),
        ("marketer", StaffRole::Marketer),
        ("agent", StaffRole::ServiceAgent),
        ("servicemanager", StaffRole::ServiceManager),
        ("analyst", StaffRole::Analyst),
    ];
    for (label, role) in staff {
        let email = format!("{label}.table@example.com");
        let user = app.staff(&email, role).await;
        if role == StaffRole::ServiceAgent {
            world.ids.insert("agent", user.id.clone());
        }
        callers.push(Caller { label: label.into(), email: Some(email), token: None });
    }
    app.partner_user("partner.table@alpina.example", &partner_id).await;
    callers.push(Caller { label: "partner".into(), email: Some("partner.table@alpina.example".into()), token: None });
    app.customer_user("customer.table@moreno.example", &world.ids["customer"]).await;
    callers.push(Caller { label: "customer".into(), email: Some("customer.table@moreno.example".into()), token: None });
    for caller in &mut callers {
        sign_in(&app, caller).await;
    }
    // The agent works the world's queue: agents read the tickets of their queues.
    let queue = ok(&app.gql(Some(&admin.token), "query { serviceQueues { id version } }", json!({})).await)["serviceQueues"][0].clone();
    let members = json!({"i": {"id": queue["id"], "version": queue["version"], "memberIds": [world.ids["agent"]]}});
    ok(&app
        .gql(Some(&admin.token), "mutation($i: UpdateServiceQueueInput!) { updateServiceQueue(input: $i) { queue { id } } }", members)
        .await);
    for scope in ["CUSTOMERS_READ", "CUSTOMERS_WRITE", "SALES_READ", "SALES_WRITE", "ORDERS_STATUS", "SERVICE_READ", "SERVICE_WRITE"] {
        let res = app
            .gql(
                Some(&admin.token),
                "mutation($i: CreateApiKeyInput!) { createApiKey(input: $i) { secret } }",
                json!({"i": {"name": scope, "scopes": [scope]}}),
            )
            .await;
        let secret = ok(&res)["createApiKey"]["secret"].as_str().unwrap().to_owned();
        callers.push(Caller { label: format!("key:{}", scope.to_lowercase()), email: None, token: Some(secret) });
    }
    callers.push(Caller { label: "anonymous".into(), email: None, token: None });

    let res = app.gql(Some(&admin.token), INTROSPECTION, json!({})).await;
    let data = ok(&res)["__schema"].clone();
    let schema = Schema {
        types: data["types"].as_array().unwrap().iter().map(|t| (t["name"].as_str().unwrap().to_owned(), t.clone())).collect(),
        query: data["queryType"]["name"].as_str().unwrap().into(),
        mutation: data["mutationType"]["name"].as_str().unwrap().into(),
    };

    // rows[row][caller] = outcome
    let mut table: BTreeMap<String, BTreeMap<String, String>> = BTreeMap::new();
    for (kind, root) in [("query", schema.query.clone()), ("mutation", schema.mutation.clone())] {
        for field in schema.fields(&root) {
            let name = field["name"].as_str().unwrap().to_owned();
            let args = field["args"].as_array().cloned().unwrap_or_default();
            let mut declared = Vec::new();
            let mut used = Vec::new();
            let mut variables = Map::new();
            for arg in &args {
                let arg_name = arg["name"].as_str().unwrap();
                if required(&arg["type"]) || arg_name == "first" {
                    declared.push(format!("${arg_name}: {}", type_text(&arg["type"])));
                    used.push(format!("{arg_name}: ${arg_name}"));
                    variables.insert(arg_name.into(), placeholder(&schema, &world, &name, arg_name, &arg["type"], 0));
                }
            }
            let (ty, type_kind) = named(&field["type"]);
            let depth = if kind == "query" { 2 } else { 1 };
            let select = match type_kind {
                "SCALAR" | "ENUM" => String::new(),
                _ if ty.ends_with("Connection") => {
                    format!("{{ totalCount nodes {{ {} }} }}", selection(&schema, &connection_node(&schema, ty), depth - 1))
                }
                _ => format!("{{ {} }}", selection(&schema, ty, depth)),
            };
            let vars = if declared.is_empty() { String::new() } else { format!("({})", declared.join(", ")) };
            let call_args = if used.is_empty() { String::new() } else { format!("({})", used.join(", ")) };
            let operation = format!("{kind}{vars} {{ {name}{call_args} {select} }}");
            for caller in &mut callers {
                let res = gql(&app, caller, &operation, Value::Object(variables.clone())).await;
                let mut rows = BTreeMap::new();
                outcome(&name, &res, &mut rows);
                for (row, cell) in rows {
                    table.entry(format!("{kind} {row}")).or_default().insert(caller.label.clone(), cell);
                }
                if name == "logout" {
                    sign_in(&app, caller).await;
                }
            }
        }
    }

    let labels: Vec<String> = callers.iter().map(|c| c.label.clone()).collect();
    let mut text = format!("# {UPDATE}=1 cargo test -p crm --test api access_table rewrites this file.\n# row | {}\n", labels.join(" | "));
    for (row, cells) in &table {
        let cells: Vec<&str> = labels.iter().map(|l| cells.get(l).map_or("-", String::as_str)).collect();
        let _ = writeln!(text, "{row} | {}", cells.join(" | "));
    }
    if std::env::var(UPDATE).is_ok_and(|v| v == "1") {
        std::fs::write(TABLE, &text).unwrap();
        return;
    }
    let expected = std::fs::read_to_string(TABLE).unwrap_or_default();
    if expected != text {
        let diff: Vec<String> =
            expected.lines().zip(text.lines()).filter(|(e, a)| e != a).take(20).map(|(e, a)| format!("- {e}\n+ {a}")).collect();
        panic!(
            "the allow/deny table changed ({} lines expected, {} now); review and, if right, rewrite it with:\n    {UPDATE}=1 cargo test -p crm --test api access_table\n{}",
            expected.lines().count(),
            text.lines().count(),
            diff.join("\n")
        );
    }
}
db_test!(every_field_answers_every_principal_as_the_table_says);

fn type_text(t: &Value) -> String {
    match t["kind"].as_str() {
        Some("NON_NULL") => format!("{}!", type_text(&t["ofType"])),
        Some("LIST") => format!("[{}]", type_text(&t["ofType"])),
        _ => t["name"].as_str().unwrap_or_default().to_owned(),
    }
}
