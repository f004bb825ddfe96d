//! Browser test of the customer's timeline, in Italian: the rep's customer shows its seeded
//! history; the rep logs a visit from the card (the channel follows the kind, the entry is
//! internal by default and comes first with its length); the filters narrow the list to
//! conversations, then to one channel; the card is live: a call a colleague logs meanwhile
//! appears on the open page without a reload. A customer reads its own timeline in its
//! self-service area, live too, without the company's internal entries.

use crate::browser::{own_customer, setup, sign_in};
use anyhow::{ensure, Context};
use e2e::demo;
use serde_json::json;
use std::time::{Duration, Instant};

#[tokio::test]
async fn a_rep_logs_a_visit_and_filters_the_customer_s_timeline() -> anyhow::Result<()> {
    let Some((browser, crm)) = setup().await? else { return Ok(()) };
    let rep = crm.login(demo::SALES_REP).await?;
    let manager = crm.login(demo::MANAGER).await?;
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

            // Live: a call the manager logs through the API appears on the open card; a visit
            // does not, while only emails are shown.
            page.wait_for_text(".timeline-section .live-state", "In diretta").await?;
            let log = "mutation($i: LogInteractionInput!) { logInteraction(input: $i) { interaction { id } } }";
            let now = crate::tasks::soon(-60);
            let visit = json!({"customerId": customer_id, "kind": "VISIT", "channel": "IN_PERSON", "direction": "OUTBOUND", "subject": "Visita del responsabile", "startedAt": now});
            api.data(log, json!({"i": visit}), Some(&manager)).await?;
            let email = json!({"customerId": customer_id, "kind": "EMAIL", "channel": "EMAIL", "direction": "INBOUND", "subject": "Richiesta di preventivo", "startedAt": now});
            api.data(log, json!({"i": email}), Some(&manager)).await?;
            page.wait_for_text(&format!("{first} .timeline-subject"), "Richiesta di preventivo").await?;
            ensure!(
                page.eval("return ![...document.querySelectorAll('.timeline-subject')].some(e => e.textContent === 'Visita del responsabile');").await?
                    == json!(true),
                "a visit is not an email"
            );
            Ok(())
        })
        .await
}

#[tokio::test]
async fn a_customer_follows_its_own_timeline_in_self_service() -> anyhow::Result<()> {
    let Some((browser, crm)) = setup().await? else { return Ok(()) };
    let customer = crm.login(demo::CUSTOMER).await?;
    let admin = crm.login(demo::ADMIN).await?;
    let me = crm.client.data("{ me { customer { id } } }", json!({}), Some(&customer)).await?;
    let customer_id = me.pointer("/me/customer/id").and_then(|id| id.as_str()).context("no customer")?.to_owned();
    let api = crm.client.clone();
    browser
        .run("a_customer_follows_its_own_timeline_in_self_service", crm.server.base_url(), "en-US", move |page| async move {
            page.goto("/home").await?;
            sign_in(&page, demo::CUSTOMER).await?;
            page.goto("/me").await?;
            page.wait_for_text(".timeline-section h2", "Timeline").await?;
            page.wait_for_text(".timeline-section .live-state", "Live").await?;
            ensure!(page.eval("return !document.querySelector('.log-contact');").await? == json!(true), "a customer logs nothing");

            // The company's internal note does not reach the customer; the visit shared with it does.
            let log = "mutation($i: LogInteractionInput!) { logInteraction(input: $i) { interaction { id } } }";
            for (subject, internal) in [("Margin review", true), ("Visit to your warehouse", false)] {
                let input = json!({"customerId": customer_id, "kind": "VISIT", "channel": "IN_PERSON", "direction": "OUTBOUND",
                    "subject": subject, "startedAt": crate::tasks::soon(-60), "internal": internal});
                api.data(log, json!({"i": input}), Some(&admin)).await?;
            }
            let first = ".timeline-section .timeline-entry:first-child";
            page.wait_for_text(&format!("{first} .timeline-subject"), "Visit to your warehouse").await?;
            ensure!(
                page.eval("return ![...document.querySelectorAll('.timeline-subject')].some(e => e.textContent === 'Margin review');")
                    .await?
                    == json!(true),
                "an internal entry reached the customer"
            );
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
