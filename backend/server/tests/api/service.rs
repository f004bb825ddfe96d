//! Customer service: the desk's setup and its validation, tickets read as far as each
//! principal may (internal notes never reach customers or partners, in the ticket or the
//! customer's history), the conversation moving status and SLA clocks over the API, and the
//! SLA timeline on a working-hours calendar with a hand clock: pauses, a breach the job
//! records and escalates once, the late reply that meets it.

use crate::db_test;
use crate::helpers::{code, ok, HandClock, TestApp, TestUser};
use chrono::{DateTime, TimeZone, Utc};
use crm_core::context::AppContext;
use crm_core::filters::OrderDirection;
use crm_core::pagination::PageRequest;
use crm_core::principal::Caller;
use crm_identity::domain::StaffRole;
use crm_service::domain::{DayOfWeek, TicketMessageKind, TicketOrderField, TicketStatus};
use crm_service::inputs::{
    AddTicketMessageInput, CreateServiceCalendarInput, CreateServiceQueueInput, CreateSlaPolicyInput, OpenTicketInput,
    SetTicketStatusInput, TicketFilter, TicketOrder, WorkingHoursInput,
};
use crm_service::{setup, sla_job, tickets};
use serde_json::{json, Value};
use std::sync::{Arc, Mutex};

const TICKET: &str = "id number status priority channel version slaDueAt customer { name } queue { name } \
    messages { kind body author { email } } slaClocks { target dueAt metAt breachedAt paused } \
    slaTimeline { target kind reason actor { email } }";

async fn gql_ok(app: &TestApp, user: &TestUser, query: &str, input: Value) -> Value {
    let res = app.gql(Some(&user.token), query, json!({"i": input})).await;
    ok(&res).clone()
}

async fn open(app: &TestApp, user: &TestUser, input: Value) -> Value {
    app.gql(
        Some(&user.token),
        &format!("mutation($i: OpenTicketInput!) {{ openTicket(input: $i) {{ ticket {{ {TICKET} }} }} }}"),
        json!({"i": input}),
    )
    .await
}

async fn message(app: &TestApp, user: &TestUser, input: Value) -> Value {
    app.gql(
        Some(&user.token),
        &format!("mutation($i: AddTicketMessageInput!) {{ addTicketMessage(input: $i) {{ ticket {{ {TICKET} }} message {{ kind }} }} }}"),
        json!({"i": input}),
    )
    .await
}

async fn status(app: &TestApp, user: &TestUser, ticket: &Value, status: &str) -> Value {
    app.gql(
        Some(&user.token),
        &format!("mutation($i: SetTicketStatusInput!) {{ setTicketStatus(input: $i) {{ ticket {{ {TICKET} }} }} }}"),
        json!({"i": {"id": ticket["id"], "version": ticket["version"], "status": status}}),
    )
    .await
}

/// What `user` reads of the ticket: its message kinds, or None when it is not found.
async fn seen_kinds(app: &TestApp, user: &TestUser, id: &Value) -> Option<Vec<String>> {
    let res =
        app.gql(Some(&user.token), "query($id: ID!) { node(id: $id) { ... on Ticket { messages { kind } } } }", json!({"id": id})).await;
    if res["errors"][0]["extensions"]["code"] == "NOT_FOUND" {
        return None;
    }
    Some(ok(&res)["node"]["messages"].as_array().unwrap().iter().map(|m| m["kind"].as_str().unwrap().to_owned()).collect())
}

fn clock<'a>(ticket: &'a Value, target: &str) -> &'a Value {
    ticket["slaClocks"].as_array().unwrap().iter().find(|c| c["target"] == target).unwrap()
}

async fn the_desk_works_tickets_that_each_principal_reads_as_far_as_it_may(app: TestApp) {
    let admin = app.staff("admin@example.com", StaffRole::Admin).await;
    let lead = app.staff("lead@example.com", StaffRole::ServiceManager).await;
    let agent = app.staff("agent@example.com", StaffRole::ServiceAgent).await;
    let rep = app.staff("rep@example.com", StaffRole::SalesRep).await;
    let outsider = app.staff("outsider@example.com", StaffRole::SalesRep).await;
    let analyst = app.staff("analyst@example.com", StaffRole::Analyst).await;
    let partner_id = app.partner_org(&admin, "Alpina").await;
    let seller = app.partner_user("seller@alpina.example", &partner_id).await;
    let customer = app
        .customer(&admin, json!({"name": "Rossi SpA", "ownerId": rep.id, "partnerId": partner_id, "primaryContact": {"firstName": "Giulia", "lastName": "Ferraro"}}))
        .await;
    let cid = customer["id"].clone();
    let buyer = app.customer_user("buyer@rossi.example", cid.as_str().unwrap()).await;

    // Setup: only admins and service managers; calendars and policies are validated.
    let create_queue = "mutation($i: CreateServiceQueueInput!) { createServiceQueue(input: $i) { queue { id name isDefault } } }";
    let res = app.gql(Some(&agent.token), create_queue, json!({"i": {"name": "Support"}})).await;
    assert_eq!(code(&res), "FORBIDDEN", "{res}");
    let calendar = "mutation($i: CreateServiceCalendarInput!) { createServiceCalendar(input: $i) { calendar { id timeZone hours { day start end } } } }";
    let res = app
        .gql(
            Some(&lead.token),
            calendar,
            json!({"i": {"name": "Rome", "timeZone": "Europe/Roma", "hours": [{"day": "MONDAY", "start": "09:00", "end": "13:00"}]}}),
        )
        .await;
    assert_eq!((code(&res), res["errors"][0]["extensions"]["reason"].as_str()), ("BAD_USER_INPUT", Some("INVALID_TIME_ZONE")), "{res}");
    let overlapping = json!([{"day": "MONDAY", "start": "09:00", "end": "13:00"}, {"day": "MONDAY", "start": "12:00", "end": "18:00"}]);
    let res = app.gql(Some(&lead.token), calendar, json!({"i": {"name": "Rome", "timeZone": "Europe/Rome", "hours": overlapping}})).await;
    assert_eq!(res["errors"][0]["extensions"]["reason"], "INVALID_WORKING_HOURS", "{res}");
    let res = app
        .gql(
            Some(&lead.token),
            calendar,
            json!({"i": {"name": "Rome", "timeZone": "Europe/Rome", "hours": [{"day": "MONDAY", "start": "09:00", "end": "24:01"}]}}),
        )
        .await;
    assert_eq!(res["errors"][0]["extensions"]["reason"], "INVALID_WORKING_HOURS", "{res}");
    let queue = gql_ok(&app, &lead, create_queue, json!({"name": "Support", "memberIds": [agent.id]})).await;
    assert_eq!(queue["createServiceQueue"]["queue"]["isDefault"], true, "the first queue is the default");
    let res = app.gql(Some(&lead.token), create_queue, json!({"i": {"name": "Support"}})).await;
    assert_eq!(code(&res), "CONFLICT", "{res}");
    let policy = "mutation($i: CreateSlaPolicyInput!) { createSlaPolicy(input: $i) { policy { id pauseStatuses } } }";
    let res = app
        .gql(
            Some(&lead.token),
            policy,
            json!({"i": {"name": "Standard", "position": 10, "firstResponseMinutes": 0, "resolutionMinutes": 60}}),
        )
        .await;
    assert_eq!(res["errors"][0]["extensions"]["field"], "firstResponseMinutes", "{res}");
    let res = app
        .gql(Some(&lead.token), policy, json!({"i": {"name": "Standard", "position": 10, "firstResponseMinutes": 60, "resolutionMinutes": 600, "pauseStatuses": ["RESOLVED"]}}))
        .await;
    assert_eq!(res["errors"][0]["extensions"]["field"], "pauseStatuses", "{res}");
    let made = gql_ok(
        &app,
        &lead,
        policy,
        json!({"name": "Standard", "position": 10, "firstResponseMinutes": 60, "nextResponseMinutes": 120, "resolutionMinutes": 960}),
    )
    .await;
    assert_eq!(made["createSlaPolicy"]["policy"]["pauseStatuses"], json!(["PENDING_CUSTOMER"]));

    // The customer opens a ticket from the portal; the desk's fields are not theirs to set.
    let res = open(&app, &buyer, json!({"subject": "Printer jams", "description": "It jams on page 2.", "priority": "URGENT"})).await;
    assert_eq!(res["errors"][0]["extensions"]["field"], "priority", "{res}");
    let res = open(&app, &buyer, json!({"subject": " ", "description": "x"})).await;
    assert_eq!(code(&res), "BAD_USER_INPUT", "{res}");
    let res = open(&app, &buyer, json!({"subject": "Printer jams", "description": "It jams on page 2.", "category": "Hardware"})).await;
    let ticket = ok(&res)["openTicket"]["ticket"].clone();
    assert!(ticket["number"].as_str().unwrap().starts_with("T-"), "{ticket}");
    assert_eq!(
        (ticket["status"].as_str(), ticket["channel"].as_str(), ticket["queue"]["name"].as_str()),
        (Some("NEW"), Some("SELF_SERVICE"), Some("Support"))
    );
    assert!(clock(&ticket, "FIRST_RESPONSE")["dueAt"].is_string() && clock(&ticket, "RESOLUTION")["dueAt"].is_string(), "{ticket}");
    assert_eq!(ticket["slaDueAt"], clock(&ticket, "FIRST_RESPONSE")["dueAt"]);
    let id = ticket["id"].clone();

    // The desk replies and notes; the reply meets the first response, the note moves nothing.
    let res = message(&app, &agent, json!({"ticketId": id, "kind": "NOTE", "body": "Probably the fuser; ask @lead."})).await;
    assert!(clock(&ok(&res)["addTicketMessage"]["ticket"], "FIRST_RESPONSE")["metAt"].is_null(), "a note is no response");
    let res = message(&app, &agent, json!({"ticketId": id, "body": "Which model is it?", "status": "PENDING_CUSTOMER"})).await;
    let ticket = ok(&res)["addTicketMessage"]["ticket"].clone();
    assert_eq!(ticket["status"], "PENDING_CUSTOMER");
    assert!(clock(&ticket, "FIRST_RESPONSE")["metAt"].is_string());
    assert_eq!(clock(&ticket, "RESOLUTION")["paused"], true, "waiting for the customer pauses the clock: {ticket}");
    let res = message(&app, &buyer, json!({"ticketId": id, "kind": "NOTE", "body": "sneaky"})).await;
    assert_eq!(res["errors"][0]["extensions"]["field"], "kind", "{res}");

    // The customer answers: the ticket is open again, resolution runs, next response starts.
    let res = message(&app, &buyer, json!({"ticketId": id, "body": "A Laser 200."})).await;
    let ticket = ok(&res)["addTicketMessage"]["ticket"].clone();
    assert_eq!(ticket["status"], "OPEN");
    assert_eq!(clock(&ticket, "RESOLUTION")["paused"], false);
    assert!(clock(&ticket, "NEXT_RESPONSE")["dueAt"].is_string(), "{ticket}");
    let kinds: Vec<&str> = ticket["slaTimeline"].as_array().unwrap().iter().map(|e| e["kind"].as_str().unwrap()).collect();
    assert_eq!(kinds.iter().filter(|k| **k == "PAUSED").count(), 1, "{kinds:?}");
    assert_eq!(kinds.iter().filter(|k| **k == "RESUMED").count(), 1, "{kinds:?}");

    // Who reads what: the desk, analysts and the owning rep read notes; the customer and its
    // partner read the conversation without them; another team's rep nothing.
    let all = vec!["CUSTOMER", "NOTE", "REPLY", "CUSTOMER"];
    assert_eq!(seen_kinds(&app, &agent, &id).await.unwrap(), all);
    assert_eq!(seen_kinds(&app, &analyst, &id).await.unwrap(), all);
    assert_eq!(seen_kinds(&app, &rep, &id).await.unwrap(), all);
    assert_eq!(seen_kinds(&app, &buyer, &id).await.unwrap(), vec!["CUSTOMER", "REPLY", "CUSTOMER"]);
    assert_eq!(seen_kinds(&app, &seller, &id).await.unwrap(), vec!["CUSTOMER", "REPLY", "CUSTOMER"]);
    assert_eq!(seen_kinds(&app, &outsider, &id).await, None);
    let list = "query { tickets { totalCount } }";
    assert_eq!(ok(&app.gql(Some(&outsider.token), list, json!({})).await)["tickets"]["totalCount"], 0);
    assert_eq!(ok(&app.gql(Some(&seller.token), list, json!({})).await)["tickets"]["totalCount"], 1);
    let search = "query($s: String) { tickets(filter: {search: $s}) { totalCount } }";
    let number = ticket["number"].as_str().unwrap().to_lowercase();
    let digits = number.rsplit('-').next().unwrap().to_owned();
    for (words, found) in [("PRINTER jams", 1), (number.as_str(), 1), (digits.as_str(), 1), ("printer toner", 0), ("?!", 0)] {
        let res = app.gql(Some(&agent.token), search, json!({"s": words})).await;
        assert_eq!(ok(&res)["tickets"]["totalCount"], found, "{words}");
    }
    let history = "query($id: ID!) { node(id: $id) { ... on Customer { history { nodes { entityType } } } } }";
    let entity_types = |res: &Value| -> Vec<String> {
        ok(res)["node"]["history"]["nodes"].as_array().unwrap().iter().map(|n| n["entityType"].as_str().unwrap().to_owned()).collect()
    };
    assert!(entity_types(&app.gql(Some(&rep.token), history, json!({"id": cid})).await).contains(&"TICKET".to_owned()));
    assert!(!entity_types(&app.gql(Some(&outsider.token), history, json!({"id": cid})).await).contains(&"TICKET".to_owned()));
    // Only the desk works tickets.
    let res = status(&app, &rep, &ticket, "RESOLVED").await;
    assert_eq!(code(&res), "FORBIDDEN", "{res}");
    let res = status(&app, &buyer, &ticket, "RESOLVED").await;
    assert_eq!(code(&res), "FORBIDDEN", "{res}");

    // Resolution, reopening by the customer, and the statuses a ticket may not take.
    let res = status(&app, &agent, &ticket, "CLOSED").await;
    assert_eq!(res["errors"][0]["extensions"]["reason"], "WRONG_STATUS", "resolve before closing: {res}");
    let res = status(&app, &agent, &ticket, "RESOLVED").await;
    let resolved = ok(&res)["setTicketStatus"]["ticket"].clone();
    assert!(clock(&resolved, "RESOLUTION")["metAt"].is_string());
    let res = status(&app, &agent, &ticket, "OPEN").await;
    assert_eq!(code(&res), "CONFLICT", "a stale version: {res}");
    let res = message(&app, &buyer, json!({"ticketId": id, "body": "It jams again."})).await;
    let reopened = ok(&res)["addTicketMessage"]["ticket"].clone();
    assert_eq!(reopened["status"], "OPEN");
    assert!(clock(&reopened, "RESOLUTION")["metAt"].is_null(), "reopening runs the resolution clock on: {reopened}");
    let res = status(&app, &agent, &reopened, "RESOLVED").await;
    let res = status(&app, &agent, &ok(&res)["setTicketStatus"]["ticket"], "CLOSED").await;
    let closed = ok(&res)["setTicketStatus"]["ticket"].clone();
    assert_eq!(closed["status"], "CLOSED");
    let res = message(&app, &buyer, json!({"ticketId": id, "body": "Hello?"})).await;
    assert_eq!(res["errors"][0]["extensions"]["reason"], "WRONG_STATUS", "{res}");
    let res = status(&app, &agent, &closed, "OPEN").await;
    assert_eq!(res["errors"][0]["extensions"]["reason"], "WRONG_STATUS", "{res}");

    // The desk logs a call from one of the customer's contacts, never another customer's.
    let other = app.customer(&admin, json!({"name": "Altro Srl", "primaryContact": {"firstName": "Luca", "lastName": "Neri"}})).await;
    let call = |contact: &Value| json!({"customerId": cid, "contactId": contact, "subject": "Call", "description": "Logged a call."});
    let res = open(&app, &agent, call(&other["contacts"][0]["id"])).await;
    assert_eq!(res["errors"][0]["extensions"]["field"], "contactId", "{res}");
    let res = open(&app, &agent, call(&customer["contacts"][0]["id"])).await;
    assert_eq!(ok(&res)["openTicket"]["ticket"]["customer"]["name"], "Rossi SpA");
}

db_test!(the_desk_works_tickets_that_each_principal_reads_as_far_as_it_may);

fn rome(day: u32, hour: u32, minute: u32) -> DateTime<Utc> {
    // December 2026: Rome is UTC+1.
    Utc.with_ymd_and_hms(2026, 12, day, hour - 1, minute, 0).unwrap()
}

fn hours(day: DayOfWeek, start: &str, end: &str) -> WorkingHoursInput {
    WorkingHoursInput { day, start: start.into(), end: end.into() }
}

async fn the_sla_timeline_follows_working_hours_and_a_breach_is_recorded_and_escalated_once(app: TestApp) {
    let admin = app.staff("admin@example.com", StaffRole::Admin).await;
    let customer = app.customer(&admin, json!({"name": "Bianchi Srl"})).await;
    let hand = Arc::new(HandClock(Mutex::new(rome(11, 8, 0))));
    let ctx = AppContext { db: app.db.clone(), clock: hand.clone() };
    let set = |time: DateTime<Utc>| *hand.0.lock().unwrap() = time;
    let desk = Caller::system("test");
    let weekdays = [DayOfWeek::Monday, DayOfWeek::Tuesday, DayOfWeek::Wednesday, DayOfWeek::Thursday, DayOfWeek::Friday];
    let office: Vec<_> = weekdays.iter().flat_map(|day| [hours(*day, "09:00", "13:00"), hours(*day, "14:00", "18:00")]).collect();
    let calendar = setup::create_calendar(
        &ctx,
        &desk,
        CreateServiceCalendarInput { name: "Rome office".into(), time_zone: "Europe/Rome".into(), hours: office, holidays: vec![] },
    )
    .await
    .unwrap();
    let queue = setup::create_queue(
        &ctx,
        &desk,
        CreateServiceQueueInput {
            name: "Office".into(),
            calendar_id: Some(calendar.id.to_string().into()),
            lead_id: Some(admin.id.clone().into()),
            reopen_days: 7,
            is_default: true,
            routing: Default::default(),
            member_ids: Vec::new(),
            email_address: None,
        },
    )
    .await
    .unwrap();
    setup::create_policy(
        &ctx,
        &desk,
        CreateSlaPolicyInput {
            name: "Office hours".into(),
            position: 1,
            priority: None,
            queue_id: Some(queue.id.to_string().into()),
            customer_tag: None,
            first_response_minutes: 60,
            next_response_minutes: None,
            resolution_minutes: 8 * 60,
            warning_minutes: None,
            pause_statuses: vec![TicketStatus::PendingThirdParty],
        },
    )
    .await
    .unwrap();

    // Opened Friday 11 December at 17:30 in Rome: half an hour that day, half on Monday.
    set(rome(11, 17, 30));
    let input = OpenTicketInput {
        customer_id: Some(customer["id"].as_str().unwrap().into()),
        contact_id: None,
        channel: None,
        category: None,
        subject: "Invoice missing".into(),
        description: "Where is invoice 42?".into(),
        priority: None,
        queue_id: None,
        assignee_id: None,
        complaint: false,
        order_id: None,
        product_id: None,
        language: None,
        call_id: None,
        tags: Vec::new(),
    };
    let ticket = tickets::open(&ctx, &desk, input.clone()).await.unwrap();
    assert_eq!(ticket.sla_due_at, Some(rome(14, 9, 30)), "first response due Monday 9:30");

    // Waiting on a third party from Monday 9:00 to 11:00 pauses it; the job finds nothing due.
    set(rome(14, 9, 0));
    let status = |status, version| SetTicketStatusInput {
        id: ticket.id.to_string().into(),
        version,
        status,
        reason: Some("asked the carrier".into()),
    };
    let paused = tickets::set_status(&ctx, &desk, status(TicketStatus::PendingThirdParty, 1)).await.unwrap();
    assert_eq!(paused.sla_due_at, None, "nothing runs while paused");
    set(rome(14, 11, 0));
    let resumed = tickets::set_status(&ctx, &desk, status(TicketStatus::Open, paused.version)).await.unwrap();
    assert_eq!(resumed.sla_due_at, Some(rome(14, 11, 30)), "the half hour left runs from 11:00");

    // Past the time due, two runs of the job (two servers) record one breach.
    set(rome(14, 12, 0));
    let (first, second) = tokio::join!(sla_job::mark_breaches(&ctx, rome(14, 12, 0)), sla_job::mark_breaches(&ctx, rome(14, 12, 0)));
    assert_eq!(first.unwrap() + second.unwrap(), 1);
    assert_eq!(sla_job::mark_breaches(&ctx, rome(14, 12, 5)).await.unwrap(), 0);
    // Escalated once: one priority level up, to the queue's lead, in the customer's history.
    let res = app
        .gql(
            Some(&admin.token),
            "query($id: ID!) { ticket(id: $id) { priority assignee { email } } }",
            json!({"id": ticket.id.to_string()}),
        )
        .await;
    assert_eq!(ok(&res)["ticket"], json!({"priority": "HIGH", "assignee": {"email": "admin@example.com"}}));

    // The desk's work order: by time due, the overdue one first; "overdue" finds only it.
    let second = tickets::open(&ctx, &desk, OpenTicketInput { subject: "Second".into(), ..input }).await.unwrap();
    assert_eq!(second.sla_due_at, Some(rome(14, 13, 0)), "an hour of work before the lunch break");
    let due_first = TicketOrder { field: TicketOrderField::SlaDueAt, direction: OrderDirection::Asc };
    let page = PageRequest::first(10);
    let (listed, _) = tickets::list(&ctx, &desk, &TicketFilter::default(), due_first, &page).await.unwrap();
    assert_eq!(listed.rows.iter().map(|(_, t)| t.id).collect::<Vec<_>>(), vec![ticket.id, second.id]);
    let overdue = TicketFilter { overdue: Some(true), ..TicketFilter::default() };
    let (listed, _) = tickets::list(&ctx, &desk, &overdue, TicketOrder::default(), &page).await.unwrap();
    assert_eq!(listed.rows.iter().map(|(_, t)| t.id).collect::<Vec<_>>(), vec![ticket.id]);

    // The late reply meets the clock; the timeline tells the whole story over the API.
    let reply = AddTicketMessageInput {
        ticket_id: ticket.id.to_string().into(),
        kind: Some(TicketMessageKind::Reply),
        body: "Sent again.".into(),
        status: None,
    };
    tickets::add_message(&ctx, &desk, reply).await.unwrap();
    let res = app
        .gql(
            Some(&admin.token),
            "query($id: ID!) { node(id: $id) { ... on Ticket { slaClocks { target breachedAt metAt usedMinutes } slaTimeline { target kind at dueAt reason } } } }",
            json!({"id": ticket.id.to_string()}),
        )
        .await;
    let node = &ok(&res)["node"];
    let steps: Vec<(String, String)> = node["slaTimeline"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["target"] == "FIRST_RESPONSE")
        .map(|e| (e["kind"].as_str().unwrap().to_owned(), e["reason"].as_str().unwrap().to_owned()))
        .collect();
    let kinds: Vec<&str> = steps.iter().map(|(kind, _)| kind.as_str()).collect();
    assert_eq!(kinds, ["STARTED", "PAUSED", "RESUMED", "BREACHED", "MET"], "{steps:?}");
    assert_eq!(steps[1].1, "asked the carrier");
    let first_response = node["slaClocks"].as_array().unwrap().iter().find(|c| c["target"] == "FIRST_RESPONSE").unwrap();
    let breached: DateTime<Utc> = first_response["breachedAt"].as_str().unwrap().parse().unwrap();
    assert_eq!(breached, rome(14, 11, 30));
    assert_eq!(first_response["usedMinutes"], 90, "half an hour on Friday, an hour after the pause");
}

db_test!(the_sla_timeline_follows_working_hours_and_a_breach_is_recorded_and_escalated_once);

/// Macros: kept by managers, offered per queue, applied by the desk in one write (the reply
/// with the ticket's facts, the status it leaves, priority and category; a response for the
/// SLA); never by the customer's side.
async fn a_macro_answers_and_triages_in_one_click(app: TestApp) {
    let lead = app.staff("lead@example.com", StaffRole::ServiceManager).await;
    let agent = app.staff("agent@example.com", StaffRole::ServiceAgent).await;
    let admin = app.staff("admin@example.com", StaffRole::Admin).await;
    let customer = app.customer(&admin, json!({"name": "Rossi SpA"})).await;
    let buyer = app.customer_user("buyer@rossi.example", customer["id"].as_str().unwrap()).await;
    let queue = "mutation($i: CreateServiceQueueInput!) { createServiceQueue(input: $i) { queue { id } } }";
    let members = json!([agent.id]);
    let support =
        gql_ok(&app, &lead, queue, json!({"name": "Support", "memberIds": members})).await["createServiceQueue"]["queue"]["id"].clone();
    let billing =
        gql_ok(&app, &lead, queue, json!({"name": "Billing", "memberIds": members})).await["createServiceQueue"]["queue"]["id"].clone();
    let policy = "mutation($i: CreateSlaPolicyInput!) { createSlaPolicy(input: $i) { policy { id } } }";
    gql_ok(&app, &lead, policy, json!({"name": "Standard", "position": 1, "firstResponseMinutes": 60, "resolutionMinutes": 600})).await;

    let create =
        "mutation($i: CreateTicketMacroInput!) { createTicketMacro(input: $i) { ticketMacro { id name queue { name } status priority } } }";
    let serial = json!({"name": "Ask for the serial number", "body": "Dear {{customer}}, about {{number}}: could you send us the serial number? {{agent}}",
        "status": "PENDING_CUSTOMER", "priority": "HIGH", "category": "Hardware"});
    assert_eq!(
        code(&app.gql(Some(&agent.token), create, json!({"i": serial})).await),
        "FORBIDDEN",
        "agents apply macros, managers keep them"
    );
    let res = app.gql(Some(&lead.token), create, json!({"i": {"name": "New", "body": "x", "status": "NEW"}})).await;
    assert_eq!(res["errors"][0]["extensions"]["field"], "status", "{res}");
    let serial = gql_ok(&app, &lead, create, serial).await["createTicketMacro"]["ticketMacro"].clone();
    assert_eq!(
        code(&app.gql(Some(&lead.token), create, json!({"i": {"name": "Ask for the serial number", "body": "x"}})).await),
        "CONFLICT"
    );
    let refund =
        gql_ok(&app, &lead, create, json!({"name": "Refund issued", "body": "Refunded.", "queueId": billing, "status": "RESOLVED"})).await
            ["createTicketMacro"]["ticketMacro"]
            .clone();

    // Offered per queue: every queue's and the queue's own; the desk only.
    let offered = "query($q: ID) { ticketMacros(queueId: $q) { name } }";
    let names = |res: &Value| {
        ok(res)["ticketMacros"].as_array().unwrap().iter().map(|m| m["name"].as_str().unwrap().to_owned()).collect::<Vec<_>>()
    };
    assert_eq!(names(&app.gql(Some(&agent.token), offered, json!({"q": support})).await), ["Ask for the serial number"]);
    assert_eq!(names(&app.gql(Some(&agent.token), offered, json!({"q": billing})).await), ["Ask for the serial number", "Refund issued"]);
    assert_eq!(code(&app.gql(Some(&buyer.token), offered, json!({})).await), "FORBIDDEN");

    let res = open(&app, &buyer, json!({"subject": "Scanner dead", "description": "No light at all."})).await;
    let ticket = ok(&res)["openTicket"]["ticket"].clone();
    let apply = format!(
        "mutation($i: ApplyTicketMacroInput!) {{ applyTicketMacro(input: $i) {{ ticket {{ {TICKET} category }} message {{ kind }} }} }}"
    );
    let res = app.gql(Some(&buyer.token), &apply, json!({"i": {"ticketId": ticket["id"], "macroId": serial["id"]}})).await;
    assert_eq!(code(&res), "FORBIDDEN", "{res}");
    let res = app.gql(Some(&agent.token), &apply, json!({"i": {"ticketId": ticket["id"], "macroId": refund["id"]}})).await;
    assert_eq!(res["errors"][0]["extensions"]["field"], "macroId", "another queue's macro: {res}");
    let res = app.gql(Some(&agent.token), &apply, json!({"i": {"ticketId": ticket["id"], "macroId": serial["id"]}})).await;
    let applied = ok(&res)["applyTicketMacro"]["ticket"].clone();
    assert_eq!(
        (applied["status"].as_str(), applied["priority"].as_str(), applied["category"].as_str()),
        (Some("PENDING_CUSTOMER"), Some("HIGH"), Some("hardware"))
    );
    let reply = applied["messages"].as_array().unwrap().last().unwrap().clone();
    let number = applied["number"].as_str().unwrap();
    assert_eq!(reply["kind"], "REPLY");
    assert_eq!(reply["body"].as_str().unwrap(), format!("Dear Rossi SpA, about {number}: could you send us the serial number? agent"));
    assert!(clock(&applied, "FIRST_RESPONSE")["metAt"].is_string(), "a macro's reply is a response: {applied}");

    // Archived: offered no more, refused when applied.
    let update = "mutation($i: UpdateTicketMacroInput!) { updateTicketMacro(input: $i) { ticketMacro { archived } } }";
    let res = app.gql(Some(&lead.token), update, json!({"i": {"id": serial["id"], "version": 1, "archived": true}})).await;
    assert_eq!(ok(&res)["updateTicketMacro"]["ticketMacro"]["archived"], true);
    assert!(names(&app.gql(Some(&agent.token), offered, json!({"q": support})).await).is_empty());
    let res = app.gql(Some(&agent.token), &apply, json!({"i": {"ticketId": ticket["id"], "macroId": serial["id"]}})).await;
    assert_eq!(res["errors"][0]["extensions"]["field"], "macroId", "{res}");
}
db_test!(a_macro_answers_and_triages_in_one_click);
