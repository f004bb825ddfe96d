//! Notes: on a customer, its contacts, deals and orders and on leads; read as far as the
//! record is (another team's deal keeps its notes hidden, in the list and in the customer's
//! history), shared with partners only when meant for them; the author changes the text,
//! managers moderate; mentions; Markdown shown as safe HTML; validation.

use crate::db_test;
use crate::helpers::{code, ok, TestApp, TestUser};
use crm_identity::domain::StaffRole;
use serde_json::{json, Value};

const FIELDS: &str = "id subject subjectId subjectName customerId body bodyHtml pinned sharedWithPartner author { email } \
    mentions { email } version viewerCanEdit viewerCanEditText archivedAt";

async fn add(app: &TestApp, user: &TestUser, input: Value) -> Value {
    app.gql(
        Some(&user.token),
        &format!("mutation($i: AddNoteInput!) {{ addNote(input: $i) {{ note {{ {FIELDS} }} }} }}"),
        json!({"i": input}),
    )
    .await
}

async fn note(app: &TestApp, user: &TestUser, input: Value) -> Value {
    let res = add(app, user, input).await;
    ok(&res)["addNote"]["note"].clone()
}

async fn update(app: &TestApp, user: &TestUser, input: Value) -> Value {
    app.gql(
        Some(&user.token),
        &format!("mutation($i: UpdateNoteInput!) {{ updateNote(input: $i) {{ note {{ {FIELDS} }} }} }}"),
        json!({"i": input}),
    )
    .await
}

/// The bodies of the notes `filter` lists for `user`, newest first.
async fn bodies(app: &TestApp, user: &TestUser, filter: Value) -> Vec<String> {
    let res =
        app.gql(Some(&user.token), "query($f: NoteFilter) { notes(filter: $f) { totalCount nodes { body } } }", json!({"f": filter})).await;
    let nodes = ok(&res)["notes"]["nodes"].as_array().unwrap().clone();
    assert_eq!(ok(&res)["notes"]["totalCount"], json!(nodes.len()), "{res}");
    nodes.iter().map(|n| n["body"].as_str().unwrap().to_owned()).collect()
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

async fn notes_follow_the_records_they_are_about(app: TestApp) {
    let admin = app.staff("admin@example.com", StaffRole::Admin).await;
    let manager = app.staff("manager@example.com", StaffRole::SalesManager).await;
    let rep = app.staff("rep@example.com", StaffRole::SalesRep).await;
    let outsider = app.staff("out@example.com", StaffRole::SalesRep).await;
    let analyst = app.staff("analyst@example.com", StaffRole::Analyst).await;
    let partner_id = app.partner_org(&admin, "Alpina").await;
    let seller = app.partner_user("seller@alpina.example", &partner_id).await;
    let customer = app
        .customer(
            &admin,
            json!({"name": "Rossi SpA", "partnerId": partner_id, "primaryContact": {"firstName": "Giulia", "lastName": "Ferraro"}}),
        )
        .await;
    let cid = customer["id"].clone();
    let contact = customer["contacts"][0]["id"].clone();
    let customer_user = app.customer_user("buyer@rossi.example", cid.as_str().unwrap()).await;
    let own_deal = opportunity(&app, &rep, &cid, "Rollout").await;
    let other_deal = opportunity(&app, &outsider, &cid, "Secret renewal").await;

    // On the customer, shared with the partner, mentioning the manager; Markdown rendered.
    let first = note(
        &app,
        &rep,
        json!({"about": {"subject": "CUSTOMER", "id": cid}, "body": "Call **Giulia** <b>Monday</b>", "sharedWithPartner": true,
            "mentionIds": [manager.id]}),
    )
    .await;
    assert_eq!(
        (&first["subjectName"], &first["customerId"], &first["author"]["email"], &first["mentions"][0]["email"]),
        (&json!("Rossi SpA"), &cid, &json!("rep@example.com"), &json!("manager@example.com"))
    );
    assert_eq!(first["bodyHtml"], "<p>Call <strong>Giulia</strong> &lt;b&gt;Monday&lt;/b&gt;</p>\n");
    note(&app, &rep, json!({"about": {"subject": "CONTACT", "id": contact}, "body": "Prefers email"})).await;
    note(&app, &rep, json!({"about": {"subject": "OPPORTUNITY", "id": own_deal}, "body": "Budget approved", "pinned": true})).await;
    note(&app, &outsider, json!({"about": {"subject": "OPPORTUNITY", "id": other_deal}, "body": "Competitor is cheaper"})).await;
    // The partner's own note is shared with the partner, whatever it asks.
    let partners = note(&app, &seller, json!({"about": {"subject": "CUSTOMER", "id": cid}, "body": "Met at the fair"})).await;
    assert_eq!(partners["sharedWithPartner"], true);

    // The customer's notes gather those on its contacts and deals, as far as each is visible.
    let of_customer = json!({"customerId": cid});
    assert_eq!(
        bodies(&app, &manager, of_customer.clone()).await,
        ["Met at the fair", "Competitor is cheaper", "Budget approved", "Prefers email", "Call **Giulia** <b>Monday</b>"]
    );
    assert_eq!(
        bodies(&app, &rep, of_customer.clone()).await,
        ["Met at the fair", "Budget approved", "Prefers email", "Call **Giulia** <b>Monday</b>"],
        "another team's deal keeps its notes"
    );
    assert_eq!(bodies(&app, &seller, of_customer.clone()).await, ["Met at the fair", "Call **Giulia** <b>Monday</b>"], "shared only");
    assert_eq!(bodies(&app, &rep, json!({"customerId": cid, "pinned": true})).await, ["Budget approved"]);
    assert_eq!(bodies(&app, &rep, json!({"about": {"subject": "CONTACT", "id": contact}})).await, ["Prefers email"]);
    assert_eq!(bodies(&app, &manager, json!({"mentionsMe": true})).await, ["Call **Giulia** <b>Monday</b>"]);
    assert!(bodies(&app, &rep, json!({"mentionsMe": true})).await.is_empty());
    assert_eq!(bodies(&app, &analyst, of_customer.clone()).await.len(), 5, "analysts read");

    // Nor does the customer's history show the hidden deal's note.
    let history = "query($id: ID!) { customer(id: $id) { history(first: 100) { nodes { entityType entityId } } } }";
    let notes_in_history = |res: &Value| -> usize {
        ok(res)["customer"]["history"]["nodes"].as_array().unwrap().iter().filter(|n| n["entityType"] == "NOTE").count()
    };
    assert_eq!(notes_in_history(&app.gql(Some(&manager.token), history, json!({"id": cid})).await), 5);
    assert_eq!(notes_in_history(&app.gql(Some(&rep.token), history, json!({"id": cid})).await), 4);

    // Writing needs the record in sight; customer users, API keys and analysts write none.
    let res = add(&app, &rep, json!({"about": {"subject": "OPPORTUNITY", "id": other_deal}, "body": "x"})).await;
    assert_eq!(code(&res), "NOT_FOUND", "{res}");
    let res = add(&app, &analyst, json!({"about": {"subject": "CUSTOMER", "id": cid}, "body": "x"})).await;
    assert_eq!(code(&res), "FORBIDDEN", "{res}");
    let res = add(&app, &customer_user, json!({"about": {"subject": "CUSTOMER", "id": cid}, "body": "x"})).await;
    assert_eq!(code(&res), "FORBIDDEN", "{res}");
    let res = app.gql(Some(&customer_user.token), "{ notes { totalCount } }", json!({})).await;
    assert_eq!(code(&res), "FORBIDDEN", "{res}");

    // The author changes the text; a manager pins and archives, but does not rewrite it.
    assert_eq!((&first["viewerCanEdit"], &first["viewerCanEditText"]), (&json!(true), &json!(true)));
    let res = update(&app, &manager, json!({"id": first["id"], "version": 1, "body": "Rewritten"})).await;
    assert_eq!(code(&res), "FORBIDDEN", "{res}");
    let res = update(&app, &outsider, json!({"id": first["id"], "version": 1, "pinned": true})).await;
    assert_eq!(code(&res), "FORBIDDEN", "{res}");
    let pinned = update(&app, &manager, json!({"id": first["id"], "version": 1, "pinned": true})).await;
    assert_eq!(ok(&pinned)["updateNote"]["note"]["version"], 2);
    let res = update(&app, &rep, json!({"id": first["id"], "version": 1, "body": "Stale"})).await;
    assert_eq!(code(&res), "CONFLICT", "{res}");
    let edited = update(&app, &rep, json!({"id": first["id"], "version": 2, "body": "Call Giulia on Tuesday", "mentionIds": []})).await;
    let edited = &ok(&edited)["updateNote"]["note"];
    assert_eq!((&edited["body"], &edited["mentions"], &edited["pinned"]), (&json!("Call Giulia on Tuesday"), &json!([]), &json!(true)));
    assert!(bodies(&app, &manager, json!({"mentionsMe": true})).await.is_empty(), "no longer mentioned");
    let archive = "mutation($i: RecordVersionInput!) { archiveNote(input: $i) { note { archivedAt version } } }";
    let res = app.gql(Some(&manager.token), archive, json!({"i": {"id": first["id"], "version": 3}})).await;
    assert!(ok(&res)["archiveNote"]["note"]["archivedAt"].is_string());
    assert_eq!(bodies(&app, &seller, of_customer.clone()).await, ["Met at the fair"]);
    assert_eq!(bodies(&app, &rep, json!({"customerId": cid, "archived": true})).await, ["Call Giulia on Tuesday"]);
    // A partner cannot make its note internal.
    let res = update(&app, &seller, json!({"id": partners["id"], "version": 1, "sharedWithPartner": false})).await;
    assert_eq!(code(&res), "BAD_USER_INPUT", "{res}");
}
db_test!(notes_follow_the_records_they_are_about);

async fn notes_on_leads_and_orders_and_bad_input(app: TestApp) {
    let admin = app.staff("admin@example.com", StaffRole::Admin).await;
    let rep = app.staff("rep@example.com", StaffRole::SalesRep).await;
    let customer = app.customer(&admin, json!({"name": "Bianchi Srl"})).await;
    let res = app
        .gql(
            Some(&rep.token),
            "mutation($i: CreateLeadInput!) { createLead(input: $i) { lead { id } } }",
            json!({"i": {"firstName": "Marco", "lastName": "Neri", "company": "Neri & Figli", "email": "marco@neri.example"}}),
        )
        .await;
    let lead = ok(&res)["createLead"]["lead"]["id"].clone();
    let on_lead = note(&app, &rep, json!({"about": {"subject": "LEAD", "id": lead}, "body": "Asked for a demo"})).await;
    assert_eq!((&on_lead["subjectName"], &on_lead["customerId"]), (&json!("Marco Neri"), &Value::Null));

    let order = crate::erp::place_order(&app, &admin.token, "NOTE-1").await;
    let res = app.gql(Some(&admin.token), "query($id: ID!) { order(id: $id) { number customer { id } } }", json!({"id": order})).await;
    let placed = ok(&res)["order"].clone();
    let on_order = note(&app, &admin, json!({"about": {"subject": "ORDER", "id": order}, "body": "Deliver to the back door"})).await;
    assert_eq!((&on_order["subjectName"], &on_order["customerId"]), (&placed["number"], &placed["customer"]["id"]));
    assert_eq!(bodies(&app, &admin, json!({"customerId": placed["customer"]["id"]})).await, ["Deliver to the back door"]);

    // Blank, too long, unknown record, bad id, a customer user mentioned, too many mentions.
    let about = json!({"subject": "CUSTOMER", "id": customer["id"]});
    let res = add(&app, &rep, json!({"about": about, "body": "   "})).await;
    assert_eq!((code(&res), &res["errors"][0]["extensions"]["reason"]), ("BAD_USER_INPUT", &json!("BLANK")), "{res}");
    let res = add(&app, &rep, json!({"about": about, "body": "x".repeat(10_001)})).await;
    assert_eq!((code(&res), &res["errors"][0]["extensions"]["reason"]), ("BAD_USER_INPUT", &json!("TOO_LONG")), "{res}");
    let res = add(&app, &rep, json!({"about": {"subject": "LEAD", "id": customer["id"]}, "body": "x"})).await;
    assert_eq!(code(&res), "NOT_FOUND", "{res}");
    let res = add(&app, &rep, json!({"about": {"subject": "CUSTOMER", "id": "nope"}, "body": "x"})).await;
    assert_eq!(res["errors"][0]["extensions"]["reason"], "INVALID_ID", "{res}");
    let buyer = app.customer_user("buyer@bianchi.example", customer["id"].as_str().unwrap()).await;
    let res = add(&app, &rep, json!({"about": about, "body": "x", "mentionIds": [buyer.id]})).await;
    assert_eq!(
        (&res["errors"][0]["extensions"]["field"], &res["errors"][0]["extensions"]["reason"]),
        (&json!("mentionIds"), &json!("UNKNOWN_REFERENCE")),
        "{res}"
    );
    let many: Vec<&str> = vec![rep.id.as_str(); 21];
    let res = add(&app, &rep, json!({"about": about, "body": "x", "mentionIds": many})).await;
    assert_eq!(res["errors"][0]["extensions"]["reason"], "TOO_MANY", "{res}");
    // Nothing half-written: no note came of the refused ones.
    assert!(bodies(&app, &rep, json!({"customerId": customer["id"]})).await.is_empty());
}
db_test!(notes_on_leads_and_orders_and_bad_input);
