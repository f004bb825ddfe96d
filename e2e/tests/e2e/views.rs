//! Browser test of saved views: a list's filters under a name, chosen from the menu above it.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use crate::browser::{column_count, setup, sign_in, text};
use anyhow::ensure;
use e2e::demo;
use serde_json::json;

/// A rep opens "My customers", narrows it to prospects, saves that as a shared view, finds it
/// again after going back to the whole list and after a reload, and deletes it; the views the
/// manager shares with the team are in the menu too, and the manager sees the rep's.
#[tokio::test]
async fn sales_rep_saves_shares_and_deletes_a_view() -> anyhow::Result<()> {
    let Some((browser, crm)) = setup().await? else { return Ok(()) };
    let token = crm.login(demo::SALES_REP).await?;
    let me = crm.client.data("{ me { user { id } } }", json!({}), Some(&token)).await?;
    let my_id = text(&me, "/me/user/id")?;

    let (page_id, api) = (my_id.clone(), crm.client.clone());
    let manager = crm.login(demo::MANAGER).await?;
    browser
        .run("sales_rep_saves_shares_and_deletes_a_view", crm.server.base_url(), "en-US", move |page| async move {
            page.goto("/customers").await?;
            sign_in(&page, demo::SALES_REP).await?;
            page.wait_for("table.customers tbody tr").await?;
            // The manager's shared views are offered, marked as shared.
            page.wait_for_exact_text("#saved-view option[data-shared=true]", "Key accounts (shared)").await?;

            // "My customers": the list of the customers the rep owns.
            page.select("#saved-view", "s0").await?;
            let link = page.link().await?;
            ensure!(link.contains(&format!("owner={page_id}")), "My customers opened {link}");
            page.wait_for_value("#saved-view", "s0").await?;

            // Narrowed further, it is an unsaved view that can be saved, and shared.
            if page.find_all("details.filters[open]").await?.is_empty() {
                page.click("details.filters summary").await?;
            }
            page.click("#filter-lifecycle-PROSPECT").await?;
            page.wait_for_value("#saved-view", "unsaved").await?;
            page.click("#save-view").await?;
            page.fill("#view-name", "My prospects").await?;
            page.click("#view-shared").await?;
            page.click("#confirm-save-view").await?;
            page.wait_gone(".save-view-form").await?;
            let saved = page.wait_for_exact_text("#saved-view option", "My prospects").await?;
            let value = saved.attr("value").await?.unwrap_or_default();
            page.wait_for_value("#saved-view", &value).await?;
            let narrowed = page.link().await?;

            // Back to the whole list, then the view again: the same URL.
            page.select("#saved-view", "").await?;
            page.wait_for_value("#saved-view", "").await?;
            page.select("#saved-view", &value).await?;
            page.wait_for_value("#saved-view", &value).await?;
            let reopened = page.link().await?;
            ensure!(reopened == narrowed, "the view opened {reopened}, it was saved from {narrowed}");
            page.reload().await?;
            page.wait_for_value("#saved-view", &value).await?;

            // A colleague sees it, shared.
            let theirs = api.data("{ savedViews(list: CUSTOMERS) { name shared mine query } }", json!({}), Some(&manager)).await?;
            let view = theirs["savedViews"].as_array().and_then(|all| all.iter().find(|v| v["name"] == "My prospects")).cloned();
            let view = view.ok_or_else(|| anyhow::anyhow!("the manager does not see the shared view: {theirs}"))?;
            ensure!(view["shared"] == json!(true) && view["mine"] == json!(false), "{view}");
            let query = view["query"].as_str().unwrap_or_default();
            ensure!(query.contains(&format!("owner={page_id}")) && query.contains("lifecycle=PROSPECT"), "{view}");

            // Deleted, it leaves the menu; the list stays as it is, now an unsaved view.
            page.click("#delete-view").await?;
            page.wait_gone(&format!("#saved-view option[value='{value}']")).await?;
            page.wait_for_value("#saved-view", "unsaved").await?;
            Ok(())
        })
        .await?;

    let left = crm.client.data("{ savedViews(list: CUSTOMERS) { name } }", json!({}), Some(&token)).await?;
    ensure!(!left.to_string().contains("My prospects"), "the deleted view is still there: {left}");
    Ok(())
}

/// The opportunity list offers "My open deals" and "Closing this month" (this month's dates,
/// whenever it is opened), filters by owner and close dates, and flags open deals whose
/// close date has passed.
#[tokio::test]
async fn sales_rep_opens_suggested_deal_views_with_overdue_flags() -> anyhow::Result<()> {
    let Some((browser, crm)) = setup().await? else { return Ok(()) };
    let token = crm.login(demo::SALES_REP).await?;
    let me = crm.client.data("{ me { user { id } } }", json!({}), Some(&token)).await?;
    let my_id = text(&me, "/me/user/id")?;
    let mine = crm
        .client
        .data(
            "query($me: ID!) { opportunities(filter: {ownerId: {in: [$me]}, open: true}) { totalCount } }",
            json!({ "me": my_id }),
            Some(&token),
        )
        .await?;
    let my_open = mine["opportunities"]["totalCount"].as_i64().unwrap_or_default();
    ensure!(my_open > 0, "the demo rep has no open deal: {mine}");
    // Won deals the board shows by default (closed in the last 90 days) and in all.
    let won = |since: Option<String>| {
        let (crm, token) = (&crm, token.clone());
        async move {
            let summary = crm
                .client
                .data(
                    "query($f: OpportunityFilter) { pipelineSummary(filter: $f) { stage count } }",
                    json!({ "f": { "closedSince": since } }),
                    Some(&token),
                )
                .await?;
            let won = summary["pipelineSummary"].as_array().and_then(|rows| rows.iter().find(|row| row["stage"] == "CLOSED_WON"));
            anyhow::Ok(won.and_then(|row| row["count"].as_i64()).unwrap_or_default())
        }
    };
    let (won_lately, won_ever) = (won(Some(days_ago(90))).await?, won(None).await?);
    ensure!(won_lately < won_ever, "the demo has no deal won more than 90 days ago ({won_lately} of {won_ever})");

    browser
        .run("sales_rep_opens_suggested_deal_views_with_overdue_flags", crm.server.base_url(), "en-US", move |page| async move {
            page.goto("/opportunities").await?;
            sign_in(&page, demo::SALES_REP).await?;
            page.wait_for("table.opportunities tbody tr").await?;
            page.select("#saved-view", "s0").await?;
            page.wait_for_value("#filter-owner", &my_id).await?;
            page.wait_for_value("#filter-open", "open").await?;
            let count = if my_open == 1 { "1 opportunity".to_owned() } else { format!("{my_open} opportunities") };
            page.wait_for_text_matching("p.count", &format!("starting with {count:?}"), |t| t.starts_with(&count)).await?;
            // Overdue: exactly the rows of open deals whose close date is before today.
            let today: String = page.eval("const d = new Date(); return d.getFullYear() + '-' + String(d.getMonth() + 1).padStart(2, '0') + '-' + String(d.getDate()).padStart(2, '0');").await?.as_str().unwrap_or_default().to_owned();
            for row in page.find_all("table.opportunities tbody tr").await? {
                let close = row.attr("data-close").await?.unwrap_or_default();
                let flagged = row.attr("data-overdue").await?.unwrap_or_default() == "true";
                ensure!(flagged == (close < today), "a deal closing {close} is flagged {flagged} on {today}");
                let badge = !row.find_all(fantoccini::Locator::Css(".overdue")).await?.is_empty();
                ensure!(badge == flagged, "a deal closing {close}: badge {badge}, flag {flagged}");
            }
            // "Closing this month": open deals expected this month.
            page.select("#saved-view", "s1").await?;
            page.wait_for_value("#saved-view", "s1").await?;
            // The date boxes show the days as English writes them (mm/dd/yyyy).
            let (year, month) = (&today[..4], &today[5..7]);
            page.wait_for_value("#filter-close-from", &format!("{month}/01/{year}")).await?;
            let to = page.value("#filter-close-to").await?;
            ensure!(to.len() == 10, "the month's end shows as {to:?}");
            let (to_month, to_day, to_year) = (&to[..2], &to[3..5], &to[6..]);
            ensure!((to_month, to_year) == (month, year) && to_day >= "28", "the month ends on {to}");
            ensure!(page.link().await?.contains(&format!("close_from={year}-{month}-01")), "the URL keeps ISO dates");

            // The board hides deals closed more than 90 days ago until asked for all of them.
            page.goto("/pipeline").await?;
            page.wait_for_value("#board-closed-within", "90").await?;
            let shown = column_count(&page, "CLOSED_WON").await?;
            ensure!(shown == won_lately, "the board shows {shown} won deals, the last 90 days hold {won_lately}");
            page.select("#board-closed-within", "").await?;
            page.wait_for(&format!(".board-column[data-stage=CLOSED_WON] .column-count[data-count='{won_ever}']")).await?;
            // The board's filters are in its URL: a reload keeps them.
            let link = page.link().await?;
            ensure!(link.contains("closed=all"), "the board's URL {link} does not say which closed deals it shows");
            page.reload().await?;
            page.wait_for_value("#board-closed-within", "").await?;
            page.wait_for(&format!(".board-column[data-stage=CLOSED_WON] .column-count[data-count='{won_ever}']")).await?;

            // Compact cards: at 1280×800 a full column shows at least eight cards on screen.
            page.client().set_window_size(1280, 800).await?;
            page.reload().await?;
            page.wait_for(".board-column li.opportunity-card").await?;
            // Per column: its cards, and how many of them are entirely on screen.
            let columns = page
                .eval(
                    "const height = window.innerHeight;
                     return [...document.querySelectorAll('.board-column')].map(column => {
                         const cards = [...column.querySelectorAll('li.opportunity-card')];
                         const shown = cards.filter(card => { const r = card.getBoundingClientRect(); return r.top >= 0 && r.bottom <= height; });
                         return [cards.length, shown.length];
                     });",
                )
                .await?;
            let columns: Vec<(i64, i64)> = serde_json::from_value(columns)?;
            ensure!(columns.iter().any(|(cards, _)| *cards >= 8), "no column of the demo board holds eight cards: {columns:?}");
            for (cards, shown) in &columns {
                ensure!(*shown >= (*cards).min(8), "a column of {cards} cards shows {shown} on a 1280×800 screen");
            }
            Ok(())
        })
        .await
}

/// The instant `days` ago, as the API writes times: the server under test reads the wall
/// clock, so this has to read it too.
#[allow(clippy::disallowed_methods)]
fn days_ago(days: i64) -> String {
    (chrono::Utc::now() - chrono::Duration::days(days)).to_rfc3339()
}
