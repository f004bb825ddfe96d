//! NPS surveys: sent to the customers a customer-list filter selects; each customer answers
//! once, 0–10, from the portal or through a single-use link that closes with the survey; the
//! score counts promoters minus detractors; who may send, read and answer.

use crate::db_test;
use crate::helpers::{code, ok, TestApp};
use chrono::Duration;
use crm_core::clock::{Clock, FixedClock, SystemClock};
use crm_core::context::AppContext;
use crm_identity::domain::StaffRole;
use crm_service::inputs::AnswerNpsLinkInput;
use crm_service::nps;
use serde_json::{json, Value};
use std::sync::Arc;

const CREATE: &str =
    "mutation($i: CreateNpsSurveyInput!) { createNpsSurvey(input: $i) { survey { id name question recipients answered score } } }";
const RESULTS: &str = "query($id: ID!) { npsSurvey(id: $id) { recipients answered promoters passives detractors score \
    latestAnswers { score comment channel customer { name } } } }";
const MINE: &str = "{ myNpsSurveys { id question } }";
const ANSWER: &str = "mutation($i: AnswerNpsSurveyInput!) { answerNpsSurvey(input: $i) { answered } }";
const LINK: &str = "mutation($s: ID!, $c: ID!) { issueNpsLink(surveyId: $s, customerId: $c) { token path expiresAt } }";

fn closes_in(days: i64) -> String {
    (SystemClock.now() + Duration::days(days)).to_rfc3339()
}

async fn nps_surveys_are_sent_to_a_list_answered_once_and_scored(app: TestApp) {
    let admin = app.staff("admin@example.com", StaffRole::Admin).await;
    let manager = app.staff("manager@example.com", StaffRole::SalesManager).await;
    let agent = app.staff("agent@example.com", StaffRole::ServiceAgent).await;
    let rep = app.staff("rep@example.com", StaffRole::SalesRep).await;
    let partner_id = app.partner_org(&admin, "Alpina").await;
    let seller = app.partner_user("seller@alpina.example", &partner_id).await;
    let rossi = app.customer(&admin, json!({"name": "Rossi SpA", "tags": ["gold"], "partnerId": partner_id})).await;
    let verdi = app.customer(&admin, json!({"name": "Verdi Srl", "tags": ["gold"]})).await;
    let bianchi = app.customer(&admin, json!({"name": "Bianchi Snc"})).await;
    let buyer = app.customer_user("buyer@rossi.example", rossi["id"].as_str().unwrap()).await;
    let other = app.customer_user("buyer@bianchi.example", bianchi["id"].as_str().unwrap()).await;

    // Sent to the gold customers: the audience is a customer-list filter.
    let input = json!({"name": "Gold 2026", "audience": {"tags": {"anyOf": ["gold"]}}, "closesAt": closes_in(30)});
    let res = app.gql(Some(&manager.token), CREATE, json!({"i": input})).await;
    let survey = ok(&res)["createNpsSurvey"]["survey"].clone();
    assert_eq!(survey["recipients"], 2);
    assert_eq!(survey["question"], nps::DEFAULT_QUESTION);
    assert_eq!((survey["answered"].as_i64(), &survey["score"]), (Some(0), &Value::Null), "no answers, no score");
    let sid = survey["id"].clone();

    // Refused: who may not send; a past or far closing; an empty audience; a blank name.
    for user in [&agent, &rep, &buyer] {
        assert_eq!(code(&app.gql(Some(&user.token), CREATE, json!({"i": input})).await), "FORBIDDEN");
    }
    assert_eq!(code(&app.gql(Some(&seller.token), CREATE, json!({"i": input})).await), "FORBIDDEN");
    let refused = |patch: Value, field: &'static str| {
        let (app, manager) = (&app, &manager);
        let mut input = input.clone();
        for (key, value) in patch.as_object().unwrap() {
            input[key] = value.clone();
        }
        async move {
            let res = app.gql(Some(&manager.token), CREATE, json!({"i": input})).await;
            assert_eq!(res["errors"][0]["extensions"]["field"], field, "{res}");
        }
    };
    refused(json!({"closesAt": closes_in(-1)}), "closesAt").await;
    refused(json!({"closesAt": closes_in(400)}), "closesAt").await;
    refused(json!({"audience": {"search": "nobody by this name"}}), "audience").await;
    refused(json!({"name": "  "}), "name").await;

    // The customer sees the survey waiting; a customer it was not sent to does not.
    let mine = ok(&app.gql(Some(&buyer.token), MINE, json!({})).await)["myNpsSurveys"].clone();
    assert_eq!(mine, json!([{"id": sid, "question": nps::DEFAULT_QUESTION}]));
    assert_eq!(ok(&app.gql(Some(&other.token), MINE, json!({})).await)["myNpsSurveys"], json!([]));
    let res = app.gql(Some(&other.token), ANSWER, json!({"i": {"surveyId": sid, "score": 10}})).await;
    assert_eq!(code(&res), "NOT_FOUND", "{res}");
    for score in [-1, 11] {
        let res = app.gql(Some(&buyer.token), ANSWER, json!({"i": {"surveyId": sid, "score": score}})).await;
        assert_eq!(res["errors"][0]["extensions"]["field"], "score", "{res}");
    }
    assert_eq!(code(&app.gql(Some(&agent.token), ANSWER, json!({"i": {"surveyId": sid, "score": 9}})).await), "FORBIDDEN");

    // Answered once from the portal.
    let res = app.gql(Some(&buyer.token), ANSWER, json!({"i": {"surveyId": sid, "score": 10, "comment": "Great support"}})).await;
    assert_eq!(ok(&res)["answerNpsSurvey"]["answered"], true);
    let again = app.gql(Some(&buyer.token), ANSWER, json!({"i": {"surveyId": sid, "score": 0}})).await;
    assert_eq!(again["errors"][0]["extensions"]["reason"], "SURVEY_CLOSED", "{again}");
    assert_eq!(ok(&app.gql(Some(&buyer.token), MINE, json!({})).await)["myNpsSurveys"], json!([]));

    // Verdi answers through a link: single use; an answered customer gets no new link.
    let res = app.gql(Some(&manager.token), LINK, json!({"s": sid, "c": verdi["id"]})).await;
    let link = ok(&res)["issueNpsLink"].clone();
    let token = link["token"].as_str().unwrap().to_owned();
    assert_eq!(link["path"], format!("/survey/{token}"));
    let res = app.gql(Some(&manager.token), LINK, json!({"s": sid, "c": rossi["id"]})).await;
    assert_eq!(res["errors"][0]["extensions"]["reason"], "SURVEY_CLOSED", "{res}");
    let res = app.gql(Some(&manager.token), LINK, json!({"s": sid, "c": bianchi["id"]})).await;
    assert_eq!(res["errors"][0]["extensions"]["field"], "customerId", "not sent to Bianchi: {res}");
    assert_eq!(code(&app.gql(Some(&agent.token), LINK, json!({"s": sid, "c": verdi["id"]})).await), "FORBIDDEN");
    let by_link = "mutation($i: AnswerNpsLinkInput!) { answerNpsLink(input: $i) { answered } }";
    let res = app.gql(None, by_link, json!({"i": {"token": token, "score": 4, "comment": "Slow deliveries"}})).await;
    assert_eq!(ok(&res)["answerNpsLink"]["answered"], true);
    let res = app.gql(None, by_link, json!({"i": {"token": token, "score": 9}})).await;
    assert_eq!(res["errors"][0]["extensions"]["reason"], "SURVEY_CLOSED", "single use: {res}");

    // One promoter, one detractor: 0 points; the comments, newest first.
    let res = app.gql(Some(&agent.token), RESULTS, json!({"id": sid})).await;
    let results = ok(&res)["npsSurvey"].clone();
    assert_eq!(
        (&results["recipients"], &results["answered"], &results["promoters"], &results["passives"], &results["detractors"]),
        (&json!(2), &json!(2), &json!(1), &json!(0), &json!(1))
    );
    assert_eq!(results["score"].as_f64(), Some(0.0));
    assert_eq!(
        results["latestAnswers"],
        json!([
            {"score": 4, "comment": "Slow deliveries", "channel": "LINK", "customer": {"name": "Verdi Srl"}},
            {"score": 10, "comment": "Great support", "channel": "PORTAL", "customer": {"name": "Rossi SpA"}},
        ])
    );
    // The detractor's answer opens a follow-up for the customer's owner (the admin who created
    // it), with the customer's words.
    let follow_up = "{ tasks(filter: {mine: true}) { nodes { origin subject subjectName priority details } } }";
    assert_eq!(
        ok(&app.gql(Some(&admin.token), follow_up, json!({})).await)["tasks"]["nodes"],
        json!([{"origin": "NPS_FOLLOW_UP", "subject": "CUSTOMER", "subjectName": "Verdi Srl", "priority": "HIGH", "details": "Slow deliveries"}])
    );
    let list = "{ npsSurveys { totalCount nodes { name score } } }";
    assert_eq!(
        ok(&app.gql(Some(&admin.token), list, json!({})).await)["npsSurveys"]["nodes"],
        json!([{"name": "Gold 2026", "score": 0.0}])
    );
    for user in [&rep, &seller, &buyer] {
        assert_eq!(code(&app.gql(Some(&user.token), list, json!({})).await), "FORBIDDEN");
        assert_eq!(code(&app.gql(Some(&user.token), RESULTS, json!({"id": sid})).await), "FORBIDDEN");
    }
    // Staff have no portal surveys.
    assert_eq!(code(&app.gql(Some(&agent.token), MINE, json!({})).await), "FORBIDDEN");

    // A link stops working when the survey closes.
    let short = json!({"name": "Short", "audience": {"search": "Bianchi"}, "closesAt": closes_in(2)});
    let short = ok(&app.gql(Some(&admin.token), CREATE, json!({"i": short})).await)["createNpsSurvey"]["survey"]["id"].clone();
    let res = app.gql(Some(&admin.token), LINK, json!({"s": short, "c": bianchi["id"]})).await;
    let token = ok(&res)["issueNpsLink"]["token"].as_str().unwrap().to_owned();
    let later = AppContext { db: app.db.clone(), clock: Arc::new(FixedClock(SystemClock.now() + Duration::days(3))) };
    let refused = nps::answer_with_link(&later, AnswerNpsLinkInput { token, score: 8, comment: None }).await.unwrap_err();
    assert!(format!("{refused:?}").contains("SurveyClosed"), "{refused:?}");
}
db_test!(nps_surveys_are_sent_to_a_list_answered_once_and_scored);

/// The emailed link opens the same page as a ticket's survey, asking 0–10 in the customer's
/// language, once.
async fn an_nps_link_opens_a_page_that_takes_one_answer(app: TestApp) {
    let admin = app.staff("admin@example.com", StaffRole::Admin).await;
    let customer = app.customer(&admin, json!({"name": "Rossi SpA"})).await;
    let input = json!({"name": "Relationship <2026>", "question": "Would you recommend Acme?", "audience": {}, "closesAt": closes_in(10)});
    let sid = ok(&app.gql(Some(&admin.token), CREATE, json!({"i": input})).await)["createNpsSurvey"]["survey"]["id"].clone();
    let res = app.gql(Some(&admin.token), LINK, json!({"s": sid, "c": customer["id"]})).await;
    let url = format!("{}{}", app.address, ok(&res)["issueNpsLink"]["path"].as_str().unwrap());

    let html = app.client.get(&url).header("accept-language", "it").send().await.unwrap().text().await.unwrap();
    assert!(html.contains("Would you recommend Acme?") && html.contains("Relationship &lt;2026&gt;"), "{html}");
    assert!(html.contains(r#"value="0""#) && html.contains(r#"value="10""#) && html.contains("Estremamente probabile"), "{html}");
    let res = app.client.post(&url).form(&[("lang", "en")]).send().await.unwrap();
    assert_eq!(res.status(), 400);
    assert!(res.text().await.unwrap().contains("Choose a score from 0 to 10."));
    let res = app.client.post(&url).form(&[("score", "0"), ("comment", "Never again"), ("lang", "en")]).send().await.unwrap();
    assert_eq!(res.status(), 200);
    let results = ok(&app.gql(Some(&admin.token), RESULTS, json!({"id": sid})).await)["npsSurvey"].clone();
    assert_eq!((results["detractors"].as_i64(), results["score"].as_f64()), (Some(1), Some(-100.0)));
    assert_eq!(app.client.post(&url).form(&[("score", "10")]).send().await.unwrap().status(), 410, "single use");
}
db_test!(an_nps_link_opens_a_page_that_takes_one_answer);
