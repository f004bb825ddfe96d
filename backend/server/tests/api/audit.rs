//! Every mutation leaves an audit entry: who, when, which record, field-level before/after.
//! Admins read the whole log; staff read one customer's history.

use crate::db_test;
use crate::helpers::{code, ok, TestApp};
use crm_identity::domain::StaffRole;
use serde_json::json;

async fn mutations_are_audited_field_by_field(app: TestApp) {
    let admin = app.staff("admin@example.com", StaffRole::Admin).await;
    let customer = app.customer(&admin, json!({"name": "Audited S.r.l.", "industry": "Food", "address": null})).await;
    let q = "mutation($i: UpdateCustomerInput!) { updateCustomer(input: $i) { customer { version } } }";
    ok(&app.gql(Some(&admin.token), q, json!({"i": {"id": customer["id"], "version": 1, "name": "Audited Italia S.r.l.", "address": {"country": "IT", "city": "Torino"}}})).await);
    // A no-op update changes nothing and is not audited.
    let noop = app.gql(Some(&admin.token), q, json!({"i": {"id": customer["id"], "version": 2, "name": "Audited Italia S.r.l."}})).await;
    assert_eq!(ok(&noop)["updateCustomer"]["customer"]["version"], 2);

    let log = "query($id: ID!) { auditLog(filter: {entityId: $id}) { totalCount nodes { action entityType entityId actor { kind id label } requestId occurredAt changes { field before after } } } }";
    let res = app.gql(Some(&admin.token), log, json!({"id": customer["id"]})).await;
    let entries = ok(&res)["auditLog"]["nodes"].as_array().unwrap().clone();
    assert_eq!(ok(&res)["auditLog"]["totalCount"], 2);
    let (update, create) = (&entries[0], &entries[1]);
    assert_eq!(update["action"], "UPDATE", "newest first");
    assert_eq!(create["action"], "CREATE");
    assert_eq!(update["entityType"], "CUSTOMER");
    assert_eq!(update["actor"], json!({"kind": "STAFF", "id": admin.id, "label": "admin@example.com"}));
    assert!(update["requestId"].is_string(), "entries carry the request id of the API call");
    let mut changes = update["changes"].as_array().unwrap().clone();
    changes.sort_by_key(|c| c["field"].as_str().unwrap().to_owned());
    assert_eq!(
        changes,
        vec![
            json!({"field": "address.city", "before": null, "after": "Torino"}),
            json!({"field": "address.country", "before": null, "after": "IT"}),
            json!({"field": "name", "before": "Audited S.r.l.", "after": "Audited Italia S.r.l."}),
        ],
        "only the fields that changed"
    );
    let created_name = create["changes"].as_array().unwrap().iter().find(|c| c["field"] == "name").unwrap();
    assert_eq!(created_name, &json!({"field": "name", "before": null, "after": "Audited S.r.l."}));

    // Filters by type and actor; the created contact has its own entry.
    let by_actor = app
        .gql(
            Some(&admin.token),
            "query($a: ID!) { auditLog(filter: {actorId: $a, entityType: CUSTOMER}) { totalCount } }",
            json!({"a": admin.id}),
        )
        .await;
    assert_eq!(ok(&by_actor)["auditLog"]["totalCount"], 2);
    // Password changes are audited without the password.
    app.staff("rep@example.com", StaffRole::SalesRep).await;
    let users = app.gql(Some(&admin.token), "{ users(filter: {search: \"rep@\"}) { nodes { id version } } }", json!({})).await;
    let user = &ok(&users)["users"]["nodes"][0];
    let change = "mutation($i: UpdateUserInput!) { updateUser(input: $i) { user { version } } }";
    ok(&app
        .gql(Some(&admin.token), change, json!({"i": {"id": user["id"], "version": user["version"], "password": "another long password"}}))
        .await);
    let res = app
        .gql(
            Some(&admin.token),
            "query($id: ID!) { auditLog(filter: {entityId: $id}) { nodes { changes { field before after } } } }",
            json!({"id": user["id"]}),
        )
        .await;
    assert_eq!(ok(&res)["auditLog"]["nodes"][0]["changes"], json!([{"field": "password", "before": "[redacted]", "after": "[redacted]"}]));
}
db_test!(mutations_are_audited_field_by_field);

const HISTORY: &str = "query($id: ID!, $first: Int, $after: String) { customer(id: $id) { history(first: $first, after: $after) { totalCount nodes { action entityType entityId actor { label } } pageInfo { hasNextPage endCursor } } } }";

/// Mutations a few milliseconds apart, so their UUIDv7 ids order them.
async fn pause() {
    tokio::time::sleep(std::time::Duration::from_millis(5)).await;
}

async fn staff_read_a_customer_s_history_with_its_contacts(app: TestApp) {
    let admin = app.staff("admin@example.com", StaffRole::Admin).await;
    let analyst = app.staff("analyst@example.com", StaffRole::Analyst).await;
    let input = json!({"name": "Storia S.r.l.", "primaryContact": {"firstName": "Sara", "lastName": "Storia", "emails": [{"address": "sara@storia.it"}]}});
    let customer = app.customer(&admin, input).await;
    let (id, contact) = (customer["id"].as_str().unwrap(), customer["contacts"][0]["id"].as_str().unwrap());
    app.customer(&admin, json!({"name": "Another S.r.l."})).await;
    pause().await;
    let t = Some(admin.token.as_str());
    let update = "mutation($i: UpdateCustomerInput!) { updateCustomer(input: $i) { customer { version } } }";
    ok(&app.gql(t, update, json!({"i": {"id": id, "version": 1, "industry": "Food"}})).await);
    pause().await;
    let update = "mutation($i: UpdateContactInput!) { updateContact(input: $i) { contact { version } } }";
    ok(&app.gql(t, update, json!({"i": {"id": contact, "version": 1, "jobTitle": "CEO"}})).await);
    pause().await;
    // Archived contacts' entries stay in the history.
    let archive = "mutation($i: RecordVersionInput!) { archiveContact(input: $i) { contact { archived } } }";
    ok(&app.gql(t, archive, json!({"i": {"id": contact, "version": 2}})).await);

    let res = app.gql(Some(&analyst.token), HISTORY, json!({"id": id})).await;
    let history = &ok(&res)["customer"]["history"];
    assert_eq!(history["totalCount"], 5, "{history}");
    let entries: Vec<(String, String, String)> = history["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| (n["action"].as_str().unwrap().into(), n["entityType"].as_str().unwrap().into(), n["entityId"].as_str().unwrap().into()))
        .collect();
    let entry = |action: &str, ty: &str, id: &str| (action.to_owned(), ty.to_owned(), id.to_owned());
    assert_eq!(
        entries[..3],
        [entry("ARCHIVE", "CONTACT", contact), entry("UPDATE", "CONTACT", contact), entry("UPDATE", "CUSTOMER", id)],
        "newest first"
    );
    // Customer and primary contact were created together, in one instant.
    let mut created = entries[3..].to_vec();
    created.sort();
    assert_eq!(created, [entry("CREATE", "CONTACT", contact), entry("CREATE", "CUSTOMER", id)]);
    assert_eq!(history["nodes"][0]["actor"]["label"], "admin@example.com");

    // Pages follow the same order.
    let mut paged = Vec::new();
    let mut after = serde_json::Value::Null;
    loop {
        let res = app.gql(Some(&analyst.token), HISTORY, json!({"id": id, "first": 2, "after": after})).await;
        let page = ok(&res)["customer"]["history"].clone();
        assert!(page["nodes"].as_array().unwrap().len() <= 2);
        paged.extend(page["nodes"].as_array().unwrap().iter().map(|n| n["entityId"].as_str().unwrap().to_owned()));
        if page["pageInfo"]["hasNextPage"] != true {
            break;
        }
        after = page["pageInfo"]["endCursor"].clone();
    }
    assert_eq!(paged, entries.iter().map(|e| e.2.clone()).collect::<Vec<_>>());
}
db_test!(staff_read_a_customer_s_history_with_its_contacts);

async fn only_staff_read_a_customer_s_history(app: TestApp) {
    let admin = app.staff("admin@example.com", StaffRole::Admin).await;
    let partner_id = app.partner_org(&admin, "Alpina").await;
    let customer = app.customer(&admin, json!({"name": "Partnered S.r.l.", "partnerId": partner_id})).await;
    let id = customer["id"].as_str().unwrap();
    let partner = app.partner_user("seller@alpina.example", &partner_id).await;
    let portal = app.customer_user("me@partnered.example", id).await;
    let visible = "query($id: ID!) { customer(id: $id) { name } }";
    for user in [&partner, &portal] {
        // They see the customer, not its history.
        assert_eq!(ok(&app.gql(Some(&user.token), visible, json!({"id": id})).await)["customer"]["name"], "Partnered S.r.l.");
        assert_eq!(code(&app.gql(Some(&user.token), HISTORY, json!({"id": id})).await), "FORBIDDEN");
    }
    let create = "mutation($i: CreateApiKeyInput!) { createApiKey(input: $i) { secret } }";
    let res = app.gql(Some(&admin.token), create, json!({"i": {"name": "ERP", "scopes": ["CUSTOMERS_READ", "CUSTOMERS_WRITE"]}})).await;
    let key = ok(&res)["createApiKey"]["secret"].as_str().unwrap().to_owned();
    assert_eq!(code(&app.gql(Some(&key), HISTORY, json!({"id": id})).await), "FORBIDDEN");
}
db_test!(only_staff_read_a_customer_s_history);

/// A customer's history names what it refers to: who made each change, the record changed,
/// and the people, partners and records a reference field points to, as far as the reader
/// may see them.
async fn a_customer_s_history_reads_with_names(app: TestApp) {
    let admin = app.staff("admin@example.com", StaffRole::Admin).await;
    let rep = app.staff("giulia.rossi@example.com", StaffRole::SalesRep).await;
    let partner = app.partner_org(&admin, "Alpina Distribuzione").await;
    let customer = app.customer(&admin, json!({"name": "Named S.r.l.", "ownerId": rep.id})).await;
    let update = "mutation($i: UpdateCustomerInput!) { updateCustomer(input: $i) { customer { version } } }";
    ok(&app
        .gql(Some(&admin.token), update, json!({"i": {"id": customer["id"], "version": customer["version"], "partnerId": partner}}))
        .await);
    let create = "mutation($i: CreateOpportunityInput!) { createOpportunity(input: $i) { opportunity { id } } }";
    let input = json!({"customerId": customer["id"], "name": "Named rollout", "amount": {"amount": "900", "currency": "EUR"},
        "expectedCloseDate": "2027-01-31"});
    ok(&app.gql(Some(&rep.token), create, json!({"i": input})).await);

    let history = "query($id: ID!) { customer(id: $id) { history { nodes { entityType action subjectName actor { label name }
        changes { field beforeText afterText } } } } }";
    let res = app.gql(Some(&rep.token), history, json!({"id": customer["id"]})).await;
    let nodes = ok(&res)["customer"]["history"]["nodes"].as_array().unwrap().clone();
    let change = |entity: &str, action: &str, field: &str| {
        nodes
            .iter()
            .filter(|n| n["entityType"] == entity && n["action"] == action)
            .flat_map(|n| n["changes"].as_array().unwrap().iter())
            .find(|c| c["field"] == field)
            .cloned()
            .unwrap_or_else(|| panic!("no {entity} {action} change of {field}: {res}"))
    };
    assert_eq!(change("CUSTOMER", "CREATE", "ownerId")["afterText"], "giulia.rossi");
    let partner_change = change("CUSTOMER", "UPDATE", "partnerId");
    assert_eq!((&partner_change["beforeText"], &partner_change["afterText"]), (&json!(null), &json!("Alpina Distribuzione")));
    assert_eq!(change("OPPORTUNITY", "CREATE", "customerId")["afterText"], "Named S.r.l.");
    assert_eq!(change("CUSTOMER", "CREATE", "name")["afterText"], json!(null), "plain values carry no names");
    let opportunity = nodes.iter().find(|n| n["entityType"] == "OPPORTUNITY").unwrap();
    assert_eq!((&opportunity["subjectName"], &opportunity["actor"]["name"]), (&json!("Named rollout"), &json!("giulia.rossi")));
    let created = nodes.iter().find(|n| n["entityType"] == "CUSTOMER" && n["action"] == "CREATE").unwrap();
    assert_eq!(
        (&created["subjectName"], &created["actor"]["label"], &created["actor"]["name"]),
        (&json!("Named S.r.l."), &json!("admin@example.com"), &json!("admin"))
    );
}
db_test!(a_customer_s_history_reads_with_names);
