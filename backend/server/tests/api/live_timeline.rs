//! Live updates from the event log over a real WebSocket: the customer's timeline and the
//! customer itself as they change, each subscriber reading only what its scope allows; a
//! subscriber that was away resumes after its last position and receives everything it
//! missed, in order, none twice, before what happens next; one away longer than the log keeps
//! is told to resync; on PostgreSQL, what is written through one server reaches a subscriber
//! of another. A ticket's open page hears its replies, and only the desk its internal notes.

use crate::db_test;
use crate::helpers::{ok, Socket, TestApp, TestUser};
use chrono::Duration as Span;
use crm_core::clock::{Clock, SystemClock};
use crm_identity::domain::StaffRole;
use crm_interactions::access::RecordedByTheCrm;
use crm_interactions::domain::{InteractionChannel, InteractionDirection, InteractionKind};
use crm_interactions::service::{record, NewInteraction};
use sea_orm::TransactionTrait;
use serde_json::{json, Value};
use std::time::Duration;
use uuid::Uuid;

const EVENT: &str = "position interaction { id subject internal }";

/// Logs a visit to `customer` as `user`; `shared` ones are not internal.
async fn visit(app: &TestApp, user: &TestUser, customer: &str, subject: &str, shared: bool) -> Value {
    let input = json!({"customerId": customer, "kind": "VISIT", "channel": "IN_PERSON", "direction": "OUTBOUND",
        "subject": subject, "startedAt": (SystemClock.now() - Span::minutes(5)).to_rfc3339(), "internal": !shared});
    let res = app
        .gql(
            Some(&user.token),
            "mutation($i: LogInteractionInput!) { logInteraction(input: $i) { interaction { id } } }",
            json!({"i": input}),
        )
        .await;
    ok(&res)["logInteraction"]["interaction"].clone()
}

/// The timeline's `livePosition` as `user` reads it: where to subscribe after.
async fn live_position(app: &TestApp, user: &TestUser, customer: &str) -> String {
    let res = app
        .gql(Some(&user.token), "query($id: ID!) { customer(id: $id) { timeline(first: 1) { livePosition } } }", json!({"id": customer}))
        .await;
    ok(&res)["customer"]["timeline"]["livePosition"].as_str().unwrap().to_owned()
}

/// A socket of `user` subscribed to `customer`'s timeline after `after`.
async fn follow_timeline(app: &TestApp, user: &TestUser, customer: &str, after: Option<&str>) -> Socket {
    let (mut socket, ack) = Socket::open(app, &user.token).await;
    assert_eq!(ack["type"], "connection_ack", "{ack}");
    let query = format!("subscription($c: ID!, $a: String) {{ timeline(customerId: $c, after: $a) {{ {EVENT} }} }}");
    socket.send(json!({"id": "t", "type": "subscribe", "payload": {"query": query, "variables": {"c": customer, "a": after}}})).await;
    socket
}

/// The next timeline event on `socket` (panics on anything else, or nothing within 10 s).
async fn next_entry(socket: &mut Socket) -> Value {
    let message = socket.next(Duration::from_secs(10)).await.expect("an event within 10 s");
    assert_eq!(message["type"], "next", "{message}");
    assert!(message["payload"]["errors"].is_null(), "{message}");
    message["payload"]["data"]["timeline"].clone()
}

/// The ids of the next `count` entries on `socket`, checking that their positions grow from
/// `after`, and the last position.
async fn entries_in_order(socket: &mut Socket, count: usize, after: &str) -> (Vec<String>, i64) {
    let mut ids = Vec::new();
    let mut previous: i64 = after.parse().unwrap();
    for _ in 0..count {
        let event = next_entry(socket).await;
        let position: i64 = event["position"].as_str().unwrap().parse().unwrap();
        assert!(position > previous, "positions grow: {position} after {previous}");
        previous = position;
        ids.push(event["interaction"]["id"].as_str().unwrap().to_owned());
    }
    (ids, previous)
}

/// The position of the entry `ids[0]`, the next on `socket`, which then hears nothing more.
async fn last_position(socket: &mut Socket, ids: &[String]) -> String {
    let event = next_entry(socket).await;
    assert_eq!(event["interaction"]["id"], json!(ids[0]), "then what happens next");
    assert!(socket.next(Duration::from_millis(300)).await.is_none(), "and nothing twice");
    event["position"].as_str().unwrap().to_owned()
}

/// `count` interactions with `customer` recorded by the CRM (as the service desk records its
/// tickets), `per_transaction` at a time; their ids in the order written.
async fn recorded(app: &TestApp, customer: Uuid, count: usize, per_transaction: usize) -> Vec<String> {
    let mut ids = Vec::new();
    for chunk in 0..count.div_ceil(per_transaction) {
        let txn = app.db.write.begin().await.unwrap();
        for i in 0..per_transaction.min(count - chunk * per_transaction) {
            let now = SystemClock.now();
            let mut new = NewInteraction::new(
                customer,
                InteractionKind::Email,
                InteractionChannel::Email,
                InteractionDirection::Inbound,
                format!("Mail {chunk}-{i}"),
                now,
            );
            new.internal = false;
            ids.push(record(&txn, &RecordedByTheCrm::for_module(), new, now).await.unwrap().id.to_string());
        }
        txn.commit().await.unwrap();
    }
    ids
}

struct Setting {
    admin: TestUser,
    rep: TestUser,
    portal: TestUser,
    outsider: TestUser,
    customer: String,
}

async fn setting(app: &TestApp) -> Setting {
    let admin = app.staff("admin@example.com", StaffRole::Admin).await;
    let rep = app.staff("rep@example.com", StaffRole::SalesRep).await;
    let customer = app.customer(&admin, json!({"name": "Rossi SpA", "ownerId": rep.id})).await["id"].as_str().unwrap().to_owned();
    let portal = app.customer_user("buyer@rossi.example", &customer).await;
    let partner = app.partner_org(&admin, "Elsewhere Srl").await;
    let outsider = app.partner_user("agent@elsewhere.example", &partner).await;
    Setting { admin, rep, portal, outsider, customer }
}

async fn a_timeline_arrives_live_and_each_subscriber_hears_only_what_it_may_read(app: TestApp) {
    let s = setting(&app).await;
    let after = live_position(&app, &s.rep, &s.customer).await;
    let mut rep = follow_timeline(&app, &s.rep, &s.customer, Some(&after)).await;
    let mut portal = follow_timeline(&app, &s.portal, &s.customer, Some(&live_position(&app, &s.portal, &s.customer).await)).await;

    // The rep's internal note of a meeting reaches the rep, not the customer; the visit it
    // shares reaches both, at the same position.
    let internal = visit(&app, &s.rep, &s.customer, "Pricing strategy", false).await;
    let shared = visit(&app, &s.rep, &s.customer, "Site visit", true).await;
    let first = next_entry(&mut rep).await;
    assert_eq!((&first["interaction"]["id"], &first["interaction"]["internal"]), (&internal["id"], &json!(true)));
    let second = next_entry(&mut rep).await;
    assert_eq!(second["interaction"]["id"], shared["id"]);
    let positions = [first["position"].as_str().unwrap(), second["position"].as_str().unwrap()].map(|p| p.parse::<i64>().unwrap());
    assert!(positions[0] > after.parse::<i64>().unwrap() && positions[1] > positions[0], "{positions:?} after {after}");
    let heard = next_entry(&mut portal).await;
    assert_eq!(
        (&heard["interaction"]["id"], &heard["position"]),
        (&shared["id"], &second["position"]),
        "the portal hears the shared visit only"
    );
    assert!(portal.next(Duration::from_millis(300)).await.is_none(), "nothing else reaches the portal");

    // Another organisation's partner user does not see the customer: no stream.
    let (mut stranger, _) = Socket::open(&app, &s.outsider.token).await;
    let query = "subscription($c: ID!) { timeline(customerId: $c) { position } }";
    stranger.send(json!({"id": "x", "type": "subscribe", "payload": {"query": query, "variables": {"c": s.customer}}})).await;
    let refused = stranger.next(Duration::from_secs(5)).await.unwrap();
    assert_eq!(refused["payload"]["errors"][0]["extensions"]["code"], "NOT_FOUND", "{refused}");

    // The customer followed itself: renaming it reaches a customerChanged subscriber.
    let (mut watcher, _) = Socket::open(&app, &s.rep.token).await;
    let query = "subscription($c: ID!) { customerChanged(id: $c) { position customer { name } } }";
    watcher.send(json!({"id": "c", "type": "subscribe", "payload": {"query": query, "variables": {"c": s.customer}}})).await;
    let version = ok(&app.gql(Some(&s.rep.token), "query($id: ID!) { customer(id: $id) { version } }", json!({"id": s.customer})).await)
        ["customer"]["version"]
        .clone();
    let mut renamed = None;
    // The subscription starts as the server reads the message: rename until it hears.
    for attempt in 0..20 {
        let update = "mutation($i: UpdateCustomerInput!) { updateCustomer(input: $i) { customer { version } } }";
        let version = version.as_i64().unwrap() + attempt;
        ok(&app
            .gql(Some(&s.rep.token), update, json!({"i": {"id": s.customer, "version": version, "name": format!("Rossi SpA {attempt}")}}))
            .await);
        if let Some(message) = watcher.next(Duration::from_millis(500)).await {
            renamed = Some(message);
            break;
        }
    }
    let renamed = renamed.expect("a change heard within 20 renames");
    assert!(renamed["payload"]["data"]["customerChanged"]["customer"]["name"].as_str().unwrap().starts_with("Rossi SpA "), "{renamed}");

    // Bad positions are refused.
    for (bad, reason) in [("soon", "INVALID_CURSOR"), ("999999999", "INVALID_CURSOR")] {
        let mut socket = follow_timeline(&app, &s.rep, &s.customer, Some(bad)).await;
        let refused = socket.next(Duration::from_secs(5)).await.unwrap();
        assert_eq!(refused["payload"]["errors"][0]["extensions"]["reason"], reason, "{bad}: {refused}");
    }
}
db_test!(a_timeline_arrives_live_and_each_subscriber_hears_only_what_it_may_read);

async fn a_subscriber_that_was_away_receives_every_event_it_missed_in_order_and_none_twice(app: TestApp) {
    let s = setting(&app).await;
    let customer: Uuid = s.customer.parse().unwrap();
    let mut socket = follow_timeline(&app, &s.rep, &s.customer, Some(&live_position(&app, &s.rep, &s.customer).await)).await;
    let first = recorded(&app, customer, 1, 1).await;
    let heard = next_entry(&mut socket).await;
    assert_eq!(heard["interaction"]["id"], json!(first[0]));
    let last = heard["position"].as_str().unwrap().to_owned();

    // Away (a laptop asleep): 1,000 entries are recorded, in transactions of different sizes.
    drop(socket);
    let mut missed = recorded(&app, customer, 400, 1).await;
    missed.extend(recorded(&app, customer, 600, 150).await);

    // Back, after its last position: all 1,000 in order, none twice, then the live ones.
    let mut socket = follow_timeline(&app, &s.rep, &s.customer, Some(&last)).await;
    let (ids, _) = entries_in_order(&mut socket, missed.len(), &last).await;
    assert_eq!(ids, missed, "every missed entry, in the order recorded");
    let live = recorded(&app, customer, 1, 1).await;

    // Writers that commit out of the order they appended in (each transaction waits a while
    // after recording): the subscriber, listening all along, hears every entry once,
    // positions growing.
    let resumed_at = last_position(&mut socket, &live).await;
    let writers = (0..12u64).map(|writer| {
        let app_db = app.db.clone();
        tokio::spawn(async move {
            let txn = app_db.write.begin().await.unwrap();
            let now = SystemClock.now();
            let new = NewInteraction::new(
                customer,
                InteractionKind::Email,
                InteractionChannel::Email,
                InteractionDirection::Inbound,
                format!("Racing {writer}"),
                now,
            );
            let id = record(&txn, &RecordedByTheCrm::for_module(), new, now).await.unwrap().id.to_string();
            tokio::time::sleep(Duration::from_millis(5 * (12 - writer))).await;
            txn.commit().await.unwrap();
            id
        })
    });
    let mut racing = Vec::new();
    for writer in writers.collect::<Vec<_>>() {
        racing.push(writer.await.unwrap());
    }
    let (mut heard, previous) = entries_in_order(&mut socket, racing.len(), &resumed_at).await;
    heard.sort();
    racing.sort();
    assert_eq!(heard, racing, "every racing entry once");
    assert!(socket.next(Duration::from_millis(300)).await.is_none(), "and nothing twice");
    drop(socket);

    // Away longer than the log keeps: told to read afresh.
    crm_core::event_log::prune(&app.db.write, SystemClock.now() + Span::hours(1)).await.unwrap();
    let mut socket = follow_timeline(&app, &s.rep, &s.customer, Some(&last)).await;
    let refused = socket.next(Duration::from_secs(5)).await.unwrap();
    assert_eq!(refused["payload"]["errors"][0]["extensions"]["reason"], "RESYNC_REQUIRED", "{refused}");
    // From a fresh read it goes on.
    let mut socket = follow_timeline(&app, &s.rep, &s.customer, Some(&live_position(&app, &s.rep, &s.customer).await)).await;
    let next = recorded(&app, customer, 1, 1).await;
    let event = next_entry(&mut socket).await;
    assert_eq!(event["interaction"]["id"], json!(next[0]));
    assert_eq!(event["position"].as_str().unwrap().parse::<i64>().unwrap(), previous + 1, "positions go on after pruning");

    // On PostgreSQL, servers share the database: an entry logged through one reaches a
    // subscriber of the other (LISTEN/NOTIFY wakes its feed).
    if app.url.starts_with("postgres") {
        let other = crate::helpers::second_instance(&app).await;
        let mut elsewhere = follow_timeline(&other, &s.rep, &s.customer, Some(&live_position(&other, &s.rep, &s.customer).await)).await;
        let started = std::time::Instant::now();
        let logged = visit(&app, &s.rep, &s.customer, "Logged through the first server", false).await;
        assert_eq!(next_entry(&mut elsewhere).await["interaction"]["id"], logged["id"]);
        eprintln!("an entry logged through one server reached the other's subscriber in {:?}", started.elapsed());
    }
}
db_test!(a_subscriber_that_was_away_receives_every_event_it_missed_in_order_and_none_twice);

/// A socket of `user` following ticket `ticket` after `after`.
async fn follow_ticket(app: &TestApp, user: &TestUser, ticket: &str, after: &str) -> Socket {
    let (mut socket, ack) = Socket::open(app, &user.token).await;
    assert_eq!(ack["type"], "connection_ack", "{ack}");
    let query =
        "subscription($t: ID!, $a: String) { ticketChanged(id: $t, after: $a) { position ticket { status messages { kind body } } } }";
    socket.send(json!({"id": "k", "type": "subscribe", "payload": {"query": query, "variables": {"t": ticket, "a": after}}})).await;
    socket
}

/// The messages' bodies of each ticket event `socket` hears until it is quiet for a second.
async fn ticket_events(socket: &mut Socket) -> Vec<Vec<String>> {
    let mut events = Vec::new();
    while let Some(message) = socket.next(Duration::from_secs(1)).await {
        assert!(message["payload"]["errors"].is_null(), "{message}");
        let messages = message["payload"]["data"]["ticketChanged"]["ticket"]["messages"].as_array().unwrap().clone();
        events.push(messages.iter().map(|m| m["body"].as_str().unwrap().to_owned()).collect());
    }
    events
}

async fn a_ticket_page_hears_its_replies_and_only_the_desk_its_notes(app: TestApp) {
    let s = setting(&app).await;
    ok(&app.gql(Some(&s.admin.token), "mutation { createServiceQueue(input: {name: \"Support\"}) { queue { id } } }", json!({})).await);
    let open = "mutation($i: OpenTicketInput!) { openTicket(input: $i) { ticket { id } } }";
    let res = app.gql(Some(&s.portal.token), open, json!({"i": {"subject": "Invoice is wrong", "description": "Twice the VAT."}})).await;
    let ticket = ok(&res)["openTicket"]["ticket"]["id"].as_str().unwrap().to_owned();
    // Any position the log gave serves as a start: the timeline's, read now.
    let after = live_position(&app, &s.portal, &s.customer).await;
    let mut customer_side = follow_ticket(&app, &s.portal, &ticket, &after).await;
    let mut desk = follow_ticket(&app, &s.admin, &ticket, &after).await;

    let write = "mutation($i: AddTicketMessageInput!) { addTicketMessage(input: $i) { message { kind } } }";
    for (kind, body) in [("NOTE", "Check with accounting"), ("REPLY", "A credit note is on its way.")] {
        ok(&app.gql(Some(&s.admin.token), write, json!({"i": {"ticketId": ticket, "kind": kind, "body": body}})).await);
    }
    let customer_heard = ticket_events(&mut customer_side).await;
    assert!(!customer_heard.is_empty(), "the customer's side hears the reply");
    assert!(customer_heard.iter().all(|bodies| !bodies.iter().any(|b| b == "Check with accounting")), "never the note: {customer_heard:?}");
    assert!(customer_heard.last().unwrap().iter().any(|b| b == "A credit note is on its way."), "{customer_heard:?}");
    // The desk hears the same events and one more, the note's. (The position read may trail
    // the ticket's opening, whose events may come first to both; each event's ticket is read
    // as it is then.)
    let heard = ticket_events(&mut desk).await;
    assert_eq!(heard.len(), customer_heard.len() + 1, "the desk hears its note: {heard:?} / {customer_heard:?}");
    assert!(heard.iter().any(|bodies| bodies.iter().any(|b| b == "Check with accounting")), "{heard:?}");
    assert!(heard.last().unwrap().iter().any(|b| b == "A credit note is on its way."), "{heard:?}");

    // The customer writes back: the desk hears it.
    ok(&app.gql(Some(&s.portal.token), write, json!({"i": {"ticketId": ticket, "body": "Thanks!"}})).await);
    let heard = ticket_events(&mut desk).await;
    assert!(heard.last().is_some_and(|bodies| bodies.iter().any(|b| b == "Thanks!")), "{heard:?}");

    // Another organisation's partner user does not see the ticket: no stream.
    let mut stranger = follow_ticket(&app, &s.outsider, &ticket, &after).await;
    let refused = stranger.next(Duration::from_secs(5)).await.unwrap();
    assert_eq!(refused["payload"]["errors"][0]["extensions"]["code"], "NOT_FOUND", "{refused}");
}
db_test!(a_ticket_page_hears_its_replies_and_only_the_desk_its_notes);
