//! Opportunities: stages with probabilities and history, validation, concurrency, the board's
//! exact totals, deal registration, and who sees and changes which.

use crate::db_test;
use crate::helpers::{code, ok, TestApp, TestUser};
use crm_identity::domain::StaffRole;
use serde_json::{json, Value};

const FIELDS: &str = "id name stage probability version closed closedAt lostReason registration registrationNote \
    amount { amount currency } weightedAmount { amount } expectedCloseDate source owner { email } partner { name } \
    products { sku } stageHistory { fromStage toStage probability amount { amount } actorLabel }";

async fn create(app: &TestApp, user: &TestUser, input: Value) -> Value {
    let mut full = json!({"name": "ERP rollout", "amount": {"amount": "10000", "currency": "EUR"}, "expectedCloseDate": "2027-03-31"});
    for (k, v) in input.as_object().unwrap() {
        full[k] = v.clone();
    }
    app.gql(
        Some(&user.token),
        &format!("mutation($i: CreateOpportunityInput!) {{ createOpportunity(input: $i) {{ opportunity {{ {FIELDS} }} }} }}"),
        json!({"i": full}),
    )
    .await
}

async fn opportunity(app: &TestApp, user: &TestUser, input: Value) -> Value {
    let res = create(app, user, input).await;
    ok(&res)["createOpportunity"]["opportunity"].clone()
}

async fn move_to(app: &TestApp, user: &TestUser, opp: &Value, version: i64, stage: &str, extra: Value) -> Value {
    let mut input = json!({"id": opp["id"], "version": version, "stage": stage});
    for (k, v) in extra.as_object().unwrap() {
        input[k] = v.clone();
    }
    app.gql(
        Some(&user.token),
        &format!("mutation($i: MoveOpportunityInput!) {{ moveOpportunity(input: $i) {{ opportunity {{ {FIELDS} }} }} }}"),
        json!({"i": input}),
    )
    .await
}

fn ext<'a>(res: &'a Value, name: &str) -> &'a Value {
    &res["errors"][0]["extensions"][name]
}

async fn stages_probabilities_and_history(app: TestApp) {
    let rep = app.staff("rep@example.com", StaffRole::SalesRep).await;
    let admin = app.staff("admin@example.com", StaffRole::Admin).await;
    let customer = app.customer(&rep, json!({"name": "Rossi SpA"})).await;
    let res = app
        .gql(
            Some(&admin.token),
            "mutation($i: CreateProductInput!) { createProduct(input: $i) { product { id } } }",
            json!({"i": {"sku": "ERP-1", "name": "ERP", "family": "ERP", "unit": "SEAT"}}),
        )
        .await;
    let product = ok(&res)["createProduct"]["product"]["id"].clone();
    let opp = opportunity(&app, &rep, json!({"customerId": customer["id"], "productIds": [product, product]})).await;
    assert_eq!((opp["stage"].as_str(), opp["probability"].as_i64()), (Some("PROSPECTING"), Some(10)), "the stage's default");
    assert_eq!(opp["owner"]["email"], "rep@example.com", "a rep owns what it creates");
    assert_eq!((opp["source"].as_str(), opp["products"].clone()), (Some("MANUAL"), json!([{"sku": "ERP-1"}])));
    assert_eq!(opp["weightedAmount"]["amount"], "1000");

    let moved = move_to(&app, &rep, &opp, 1, "PROPOSAL", json!({})).await;
    let moved = &ok(&moved)["moveOpportunity"]["opportunity"];
    assert_eq!((moved["probability"].as_i64(), moved["version"].as_i64()), (Some(50), Some(2)));

    let no_reason = move_to(&app, &rep, &opp, 2, "CLOSED_LOST", json!({})).await;
    assert_eq!(
        (code(&no_reason), ext(&no_reason, "field"), ext(&no_reason, "reason")),
        ("BAD_USER_INPUT", &json!("lostReason"), &json!("REQUIRED"))
    );
    let lost = move_to(&app, &rep, &opp, 2, "CLOSED_LOST", json!({"lostReason": "Chose a competitor"})).await;
    let lost = &ok(&lost)["moveOpportunity"]["opportunity"];
    assert_eq!(
        (lost["closed"].as_bool(), lost["probability"].as_i64(), lost["lostReason"].as_str()),
        (Some(true), Some(0), Some("Chose a competitor"))
    );
    assert!(lost["closedAt"].is_string());
    let reopened = move_to(&app, &rep, &opp, 3, "NEGOTIATION", json!({"probability": 60})).await;
    let reopened = &ok(&reopened)["moveOpportunity"]["opportunity"];
    assert_eq!(
        (reopened["closedAt"].clone(), reopened["lostReason"].clone(), reopened["probability"].as_i64()),
        (Value::Null, Value::Null, Some(60))
    );
    let history: Vec<(Value, Value, Value)> = reopened["stageHistory"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| (c["fromStage"].clone(), c["toStage"].clone(), c["probability"].clone()))
        .collect();
    assert_eq!(
        history,
        [
            (Value::Null, json!("PROSPECTING"), json!(10)),
            (json!("PROSPECTING"), json!("PROPOSAL"), json!(50)),
            (json!("PROPOSAL"), json!("CLOSED_LOST"), json!(0)),
            (json!("CLOSED_LOST"), json!("NEGOTIATION"), json!(60)),
        ]
    );
    assert!(reopened["stageHistory"].as_array().unwrap().iter().all(|c| c["actorLabel"] == "rep@example.com"));

    // The customer's history shows the opportunity's changes.
    let history = "query($id: ID!) { customer(id: $id) { history { nodes { entityType action } } } }";
    let res = app.gql(Some(&rep.token), history, json!({"id": customer["id"]})).await;
    let types: Vec<&Value> = ok(&res)["customer"]["history"]["nodes"].as_array().unwrap().iter().map(|n| &n["entityType"]).collect();
    assert_eq!(types.iter().filter(|t| **t == "OPPORTUNITY").count(), 4, "created and moved three times");

    // Refused inputs change nothing.
    for (input, field, reason) in [
        (json!({"customerId": customer["id"], "amount": {"amount": "-1", "currency": "EUR"}}), "amount", "NEGATIVE_AMOUNT"),
        (json!({"customerId": customer["id"], "probability": 101}), "probability", "OUT_OF_RANGE"),
        (json!({"customerId": customer["id"], "stage": "CLOSED_WON"}), "stage", "NOT_APPLICABLE"),
        (json!({"customerId": customer["id"], "productIds": [customer["id"]]}), "productIds", "UNKNOWN_REFERENCE"),
        (json!({"customerId": opp["id"]}), "customerId", "UNKNOWN_REFERENCE"),
        (json!({"customerId": customer["id"], "expectedCloseDate": "1999-12-31"}), "expectedCloseDate", "OUT_OF_RANGE"),
    ] {
        let res = create(&app, &rep, input).await;
        assert_eq!((code(&res), ext(&res, "field"), ext(&res, "reason")), ("BAD_USER_INPUT", &json!(field), &json!(reason)));
    }
    assert_eq!(ok(&app.gql(Some(&rep.token), "{ opportunities { totalCount } }", json!({})).await)["opportunities"]["totalCount"], 1);

    // Admins set the stages' default probabilities; others may not.
    let stages = "{ pipelineStages { stage probability version } }";
    let res = app.gql(Some(&rep.token), stages, json!({})).await;
    let probabilities: Vec<i64> =
        ok(&res)["pipelineStages"].as_array().unwrap().iter().map(|s| s["probability"].as_i64().unwrap()).collect();
    assert_eq!(probabilities, [10, 20, 50, 75, 100, 0]);
    let update = "mutation($i: UpdatePipelineStageInput!) { updatePipelineStage(input: $i) { pipelineStage { probability version } } }";
    let input = json!({"i": {"stage": "PROPOSAL", "version": 1, "probability": 40}});
    assert_eq!(code(&app.gql(Some(&rep.token), update, input.clone()).await), "FORBIDDEN");
    assert_eq!(
        ok(&app.gql(Some(&admin.token), update, input).await)["updatePipelineStage"]["pipelineStage"],
        json!({"probability": 40, "version": 2})
    );
    let moved = move_to(&app, &rep, &opp, 4, "PROPOSAL", json!({})).await;
    assert_eq!(ok(&moved)["moveOpportunity"]["opportunity"]["probability"], 40, "the new default applies to the next move");
}
db_test!(stages_probabilities_and_history);

async fn two_users_moving_the_same_opportunity_one_conflicts(app: TestApp) {
    let manager = app.staff("manager@example.com", StaffRole::SalesManager).await;
    let rep = app.staff("rep@example.com", StaffRole::SalesRep).await;
    let customer = app.customer(&rep, json!({"name": "Rossi SpA"})).await;
    let opp = opportunity(&app, &rep, json!({"customerId": customer["id"]})).await;
    // Both read version 1 and move at the same time: exactly one wins.
    let (a, b) =
        tokio::join!(move_to(&app, &rep, &opp, 1, "QUALIFICATION", json!({})), move_to(&app, &manager, &opp, 1, "PROPOSAL", json!({})));
    let outcomes = [&a, &b].map(|res| res.get("errors").map(|_| code(res).to_owned()));
    assert_eq!(outcomes.iter().filter(|o| o.is_none()).count(), 1, "one move succeeds: {a} {b}");
    assert!(outcomes.contains(&Some("CONFLICT".to_owned())), "the other is a CONFLICT: {a} {b}");
    let res = app
        .gql(Some(&manager.token), &format!("query($id: ID!) {{ opportunity(id: $id) {{ {FIELDS} }} }}"), json!({"id": opp["id"]}))
        .await;
    let stored = &ok(&res)["opportunity"];
    assert_eq!(stored["version"], 2);
    assert_eq!(stored["stageHistory"].as_array().unwrap().len(), 2, "only the winning move is in the history");
}
db_test!(two_users_moving_the_same_opportunity_one_conflicts);

async fn pipeline_totals_are_exact(app: TestApp) {
    let manager = app.staff("manager@example.com", StaffRole::SalesManager).await;
    let rep = app.staff("rep@example.com", StaffRole::SalesRep).await;
    let customer = app.customer(&manager, json!({"name": "Rossi SpA"})).await;
    let cid = customer["id"].clone();
    let mine = |amount: &str, currency: &str| json!({"customerId": cid, "amount": {"amount": amount, "currency": currency}});
    // PROSPECTING (10 %): 1000.10 + 0.05 EUR by the manager, 333.33 EUR by the rep; USD apart.
    opportunity(&app, &manager, mine("1000.10", "EUR")).await;
    opportunity(&app, &manager, mine("0.05", "EUR")).await;
    opportunity(&app, &rep, mine("333.33", "EUR")).await;
    opportunity(&app, &manager, mine("50", "USD")).await;
    // NEGOTIATION (75 %): 2000 EUR; a closed-won one counts in CLOSED_WON only.
    let n = opportunity(&app, &manager, mine("2000", "EUR")).await;
    ok(&move_to(&app, &manager, &n, 1, "NEGOTIATION", json!({})).await);
    let w = opportunity(&app, &manager, mine("999.99", "EUR")).await;
    ok(&move_to(&app, &manager, &w, 1, "CLOSED_WON", json!({})).await);

    let summary = "query($f: OpportunityFilter) { pipelineSummary(filter: $f) { stage count amount { amount currency } weightedAmount { amount currency } } }";
    let res = app.gql(Some(&manager.token), summary, json!({})).await;
    let rows = ok(&res)["pipelineSummary"].as_array().unwrap();
    assert_eq!(rows.len(), 6, "every stage, in board order");
    assert_eq!(
        rows[0],
        json!({"stage": "PROSPECTING", "count": 4,
            "amount": [{"amount": "1333.48", "currency": "EUR"}, {"amount": "50", "currency": "USD"}],
            "weightedAmount": [{"amount": "133.348", "currency": "EUR"}, {"amount": "5", "currency": "USD"}]})
    );
    assert_eq!(
        rows[3],
        json!({"stage": "NEGOTIATION", "count": 1, "amount": [{"amount": "2000", "currency": "EUR"}], "weightedAmount": [{"amount": "1500", "currency": "EUR"}]})
    );
    assert_eq!(rows[4]["amount"], json!([{"amount": "999.99", "currency": "EUR"}]));
    assert_eq!(rows[1], json!({"stage": "QUALIFICATION", "count": 0, "amount": [], "weightedAmount": []}));

    // Filters apply: the rep's own, and open ones only.
    let res = app.gql(Some(&manager.token), summary, json!({"f": {"ownerId": {"in": [rep.id]}}})).await;
    assert_eq!(ok(&res)["pipelineSummary"][0]["amount"], json!([{"amount": "333.33", "currency": "EUR"}]));
    let res = app.gql(Some(&manager.token), summary, json!({"f": {"open": true}})).await;
    assert_eq!(ok(&res)["pipelineSummary"][4]["count"], 0);
    // Closed since a time: the deal won just now counts from a date before it, not from one
    // after it; open deals count either way.
    let since = |at: &str| json!({"f": {"closedSince": at}});
    let res = app.gql(Some(&manager.token), summary, since("2000-01-01T00:00:00Z")).await;
    assert_eq!((ok(&res)["pipelineSummary"][0]["count"].as_i64(), ok(&res)["pipelineSummary"][4]["count"].as_i64()), (Some(4), Some(1)));
    let res = app.gql(Some(&manager.token), summary, since("2999-01-01T00:00:00Z")).await;
    assert_eq!((ok(&res)["pipelineSummary"][0]["count"].as_i64(), ok(&res)["pipelineSummary"][4]["count"].as_i64()), (Some(4), Some(0)));

    // The list sorts by amount (within one currency) and pages by keyset.
    let list = "query($after: String) { opportunities(first: 2, after: $after, orderBy: [{field: AMOUNT, direction: DESC}], filter: {stage: {in: [PROSPECTING]}}) { pageInfo { hasNextPage endCursor } nodes { amount { amount } } } }";
    let first = app.gql(Some(&manager.token), list, json!({})).await;
    let page = &ok(&first)["opportunities"];
    assert_eq!(page["nodes"], json!([{"amount": {"amount": "1000.1"}}, {"amount": {"amount": "333.33"}}]));
    let second = app.gql(Some(&manager.token), list, json!({"after": page["pageInfo"]["endCursor"]})).await;
    assert_eq!(ok(&second)["opportunities"]["nodes"], json!([{"amount": {"amount": "50"}}, {"amount": {"amount": "0.05"}}]));
}
db_test!(pipeline_totals_are_exact);

async fn visibility_and_rights_per_principal(app: TestApp) {
    let admin = app.staff("admin@example.com", StaffRole::Admin).await;
    let manager = app.staff("manager@example.com", StaffRole::SalesManager).await;
    let rep = app.staff("rep@example.com", StaffRole::SalesRep).await;
    let teammate = app.staff("mate@example.com", StaffRole::SalesRep).await;
    let outsider = app.staff("out@example.com", StaffRole::SalesRep).await;
    let analyst = app.staff("analyst@example.com", StaffRole::Analyst).await;
    // rep and teammate share a team.
    let res = app.gql(Some(&admin.token), "mutation { createSalesTeam(input: {name: \"Nord\"}) { salesTeam { id } } }", json!({})).await;
    let team = ok(&res)["createSalesTeam"]["salesTeam"]["id"].clone();
    for user in [&rep, &teammate] {
        let update = "mutation($i: UpdateUserInput!) { updateUser(input: $i) { user { salesTeam { name } } } }";
        let res = app.gql(Some(&admin.token), update, json!({"i": {"id": user.id, "version": 1, "salesTeamId": team}})).await;
        assert_eq!(ok(&res)["updateUser"]["user"]["salesTeam"]["name"], "Nord");
    }
    let partner_id = app.partner_org(&admin, "Alpina").await;
    let partner = app.partner_user("p@alpina.example", &partner_id).await;
    let customer = app.customer(&admin, json!({"name": "Rossi SpA", "partnerId": partner_id})).await;
    let cid = customer["id"].clone();
    let own = opportunity(&app, &rep, json!({"customerId": cid, "name": "Own"})).await;
    let mates = opportunity(&app, &teammate, json!({"customerId": cid, "name": "Mate's"})).await;
    opportunity(&app, &outsider, json!({"customerId": cid, "name": "Outsider's"})).await;

    let names = |res: &Value| -> Vec<String> {
        let mut v: Vec<String> =
            ok(res)["opportunities"]["nodes"].as_array().unwrap().iter().map(|n| n["name"].as_str().unwrap().to_owned()).collect();
        v.sort();
        v
    };
    let list = "{ opportunities { nodes { name } } }";
    assert_eq!(names(&app.gql(Some(&rep.token), list, json!({})).await), ["Mate's", "Own"], "own and the team's");
    assert_eq!(names(&app.gql(Some(&outsider.token), list, json!({})).await), ["Outsider's"]);
    for user in [&manager, &analyst] {
        assert_eq!(names(&app.gql(Some(&user.token), list, json!({})).await).len(), 3);
    }
    let by_id = "query($id: ID!) { opportunity(id: $id) { name viewerCanEdit } node(id: $id) { id } }";
    assert_eq!(code(&app.gql(Some(&outsider.token), by_id, json!({"id": own["id"]})).await), "NOT_FOUND", "no existence oracle");
    assert_eq!(ok(&app.gql(Some(&rep.token), by_id, json!({"id": mates["id"]})).await)["opportunity"]["viewerCanEdit"], false);
    // Reps change their own only; analysts read only; managers change all.
    assert_eq!(code(&move_to(&app, &rep, &mates, 1, "QUALIFICATION", json!({})).await), "FORBIDDEN");
    assert_eq!(code(&move_to(&app, &analyst, &own, 1, "QUALIFICATION", json!({})).await), "FORBIDDEN");
    ok(&move_to(&app, &manager, &mates, 1, "QUALIFICATION", json!({})).await);
    let reassign = "mutation($i: UpdateOpportunityInput!) { updateOpportunity(input: $i) { opportunity { owner { email } } } }";
    let res = app.gql(Some(&rep.token), reassign, json!({"i": {"id": own["id"], "version": 1, "ownerId": outsider.id}})).await;
    assert_eq!(code(&res), "FORBIDDEN", "reps do not hand deals to others");

    // A partner's new opportunity is a deal registration awaiting approval.
    let registered = opportunity(&app, &partner, json!({"customerId": cid, "name": "Registered"})).await;
    assert_eq!(
        (registered["registration"].as_str(), registered["source"].as_str(), registered["owner"].clone()),
        (Some("PENDING"), Some("PARTNER"), Value::Null)
    );
    assert_eq!(registered["partner"]["name"], "Alpina");
    assert_eq!(names(&app.gql(Some(&partner.token), list, json!({})).await), ["Registered"], "partners see their organisation's");
    let res = move_to(&app, &partner, &registered, 1, "QUALIFICATION", json!({})).await;
    assert_eq!((code(&res), ext(&res, "reason")), ("BAD_USER_INPUT", &json!("DEAL_NOT_APPROVED")));
    assert_eq!(names(&app.gql(Some(&manager.token), list, json!({})).await).len(), 3, "pending registrations stay out of the pipeline");
    let pending = "{ opportunities(filter: {registration: {in: [PENDING]}}) { nodes { name } } }";
    assert_eq!(names(&app.gql(Some(&manager.token), pending, json!({})).await), ["Registered"]);

    let review = "mutation($i: ReviewDealRegistrationInput!) { reviewDealRegistration(input: $i) { opportunity { registration registrationNote owner { email } version } } }";
    let approve = json!({"i": {"id": registered["id"], "version": 1, "approve": true, "ownerId": rep.id}});
    assert_eq!(code(&app.gql(Some(&partner.token), review, approve.clone()).await), "FORBIDDEN", "partners do not approve their own");
    assert_eq!(code(&app.gql(Some(&rep.token), review, approve.clone()).await), "FORBIDDEN");
    let reject_silently = json!({"i": {"id": registered["id"], "version": 1, "approve": false}});
    assert_eq!(ext(&app.gql(Some(&manager.token), review, reject_silently).await, "field"), "note");
    let res = app.gql(Some(&manager.token), review, approve.clone()).await;
    assert_eq!(
        ok(&res)["reviewDealRegistration"]["opportunity"],
        json!({"registration": "APPROVED", "registrationNote": null, "owner": {"email": "rep@example.com"}, "version": 2})
    );
    assert_eq!(
        ext(&app.gql(Some(&manager.token), review, json!({"i": {"id": registered["id"], "version": 2, "approve": true}})).await, "reason"),
        "ALREADY_REVIEWED"
    );
    ok(&move_to(&app, &partner, &registered, 2, "QUALIFICATION", json!({})).await);
    // Its history: registered, approved into the pipeline (by whom), then moved.
    let history = "query($id: ID!) { opportunity(id: $id) { stageHistory { event fromStage toStage actorLabel } } }";
    let res = app.gql(Some(&partner.token), history, json!({"id": registered["id"]})).await;
    assert_eq!(
        ok(&res)["opportunity"]["stageHistory"],
        json!([
            {"event": "CREATED", "fromStage": null, "toStage": "PROSPECTING", "actorLabel": "p@alpina.example"},
            {"event": "REGISTRATION_APPROVED", "fromStage": "PROSPECTING", "toStage": "PROSPECTING", "actorLabel": "manager@example.com"},
            {"event": "MOVED", "fromStage": "PROSPECTING", "toStage": "QUALIFICATION", "actorLabel": "p@alpina.example"}
        ])
    );
    assert_eq!(code(&move_to(&app, &partner, &own, 1, "PROPOSAL", json!({})).await), "NOT_FOUND", "other deals are invisible to partners");

    // Customers have no access; API keys by scope.
    let portal = app.customer_user("me@rossi.example", cid.as_str().unwrap()).await;
    assert_eq!(code(&app.gql(Some(&portal.token), list, json!({})).await), "FORBIDDEN");
    let create_key = "mutation($i: CreateApiKeyInput!) { createApiKey(input: $i) { secret } }";
    let key = |scopes: Value| {
        let (app, token) = (&app, admin.token.clone());
        async move {
            ok(&app.gql(Some(&token), create_key, json!({"i": {"name": "BI", "scopes": scopes}})).await)["createApiKey"]["secret"]
                .as_str()
                .unwrap()
                .to_owned()
        }
    };
    let customers_key = key(json!(["CUSTOMERS_READ"])).await;
    assert_eq!(code(&app.gql(Some(&customers_key), list, json!({})).await), "FORBIDDEN");
    let read_key = key(json!(["SALES_READ"])).await;
    assert_eq!(names(&app.gql(Some(&read_key), list, json!({})).await).len(), 4);
    let read_key_user = TestUser { id: String::new(), token: read_key, refresh: String::new() };
    assert_eq!(code(&move_to(&app, &read_key_user, &own, 1, "PROPOSAL", json!({})).await), "FORBIDDEN");
    let write_key = TestUser { id: String::new(), token: key(json!(["SALES_WRITE", "CUSTOMERS_READ"])).await, refresh: String::new() };
    ok(&move_to(&app, &write_key, &own, 1, "PROPOSAL", json!({})).await);
}
db_test!(visibility_and_rights_per_principal);

async fn a_board_page_costs_the_same_statements_whatever_its_size(app: TestApp) {
    let manager = app.staff("manager@example.com", StaffRole::SalesManager).await;
    let partner_id = app.partner_org(&manager_admin(&app).await, "Alpina").await;
    let customer = app.customer(&manager, json!({"name": "Rossi SpA"})).await;
    for i in 0..30 {
        opportunity(&app, &manager, json!({"customerId": customer["id"], "name": format!("Deal {i:02}"), "partnerId": partner_id})).await;
    }
    let page = "query($n: Int) { opportunities(first: $n) { totalCount nodes { name customer { name } owner { email } partner { name } products { sku } stageHistory { toStage } } } }";
    let mut counts = Vec::new();
    for n in [2, 10, 30] {
        let before = app.db.statement_count();
        let res = app.gql(Some(&manager.token), page, json!({"n": n})).await;
        let after = app.db.statement_count();
        let nodes = ok(&res)["opportunities"]["nodes"].as_array().unwrap();
        assert_eq!(nodes.len(), n as usize);
        assert!(nodes.iter().all(|o| o["customer"]["name"] == "Rossi SpA" && o["stageHistory"].as_array().unwrap().len() == 1));
        counts.push(after - before);
    }
    assert!(counts.windows(2).all(|w| w[0] == w[1]), "statements per page by size 2/10/30: {counts:?}");
}
db_test!(a_board_page_costs_the_same_statements_whatever_its_size);

const BOARD: &str = "query($f: OpportunityFilter, $n: Int!) { pipelineBoard(filter: $f, cardsPerColumn: $n) {
    stage { stage position } totals { count amount { amount currency } } cards { name customer { name } owner { email } viewerCanEdit } } }";

/// `pipelineBoard`: each column is exactly the stage's first page of `opportunities` (same
/// order, same totals), under the caller's scope, in the same few statements whatever the
/// number of cards.
async fn the_board_reads_every_column_at_once(app: TestApp) {
    let manager = app.staff("manager@example.com", StaffRole::SalesManager).await;
    let rep = app.staff("rep@example.com", StaffRole::SalesRep).await;
    let customer = app.customer(&manager, json!({"name": "Rossi SpA"})).await;
    for (i, owner) in [&manager, &rep, &manager, &rep, &manager, &manager, &rep].into_iter().enumerate() {
        let deal = json!({"customerId": customer["id"], "name": format!("Deal {i}"), "expectedCloseDate": format!("2027-0{}-15", 9 - i)});
        let opp = opportunity(&app, owner, deal).await;
        if i % 3 == 1 {
            ok(&move_to(&app, owner, &opp, 1, "PROPOSAL", json!({})).await);
        }
    }

    let column_of = |board: &Value, stage: &str| -> Value {
        ok(board)["pipelineBoard"].as_array().unwrap().iter().find(|c| c["stage"]["stage"] == stage).unwrap().clone()
    };
    let page =
        "query($s: OpportunityStage!, $n: Int!) { opportunities(first: $n, filter: {stage: {in: [$s]}}) { totalCount nodes { name } } }";
    for user in [&manager, &rep] {
        let board = app.gql(Some(&user.token), BOARD, json!({"n": 2})).await;
        let stages: Vec<i64> =
            ok(&board)["pipelineBoard"].as_array().unwrap().iter().map(|c| c["stage"]["position"].as_i64().unwrap()).collect();
        assert!(stages.len() == 6 && stages.windows(2).all(|w| w[0] < w[1]), "every stage in board order: {stages:?}");
        for stage in ["PROSPECTING", "PROPOSAL", "CLOSED_WON"] {
            let column = column_of(&board, stage);
            let listed = app.gql(Some(&user.token), page, json!({"s": stage, "n": 2})).await;
            let names: Vec<&Value> = column["cards"].as_array().unwrap().iter().map(|c| &c["name"]).collect();
            let expected: Vec<&Value> = ok(&listed)["opportunities"]["nodes"].as_array().unwrap().iter().map(|n| &n["name"]).collect();
            assert_eq!(names, expected, "{stage}: the column is the stage's first page");
            assert_eq!(column["totals"]["count"], ok(&listed)["opportunities"]["totalCount"], "{stage}: its total");
        }
    }
    let rep_board = app.gql(Some(&rep.token), BOARD, json!({"n": 50})).await;
    let cards: Vec<Value> =
        ok(&rep_board)["pipelineBoard"].as_array().unwrap().iter().flat_map(|c| c["cards"].as_array().unwrap().clone()).collect();
    assert_eq!(cards.len(), 3, "a rep's board holds its own deals only");
    assert!(cards.iter().all(|c| c["owner"]["email"] == "rep@example.com" && c["viewerCanEdit"] == true));
    let filtered = app.gql(Some(&manager.token), BOARD, json!({"n": 50, "f": {"ownerId": {"in": [rep.id]}}})).await;
    let prospecting = column_of(&filtered, "PROSPECTING");
    assert_eq!(
        (&prospecting["totals"]["count"], prospecting["cards"].as_array().unwrap().len()),
        (&json!(2), 2),
        "the filter applies to totals and cards"
    );

    // Three statements (stages, totals, cards), the corporate currency (all deals are in it:
    // no rate to read) and one per relation, whatever the cards.
    app.gql(Some(&manager.token), BOARD, json!({"n": 1})).await;
    let mut counts = Vec::new();
    for n in [1, 5, 50] {
        let before = app.db.statement_count();
        ok(&app.gql(Some(&manager.token), BOARD, json!({"n": n})).await);
        counts.push(app.db.statement_count() - before);
    }
    assert_eq!(counts, [6, 6, 6], "statements for 1, 5 and 50 cards per column");

    for n in [0, 51] {
        let res = app.gql(Some(&manager.token), BOARD, json!({"n": n})).await;
        assert_eq!(
            (code(&res), ext(&res, "field"), ext(&res, "reason")),
            ("BAD_USER_INPUT", &json!("cardsPerColumn"), &json!("OUT_OF_RANGE"))
        );
    }
    let portal = app.customer_user("me@rossi.example", customer["id"].as_str().unwrap()).await;
    assert_eq!(code(&app.gql(Some(&portal.token), BOARD, json!({"n": 5})).await), "FORBIDDEN");
    assert_eq!(code(&app.gql(None, BOARD, json!({"n": 5})).await), "UNAUTHENTICATED");
}
db_test!(the_board_reads_every_column_at_once);

/// A partner's rejected registration stays in its list, with the reason, but is in no column
/// of its board: neither among the cards nor in the totals (it was counted in Prospecting).
async fn a_partners_board_leaves_out_its_rejected_registrations(app: TestApp) {
    let admin = manager_admin(&app).await;
    let manager = app.staff("manager@example.com", StaffRole::SalesManager).await;
    let partner_id = app.partner_org(&admin, "Alpina").await;
    let partner = app.partner_user("p@alpina.example", &partner_id).await;
    let customer = app.customer(&admin, json!({"name": "Rossi SpA", "partnerId": partner_id})).await;
    opportunity(&app, &partner, json!({"customerId": customer["id"], "name": "Waiting"})).await;
    let refused = opportunity(&app, &partner, json!({"customerId": customer["id"], "name": "Refused"})).await;
    let review = "mutation($i: ReviewDealRegistrationInput!) { reviewDealRegistration(input: $i) { opportunity { registration } } }";
    let reject = json!({"i": {"id": refused["id"], "version": 1, "approve": false, "note": "Already in our pipeline"}});
    ok(&app.gql(Some(&manager.token), review, reject).await);

    let board = ok(&app.gql(Some(&partner.token), BOARD, json!({"n": 50})).await)["pipelineBoard"].clone();
    let prospecting = board.as_array().unwrap().iter().find(|c| c["stage"]["stage"] == "PROSPECTING").unwrap();
    let cards: Vec<&Value> = prospecting["cards"].as_array().unwrap().iter().map(|c| &c["name"]).collect();
    assert_eq!((cards, &prospecting["totals"]["count"]), (vec![&json!("Waiting")], &json!(1)));
    let summary = "{ pipelineSummary { stage count } }";
    assert_eq!(
        ok(&app.gql(Some(&partner.token), summary, json!({})).await)["pipelineSummary"][0],
        json!({"stage": "PROSPECTING", "count": 1})
    );
    let list = "{ opportunities(orderBy: [{field: NAME, direction: ASC}]) { nodes { name registration registrationNote } } }";
    assert_eq!(
        ok(&app.gql(Some(&partner.token), list, json!({})).await)["opportunities"]["nodes"],
        json!([
            {"name": "Refused", "registration": "REJECTED", "registrationNote": "Already in our pipeline"},
            {"name": "Waiting", "registration": "PENDING", "registrationNote": null}
        ]),
        "the list keeps both"
    );
    let rejected = json!({"n": 50, "f": {"registration": {"in": ["REJECTED"]}}});
    let board = ok(&app.gql(Some(&partner.token), BOARD, rejected).await)["pipelineBoard"][0]["totals"]["count"].clone();
    assert_eq!(board, 1, "asked for by name, rejected registrations are there");
}
db_test!(a_partners_board_leaves_out_its_rejected_registrations);

async fn manager_admin(app: &TestApp) -> TestUser {
    app.staff("admin@example.com", StaffRole::Admin).await
}

/// The people of a deal: contacts of its customer with their role, set by whoever may change
/// the deal, each change a new version and an entry in the customer's history.
async fn a_deal_names_its_people_and_their_roles(app: TestApp) {
    let admin = manager_admin(&app).await;
    let rep = app.staff("rep@example.com", StaffRole::SalesRep).await;
    let other = app.staff("other@example.com", StaffRole::SalesRep).await;
    let customer = app
        .customer(&admin, json!({"name": "Persone S.r.l.", "ownerId": rep.id, "primaryContact": {"firstName": "Anna", "lastName": "Neri"}}))
        .await;
    let anna = customer["contacts"][0]["id"].clone();
    let elsewhere =
        app.customer(&admin, json!({"name": "Altrove S.p.A.", "primaryContact": {"firstName": "Bruno", "lastName": "Gialli"}})).await;
    let bruno = elsewhere["contacts"][0]["id"].clone();
    let opp = opportunity(&app, &rep, json!({"customerId": customer["id"]})).await;
    let set = "mutation($i: SetOpportunityContactInput!) { setOpportunityContact(input: $i) { opportunity { version contacts { role contact { fullName } } } } }";
    let res = app
        .gql(
            Some(&rep.token),
            set,
            json!({"i": {"opportunityId": opp["id"], "version": opp["version"], "contactId": anna, "role": "DECISION_MAKER"}}),
        )
        .await;
    let saved = ok(&res)["setOpportunityContact"]["opportunity"].clone();
    assert_eq!(saved["contacts"], json!([{"role": "DECISION_MAKER", "contact": {"fullName": "Anna Neri"}}]));
    assert_eq!(saved["version"], opp["version"].as_i64().unwrap() + 1);
    // A contact of another customer, a stale version, someone who may not change the deal.
    let res = app
        .gql(
            Some(&rep.token),
            set,
            json!({"i": {"opportunityId": opp["id"], "version": saved["version"], "contactId": bruno, "role": "USER"}}),
        )
        .await;
    assert_eq!((code(&res), ext(&res, "field")), ("BAD_USER_INPUT", &json!("contactId")), "{res}");
    let res = app
        .gql(
            Some(&rep.token),
            set,
            json!({"i": {"opportunityId": opp["id"], "version": opp["version"], "contactId": anna, "role": "USER"}}),
        )
        .await;
    assert_eq!(code(&res), "CONFLICT", "{res}");
    let res = app
        .gql(
            Some(&other.token),
            set,
            json!({"i": {"opportunityId": opp["id"], "version": saved["version"], "contactId": anna, "role": "USER"}}),
        )
        .await;
    assert_eq!(code(&res), "NOT_FOUND", "{res}");
    // The role changes, then she is taken off.
    let res = app
        .gql(
            Some(&rep.token),
            set,
            json!({"i": {"opportunityId": opp["id"], "version": saved["version"], "contactId": anna, "role": "INFLUENCER"}}),
        )
        .await;
    let changed = ok(&res)["setOpportunityContact"]["opportunity"].clone();
    assert_eq!(changed["contacts"][0]["role"], "INFLUENCER");
    let res = app
        .gql(
            Some(&rep.token),
            set,
            json!({"i": {"opportunityId": opp["id"], "version": changed["version"], "contactId": anna, "role": null}}),
        )
        .await;
    assert_eq!(ok(&res)["setOpportunityContact"]["opportunity"]["contacts"], json!([]));
    // Each change is in the customer's history, naming the contact.
    let history = "query($id: ID!) { customer(id: $id) { history { nodes { entityType changes { field before after afterText } } } } }";
    let res = app.gql(Some(&rep.token), history, json!({"id": customer["id"]})).await;
    let roles: Vec<(Value, Value)> = ok(&res)["customer"]["history"]["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|n| n["changes"].as_array().unwrap().clone())
        .filter(|c| c["field"] == "contactRole")
        .map(|c| (c["before"].clone(), c["after"].clone()))
        .collect();
    // Newest first: taken off, made an influencer, put on as the decision maker.
    let expected =
        [(json!("INFLUENCER"), Value::Null), (json!("DECISION_MAKER"), json!("INFLUENCER")), (Value::Null, json!("DECISION_MAKER"))];
    assert_eq!(roles, expected);
}
db_test!(a_deal_names_its_people_and_their_roles);
