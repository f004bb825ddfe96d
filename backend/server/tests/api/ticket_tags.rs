//! Ticket tags: the desk's words on a ticket (normalised, validated, replaced by triage, found
//! by the list's filter), never shown to or filtered by the customer's side; and SLA policies
//! that apply to the customers of one tag (a tier).

use crate::db_test;
use crate::helpers::{code, ok, TestApp, TestUser};
use crm_identity::domain::StaffRole;
use serde_json::{json, Value};

const OPEN: &str = "mutation($i: OpenTicketInput!) { openTicket(input: $i) { ticket { id version tags \
    slaClocks { target targetMinutes } } } }";

async fn gql(app: &TestApp, user: &TestUser, query: &str, variables: Value) -> Value {
    app.gql(Some(&user.token), query, variables).await
}

fn first_response(ticket: &Value) -> i64 {
    ticket["slaClocks"].as_array().unwrap().iter().find(|c| c["target"] == "FIRST_RESPONSE").unwrap()["targetMinutes"].as_i64().unwrap()
}

async fn the_desk_tags_tickets_and_a_customer_tier_chooses_the_sla(app: TestApp) {
    let admin = app.staff("admin@example.com", StaffRole::Admin).await;
    let agent = app.staff("agent@example.com", StaffRole::ServiceAgent).await;
    let gold = app.customer(&admin, json!({"name": "Rossi SpA", "tags": ["Gold"]})).await;
    let plain = app.customer(&admin, json!({"name": "Bianchi Srl"})).await;
    let buyer = app.customer_user("buyer@rossi.example", gold["id"].as_str().unwrap()).await;
    let queue = "mutation($i: CreateServiceQueueInput!) { createServiceQueue(input: $i) { queue { id } } }";
    ok(&gql(&app, &admin, queue, json!({"i": {"name": "Support", "isDefault": true, "memberIds": [agent.id]}})).await);
    let policy = "mutation($i: CreateSlaPolicyInput!) { createSlaPolicy(input: $i) { policy { id customerTag version } } }";
    let res = gql(
        &app,
        &admin,
        policy,
        json!({"i": {"name": "Bad", "position": 1, "customerTag": "gold/silver",
        "firstResponseMinutes": 30, "resolutionMinutes": 480}}),
    )
    .await;
    assert_eq!(res["errors"][0]["extensions"]["field"], "customerTag", "{res}");
    let res = gql(
        &app,
        &admin,
        policy,
        json!({"i": {"name": "Gold", "position": 1, "customerTag": " Gold ",
        "firstResponseMinutes": 30, "resolutionMinutes": 480}}),
    )
    .await;
    assert_eq!(ok(&res)["createSlaPolicy"]["policy"]["customerTag"], "gold");
    ok(&gql(
        &app,
        &admin,
        policy,
        json!({"i": {"name": "Standard", "position": 10, "firstResponseMinutes": 240, "resolutionMinutes": 2400}}),
    )
    .await);

    // The gold customer's own ticket gets the gold policy; it may not tag.
    let res = gql(&app, &buyer, OPEN, json!({"i": {"subject": "Jam", "description": "Paper jam.", "tags": ["urgent"]}})).await;
    assert_eq!(res["errors"][0]["extensions"]["field"], "tags", "{res}");
    let res = gql(&app, &buyer, OPEN, json!({"i": {"subject": "Jam", "description": "Paper jam."}})).await;
    let own = ok(&res)["openTicket"]["ticket"].clone();
    assert_eq!((first_response(&own), &own["tags"]), (30, &json!([])));

    // The desk tags as it opens: one spelling, each tag once, sorted; bad tags refused.
    let ticket = |tags: Value| json!({"i": {"customerId": plain["id"], "subject": "Printer", "description": "Offline.", "tags": tags}});
    let res = gql(&app, &agent, OPEN, ticket(json!(["no/slash"]))).await;
    assert_eq!((res["errors"][0]["extensions"]["field"].as_str(), code(&res)), (Some("tags"), "BAD_USER_INPUT"), "{res}");
    let res = gql(&app, &agent, OPEN, ticket(json!(["Warranty", "warranty ", "Printer jam"]))).await;
    let tagged = ok(&res)["openTicket"]["ticket"].clone();
    assert_eq!((first_response(&tagged), &tagged["tags"]), (240, &json!(["printer jam", "warranty"])), "no tier: the standard policy");

    // Triage replaces the tags; the filter follows.
    let update = "mutation($i: UpdateTicketInput!) { updateTicket(input: $i) { ticket { tags version } } }";
    let res =
        gql(&app, &agent, update, json!({"i": {"id": tagged["id"], "version": tagged["version"], "tags": ["VIP", "warranty"]}})).await;
    assert_eq!(ok(&res)["updateTicket"]["ticket"]["tags"], json!(["vip", "warranty"]));
    let res = gql(&app, &buyer, update, json!({"i": {"id": own["id"], "version": own["version"], "tags": ["mine"]}})).await;
    assert_eq!(code(&res), "FORBIDDEN", "{res}");
    let listed = "query($t: [String!]) { tickets(filter: {tags: $t}) { totalCount nodes { id tags } } }";
    let res = gql(&app, &admin, listed, json!({"t": ["Vip", "nothing"]})).await;
    assert_eq!(ok(&res)["tickets"]["nodes"], json!([{"id": tagged["id"], "tags": ["vip", "warranty"]}]));
    let res = gql(&app, &admin, listed, json!({"t": ["printer jam"]})).await;
    assert_eq!(ok(&res)["tickets"]["totalCount"], 0, "the old tag no longer finds it");
    let res =
        gql(&app, &admin, "query($f: [TicketFilter!]!) { ticketCounts(filters: $f) { count } }", json!({"f": [{"tags": ["warranty"]}]}))
            .await;
    assert_eq!(ok(&res)["ticketCounts"], json!([{"count": 1}]));

    // The customer's side neither reads tags nor filters by them.
    let mine = "{ tickets { nodes { tags } } }";
    let res = gql(&app, &buyer, mine, json!({})).await;
    assert_eq!(ok(&res)["tickets"]["nodes"], json!([{"tags": []}]));
    let res = gql(&app, &buyer, listed, json!({"t": ["vip"]})).await;
    assert_eq!(res["errors"][0]["extensions"]["field"], "filter.tags", "{res}");
}

db_test!(the_desk_tags_tickets_and_a_customer_tier_chooses_the_sla);
