//! Browser test of the customer's timeline, in Italian: the rep's customer shows its seeded
//! history; the rep logs a visit from the card (the channel follows the kind, the entry is
//! internal by default and comes first with its length); the filters narrow the list to
//! conversations, then to one channel.

use crate::browser::{own_customer, setup, sign_in};
use anyhow::{ensure, Context};
use e2e::demo;
use serde_json::json;
use std::time::{Duration, Instant};

#[tokio::test]
async fn a_rep_logs_a_visit_and_filters_the_customer_s_timeline() -> anyhow::Result<()> {
    let Some((browser, crm)) = setup().await? else { return Ok(()) };
    let rep = crm.login(demo::SALES_REP).await?;
    let (customer_id, _) = own_customer(&crm, &rep).await?;
    let api = crm.client.clone();
    browser
        .run("a_rep_logs_a_visit_and_filters_the_customer_s_timeline", crm.server.base_url(), "it-IT", move |page| async move {
            page.goto("/home").await?;
            sign_in(&page, demo::SALES_REP).await?;
            page.goto(&format!("/customers/{customer_id}")).await?;
            page.wait_for_text(".timeline-section h2", "Cronologia").await?;
            page.wait_for(".timeline-section .timeline-entry").await?;

            page.click(".log-contact summary").await?;
            page.select("#log-kind", "VISIT").await?;
            ensure!(page.value("#log-channel").await? == "IN_PERSON", "a visit is in person");
            page.fill("#log-subject", "Visita in cantiere").await?;
            page.fill("#log-summary", "Due chioschi fuori garanzia.").await?;
            page.fill("#log-minutes", "45").await?;
            page.click("#log-save").await?;
            let first = ".timeline-section .timeline-entry:first-child";
            page.wait_for_text(&format!("{first} .timeline-subject"), "Visita in cantiere").await?;
            page.wait_for_text(&format!("{first} .timeline-kind"), "Visita").await?;
            page.wait_for_text(&format!("{first} .timeline-channel"), "Di persona").await?;
            page.wait_for_text(&format!("{first} .badge.internal"), "Interno").await?;
            page.wait_for_text(&format!("{first} .timeline-head"), "45 min").await?;

            // Saved as the rep's internal visit.
            let query = "query($id: ID!) { customer(id: $id) { timeline(first: 1) { nodes { kind channel internal summary loggedBy { email } } } } }";
            let saved = api.data(query, json!({"id": customer_id}), Some(&rep)).await?;
            let entry = saved.pointer("/customer/timeline/nodes/0").context("no entry")?;
            ensure!(
                entry["kind"] == "VISIT" && entry["channel"] == "IN_PERSON" && entry["internal"] == true,
                "saved as {entry}"
            );
            ensure!(entry["summary"] == "Due chioschi fuori garanzia." && entry["loggedBy"]["email"] == demo::SALES_REP, "saved as {entry}");

            // Only conversations, then only emails: the visit stays, then goes.
            page.select("#timeline-show", "conversations").await?;
            wait_until(&page, "every entry is a conversation", "return [...document.querySelectorAll('.timeline-entry')].every(e => ['CALL','MEETING','VISIT','EMAIL','MESSAGE'].includes(e.dataset.kind)) && !document.querySelector('.timeline-section .loading');").await?;
            page.wait_for_text(&format!("{first} .timeline-subject"), "Visita in cantiere").await?;
            page.select("#timeline-channel", "EMAIL").await?;
            wait_until(&page, "only emails", "return !document.querySelector('.timeline-section .loading') && [...document.querySelectorAll('.timeline-entry')].every(e => e.dataset.channel === 'EMAIL') && ![...document.querySelectorAll('.timeline-subject')].some(e => e.textContent === 'Visita in cantiere');").await?;
            Ok(())
        })
        .await
}

async fn wait_until(page: &e2e::browser::Page, what: &str, script: &str) -> anyhow::Result<()> {
    let deadline = Instant::now() + Duration::from_secs(15);
    while page.eval(script).await?.as_bool() != Some(true) {
        ensure!(Instant::now() < deadline, "waited 15 s for: {what}");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    Ok(())
}
