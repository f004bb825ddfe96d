//! Leads: routing by assignment rules (round robin, territory, partner), bulk assignment with
//! history, qualification, conversion in one transaction, the public web form, and scoping.

use crate::db_test;
use crate::helpers::{code, ok, spawn, Backend, TestApp, TestUser};
use crm_identity::domain::StaffRole;
use serde_json::{json, Value};

const LEAD_FIELDS: &str = "id firstName lastName status version source email phone disqualifiedReason owner { email } partner { name } \
    products { sku } assignmentHistory { owner { email } partner { name } byRule actorLabel } convertedAt \
    convertedCustomer { id name } convertedContact { id fullName } convertedOpportunity { id name source amount { amount } products { sku } }";

async fn create_lead(app: &TestApp, user: &TestUser, input: Value) -> Value {
    let mut full = json!({"firstName": "Giulia", "lastName": "Bianchi", "email": "giulia@bianchi.example"});
    for (k, v) in input.as_object().unwrap() {
        full[k] = v.clone();
    }
    app.gql(
        Some(&user.token),
        &format!("mutation($i: CreateLeadInput!) {{ createLead(input: $i) {{ lead {{ {LEAD_FIELDS} }} }} }}"),
        json!({"i": full}),
    )
    .await
}

async fn lead(app: &TestApp, user: &TestUser, input: Value) -> Value {
    let res = create_lead(app, user, input).await;
    ok(&res)["createLead"]["lead"].clone()
}

async fn rule(app: &TestApp, user: &TestUser, input: Value) -> Value {
    let res = app
        .gql(
            Some(&user.token),
            "mutation($i: CreateAssignmentRuleInput!) { createAssignmentRule(input: $i) { assignmentRule { id position } } }",
            json!({"i": input}),
        )
        .await;
    ok(&res)["createAssignmentRule"]["assignmentRule"].clone()
}

async fn team_of(app: &TestApp, admin: &TestUser, name: &str, members: &[&TestUser]) -> Value {
    let res = app
        .gql(Some(&admin.token), "mutation($n: String!) { createSalesTeam(input: {name: $n}) { salesTeam { id } } }", json!({"n": name}))
        .await;
    let team = ok(&res)["createSalesTeam"]["salesTeam"]["id"].clone();
    for member in members {
        let update = "mutation($i: UpdateUserInput!) { updateUser(input: $i) { user { id } } }";
        ok(&app.gql(Some(&admin.token), update, json!({"i": {"id": member.id, "version": 1, "salesTeamId": team}})).await);
    }
    team
}

fn owner(lead: &Value) -> &Value {
    &lead["owner"]["email"]
}

async fn rules_route_new_leads(app: TestApp) {
    let admin = app.staff("admin@example.com", StaffRole::Admin).await;
    let manager = app.staff("manager@example.com", StaffRole::SalesManager).await;
    let (anna, bruno) =
        (app.staff("anna@example.com", StaffRole::SalesRep).await, app.staff("bruno@example.com", StaffRole::SalesRep).await);
    let carla = app.staff("carla@example.com", StaffRole::SalesRep).await;
    let marketer = app.staff("marketer@example.com", StaffRole::Marketer).await;
    let team = team_of(&app, &admin, "Nord", &[&anna, &bruno]).await;
    let partner_id = app.partner_org(&admin, "Alpina").await;
    // Tried in position order: Lombardia → the Nord team in turn; Germany → Alpina; any
    // other Italian lead → Carla.
    rule(&app, &manager, json!({"name": "Lombardia", "country": "it", "region": "lombardia", "target": "TEAM", "salesTeamId": team})).await;
    rule(&app, &manager, json!({"name": "Germany", "country": "DE", "target": "PARTNER", "partnerId": partner_id})).await;
    rule(&app, &manager, json!({"name": "Italy", "country": "IT", "target": "USER", "userId": carla.id})).await;
    let missing = app
        .gql(
            Some(&manager.token),
            "mutation($i: CreateAssignmentRuleInput!) { createAssignmentRule(input: $i) { assignmentRule { id } } }",
            json!({"i": {"name": "x", "target": "TEAM"}}),
        )
        .await;
    assert_eq!((code(&missing), &missing["errors"][0]["extensions"]["field"]), ("BAD_USER_INPUT", &json!("salesTeamId")));
    assert_eq!(code(&app.gql(Some(&anna.token), "{ assignmentRules { id } }", json!({})).await), "FORBIDDEN");

    let mut turns = Vec::new();
    for i in 0..3 {
        let l = lead(
            &app,
            &marketer,
            json!({"lastName": format!("Lead {i}"), "email": format!("l{i}@example.com"), "country": "IT", "region": "Lombardia"}),
        )
        .await;
        assert_eq!(
            l["assignmentHistory"],
            json!([{"owner": l["owner"], "partner": null, "byRule": true, "actorLabel": "marketer@example.com"}])
        );
        turns.push(owner(&l).as_str().unwrap().to_owned());
    }
    let mut members = ["anna@example.com", "bruno@example.com"];
    members.sort_by_key(|email| if *email == turns[0] { 0 } else { 1 });
    assert_eq!(turns, [members[0], members[1], members[0]], "the team's members take turns");
    let german = lead(&app, &marketer, json!({"email": "de@example.com", "country": "DE"})).await;
    assert_eq!((german["partner"]["name"].as_str(), german["owner"].clone()), (Some("Alpina"), Value::Null));
    let roman = lead(&app, &marketer, json!({"email": "rm@example.com", "country": "IT", "region": "Lazio"})).await;
    assert_eq!(owner(&roman), "carla@example.com");
    let french = lead(&app, &marketer, json!({"email": "fr@example.com", "country": "FR"})).await;
    assert_eq!((french["owner"].clone(), french["assignmentHistory"].clone()), (Value::Null, json!([])), "no rule fits: unassigned");
    let mine = lead(&app, &anna, json!({"email": "mine@example.com", "country": "DE"})).await;
    assert_eq!(owner(&mine), "anna@example.com", "a rep's own lead skips the rules");

    // Managers reassign in bulk; the history keeps every step. Reps may not.
    let assign = "mutation($i: AssignLeadsInput!) { assignLeads(input: $i) { leads { owner { email } partner { name } version } } }";
    let input = json!({"i": {"leadIds": [french["id"], roman["id"]], "ownerId": bruno.id}});
    assert_eq!(code(&app.gql(Some(&anna.token), assign, input.clone()).await), "FORBIDDEN");
    let res = app.gql(Some(&manager.token), assign, input).await;
    assert!(ok(&res)["assignLeads"]["leads"].as_array().unwrap().iter().all(|l| l["owner"]["email"] == "bruno@example.com"));
    let history = format!("query($id: ID!) {{ lead(id: $id) {{ {LEAD_FIELDS} }} }}");
    let res = app.gql(Some(&manager.token), &history, json!({"id": roman["id"]})).await;
    let steps: Vec<(&Value, &Value)> =
        ok(&res)["lead"]["assignmentHistory"].as_array().unwrap().iter().map(|a| (&a["owner"]["email"], &a["byRule"])).collect();
    assert_eq!(steps, [(&json!("carla@example.com"), &json!(true)), (&json!("bruno@example.com"), &json!(false))]);

    // Rules run again on demand: the French lead stays with Bruno (no rule fits), the Roman
    // one goes back to Carla.
    let apply = "mutation($i: ApplyAssignmentRulesInput!) { applyAssignmentRules(input: $i) { leads { lastName owner { email } } } }";
    let res = app.gql(Some(&manager.token), apply, json!({"i": {"leadIds": [french["id"], roman["id"]]}})).await;
    let owners: Vec<&Value> = ok(&res)["applyAssignmentRules"]["leads"].as_array().unwrap().iter().map(|l| &l["owner"]["email"]).collect();
    assert_eq!(owners.len(), 2);
    assert!(owners.contains(&&json!("carla@example.com")) && owners.contains(&&json!("bruno@example.com")));
}
db_test!(rules_route_new_leads);

async fn qualification_and_validation(app: TestApp) {
    let rep = app.staff("rep@example.com", StaffRole::SalesRep).await;
    for (input, field, reason) in [
        (json!({"email": null, "phone": null}), "email", "REQUIRED"),
        (json!({"email": "not-an-email"}), "email", "INVALID_EMAIL"),
        (json!({"phone": "12", "email": null, "country": "IT"}), "phone", "INVALID_PHONE"),
        (json!({"lastName": " "}), "lastName", "BLANK"),
        (json!({"country": "XX"}), "country", "UNKNOWN_COUNTRY"),
    ] {
        let res = create_lead(&app, &rep, input).await;
        assert_eq!(
            (code(&res), &res["errors"][0]["extensions"]["field"], &res["errors"][0]["extensions"]["reason"]),
            ("BAD_USER_INPUT", &json!(field), &json!(reason))
        );
    }
    let l = lead(&app, &rep, json!({"phone": "02 1234 5678", "country": "IT"})).await;
    assert_eq!((l["status"].as_str(), l["phone"].as_str()), (Some("NEW"), Some("+390212345678")));
    let update = format!("mutation($i: UpdateLeadInput!) {{ updateLead(input: $i) {{ lead {{ {LEAD_FIELDS} }} }} }}");
    let res = app.gql(Some(&rep.token), &update, json!({"i": {"id": l["id"], "version": 1, "status": "DISQUALIFIED"}})).await;
    assert_eq!(res["errors"][0]["extensions"]["field"], "disqualifiedReason");
    let res = app
        .gql(
            Some(&rep.token),
            &update,
            json!({"i": {"id": l["id"], "version": 1, "status": "DISQUALIFIED", "disqualifiedReason": "Student project"}}),
        )
        .await;
    assert_eq!(ok(&res)["updateLead"]["lead"]["disqualifiedReason"], "Student project");
    let res = app.gql(Some(&rep.token), &update, json!({"i": {"id": l["id"], "version": 2, "status": "WORKING"}})).await;
    assert_eq!(ok(&res)["updateLead"]["lead"]["disqualifiedReason"], Value::Null, "requalifying clears the reason");
    assert_eq!(code(&app.gql(Some(&rep.token), &update, json!({"i": {"id": l["id"], "version": 2, "status": "NEW"}})).await), "CONFLICT");
    let moved = "mutation($i: UpdateLeadInput!) { updateLead(input: $i) { lead { country { code } region city source campaign } } }";
    let res = app
        .gql(
            Some(&rep.token),
            moved,
            json!({"i": {"id": l["id"], "version": 3, "country": "de", "region": "Bayern", "source": "CAMPAIGN", "campaign": "Messe"}}),
        )
        .await;
    assert_eq!(
        ok(&res)["updateLead"]["lead"],
        json!({"country": {"code": "DE"}, "region": "Bayern", "city": null, "source": "CAMPAIGN", "campaign": "Messe"})
    );
    let res = app.gql(Some(&rep.token), moved, json!({"i": {"id": l["id"], "version": 4, "country": "XX"}})).await;
    assert_eq!(
        (&res["errors"][0]["extensions"]["field"], &res["errors"][0]["extensions"]["reason"]),
        (&json!("country"), &json!("UNKNOWN_COUNTRY"))
    );
}
db_test!(qualification_and_validation);

const CONVERT: &str = "mutation($i: ConvertLeadInput!) { convertLead(input: $i) { lead { status convertedAt version } customer { id name kind lifecycle owner { email } } \
    contact { fullName emails { address } } opportunity { name source stage amount { amount currency } products { sku } owner { email } } } }";

async fn conversion_is_one_transaction(app: TestApp) {
    let admin = app.staff("admin@example.com", StaffRole::Admin).await;
    let rep = app.staff("rep@example.com", StaffRole::SalesRep).await;
    let res = app
        .gql(
            Some(&admin.token),
            "mutation { createProduct(input: {sku: \"ERP\", name: \"ERP\", family: \"ERP\", unit: SEAT}) { product { id } } }",
            json!({}),
        )
        .await;
    let product = ok(&res)["createProduct"]["product"]["id"].clone();
    let l = lead(&app, &rep, json!({"company": "Bianchi Srl", "source": "REFERRAL", "productIds": [product], "country": "IT"})).await;
    let update = "mutation($i: UpdateLeadInput!) { updateLead(input: $i) { lead { version } } }";

    let res = app.gql(Some(&rep.token), CONVERT, json!({"i": {"leadId": l["id"], "version": 1}})).await;
    assert_eq!(res["errors"][0]["extensions"]["reason"], "LEAD_NOT_QUALIFIED");
    ok(&app.gql(Some(&rep.token), update, json!({"i": {"id": l["id"], "version": 1, "status": "QUALIFIED"}})).await);

    // A refused part (the opportunity's currency) leaves nothing behind.
    let bad = json!({"i": {"leadId": l["id"], "version": 2, "amount": {"amount": "5000", "currency": "EURO"}}});
    assert_eq!(app.gql(Some(&rep.token), CONVERT, bad).await["errors"][0]["extensions"]["reason"], "UNKNOWN_CURRENCY");
    assert_eq!(
        ok(&app.gql(Some(&rep.token), "{ customers { totalCount } }", json!({})).await)["customers"]["totalCount"],
        0,
        "no half-written customer"
    );

    let res = app
        .gql(Some(&rep.token), CONVERT, json!({"i": {"leadId": l["id"], "version": 2, "amount": {"amount": "5000", "currency": "EUR"}}}))
        .await;
    let done = &ok(&res)["convertLead"];
    assert_eq!(done["lead"]["status"], "QUALIFIED");
    assert!(done["lead"]["convertedAt"].is_string());
    assert_eq!(
        (done["customer"]["name"].as_str(), done["customer"]["kind"].as_str(), done["customer"]["lifecycle"].as_str()),
        (Some("Bianchi Srl"), Some("COMPANY"), Some("PROSPECT"))
    );
    assert_eq!(done["customer"]["owner"]["email"], "rep@example.com");
    assert_eq!(done["contact"], json!({"fullName": "Giulia Bianchi", "emails": [{"address": "giulia@bianchi.example"}]}));
    assert_eq!(
        done["opportunity"],
        json!({"name": "Bianchi Srl", "source": "REFERRAL", "stage": "PROSPECTING", "amount": {"amount": "5000", "currency": "EUR"}, "products": [{"sku": "ERP"}], "owner": {"email": "rep@example.com"}})
    );
    let again = app.gql(Some(&rep.token), CONVERT, json!({"i": {"leadId": l["id"], "version": 3}})).await;
    assert_eq!(code(&again), "BAD_USER_INPUT", "converted leads are read-only");

    // A second lead with the same email: the duplicate check names the existing customer;
    // attaching to it reuses the contact.
    let twin = lead(&app, &rep, json!({"firstName": "G.", "source": "WEB_FORM"})).await;
    ok(&app.gql(Some(&rep.token), update, json!({"i": {"id": twin["id"], "version": 1, "status": "QUALIFIED"}})).await);
    let dup = app.gql(Some(&rep.token), CONVERT, json!({"i": {"leadId": twin["id"], "version": 2}})).await;
    assert_eq!((code(&dup), &dup["errors"][0]["extensions"]["existingId"]), ("CONFLICT", &done["customer"]["id"]));
    let res = app
        .gql(
            Some(&rep.token),
            CONVERT,
            json!({"i": {"leadId": twin["id"], "version": 2, "customerId": done["customer"]["id"], "createOpportunity": false}}),
        )
        .await;
    let attached = &ok(&res)["convertLead"];
    assert_eq!(
        (attached["customer"]["id"].clone(), attached["contact"]["fullName"].clone(), attached["opportunity"].clone()),
        (done["customer"]["id"].clone(), json!("Giulia Bianchi"), Value::Null)
    );
    let count = "query($id: ID!) { customer(id: $id) { contacts { id } } }";
    assert_eq!(
        ok(&app.gql(Some(&rep.token), count, json!({"id": done["customer"]["id"]})).await)["customer"]["contacts"]
            .as_array()
            .unwrap()
            .len(),
        1
    );
}
db_test!(conversion_is_one_transaction);

async fn leads_are_scoped_per_principal(app: TestApp) {
    let admin = app.staff("admin@example.com", StaffRole::Admin).await;
    let rep = app.staff("rep@example.com", StaffRole::SalesRep).await;
    let other = app.staff("other@example.com", StaffRole::SalesRep).await;
    let marketer = app.staff("marketer@example.com", StaffRole::Marketer).await;
    let partner_id = app.partner_org(&admin, "Alpina").await;
    let partner = app.partner_user("p@alpina.example", &partner_id).await;
    let own = lead(&app, &rep, json!({"lastName": "Own"})).await;
    lead(&app, &other, json!({"lastName": "Other", "email": "o@example.com"})).await;
    let partners = lead(&app, &partner, json!({"lastName": "Partner's", "email": "p@example.com"})).await;
    assert_eq!((partners["partner"]["name"].as_str(), partners["source"].as_str()), (Some("Alpina"), Some("PARTNER")));

    let names = |res: &Value| -> Vec<String> {
        let mut v: Vec<String> =
            ok(res)["leads"]["nodes"].as_array().unwrap().iter().map(|n| n["lastName"].as_str().unwrap().to_owned()).collect();
        v.sort();
        v
    };
    let list = "{ leads { nodes { lastName } } }";
    assert_eq!(names(&app.gql(Some(&rep.token), list, json!({})).await), ["Own"]);
    assert_eq!(names(&app.gql(Some(&partner.token), list, json!({})).await), ["Partner's"]);
    assert_eq!(names(&app.gql(Some(&marketer.token), list, json!({})).await).len(), 3);
    let by_id = "query($id: ID!) { lead(id: $id) { lastName } }";
    assert_eq!(code(&app.gql(Some(&other.token), by_id, json!({"id": own["id"]})).await), "NOT_FOUND");
    assert_eq!(code(&app.gql(Some(&partner.token), by_id, json!({"id": own["id"]})).await), "NOT_FOUND");
    let update = "mutation($i: UpdateLeadInput!) { updateLead(input: $i) { lead { status } } }";
    assert_eq!(
        code(&app.gql(Some(&marketer.token), update, json!({"i": {"id": own["id"], "version": 1, "status": "WORKING"}})).await),
        "FORBIDDEN"
    );
    ok(&app.gql(Some(&partner.token), update, json!({"i": {"id": partners["id"], "version": 1, "status": "WORKING"}})).await);
    let rogue = create_lead(&app, &rep, json!({"email": "r@example.com", "ownerId": other.id})).await;
    assert_eq!(code(&rogue), "FORBIDDEN", "reps do not hand leads to others");

    let customer = app.customer(&admin, json!({"name": "Rossi"})).await;
    let portal = app.customer_user("me@rossi.example", customer["id"].as_str().unwrap()).await;
    assert_eq!(code(&app.gql(Some(&portal.token), list, json!({})).await), "FORBIDDEN");
    assert_eq!(code(&create_lead(&app, &portal, json!({})).await), "FORBIDDEN");
}
db_test!(leads_are_scoped_per_principal);

async fn web_form_stores_routes_and_defends(app: TestApp) {
    let admin = app.staff("admin@example.com", StaffRole::Admin).await;
    let rep = app.staff("rep@example.com", StaffRole::SalesRep).await;
    rule(&app, &admin, json!({"name": "Web", "source": "WEB_FORM", "target": "USER", "userId": rep.id})).await;
    ok(&app
        .gql(
            Some(&admin.token),
            "mutation { createProduct(input: {sku: \"ERP-S\", name: \"ERP\", family: \"ERP\", unit: SEAT}) { product { id } } }",
            json!({}),
        )
        .await);
    let url = format!("{}/web-to-lead", app.address);
    let form = [
        ("firstName", "Luca"),
        ("lastName", "Verdi"),
        ("email", "luca@verdi.example"),
        ("company", "Verdi SpA"),
        ("country", "IT"),
        ("products", "erp-s, UNKNOWN"),
        ("campaign", "Spring fair"),
        ("website", ""),
    ];
    let res = app.client.post(&url).form(&form).send().await.unwrap();
    assert_eq!(res.status(), 201);
    let leads = format!("{{ leads {{ nodes {{ {LEAD_FIELDS} campaign company }} }} }}");
    let res = app.gql(Some(&admin.token), &leads, json!({})).await;
    let stored = &ok(&res)["leads"]["nodes"][0];
    assert_eq!(
        (stored["source"].as_str(), stored["campaign"].as_str(), stored["company"].as_str()),
        (Some("WEB_FORM"), Some("Spring fair"), Some("Verdi SpA"))
    );
    assert_eq!(
        (owner(stored), &stored["products"], &stored["assignmentHistory"][0]["actorLabel"]),
        (&json!("rep@example.com"), &json!([{"sku": "ERP-S"}]), &json!("web form"))
    );

    // A bot filling the honeypot gets the same answer, and nothing is stored.
    let res = app
        .client
        .post(&url)
        .form(&[("firstName", "Spam"), ("lastName", "Bot"), ("email", "bot@spam.example"), ("website", "http://spam.example")])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 201);
    // Refused input says which field, as the API does; JSON works too.
    let res = app.client.post(&url).json(&json!({"firstName": "No", "lastName": "Contact"})).send().await.unwrap();
    assert_eq!(res.status(), 400);
    let body: Value = res.json().await.unwrap();
    assert_eq!((&body["errors"][0]["field"], &body["errors"][0]["reason"]), (&json!("email"), &json!("REQUIRED")));
    assert_eq!(ok(&app.gql(Some(&admin.token), "{ leads { totalCount } }", json!({})).await)["leads"]["totalCount"], 1);
}
db_test!(web_form_stores_routes_and_defends);

#[tokio::test]
async fn web_form_is_rate_limited_per_ip_and_redirects_only_to_allowed_origins() {
    let app = spawn(Backend::Sqlite, |c| {
        c.web_form_per_minute = 2;
        c.web_form_origins = vec!["https://www.example.com".into()];
    })
    .await;
    let url = format!("{}/web-to-lead", app.address);
    let no_redirect = reqwest::Client::builder().redirect(reqwest::redirect::Policy::none()).build().unwrap();
    let post = |extra: Vec<(&'static str, &'static str)>, n: usize| {
        let mut form = vec![("firstName", "Ada"), ("lastName", "Lovelace")];
        form.extend(extra);
        let email = format!("ada{n}@example.com");
        let client = no_redirect.clone();
        let url = url.clone();
        async move {
            let mut form: Vec<(String, String)> = form.into_iter().map(|(k, v)| (k.to_owned(), v.to_owned())).collect();
            form.push(("email".into(), email));
            client.post(url).header("Origin", "https://www.example.com").form(&form).send().await.unwrap()
        }
    };
    let res = post(vec![("redirect", "https://www.example.com/thanks")], 1).await;
    assert_eq!(res.status(), 303);
    assert_eq!(res.headers()["location"], "https://www.example.com/thanks");
    let res = post(vec![("redirect", "https://evil.example/phish")], 2).await;
    assert_eq!(res.status(), 201, "no open redirect");
    assert_eq!(res.headers()["access-control-allow-origin"], "https://www.example.com");
    let res = post(vec![], 3).await;
    assert_eq!(res.status(), 429);
    assert!(res.headers().contains_key("retry-after"));
}
