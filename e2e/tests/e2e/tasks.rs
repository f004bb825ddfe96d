//! Browser test of tasks: the rep's home lists its open tasks with the late one flagged; on a
//! customer's page the rep opens a task, which shows there and on the tasks page, where a tick
//! renames it, marks it done, and "show done" brings it back, struck through; a reminder reaches the open
//! tasks page live.

use crate::browser::{own_customer, setup_with, sign_in};
use anyhow::{ensure, Context};
use e2e::demo;
use serde_json::json;
use std::time::{Duration, Instant};

/// `seconds` from now (before it when negative), as RFC 3339: the server's reminder job reads the wall clock, so this
/// has to read it too.
#[allow(clippy::disallowed_methods)]
pub(crate) fn soon(seconds: i64) -> String {
    (chrono::Utc::now() + chrono::Duration::seconds(seconds)).to_rfc3339()
}

#[tokio::test]
async fn a_rep_opens_a_task_on_a_customer_and_ticks_it_off() -> anyhow::Result<()> {
    // The job that sends reminders runs every second.
    let Some((browser, crm)) = setup_with(&[("CRM_SLA_JOB_SECS", "1")]).await? else { return Ok(()) };
    let rep = crm.login(demo::SALES_REP).await?;
    let (customer_id, _) = own_customer(&crm, &rep).await?;
    let api = crm.client.clone();
    browser
        .run("a_rep_opens_a_task_on_a_customer_and_ticks_it_off", crm.server.base_url(), "en-US", move |page| async move {
            page.goto("/home").await?;
            sign_in(&page, demo::SALES_REP).await?;
            // The demo rep's follow-up of a deal is a day late.
            page.wait_for_text(".home-tasks .task.overdue .task-title", "Chase the signed order form").await?;
            page.wait_for_text(".home-tasks .task.overdue .badge.overdue", "Overdue").await?;

            page.goto(&format!("/customers/{customer_id}")).await?;
            page.wait_for(".tasks-section #task-title").await?;
            page.fill("#task-title", "Send the signed contract").await?;
            page.click("#task-high").await?;
            page.click("#add-task").await?;
            page.wait_for_text(".tasks-section .task-title", "Send the signed contract").await?;
            page.wait_for_text(".tasks-section .task .badge.high", "High").await?;

            page.goto("/tasks").await?;
            page.wait_for_text(".tasks-page .task-title", "Send the signed contract").await?;
            // Renamed from its "Change" form.
            let mine = api.data("{ tasks(filter: {mine: true}) { nodes { id title } } }", json!({}), Some(&rep)).await?;
            let id = mine["tasks"]["nodes"]
                .as_array()
                .and_then(|nodes| nodes.iter().find(|n| n["title"] == "Send the signed contract"))
                .and_then(|n| n["id"].as_str())
                .map(str::to_owned)
                .context("the new task is not among the rep's")?;
            page.click(&format!("li:has(#task-title-{id}) .edit-task summary")).await?;
            page.fill(&format!("#task-title-{id}"), "Send the signed contract by courier").await?;
            page.click(&format!("li:has(#task-title-{id}) .save-task")).await?;
            page.wait_for_text(".tasks-page .task-title", "Send the signed contract by courier").await?;
            let item = "//li[contains(@class, 'task') and .//span[@class='task-title' and text()='Send the signed contract by courier']]";
            page.eval(&format!(
                "document.evaluate(\"{item}//input[@type='checkbox']\", document, null, XPathResult.FIRST_ORDERED_NODE_TYPE, null).singleNodeValue.click();"
            ))
            .await?;
            let listed = "return [...document.querySelectorAll('.tasks-page .task-title')].some(e => e.textContent === 'Send the signed contract by courier');";
            let deadline = Instant::now() + Duration::from_secs(10);
            while page.eval(listed).await?.as_bool() == Some(true) {
                ensure!(Instant::now() < deadline, "the done task stayed among the open ones");
                tokio::time::sleep(Duration::from_millis(100)).await;
            }
            page.click("#tasks-done-too").await?;
            page.wait_for_text(".tasks-page .task.done .task-title", "Send the signed contract by courier").await?;
            ensure!(!page.find_all(".tasks-page .task:not(.done)").await?.is_empty(), "the open tasks stay listed");

            // A reminder due in two seconds reaches the open page.
            let input = json!({"title": "Call the buyer back", "dueAt": soon(3600), "remindAt": soon(2)});
            api.data("mutation($i: AddTaskInput!) { addTask(input: $i) { task { id } } }", json!({"i": input}), Some(&rep)).await?;
            page.wait_for_text(".tasks-page .reminder", "Reminder: Call the buyer back").await?;
            page.wait_for_text(".tasks-page .task-title", "Call the buyer back").await?;
            Ok(())
        })
        .await
}
