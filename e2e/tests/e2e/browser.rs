//! Browser end-to-end tests: the real `crm` binary (build it with `cargo build -p crm`)
//! serving the built app (`cargo xtask app` → `frontend/dist`) on a freshly seeded SQLite
//! database, driven by headless Chromium over WebDriver as a person would use it.
//!
//! Needs `chromium` and `chromium-driver` (Debian). Without them, or without the built app,
//! each test prints a loud SKIPPED line and passes, unless `CRM_E2E_BROWSER=require` (CI),
//! which makes it fail. A failing test leaves `e2e/screenshots/<test>.png` and `.html`. The
//! `accessibility` test also needs axe-core (`npm ci --prefix e2e/axe`), on the same terms.
//!
//! Every test starts its own server and browser, so tests neither share state nor depend on
//! their order. Outcomes are checked on the page and, for writes, over the API too.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use anyhow::{bail, ensure, Context};
use e2e::axe::Axe;
use e2e::browser::{BrowserEnv, Page};
use e2e::{demo, Instance};
use serde_json::{json, Value};
use std::time::{Duration, Instant};

/// Demo customers per test database: enough for owners, partners and searches to vary.
const CUSTOMERS: usize = 300;
/// The list's page size in the app.
const PAGE_SIZE: usize = 50;

/// The browser, its driver and the built app, and a freshly seeded server serving that app;
/// `None` when the test is skipped (see [`BrowserEnv::detect`]).
pub(crate) async fn setup() -> anyhow::Result<Option<(BrowserEnv, Instance)>> {
    setup_with(&[]).await
}

/// [`setup`] with more of the server's `CRM_*` settings.
pub(crate) async fn setup_with(env: &[(&str, &str)]) -> anyhow::Result<Option<(BrowserEnv, Instance)>> {
    let Some(browser) = BrowserEnv::detect()? else { return Ok(None) };
    let app_dir = browser.app_dir.display().to_string();
    let mut env = env.to_vec();
    env.push(("CRM_APP_DIR", app_dir.as_str()));
    let crm = Instance::seeded(CUSTOMERS, &env).await?;
    Ok(Some((browser, crm)))
}

/// The string at a JSON pointer.
pub(crate) fn text(value: &Value, pointer: &str) -> anyhow::Result<String> {
    value.pointer(pointer).and_then(Value::as_str).map(str::to_owned).with_context(|| format!("no string at {pointer} in {value}"))
}

fn int(value: &Value, pointer: &str) -> anyhow::Result<i64> {
    value.pointer(pointer).and_then(Value::as_i64).with_context(|| format!("no integer at {pointer} in {value}"))
}

fn list<'a>(value: &'a Value, pointer: &str) -> anyhow::Result<&'a Vec<Value>> {
    value.pointer(pointer).and_then(Value::as_array).with_context(|| format!("no list at {pointer} in {value}"))
}

/// "1 customer" / "N customers", as the list's count line starts (English, N < 1,000).
fn count_line(total: i64) -> String {
    if total == 1 {
        "1 customer".to_owned()
    } else {
        format!("{total} customers")
    }
}

/// Signs in on the login page (which must be showing) and waits for the app's shell.
pub(crate) async fn sign_in(page: &Page, email: &str) -> anyhow::Result<()> {
    page.fill("#login-email", email).await?;
    page.fill("#login-password", demo::PASSWORD).await?;
    page.click("form.login-card button[type=submit]").await?;
    page.wait_for(".app").await?;
    Ok(())
}

/// The first page (50 rows by name, unarchived) of a search, as the list shows it.
async fn search_page(crm: &Instance, token: &str, search: &str) -> anyhow::Result<Value> {
    crm.client
        .data(
            "query($q: String!, $first: Int!) { customers(first: $first, filter: {search: $q, archived: false},
                orderBy: [{field: NAME, direction: ASC}]) { totalCount nodes { id name } } }",
            json!({ "q": search, "first": PAGE_SIZE }),
            Some(token),
        )
        .await
}

/// Part of `name` that a person would type to find the customer `id`: the shortest leading
/// part (a prefix of a word, or whole words) whose search lists it on the first page.
/// Returns the text and how many customers its search finds.
async fn search_text_for(crm: &Instance, token: &str, name: &str, id: &str) -> anyhow::Result<(String, i64)> {
    let words: Vec<&str> = name.split_whitespace().collect();
    let mut candidates = Vec::new();
    for k in 0..words.len() {
        let before = words[..k].join(" ");
        let word = words[k];
        let short: String = word.chars().take(4).collect();
        for last in [short.as_str(), word] {
            let candidate = if before.is_empty() { last.to_owned() } else { format!("{before} {last}") };
            if !candidates.contains(&candidate) {
                candidates.push(candidate);
            }
        }
    }
    for candidate in candidates {
        let found = search_page(crm, token, &candidate).await?;
        if list(&found, "/customers/nodes")?.iter().any(|c| c["id"] == json!(id)) {
            return Ok((candidate, int(&found, "/customers/totalCount")?));
        }
    }
    bail!("no search for a part of {name:?} lists {id} on its first page")
}

/// a. A sales rep searches, opens an own customer, edits its industry, saves, reloads the
/// browser (the session survives through the refresh cookie) and still sees the change.
#[tokio::test]
async fn sales_rep_searches_edits_and_reloads() -> anyhow::Result<()> {
    let Some((browser, crm)) = setup().await? else { return Ok(()) };
    let token = crm.login(demo::SALES_REP).await?;
    let me = crm.client.data("{ me { user { id displayName } } }", json!({}), Some(&token)).await?;
    let (my_id, my_name) = (text(&me, "/me/user/id")?, text(&me, "/me/user/displayName")?);
    let owned = crm
        .client
        .data(
            "query($me: ID!) { customers(first: 1, filter: {ownerId: {in: [$me]}}) { nodes { id name industry version } } }",
            json!({ "me": my_id }),
            Some(&token),
        )
        .await?;
    let target = owned.pointer("/customers/nodes/0").context("the demo sales rep owns no customer")?.clone();
    let (id, name, version) = (text(&target, "/id")?, text(&target, "/name")?, int(&target, "/version")?);
    let (search, found) = search_text_for(&crm, &token, &name, &id).await?;
    let all = int(
        &crm.client.data("{ customers(filter: {archived: false}) { totalCount } }", json!({}), Some(&token)).await?,
        "/customers/totalCount",
    )?;
    ensure!(found < all, "searching {search:?} does not narrow the list ({found} of {all})");
    let industry = format!("Browser-edited industry {}", version + 1);
    eprintln!("customer {id} {name:?}: searching {search:?} ({found} of {all})");

    let (page_id, page_name, page_industry) = (id.clone(), name.clone(), industry.clone());
    browser
        .run("sales_rep_searches_edits_and_reloads", crm.server.base_url(), "en-US", move |page| async move {
            let (id, name, industry) = (page_id, page_name, page_industry);
            page.goto("/").await?;
            sign_in(&page, demo::SALES_REP).await?;
            page.wait_for_path("/home").await?;
            page.wait_for(".app[data-portal=staff]").await?;
            page.click("nav.mainnav a[href^='/customers']").await?;
            page.wait_for_path("/customers").await?;
            page.wait_for_text_matching("p.count", &format!("starting with {:?}", count_line(all)), |t| t.starts_with(&count_line(all)))
                .await?;

            page.fill("#customer-search", &search).await?;
            let expected = count_line(found);
            page.wait_for_text_matching("p.count", &format!("starting with {expected:?}"), |t| t.starts_with(&expected)).await?;
            let link = page.wait_for_exact_text("table.customers tbody tr th a", &name).await?;
            let href = link.attr("href").await?.unwrap_or_default();
            ensure!(href == format!("/customers/{id}"), "the row of {name:?} links to {href:?}");
            let rows = page.find_all("table.customers tbody tr").await?.len();
            ensure!(rows as i64 == found.min(PAGE_SIZE as i64), "{rows} rows for {found} matches");
            link.click().await?;

            page.wait_for_path(&format!("/customers/{id}")).await?;
            page.wait_for_exact_text("h1#customer-name", &name).await?;
            page.wait_for_exact_text("dd[data-field=owner]", &my_name).await?;
            page.wait_for(".history-section").await?;
            page.click("#edit-customer").await?;

            page.wait_for_path(&format!("/customers/{id}/edit")).await?;
            page.wait_for_value("#f-name", &name).await?;
            page.fill("#f-industry", &industry).await?;
            page.click("#save-customer").await?;
            page.wait_for_path(&format!("/customers/{id}")).await?;
            page.wait_for_exact_text("dd[data-field=industry]", &industry).await?;

            // A full reload: the access token is gone with the page; the cookie restores the session.
            page.reload().await?;
            page.wait_for_exact_text("h1#customer-name", &name).await?;
            page.wait_for_exact_text("dd[data-field=industry]", &industry).await?;
            ensure!(page.find_all("#login-email").await?.is_empty(), "the reload showed the login page");
            Ok(())
        })
        .await?;

    let saved = crm.client.data("query($id: ID!) { customer(id: $id) { industry version } }", json!({ "id": id }), Some(&token)).await?;
    assert_eq!(saved["customer"], json!({ "industry": industry, "version": version + 1 }));
    Ok(())
}

/// b. Someone else saves the customer while the form is open: saving shows CONFLICT; reload
/// takes in their change, and saving again succeeds.
#[tokio::test]
async fn stale_edit_shows_a_conflict_and_reload_recovers() -> anyhow::Result<()> {
    let Some((browser, crm)) = setup().await? else { return Ok(()) };
    let token = crm.login(demo::MANAGER).await?;
    let first = crm.client.data("{ customers(first: 1) { nodes { id name version } } }", json!({}), Some(&token)).await?;
    let (id, name) = (text(&first, "/customers/nodes/0/id")?, text(&first, "/customers/nodes/0/name")?);
    let api_industry = "Changed through the API";
    let browser_industry = "Changed in the browser after reload";

    let (api, api_token, page_id) = (crm.client.clone(), token.clone(), id.clone());
    browser
        .run("stale_edit_shows_a_conflict_and_reload_recovers", crm.server.base_url(), "en-US", move |page| async move {
            let id = page_id;
            // A deep link: the login page shows at the URL, which opens after sign-in.
            page.goto(&format!("/customers/{id}/edit")).await?;
            sign_in(&page, demo::MANAGER).await?;
            page.wait_for_path(&format!("/customers/{id}/edit")).await?;
            page.wait_for_value("#f-name", &name).await?;
            page.fill("#f-industry", "Changed in the browser first").await?;

            // Meanwhile, another writer saves the same customer.
            let current = api.data("query($id: ID!) { customer(id: $id) { version } }", json!({ "id": id }), Some(&api_token)).await?;
            let version = int(&current, "/customer/version")?;
            api.data(
                "mutation($input: UpdateCustomerInput!) { updateCustomer(input: $input) { customer { version } } }",
                json!({ "input": { "id": id, "version": version, "industry": api_industry } }),
                Some(&api_token),
            )
            .await?;

            page.click("#save-customer").await?;
            page.wait_for(".alert[data-error-code=CONFLICT]").await?;
            ensure!(page.path().await? == format!("/customers/{id}/edit"), "a conflicting save left the form");
            page.click("#reload-customer").await?;
            page.wait_for_value("#f-industry", api_industry).await?;
            page.wait_gone(".alert[data-error-code=CONFLICT]").await?;
            page.fill("#f-industry", browser_industry).await?;
            page.click("#save-customer").await?;
            page.wait_for_path(&format!("/customers/{id}")).await?;
            page.wait_for_exact_text("dd[data-field=industry]", browser_industry).await?;
            Ok(())
        })
        .await?;

    let saved = crm.client.data("query($id: ID!) { customer(id: $id) { industry version } }", json!({ "id": id }), Some(&token)).await?;
    assert_eq!(saved["customer"]["industry"], browser_industry);
    assert_eq!(saved["customer"]["version"], int(&first, "/customers/nodes/0/version")? + 2);
    Ok(())
}

/// c. A partner user sees the partner portal with only its organisation's customers, and
/// another customer's page is NOT_FOUND.
#[tokio::test]
async fn partner_sees_only_its_customers_and_not_others() -> anyhow::Result<()> {
    let Some((browser, crm)) = setup().await? else { return Ok(()) };
    let token = crm.login(demo::PARTNER).await?;
    let me = crm.client.data("{ me { partnerOrganization { id name } } }", json!({}), Some(&token)).await?;
    let (org, org_name) = (text(&me, "/me/partnerOrganization/id")?, text(&me, "/me/partnerOrganization/name")?);
    let seen = crm.client.data("{ customers(filter: {archived: false}) { totalCount } }", json!({}), Some(&token)).await?;
    let total = int(&seen, "/customers/totalCount")?;
    ensure!(total > 0, "the demo partner sees no customers");
    let admin = crm.login(demo::ADMIN).await?;
    let assigned = crm
        .client
        .data(
            "query($org: ID!) { customers(filter: {partnerId: {in: [$org]}, archived: false}) { totalCount } }",
            json!({ "org": org }),
            Some(&admin),
        )
        .await?;
    assert_eq!(int(&assigned, "/customers/totalCount")?, total, "the partner's count differs from its organisation's customers");
    let everyone = crm.client.data("{ customers(first: 250) { nodes { id partner { id } } } }", json!({}), Some(&admin)).await?;
    let hidden = list(&everyone, "/customers/nodes")?
        .iter()
        .find(|c| c["partner"]["id"] != json!(org))
        .context("every customer belongs to the demo partner")?;
    let hidden_id = text(hidden, "/id")?;

    let shown_ids = browser
        .run("partner_sees_only_its_customers_and_not_others", crm.server.base_url(), "en-US", move |page| async move {
            page.goto("/").await?;
            sign_in(&page, demo::PARTNER).await?;
            page.wait_for_path("/home").await?;
            page.wait_for(".app[data-portal=partner]").await?;
            page.wait_for_text(".brand", &format!("Partner portal · {org_name}")).await?;
            let nav: Vec<String> = links(&page, "nav.mainnav a").await?;
            ensure!(
                nav == ["/home", "/customers", "/pipeline", "/leads", "/orders", "/tickets", "/knowledge"],
                "the partner's navigation links to {nav:?}"
            );
            page.click("nav.mainnav a[href^='/customers']").await?;
            page.wait_for_path("/customers").await?;
            page.wait_for_text_matching("p.count", &format!("starting with {:?}", count_line(total)), |t| {
                t.starts_with(&count_line(total))
            })
            .await?;
            let ids: Vec<String> = links(&page, "table.customers tbody tr th a")
                .await?
                .iter()
                .map(|href| href.trim_start_matches("/customers/").to_owned())
                .collect();
            ensure!(ids.len() as i64 == total.min(PAGE_SIZE as i64), "{} rows for {total} customers", ids.len());

            page.goto(&format!("/customers/{hidden_id}")).await?;
            page.wait_for(".alert[data-error-code=NOT_FOUND]").await?;
            ensure!(page.find_all("h1#customer-name").await?.is_empty(), "a hidden customer's page shows its name");
            Ok(ids)
        })
        .await?;

    // Every listed customer is the partner's, as staff see it.
    let nodes = crm
        .client
        .data(
            "query($ids: [ID!]!) { nodes(ids: $ids) { id ... on Customer { partner { id } } } }",
            json!({ "ids": shown_ids }),
            Some(&admin),
        )
        .await?;
    for node in list(&nodes, "/nodes")? {
        assert_eq!(node["partner"]["id"], json!(org), "the partner was shown another organisation's customer: {node}");
    }
    Ok(())
}

/// The `href`s of the links matching `css`.
async fn links(page: &Page, css: &str) -> anyhow::Result<Vec<String>> {
    let mut hrefs = Vec::new();
    for link in page.find_all(css).await? {
        hrefs.push(link.attr("href").await?.unwrap_or_default());
    }
    Ok(hrefs)
}

/// d. A customer user lands on its profile (its account manager, no internal fields), flips
/// its EMAIL consent and sees it recorded, as self-service.
#[tokio::test]
async fn customer_changes_its_email_consent() -> anyhow::Result<()> {
    let Some((browser, crm)) = setup().await? else { return Ok(()) };
    let token = crm.login(demo::CUSTOMER).await?;
    let me_query = "{ me { customer { id name owner { displayName } contacts { id version consents { channel status source } } } } }";
    let me = crm.client.data(me_query, json!({}), Some(&token)).await?;
    let customer_name = text(&me, "/me/customer/name")?;
    let manager = text(&me, "/me/customer/owner/displayName")?;
    let contact = list(&me, "/me/customer/contacts")?.first().context("the demo customer has no contact")?.clone();
    let contact_id = text(&contact, "/id")?;
    let email_status = |contact: &Value| -> anyhow::Result<Value> {
        let consents = list(contact, "/consents")?;
        consents.iter().find(|c| c["channel"] == "EMAIL").cloned().context("no EMAIL consent")
    };
    let before = text(&email_status(&contact)?, "/status")?;
    let wanted = if before == "GRANTED" { "WITHDRAWN" } else { "GRANTED" };

    let card = format!("article.contact[aria-labelledby=\"contact-{contact_id}\"]");
    browser
        .run("customer_changes_its_email_consent", crm.server.base_url(), "en-US", move |page| async move {
            page.goto("/").await?;
            sign_in(&page, demo::CUSTOMER).await?;
            page.wait_for_path("/me").await?;
            page.wait_for(".app[data-portal=customer]").await?;
            page.wait_for_text(".brand", &customer_name).await?;
            // Its account manager, and none of the company's internal fields.
            page.wait_for_text("dd[data-field=accountManager]", &manager).await?;
            for internal in ["owner", "partner", "creditLimit"] {
                ensure!(page.find_all(&format!("dd[data-field={internal}]")).await?.is_empty(), "the portal shows {internal}");
            }
            let status = format!("{card} tr[data-channel=EMAIL] td[data-status]");
            let shown = page.wait_for(&status).await?.attr("data-status").await?.unwrap_or_default();
            ensure!(shown == before, "the page shows EMAIL consent {shown}, the API {before}");

            page.click(&format!("{card} .edit-consent")).await?;
            page.click(&format!("#consent-EMAIL-{wanted}")).await?;
            page.click(&format!("{card} .save-consent")).await?;
            page.wait_for(&format!("{card} tr[data-channel=EMAIL] td[data-status={wanted}]")).await?;
            page.wait_gone(&format!("{card} .save-consent")).await?;
            Ok(())
        })
        .await?;

    let after = crm.client.data(me_query, json!({}), Some(&token)).await?;
    let contact =
        list(&after, "/me/customer/contacts")?.iter().find(|c| c["id"] == json!(contact_id)).context("the contact is gone")?.clone();
    let email = email_status(&contact)?;
    assert_eq!((&email["status"], &email["source"]), (&json!(wanted), &json!("SELF_SERVICE")), "{email}");
    assert_eq!(int(&contact, "/version")?, int(&me, "/me/customer/contacts/0/version")? + 1);
    Ok(())
}

/// e. An Italian browser gets the app in Italian; the language switch changes it.
#[tokio::test]
async fn italian_browser_gets_italian_and_can_switch() -> anyhow::Result<()> {
    let Some((browser, crm)) = setup().await? else { return Ok(()) };
    browser
        .run("italian_browser_gets_italian_and_can_switch", crm.server.base_url(), "it-IT", |page| async move {
            page.goto("/").await?;
            page.wait_for_exact_text("#login-title", "Accedi al CRM").await?;
            sign_in(&page, demo::SALES_REP).await?;
            ensure!(html_lang(&page).await? == "it", "<html lang> is not it after sign-in");
            page.wait_for_exact_text("nav.mainnav a[href=\"/customers\"]", "Clienti").await?;
            page.wait_for_exact_text("#home-title", "Home").await?;
            page.wait_for_exact_text("label[for=home-find-customer]", "Trova un cliente").await?;
            page.click("nav.mainnav a[href=\"/customers\"]").await?;
            page.wait_for_exact_text("#customers-title", "Clienti").await?;
            page.wait_for_exact_text("#sign-out", "Esci").await?;
            ensure!(page.value("#language").await? == "it", "the language switch does not show it");

            page.select("#language", "en").await?;
            page.wait_for_exact_text("nav.mainnav a[href=\"/customers\"]", "Customers").await?;
            page.wait_for_exact_text("#sign-out", "Sign out").await?;
            ensure!(html_lang(&page).await? == "en", "<html lang> did not follow the switch");
            // The choice is remembered across a reload.
            page.reload().await?;
            page.wait_for_exact_text("nav.mainnav a[href=\"/customers\"]", "Customers").await?;
            Ok(())
        })
        .await
}

/// Defect 10: dates in Italian are written and picked as Italians do (gg/mm/aaaa, a calendar
/// in Italian whose weeks start on Monday), whatever the browser's own date format.
#[tokio::test]
async fn italian_dates_are_typed_and_picked_in_italian() -> anyhow::Result<()> {
    let Some((browser, crm)) = setup().await? else { return Ok(()) };
    browser
        .run("italian_dates_are_typed_and_picked_in_italian", crm.server.base_url(), "it-IT", |page| async move {
            page.goto("/pipeline").await?;
            sign_in(&page, demo::SALES_REP).await?;
            let from = page.wait_for("#board-close-from").await?;
            ensure!(from.attr("placeholder").await?.as_deref() == Some("gg/mm/aaaa"), "the placeholder is not Italian");
            page.fill("#board-close-from", "30/06/2027").await?;
            wait_for_link(&page, "close_from=2027-06-30").await?;
            page.click("#board-close-to + .date-toggle").await?;
            page.wait_for(".calendar .day").await?;
            let header = page.text(".calendar .calendar-header strong").await?;
            let year = page.eval("return String(new Date().getFullYear())").await?;
            ensure!(header.contains(year.as_str().unwrap_or("?")), "the calendar shows {header}");
            let first = page.text(".calendar-days th").await?;
            ensure!(first.to_lowercase().starts_with("lun"), "the week starts on {first}");
            page.click(".calendar .next-month").await?;
            page.click(".calendar .day[data-date$='-15']").await?;
            wait_for_link(&page, "close_to=").await?;
            let shown = page.value("#board-close-to").await?;
            ensure!(shown.starts_with("15/") && shown.len() == 10, "the picked day shows as {shown}");
            // A date that cannot be read says how to write one.
            page.fill("#board-close-from", "31/02/2027").await?;
            page.click("h1").await?;
            page.wait_for_text(".date-input .field-error", "gg/mm/aaaa").await?;
            Ok(())
        })
        .await
}

/// Waits until the page's URL (path and query) contains `part`.
async fn wait_for_link(page: &Page, part: &str) -> anyhow::Result<()> {
    let start = Instant::now();
    loop {
        let link = page.link().await?;
        if link.contains(part) {
            return Ok(());
        }
        if start.elapsed() > Duration::from_secs(10) {
            bail!("the URL {link} never held {part}");
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

async fn html_lang(page: &Page) -> anyhow::Result<String> {
    let lang = page.eval("return document.documentElement.lang").await?;
    Ok(lang.as_str().unwrap_or_default().to_owned())
}

/// f. Wrong credentials are refused; signing out returns to the login page, and a reload stays
/// there (the refresh cookie was cleared, and its session ended).
#[tokio::test]
async fn wrong_password_is_refused_and_sign_out_ends_the_session() -> anyhow::Result<()> {
    let Some((browser, crm)) = setup().await? else { return Ok(()) };
    browser
        .run("wrong_password_is_refused_and_sign_out_ends_the_session", crm.server.base_url(), "en-US", |page| async move {
            page.goto("/").await?;
            page.fill("#login-email", demo::ANALYST).await?;
            page.fill("#login-password", "not-the-password").await?;
            page.click("form.login-card button[type=submit]").await?;
            page.wait_for_text(".alert-error", "The email or the password is wrong.").await?;
            ensure!(page.find_all(".app").await?.is_empty(), "signed in with a wrong password");

            page.fill("#login-password", demo::PASSWORD).await?;
            page.click("form.login-card button[type=submit]").await?;
            page.wait_for(".app[data-portal=staff]").await?;
            page.click("#sign-out").await?;
            page.wait_for("#login-email").await?;
            page.wait_gone(".app").await?;

            page.reload().await?;
            page.wait_for("#login-email").await?;
            // The login page is the settled state after a reload (the restore attempt is over).
            tokio::time::sleep(Duration::from_millis(500)).await;
            ensure!(page.find_all(".app").await?.is_empty(), "a reload after sign-out restored the session");
            ensure!(page.find_all("#login-email").await?.len() == 1, "the login page went away");
            Ok(())
        })
        .await
}

/// A new API key starts with no scope ticked: the admin grants exactly what it is for, and a
/// key made to report order statuses reads no customers (it once started with "Read
/// customers" ticked). Creating one with no scope at all is refused with a reason.
#[tokio::test]
async fn an_api_key_gets_only_the_scopes_its_maker_ticks() -> anyhow::Result<()> {
    let Some((browser, crm)) = setup().await? else { return Ok(()) };
    let secret = browser
        .run("an_api_key_gets_only_the_scopes_its_maker_ticks", crm.server.base_url(), "en-US", |page| async move {
            page.goto("/admin/api-keys").await?;
            sign_in(&page, demo::ADMIN).await?;
            page.click("#new-api-key").await?;
            page.wait_for("#scope-ORDERS_STATUS").await?;
            let ticked = page.find_all(".create-form input[type=checkbox]:checked").await?.len();
            ensure!(ticked == 0, "{ticked} scopes are ticked on a new key");
            page.fill("#f-name", "ERP status feed").await?;
            page.click(".create-form button[type=submit]").await?;
            page.wait_for(".create-form .alert-error[data-error-code=BAD_USER_INPUT]").await?;
            ensure!(page.find_all("#api-key-secret").await?.is_empty(), "a key without scopes was created");
            page.click("#scope-ORDERS_STATUS").await?;
            page.click(".create-form button[type=submit]").await?;
            Ok(page.text("#api-key-secret").await?.trim().to_owned())
        })
        .await?;
    let read = crm.client.post("{ customers(first: 1) { totalCount } }", json!({}), Some(&secret)).await?;
    ensure!(e2e::error_code(&read) == Some("FORBIDDEN"), "the order-status key read customers: {read}");
    Ok(())
}

/// The GraphQL explorer at `/graphql` runs from the server alone (no CDN) under its policy, as
/// the user signed in to the app: its documentation pane shows the schema (the standard
/// introspection query passed), a query runs with the session's token, and the app keeps its
/// session afterwards (the explorer exchanged the refresh cookie under the app's lock).
#[tokio::test]
async fn the_explorer_documents_the_schema_and_queries_as_the_signed_in_user() -> anyhow::Result<()> {
    let Some((browser, crm)) = setup().await? else { return Ok(()) };
    browser
        .run("the_explorer_documents_the_schema_and_queries_as_the_signed_in_user", crm.server.base_url(), "en-US", |page| async move {
            page.goto("/graphql").await?;
            page.wait_for_text("#explorer-identity", "not signed in").await?;

            page.goto("/").await?;
            sign_in(&page, demo::ANALYST).await?;
            page.goto("/graphql").await?;
            page.wait_for_text("#explorer-identity", &format!("signed in as {}", demo::ANALYST)).await?;
            page.click("button[aria-label='Show Documentation Explorer']").await?;
            page.wait_for_text(".graphiql-doc-explorer", "query: Query").await?;
            page.click(".graphiql-doc-explorer a.graphiql-doc-explorer-type-name").await?;
            page.wait_for_text(".graphiql-doc-explorer", "customers").await?;

            page.click("button.graphiql-execute-button").await?;
            page.wait_for_text(".result-window", demo::ANALYST).await?;
            let elsewhere = page
                .eval("return performance.getEntriesByType('resource').map((e) => e.name).filter((url) => !url.startsWith(location.origin + '/'));")
                .await?;
            ensure!(elsewhere == json!([]), "the explorer loaded files from elsewhere: {elsewhere}");

            page.goto("/customers").await?;
            page.wait_for(".app[data-portal=staff]").await?;
            ensure!(page.find_all("#login-email").await?.is_empty(), "the app lost its session to the explorer");
            Ok(())
        })
        .await
}

/// Several tabs restoring their session at the same moment share the refresh cookie; refresh
/// tokens are single-use, so without the app's cross-tab lock the second exchange would be a
/// replay and end the session of every tab.
#[tokio::test]
async fn tabs_opened_together_all_keep_the_session() -> anyhow::Result<()> {
    let Some((browser, crm)) = setup().await? else { return Ok(()) };
    browser
        .run("tabs_opened_together_all_keep_the_session", crm.server.base_url(), "en-US", |page| async move {
            page.goto("/customers").await?;
            sign_in(&page, demo::SALES_REP).await?;
            page.wait_for("table.customers tbody tr").await?;
            // Four new tabs and a reload of this one: five refreshes start together.
            page.eval(
                "for (let i = 0; i < 4; i++) window.open('/customers', '_blank'); setTimeout(() => location.reload(), 0); return null;",
            )
            .await?;
            let client = page.client();
            let mut handles = Vec::new();
            for _ in 0..50 {
                handles = client.windows().await?;
                if handles.len() == 5 {
                    break;
                }
                tokio::time::sleep(Duration::from_millis(100)).await;
            }
            ensure!(handles.len() == 5, "expected 5 tabs, got {}", handles.len());
            for handle in handles {
                client.switch_to_window(handle).await?;
                page.wait_for("table.customers tbody tr").await?;
                ensure!(page.find_all("#login-email").await?.is_empty(), "a tab lost the session");
            }
            Ok(())
        })
        .await
}

/// g. Budget: time from navigation start to the first page of customers on screen, on a full
/// load of `/customers` with a session to restore (refresh, viewer, list), as the app marks it.
#[tokio::test]
async fn customer_list_renders_within_budget() -> anyhow::Result<()> {
    let Some((browser, crm)) = setup().await? else { return Ok(()) };
    browser
        .run("customer_list_renders_within_budget", crm.server.base_url(), "en-US", |page| async move {
            page.goto("/customers").await?;
            sign_in(&page, demo::SALES_REP).await?;
            page.wait_for("table.customers tbody tr").await?;

            // Fresh: a new document, so the app starts cold (wasm from the HTTP cache).
            page.goto("/customers").await?;
            page.wait_for("table.customers tbody tr").await?;
            let script = "const e = performance.getEntriesByName('crm:customers-rendered'); return e.length ? e[0].startTime : null;";
            let deadline = Instant::now() + Duration::from_secs(10);
            let millis = loop {
                if let Some(ms) = page.eval(script).await?.as_f64() {
                    break ms;
                }
                ensure!(Instant::now() < deadline, "the app never marked crm:customers-rendered");
                tokio::time::sleep(Duration::from_millis(50)).await;
            };
            eprintln!("time to first data render: {millis:.0} ms");
            ensure!(millis < 5000.0, "first data render took {millis:.0} ms (budget 5000 ms)");
            Ok(())
        })
        .await
}

/// The most a first visit may download (brotli): the shell, the login and the landing screen.
/// A ratchet at today's figure (304 kB: staff and partners land on their home, a module of its
/// own lighter than the customer list; modules' texts stay out of the shell; the tickets added
/// a menu entry, their labels and styles; routing a refusal reason and an audited kind of
/// record, whose sentences and labels the shell carries in both languages; the contact center a
/// route, an audited kind of record and an API key scope, ~0.9 kB; the call scripts two routes,
/// an audited kind of record and a refusal reason, ~0.9 kB; related tickets ~0.1 kB; the home's "My tasks", its
/// query, list and texts, ~3 kB; the timeline's two API key scopes ~0.4 kB; live subscriptions
/// that resume from a position and the resync refusal's sentence, while the live timeline
/// card went to a shared chunk: 309,701–310,094 B as the splitter shares code between
/// builds; the customer list's Export link, the export page's route and the link's label in
/// both languages, 310,494–310,643 B) plus a margin, so that the app
/// does not grow back; the aim is 250 kB (README, "Budgets"), reached when it is lowered to
/// that.
const FIRST_VISIT_BUDGET: u64 = 310_900;
/// The most one chunk (a module's code, or code modules share) may weigh (brotli). A ratchet
/// too: the customer record's module (customers, tickets, knowledge, tasks, calls) is the
/// largest, 226.5 kB since the customer's timeline (its card, filters, logging form, texts and
/// queries: +13.6 kB over 212.9 kB, measured 2026-12-04), then 203.9 kB once the self-service
/// area showed the timeline too (the card moved to a chunk the two modules share), then
/// 209.8 kB with the ticket page's email card (each email's state, attachments downloaded
/// with the session, sending again; its query fields, three enums and EN/IT texts: +5.9 kB),
/// 213.1 kB with the live ticket page (its subscription, and the conversation, emails and
/// status following it in place: +3.3 kB, measured 2026-12-04), 224.8 kB with live chat (the
/// chat bar on a ticket's page, the desk's live chats and their subscription, the chat's
/// operations and EN/IT texts, the page's connection badge, a ticket's texts card: +11.7 kB;
/// "chat with us", shown in the self-service area too, went to a shared chunk), 225.9 kB with
/// the ticket list's channel filter and the console's inbox views; the aim 120 kB, by cutting
/// that module in two (the service desk's screens apart) once the splitter's shared chunks
/// allow it.
const CHUNK_BUDGET: u64 = 226_400;

/// The release bundle keeps its download budgets (`cargo xtask app` writes `sizes.json`): a
/// first visit within [`FIRST_VISIT_BUDGET`], every chunk within [`CHUNK_BUDGET`], and the
/// modules really split off (more than a handful of chunks).
#[test]
fn release_bundle_keeps_its_budgets() -> anyhow::Result<()> {
    let Some(browser) = BrowserEnv::detect()? else { return Ok(()) };
    let path = browser.app_dir.join("sizes.json");
    let sizes: Value = serde_json::from_str(&std::fs::read_to_string(&path).with_context(|| format!("reading {}", path.display()))?)?;
    if sizes["profile"] != "wasm-release" {
        ensure!(!e2e::browser::browser_required(), "CRM_E2E_BROWSER=require but {} is of a dev build", path.display());
        eprintln!("\n==================== SKIPPED budget test: the built app is a dev build ====================\n");
        return Ok(());
    }
    let first_visit = sizes["initial_transfer"].as_u64().context("initial_transfer")?;
    let largest = sizes["largest_chunk"].as_u64().context("largest_chunk")?;
    let files = list(&sizes, "/files")?;
    let chunks = files.iter().filter(|file| file["chunk"] == true).count();
    eprintln!("first visit {first_visit} bytes brotli, largest of {chunks} chunks {largest} bytes");
    ensure!(first_visit <= FIRST_VISIT_BUDGET, "a first visit downloads {first_visit} bytes (budget {FIRST_VISIT_BUDGET})");
    ensure!(largest <= CHUNK_BUDGET, "the largest chunk is {largest} bytes (budget {CHUNK_BUDGET})");
    ensure!(chunks >= 10, "only {chunks} chunks: the screens are not split off");
    for file in files.iter().filter(|file| file["chunk"] == true) {
        ensure!(browser.app_dir.join(text(file, "/name")?).is_file(), "{} is listed but not built", file["name"]);
    }
    Ok(())
}

/// A deep link into a lazily loaded screen opens cold (a new browser, nothing cached) on a
/// slow mobile connection: the login shows at that address, and after sign-in the screen
/// itself, its code fetched on the way.
#[tokio::test]
async fn deep_link_opens_cold_on_a_slow_connection() -> anyhow::Result<()> {
    let Some((browser, crm)) = setup().await? else { return Ok(()) };
    let rep = crm.login(demo::SALES_REP).await?;
    let (customer_id, _) = own_customer(&crm, &rep).await?;
    let created = crm
        .client
        .data(
            "mutation($input: CreateOpportunityInput!) { createOpportunity(input: $input) { opportunity { id } } }",
            json!({ "input": { "customerId": customer_id, "name": "Deep link deal", "amount": { "amount": "900.00", "currency": "EUR" },
                "expectedCloseDate": "2027-03-31" } }),
            Some(&rep),
        )
        .await?;
    let opportunity = text(&created, "/createOpportunity/opportunity/id")?;
    browser
        .run("deep_link_opens_cold_on_a_slow_connection", crm.server.base_url(), "en-US", |page| async move {
            // About a good 3G link: 150 ms more per request, 200 kB/s down.
            page.throttle(Duration::from_millis(150), 200_000).await?;
            let path = format!("/opportunities/{opportunity}");
            page.goto(&path).await?;
            page.wait_for("#login-email").await?;
            ensure!(page.path().await? == path, "the login moved away from the deep link");
            sign_in(&page, demo::SALES_REP).await?;
            page.wait_for_text("h1", "Deep link deal").await?;
            let fetched = page.wasm_fetches().await?;
            ensure!(fetched.len() >= 2, "the screen's code did not come as a chunk of its own: {fetched:?}");
            Ok(())
        })
        .await
}

/// Moving through every module from the navigation, without a reload, loads each chunk of
/// code once (however often a screen is opened), and the console stays clean (checked by
/// `run`).
#[tokio::test]
async fn every_module_loads_its_code_once() -> anyhow::Result<()> {
    let Some((browser, crm)) = setup().await? else { return Ok(()) };
    browser
        .run("every_module_loads_its_code_once", crm.server.base_url(), "en-US", |page| async move {
            page.goto("/").await?;
            sign_in(&page, demo::ADMIN).await?;
            page.eval("performance.setResourceTimingBufferSize(10000)").await?;
            let menu = links(&page, "nav.mainnav a").await?;
            ensure!(menu.len() >= 6, "the admin's navigation has only {menu:?}");
            // The administration screens are reached through the settings home.
            page.click("nav.mainnav a[href='/admin']").await?;
            let settings = links(&page, ".settings-groups a").await?;
            ensure!(settings.len() >= 9, "the admin's settings have only {settings:?}");
            let links: Vec<String> = menu.iter().chain(&settings).cloned().collect();
            // Twice round: the second visit of each screen must not fetch anything again.
            for round in 0..2 {
                for href in &links {
                    if settings.contains(href) {
                        page.click("nav.mainnav a[href='/admin']").await?;
                        page.wait_for_path("/admin").await?;
                        page.click(&format!(".settings-groups a[href='{href}']")).await?;
                    } else {
                        page.click(&format!("nav.mainnav a[href='{href}']")).await?;
                    }
                    page.wait_for_path(href).await?;
                    page.wait_for("main h1").await?;
                    let fetched = page.wasm_fetches().await?;
                    let mut seen = std::collections::HashSet::new();
                    let twice: Vec<&String> = fetched.iter().filter(|name| !seen.insert(*name)).collect();
                    ensure!(twice.is_empty(), "fetched again on {href} (round {round}): {twice:?}");
                }
            }
            let fetched = page.wasm_fetches().await?;
            // The main module and at least a chunk for each of the customer, sales and admin modules.
            ensure!(
                fetched.len() > 3,
                "{} wasm files for {} screens of three modules: the modules are not split",
                fetched.len(),
                links.len()
            );
            Ok(())
        })
        .await
}

/// The administration is one "Settings" link in the menu: its home groups the screens by
/// what they govern, each settings screen has the groups beside it, and admins see there that
/// the demo's orders wait for an ERP no server delivers to. A sales manager gets only the
/// groups of the screens it may use.
#[tokio::test]
async fn settings_home_groups_the_administration() -> anyhow::Result<()> {
    let Some((browser, crm)) = setup().await? else { return Ok(()) };
    let admin = crm.login(demo::ADMIN).await?;
    let health = crm.client.data("{ erpHealth { stalled failed } }", json!({}), Some(&admin)).await?;
    let stalled = int(&health, "/erpHealth/stalled")?;
    ensure!(stalled > 0, "the demo's orders should wait for the ERP: {health}");
    browser
        .run("settings_home_groups_the_administration", crm.server.base_url(), "en-US", move |page| async move {
            page.goto("/").await?;
            sign_in(&page, demo::ADMIN).await?;
            let menu = links(&page, "nav.mainnav a").await?;
            ensure!(
                menu == ["/home", "/customers", "/pipeline", "/leads", "/orders", "/sales/metrics", "/tickets", "/knowledge", "/admin"],
                "the admin's menu links to {menu:?}"
            );
            page.click("nav.mainnav a[href='/admin']").await?;
            page.wait_for_exact_text("h1#settings-title", "Settings").await?;
            let groups: Vec<String> = {
                let mut titles = Vec::new();
                for title in page.find_all(".settings-group h2").await? {
                    titles.push(title.text().await?);
                }
                titles
            };
            ensure!(groups == ["Company", "People and access", "Catalog", "Sales settings", "Data", "Integrations"], "groups: {groups:?}");
            ensure!(links(&page, "#settings-data ~ ul a").await? == ["/admin/imports"], "data");
            ensure!(links(&page, "#settings-company ~ ul a").await? == ["/admin/company", "/admin/exchange-rates"], "company");
            ensure!(
                links(&page, "#settings-people ~ ul a").await? == ["/admin/users", "/admin/partners", "/admin/api-keys", "/admin/teams"],
                "people and access"
            );
            ensure!(links(&page, "#settings-integrations ~ ul a").await? == ["/admin/erp-deliveries"], "integrations");
            let orders = if stalled == 1 { "1 order has".to_owned() } else { format!("{stalled} orders have") };
            page.wait_for_text("[data-erp-health=attention] [data-erp-problem=stalled]", &format!("{orders} waited for the ERP since"))
                .await?;
            page.click("[data-erp-health=attention] a[href='/admin/erp-deliveries']").await?;
            page.wait_for_path("/admin/erp-deliveries").await?;
            page.wait_for("section[aria-labelledby=erp-deliveries-title] [data-erp-problem=stalled]").await?;
            // The settings menu is beside the screen, its link marked as the current page.
            page.wait_for_exact_text(".settings-menu a[aria-current=page]", "ERP deliveries").await?;
            page.click(".settings-menu a[href='/admin/teams']").await?;
            page.wait_for("section[aria-labelledby=teams-title] tbody tr").await?;
            page.click(".settings-menu .settings-back a").await?;
            page.wait_for_path("/admin").await?;
            sign_out(&page).await?;

            sign_in(&page, demo::MANAGER).await?;
            page.click("nav.mainnav a[href='/admin']").await?;
            page.wait_for(".settings-group").await?;
            let shown = links(&page, ".settings-groups a").await?;
            ensure!(
                shown == ["/admin/products", "/admin/price-books", "/admin/discount-limits", "/admin/assignment-rules", "/admin/imports"],
                "the manager's settings: {shown:?}"
            );
            ensure!(page.find_all("[data-erp-health]").await?.is_empty(), "the ERP's health is for admins");
            // The manager sets the reps' discount limit; a reload shows it kept.
            page.click(".settings-groups a[href='/admin/discount-limits']").await?;
            page.wait_for_value("#limit-SALES_REP", "10").await?;
            page.fill("#limit-SALES_REP", "12.5").await?;
            page.click("tr[data-seller=SALES_REP] .save-limit").await?;
            page.wait_for("tr[data-seller=SALES_REP] .saved").await?;
            page.reload().await?;
            page.wait_for_value("#limit-SALES_REP", "12.5").await?;
            Ok(())
        })
        .await
}

/// h. The customer list's filters and page live in the URL: the country filter narrows the
/// list to what the API counts, paging moves on by one page, and a reload, back and forward,
/// the menu and a shared link all show the list as it was.
#[tokio::test]
async fn customer_list_state_is_in_the_url() -> anyhow::Result<()> {
    let Some((browser, crm)) = setup().await? else { return Ok(()) };
    let token = crm.login(demo::MANAGER).await?;
    let all = crm
        .client
        .data("{ customers(first: 250, filter: {archived: false}) { nodes { address { country { code } } } } }", json!({}), Some(&token))
        .await?;
    let mut counts = std::collections::BTreeMap::<String, usize>::new();
    for node in list(&all, "/customers/nodes")? {
        if let Some(code) = node.pointer("/address/country/code").and_then(Value::as_str) {
            *counts.entry(code.to_owned()).or_default() += 1;
        }
    }
    let (country, _) = counts.into_iter().max_by_key(|(_, n)| *n).context("no customer has a country")?;
    let filtered = crm
        .client
        .data(
            "query($c: String!) { customers(filter: {country: {in: [$c]}, archived: false}) { totalCount } }",
            json!({ "c": country }),
            Some(&token),
        )
        .await?;
    let total = int(&filtered, "/customers/totalCount")?;
    eprintln!("country {country}: {total} customers");
    // A region of that country, and how many customers it has (narrowed as typed, below).
    let regions = crm
        .client
        .data(
            "query($c: String!) { customers(first: 250, filter: {country: {in: [$c]}, archived: false}) { nodes { address { region } } } }",
            json!({ "c": country }),
            Some(&token),
        )
        .await?;
    let mut by_region = std::collections::BTreeMap::<String, usize>::new();
    for node in list(&regions, "/customers/nodes")? {
        if let Some(region) = node.pointer("/address/region").and_then(Value::as_str) {
            *by_region.entry(region.to_owned()).or_default() += 1;
        }
    }
    let (region, _) = by_region.into_iter().min_by_key(|(_, n)| *n).context("no customer of the country has a region")?;
    let in_region = crm
        .client
        .data(
            "query($c: String!, $r: String!) { customers(filter: {country: {in: [$c]}, region: {in: [$r]}, archived: false}) { totalCount } }",
            json!({ "c": country, "r": region }),
            Some(&token),
        )
        .await?;
    let in_region = int(&in_region, "/customers/totalCount")?;
    ensure!(in_region < total, "the region {region} holds every customer of {country}: the filter would show no change");

    let everyone = crm.client.data("{ customers(filter: {archived: false}) { totalCount } }", json!({}), Some(&token)).await?;
    let everyone = int(&everyone, "/customers/totalCount")?;
    ensure!(everyone > PAGE_SIZE as i64, "{everyone} customers fit on one page: nothing to page through");
    let page_one = format!("{} · 1–{PAGE_SIZE}", count_line(everyone));
    let page_two = format!("{} · {}–{}", count_line(everyone), PAGE_SIZE + 1, everyone.min(2 * PAGE_SIZE as i64));
    let narrowed = format!("{} · 1–{}", count_line(in_region), in_region.min(PAGE_SIZE as i64));

    let filtered_link = browser
        .run("filter_by_country_and_page_through", crm.server.base_url(), "en-US", {
            let (country, region, narrowed) = (country.clone(), region.clone(), narrowed.clone());
            move |page| async move {
                page.goto("/customers").await?;
                sign_in(&page, demo::MANAGER).await?;
                page.wait_for_exact_text("p.count", &page_one).await?;
                // The page shown is in the URL: a reload, back and forward keep it.
                page.click("#next-page").await?;
                page.wait_for_exact_text("p.count", &page_two).await?;
                page.reload().await?;
                page.wait_for_exact_text("p.count", &page_two).await?;
                page.back().await?;
                page.wait_for_exact_text("p.count", &page_one).await?;
                page.forward().await?;
                page.wait_for_exact_text("p.count", &page_two).await?;

                // A filter starts again from the first page.
                page.click("details.filters summary").await?;
                page.select("#filter-country", &country).await?;
                let first = format!("{} · 1–{}", count_line(total), total.min(PAGE_SIZE as i64));
                page.wait_for_exact_text("p.count", &first).await?;
                let rows = page.find_all("table.customers tbody tr").await?.len() as i64;
                ensure!(rows == total.min(PAGE_SIZE as i64), "{rows} rows on the first page of {total}");
                let next = page.wait_for("#next-page").await?;
                ensure!(next.is_enabled().await? == (total > PAGE_SIZE as i64), "#next-page enabled with {total} rows");
                // A text filter applies as it is typed, like the search: no Enter, no leaving the box.
                page.fill("#filter-region", &region).await?;
                page.wait_for_exact_text("p.count", &narrowed).await?;

                // The filters survive a reload, in the list and in their boxes.
                let link = page.link().await?;
                ensure!(link.contains(&format!("country={country}")), "the URL {link} does not hold the country");
                page.reload().await?;
                page.wait_for_exact_text("p.count", &narrowed).await?;
                page.wait_for_value("#filter-country", &country).await?;
                page.wait_for_value("#filter-region", &region).await?;
                // Typing replaced the country's step: back is the second page before any filter.
                page.back().await?;
                page.wait_for_exact_text("p.count", &page_two).await?;
                page.wait_for_value("#filter-region", "").await?;
                page.forward().await?;
                page.wait_for_exact_text("p.count", &narrowed).await?;
                // Followed from the menu, the list is as it was left.
                page.click("nav.mainnav a[href='/orders']").await?;
                page.wait_for("table.orders").await?;
                page.click("nav.mainnav a[href^='/customers']").await?;
                page.wait_for_exact_text("p.count", &narrowed).await?;
                Ok(link)
            }
        })
        .await?;

    // The link opens the same list for someone else (a new browser, signing in on the way).
    browser
        .run("filter_by_country_and_page_through_link", crm.server.base_url(), "en-US", move |page| async move {
            page.goto(&filtered_link).await?;
            sign_in(&page, demo::MANAGER).await?;
            page.wait_for_exact_text("p.count", &narrowed).await?;
            page.wait_for_value("#filter-region", &region).await?;
            Ok(())
        })
        .await
}

/// i. Accessibility: axe-core's WCAG 2.0/2.1 A and AA rules find no serious or critical
/// violation on the main screens of every kind of user, at desktop and at phone width
/// (moderate and minor ones are printed as warnings), and no screen scrolls sideways.
#[tokio::test]
async fn accessibility() -> anyhow::Result<()> {
    let Some((browser, crm)) = setup().await? else { return Ok(()) };
    let Some(axe) = Axe::detect()? else { return Ok(()) };
    // An API key, so that the API keys page has a row to check (the demo data has none).
    let admin = crm.login(demo::ADMIN).await?;
    crm.client
        .data("mutation { createApiKey(input: {name: \"ERP sync\", scopes: [CUSTOMERS_READ]}) { apiKey { id } } }", json!({}), Some(&admin))
        .await?;
    // A product priced in a book and a sales team, so that the catalog and team screens have
    // rows to check (the demo data has none).
    let book = priced_product(&crm, &admin, "A11Y-1", "10.00").await?;
    let book_path = format!("/admin/price-books/{book}");
    crm.client.data("mutation { createSalesTeam(input: {name: \"Nord Italia\"}) { salesTeam { id } } }", json!({}), Some(&admin)).await?;
    // An opportunity, so that the board, the list and an opportunity's page have content.
    let rep = crm.login(demo::SALES_REP).await?;
    let (customer_id, _) = own_customer(&crm, &rep).await?;
    let created = crm
        .client
        .data(
            "mutation($input: CreateOpportunityInput!) { createOpportunity(input: $input) { opportunity { id } } }",
            json!({ "input": { "customerId": customer_id, "name": "Axe check deal", "amount": { "amount": "1200.50", "currency": "EUR" },
                "expectedCloseDate": "2027-06-30", "nextStep": "Call back" } }),
            Some(&rep),
        )
        .await?;
    let opportunity = text(&created, "/createOpportunity/opportunity/id")?;
    // A qualified lead of the rep's (its page then shows the conversion form) and an
    // assignment rule, so that the lead screens and the rules page have content.
    let lead = qualified_lead(&crm, &rep, "Axe", "Check", "axe.check@leads.test").await?;
    // An order of the rep's customer, so that the order screens and the ERP deliveries have
    // content.
    let product = crm.client.data("{ products(first: 1, filter: {search: \"A11Y-1\"}) { nodes { id } } }", json!({}), Some(&admin)).await?;
    let placed = crm
        .client
        .data(
            "mutation($input: CreateOrderInput!) { createOrder(input: $input) { order { id status version } } }",
            json!({ "input": { "customerId": customer_id, "priceBookId": book, "taxPercent": "22",
                "lines": [{ "productId": text(&product, "/products/nodes/0/id")?, "quantity": "2", "discountPercent": "5" }] } }),
            Some(&admin),
        )
        .await?;
    let order = text(&placed, "/createOrder/order/id")?;
    // Placed, so that it has an ERP delivery (the customer's credit limit may hold it).
    if text(&placed, "/createOrder/order/status")? == "CREDIT_HOLD" {
        crm.client
            .data(
                "mutation($input: OrderActionInput!) { releaseCreditHold(input: $input) { order { status } } }",
                json!({ "input": { "id": order, "version": int(&placed, "/createOrder/order/version")? } }),
                Some(&admin),
            )
            .await?;
    }
    let me = crm.client.data("{ me { user { id } } }", json!({}), Some(&rep)).await?;
    crm.client
        .data(
            "mutation($user: ID!) { createAssignmentRule(input: {name: \"Italy web leads\", country: \"IT\", source: WEB_FORM,
                target: USER, userId: $user}) { assignmentRule { id } } }",
            json!({ "user": text(&me, "/me/user/id")? }),
            Some(&admin),
        )
        .await?;
    let quotes = QuoteScreens::prepare(&crm, &rep, &opportunity).await?;
    let serious = browser
        .run("accessibility", crm.server.base_url(), "en-US", move |page| async move {
            let mut serious = Vec::new();
            for (width, height, size) in [(1280, 900, "desktop"), (390, 844, "phone")] {
                page.client().set_window_size(width, height).await?;
                let inner = page.eval("return window.innerWidth").await?.as_u64().unwrap_or_default();
                ensure!(inner <= u64::from(width), "the {size} window is {inner} px wide inside, more than {width}");
                serious.extend(check_screens(&page, &axe, size, &book_path, &opportunity, &lead, &order).await?);
                serious.extend(quotes.check(&page, &axe, size).await?);
            }
            // The checker itself works: an image without a text alternative is reported.
            page.eval("const img = document.createElement('img'); img.src = 'data:,'; document.body.append(img);").await?;
            let canary = axe.audit(&page).await?;
            ensure!(
                canary.iter().any(|v| v.id == "image-alt" && v.is_serious()),
                "axe-core did not report an image without alt text: {canary:?}"
            );
            Ok(serious)
        })
        .await?;
    ensure!(
        serious.is_empty(),
        "{} serious or critical accessibility violations or sideways scrolls:\n{}",
        serious.len(),
        serious.join("\n")
    );
    Ok(())
}

/// The serious and critical accessibility violations of the screen shown, whether it scrolls
/// sideways (every screen fits the window's width, a phone's too; a wide table may scroll
/// inside its own box, not the page), and table cells that are not laid out as cells.
async fn check_screen(page: &Page, axe: &Axe, screen: &str) -> anyhow::Result<Vec<String>> {
    let mut problems = axe.check(page, screen).await?;
    let overflow = page
        .eval(
            "const width = document.documentElement.clientWidth;
             if (document.documentElement.scrollWidth <= width) return null;
             const scrolls = e => ['auto', 'scroll', 'hidden'].includes(getComputedStyle(e).overflowX);
             // An absolutely placed element escapes a scroller that is not its containing block.
             const inScroller = e => {
                 if (getComputedStyle(e).position === 'absolute') return false;
                 for (let p = e.parentElement; p; p = p.parentElement) if (scrolls(p)) return true;
                 return false;
             };
             const wide = [...document.querySelectorAll('body *')].filter(e => e.getBoundingClientRect().right > width + 1 && !inScroller(e));
             const outermost = wide.filter(e => !wide.includes(e.parentElement)).slice(0, 3);
             return `${document.documentElement.scrollWidth} px wide in a ${width} px window; too wide: ` +
                 outermost.map(e => `${e.tagName.toLowerCase()}${e.className ? '.' + String(e.className).trim().replaceAll(' ', '.') : ''} (${Math.round(e.getBoundingClientRect().right)} px)`).join(', ');",
        )
        .await?;
    if let Some(overflow) = overflow.as_str() {
        eprintln!("SIDEWAYS SCROLL on {screen}: {overflow}");
        problems.push(format!("{screen}: scrolls sideways: {overflow}"));
    }
    // Wider than a phone, a table's cells are cells: one laid out otherwise (a flex box of
    // buttons) puts its borders out of line with the row's.
    let misfits = page
        .eval(
            "if (window.innerWidth <= 640) return [];
             return [...document.querySelectorAll('td, th')].filter(c => getComputedStyle(c).display !== 'table-cell')
                 .slice(0, 3).map(c => `${c.tagName.toLowerCase()}.${c.className}`);",
        )
        .await?;
    if misfits.as_array().is_some_and(|cells| !cells.is_empty()) {
        problems.push(format!("{screen}: table cells not laid out as cells: {misfits}"));
    }
    Ok(problems)
}

/// Checks the screens of [`accessibility`] at the current window size (`size` names it in
/// the output), signing each user in and out; returns the serious and critical violations.
async fn check_screens(
    page: &Page,
    axe: &Axe,
    size: &str,
    book_path: &str,
    opportunity: &str,
    lead: &str,
    order: &str,
) -> anyhow::Result<Vec<String>> {
    let mut serious = Vec::new();
    page.goto("/").await?;
    page.wait_for("#login-email").await?;
    serious.extend(check_screen(page, axe, &format!("the login page ({size})")).await?);

    sign_in(page, demo::SALES_REP).await?;
    page.wait_for(".home-deals table, .home-deals .empty").await?;
    page.wait_for(".home-leads table, .home-leads .empty").await?;
    serious.extend(check_screen(page, axe, &format!("the sales rep's home ({size})")).await?);
    page.goto("/customers").await?;
    page.wait_for("table.customers tbody tr").await?;
    if page.find_all("details.filters[open]").await?.is_empty() {
        page.click("details.filters summary").await?;
    }
    page.wait_for("details.filters[open] #filter-country").await?;
    serious.extend(check_screen(page, axe, &format!("the customer list with its filters open ({size})")).await?);
    let href = page.wait_for("table.customers tbody tr th a").await?.attr("href").await?.context("a customer link has no href")?;
    page.goto(&href).await?;
    let name = page.text("h1#customer-name").await?;
    page.wait_for("dd[data-field=owner]").await?;
    serious.extend(check_screen(page, axe, &format!("the customer 360 page {href} ({size})")).await?);
    page.goto(&format!("{href}/edit")).await?;
    page.wait_for_value("#f-name", name.trim()).await?;
    serious.extend(check_screen(page, axe, &format!("the customer form {href}/edit ({size})")).await?);
    page.goto("/pipeline").await?;
    page.wait_for(".board-column li.opportunity-card").await?;
    serious.extend(check_screen(page, axe, &format!("the pipeline board ({size})")).await?);
    page.goto("/opportunities").await?;
    page.wait_for("table.opportunities tbody tr").await?;
    serious.extend(check_screen(page, axe, &format!("the opportunity list ({size})")).await?);
    page.goto(&format!("/opportunities/{opportunity}")).await?;
    page.wait_for("table.stage-history tbody tr").await?;
    serious.extend(check_screen(page, axe, &format!("the opportunity page ({size})")).await?);
    page.goto(&format!("/opportunities/{opportunity}/edit")).await?;
    page.wait_for_value("#f-name", "Axe check deal").await?;
    serious.extend(check_screen(page, axe, &format!("the opportunity form ({size})")).await?);
    page.goto("/leads").await?;
    page.wait_for("table.leads tbody tr").await?;
    serious.extend(check_screen(page, axe, &format!("the lead list ({size})")).await?);
    page.goto("/leads/new").await?;
    page.wait_for("#f-firstName").await?;
    serious.extend(check_screen(page, axe, &format!("the new-lead form ({size})")).await?);
    page.goto(&format!("/leads/{lead}")).await?;
    page.wait_for("#convert-lead").await?;
    serious.extend(check_screen(page, axe, &format!("the lead page with its conversion form ({size})")).await?);
    page.goto("/sales/metrics").await?;
    page.wait_for(".kpis .kpi").await?;
    page.wait_for("[data-section='by-stage'] tbody tr").await?;
    serious.extend(check_screen(page, axe, &format!("the sales metrics ({size})")).await?);
    sign_out(page).await?;

    sign_in(page, demo::ADMIN).await?;
    page.wait_for(".home-pipeline table").await?;
    page.wait_for(".home-holds .count, .home-holds .empty").await?;
    page.wait_for(".home-registrations .count, .home-registrations .empty").await?;
    page.wait_for("[data-erp-health]").await?;
    serious.extend(check_screen(page, axe, &format!("the admin's home ({size})")).await?);
    page.goto("/admin").await?;
    page.wait_for(".settings-group").await?;
    page.wait_for("[data-erp-health]").await?;
    serious.extend(check_screen(page, axe, &format!("the settings home ({size})")).await?);
    for (path, title) in [
        ("/admin/users", "users-title"),
        ("/admin/partners", "partners-title"),
        ("/admin/api-keys", "keys-title"),
        ("/admin/products", "products-title"),
        ("/admin/price-books", "price-books-title"),
        (book_path, "price-book-title"),
        ("/admin/teams", "teams-title"),
        ("/admin/pipeline", "stages-title"),
        ("/admin/discount-limits", "discounts-title"),
        ("/admin/assignment-rules", "rules-title"),
        ("/admin/exchange-rates", "rates-title"),
    ] {
        page.goto(path).await?;
        page.wait_for(&format!("section[aria-labelledby={title}] tbody tr")).await?;
        serious.extend(check_screen(page, axe, &format!("{path} ({size})")).await?);
    }
    page.goto("/admin/company").await?;
    page.wait_for("img.company-logo").await?;
    serious.extend(check_screen(page, axe, &format!("/admin/company ({size})")).await?);
    page.goto("/orders").await?;
    page.wait_for("section[aria-labelledby=orders-title] tbody tr").await?;
    serious.extend(check_screen(page, axe, &format!("the order list ({size})")).await?);
    page.goto(&format!("/orders/{order}")).await?;
    page.wait_for("table.order-lines tbody tr").await?;
    page.wait_for("#erp-delivery").await?;
    serious.extend(check_screen(page, axe, &format!("the order page ({size})")).await?);
    page.goto("/orders/new").await?;
    page.click(".product-choices li .add-line").await?;
    page.wait_for("#line-0-quantity").await?;
    serious.extend(check_screen(page, axe, &format!("the new-order form with a line ({size})")).await?);
    page.goto("/admin/erp-deliveries").await?;
    page.select("#filter-delivery-state", "").await?;
    page.wait_for("section[aria-labelledby=erp-deliveries-title] tbody tr").await?;
    serious.extend(check_screen(page, axe, &format!("/admin/erp-deliveries ({size})")).await?);
    page.goto("/tickets").await?;
    page.wait_for("table.tickets tbody tr").await?;
    serious.extend(check_screen(page, axe, &format!("the ticket list ({size})")).await?);
    page.click("table.tickets tbody tr th a").await?;
    page.wait_for("li.sla-clock").await?;
    page.wait_for("#message-body").await?;
    serious.extend(check_screen(page, axe, &format!("a ticket's page ({size})")).await?);
    page.goto("/knowledge").await?;
    page.wait_for("table.articles tbody tr").await?;
    serious.extend(check_screen(page, axe, &format!("the knowledge base ({size})")).await?);
    page.click("table.articles tbody tr th a").await?;
    page.wait_for("#revisions-title").await?;
    serious.extend(check_screen(page, axe, &format!("an article's page for the desk ({size})")).await?);
    page.goto("/knowledge/new").await?;
    page.wait_for("#f-body").await?;
    serious.extend(check_screen(page, axe, &format!("the article editor ({size})")).await?);
    page.goto("/tickets/satisfaction").await?;
    page.wait_for("table.satisfaction tbody tr").await?;
    serious.extend(check_screen(page, axe, &format!("customer satisfaction ({size})")).await?);
    page.goto("/tickets/desk").await?;
    page.wait_for("table.desk-agents tbody tr").await?;
    page.wait_for(".queue-routing").await?;
    page.click("table.desk-agents tbody tr .agent-tools summary").await?;
    serious.extend(check_screen(page, axe, &format!("the service desk with an agent's changes open ({size})")).await?);
    page.goto("/calls").await?;
    page.wait_for("#callback-list li.callback").await?;
    page.click("#callback-list li.callback summary").await?;
    serious.extend(check_screen(page, axe, &format!("the contact center with a call back open ({size})")).await?);
    page.goto("/scripts").await?;
    page.wait_for("#script-list tbody tr").await?;
    serious.extend(check_screen(page, axe, &format!("the call scripts ({size})")).await?);
    page.click("#script-list a").await?;
    page.wait_for(".script-version .resolution-rate").await?;
    serious.extend(check_screen(page, axe, &format!("a call script's editor and paths ({size})")).await?);
    sign_out(page).await?;

    sign_in(page, demo::CUSTOMER).await?;
    page.wait_for_path("/me").await?;
    page.click("article.contact .edit-consent").await?;
    page.wait_for("article.contact .save-consent").await?;
    serious.extend(check_screen(page, axe, &format!("/me with the consent form open ({size})")).await?);
    page.goto("/tickets").await?;
    page.wait_for("table.tickets tbody tr").await?;
    serious.extend(check_screen(page, axe, &format!("the customer's tickets ({size})")).await?);
    page.wait_for_text("table.tickets tbody tr th a", "Toner order").await?.click().await?;
    page.wait_for("#send-rating").await?;
    serious.extend(check_screen(page, axe, &format!("a resolved ticket with its survey ({size})")).await?);
    page.goto("/tickets/new").await?;
    page.wait_for("#f-description").await?;
    serious.extend(check_screen(page, axe, &format!("the new-ticket form ({size})")).await?);
    page.goto("/knowledge?q=faded%20receipts").await?;
    page.wait_for("li.hit mark").await?;
    serious.extend(check_screen(page, axe, &format!("knowledge search results ({size})")).await?);
    page.click("li.hit h2 a").await?;
    page.wait_for("#vote-yes").await?;
    serious.extend(check_screen(page, axe, &format!("an article's page ({size})")).await?);
    sign_out(page).await?;

    sign_in(page, demo::PARTNER).await?;
    page.wait_for(".app[data-portal=partner] .home-deals table, .app[data-portal=partner] .home-deals .empty").await?;
    page.wait_for(".home-registrations .count, .home-registrations .empty").await?;
    serious.extend(check_screen(page, axe, &format!("the partner's home ({size})")).await?);
    page.goto("/customers").await?;
    page.wait_for(".app[data-portal=partner] table.customers tbody tr").await?;
    serious.extend(check_screen(page, axe, &format!("the partner's /customers ({size})")).await?);
    sign_out(page).await?;
    Ok(serious)
}

/// Adds a product `sku` and a EUR price book that lists it at `price` (over the API, as the
/// admin); returns the book's id.
async fn priced_product(crm: &Instance, admin: &str, sku: &str, price: &str) -> anyhow::Result<String> {
    let product = crm
        .client
        .data(
            "mutation($sku: String!) { createProduct(input: {sku: $sku, name: \"Accessible widget\", family: \"Widgets\", unit: PIECE}) { product { id } } }",
            json!({ "sku": sku }),
            Some(admin),
        )
        .await?;
    let book = crm
        .client
        .data(
            "mutation { createPriceBook(input: {name: \"Listino Italia\", currency: \"EUR\", isDefault: true}) { priceBook { id version } } }",
            json!({}),
            Some(admin),
        )
        .await?;
    let book_id = text(&book, "/createPriceBook/priceBook/id")?;
    crm.client
        .data(
            "mutation($input: SetListPricesInput!) { setListPrices(input: $input) { priceBook { version } } }",
            json!({ "input": {
                "priceBookId": book_id,
                "version": int(&book, "/createPriceBook/priceBook/version")?,
                "prices": [{ "productId": text(&product, "/createProduct/product/id")?, "listPrice": price }],
            } }),
            Some(admin),
        )
        .await?;
    Ok(book_id)
}

/// j. The admin adds a product (a taken SKU is refused next to the field), adds a price book,
/// sets the product's price in it, and the price shows on the book's page (also after a
/// reload) and on the product's row; the API agrees.
#[tokio::test]
async fn admin_prices_a_new_product_in_a_new_price_book() -> anyhow::Result<()> {
    let Some((browser, crm)) = setup().await? else { return Ok(()) };
    let admin = crm.login(demo::ADMIN).await?;
    // A product whose SKU the form will try to reuse.
    crm.client
        .data(
            "mutation { createProduct(input: {sku: \"E2E-TAKEN\", name: \"Existing\", family: \"E2E\", unit: PIECE}) { product { id } } }",
            json!({}),
            Some(&admin),
        )
        .await?;
    let (sku, book_name) = ("E2E-WIDGET-1", "Listino E2E 2027");
    let book_path = browser
        .run("admin_prices_a_new_product_in_a_new_price_book", crm.server.base_url(), "en-US", move |page| async move {
            // A deep link: the products screen opens after sign-in.
            page.goto("/admin/products").await?;
            sign_in(&page, demo::ADMIN).await?;
            page.wait_for_path("/admin/products").await?;
            page.wait_for("section[aria-labelledby=products-title] table.products tbody tr").await?;

            page.click("#new-product").await?;
            page.fill("#f-sku", "e2e-taken").await?;
            page.fill("#f-name", "E2E Widget").await?;
            page.fill("#f-family", "E2E Family").await?;
            page.fill("#f-tier", "2").await?;
            page.select("#f-unit", "SEAT").await?;
            page.click("form.product-form .save-product").await?;
            page.wait_for_text("#f-sku-error", "Another product already has the SKU E2E-TAKEN").await?;
            // Typed in lower case, saved in capitals.
            page.fill("#f-sku", &sku.to_lowercase()).await?;
            page.click("form.product-form .save-product").await?;
            page.wait_gone("form.product-form").await?;
            page.wait_for_text(&format!("table.products tr[data-sku={sku}]"), "E2E Widget").await?;

            page.goto("/admin/price-books").await?;
            page.click("#new-price-book").await?;
            page.fill("#f-name", book_name).await?;
            page.fill("#f-currency", "eur").await?;
            page.click("form.book-form .save-price-book").await?;
            page.wait_gone("form.book-form").await?;
            page.wait_for_text("table.price-books tr[data-currency=EUR] th a", book_name).await?.click().await?;
            page.wait_for_text("h1#price-book-title", book_name).await?;
            let book_path = page.path().await?;
            ensure!(book_path.starts_with("/admin/price-books/"), "the book's link led to {book_path}");
            page.wait_for_text("p.count", "0 prices").await?;

            page.fill("#price-product-search", "E2E Wid").await?;
            page.wait_for_text("#f-prices-0-productId", sku).await?;
            page.fill("#f-prices-0-listPrice", "1250.5").await?;
            page.click("#save-price").await?;
            let row = format!("table.prices tr[data-sku={sku}] td.money");
            page.wait_for_exact_text(&row, "€1,250.50").await?;
            page.wait_for_text("p.count", "1 price").await?;
            page.reload().await?;
            page.wait_for_exact_text(&row, "€1,250.50").await?;

            page.goto("/admin/products").await?;
            page.wait_for_text(&format!("table.products tr[data-sku={sku}] td.list-prices"), &format!("{book_name}: €1,250.50")).await?;
            Ok(book_path)
        })
        .await?;

    let book_id = book_path.trim_start_matches("/admin/price-books/");
    let book = crm
        .client
        .data(
            "query($id: ID!) { priceBook(id: $id) { name currency isDefault active
                entries(first: 10) { totalCount nodes { product { sku name family tier unit active } listPrice { amount currency } } } } }",
            json!({ "id": book_id }),
            Some(&admin),
        )
        .await?;
    let saved = &book["priceBook"];
    assert_eq!(saved["name"], book_name);
    assert_eq!(saved["currency"], "EUR");
    assert_eq!(saved["active"], true);
    assert_eq!(int(&book, "/priceBook/entries/totalCount")?, 1);
    let entry = &saved["entries"]["nodes"][0];
    assert_eq!(
        entry["product"],
        json!({ "sku": sku, "name": "E2E Widget", "family": "E2E Family", "tier": 2, "unit": "SEAT", "active": true })
    );
    assert_eq!(entry["listPrice"]["currency"], "EUR");
    let amount: f64 = text(entry, "/listPrice/amount")?.parse()?;
    assert!((amount - 1250.5).abs() < f64::EPSILON, "the list price is {amount}");
    Ok(())
}

/// Signs out and waits for the login page.
pub(crate) async fn sign_out(page: &Page) -> anyhow::Result<()> {
    page.click("#sign-out").await?;
    page.wait_for("#login-email").await?;
    page.wait_gone(".app").await
}

/// The id and name of a customer the signed-in sales rep owns.
pub(crate) async fn own_customer(crm: &Instance, token: &str) -> anyhow::Result<(String, String)> {
    let me = crm.client.data("{ me { user { id } } }", json!({}), Some(token)).await?;
    let owned = crm
        .client
        .data(
            "query($me: ID!) { customers(first: 1, filter: {ownerId: {in: [$me]}, archived: false}) { nodes { id name } } }",
            json!({ "me": text(&me, "/me/user/id")? }),
            Some(token),
        )
        .await?;
    let customer = owned.pointer("/customers/nodes/0").context("the demo sales rep owns no customer")?;
    Ok((text(customer, "/id")?, text(customer, "/name")?))
}

/// Sets the value of a date input (typing into one depends on the browser's locale) and
/// tells the app, as typing would.
async fn set_date(page: &Page, css: &str, date: &str) -> anyhow::Result<()> {
    page.wait_for(css).await?;
    let script = format!(
        "const input = document.querySelector({css:?}); input.value = {date:?}; \
         input.dispatchEvent(new Event('input', {{ bubbles: true }})); \
         input.dispatchEvent(new Event('change', {{ bubbles: true }})); return input.value;"
    );
    let value = page.eval(&script).await?;
    ensure!(value == json!(date), "the date input {css} holds {value}");
    Ok(())
}

/// The count in the header of the board's column of `stage`.
pub(crate) async fn column_count(page: &Page, stage: &str) -> anyhow::Result<i64> {
    let css = format!(".board-column[data-stage={stage}] .column-count");
    let count = page.wait_for(&css).await?.attr("data-count").await?.with_context(|| format!("{css} has no data-count"))?;
    Ok(count.parse()?)
}

/// Fills the opportunity form (which must be showing) and saves it; returns the new
/// opportunity's id from the page it opens.
async fn fill_opportunity_form(page: &Page, name: &str, amount: &str, close: &str) -> anyhow::Result<String> {
    page.fill("#f-name", name).await?;
    page.fill("#f-amount", amount).await?;
    set_date(page, "#f-expectedCloseDate", close).await?;
    page.fill("#f-nextStep", "Send the offer").await?;
    page.click("#save-opportunity").await?;
    page.wait_for_exact_text("h1#opportunity-name", name).await?;
    let path = page.path().await?;
    let id = path.strip_prefix("/opportunities/").with_context(|| format!("saving the form opened {path}"))?;
    ensure!(!id.is_empty() && !id.contains('/'), "saving the form opened {path}");
    Ok(id.to_owned())
}

/// k. A sales rep opens an own customer, creates an opportunity from its 360 page, moves it
/// on the board with the card's "Move to" list, and finds both stages in its history; then
/// drags it to the next column and marks it lost (the reason is required).
#[tokio::test]
async fn sales_rep_creates_and_moves_an_opportunity() -> anyhow::Result<()> {
    let Some((browser, crm)) = setup().await? else { return Ok(()) };
    let token = crm.login(demo::SALES_REP).await?;
    let (customer_id, customer_name) = own_customer(&crm, &token).await?;
    let name = "Browser pipeline deal";
    const CLOSE: &str = "2027-03-31";

    let opportunity = browser
        .run("sales_rep_creates_and_moves_an_opportunity", crm.server.base_url(), "en-US", move |page| async move {
            page.goto(&format!("/customers/{customer_id}")).await?;
            sign_in(&page, demo::SALES_REP).await?;
            page.wait_for_exact_text("h1#customer-name", &customer_name).await?;
            page.wait_for(".opportunities-section").await?;
            page.click(".opportunities-section #new-opportunity").await?;
            page.wait_for_path("/opportunities/new").await?;
            page.wait_for_exact_text("#opportunity-customer a.customer-name", &customer_name).await?;
            let id = fill_opportunity_form(&page, name, "15000", CLOSE).await?;
            page.wait_for("#opportunity-stage[data-stage=PROSPECTING]").await?;
            let rows = page.find_all("table.stage-history tbody tr").await?.len();
            ensure!(rows == 1, "a new opportunity shows {rows} stage history rows");

            // Back on the customer's page, the new opportunity is listed.
            page.goto(&format!("/customers/{customer_id}")).await?;
            page.wait_for_exact_text(&format!(".opportunities-section a[href=\"/opportunities/{id}\"]"), name).await?;

            page.click("nav.mainnav a[href=\"/pipeline\"]").await?;
            page.wait_for_path("/pipeline").await?;
            let card = format!("li.opportunity-card[data-id=\"{id}\"]");
            page.wait_for(&format!(".board-column[data-stage=PROSPECTING] {card}")).await?;
            // Only the deals closing that day (the demo data has others).
            set_date(&page, "#board-close-from", CLOSE).await?;
            set_date(&page, "#board-close-to", CLOSE).await?;
            page.wait_gone(&format!("li.opportunity-card:not([data-close=\"{CLOSE}\"])")).await?;
            let (prospecting, proposal) = (column_count(&page, "PROSPECTING").await?, column_count(&page, "PROPOSAL").await?);
            page.select(&format!("#move-{id}"), "PROPOSAL").await?;
            page.wait_for(&format!(".board-column[data-stage=PROPOSAL] {card}")).await?;
            page.wait_gone(&format!(".board-column[data-stage=PROSPECTING] {card}")).await?;
            page.wait_for(&format!(".board-column[data-stage=PROPOSAL] .column-count[data-count=\"{}\"]", proposal + 1)).await?;
            page.wait_for(&format!(".board-column[data-stage=PROSPECTING] .column-count[data-count=\"{}\"]", prospecting - 1)).await?;

            page.click(&format!("{card} a.card-name")).await?;
            page.wait_for_path(&format!("/opportunities/{id}")).await?;
            page.wait_for("#opportunity-stage[data-stage=PROPOSAL]").await?;
            page.wait_for("table.stage-history tbody tr[data-to=PROPOSAL]").await?;
            let rows = page.find_all("table.stage-history tbody tr").await?.len();
            ensure!(rows == 2, "the stage history shows {rows} rows, not 2");

            // Dragging the card to the next column moves it too (synthetic drag events: the
            // WebDriver has no HTML5 drag and drop).
            page.goto("/pipeline").await?;
            page.wait_for(&format!(".board-column[data-stage=PROPOSAL] {card}")).await?;
            page.eval(&format!(
                "const card = document.querySelector('{card}'); const column = document.querySelector('.board-column[data-stage=NEGOTIATION]'); \
                 const data = new DataTransfer(); \
                 card.dispatchEvent(new DragEvent('dragstart', {{ bubbles: true, dataTransfer: data }})); \
                 column.dispatchEvent(new DragEvent('dragover', {{ bubbles: true, cancelable: true, dataTransfer: data }})); \
                 column.dispatchEvent(new DragEvent('drop', {{ bubbles: true, cancelable: true, dataTransfer: data }})); \
                 card.dispatchEvent(new DragEvent('dragend', {{ bubbles: true, dataTransfer: data }})); return null;"
            ))
            .await?;
            page.wait_for(&format!(".board-column[data-stage=NEGOTIATION] {card}")).await?;

            // A loss asks for its reason, which is required.
            page.select(&format!("#move-{id}"), "CLOSED_LOST").await?;
            page.click("#confirm-lost").await?;
            page.wait_for_exact_text("#f-lostReason-error", "Required.").await?;
            page.fill("#f-lostReason", "Chose a competitor").await?;
            page.click("#confirm-lost").await?;
            page.wait_for(&format!(".board-column[data-stage=CLOSED_LOST] {card}")).await?;
            page.wait_gone("form.lost-form").await?;
            Ok(id)
        })
        .await?;

    let saved = crm
        .client
        .data(
            "query($id: ID!) { opportunity(id: $id) { name stage lostReason stageHistory { fromStage toStage } } }",
            json!({ "id": opportunity }),
            Some(&token),
        )
        .await?;
    assert_eq!(saved["opportunity"]["name"], name);
    assert_eq!(saved["opportunity"]["stage"], "CLOSED_LOST");
    assert_eq!(saved["opportunity"]["lostReason"], "Chose a competitor");
    assert_eq!(
        saved["opportunity"]["stageHistory"],
        json!([
            { "fromStage": null, "toStage": "PROSPECTING" },
            { "fromStage": "PROSPECTING", "toStage": "PROPOSAL" },
            { "fromStage": "PROPOSAL", "toStage": "NEGOTIATION" },
            { "fromStage": "NEGOTIATION", "toStage": "CLOSED_LOST" },
        ])
    );
    Ok(())
}

/// l. A partner user registers a deal for one of its customers: it waits for approval, on
/// its page and on the partner's board, until a manager approves it (a rejection needs a note).
#[tokio::test]
async fn partner_registers_a_deal_awaiting_approval() -> anyhow::Result<()> {
    let Some((browser, crm)) = setup().await? else { return Ok(()) };
    let token = crm.login(demo::PARTNER).await?;
    let theirs =
        crm.client.data("{ customers(first: 1, filter: {archived: false}) { nodes { id name } } }", json!({}), Some(&token)).await?;
    let customer_id = text(&theirs, "/customers/nodes/0/id")?;
    let name = "Partner registered deal";

    let opportunity = browser
        .run("partner_registers_a_deal_awaiting_approval", crm.server.base_url(), "en-US", move |page| async move {
            page.goto(&format!("/opportunities/new?customer={customer_id}")).await?;
            sign_in(&page, demo::PARTNER).await?;
            page.wait_for(".app[data-portal=partner]").await?;
            page.wait_for_exact_text("h1#create-title", "Register a deal").await?;
            let id = fill_opportunity_form(&page, name, "8000", "2027-05-15").await?;
            page.wait_for_exact_text("#opportunity-registration[data-registration=PENDING]", "Awaiting approval").await?;
            ensure!(page.find_all("#move-opportunity").await?.is_empty(), "a pending registration offers a stage move");

            page.click("nav.mainnav a[href=\"/pipeline\"]").await?;
            page.wait_for_exact_text("h1#pipeline-title", "Deals").await?;
            let badge = format!("li.opportunity-card[data-id=\"{id}\"] .badge[data-registration=PENDING]");
            page.wait_for_exact_text(&badge, "Awaiting approval").await?;
            sign_out(&page).await?;

            // A manager rejects it without a note (refused), then approves it.
            sign_in(&page, demo::MANAGER).await?;
            page.goto(&format!("/opportunities/{id}")).await?;
            page.click("#reject-registration").await?;
            page.wait_for_exact_text("#f-note-error", "Required.").await?;
            page.click("#approve-registration").await?;
            page.wait_for_exact_text("#opportunity-registration[data-registration=APPROVED]", "Approved").await?;
            page.wait_for("#move-opportunity").await?;
            // The approval is a step of the deal's history, by the manager.
            let approval = "table.stage-history tbody tr[data-event=REGISTRATION_APPROVED]";
            page.wait_for_text(approval, "Registration approved").await?;
            page.wait_for_text(approval, demo::MANAGER).await?;
            Ok(id)
        })
        .await?;

    let saved = crm
        .client
        .data("query($id: ID!) { opportunity(id: $id) { registration source } }", json!({ "id": opportunity }), Some(&token))
        .await?;
    assert_eq!(saved["opportunity"]["registration"], "APPROVED");
    assert_eq!(saved["opportunity"]["source"], "PARTNER");
    Ok(())
}

/// Creates a lead over the API as the user of `token` and qualifies it; returns its id.
async fn qualified_lead(crm: &Instance, token: &str, first: &str, last: &str, email: &str) -> anyhow::Result<String> {
    let created = crm
        .client
        .data(
            "mutation($input: CreateLeadInput!) { createLead(input: $input) { lead { id version } } }",
            json!({ "input": { "firstName": first, "lastName": last, "email": email, "company": format!("{first} {last} Srl"),
                "country": "IT" } }),
            Some(token),
        )
        .await?;
    let id = text(&created, "/createLead/lead/id")?;
    let version = int(&created, "/createLead/lead/version")?;
    crm.client
        .data(
            "mutation($input: UpdateLeadInput!) { updateLead(input: $input) { lead { status } } }",
            json!({ "input": { "id": id, "version": version, "status": "QUALIFIED" } }),
            Some(token),
        )
        .await?;
    Ok(id)
}

/// m. A sales manager creates a lead on the new-lead form, qualifies it on its page, converts
/// it there into a customer with an opportunity and follows the links to both. A second lead
/// with the same email then finds that customer on conversion and is attached to it.
#[tokio::test]
async fn sales_manager_creates_qualifies_and_converts_a_lead() -> anyhow::Result<()> {
    let Some((browser, crm)) = setup().await? else { return Ok(()) };
    let token = crm.login(demo::MANAGER).await?;
    let (company, deal, email) = ("Lumen Browser Srl", "Lumen rollout", "greta.lumen@lumen-browser.test");
    // The same person again, from another source: converting it meets the first conversion's
    // customer.
    let twin = qualified_lead(&crm, &token, "Greta", "Lumen", email).await?;

    let twin_id = twin.clone();
    let (lead, customer, opportunity) = browser
        .run("sales_manager_creates_qualifies_and_converts_a_lead", crm.server.base_url(), "en-US", move |page| async move {
            page.goto("/leads/new").await?;
            sign_in(&page, demo::MANAGER).await?;
            page.wait_for_exact_text("h1#lead-form-title", "New lead").await?;
            page.fill("#f-firstName", "Greta").await?;
            page.fill("#f-lastName", "Lumen").await?;
            page.fill("#f-company", company).await?;
            page.fill("#f-email", email).await?;
            page.select("#f-country", "IT").await?;
            page.click("button.save-lead").await?;
            page.wait_for_exact_text("h1#lead-name", "Greta Lumen").await?;
            let path = page.path().await?;
            let lead = path.strip_prefix("/leads/").with_context(|| format!("saving the lead opened {path}"))?.to_owned();
            page.wait_for("#lead-status[data-status=NEW]").await?;
            // The lead's page reads in the body colour, not the muted grey of hints and intros.
            let colours = page
                .eval("return [document.querySelector('.facts dd'), document.querySelector('.hint, p.lead, .subtitle')].map((e) => e && getComputedStyle(e).color);")
                .await?;
            ensure!(colours[0].is_string() && colours[0] != colours[1], "the lead's facts are muted: {colours}");
            ensure!(page.find_all("#convert-lead").await?.is_empty(), "a new lead offers its conversion");

            page.select("#f-status", "QUALIFIED").await?;
            page.click("#change-status").await?;
            page.wait_for("#lead-status[data-status=QUALIFIED]").await?;
            page.wait_for("#convert-lead").await?;
            page.fill("#f-opportunityName", deal).await?;
            page.fill("#f-amount-amount", "9500").await?;
            set_date(&page, "#f-expectedCloseDate", "2027-04-30").await?;
            page.click("#convert-lead").await?;
            page.wait_for("#lead-converted").await?;
            let customer_href =
                page.wait_for_exact_text("#converted-customer", company).await?.attr("href").await?.context("no customer link")?;
            let opportunity_href =
                page.wait_for_exact_text("#converted-opportunity", deal).await?.attr("href").await?.context("no opportunity link")?;
            ensure!(page.find_all("#convert-lead").await?.is_empty(), "a converted lead still offers its conversion");

            page.click("#converted-customer").await?;
            page.wait_for_path(&customer_href).await?;
            page.wait_for_exact_text("h1#customer-name", company).await?;
            page.goto(&format!("/leads/{lead}")).await?;
            page.click("#converted-opportunity").await?;
            page.wait_for_path(&opportunity_href).await?;
            page.wait_for_exact_text("h1#opportunity-name", deal).await?;

            // The twin: its email belongs to the new customer's contact now.
            page.goto(&format!("/leads/{twin_id}")).await?;
            page.click("#f-createOpportunity").await?;
            page.click("#convert-lead").await?;
            page.wait_for_exact_text(".duplicate #existing-customer", "Open the existing customer").await?;
            let existing = page.wait_for(".duplicate #existing-customer").await?.attr("href").await?.context("no existing link")?;
            ensure!(existing == customer_href, "the duplicate check names {existing}, not {customer_href}");
            page.click("#attach-existing").await?;
            page.wait_for_exact_text("#converted-customer", company).await?;
            page.wait_for_exact_text("dd[data-field=convertedOpportunity]", "No opportunity").await?;

            let id = |href: &str, prefix: &str| href.strip_prefix(prefix).map(str::to_owned).with_context(|| format!("link {href}"));
            Ok((lead, id(&customer_href, "/customers/")?, id(&opportunity_href, "/opportunities/")?))
        })
        .await?;

    let query = "query($id: ID!) { lead(id: $id) { convertedAt convertedCustomer { id name } convertedContact { fullName }
        convertedOpportunity { id name amount { currency } expectedCloseDate customer { id } } } }";
    let saved = crm.client.data(query, json!({ "id": lead }), Some(&token)).await?;
    let saved = &saved["lead"];
    ensure!(saved["convertedAt"].is_string(), "the lead is not converted: {saved}");
    assert_eq!(saved["convertedCustomer"], json!({ "id": customer, "name": company }));
    assert_eq!(saved["convertedContact"]["fullName"], "Greta Lumen");
    assert_eq!(saved["convertedOpportunity"]["id"], json!(opportunity));
    assert_eq!(saved["convertedOpportunity"]["name"], deal);
    assert_eq!(saved["convertedOpportunity"]["amount"]["currency"], "EUR");
    assert_eq!(saved["convertedOpportunity"]["expectedCloseDate"], "2027-04-30");
    assert_eq!(saved["convertedOpportunity"]["customer"]["id"], json!(customer));

    let attached = crm.client.data(query, json!({ "id": twin }), Some(&token)).await?;
    ensure!(attached["lead"]["convertedAt"].is_string(), "the twin lead is not converted: {attached}");
    assert_eq!(attached["lead"]["convertedCustomer"]["id"], json!(customer));
    assert_eq!(attached["lead"]["convertedOpportunity"], Value::Null);
    Ok(())
}

/// A new company customer with a credit limit of `limit` EUR (over the API, as `token`);
/// returns its id.
async fn customer_with_credit_limit(crm: &Instance, token: &str, name: &str, limit: &str) -> anyhow::Result<String> {
    let created = crm
        .client
        .data(
            "mutation($name: String!) { createCustomer(input: {kind: COMPANY, name: $name}) { customer { id version } } }",
            json!({ "name": name }),
            Some(token),
        )
        .await?;
    let id = text(&created, "/createCustomer/customer/id")?;
    crm.client
        .data(
            "mutation($input: UpdateCustomerInput!) { updateCustomer(input: $input) { customer { creditLimit { amount } } } }",
            json!({ "input": { "id": id, "version": int(&created, "/createCustomer/customer/version")?,
                "creditLimit": { "amount": limit, "currency": "EUR" } } }),
            Some(token),
        )
        .await?;
    Ok(id)
}

/// n. A sales manager enters an order for a customer with a small credit limit: it lands on
/// credit hold and the form says why. On the order's page the manager reads the reason,
/// releases the hold, and the order is placed with its ERP delivery pending (the test server
/// has no ERP). The API agrees.
#[tokio::test]
async fn sales_manager_releases_an_order_held_for_credit() -> anyhow::Result<()> {
    let Some((browser, crm)) = setup().await? else { return Ok(()) };
    let admin = crm.login(demo::ADMIN).await?;
    let book = priced_product(&crm, &admin, "E2E-ORDER-1", "40.00").await?;
    let token = crm.login(demo::MANAGER).await?;
    let customer = customer_with_credit_limit(&crm, &token, "Fido Stretto Srl", "100.00").await?;

    let customer_id = customer.clone();
    let (order, reason) = browser
        .run("sales_manager_releases_an_order_held_for_credit", crm.server.base_url(), "en-US", move |page| async move {
            page.goto("/orders/new").await?;
            sign_in(&page, demo::MANAGER).await?;
            page.wait_for_exact_text("h1#order-form-title", "New order").await?;
            page.fill("#customer-picker-search", "Fido Stretto").await?;
            page.wait_for(&format!("#f-customerId option[value='{customer_id}']")).await?;
            page.select("#f-customerId", &customer_id).await?;
            page.wait_for("#credit-position dd[data-field=available]").await?;
            page.wait_for(&format!("#f-priceBookId option[value='{book}']")).await?;
            page.select("#f-priceBookId", &book).await?;
            page.fill("#order-product-search", "E2E-ORDER").await?;
            page.click(".product-choices li[data-sku=E2E-ORDER-1] .add-line").await?;
            page.wait_for("table.order-lines-input tr[data-sku=E2E-ORDER-1]").await?;
            page.fill("#line-0-quantity", "5").await?;
            page.fill("#f-taxPercent", "22").await?;
            page.click("#place-order").await?;

            page.wait_for("#order-outcome[data-status=CREDIT_HOLD]").await?;
            let reason = page.text("#outcome-hold-reason").await?.trim().to_owned();
            ensure!(!reason.is_empty(), "the held order gives no reason");
            page.click("#open-order").await?;
            page.wait_for("#order-status[data-status=CREDIT_HOLD]").await?;
            let path = page.path().await?;
            let order = path.strip_prefix("/orders/").with_context(|| format!("the order link opened {path}"))?.to_owned();
            page.wait_for_exact_text("#hold-reason", &reason).await?;
            page.wait_for_exact_text("#order-customer", "Fido Stretto Srl").await?;
            page.wait_for("table.order-lines tr[data-sku=E2E-ORDER-1]").await?;
            ensure!(page.find_all(".order-steps .step.current").await?.is_empty(), "a held order shows a step reached");

            page.fill("#release-note", "Paid in advance by bank transfer").await?;
            page.click("#release-hold").await?;
            page.wait_for("#order-status[data-status=PLACED]").await?;
            page.wait_for(".order-steps .step.current[data-step=PLACED]").await?;
            page.wait_for("#delivery-state[data-state=PENDING]").await?;
            page.wait_gone("#credit-hold").await?;
            page.wait_for_exact_text("dd[data-field=holdReason]", &reason).await?;
            // The manager's note, and the manager by name (not an email).
            page.wait_for_exact_text("dd[data-field=releaseNote]", "Paid in advance by bank transfer").await?;
            let by = page.text("dd[data-field=releasedBy]").await?;
            ensure!(!by.contains('@') && !by.trim().is_empty(), "released by {by:?}");

            // The list shows it placed.
            page.goto("/orders").await?;
            page.wait_for(&format!("table.orders tr[data-id='{order}'][data-status=PLACED]")).await?;
            Ok((order, reason))
        })
        .await?;

    let saved = crm
        .client
        .data(
            "query($id: ID!) { order(id: $id) { status holdReason releasedBy customer { id } taxPercent
                lines { sku quantity } subtotal { amount currency } erpDelivery { state } } }",
            json!({ "id": order }),
            Some(&token),
        )
        .await?;
    let saved = &saved["order"];
    assert_eq!(saved["status"], "PLACED");
    assert_eq!(saved["holdReason"], json!(reason));
    ensure!(saved["releasedBy"].is_string(), "no one released the order: {saved}");
    assert_eq!(saved["customer"]["id"], json!(customer));
    assert_eq!(saved["lines"][0]["sku"], "E2E-ORDER-1");
    assert_eq!(saved["subtotal"]["currency"], "EUR");
    ensure!(saved["subtotal"]["amount"].as_str().is_some_and(|amount| amount.starts_with("200")), "subtotal: {saved}");
    assert_eq!(saved["erpDelivery"]["state"], "PENDING");
    Ok(())
}

/// "1 order" / "N orders · 1–N", as the order list's count line reads (English, N < 1,000).
fn order_count_line(total: i64) -> String {
    let size = if total == 1 { "1 order".to_owned() } else { format!("{total} orders") };
    format!("{size} · 1–{}", total.min(PAGE_SIZE as i64))
}

/// The order list's status filter lives in the URL: a shared link opens the list filtered,
/// back and forward step through the filters, a reload keeps them.
#[tokio::test]
async fn order_list_state_is_in_the_url() -> anyhow::Result<()> {
    let Some((browser, crm)) = setup().await? else { return Ok(()) };
    let token = crm.login(demo::MANAGER).await?;
    let counts = crm
        .client
        .data("{ all: orders { totalCount } held: orders(filter: {status: {in: [CREDIT_HOLD]}}) { totalCount } }", json!({}), Some(&token))
        .await?;
    let (all, held) = (int(&counts, "/all/totalCount")?, int(&counts, "/held/totalCount")?);
    ensure!(0 < held && held < all, "{held} of {all} demo orders are held: the filter would show no change");

    browser
        .run("order_list_state_is_in_the_url", crm.server.base_url(), "en-US", move |page| async move {
            page.goto("/orders?status=CREDIT_HOLD").await?;
            sign_in(&page, demo::MANAGER).await?;
            page.wait_for_exact_text("p.count", &order_count_line(held)).await?;
            page.wait_for_value("#filter-status", "CREDIT_HOLD").await?;
            let rows = page.find_all("table.orders tbody tr[data-status=CREDIT_HOLD]").await?.len() as i64;
            ensure!(rows == held.min(PAGE_SIZE as i64), "{rows} held rows shown of {held}");
            page.select("#filter-status", "").await?;
            page.wait_for_exact_text("p.count", &order_count_line(all)).await?;
            ensure!(page.link().await? == "/orders", "the unfiltered list's URL is {}", page.link().await?);
            page.back().await?;
            page.wait_for_exact_text("p.count", &order_count_line(held)).await?;
            page.wait_for_value("#filter-status", "CREDIT_HOLD").await?;
            page.forward().await?;
            page.wait_for_exact_text("p.count", &order_count_line(all)).await?;
            page.back().await?;
            page.reload().await?;
            page.wait_for_exact_text("p.count", &order_count_line(held)).await?;
            Ok(())
        })
        .await
}

/// A priced product of the default price book of `currency`: `(book id, [(sku, list price)])`
/// of its first `count` entries.
async fn default_book_entries(
    crm: &Instance,
    token: &str,
    currency: &str,
    count: usize,
) -> anyhow::Result<(String, Vec<(String, String)>)> {
    let books = crm
        .client
        .data(
            "query($first: Int!) { priceBooks(first: 50, filter: {active: true}) { nodes { id currency isDefault
                entries(first: $first, filter: {active: true}) { nodes { product { sku } listPrice { amount } } } } } }",
            json!({ "first": count }),
            Some(token),
        )
        .await?;
    let book = list(&books, "/priceBooks/nodes")?
        .iter()
        .find(|book| book["currency"] == json!(currency) && book["isDefault"] == json!(true))
        .with_context(|| format!("no default {currency} price book in {books}"))?;
    let entries = list(book, "/entries/nodes")?
        .iter()
        .map(|entry| Ok((text(entry, "/product/sku")?, text(entry, "/listPrice/amount")?)))
        .collect::<anyhow::Result<Vec<_>>>()?;
    ensure!(entries.len() == count, "the default {currency} book lists {} products, not {count}", entries.len());
    Ok((text(book, "/id")?, entries))
}

/// The date `days` from today (UTC), as the API writes dates: the server under test validates
/// quote dates against the wall clock, so this has to read it too.
#[allow(clippy::disallowed_methods)]
fn in_days(days: u64) -> String {
    (chrono::Utc::now().date_naive() + chrono::Days::new(days)).to_string()
}

/// The quotes screens the `accessibility` test checks: a draft's page, its builder, the
/// builder of a new quote, and a sent quote in the customer's self-service area.
struct QuoteScreens {
    draft: String,
    opportunity: String,
    customer_quote: String,
}

impl QuoteScreens {
    /// A draft quote with a line on `opportunity` (the rep's), and a quote the demo customer
    /// was sent (the demo data has one).
    async fn prepare(crm: &Instance, rep: &str, opportunity: &str) -> anyhow::Result<Self> {
        let (_, entries) = default_book_entries(crm, rep, "EUR", 1).await?;
        let product = crm
            .client
            .data(
                "query($q: String!) { products(first: 1, filter: {search: $q}) { nodes { id } } }",
                json!({ "q": entries[0].0 }),
                Some(rep),
            )
            .await?;
        let created = crm
            .client
            .data(
                "mutation($input: CreateQuoteInput!) { createQuote(input: $input) { quote { id } } }",
                json!({ "input": { "opportunityId": opportunity, "validUntil": in_days(60), "terms": "Net 30", "taxPercent": "22",
                    "lines": [{ "productId": text(&product, "/products/nodes/0/id")?, "quantity": "2", "discountPercent": "5" }] } }),
                Some(rep),
            )
            .await?;
        let customer = crm.login(demo::CUSTOMER).await?;
        let sent =
            crm.client.data("{ quotes(first: 1, filter: {status: {in: [SENT]}}) { nodes { id } } }", json!({}), Some(&customer)).await?;
        Ok(QuoteScreens {
            draft: text(&created, "/createQuote/quote/id")?,
            opportunity: opportunity.to_owned(),
            customer_quote: text(&sent, "/quotes/nodes/0/id").context("the demo customer has no sent quote")?,
        })
    }

    /// Checks the screens at the current window size; returns the serious violations.
    async fn check(&self, page: &Page, axe: &Axe, size: &str) -> anyhow::Result<Vec<String>> {
        let mut serious = Vec::new();
        page.goto("/").await?;
        sign_in(page, demo::SALES_REP).await?;
        page.goto(&format!("/quotes/{}", self.draft)).await?;
        page.wait_for("#quote-status[data-status=DRAFT]").await?;
        page.wait_for("table.quote-lines tbody tr").await?;
        serious.extend(check_screen(page, axe, &format!("a draft quote's page ({size})")).await?);
        page.goto(&format!("/quotes/{}/edit", self.draft)).await?;
        page.wait_for("#f-lines-0-quantity").await?;
        page.wait_for("ul.product-matches li").await?;
        serious.extend(check_screen(page, axe, &format!("the quote builder of a draft ({size})")).await?);
        page.goto(&format!("/opportunities/{}/quotes/new", self.opportunity)).await?;
        page.wait_for("ul.product-matches li").await?;
        page.click("ul.product-matches li .add-line").await?;
        page.wait_for("#f-lines-0-quantity").await?;
        serious.extend(check_screen(page, axe, &format!("the builder of a new quote ({size})")).await?);
        sign_out(page).await?;

        sign_in(page, demo::CUSTOMER).await?;
        page.goto(&format!("/me/quotes/{}", self.customer_quote)).await?;
        page.wait_for("#quote-status[data-status=SENT]").await?;
        page.click("#accept-quote").await?;
        page.wait_for("#confirm-accept").await?;
        serious.extend(check_screen(page, axe, &format!("a sent quote in the customer's area, confirming ({size})")).await?);
        page.click("#cancel-decision").await?;
        page.goto("/me").await?;
        page.wait_for(".my-quotes-section table.quotes tbody tr").await?;
        page.wait_for(".my-orders-section table.customer-orders tbody tr").await?;
        serious.extend(check_screen(page, axe, &format!("/me with its quotes and orders ({size})")).await?);
        sign_out(page).await?;
        Ok(serious)
    }
}

/// o. A sales rep opens a deal of the demo customer, builds a quote of two products (a
/// quantity of 0 is refused next to its line; the totals are estimated while typing and
/// match the server's once saved), saves and sends it, and previews its PDF. The customer
/// signs in, accepts it from My quotes after a confirmation, and finds the order in My
/// orders. The API agrees: the quote is ACCEPTED and its order has the quote's total.
#[tokio::test]
async fn sales_rep_quotes_and_the_customer_accepts() -> anyhow::Result<()> {
    let Some((browser, crm)) = setup().await? else { return Ok(()) };
    let rep = crm.login(demo::SALES_REP).await?;
    let customer_token = crm.login(demo::CUSTOMER).await?;
    let me = crm.client.data("{ me { customer { id } } }", json!({}), Some(&customer_token)).await?;
    let customer_id = text(&me, "/me/customer/id")?;
    let deals = crm
        .client
        .data(
            "query($c: ID!) { opportunities(first: 20, filter: {customerId: {in: [$c]}, open: true}) {
                nodes { id name viewerCanEdit amount { currency } products { sku } } } }",
            json!({ "c": customer_id }),
            Some(&rep),
        )
        .await?;
    let deal = list(&deals, "/opportunities/nodes")?
        .iter()
        .find(|deal| deal["viewerCanEdit"] == json!(true) && deal["products"].as_array().is_some_and(|p| !p.is_empty()))
        .context("the demo rep may edit no open deal with products of interest of the demo customer")?
        .clone();
    let (opportunity, deal_name, currency) = (text(&deal, "/id")?, text(&deal, "/name")?, text(&deal, "/amount/currency")?);
    let interest: Vec<String> = list(&deal, "/products")?.iter().map(|p| text(p, "/sku")).collect::<anyhow::Result<_>>()?;
    let (book, entries) = default_book_entries(&crm, &rep, &currency, 2).await?;
    let (first_sku, second_sku) = (entries[0].0.clone(), entries[1].0.clone());
    let valid_until = in_days(45);
    let customer = customer_id.clone();

    let (quote, order_row) = browser
        .run("sales_rep_quotes_and_the_customer_accepts", crm.server.base_url(), "en-US", move |page| async move {
            page.goto(&format!("/opportunities/{opportunity}")).await?;
            sign_in(&page, demo::SALES_REP).await?;
            page.wait_for_exact_text("h1#opportunity-name", &deal_name).await?;
            page.click(".quotes-section #new-quote").await?;
            page.wait_for_path(&format!("/opportunities/{opportunity}/quotes/new")).await?;
            page.wait_for_value("#f-priceBookId", &book).await?;
            // The new quote starts from the deal's products of interest; this one is built anew.
            let mut prefilled = Vec::new();
            for row in page.find_all("table.quote-lines-editor tr[data-sku]").await? {
                prefilled.push(row.attr("data-sku").await?.unwrap_or_default());
            }
            ensure!(prefilled == interest, "the new quote starts with {prefilled:?}, the deal's products are {interest:?}");
            for _ in &interest {
                page.click("table.quote-lines-editor button.remove-line").await?;
            }
            page.wait_gone("table.quote-lines-editor tr[data-sku]").await?;
            for sku in [&first_sku, &second_sku] {
                page.fill("#quote-product-search", sku).await?;
                page.wait_gone(&format!("ul.product-matches button.add-line:not([data-sku=\"{sku}\"])")).await?;
                page.click(&format!("ul.product-matches button.add-line[data-sku=\"{sku}\"]")).await?;
                page.wait_for(&format!("table.quote-lines-editor tr[data-sku=\"{sku}\"]")).await?;
            }
            // A quantity of 0 is the server's to refuse, next to its line.
            page.fill("#f-lines-0-quantity", "0").await?;
            page.fill("#f-lines-1-quantity", "2.5").await?;
            page.fill("#f-lines-1-discountPercent", "12.5").await?;
            set_date(&page, "#f-validUntil", &valid_until).await?;
            page.fill("#f-terms", "Payment within 30 days.").await?;
            page.click("#save-quote").await?;
            page.wait_for("#f-lines-0-quantity-error").await?;
            page.wait_for("#f-lines-0-quantity[aria-invalid=true]").await?;
            page.fill("#f-lines-0-quantity", "3").await?;
            page.wait_gone("#estimate-incomplete").await?;
            let estimated = page.text("#estimated-total").await?;
            page.click("#save-quote").await?;

            page.wait_for("#quote-status[data-status=DRAFT]").await?;
            let path = page.path().await?;
            let quote = path.strip_prefix("/quotes/").with_context(|| format!("saving the quote opened {path}"))?.to_owned();
            ensure!(!quote.contains('/'), "saving the quote opened {path}");
            let total = page.text("dd[data-field=total]").await?;
            ensure!(total == estimated, "the server's total {total:?} is not the estimate {estimated:?}");
            ensure!(page.find_all("table.quote-lines tbody tr").await?.len() == 2, "the saved quote does not show two lines");
            page.click("#send-quote").await?;
            // 12.5 % is above the demo reps' 10 %: the quote waits for the manager, who finds
            // it on their home and approves it.
            page.wait_for("#quote-status[data-status=PENDING_APPROVAL]").await?;
            page.wait_for_text("#discount-pending", "12.5").await?;
            ensure!(page.find_all("#approve-discount").await?.is_empty(), "a rep may approve its own discount");
            sign_out(&page).await?;
            sign_in(&page, demo::MANAGER).await?;
            page.wait_for_path("/home").await?;
            page.click(&format!(".home-discounts li a[href='/quotes/{quote}']")).await?;
            page.click("#approve-discount").await?;
            page.wait_for("#quote-status[data-status=SENT]").await?;
            page.wait_for("#discount-approved").await?;
            sign_out(&page).await?;
            sign_in(&page, demo::SALES_REP).await?;
            page.goto(&format!("/quotes/{quote}")).await?;
            page.wait_for("#quote-status[data-status=SENT]").await?;
            ensure!(page.find_all("#edit-quote").await?.is_empty(), "a sent quote offers Edit");
            page.wait_for("#revise-quote").await?;
            // The opportunity lists it.
            page.click(".breadcrumb a[href^=\"/opportunities/\"]").await?;
            page.wait_for(&format!(".quotes-section tr[data-id=\"{quote}\"][data-status=SENT]")).await?;
            // Its subtotal stands beside the deal's amount, and the stage bar marks where the deal is.
            page.wait_for(".quote-comparison[data-differs] a[href^=\"/quotes/\"]").await?;
            page.wait_for("nav.stage-progress li[aria-current=step][data-state=current]").await?;
            page.goto(&format!("/quotes/{quote}")).await?;
            page.wait_for("#quote-status[data-status=SENT]").await?;

            // The PDF: fetched with the session's token, previewed and offered for download.
            page.click("#show-pdf").await?;
            let frame = page.wait_for("iframe#pdf-preview").await?.attr("src").await?.unwrap_or_default();
            ensure!(frame.starts_with("blob:"), "the PDF preview shows {frame:?}");
            // The lines show every column and the preview is readable, not a third of the page.
            let fit = page
                .eval(
                    "const wrap = document.querySelector('.lines-section .table-wrap');
                     const page = document.querySelector('article.quote').getBoundingClientRect().width;
                     return [wrap.scrollWidth <= wrap.clientWidth, document.getElementById('pdf-preview').getBoundingClientRect().width / page];",
                )
                .await?;
            ensure!(fit[0] == json!(true), "the quote's lines are cut off: {fit}");
            ensure!(fit[1].as_f64().unwrap_or_default() > 0.9, "the PDF preview takes {} of the page's width", fit[1]);
            let download = page.wait_for("a#download-pdf").await?.attr("href").await?.unwrap_or_default();
            ensure!(download == frame, "the download link {download:?} is not the previewed PDF");
            let kind = page.wait_for("a#download-pdf").await?.attr("download").await?.unwrap_or_default();
            ensure!(kind.ends_with(".pdf"), "the download is named {kind:?}");
            sign_out(&page).await?;

            sign_in(&page, demo::CUSTOMER).await?;
            page.wait_for_path("/me").await?;
            let link = format!(".my-quotes-section a[href=\"/me/quotes/{quote}\"]");
            page.click(&link).await?;
            page.wait_for_path(&format!("/me/quotes/{quote}")).await?;
            page.wait_for("#quote-status[data-status=SENT]").await?;
            ensure!(page.find_all("#send-quote, #revise-quote, #edit-quote").await?.is_empty(), "the customer is offered staff actions");
            page.wait_for_exact_text("dd[data-field=total]", &total).await?;
            page.click("#accept-quote").await?;
            page.wait_for("#confirm-accept").await?;
            page.click("#confirm-accept").await?;
            page.wait_for("#quote-accepted").await?;
            page.wait_for("#quote-status[data-status=ACCEPTED]").await?;
            page.wait_for("#quote-order").await?;
            ensure!(page.find_all("#accept-quote").await?.is_empty(), "an accepted quote still offers Accept");

            page.click(".breadcrumb a[href=\"/me\"]").await?;
            page.wait_for_path("/me").await?;
            page.wait_for(&format!(".my-quotes-section tr[data-id=\"{quote}\"][data-status=ACCEPTED]")).await?;
            let row = page.wait_for(".my-orders-section table.customer-orders tbody tr").await?;
            let order = row.attr("data-id").await?.context("an order row has no data-id")?;
            page.wait_for_exact_text(&format!(".my-orders-section tr[data-id=\"{order}\"] td[data-field=total]"), &total).await?;
            // The order opens to its lines and status, without the company's notes.
            page.click(&format!(".my-orders-section a[href=\"/me/orders/{order}\"]")).await?;
            page.wait_for("#order-status").await?;
            let lines = page.find_all("table.order-lines tbody tr").await?.len();
            ensure!(lines == 2, "the customer's order page shows {lines} lines");
            ensure!(page.find_all(".notes-section, #erp-delivery").await?.is_empty(), "the customer sees the company's notes or ERP panel");
            page.click(".breadcrumb a[href=\"/me\"]").await?;
            page.wait_for_path("/me").await?;
            sign_out(&page).await?;

            // The rep finds both on the customer's 360 page, the order linking to its page.
            sign_in(&page, demo::SALES_REP).await?;
            page.goto(&format!("/customers/{customer}")).await?;
            page.wait_for(&format!(".quotes-section tr[data-id=\"{quote}\"][data-status=ACCEPTED]")).await?;
            page.wait_for(&format!(".orders-credit-section a[href=\"/orders/{order}\"]")).await?;
            page.wait_for(".orders-credit-section #no-credit-limit, .orders-credit-section .credit-position").await?;
            Ok((quote, order))
        })
        .await?;

    let saved = crm
        .client
        .data(
            "query($id: ID!) { quote(id: $id) { status total { amount } lines { sku quantity discountPercent }
                order { id status total { amount } quote { id } } } }",
            json!({ "id": quote }),
            Some(&rep),
        )
        .await?;
    assert_eq!(saved["quote"]["status"], "ACCEPTED");
    let order = &saved["quote"]["order"];
    assert_eq!(order["id"], json!(order_row), "My orders lists the quote's order first");
    assert_eq!(order["total"]["amount"], saved["quote"]["total"]["amount"]);
    assert_eq!(order["quote"]["id"], json!(quote));
    assert!(["PLACED", "CREDIT_HOLD"].contains(&text(order, "/status")?.as_str()), "the order is {order}");
    let lines = list(&saved, "/quote/lines")?;
    assert_eq!(lines.len(), 2);
    // The document the page previews (a blob: URL a script of the page may not read back).
    let pdf =
        reqwest::Client::new().get(format!("{}/quotes/{quote}/pdf", crm.server.base_url())).bearer_auth(&customer_token).send().await?;
    assert_eq!(pdf.status(), 200);
    assert!(pdf.bytes().await?.starts_with(b"%PDF-"), "the quote's PDF is not a PDF");
    assert_eq!(lines[1]["quantity"], "2.5");
    assert_eq!(lines[1]["discountPercent"], "12.5");
    Ok(())
}
