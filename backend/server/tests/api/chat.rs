//! Live chat over the API: a customer's user chats from the portal, the chat goes to an
//! available agent of the queue (or ends as NO_AGENT with the ticket carrying on), both sides
//! see each other type and read, live over `/graphql/ws`; the messages are the ticket's, the
//! transcript reaches the timeline when the chat ends; only the chat's two seats write in it.

use crate::db_test;
use crate::helpers::{code, ok, Socket, TestApp, TestUser};
use crm_core::clock::{Clock, SystemClock};
use crm_identity::domain::StaffRole;
use crm_service::chat;
use serde_json::{json, Value};
use std::time::Duration;

const CHAT: &str = "id status ending agent { email } otherTyping viewerHasUnread otherHasRead interactionId ticket { id number channel subject assignee { email } }";

async fn start(app: &TestApp, user: &TestUser, input: Value) -> Value {
    let query = format!("mutation($i: StartChatInput!) {{ startChat(input: $i) {{ chat {{ {CHAT} }} }} }}");
    app.gql(Some(&user.token), &query, json!({"i": input})).await
}

/// Runs chat mutation `name` (chatTyping, markChatRead, endChat) on `chat` as `user`.
async fn act(app: &TestApp, user: &TestUser, name: &str, chat: &Value) -> Value {
    let query = format!("mutation($c: ID!) {{ {name}(chatId: $c) {{ chat {{ {CHAT} }} }} }}");
    app.gql(Some(&user.token), &query, json!({"c": chat})).await
}

/// The ticket's chat as `user` reads it.
async fn chat_of(app: &TestApp, user: &TestUser, ticket: &Value) -> Value {
    let query = format!("query($id: ID!) {{ ticket(id: $id) {{ chat {{ {CHAT} }} }} }}");
    ok(&app.gql(Some(&user.token), &query, json!({"id": ticket})).await)["ticket"]["chat"].clone()
}

async fn write(app: &TestApp, user: &TestUser, ticket: &Value, body: &str) {
    let query = "mutation($i: AddTicketMessageInput!) { addTicketMessage(input: $i) { ticket { id } } }";
    ok(&app.gql(Some(&user.token), query, json!({"i": {"ticketId": ticket, "body": body}})).await);
}

/// The customer's timeline entries (newest first) as `user` reads them.
async fn timeline(app: &TestApp, user: &TestUser, customer: &str) -> Vec<Value> {
    let query = "query($id: ID!) { customer(id: $id) { timeline(first: 50) { edges { node { kind channel summary outcome } } } } }";
    let res = app.gql(Some(&user.token), query, json!({"id": customer})).await;
    ok(&res)["customer"]["timeline"]["edges"].as_array().unwrap().iter().map(|edge| edge["node"].clone()).collect()
}

/// A socket of `user` subscribed to `query` (whose variables are `variables`).
async fn follow(app: &TestApp, user: &TestUser, query: &str, variables: Value) -> Socket {
    let (mut socket, ack) = Socket::open(app, &user.token).await;
    assert_eq!(ack["type"], "connection_ack", "{ack}");
    socket.send(json!({"id": "s", "type": "subscribe", "payload": {"query": query, "variables": variables}})).await;
    socket
}

/// The next event's data on `socket` (panics on an error, or nothing within 10 s).
async fn heard(socket: &mut Socket) -> Value {
    let message = socket.next(Duration::from_secs(10)).await.expect("an event within 10 s");
    assert_eq!(message["type"], "next", "{message}");
    assert!(message["payload"]["errors"].is_null(), "{message}");
    message["payload"]["data"].clone()
}

async fn a_customer_chats_with_an_available_agent_live_and_the_transcript_reaches_the_timeline(app: TestApp) {
    let admin = app.staff("admin@example.com", StaffRole::Admin).await;
    let lead = app.staff("lead@example.com", StaffRole::ServiceManager).await;
    let anna = app.staff("anna@example.com", StaffRole::ServiceAgent).await;
    let tom = app.staff("tom@example.com", StaffRole::ServiceAgent).await;
    let rep = app.staff("rep@example.com", StaffRole::SalesRep).await;
    let customer = app.customer(&admin, json!({"name": "Rossi SpA"})).await;
    let customer_id = customer["id"].as_str().unwrap().to_owned();
    let buyer = app.customer_user("buyer@rossi.example", &customer_id).await;
    let colleague = app.customer_user("colleague@rossi.example", &customer_id).await;
    let other = app.customer(&admin, json!({"name": "Bianchi Srl"})).await;
    let outsider = app.customer_user("someone@bianchi.example", other["id"].as_str().unwrap()).await;
    let queue = "mutation($i: CreateServiceQueueInput!) { createServiceQueue(input: $i) { queue { id } } }";
    let members = json!({"name": "Chat", "routing": "ROUND_ROBIN", "isDefault": true, "memberIds": [anna.id, tom.id]});
    ok(&app.gql(Some(&lead.token), queue, json!({"i": members})).await);

    // Only a customer's user starts a chat, and says what about.
    assert_eq!(code(&start(&app, &rep, json!({"message": "Hello"})).await), "FORBIDDEN");
    let res = start(&app, &buyer, json!({})).await;
    assert_eq!((code(&res), res["errors"][0]["extensions"]["field"].as_str()), ("BAD_USER_INPUT", Some("message")), "{res}");

    // Nobody at the desk: the chat ends at once and its ticket carries on, with the transcript
    // on the timeline.
    let res = start(&app, &buyer, json!({"message": "Where is my order?\nIt was due Monday."})).await;
    let missed = ok(&res)["startChat"]["chat"].clone();
    assert_eq!((missed["status"].as_str(), missed["ending"].as_str()), (Some("ENDED"), Some("NO_AGENT")), "{missed}");
    assert_eq!(missed["ticket"]["channel"], "CHAT");
    assert_eq!(missed["ticket"]["subject"], "Where is my order?", "the first line is the subject");
    assert!(missed["interactionId"].is_string(), "{missed}");
    let entries = timeline(&app, &admin, &customer_id).await;
    assert!(entries.iter().any(|e| e["channel"] == "CHAT" && e["kind"] == "MESSAGE" && e["outcome"] == "NO_AGENT"), "{entries:?}");

    // Anna is available: the next chat goes to her, and the desk's list hears it start.
    let presence = "mutation { setMyPresence(presence: AVAILABLE) { agent { presence } } }";
    ok(&app.gql(Some(&anna.token), presence, json!({})).await);
    let mut desk = follow(&app, &lead, "subscription { liveChatsChanged { position chat { id status } } }", json!({})).await;
    // The subscription starts as the server reads the message: give it a moment.
    tokio::time::sleep(Duration::from_millis(300)).await;
    let res = start(&app, &buyer, json!({"message": "The invoice of May is wrong"})).await;
    let chat = ok(&res)["startChat"]["chat"].clone();
    assert_eq!((chat["status"].as_str(), chat["agent"]["email"].as_str()), (Some("WAITING"), Some("anna@example.com")), "{chat}");
    assert_eq!(chat["ticket"]["assignee"]["email"], "anna@example.com", "the ticket goes with the chat");
    let (chat_id, ticket) = (chat["id"].clone(), chat["ticket"]["id"].clone());
    let started = heard(&mut desk).await;
    assert_eq!(started["liveChatsChanged"]["chat"], json!({"id": chat_id, "status": "WAITING"}));
    let live = ok(&app.gql(Some(&anna.token), "{ liveChats { id } }", json!({})).await)["liveChats"].clone();
    assert_eq!(live, json!([{"id": chat_id}]));
    // A second tab joins the same chat.
    let again = start(&app, &buyer, json!({"ticketId": ticket})).await;
    assert_eq!(ok(&again)["startChat"]["chat"]["id"], chat_id);

    // The customer's page follows the ticket: Anna typing and reading reach it.
    let ticket_changed = format!("subscription($id: ID!) {{ ticketChanged(id: $id) {{ position ticket {{ chat {{ {CHAT} }} }} }} }}");
    let mut portal = follow(&app, &buyer, &ticket_changed, json!({"id": ticket})).await;
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert_eq!(ok(&act(&app, &anna, "chatTyping", &chat_id).await)["chatTyping"]["chat"]["otherTyping"], false);
    let typing = heard(&mut portal).await;
    assert_eq!(typing["ticketChanged"]["ticket"]["chat"]["otherTyping"], true, "{typing}");
    let anna_sees = chat_of(&app, &anna, &ticket).await;
    assert_eq!((anna_sees["viewerHasUnread"].as_bool(), anna_sees["otherHasRead"].as_bool()), (Some(true), Some(false)), "{anna_sees}");
    let read = ok(&act(&app, &anna, "markChatRead", &chat_id).await)["markChatRead"]["chat"].clone();
    assert_eq!(read["viewerHasUnread"], false);
    let seen = heard(&mut portal).await;
    assert_eq!(seen["ticketChanged"]["ticket"]["chat"]["otherHasRead"], true, "the customer sees the desk read it: {seen}");

    // Anna answers on the ticket: the chat is answered, live; her words stay off the
    // timeline until the transcript.
    write(&app, &anna, &ticket, "Sorry about that: I am correcting it now.").await;
    let answered = heard(&mut desk).await;
    assert_eq!(answered["liveChatsChanged"]["chat"]["status"], "ACTIVE", "{answered}");
    let buyer_sees = chat_of(&app, &buyer, &ticket).await;
    assert_eq!((buyer_sees["status"].as_str(), buyer_sees["viewerHasUnread"].as_bool()), (Some("ACTIVE"), Some(true)), "{buyer_sees}");
    assert_eq!(buyer_sees["otherTyping"], false, "writing ends typing");
    let entries = timeline(&app, &admin, &customer_id).await;
    assert!(
        !entries.iter().any(|e| e["kind"] == "TICKET_MESSAGE" && e["summary"].as_str().unwrap_or("").contains("correcting")),
        "{entries:?}"
    );
    write(&app, &buyer, &ticket, "Thank you!").await;

    // Only the chat's seats write in it: the desk, and the customer's user who started it.
    assert_eq!(code(&act(&app, &colleague, "chatTyping", &chat_id).await), "FORBIDDEN");
    assert_eq!(code(&act(&app, &outsider, "chatTyping", &chat_id).await), "NOT_FOUND");
    assert_eq!(code(&act(&app, &rep, "endChat", &chat_id).await), "NOT_FOUND");
    assert_eq!(ok(&act(&app, &tom, "chatTyping", &chat_id).await)["chatTyping"]["chat"]["id"], chat_id, "a colleague of the desk");
    assert!(ok(&app.gql(Some(&outsider.token), "{ liveChats { id } }", json!({})).await)["liveChats"].as_array().unwrap().is_empty());

    // The customer ends it: the transcript, both sides' words with their names, on the
    // timeline; the chat leaves the desk's list; nothing more happens in it.
    let ended = ok(&act(&app, &buyer, "endChat", &chat_id).await)["endChat"]["chat"].clone();
    assert_eq!((ended["status"].as_str(), ended["ending"].as_str()), (Some("ENDED"), Some("CUSTOMER")), "{ended}");
    let gone = heard(&mut desk).await;
    assert_eq!(gone["liveChatsChanged"]["chat"]["status"], "ENDED");
    let entries = timeline(&app, &buyer, &customer_id).await;
    let transcript = entries.iter().find(|e| e["channel"] == "CHAT" && e["outcome"] == "ANSWERED").expect("the transcript");
    let summary = transcript["summary"].as_str().unwrap();
    for said in ["buyer: The invoice of May is wrong", "anna: Sorry about that", "buyer: Thank you!"] {
        assert!(summary.contains(said), "{said} in {summary}");
    }
    for name in ["chatTyping", "endChat"] {
        let res = act(&app, &anna, name, &chat_id).await;
        assert_eq!(res["errors"][0]["extensions"]["reason"], "WRONG_STATUS", "{name}: {res}");
    }
    assert!(ok(&app.gql(Some(&anna.token), "{ liveChats { id } }", json!({})).await)["liveChats"].as_array().unwrap().is_empty());
    // A new chat on the same ticket may follow.
    let next = start(&app, &buyer, json!({"ticketId": ticket, "message": "One more thing"})).await;
    let next = ok(&next)["startChat"]["chat"].clone();
    assert_ne!(next["id"], chat_id);
    assert_eq!(next["viewerHasUnread"], false);

    // The desk's inbox by channel: the two tickets opened by chat, none by email.
    let by_channel = "query($c: [InteractionChannel!]) { tickets(first: 10, filter: {channels: $c}) { nodes { id channel } } }";
    let chats = ok(&app.gql(Some(&admin.token), by_channel, json!({"c": ["CHAT"]})).await)["tickets"]["nodes"].clone();
    assert_eq!(chats.as_array().unwrap().len(), 2, "{chats}");
    assert!(chats.as_array().unwrap().iter().all(|t| t["channel"] == "CHAT"));
    let mail = ok(&app.gql(Some(&admin.token), by_channel, json!({"c": ["EMAIL"]})).await)["tickets"]["nodes"].clone();
    assert_eq!(mail, json!([]));

    // Left open (the customer closed the browser), it ends on its own after half an hour
    // without a sign of life, once.
    let now = SystemClock.now();
    assert_eq!(chat::end_idle(&app.ctx(), now + Duration::from_secs(29 * 60)).await.unwrap(), 0);
    assert_eq!(chat::end_idle(&app.ctx(), now + Duration::from_secs(31 * 60)).await.unwrap(), 1);
    assert_eq!(chat::end_idle(&app.ctx(), now + Duration::from_secs(32 * 60)).await.unwrap(), 0);
    let idle = chat_of(&app, &buyer, &ticket).await;
    assert_eq!((idle["status"].as_str(), idle["ending"].as_str()), (Some("ENDED"), Some("IDLE")), "{idle}");
    let entries = timeline(&app, &admin, &customer_id).await;
    assert!(entries.iter().any(|e| e["channel"] == "CHAT" && e["outcome"] == "ABANDONED"), "{entries:?}");
}

db_test!(a_customer_chats_with_an_available_agent_live_and_the_transcript_reaches_the_timeline);

async fn the_chatbot_hands_over_to_a_live_agent_who_sees_the_path_so_far(app: TestApp) {
    let lead = app.staff("lead@example.com", StaffRole::ServiceManager).await;
    let anna = app.staff("anna@example.com", StaffRole::ServiceAgent).await;
    let admin = app.staff("admin@example.com", StaffRole::Admin).await;
    let customer = app.customer(&admin, json!({"name": "Rossi SpA"})).await;
    let buyer = app.customer_user("buyer@rossi.example", customer["id"].as_str().unwrap()).await;
    let queue = "mutation($i: CreateServiceQueueInput!) { createServiceQueue(input: $i) { queue { id } } }";
    let billing = json!({"name": "Billing", "routing": "ROUND_ROBIN", "memberIds": [anna.id]});
    let billing = ok(&app.gql(Some(&lead.token), queue, json!({"i": billing})).await)["createServiceQueue"]["queue"]["id"].clone();
    ok(&app.gql(Some(&anna.token), "mutation { setMyPresence(presence: AVAILABLE) { agent { presence } } }", json!({})).await);

    // A published self-service script whose "yes" hands over to the billing queue.
    let tree = json!({"start": "invoice", "nodes": [
        {"key": "invoice", "kind": "QUESTION", "text": "Is it about an invoice?", "answers": [
            {"key": "yes", "label": "Yes", "next": "human"}, {"key": "no", "label": "No", "next": "bye"}]},
        {"key": "human", "kind": "END", "text": "A colleague takes over.", "ending": "HAND_OFF", "queueId": billing},
        {"key": "bye", "kind": "END", "text": "Our help pages have the rest.", "ending": "RESOLUTION"}
    ]});
    let create = "mutation($i: CreateCallScriptInput!) { createCallScript(input: $i) { script { id version } } }";
    let input = json!({"name": "Billing questions", "locale": "EN", "selfService": true, "tree": tree});
    let script = ok(&app.gql(Some(&lead.token), create, json!({"i": input})).await)["createCallScript"]["script"].clone();
    let publish = "mutation($i: PublishCallScriptInput!) { publishCallScript(input: $i) { script { id } } }";
    ok(&app.gql(Some(&lead.token), publish, json!({"i": {"id": script["id"], "version": script["version"]}})).await);

    // The customer runs the chatbot to its hand-off, then chats on the ticket it opened.
    let run = "mutation($i: StartScriptRunInput!) { startScriptRun(input: $i) { run { id } } }";
    let run = ok(&app.gql(Some(&buyer.token), run, json!({"i": {"scriptId": script["id"]}})).await)["startScriptRun"]["run"].clone();
    let answer = "mutation($i: AnswerScriptRunInput!) { answerScriptRun(input: $i) { run { status handoffTicket { id } } } }";
    let res = app.gql(Some(&buyer.token), answer, json!({"i": {"runId": run["id"], "node": "invoice", "answer": "yes"}})).await;
    let handed = ok(&res)["answerScriptRun"]["run"].clone();
    assert_eq!(handed["status"], "HANDED_OFF", "{handed}");
    let ticket = handed["handoffTicket"]["id"].clone();
    let chat = ok(&start(&app, &buyer, json!({"ticketId": ticket})).await)["startChat"]["chat"].clone();
    assert_eq!((chat["status"].as_str(), chat["agent"]["email"].as_str()), (Some("WAITING"), Some("anna@example.com")), "{chat}");
    assert_eq!(chat["ticket"]["channel"], "CHAT");

    // The agent's live list has it, and its ticket carries the path the customer took.
    let live =
        ok(&app.gql(Some(&anna.token), "{ liveChats { id ticket { messages { kind body } } } }", json!({})).await)["liveChats"].clone();
    assert_eq!(live[0]["id"], chat["id"], "{live}");
    let path = live[0]["ticket"]["messages"].as_array().unwrap().iter().filter_map(|m| m["body"].as_str()).collect::<Vec<_>>().join("\n");
    assert!(path.contains("Is it about an invoice?") && path.contains("→ Yes"), "the path so far: {path}");

    // With nobody available, the same hand-off stays a ticket: the chat ends as NO_AGENT.
    ok(&app.gql(Some(&anna.token), "mutation { setMyPresence(presence: AWAY) { agent { presence } } }", json!({})).await);
    ok(&act(&app, &anna, "endChat", &chat["id"]).await);
    let again = ok(&start(&app, &buyer, json!({"ticketId": ticket})).await)["startChat"]["chat"].clone();
    assert_eq!((again["status"].as_str(), again["ending"].as_str()), (Some("ENDED"), Some("NO_AGENT")), "{again}");
}

db_test!(the_chatbot_hands_over_to_a_live_agent_who_sees_the_path_so_far);
