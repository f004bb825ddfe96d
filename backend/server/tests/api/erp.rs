//! The ERP hand-off through the outbox: signed deliveries, retries while the ERP is down,
//! the delivery log, failure after the last attempt and the admin's replay. (The crash
//! across a restart is in `e2e/tests/e2e/erp.rs`, with the real binary.)

use crate::helpers::{ok, spawn, Backend, TestApp};
use crm_identity::domain::StaffRole;
use crm_sales::erp::outbox::RetryPolicy;
use crm_sales::erp::webhook::Endpoint;
use crm_sales::erp::worker::WorkerConfig;
use e2e::erp::Receiver;
use serde_json::{json, Value};
use std::time::Duration;

const SECRET: &str = "test-webhook-secret-0123456789";

async fn app_with_erp(backend: Backend, receiver: &Receiver, max_attempts: i32) -> TestApp {
    let config = WorkerConfig {
        endpoint: Endpoint { url: receiver.url(), secret: SECRET.into(), timeout: Duration::from_secs(2) },
        policy: RetryPolicy {
            base: Duration::from_millis(50),
            cap: Duration::from_millis(200),
            max_attempts,
            lease: Duration::from_secs(5),
        },
        poll: Duration::from_millis(20),
    };
    spawn(backend, move |c| c.erp = Some(config)).await
}

/// Places an order for a new customer; returns its id.
pub(crate) async fn place_order(app: &TestApp, token: &str, sku: &str) -> String {
    let res = app
        .gql(
            Some(token),
            "mutation($i: CreateProductInput!) { createProduct(input: $i) { product { id } } }",
            json!({"i": {"sku": sku, "name": sku, "family": "F", "unit": "PIECE"}}),
        )
        .await;
    let product = ok(&res)["createProduct"]["product"]["id"].clone();
    let res = app.gql(Some(token), "{ priceBooks(filter: {currency: {in: [\"EUR\"]}}) { nodes { id version } } }", json!({})).await;
    let book = match ok(&res)["priceBooks"]["nodes"].as_array().and_then(|b| b.first()).cloned() {
        Some(book) => book,
        None => {
            let res = app
                .gql(
                    Some(token),
                    "mutation { createPriceBook(input: {name: \"L\", currency: \"EUR\", isDefault: true}) { priceBook { id version } } }",
                    json!({}),
                )
                .await;
            ok(&res)["createPriceBook"]["priceBook"].clone()
        }
    };
    ok(&app
        .gql(
            Some(token),
            "mutation($i: SetListPricesInput!) { setListPrices(input: $i) { priceBook { id } } }",
            json!({"i": {"priceBookId": book["id"], "version": book["version"], "prices": [{"productId": product, "listPrice": "100"}]}}),
        )
        .await);
    let customer = app
        .gql(Some(token), "mutation { createCustomer(input: {kind: COMPANY, name: \"Rossi SpA\"}) { customer { id } } }", json!({}))
        .await;
    let input =
        json!({"i": {"customerId": ok(&customer)["createCustomer"]["customer"]["id"], "lines": [{"productId": product, "quantity": "2"}]}});
    let res = app.gql(Some(token), "mutation($i: CreateOrderInput!) { createOrder(input: $i) { order { id status } } }", input).await;
    assert_eq!(ok(&res)["createOrder"]["order"]["status"], "PLACED");
    ok(&res)["createOrder"]["order"]["id"].as_str().unwrap().to_owned()
}

const DELIVERY: &str =
    "query($id: ID!) { order(id: $id) { status erpDelivery { id state attempts lastError log { attempt statusCode error } } } }";

/// Polls until `done` holds for the order (or gives up after 10 s).
async fn wait_for(app: &TestApp, token: &str, order: &str, done: impl Fn(&Value) -> bool) -> Value {
    for _ in 0..500 {
        let res = app.gql(Some(token), DELIVERY, json!({"id": order})).await;
        if done(&ok(&res)["order"]) {
            return ok(&res)["order"].clone();
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    panic!("the order never got there: {}", app.gql(Some(token), DELIVERY, json!({"id": order})).await);
}

async fn delivers_signed_and_retries_until_the_erp_answers(backend: Backend) {
    let mut receiver = Receiver::new(SECRET).unwrap();
    let app = app_with_erp(backend, &receiver, 50).await;
    let admin = app.staff("admin@example.com", StaffRole::Admin).await;
    // The ERP is down (nothing listens), then answers 503 twice, then accepts.
    let order = place_order(&app, &admin.token, "P1").await;
    let failing = wait_for(&app, &admin.token, &order, |o| o["erpDelivery"]["attempts"].as_i64() >= Some(2)).await;
    assert_eq!(failing["status"], "PLACED");
    assert_eq!(failing["erpDelivery"]["lastError"], "could not connect");
    receiver.script(&[503, 503]);
    receiver.start().await.unwrap();
    let done = wait_for(&app, &admin.token, &order, |o| o["status"] == "SENT_TO_ERP").await;
    assert_eq!(done["erpDelivery"]["state"], "DELIVERED");
    let log = done["erpDelivery"]["log"].as_array().unwrap();
    assert!(log.len() >= 5, "every attempt is logged: {log:?}");
    assert_eq!(log.last().unwrap()["statusCode"], 200);
    assert!(log.iter().any(|a| a["statusCode"] == 503));

    let received = receiver.received();
    assert_eq!(received.len(), 3, "two 503s and the accepted one");
    assert!(received.iter().all(|r| r.signature_ok), "every delivery is signed with the shared secret");
    assert!(
        received.iter().all(|r| r.idempotency_key() == done["erpDelivery"]["id"].as_str().unwrap()),
        "one idempotency key for all attempts"
    );
    let body = received[2].json();
    assert_eq!((body["event"].as_str(), body["order"]["id"].as_str()), (Some("order.placed"), Some(order.as_str())));
    assert_eq!((body["order"]["total"].as_str(), body["order"]["lines"][0]["quantity"].as_str()), (Some("200"), Some("2")));
}

async fn failed_deliveries_wait_for_an_admin_replay(backend: Backend) {
    let mut receiver = Receiver::new(SECRET).unwrap();
    let app = app_with_erp(backend, &receiver, 2).await;
    let admin = app.staff("admin@example.com", StaffRole::Admin).await;
    receiver.script(&[500, 500]);
    receiver.start().await.unwrap();
    let order = place_order(&app, &admin.token, "P2").await;
    let failed = wait_for(&app, &admin.token, &order, |o| o["erpDelivery"]["state"] == "FAILED").await;
    assert_eq!(
        (failed["erpDelivery"]["attempts"].as_i64(), failed["erpDelivery"]["lastError"].as_str()),
        (Some(2), Some("the ERP answered HTTP 500"))
    );
    let health = "{ erpHealth { failed stalled needsAttention lastDeliveredAt } }";
    assert_eq!(
        ok(&app.gql(Some(&admin.token), health, json!({})).await)["erpHealth"],
        json!({"failed": 1, "stalled": 0, "needsAttention": true, "lastDeliveredAt": null})
    );
    let list = "{ erpDeliveries(filter: {state: FAILED}) { totalCount nodes { id orderId order { id status } } } }";
    let res = app.gql(Some(&admin.token), list, json!({})).await;
    assert_eq!(ok(&res)["erpDeliveries"]["nodes"][0]["orderId"], order.as_str());
    assert_eq!(ok(&res)["erpDeliveries"]["nodes"][0]["order"], json!({"id": order, "status": "PLACED"}));
    let manager = app.staff("manager@example.com", StaffRole::SalesManager).await;
    let replay = "mutation($i: ReplayErpDeliveryInput!) { replayErpDelivery(input: $i) { delivery { state } } }";
    let input = json!({"i": {"id": failed["erpDelivery"]["id"]}});
    assert_eq!(crate::helpers::code(&app.gql(Some(&manager.token), replay, input.clone()).await), "FORBIDDEN");
    assert_eq!(crate::helpers::code(&app.gql(Some(&manager.token), health, json!({})).await), "FORBIDDEN");
    assert_eq!(ok(&app.gql(Some(&admin.token), replay, input.clone()).await)["replayErpDelivery"]["delivery"]["state"], "PENDING");
    wait_for(&app, &admin.token, &order, |o| o["status"] == "SENT_TO_ERP").await;
    assert_eq!(receiver.received().len(), 3);
    let healthy = ok(&app.gql(Some(&admin.token), health, json!({})).await)["erpHealth"].clone();
    assert_eq!((&healthy["failed"], &healthy["needsAttention"]), (&json!(0), &json!(false)));
    assert!(healthy["lastDeliveredAt"].is_string(), "the delivery's time is shown: {healthy}");
    assert_eq!(
        app.gql(Some(&admin.token), replay, input).await["errors"][0]["extensions"]["reason"],
        "WRONG_STATUS",
        "delivered events are not replayed"
    );
}

/// Without a worker (no ERP URL on this server) an order waits in the outbox: once it is
/// overdue by more than the grace period, admins are told, with the time it has waited since.
async fn stalled_deliveries_raise_the_alarm(backend: Backend) {
    use crm_sales::erp::entity::event;
    use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
    let app = spawn(backend, |_| {}).await;
    let admin = app.staff("admin@example.com", StaffRole::Admin).await;
    let order = place_order(&app, &admin.token, "P3").await;
    let health = "{ erpHealth { failed stalled stalledSince needsAttention lastDeliveredAt } }";
    assert_eq!(
        ok(&app.gql(Some(&admin.token), health, json!({})).await)["erpHealth"],
        json!({"failed": 0, "stalled": 0, "stalledSince": null, "needsAttention": false, "lastDeliveredAt": null}),
        "a delivery just placed is not late"
    );

    // Three weeks later, still nobody has tried.
    use crm_core::clock::{Clock, SystemClock};
    let since = SystemClock.now() - chrono::Duration::weeks(3);
    event::Entity::update_many()
        .col_expr(event::Column::AvailableAt, sea_orm::sea_query::Expr::value(since))
        .col_expr(event::Column::CreatedAt, sea_orm::sea_query::Expr::value(since))
        .filter(event::Column::AggregateId.eq(uuid::Uuid::parse_str(&order).unwrap()))
        .exec(&app.db.write)
        .await
        .unwrap();
    let stalled = ok(&app.gql(Some(&admin.token), health, json!({})).await)["erpHealth"].clone();
    assert_eq!((&stalled["stalled"], &stalled["needsAttention"], &stalled["failed"]), (&json!(1), &json!(true), &json!(0)));
    let reported: chrono::DateTime<chrono::Utc> = stalled["stalledSince"].as_str().unwrap().parse().unwrap();
    assert_eq!(reported, since, "the alarm says since when orders wait");
}

macro_rules! on_both {
    ($name:ident) => {
        mod $name {
            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn sqlite() {
                super::$name(crate::helpers::Backend::Sqlite).await;
            }

            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn postgres() {
                if crate::helpers::postgres_url().is_none() {
                    println!("CRM_TEST_POSTGRES_URL not set: PostgreSQL variant skipped");
                    return;
                }
                super::$name(crate::helpers::Backend::Postgres).await;
            }
        }
    };
}

on_both!(delivers_signed_and_retries_until_the_erp_answers);
on_both!(failed_deliveries_wait_for_an_admin_replay);
on_both!(stalled_deliveries_raise_the_alarm);
