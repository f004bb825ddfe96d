//! The company's profile (who changes it, how it is checked, its logo), the branded quote PDF,
//! what the portal shows a customer by the company's choice, and exchange rates (entered,
//! imported all or none, listed, deleted).

use crate::db_test;
use crate::helpers::{code, ok, TestApp};
use crate::quotes::{create_quote, deal, lines};
use crm_identity::domain::StaffRole;
use serde_json::{json, Value};

const PROFILE: &str = "legalName street postalCode city region countryCode vatNumber email phone website bankDetails footer \
    hasLogo logoDataUrl corporateCurrency portalShowsPartner portalShowsCreditLimit version";
const UPDATE: &str = "mutation($i: UpdateCompanyProfileInput!) { updateCompanyProfile(input: $i) { companyProfile { legalName phone countryCode version } } }";
/// A 1 × 1 transparent PNG.
const PIXEL: &str =
    "data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==";

fn profile_input(version: i64) -> Value {
    json!({
        "expectedVersion": version, "legalName": "Demo Industrie S.p.A.", "street": "Via Mazzini 12", "postalCode": "20123",
        "city": "Milano", "region": "MI", "countryCode": "it", "vatNumber": "IT01234567890", "email": "Sales@Demo.test",
        "phone": "02 8901 2345", "website": "https://demo.test", "bankDetails": "IBAN IT60 X054 2811 1010 0000 0123 456",
        "footer": "Share capital EUR 1,000,000", "corporateCurrency": "EUR", "portalShowsPartner": false, "portalShowsCreditLimit": false
    })
}

fn extension<'a>(res: &'a Value, name: &str) -> &'a Value {
    &res["errors"][0]["extensions"][name]
}

async fn admins_keep_the_company_profile_that_quotes_print(app: TestApp) {
    let d = deal(&app, Some("5000")).await;
    let read = format!("{{ companyProfile {{ {PROFILE} }} }}");
    let unset = app.gql(Some(&d.portal.token), &read, json!({})).await;
    assert_eq!(
        (
            &ok(&unset)["companyProfile"]["legalName"],
            &ok(&unset)["companyProfile"]["corporateCurrency"],
            &ok(&unset)["companyProfile"]["version"]
        ),
        (&json!(""), &json!("EUR"), &json!(0)),
        "everyone signed in reads the profile, unset until an admin saves it"
    );
    assert_eq!(code(&app.gql(None, &read, json!({})).await), "UNAUTHENTICATED");

    let refused = app.gql(Some(&d.manager.token), UPDATE, json!({"i": profile_input(0)})).await;
    assert_eq!(code(&refused), "FORBIDDEN", "only admins change it");
    let saved = app.gql(Some(&d.admin.token), UPDATE, json!({"i": profile_input(0)})).await;
    assert_eq!(
        ok(&saved)["updateCompanyProfile"]["companyProfile"],
        json!({"legalName": "Demo Industrie S.p.A.", "phone": "+390289012345", "countryCode": "IT", "version": 1})
    );
    let stale = app.gql(Some(&d.admin.token), UPDATE, json!({"i": profile_input(0)})).await;
    assert_eq!(code(&stale), "CONFLICT", "a second first save loses");
    let mut bad = profile_input(1);
    bad["website"] = json!("demo.test");
    let res = app.gql(Some(&d.admin.token), UPDATE, json!({"i": bad})).await;
    assert_eq!((extension(&res, "field"), extension(&res, "reason")), (&json!("website"), &json!("INVALID_URL")));
    bad = profile_input(1);
    bad["corporateCurrency"] = json!("EURO");
    let res = app.gql(Some(&d.admin.token), UPDATE, json!({"i": bad})).await;
    assert_eq!((extension(&res, "field"), extension(&res, "reason")), (&json!("corporateCurrency"), &json!("UNKNOWN_CURRENCY")));

    // The logo: checked by decoding it.
    let logo = "mutation($i: SetCompanyLogoInput!) { setCompanyLogo(input: $i) { companyProfile { hasLogo logoDataUrl version } } }";
    let res = app.gql(Some(&d.admin.token), logo, json!({"i": {"expectedVersion": 1, "image": "data:image/png;base64,aGVsbG8="}})).await;
    assert_eq!((extension(&res, "field"), extension(&res, "reason")), (&json!("image"), &json!("INVALID_IMAGE")));
    let res = app.gql(Some(&d.admin.token), logo, json!({"i": {"expectedVersion": 1, "image": PIXEL}})).await;
    let with_logo = &ok(&res)["setCompanyLogo"]["companyProfile"];
    assert_eq!((&with_logo["hasLogo"], &with_logo["version"]), (&json!(true), &json!(2)));
    assert!(with_logo["logoDataUrl"].as_str().unwrap().starts_with("data:image/png;base64,"));

    // The quote the customer receives is branded: the company's name, address with the
    // country's full name, VAT number, bank details and footer, the logo, and the units.
    let update_customer = "mutation($i: UpdateCustomerInput!) { updateCustomer(input: $i) { customer { version } } }";
    let address = json!({"id": d.customer, "version": 1, "address": {"city": "Lyon", "country": "FR"}});
    ok(&app.gql(Some(&d.manager.token), update_customer, json!({"i": address})).await);
    let valid = (crm_core::clock::Clock::now(&crm_core::clock::SystemClock).date_naive() + chrono::Days::new(30)).to_string();
    let quote = create_quote(&app, &d.rep, json!({"opportunityId": d.opportunity, "lines": lines(&d), "validUntil": valid})).await;
    let url = ok(&quote)["createQuote"]["quote"]["pdfUrl"].as_str().unwrap().to_owned();
    let pdf = app.client.get(format!("{}{url}", app.address)).bearer_auth(&d.rep.token).send().await.unwrap();
    let bytes = pdf.bytes().await.unwrap();
    let has = |text: &str| bytes.windows(text.len()).any(|w| w == text.as_bytes());
    for printed in
        ["(Demo Industrie S.p.A.)", "(Via Mazzini 12)", "(20123 Milano MI)", "(Italy)", "(VAT IT01234567890)", "(France)", "(pc)"]
    {
        assert!(has(printed), "the PDF prints {printed}");
    }
    assert!(has("(IBAN IT60 X054 2811 1010 0000 0123 456)") && has("(Share capital EUR 1,000,000)"), "bank details and footer");
    assert!(has("/Subtype /Image") && has("/SMask"), "the logo, with its transparency");

    // The history keeps who changed the profile.
    let audit = "{ auditLog(filter: {entityType: COMPANY_PROFILE}) { nodes { action changes { field } } } }";
    let entries = app.gql(Some(&d.admin.token), audit, json!({})).await;
    let actions: Vec<&str> = ok(&entries)["auditLog"]["nodes"].as_array().unwrap().iter().map(|e| e["action"].as_str().unwrap()).collect();
    assert_eq!(actions.len(), 2, "{entries}");
}
db_test!(admins_keep_the_company_profile_that_quotes_print);

async fn the_portal_shows_partner_and_credit_limit_only_by_the_company_s_choice(app: TestApp) {
    let d = deal(&app, Some("5000")).await;
    let partner = app.partner_org(&d.admin, "Rete Nord").await;
    let assign = "mutation($i: UpdateCustomerInput!) { updateCustomer(input: $i) { customer { version } } }";
    ok(&app.gql(Some(&d.manager.token), assign, json!({"i": {"id": d.customer, "version": 1, "partnerId": partner}})).await);
    let own = "query($id: ID!) { customer(id: $id) { partner { name } creditLimit { amount } creditExposure { limit { amount } } } }";
    let seen = |res: &Value| ok(res)["customer"].clone();
    let hidden = json!({"partner": null, "creditLimit": null, "creditExposure": null});
    assert_eq!(seen(&app.gql(Some(&d.portal.token), own, json!({"id": d.customer})).await), hidden, "internal by default");
    let staff = seen(&app.gql(Some(&d.rep.token), own, json!({"id": d.customer})).await);
    assert_eq!(
        (&staff["partner"]["name"], &staff["creditLimit"]["amount"]),
        (&json!("Rete Nord"), &json!("5000")),
        "staff always see them"
    );

    let mut input = profile_input(0);
    input["portalShowsPartner"] = json!(true);
    input["portalShowsCreditLimit"] = json!(true);
    ok(&app.gql(Some(&d.admin.token), UPDATE, json!({"i": input})).await);
    let shown = seen(&app.gql(Some(&d.portal.token), own, json!({"id": d.customer})).await);
    assert_eq!(
        (&shown["partner"]["name"], &shown["creditLimit"]["amount"], &shown["creditExposure"]["limit"]["amount"]),
        (&json!("Rete Nord"), &json!("5000"), &json!("5000"))
    );
}
db_test!(the_portal_shows_partner_and_credit_limit_only_by_the_company_s_choice);

const RATES: &str =
    "query($c: String) { exchangeRates(currency: $c, first: 10) { totalCount nodes { currency quoteCurrency validFrom rate } } }";
const IMPORT: &str =
    "mutation($i: ImportExchangeRatesInput!) { importExchangeRates(input: $i) { rates written problems { line field reason message } } }";

async fn exchange_rates_are_entered_imported_all_or_none_and_deleted(app: TestApp) {
    let admin = app.staff("admin@example.com", StaffRole::Admin).await;
    let analyst = app.staff("analyst@example.com", StaffRole::Analyst).await;
    let partner_org = app.partner_org(&admin, "Rete Nord").await;
    let partner = app.partner_user("p@rete.example", &partner_org).await;
    let set = "mutation($i: SetExchangeRateInput!) { setExchangeRate(input: $i) { exchangeRate { id currency validFrom rate } } }";
    let usd = json!({"currency": "usd", "validFrom": "2026-11-01", "rate": "0.92345678"});
    assert_eq!(code(&app.gql(Some(&analyst.token), set, json!({"i": usd})).await), "FORBIDDEN");
    let res = app.gql(Some(&admin.token), set, json!({"i": usd})).await;
    let rate = ok(&res)["setExchangeRate"]["exchangeRate"].clone();
    assert_eq!((&rate["currency"], &rate["rate"]), (&json!("USD"), &json!("0.92345678")));
    let replace = json!({"currency": "USD", "validFrom": "2026-11-01", "rate": "0.93"});
    let res = app.gql(Some(&admin.token), set, json!({"i": replace})).await;
    assert_eq!(ok(&res)["setExchangeRate"]["exchangeRate"]["id"], rate["id"], "one rate a day: replaced");
    for (bad, field, reason) in [
        (json!({"currency": "EUR", "validFrom": "2026-11-01", "rate": "1"}), "currency", "NOT_APPLICABLE"),
        (json!({"currency": "XYZ", "validFrom": "2026-11-01", "rate": "1"}), "currency", "UNKNOWN_CURRENCY"),
        (json!({"currency": "GBP", "validFrom": "2026-11-01", "rate": "0"}), "rate", "OUT_OF_RANGE"),
        (json!({"currency": "GBP", "validFrom": "2026-11-01", "rate": "1.123456789"}), "rate", "TOO_MANY_DECIMALS"),
    ] {
        let res = app.gql(Some(&admin.token), set, json!({"i": bad})).await;
        assert_eq!((extension(&res, "field"), extension(&res, "reason")), (&json!(field), &json!(reason)), "{res}");
    }

    // An import with a bad line writes nothing and names every problem; a dry run only checks.
    let csv = "Valuta;Data;Cambio\nGBP;01/11/2026;1,15\nCHF;2026-11-01;abc\nJPY;2026-13-01;0,006\n";
    let res = app.gql(Some(&admin.token), IMPORT, json!({"i": {"csv": csv}})).await;
    let report = &ok(&res)["importExchangeRates"];
    assert_eq!((&report["rates"], &report["written"]), (&json!(1), &json!(false)));
    let problems: Vec<(i64, &str)> =
        report["problems"].as_array().unwrap().iter().map(|p| (p["line"].as_i64().unwrap(), p["field"].as_str().unwrap())).collect();
    assert_eq!(problems, [(3, "rate"), (4, "validFrom")]);
    let good = "Valuta;Data;Cambio\nGBP;01/11/2026;1,15\nCHF;2026-11-01;1,0712\n";
    let res = app.gql(Some(&admin.token), IMPORT, json!({"i": {"csv": good, "dryRun": true}})).await;
    assert_eq!(ok(&res)["importExchangeRates"]["written"], false);
    assert_eq!(ok(&app.gql(Some(&analyst.token), RATES, json!({})).await)["exchangeRates"]["totalCount"], 1, "nothing written yet");
    let res = app.gql(Some(&admin.token), IMPORT, json!({"i": {"csv": good}})).await;
    assert_eq!((&ok(&res)["importExchangeRates"]["rates"], &ok(&res)["importExchangeRates"]["written"]), (&json!(2), &json!(true)));

    // Staff read them newest first, by currency; partners do not.
    let list = app.gql(Some(&analyst.token), RATES, json!({})).await;
    let listed: Vec<(&str, &str)> = ok(&list)["exchangeRates"]["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| (r["currency"].as_str().unwrap(), r["rate"].as_str().unwrap()))
        .collect();
    assert_eq!(listed, [("CHF", "1.0712"), ("GBP", "1.15"), ("USD", "0.93")]);
    assert_eq!(ok(&app.gql(Some(&analyst.token), RATES, json!({"c": "gbp"})).await)["exchangeRates"]["totalCount"], 1);
    assert_eq!(code(&app.gql(Some(&partner.token), RATES, json!({})).await), "FORBIDDEN");

    let delete = "mutation($id: ID!) { deleteExchangeRate(id: $id) { deleted } }";
    assert_eq!(ok(&app.gql(Some(&admin.token), delete, json!({"id": rate["id"]})).await)["deleteExchangeRate"]["deleted"], true);
    assert_eq!(ok(&app.gql(Some(&admin.token), delete, json!({"id": rate["id"]})).await)["deleteExchangeRate"]["deleted"], false);
    assert_eq!(ok(&app.gql(Some(&analyst.token), RATES, json!({})).await)["exchangeRates"]["totalCount"], 2);

    // The board's totals in the corporate currency: a dollar deal without a rate is left out
    // and named; with one, it converts at today's rate.
    let customer = app.customer(&admin, json!({"name": "Acme Inc."})).await;
    let create = "mutation($i: CreateOpportunityInput!) { createOpportunity(input: $i) { opportunity { id } } }";
    for (amount, currency) in [("1000", "USD"), ("500", "EUR")] {
        let deal = json!({"customerId": customer["id"], "name": currency, "amount": {"amount": amount, "currency": currency}, "expectedCloseDate": "2030-01-31"});
        ok(&app.gql(Some(&admin.token), create, json!({"i": deal})).await);
    }
    let summary = "{ pipelineSummary { stage amountTotal { total { amount currency } unconvertedCurrencies } } }";
    let prospecting =
        |res: &Value| ok(res)["pipelineSummary"].as_array().unwrap().iter().find(|s| s["stage"] == "PROSPECTING").cloned().unwrap();
    let without = prospecting(&app.gql(Some(&analyst.token), summary, json!({})).await);
    assert_eq!(without["amountTotal"], json!({"total": {"amount": "500", "currency": "EUR"}, "unconvertedCurrencies": ["USD"]}));
    ok(&app.gql(Some(&admin.token), set, json!({"i": {"currency": "USD", "validFrom": "2026-01-01", "rate": "0.9"}})).await);
    let with = prospecting(&app.gql(Some(&analyst.token), summary, json!({})).await);
    assert_eq!(with["amountTotal"], json!({"total": {"amount": "1400", "currency": "EUR"}, "unconvertedCurrencies": []}));
}
db_test!(exchange_rates_are_entered_imported_all_or_none_and_deleted);
