//! Browser test of the call scripts outside a call: the portal customer asks the assistant on
//! the knowledge base, which ends once in the receipts article and once hands over to a
//! person with a ticket carrying the answers; the service manager finds the scripts from the
//! ticket list, sees each version's paths, is told what a broken node needs before it can be
//! published, and publishes the fix as a new version.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use crate::browser::{setup, sign_in, sign_out};
use anyhow::ensure;
use e2e::demo;

#[tokio::test]
async fn a_customer_chats_with_the_assistant_and_the_manager_keeps_its_script() -> anyhow::Result<()> {
    let Some((browser, crm)) = setup().await? else { return Ok(()) };
    browser
        .run(
            "a_customer_chats_with_the_assistant_and_the_manager_keeps_its_script",
            crm.server.base_url(),
            "en-US",
            move |page| async move {
                page.goto("/knowledge").await?;
                sign_in(&page, demo::CUSTOMER).await?;
                // The paper was the wrong one: the assistant ends in the article that says so.
                page.wait_for_text("#script-runner-title", "Ask our assistant").await?;
                page.click("#script-start").await?;
                page.wait_for("#script-node[data-node='faded']").await?;
                page.click(".script-answer[data-answer='faded']").await?;
                page.wait_for("#script-node[data-node='paper']").await?;
                page.click(".script-answer[data-answer='no']").await?;
                page.wait_for("#script-status[data-status='RESOLVED']").await?;
                page.wait_for_text("#script-article", "The POS Terminal T2 prints faded receipts").await?;

                // Another chat goes round the cleaning once, then to a person: a ticket carries it.
                page.click("#script-again").await?;
                page.click("#script-start").await?;
                for (node, answer) in [
                    ("faded", "faded"),
                    ("paper", "yes"),
                    ("clean", "done"),
                    ("clear", "again"),
                    ("clean", "done"),
                    ("clear", "no"),
                    ("old", "no"),
                ] {
                    page.wait_for(&format!("#script-node[data-node='{node}']")).await?;
                    page.click(&format!(".script-answer[data-answer='{answer}']")).await?;
                }
                page.wait_for("#script-status[data-status='HANDED_OFF']").await?;
                page.wait_for_text("#script-path", "Let me clean it again").await?;
                page.click("#script-handoff-ticket").await?;
                page.wait_for_text("h1#ticket-title", "Faded receipts on the POS Terminal").await?;
                page.wait_for_text(".conversation", "Is the test receipt clear now?").await?;
                sign_out(&page).await?;

                // The service manager keeps the scripts: the versions' paths, then an edit.
                page.goto("/tickets").await?;
                sign_in(&page, demo::SERVICE_MANAGER).await?;
                page.click("#scripts-link").await?;
                page.wait_for_path("/scripts").await?;
                page.click("#script-list a").await?;
                page.wait_for_text("#script-published", "version 2").await?;
                page.wait_for(".script-version[data-number='1'] .resolution-rate").await?;
                page.wait_for("#script-ready").await?;
                // A question without answers cannot be published; the problem names the node.
                page.click("#add-node").await?;
                page.select("fieldset[data-key='node1'] select[id$='-kind']", "QUESTION").await?;
                page.fill("fieldset[data-key='node1'] textarea", "Is the cover closed?").await?;
                page.click("#save-script").await?;
                page.wait_for("#script-problems li[data-code='ANSWER_COUNT'][data-node='node1']").await?;
                page.wait_for("#script-problems li[data-code='ORPHAN'][data-node='node1']").await?;
                page.click("#publish-script").await?;
                page.wait_for_text(".alert-error", "problem").await?;
                // Removed again, and the first question reworded, the working copy publishes
                // as version 3.
                page.click("fieldset[data-key='node1'] .remove-node").await?;
                page.fill("fieldset[data-key='faded'] textarea", "Are the receipts pale or patchy, rather than blank?").await?;
                page.click("#publish-script").await?;
                page.wait_for_text("#script-published", "version 3").await?;
                ensure!(page.find_all("#script-problems li").await?.is_empty(), "problems remain after publishing");
                Ok(())
            },
        )
        .await
}
