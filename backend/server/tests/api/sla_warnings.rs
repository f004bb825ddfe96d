//! Warnings before an SLA breach and the desk's notifications, with a hand clock: the job
//! warns once (two servers at once), the timeline says whom it told, the warning waits for
//! the recipient's working hours (their own calendar; the queue's otherwise), a breach tells
//! the lead it was escalated to and the agent it was taken from; each notification goes out
//! live once; the inbox, marking read and who has one over the API; the desk's view counts;
//! and a notification received over a real WebSocket.

use crate::calls::key;
use crate::db_test;
use crate::helpers::{code, ok, HandClock, Socket, TestApp, TestUser};
use chrono::{DateTime, TimeZone, Utc};
use crm_core::context::AppContext;
use crm_core::pagination::PageRequest;
use crm_core::principal::{Caller, Principal};
use crm_identity::domain::StaffRole;
use crm_service::domain::{DayOfWeek, NotificationKind, SlaTarget};
use crm_service::inputs::{CreateServiceQueueInput, CreateSlaPolicyInput, OpenTicketInput};
use crm_service::notifications::{self, Inbox, News};
use crm_service::{setup, sla_job, tickets};
use serde_json::{json, Value};
use std::sync::{Arc, Mutex};
use std::time::Duration;
use uuid::Uuid;

/// November 2026 in Rome (UTC+1): days past, so that the server's own clock, which the
/// GraphQL requests run on, finds every notification already reached.
fn rome(day: u32, hour: u32, minute: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, day, hour - 1, minute, 0).unwrap()
}

fn uuid(user: &TestUser) -> Uuid {
    user.id.parse().unwrap()
}

fn staff(user: &TestUser, role: StaffRole) -> Principal {
    Principal::Staff { user_id: uuid(user), email: String::new(), role }
}

async fn gql(app: &TestApp, user: &TestUser, query: &str, variables: Value) -> Value {
    app.gql(Some(&user.token), query, variables).await
}

async fn the_sla_job_warns_in_the_recipient_s_working_hours_and_tells_whom_a_breach_concerns(app: TestApp) {
    let admin = app.staff("lead@example.com", StaffRole::Admin).await;
    let agent = app.staff("agent@example.com", StaffRole::ServiceAgent).await;
    let customer = app.customer(&admin, json!({"name": "Bianchi Srl"})).await;
    let cid = customer["id"].as_str().unwrap().to_owned();
    let buyer = app.customer_user("buyer@bianchi.example", &cid).await;
    let hand = Arc::new(HandClock(Mutex::new(rome(27, 19, 0))));
    let ctx = AppContext { db: app.db.clone(), clock: hand.clone() };
    let set = |time: DateTime<Utc>| *hand.0.lock().unwrap() = time;
    let system = Caller::system("test");

    // The agent works office hours in Rome (their own calendar, set over the API); the queue
    // works around the clock, and its lead has no calendar of their own.
    let weekdays = [DayOfWeek::Monday, DayOfWeek::Tuesday, DayOfWeek::Wednesday, DayOfWeek::Thursday, DayOfWeek::Friday];
    let hours: Vec<Value> = weekdays.iter().map(|day| json!({"day": day.as_api(), "start": "09:00", "end": "18:00"})).collect();
    let calendar = "mutation($i: CreateServiceCalendarInput!) { createServiceCalendar(input: $i) { calendar { id } } }";
    let res = gql(&app, &admin, calendar, json!({"i": {"name": "Rome office", "timeZone": "Europe/Rome", "hours": hours}})).await;
    let calendar_id = ok(&res)["createServiceCalendar"]["calendar"]["id"].clone();
    let profile = "mutation($i: UpdateServiceAgentInput!) { updateServiceAgent(input: $i) { agent { calendar { name } } } }";
    let res = gql(&app, &admin, profile, json!({"i": {"userId": agent.id, "version": 0, "calendarId": "not-an-id"}})).await;
    assert_eq!(res["errors"][0]["extensions"]["field"], "calendarId", "{res}");
    let res = gql(&app, &admin, profile, json!({"i": {"userId": agent.id, "version": 0, "calendarId": calendar_id}})).await;
    assert_eq!(ok(&res)["updateServiceAgent"]["agent"]["calendar"]["name"], "Rome office");
    let queue = CreateServiceQueueInput {
        name: "Support".into(),
        calendar_id: None,
        lead_id: Some(admin.id.clone().into()),
        reopen_days: 7,
        is_default: true,
        routing: Default::default(),
        member_ids: vec![agent.id.clone().into()],
        email_address: None,
    };
    setup::create_queue(&ctx, &system, queue).await.unwrap();
    let policy = CreateSlaPolicyInput {
        name: "Two hours".into(),
        position: 1,
        priority: None,
        queue_id: None,
        customer_tag: None,
        first_response_minutes: 120,
        next_response_minutes: None,
        resolution_minutes: 600,
        warning_minutes: Some(30),
        pause_statuses: Vec::new(),
    };
    let policy = setup::create_policy(&ctx, &system, policy).await.unwrap();
    let open = |subject: &str, assignee: Option<&TestUser>| OpenTicketInput {
        customer_id: Some(cid.clone().into()),
        contact_id: None,
        channel: None,
        category: None,
        subject: subject.into(),
        description: "Nothing prints.".into(),
        priority: None,
        queue_id: None,
        assignee_id: assignee.map(|user| user.id.clone().into()),
        complaint: false,
        order_id: None,
        product_id: None,
        language: None,
        call_id: None,
        tags: Vec::new(),
    };

    // Friday 27 November, 20:00 in Rome, after the agent's hours: first response due at 22:00,
    // warned of at 21:30.
    set(rome(27, 20, 0));
    let assigned = tickets::open(&ctx, &system, open("Printer offline", Some(&agent))).await.unwrap();
    set(rome(27, 21, 0));
    let unassigned = tickets::open(&ctx, &system, open("Scanner offline", None)).await.unwrap();
    assert_eq!(sla_job::mark_warnings(&ctx, rome(27, 21, 0)).await.unwrap(), 0, "not yet");
    let (first, second) = tokio::join!(sla_job::mark_warnings(&ctx, rome(27, 21, 35)), sla_job::mark_warnings(&ctx, rome(27, 21, 35)));
    assert_eq!(first.unwrap() + second.unwrap(), 1, "two servers warn once");
    assert_eq!(sla_job::mark_warnings(&ctx, rome(27, 21, 40)).await.unwrap(), 0);

    // The agent hears on Monday at 9:00, not on Friday night.
    let agent_inbox = Inbox::of(&staff(&agent, StaffRole::ServiceAgent)).unwrap();
    let page = PageRequest::first(10);
    let (friday, _) = notifications::inbox(&app.db.read, agent_inbox, false, rome(27, 23, 0), &page).await.unwrap();
    assert!(friday.rows.is_empty(), "held until the agent's working hours");
    let (monday, _) = notifications::inbox(&app.db.read, agent_inbox, false, rome(30, 9, 0), &page).await.unwrap();
    let warning = &monday.rows[0].1;
    assert_eq!((monday.rows.len(), warning.kind, warning.ticket_id), (1, NotificationKind::SlaWarning, assigned.id));
    assert_eq!(
        (warning.target, warning.due_at, warning.deliver_at),
        (Some(SlaTarget::FirstResponse), Some(rome(27, 22, 0)), rome(30, 9, 0))
    );
    assert_eq!(notifications::deliver_due(&ctx, rome(27, 21, 45)).await.unwrap(), 0, "nothing reached anyone yet");

    // 22:05: the breach escalates the ticket to the lead, who hears at once (the queue's
    // hours); the agent it was taken from hears on Monday. 22:35: the unassigned ticket's
    // warning goes to the lead.
    assert_eq!(sla_job::mark_breaches(&ctx, rome(27, 22, 5)).await.unwrap(), 1);
    assert_eq!(sla_job::mark_warnings(&ctx, rome(27, 22, 35)).await.unwrap(), 1);
    let (first, second) =
        tokio::join!(notifications::deliver_due(&ctx, rome(27, 22, 40)), notifications::deliver_due(&ctx, rome(27, 22, 40)));
    assert_eq!(first.unwrap() + second.unwrap(), 2, "the lead's two, each sent once");
    assert_eq!(notifications::deliver_due(&ctx, rome(30, 9, 0)).await.unwrap(), 2, "the agent's two, on Monday");
    assert_eq!(notifications::deliver_due(&ctx, rome(30, 9, 5)).await.unwrap(), 0);

    // The timelines say whom the job told.
    let timeline = "query($id: ID!) { ticket(id: $id) { slaTimeline { target kind reason } } }";
    let steps = |res: &Value| -> Vec<(String, String)> {
        ok(res)["ticket"]["slaTimeline"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|step| step["target"] == "FIRST_RESPONSE")
            .map(|step| (step["kind"].as_str().unwrap().to_owned(), step["reason"].as_str().unwrap().to_owned()))
            .collect()
    };
    let res = gql(&app, &admin, timeline, json!({"id": assigned.id.to_string()})).await;
    let kinds: Vec<String> = steps(&res).into_iter().map(|(kind, _)| kind).collect();
    assert_eq!(kinds, ["STARTED", "WARNED", "BREACHED"]);
    let res = gql(&app, &admin, timeline, json!({"id": unassigned.id.to_string()})).await;
    assert_eq!(steps(&res)[1], ("WARNED".to_owned(), "time due near: nobody assigned, the queue's lead was told".to_owned()));

    // The inbox over the API, newest first.
    let inbox = "query($unread: Boolean) { unreadNotificationCount notifications(first: 10, unreadOnly: $unread) { totalCount \
        nodes { id kind target dueAt reachedAt readAt ticket { number subject } } } }";
    let res = gql(&app, &agent, inbox, json!({})).await;
    let nodes = ok(&res)["notifications"]["nodes"].as_array().unwrap().clone();
    let kinds: Vec<&str> = nodes.iter().map(|n| n["kind"].as_str().unwrap()).collect();
    assert_eq!((ok(&res)["unreadNotificationCount"].as_u64(), kinds), (Some(2), vec!["SLA_BREACH", "SLA_WARNING"]));
    assert_eq!((&nodes[1]["ticket"]["subject"], &nodes[1]["target"]), (&json!("Printer offline"), &json!("FIRST_RESPONSE")));
    let reached: DateTime<Utc> = nodes[1]["reachedAt"].as_str().unwrap().parse().unwrap();
    assert_eq!(reached, rome(30, 9, 0));
    let res = gql(&app, &admin, inbox, json!({})).await;
    let kinds: Vec<&str> = ok(&res)["notifications"]["nodes"].as_array().unwrap().iter().map(|n| n["kind"].as_str().unwrap()).collect();
    assert_eq!(kinds, ["SLA_WARNING", "SLA_BREACH"], "the lead: the breach at 22:05, the other ticket's warning at 22:35");

    // Marking read: one's own only; all at once.
    let mark = "mutation($i: MarkNotificationsReadInput!) { markNotificationsRead(input: $i) { marked unreadCount } }";
    let res = gql(&app, &admin, mark, json!({"i": {"ids": [nodes[0]["id"]]}})).await;
    assert_eq!(ok(&res)["markNotificationsRead"], json!({"marked": 0, "unreadCount": 2}), "another's notification");
    let res = gql(&app, &agent, mark, json!({"i": {"ids": [nodes[1]["id"]]}})).await;
    assert_eq!(ok(&res)["markNotificationsRead"], json!({"marked": 1, "unreadCount": 1}));
    let res = gql(&app, &agent, mark, json!({"i": {}})).await;
    assert_eq!(res["errors"][0]["extensions"]["field"], "ids", "{res}");
    let res = gql(&app, &agent, mark, json!({"i": {"all": true}})).await;
    assert_eq!(ok(&res)["markNotificationsRead"], json!({"marked": 1, "unreadCount": 0}));
    let res = gql(&app, &agent, inbox, json!({"unread": true})).await;
    assert_eq!(ok(&res)["notifications"]["totalCount"], 0);
    // Only staff users have an inbox.
    let integration = key(&app, &admin, &["SERVICE_READ"]).await;
    for token in [buyer.token.as_str(), integration.as_str()] {
        assert_eq!(code(&app.gql(Some(token), inbox, json!({})).await), "FORBIDDEN");
        assert_eq!(code(&app.gql(Some(token), mark, json!({"i": {"all": true}})).await), "FORBIDDEN");
    }

    // The desk's views, counted in one request, each read as the caller reads tickets.
    let counts = "query($f: [TicketFilter!]!) { ticketCounts(filters: $f) { count more } }";
    let counted =
        |res: &Value| -> Vec<u64> { ok(res)["ticketCounts"].as_array().unwrap().iter().map(|c| c["count"].as_u64().unwrap()).collect() };
    let views = json!([{"atRisk": true}, {"mine": true}, {}, {"unassigned": true}]);
    let res = gql(&app, &admin, counts, json!({"f": views})).await;
    assert_eq!(counted(&res), [1, 1, 2, 1], "at risk: the warned one; the lead's: the escalated one");
    let res = app.gql(Some(&buyer.token), counts, json!({"f": [{}]})).await;
    assert_eq!(counted(&res), [2]);
    let stranger = app.customer(&admin, json!({"name": "Altro Srl"})).await;
    let outsider = app.customer_user("someone@altro.example", stranger["id"].as_str().unwrap()).await;
    let res = app.gql(Some(&outsider.token), counts, json!({"f": [{}, {"atRisk": true}]})).await;
    assert_eq!(counted(&res), [0, 0]);
    let res = gql(&app, &admin, counts, json!({"f": vec![json!({}); 21]})).await;
    assert_eq!(res["errors"][0]["extensions"]["field"], "filters", "{res}");
    // Counted up to a limit, saying whether there are more: a list's "10,000+".
    let capped = "query($l: Int!) { ticketCounts(filters: [{}, {atRisk: true}], limit: $l) { count more } }";
    let res = gql(&app, &admin, capped, json!({"l": 1})).await;
    assert_eq!(ok(&res)["ticketCounts"], json!([{"count": 1, "more": true}, {"count": 1, "more": false}]));
    let listed = "query($l: Int!) { tickets { totalCount countUpTo(limit: $l) { count more } } }";
    let res = gql(&app, &admin, listed, json!({"l": 1})).await;
    assert_eq!(ok(&res)["tickets"], json!({"totalCount": 2, "countUpTo": {"count": 1, "more": true}}));
    let res = gql(&app, &admin, listed, json!({"l": 2})).await;
    assert_eq!(ok(&res)["tickets"]["countUpTo"], json!({"count": 2, "more": false}));
    for limit in [0, 100_001] {
        let res = gql(&app, &admin, capped, json!({"l": limit})).await;
        assert_eq!(res["errors"][0]["extensions"]["field"], "limit", "{res}");
        let res = gql(&app, &admin, listed, json!({"l": limit})).await;
        assert_eq!(res["errors"][0]["extensions"]["field"], "limit", "{res}");
    }

    // The policy's warning over the API; 0 stops it.
    let res = gql(&app, &admin, "{ slaPolicies { warningMinutes version } }", json!({})).await;
    assert_eq!(ok(&res)["slaPolicies"][0]["warningMinutes"], 30);
    let update = "mutation($i: UpdateSlaPolicyInput!) { updateSlaPolicy(input: $i) { policy { warningMinutes } } }";
    let res = gql(&app, &admin, update, json!({"i": {"id": policy.id.to_string(), "version": 1, "warningMinutes": -5}})).await;
    assert_eq!(res["errors"][0]["extensions"]["field"], "warningMinutes", "{res}");
    let res = gql(&app, &admin, update, json!({"i": {"id": policy.id.to_string(), "version": 1, "warningMinutes": 0}})).await;
    assert!(ok(&res)["updateSlaPolicy"]["policy"]["warningMinutes"].is_null());
}

db_test!(the_sla_job_warns_in_the_recipient_s_working_hours_and_tells_whom_a_breach_concerns);

async fn a_notification_reaches_its_recipient_over_a_websocket(app: TestApp) {
    let admin = app.staff("admin@example.com", StaffRole::Admin).await;
    let agent = app.staff("agent@example.com", StaffRole::ServiceAgent).await;
    let other = app.staff("other@example.com", StaffRole::ServiceAgent).await;
    let customer = app.customer(&admin, json!({"name": "Bianchi Srl"})).await;
    let hand = Arc::new(HandClock(Mutex::new(rome(30, 10, 0))));
    let ctx = AppContext { db: app.db.clone(), clock: hand.clone() };
    let buyer = app.customer_user("buyer@bianchi.example", customer["id"].as_str().unwrap()).await;
    let queue = "mutation($i: CreateServiceQueueInput!) { createServiceQueue(input: $i) { queue { id } } }";
    ok(&app.gql(Some(&admin.token), queue, json!({"i": {"name": "Support", "isDefault": true, "memberIds": [agent.id]}})).await);
    let res = app
        .gql(
            Some(&buyer.token),
            "mutation { openTicket(input: {subject: \"Help\", description: \"Please.\"}) { ticket { id } } }",
            json!({}),
        )
        .await;
    let ticket: Uuid = ok(&res)["openTicket"]["ticket"]["id"].as_str().unwrap().parse().unwrap();

    // The customer's side has no notifications.
    let (mut socket, ack) = Socket::open(&app, &buyer.token).await;
    assert_eq!(ack["type"], "connection_ack");
    socket.send(json!({"id": "1", "type": "subscribe", "payload": {"query": "subscription { myNotifications { id } }"}})).await;
    let refused = socket.next(Duration::from_secs(5)).await.unwrap();
    assert_eq!(refused["payload"]["errors"][0]["extensions"]["code"], "FORBIDDEN", "{refused}");

    let (mut socket, ack) = Socket::open(&app, &agent.token).await;
    assert_eq!(ack["type"], "connection_ack", "{ack}");
    let live = "subscription { myNotifications { kind target ticket { subject } } }";
    socket.send(json!({"id": "live", "type": "subscribe", "payload": {"query": live}})).await;
    // The subscription listens once the server handled the message: notify until it hears
    // (another agent's notification, made each time too, never reaches this socket).
    let news = News { kind: NotificationKind::SlaWarning, ticket_id: ticket, target: Some(SlaTarget::Resolution), due_at: None };
    let mut received = None;
    for _ in 0..20 {
        notifications::notify_in(&app.db.write, &[uuid(&other)], news, rome(30, 10, 0)).await.unwrap();
        notifications::notify_in(&app.db.write, &[uuid(&agent)], news, rome(30, 10, 0)).await.unwrap();
        assert_eq!(notifications::deliver_due(&ctx, rome(30, 10, 0)).await.unwrap(), 2);
        if let Some(message) = socket.next(Duration::from_millis(500)).await {
            received = Some(message);
            break;
        }
    }
    let message = received.expect("a notification within 20 tries");
    assert_eq!(message["type"], "next", "{message}");
    assert_eq!(
        message["payload"]["data"]["myNotifications"],
        json!({"kind": "SLA_WARNING", "target": "RESOLUTION", "ticket": {"subject": "Help"}})
    );
}

db_test!(a_notification_reaches_its_recipient_over_a_websocket);
