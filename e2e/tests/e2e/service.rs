//! Browser test of customer service: the portal customer opens a ticket; the agent finds it
//! among the desk's tickets, writes an internal note and a reply that waits for the customer;
//! the customer reads the reply, not the note, and answers; the agent sees the ticket open
//! again with its service level clocks and their timeline, lists the tickets in the order
//! they fall due, and answers with a macro; then steps away, and the service manager hands
//! their open tickets back to the queues from the desk's page, where the ticket list's
//! "Nobody assigned" finds them.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use crate::browser::{setup, sign_in, sign_out};
use anyhow::ensure;
use e2e::demo;

#[tokio::test]
async fn a_customer_opens_a_ticket_the_agent_answers_and_the_customer_replies() -> anyhow::Result<()> {
    let Some((browser, crm)) = setup().await? else { return Ok(()) };
    browser
        .run(
            "a_customer_opens_a_ticket_the_agent_answers_and_the_customer_replies",
            crm.server.base_url(),
            "en-US",
            move |page| async move {
                page.goto("/tickets").await?;
                sign_in(&page, demo::CUSTOMER).await?;
                // The demo's tickets of this customer are listed; a new one starts from the list.
                page.wait_for("table.tickets tbody tr").await?;
                page.click("#new-ticket").await?;
                page.fill("#f-subject", "Scanner does not start").await?;
                page.click("button.open-ticket").await?;
                page.wait_for("#f-description-error").await?;
                page.fill("#f-description", "The scanner in room 4 shows a red light and nothing else.").await?;
                page.fill("#f-category", "hardware").await?;
                page.click("button.open-ticket").await?;
                page.wait_for_text("h1#ticket-title", "Scanner does not start").await?;
                page.wait_for_exact_text("#ticket-status", "New").await?;
                let ticket_path = page.path().await?;
                sign_out(&page).await?;

                // The agent: the new ticket is first on the desk's list.
                page.goto("/tickets").await?;
                sign_in(&page, demo::AGENT).await?;
                page.wait_for_text("table.tickets tbody tr:first-child th", "Scanner does not start").await?;
                page.click("table.tickets tbody tr:first-child th a").await?;
                page.wait_for_path(&ticket_path).await?;
                page.wait_for("li.sla-clock[data-target='FIRST_RESPONSE'][data-state='due']").await?;
                page.select("#message-kind", "NOTE").await?;
                page.fill("#message-body", "Probably the power supply; check the warranty.").await?;
                page.click("#send-message").await?;
                page.wait_for("li.message[data-kind='NOTE']").await?;
                page.select("#message-kind", "REPLY").await?;
                page.fill("#message-body", "Could you send us the serial number on the back?").await?;
                page.select("#reply-status", "PENDING_CUSTOMER").await?;
                page.click("#send-message").await?;
                page.wait_for_exact_text("#ticket-status", "Waiting for the customer").await?;
                page.wait_for("li.sla-clock[data-target='FIRST_RESPONSE'][data-state='met']").await?;
                page.wait_for("li.sla-clock[data-target='RESOLUTION'][data-state='paused']").await?;
                sign_out(&page).await?;

                // The customer reads the reply, never the note, and answers.
                page.goto(&ticket_path).await?;
                sign_in(&page, demo::CUSTOMER).await?;
                page.wait_for("li.message[data-kind='REPLY']").await?;
                ensure!(page.find_all("li.message[data-kind='NOTE']").await?.is_empty(), "the customer sees the internal note");
                ensure!(page.find_all("#message-kind").await?.is_empty(), "the customer may not write notes");
                page.fill("#message-body", "SN 4471-B.").await?;
                page.click("#send-message").await?;
                page.wait_for_exact_text("#ticket-status", "Open").await?;
                sign_out(&page).await?;

                // The agent sees the clocks run again, and why, on the timeline.
                page.goto(&ticket_path).await?;
                sign_in(&page, demo::AGENT).await?;
                page.wait_for("li.sla-clock[data-target='RESOLUTION'][data-state='due']").await?;
                page.wait_for(".sla-timeline li[data-kind='RESUMED']").await?;
                page.wait_for(".sla-timeline li[data-kind='PAUSED']").await?;

                // The desk's work order: what falls due first, kept in the URL.
                page.goto("/tickets").await?;
                page.wait_for("table.tickets tbody tr").await?;
                page.select("#ticket-order", "due").await?;
                page.wait_for_path("/tickets").await?;
                page.wait_for("table.tickets tbody tr td time").await?;
                ensure!(page.link().await?.contains("order=due"), "the order is not in the URL");
                let mut due = Vec::new();
                for time in page.find_all("table.tickets tbody tr td time").await? {
                    due.push(time.attr("datetime").await?.unwrap_or_default());
                }
                ensure!(due.windows(2).all(|pair| pair[0] <= pair[1]), "not in the order they fall due: {due:?}");

                // A macro answers and moves the ticket in one click, with the customer's name in it.
                page.goto(&ticket_path).await?;
                page.wait_for_text("#ticket-macro option", "Ask for the serial number").await?;
                page.click("#apply-macro").await?;
                page.wait_for_exact_text("#ticket-status", "Waiting for the customer").await?;
                page.wait_for_text("li.message[data-kind='REPLY']:last-of-type", "Dear").await?;

                // The agent steps away from the ticket list; the desk's page shows it.
                page.goto("/tickets").await?;
                page.wait_for("#my-presence[data-presence='AVAILABLE']").await?;
                page.select("#my-presence", "AWAY").await?;
                page.wait_for("#my-presence[data-presence='AWAY']").await?;
                page.click("#desk-link").await?;
                page.wait_for_path("/tickets/desk").await?;
                let davide = "table.desk-agents tbody tr:nth-child(3)";
                page.wait_for_exact_text(&format!("{davide} th"), "Davide Greco").await?;
                page.wait_for(&format!("{davide} .badge[data-presence='AWAY']")).await?;
                ensure!(page.find_all(".queue-routing").await?.is_empty(), "an agent sets up the queues");
                sign_out(&page).await?;

                // The service manager hands the absent agent's open work back to the queues.
                page.goto("/tickets/desk").await?;
                sign_in(&page, demo::SERVICE_MANAGER).await?;
                page.wait_for_exact_text(&format!("{davide} th"), "Davide Greco").await?;
                page.wait_for(".queue-routing select").await?;
                page.click(&format!("{davide} .agent-tools summary")).await?;
                page.click(&format!("{davide} .reassign-agent")).await?;
                page.wait_for_text("#desk-notice", "moved").await?;
                page.wait_for_text_matching(&format!("{davide} td.load"), "0 of 10", |text| text.starts_with("0 of")).await?;

                // What nobody works now is one tick away on the ticket list, kept in the URL.
                page.goto("/tickets").await?;
                page.wait_for("table.tickets tbody tr").await?;
                page.click("#filter-unassigned").await?;
                page.wait_for_path("/tickets").await?;
                ensure!(page.link().await?.contains("unassigned=1"), "the filter is not in the URL");
                // The list reloads under the filter: poll until every row says nobody works it.
                let mut assignees = Vec::new();
                for _ in 0..40 {
                    assignees.clear();
                    for cell in page.find_all("table.tickets tbody tr td:last-child").await? {
                        assignees.push(cell.text().await.unwrap_or_default());
                    }
                    if !assignees.is_empty() && assignees.iter().all(|name| name == "Nobody") {
                        break;
                    }
                    tokio::time::sleep(std::time::Duration::from_millis(250)).await;
                }
                ensure!(!assignees.is_empty() && assignees.iter().all(|name| name == "Nobody"), "assigned tickets listed: {assignees:?}");
                Ok(())
            },
        )
        .await
}
