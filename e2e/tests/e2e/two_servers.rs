//! Two `crm serve` processes on one PostgreSQL database, as behind a load balancer: a change
//! made through either reaches a live subscriber of the other (the event log, woken across
//! processes by LISTEN/NOTIFY), in order. Runs when `CRM_TEST_POSTGRES_URL` names a server
//! (`.ci/run` always does).

use anyhow::{bail, ensure, Context};
use e2e::{demo, seed_demo, Client, Server};
use futures::{SinkExt, StreamExt};
use sea_orm::{ConnectionTrait, Database};
use serde_json::{json, Value};
use std::time::{Duration, Instant};
use tokio_tungstenite::tungstenite::client::IntoClientRequest;
use tokio_tungstenite::tungstenite::Message;

type Socket = tokio_tungstenite::WebSocketStream<tokio_tungstenite::MaybeTlsStream<tokio::net::TcpStream>>;

/// `server`'s URL with `database` as its database.
fn on_database(server: &str, database: &str) -> String {
    let (base, query) = server.split_once('?').map_or((server, None), |(base, query)| (base, Some(query)));
    let host_starts = base.find("://").map_or(0, |at| at + 3);
    let host = base[host_starts..].find('/').map_or(base, |at| &base[..host_starts + at]);
    match query {
        Some(query) => format!("{host}/{database}?{query}"),
        None => format!("{host}/{database}"),
    }
}

/// A graphql-transport-ws connection to `server`, signed in with `token`, subscribed to
/// customer `customer`'s timeline after `after`.
async fn follow(server: &Server, token: &str, customer: &str, after: &str) -> anyhow::Result<Socket> {
    let mut request = format!("{}/graphql/ws", server.base_url().replace("http://", "ws://")).into_client_request()?;
    request.headers_mut().insert("sec-websocket-protocol", "graphql-transport-ws".parse()?);
    let (mut socket, _) = tokio_tungstenite::connect_async(request).await?;
    let init = json!({"type": "connection_init", "payload": {"authorization": format!("Bearer {token}")}});
    socket.send(Message::text(init.to_string())).await?;
    let ack = next(&mut socket).await?;
    ensure!(ack["type"] == "connection_ack", "not acknowledged: {ack}");
    let query = "subscription($c: ID!, $a: String) { timeline(customerId: $c, after: $a) { position interaction { id subject } } }";
    let subscribe = json!({"id": "t", "type": "subscribe", "payload": {"query": query, "variables": {"c": customer, "a": after}}});
    socket.send(Message::text(subscribe.to_string())).await?;
    Ok(socket)
}

/// The next protocol message (within 10 s).
async fn next(socket: &mut Socket) -> anyhow::Result<Value> {
    loop {
        match tokio::time::timeout(Duration::from_secs(10), socket.next()).await {
            Ok(Some(Ok(Message::Text(text)))) => return Ok(serde_json::from_str(&text)?),
            Ok(Some(Ok(Message::Ping(_) | Message::Pong(_)))) => continue,
            Ok(other) => bail!("the socket ended: {other:?}"),
            Err(_) => bail!("nothing within 10 s"),
        }
    }
}

/// The entry a `next` message of the timeline subscription carries.
fn timeline_entry(message: Value) -> anyhow::Result<Value> {
    ensure!(message["type"] == "next" && message["payload"]["errors"].is_null(), "not an entry: {message}");
    Ok(message["payload"]["data"]["timeline"]["interaction"].clone())
}

async fn live_position(client: &Client, token: &str, customer: &str) -> anyhow::Result<String> {
    let data = client
        .data("query($id: ID!) { customer(id: $id) { timeline(first: 1) { livePosition } } }", json!({"id": customer}), Some(token))
        .await?;
    Ok(data.pointer("/customer/timeline/livePosition").and_then(Value::as_str).context("no livePosition")?.to_owned())
}

/// Logs a call with `customer` through `client`; returns its id.
async fn log_call(client: &Client, token: &str, customer: &str, subject: &str) -> anyhow::Result<String> {
    let input = json!({"customerId": customer, "kind": "CALL", "channel": "PHONE", "direction": "OUTBOUND", "subject": subject,
        "startedAt": crate::tasks::soon(-60)});
    let data = client
        .data("mutation($i: LogInteractionInput!) { logInteraction(input: $i) { interaction { id } } }", json!({"i": input}), Some(token))
        .await?;
    Ok(data.pointer("/logInteraction/interaction/id").and_then(Value::as_str).context("no id")?.to_owned())
}

#[tokio::test]
async fn two_servers_on_one_postgresql_hear_each_other_s_changes_live() -> anyhow::Result<()> {
    let Some(server) = std::env::var("CRM_TEST_POSTGRES_URL").ok().filter(|url| !url.is_empty()) else {
        eprintln!("skipped: CRM_TEST_POSTGRES_URL is not set");
        return Ok(());
    };
    let name = format!("crm_e2e_two_servers_{}", std::process::id());
    let admin = Database::connect(&server).await?;
    admin.execute_unprepared(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)")).await?;
    admin.execute_unprepared(&format!("CREATE DATABASE {name}")).await?;
    let url = on_database(&server, &name);
    let result = async {
        seed_demo(&url, 40, 42).await?;
        let (a, b) = (Server::start(&url, &[]).await?, Server::start(&url, &[]).await?);
        let (through_a, through_b) = (Client::new(a.base_url())?, Client::new(b.base_url())?);
        let token = through_a.login(demo::SALES_REP, demo::PASSWORD).await?;
        let me = through_a.data("{ me { user { id } } }", json!({}), Some(&token)).await?;
        let owned = through_a
            .data(
                "query($me: ID!) { customers(first: 1, filter: {ownerId: {in: [$me]}}) { nodes { id } } }",
                json!({"me": me["me"]["user"]["id"]}),
                Some(&token),
            )
            .await?;
        let customer = owned.pointer("/customers/nodes/0/id").and_then(Value::as_str).context("the rep owns no customer")?.to_owned();

        // Each server's subscriber hears what is logged through the other, in order.
        let mut on_b = follow(&b, &token, &customer, &live_position(&through_b, &token, &customer).await?).await?;
        let mut on_a = follow(&a, &token, &customer, &live_position(&through_a, &token, &customer).await?).await?;
        let (mut heard_on_a, mut heard_on_b) = (Vec::new(), Vec::new());
        let mut latencies = Vec::new();
        for round in 0..10 {
            let (writer, listener, heard) =
                if round % 2 == 0 { (&through_a, &mut on_b, &mut heard_on_b) } else { (&through_b, &mut on_a, &mut heard_on_a) };
            let started = Instant::now();
            let id = log_call(writer, &token, &customer, &format!("Call {round}")).await?;
            // Before it, the listener's server delivered its own server's entry of the round
            // before.
            loop {
                let entry = timeline_entry(next(listener).await?)?;
                heard.push(entry["subject"].as_str().unwrap_or_default().to_owned());
                if entry["id"] == json!(id) {
                    break;
                }
            }
            latencies.push(started.elapsed());
        }
        latencies.sort();
        eprintln!("logged through one server, heard on the other: median {:?}, slowest {:?}", latencies[5], latencies[9]);
        // Both heard every entry, in the order logged.
        let expected: Vec<String> = (0..10).map(|round| format!("Call {round}")).collect();
        for (socket, heard) in [(&mut on_a, &mut heard_on_a), (&mut on_b, &mut heard_on_b)] {
            while heard.len() < expected.len() {
                heard.push(timeline_entry(next(socket).await?)?["subject"].as_str().unwrap_or_default().to_owned());
            }
            ensure!(*heard == expected, "heard {heard:?}");
        }
        anyhow::Ok(())
    }
    .await;
    admin.execute_unprepared(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)")).await?;
    result
}
