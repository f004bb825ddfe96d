//! Call scripts: a tree saved with its problems and published only without any (unmarked
//! cycles, orphans, dead ends, unusable articles), versions that stay what running runs
//! follow, an agent's run on a ticket that loops back on purpose and hands over (a note with
//! the path, the queue of the end), the chatbot's runs for a customer ending in an article or
//! a ticket that carries the path, a step raced from two tabs, who reads and runs what, and
//! the path analytics of a version.

use crate::db_test;
use crate::helpers::{code, ok, TestApp, TestUser};
use crm_identity::domain::StaffRole;
use serde_json::{json, Value};

const SCRIPT: &str = "id name version publishedNumber selfService viewerCanEdit \
    draft { start nodes { key kind } } draftProblems { node code detail } \
    published { number tree { start nodes { key text } } }";
const RUN: &str = "id status channel ending versionNumber \
    currentNode { key kind text answers { key label } article { title } product { name } } \
    path { node { key } answer { key label } } handoffTicket { id number channel queue { name } } ticket { id }";

fn answer(label: &str, next: &str) -> Value {
    json!({"key": label.to_lowercase(), "label": label, "next": next})
}

/// Does it print? → yes: solved (an article) / no: restart it, then: does it print now? →
/// yes: solved / no: a person (second level) / retry: back to the restart (a marked loop).
fn printer_tree(article: &Value, queue: &Value) -> Value {
    json!({"start": "prints", "nodes": [
        {"key": "prints", "kind": "QUESTION", "text": "Does the printer print a test page?", "answers": [answer("Yes", "solved"), answer("No", "restart")]},
        {"key": "restart", "kind": "STATEMENT", "text": "Switch it off, wait ten seconds, switch it on.", "answers": [{"next": "again"}]},
        {"key": "again", "kind": "QUESTION", "text": "Does it print now?", "answers": [
            answer("Yes", "solved"), answer("No", "human"), {"key": "retry", "label": "Try again", "next": "restart", "loopsBack": true}]},
        {"key": "solved", "kind": "END", "text": "Glad it works.", "ending": "ARTICLE", "articleId": article},
        {"key": "human", "kind": "END", "text": "A colleague takes over.", "ending": "HAND_OFF", "queueId": queue}
    ]})
}

async fn script_mutation(app: &TestApp, user: &TestUser, mutation: &str, input_type: &str, input: Value) -> Value {
    let query = format!("mutation($i: {input_type}!) {{ {mutation}(input: $i) {{ script {{ {SCRIPT} }} }} }}");
    app.gql(Some(&user.token), &query, json!({"i": input})).await
}

async fn start(app: &TestApp, user: &TestUser, input: Value) -> Value {
    let query = format!("mutation($i: StartScriptRunInput!) {{ startScriptRun(input: $i) {{ run {{ {RUN} }} }} }}");
    app.gql(Some(&user.token), &query, json!({"i": input})).await
}

async fn step(app: &TestApp, user: &TestUser, run: &Value, node: &str, answer: Option<&str>) -> Value {
    let query = format!("mutation($i: AnswerScriptRunInput!) {{ answerScriptRun(input: $i) {{ run {{ {RUN} }} }} }}");
    app.gql(Some(&user.token), &query, json!({"i": {"runId": run["id"], "node": node, "answer": answer}})).await
}

/// Walks `run` through `answers` (node, answer); returns the run after the last.
async fn walk(app: &TestApp, user: &TestUser, run: &Value, answers: &[(&str, Option<&str>)]) -> Value {
    let mut last = run.clone();
    for (node, answer) in answers {
        last = ok(&step(app, user, run, node, *answer).await)["answerScriptRun"]["run"].clone();
    }
    last
}

async fn published_article(app: &TestApp, manager: &TestUser, title: &str, visibility: &str) -> Value {
    let create = "mutation($i: CreateArticleInput!) { createKnowledgeArticle(input: $i) { article { id version } } }";
    let input = json!({"locale": "EN", "title": title, "body": "Steps that help.", "visibility": visibility});
    let draft = ok(&app.gql(Some(&manager.token), create, json!({"i": input})).await)["createKnowledgeArticle"]["article"].clone();
    let publish = "mutation($i: ArticleStepInput!) { publishKnowledgeArticle(input: $i) { article { id } } }";
    ok(&app.gql(Some(&manager.token), publish, json!({"i": {"id": draft["id"], "version": draft["version"]}})).await);
    draft["id"].clone()
}

async fn scripts_are_kept_published_and_run_by_agents_and_the_chatbot(app: TestApp) {
    let admin = app.staff("admin@example.com", StaffRole::Admin).await;
    let lead = app.staff("lead@example.com", StaffRole::ServiceManager).await;
    let anna = app.staff("anna@example.com", StaffRole::ServiceAgent).await;
    let rep = app.staff("rep@example.com", StaffRole::SalesRep).await;
    let partner_id = app.partner_org(&admin, "Alpina").await;
    let seller = app.partner_user("seller@alpina.example", &partner_id).await;
    let rossi = app.customer(&admin, json!({"name": "Rossi SpA"})).await;
    let buyer = app.customer_user("buyer@rossi.example", rossi["id"].as_str().unwrap()).await;
    let queue = "mutation($i: CreateServiceQueueInput!) { createServiceQueue(input: $i) { queue { id } } }";
    ok(&app.gql(Some(&lead.token), queue, json!({"i": {"name": "Support"}})).await);
    let second = ok(&app.gql(Some(&lead.token), queue, json!({"i": {"name": "Second level", "memberIds": [anna.id]}})).await)
        ["createServiceQueue"]["queue"]["id"]
        .clone();
    let internal = published_article(&app, &lead, "Printer internals", "INTERNAL").await;
    let public = published_article(&app, &lead, "Printing a test page", "PUBLIC").await;

    // Kept by managers; a working copy is saved with its problems listed.
    let mut broken = printer_tree(&public, &second);
    broken["nodes"][2]["answers"][2]["loopsBack"] = json!(false);
    broken["nodes"]
        .as_array_mut()
        .unwrap()
        .push(json!({"key": "lonely", "kind": "END", "text": "Nobody comes here.", "ending": "RESOLUTION"}));
    broken["nodes"]
        .as_array_mut()
        .unwrap()
        .push(json!({"key": "bad key", "kind": "QUESTION", "text": "?", "answers": [answer("Only", "nowhere")]}));
    let input = json!({"name": "Printer does not print", "locale": "EN", "selfService": true, "tree": broken});
    assert_eq!(code(&script_mutation(&app, &anna, "createCallScript", "CreateCallScriptInput", input.clone()).await), "FORBIDDEN");
    let res = script_mutation(&app, &lead, "createCallScript", "CreateCallScriptInput", input.clone()).await;
    let script = ok(&res)["createCallScript"]["script"].clone();
    let problems: Vec<(String, String)> = script["draftProblems"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| (p["node"].as_str().unwrap_or("").to_owned(), p["code"].as_str().unwrap().to_owned()))
        .collect();
    for expected in
        [("restart", "CYCLE"), ("lonely", "ORPHAN"), ("bad key", "BAD_KEY"), ("bad key", "ANSWER_COUNT"), ("bad key", "UNKNOWN_TARGET")]
    {
        assert!(problems.contains(&(expected.0.to_owned(), expected.1.to_owned())), "{expected:?} in {problems:?}");
    }
    assert_eq!(
        code(&script_mutation(&app, &lead, "createCallScript", "CreateCallScriptInput", input).await),
        "CONFLICT",
        "names are unique"
    );
    let publish = |script: &Value| json!({"id": script["id"], "version": script["version"]});
    let res = script_mutation(&app, &lead, "publishCallScript", "PublishCallScriptInput", publish(&script)).await;
    assert_eq!(res["errors"][0]["extensions"]["reason"], "SCRIPT_INVALID", "{res}");
    assert_eq!(res["errors"][0]["extensions"]["params"]["problems"], json!(problems.len()), "{res}");

    // Fixed, but a self-service script cannot end in an INTERNAL article.
    let update = |script: &Value, tree: Value| json!({"id": script["id"], "version": script["version"], "tree": tree});
    let res =
        script_mutation(&app, &lead, "updateCallScript", "UpdateCallScriptInput", update(&script, printer_tree(&internal, &second))).await;
    let script = ok(&res)["updateCallScript"]["script"].clone();
    assert_eq!(script["draftProblems"][0]["code"], "BAD_REFERENCE", "{script}");
    assert_eq!(script["draftProblems"][0]["node"], "solved");
    let res =
        script_mutation(&app, &lead, "updateCallScript", "UpdateCallScriptInput", update(&script, printer_tree(&public, &second))).await;
    let script = ok(&res)["updateCallScript"]["script"].clone();
    assert_eq!(script["draftProblems"], json!([]), "{script}");
    let stale = json!({"id": script["id"], "version": 1});
    assert_eq!(code(&script_mutation(&app, &lead, "publishCallScript", "PublishCallScriptInput", stale).await), "CONFLICT");
    let res = script_mutation(&app, &lead, "publishCallScript", "PublishCallScriptInput", publish(&script)).await;
    let script = ok(&res)["publishCallScript"]["script"].clone();
    assert_eq!((script["publishedNumber"].as_i64(), script["published"]["number"].as_i64()), (Some(1), Some(1)), "{script}");
    let res = script_mutation(&app, &lead, "publishCallScript", "PublishCallScriptInput", publish(&script)).await;
    assert_eq!(res["errors"][0]["extensions"]["reason"], "NOT_APPLICABLE", "already published: {res}");

    // Agents read the published tree, customers only the name; others nothing.
    let list = format!("{{ callScripts {{ {SCRIPT} }} }}");
    let seen = ok(&app.gql(Some(&anna.token), &list, json!({})).await)["callScripts"][0].clone();
    assert_eq!(
        (seen["draft"].clone(), seen["published"]["tree"]["start"].clone(), seen["viewerCanEdit"].clone()),
        (Value::Null, json!("prints"), json!(false))
    );
    let seen = ok(&app.gql(Some(&buyer.token), &list, json!({})).await)["callScripts"][0].clone();
    assert_eq!(
        (seen["name"].as_str(), seen["published"].clone(), seen["draft"].clone()),
        (Some("Printer does not print"), Value::Null, Value::Null)
    );
    assert_eq!(code(&app.gql(Some(&rep.token), &list, json!({})).await), "FORBIDDEN");
    assert_eq!(code(&app.gql(Some(&seller.token), &list, json!({})).await), "FORBIDDEN");

    // An agent runs it on a ticket: a statement goes on without an answer, a marked loop goes
    // back, a hand-off notes the path on the ticket and moves it to the end's queue.
    let open = "mutation($i: OpenTicketInput!) { openTicket(input: $i) { ticket { id } } }";
    let ticket = ok(&app
        .gql(Some(&anna.token), open, json!({"i": {"customerId": rossi["id"], "subject": "Printer", "description": "It does not print."}}))
        .await)["openTicket"]["ticket"]["id"]
        .clone();
    assert_eq!(code(&start(&app, &rep, json!({"scriptId": script["id"]})).await), "FORBIDDEN");
    let run = ok(&start(&app, &anna, json!({"scriptId": script["id"], "ticketId": ticket})).await)["startScriptRun"]["run"].clone();
    assert_eq!(
        (run["status"].as_str(), run["channel"].as_str(), run["currentNode"]["key"].as_str()),
        (Some("ACTIVE"), Some("AGENT"), Some("prints"))
    );
    assert_eq!(run["ticket"]["id"], ticket);
    let res = step(&app, &anna, &run, "again", Some("no")).await;
    assert_eq!(code(&res), "CONFLICT", "not the node it is at: {res}");
    let res = step(&app, &anna, &run, "prints", Some("maybe")).await;
    assert_eq!(res["errors"][0]["extensions"]["field"], "answer", "{res}");
    let at = walk(&app, &anna, &run, &[("prints", Some("no")), ("restart", None), ("again", Some("retry")), ("restart", None)]).await;
    assert_eq!(at["currentNode"]["key"], "again", "{at}");
    // Two tabs answer the same node: one moves the run, the other is told it moved on.
    let (a, b) = tokio::join!(step(&app, &anna, &run, "again", Some("no")), step(&app, &anna, &run, "again", Some("no")));
    let codes = [a.get("errors").map(|_| code(&a).to_owned()), b.get("errors").map(|_| code(&b).to_owned())];
    assert!(codes.contains(&None) && codes.iter().flatten().all(|c| c == "CONFLICT" || c == "BAD_USER_INPUT"), "{a} {b}");
    let ended = ok(if a.get("errors").is_none() { &a } else { &b })["answerScriptRun"]["run"].clone();
    assert_eq!((ended["status"].as_str(), ended["ending"].as_str()), (Some("HANDED_OFF"), Some("HAND_OFF")), "{ended}");
    assert_eq!(
        (ended["handoffTicket"]["id"].clone(), ended["handoffTicket"]["queue"]["name"].clone()),
        (ticket.clone(), json!("Second level"))
    );
    let path: Vec<&str> = ended["path"].as_array().unwrap().iter().map(|s| s["node"]["key"].as_str().unwrap()).collect();
    assert_eq!(path, ["prints", "restart", "again", "restart", "again", "human"]);
    assert_eq!(ended["path"][2]["answer"]["label"], "Try again");
    let res = step(&app, &anna, &run, "human", None).await;
    assert_eq!(res["errors"][0]["extensions"]["reason"], "WRONG_STATUS", "{res}");
    let read = "query($id: ID!) { ticket(id: $id) { messages { kind body } scriptRuns { id status } } }";
    let seen = ok(&app.gql(Some(&anna.token), read, json!({"id": ticket})).await)["ticket"].clone();
    let note = seen["messages"].as_array().unwrap().iter().find(|m| m["kind"] == "NOTE").expect("a note with the path").clone();
    assert!(note["body"].as_str().unwrap().contains("Does it print now?\n  → Try again"), "{note}");
    assert_eq!(seen["scriptRuns"][0]["id"], run["id"]);
    let seen = app.gql(Some(&buyer.token), read, json!({"id": ticket})).await;
    assert_eq!(ok(&seen)["ticket"]["scriptRuns"], json!([]), "an agent's run is the desk's");
    let mine = "query($id: ID!) { scriptRun(id: $id) { id } }";
    assert_eq!(code(&app.gql(Some(&buyer.token), mine, json!({"id": run["id"]})).await), "NOT_FOUND");

    // The chatbot: the customer's own run, ending in the article it may read...
    let res = start(&app, &buyer, json!({"scriptId": script["id"], "ticketId": ticket})).await;
    assert_eq!(res["errors"][0]["extensions"]["field"], "ticketId", "{res}");
    let chat = ok(&start(&app, &buyer, json!({"scriptId": script["id"]})).await)["startScriptRun"]["run"].clone();
    assert_eq!(chat["channel"], "BOT");
    let solved = walk(&app, &buyer, &chat, &[("prints", Some("yes"))]).await;
    assert_eq!(
        (solved["status"].as_str(), solved["currentNode"]["article"]["title"].as_str()),
        (Some("RESOLVED"), Some("Printing a test page"))
    );
    // ...or in a ticket of the customer's, opened in the chat, carrying the path, in the
    // end's queue.
    let chat = ok(&start(&app, &buyer, json!({"scriptId": script["id"]})).await)["startScriptRun"]["run"].clone();
    let handed = walk(&app, &buyer, &chat, &[("prints", Some("no")), ("restart", None), ("again", Some("no"))]).await;
    assert_eq!((handed["status"].as_str(), handed["handoffTicket"]["channel"].as_str()), (Some("HANDED_OFF"), Some("CHAT")), "{handed}");
    let opened = handed["handoffTicket"]["id"].clone();
    let read_opened = "query($id: ID!) { ticket(id: $id) { customer { name } queue { name } messages { kind body } scriptRuns { id } } }";
    let seen = ok(&app.gql(Some(&anna.token), read_opened, json!({"id": opened})).await)["ticket"].clone();
    assert_eq!((seen["customer"]["name"].as_str(), seen["queue"]["name"].as_str()), (Some("Rossi SpA"), Some("Second level")), "{seen}");
    let words = seen["messages"].as_array().unwrap().iter().find(|m| m["kind"] == "CUSTOMER").expect("the customer's words").clone();
    assert!(words["body"].as_str().unwrap().contains("Does the printer print a test page?\n  → No"), "{seen}");
    assert_eq!(seen["scriptRuns"][0]["id"], chat["id"], "the chat is on the ticket it opened");
    let seen = ok(&app.gql(Some(&buyer.token), read_opened, json!({"id": opened})).await)["ticket"].clone();
    assert!(seen["messages"].as_array().unwrap().iter().all(|m| m["kind"] != "NOTE"), "no internal note reaches the customer: {seen}");
    assert_eq!(seen["scriptRuns"][0]["id"], chat["id"]);

    // A run left halfway counts as dropped there.
    let left = ok(&start(&app, &buyer, json!({"scriptId": script["id"]})).await)["startScriptRun"]["run"].clone();
    walk(&app, &buyer, &left, &[("prints", Some("no"))]).await;
    let abandon = "mutation($id: ID!) { abandonScriptRun(runId: $id) { run { status currentNode { key } } } }";
    let res = app.gql(Some(&buyer.token), abandon, json!({"id": left["id"]})).await;
    assert_eq!(ok(&res)["abandonScriptRun"]["run"], json!({"status": "ABANDONED", "currentNode": {"key": "restart"}}));

    // A new version runs from its publication; a run under way finishes on its own.
    let under_way = ok(&start(&app, &anna, json!({"scriptId": script["id"]})).await)["startScriptRun"]["run"].clone();
    let mut tree = printer_tree(&public, &second);
    tree["nodes"][0]["text"] = json!("Does the printer print a test page from its own menu?");
    let res = script_mutation(&app, &lead, "updateCallScript", "UpdateCallScriptInput", update(&script, tree)).await;
    let script = ok(&res)["updateCallScript"]["script"].clone();
    let res = script_mutation(&app, &lead, "publishCallScript", "PublishCallScriptInput", publish(&script)).await;
    assert_eq!(ok(&res)["publishCallScript"]["script"]["publishedNumber"], 2);
    let finished = walk(&app, &anna, &under_way, &[("prints", Some("yes"))]).await;
    assert_eq!((finished["versionNumber"].as_i64(), finished["path"][0]["node"]["key"].as_str()), (Some(1), Some("prints")));
    let fresh = ok(&start(&app, &anna, json!({"scriptId": script["id"]})).await)["startScriptRun"]["run"].clone();
    assert_eq!(
        (fresh["versionNumber"].as_i64(), fresh["currentNode"]["text"].as_str()),
        (Some(2), Some("Does the printer print a test page from its own menu?"))
    );

    // Path analytics of version 1: five runs (one agent's hand-off, the chatbot's article and
    // hand-off, one left at the restart, one agent's article).
    let figures = "query($id: ID!, $c: ScriptChannel) { callScript(id: $id) { versions { number figures(channel: $c) { \
        runs resolved handedOff dropped active resolutionRate nodes { key reached ended dropped } } } } }";
    let agents = "query($id: ID!) { callScript(id: $id) { versions { number } published { figures { runs } } } }";
    let res = app.gql(Some(&anna.token), agents, json!({"id": script["id"]})).await;
    assert_eq!((code(&res), &res["data"]["callScript"]["versions"]), ("FORBIDDEN", &json!([])), "the keepers' figures: {res}");
    let res = app.gql(Some(&lead.token), figures, json!({"id": script["id"]})).await;
    let versions = ok(&res)["callScript"]["versions"].clone();
    assert_eq!(versions[0]["number"], 2, "newest first");
    let v1 = &versions[1]["figures"];
    assert_eq!(
        (v1["runs"].as_i64(), v1["resolved"].as_i64(), v1["handedOff"].as_i64(), v1["dropped"].as_i64(), v1["active"].as_i64()),
        (Some(5), Some(2), Some(2), Some(1), Some(0)),
        "{v1}"
    );
    assert_eq!(v1["resolutionRate"].as_f64(), Some(0.4));
    let node = |key: &str| v1["nodes"].as_array().unwrap().iter().find(|n| n["key"] == key).unwrap().clone();
    assert_eq!(node("prints"), json!({"key": "prints", "reached": 5, "ended": 0, "dropped": 0}));
    assert_eq!(node("restart"), json!({"key": "restart", "reached": 3, "ended": 0, "dropped": 1}));
    assert_eq!(node("human"), json!({"key": "human", "reached": 2, "ended": 2, "dropped": 0}));
    assert_eq!(node("solved"), json!({"key": "solved", "reached": 2, "ended": 2, "dropped": 0}));
    let res = app.gql(Some(&lead.token), figures, json!({"id": script["id"], "c": "BOT"})).await;
    assert_eq!(ok(&res)["callScript"]["versions"][1]["figures"]["runs"], 3, "the chatbot's");
}

db_test!(scripts_are_kept_published_and_run_by_agents_and_the_chatbot);
