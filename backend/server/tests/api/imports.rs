//! Bulk import of customers: a Windows-1252 spreadsheet export with semicolons, quoted cells
//! and Italian headers is uploaded, previewed (format and suggested mapping), dry-run (a
//! report, nothing written) and run (every row created, updated, skipped as a duplicate or
//! refused with the API's field and reason), then imported again (matched on the external
//! id, nothing duplicated). Who may import and read jobs; the mapping's refusals; the report
//! as CSV; one audit entry per job.

use crate::helpers::{code, ok, TestApp, TestUser};
use crm_identity::domain::StaffRole;
use serde_json::{json, Value};
use std::time::Duration;

/// The file as a spreadsheet program on Windows saves it: Windows-1252, semicolons, decimal
/// commas, a quoted street with a semicolon and a line break in it.
fn customers_file() -> Vec<u8> {
    let text = "Codice;Ragione sociale;Tipo;Nome e cognome;Email;Telefono;Indirizzo;Città;Paese;Responsabile;Fido;Etichette\r\n\
        R-1;Rossi Costruzioni S.r.l.;azienda;Paolo Rossi;paolo@rossi.example;02 1234 5678;\"Via Roma 1; scala B\r\ninterno 4\";Milano;Italia;rep@example.com;1.500,50;edilizia, vip\r\n\
        R-2;Bianchi SpA;azienda;Anna Bianchi;anna(at)bianchi;;;Torino;IT;;;\r\n\
        R-3;Rossi Due;azienda;Paolo Rossi;PAOLO@rossi.example;;;Milano;IT;;;\r\n\
        R-4;Verdi Srl;boh;;;;;Roma;IT;;;\r\n\
        R-5;;privato;Maria De Luca;maria@deluca.example;;;Cantù;Italia;;;\r\n\
        R-6;Neri Srl;azienda;;;;;Bari;IT;nobody@example.com;;\r\n\
        R-7;Gialli Srl;azienda;Gino Gialli;gino@gialli.example;;;Napoli;IT;;;nuovo\r\n\
        R-8;Blu Srl;azienda;;;;;Genova;IT;;;\r\n";
    let (bytes, _, unmappable) = encoding_rs::WINDOWS_1252.encode(text);
    assert!(!unmappable);
    bytes.into_owned()
}

async fn upload(app: &TestApp, token: Option<&str>, name: &str, body: Vec<u8>) -> (u16, Value) {
    let mut req = app.client.post(format!("{}/imports/files?name={name}", app.address)).body(body);
    if let Some(token) = token {
        req = req.bearer_auth(token);
    }
    let res = req.send().await.unwrap();
    (res.status().as_u16(), res.json().await.unwrap_or(Value::Null))
}

const JOB: &str = "id status dryRun onMatch fileName rowsRead created updated skipped refused progress error startedBy";

async fn start(app: &TestApp, user: &TestUser, input: Value) -> Value {
    let query = format!("mutation($i: StartImportInput!) {{ startImport(input: $i) {{ job {{ {JOB} }} }} }}");
    app.gql(Some(&user.token), &query, json!({"i": input})).await
}

/// Polls the job until it has ended.
async fn ended(app: &TestApp, user: &TestUser, id: &str) -> Value {
    let query = format!("query($id: ID!) {{ importJob(id: $id) {{ {JOB} }} }}");
    for _ in 0..400 {
        let job = ok(&app.gql(Some(&user.token), &query, json!({"id": id})).await)["importJob"].clone();
        if job["status"] != "QUEUED" && job["status"] != "RUNNING" {
            return job;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    panic!("import {id} never ended");
}

async fn report(app: &TestApp, user: &TestUser, id: &str, outcomes: &[&str]) -> Vec<Value> {
    let query = "query($id: ID!, $o: [ImportOutcome!]!) { importJob(id: $id) { report(first: 50, outcomes: $o) { totalCount nodes { row outcome field reason params message recordId } } } }";
    let res = app.gql(Some(&user.token), query, json!({"id": id, "o": outcomes})).await;
    ok(&res)["importJob"]["report"]["nodes"].as_array().unwrap().clone()
}

async fn customer_named(app: &TestApp, user: &TestUser, name: &str) -> Value {
    let query = "query($s: String) { customers(first: 5, filter: {search: $s}) { nodes { id name kind externalId tags lifecycle \
        address { street city country { code } } owner { email } creditLimit { amount currency } \
        contacts { firstName lastName emails { address } phones { number } } } } }";
    let res = app.gql(Some(&user.token), query, json!({"s": name})).await;
    let nodes = ok(&res)["customers"]["nodes"].as_array().unwrap().clone();
    nodes.into_iter().find(|c| c["name"] == name).unwrap_or(Value::Null)
}

async fn customer_count(app: &TestApp, user: &TestUser) -> i64 {
    ok(&app.gql(Some(&user.token), "{ customers { totalCount } }", json!({})).await)["customers"]["totalCount"].as_i64().unwrap()
}

async fn a_spreadsheet_of_customers_imports_with_a_report_and_matches_on_a_second_run(app: TestApp) {
    let admin = app.staff("admin@example.com", StaffRole::Admin).await;
    let manager = app.staff("manager@example.com", StaffRole::SalesManager).await;
    let rep = app.staff("rep@example.com", StaffRole::SalesRep).await;
    // Already in the CRM: Gino Gialli's company (matched by email), and a namesake of Blu Srl.
    let gialli = app
        .customer(
            &admin,
            json!({"name": "Gialli Srl", "tags": ["storico"], "address": {"city": "Napoli", "country": "IT"},
            "primaryContact": {"firstName": "Gino", "lastName": "Gialli", "emails": [{"address": "gino@gialli.example"}]}}),
        )
        .await;
    app.customer(&admin, json!({"name": "Blu Srl", "address": {"city": "Genova", "country": "IT"}})).await;

    // Uploading needs a caller who may import.
    assert_eq!(upload(&app, None, "clienti.csv", customers_file()).await.0, 401);
    let (status, body) = upload(&app, Some(&rep.token), "clienti.csv", customers_file()).await;
    assert_eq!((status, body["errors"][0]["code"].as_str()), (403, Some("FORBIDDEN")), "{body}");
    let (status, file) = upload(&app, Some(&manager.token), "clienti.csv", customers_file()).await;
    assert_eq!(status, 201, "{file}");
    assert_eq!(file["size"].as_u64(), Some(customers_file().len() as u64));
    let file_id = file["id"].as_str().unwrap().to_owned();

    // The preview reads the format and suggests the mapping from the Italian headers.
    let preview =
        "query($id: ID!) { importFile(id: $id) { name encoding delimiter headers sampleRows suggestedMapping { column field } } }";
    let res = app.gql(Some(&manager.token), preview, json!({"id": file_id})).await;
    let seen = &ok(&res)["importFile"];
    assert_eq!((seen["encoding"].as_str(), seen["delimiter"].as_str()), (Some("WINDOWS-1252"), Some(";")), "{seen}");
    assert_eq!(seen["headers"][7], "Città");
    assert_eq!(seen["sampleRows"][0][6], "Via Roma 1; scala B\r\ninterno 4", "a quoted cell keeps its semicolon and line break");
    let suggested: Vec<(i64, String)> = seen["suggestedMapping"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| (m["column"].as_i64().unwrap(), m["field"].as_str().unwrap().to_owned()))
        .collect();
    let expected = [
        "EXTERNAL_ID",
        "NAME",
        "KIND",
        "CONTACT_NAME",
        "EMAIL",
        "PHONE",
        "STREET",
        "CITY",
        "COUNTRY",
        "OWNER_EMAIL",
        "CREDIT_LIMIT",
        "TAGS",
    ];
    assert_eq!(suggested, expected.iter().enumerate().map(|(i, f)| (i as i64, f.to_string())).collect::<Vec<_>>());
    // Someone else's file is not there for another importer.
    let other = app.staff("manager2@example.com", StaffRole::SalesManager).await;
    assert_eq!(code(&app.gql(Some(&other.token), preview, json!({"id": file_id})).await), "NOT_FOUND");

    // The mapping is checked before anything runs.
    let mapping: Value = seen["suggestedMapping"].clone();
    let input = |extra: Value| {
        let mut input = json!({"fileId": file_id, "kind": "CUSTOMERS", "mapping": mapping, "defaultCurrency": "EUR"});
        input.as_object_mut().unwrap().extend(extra.as_object().unwrap().clone());
        input
    };
    let twice = input(json!({"mapping": [{"column": 1, "field": "NAME"}, {"column": 3, "field": "NAME"}]}));
    let res = start(&app, &manager, twice).await;
    assert_eq!((code(&res), res["errors"][0]["extensions"]["field"].as_str()), ("BAD_USER_INPUT", Some("mapping.1.field")), "{res}");
    let res = start(&app, &manager, input(json!({"mapping": [{"column": 12, "field": "NAME"}]}))).await;
    assert_eq!(res["errors"][0]["extensions"]["reason"], "OUT_OF_RANGE", "{res}");
    let res = start(&app, &manager, input(json!({"mapping": [{"column": 4, "field": "EMAIL"}]}))).await;
    assert_eq!((code(&res), res["errors"][0]["extensions"]["reason"].as_str()), ("BAD_USER_INPUT", Some("REQUIRED")), "{res}");
    assert_eq!(code(&start(&app, &rep, input(json!({}))).await), "FORBIDDEN");

    // A dry run reports every row and writes nothing else.
    let before = customer_count(&app, &admin).await;
    let res = start(&app, &manager, input(json!({"dryRun": true}))).await;
    let dry = ok(&res)["startImport"]["job"]["id"].as_str().unwrap().to_owned();
    let dry_job = ended(&app, &manager, &dry).await;
    assert_eq!(dry_job["status"], "DONE", "{dry_job}");
    let counts = |job: &Value| {
        (job["rowsRead"].as_i64(), job["created"].as_i64(), job["updated"].as_i64(), job["skipped"].as_i64(), job["refused"].as_i64())
    };
    assert_eq!(counts(&dry_job), (Some(8), Some(2), Some(1), Some(2), Some(3)), "{dry_job}");
    assert_eq!(customer_count(&app, &admin).await, before, "a dry run writes no customer");
    assert!(customer_named(&app, &admin, "Gialli Srl").await["tags"] == json!(["storico"]), "nor changes one");

    // The real run.
    let res = start(&app, &manager, input(json!({}))).await;
    let job_id = ok(&res)["startImport"]["job"]["id"].as_str().unwrap().to_owned();
    let job = ended(&app, &manager, &job_id).await;
    assert_eq!(counts(&job), counts(&dry_job), "the dry run said what the run did: {job}");
    assert_eq!(
        (job["status"].as_str(), job["progress"].as_f64(), job["startedBy"].as_str()),
        (Some("DONE"), Some(1.0), Some("manager@example.com"))
    );
    assert_eq!(customer_count(&app, &admin).await, before + 2);

    let rossi = customer_named(&app, &admin, "Rossi Costruzioni S.r.l.").await;
    assert_eq!(rossi["externalId"], "R-1");
    assert_eq!(rossi["owner"]["email"], "rep@example.com");
    assert_eq!(rossi["creditLimit"], json!({"amount": "1500.5", "currency": "EUR"}));
    assert_eq!(rossi["tags"], json!(["edilizia", "vip"]));
    assert_eq!(rossi["address"]["street"], "Via Roma 1; scala B\r\ninterno 4");
    assert_eq!(rossi["address"]["country"]["code"], "IT");
    let contact = &rossi["contacts"][0];
    assert_eq!((contact["firstName"].as_str(), contact["lastName"].as_str()), (Some("Paolo"), Some("Rossi")));
    assert_eq!(contact["phones"][0]["number"], "+390212345678", "a national number is read in the row's country");
    let person = customer_named(&app, &admin, "Maria De Luca").await;
    assert_eq!((person["kind"].as_str(), person["address"]["city"].as_str()), (Some("PERSON"), Some("Cantù")));
    assert_eq!(person["contacts"][0]["lastName"], "De Luca");
    let updated = customer_named(&app, &admin, "Gialli Srl").await;
    assert_eq!((updated["id"].as_str(), updated["externalId"].as_str()), (gialli["id"].as_str(), Some("R-7")));
    assert_eq!(updated["tags"], json!(["nuovo", "storico"]), "tags are added to the customer's own");

    // The report: each row's outcome, the field and the API's reason.
    let lines = report(&app, &manager, &job_id, &[]).await;
    let outcome = |row: i64| lines.iter().find(|l| l["row"] == row).cloned().unwrap();
    assert_eq!(lines.len(), 8);
    assert_eq!((outcome(1)["outcome"].as_str(), outcome(1)["recordId"].as_str()), (Some("CREATED"), rossi["id"].as_str()));
    let bad_email = outcome(2);
    assert_eq!(
        (bad_email["outcome"].as_str(), bad_email["field"].as_str(), bad_email["reason"].as_str()),
        (Some("REFUSED"), Some("primaryContact.emails[0].address"), Some("INVALID_EMAIL"))
    );
    assert_eq!(bad_email["params"], json!({"value": "anna(at)bianchi"}));
    let again = outcome(3);
    assert_eq!((again["outcome"].as_str(), again["reason"].as_str()), (Some("SKIPPED"), Some("DUPLICATE")), "{again}");
    assert_eq!(again["message"], "the same as row 1");
    let kind = outcome(4);
    assert_eq!(
        (kind["field"].as_str(), kind["reason"].as_str(), kind["params"].clone()),
        (Some("kind"), Some("UNREADABLE_VALUE"), json!({"value": "boh"}))
    );
    assert_eq!(outcome(5)["outcome"], "CREATED");
    let owner = outcome(6);
    assert_eq!((owner["field"].as_str(), owner["reason"].as_str()), (Some("ownerEmail"), Some("UNKNOWN_REFERENCE")));
    assert_eq!((outcome(7)["outcome"].as_str(), outcome(7)["recordId"].as_str()), (Some("UPDATED"), gialli["id"].as_str()));
    let namesake = outcome(8);
    assert_eq!(
        (namesake["outcome"].as_str(), namesake["field"].as_str(), namesake["reason"].as_str()),
        (Some("SKIPPED"), Some("name"), Some("ALREADY_EXISTS"))
    );
    let refused: Vec<i64> = report(&app, &manager, &job_id, &["REFUSED"]).await.iter().map(|l| l["row"].as_i64().unwrap()).collect();
    assert_eq!(refused, [2, 4, 6]);

    // The report as a download.
    let csv = app.client.get(format!("{}/imports/{job_id}/report.csv", app.address)).bearer_auth(&manager.token).send().await.unwrap();
    assert_eq!(csv.status().as_u16(), 200);
    let text = csv.text().await.unwrap();
    let mut lines_csv = text.lines();
    assert_eq!(lines_csv.next(), Some("row,outcome,field,reason,message,record_id"));
    assert!(lines_csv.next().unwrap().starts_with("1,CREATED,,,,"), "{text}");
    assert_eq!(text.lines().count(), 9, "{text}");
    let other_csv = app.client.get(format!("{}/imports/{job_id}/report.csv", app.address)).bearer_auth(&other.token).send().await.unwrap();
    assert_eq!(other_csv.status().as_u16(), 404);

    // The same file again, matches left alone: nothing is created twice.
    let res = start(&app, &manager, input(json!({"onMatch": "SKIP"}))).await;
    let second = ended(&app, &manager, ok(&res)["startImport"]["job"]["id"].as_str().unwrap()).await;
    assert_eq!(counts(&second), (Some(8), Some(0), Some(0), Some(5), Some(3)), "{second}");
    assert_eq!(customer_count(&app, &admin).await, before + 2);
    // And updating: the matched rows update their customers.
    let res = start(&app, &manager, input(json!({}))).await;
    let third = ended(&app, &manager, ok(&res)["startImport"]["job"]["id"].as_str().unwrap()).await;
    assert_eq!(counts(&third), (Some(8), Some(0), Some(3), Some(2), Some(3)), "{third}");

    // An external id is unique through the API too.
    let taken = app.try_customer(&admin, json!({"name": "Another Rossi", "externalId": "R-1"})).await;
    assert_eq!((code(&taken), taken["errors"][0]["extensions"]["reason"].as_str()), ("CONFLICT", Some("ALREADY_EXISTS")), "{taken}");

    // Who reads jobs: their starter and admins; a rep is refused; an ended job cannot be cancelled.
    let list = "{ importJobs(first: 10) { totalCount nodes { id dryRun } } }";
    assert_eq!(ok(&app.gql(Some(&manager.token), list, json!({})).await)["importJobs"]["totalCount"], 4);
    assert_eq!(ok(&app.gql(Some(&admin.token), list, json!({})).await)["importJobs"]["totalCount"], 4);
    assert_eq!(ok(&app.gql(Some(&other.token), list, json!({})).await)["importJobs"]["totalCount"], 0);
    assert_eq!(code(&app.gql(Some(&rep.token), list, json!({})).await), "FORBIDDEN");
    let job_query = "query($id: ID!) { importJob(id: $id) { id } }";
    assert_eq!(code(&app.gql(Some(&other.token), job_query, json!({"id": job_id})).await), "NOT_FOUND");
    let cancel = "mutation($id: ID!) { cancelImport(id: $id) { job { status } } }";
    let res = app.gql(Some(&manager.token), cancel, json!({"id": job_id})).await;
    assert_eq!(res["errors"][0]["extensions"]["reason"], "WRONG_STATUS", "{res}");

    // One audit entry when a real run starts and one when it ends, not one per customer.
    let audit = "query($id: ID!) { auditLog(filter: {entityType: IMPORT_JOB, entityId: $id}) { nodes { action actor { label } changes { field after } } } }";
    let entries = ok(&app.gql(Some(&admin.token), audit, json!({"id": job_id})).await)["auditLog"]["nodes"].as_array().unwrap().clone();
    let actions: Vec<&str> = entries.iter().map(|e| e["action"].as_str().unwrap()).collect();
    assert_eq!(actions, ["UPDATE", "CREATE"], "{entries:?}");
    let created = entries[0]["changes"].as_array().unwrap().iter().find(|c| c["field"] == "created").unwrap();
    assert_eq!(created["after"], 2);
    let customer_audit = "query($id: ID!) { auditLog(filter: {entityType: CUSTOMER, entityId: $id}) { totalCount } }";
    assert_eq!(ok(&app.gql(Some(&admin.token), customer_audit, json!({"id": rossi["id"]})).await)["auditLog"]["totalCount"], 0);
    let dry_audit = ok(&app.gql(Some(&admin.token), audit, json!({"id": dry})).await)["auditLog"]["nodes"].clone();
    assert_eq!(dry_audit, json!([]), "a dry run changes nothing worth an audit entry");
}

crate::db_test!(a_spreadsheet_of_customers_imports_with_a_report_and_matches_on_a_second_run);
