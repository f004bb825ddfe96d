//! The ERP hand-off survives crashes: orders placed while the ERP is down are delivered once
//! it is back, the server killed in the middle of a delivery delivers it again after its
//! restart under the same idempotency key, and no order is lost or accepted twice.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use e2e::erp::Receiver;
use e2e::{demo, seed_demo, Client, Server, SqliteDb};
use serde_json::json;
use std::collections::{HashMap, HashSet};
use std::time::{Duration, Instant};

const SECRET: &str = "e2e-webhook-secret-0123456789";

fn env(receiver: &Receiver) -> Vec<(&'static str, String)> {
    vec![
        ("CRM_ERP_WEBHOOK_URL", receiver.url()),
        ("CRM_ERP_WEBHOOK_SECRET", SECRET.into()),
        ("CRM_ERP_RETRY_BASE_MS", "100".into()),
        ("CRM_ERP_RETRY_MAX_MS", "400".into()),
        ("CRM_ERP_LEASE_SECS", "1".into()),
        ("CRM_ERP_POLL_MS", "50".into()),
        ("CRM_ERP_TIMEOUT_SECS", "30".into()),
    ]
}

async fn start(db: &SqliteDb, receiver: &Receiver) -> anyhow::Result<(Server, Client)> {
    let vars = env(receiver);
    let pairs: Vec<(&str, &str)> = vars.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let server = Server::start(&db.url(), &pairs).await?;
    let client = Client::new(server.base_url())?;
    Ok((server, client))
}

async fn wait_until(what: &str, mut check: impl AsyncFnMut() -> anyhow::Result<bool>) -> anyhow::Result<()> {
    let deadline = Instant::now() + Duration::from_secs(30);
    while !check().await? {
        anyhow::ensure!(Instant::now() < deadline, "timed out waiting until {what}");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    Ok(())
}

#[tokio::test]
async fn no_order_is_lost_or_sent_twice_across_a_crash_and_an_erp_outage() -> anyhow::Result<()> {
    let db = SqliteDb::new()?;
    seed_demo(&db.url(), 60, 7).await?;
    let mut receiver = Receiver::new(SECRET)?;
    let (server, client) = start(&db, &receiver).await?;
    let manager = client.login(demo::MANAGER, demo::PASSWORD).await?;

    // Orders the seed placed, plus five placed now while the ERP is down.
    let catalog = client.data("{ products(first: 3, filter: {active: true}) { nodes { id } } customers(first: 5, filter: {lifecycle: {in: [CUSTOMER]}}) { nodes { id } } }", json!({}), Some(&manager)).await?;
    let product = catalog["products"]["nodes"][0]["id"].clone();
    let create = "mutation($i: CreateOrderInput!) { createOrder(input: $i) { order { id status } } }";
    for customer in catalog["customers"]["nodes"].as_array().unwrap() {
        let input = json!({"i": {"customerId": customer["id"], "lines": [{"productId": product, "quantity": "1"}]}});
        client.data(create, input, Some(&manager)).await?;
    }
    let placed = |client: &Client, token: &str| {
        let (client, token) = (client.clone(), token.to_owned());
        async move {
            let data = client.data("{ orders(first: 250) { nodes { id status } } }", json!({}), Some(&token)).await?;
            anyhow::Ok(data["orders"]["nodes"].as_array().cloned().unwrap_or_default())
        }
    };
    let expected: HashSet<String> = placed(&client, &manager)
        .await?
        .iter()
        .filter(|o| o["status"] != "CREDIT_HOLD" && o["status"] != "CANCELLED")
        .map(|o| o["id"].as_str().unwrap().to_owned())
        .collect();
    assert!(expected.len() >= 3, "orders to deliver (some may wait in CREDIT_HOLD): {}", expected.len());

    // The ERP comes up but hangs on the first request; the server is killed meanwhile.
    receiver.script(&[0]);
    receiver.start().await?;
    wait_until("a delivery is in flight", async || Ok(!receiver.received().is_empty())).await?;
    drop(server);
    receiver.stop();

    // Restarted while the ERP is down again: nothing gets through, nothing is lost.
    let (server, client) = start(&db, &receiver).await?;
    let manager = client.login(demo::MANAGER, demo::PASSWORD).await?;
    tokio::time::sleep(Duration::from_millis(1500)).await;
    assert!(placed(&client, &manager).await?.iter().all(|o| o["status"] != "SENT_TO_ERP"), "nothing delivered while the ERP is down");

    // The ERP is back: every order arrives, signed, and is recorded as sent.
    receiver.script(&[]);
    receiver.start().await?;
    wait_until("every order is SENT_TO_ERP", async || {
        let orders = placed(&client, &manager).await?;
        Ok(orders.iter().filter(|o| expected.contains(o["id"].as_str().unwrap_or_default())).all(|o| o["status"] == "SENT_TO_ERP"))
    })
    .await?;

    let received = receiver.received();
    assert!(received.iter().all(|r| r.signature_ok), "every request is signed");
    let mut accepted: HashMap<String, Vec<String>> = HashMap::new();
    for r in received.iter().filter(|r| r.answered == 200) {
        let order = r.json()["order"]["id"].as_str().unwrap_or_default().to_owned();
        accepted.entry(order).or_default().push(r.idempotency_key().to_owned());
    }
    let delivered: HashSet<String> = accepted.keys().cloned().collect();
    assert_eq!(delivered, expected, "every placed order reached the ERP, and nothing else");
    assert!(accepted.values().all(|keys| keys.len() == 1), "no order was accepted twice: {accepted:?}");
    let hung = &received[0];
    let hung_order = hung.json()["order"]["id"].as_str().unwrap().to_owned();
    assert_eq!(accepted[&hung_order], vec![hung.idempotency_key().to_owned()], "the interrupted delivery was repeated under the same key");

    drop(server);
    Ok(())
}
