//! Browser test of the knowledge base: the portal customer searches it in their own words,
//! reads the article that matched, says it helped and is offered the next model; writing a
//! ticket, they are shown articles that may answer it; the agent drafts an article from the
//! ticket (its question prefilled) and resolves it, and the service manager publishes the
//! article; the customer rates the ticket, and the manager reads the satisfaction figures.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use crate::browser::{setup, sign_in, sign_out};
use anyhow::ensure;
use e2e::demo;

#[tokio::test]
async fn a_customer_finds_an_answer_and_the_desk_turns_a_ticket_into_an_article() -> anyhow::Result<()> {
    let Some((browser, crm)) = setup().await? else { return Ok(()) };
    browser
        .run(
            "a_customer_finds_an_answer_and_the_desk_turns_a_ticket_into_an_article",
            crm.server.base_url(),
            "en-US",
            move |page| async move {
                page.goto("/knowledge").await?;
                sign_in(&page, demo::CUSTOMER).await?;
                // Other forms of the words find it; the words found are marked.
                page.fill("#knowledge-search", "receipt printing faded").await?;
                page.wait_for_text("li.hit h2 a", "The POS Terminal T2 prints faded receipts").await?;
                let marked: Vec<String> = {
                    let mut words = Vec::new();
                    for mark in page.find_all("li.hit .snippet mark").await? {
                        words.push(mark.text().await?);
                    }
                    words
                };
                ensure!(marked.iter().any(|w| w == "receipts"), "the snippet marks {marked:?}");
                ensure!(page.link().await?.contains("q=receipt"), "the search is not in the URL");
                ensure!(page.find_all("li.hit h2 a").await?.len() == 1, "staff-only or partners' articles reached the customer");
                page.click("li.hit h2 a").await?;
                page.wait_for_text("h1#article-title", "faded receipts").await?;
                page.wait_for_text(".article-body ol li", "thermal head").await?;
                ensure!(page.find_all("#revisions-title").await?.is_empty(), "the customer sees the desk's facts");
                page.click("#vote-yes").await?;
                page.wait_for("#vote-yes[aria-pressed='true']").await?;
                page.wait_for_text("#article-offer", "Self-order Kiosk K5").await?;

                // A new ticket: articles that may answer it are offered as the subject is typed.
                page.goto("/tickets/new").await?;
                page.fill("#f-subject", "Password reset for a locked user").await?;
                page.wait_for_text("#ticket-suggestions li a", "Resetting a user's password in Cloud ERP").await?;
                let link = page.find_all("#ticket-suggestions li a").await?.remove(0);
                ensure!(link.attr("href").await?.unwrap_or_default().ends_with("?from=suggestion"), "suggestions are not counted");
                page.fill("#f-description", "The link in the reset mail has expired twice already.").await?;
                page.click("button.open-ticket").await?;
                page.wait_for_text("h1#ticket-title", "Password reset for a locked user").await?;
                let ticket_path = page.path().await?;
                sign_out(&page).await?;

                // The agent answers and drafts an article from the ticket.
                page.goto(&ticket_path).await?;
                sign_in(&page, demo::AGENT).await?;
                page.fill("#message-body", "Send a new reset link: it is valid for one hour.").await?;
                page.select("#reply-status", "RESOLVED").await?;
                page.click("#send-message").await?;
                page.wait_for_text(".ticket-survey", "Waiting for the customer's rating").await?;
                page.wait_for("li.message[data-kind='REPLY']").await?;
                page.click("#draft-article").await?;
                page.wait_for("#f-body").await?;
                let body = page.find_all("#f-body").await?.remove(0).prop("value").await?.unwrap_or_default();
                ensure!(
                    body.contains("The link in the reset mail has expired") && body.contains("valid for one hour"),
                    "the draft holds {body:?}"
                );
                page.select("#f-visibility", "PUBLIC").await?;
                page.click("button.save-article").await?;
                page.wait_for_exact_text("#article-status", "Draft").await?;
                ensure!(page.find_all("#publish-article").await?.is_empty(), "an agent may not publish");
                let article_path = page.path().await?;
                sign_out(&page).await?;

                // The service manager publishes it; the customer finds it.
                page.goto(&article_path).await?;
                sign_in(&page, demo::SERVICE_MANAGER).await?;
                page.click("#publish-article").await?;
                page.wait_for_exact_text("#article-status", "Published").await?;
                sign_out(&page).await?;
                page.goto("/knowledge?q=reset%20mail%20expired").await?;
                sign_in(&page, demo::CUSTOMER).await?;
                page.wait_for_text("li.hit h2 a", "Password reset for a locked user").await?;

                // The customer rates the resolved ticket, once; the desk reads it in its figures.
                page.goto(&ticket_path).await?;
                page.wait_for("#send-rating[disabled]").await?;
                page.click("#score-4").await?;
                page.fill("#survey-comment", "Fast, thank you.").await?;
                page.click("#send-rating").await?;
                page.wait_for_text("#survey-score", "Rated 4/5").await?;
                ensure!(page.find_all("#send-rating").await?.is_empty(), "the survey can be answered twice");
                sign_out(&page).await?;
                page.goto("/tickets").await?;
                sign_in(&page, demo::SERVICE_MANAGER).await?;
                page.click("#satisfaction-link").await?;
                page.wait_for("table.satisfaction tbody tr").await?;
                page.select("#satisfaction-group", "QUEUE").await?;
                page.wait_for_path("/tickets/satisfaction").await?;
                ensure!(page.link().await?.contains("by=QUEUE"), "the grouping is not in the URL");
                page.wait_for_text("table.satisfaction thead th", "Queue").await?;
                Ok(())
            },
        )
        .await
}
