//! Browser test of a deal's people and notes: a contact joins the deal with a role; a note is
//! written on it in Markdown, pinned, mentioning a colleague, edited; gathered on the
//! customer's page; found by the colleague on their home; archived.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use crate::browser::{setup, sign_in, sign_out, text};
use anyhow::{ensure, Context};
use e2e::demo;
use serde_json::json;

#[tokio::test]
async fn a_rep_notes_a_deal_and_the_mentioned_manager_finds_it() -> anyhow::Result<()> {
    let Some((browser, crm)) = setup().await? else { return Ok(()) };
    let rep = crm.login(demo::SALES_REP).await?;
    let manager = crm.login(demo::MANAGER).await?;
    let me = crm.client.data("{ me { user { id displayName } } }", json!({}), Some(&manager)).await?;
    let manager_name = text(&me, "/me/user/displayName")?;
    let my = crm.client.data("{ me { user { id } } }", json!({}), Some(&rep)).await?;
    let deals = crm
        .client
        .data(
            "query($me: ID!) { opportunities(first: 1, filter: {ownerId: {in: [$me]}, open: true}, orderBy: [{field: EXPECTED_CLOSE_DATE, direction: DESC}]) { nodes { id name customer { id name } } } }",
            json!({ "me": text(&my, "/me/user/id")? }),
            Some(&rep),
        )
        .await?;
    let deal = deals.pointer("/opportunities/nodes/0").context("the demo rep has no open deal")?.clone();
    let (deal_id, deal_name, customer_id) = (text(&deal, "/id")?, text(&deal, "/name")?, text(&deal, "/customer/id")?);
    // The demo seeds a note by the manager that mentions the rep.
    let mentions = crm.client.data("{ notes(filter: {mentionsMe: true}) { totalCount } }", json!({}), Some(&rep)).await?;
    ensure!(mentions["notes"]["totalCount"].as_i64() > Some(0), "the demo rep is mentioned in no note: {mentions}");

    let api = crm.client.clone();
    browser
        .run("a_rep_notes_a_deal_and_the_mentioned_manager_finds_it", crm.server.base_url(), "en-US", move |page| async move {
            page.goto(&format!("/opportunities/{deal_id}")).await?;
            sign_in(&page, demo::SALES_REP).await?;
            page.wait_for_exact_text("h1#opportunity-name", &deal_name).await?;
            // One of the customer's contacts joins the deal as an influencer.
            let option = page.wait_for("#person-contact option:not([value=''])").await?;
            let (person, person_name) = (option.attr("value").await?.unwrap_or_default(), option.text().await?);
            page.select("#person-contact", &person).await?;
            page.select("#person-role", "INFLUENCER").await?;
            page.click("#add-person").await?;
            page.wait_for_exact_text(
                &format!(".people-section li[data-contact='{person}'][data-role=INFLUENCER] .person-name"),
                person_name.trim(),
            )
            .await?;
            page.wait_for(".notes-section #note-body").await?;
            // The toolbar makes the selected word bold; "@" and the start of a name offer the
            // colleague, who is then mentioned.
            page.fill("#note-body", "Ready to sign once legal agrees.").await?;
            page.eval("const area = document.getElementById('note-body'); area.focus(); area.setSelectionRange(0, 5);").await?;
            page.click(".note-toolbar .format-bold").await?;
            page.wait_for_value("#note-body", "**Ready** to sign once legal agrees.").await?;
            page.eval("const area = document.getElementById('note-body'); area.focus(); area.setSelectionRange(area.value.length, area.value.length);").await?;
            let first_name: String = manager_name.chars().take(3).collect();
            page.wait_for("#note-body").await?.send_keys(&format!(" Ask @{first_name}")).await?;
            page.wait_for_exact_text(".mention-suggestion", &format!("@{manager_name}")).await?.click().await?;
            page.wait_for_value("#note-body", &format!("**Ready** to sign once legal agrees. Ask @{manager_name} ")).await?;
            page.click("#note-pinned").await?;
            page.click(".mention-picker summary").await?;
            let option = page.wait_for_exact_text(".mention-picker label", &manager_name).await?;
            ensure!(option.find(fantoccini::Locator::Css("input")).await?.is_selected().await?, "the completed mention is not ticked");
            page.click("#add-note").await?;
            let note = ".notes-section .pinned-notes article.note[data-pinned=true]";
            page.wait_for_exact_text(&format!("{note} .note-body strong"), "Ready").await?;
            page.wait_for_text(&format!("{note} .note-mentions"), &manager_name).await?;
            ensure!(page.value("#note-body").await?.is_empty(), "the form keeps the text after adding");

            // Edited by its author.
            page.click(&format!("{note} .edit-note")).await?;
            page.fill(&format!("{note} textarea.note-edit"), "**Ready** to sign on Monday.").await?;
            page.click(&format!("{note} .save-note")).await?;
            page.wait_for_text(&format!("{note} .note-body"), "to sign on Monday.").await?;
            let notes = api
                .data(
                    "query($id: ID!) { notes(filter: {about: {subject: OPPORTUNITY, id: $id}}) { nodes { body version pinned } } }",
                    json!({ "id": deal_id }),
                    Some(&rep),
                )
                .await?;
            ensure!(notes["notes"]["nodes"][0]["body"] == "**Ready** to sign on Monday.", "stored: {notes}");

            // On the customer's page, with what it is about.
            page.goto(&format!("/customers/{customer_id}")).await?;
            page.wait_for_exact_text(&format!(".notes-section article.note .note-subject a[href='/opportunities/{deal_id}']"), &deal_name)
                .await?;
            // The history reads with names: the note's record, and no reference shown as an id.
            page.wait_for_text(".history-section li[data-entity=NOTE] .changes li[data-field=subjectId]", &format!("Record: {deal_name}"))
                .await?;
            let raw_ids = page
                .eval(
                    "const uuid = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/;
                     return [...document.querySelectorAll('.history-section .changes li')]
                         .filter(li => /(Id|Ids)$|^mentions$/.test(li.dataset.field) && uuid.test(li.textContent))
                         .map(li => li.textContent);",
                )
                .await?;
            ensure!(raw_ids.as_array().is_some_and(Vec::is_empty), "the history shows ids instead of names: {raw_ids}");
            sign_out(&page).await?;

            // The manager finds it on their home, opens the deal and archives it.
            sign_in(&page, demo::MANAGER).await?;
            page.wait_for_path("/home").await?;
            page.wait_for_text(".home-mentions li", "to sign on Monday.").await?;
            page.click(&format!(".home-mentions li a[href='/opportunities/{deal_id}']")).await?;
            page.wait_for_exact_text("h1#opportunity-name", &deal_name).await?;
            page.wait_for(&format!("{note} .archive-note")).await?;
            ensure!(page.find_all(&format!("{note} .edit-note")).await?.is_empty(), "a manager may not rewrite the rep's note");
            page.click(&format!("{note} .archive-note")).await?;
            page.click(&format!("{note} .confirm-archive-note")).await?;
            page.wait_gone(&format!("{note} .note-body strong")).await?;
            Ok(())
        })
        .await
}
