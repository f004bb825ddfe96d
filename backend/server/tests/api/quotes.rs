//! Quotes and orders: exact pricing from price books, the quote's life (draft, sent and
//! immutable, revised, accepted or rejected by the customer), the PDF, orders placed on
//! acceptance or directly, the credit check and its release, and the ERP's status reports.

use crate::db_test;
use crate::helpers::{code, ok, TestApp, TestUser};
use crm_identity::domain::StaffRole;
use serde_json::{json, Value};

const QUOTE: &str =
    "id number revision status version currency validUntil listTotal { amount } discountTotal { amount } subtotal { amount } \
    taxPercent taxAmount { amount } total { amount currency } lines { sku quantity listPrice { amount } discountPercent net { amount } } \
    order { id number status } pdfUrl";
const ORDER: &str = "id number status version total { amount currency } holdReason releasedBy erpReference \
    lines { sku net { amount } } customer { name } erpDelivery { state attempts }";

/// A customer (with `credit` as its EUR credit limit), an opportunity of the rep, two
/// products priced in the default EUR book, and the customer's portal user.
pub(crate) struct Deal {
    pub(crate) rep: TestUser,
    pub(crate) manager: TestUser,
    pub(crate) admin: TestUser,
    pub(crate) portal: TestUser,
    pub(crate) customer: String,
    pub(crate) opportunity: String,
    pub(crate) products: [String; 2],
}

pub(crate) async fn deal(app: &TestApp, credit: Option<&str>) -> Deal {
    let admin = app.staff("admin@example.com", StaffRole::Admin).await;
    let manager = app.staff("manager@example.com", StaffRole::SalesManager).await;
    let rep = app.staff("rep@example.com", StaffRole::SalesRep).await;
    let mut input = json!({"name": "Rossi SpA", "ownerId": rep.id});
    if let Some(limit) = credit {
        input["creditLimit"] = json!({"amount": limit, "currency": "EUR"});
    }
    let customer = app.customer(&manager, input).await["id"].as_str().unwrap().to_owned();
    let mut products = Vec::new();
    for (sku, price) in [("ERP-S", "33.33"), ("SVC-D", "0.99")] {
        let res = app
            .gql(
                Some(&admin.token),
                "mutation($i: CreateProductInput!) { createProduct(input: $i) { product { id } } }",
                json!({"i": {"sku": sku, "name": sku, "family": "F", "unit": "PIECE"}}),
            )
            .await;
        products.push((ok(&res)["createProduct"]["product"]["id"].as_str().unwrap().to_owned(), price));
    }
    let res = app
        .gql(
            Some(&admin.token),
            "mutation { createPriceBook(input: {name: \"Listino\", currency: \"EUR\", isDefault: true}) { priceBook { id version } } }",
            json!({}),
        )
        .await;
    let book = ok(&res)["createPriceBook"]["priceBook"].clone();
    let prices: Vec<Value> = products.iter().map(|(id, price)| json!({"productId": id, "listPrice": price})).collect();
    ok(&app
        .gql(
            Some(&admin.token),
            "mutation($i: SetListPricesInput!) { setListPrices(input: $i) { priceBook { id } } }",
            json!({"i": {"priceBookId": book["id"], "version": 1, "prices": prices}}),
        )
        .await);
    let res = app
        .gql(
            Some(&rep.token),
            "mutation($i: CreateOpportunityInput!) { createOpportunity(input: $i) { opportunity { id } } }",
            json!({"i": {"customerId": customer, "name": "ERP", "amount": {"amount": "100", "currency": "EUR"}, "expectedCloseDate": "2030-01-31"}}),
        )
        .await;
    let opportunity = ok(&res)["createOpportunity"]["opportunity"]["id"].as_str().unwrap().to_owned();
    let portal = app.customer_user("buyer@rossi.example", &customer).await;
    Deal { rep, manager, admin, portal, customer, opportunity, products: [products[0].0.clone(), products[1].0.clone()] }
}

pub(crate) fn lines(d: &Deal) -> Value {
    json!([{"productId": d.products[0], "quantity": "3", "discountPercent": "10"}, {"productId": d.products[1], "quantity": "2.5"}])
}

pub(crate) async fn create_quote(app: &TestApp, user: &TestUser, input: Value) -> Value {
    app.gql(
        Some(&user.token),
        &format!("mutation($i: CreateQuoteInput!) {{ createQuote(input: $i) {{ quote {{ {QUOTE} }} }} }}"),
        json!({"i": input}),
    )
    .await
}

async fn action(app: &TestApp, user: &TestUser, mutation: &str, quote: &Value) -> Value {
    let fields =
        if mutation == "acceptQuote" { format!("quote {{ {QUOTE} }} order {{ {ORDER} }}") } else { format!("quote {{ {QUOTE} }}") };
    app.gql(
        Some(&user.token),
        &format!("mutation($i: QuoteActionInput!) {{ {mutation}(input: $i) {{ {fields} }} }}"),
        json!({"i": {"id": quote["id"], "version": quote["version"]}}),
    )
    .await
}

fn ext<'a>(res: &'a Value, name: &str) -> &'a Value {
    &res["errors"][0]["extensions"][name]
}

async fn a_quote_is_priced_sent_and_accepted_into_an_order(app: TestApp) {
    let d = deal(&app, None).await;
    let res = create_quote(&app, &d.rep, json!({"opportunityId": d.opportunity, "validUntil": "2099-12-31", "taxPercent": "22", "terms": "Pagamento a 30 giorni.", "lines": lines(&d)})).await;
    assert_eq!(ext(&res, "field"), "validUntil", "at most a year ahead");
    let valid = (crm_core::clock::Clock::now(&crm_core::clock::SystemClock).date_naive() + chrono::Days::new(30)).to_string();
    let res = create_quote(&app, &d.rep, json!({"opportunityId": d.opportunity, "validUntil": valid, "taxPercent": "22", "terms": "Pagamento a 30 giorni.", "lines": lines(&d)})).await;
    let quote = ok(&res)["createQuote"]["quote"].clone();
    let book = "query($id: ID!) { quote(id: $id) { priceBook { name currency } } }";
    assert_eq!(
        ok(&app.gql(Some(&d.rep.token), book, json!({"id": quote["id"]})).await)["quote"]["priceBook"],
        json!({"name": "Listino", "currency": "EUR"})
    );
    // 3 × 33.33 = 99.99 − 10 % = 89.99; 2.5 × 0.99 = 2.475 → 2.48; tax 22 % of 92.47 = 20.34.
    assert_eq!((quote["status"].as_str(), quote["revision"].as_i64(), quote["currency"].as_str()), (Some("DRAFT"), Some(1), Some("EUR")));
    assert!(quote["number"].as_str().unwrap().starts_with("Q-"), "{quote}");
    assert_eq!(
        (
            &quote["listTotal"]["amount"],
            &quote["discountTotal"]["amount"],
            &quote["subtotal"]["amount"],
            &quote["taxAmount"]["amount"],
            &quote["total"]["amount"]
        ),
        (&json!("102.47"), &json!("10"), &json!("92.47"), &json!("20.34"), &json!("112.81"))
    );
    assert_eq!(
        quote["lines"][0],
        json!({"sku": "ERP-S", "quantity": "3", "listPrice": {"amount": "33.33"}, "discountPercent": "10", "net": {"amount": "89.99"}})
    );

    // Refused lines change nothing.
    for (bad, field, reason) in [
        (json!([]), "lines", "REQUIRED"),
        (json!([{"productId": d.products[0], "quantity": "0"}]), "lines.0.quantity", "OUT_OF_RANGE"),
        (json!([{"productId": d.products[0], "quantity": "1", "discountPercent": "101"}]), "lines.0.discountPercent", "OUT_OF_RANGE"),
        (json!([{"productId": d.opportunity, "quantity": "1"}]), "lines.0.productId", "UNKNOWN_REFERENCE"),
    ] {
        let res = create_quote(&app, &d.rep, json!({"opportunityId": d.opportunity, "validUntil": valid, "lines": bad})).await;
        assert_eq!((ext(&res, "field"), ext(&res, "reason")), (&json!(field), &json!(reason)));
    }

    // Customers do not see drafts.
    let mine = "{ quotes { totalCount nodes { id status } } }";
    assert_eq!(ok(&app.gql(Some(&d.portal.token), mine, json!({})).await)["quotes"]["totalCount"], 0);
    assert_eq!(code(&action(&app, &d.portal, "acceptQuote", &quote).await), "NOT_FOUND");

    let sent = action(&app, &d.rep, "sendQuote", &quote).await;
    let sent = ok(&sent)["sendQuote"]["quote"].clone();
    assert_eq!(sent["status"], "SENT");
    let update = "mutation($i: UpdateQuoteInput!) { updateQuote(input: $i) { quote { id } } }";
    let res = app.gql(Some(&d.rep.token), update, json!({"i": {"id": sent["id"], "version": sent["version"], "taxPercent": "10"}})).await;
    assert_eq!(ext(&res, "reason"), "WRONG_STATUS", "a sent quote does not change");

    // The customer reads it, downloads the PDF and accepts it: the order is placed and the
    // opportunity won, in one go.
    assert_eq!(ok(&app.gql(Some(&d.portal.token), mine, json!({})).await)["quotes"]["totalCount"], 1);
    let pdf =
        app.client.get(format!("{}{}", app.address, sent["pdfUrl"].as_str().unwrap())).bearer_auth(&d.portal.token).send().await.unwrap();
    assert_eq!((pdf.status().as_u16(), pdf.headers()["content-type"].to_str().unwrap()), (200, "application/pdf"));
    let bytes = pdf.bytes().await.unwrap();
    assert!(bytes.starts_with(b"%PDF-") && bytes.windows(6).any(|w| w == b"112.81"), "the PDF shows the total");
    let stranger = app.customer(&d.manager, json!({"name": "Altro Srl"})).await;
    let other_portal = app.customer_user("other@altro.example", stranger["id"].as_str().unwrap()).await;
    let pdf = app
        .client
        .get(format!("{}{}", app.address, sent["pdfUrl"].as_str().unwrap()))
        .bearer_auth(&other_portal.token)
        .send()
        .await
        .unwrap();
    assert_eq!(pdf.status(), 404, "another customer's quote does not exist for them");
    assert_eq!(app.client.get(format!("{}{}", app.address, sent["pdfUrl"].as_str().unwrap())).send().await.unwrap().status(), 401);

    let res = action(&app, &d.portal, "acceptQuote", &sent).await;
    let accepted = &ok(&res)["acceptQuote"];
    assert_eq!(accepted["quote"]["status"], "ACCEPTED");
    let order = &accepted["order"];
    assert_eq!((order["status"].as_str(), &order["total"]), (Some("PLACED"), &json!({"amount": "112.81", "currency": "EUR"})));
    assert_eq!(order["erpDelivery"], Value::Null, "customers do not see the ERP hand-off");
    let staff_view = format!("query($id: ID!) {{ order(id: $id) {{ {ORDER} }} opportunity(id: \"{}\") {{ stage }} }}", d.opportunity);
    let res = app.gql(Some(&d.rep.token), &staff_view, json!({"id": order["id"]})).await;
    assert_eq!(ok(&res)["order"]["erpDelivery"], json!({"state": "PENDING", "attempts": 0}), "queued for the ERP in the same transaction");
    assert_eq!(ok(&res)["opportunity"]["stage"], "CLOSED_WON");
    assert_eq!(code(&action(&app, &d.portal, "acceptQuote", &accepted["quote"]).await), "BAD_USER_INPUT", "accepted once");

    // Revising an accepted quote is refused; a rejected one gets a new draft revision.
    assert_eq!(ext(&action(&app, &d.rep, "reviseQuote", &accepted["quote"]).await, "reason"), "WRONG_STATUS");
}
db_test!(a_quote_is_priced_sent_and_accepted_into_an_order);

async fn revisions_and_rejections(app: TestApp) {
    let d = deal(&app, None).await;
    let valid = (crm_core::clock::Clock::now(&crm_core::clock::SystemClock).date_naive() + chrono::Days::new(30)).to_string();
    let res = create_quote(&app, &d.rep, json!({"opportunityId": d.opportunity, "validUntil": valid, "lines": lines(&d)})).await;
    let draft = ok(&res)["createQuote"]["quote"].clone();
    let sent = ok(&action(&app, &d.rep, "sendQuote", &draft).await)["sendQuote"]["quote"].clone();
    let revised = ok(&action(&app, &d.rep, "reviseQuote", &sent).await)["reviseQuote"]["quote"].clone();
    assert_eq!(
        (revised["number"].clone(), revised["revision"].as_i64(), revised["status"].as_str()),
        (sent["number"].clone(), Some(2), Some("DRAFT"))
    );
    let old = format!("query($id: ID!) {{ quote(id: $id) {{ {QUOTE} }} }}");
    assert_eq!(ok(&app.gql(Some(&d.rep.token), &old, json!({"id": sent["id"]})).await)["quote"]["status"], "SUPERSEDED");
    let update = format!("mutation($i: UpdateQuoteInput!) {{ updateQuote(input: $i) {{ quote {{ {QUOTE} }} }} }}");
    let res = app.gql(Some(&d.rep.token), &update, json!({"i": {"id": revised["id"], "version": 1, "lines": [{"productId": d.products[1], "quantity": "10", "discountPercent": "50"}]}})).await;
    assert_eq!(ok(&res)["updateQuote"]["quote"]["total"]["amount"], "4.95");
    let v2 = ok(&res)["updateQuote"]["quote"].clone();
    let v2 = ok(&action(&app, &d.rep, "sendQuote", &v2).await)["sendQuote"]["quote"].clone();
    let rejected = ok(&action(&app, &d.portal, "rejectQuote", &v2).await)["rejectQuote"]["quote"].clone();
    assert_eq!(rejected["status"], "REJECTED");
    assert_eq!(ok(&app.gql(Some(&d.rep.token), "{ orders { totalCount } }", json!({})).await)["orders"]["totalCount"], 0);
    // Another rep may neither send nor decide.
    let other = app.staff("other@example.com", StaffRole::SalesRep).await;
    assert_eq!(code(&action(&app, &other, "reviseQuote", &rejected).await), "NOT_FOUND");
}
db_test!(revisions_and_rejections);

async fn orders_over_the_credit_limit_wait_for_a_manager(app: TestApp) {
    let d = deal(&app, Some("200")).await;
    let order = |lines: Value| json!({"i": {"customerId": d.customer, "taxPercent": "22", "lines": lines}});
    let create = format!("mutation($i: CreateOrderInput!) {{ createOrder(input: $i) {{ order {{ {ORDER} }} }} }}");
    // 112.81 fits the 200 limit; the next 112.81 would make 225.62: held.
    let first = app.gql(Some(&d.rep.token), &create, order(lines(&d))).await;
    assert_eq!(ok(&first)["createOrder"]["order"]["status"], "PLACED");
    let second = app.gql(Some(&d.rep.token), &create, order(lines(&d))).await;
    let held = ok(&second)["createOrder"]["order"].clone();
    assert_eq!(held["status"], "CREDIT_HOLD");
    assert_eq!(held["holdReason"], "exposure 112.81 + order 112.81 = 225.62 exceeds the credit limit 200 EUR");
    let exposure = "query($id: ID!) { customer(id: $id) { creditExposure { limit { amount } exposure { amount } available { amount } held { amount } } } }";
    let res = app.gql(Some(&d.rep.token), exposure, json!({"id": d.customer})).await;
    assert_eq!(
        ok(&res)["customer"]["creditExposure"],
        json!({"limit": {"amount": "200"}, "exposure": {"amount": "112.81"}, "available": {"amount": "87.19"}, "held": {"amount": "112.81"}})
    );
    let staff = format!("query($id: ID!) {{ order(id: $id) {{ {ORDER} }} }}");
    assert_eq!(
        ok(&app.gql(Some(&d.rep.token), &staff, json!({"id": held["id"]})).await)["order"]["erpDelivery"],
        Value::Null,
        "held orders are not sent"
    );

    let release = format!("mutation($i: OrderActionInput!) {{ releaseCreditHold(input: $i) {{ order {{ {ORDER} }} }} }}");
    let input = json!({"i": {"id": held["id"], "version": held["version"]}});
    assert_eq!(code(&app.gql(Some(&d.rep.token), &release, input.clone()).await), "FORBIDDEN", "reps do not release credit");
    let mut input = input;
    input["i"]["reason"] = json!("x".repeat(501));
    assert_eq!(ext(&app.gql(Some(&d.manager.token), &release, input.clone()).await, "field"), "reason", "a note of 501 characters");
    input["i"]["reason"] = json!("  Paid in advance by bank transfer ");
    let res = app.gql(Some(&d.manager.token), &release, input).await;
    let released = &ok(&res)["releaseCreditHold"]["order"];
    assert_eq!((released["status"].as_str(), released["releasedBy"].as_str()), (Some("PLACED"), Some("manager@example.com")));
    assert_eq!(released["erpDelivery"], json!({"state": "PENDING", "attempts": 0}));
    // Staff read the note and who released it; the customer sees neither.
    let internals = "query($id: ID!) { order(id: $id) { releaseNote releasedByUser { id email } } }";
    assert_eq!(
        ok(&app.gql(Some(&d.rep.token), internals, json!({"id": held["id"]})).await)["order"],
        json!({"releaseNote": "Paid in advance by bank transfer", "releasedByUser": {"id": d.manager.id, "email": "manager@example.com"}})
    );
    assert_eq!(
        ok(&app.gql(Some(&d.portal.token), internals, json!({"id": held["id"]})).await)["order"],
        json!({"releaseNote": null, "releasedByUser": null})
    );

    // A third order is held again and cancelled (a reason is required).
    let third = app.gql(Some(&d.rep.token), &create, order(json!([{"productId": d.products[1], "quantity": "1"}]))).await;
    let third = ok(&third)["createOrder"]["order"].clone();
    assert_eq!(third["status"], "CREDIT_HOLD");
    let cancel = "mutation($i: OrderActionInput!) { cancelOrder(input: $i) { order { status } } }";
    assert_eq!(ext(&app.gql(Some(&d.rep.token), cancel, json!({"i": {"id": third["id"], "version": 1}})).await, "field"), "reason");
    assert_eq!(
        ok(&app.gql(Some(&d.rep.token), cancel, json!({"i": {"id": third["id"], "version": 1, "reason": "Duplicate"}})).await)
            ["cancelOrder"]["order"]["status"],
        "CANCELLED"
    );

    // The ERP's key reports status by number, forward only.
    let create_key = "mutation($i: CreateApiKeyInput!) { createApiKey(input: $i) { secret } }";
    let res = app.gql(Some(&d.admin.token), create_key, json!({"i": {"name": "ERP", "scopes": ["ORDERS_STATUS"]}})).await;
    let erp = ok(&res)["createApiKey"]["secret"].as_str().unwrap().to_owned();
    let report = "mutation($i: ReportOrderStatusInput!) { reportOrderStatus(input: $i) { order { status erpReference } } }";
    let number = ok(&first)["createOrder"]["order"]["number"].clone();
    let res = app.gql(Some(&erp), report, json!({"i": {"number": number, "status": "CONFIRMED", "erpReference": "SAP-4711"}})).await;
    assert_eq!(ok(&res)["reportOrderStatus"]["order"], json!({"status": "CONFIRMED", "erpReference": "SAP-4711"}));
    let res = app.gql(Some(&erp), report, json!({"i": {"number": number, "status": "PLACED"}})).await;
    assert_eq!(ext(&res, "reason"), "WRONG_STATUS");
    // The customer's timeline says where the order is, as the ERP reported it.
    let timeline = "query($id: ID!) { customer(id: $id) { timeline(filter: {kinds: [ORDER_STATUS]}) { nodes { subject outcome order { number } } } } }";
    let progress = ok(&app.gql(Some(&d.portal.token), timeline, json!({"id": d.customer})).await)["customer"]["timeline"]["nodes"].clone();
    assert_eq!(progress, json!([{"subject": number, "outcome": "CONFIRMED", "order": {"number": number}}]));
    ok(&app.gql(Some(&erp), report, json!({"i": {"number": number, "status": "INVOICED"}})).await);
    let res = app.gql(Some(&d.rep.token), exposure, json!({"id": d.customer})).await;
    assert_eq!(ok(&res)["customer"]["creditExposure"]["exposure"]["amount"], "225.62", "open order and unpaid invoice");
    ok(&app.gql(Some(&erp), report, json!({"i": {"number": number, "status": "PAID"}})).await);
    let res = app.gql(Some(&d.rep.token), exposure, json!({"id": d.customer})).await;
    assert_eq!(ok(&res)["customer"]["creditExposure"]["exposure"]["amount"], "112.81", "paid invoices no longer count");
    assert_eq!(code(&app.gql(Some(&d.rep.token), report, json!({"i": {"number": number, "status": "PAID"}})).await), "FORBIDDEN");
    let res = app.gql(Some(&d.admin.token), create_key, json!({"i": {"name": "BI", "scopes": ["SALES_READ"]}})).await;
    let reader = ok(&res)["createApiKey"]["secret"].as_str().unwrap().to_owned();
    assert_eq!(code(&app.gql(Some(&reader), report, json!({"i": {"number": number, "status": "PAID"}})).await), "FORBIDDEN");
    assert_eq!(
        ok(&app.gql(Some(&erp), "{ orders { totalCount } }", json!({})).await)["orders"]["totalCount"],
        3,
        "the ERP's key reads orders"
    );
}
db_test!(orders_over_the_credit_limit_wait_for_a_manager);

async fn quote_and_order_pages_cost_the_same_statements_whatever_their_size(app: TestApp) {
    let d = deal(&app, None).await;
    let valid = (crm_core::clock::Clock::now(&crm_core::clock::SystemClock).date_naive() + chrono::Days::new(30)).to_string();
    for _ in 0..6 {
        let res = create_quote(&app, &d.rep, json!({"opportunityId": d.opportunity, "validUntil": valid, "lines": lines(&d)})).await;
        let draft = ok(&res)["createQuote"]["quote"].clone();
        let sent = ok(&action(&app, &d.rep, "sendQuote", &draft).await)["sendQuote"]["quote"].clone();
        ok(&action(&app, &d.portal, "acceptQuote", &sent).await);
    }
    let pages = [
        ("quotes", "query($n: Int) { quotes(first: $n) { nodes { number opportunity { name } customer { name } order { number } lines { sku } } } }"),
        ("orders", "query($n: Int) { orders(first: $n) { nodes { number quote { number } customer { name } lines { sku } erpDelivery { state log { attempt } } } } }"),
    ];
    for (field, query) in pages {
        let mut counts = Vec::new();
        for n in [2, 6] {
            let before = app.db.statement_count();
            let res = app.gql(Some(&d.manager.token), query, json!({"n": n})).await;
            counts.push(app.db.statement_count() - before);
            assert_eq!(ok(&res)[field]["nodes"].as_array().unwrap().len(), n as usize);
        }
        assert_eq!(counts[0], counts[1], "{field}: statements per page of 2 and 6: {counts:?}");
    }
}
db_test!(quote_and_order_pages_cost_the_same_statements_whatever_their_size);

/// A customer's history gathers the entries of its deals, quotes and orders; each shows only
/// to a caller who may see that record (a rep outside the deal's team reads the customer, not
/// its deal), as in the lists.
async fn a_customer_s_history_shows_only_the_deals_the_caller_sees(app: TestApp) {
    let d = deal(&app, None).await;
    let valid = (crm_core::clock::Clock::now(&crm_core::clock::SystemClock).date_naive() + chrono::Days::new(30)).to_string();
    let quote = create_quote(&app, &d.rep, json!({"opportunityId": d.opportunity, "validUntil": valid, "lines": lines(&d)})).await;
    ok(&quote);
    let create = format!("mutation($i: CreateOrderInput!) {{ createOrder(input: $i) {{ order {{ {ORDER} }} }} }}");
    ok(&app.gql(Some(&d.rep.token), &create, json!({"i": {"customerId": d.customer, "lines": lines(&d)}})).await);
    let outsider = app.staff("outsider@example.com", StaffRole::SalesRep).await;
    let analyst = app.staff("analyst@example.com", StaffRole::Analyst).await;

    let history = "query($id: ID!) { customer(id: $id) { history { totalCount nodes { entityType } } } \
        opportunities { totalCount } quotes { totalCount } orders { totalCount } }";
    let kinds = |res: &Value| -> Vec<String> {
        let mut kinds: Vec<String> = ok(res)["customer"]["history"]["nodes"]
            .as_array()
            .unwrap()
            .iter()
            .map(|n| n["entityType"].as_str().unwrap().to_owned())
            .collect();
        kinds.sort();
        kinds.dedup();
        kinds
    };
    let res = app.gql(Some(&outsider.token), history, json!({"id": d.customer})).await;
    assert_eq!(ok(&res)["opportunities"]["totalCount"], 0, "another team's deal is hidden from the list…");
    assert_eq!(kinds(&res), ["CUSTOMER"], "…and from the customer's history: {res}");
    assert_eq!(ok(&res)["customer"]["history"]["totalCount"], 1, "the count agrees with the entries");
    for user in [&d.rep, &analyst] {
        let res = app.gql(Some(&user.token), history, json!({"id": d.customer})).await;
        assert_eq!(kinds(&res), ["CUSTOMER", "OPPORTUNITY", "ORDER", "QUOTE"], "{res}");
    }
}
db_test!(a_customer_s_history_shows_only_the_deals_the_caller_sees);

const LIMITS: &str = "{ discountLimits { seller maxPercent } }";
const SET_LIMIT: &str = "mutation($i: SetDiscountLimitInput!) { setDiscountLimit(input: $i) { seller maxPercent } }";

/// A rep's quote with a discount above the reps' limit waits for a sales manager (the customer
/// does not see it), who returns it with a note or approves it (then it is SENT); a discount
/// within the limit goes out at once; admins have no limit; managers and admins set limits.
async fn discounts_above_the_seller_s_limit_wait_for_a_manager(app: TestApp) {
    let d = deal(&app, None).await;
    // Only managers and admins set limits, within 0–100 %.
    let res = app.gql(Some(&d.rep.token), SET_LIMIT, json!({"i": {"seller": "SALES_REP", "maxPercent": "5"}})).await;
    assert_eq!(code(&res), "FORBIDDEN", "{res}");
    let res = app.gql(Some(&d.manager.token), SET_LIMIT, json!({"i": {"seller": "SALES_REP", "maxPercent": "120"}})).await;
    assert_eq!(ext(&res, "reason"), "OUT_OF_RANGE", "{res}");
    let res = app.gql(Some(&d.manager.token), SET_LIMIT, json!({"i": {"seller": "SALES_REP", "maxPercent": "5"}})).await;
    assert_eq!(ok(&res)["setDiscountLimit"], json!([{"seller": "SALES_REP", "maxPercent": "5"}]));
    assert_eq!(code(&app.gql(Some(&d.portal.token), LIMITS, json!({})).await), "FORBIDDEN");
    assert_eq!(ok(&app.gql(Some(&d.rep.token), LIMITS, json!({})).await)["discountLimits"][0]["maxPercent"], "5");

    // 10 % on a line, above the reps' 5 %: sending makes it wait.
    let valid = (crm_core::clock::Clock::now(&crm_core::clock::SystemClock).date_naive() + chrono::Days::new(30)).to_string();
    let new_quote = json!({"opportunityId": d.opportunity, "validUntil": valid, "taxPercent": "22", "lines": lines(&d)});
    let quote = ok(&create_quote(&app, &d.rep, new_quote.clone()).await)["createQuote"]["quote"].clone();
    let sent = ok(&action(&app, &d.rep, "sendQuote", &quote).await)["sendQuote"]["quote"].clone();
    assert_eq!(sent["status"], "PENDING_APPROVAL");
    let fields =
        "query($id: ID!) { quote(id: $id) { status maxDiscountPercent approvalNote discountApprovedBy viewerCanApproveDiscount } }";
    let seen = app.gql(Some(&d.rep.token), fields, json!({"id": quote["id"]})).await;
    assert_eq!((&ok(&seen)["quote"]["maxDiscountPercent"], &ok(&seen)["quote"]["viewerCanApproveDiscount"]), (&json!("10"), &json!(false)));
    let hidden = app.gql(Some(&d.portal.token), fields, json!({"id": quote["id"]})).await;
    assert_eq!(code(&hidden), "NOT_FOUND", "the customer does not see a quote waiting for approval: {hidden}");
    // Nobody but a manager decides; it cannot be accepted meanwhile.
    assert_eq!(code(&action(&app, &d.rep, "approveQuoteDiscount", &sent).await), "FORBIDDEN");
    assert_eq!(ext(&action(&app, &d.rep, "acceptQuote", &sent).await, "reason"), "WRONG_STATUS");
    let pending = app.gql(Some(&d.manager.token), "{ quotes(filter: {status: {in: [PENDING_APPROVAL]}}) { totalCount } }", json!({})).await;
    assert_eq!(ok(&pending)["quotes"]["totalCount"], 1);

    // Returned with a note: a draft again, the note shown to the rep.
    let give_back = "mutation($i: ReturnQuoteInput!) { returnQuoteForDiscount(input: $i) { quote { status version approvalNote } } }";
    let res = app.gql(Some(&d.manager.token), give_back, json!({"i": {"id": sent["id"], "version": sent["version"], "note": " "}})).await;
    assert_eq!(ext(&res, "field"), "note", "{res}");
    let res = app
        .gql(Some(&d.manager.token), give_back, json!({"i": {"id": sent["id"], "version": sent["version"], "note": "8 % at most"}}))
        .await;
    let returned = ok(&res)["returnQuoteForDiscount"]["quote"].clone();
    assert_eq!((&returned["status"], &returned["approvalNote"]), (&json!("DRAFT"), &json!("8 % at most")));

    // Sent again, approved: SENT, with who approved it; the customer sees it now.
    let resend = json!({"id": sent["id"], "version": returned["version"]});
    let again = ok(&action(&app, &d.rep, "sendQuote", &resend).await)["sendQuote"]["quote"].clone();
    assert_eq!(again["status"], "PENDING_APPROVAL");
    let approved = ok(&action(&app, &d.manager, "approveQuoteDiscount", &again).await)["approveQuoteDiscount"]["quote"].clone();
    assert_eq!(approved["status"], "SENT");
    let seen = app.gql(Some(&d.rep.token), fields, json!({"id": quote["id"]})).await;
    assert_eq!(
        (&ok(&seen)["quote"]["discountApprovedBy"], &ok(&seen)["quote"]["approvalNote"]),
        (&json!("manager@example.com"), &json!(null))
    );
    assert_eq!(ok(&app.gql(Some(&d.portal.token), fields, json!({"id": quote["id"]})).await)["quote"]["discountApprovedBy"], json!(null));
    assert_eq!(code(&action(&app, &d.manager, "approveQuoteDiscount", &approved).await), "BAD_USER_INPUT", "only a waiting quote");

    // Within the limit it goes out at once; admins have no limit.
    let small = json!({"opportunityId": d.opportunity, "validUntil": valid, "lines": [{"productId": d.products[0], "quantity": "1", "discountPercent": "5"}]});
    let quote = ok(&create_quote(&app, &d.rep, small).await)["createQuote"]["quote"].clone();
    assert_eq!(ok(&action(&app, &d.rep, "sendQuote", &quote).await)["sendQuote"]["quote"]["status"], "SENT");
    let quote = ok(&create_quote(&app, &d.admin, new_quote).await)["createQuote"]["quote"].clone();
    assert_eq!(ok(&action(&app, &d.admin, "sendQuote", &quote).await)["sendQuote"]["quote"]["status"], "SENT");
    // No limit at all once it is removed.
    let res = app.gql(Some(&d.admin.token), SET_LIMIT, json!({"i": {"seller": "SALES_REP", "maxPercent": null}})).await;
    assert_eq!(ok(&res)["setDiscountLimit"], json!([]));
}
db_test!(discounts_above_the_seller_s_limit_wait_for_a_manager);
