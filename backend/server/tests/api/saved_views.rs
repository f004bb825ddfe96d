//! Saved views: a person's own, shared with colleagues (staff with staff, a partner's users
//! among themselves), changed only by their owner (or an admin, for the staff's shared ones).

use crate::db_test;
use crate::helpers::{code, ok, TestApp, TestUser};
use crm_identity::domain::StaffRole;
use serde_json::{json, Value};

const SAVE: &str = "mutation($i: SaveViewInput!) { saveView(input: $i) { savedView { id name query shared mine viewerCanEdit version } } }";
const UPDATE: &str = "mutation($i: UpdateSavedViewInput!) { updateSavedView(input: $i) { savedView { id name query shared version } } }";
const DELETE: &str = "mutation($i: RecordVersionInput!) { deleteSavedView(input: $i) { deletedId } }";
const LIST: &str = "query($l: ViewList!) { savedViews(list: $l) { name query shared mine viewerCanEdit } }";

async fn save(app: &TestApp, user: &TestUser, input: Value) -> Value {
    app.gql(Some(&user.token), SAVE, json!({ "i": input })).await
}

async fn names(app: &TestApp, user: &TestUser, list: &str) -> Vec<String> {
    let res = app.gql(Some(&user.token), LIST, json!({ "l": list })).await;
    ok(&res)["savedViews"].as_array().unwrap().iter().map(|v| v["name"].as_str().unwrap().to_owned()).collect()
}

async fn views_are_kept_per_person_and_shared_with_colleagues(app: TestApp) {
    let rep = app.staff("rep@example.com", StaffRole::SalesRep).await;
    let manager = app.staff("manager@example.com", StaffRole::SalesManager).await;
    let admin = app.staff("admin@example.com", StaffRole::Admin).await;
    let partner_id = app.partner_org(&admin, "Alpina").await;
    let seller = app.partner_user("seller@alpina.example", &partner_id).await;
    let colleague = app.partner_user("buyer@alpina.example", &partner_id).await;

    // The query is stored without its page, blanks or leading "?".
    let res = save(&app, &rep, json!({"list": "OPPORTUNITIES", "name": "My deals", "query": "?owner=me&after=xyz&q=&open=1"})).await;
    let mine = ok(&res)["saveView"]["savedView"].clone();
    assert_eq!(
        (&mine["query"], &mine["shared"], &mine["mine"], &mine["viewerCanEdit"]),
        (&json!("owner=me&open=1"), &json!(false), &json!(true), &json!(true))
    );
    let res = save(
        &app,
        &manager,
        json!({"list": "OPPORTUNITIES", "name": "Closing this month", "query": "close_from=2026-12-01", "shared": true}),
    )
    .await;
    let shared = ok(&res)["saveView"]["savedView"].clone();
    let res = save(&app, &seller, json!({"list": "OPPORTUNITIES", "name": "Alpina pipeline", "query": "open=1", "shared": true})).await;
    ok(&res);

    // Own views and colleagues' shared ones, by name; other lists and other audiences apart.
    assert_eq!(names(&app, &rep, "OPPORTUNITIES").await, ["Closing this month", "My deals"]);
    assert_eq!(names(&app, &manager, "OPPORTUNITIES").await, ["Closing this month"]);
    assert!(names(&app, &rep, "CUSTOMERS").await.is_empty());
    assert_eq!(names(&app, &colleague, "OPPORTUNITIES").await, ["Alpina pipeline"]);
    let res = app.gql(Some(&rep.token), LIST, json!({"l": "OPPORTUNITIES"})).await;
    let seen = ok(&res)["savedViews"][0].clone();
    assert_eq!((&seen["mine"], &seen["viewerCanEdit"]), (&json!(false), &json!(false)), "{seen}");

    // One name per person and list, whatever the case.
    let res = save(&app, &rep, json!({"list": "OPPORTUNITIES", "name": "MY DEALS", "query": ""})).await;
    assert_eq!(code(&res), "CONFLICT", "{res}");
    assert_eq!(res["errors"][0]["extensions"]["field"], "name");
    ok(&save(&app, &rep, json!({"list": "LEADS", "name": "My deals", "query": ""})).await);

    // Only the owner changes a view; a stale version is a CONFLICT.
    let res = app.gql(Some(&rep.token), UPDATE, json!({"i": {"id": shared["id"], "version": 1, "name": "Mine now"}})).await;
    assert_eq!(code(&res), "FORBIDDEN", "{res}");
    let res =
        app.gql(Some(&rep.token), UPDATE, json!({"i": {"id": mine["id"], "version": 1, "name": "My open deals", "shared": true}})).await;
    assert_eq!(ok(&res)["updateSavedView"]["savedView"]["version"], 2);
    assert_eq!(names(&app, &manager, "OPPORTUNITIES").await, ["Closing this month", "My open deals"]);
    let res = app.gql(Some(&rep.token), UPDATE, json!({"i": {"id": mine["id"], "version": 1, "shared": false}})).await;
    assert_eq!(code(&res), "CONFLICT", "{res}");
    // A partner's view is not even found by staff, and the other way round.
    let res = app.gql(Some(&seller.token), DELETE, json!({"i": {"id": mine["id"], "version": 2}})).await;
    assert_eq!(code(&res), "NOT_FOUND", "{res}");
    // An admin tidies the views shared with all staff.
    let res = app.gql(Some(&admin.token), DELETE, json!({"i": {"id": shared["id"], "version": 1}})).await;
    assert_eq!(ok(&res)["deleteSavedView"]["deletedId"], shared["id"]);
    assert_eq!(names(&app, &rep, "OPPORTUNITIES").await, ["My open deals"]);
    let res = app.gql(Some(&rep.token), DELETE, json!({"i": {"id": mine["id"], "version": 2}})).await;
    ok(&res);
    assert!(names(&app, &rep, "OPPORTUNITIES").await.is_empty());

    // Bad input is refused with the field at fault.
    let res = save(&app, &rep, json!({"list": "CUSTOMERS", "name": "  ", "query": ""})).await;
    assert_eq!((code(&res), res["errors"][0]["extensions"]["field"].as_str()), ("BAD_USER_INPUT", Some("name")), "{res}");
    let res = save(&app, &rep, json!({"list": "CUSTOMERS", "name": "Long", "query": "q=x&".repeat(600)})).await;
    assert_eq!((code(&res), res["errors"][0]["extensions"]["reason"].as_str()), ("BAD_USER_INPUT", Some("TOO_LONG")), "{res}");
}
db_test!(views_are_kept_per_person_and_shared_with_colleagues);

async fn views_are_for_people_working_in_lists(app: TestApp) {
    let admin = app.staff("admin@example.com", StaffRole::Admin).await;
    let manager = app.staff("manager@example.com", StaffRole::SalesManager).await;
    let customer = app.customer(&manager, json!({"name": "Portal S.r.l."})).await;
    let portal = app.customer_user("portal@example.com", customer["id"].as_str().unwrap()).await;
    let res = app
        .gql(
            Some(&admin.token),
            "mutation($i: CreateApiKeyInput!) { createApiKey(input: $i) { secret } }",
            json!({"i": {"name": "reports", "scopes": ["CUSTOMERS_READ"]}}),
        )
        .await;
    let key = ok(&res)["createApiKey"]["secret"].as_str().unwrap().to_owned();
    for token in [Some(portal.token.as_str()), Some(key.as_str())] {
        let res = app.gql(token, LIST, json!({"l": "CUSTOMERS"})).await;
        assert_eq!(code(&res), "FORBIDDEN", "{res}");
        let res = app.gql(token, SAVE, json!({"i": {"list": "CUSTOMERS", "name": "Mine", "query": ""}})).await;
        assert_eq!(code(&res), "FORBIDDEN", "{res}");
    }
    assert_eq!(code(&app.gql(None, LIST, json!({"l": "CUSTOMERS"})).await), "UNAUTHENTICATED");
}
db_test!(views_are_for_people_working_in_lists);

/// Two saves of one name at once: one view, one CONFLICT on `name` (never INTERNAL).
async fn racing_saves_of_one_name_make_one_view(app: TestApp) {
    let rep = app.staff("rep@example.com", StaffRole::SalesRep).await;
    let input = json!({"list": "CUSTOMERS", "name": "Twins", "query": "owner=me"});
    let answers = futures::future::join_all((0..4).map(|_| save(&app, &rep, input.clone()))).await;
    let winners = answers.iter().filter(|a| a.get("errors").is_none()).count();
    assert_eq!(winners, 1, "{answers:?}");
    for lost in answers.iter().filter(|a| a.get("errors").is_some()) {
        let ext = &lost["errors"][0]["extensions"];
        assert_eq!((ext["code"].as_str(), ext["field"].as_str()), (Some("CONFLICT"), Some("name")), "{lost}");
    }
    assert_eq!(names(&app, &rep, "CUSTOMERS").await, ["Twins"]);
}
db_test!(racing_saves_of_one_name_make_one_view);
