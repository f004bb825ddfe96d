//! Satisfaction surveys: a resolved ticket opens one (once, even when reopened and resolved
//! again); the customer rates it once from the portal; the desk sends links whose tokens are
//! single-use and expire; a low score puts the queue's lead in charge with an internal note
//! the customer never reads; the figures per agent, queue, customer and product.

use crate::db_test;
use crate::helpers::{code, ok, TestApp, TestUser};
use chrono::Duration;
use crm_core::clock::{Clock, FixedClock, SystemClock};
use crm_core::context::AppContext;
use crm_identity::domain::StaffRole;
use crm_service::inputs::AnswerSurveyInput;
use crm_service::surveys;
use serde_json::{json, Value};
use std::sync::Arc;

const TICKET: &str = "id version status survey { score comment channel answeredAt linkExpiresAt agent { email } recoveryOwner { email } } \
    messages { kind body }";

async fn resolve(app: &TestApp, agent: &TestUser, ticket: &Value, reply: &str) -> Value {
    let message = format!("mutation($i: AddTicketMessageInput!) {{ addTicketMessage(input: $i) {{ ticket {{ {TICKET} }} }} }}");
    let res = app.gql(Some(&agent.token), &message, json!({"i": {"ticketId": ticket, "body": reply, "status": "RESOLVED"}})).await;
    ok(&res)["addTicketMessage"]["ticket"].clone()
}

async fn rate(app: &TestApp, user: &TestUser, ticket: &Value, score: i64, comment: Option<&str>) -> Value {
    app.gql(
        Some(&user.token),
        &format!("mutation($i: RateTicketInput!) {{ rateTicket(input: $i) {{ ticket {{ {TICKET} }} }} }}"),
        json!({"i": {"ticketId": ticket, "score": score, "comment": comment}}),
    )
    .await
}

async fn answer(app: &TestApp, token: &str, score: i64) -> Value {
    app.gql(
        None,
        "mutation($i: AnswerSurveyInput!) { answerSurvey(input: $i) { answered } }",
        json!({"i": {"token": token, "score": score}}),
    )
    .await
}

async fn satisfaction_is_asked_once_answered_once_and_counted(app: TestApp) {
    let admin = app.staff("admin@example.com", StaffRole::Admin).await;
    let lead = app.staff("lead@example.com", StaffRole::ServiceManager).await;
    let agent = app.staff("agent@example.com", StaffRole::ServiceAgent).await;
    let rep = app.staff("rep@example.com", StaffRole::SalesRep).await;
    let partner_id = app.partner_org(&admin, "Alpina").await;
    let seller = app.partner_user("seller@alpina.example", &partner_id).await;
    let customer = app.customer(&admin, json!({"name": "Rossi SpA", "partnerId": partner_id})).await;
    let buyer = app.customer_user("buyer@rossi.example", customer["id"].as_str().unwrap()).await;
    let other = app.customer(&admin, json!({"name": "Verdi Srl"})).await;
    let stranger = app.customer_user("someone@verdi.example", other["id"].as_str().unwrap()).await;
    let queue = "mutation($i: CreateServiceQueueInput!) { createServiceQueue(input: $i) { queue { id } } }";
    ok(&app.gql(Some(&lead.token), queue, json!({"i": {"name": "Support", "leadId": lead.id, "memberIds": [agent.id]}})).await);

    let open = "mutation($i: OpenTicketInput!) { openTicket(input: $i) { ticket { id } } }";
    let opened = |subject: &'static str| {
        let (app, buyer) = (&app, &buyer);
        async move {
            let res = app.gql(Some(&buyer.token), open, json!({"i": {"subject": subject, "description": "Please help."}})).await;
            ok(&res)["openTicket"]["ticket"]["id"].clone()
        }
    };
    let first = opened("Invoice copy").await;
    let assign = "mutation($i: UpdateTicketInput!) { updateTicket(input: $i) { ticket { version } } }";
    let read = format!("query($id: ID!) {{ ticket(id: $id) {{ {TICKET} }} }}");
    let version = ok(&app.gql(Some(&agent.token), &read, json!({"id": first})).await)["ticket"]["version"].clone();
    ok(&app.gql(Some(&agent.token), assign, json!({"i": {"id": first, "version": version, "assigneeId": agent.id}})).await);

    // Not resolved: nothing to rate.
    let res = rate(&app, &buyer, &first, 5, None).await;
    assert_eq!(res["errors"][0]["extensions"]["field"], "ticketId", "{res}");
    let resolved = resolve(&app, &agent, &first, "Sent again.").await;
    assert_eq!(resolved["survey"]["score"], Value::Null, "{resolved}");
    assert_eq!(resolved["survey"]["agent"]["email"], "agent@example.com");

    // Only the customer's own users rate; scores are 1–5; once.
    assert_eq!(code(&rate(&app, &seller, &first, 5, None).await), "FORBIDDEN");
    assert_eq!(code(&rate(&app, &agent, &first, 5, None).await), "FORBIDDEN");
    assert_eq!(code(&rate(&app, &stranger, &first, 5, None).await), "NOT_FOUND");
    assert_eq!(rate(&app, &buyer, &first, 6, None).await["errors"][0]["extensions"]["field"], "score");
    let res = rate(&app, &buyer, &first, 5, Some("Quick and kind.")).await;
    let rated = ok(&res)["rateTicket"]["ticket"].clone();
    assert_eq!((rated["survey"]["score"].as_i64(), rated["survey"]["channel"].as_str()), (Some(5), Some("PORTAL")));
    assert_eq!(rated["survey"]["agent"], Value::Null, "the customer does not see whom it rated");
    let res = rate(&app, &buyer, &first, 1, None).await;
    assert_eq!(res["errors"][0]["extensions"]["reason"], "SURVEY_CLOSED", "{res}");
    // The answer is in the customer's timeline, once.
    let timeline = "query($id: ID!) { customer(id: $id) { timeline(filter: {kinds: [SURVEY_ANSWER]}) { nodes { channel summary outcome ticket { id } } } } }";
    let answers = ok(&app.gql(Some(&agent.token), timeline, json!({"id": customer["id"]})).await)["customer"]["timeline"]["nodes"].clone();
    assert_eq!(answers, json!([{"channel": "SELF_SERVICE", "summary": "Quick and kind.", "outcome": "5/5", "ticket": {"id": first}}]));

    // Reopened and resolved again: not asked twice.
    let reply = "mutation($i: AddTicketMessageInput!) { addTicketMessage(input: $i) { ticket { status } } }";
    let res = app.gql(Some(&buyer.token), reply, json!({"i": {"ticketId": first, "body": "One more thing."}})).await;
    assert_eq!(ok(&res)["addTicketMessage"]["ticket"]["status"], "OPEN");
    let again = resolve(&app, &agent, &first, "Done.").await;
    assert_eq!(again["survey"]["score"], 5, "the answered survey stays");

    // A link: the desk issues it, anyone holding it answers once, before it expires.
    let second = opened("Delivery late").await;
    resolve(&app, &agent, &second, "It arrives tomorrow.").await;
    let link = "mutation($t: ID!) { issueSurveyLink(ticketId: $t) { token expiresAt } }";
    assert_eq!(code(&app.gql(Some(&buyer.token), link, json!({"t": second})).await), "FORBIDDEN");
    assert_eq!(code(&app.gql(Some(&rep.token), link, json!({"t": second})).await), "NOT_FOUND", "another team's rep reads no such ticket");
    let old = ok(&app.gql(Some(&agent.token), link, json!({"t": second})).await)["issueSurveyLink"]["token"].as_str().unwrap().to_owned();
    let token = ok(&app.gql(Some(&agent.token), link, json!({"t": second})).await)["issueSurveyLink"]["token"].as_str().unwrap().to_owned();
    assert_eq!(answer(&app, &old, 4).await["errors"][0]["extensions"]["reason"], "SURVEY_CLOSED", "a new link replaces the old one");
    assert_eq!(answer(&app, "not-a-token", 4).await["errors"][0]["extensions"]["reason"], "SURVEY_CLOSED");
    assert_eq!(ok(&answer(&app, &token, 2).await)["answerSurvey"]["answered"], true);
    assert_eq!(answer(&app, &token, 5).await["errors"][0]["extensions"]["reason"], "SURVEY_CLOSED", "single use");
    assert_eq!(code(&app.gql(Some(&agent.token), link, json!({"t": second})).await), "BAD_USER_INPUT", "answered: no new link");

    // A low score: the queue's lead recovers the customer; the note is the desk's only.
    let as_desk = ok(&app.gql(Some(&agent.token), &read, json!({"id": second})).await)["ticket"].clone();
    assert_eq!((as_desk["survey"]["score"].as_i64(), as_desk["survey"]["channel"].as_str()), (Some(2), Some("LINK")));
    assert_eq!(as_desk["survey"]["recoveryOwner"]["email"], "lead@example.com");
    let notes: Vec<&Value> = as_desk["messages"].as_array().unwrap().iter().filter(|m| m["kind"] == "NOTE").collect();
    assert!(notes.len() == 1 && notes[0]["body"].as_str().unwrap().starts_with("Satisfaction 2/5"), "{as_desk}");
    let as_buyer = ok(&app.gql(Some(&buyer.token), &read, json!({"id": second})).await)["ticket"].clone();
    assert!(as_buyer["messages"].as_array().unwrap().iter().all(|m| m["kind"] != "NOTE"));
    assert_eq!(as_buyer["survey"]["recoveryOwner"], Value::Null);
    // …and a task about the ticket waits in the lead's tasks.
    let recovery = "{ tasks(filter: {mine: true}) { nodes { origin subject subjectId priority details createdBy { email } } } }";
    let tasks = ok(&app.gql(Some(&lead.token), recovery, json!({})).await)["tasks"]["nodes"].clone();
    assert_eq!(
        tasks,
        json!([{"origin": "SATISFACTION_RECOVERY", "subject": "TICKET", "subjectId": second, "priority": "HIGH", "details": null, "createdBy": null}])
    );

    // An expired link is refused: 14 days later.
    let third = opened("Password").await;
    resolve(&app, &agent, &third, "Reset.").await;
    let token = ok(&app.gql(Some(&agent.token), link, json!({"t": third})).await)["issueSurveyLink"]["token"].as_str().unwrap().to_owned();
    let later = AppContext {
        db: app.db.clone(),
        clock: Arc::new(FixedClock(SystemClock.now() + Duration::days(surveys::LINK_DAYS) + Duration::minutes(1))),
    };
    let refused = surveys::answer_with_link(&later, AnswerSurveyInput { token, score: 5, comment: None }).await.unwrap_err();
    assert!(format!("{refused:?}").contains("SurveyClosed"), "{refused:?}");

    // The figures: by agent, queue, customer; staff who read them.
    let figures = "query($g: SatisfactionGroup!) { satisfaction(groupBy: $g) { answers averageScore csat agent { email } queue { name } customer { name } } }";
    let res = app.gql(Some(&lead.token), figures, json!({"g": "AGENT"})).await;
    let rows = ok(&res)["satisfaction"].as_array().unwrap().clone();
    let mut agents: Vec<(Option<&str>, i64)> =
        rows.iter().map(|r| (r["agent"]["email"].as_str(), r["answers"].as_i64().unwrap())).collect();
    agents.sort();
    assert_eq!(agents, [(None, 1), (Some("agent@example.com"), 1)], "the second ticket was resolved unassigned");
    let res = app.gql(Some(&lead.token), figures, json!({"g": "QUEUE"})).await;
    let queue = &ok(&res)["satisfaction"][0];
    assert_eq!((queue["queue"]["name"].as_str(), queue["answers"].as_i64()), (Some("Support"), Some(2)));
    assert_eq!((queue["averageScore"].as_f64(), queue["csat"].as_f64()), (Some(3.5), Some(0.5)));
    let res = app.gql(Some(&lead.token), figures, json!({"g": "CUSTOMER"})).await;
    assert_eq!(ok(&res)["satisfaction"][0]["customer"]["name"], "Rossi SpA");
    assert_eq!(code(&app.gql(Some(&rep.token), figures, json!({"g": "AGENT"})).await), "FORBIDDEN");
    assert_eq!(code(&app.gql(Some(&buyer.token), figures, json!({"g": "AGENT"})).await), "FORBIDDEN");
}
db_test!(satisfaction_is_asked_once_answered_once_and_counted);

/// The survey page the emailed link opens: no sign-in, in the customer's language, the
/// ticket's subject shown escaped, a score required, answered once; used and unknown links
/// are closed alike.
async fn the_survey_link_opens_a_page_that_takes_one_answer(app: TestApp) {
    let admin = app.staff("admin@example.com", StaffRole::Admin).await;
    let lead = app.staff("lead@example.com", StaffRole::ServiceManager).await;
    let agent = app.staff("agent@example.com", StaffRole::ServiceAgent).await;
    let customer = app.customer(&admin, json!({"name": "Rossi SpA"})).await;
    let buyer = app.customer_user("buyer@rossi.example", customer["id"].as_str().unwrap()).await;
    let queue = "mutation($i: CreateServiceQueueInput!) { createServiceQueue(input: $i) { queue { id } } }";
    ok(&app.gql(Some(&lead.token), queue, json!({"i": {"name": "Support", "memberIds": [agent.id]}})).await);
    let open = "mutation($i: OpenTicketInput!) { openTicket(input: $i) { ticket { id number } } }";
    let subject = "Printer <b>jams</b>";
    let ticket = ok(&app.gql(Some(&buyer.token), open, json!({"i": {"subject": subject, "description": "Tray 2."}})).await)["openTicket"]
        ["ticket"]
        .clone();
    resolve(&app, &lead, &ticket["id"], "Replaced the roller.").await;
    let link = "mutation($t: ID!) { issueSurveyLink(ticketId: $t) { path } }";
    let path =
        ok(&app.gql(Some(&lead.token), link, json!({"t": ticket["id"]})).await)["issueSurveyLink"]["path"].as_str().unwrap().to_owned();
    let url = format!("{}{path}", app.address);

    let page = app.client.get(&url).header("accept-language", "it-IT,it;q=0.9,en;q=0.5").send().await.unwrap();
    assert_eq!(page.status(), 200);
    assert!(page.headers()["content-security-policy"].to_str().unwrap().contains("default-src 'none'"));
    let html = page.text().await.unwrap();
    assert!(html.contains("Come siamo andati?") && html.contains(ticket["number"].as_str().unwrap()), "{html}");
    assert!(html.contains("Printer &lt;b&gt;jams&lt;/b&gt;") && !html.contains("<b>jams"), "the subject is escaped: {html}");
    let english = app.client.get(format!("{url}?lang=en")).send().await.unwrap().text().await.unwrap();
    assert!(english.contains("How did we do?"), "{english}");

    // Without a score, the question again with why; with one, thanks, once.
    let res = app.client.post(&url).form(&[("comment", "Quick!"), ("lang", "en")]).send().await.unwrap();
    assert_eq!(res.status(), 400);
    assert!(res.text().await.unwrap().contains("Choose how satisfied you are"));
    let res = app.client.post(&url).form(&[("score", "4"), ("comment", "Quick!"), ("lang", "it")]).send().await.unwrap();
    assert_eq!(res.status(), 200);
    assert!(res.text().await.unwrap().contains("Grazie!"));
    let survey = "query($id: ID!) { ticket(id: $id) { survey { score comment channel } } }";
    let answered = ok(&app.gql(Some(&lead.token), survey, json!({"id": ticket["id"]})).await)["ticket"]["survey"].clone();
    assert_eq!(answered, json!({"score": 4, "comment": "Quick!", "channel": "LINK"}));
    for closed in [url.clone(), format!("{}/survey/not-a-token", app.address)] {
        let res = app.client.get(&closed).send().await.unwrap();
        assert_eq!(res.status(), 410, "{closed}");
        assert!(res.text().await.unwrap().contains("This survey is closed"));
    }
    let again = app.client.post(&url).form(&[("score", "1")]).send().await.unwrap();
    assert_eq!(again.status(), 410, "single use");
}
db_test!(the_survey_link_opens_a_page_that_takes_one_answer);
