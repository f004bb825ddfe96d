//! Export of the customers list as CSV: a person's download link (the list's filter, the
//! caller's scope, ten minutes, only while the session lives), a program's key with the filter
//! as JSON, cells a spreadsheet would run as formulas written as text, and a file that
//! imports back with every column mapped and nothing refused.

use crate::helpers::{code, ok, TestApp, TestUser};
use crm_identity::domain::StaffRole;
use serde_json::{json, Value};

const LINK: &str = "query($f: CustomerFilter) { customerExportLink(filter: $f) { url expiresAt } }";

async fn link(app: &TestApp, user: &TestUser, filter: Value) -> String {
    let res = app.gql(Some(&user.token), LINK, json!({"f": filter})).await;
    ok(&res)["customerExportLink"]["url"].as_str().unwrap().to_owned()
}

/// The status and body of a GET on `path`, with `bearer` and a `filter` parameter if given.
async fn download(app: &TestApp, path: &str, bearer: Option<&str>) -> (u16, String) {
    fetch(app, path, bearer, None).await
}

async fn fetch(app: &TestApp, path: &str, bearer: Option<&str>, filter: Option<&str>) -> (u16, String) {
    let mut req = app.client.get(format!("{}{path}", app.address));
    if let Some(token) = bearer {
        req = req.bearer_auth(token);
    }
    if let Some(filter) = filter {
        req = req.query(&[("filter", filter)]);
    }
    let res = req.send().await.unwrap();
    (res.status().as_u16(), res.text().await.unwrap())
}

/// The rows of a CSV file as records, header first.
fn records(text: &str) -> Vec<Vec<String>> {
    csv::Reader::from_reader(text.as_bytes()).records().map(|r| r.unwrap().iter().map(str::to_owned).collect()).collect()
}

fn names(text: &str) -> Vec<String> {
    records(text).into_iter().map(|r| r[1].clone()).collect()
}

async fn the_customer_list_downloads_as_csv_within_the_caller_s_scope(app: TestApp) {
    let admin = app.staff("admin@example.com", StaffRole::Admin).await;
    let rep = app.staff("rep@example.com", StaffRole::SalesRep).await;
    let rep_id = rep.id.clone();
    let partner_id = app.partner_org(&admin, "Alpina Distribuzione").await;
    let partner = app.partner_user("anna@alpina.example", &partner_id).await;
    app.customer(
        &admin,
        json!({"name": "Rossi Costruzioni S.r.l.", "externalId": "R-1", "tags": ["edilizia", "vip"], "ownerId": rep_id,
            "partnerId": partner_id,
            "address": {"street": "Via Roma 1", "city": "Milano", "country": "IT"},
            "creditLimit": {"amount": "1500.50", "currency": "EUR"},
            "primaryContact": {"firstName": "Paolo", "lastName": "Rossi", "jobTitle": "Titolare",
                "emails": [{"address": "paolo@rossi.example"}], "phones": [{"number": "+39 02 1234 5678"}]}}),
    )
    .await;
    app.customer(&admin, json!({"name": "=HYPERLINK(\"http://evil.example\")", "ownerId": rep_id, "partnerId": partner_id})).await;
    app.customer(&admin, json!({"name": "Bianchi SpA", "kind": "COMPANY", "address": {"city": "Torino", "country": "IT"}})).await;
    for i in 0..300 {
        app.customer(&admin, json!({"name": format!("Zeta {i:03}")})).await;
    }

    // Signed in: a link that carries the filter; opened without any other credential.
    let url = link(&app, &admin, json!({"search": "Rossi"})).await;
    assert!(url.starts_with("/exports/customers.csv?token="), "{url}");
    let (status, text) = download(&app, &url, None).await;
    assert_eq!(status, 200, "{text}");
    assert!(text.starts_with("\u{feff}External id,Name,"), "a byte order mark for Excel, then the header: {text}");
    let rows = records(&text);
    assert_eq!(rows.len(), 1, "{text}");
    let row = &rows[0];
    assert_eq!(
        row[..19],
        [
            "R-1",
            "Rossi Costruzioni S.r.l.",
            "COMPANY",
            "PROSPECT",
            "",
            "edilizia, vip",
            "Via Roma 1",
            "",
            "Milano",
            "",
            "IT",
            "rep@example.com",
            "1500.5",
            "EUR",
            "Paolo",
            "Rossi",
            "Titolare",
            "paolo@rossi.example",
            "+390212345678",
        ]
    );

    // Without a filter, every customer the caller sees, past any page size.
    let everything = download(&app, &link(&app, &admin, json!(null)).await, None).await.1;
    let all = names(&everything);
    assert_eq!(all.len(), 303);
    assert!(all.windows(2).all(|w| w[0] <= w[1]), "by name");
    // A formula is written as text, behind an apostrophe.
    assert!(all.contains(&"'=HYPERLINK(\"http://evil.example\")".to_owned()), "{:?}", &all[..3]);

    // A partner's file holds the partner's customers only.
    let mine = names(&download(&app, &link(&app, &partner, json!(null)).await, None).await.1);
    assert_eq!(mine, ["'=HYPERLINK(\"http://evil.example\")", "Rossi Costruzioni S.r.l."]);

    // A link is the signed-in session's: tampered, or after logout, it opens nothing.
    let tampered = format!("{}x", link(&app, &rep, json!(null)).await);
    assert_eq!(download(&app, &tampered, None).await.0, 401);
    let session_link = link(&app, &rep, json!(null)).await;
    ok(&app.gql(Some(&rep.token), "mutation { logout { success } }", json!({})).await);
    assert_eq!(download(&app, &session_link, None).await.0, 401);
    // An access token is no download token, and a download token no access token.
    assert_eq!(download(&app, &format!("/exports/customers.csv?token={}", admin.token), None).await.0, 401);
    let token = link(&app, &admin, json!(null)).await.split_once("token=").unwrap().1.to_owned();
    assert_eq!(code(&app.gql(Some(&token), "{ me { id } }", json!({})).await), "UNAUTHENTICATED");
    assert_eq!(download(&app, "/exports/customers.csv", None).await.0, 401);

    // A program sends its key, and the filter as JSON.
    let create = "mutation($i: CreateApiKeyInput!) { createApiKey(input: $i) { secret } }";
    let res = app.gql(Some(&admin.token), create, json!({"i": {"name": "BI", "scopes": ["CUSTOMERS_READ"]}})).await;
    let key = ok(&res)["createApiKey"]["secret"].as_str().unwrap().to_owned();
    let path = "/exports/customers.csv";
    let (status, text) = fetch(&app, path, Some(&key), Some(r#"{"search":"Bianchi"}"#)).await;
    assert_eq!((status, names(&text)), (200, vec!["Bianchi SpA".to_owned()]), "{text}");
    for bad in ["{search", r#"{"kind":{"eq":"NOPE"}}"#, r#"{"nope":1}"#, r#"{"city":{"eq":"Torino","nope":1}}"#] {
        let (status, text) = fetch(&app, path, Some(&key), Some(bad)).await;
        let body: Value = serde_json::from_str(&text).unwrap_or_else(|_| panic!("{bad}: {status} {text}"));
        assert_eq!((status, body["errors"][0]["code"].as_str()), (400, Some("BAD_USER_INPUT")), "{bad}: {body}");
    }
    // A key that may not read customers gets nothing; nor does a key asking for a link.
    let res = app.gql(Some(&admin.token), create, json!({"i": {"name": "Leads", "scopes": ["SALES_READ"]}})).await;
    let leads_key = ok(&res)["createApiKey"]["secret"].as_str().unwrap().to_owned();
    assert_eq!(download(&app, "/exports/customers.csv", Some(&leads_key)).await.0, 403);
    assert_eq!(code(&app.gql(Some(&key), LINK, json!({})).await), "FORBIDDEN");
}
crate::db_test!(the_customer_list_downloads_as_csv_within_the_caller_s_scope);

/// What the export writes, the import reads back: every column but the timestamps mapped,
/// and a dry run over it matches every customer and refuses none.
async fn an_exported_file_imports_back_as_it_is(app: TestApp) {
    let admin = app.staff("admin@example.com", StaffRole::Admin).await;
    app.staff("rep@example.com", StaffRole::SalesRep).await;
    for (i, city) in ["Milano", "Cantù", "L'Aquila"].iter().enumerate() {
        app.customer(
            &admin,
            json!({"name": format!("Cliente {i}; \"quoted\""), "externalId": format!("C-{i}"), "lifecycle": "CUSTOMER",
                "tags": ["a", "b"], "address": {"city": city, "country": "IT"},
                "creditLimit": {"amount": "1200", "currency": "EUR"},
                "primaryContact": {"firstName": "Anna", "lastName": format!("Neri {i}"), "emails": [{"address": format!("anna{i}@neri.example")}]}}),
        )
        .await;
    }
    app.customer(
        &admin,
        json!({"name": "+cmd|' /C calc'!A0", "externalId": "C-9", "kind": "PERSON",
            "primaryContact": {"firstName": "Eve", "lastName": "Hacker"}}),
    )
    .await;
    let file = download(&app, &link(&app, &admin, json!(null)).await, None).await.1;

    let res = app
        .client
        .post(format!("{}/imports/files?name=customers.csv", app.address))
        .bearer_auth(&admin.token)
        .body(file)
        .send()
        .await
        .unwrap();
    let uploaded: Value = res.json().await.unwrap();
    let file_id = uploaded["id"].as_str().unwrap();
    let preview = "query($id: ID!) { importFile(id: $id) { suggestedMapping { column field } } }";
    let mapping = ok(&app.gql(Some(&admin.token), preview, json!({"id": file_id})).await)["importFile"]["suggestedMapping"].clone();
    assert_eq!(mapping.as_array().unwrap().len(), 19, "{mapping}");

    let start = "mutation($i: StartImportInput!) { startImport(input: $i) { job { id } } }";
    let input = json!({"fileId": file_id, "kind": "CUSTOMERS", "mapping": mapping, "dryRun": true, "onMatch": "UPDATE"});
    let id = ok(&app.gql(Some(&admin.token), start, json!({"i": input})).await)["startImport"]["job"]["id"].as_str().unwrap().to_owned();
    let query = "query($id: ID!) { importJob(id: $id) { status rowsRead created updated refused report(first: 5, outcomes: [REFUSED]) { nodes { row field message } } } }";
    for _ in 0..400 {
        let job = ok(&app.gql(Some(&admin.token), query, json!({"id": id})).await)["importJob"].clone();
        if job["status"] == "DONE" {
            assert_eq!((job["rowsRead"].as_i64(), job["updated"].as_i64(), job["created"].as_i64()), (Some(4), Some(4), Some(0)), "{job}");
            return;
        }
        assert!(job["status"] == "QUEUED" || job["status"] == "RUNNING", "{job}");
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    panic!("the import never ended");
}
crate::db_test!(an_exported_file_imports_back_as_it_is);
