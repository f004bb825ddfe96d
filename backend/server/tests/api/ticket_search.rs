//! Full-text search of tickets over the API: any form of a word in English or Italian, accents
//! folded, the last word as a prefix, in the subject and the public conversation; never in
//! internal notes; within the caller's scope; the ticket's number too; and the catch-up that
//! indexes tickets from before the index.

use crate::db_test;
use crate::helpers::{ok, TestApp, TestUser};
use crm_identity::domain::StaffRole;
use sea_orm::ConnectionTrait;
use serde_json::{json, Value};

const OPEN: &str = "mutation($i: OpenTicketInput!) { openTicket(input: $i) { ticket { id number version } } }";
const MESSAGE: &str = "mutation($i: AddTicketMessageInput!) { addTicketMessage(input: $i) { ticket { id } } }";

/// The subjects of the tickets `user` finds with `search`, sorted.
async fn found(app: &TestApp, user: &TestUser, search: &str) -> Vec<String> {
    let query = "query($s: String!) { tickets(first: 50, filter: {search: $s}) { nodes { subject } } }";
    let res = app.gql(Some(&user.token), query, json!({"s": search})).await;
    let mut subjects: Vec<String> =
        ok(&res)["tickets"]["nodes"].as_array().unwrap().iter().map(|node| node["subject"].as_str().unwrap().to_owned()).collect();
    subjects.sort();
    subjects
}

async fn open(app: &TestApp, user: &TestUser, input: Value) -> Value {
    ok(&app.gql(Some(&user.token), OPEN, json!({"i": input})).await)["openTicket"]["ticket"].clone()
}

async fn tickets_are_found_by_any_form_of_their_words_but_never_by_a_note(app: TestApp) {
    let admin = app.staff("admin@example.com", StaffRole::Admin).await;
    let lead = app.staff("lead@example.com", StaffRole::ServiceManager).await;
    let rossi = app.customer(&admin, json!({"name": "Rossi SpA"})).await;
    let bianchi = app.customer(&admin, json!({"name": "Bianchi Srl"})).await;
    let buyer = app.customer_user("buyer@rossi.example", rossi["id"].as_str().unwrap()).await;
    ok(&app.gql(Some(&lead.token), "mutation { createServiceQueue(input: {name: \"Support\"}) { queue { id } } }", json!({})).await);

    let printer =
        json!({"subject": "La stampante non stampa", "description": "Il tecnico, signor Müller, è passato ieri.", "language": "it"});
    let printer = open(&app, &buyer, printer).await;
    let invoices = json!({"customerId": bianchi["id"], "subject": "Invoice printing", "description": "Printing the invoices fails.", "language": "en"});
    let invoices = open(&app, &lead, invoices).await;
    let note = json!({"ticketId": printer["id"], "kind": "NOTE", "body": "Internal: supplier code ZX9000."});
    ok(&app.gql(Some(&lead.token), MESSAGE, json!({"i": note})).await);
    let reply = json!({"ticketId": invoices["id"], "kind": "REPLY", "body": "We reissued the invoices yesterday."});
    ok(&app.gql(Some(&lead.token), MESSAGE, json!({"i": reply})).await);

    let both = vec!["Invoice printing".to_owned(), "La stampante non stampa".to_owned()];
    let italian = vec!["La stampante non stampa".to_owned()];
    let english = vec!["Invoice printing".to_owned()];
    assert_eq!(found(&app, &lead, "stampanti").await, italian, "another form of the word");
    assert_eq!(found(&app, &lead, "muller").await, italian, "accents folded, in the conversation");
    assert_eq!(found(&app, &lead, "stamp").await, italian, "the word being typed, as a prefix");
    assert_eq!(found(&app, &lead, "printed").await, english);
    assert_eq!(found(&app, &lead, "reissue").await, english, "the desk's reply");
    assert_eq!(found(&app, &lead, "invoice stampante").await, Vec::<String>::new(), "every word must match");
    assert_eq!(found(&app, &lead, "ZX9000").await, Vec::<String>::new(), "notes are not searched");
    assert_eq!(found(&app, &lead, invoices["number"].as_str().unwrap()).await, english, "by number");
    assert_eq!(found(&app, &lead, "").await, both, "no search: every ticket");
    // The customer finds only its own tickets.
    assert_eq!(found(&app, &buyer, "printing").await, Vec::<String>::new());
    assert_eq!(found(&app, &buyer, "stampa").await, italian);

    // A new subject is searched at once.
    let update = "mutation($i: UpdateTicketInput!) { updateTicket(input: $i) { ticket { subject } } }";
    let version = ok(&app.gql(Some(&lead.token), "query($id: ID!) { ticket(id: $id) { version } }", json!({"id": printer["id"]})).await)
        ["ticket"]["version"]
        .clone();
    ok(&app.gql(Some(&lead.token), update, json!({"i": {"id": printer["id"], "version": version, "subject": "Scanner guasto"}})).await);
    assert_eq!(found(&app, &lead, "scanner").await, vec!["Scanner guasto".to_owned()]);

    // Tickets from before the index (here: an emptied index) are caught up.
    let emptied = if app.url.starts_with("postgres") {
        vec!["DELETE FROM ticket_search"]
    } else {
        vec!["DELETE FROM ticket_search", "DELETE FROM ticket_search_rows"]
    };
    for statement in emptied {
        app.db.write.execute_unprepared(statement).await.unwrap();
    }
    assert_eq!(found(&app, &lead, "scanner").await, Vec::<String>::new());
    assert_eq!(crm_service::ticket_search::catch_up(&app.db.write).await.unwrap(), 2);
    assert_eq!(found(&app, &lead, "scanner").await, vec!["Scanner guasto".to_owned()]);
    assert_eq!(crm_service::ticket_search::catch_up(&app.db.write).await.unwrap(), 0, "nothing left");
}
db_test!(tickets_are_found_by_any_form_of_their_words_but_never_by_a_note);
