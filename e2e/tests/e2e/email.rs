//! Browser test of email on the service desk, in English: with a customer's page open, an
//! email from one of its contacts arrives on the inbound webhook (the way a mail provider
//! delivers it) and appears on the page's live timeline without a reload; the ticket it
//! opened shows the email with its attachment; the agent's reply goes in the outbox and the
//! ticket shows it waiting to be sent (this server has no mail relay configured); the
//! customer's answer by email shows on the open ticket page while the agent types, and the
//! draft stays.

use crate::browser::{setup, sign_in, text};
use anyhow::{ensure, Context};
use e2e::demo;
use serde_json::{json, Value};

#[tokio::test]
async fn an_email_lands_on_the_open_timeline_and_the_agent_answers_it() -> anyhow::Result<()> {
    let Some((browser, crm)) = setup().await? else { return Ok(()) };
    let admin = crm.login(demo::ADMIN).await?;
    let agent = crm.login(demo::AGENT).await?;
    let create = "mutation($i: CreateApiKeyInput!) { createApiKey(input: $i) { secret } }";
    let key = crm.client.data(create, json!({"i": {"name": "Mail provider", "scopes": ["EMAIL_INBOUND"]}}), Some(&admin)).await?;
    let key = text(&key, "/createApiKey/secret")?;
    // A customer with a contact's email and a history (the new email must come first; the
    // demo's imported customers have none yet).
    let customers = crm
        .client
        .data(
            "{ customers(first: 50) { nodes { id contacts { emails { address } } timeline(first: 1) { totalCount } } } }",
            json!({}),
            Some(&agent),
        )
        .await?;
    let (customer_id, address) = customers
        .pointer("/customers/nodes")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter(|customer| customer.pointer("/timeline/totalCount").and_then(Value::as_i64).unwrap_or(0) > 0)
        .find_map(|customer| {
            let address = customer.pointer("/contacts/0/emails/0/address")?.as_str()?.to_owned();
            Some((customer["id"].as_str()?.to_owned(), address))
        })
        .context("a demo customer with a history and a contact's email")?;
    let inbound = format!("{}/email/inbound?recipient=support@demo.test", crm.server.base_url());
    let http = crm.client.http().clone();
    browser
        .run("an_email_lands_on_the_open_timeline_and_the_agent_answers_it", crm.server.base_url(), "en-US", move |page| async move {
            page.goto("/home").await?;
            sign_in(&page, demo::AGENT).await?;
            page.goto(&format!("/customers/{customer_id}")).await?;
            page.wait_for(".timeline-section .timeline-entry").await?;

            let raw = format!(
                "Message-ID: <e2e-water@customer.example>\nFrom: {address}\nTo: support@demo.test\nSubject: Water in the server room\n\
                 MIME-Version: 1.0\nContent-Type: multipart/mixed; boundary=\"B\"\n\n--B\nContent-Type: text/plain; charset=utf-8\n\n\
                 The ceiling leaks over rack 2.\n--B\nContent-Type: application/pdf\nContent-Disposition: attachment; filename=\"photo-report.pdf\"\n\
                 Content-Transfer-Encoding: base64\n\nJVBERi0xLjQgZGVtbw==\n--B--\n"
            );
            let filed: Value = http.post(&inbound).bearer_auth(&key).body(raw).send().await?.error_for_status()?.json().await?;
            ensure!(filed["filing"] == "OPENED", "filed as {filed}");
            let ticket_id = text(&filed, "/ticketId")?;

            // The open page hears it: the new ticket is the timeline's first entry, by email.
            let first = ".timeline-section .timeline-entry:first-child";
            page.wait_for_text(&format!("{first} .timeline-subject"), "Water in the server room").await?;
            page.wait_for_text(&format!("{first} .timeline-channel"), "Email").await?;

            // The ticket shows the email and its file; the reply waits in the outbox.
            page.goto(&format!("/tickets/{ticket_id}")).await?;
            page.wait_for_text("h1#ticket-title", "Water in the server room").await?;
            let received = ".ticket-emails .email[data-direction='INBOUND']";
            page.wait_for_text(&format!("{received} strong"), &format!("Received from {address}")).await?;
            page.wait_for_text(&format!("{received} .attachment"), "photo-report.pdf").await?;
            page.select("#message-kind", "REPLY").await?;
            page.fill("#message-body", "We are sending a technician this morning.").await?;
            page.click("#send-message").await?;
            let sent = ".ticket-emails .email[data-direction='OUTBOUND']";
            page.wait_for_text(&format!("{sent} strong"), &format!("Sent to {address}")).await?;
            page.wait_for_text(&format!("{sent} .email-status"), "Waiting to be sent").await?;

            // The page is live: the customer's answer by email shows in the conversation while
            // the agent is typing, and what the agent typed stays.
            page.fill("#message-body", "Half-written answer").await?;
            let number = text(&filed, "/ticketNumber")?;
            let answer = format!(
                "Message-ID: <e2e-water-2@customer.example>\nFrom: {address}\nTo: support@demo.test\n\
                 Subject: Re: Water in the server room [{number}]\n\nThe technician can use the back door.\n"
            );
            let filed: Value = http.post(&inbound).bearer_auth(&key).body(answer).send().await?.error_for_status()?.json().await?;
            ensure!(filed["filing"] == "THREADED", "filed as {filed}");
            page.wait_for_text(".conversation .messages", "The technician can use the back door.").await?;
            page.wait_for_text(".ticket-emails", &format!("Received from {address}")).await?;
            ensure!(page.value("#message-body").await? == "Half-written answer", "the draft stays");
            Ok(())
        })
        .await
}
