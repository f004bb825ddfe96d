//! Tickets that belong together: a duplicate merged into the ticket that stays (its
//! conversation, calls and tasks moved, itself closed without a survey, found no more by search,
//! refused across customers and twice), and an incident's own ticket whose resolving reply resolves every
//! ticket of the incident, each customer reading it on their own ticket.

use crate::db_test;
use crate::helpers::{code, ok, TestApp, TestUser};
use crm_identity::domain::StaffRole;
use serde_json::{json, Value};

const TICKET: &str = "id number version status survey { score } mergedInto { number } parent { number } children { number status } \
    messages { kind body }";

async fn open(app: &TestApp, user: &TestUser, input: Value) -> Value {
    let query = format!("mutation($i: OpenTicketInput!) {{ openTicket(input: $i) {{ ticket {{ {TICKET} }} }} }}");
    ok(&app.gql(Some(&user.token), &query, json!({"i": input})).await)["openTicket"]["ticket"].clone()
}

async fn read(app: &TestApp, user: &TestUser, ticket: &Value) -> Value {
    let query = format!("query($id: ID!) {{ ticket(id: $id) {{ {TICKET} }} }}");
    ok(&app.gql(Some(&user.token), &query, json!({"id": ticket["id"]})).await)["ticket"].clone()
}

async fn merge(app: &TestApp, user: &TestUser, duplicate: &Value, into: &Value) -> Value {
    let query = format!("mutation($i: MergeTicketInput!) {{ mergeTicket(input: $i) {{ ticket {{ {TICKET} }} }} }}");
    app.gql(Some(&user.token), &query, json!({"i": {"id": duplicate["id"], "version": duplicate["version"], "intoId": into["id"]}})).await
}

async fn set_parent(app: &TestApp, user: &TestUser, ticket: &Value, parent: Option<&Value>) -> Value {
    let query = format!("mutation($i: SetTicketParentInput!) {{ setTicketParent(input: $i) {{ ticket {{ {TICKET} }} }} }}");
    let input = json!({"id": ticket["id"], "version": ticket["version"], "parentId": parent.map(|p| p["id"].clone())});
    app.gql(Some(&user.token), &query, json!({"i": input})).await
}

fn bodies(ticket: &Value, kind: &str) -> Vec<String> {
    ticket["messages"].as_array().unwrap().iter().filter(|m| m["kind"] == kind).map(|m| m["body"].as_str().unwrap().to_owned()).collect()
}

async fn duplicates_merge_and_incidents_resolve_together(app: TestApp) {
    let admin = app.staff("admin@example.com", StaffRole::Admin).await;
    let lead = app.staff("lead@example.com", StaffRole::ServiceManager).await;
    let rep = app.staff("rep@example.com", StaffRole::SalesRep).await;
    let queue = "mutation($i: CreateServiceQueueInput!) { createServiceQueue(input: $i) { queue { id } } }";
    ok(&app.gql(Some(&lead.token), queue, json!({"i": {"name": "Support"}})).await);
    let rossi = app.customer(&admin, json!({"name": "Rossi SpA", "ownerId": rep.id})).await;
    let bianchi = app.customer(&admin, json!({"name": "Bianchi Srl"})).await;
    let buyer = app.customer_user("buyer@rossi.example", rossi["id"].as_str().unwrap()).await;

    // The customer writes twice about one problem; another customer once.
    let first = open(&app, &buyer, json!({"subject": "Printer offline", "description": "It shows error E4 on the display."})).await;
    let kept = open(&app, &buyer, json!({"subject": "Printer still offline", "description": "Since this morning."})).await;
    let other = open(&app, &lead, json!({"customerId": bianchi["id"], "subject": "Printer", "description": "Offline too."})).await;

    assert_eq!(code(&merge(&app, &buyer, &first, &kept).await), "FORBIDDEN");
    assert_eq!(code(&merge(&app, &rep, &first, &kept).await), "FORBIDDEN", "a rep reads, the desk merges");
    let res = merge(&app, &lead, &first, &other).await;
    assert_eq!(res["errors"][0]["extensions"]["field"], "intoId", "another customer's: {res}");
    let res = merge(&app, &lead, &first, &first).await;
    assert_eq!(res["errors"][0]["extensions"]["field"], "intoId", "itself: {res}");
    let stale = json!({"id": first["id"], "version": 0});
    assert_eq!(code(&merge(&app, &lead, &stale, &kept).await), "CONFLICT");

    // Merged: the conversation is on the ticket that stays; the duplicate is closed, unrated.
    let res = merge(&app, &lead, &first, &kept).await;
    let stays = ok(&res)["mergeTicket"]["ticket"].clone();
    assert_eq!(stays["id"], kept["id"]);
    let customer_words = bodies(&stays, "CUSTOMER");
    assert!(
        customer_words.contains(&"It shows error E4 on the display.".to_owned())
            && customer_words.contains(&"Since this morning.".to_owned()),
        "{stays}"
    );
    assert!(bodies(&stays, "NOTE").iter().any(|n| n.contains(first["number"].as_str().unwrap())), "{stays}");
    let merged = read(&app, &lead, &first).await;
    assert_eq!(
        (merged["status"].as_str(), merged["mergedInto"]["number"].clone(), merged["survey"].clone()),
        (Some("CLOSED"), kept["number"].clone(), Value::Null)
    );
    assert_eq!(bodies(&merged, "CUSTOMER"), Vec::<String>::new());
    let seen = read(&app, &buyer, &first).await;
    assert_eq!(
        (seen["mergedInto"]["number"].clone(), bodies(&seen, "NOTE")),
        (kept["number"].clone(), Vec::<String>::new()),
        "notes stay the desk's"
    );
    assert_eq!(merge(&app, &lead, &merged, &kept).await["errors"][0]["extensions"]["reason"], "WRONG_STATUS");
    let search = "query($t: String!) { tickets(filter: {search: $t}) { nodes { number } } }";
    let found = ok(&app.gql(Some(&lead.token), search, json!({"t": "E4"})).await)["tickets"]["nodes"].clone();
    assert_eq!(found, json!([{"number": kept["number"]}]), "the words moved with the conversation");

    // A duplicate opened from a call: the call and the tasks about the duplicate follow it.
    let telephony = crate::calls::key(&app, &admin, &["TELEPHONY_EVENTS"]).await;
    let ring = json!({"callId": "pbx-merge", "event": "RINGING", "from": "+39 02 9999 0000"});
    let (_, rang) = crate::calls::event(&app, Some(&telephony), ring).await;
    let by_phone = json!({"customerId": rossi["id"], "subject": "Printer, by phone", "description": "Called.", "channel": "PHONE", "callId": rang["id"]});
    let by_phone = open(&app, &lead, by_phone).await;
    let add_task = "mutation($i: AddTaskInput!) { addTask(input: $i) { task { id } } }";
    let task = json!({"title": "Call back", "dueAt": "2030-01-01T09:00:00Z", "about": {"subject": "TICKET", "id": by_phone["id"]}});
    let task = ok(&app.gql(Some(&lead.token), add_task, json!({"i": task})).await)["addTask"]["task"]["id"].clone();
    let kept = read(&app, &lead, &kept).await;
    ok(&merge(&app, &lead, &read(&app, &lead, &by_phone).await, &kept).await);
    let calls = "query($id: ID!) { ticket(id: $id) { calls { id } } }";
    assert_eq!(ok(&app.gql(Some(&lead.token), calls, json!({"id": kept["id"]})).await)["ticket"]["calls"], json!([{"id": rang["id"]}]));
    let about = "query($id: ID!) { node(id: $id) { ... on Task { subjectId } } }";
    assert_eq!(ok(&app.gql(Some(&lead.token), about, json!({"id": task})).await)["node"]["subjectId"], kept["id"]);
    let kept = read(&app, &lead, &kept).await;

    // An outage reaches two customers: their tickets become part of the incident's own.
    let incident =
        open(&app, &lead, json!({"customerId": bianchi["id"], "subject": "Print server outage", "description": "Print server down."}))
            .await;
    let res = set_parent(&app, &lead, &incident, Some(&incident)).await;
    assert_eq!(res["errors"][0]["extensions"]["field"], "parentId", "{res}");
    let res = set_parent(&app, &lead, &kept, Some(&incident)).await;
    let kept = ok(&res)["setTicketParent"]["ticket"].clone();
    assert_eq!(kept["parent"]["number"], incident["number"]);
    let other = ok(&set_parent(&app, &lead, &other, Some(&incident)).await)["setTicketParent"]["ticket"].clone();
    let res = set_parent(&app, &lead, &incident, Some(&other)).await;
    assert_eq!(res["errors"][0]["extensions"]["field"], "parentId", "one level: {res}");
    let res = merge(&app, &lead, &read(&app, &lead, &incident).await, &other).await;
    assert_eq!(res["errors"][0]["extensions"]["field"], "id", "an incident's own ticket is not merged away: {res}");
    let seen = read(&app, &lead, &incident).await;
    assert_eq!(seen["children"], json!([{"number": kept["number"], "status": "NEW"}, {"number": other["number"], "status": "NEW"}]));

    // The incident's resolving reply resolves both, each customer reading it on their ticket.
    let reply = "mutation($i: AddTicketMessageInput!) { addTicketMessage(input: $i) { ticket { status } } }";
    let input = json!({"ticketId": incident["id"], "body": "The print server is back: printing works again.", "status": "RESOLVED"});
    assert_eq!(ok(&app.gql(Some(&lead.token), reply, json!({"i": input})).await)["addTicketMessage"]["ticket"]["status"], "RESOLVED");
    let seen = read(&app, &buyer, &kept).await;
    assert_eq!(seen["status"], "RESOLVED");
    assert!(bodies(&seen, "REPLY").contains(&"The print server is back: printing works again.".to_owned()), "{seen}");
    assert_eq!(read(&app, &lead, &other).await["status"], "RESOLVED");
    // Out of the incident again.
    let kept = read(&app, &lead, &kept).await;
    assert_eq!(ok(&set_parent(&app, &lead, &kept, None).await)["setTicketParent"]["ticket"]["parent"], Value::Null);
}

db_test!(duplicates_merge_and_incidents_resolve_together);
