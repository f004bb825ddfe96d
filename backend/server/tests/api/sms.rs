//! Text messages in and out, against a real HTTP gateway started by the test: received texts
//! on the gateway's webhook (scoped key, idempotent by the gateway's id) filed by the sender's
//! number onto their open ticket by text, or into a new one; unknown numbers kept for the
//! desk; the desk's replies posted to the gateway (the configured body and authorization),
//! retried after a temporary refusal, settled by delivery reports; refused without a number.

use crate::helpers::{code, ok, spawn, Backend, TestApp, TestUser};
use actix_web::{web, App, HttpRequest, HttpResponse, HttpServer};
use crm_core::retry::RetryPolicy;
use crm_identity::domain::StaffRole;
use serde_json::{json, Value};
use std::sync::{Arc, Mutex};
use std::time::Duration;

/// The SMS provider for the test: keeps each request's authorization and body, answers with
/// an id; refuses the first `refusals` requests with a 503.
#[derive(Clone, Default)]
struct Provider {
    received: Arc<Mutex<Vec<(String, Value)>>>,
    refusals: Arc<Mutex<usize>>,
}

async fn take(provider: web::Data<Provider>, req: HttpRequest, body: web::Json<Value>) -> HttpResponse {
    {
        let mut refusals = provider.refusals.lock().unwrap();
        if *refusals > 0 {
            *refusals -= 1;
            return HttpResponse::ServiceUnavailable().json(json!({"error": "busy"}));
        }
    }
    let authorization = req.headers().get("authorization").and_then(|v| v.to_str().ok()).unwrap_or_default().to_owned();
    let mut received = provider.received.lock().unwrap();
    received.push((authorization, body.into_inner()));
    HttpResponse::Ok().json(json!({"id": format!("gw-{}", received.len())}))
}

impl Provider {
    fn start() -> (Self, u16) {
        let provider = Provider::default();
        let data = web::Data::new(provider.clone());
        let server = HttpServer::new(move || App::new().app_data(data.clone()).route("/send", web::post().to(take)))
            .workers(1)
            .bind(("127.0.0.1", 0))
            .unwrap();
        let port = server.addrs()[0].port();
        tokio::spawn(server.run());
        (provider, port)
    }

    fn received(&self) -> Vec<(String, Value)> {
        self.received.lock().unwrap().clone()
    }
}

async fn app_with_gateway(backend: Backend, port: u16) -> TestApp {
    spawn(backend, move |config| {
        let gateway = crm_sms::gateway::Gateway::new(
            &format!("http://127.0.0.1:{port}/send"),
            Some("Bearer gw-secret".into()),
            crm_sms::gateway::DEFAULT_BODY,
            "id",
            "+390299999999",
            Duration::from_secs(5),
        )
        .unwrap();
        let policy = RetryPolicy {
            base: Duration::from_millis(50),
            cap: Duration::from_millis(200),
            max_attempts: 5,
            lease: Duration::from_secs(30),
        };
        config.sms = Some(crm_sms::gateway::WorkerConfig { gateway, policy, poll: Duration::from_millis(50) });
    })
    .await
}

async fn post(app: &TestApp, path: &str, key: Option<&str>, body: Value) -> (u16, Value) {
    let mut req = app.client.post(format!("{}{path}", app.address)).json(&body);
    if let Some(key) = key {
        req = req.bearer_auth(key);
    }
    let res = req.send().await.unwrap();
    (res.status().as_u16(), res.json().await.unwrap())
}

const TICKET: &str = "id number channel subject status messages { kind body } \
    texts { id direction status from to text attempts problem sentAt deliveredAt }";

async fn ticket(app: &TestApp, user: &TestUser, id: &str) -> Value {
    let res = app.gql(Some(&user.token), &format!("query($id: ID!) {{ ticket(id: $id) {{ {TICKET} }} }}"), json!({"id": id})).await;
    ok(&res)["ticket"].clone()
}

/// Waits until `ticket`'s text `id` has `status`; returns the text.
async fn text_reaches(app: &TestApp, user: &TestUser, ticket_id: &str, id: &Value, status: &str) -> Value {
    let mut text = Value::Null;
    for _ in 0..200 {
        text = ticket(app, user, ticket_id).await["texts"].as_array().unwrap().iter().find(|t| t["id"] == *id).cloned().unwrap();
        if text["status"] == status {
            return text;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    panic!("text {id} of {ticket_id} never reached {status}: {text}");
}

async fn texts_are_filed_by_number_and_the_desk_answers_by_text(backend: Backend) {
    let (provider, port) = Provider::start();
    *provider.refusals.lock().unwrap() = 1;
    let app = app_with_gateway(backend, port).await;
    let admin = app.staff("admin@example.com", StaffRole::Admin).await;
    let agent = app.staff("agent@example.com", StaffRole::ServiceAgent).await;
    let create = "mutation($i: CreateServiceQueueInput!) { createServiceQueue(input: $i) { queue { id } } }";
    ok(&app.gql(Some(&admin.token), create, json!({"i": {"name": "Support", "memberIds": [agent.id]}})).await);
    let with_phone = json!({"firstName": "Marta", "lastName": "Gallo", "phones": [{"number": "+39 333 123 4567", "label": "mobile"}]});
    let gallo = app.customer(&admin, json!({"name": "Gallo Srl", "primaryContact": with_phone})).await;
    let without = json!({"firstName": "Ugo", "lastName": "Neri", "emails": [{"address": "ugo@neri.example"}]});
    let neri = app.customer(&admin, json!({"name": "Neri Srl", "primaryContact": without})).await;

    // The gateway's webhooks take an sms:events key, and nothing else does.
    let events = crate::calls::key(&app, &admin, &["SMS_EVENTS"]).await;
    let reader = crate::calls::key(&app, &admin, &["SERVICE_READ"]).await;
    let first = json!({"id": "in-1", "from": "+393331234567", "to": "+390299999999", "text": "The kiosk screen is black.\nSince 9:00."});
    assert_eq!(post(&app, "/sms/inbound", None, first.clone()).await.0, 401);
    let (status, body) = post(&app, "/sms/inbound", Some(&reader), first.clone()).await;
    assert_eq!((status, body["errors"][0]["code"].as_str()), (403, Some("FORBIDDEN")), "{body}");
    assert_eq!(code(&app.gql(Some(&events), "{ tickets { totalCount } }", json!({})).await), "FORBIDDEN", "the key reads nothing");
    let (status, body) = post(&app, "/sms/inbound", Some(&events), json!({"id": "x", "from": "not a number", "text": "hi"})).await;
    assert_eq!((status, body["errors"][0]["field"].as_str()), (400, Some("from")), "{body}");
    let (status, body) = post(&app, "/sms/inbound", Some(&events), json!({"from": "+393331234567"})).await;
    assert_eq!((status, body["errors"][0]["reason"].as_str()), (400, Some("INVALID_REQUEST")), "{body}");

    // A known number's text opens a ticket by text; the same text again changes nothing.
    let (status, body) = post(&app, "/sms/inbound", Some(&events), first.clone()).await;
    assert_eq!((status, body["filing"].as_str()), (200, Some("OPENED")), "{body}");
    let ticket_id = body["ticketId"].as_str().unwrap().to_owned();
    let opened = ticket(&app, &agent, &ticket_id).await;
    assert_eq!((opened["channel"].as_str(), opened["subject"].as_str()), (Some("SMS"), Some("SMS: The kiosk screen is black.")));
    assert_eq!(opened["messages"][0]["body"], "The kiosk screen is black.\nSince 9:00.");
    assert_eq!(opened["texts"][0]["status"], "RECEIVED");
    let (_, body) = post(&app, "/sms/inbound", Some(&events), first).await;
    assert_eq!((body["filing"].as_str(), body["ticketId"].as_str()), (Some("DUPLICATE"), Some(ticket_id.as_str())));

    // The desk replies: posted to the gateway as configured, after one temporary refusal.
    let reply = "mutation($i: AddTicketMessageInput!) { addTicketMessage(input: $i) { message { kind } } }";
    ok(&app.gql(Some(&agent.token), reply, json!({"i": {"ticketId": ticket_id, "body": "A technician comes at 14:00."}})).await);
    let queued = ticket(&app, &agent, &ticket_id).await["texts"][1].clone();
    assert_eq!((queued["direction"].as_str(), queued["to"].as_str()), (Some("OUTBOUND"), Some("+393331234567")));
    let sent = text_reaches(&app, &agent, &ticket_id, &queued["id"], "SENT").await;
    assert_eq!((sent["attempts"].as_i64(), sent["from"].as_str()), (Some(2), Some("+390299999999")), "{sent}");
    let received = provider.received();
    assert_eq!(received.len(), 1, "sent once");
    assert_eq!(received[0].0, "Bearer gw-secret");
    assert_eq!(received[0].1, json!({"to": "+393331234567", "from": "+390299999999", "text": "A technician comes at 14:00."}));

    // Delivery reports settle it; a repeated one changes nothing; an unknown id is refused.
    let (status, body) = post(&app, "/sms/status", Some(&events), json!({"id": "gw-1", "status": "DELIVERED"})).await;
    assert_eq!((status, body["status"].as_str()), (200, Some("DELIVERED")), "{body}");
    let delivered = text_reaches(&app, &agent, &ticket_id, &queued["id"], "DELIVERED").await;
    assert!(delivered["deliveredAt"].is_string());
    let (_, body) = post(&app, "/sms/status", Some(&events), json!({"id": "gw-1", "status": "FAILED", "error": "late"})).await;
    assert_eq!(body["status"], "DELIVERED", "{body}");
    let (status, body) = post(&app, "/sms/status", Some(&events), json!({"id": "gw-404", "status": "DELIVERED"})).await;
    assert_eq!((status, body["errors"][0]["reason"].as_str()), (400, Some("UNKNOWN_REFERENCE")), "{body}");

    // The next text from the number goes onto the same open ticket; an unknown number's is
    // kept apart.
    let second = json!({"id": "in-2", "from": "+393331234567", "text": "Thanks, see you."});
    let (_, body) = post(&app, "/sms/inbound", Some(&events), second).await;
    assert_eq!((body["filing"].as_str(), body["ticketId"].as_str()), (Some("THREADED"), Some(ticket_id.as_str())), "{body}");
    let threaded = ticket(&app, &agent, &ticket_id).await;
    assert_eq!(threaded["messages"].as_array().unwrap().last().unwrap()["body"], "Thanks, see you.");
    let stranger = json!({"id": "in-3", "from": "+393400000000", "text": "Who is this?"});
    let (_, body) = post(&app, "/sms/inbound", Some(&events), stranger).await;
    assert_eq!((body["filing"].as_str(), body["ticketId"].as_str()), (Some("UNMATCHED"), None), "{body}");

    // The timeline shows the conversation as texts.
    let timeline = "query($id: ID!) { customer(id: $id) { timeline(first: 20) { nodes { channel } } } }";
    let res = app.gql(Some(&agent.token), timeline, json!({"id": gallo["id"]})).await;
    let entries = ok(&res)["customer"]["timeline"]["nodes"].as_array().unwrap().clone();
    assert!(entries.len() >= 3 && entries.iter().all(|entry| entry["channel"] == "SMS"), "{entries:?}");

    // No number: the reply is kept as refused, with why, never posted.
    let open = "mutation($i: OpenTicketInput!) { openTicket(input: $i) { ticket { id } } }";
    let input = json!({"i": {"customerId": neri["id"], "contactId": neri["contacts"][0]["id"], "channel": "SMS",
                             "subject": "Call me", "description": "Please call."}});
    let res = app.gql(Some(&agent.token), open, input).await;
    let neri_ticket = ok(&res)["openTicket"]["ticket"]["id"].as_str().unwrap().to_owned();
    ok(&app.gql(Some(&agent.token), reply, json!({"i": {"ticketId": neri_ticket, "body": "Calling now."}})).await);
    let refused = ticket(&app, &agent, &neri_ticket).await["texts"][0].clone();
    assert_eq!((refused["status"].as_str(), refused["problem"].as_str()), (Some("REFUSED"), Some("Ugo Neri has no phone number")));
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert_eq!(provider.received().len(), 1, "nothing more posted");
}

mod texts_are_filed_by_number_and_the_desk_answers_by_text {
    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn sqlite() {
        super::texts_are_filed_by_number_and_the_desk_answers_by_text(crate::helpers::Backend::Sqlite).await;
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn postgres() {
        if crate::helpers::postgres_url().is_none() {
            println!("CRM_TEST_POSTGRES_URL not set: PostgreSQL variant skipped");
            return;
        }
        super::texts_are_filed_by_number_and_the_desk_answers_by_text(crate::helpers::Backend::Postgres).await;
    }
}
