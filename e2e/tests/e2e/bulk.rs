//! Browser test of bulk work on the customer list: ticked rows reassigned, tagged and
//! archived together, checked through the API.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use crate::browser::{setup, sign_in, text};
use anyhow::ensure;
use e2e::demo;
use serde_json::{json, Value};

/// Owners, tags and archive state of customers by id, as the API has them.
async fn customers(api: &e2e::Client, token: &str, ids: &[String]) -> anyhow::Result<Vec<Value>> {
    let data = api
        .data(
            "query($ids: [ID!]!) { nodes(ids: $ids) { id ... on Customer { tags archived owner { id } } } }",
            json!({ "ids": ids }),
            Some(token),
        )
        .await?;
    Ok(data["nodes"].as_array().cloned().unwrap_or_default())
}

/// A manager ticks three of a rep's customers and hands them to another rep, tags two of the
/// rep's others and archives one; each change reaches exactly the ticked customers.
#[tokio::test]
async fn manager_reassigns_tags_and_archives_ticked_customers() -> anyhow::Result<()> {
    let Some((browser, crm)) = setup().await? else { return Ok(()) };
    let manager = crm.login(demo::MANAGER).await?;
    let rep = crm.login(demo::SALES_REP).await?;
    let me = crm.client.data("{ me { user { id } } }", json!({}), Some(&rep)).await?;
    let rep_id = text(&me, "/me/user/id")?;
    let staff = crm.client.data("{ users(filter: {role: {in: [SALES_REP]}}) { nodes { id email } } }", json!({}), Some(&manager)).await?;
    let other = staff["users"]["nodes"]
        .as_array()
        .and_then(|users| users.iter().find(|u| u["id"] != json!(rep_id)))
        .map(|u| u["id"].as_str().unwrap_or_default().to_owned())
        .ok_or_else(|| anyhow::anyhow!("the demo has one sales rep: {staff}"))?;

    let api = crm.client.clone();
    browser
        .run("manager_reassigns_tags_and_archives_ticked_customers", crm.server.base_url(), "en-US", move |page| async move {
            page.goto(&format!("/customers?owner={rep_id}")).await?;
            sign_in(&page, demo::MANAGER).await?;
            page.wait_for("table.customers tbody tr .select-customer").await?;
            // Ticks the first `n` rows, by id (the list may be re-rendering after an action).
            let tick = |n: usize| {
                let page = &page;
                async move {
                    let script = format!(
                        "return [...document.querySelectorAll('table.customers .select-customer')].slice(0, {n}).map(e => e.value);"
                    );
                    let ids: Vec<String> = serde_json::from_value(page.eval(&script).await?)?;
                    ensure!(ids.len() == n, "the list shows {} customers, {n} wanted", ids.len());
                    for id in &ids {
                        page.click(&format!("table.customers .select-customer[value='{id}']")).await?;
                    }
                    let selected = if n == 1 { "1 customer selected".to_owned() } else { format!("{n} customers selected") };
                    page.wait_for_exact_text("#bulk-status", &selected).await?;
                    anyhow::Ok(ids)
                }
            };

            // Three customers to another rep.
            let moved = tick(3).await?;
            page.select("#bulk-owner", &other).await?;
            page.click("#bulk-assign").await?;
            page.wait_for_exact_text("#bulk-status", "3 customers updated.").await?;
            let saved = customers(&api, &manager, &moved).await?;
            ensure!(saved.len() == 3 && saved.iter().all(|c| c["owner"]["id"] == json!(other)), "not reassigned: {saved:?}");
            // They left the rep's list, which shows others now.
            for id in &moved {
                page.wait_gone(&format!("table.customers .select-customer[value='{id}']")).await?;
            }

            // Two tagged.
            let tagged = tick(2).await?;
            page.fill("#bulk-tag", "Promo 2027").await?;
            page.click("#bulk-add-tag").await?;
            page.wait_for_exact_text("#bulk-status", "2 customers updated.").await?;
            let saved = customers(&api, &manager, &tagged).await?;
            ensure!(saved.iter().all(|c| c["tags"].as_array().is_some_and(|t| t.contains(&json!("promo 2027")))), "not tagged: {saved:?}");
            ensure!(saved.iter().all(|c| c["owner"]["id"] == json!(rep_id)), "tagging changed the owners: {saved:?}");

            // One archived, after a confirmation.
            let archived = tick(1).await?;
            page.click("#bulk-archive").await?;
            page.click("#bulk-confirm-archive").await?;
            page.wait_for_exact_text("#bulk-status", "1 customer updated.").await?;
            let saved = customers(&api, &manager, &archived).await?;
            ensure!(saved[0]["archived"] == true, "not archived: {saved:?}");
            page.wait_gone(&format!("table.customers .select-customer[value='{}']", archived[0])).await?;
            Ok(())
        })
        .await
}
