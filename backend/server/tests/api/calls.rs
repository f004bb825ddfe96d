//! The contact center over HTTP: the telephony's webhook (scoped key, idempotent by call id,
//! out-of-order events, block list), the caller recognised by number, the agent's work on a
//! call (linking an unknown caller, a ticket opened from the call, the wrap-up), the
//! callback queue, who reads calls; and the screen pop received over a real WebSocket
//! (graphql-transport-ws on /graphql/ws) after a webhook.

use crate::db_test;
use crate::helpers::{code, ok, Socket, TestApp, TestUser};
use crm_identity::domain::StaffRole;
use serde_json::{json, Value};
use std::time::Duration;

const AGENT: &str = "mutation($i: UpdateServiceAgentInput!) { updateServiceAgent(input: $i) { agent { version extension } } }";
const CALL_FIELDS: &str =
    "id status direction fromNumber extension version outcome wrapUpNotes callbackStatus durationSeconds recordingUrl \
    agent { email } customer { name } contact { firstName } ticket { number } candidates { firstName }";

/// Makes an API key with `scopes`; returns its secret.
pub async fn key(app: &TestApp, admin: &TestUser, scopes: &[&str]) -> String {
    let create = "mutation($i: CreateApiKeyInput!) { createApiKey(input: $i) { secret } }";
    let res = app.gql(Some(&admin.token), create, json!({"i": {"name": format!("key {scopes:?}"), "scopes": scopes}})).await;
    ok(&res)["createApiKey"]["secret"].as_str().unwrap().to_owned()
}

/// POSTs one telephony event; returns the HTTP status and body.
pub async fn event(app: &TestApp, key: Option<&str>, body: Value) -> (u16, Value) {
    let mut req = app.client.post(format!("{}/telephony/events", app.address)).json(&body);
    if let Some(key) = key {
        req = req.bearer_auth(key);
    }
    let res = req.send().await.unwrap();
    (res.status().as_u16(), res.json().await.unwrap())
}

async fn call(app: &TestApp, user: &TestUser, id: &Value) -> Value {
    let res = app.gql(Some(&user.token), &format!("query($id: ID!) {{ call(id: $id) {{ {CALL_FIELDS} }} }}"), json!({"id": id})).await;
    ok(&res)["call"].clone()
}

async fn set_extension(app: &TestApp, manager: &TestUser, agent: &TestUser, extension: &str) -> Value {
    app.gql(Some(&manager.token), AGENT, json!({"i": {"userId": agent.id, "version": 0, "extension": extension}})).await
}

/// A customer with one contact and phone number, owned by `owner`.
async fn customer_with_phone(app: &TestApp, admin: &TestUser, name: &str, first: &str, phone: &str, owner: &TestUser) -> Value {
    let contact = json!({"firstName": first, "lastName": "Test", "phones": [{"number": phone, "label": "office"}]});
    app.customer(admin, json!({"name": name, "ownerId": owner.id, "primaryContact": contact, "allowDuplicate": true})).await
}

async fn the_telephony_reports_calls_that_the_desk_recognises_wraps_up_and_calls_back(app: TestApp) {
    let admin = app.staff("admin@example.com", StaffRole::Admin).await;
    let lead = app.staff("lead@example.com", StaffRole::ServiceManager).await;
    let anna = app.staff("anna@example.com", StaffRole::ServiceAgent).await;
    let tom = app.staff("tom@example.com", StaffRole::ServiceAgent).await;
    let rep = app.staff("rep@example.com", StaffRole::SalesRep).await;
    let rossi = customer_with_phone(&app, &admin, "Rossi SpA", "Mario", "+39 02 1234 5678", &rep).await;
    let bianchi = customer_with_phone(&app, &admin, "Bianchi Srl", "Luca", "+39 06 1111 2222", &admin).await;
    customer_with_phone(&app, &admin, "Verdi Snc", "Sara", "+39 06 1111 2222", &admin).await;
    let buyer = app.customer_user("buyer@rossi.example", rossi["id"].as_str().unwrap()).await;
    let queue = "mutation($i: CreateServiceQueueInput!) { createServiceQueue(input: $i) { queue { id } } }";
    ok(&app.gql(Some(&lead.token), queue, json!({"i": {"name": "Support"}})).await);

    // Extensions: digits, one person's each, set by managers.
    let res = set_extension(&app, &lead, &anna, "20a").await;
    assert_eq!(res["errors"][0]["extensions"]["field"], "extension", "{res}");
    assert_eq!(ok(&set_extension(&app, &lead, &anna, " 201 ").await)["updateServiceAgent"]["agent"]["extension"], "201");
    let res = set_extension(&app, &lead, &tom, "201").await;
    assert_eq!(res["errors"][0]["extensions"]["reason"], "DUPLICATE", "{res}");

    // The webhook: an API key with telephony:events, nothing else.
    let telephony = key(&app, &admin, &["TELEPHONY_EVENTS"]).await;
    let reader = key(&app, &admin, &["SERVICE_READ"]).await;
    let ringing =
        json!({"callId": "pbx-1", "event": "RINGING", "from": "+39 02 1234 5678", "to": "+39 02 0000 0000", "agentExtension": "201"});
    assert_eq!(event(&app, None, ringing.clone()).await.0, 401);
    let (status, body) = event(&app, Some(&reader), ringing.clone()).await;
    assert_eq!((status, body["errors"][0]["code"].as_str()), (403, Some("FORBIDDEN")), "{body}");
    assert_eq!(code(&app.gql(Some(&telephony), "{ calls { totalCount } }", json!({})).await), "FORBIDDEN", "the key reads nothing");
    let (status, body) = event(&app, Some(&telephony), json!({"event": "RINGING", "callId": " "})).await;
    assert_eq!((status, body["errors"][0]["field"].as_str()), (400, Some("callId")), "{body}");
    let (status, body) = event(&app, Some(&telephony), json!({"callId": "x", "event": "RANG"})).await;
    assert_eq!((status, body["errors"][0]["reason"].as_str()), (400, Some("INVALID_REQUEST")), "{body}");
    let (status, body) = event(&app, Some(&telephony), json!({"callId": "x", "event": "ENDED", "recordingUrl": "ftp://x"})).await;
    assert_eq!((status, body["errors"][0]["reason"].as_str()), (400, Some("INVALID_URL")), "{body}");

    // A known number rings at Anna's extension: recognised, hers.
    let (status, first) = event(&app, Some(&telephony), ringing.clone()).await;
    assert_eq!(status, 200, "{first}");
    assert_eq!(
        (first["action"].as_str(), first["status"].as_str(), first["recognised"].as_bool()),
        (Some("ACCEPT"), Some("RINGING"), Some(true))
    );
    let (_, again) = event(&app, Some(&telephony), ringing.clone()).await;
    assert_eq!((again["id"].clone(), again["changed"].as_bool()), (first["id"].clone(), Some(false)), "a repeat changes nothing");
    let id = first["id"].clone();
    let seen = call(&app, &anna, &id).await;
    assert_eq!(
        (&seen["fromNumber"], &seen["agent"]["email"], &seen["customer"]["name"], &seen["contact"]["firstName"]),
        (&json!("+390212345678"), &json!("anna@example.com"), &json!("Rossi SpA"), &json!("Mario"))
    );
    // Answered, ended; the answer arriving late changes nothing.
    event(&app, Some(&telephony), json!({"callId": "pbx-1", "event": "ANSWERED", "agentExtension": "201"})).await;
    let ended = json!({"callId": "pbx-1", "event": "ENDED", "durationSeconds": 95, "recordingUrl": "https://pbx.example/rec/1.mp3"});
    assert_eq!(event(&app, Some(&telephony), ended).await.1["status"], "ENDED");
    let (_, late) = event(&app, Some(&telephony), json!({"callId": "pbx-1", "event": "ANSWERED"})).await;
    assert_eq!((late["status"].as_str(), late["changed"].as_bool()), (Some("ENDED"), Some(false)));
    let seen = call(&app, &anna, &id).await;
    assert_eq!((seen["durationSeconds"].as_i64(), seen["recordingUrl"].as_str()), (Some(95), Some("https://pbx.example/rec/1.mp3")));

    // A ticket opened from the call is linked to it in the same change; the wrap-up says how
    // it ended. Notes are the staff's.
    let open = "mutation($i: OpenTicketInput!) { openTicket(input: $i) { ticket { id number calls { id } } } }";
    let res = app.gql(Some(&buyer.token), open, json!({"i": {"subject": "x", "description": "y", "callId": id}})).await;
    assert_eq!(res["errors"][0]["extensions"]["field"], "callId", "the desk's: {res}");
    let input =
        json!({"customerId": rossi["id"], "subject": "Printer offline", "description": "Called in.", "channel": "PHONE", "callId": id});
    let ticket = ok(&app.gql(Some(&anna.token), open, json!({"i": input})).await)["openTicket"]["ticket"].clone();
    assert_eq!(ticket["calls"], json!([{"id": id}]));
    let version = call(&app, &anna, &id).await["version"].clone();
    let wrap = "mutation($i: WrapUpCallInput!) { wrapUpCall(input: $i) { call { outcome wrapUpNotes ticket { number } version } } }";
    let input = json!({"id": id, "version": version, "outcome": "TICKET_OPENED", "notes": "Printer offline since Monday."});
    assert_eq!(code(&app.gql(Some(&rep.token), wrap, json!({"i": input})).await), "FORBIDDEN", "not of the desk");
    let res = app.gql(Some(&anna.token), wrap, json!({"i": {"id": id, "version": version, "outcome": "NOT_REACHED"}})).await;
    assert_eq!(res["errors"][0]["extensions"]["field"], "outcome", "{res}");
    let wrapped = ok(&app.gql(Some(&anna.token), wrap, json!({"i": input.clone()})).await)["wrapUpCall"]["call"].clone();
    assert_eq!((wrapped["outcome"].as_str(), &wrapped["ticket"]["number"]), (Some("TICKET_OPENED"), &ticket["number"]));
    assert_eq!(code(&app.gql(Some(&anna.token), wrap, json!({"i": input})).await), "CONFLICT", "a stale version");
    // The first wrap-up puts the call in the customer's timeline, internal (the notes are the
    // desk's), with its outcome and ticket.
    let timeline = "query($id: ID!) { customer(id: $id) { timeline(filter: {kinds: [CALL]}) { nodes { channel direction subject summary outcome internal ticket { number } } } } }";
    let calls = ok(&app.gql(Some(&anna.token), timeline, json!({"id": rossi["id"]})).await)["customer"]["timeline"]["nodes"].clone();
    assert_eq!(
        calls,
        json!([{"channel": "PHONE", "direction": "INBOUND", "subject": "+390212345678", "summary": "Printer offline since Monday.",
            "outcome": "TICKET_OPENED", "internal": true, "ticket": {"number": ticket["number"]}}])
    );
    let notes = "query($id: ID!) { call(id: $id) { wrapUpNotes } }";
    assert_eq!(ok(&app.gql(Some(&rep.token), notes, json!({"id": id})).await)["call"]["wrapUpNotes"], "Printer offline since Monday.");
    assert_eq!(ok(&app.gql(Some(&reader), notes, json!({"id": id})).await)["call"]["wrapUpNotes"], Value::Null, "not for keys");

    // An unknown caller who hangs up before an answer waits in the callback queue; the agent
    // says who it was, tries, and calls back.
    let unknown = json!({"callId": "pbx-2", "event": "RINGING", "from": "+39 333 123 4567", "agentExtension": "201"});
    assert_eq!(event(&app, Some(&telephony), unknown).await.1["recognised"], false);
    let (_, missed) = event(&app, Some(&telephony), json!({"callId": "pbx-2", "event": "ENDED"})).await;
    assert_eq!(missed["status"], "MISSED", "ended unanswered");
    let queue = "query { calls(filter: {callback: WAITING}) { totalCount nodes { id fromNumber customer { name } } } }";
    let waiting = ok(&app.gql(Some(&anna.token), queue, json!({})).await)["calls"].clone();
    assert_eq!((waiting["totalCount"].as_i64(), &waiting["nodes"][0]["fromNumber"]), (Some(1), &json!("+393331234567")));
    let missed_id = missed["id"].clone();
    let contacts = ok(&app
        .gql(Some(&anna.token), "query($id: ID!) { customer(id: $id) { contacts { id } } }", json!({"id": bianchi["id"]}))
        .await)["customer"]["contacts"][0]["id"]
        .clone();
    let link = "mutation($i: LinkCallInput!) { linkCall(input: $i) { call { customer { name } contact { firstName } version } } }";
    let version = call(&app, &anna, &missed_id).await["version"].clone();
    let res = app.gql(Some(&anna.token), link, json!({"i": {"id": missed_id, "version": version, "contactId": id}})).await;
    assert_eq!(res["errors"][0]["extensions"]["field"], "contactId", "not a contact: {res}");
    let linked = ok(&app.gql(Some(&anna.token), link, json!({"i": {"id": missed_id, "version": version, "contactId": contacts}})).await)
        ["linkCall"]["call"]
        .clone();
    assert_eq!((&linked["customer"]["name"], &linked["contact"]["firstName"]), (&json!("Bianchi Srl"), &json!("Luca")));
    let complete = "mutation($i: CompleteCallbackInput!) { completeCallback(input: $i) { call { callbackStatus outcome version callbackBy { email } } } }";
    let tried = json!({"id": missed_id, "version": linked["version"], "outcome": "NOT_REACHED", "notes": "No answer at 10:05."});
    let tried = ok(&app.gql(Some(&anna.token), complete, json!({"i": tried})).await)["completeCallback"]["call"].clone();
    assert_eq!((tried["callbackStatus"].as_str(), tried["outcome"].as_str()), (Some("WAITING"), Some("NOT_REACHED")));
    let done = json!({"id": missed_id, "version": tried["version"], "outcome": "RESOLVED"});
    let done = ok(&app.gql(Some(&anna.token), complete, json!({"i": done.clone()})).await)["completeCallback"]["call"].clone();
    assert_eq!((done["callbackStatus"].as_str(), &done["callbackBy"]["email"]), (Some("DONE"), &json!("anna@example.com")));
    let again = json!({"id": missed_id, "version": done["version"], "outcome": "RESOLVED"});
    assert_eq!(app.gql(Some(&anna.token), complete, json!({"i": again})).await["errors"][0]["extensions"]["reason"], "WRONG_STATUS");

    // A missed caller who calls again and is answered needs no call back.
    event(&app, Some(&telephony), json!({"callId": "pbx-3", "event": "MISSED", "from": "+39 02 1234 5678"})).await;
    assert_eq!(ok(&app.gql(Some(&anna.token), queue, json!({})).await)["calls"]["totalCount"], 1);
    event(&app, Some(&telephony), json!({"callId": "pbx-4", "event": "ANSWERED", "from": "+39 02 1234 5678", "agentExtension": "201"}))
        .await;
    assert_eq!(ok(&app.gql(Some(&anna.token), queue, json!({})).await)["calls"]["totalCount"], 0);
    // Nor one the desk calls back from the switchboard: the outbound call is recognised by the
    // number called.
    event(&app, Some(&telephony), json!({"callId": "pbx-8", "event": "MISSED", "from": "+39 02 1234 5678"})).await;
    assert_eq!(ok(&app.gql(Some(&anna.token), queue, json!({})).await)["calls"]["totalCount"], 1);
    let back = json!({"callId": "pbx-9", "event": "ANSWERED", "direction": "OUTBOUND", "to": "+39 02 1234 5678", "agentExtension": "201"});
    assert_eq!(event(&app, Some(&telephony), back).await.1["recognised"], true);
    assert_eq!(ok(&app.gql(Some(&anna.token), queue, json!({})).await)["calls"]["totalCount"], 0);

    // A number two customers share: nobody is assumed, both are offered.
    let (_, shared) = event(&app, Some(&telephony), json!({"callId": "pbx-5", "event": "RINGING", "from": "+39 06 1111 2222"})).await;
    let shared = call(&app, &lead, &shared["id"]).await;
    assert_eq!((&shared["customer"], shared["candidates"].as_array().map(Vec::len)), (&Value::Null, Some(2)));

    // The block list: managers keep it; the telephony is told to reject, and nothing waits.
    let block = "mutation($i: BlockNumberInput!) { blockNumber(input: $i) { blocked { number reason createdBy { email } } } }";
    let input = json!({"i": {"number": "+39 345 000 0000", "reason": "Abusive calls"}});
    assert_eq!(code(&app.gql(Some(&anna.token), block, input.clone()).await), "FORBIDDEN");
    let res = app.gql(Some(&lead.token), block, json!({"i": {"number": "12", "reason": "x"}})).await;
    assert_eq!(res["errors"][0]["extensions"]["reason"], "INVALID_PHONE", "{res}");
    assert_eq!(ok(&app.gql(Some(&lead.token), block, input.clone()).await)["blockNumber"]["blocked"]["number"], "+393450000000");
    assert_eq!(app.gql(Some(&lead.token), block, input).await["errors"][0]["extensions"]["reason"], "DUPLICATE");
    let (_, rejected) = event(&app, Some(&telephony), json!({"callId": "pbx-6", "event": "RINGING", "from": "+393450000000"})).await;
    assert_eq!((rejected["action"].as_str(), rejected["status"].as_str()), (Some("REJECT"), Some("REJECTED")));
    let (_, after) = event(&app, Some(&telephony), json!({"callId": "pbx-6", "event": "MISSED"})).await;
    assert_eq!((after["action"].as_str(), after["status"].as_str()), (Some("REJECT"), Some("REJECTED")));
    assert_eq!(ok(&app.gql(Some(&anna.token), queue, json!({})).await)["calls"]["totalCount"], 0, "no call back for a blocked number");
    let unblock = "mutation($n: String!) { unblockNumber(number: $n) { number } }";
    ok(&app.gql(Some(&lead.token), unblock, json!({"n": "+39 345 000 0000"})).await);
    assert_eq!(code(&app.gql(Some(&lead.token), unblock, json!({"n": "+39 345 000 0000"})).await), "NOT_FOUND");
    let (_, accepted) = event(&app, Some(&telephony), json!({"callId": "pbx-7", "event": "RINGING", "from": "+393450000000"})).await;
    assert_eq!(accepted["action"], "ACCEPT");

    // Who reads calls: the desk all of them, a rep their customers', customers none.
    let count = "query { calls { totalCount } }";
    assert_eq!(ok(&app.gql(Some(&lead.token), count, json!({})).await)["calls"]["totalCount"], 9);
    assert_eq!(ok(&app.gql(Some(&rep.token), count, json!({})).await)["calls"]["totalCount"], 5, "Rossi's five calls");
    assert_eq!(code(&app.gql(Some(&buyer.token), count, json!({})).await), "FORBIDDEN");
    let mine = "query { calls(filter: {mine: true, statuses: [ENDED]}) { nodes { id } } }";
    assert_eq!(ok(&app.gql(Some(&anna.token), mine, json!({})).await)["calls"]["nodes"], json!([{"id": id}]));

    // The calls are in the customer's history, for those who read them.
    let history = "query($id: ID!) { customer(id: $id) { history(first: 50) { nodes { entityType } } } }";
    let entries = ok(&app.gql(Some(&rep.token), history, json!({"id": rossi["id"]})).await).to_string();
    assert!(entries.contains("\"CALL\""), "{entries}");
}
db_test!(the_telephony_reports_calls_that_the_desk_recognises_wraps_up_and_calls_back);

async fn a_ringing_call_pops_on_the_agent_s_screen_over_a_websocket(app: TestApp) {
    let admin = app.staff("admin@example.com", StaffRole::Admin).await;
    let anna = app.staff("anna@example.com", StaffRole::ServiceAgent).await;
    let tom = app.staff("tom@example.com", StaffRole::ServiceAgent).await;
    let rep = app.staff("rep@example.com", StaffRole::SalesRep).await;
    customer_with_phone(&app, &admin, "Rossi SpA", "Mario", "+39 02 1234 5678", &rep).await;
    ok(&set_extension(&app, &admin, &anna, "201").await);
    ok(&set_extension(&app, &admin, &tom, "202").await);
    let telephony = key(&app, &admin, &["TELEPHONY_EVENTS"]).await;

    // Without valid credentials there is no connection.
    let (_, refused) = Socket::open(&app, "not-a-token").await;
    assert_ne!(refused["type"], "connection_ack", "{refused}");
    // A sales rep is not of the desk: no pops.
    let (mut socket, ack) = Socket::open(&app, &rep.token).await;
    assert_eq!(ack["type"], "connection_ack");
    socket.send(json!({"id": "1", "type": "subscribe", "payload": {"query": "subscription { myCalls { id } }"}})).await;
    let refused = socket.next(Duration::from_secs(5)).await.unwrap();
    assert_eq!(refused["payload"]["errors"][0]["extensions"]["code"], "FORBIDDEN", "{refused}");

    let (mut socket, ack) = Socket::open(&app, &anna.token).await;
    assert_eq!(ack["type"], "connection_ack", "{ack}");
    let pop = "subscription { myCalls { status fromNumber customer { name creditExposure { held { amount } } } contact { firstName } \
        openTickets { number } recentOrders { number } recentCalls { id } } }";
    socket.send(json!({"id": "pop", "type": "subscribe", "payload": {"query": pop}})).await;
    // The subscription starts listening as the server handles the message: ring until it
    // hears (each ring is a new call; Tom's extension rings in between and never pops here).
    let mut received = None;
    for attempt in 0..20 {
        event(
            &app,
            Some(&telephony),
            json!({"callId": format!("tom-{attempt}"), "event": "RINGING", "from": "+39 02 1234 5678", "agentExtension": "202"}),
        )
        .await;
        let ring = json!({"callId": format!("pop-{attempt}"), "event": "RINGING", "from": "+39 02 1234 5678", "agentExtension": "201"});
        assert_eq!(event(&app, Some(&telephony), ring).await.0, 200);
        if let Some(message) = socket.next(Duration::from_millis(500)).await {
            received = Some((attempt, message));
            break;
        }
    }
    let (attempt, message) = received.expect("a screen pop within 20 rings");
    assert_eq!(message["type"], "next", "{message}");
    let call = &message["payload"]["data"]["myCalls"];
    assert_eq!((&call["status"], &call["fromNumber"]), (&json!("RINGING"), &json!("+390212345678")), "{message}");
    assert_eq!((&call["customer"]["name"], &call["contact"]["firstName"]), (&json!("Rossi SpA"), &json!("Mario")));
    // The caller's other calls: those of the attempts before, and Tom's of each attempt.
    assert_eq!(call["recentCalls"].as_array().map(Vec::len), Some((2 * attempt + 1).min(5)), "the caller's last calls: {message}");
    assert!(call["openTickets"].is_array() && call["recentOrders"].is_array(), "{message}");

    // The same call answered: the pop follows it; a repeat of the event pops nothing.
    let answered = json!({"callId": format!("pop-{attempt}"), "event": "ANSWERED", "agentExtension": "201"});
    event(&app, Some(&telephony), answered.clone()).await;
    let next = socket.next(Duration::from_secs(5)).await.unwrap();
    assert_eq!(next["payload"]["data"]["myCalls"]["status"], "ANSWERED", "{next}");
    event(&app, Some(&telephony), answered).await;
    assert!(socket.next(Duration::from_millis(300)).await.is_none(), "a repeated event pops nothing");

    // On PostgreSQL, servers share one database: a call reported to one pops on a screen
    // connected to another (LISTEN/NOTIFY).
    if app.url.starts_with("postgres") {
        let other = crate::helpers::second_instance(&app).await;
        let (mut elsewhere, ack) = Socket::open(&other, &anna.token).await;
        assert_eq!(ack["type"], "connection_ack", "{ack}");
        elsewhere.send(json!({"id": "pop", "type": "subscribe", "payload": {"query": "subscription { myCalls { status } }"}})).await;
        let mut heard = None;
        for attempt in 0..20 {
            event(&app, Some(&telephony), json!({"callId": format!("far-{attempt}"), "event": "RINGING", "agentExtension": "201"})).await;
            if let Some(message) = elsewhere.next(Duration::from_millis(500)).await {
                heard = Some(message);
                break;
            }
        }
        let message = heard.expect("a pop on the other server within 20 rings");
        assert_eq!(message["payload"]["data"]["myCalls"]["status"], "RINGING", "{message}");
        // The first socket heard them too.
        while socket.next(Duration::from_millis(200)).await.is_some() {}
    }

    // Signed out: the stream ends with UNAUTHENTICATED at the next call.
    ok(&app.gql(Some(&anna.token), "mutation($r: String) { logout(refreshToken: $r) { success } }", json!({"r": anna.refresh})).await);
    event(&app, Some(&telephony), json!({"callId": "after-logout", "event": "RINGING", "agentExtension": "201"})).await;
    let ended = socket.next(Duration::from_secs(5)).await.unwrap();
    assert_eq!(ended["payload"]["errors"][0]["extensions"]["code"], "UNAUTHENTICATED", "{ended}");
}
db_test!(a_ringing_call_pops_on_the_agent_s_screen_over_a_websocket);
