//! Unique and foreign keys refuse, they do not fail: two requests racing to insert the same
//! unique value both pass the service's check on PostgreSQL, and the database refuses the
//! later one. That answer must be the service's own refusal (`CONFLICT`, never `INTERNAL`).

use crate::db_test;
use crate::helpers::{ok, TestApp, TestUser};
use crm_core::error::{AppError, ErrorCode};
use crm_identity::domain::{StaffRole, UserKind};
use crm_identity::entity::user;
use sea_orm::{ActiveModelTrait, Set};
use serde_json::{json, Value};

/// Sends `inputs` to `mutation` at once and returns the answers.
async fn race(app: &TestApp, admin: &TestUser, mutation: &str, inputs: Vec<Value>) -> Vec<Value> {
    futures::future::join_all(inputs.into_iter().map(|input| app.gql(Some(&admin.token), mutation, json!({ "i": input })))).await
}

/// Exactly one answer succeeded; every other is a CONFLICT on `field` with `reason`.
fn one_winner(answers: &[Value], field: &str, reason: &str) {
    let winners = answers.iter().filter(|a| a.get("errors").is_none()).count();
    assert_eq!(winners, 1, "{answers:?}");
    for lost in answers.iter().filter(|a| a.get("errors").is_some()) {
        let ext = &lost["errors"][0]["extensions"];
        assert_eq!(
            (ext["code"].as_str(), ext["field"].as_str(), ext["reason"].as_str()),
            (Some("CONFLICT"), Some(field), Some(reason)),
            "{lost}"
        );
    }
}

async fn racing_creates_of_one_unique_value_give_one_success_and_conflicts(app: TestApp) {
    let admin = app.staff("admin@example.com", StaffRole::Admin).await;
    let product = "mutation($i: CreateProductInput!) { createProduct(input: $i) { product { id } } }";
    let user = "mutation($i: CreateUserInput!) { createUser(input: $i) { user { id } } }";
    let book = "mutation($i: CreatePriceBookInput!) { createPriceBook(input: $i) { priceBook { id } } }";
    // Several rounds, so that some requests really overlap on a multi-connection database.
    for round in 0..6 {
        let inputs =
            (0..3).map(|n| json!({"sku": format!("RACE-{round}"), "name": format!("Racer {n}"), "family": "F", "unit": "PIECE"})).collect();
        one_winner(&race(&app, &admin, product, inputs).await, "sku", "SKU_TAKEN");

        let inputs = (0..3)
            .map(|n| {
                json!({"email": format!("racer{round}@example.com"), "displayName": format!("Racer {n}"), "password": "long enough pw", "kind": "STAFF", "role": "SALES_REP"})
            })
            .collect();
        one_winner(&race(&app, &admin, user, inputs).await, "email", "EMAIL_TAKEN");
    }
    // One default price book per currency: the second of two racing defaults is refused
    // unless it came after the first committed, when it takes the default over.
    for currency in ["EUR", "USD", "GBP", "CHF"] {
        let inputs = (0..2).map(|n| json!({"name": format!("{currency} {n}"), "currency": currency, "isDefault": true})).collect();
        let answers = race(&app, &admin, book, inputs).await;
        for answer in answers.iter().filter(|a| a.get("errors").is_some()) {
            let ext = &answer["errors"][0]["extensions"];
            assert_eq!(ext["code"], "CONFLICT", "{answer}");
        }
        let defaults = app
            .gql(
                Some(&admin.token),
                "query($c: String!) { priceBooks(filter: {currency: {in: [$c]}}) { nodes { isDefault } } }",
                json!({"c": currency}),
            )
            .await;
        let defaults = ok(&defaults)["priceBooks"]["nodes"].as_array().unwrap().iter().filter(|b| b["isDefault"] == true).count();
        assert_eq!(defaults, 1, "{currency}: exactly one default book");
    }
}
db_test!(racing_creates_of_one_unique_value_give_one_success_and_conflicts);

/// The database's own refusals, whatever service check came before: a taken unique value is
/// CONFLICT (`ALREADY_EXISTS`), a reference to no record is BAD_USER_INPUT
/// (`UNKNOWN_REFERENCE`), on both databases.
async fn constraint_violations_map_to_refusals(app: TestApp) {
    let admin = app.staff("admin@example.com", StaffRole::Admin).await;
    let now = chrono::DateTime::parse_from_rfc3339("2026-12-01T10:00:00Z").unwrap().to_utc();
    let row = |email: &str, partner: Option<uuid::Uuid>| user::ActiveModel {
        id: Set(uuid::Uuid::now_v7()),
        email: Set(email.into()),
        password_hash: Set("not a hash".into()),
        display_name: Set("Row".into()),
        kind: Set(if partner.is_some() { UserKind::Partner } else { UserKind::Staff }),
        role: Set(partner.is_none().then_some(StaffRole::SalesRep)),
        partner_id: Set(partner),
        customer_id: Set(None),
        active: Set(true),
        sales_team_id: Set(None),
        created_at: Set(now),
        updated_at: Set(now),
        version: Set(1),
    };
    let refusal = |err: sea_orm::DbErr| {
        let err = AppError::from(err);
        let code = err.code();
        let ext = async_graphql::Error::from(err).extensions.map(|e| serde_json::to_value(e).unwrap()).unwrap();
        (code, ext["reason"].as_str().map(str::to_owned))
    };
    let taken = row("admin@example.com", None).insert(&app.db.write).await.unwrap_err();
    assert_eq!(refusal(taken), (ErrorCode::Conflict, Some("ALREADY_EXISTS".into())));
    let dangling = row("dangling@example.com", Some(uuid::Uuid::now_v7())).insert(&app.db.write).await.unwrap_err();
    assert_eq!(refusal(dangling), (ErrorCode::BadUserInput, Some("UNKNOWN_REFERENCE".into())));
    // The admin's account is untouched and no row was written.
    let res = app.gql(Some(&admin.token), "{ users { totalCount } }", json!({})).await;
    assert_eq!(ok(&res)["users"]["totalCount"], 1);
}
db_test!(constraint_violations_map_to_refusals);
