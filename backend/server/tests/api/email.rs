//! Email in and out, against real SMTP servers: received mail on the inbound webhook (scoped
//! key, idempotent by Message-ID) and on the built-in SMTP listener, filed onto tickets by
//! thread, by number (only for the ticket's own people) or into a new ticket in the queue of
//! the address; unknown senders kept for the desk; automatic answers and bounces recognised;
//! attachments kept and downloaded by the desk only. The desk's replies on an email ticket go
//! out through an SMTP relay started by the test (`mailin-embedded`), threaded, retried after a
//! temporary refusal, refused without an address, never sent twice after an interrupted send.

use crate::helpers::{code, ok, spawn, Backend, TestApp, TestUser};
use crm_core::clock::{Clock, SystemClock};
use crm_core::retry::RetryPolicy;
use crm_identity::domain::StaffRole;
use crm_mail::outbox::{self, Outgoing};
use lettre::{AsyncSmtpTransport, AsyncTransport, Tokio1Executor};
use mailin_embedded::response::{NO_SERVICE, OK};
use mailin_embedded::{Handler, Response, Server, SslConfig};
use serde_json::{json, Value};
use std::sync::{Arc, Mutex};
use std::time::Duration;

/// A mail relay for the test: keeps what it accepts; refuses the first `refusals` messages
/// with a temporary 421.
#[derive(Clone, Default)]
struct Relay {
    accepted: Arc<Mutex<Vec<String>>>,
    refusals: Arc<Mutex<usize>>,
    current: Vec<u8>,
}

impl Handler for Relay {
    fn data(&mut self, buf: &[u8]) -> std::io::Result<()> {
        self.current.extend_from_slice(buf);
        Ok(())
    }

    fn data_end(&mut self) -> Response {
        let message = String::from_utf8_lossy(&std::mem::take(&mut self.current)).into_owned();
        let mut refusals = self.refusals.lock().unwrap();
        if *refusals > 0 {
            *refusals -= 1;
            return NO_SERVICE;
        }
        self.accepted.lock().unwrap().push(message);
        OK
    }
}

impl Relay {
    fn start() -> (Self, u16) {
        let relay = Relay::default();
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        let port = listener.local_addr().unwrap().port();
        let mut server = Server::new(relay.clone());
        server.with_name("relay.test").with_ssl(SslConfig::None).unwrap().with_tcp_listener(listener);
        std::thread::spawn(move || {
            let _ = server.serve();
        });
        (relay, port)
    }

    fn accepted(&self) -> Vec<String> {
        self.accepted.lock().unwrap().clone()
    }
}

async fn app_with_mail(backend: Backend, relay_port: u16) -> TestApp {
    spawn(backend, move |config| {
        let relay = crm_mail::send::Relay::from_url(&format!("smtp://127.0.0.1:{relay_port}"), Duration::from_secs(5)).unwrap();
        let policy = RetryPolicy {
            base: Duration::from_millis(50),
            cap: Duration::from_millis(200),
            max_attempts: 5,
            lease: Duration::from_secs(30),
        };
        config.mail = Some(crm_mail::send::WorkerConfig { relay, policy, poll: Duration::from_millis(50) });
        config.smtp_listen = Some("127.0.0.1:0".into());
    })
    .await
}

/// POSTs one raw message to the inbound webhook; returns the HTTP status and body.
async fn deliver(app: &TestApp, key: Option<&str>, raw: &str) -> (u16, Value) {
    let mut req = app.client.post(format!("{}/email/inbound?recipient=support@example.com", app.address)).body(raw.to_owned());
    if let Some(key) = key {
        req = req.bearer_auth(key);
    }
    let res = req.send().await.unwrap();
    (res.status().as_u16(), res.json().await.unwrap())
}

const TICKET: &str = "id number status channel subject queue { name } messages { kind body } \
    emails { id direction kind status messageId from to subject problem attempts sentAt attachments { fileName contentType size url } }";

async fn ticket(app: &TestApp, user: &TestUser, id: &str) -> Value {
    let query = format!("query($id: ID!) {{ ticket(id: $id) {{ {TICKET} }} }}");
    let res = app.gql(Some(&user.token), &query, json!({"id": id})).await;
    ok(&res)["ticket"].clone()
}

/// Waits until `ticket`'s email `id` has `status`; returns the email.
async fn email_reaches(app: &TestApp, user: &TestUser, ticket_id: &str, id: &Value, status: &str) -> Value {
    let mut email = Value::Null;
    for _ in 0..200 {
        let found = ticket(app, user, ticket_id).await;
        email = found["emails"].as_array().unwrap().iter().find(|e| e["id"] == *id).cloned().unwrap();
        if email["status"] == status {
            return email;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    panic!("email {id} of {ticket_id} never reached {status}: {email}");
}

fn message(headers: &str, body: &str) -> String {
    format!("{headers}\nMIME-Version: 1.0\nContent-Type: text/plain; charset=utf-8\n\n{body}\n")
}

async fn received_mail_is_filed_onto_tickets_and_the_desk_answers_by_email(backend: Backend) {
    let (relay, relay_port) = Relay::start();
    let app = app_with_mail(backend, relay_port).await;
    let admin = app.staff("admin@example.com", StaffRole::Admin).await;
    let lead = app.staff("lead@example.com", StaffRole::ServiceManager).await;
    let agent = app.staff("agent@example.com", StaffRole::ServiceAgent).await;

    // Queues own their addresses: valid, one queue each.
    let create = "mutation($i: CreateServiceQueueInput!) { createServiceQueue(input: $i) { queue { id name emailAddress } } }";
    let res = app.gql(Some(&lead.token), create, json!({"i": {"name": "Support", "emailAddress": "not an address"}})).await;
    assert_eq!(res["errors"][0]["extensions"]["field"], "emailAddress", "{res}");
    let support = json!({"i": {"name": "Support", "emailAddress": " Support@Example.com ", "memberIds": [agent.id]}});
    let res = app.gql(Some(&lead.token), create, support).await;
    assert_eq!(ok(&res)["createServiceQueue"]["queue"]["emailAddress"], "support@example.com");
    ok(&app.gql(Some(&lead.token), create, json!({"i": {"name": "General", "isDefault": true}})).await);
    let res = app.gql(Some(&lead.token), create, json!({"i": {"name": "Billing", "emailAddress": "support@example.com"}})).await;
    assert_eq!(res["errors"][0]["extensions"]["reason"], "ALREADY_EXISTS", "{res}");

    let contact = json!({"firstName": "Giulia", "lastName": "Bianchi", "emails": [{"address": "giulia@rossi.example", "label": "work"}]});
    let rossi = app.customer(&admin, json!({"name": "Rossi SpA", "primaryContact": contact})).await;
    let buyer = app.customer_user("buyer@rossi.example", rossi["id"].as_str().unwrap()).await;

    // The webhook takes an email:inbound key, and nothing else does.
    let inbound = crate::calls::key(&app, &admin, &["EMAIL_INBOUND"]).await;
    let reader = crate::calls::key(&app, &admin, &["SERVICE_READ"]).await;
    let first = "Message-ID: <first@rossi.example>\nFrom: Giulia Bianchi <giulia@rossi.example>\nTo: support@example.com\n\
         Subject: The invoice is wrong\nMIME-Version: 1.0\nContent-Type: multipart/mixed; boundary=\"B\"\n\n\
         --B\nContent-Type: text/plain; charset=utf-8\n\nInvoice 1042 charges twice.\n\
         --B\nContent-Type: application/pdf\nContent-Disposition: attachment; filename=\"fattura-1042.pdf\"\n\
         Content-Transfer-Encoding: base64\n\nJVBERi0xLjQgZGVtbw==\n--B--\n";
    assert_eq!(deliver(&app, None, first).await.0, 401);
    let (status, body) = deliver(&app, Some(&reader), first).await;
    assert_eq!((status, body["errors"][0]["code"].as_str()), (403, Some("FORBIDDEN")), "{body}");
    assert_eq!(code(&app.gql(Some(&inbound), "{ tickets { totalCount } }", json!({})).await), "FORBIDDEN", "the key reads nothing");
    let (status, body) = deliver(&app, Some(&inbound), "not a message").await;
    assert_eq!((status, body["errors"][0]["code"].as_str()), (400, Some("BAD_USER_INPUT")), "{body}");

    // A known sender's new message opens a ticket in the queue of the address it was sent to.
    let (status, body) = deliver(&app, Some(&inbound), first).await;
    assert_eq!((status, body["filing"].as_str()), (200, Some("OPENED")), "{body}");
    let number = body["ticketNumber"].as_str().unwrap().to_owned();
    let ticket_id = body["ticketId"].as_str().unwrap().to_owned();
    let opened = ticket(&app, &agent, &ticket_id).await;
    assert_eq!(opened["number"], number);
    assert_eq!((opened["channel"].as_str(), opened["queue"]["name"].as_str()), (Some("EMAIL"), Some("Support")), "{opened}");
    assert_eq!(opened["messages"][0]["body"], "Invoice 1042 charges twice.");
    let received = &opened["emails"][0];
    assert_eq!((received["direction"].as_str(), received["status"].as_str()), (Some("INBOUND"), Some("RECEIVED")));
    assert_eq!(received["attachments"][0]["fileName"], "fattura-1042.pdf");
    assert_eq!(received["attachments"][0]["size"], 13);

    // The attachment downloads for the desk, as a download; for nobody else.
    let url = format!("{}{}", app.address, received["attachments"][0]["url"].as_str().unwrap());
    let res = app.client.get(&url).bearer_auth(&agent.token).send().await.unwrap();
    assert_eq!(res.status().as_u16(), 200);
    assert!(res.headers()["content-disposition"].to_str().unwrap().starts_with("attachment"));
    assert_eq!(res.bytes().await.unwrap().as_ref(), b"%PDF-1.4 demo");
    assert_eq!(app.client.get(&url).bearer_auth(&buyer.token).send().await.unwrap().status().as_u16(), 404);
    assert_eq!(app.client.get(&url).send().await.unwrap().status().as_u16(), 401);
    // The customer's side reads the conversation, not the mail's delivery.
    assert_eq!(ticket(&app, &buyer, &ticket_id).await["emails"], json!([]));

    // The same message again changes nothing.
    let (_, body) = deliver(&app, Some(&inbound), first).await;
    assert_eq!((body["filing"].as_str(), body["ticketNumber"].as_str()), (Some("DUPLICATE"), Some(number.as_str())));
    let count = app.gql(Some(&agent.token), "{ tickets { totalCount } }", json!({})).await;
    assert_eq!(ok(&count)["tickets"]["totalCount"], 1);

    // The desk replies: the reply goes to Giulia from the queue's address, threaded.
    let reply = "mutation($i: AddTicketMessageInput!) { addTicketMessage(input: $i) { message { kind } } }";
    let res =
        app.gql(Some(&agent.token), reply, json!({"i": {"ticketId": opened["id"], "body": "Sorry: the new invoice is attached."}})).await;
    ok(&res);
    let queued = ticket(&app, &agent, &ticket_id).await["emails"][1].clone();
    assert_eq!(queued["direction"], "OUTBOUND");
    let sent = email_reaches(&app, &agent, &ticket_id, &queued["id"], "SENT").await;
    assert_eq!(sent["to"], json!(["giulia@rossi.example"]));
    assert_eq!(sent["from"], "support@example.com");
    assert_eq!(sent["subject"], format!("Re: The invoice is wrong [{number}]"));
    let wire = relay.accepted();
    assert_eq!(wire.len(), 1, "sent once");
    let sent_id = sent["messageId"].as_str().unwrap().to_owned();
    assert!(wire[0].contains(&format!("Message-ID: <{sent_id}>")), "{}", wire[0]);
    assert!(wire[0].contains("In-Reply-To: <first@rossi.example>"), "{}", wire[0]);
    assert!(wire[0].contains("Sorry: the new invoice is attached."), "{}", wire[0]);

    // Giulia's answer threads by the reply's id; the quoted history stays in the email only.
    let answer = message(
        &format!("Message-ID: <second@rossi.example>\nFrom: giulia@rossi.example\nTo: support@example.com\nIn-Reply-To: <{sent_id}>\nSubject: Re: whatever"),
        "Thanks, it is right now.\n\nOn Tue, 1 Dec 2026, Support <support@example.com> wrote:\n> Sorry: the new invoice is attached.",
    );
    let (_, body) = deliver(&app, Some(&inbound), &answer).await;
    assert_eq!((body["filing"].as_str(), body["ticketNumber"].as_str()), (Some("THREADED"), Some(number.as_str())), "{body}");
    let threaded = ticket(&app, &agent, &ticket_id).await;
    assert_eq!(threaded["messages"].as_array().unwrap().last().unwrap()["body"], "Thanks, it is right now.");

    // By the number in the subject: for the ticket's own people only.
    let by_number = message(
        &format!("Message-ID: <third@rossi.example>\nFrom: giulia@rossi.example\nTo: support@example.com\nSubject: About {number}"),
        "One more thing.",
    );
    assert_eq!(deliver(&app, Some(&inbound), &by_number).await.1["filing"], "THREADED");
    let stranger = message(
        &format!("Message-ID: <x@elsewhere.example>\nFrom: someone@elsewhere.example\nTo: support@example.com\nSubject: Re: {number}"),
        "Let me in.",
    );
    let (_, body) = deliver(&app, Some(&inbound), &stranger).await;
    assert_eq!((body["filing"].as_str(), body["ticketNumber"].as_str()), (Some("UNMATCHED"), None), "{body}");
    let unmatched = "{ unmatchedEmails(first: 5) { totalCount nodes { from subject body } } }";
    let res = app.gql(Some(&agent.token), unmatched, json!({})).await;
    assert_eq!(ok(&res)["unmatchedEmails"]["nodes"][0]["from"], "someone@elsewhere.example");
    assert_eq!(code(&app.gql(Some(&buyer.token), unmatched, json!({})).await), "FORBIDDEN");

    // Automatic answers and bounces are kept, never counted as Giulia's words.
    let before = ticket(&app, &agent, &ticket_id).await["messages"].as_array().unwrap().len();
    let out_of_office = message(
        &format!("Message-ID: <ooo@rossi.example>\nFrom: giulia@rossi.example\nTo: support@example.com\nAuto-Submitted: auto-replied\nIn-Reply-To: <{sent_id}>\nSubject: Automatic reply: away"),
        "Back on Monday.",
    );
    assert_eq!(deliver(&app, Some(&inbound), &out_of_office).await.1["filing"], "AUTO_REPLY");
    let bounce = format!(
        "Message-ID: <dsn@mx.rossi.example>\nFrom: MAILER-DAEMON@mx.rossi.example\nTo: support@example.com\nSubject: Undelivered\n\
         MIME-Version: 1.0\nContent-Type: multipart/report; report-type=delivery-status; boundary=\"R\"\n\n\
         --R\nContent-Type: text/plain\n\nMailbox full.\n--R\nContent-Type: text/rfc822-headers\n\nMessage-ID: <{sent_id}>\n--R--\n"
    );
    assert_eq!(deliver(&app, Some(&inbound), &bounce).await.1["filing"], "BOUNCE");
    let after = ticket(&app, &agent, &ticket_id).await;
    assert_eq!(after["messages"].as_array().unwrap().len(), before, "neither is a message of the customer");
    let bounced = after["emails"].as_array().unwrap().iter().find(|e| e["messageId"] == sent_id).unwrap();
    assert_eq!((bounced["status"].as_str(), bounced["problem"].as_str()), (Some("BOUNCED"), Some("Mailbox full.")), "{bounced}");

    // The timeline shows the conversation as email.
    let timeline = "query($id: ID!) { customer(id: $id) { timeline(first: 20) { nodes { channel direction } } } }";
    let res = app.gql(Some(&agent.token), timeline, json!({"id": rossi["id"]})).await;
    let entries = ok(&res)["customer"]["timeline"]["nodes"].as_array().unwrap().clone();
    assert!(entries.len() >= 4 && entries.iter().all(|entry| entry["channel"] == "EMAIL"), "{entries:?}");

    // The built-in SMTP listener files mail for the queues' addresses, and only for them.
    let listener = app.smtp.expect("the listener runs");
    let client = AsyncSmtpTransport::<Tokio1Executor>::builder_dangerous("127.0.0.1").port(listener.port()).build();
    let by_smtp = lettre::Message::builder()
        .from("giulia@rossi.example".parse().unwrap())
        .to("support@example.com".parse().unwrap())
        .subject("The printer is offline")
        .body("Since this morning.".to_owned())
        .unwrap();
    client.send(by_smtp).await.expect("accepted");
    let res = app.gql(Some(&agent.token), "{ tickets(first: 1) { nodes { subject channel } } }", json!({})).await;
    assert_eq!(ok(&res)["tickets"]["nodes"][0], json!({"subject": "The printer is offline", "channel": "EMAIL"}), "newest first");
    let elsewhere = lettre::Message::builder()
        .from("giulia@rossi.example".parse().unwrap())
        .to("ceo@example.com".parse().unwrap())
        .subject("Hello")
        .body("Hi.".to_owned())
        .unwrap();
    let refused = client.send(elsewhere).await.expect_err("no mailbox for that address");
    assert!(refused.is_permanent(), "{refused}");
}

async fn replies_are_retried_refused_without_an_address_and_never_sent_twice(backend: Backend) {
    let (relay, relay_port) = Relay::start();
    *relay.refusals.lock().unwrap() = 1;
    let app = app_with_mail(backend, relay_port).await;
    let admin = app.staff("admin@example.com", StaffRole::Admin).await;
    let agent = app.staff("agent@example.com", StaffRole::ServiceAgent).await;
    let create = "mutation($i: CreateServiceQueueInput!) { createServiceQueue(input: $i) { queue { id } } }";
    let support = json!({"i": {"name": "Support", "emailAddress": "support@example.com", "memberIds": [agent.id]}});
    ok(&app.gql(Some(&admin.token), create, support).await);
    let with_email = json!({"firstName": "Luca", "lastName": "Verdi", "emails": [{"address": "luca@verdi.example"}]});
    let verdi = app.customer(&admin, json!({"name": "Verdi Snc", "primaryContact": with_email})).await;
    let without = json!({"firstName": "Sara", "lastName": "Neri", "phones": [{"number": "+39 02 1234 5678"}]});
    let neri = app.customer(&admin, json!({"name": "Neri Srl", "primaryContact": without})).await;
    let open = "mutation($i: OpenTicketInput!) { openTicket(input: $i) { ticket { id number } } }";
    let open_by_email = |customer: &Value| {
        json!({"i": {"customerId": customer["id"], "contactId": customer["contacts"][0]["id"], "channel": "EMAIL",
                     "subject": "Delivery", "description": "Where is it?"}})
    };
    let res = app.gql(Some(&agent.token), open, open_by_email(&verdi)).await;
    let verdi_ticket = ok(&res)["openTicket"]["ticket"].clone();
    let res = app.gql(Some(&agent.token), open, open_by_email(&neri)).await;
    let neri_ticket = ok(&res)["openTicket"]["ticket"].clone();
    let reply = "mutation($i: AddTicketMessageInput!) { addTicketMessage(input: $i) { message { kind } } }";

    // A temporary refusal is tried again.
    ok(&app.gql(Some(&agent.token), reply, json!({"i": {"ticketId": verdi_ticket["id"], "body": "Tomorrow."}})).await);
    let verdi_id = verdi_ticket["id"].as_str().unwrap();
    let queued = ticket(&app, &agent, verdi_id).await["emails"][0].clone();
    let sent = email_reaches(&app, &agent, verdi_id, &queued["id"], "SENT").await;
    assert_eq!(sent["attempts"], 2, "{sent}");
    assert_eq!(relay.accepted().len(), 1);

    // No address: kept as refused, with why, never sent.
    ok(&app.gql(Some(&agent.token), reply, json!({"i": {"ticketId": neri_ticket["id"], "body": "Tomorrow."}})).await);
    let refused = ticket(&app, &agent, neri_ticket["id"].as_str().unwrap()).await["emails"][0].clone();
    assert_eq!(refused["status"], "REFUSED");
    assert_eq!(refused["problem"], "Sara Neri has no email address");

    // A server that stopped mid-send: its lease runs out; the message is marked interrupted,
    // not sent again, until a person says so.
    let now = SystemClock.now();
    let outgoing = Outgoing {
        from: "support@example.com".into(),
        to: "luca@verdi.example".into(),
        subject: "Re: Delivery".into(),
        body: "Sent by a server that stopped.".into(),
        ticket_id: Some(verdi_ticket["id"].as_str().unwrap().parse().unwrap()),
        ..Outgoing::default()
    };
    let stuck = outbox::queue_in(&app.db.write, outgoing, None, now).await.unwrap();
    assert!(outbox::lease(&app.db.write, &stuck, now - chrono::Duration::seconds(1)).await.unwrap());
    let id = json!(stuck.id.to_string());
    let interrupted = email_reaches(&app, &agent, verdi_id, &id, "INTERRUPTED").await;
    assert!(interrupted["problem"].as_str().unwrap().contains("may have it"), "{interrupted}");
    assert_eq!(relay.accepted().len(), 1, "not sent again by itself");
    let again = "mutation($id: ID!) { sendEmailAgain(id: $id) { email { status } } }";
    let res = app.gql(Some(&agent.token), again, json!({"id": refused["id"]})).await;
    assert_eq!(res["errors"][0]["extensions"]["reason"], "WRONG_STATUS", "{res}");
    ok(&app.gql(Some(&agent.token), again, json!({"id": id})).await);
    email_reaches(&app, &agent, verdi_id, &id, "SENT").await;
    assert_eq!(relay.accepted().len(), 2);
}

macro_rules! mail_test {
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

mail_test!(received_mail_is_filed_onto_tickets_and_the_desk_answers_by_email);
mail_test!(replies_are_retried_refused_without_an_address_and_never_sent_twice);
