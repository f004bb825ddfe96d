//! Tasks: opened by hand about a record the caller sees (or none), for the caller or a
//! colleague; read by their owner, whoever opened them, and staff who read the record (another
//! team's deal keeps its tasks hidden, in the list and in the customer's history); partner
//! users only their own; closed and reopened by those involved and managers; validation;
//! reminders that reach the owner live, once.

use crate::db_test;
use crate::helpers::{code, ok, Socket, TestApp, TestUser};
use chrono::{DateTime, Duration, Utc};
use crm_core::clock::{Clock, SystemClock};
use crm_identity::domain::StaffRole;
use serde_json::{json, Value};

const FIELDS: &str = "id title details subject subjectId subjectName customer { name } owner { email } createdBy { email } \
    origin priority status dueAt overdue remindAt completedAt completedBy { email } version viewerCanEdit";

fn at(hours: i64) -> String {
    (SystemClock.now() + Duration::hours(hours)).to_rfc3339()
}

async fn add(app: &TestApp, user: &TestUser, input: Value) -> Value {
    let query = format!("mutation($i: AddTaskInput!) {{ addTask(input: $i) {{ task {{ {FIELDS} }} }} }}");
    app.gql(Some(&user.token), &query, json!({"i": input})).await
}

async fn task(app: &TestApp, user: &TestUser, input: Value) -> Value {
    let res = add(app, user, input).await;
    ok(&res)["addTask"]["task"].clone()
}

async fn set_status(app: &TestApp, user: &TestUser, task: &Value, status: &str) -> Value {
    let query = format!("mutation($i: SetTaskStatusInput!) {{ setTaskStatus(input: $i) {{ task {{ {FIELDS} }} }} }}");
    app.gql(Some(&user.token), &query, json!({"i": {"id": task["id"], "version": task["version"], "status": status}})).await
}

/// The titles of the tasks `filter` lists for `user`, soonest due first.
async fn titles(app: &TestApp, user: &TestUser, filter: Value) -> Vec<String> {
    let res = app
        .gql(Some(&user.token), "query($f: TaskFilter) { tasks(filter: $f) { totalCount nodes { title } } }", json!({"f": filter}))
        .await;
    let nodes = ok(&res)["tasks"]["nodes"].as_array().unwrap().clone();
    assert_eq!(ok(&res)["tasks"]["totalCount"], json!(nodes.len()), "{res}");
    nodes.iter().map(|n| n["title"].as_str().unwrap().to_owned()).collect()
}

async fn opportunity(app: &TestApp, user: &TestUser, customer: &Value, name: &str) -> Value {
    let res = app
        .gql(
            Some(&user.token),
            "mutation($i: CreateOpportunityInput!) { createOpportunity(input: $i) { opportunity { id } } }",
            json!({"i": {"customerId": customer, "name": name, "amount": {"amount": "5000", "currency": "EUR"}, "expectedCloseDate": "2027-03-31"}}),
        )
        .await;
    ok(&res)["createOpportunity"]["opportunity"]["id"].clone()
}

async fn tasks_follow_their_people_and_the_records_they_concern(app: TestApp) {
    let admin = app.staff("admin@example.com", StaffRole::Admin).await;
    let manager = app.staff("manager@example.com", StaffRole::SalesManager).await;
    let rep = app.staff("rep@example.com", StaffRole::SalesRep).await;
    let outsider = app.staff("out@example.com", StaffRole::SalesRep).await;
    let analyst = app.staff("analyst@example.com", StaffRole::Analyst).await;
    let partner_id = app.partner_org(&admin, "Alpina").await;
    let seller = app.partner_user("seller@alpina.example", &partner_id).await;
    let customer = app.customer(&admin, json!({"name": "Rossi SpA", "partnerId": partner_id})).await;
    let cid = customer["id"].clone();
    let buyer = app.customer_user("buyer@rossi.example", cid.as_str().unwrap()).await;
    let own_deal = opportunity(&app, &rep, &cid, "Rollout").await;
    let other_deal = opportunity(&app, &outsider, &cid, "Secret renewal").await;

    // The rep opens a task about the customer, with a reminder before it is due.
    let call = task(
        &app,
        &rep,
        json!({"title": "Call about the quote", "details": "Ask for the PO", "about": {"subject": "CUSTOMER", "id": cid},
            "dueAt": at(24), "remindAt": at(20), "priority": "HIGH"}),
    )
    .await;
    assert_eq!(
        (&call["subject"], &call["subjectName"], &call["customer"]["name"], &call["owner"]["email"], &call["createdBy"]["email"]),
        (&json!("CUSTOMER"), &json!("Rossi SpA"), &json!("Rossi SpA"), &json!("rep@example.com"), &json!("rep@example.com"))
    );
    assert_eq!(
        (&call["origin"], &call["status"], &call["overdue"], &call["viewerCanEdit"]),
        (&json!("MANUAL"), &json!("OPEN"), &json!(false), &json!(true))
    );
    // For a colleague; about the rep's own deal; a personal to-do; one already late.
    let handed = task(&app, &rep, json!({"title": "Approve the discount", "about": {"subject": "OPPORTUNITY", "id": own_deal}, "ownerId": manager.id, "dueAt": at(48)})).await;
    assert_eq!((&handed["owner"]["email"], &handed["subjectName"]), (&json!("manager@example.com"), &json!("Rollout")));
    task(&app, &rep, json!({"title": "Expense report", "dueAt": at(72)})).await;
    let late = task(&app, &rep, json!({"title": "Send the brochure", "about": {"subject": "CUSTOMER", "id": cid}, "dueAt": at(-2)})).await;
    assert_eq!(late["overdue"], true);
    task(&app, &outsider, json!({"title": "Prepare the renewal", "about": {"subject": "OPPORTUNITY", "id": other_deal}, "dueAt": at(5)}))
        .await;

    // Refused: blank title, a reminder after the time due, an unknown owner, a record the
    // caller does not see (another team's deal: as unknown as a missing one).
    let field = |res: &Value| res["errors"][0]["extensions"]["field"].as_str().unwrap_or_default().to_owned();
    assert_eq!(field(&add(&app, &rep, json!({"title": " ", "dueAt": at(1)})).await), "title");
    assert_eq!(field(&add(&app, &rep, json!({"title": "x", "dueAt": at(1), "remindAt": at(2)})).await), "remindAt");
    assert_eq!(field(&add(&app, &rep, json!({"title": "x", "dueAt": at(1), "ownerId": buyer.id})).await), "ownerId");
    let hidden = add(&app, &rep, json!({"title": "x", "dueAt": at(1), "about": {"subject": "OPPORTUNITY", "id": other_deal}})).await;
    assert_eq!(code(&hidden), "NOT_FOUND", "{hidden}");
    assert_eq!(code(&add(&app, &analyst, json!({"title": "x", "dueAt": at(1)})).await), "FORBIDDEN");
    assert_eq!(code(&add(&app, &buyer, json!({"title": "x", "dueAt": at(1)})).await), "FORBIDDEN");
    assert_eq!(code(&app.gql(Some(&buyer.token), "{ tasks { totalCount } }", json!({})).await), "FORBIDDEN");

    // Soonest due first; the rep reads its own and its tasks about what it sees, not the
    // outsider's about the other team's deal; the manager reads every task about the customer.
    assert_eq!(
        titles(&app, &rep, json!({})).await,
        ["Send the brochure", "Call about the quote", "Approve the discount", "Expense report"]
    );
    assert_eq!(titles(&app, &rep, json!({"mine": true})).await, ["Send the brochure", "Call about the quote", "Expense report"]);
    assert_eq!(titles(&app, &rep, json!({"status": {"in": ["OPEN"]}, "dueBefore": at(0)})).await, ["Send the brochure"]);
    assert_eq!(
        titles(&app, &manager, json!({"customerId": cid})).await,
        ["Send the brochure", "Prepare the renewal", "Call about the quote", "Approve the discount"]
    );
    assert_eq!(titles(&app, &rep, json!({"about": {"subject": "OPPORTUNITY", "id": other_deal}})).await, Vec::<String>::new());
    assert_eq!(titles(&app, &analyst, json!({"customerId": cid})).await.len(), 4, "analysts read every deal, and its tasks");

    // A partner user opens tasks for itself about its customers and reads only its own.
    let own = task(&app, &seller, json!({"title": "Visit Rossi", "about": {"subject": "CUSTOMER", "id": cid}, "dueAt": at(30)})).await;
    assert_eq!(own["owner"]["email"], "seller@alpina.example");
    let res = add(&app, &seller, json!({"title": "x", "dueAt": at(1), "ownerId": rep.id})).await;
    assert_eq!(field(&res), "ownerId", "{res}");
    assert_eq!(titles(&app, &seller, json!({"customerId": cid})).await, ["Visit Rossi"]);
    assert!(titles(&app, &rep, json!({"customerId": cid})).await.contains(&"Visit Rossi".to_owned()), "staff see the partner's task");

    // Closed by its owner, once per version; reopened; nobody else changes it.
    let done = ok(&set_status(&app, &rep, &call, "DONE").await)["setTaskStatus"]["task"].clone();
    assert_eq!(
        (&done["status"], &done["completedBy"]["email"], &done["overdue"]),
        (&json!("DONE"), &json!("rep@example.com"), &json!(false))
    );
    assert_eq!(code(&set_status(&app, &rep, &call, "CANCELLED").await), "CONFLICT", "a stale version");
    assert_eq!(code(&set_status(&app, &seller, &done, "OPEN").await), "NOT_FOUND", "the partner does not read it");
    assert_eq!(code(&set_status(&app, &outsider, &done, "OPEN").await), "FORBIDDEN", "another rep reads it, may not change it");
    let reopened = ok(&set_status(&app, &manager, &done, "OPEN").await)["setTaskStatus"]["task"].clone();
    assert_eq!((&reopened["status"], &reopened["completedAt"]), (&json!("OPEN"), &Value::Null));

    // Changed: handed to the manager, later, the reminder removed.
    let update = format!("mutation($i: UpdateTaskInput!) {{ updateTask(input: $i) {{ task {{ {FIELDS} }} }} }}");
    let input =
        json!({"id": reopened["id"], "version": reopened["version"], "ownerId": manager.id, "dueAt": at(96), "clearReminder": true});
    let moved = ok(&app.gql(Some(&rep.token), &update, json!({"i": input})).await)["updateTask"]["task"].clone();
    assert_eq!((&moved["owner"]["email"], &moved["remindAt"]), (&json!("manager@example.com"), &Value::Null));
    let both = json!({"id": moved["id"], "version": moved["version"], "remindAt": at(1), "clearReminder": true});
    assert_eq!(field(&app.gql(Some(&rep.token), &update, json!({"i": both})).await), "clearReminder");

    // The customer's history shows the tasks each caller may read.
    let history = "query($id: ID!) { customer(id: $id) { history(first: 100) { nodes { entityType entityId } } } }";
    let tasks_in_history = |res: &Value| -> usize {
        ok(res)["customer"]["history"]["nodes"].as_array().unwrap().iter().filter(|n| n["entityType"] == "TASK").count()
    };
    let as_manager = tasks_in_history(&app.gql(Some(&manager.token), history, json!({"id": cid})).await);
    let as_rep = tasks_in_history(&app.gql(Some(&rep.token), history, json!({"id": cid})).await);
    assert_eq!(as_manager, as_rep + 1, "the rep misses the other team's deal's task");
    assert!(as_rep >= 4, "created, closed, reopened, changed: {as_rep}");

    // `node` finds a task for those who read it.
    let node = "query($id: ID!) { node(id: $id) { ... on Task { title } } }";
    assert_eq!(ok(&app.gql(Some(&manager.token), node, json!({"id": own["id"]})).await)["node"]["title"], "Visit Rossi");
    assert_eq!(code(&app.gql(Some(&outsider.token), node, json!({"id": handed["id"]})).await), "NOT_FOUND");
}
db_test!(tasks_follow_their_people_and_the_records_they_concern);

/// A reminder reaches its owner over `/graphql/ws` when its time comes, once, however many
/// times the job runs.
async fn a_reminder_reaches_its_owner_live_once(app: TestApp) {
    let rep = app.staff("rep@example.com", StaffRole::SalesRep).await;
    let (mut socket, ack) = Socket::open(&app, &rep.token).await;
    assert_eq!(ack["type"], "connection_ack", "{ack}");
    let query = "subscription { myTaskReminders { title remindAt } }";
    socket.send(json!({"id": "r", "type": "subscribe", "payload": {"query": query}})).await;
    // The subscription starts listening as the server handles the message: remind until it
    // hears.
    let ctx = app.ctx();
    let mut heard = None;
    for attempt in 0..20 {
        let title = format!("Call back {attempt}");
        task(&app, &rep, json!({"title": title, "dueAt": at(2), "remindAt": at(1)})).await;
        let later: DateTime<Utc> = SystemClock.now() + Duration::hours(1) + Duration::minutes(1);
        assert!(crm_tasks::reminders::send_due(&ctx, later).await.unwrap() >= 1);
        assert_eq!(crm_tasks::reminders::send_due(&ctx, later).await.unwrap(), 0, "once");
        if let Some(message) = socket.next(std::time::Duration::from_millis(500)).await {
            heard = Some(message);
            break;
        }
    }
    let message = heard.expect("a reminder within 20 tries");
    assert_eq!(message["type"], "next", "{message}");
    assert!(message["payload"]["data"]["myTaskReminders"]["title"].as_str().unwrap().starts_with("Call back"), "{message}");
    let reminded = "{ tasks(filter: {mine: true}) { nodes { remindedAt } } }";
    let res = app.gql(Some(&rep.token), reminded, json!({})).await;
    assert!(ok(&res)["tasks"]["nodes"].as_array().unwrap().iter().all(|n| !n["remindedAt"].is_null()), "{res}");
}
db_test!(a_reminder_reaches_its_owner_live_once);
