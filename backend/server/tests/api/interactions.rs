//! Interactions: the customer's timeline gathers what each module recorded where it happened
//! (a ticket and its replies, a quote sent and accepted, the order) and what people logged by
//! hand, newest first, filtered and paged; each caller reads only what it may (no internal
//! entries in the portals nor for keys; an entry about another team's quote stays hidden with
//! the quote); logging is validated and refused to those who may not.

use crate::db_test;
use crate::helpers::{code, ok, TestApp, TestUser};
use crate::quotes::{create_quote, deal, lines};
use chrono::Duration;
use crm_core::clock::{Clock, SystemClock};
use crm_identity::domain::StaffRole;
use serde_json::{json, Value};

const FIELDS: &str = "id kind channel direction subject summary outcome startedAt endedAt internal \
    customer { name } contact { fullName } staffUser { email } loggedBy { email } partner { name } \
    ticket { number } opportunity { name } quote { number } order { number }";

fn ago(hours: i64) -> String {
    (SystemClock.now() - Duration::hours(hours)).to_rfc3339()
}

async fn log(app: &TestApp, token: &str, input: Value) -> Value {
    let query = format!("mutation($i: LogInteractionInput!) {{ logInteraction(input: $i) {{ interaction {{ {FIELDS} }} }} }}");
    app.gql(Some(token), &query, json!({"i": input})).await
}

fn meeting(customer: &str, subject: &str, hours_ago: i64) -> Value {
    json!({"customerId": customer, "kind": "MEETING", "channel": "IN_PERSON", "direction": "OUTBOUND", "subject": subject,
        "startedAt": ago(hours_ago), "endedAt": ago(hours_ago - 1)})
}

/// One entry as the tests compare them: its kind, subject and start.
type Entry = (String, String, chrono::DateTime<chrono::FixedOffset>);

/// The timeline `filter` selects for `token`, newest first; entries of the same instant (a
/// quote accepted and its order, in one transaction) by kind, since their ids order them at
/// random within a millisecond.
async fn timeline(app: &TestApp, token: &str, customer: &str, filter: Value) -> Vec<Entry> {
    let query = "query($id: ID!, $f: TimelineFilter) { customer(id: $id) { timeline(first: 100, filter: $f) { totalCount nodes { kind subject startedAt } } } }";
    let res = app.gql(Some(token), query, json!({"id": customer, "f": filter})).await;
    let page = &ok(&res)["customer"]["timeline"];
    let nodes = page["nodes"].as_array().unwrap();
    assert_eq!(page["totalCount"], json!(nodes.len()), "{res}");
    settled(nodes)
}

fn settled(nodes: &[Value]) -> Vec<Entry> {
    let mut entries: Vec<Entry> = nodes
        .iter()
        .map(|n| {
            let at = chrono::DateTime::parse_from_rfc3339(n["startedAt"].as_str().unwrap()).unwrap();
            (n["kind"].as_str().unwrap().to_owned(), n["subject"].as_str().unwrap_or_default().to_owned(), at)
        })
        .collect();
    assert!(entries.windows(2).all(|pair| pair[0].2 >= pair[1].2), "newest first: {entries:?}");
    entries.sort_by(|a, b| b.2.cmp(&a.2).then_with(|| a.0.cmp(&b.0)));
    entries
}

fn kinds(entries: &[Entry]) -> Vec<&str> {
    entries.iter().map(|(kind, _, _)| kind.as_str()).collect()
}

async fn send(app: &TestApp, user: &TestUser, mutation: &str, quote: &Value) -> Value {
    let query = format!("mutation($i: QuoteActionInput!) {{ {mutation}(input: $i) {{ quote {{ id number version status }} }} }}");
    let res = app.gql(Some(&user.token), &query, json!({"i": {"id": quote["id"], "version": quote["version"]}})).await;
    ok(&res)[mutation]["quote"].clone()
}

async fn a_customer_s_timeline_gathers_every_channel_as_far_as_each_caller_may_see(app: TestApp) {
    let d = deal(&app, None).await;
    let outsider = app.staff("outsider@example.com", StaffRole::SalesRep).await;
    let analyst = app.staff("analyst@example.com", StaffRole::Analyst).await;
    let customer = d.customer.as_str();
    let valid = (SystemClock.now().date_naive() + chrono::Days::new(30)).to_string();

    // Sales records its quotes and the order where they happen: the rep's quote, sent and
    // accepted by the customer in its portal; another team's quote to the same customer.
    let quote = |opportunity: &str| json!({"opportunityId": opportunity, "validUntil": valid, "taxPercent": "22", "lines": lines(&d)});
    let res = create_quote(&app, &d.rep, quote(&d.opportunity)).await;
    let own = send(&app, &d.rep, "sendQuote", &ok(&res)["createQuote"]["quote"]).await;
    send(&app, &d.portal, "acceptQuote", &own).await;
    let res = app
        .gql(
            Some(&outsider.token),
            "mutation($i: CreateOpportunityInput!) { createOpportunity(input: $i) { opportunity { id } } }",
            json!({"i": {"customerId": customer, "name": "Secret renewal", "amount": {"amount": "100", "currency": "EUR"}, "expectedCloseDate": "2030-01-31"}}),
        )
        .await;
    let other_deal = ok(&res)["createOpportunity"]["opportunity"]["id"].as_str().unwrap().to_owned();
    let res = create_quote(&app, &outsider, quote(&other_deal)).await;
    let other = send(&app, &outsider, "sendQuote", &ok(&res)["createQuote"]["quote"]).await;

    // The service desk records the ticket and each message the customer sees, not notes.
    let queue = "mutation { createServiceQueue(input: {name: \"Support\"}) { queue { id } } }";
    ok(&app.gql(Some(&d.admin.token), queue, json!({})).await);
    let open = "mutation($i: OpenTicketInput!) { openTicket(input: $i) { ticket { id number } } }";
    let res = app.gql(Some(&d.portal.token), open, json!({"i": {"subject": "Invoice is wrong", "description": "Twice the VAT."}})).await;
    let ticket = ok(&res)["openTicket"]["ticket"].clone();
    let write = "mutation($i: AddTicketMessageInput!) { addTicketMessage(input: $i) { message { kind } } }";
    for (kind, body) in [("NOTE", "Check with accounting"), ("REPLY", "A credit note is on its way.")] {
        ok(&app.gql(Some(&d.admin.token), write, json!({"i": {"ticketId": ticket["id"], "kind": kind, "body": body}})).await);
    }

    // People log by hand: the rep's meeting about its deal (internal, as staff logs are by
    // default) and a visit it shares with the customer.
    let mut input = meeting(customer, "Kick-off with operations", 30);
    input["opportunityId"] = json!(d.opportunity);
    input["summary"] = json!("They want the rollout before the summer.");
    let res = log(&app, &d.rep.token, input).await;
    let kickoff = ok(&res)["logInteraction"]["interaction"].clone();
    assert_eq!(
        (&kickoff["internal"], &kickoff["staffUser"]["email"], &kickoff["loggedBy"]["email"], &kickoff["opportunity"]["name"]),
        (&json!(true), &json!("rep@example.com"), &json!("rep@example.com"), &json!("ERP"))
    );
    let mut visit = meeting(customer, "Site visit", 50);
    visit["kind"] = json!("VISIT");
    visit["internal"] = json!(false);
    ok(&log(&app, &d.rep.token, visit).await);

    // The manager reads everything, newest first.
    let own_number = own["number"].as_str().unwrap();
    let other_number = other["number"].as_str().unwrap();
    let all = timeline(&app, &d.manager.token, customer, json!({})).await;
    let mut expected =
        vec!["TICKET_MESSAGE", "TICKET_OPENED", "QUOTE_SENT", "ORDER_PLACED", "QUOTE_ANSWERED", "QUOTE_SENT", "MEETING", "VISIT"];
    assert_eq!(kinds(&all), expected, "{all:?}");
    assert!(all[2].1.starts_with(other_number) && all[5].1.starts_with(own_number), "{all:?}");
    assert_eq!(all[1].1, format!("{} · Invoice is wrong", ticket["number"].as_str().unwrap()));

    // The rep does not read the other team's quote, nor its entry.
    let rep_sees = timeline(&app, &d.rep.token, customer, json!({})).await;
    expected.remove(2);
    assert_eq!(kinds(&rep_sees), expected, "{rep_sees:?}");
    // The customer reads what happened with it, not the company's internal meeting.
    let portal_sees = timeline(&app, &d.portal.token, customer, json!({})).await;
    assert_eq!(
        kinds(&portal_sees),
        ["TICKET_MESSAGE", "TICKET_OPENED", "QUOTE_SENT", "ORDER_PLACED", "QUOTE_ANSWERED", "QUOTE_SENT", "VISIT"],
        "{portal_sees:?}"
    );
    let hidden = app.gql(Some(&d.portal.token), "query($id: ID!) { node(id: $id) { id } }", json!({"id": kickoff["id"]})).await;
    assert_eq!(code(&hidden), "NOT_FOUND", "{hidden}");
    let found = app
        .gql(Some(&d.manager.token), "query($id: ID!) { node(id: $id) { ... on Interaction { subject } } }", json!({"id": kickoff["id"]}))
        .await;
    assert_eq!(ok(&found)["node"]["subject"], "Kick-off with operations");

    // Filters: by channel, kind, direction and time; pages by cursor.
    let in_person = timeline(&app, &d.manager.token, customer, json!({"channels": ["IN_PERSON"]})).await;
    assert_eq!(kinds(&in_person), ["MEETING", "VISIT"]);
    let quotes =
        timeline(&app, &d.manager.token, customer, json!({"kinds": ["QUOTE_SENT", "QUOTE_ANSWERED"], "directions": ["OUTBOUND"]})).await;
    assert_eq!(kinds(&quotes), ["QUOTE_SENT", "QUOTE_SENT"]);
    let earlier = timeline(&app, &d.manager.token, customer, json!({"to": ago(2)})).await;
    assert_eq!(kinds(&earlier), ["MEETING", "VISIT"]);
    let window = timeline(&app, &d.manager.token, customer, json!({"from": ago(40), "to": ago(2)})).await;
    assert_eq!(kinds(&window), ["MEETING"]);
    let bad = app
        .gql(
            Some(&d.manager.token),
            "query($id: ID!, $f: TimelineFilter) { customer(id: $id) { timeline(filter: $f) { totalCount } } }",
            json!({"id": customer, "f": {"from": ago(1), "to": ago(5)}}),
        )
        .await;
    assert_eq!(bad["errors"][0]["extensions"]["field"], "filter.to", "{bad}");
    let page = "query($id: ID!, $after: String) { customer(id: $id) { timeline(first: 3, after: $after) { nodes { kind subject startedAt } pageInfo { hasNextPage endCursor } } } }";
    let first = app.gql(Some(&d.manager.token), page, json!({"id": customer})).await;
    let first = &ok(&first)["customer"]["timeline"];
    assert_eq!(first["pageInfo"]["hasNextPage"], true);
    let next = app.gql(Some(&d.manager.token), page, json!({"id": customer, "after": first["pageInfo"]["endCursor"]})).await;
    let next = settled(ok(&next)["customer"]["timeline"]["nodes"].as_array().unwrap());
    assert_eq!(kinds(&next), ["ORDER_PLACED", "QUOTE_ANSWERED", "QUOTE_SENT"]);

    // Analysts read the timeline and log nothing; customers log nothing.
    assert_eq!(timeline(&app, &analyst.token, customer, json!({})).await.len(), 8);
    assert_eq!(code(&log(&app, &analyst.token, meeting(customer, "x", 1)).await), "FORBIDDEN");
    assert_eq!(code(&log(&app, &d.portal.token, meeting(customer, "x", 1)).await), "FORBIDDEN");
}
db_test!(a_customer_s_timeline_gathers_every_channel_as_far_as_each_caller_may_see);

async fn logging_is_validated_and_scoped(app: TestApp) {
    let admin = app.staff("admin@example.com", StaffRole::Admin).await;
    let rep = app.staff("rep@example.com", StaffRole::SalesRep).await;
    let outsider = app.staff("outsider@example.com", StaffRole::SalesRep).await;
    let partner_id = app.partner_org(&admin, "Alpina").await;
    let seller = app.partner_user("seller@alpina.example", &partner_id).await;
    let ours = app
        .customer(
            &admin,
            json!({"name": "Rossi SpA", "partnerId": partner_id, "primaryContact": {"firstName": "Giulia", "lastName": "Ferraro"}}),
        )
        .await;
    let cid = ours["id"].as_str().unwrap();
    let contact = ours["contacts"][0]["id"].clone();
    let elsewhere =
        app.customer(&admin, json!({"name": "Bianchi Srl", "primaryContact": {"firstName": "Marco", "lastName": "Neri"}})).await;
    let hidden_deal = app
        .gql(
            Some(&outsider.token),
            "mutation($i: CreateOpportunityInput!) { createOpportunity(input: $i) { opportunity { id } } }",
            json!({"i": {"customerId": cid, "name": "Secret", "amount": {"amount": "1", "currency": "EUR"}, "expectedCloseDate": "2030-01-31"}}),
        )
        .await;
    let hidden_deal = ok(&hidden_deal)["createOpportunity"]["opportunity"]["id"].clone();

    let field = |res: &Value| res["errors"][0]["extensions"]["field"].as_str().unwrap_or_default().to_owned();
    let with = |changes: Value| {
        let mut input = meeting(cid, "Lunch with the buyer", 3);
        for (key, value) in changes.as_object().unwrap() {
            input[key] = value.clone();
        }
        input
    };
    assert_eq!(field(&log(&app, &rep.token, with(json!({"subject": "  "}))).await), "subject");
    assert_eq!(field(&log(&app, &rep.token, with(json!({"kind": "TICKET_OPENED"}))).await), "kind");
    assert_eq!(field(&log(&app, &rep.token, with(json!({"startedAt": ago(-3)}))).await), "startedAt");
    assert_eq!(field(&log(&app, &rep.token, with(json!({"endedAt": ago(4)}))).await), "endedAt");
    assert_eq!(field(&log(&app, &rep.token, with(json!({"contactId": elsewhere["contacts"][0]["id"]}))).await), "contactId");
    assert_eq!(field(&log(&app, &rep.token, with(json!({"opportunityId": hidden_deal}))).await), "opportunityId", "another team's deal");
    assert_eq!(field(&log(&app, &rep.token, with(json!({"summary": "x".repeat(4001)}))).await), "summary");
    assert_eq!(field(&log(&app, &rep.token, with(json!({"customerId": "0190f0e0-0000-7000-8000-000000000000"}))).await), "customerId");

    // A partner user logs for its organisation's customers, never internal entries.
    let res = log(&app, &seller.token, with(json!({"contactId": contact}))).await;
    let entry = &ok(&res)["logInteraction"]["interaction"];
    assert_eq!(
        (&entry["internal"], &entry["partner"]["name"], &entry["contact"]["fullName"]),
        (&json!(false), &json!("Alpina"), &json!("Giulia Ferraro"))
    );
    assert_eq!(field(&log(&app, &seller.token, with(json!({"internal": true}))).await), "internal");
    let theirs = log(&app, &seller.token, with(json!({"customerId": elsewhere["id"]}))).await;
    assert_eq!(field(&theirs), "customerId", "{theirs}");
    // The outsider sees no such deal; the owner of the deal links its meeting to it.
    ok(&log(&app, &outsider.token, with(json!({"opportunityId": hidden_deal}))).await);
    // The partner reads its own entry and not the company's internal one.
    assert_eq!(timeline(&app, &seller.token, cid, json!({})).await.len(), 1);

    // API keys: with interactions:write they log (never internal) and read without internal
    // entries; without the scope they neither read nor log.
    let create = "mutation($i: CreateApiKeyInput!) { createApiKey(input: $i) { secret } }";
    let key = |scopes: Value| {
        let app = &app;
        let admin = &admin;
        async move {
            let res = app.gql(Some(&admin.token), create, json!({"i": {"name": "Phone system", "scopes": scopes}})).await;
            ok(&res)["createApiKey"]["secret"].as_str().unwrap().to_owned()
        }
    };
    let phone_system = key(json!(["CUSTOMERS_READ", "INTERACTIONS_WRITE"])).await;
    let mut call = with(json!({"kind": "CALL", "channel": "VOIP", "direction": "INBOUND", "subject": "Order status"}));
    call.as_object_mut().unwrap().remove("endedAt");
    let res = log(&app, &phone_system, call).await;
    assert_eq!(ok(&res)["logInteraction"]["interaction"]["internal"], false);
    assert_eq!(timeline(&app, &phone_system, cid, json!({})).await.len(), 2, "the partner's and its own");
    let reader = key(json!(["CUSTOMERS_READ"])).await;
    let res = app.gql(Some(&reader), "query($id: ID!) { customer(id: $id) { timeline { totalCount } } }", json!({"id": cid})).await;
    assert_eq!(code(&res), "FORBIDDEN", "{res}");
    assert_eq!(code(&log(&app, &reader, with(json!({}))).await), "FORBIDDEN");
}
db_test!(logging_is_validated_and_scoped);
