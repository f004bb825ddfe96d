//! Bulk imports end to end: one survives its server being killed (`kill -9` while a file of
//! customers is being written, a restart, and the job goes on from its last committed batch
//! once its lease runs out: every row written once, none left out, the report a line per
//! row); a sales manager checks and imports a 50,000-row file in the app; a sales rep downloads
//! the filtered customer list as CSV.

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
    let lines = "query($id: ID!) { importJob(id: $id) { report(last: 1) { totalCount nodes { row } } } }";
    let report = client.data(lines, json!({"id": id}), Some(&token)).await?;
    let (total, last) = (report.pointer("/importJob/report/totalCount"), report.pointer("/importJob/report/nodes/0/row"));
    ensure!(total == Some(&json!(rows)) && last == Some(&json!(rows)), "a report line per row: {report}");
    Ok(())
}

/// A 50,000-row spreadsheet export (UTF-8 with a byte order mark, semicolons, Italian
/// headers): two rows a person would get wrong, a column nobody wants imported.
fn wizard_file() -> Vec<u8> {
    let mut text = String::from("\u{feff}Codice cliente;Ragione sociale;Città;Nazione;E-mail;Note\r\n");
    for i in 0..50_000 {
        let email = match i {
            10 => "not-an-address".to_owned(),
            20 => "wiz0@wizard.example".to_owned(),
            _ => format!("wiz{i}@wizard.example"),
        };
        text.push_str(&format!("W-{i};Procedura {i} S.r.l.;Torino;Italia;{email};nota {i}\r\n"));
    }
    text.into_bytes()
}

/// A sales manager imports a 50,000-row file in the app, in Italian: chooses it, sees the
/// suggested mapping (and leaves the notes out), checks it (nothing written, the two bad rows
/// named with their reason), imports it from the check's page and watches it finish.
#[tokio::test]
async fn a_manager_checks_then_imports_a_file_of_fifty_thousand_customers() -> anyhow::Result<()> {
    let Some((browser, crm)) = crate::browser::setup().await? else { return Ok(()) };
    let dir = tempfile::tempdir()?;
    let path = dir.path().join("clienti.csv");
    std::fs::write(&path, wizard_file())?;
    let path = path.display().to_string();
    browser
        .run("a_manager_checks_then_imports_a_file_of_fifty_thousand_customers", crm.server.base_url(), "it-IT", move |page| async move {
            page.goto("/admin").await?;
            crate::browser::sign_in(&page, demo::MANAGER).await?;
            page.click("a[href='/admin/imports']").await?;
            page.wait_for("#import-file").await?.send_keys(&path).await?;
            // The mapping the headers suggest; the notes are not a field.
            page.wait_for_text(".import-facts", "clienti.csv").await?;
            page.wait_for_text(".import-facts", "punti e virgola").await?;
            page.wait_for_value("#import-field-0", "EXTERNAL_ID").await?;
            page.wait_for_value("#import-field-1", "NAME").await?;
            page.wait_for_value("#import-field-2", "CITY").await?;
            page.wait_for_value("#import-field-4", "EMAIL").await?;
            page.wait_for_value("#import-field-5", "").await?;
            page.click("#check-import").await?;
            page.wait_for_within(".import-status[data-status='DONE']", Duration::from_secs(240)).await?;
            page.wait_for_text(".import-dry-run", "Non è stato scritto nulla").await?;
            page.wait_for_exact_text(".import-count[data-outcome='CREATED'] dd", "49.998").await?;
            page.wait_for_text("tr[data-row='11']", "Indirizzo email non valido.").await?;
            page.wait_for_text("tr[data-row='21']", "come la riga 1").await?;
            // The import's own page (the check's page said DONE already).
            page.click("#import-for-real").await?;
            page.wait_for_text("h1", "Importazione").await?;
            page.wait_for_within(".import-status[data-status='DONE']", Duration::from_secs(240)).await?;
            page.wait_for_exact_text(".import-count[data-outcome='CREATED'] dd", "49.998").await?;
            Ok(())
        })
        .await?;
    let token = crm.login(demo::MANAGER).await?;
    let found = crm
        .client
        .data(
            "{ customers(filter: {search: \"wiz49999@wizard.example\"}) { nodes { name externalId address { city } } } }",
            json!({}),
            Some(&token),
        )
        .await?;
    let names: Vec<&str> =
        found.pointer("/customers/nodes").and_then(Value::as_array).into_iter().flatten().filter_map(|c| c["name"].as_str()).collect();
    ensure!(names == ["Procedura 49999 S.r.l."], "imported: {found}");
    ensure!(found.pointer("/customers/nodes/0/externalId") == Some(&json!("W-49999")), "{found}");
    Ok(())
}

/// A sales rep exports the list as it is filtered, in Italian: the export page counts what
/// the file will hold, and its link (opened without any other credential, as the browser
/// does) downloads exactly the customers the list shows.
#[tokio::test]
async fn a_sales_rep_downloads_the_filtered_customer_list_as_csv() -> anyhow::Result<()> {
    let Some((browser, crm)) = crate::browser::setup().await? else { return Ok(()) };
    let href = browser
        .run("a_sales_rep_downloads_the_filtered_customer_list_as_csv", crm.server.base_url(), "it-IT", |page| async move {
            page.goto("/customers?lifecycle=CUSTOMER&q=a").await?;
            crate::browser::sign_in(&page, demo::SALES_REP).await?;
            page.wait_for("table.customers").await?;
            page.click("a[href^='/customers/export']").await?;
            page.wait_for_text(".export-count", "Il file conterrà").await?;
            page.wait_for_text(".export-count", "Solo quelli che mostrano la ricerca e i filtri").await?;
            let count = page.text(".export-count").await?;
            let href = page.eval("return document.querySelector('.export-download').getAttribute('href')").await?;
            // Back to the list as it was.
            page.click("a[href='/customers?lifecycle=CUSTOMER&q=a']").await?;
            page.wait_for("table.customers").await?;
            Ok((count, href.as_str().unwrap_or_default().to_owned()))
        })
        .await?;
    let (count, href) = href;
    ensure!(href.starts_with("/exports/customers.csv?token="), "{href}");
    let file = reqwest::get(format!("{}{href}", crm.server.base_url())).await?.error_for_status()?.text().await?;
    let mut reader = csv::Reader::from_reader(file.as_bytes());
    let exported: Vec<String> = reader.records().map(|r| r.map(|r| r[1].to_owned())).collect::<Result<_, _>>()?;

    let token = crm.login(demo::SALES_REP).await?;
    let listed = crm
        .client
        .data(
            "{ customers(first: 250, filter: {search: \"a\", lifecycle: {in: [CUSTOMER]}}, orderBy: [{field: NAME, direction: ASC}]) { totalCount nodes { name } } }",
            json!({}),
            Some(&token),
        )
        .await?;
    let names: Vec<String> = listed
        .pointer("/customers/nodes")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(|c| c["name"].as_str().map(str::to_owned))
        .collect();
    let total = listed.pointer("/customers/totalCount").and_then(Value::as_i64).unwrap_or(-1);
    ensure!(total == names.len() as i64, "the demo's list fits one page: {total}");
    ensure!(!names.is_empty() && exported == names, "exported {exported:?}, listed {names:?}");
    ensure!(count.contains(&format!("{total} client")), "the page said {count:?}, the list holds {total}");
    Ok(())
}
