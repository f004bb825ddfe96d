//! A bulk import survives its server being killed: `kill -9` while a file of customers is being
//! written, a restart, and the job goes on from its last committed batch once its lease runs
//! out: every row written once, none left out, the report a line per row.

use anyhow::{ensure, Context};
use e2e::{demo, seed_demo, Client, Server, SqliteDb};
use sea_orm::{ConnectionTrait, Database, Statement};
use serde_json::{json, Value};
use std::time::{Duration, Instant};

const ROWS: usize = 60_000;

fn customers_file() -> Vec<u8> {
    let mut text = String::from("External id,Company,First name,Last name,Email,City,Country\n");
    for i in 0..ROWS {
        text.push_str(&format!("K-{i},Kill Test {i} Ltd,Ada,Row{i},ada{i}@kill.example,Milano,IT\n"));
    }
    text.into_bytes()
}

async fn job(client: &Client, token: &str, id: &str) -> anyhow::Result<Value> {
    let query = "query($id: ID!) { importJob(id: $id) { status rowsRead created updated skipped refused error } }";
    Ok(client.data(query, json!({"id": id}), Some(token)).await?["importJob"].clone())
}

#[tokio::test]
async fn an_import_killed_mid_run_resumes_without_duplicates_or_gaps() -> anyhow::Result<()> {
    let db = SqliteDb::new()?;
    seed_demo(&db.url(), 20, 7).await?;
    // A short lease, so that the restarted server takes the job on within seconds.
    let env = [("CRM_IMPORT_LEASE_SECS", "2")];
    let server = Server::start(&db.url(), &env).await?;
    let client = Client::new(server.base_url())?;
    let token = client.login(demo::ADMIN, demo::PASSWORD).await?;

    let http = reqwest::Client::new();
    let uploaded: Value =
        http.post(server.url("/imports/files?name=kill.csv")).bearer_auth(&token).body(customers_file()).send().await?.json().await?;
    let file = uploaded["id"].as_str().context("no file id")?.to_owned();
    let preview = client
        .data("query($id: ID!) { importFile(id: $id) { suggestedMapping { column field } } }", json!({"id": file}), Some(&token))
        .await?;
    let input = json!({"fileId": file, "kind": "CUSTOMERS", "mapping": preview["importFile"]["suggestedMapping"]});
    let started =
        client.data("mutation($i: StartImportInput!) { startImport(input: $i) { job { id } } }", json!({"i": input}), Some(&token)).await?;
    let id = started["startImport"]["job"]["id"].as_str().context("no job id")?.to_owned();

    // Killed (SIGKILL) once a few batches are in.
    let deadline = Instant::now() + Duration::from_secs(120);
    let at_kill = loop {
        let now = job(&client, &token, &id).await?;
        if now["rowsRead"].as_i64().unwrap_or(0) >= 3000 {
            break now;
        }
        ensure!(Instant::now() < deadline, "the import did not start: {now}");
        tokio::time::sleep(Duration::from_millis(20)).await;
    };
    drop(server);
    let read_at_kill = at_kill["rowsRead"].as_i64().unwrap_or(0);
    ensure!(at_kill["status"] == "RUNNING" && read_at_kill < ROWS as i64, "the kill came too late to test anything: {at_kill}");

    let server = Server::start(&db.url(), &env).await?;
    let client = Client::new(server.base_url())?;
    let token = client.login(demo::ADMIN, demo::PASSWORD).await?;
    let deadline = Instant::now() + Duration::from_secs(300);
    let done = loop {
        let now = job(&client, &token, &id).await?;
        if now["status"] != "RUNNING" && now["status"] != "QUEUED" {
            break now;
        }
        ensure!(Instant::now() < deadline, "the import did not end after the restart: {now}");
        tokio::time::sleep(Duration::from_millis(200)).await;
    };
    let rows = ROWS as i64;
    ensure!(done["status"] == "DONE", "{done}");
    ensure!(done["rowsRead"] == rows && done["created"] == rows, "every row once: {done} (killed at {read_at_kill})");
    ensure!(done["updated"] == 0 && done["skipped"] == 0 && done["refused"] == 0, "{done}");

    // What the database holds: each row's customer once, and one report line per row.
    let conn = Database::connect(db.url()).await?;
    let count = |sql: &str| {
        let conn = conn.clone();
        let sql = sql.to_owned();
        async move {
            let row = conn.query_one(Statement::from_string(conn.get_database_backend(), sql)).await?.context("no row")?;
            anyhow::Ok((row.try_get_by_index::<i64>(0)?, row.try_get_by_index::<i64>(1)?))
        }
    };
    let customers = count("SELECT COUNT(*), COUNT(DISTINCT external_id) FROM customers WHERE external_id LIKE 'K-%'").await?;
    ensure!(customers == (rows, rows), "customers written: {customers:?}");
    let contacts = count("SELECT COUNT(*), COUNT(DISTINCT c.customer_id) FROM contacts c JOIN customers k ON k.id = c.customer_id WHERE k.external_id LIKE 'K-%'").await?;
    ensure!(contacts == (rows, rows), "one contact each: {contacts:?}");
    // The database holds this one job.
    let report = count("SELECT COUNT(*), MAX(\"row\") FROM import_rows").await?;
    ensure!(report == (rows, rows), "a report line per row: {report:?}");
    Ok(())
}
