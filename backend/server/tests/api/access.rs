//! Each principal kind's visibility and rights on every path: lists, `customer(id)`, `node`,
//! `nodes`, nested fields, search, mutations, admin queries.

use crate::db_test;
use crate::helpers::{code, ok, TestApp};
use crm_identity::domain::StaffRole;
use serde_json::{json, Value};

struct World {
    own: Value,
    other: Value,
    partnered: Value,
    partner_id: String,
}

/// Two reps' customers, and one assigned to a partner organisation.
async fn world(app: &TestApp) -> (World, crate::helpers::TestUser, crate::helpers::TestUser) {
    let admin = app.staff("admin@example.com", StaffRole::Admin).await;
    let rep = app.staff("rep@example.com", StaffRole::SalesRep).await;
    let other_rep = app.staff("rep2@example.com", StaffRole::SalesRep).await;
    let partner_id = app.partner_org(&admin, "Alpina Distribuzione").await;
    let own = app.customer(&rep, json!({"name": "Own Customer", "primaryContact": {"firstName": "Olga", "lastName": "Own", "emails": [{"address": "olga@own.it"}]}})).await;
    let other = app.customer(&other_rep, json!({"name": "Other Customer", "primaryContact": {"firstName": "Otto", "lastName": "Other", "emails": [{"address": "otto@other.it"}]}})).await;
    let partnered = app
        .customer(&admin, json!({"name": "Partnered Customer", "partnerId": partner_id, "primaryContact": {"firstName": "Pia", "lastName": "Partner", "emails": [{"address": "pia@partnered.it"}]}}))
        .await;
    (World { own, other, partnered, partner_id }, admin, rep)
}

fn id(v: &Value) -> &str {
    v["id"].as_str().unwrap()
}

fn names(res: &Value, field: &str) -> Vec<String> {
    let mut names: Vec<String> =
        ok(res)[field]["nodes"].as_array().unwrap().iter().map(|n| n["name"].as_str().unwrap().to_owned()).collect();
    names.sort();
    names
}

async fn staff_read_all_and_edit_by_role(app: TestApp) {
    let (w, _admin, rep) = world(&app).await;
    for role in [StaffRole::Marketer, StaffRole::ServiceAgent, StaffRole::Analyst, StaffRole::SalesManager] {
        let user = app.staff(&format!("{role:?}@example.com").to_lowercase(), role).await;
        let res = app.gql(Some(&user.token), "{ customers { nodes { name } } }", json!({})).await;
        // (What the roles before created, below, aside.)
        let listed: Vec<String> = names(&res, "customers").into_iter().filter(|name| !name.starts_with("New for")).collect();
        assert_eq!(listed, ["Other Customer", "Own Customer", "Partnered Customer"], "{role:?}");
        let edit = rename(&app, &user.token, &w.other, 1, "Renamed").await;
        if role == StaffRole::SalesManager {
            ok(&edit);
        } else {
            assert_eq!(code(&edit), "FORBIDDEN", "{role:?} may only read");
        }
        let created = app.try_customer(&user, json!({"name": format!("New for {role:?}")})).await;
        match role {
            // The contact center registers an unknown caller: unowned, for sales to assign.
            StaffRole::ServiceAgent => assert_eq!(ok(&created)["createCustomer"]["customer"]["owner"], Value::Null, "{created}"),
            StaffRole::SalesManager => {
                ok(&created);
            }
            _ => assert_eq!(code(&created), "FORBIDDEN", "{role:?} may not create"),
        }
    }
    // A sales rep edits its own customers only, and cannot hand them to someone else.
    ok(&rename(&app, &rep.token, &w.own, 1, "Own Renamed").await);
    assert_eq!(code(&rename(&app, &rep.token, &w.partnered, 1, "Nope").await), "FORBIDDEN");
    let reassign = app
        .gql(
            Some(&rep.token),
            "mutation($i: UpdateCustomerInput!) { updateCustomer(input: $i) { customer { id } } }",
            json!({"i": {"id": id(&w.own), "version": 2, "ownerId": w.other["owner"]["id"]}}),
        )
        .await;
    assert_eq!(code(&reassign), "FORBIDDEN");
    // Admin-only surfaces.
    for q in ["{ users { totalCount } }", "{ apiKeys { totalCount } }", "{ auditLog { totalCount } }"] {
        let res = app.gql(Some(&rep.token), q, json!({})).await;
        if q.contains("users") {
            ok(&res);
        } else {
            assert_eq!(code(&res), "FORBIDDEN", "{q}");
        }
    }
    let create_user = "mutation { createUser(input: {email: \"x@example.com\", displayName: \"X\", password: \"long enough pw\", kind: STAFF, role: ADMIN}) { user { id } } }";
    assert_eq!(code(&app.gql(Some(&rep.token), create_user, json!({})).await), "FORBIDDEN");
}
db_test!(staff_read_all_and_edit_by_role);

async fn rename(app: &TestApp, token: &str, customer: &Value, version: i64, name: &str) -> Value {
    app.gql(
        Some(token),
        "mutation($i: UpdateCustomerInput!) { updateCustomer(input: $i) { customer { name version } } }",
        json!({"i": {"id": id(customer), "version": version, "name": name}}),
    )
    .await
}

async fn partners_see_and_edit_only_their_customers(app: TestApp) {
    let (w, _admin, _rep) = world(&app).await;
    let partner = app.partner_user("seller@alpina.example", &w.partner_id).await;
    let t = Some(partner.token.as_str());
    let me = app.gql(t, "{ me { kind partnerOrganization { id name } } }", json!({})).await;
    assert_eq!(ok(&me)["me"]["partnerOrganization"]["name"], "Alpina Distribuzione");
    assert_eq!(names(&app.gql(t, "{ customers { nodes { name } } }", json!({})).await, "customers"), ["Partnered Customer"]);
    // Search, contacts, node and nodes are scoped the same way.
    let search =
        app.gql(t, "{ customers(filter: {search: \"otto@\"}) { totalCount } contacts { totalCount nodes { fullName } } }", json!({})).await;
    assert_eq!(ok(&search)["customers"]["totalCount"], 0);
    assert_eq!(ok(&search)["contacts"]["totalCount"], 1);
    for hidden in [&w.own, &w.other] {
        let res = app.gql(t, "query($id: ID!) { customer(id: $id) { id } }", json!({"id": id(hidden)})).await;
        assert_eq!(code(&res), "NOT_FOUND");
        let res = app.gql(t, "query($id: ID!) { node(id: $id) { id } }", json!({"id": id(hidden)})).await;
        assert_eq!(code(&res), "NOT_FOUND");
        let contact = &hidden["contacts"][0]["id"];
        let res = app.gql(t, "query($id: ID!) { node(id: $id) { id } }", json!({"id": contact})).await;
        assert_eq!(code(&res), "NOT_FOUND", "contacts of invisible customers are invisible");
        // Editing an invisible customer is NOT_FOUND, not FORBIDDEN: no existence oracle.
        assert_eq!(code(&rename(&app, &partner.token, hidden, 1, "Mine now").await), "NOT_FOUND");
    }
    let nodes = app.gql(t, "query($ids: [ID!]!) { nodes(ids: $ids) { id } }", json!({"ids": [id(&w.own), id(&w.partnered)]})).await;
    assert_eq!(ok(&nodes)["nodes"], json!([null, {"id": id(&w.partnered)}]));
    ok(&rename(&app, &partner.token, &w.partnered, 1, "Partnered Renamed").await);
    // Its new customers are its own, whatever it asks for.
    let created = app.customer(&partner, json!({"name": "Partner Lead"})).await;
    assert_eq!(created["partner"]["id"], w.partner_id.as_str());
    assert_eq!(created["owner"], Value::Null);
    // Duplicate warnings do not reveal other partners' or the company's customers.
    let dup = app
        .try_customer(
            &partner,
            json!({"name": "Dup", "primaryContact": {"firstName": "O", "lastName": "O", "emails": [{"address": "olga@own.it"}]}}),
        )
        .await;
    assert_eq!(code(&dup), "CONFLICT");
    assert!(dup["errors"][0]["extensions"].get("existingId").is_none());
    assert!(!dup["errors"][0]["message"].as_str().unwrap().contains("Own Customer"));
    // No admin surfaces.
    assert_eq!(code(&app.gql(t, "{ auditLog { totalCount } }", json!({})).await), "FORBIDDEN");
}
db_test!(partners_see_and_edit_only_their_customers);

async fn customers_see_themselves_and_edit_their_contact_details(app: TestApp) {
    let (w, _admin, _rep) = world(&app).await;
    let portal = app.customer_user("olga@portal.example", id(&w.own)).await;
    let t = Some(portal.token.as_str());
    let me = app.gql(t, "{ me { kind customer { name contacts { id version } } } }", json!({})).await;
    assert_eq!(ok(&me)["me"]["customer"]["name"], "Own Customer");
    assert_eq!(names(&app.gql(t, "{ customers { nodes { name } } }", json!({})).await, "customers"), ["Own Customer"]);
    for hidden in [&w.other, &w.partnered] {
        let res = app.gql(t, "query($id: ID!) { node(id: $id) { id } }", json!({"id": id(hidden)})).await;
        assert_eq!(code(&res), "NOT_FOUND");
    }
    // Its own contact details and consent: yes (consent source is forced to SELF_SERVICE).
    let contact = &w.own["contacts"][0];
    let update = "mutation($i: UpdateContactInput!) { updateContact(input: $i) { contact { jobTitle version } } }";
    let res = app.gql(t, update, json!({"i": {"id": contact["id"], "version": 1, "jobTitle": "Owner"}})).await;
    assert_eq!(ok(&res)["updateContact"]["contact"], json!({"jobTitle": "Owner", "version": 2}));
    let consent =
        "mutation($i: UpdateContactConsentInput!) { updateContactConsent(input: $i) { contact { consents { channel status source } } } }";
    let res = app.gql(t, consent, json!({"i": {"contactId": contact["id"], "version": 2, "consents": [{"channel": "EMAIL", "status": "GRANTED", "source": "PAPER_FORM"}]}})).await;
    let email = ok(&res)["updateContactConsent"]["contact"]["consents"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["channel"] == "EMAIL")
        .cloned()
        .unwrap();
    assert_eq!(email, json!({"channel": "EMAIL", "status": "GRANTED", "source": "SELF_SERVICE"}));
    // The customer record itself, new contacts and archiving: no.
    assert_eq!(code(&rename(&app, &portal.token, &w.own, 1, "Hacked").await), "FORBIDDEN");
    let add = "mutation($i: CreateContactInput!) { createContact(input: $i) { contact { id } } }";
    assert_eq!(code(&app.gql(t, add, json!({"i": {"customerId": id(&w.own), "firstName": "A", "lastName": "B"}})).await), "FORBIDDEN");
    let demote = app.gql(t, update, json!({"i": {"id": contact["id"], "version": 3, "primary": false}})).await;
    assert_eq!(code(&demote), "FORBIDDEN", "choosing the primary contact is the company's: {demote}");
    assert_eq!(code(&app.try_customer(&portal, json!({"name": "Mine"})).await), "FORBIDDEN");
    assert_eq!(code(&app.gql(t, "{ partnerOrganizations { totalCount } }", json!({})).await), "FORBIDDEN");
}
db_test!(customers_see_themselves_and_edit_their_contact_details);

async fn anonymous_callers_see_nothing(app: TestApp) {
    let (w, _admin, _rep) = world(&app).await;
    for q in ["{ customers { totalCount } }", "{ me { kind } }", "{ contacts { totalCount } }"] {
        assert_eq!(code(&app.gql(None, q, json!({})).await), "UNAUTHENTICATED", "{q}");
    }
    let res = app.gql(None, "query($id: ID!) { node(id: $id) { id } }", json!({"id": id(&w.own)})).await;
    assert_eq!(code(&res), "UNAUTHENTICATED");
    let res = app.gql(None, "mutation { createCustomer(input: {kind: COMPANY, name: \"X\"}) { customer { id } } }", json!({})).await;
    assert_eq!(code(&res), "UNAUTHENTICATED");
}
db_test!(anonymous_callers_see_nothing);

async fn customers_tell_the_viewer_what_it_may_do(app: TestApp) {
    let (w, admin, rep) = world(&app).await;
    let partner = app.partner_user("seller@alpina.example", &w.partner_id).await;
    let q = "{ customers { nodes { name viewerCanEdit viewerCanAssign } } }";
    let rights = |res: &Value| -> Vec<(String, bool, bool)> {
        let mut rows: Vec<(String, bool, bool)> = ok(res)["customers"]["nodes"]
            .as_array()
            .unwrap()
            .iter()
            .map(|n| (n["name"].as_str().unwrap().into(), n["viewerCanEdit"].as_bool().unwrap(), n["viewerCanAssign"].as_bool().unwrap()))
            .collect();
        rows.sort();
        rows
    };
    let row = |name: &str, edit: bool, assign: bool| (name.to_owned(), edit, assign);
    let res = app.gql(Some(&admin.token), q, json!({})).await;
    assert_eq!(rights(&res), [row("Other Customer", true, true), row("Own Customer", true, true), row("Partnered Customer", true, true)]);
    let res = app.gql(Some(&rep.token), q, json!({})).await;
    assert_eq!(
        rights(&res),
        [row("Other Customer", false, false), row("Own Customer", true, false), row("Partnered Customer", false, false)],
        "a sales rep edits what it owns and assigns nothing"
    );
    let res = app.gql(Some(&partner.token), q, json!({})).await;
    assert_eq!(rights(&res), [row("Partnered Customer", true, false)]);
}
db_test!(customers_tell_the_viewer_what_it_may_do);
