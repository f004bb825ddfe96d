//! Browser tests of the home screens: what each role sees first after signing in, checked
//! against what the API says the same person may read.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use crate::browser::{setup, sign_in, sign_out, text};
use anyhow::{ensure, Context};
use chrono::{Days, Local};
use e2e::demo;
use e2e::Instance;
use serde_json::{json, Value};

/// `totalCount` of a query's only connection.
async fn total(crm: &Instance, token: &str, query: &str, variables: Value) -> anyhow::Result<i64> {
    let data = crm.client.data(query, variables, Some(token)).await?;
    let connection = data.as_object().and_then(|fields| fields.values().next()).context("no data")?;
    connection["totalCount"].as_i64().context("no totalCount")
}

/// A rep lands on their home: their open deals by close date with the overdue ones flagged
/// and counted as the API counts them, their leads to work, and no manager's sections. They
/// find a customer from the home's search box, open it, and find it under "Recently viewed"
/// back home; after signing out and in again that list is empty (a shared computer does not
/// tell the next person what was looked at).
#[tokio::test]
async fn sales_rep_home_shows_their_deals_leads_and_recent_records() -> anyhow::Result<()> {
    let Some((browser, crm)) = setup().await? else { return Ok(()) };
    let token = crm.login(demo::SALES_REP).await?;
    let me = crm.client.data("{ me { user { id } } }", json!({}), Some(&token)).await?;
    let my_id = text(&me, "/me/user/id")?;
    let owned = crm
        .client
        .data(
            "query($me: ID!) { customers(first: 1, filter: {ownerId: {in: [$me]}}) { nodes { id name } } }",
            json!({ "me": my_id }),
            Some(&token),
        )
        .await?;
    let (customer, customer_name) = (text(&owned, "/customers/nodes/0/id")?, text(&owned, "/customers/nodes/0/name")?);
    // A deal of theirs that should have closed a week ago: the earliest close date, overdue.
    let today = Local::now().date_naive();
    let week_ago = today.checked_sub_days(Days::new(7)).context("date")?;
    let created = crm
        .client
        .data(
            "mutation($input: CreateOpportunityInput!) { createOpportunity(input: $input) { opportunity { id } } }",
            json!({ "input": { "customerId": customer, "name": "Home overdue renewal", "amount": {"amount": "1200", "currency": "EUR"},
                "expectedCloseDate": week_ago.to_string(), "stage": "NEGOTIATION" } }),
            Some(&token),
        )
        .await?;
    let deal = text(&created, "/createOpportunity/opportunity/id")?;
    let mine = json!({ "me": [my_id], "yesterday": today.pred_opt().context("date")?.to_string() });
    let open =
        total(&crm, &token, "query($me: [ID!]) { opportunities(filter: {ownerId: {in: $me}, open: true}) { totalCount } }", mine.clone())
            .await?;
    let overdue = total(
        &crm,
        &token,
        "query($me: [ID!], $yesterday: NaiveDate!) { opportunities(filter: {ownerId: {in: $me}, open: true,
            expectedCloseDate: {lte: $yesterday}}) { totalCount } }",
        mine.clone(),
    )
    .await?;
    let leads = total(
        &crm,
        &token,
        "query($me: [ID!]) { leads(filter: {ownerId: {in: $me}, converted: false, status: {in: [NEW, WORKING, QUALIFIED]}}) { totalCount } }",
        mine,
    )
    .await?;
    ensure!(overdue >= 1 && open >= overdue, "{open} open deals, {overdue} overdue");
    eprintln!("the rep has {open} open deals ({overdue} overdue) and {leads} leads to work");

    browser
        .run("sales_rep_home_shows_their_deals_leads_and_recent_records", crm.server.base_url(), "en-US", move |page| async move {
            page.goto("/").await?;
            sign_in(&page, demo::SALES_REP).await?;
            page.wait_for_path("/home").await?;
            page.wait_for_exact_text("#home-deals-title", "My open deals").await?;
            let summary = if overdue == 1 { "1 overdue." } else { "overdue." };
            page.wait_for_text(&format!(".home-deals p.count[data-open='{open}'][data-overdue='{overdue}']"), summary).await?;
            let rows = page.find_all(".home-deals tbody tr").await?.len() as i64;
            ensure!(rows == open.min(8), "{rows} deals shown of {open}");
            // Earliest close date first: the week-old one is overdue, flagged, and listed.
            page.wait_for(&format!(".home-deals tr[data-overdue=true] a[href='/opportunities/{deal}']")).await?;
            let flagged = page.find_all(".home-deals tr[data-overdue=true] .badge.overdue").await?.len() as i64;
            ensure!(flagged == overdue.min(rows), "{flagged} rows flagged overdue, {overdue} overdue");
            let link = page.wait_for(".home-deals .card-header a").await?.attr("href").await?.unwrap_or_default();
            ensure!(link.contains("status=open") && link.contains(&format!("owner={my_id}")), "'All my open deals' opens {link}");
            if leads > 0 {
                page.wait_for(&format!(".home-leads p.count[data-total='{leads}']")).await?;
            } else {
                page.wait_for(".home-leads p.empty").await?;
            }
            ensure!(page.find_all(".home-holds, .home-pipeline, [data-erp-health]").await?.is_empty(), "a rep sees a manager's sections");
            page.wait_for(".home-recent p.empty").await?;

            // Found from the home's search box, opened, and listed as recently viewed.
            page.fill("#home-find-customer", &customer_name).await?;
            page.click(".find-customer button[type=submit]").await?;
            page.wait_for_path("/customers").await?;
            page.click(&format!("table.customers a[href='/customers/{customer}']")).await?;
            page.wait_for_exact_text("h1#customer-name", &customer_name).await?;
            page.click("nav.mainnav a[href='/home']").await?;
            page.wait_for_exact_text(&format!(".home-recent li:first-child a[href='/customers/{customer}']"), &customer_name).await?;

            sign_out(&page).await?;
            sign_in(&page, demo::SALES_REP).await?;
            page.wait_for_path("/home").await?;
            page.wait_for(".home-recent p.empty").await?;
            Ok(())
        })
        .await
}

/// A manager's home adds the team's open pipeline by stage and what waits for their decision
/// (credit holds, deal registrations), each counted as the API counts it; a partner's shows
/// the organisation's open deals and its registrations awaiting review, not a manager's
/// sections.
#[tokio::test]
async fn manager_and_partner_homes_show_decisions_and_registrations() -> anyhow::Result<()> {
    let Some((browser, crm)) = setup().await? else { return Ok(()) };
    let manager = crm.login(demo::MANAGER).await?;
    let partner = crm.login(demo::PARTNER).await?;
    let holds = total(&crm, &manager, "{ orders(filter: {status: {in: [CREDIT_HOLD]}}) { totalCount } }", json!({})).await?;
    let pending = "{ opportunities(filter: {registration: {in: [PENDING]}}) { totalCount } }";
    let (to_review, awaiting) = (total(&crm, &manager, pending, json!({})).await?, total(&crm, &partner, pending, json!({})).await?);
    let partner_open = total(&crm, &partner, "{ opportunities(filter: {open: true}) { totalCount } }", json!({})).await?;
    let summary = crm.client.data("{ pipelineSummary(filter: {open: true}) { stage count } }", json!({}), Some(&manager)).await?;
    let stages: Vec<(String, i64)> = summary["pipelineSummary"]
        .as_array()
        .context("no summary")?
        .iter()
        .filter(|stage| stage["count"].as_i64() > Some(0))
        .map(|stage| (stage["stage"].as_str().unwrap_or_default().to_owned(), stage["count"].as_i64().unwrap_or_default()))
        .collect();
    ensure!(holds > 0 && to_review > 0 && awaiting > 0, "the demo has {holds} holds, {to_review}/{awaiting} pending registrations");
    ensure!(!stages.is_empty(), "the demo has no open deal");

    browser
        .run("manager_and_partner_homes_show_decisions_and_registrations", crm.server.base_url(), "en-US", move |page| async move {
            page.goto("/").await?;
            sign_in(&page, demo::MANAGER).await?;
            page.wait_for_path("/home").await?;
            page.wait_for(&format!(".home-holds p.count[data-total='{holds}']")).await?;
            let listed = page.find_all(".home-holds li a[href^='/orders/']").await?.len() as i64;
            ensure!(listed == holds.min(5), "{listed} holds listed of {holds}");
            page.wait_for_exact_text("#home-registrations-title", "Deal registrations to review").await?;
            page.wait_for(&format!(".home-registrations p.count[data-total='{to_review}']")).await?;
            for (stage, count) in &stages {
                page.wait_for_exact_text(&format!(".home-pipeline tr[data-stage={stage}] td:nth-of-type(1)"), &count.to_string()).await?;
            }
            let shown = page.find_all(".home-pipeline tbody tr").await?.len();
            ensure!(shown == stages.len(), "{shown} stages shown, {} have open deals", stages.len());
            // The holds' link opens the order list at them.
            page.click(".home-holds .card-header a").await?;
            page.wait_for_path("/orders").await?;
            page.wait_for_value("#filter-status", "CREDIT_HOLD").await?;
            sign_out(&page).await?;

            sign_in(&page, demo::PARTNER).await?;
            page.wait_for_path("/home").await?;
            page.wait_for_exact_text("#home-deals-title", "Open deals").await?;
            page.wait_for(&format!(".home-deals p.count[data-open='{partner_open}']")).await?;
            page.wait_for_exact_text("#home-registrations-title", "Registrations awaiting review").await?;
            page.wait_for(&format!(".home-registrations p.count[data-total='{awaiting}']")).await?;
            ensure!(page.find_all(".home-holds, .home-pipeline").await?.is_empty(), "a partner sees a manager's sections");
            Ok(())
        })
        .await
}
