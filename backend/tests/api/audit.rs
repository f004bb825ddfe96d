//! Every mutation leaves an audit entry: who, when, which record, field-level before/after.

use crate::db_test;
use crate::helpers::{ok, TestApp};
use crm::identity::domain::StaffRole;
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
