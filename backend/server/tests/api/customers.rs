//! Customers and contacts through the API: create, validation, duplicates, filters, paging,
//! optimistic concurrency, archive/restore, consent.

use crate::db_test;
use crate::helpers::{code, ok, TestApp, CUSTOMER_FIELDS};
use crm_identity::domain::StaffRole;
use serde_json::{json, Value};

fn person(first: &str, last: &str, email: &str, phone: &str) -> Value {
    json!({
        "kind": "PERSON",
        "name": format!("{first} {last}"),
        "address": {"country": "IT", "region": "Lazio", "city": "Roma", "street": "Via del Corso 1", "postalCode": "00186"},
        "primaryContact": {"firstName": first, "lastName": last, "emails": [{"address": email}], "phones": [{"number": phone, "label": "mobile"}]}
    })
}

async fn creates_a_customer_with_normalised_contact(app: TestApp) {
    let manager = app.staff("manager@example.com", StaffRole::SalesManager).await;
    let mut input = person("Maria", "Rossi", "Maria.Rossi@Example.IT", "347 123 4567");
    input["tags"] = json!(["VIP", "newsletter", "vip"]);
    input["lifecycle"] = json!("CUSTOMER");
    input["primaryContact"]["consents"] = json!([{"channel": "EMAIL", "status": "GRANTED", "source": "WEB_FORM"}]);
    let customer = app.customer(&manager, input).await;
    assert_eq!(customer["kind"], "PERSON");
    assert_eq!(customer["lifecycle"], "CUSTOMER");
    assert_eq!(customer["version"], 1);
    assert_eq!(customer["tags"], json!(["newsletter", "vip"]));
    assert_eq!(customer["address"]["country"], json!({"code": "IT", "name": "Italy"}));
    assert_eq!(customer["owner"]["email"], "manager@example.com");
    let contact = &customer["contacts"][0];
    assert_eq!(contact["primary"], true);
    assert_eq!(contact["emails"][0]["address"], "maria.rossi@example.it");
    assert_eq!(contact["phones"][0]["number"], "+393471234567", "national numbers are read in the customer's country");
    let email = contact["consents"].as_array().unwrap().iter().find(|c| c["channel"] == "EMAIL").unwrap();
    assert_eq!(email["status"], "GRANTED");
    assert_eq!(email["source"], "WEB_FORM");
    assert!(email["recordedAt"].is_string());
    assert_eq!(contact["consents"].as_array().unwrap().len(), 4, "one consent entry per channel");

    // Readable by id, by node, and through the contacts list.
    let id = customer["id"].as_str().unwrap();
    let by_id = app
        .gql(
            Some(&manager.token),
            "query($id: ID!) { customer(id: $id) { name } node(id: $id) { id ... on Customer { name } } }",
            json!({"id": id}),
        )
        .await;
    assert_eq!(ok(&by_id)["customer"]["name"], "Maria Rossi");
    assert_eq!(ok(&by_id)["node"]["name"], "Maria Rossi");
    let contacts = app
        .gql(Some(&manager.token), "{ contacts(filter: {search: \"maria.rossi@\"}) { nodes { fullName customer { name } } } }", json!({}))
        .await;
    assert_eq!(ok(&contacts)["contacts"]["nodes"][0]["customer"]["name"], "Maria Rossi");
}
db_test!(creates_a_customer_with_normalised_contact);

async fn rejects_bad_input_with_the_field_at_fault(app: TestApp) {
    let manager = app.staff("manager@example.com", StaffRole::SalesManager).await;
    // The field at fault, the machine-readable reason and its params (absent when it has none).
    let cases = [
        (
            person("A", "B", "not-an-email", "+39 347 000 0001"),
            "primaryContact.emails[0].address",
            "INVALID_EMAIL",
            json!({"value": "not-an-email"}),
        ),
        (person("A", "B", "a@b.it", "12"), "primaryContact.phones[0].number", "INVALID_PHONE", json!({"value": "12"})),
        (json!({"name": "X", "address": {"country": "ZZ"}}), "address.country", "UNKNOWN_COUNTRY", json!({"value": "ZZ"})),
        (json!({"name": "   "}), "name", "BLANK", Value::Null),
        (json!({"name": "X".repeat(201)}), "name", "TOO_LONG", json!({"max": 200})),
        (json!({"name": "X", "address": {"postalCode": "1".repeat(21)}}), "address.postalCode", "TOO_LONG", json!({"max": 20})),
        (json!({"name": "X", "creditLimit": {"amount": "-5", "currency": "EUR"}}), "creditLimit", "NEGATIVE_AMOUNT", Value::Null),
        (
            json!({"name": "X", "creditLimit": {"amount": "5", "currency": "EURO"}}),
            "creditLimit",
            "UNKNOWN_CURRENCY",
            json!({"value": "EURO"}),
        ),
        (
            json!({"name": "X", "creditLimit": {"amount": "5.12345", "currency": "EUR"}}),
            "creditLimit",
            "TOO_MANY_DECIMALS",
            json!({"max": 4}),
        ),
        (json!({"name": "X", "tags": ["ok", "no;pe"]}), "tags", "INVALID_TAG", json!({"value": "no;pe"})),
        (json!({"kind": "PERSON", "name": "No Contact"}), "primaryContact", "REQUIRED", Value::Null),
        (json!({"name": "X", "ownerId": "not-a-uuid"}), "ownerId", "INVALID_ID", json!({"value": "not-a-uuid"})),
    ];
    for (input, field, reason, params) in cases {
        let res = app.try_customer(&manager, input.clone()).await;
        assert_eq!(code(&res), "BAD_USER_INPUT", "{input}: {res}");
        let extensions = &res["errors"][0]["extensions"];
        assert_eq!(extensions["field"], field, "{input}: {res}");
        assert_eq!(extensions["reason"], reason, "{input}: {res}");
        assert_eq!(extensions["params"], params, "{input}: {res}");
    }
    // The English message for developers stays as it was.
    let res = app.try_customer(&manager, json!({"name": "X".repeat(201)})).await;
    assert_eq!(res["errors"][0]["message"], "at most 200 characters");
    // Nothing was written by the failed attempts.
    let count = app.gql(Some(&manager.token), "{ customers { totalCount } }", json!({})).await;
    assert_eq!(ok(&count)["customers"]["totalCount"], 0);
    // An unknown owner is refused too.
    let res = app.try_customer(&manager, json!({"ownerId": "0190f0e0-0000-7000-8000-000000000000"})).await;
    assert_eq!(code(&res), "BAD_USER_INPUT");
    assert_eq!(res["errors"][0]["extensions"]["reason"], "UNKNOWN_REFERENCE");
}
db_test!(rejects_bad_input_with_the_field_at_fault);

async fn duplicates_are_a_conflict_naming_the_existing_customer(app: TestApp) {
    let manager = app.staff("manager@example.com", StaffRole::SalesManager).await;
    let first = app.customer(&manager, person("Luca", "Bianchi", "luca@bianchi.it", "+39 335 765 4321")).await;
    for dup in [person("L", "B", "LUCA@bianchi.it", "+39 320 000 0000"), person("L", "B", "other@bianchi.it", "335 7654321")] {
        let res = app.try_customer(&manager, dup).await;
        assert_eq!(code(&res), "CONFLICT", "{res}");
        assert_eq!(res["errors"][0]["extensions"]["existingId"], first["id"]);
        assert!(res["errors"][0]["message"].as_str().unwrap().contains("Luca Bianchi"));
    }
    let mut allowed = person("L", "B", "luca@bianchi.it", "+39 320 000 0000");
    allowed["allowDuplicate"] = json!(true);
    app.customer(&manager, allowed).await;
    // A contact added to another customer is checked too.
    let other = app.customer(&manager, json!({"name": "Other S.r.l."})).await;
    let q = "mutation($i: CreateContactInput!) { createContact(input: $i) { contact { id } } }";
    let res = app
        .gql(
            Some(&manager.token),
            q,
            json!({"i": {"customerId": other["id"], "firstName": "A", "lastName": "B", "emails": [{"address": "luca@bianchi.it"}]}}),
        )
        .await;
    assert_eq!(code(&res), "CONFLICT");
}
db_test!(duplicates_are_a_conflict_naming_the_existing_customer);

async fn a_namesake_in_the_same_place_is_a_possible_duplicate(app: TestApp) {
    let manager = app.staff("manager@example.com", StaffRole::SalesManager).await;
    let admin = app.staff("admin@example.com", StaffRole::Admin).await;
    let partner_id = app.partner_org(&admin, "Alpina").await;
    let partner = app.partner_user("seller@alpina.example", &partner_id).await;
    let milan = json!({"city": "Milano", "country": "IT"});
    let first = app.customer(&manager, json!({"name": "Ferri Impianti S.r.l.", "address": milan})).await;
    // Same name and place, whatever the case and spacing, and no contact to compare: refused,
    // naming the existing customer.
    let res = app.try_customer(&manager, json!({"name": " ferri impianti s.r.l. ", "address": {"city": "MILANO", "country": "it"}})).await;
    assert_eq!(code(&res), "CONFLICT", "{res}");
    assert_eq!(res["errors"][0]["extensions"]["existingId"], first["id"]);
    assert!(res["errors"][0]["message"].as_str().unwrap().contains("Ferri Impianti S.r.l."), "{res}");
    // A partner who may not see the existing customer is told a namesake exists, not which one.
    let res = app.try_customer(&partner, json!({"name": "Ferri Impianti S.r.l.", "address": milan})).await;
    assert_eq!(code(&res), "CONFLICT", "{res}");
    assert!(res["errors"][0]["extensions"]["existingId"].is_null(), "{res}");
    // Another city, or the same name without any city next to one with a city, is another customer.
    app.customer(&manager, json!({"name": "Ferri Impianti S.r.l.", "address": {"city": "Torino", "country": "IT"}})).await;
    let no_city = app.customer(&manager, json!({"name": "Ferri Impianti S.r.l.", "address": null})).await;
    // Without a city on either side the name alone decides.
    let res = app.try_customer(&manager, json!({"name": "Ferri Impianti S.r.l.", "address": null})).await;
    assert_eq!(res["errors"][0]["extensions"]["existingId"], no_city["id"], "{res}");
    // The person entering it may say it is another customer.
    let second = app.customer(&manager, json!({"name": "Ferri Impianti S.r.l.", "address": milan, "allowDuplicate": true})).await;
    let count = app.gql(Some(&manager.token), r#"{ customers(filter: {search: "Ferri"}) { totalCount } }"#, json!({})).await;
    assert_eq!(ok(&count)["customers"]["totalCount"], 4);
    // Archived namesakes are no clash.
    let archive = "mutation($i: RecordVersionInput!) { archiveCustomer(input: $i) { customer { id } } }";
    for customer in [&first, &second] {
        let res = app.gql(Some(&manager.token), archive, json!({"i": {"id": customer["id"], "version": 1}})).await;
        ok(&res);
    }
    app.customer(&manager, json!({"name": "Ferri Impianti S.r.l.", "address": milan})).await;
}
db_test!(a_namesake_in_the_same_place_is_a_possible_duplicate);

async fn stale_versions_are_a_conflict(app: TestApp) {
    let manager = app.staff("manager@example.com", StaffRole::SalesManager).await;
    let customer = app.customer(&manager, json!({"name": "Versioned S.r.l."})).await;
    let q = format!("mutation($i: UpdateCustomerInput!) {{ updateCustomer(input: $i) {{ customer {{ {CUSTOMER_FIELDS} }} }} }}");
    let first = app
        .gql(
            Some(&manager.token),
            &q,
            json!({"i": {"id": customer["id"], "version": 1, "name": "Versioned Italia S.r.l.", "industry": "Retail"}}),
        )
        .await;
    assert_eq!(ok(&first)["updateCustomer"]["customer"]["version"], 2);
    assert_eq!(ok(&first)["updateCustomer"]["customer"]["industry"], "Retail");
    // A second writer that read version 1 loses, and changes nothing.
    let second = app.gql(Some(&manager.token), &q, json!({"i": {"id": customer["id"], "version": 1, "name": "Lost Update"}})).await;
    assert_eq!(code(&second), "CONFLICT");
    let now = app
        .gql(Some(&manager.token), "query($id: ID!) { customer(id: $id) { name version industry } }", json!({"id": customer["id"]}))
        .await;
    assert_eq!(ok(&now)["customer"], json!({"name": "Versioned Italia S.r.l.", "version": 2, "industry": "Retail"}));
    // `null` clears a clearable field.
    let cleared = app.gql(Some(&manager.token), &q, json!({"i": {"id": customer["id"], "version": 2, "industry": null}})).await;
    assert_eq!(ok(&cleared)["updateCustomer"]["customer"]["industry"], Value::Null);
}
db_test!(stale_versions_are_a_conflict);

async fn archive_hides_and_restore_brings_back(app: TestApp) {
    let manager = app.staff("manager@example.com", StaffRole::SalesManager).await;
    let customer = app.customer(&manager, json!({"name": "Archivable S.r.l."})).await;
    let archive = "mutation($i: RecordVersionInput!) { archiveCustomer(input: $i) { customer { archived version } } }";
    let res = app.gql(Some(&manager.token), archive, json!({"i": {"id": customer["id"], "version": 1}})).await;
    assert_eq!(ok(&res)["archiveCustomer"]["customer"], json!({"archived": true, "version": 2}));
    let active = app.gql(Some(&manager.token), "{ customers { totalCount } }", json!({})).await;
    assert_eq!(ok(&active)["customers"]["totalCount"], 0);
    let archived = app.gql(Some(&manager.token), "{ customers(filter: {archived: true}) { nodes { name } } }", json!({})).await;
    assert_eq!(ok(&archived)["customers"]["nodes"][0]["name"], "Archivable S.r.l.");
    let restore = "mutation($i: RecordVersionInput!) { restoreCustomer(input: $i) { customer { archived version } } }";
    let res = app.gql(Some(&manager.token), restore, json!({"i": {"id": customer["id"], "version": 2}})).await;
    assert_eq!(ok(&res)["restoreCustomer"]["customer"], json!({"archived": false, "version": 3}));
}
db_test!(archive_hides_and_restore_brings_back);

async fn filters_sorting_and_keyset_paging(app: TestApp) {
    let manager = app.staff("manager@example.com", StaffRole::SalesManager).await;
    let rep = app.staff("rep@example.com", StaffRole::SalesRep).await;
    let cities = [("IT", "Lombardia", "Milano"), ("IT", "Lazio", "Roma"), ("DE", "Bayern", "München")];
    for i in 0..12 {
        let (country, region, city) = cities[i % 3];
        let mut input = json!({
            "name": format!("Azienda {:02}", 12 - i),
            "lifecycle": if i % 2 == 0 { "CUSTOMER" } else { "PROSPECT" },
            "tags": if i % 4 == 0 { json!(["vip", "b2b"]) } else { json!(["b2b"]) },
            "address": {"country": country, "region": region, "city": city},
            "primaryContact": {"firstName": "Anna", "lastName": format!("Verdi{i}"), "emails": [{"address": format!("anna{i}@azienda{i}.it")}], "phones": [{"number": format!("+39 347 555 00{i:02}")}]},
        });
        if i < 3 {
            input["ownerId"] = json!(rep.id);
        }
        app.customer(&manager, input).await;
    }
    let count = |filter: Value| {
        let app = &app;
        let token = manager.token.clone();
        async move {
            let res = app
                .gql(
                    Some(&token),
                    "query($f: CustomerFilter) { customers(filter: $f) { totalCount nodes { name } } }",
                    json!({"f": filter}),
                )
                .await;
            ok(&res)["customers"]["totalCount"].as_u64().unwrap()
        }
    };
    assert_eq!(count(json!({})).await, 12);
    assert_eq!(count(json!({"lifecycle": {"in": ["CUSTOMER"]}})).await, 6);
    assert_eq!(count(json!({"country": {"in": ["de"]}})).await, 4);
    assert_eq!(count(json!({"region": {"in": ["Lazio"]}, "city": {"in": ["Roma"]}})).await, 4);
    assert_eq!(count(json!({"tags": {"anyOf": ["VIP"]}})).await, 3);
    assert_eq!(count(json!({"tags": {"allOf": ["vip", "b2b"]}})).await, 3);
    assert_eq!(count(json!({"ownerId": {"in": [rep.id]}})).await, 3);
    assert_eq!(count(json!({"partnerId": {"isNull": true}})).await, 12);
    assert_eq!(count(json!({"search": "azienda 0"})).await, 9, "name substring");
    assert_eq!(count(json!({"search": "anna5@"})).await, 1, "email prefix");
    assert_eq!(count(json!({"search": "555 0007"})).await, 1, "phone digits");
    assert_eq!(count(json!({"search": "verdi1"})).await, 3, "contact name: Verdi1, Verdi10, Verdi11");
    assert_eq!(count(json!({"search": "100%_"})).await, 0, "wildcards are literal");
    assert_eq!(count(json!({"createdAt": {"gte": "2000-01-01T00:00:00Z"}})).await, 12);
    assert_eq!(count(json!({"createdAt": {"lte": "2000-01-01T00:00:00Z"}})).await, 0);

    // Keyset pages of 5 by name: forward to the end, then back, with stable cursors.
    let page = "query($a: String, $b: String, $f: Int, $l: Int, $o: [CustomerOrder!]) { customers(first: $f, after: $a, last: $l, before: $b, orderBy: $o) { nodes { name } pageInfo { hasNextPage hasPreviousPage startCursor endCursor } } }";
    let names = |res: &Value| -> Vec<String> {
        ok(res)["customers"]["nodes"].as_array().unwrap().iter().map(|n| n["name"].as_str().unwrap().to_owned()).collect()
    };
    let p1 = app.gql(Some(&manager.token), page, json!({"f": 5})).await;
    assert_eq!(names(&p1), ["Azienda 01", "Azienda 02", "Azienda 03", "Azienda 04", "Azienda 05"]);
    assert_eq!(ok(&p1)["customers"]["pageInfo"]["hasNextPage"], true);
    let end1 = ok(&p1)["customers"]["pageInfo"]["endCursor"].clone();
    // An insert before the cursor does not shift the next page.
    app.customer(&manager, json!({"name": "Azienda 00"})).await;
    let p2 = app.gql(Some(&manager.token), page, json!({"f": 5, "a": end1})).await;
    assert_eq!(names(&p2), ["Azienda 06", "Azienda 07", "Azienda 08", "Azienda 09", "Azienda 10"]);
    let p3 = app.gql(Some(&manager.token), page, json!({"f": 5, "a": ok(&p2)["customers"]["pageInfo"]["endCursor"]})).await;
    assert_eq!(names(&p3), ["Azienda 11", "Azienda 12"]);
    assert_eq!(ok(&p3)["customers"]["pageInfo"]["hasNextPage"], false);
    let back = app.gql(Some(&manager.token), page, json!({"l": 5, "b": ok(&p3)["customers"]["pageInfo"]["startCursor"]})).await;
    assert_eq!(names(&back), names(&p2));
    // Descending by creation: newest first.
    let newest = app.gql(Some(&manager.token), page, json!({"f": 2, "o": [{"field": "CREATED_AT", "direction": "DESC"}]})).await;
    assert_eq!(names(&newest), ["Azienda 00", "Azienda 01"]);
    // A cursor of one order is refused by another.
    let wrong = app.gql(Some(&manager.token), page, json!({"f": 2, "a": end1, "o": [{"field": "UPDATED_AT", "direction": "ASC"}]})).await;
    assert_eq!(code(&wrong), "BAD_USER_INPUT");
    let garbage = app.gql(Some(&manager.token), page, json!({"f": 2, "a": "nonsense"})).await;
    assert_eq!(code(&garbage), "BAD_USER_INPUT");
}
db_test!(filters_sorting_and_keyset_paging);

async fn contacts_are_managed_and_consent_recorded(app: TestApp) {
    let manager = app.staff("manager@example.com", StaffRole::SalesManager).await;
    let customer = app
        .customer(
            &manager,
            json!({"name": "Contatti S.r.l.", "primaryContact": {"firstName": "Paolo", "lastName": "Neri", "jobTitle": "CEO"}}),
        )
        .await;
    let create = "mutation($i: CreateContactInput!) { createContact(input: $i) { contact { id version primary } } }";
    let res = app.gql(Some(&manager.token), create, json!({"i": {"customerId": customer["id"], "firstName": "Sara", "lastName": "Gialli", "primary": true, "phones": [{"number": "02 4567 8901"}]}})).await;
    let sara = ok(&res)["createContact"]["contact"].clone();
    assert_eq!(sara["primary"], true);
    let read = app
        .gql(
            Some(&manager.token),
            "query($id: ID!) { customer(id: $id) { contacts { firstName primary phones { number } } } }",
            json!({"id": customer["id"]}),
        )
        .await;
    let contacts = ok(&read)["customer"]["contacts"].as_array().unwrap().clone();
    assert_eq!(contacts.len(), 2);
    assert_eq!(contacts[0]["firstName"], "Sara", "the new primary contact comes first");
    assert_eq!(contacts[1]["primary"], false, "the previous primary was demoted");
    assert_eq!(contacts[0]["phones"][0]["number"], "+390245678901");

    let consent = "mutation($i: UpdateContactConsentInput!) { updateContactConsent(input: $i) { contact { version consents { channel status source note } } } }";
    let res = app
        .gql(
            Some(&manager.token),
            consent,
            json!({"i": {"contactId": sara["id"], "version": 1, "consents": [
        {"channel": "SMS", "status": "WITHDRAWN", "source": "PHONE_CALL", "note": "call 2026-11-02"},
        {"channel": "POST", "status": "GRANTED", "source": "PAPER_FORM"}]}}),
        )
        .await;
    let saved = &ok(&res)["updateContactConsent"]["contact"];
    assert_eq!(saved["version"], 2);
    let sms = saved["consents"].as_array().unwrap().iter().find(|c| c["channel"] == "SMS").unwrap();
    assert_eq!(sms, &json!({"channel": "SMS", "status": "WITHDRAWN", "source": "PHONE_CALL", "note": "call 2026-11-02"}));
    // Filter contacts by consent.
    let granted = app
        .gql(
            Some(&manager.token),
            "{ contacts(filter: {consent: {channel: POST, status: {in: [GRANTED]}}}) { nodes { firstName } } }",
            json!({}),
        )
        .await;
    assert_eq!(ok(&granted)["contacts"]["nodes"], json!([{"firstName": "Sara"}]));

    // Archiving the primary contact leaves the customer without one (restoring it later must
    // not make two).
    let archive = "mutation($i: RecordVersionInput!) { archiveContact(input: $i) { contact { archived primary version } } }";
    let res = app.gql(Some(&manager.token), archive, json!({"i": {"id": sara["id"], "version": 2}})).await;
    assert_eq!(ok(&res)["archiveContact"]["contact"], json!({"archived": true, "primary": false, "version": 3}));
    let contacts_of = |customer: Value| {
        let (app, token) = (&app, manager.token.clone());
        async move {
            let q = "query($id: ID!) { customer(id: $id) { contacts { firstName primary } } }";
            ok(&app.gql(Some(&token), q, json!({"id": customer["id"]})).await)["customer"]["contacts"].clone()
        }
    };
    assert_eq!(contacts_of(customer.clone()).await, json!([{"firstName": "Paolo", "primary": false}]));
    // An archived contact cannot be made primary; once restored it can, and the other one
    // stops being primary.
    let update = "mutation($i: UpdateContactInput!) { updateContact(input: $i) { contact { primary version } } }";
    let res = app.gql(Some(&manager.token), update, json!({"i": {"id": sara["id"], "version": 3, "primary": true}})).await;
    assert_eq!(code(&res), "BAD_USER_INPUT", "{res}");
    assert_eq!(res["errors"][0]["extensions"]["field"], "primary");
    let restore = "mutation($i: RecordVersionInput!) { restoreContact(input: $i) { contact { archived primary } } }";
    let res = app.gql(Some(&manager.token), restore, json!({"i": {"id": sara["id"], "version": 3}})).await;
    assert_eq!(ok(&res)["restoreContact"]["contact"], json!({"archived": false, "primary": false}));
    let paolo = &customer["contacts"][0];
    let res = app.gql(Some(&manager.token), update, json!({"i": {"id": paolo["id"], "version": paolo["version"], "primary": true}})).await;
    assert_eq!(ok(&res)["updateContact"]["contact"]["primary"], true);
    let res = app.gql(Some(&manager.token), update, json!({"i": {"id": sara["id"], "version": 4, "primary": true}})).await;
    assert_eq!(ok(&res)["updateContact"]["contact"], json!({"primary": true, "version": 5}));
    assert_eq!(
        contacts_of(customer.clone()).await,
        json!([{"firstName": "Sara", "primary": true}, {"firstName": "Paolo", "primary": false}])
    );
    // The switch is in the history of the contact made primary.
    let history = "query($id: ID!) { customer(id: $id) { history(first: 1) { nodes { entityId changes { field before after } } } } }";
    let res = app.gql(Some(&manager.token), history, json!({"id": customer["id"]})).await;
    let last = &ok(&res)["customer"]["history"]["nodes"][0];
    assert_eq!(last["entityId"], sara["id"]);
    assert_eq!(last["changes"], json!([{"field": "primary", "before": false, "after": true}]));
}
db_test!(contacts_are_managed_and_consent_recorded);

const BULK: &str =
    "mutation($i: BulkUpdateCustomersInput!) { bulkUpdateCustomers(input: $i) { customers { id tags archived version owner { email } } } }";

/// Ticked customers get a new owner, tags added and removed, or are archived, all or none: a
/// rep may tag its own customers but not hand them to someone else, nor touch another's.
async fn bulk_changes_apply_to_every_ticked_customer_or_none(app: TestApp) {
    let manager = app.staff("manager@example.com", StaffRole::SalesManager).await;
    let rep = app.staff("rep@example.com", StaffRole::SalesRep).await;
    let other = app.staff("other@example.com", StaffRole::SalesRep).await;
    let mut mine = Vec::new();
    for name in ["Alfa S.r.l.", "Beta S.r.l.", "Gamma S.r.l."] {
        mine.push(app.customer(&manager, json!({"name": name, "ownerId": rep.id, "tags": ["b2b", "old"]})).await["id"].clone());
    }
    let theirs = app.customer(&manager, json!({"name": "Delta S.r.l.", "ownerId": other.id})).await["id"].clone();

    // Tags added and removed on the rep's own customers, audited per customer.
    let res = app.gql(Some(&rep.token), BULK, json!({"i": {"ids": mine, "addTags": ["VIP"], "removeTags": ["old"]}})).await;
    let saved = ok(&res)["bulkUpdateCustomers"]["customers"].as_array().unwrap().clone();
    assert_eq!(saved.len(), 3);
    assert!(saved.iter().all(|c| c["tags"] == json!(["b2b", "vip"]) && c["version"] == 2), "{res}");

    // One customer the rep may not change refuses the whole batch: nothing is written.
    let mut mixed = mine.clone();
    mixed.push(theirs.clone());
    let res = app.gql(Some(&rep.token), BULK, json!({"i": {"ids": mixed, "addTags": ["x"]}})).await;
    assert_eq!(code(&res), "FORBIDDEN", "{res}");
    let one = "query($id: ID!) { customer(id: $id) { tags version archived owner { email } } }";
    let first = app.gql(Some(&manager.token), one, json!({"id": mine[0]})).await;
    assert_eq!((&ok(&first)["customer"]["tags"], &ok(&first)["customer"]["version"]), (&json!(["b2b", "vip"]), &json!(2)));
    // Owners are for managers to change.
    let res = app.gql(Some(&rep.token), BULK, json!({"i": {"ids": mine, "owner": {"ownerId": other.id}}})).await;
    assert_eq!(code(&res), "FORBIDDEN", "{res}");
    let res = app.gql(Some(&manager.token), BULK, json!({"i": {"ids": [mine[0], mine[1]], "owner": {"ownerId": other.id}}})).await;
    let moved = ok(&res)["bulkUpdateCustomers"]["customers"].as_array().unwrap().clone();
    assert!(moved.iter().all(|c| c["owner"]["email"] == "other@example.com"), "{res}");
    // A change of tags leaves the owners alone, also when the client sends `owner: null`.
    let res = app.gql(Some(&manager.token), BULK, json!({"i": {"ids": [mine[2]], "owner": null, "addTags": ["kept"]}})).await;
    assert_eq!(ok(&res)["bulkUpdateCustomers"]["customers"][0]["owner"]["email"], "rep@example.com", "{res}");
    // Archived together, and restored.
    let res = app.gql(Some(&manager.token), BULK, json!({"i": {"ids": mine, "archived": true}})).await;
    assert!(ok(&res)["bulkUpdateCustomers"]["customers"].as_array().unwrap().iter().all(|c| c["archived"] == true), "{res}");
    let res = app.gql(Some(&manager.token), BULK, json!({"i": {"ids": [mine[2]], "archived": false}})).await;
    assert_eq!(ok(&res)["bulkUpdateCustomers"]["customers"][0]["archived"], false);

    // Bad input: nothing to change, no ids, an unknown owner, a bad tag.
    let res = app.gql(Some(&manager.token), BULK, json!({"i": {"ids": mine}})).await;
    assert_eq!((code(&res), &res["errors"][0]["extensions"]["reason"]), ("BAD_USER_INPUT", &json!("REQUIRED")), "{res}");
    let res = app.gql(Some(&manager.token), BULK, json!({"i": {"ids": [], "addTags": ["x"]}})).await;
    assert_eq!(res["errors"][0]["extensions"]["reason"], "OUT_OF_RANGE", "{res}");
    let res = app.gql(Some(&manager.token), BULK, json!({"i": {"ids": mine, "owner": {"ownerId": mine[0]}}})).await;
    assert_eq!(res["errors"][0]["extensions"]["field"], "ownerId", "{res}");
    let res = app.gql(Some(&manager.token), BULK, json!({"i": {"ids": mine, "addTags": ["no/slash"]}})).await;
    assert_eq!(res["errors"][0]["extensions"]["field"], "addTags", "{res}");
}
db_test!(bulk_changes_apply_to_every_ticked_customer_or_none);
