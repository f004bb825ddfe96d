//! Browser test of customer service: the portal customer opens a ticket; the agent finds it
//! among the desk's tickets, writes an internal note and a reply that waits for the customer;
//! the customer reads the reply, not the note, and answers; the agent sees the ticket open
//! again with its service level clocks and their timeline, lists the tickets in the order
//! they fall due, and answers with a macro; then steps away, and the service manager hands
//! their open tickets back to the queues from the desk's page, where the ticket list's
//! "Nobody assigned" finds them. And the contact center: a call pops up, becomes a ticket,
//! and a missed caller is called back.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use crate::browser::{setup, setup_with, sign_in, sign_out};
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
                // The list may be drawn again under the new order while it is read: read it
                // again when a row went stale.
                let mut due = Vec::new();
                for _ in 0..20 {
                    due.clear();
                    let mut stale = false;
                    for time in page.find_all("table.tickets tbody tr td time").await? {
                        match time.attr("datetime").await {
                            Ok(at) => due.push(at.unwrap_or_default()),
                            Err(_) => stale = true,
                        }
                    }
                    if !stale {
                        break;
                    }
                    tokio::time::sleep(std::time::Duration::from_millis(250)).await;
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

/// Browser test of the contact center: the agent keeps the contact center open; the
/// telephony reports a customer's call ringing at the agent's extension, and it pops up with
/// the caller's name and customer before it is answered; once answered, the agent opens a
/// ticket from the call and wraps it up; then calls back a customer whose call was missed;
/// the ticket's page tells of the call; an unknown caller becomes a customer on the spot.
#[tokio::test]
async fn a_call_pops_up_and_the_agent_opens_a_ticket_from_it_and_calls_back() -> anyhow::Result<()> {
    let Some((browser, crm)) = setup().await? else { return Ok(()) };
    let admin = crm.login(demo::ADMIN).await?;
    let key = crm
        .client
        .data(
            "mutation { createApiKey(input: {name: \"PBX\", scopes: [TELEPHONY_EVENTS]}) { secret } }",
            serde_json::json!({}),
            Some(&admin),
        )
        .await?;
    let key = key["createApiKey"]["secret"].as_str().unwrap_or_default().to_owned();
    // A demo contact with a phone number: the caller.
    let contacts = crm
        .client
        .data("{ contacts(first: 50) { nodes { fullName phones { number } customer { name } } } }", serde_json::json!({}), Some(&admin))
        .await?;
    let caller = contacts["contacts"]["nodes"]
        .as_array()
        .and_then(|nodes| nodes.iter().find(|node| node["phones"][0]["number"].is_string()))
        .cloned()
        .expect("a demo contact with a phone");
    let (name, customer, number) = (
        caller["fullName"].as_str().unwrap().to_owned(),
        caller["customer"]["name"].as_str().unwrap().to_owned(),
        caller["phones"][0]["number"].as_str().unwrap().to_owned(),
    );
    let webhook = crm.server.url("/telephony/events");
    browser
        .run("a_call_pops_up_and_the_agent_opens_a_ticket_from_it_and_calls_back", crm.server.base_url(), "en-US", move |page| async move {
            let telephony = reqwest::Client::new();
            let report = |event: serde_json::Value| {
                let (telephony, webhook, key) = (telephony.clone(), webhook.clone(), key.clone());
                async move {
                    let res = telephony.post(webhook).bearer_auth(key).json(&event).send().await?;
                    ensure!(res.status() == 200, "the webhook answered {}", res.status());
                    anyhow::Ok(())
                }
            };
            page.goto("/tickets").await?;
            sign_in(&page, demo::AGENT).await?;
            page.click("#calls-link").await?;
            page.wait_for_path("/calls").await?;
            page.wait_for_text("#my-extension", "201").await?;
            page.wait_for("#live-state[data-state='live']").await?;
            page.wait_for_text("#screen-pop", "No call at the moment").await?;

            // The call rings at extension 201: the caller is recognised before anyone answers.
            let ring = serde_json::json!({"callId": "browser-1", "event": "RINGING", "from": number, "agentExtension": "201"});
            report(ring).await?;
            page.wait_for_exact_text("#screen-pop-title", &name).await?;
            page.wait_for("#screen-pop .call-status[data-status='RINGING']").await?;
            page.wait_for_exact_text("#pop-customer", &customer).await?;
            report(serde_json::json!({"callId": "browser-1", "event": "ANSWERED", "agentExtension": "201"})).await?;
            page.wait_for("#screen-pop .call-status[data-status='ANSWERED']").await?;

            // During the call the agent follows the receipts script (the first by name): a
            // question, another, a statement, and the fix; the pop's updates leave it in place.
            page.click("#script-start").await?;
            page.wait_for("#script-node[data-node='faded']").await?;
            page.click(".script-answer[data-answer='faded']").await?;
            page.wait_for("#script-node[data-node='paper']").await?;
            page.click(".script-answer[data-answer='yes']").await?;
            page.wait_for("#script-node[data-node='clean']").await?;
            page.click(".script-answer[data-answer='done']").await?;
            page.wait_for("#script-node[data-node='clear']").await?;
            page.click(".script-answer[data-answer='yes']").await?;
            page.wait_for("#script-status[data-status='RESOLVED']").await?;
            page.wait_for_text("#script-outcome", "prints well again").await?;
            page.wait_for_text("#script-path", "Faded or patchy").await?;

            // A ticket opened from the call is linked to it; the wrap-up records how it ended.
            page.click(".call-new-ticket summary").await?;
            page.fill("#call-ticket-subject", "Label printer jams").await?;
            page.fill("#call-ticket-description", "Jams on every third label since the roll was changed.").await?;
            page.click("#open-call-ticket").await?;
            page.wait_for_text("#call-ticket", "T-").await?;
            page.select("#wrap-up-outcome", "TICKET_OPENED").await?;
            page.fill("#wrap-up-notes", "Asked for a photo of the roll.").await?;
            page.click("#save-wrap-up").await?;
            page.wait_for_exact_text("#wrap-up-outcome-saved", "Ticket opened").await?;
            page.wait_for_text(".my-calls-list tbody tr:first-child", "Ticket opened").await?;

            // The demo's missed calls wait to be called back, oldest first; one is done.
            page.wait_for("#callback-list li.callback").await?;
            let waiting = page.find_all("#callback-list li.callback").await?.len();
            page.click("#callback-list li.callback:first-child summary").await?;
            page.click("#callback-list li.callback:first-child .save-callback").await?;
            let fewer = waiting - 1;
            for _ in 0..40 {
                if page.find_all("#callback-list li.callback").await?.len() == fewer {
                    break;
                }
                tokio::time::sleep(std::time::Duration::from_millis(250)).await;
            }
            ensure!(page.find_all("#callback-list li.callback").await?.len() == fewer, "the call back did not leave the queue");

            // The ticket's page tells of its call, with the agent's notes.
            page.click(".my-calls-list tbody tr:first-child td:last-child a").await?;
            page.wait_for_text("h1#ticket-title", "Label printer jams").await?;
            page.wait_for_text(".ticket-calls li", "Ticket opened").await?;
            page.wait_for_text(".ticket-calls li .call-notes", "Asked for a photo of the roll.").await?;

            // A number nobody knows rings: the agent makes the caller a customer on the spot,
            // and the pop shows them.
            page.goto("/calls").await?;
            page.wait_for("#live-state[data-state='live']").await?;
            let ring = serde_json::json!({"callId": "browser-2", "event": "RINGING", "from": "+39 02 5550 1234", "agentExtension": "201"});
            report(ring).await?;
            page.wait_for_exact_text("#screen-pop-title", "Unknown caller").await?;
            page.click(".new-caller summary").await?;
            page.fill("#caller-first-name", "Ilaria").await?;
            page.fill("#caller-last-name", "Fontana").await?;
            page.click("#create-caller").await?;
            page.wait_for_exact_text("#screen-pop-title", "Ilaria Fontana").await?;
            page.wait_for_exact_text("#pop-customer", "Ilaria Fontana").await?;
            Ok(())
        })
        .await?;
    // The path the agent took is stored on the call.
    let calls = crm
        .client
        .data(
            "{ calls(first: 10) { nodes { externalId scriptRuns { status path { node { key } } } } } }",
            serde_json::json!({}),
            Some(&admin),
        )
        .await?;
    let call = calls["calls"]["nodes"].as_array().and_then(|nodes| nodes.iter().find(|n| n["externalId"] == "browser-1")).cloned();
    let run = call.map(|call| call["scriptRuns"][0].clone()).unwrap_or_default();
    let path: Vec<&str> =
        run["path"].as_array().map(|steps| steps.iter().filter_map(|s| s["node"]["key"].as_str()).collect()).unwrap_or_default();
    ensure!(run["status"] == "RESOLVED" && path == ["faded", "paper", "clean", "clear", "fixed"], "the call's run: {run}");
    Ok(())
}

/// Browser test of related tickets: the service manager merges a customer's duplicate into
/// the ticket that stays (its words move there), adds another customer's ticket to an
/// incident, and resolves the incident with one reply that resolves that ticket too.
#[tokio::test]
async fn the_desk_merges_a_duplicate_and_resolves_an_incident_at_once() -> anyhow::Result<()> {
    let Some((browser, crm)) = setup().await? else { return Ok(()) };
    let customer = crm.login(demo::CUSTOMER).await?;
    let lead = crm.login(demo::SERVICE_MANAGER).await?;
    let open = "mutation($i: OpenTicketInput!) { openTicket(input: $i) { ticket { id number customer { id } } } }";
    let ticket = |token: String, input: serde_json::Value| {
        let client = crm.client.clone();
        async move { anyhow::Ok(client.data(open, serde_json::json!({"i": input}), Some(&token)).await?["openTicket"]["ticket"].clone()) }
    };
    let duplicate =
        ticket(customer.clone(), serde_json::json!({"subject": "Scanner not found", "description": "The scanner vanished from the list."}))
            .await?;
    let kept =
        ticket(customer.clone(), serde_json::json!({"subject": "Scanner still not found", "description": "Still missing today."})).await?;
    let incident = ticket(
        lead.clone(),
        serde_json::json!({"customerId": duplicate["customer"]["id"], "subject": "Network outage in Milan", "description": "The data centre's uplink is down."}),
    )
    .await?;
    let (duplicate_id, kept_id, kept_number) = (
        duplicate["id"].as_str().unwrap_or_default().to_owned(),
        kept["id"].as_str().unwrap_or_default().to_owned(),
        kept["number"].as_str().unwrap_or_default().to_owned(),
    );
    let (incident_id, incident_number) =
        (incident["id"].as_str().unwrap_or_default().to_owned(), incident["number"].as_str().unwrap_or_default().to_owned());
    browser
        .run("the_desk_merges_a_duplicate_and_resolves_an_incident_at_once", crm.server.base_url(), "en-US", move |page| async move {
            page.goto(&format!("/tickets/{duplicate_id}")).await?;
            sign_in(&page, demo::SERVICE_MANAGER).await?;
            page.fill("#merge-into", &kept_number.to_lowercase()).await?;
            page.click("#merge-ticket").await?;
            page.wait_for_path(&format!("/tickets/{kept_id}")).await?;
            page.wait_for_text(".conversation", "The scanner vanished from the list.").await?;

            // The ticket that stays becomes part of the outage; the outage's reply resolves it.
            page.fill("#incident-number", &incident_number).await?;
            page.click("#join-incident").await?;
            page.wait_for_text("#ticket-parent", &incident_number).await?;
            page.click("#ticket-parent a").await?;
            page.wait_for_path(&format!("/tickets/{incident_id}")).await?;
            page.wait_for_text("#incident-tickets", &kept_number).await?;
            page.fill("#message-body", "The uplink is back: scanners and printers reconnect by themselves.").await?;
            page.select("#reply-status", "RESOLVED").await?;
            page.click("#send-message").await?;
            page.wait_for("#ticket-status[data-status='RESOLVED']").await?;
            page.goto(&format!("/tickets/{kept_id}")).await?;
            page.wait_for("#ticket-status[data-status='RESOLVED']").await?;
            page.wait_for_text(".conversation", "The uplink is back").await?;
            page.goto(&format!("/tickets/{duplicate_id}")).await?;
            page.wait_for_text("#merged-into", &kept_number).await?;
            Ok(())
        })
        .await
}

/// Browser test of the agent's console above the ticket list: the desk's views with their
/// counts (the team's shared ticket view among them); a ticket whose first response falls due
/// in a minute warns the agent halfway, live, while the list is open (the SLA job runs every
/// second here); its "Due soon" view lists it; the agent marks everything read.
#[tokio::test]
async fn the_agent_s_console_counts_the_views_and_a_warning_arrives_live() -> anyhow::Result<()> {
    let Some((browser, crm)) = setup_with(&[("CRM_SLA_JOB_SECS", "1")]).await? else { return Ok(()) };
    let admin = crm.login(demo::ADMIN).await?;
    let agent = crm.login(demo::AGENT).await?;
    let agent_id = crm.client.data("{ me { user { id } } }", serde_json::json!({}), Some(&agent)).await?["me"]["user"]["id"].clone();
    let queue = "mutation($i: CreateServiceQueueInput!) { createServiceQueue(input: $i) { queue { id } } }";
    let night = crm.client.data(queue, serde_json::json!({"i": {"name": "Night line", "memberIds": [agent_id]}}), Some(&admin)).await?;
    let night = night["createServiceQueue"]["queue"]["id"].clone();
    let policy = "mutation($i: CreateSlaPolicyInput!) { createSlaPolicy(input: $i) { policy { id } } }";
    let one_minute = serde_json::json!({"i": {"name": "One minute", "position": 1, "queueId": night, "firstResponseMinutes": 1,
        "resolutionMinutes": 60, "warningMinutes": 1}});
    crm.client.data(policy, one_minute, Some(&admin)).await?;
    let customer = crm.client.data("{ customers(first: 1) { nodes { id } } }", serde_json::json!({}), Some(&admin)).await?;
    let customer = customer["customers"]["nodes"][0]["id"].clone();
    let client = crm.client.clone();
    browser
        .run("the_agent_s_console_counts_the_views_and_a_warning_arrives_live", crm.server.base_url(), "en-US", move |page| async move {
            page.goto("/tickets").await?;
            sign_in(&page, demo::AGENT).await?;
            page.wait_for_text(".view-counts", "Printer trouble").await?;
            page.wait_for("#unread-count").await?;
            // Opened now, on the one-minute line: warned of after half a minute.
            let open = "mutation($i: OpenTicketInput!) { openTicket(input: $i) { ticket { id } } }";
            let ticket = serde_json::json!({"i": {"customerId": customer, "queueId": night, "assigneeId": agent_id,
                "subject": "Night shift: label printer jammed", "description": "Labels stuck in the feeder."}});
            client.data(open, ticket, Some(&admin)).await?;
            // Half a minute after opening. The demo's own warnings may already be listed (they
            // wait for the desk's working hours, so whether depends on the time of day): wait
            // for this one by its subject, up to a minute.
            let deadline = std::time::Instant::now() + std::time::Duration::from_secs(60);
            loop {
                match page.wait_for_text(".notifications", "Night shift: label printer jammed").await {
                    Ok(_) => break,
                    Err(_) if std::time::Instant::now() < deadline => continue,
                    Err(err) => return Err(err),
                }
            }
            page.wait_for(".notifications li[data-kind='SLA_WARNING'] a").await?;
            page.click(".view-counts a[href='/tickets?risk=1']").await?;
            page.wait_for_text("table.tickets", "Night shift: label printer jammed").await?;
            page.wait_for("#filter-at-risk:checked").await?;
            page.click("#mark-all-read").await?;
            page.wait_for("#unread-count[data-count='0']").await?;
            page.wait_for_text(".for-you", "Nothing new for you.").await?;

            // The agent tags it; a tag's link lists the tickets so tagged.
            page.click("table.tickets th a").await?;
            page.wait_for_text("h1#ticket-title", "Night shift").await?;
            page.fill("#ticket-tags-input", "Night shift, label printer, night shift").await?;
            page.click("#save-tags").await?;
            page.wait_for_text("#ticket-tags a.tag", "label printer").await?;
            page.click("#ticket-tags a.tag[href='/tickets?tag=night%20shift']").await?;
            // The list settles on the one ticket with the tag.
            let mut rows = 0;
            for _ in 0..50 {
                rows = page.find_all("table.tickets tbody tr").await?.len();
                if rows == 1 && page.text("table.tickets tbody").await?.contains("Night shift: label printer jammed") {
                    break;
                }
                tokio::time::sleep(std::time::Duration::from_millis(200)).await;
            }
            ensure!(rows == 1, "one ticket has the tag, {rows} listed");
            Ok(())
        })
        .await
}

/// The portal customer answers the NPS survey waiting in its area; the service manager reads
/// the answer among the survey's latest comments and sends another survey from the
/// satisfaction page, to the customers with a tag.
#[tokio::test]
async fn a_customer_answers_the_nps_survey_and_the_manager_sends_another() -> anyhow::Result<()> {
    let Some((browser, crm)) = setup().await? else { return Ok(()) };
    browser
        .run("a_customer_answers_the_nps_survey_and_the_manager_sends_another", crm.server.base_url(), "en-US", move |page| async move {
            page.goto("/me").await?;
            sign_in(&page, demo::CUSTOMER).await?;
            page.wait_for_text(".nps-answer legend", "How likely are you to recommend us").await?;
            page.click("#nps-score-9").await?;
            page.fill("#nps-comment", "The new portal saves us calls").await?;
            page.click("#send-nps-answer").await?;
            page.wait_for_text(".nps-answer [role='status']", "Thank you").await?;
            sign_out(&page).await?;

            page.goto("/tickets/satisfaction").await?;
            sign_in(&page, demo::SERVICE_MANAGER).await?;
            page.wait_for_text(".nps-survey h3", "VIP customers, autumn 2026").await?;
            page.wait_for_text(".nps-comments", "The new portal saves us calls").await?;
            page.click(".nps-new summary").await?;
            page.fill("#nps-name", "Key accounts, winter").await?;
            page.fill("#nps-tag", "key-account").await?;
            page.click("#send-nps").await?;
            page.wait_for_text(".nps-new [role='status']", "Sent to").await?;
            page.wait_for_text(".nps-survey h3", "Key accounts, winter").await?;
            ensure!(page.find_all(".nps-survey").await?.len() == 2, "both surveys are listed");
            Ok(())
        })
        .await
}
