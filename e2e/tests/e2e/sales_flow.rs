//! The whole sales process in the browser, as the issue tells it: a website visitor leaves a
//! lead → a manager qualifies and converts it → the opportunity gets a quote, sent → the
//! customer accepts it in self-service → the order is placed and reaches the ERP (a
//! stand-in receiving the signed webhook) → the ERP reports it confirmed → staff see it.
//! Same terms as `browser.rs` (Chromium, the built app, `CRM_E2E_BROWSER=require` in CI).
#![allow(clippy::unwrap_used, clippy::expect_used)]

use anyhow::Context;
use e2e::browser::{BrowserEnv, Page};
use e2e::erp::Receiver;
use e2e::{demo, Instance};
use serde_json::{json, Value};
use std::time::{Duration, Instant};

const SECRET: &str = "sales-flow-webhook-secret-0123";
const PRODUCT: &str = "ERP-BUSINESS";

async fn sign_in(page: &Page, email: &str, password: &str) -> anyhow::Result<()> {
    page.fill("#login-email", email).await?;
    page.fill("#login-password", password).await?;
    page.click("form.login-card button[type=submit]").await?;
    page.wait_for(".app").await?;
    Ok(())
}

async fn sign_out(page: &Page) -> anyhow::Result<()> {
    page.click("#sign-out").await?;
    page.wait_for("#login-email").await?;
    Ok(())
}

/// A date input set the way a date picker does (WebDriver typing depends on the locale).
async fn set_date(page: &Page, css: &str, date: &str) -> anyhow::Result<()> {
    page.wait_for(css).await?;
    let script = format!(
        "const input = document.querySelector({css:?}); input.value = {date:?}; \
         input.dispatchEvent(new Event('input', {{ bubbles: true }})); \
         input.dispatchEvent(new Event('change', {{ bubbles: true }})); return input.value;"
    );
    page.eval(&script).await?;
    Ok(())
}

fn text(value: &Value, pointer: &str) -> anyhow::Result<String> {
    value.pointer(pointer).and_then(Value::as_str).map(str::to_owned).with_context(|| format!("no string at {pointer} in {value}"))
}

#[tokio::test]
async fn a_web_lead_becomes_an_order_the_erp_confirms() -> anyhow::Result<()> {
    let Some(browser) = BrowserEnv::detect()? else { return Ok(()) };
    let mut erp = Receiver::new(SECRET)?;
    erp.start().await?;
    let app_dir = browser.app_dir.display().to_string();
    let url = erp.url();
    let env = [
        ("CRM_APP_DIR", app_dir.as_str()),
        ("CRM_ERP_WEBHOOK_URL", url.as_str()),
        ("CRM_ERP_WEBHOOK_SECRET", SECRET),
        ("CRM_ERP_POLL_MS", "50"),
    ];
    let crm = Instance::seeded(300, &env).await?;
    let (admin, manager) = (crm.login(demo::ADMIN).await?, crm.login(demo::MANAGER).await?);

    // A visitor fills in the company's website form.
    let email = "irene.volta@volta-impianti.test";
    let form = [
        ("firstName", "Irene"),
        ("lastName", "Volta"),
        ("company", "Volta Impianti Srl"),
        ("email", email),
        ("country", "IT"),
        ("products", PRODUCT),
        ("website", ""),
    ];
    let posted = reqwest::Client::new().post(crm.server.url("/web-to-lead")).form(&form).send().await?;
    anyhow::ensure!(posted.status() == 201, "the web form answered {}", posted.status());
    let found = crm
        .client
        .data("query($s: String) { leads(filter: {search: $s}) { nodes { id version source } } }", json!({"s": email}), Some(&manager))
        .await?;
    let lead = text(&found, "/leads/nodes/0/id")?;
    assert_eq!(found["leads"]["nodes"][0]["source"], "WEB_FORM");
    crm.client
        .data(
            "mutation($i: UpdateLeadInput!) { updateLead(input: $i) { lead { status } } }",
            json!({"i": {"id": lead, "version": found["leads"]["nodes"][0]["version"], "status": "QUALIFIED"}}),
            Some(&manager),
        )
        .await?;

    // The manager converts it and quotes the new opportunity.
    let lead_page = lead.clone();
    let (customer, quote) = browser
        .run("a_web_lead_becomes_an_order_the_erp_confirms_staff", crm.server.base_url(), "en-US", move |page| async move {
            page.goto(&format!("/leads/{lead_page}")).await?;
            sign_in(&page, demo::MANAGER, demo::PASSWORD).await?;
            page.wait_for("#convert-lead").await?;
            page.fill("#f-opportunityName", "Volta – ERP").await?;
            page.fill("#f-amount-amount", "9480").await?;
            set_date(&page, "#f-expectedCloseDate", "2027-06-30").await?;
            page.click("#convert-lead").await?;
            let customer = page.wait_for("#converted-customer").await?.attr("href").await?.context("no customer link")?;
            page.click("#converted-opportunity").await?;
            page.wait_for_exact_text("h1#opportunity-name", "Volta – ERP").await?;
            page.click(".quotes-section #new-quote").await?;
            page.fill("#quote-product-search", PRODUCT).await?;
            // The list first shows every priced product, then (debounced) only the matches.
            page.wait_gone(&format!("ul.product-matches button.add-line:not([data-sku=\"{PRODUCT}\"])")).await?;
            page.click(&format!("ul.product-matches button.add-line[data-sku=\"{PRODUCT}\"]")).await?;
            page.wait_for(&format!("table.quote-lines-editor tr[data-sku=\"{PRODUCT}\"]")).await?;
            page.fill("#f-lines-0-quantity", "10").await?;
            page.click("#save-quote").await?;
            page.wait_for("#quote-status[data-status=DRAFT]").await?;
            page.click("#send-quote").await?;
            page.wait_for("#quote-status[data-status=SENT]").await?;
            let path = page.path().await?;
            let quote = path.strip_prefix("/quotes/").context("the quote's page")?.to_owned();
            Ok((customer.trim_start_matches("/customers/").to_owned(), quote))
        })
        .await?;

    // The customer gets a self-service login and accepts the offer.
    let portal_email = "irene@volta-impianti.test";
    crm.client
        .data(
            "mutation($i: CreateUserInput!) { createUser(input: $i) { user { id } } }",
            json!({"i": {"email": portal_email, "displayName": "Irene Volta", "password": demo::PASSWORD, "kind": "CUSTOMER", "customerId": customer}}),
            Some(&admin),
        )
        .await?;
    let quote_page = quote.clone();
    browser
        .run("a_web_lead_becomes_an_order_the_erp_confirms_customer", crm.server.base_url(), "en-US", move |page| async move {
            page.goto("/me").await?;
            sign_in(&page, portal_email, demo::PASSWORD).await?;
            page.click(&format!(".my-quotes-section a[href=\"/me/quotes/{quote_page}\"]")).await?;
            page.wait_for("#quote-status[data-status=SENT]").await?;
            page.click("#accept-quote").await?;
            page.click("#confirm-accept").await?;
            page.wait_for("#quote-status[data-status=ACCEPTED]").await?;
            page.wait_for("#quote-order").await?;
            sign_out(&page).await
        })
        .await?;

    // The ERP receives the signed order and confirms it.
    let placed = crm
        .client
        .data("query($id: ID!) { quote(id: $id) { order { id number total { amount } } } }", json!({"id": quote}), Some(&manager))
        .await?;
    let (order, number) = (text(&placed, "/quote/order/id")?, text(&placed, "/quote/order/number")?);
    let deadline = Instant::now() + Duration::from_secs(20);
    let webhook = loop {
        if let Some(hit) = erp.received().into_iter().find(|r| r.json()["order"]["id"] == json!(order)) {
            break hit;
        }
        anyhow::ensure!(Instant::now() < deadline, "the ERP never received order {number}");
        tokio::time::sleep(Duration::from_millis(50)).await;
    };
    assert!(webhook.signature_ok, "the webhook is signed with the shared secret");
    assert_eq!(webhook.json()["order"]["total"], placed["quote"]["order"]["total"]["amount"]);
    assert_eq!(webhook.json()["order"]["lines"][0]["sku"], PRODUCT);
    let key = crm
        .client
        .data("mutation { createApiKey(input: {name: \"ERP\", scopes: [ORDERS_STATUS]}) { secret } }", json!({}), Some(&admin))
        .await?;
    let erp_key = text(&key, "/createApiKey/secret")?;
    crm.client
        .data(
            "mutation($i: ReportOrderStatusInput!) { reportOrderStatus(input: $i) { order { status } } }",
            json!({"i": {"number": number, "status": "CONFIRMED", "erpReference": "SAP-900017"}}),
            Some(&erp_key),
        )
        .await?;

    // Staff see the order confirmed, with its delivery.
    browser
        .run("a_web_lead_becomes_an_order_the_erp_confirms_order", crm.server.base_url(), "en-US", move |page| async move {
            page.goto(&format!("/orders/{order}")).await?;
            sign_in(&page, demo::MANAGER, demo::PASSWORD).await?;
            page.wait_for("#order-status[data-status=CONFIRMED]").await?;
            page.wait_for("#delivery-state[data-state=DELIVERED]").await?;
            Ok(())
        })
        .await?;
    Ok(())
}
