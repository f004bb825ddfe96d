//! Routing over the API: queues with members, agents' presence, capacity and skills, new
//! tickets handed out in turn or by skill (or left waiting until someone qualifies), agents
//! reading only their queues' work, and managers reassigning in bulk, all or nothing.

use crate::db_test;
use crate::helpers::{code, ok, TestApp, TestUser};
use crm_core::clock::{Clock, SystemClock};
use crm_identity::domain::StaffRole;
use crm_service::routing;
use serde_json::{json, Value};

const QUEUE: &str = "mutation($i: CreateServiceQueueInput!) { createServiceQueue(input: $i) { queue { id routing members { email } } } }";
const AGENT: &str =
    "mutation($i: UpdateServiceAgentInput!) { updateServiceAgent(input: $i) { agent { version capacity languages categories } } }";
const PRESENCE: &str = "mutation($p: AgentPresence!) { setMyPresence(presence: $p) { agent { presence openTickets } } }";
const OPEN: &str = "mutation($i: OpenTicketInput!) { openTicket(input: $i) { ticket { id assignee { email } } } }";
const REASSIGN: &str =
    "mutation($i: ReassignTicketsInput!) { reassignTickets(input: $i) { count tickets { id assignee { email } queue { name } } } }";

async fn open(app: &TestApp, user: &TestUser, input: Value) -> (Value, Value) {
    let res = app.gql(Some(&user.token), OPEN, json!({"i": input})).await;
    let ticket = ok(&res)["openTicket"]["ticket"].clone();
    (ticket["id"].clone(), ticket["assignee"]["email"].clone())
}

/// Who the ticket is assigned to, as `reader` sees it (None: not found).
async fn assignee(app: &TestApp, reader: &TestUser, id: &Value) -> Option<Value> {
    let res = app.gql(Some(&reader.token), "query($id: ID!) { ticket(id: $id) { assignee { email } } }", json!({"id": id})).await;
    if res["errors"].is_array() {
        assert_eq!(code(&res), "NOT_FOUND", "{res}");
        return None;
    }
    Some(ok(&res)["ticket"]["assignee"]["email"].clone())
}

async fn presence(app: &TestApp, user: &TestUser, presence: &str) -> Value {
    let res = app.gql(Some(&user.token), PRESENCE, json!({"p": presence})).await;
    ok(&res)["setMyPresence"]["agent"].clone()
}

async fn tickets_go_to_available_agents_in_turn_or_by_skill_and_managers_move_them_in_bulk(app: TestApp) {
    let admin = app.staff("admin@example.com", StaffRole::Admin).await;
    let lead = app.staff("lead@example.com", StaffRole::ServiceManager).await;
    let anna = app.staff("anna@example.com", StaffRole::ServiceAgent).await;
    let tom = app.staff("tom@example.com", StaffRole::ServiceAgent).await;
    let newcomer = app.staff("newcomer@example.com", StaffRole::ServiceAgent).await;
    let rep = app.staff("rep@example.com", StaffRole::SalesRep).await;
    let customer = app.customer(&admin, json!({"name": "Rossi SpA"})).await;
    let buyer = app.customer_user("buyer@rossi.example", customer["id"].as_str().unwrap()).await;

    // Queues are made of the desk's people; a sales rep is not one of them.
    let res = app.gql(Some(&lead.token), QUEUE, json!({"i": {"name": "Support", "memberIds": [anna.id, rep.id]}})).await;
    assert_eq!((code(&res), res["errors"][0]["extensions"]["field"].as_str()), ("BAD_USER_INPUT", Some("memberIds")), "{res}");
    let support = app
        .gql(Some(&lead.token), QUEUE, json!({"i": {"name": "Support", "routing": "ROUND_ROBIN", "memberIds": [anna.id, tom.id]}}))
        .await;
    let support = ok(&support)["createServiceQueue"]["queue"].clone();
    assert_eq!(support["routing"], "ROUND_ROBIN");
    assert_eq!(support["members"], json!([{"email": "anna@example.com"}, {"email": "tom@example.com"}]));
    let billing =
        app.gql(Some(&lead.token), QUEUE, json!({"i": {"name": "Billing", "routing": "SKILLS", "memberIds": [anna.id, tom.id]}})).await;
    let billing = ok(&billing)["createServiceQueue"]["queue"]["id"].clone();

    // Profiles: managers set capacity and skills, from version 0; checked.
    let res = app.gql(Some(&anna.token), AGENT, json!({"i": {"userId": anna.id, "version": 0, "capacity": 1}})).await;
    assert_eq!(code(&res), "FORBIDDEN", "{res}");
    let res = app.gql(Some(&lead.token), AGENT, json!({"i": {"userId": anna.id, "version": 0, "languages": ["ita"]}})).await;
    assert_eq!(res["errors"][0]["extensions"]["reason"], "UNKNOWN_LANGUAGE", "{res}");
    let res = app.gql(Some(&lead.token), AGENT, json!({"i": {"userId": anna.id, "version": 0, "capacity": 0}})).await;
    assert_eq!(res["errors"][0]["extensions"]["reason"], "OUT_OF_RANGE", "{res}");
    let res = app.gql(Some(&lead.token), AGENT, json!({"i": {"userId": rep.id, "version": 0, "capacity": 3}})).await;
    assert_eq!(res["errors"][0]["extensions"]["field"], "userId", "{res}");
    let profile = json!({"userId": anna.id, "version": 0, "capacity": 1, "languages": ["IT"], "categories": ["Billing"]});
    let res = app.gql(Some(&lead.token), AGENT, json!({"i": profile})).await;
    assert_eq!(
        ok(&res)["updateServiceAgent"]["agent"],
        json!({"version": 1, "capacity": 1, "languages": ["it"], "categories": ["billing"]}),
        "created with the change"
    );
    assert_eq!(code(&app.gql(Some(&lead.token), AGENT, json!({"i": profile})).await), "CONFLICT", "a stale version");

    // Nobody is available: the customer's ticket waits in the default queue.
    let (first, nobody) = open(&app, &buyer, json!({"subject": "Printer jams", "description": "Tray 2 jams."})).await;
    assert_eq!(nobody, Value::Null);
    assert_eq!(code(&app.gql(Some(&rep.token), PRESENCE, json!({"p": "AVAILABLE"})).await), "FORBIDDEN", "not of the desk");
    // Anna comes in: the waiting ticket is hers before her presence is saved back.
    assert_eq!(presence(&app, &anna, "AVAILABLE").await, json!({"presence": "AVAILABLE", "openTickets": 1}));
    assert_eq!(assignee(&app, &lead, &first).await, Some(json!("anna@example.com")));
    // Anna is at her capacity of one: the next tickets go to Tom once he is in, in turn.
    let (second, _) = open(&app, &buyer, json!({"subject": "Toner", "description": "Which toner?"})).await;
    assert_eq!(assignee(&app, &lead, &second).await, Some(Value::Null));
    presence(&app, &tom, "AVAILABLE").await;
    assert_eq!(assignee(&app, &lead, &second).await, Some(json!("tom@example.com")));
    let (third, to) = open(&app, &buyer, json!({"subject": "Paper", "description": "Which paper?"})).await;
    assert_eq!(to, json!("tom@example.com"));

    // By skill: an Italian billing ticket is Anna's alone, and waits while she is full; a
    // category nobody handles waits for good.
    let billing_ticket = json!({"customerId": customer["id"], "queueId": billing, "category": "billing", "language": "it", "subject": "Fattura", "description": "Manca la fattura."});
    let (invoice, waiting) = open(&app, &lead, billing_ticket).await;
    assert_eq!(waiting, Value::Null);
    let res = app
        .gql(
            Some(&lead.token),
            OPEN,
            json!({"i": {"customerId": customer["id"], "language": "italiano", "subject": "x", "description": "y"}}),
        )
        .await;
    assert_eq!(res["errors"][0]["extensions"]["field"], "language", "{res}");
    let (delivery, _) = open(
        &app,
        &lead,
        json!({"customerId": customer["id"], "queueId": billing, "category": "delivery", "subject": "Late", "description": "Late."}),
    )
    .await;
    let version = ok(&app.gql(Some(&lead.token), "query($id: ID!) { ticket(id: $id) { version } }", json!({"id": first})).await)["ticket"]
        ["version"]
        .clone();
    let resolve = "mutation($i: SetTicketStatusInput!) { setTicketStatus(input: $i) { ticket { status } } }";
    ok(&app.gql(Some(&anna.token), resolve, json!({"i": {"id": first, "version": version, "status": "RESOLVED"}})).await);
    // The job hands out what waits once capacity frees (it runs every minute on the server).
    routing::route_waiting(&app.ctx(), SystemClock.now()).await.unwrap();
    assert_eq!(assignee(&app, &lead, &invoice).await, Some(json!("anna@example.com")));
    assert_eq!(assignee(&app, &lead, &delivery).await, Some(Value::Null));

    // Agents work their queues: one in none sees nothing of them.
    let count = "query { tickets { totalCount } }";
    assert_eq!(ok(&app.gql(Some(&newcomer.token), count, json!({})).await)["tickets"]["totalCount"], 0);
    assert_eq!(assignee(&app, &newcomer, &first).await, None);
    assert_eq!(ok(&app.gql(Some(&tom.token), count, json!({})).await)["tickets"]["totalCount"], 5);

    // The desk's people, with their load and queues.
    let agents = ok(&app
        .gql(Some(&lead.token), "query { serviceAgents { user { email } presence openTickets capacity queues { name } } }", json!({}))
        .await)["serviceAgents"]
        .clone();
    let anna_row = agents.as_array().unwrap().iter().find(|a| a["user"]["email"] == "anna@example.com").unwrap();
    assert_eq!(anna_row["openTickets"], 1, "the invoice; the first ticket is resolved");
    assert_eq!(anna_row["queues"], json!([{"name": "Billing"}, {"name": "Support"}]));
    assert!(agents.as_array().unwrap().iter().all(|a| a["user"]["email"] != "rep@example.com"));
    let mine = ok(&app.gql(Some(&rep.token), "query { myServiceAgent { presence } }", json!({})).await)["myServiceAgent"].clone();
    assert_eq!(mine, Value::Null, "a sales rep is not of the desk");

    // Bulk: managers only; by ids or by agent, not both; all or nothing.
    let res = app.gql(Some(&anna.token), REASSIGN, json!({"i": {"fromAssigneeId": tom.id, "assigneeId": anna.id}})).await;
    assert_eq!(code(&res), "FORBIDDEN", "{res}");
    let res = app.gql(Some(&lead.token), REASSIGN, json!({"i": {"ticketIds": [second], "fromAssigneeId": tom.id}})).await;
    assert_eq!(res["errors"][0]["extensions"]["reason"], "MUTUALLY_EXCLUSIVE", "{res}");
    let unknown = "0190a6f0-0000-7000-8000-000000000000";
    let res = app.gql(Some(&lead.token), REASSIGN, json!({"i": {"ticketIds": [second, unknown], "assigneeId": anna.id}})).await;
    assert_eq!(code(&res), "NOT_FOUND", "{res}");
    assert_eq!(assignee(&app, &lead, &second).await, Some(json!("tom@example.com")), "nothing moved");
    // Tom is off sick: his work goes to Anna.
    let res = app.gql(Some(&lead.token), REASSIGN, json!({"i": {"fromAssigneeId": tom.id, "assigneeId": anna.id}})).await;
    let moved = ok(&res)["reassignTickets"].clone();
    assert_eq!(moved["count"], 2, "{moved}");
    assert_eq!(assignee(&app, &lead, &third).await, Some(json!("anna@example.com")));
    // Back to a routing queue: its routing picks again (Tom, the one under capacity).
    let res = app.gql(Some(&lead.token), REASSIGN, json!({"i": {"ticketIds": [third], "queueId": billing}})).await;
    let moved = &ok(&res)["reassignTickets"]["tickets"][0];
    assert_eq!(
        (moved["assignee"]["email"].as_str(), moved["queue"]["name"].as_str()),
        (Some("tom@example.com"), Some("Billing")),
        "{moved}"
    );
    let history =
        "query($id: ID!) { ticket(id: $id) { customer { history(first: 50) { nodes { entityType changes { field after } } } } } }";
    let history = ok(&app.gql(Some(&lead.token), history, json!({"id": third})).await).to_string();
    assert!(history.contains("assigneeId"), "reassignments are in the customer's history: {history}");
}
db_test!(tickets_go_to_available_agents_in_turn_or_by_skill_and_managers_move_them_in_bulk);
