//! Browser tests of live chat, in English. At the desk: a customer starts a chat from the
//! portal and it appears in the agent's list of live chats without a reload; on its ticket
//! the agent sees the customer typing, answers, sees "Seen" once the customer read it, and
//! the customer's next words and the end of the chat arrive live. In the portal: the customer
//! starts a chat from "Chat with us", sees the agent typing and answering live, and ends it.
//! And the desk reads a ticket's text messages on its page.

use crate::browser::{setup, sign_in, text};
use anyhow::{ensure, Context};
use e2e::demo;
use serde_json::json;

const START: &str = "mutation($i: StartChatInput!) { startChat(input: $i) { chat { id status ticket { id } } } }";
const TYPING: &str = "mutation($c: ID!) { chatTyping(chatId: $c) { chat { id } } }";
const READ: &str = "mutation($c: ID!) { markChatRead(chatId: $c) { chat { id } } }";
const END: &str = "mutation($c: ID!) { endChat(chatId: $c) { chat { status } } }";
const WRITE: &str = "mutation($i: AddTicketMessageInput!) { addTicketMessage(input: $i) { ticket { id } } }";

#[tokio::test]
async fn a_customer_chats_and_the_agent_sees_it_live() -> anyhow::Result<()> {
    let Some((browser, crm)) = setup().await? else { return Ok(()) };
    let customer = crm.login(demo::CUSTOMER).await?;
    let agent = crm.login(demo::AGENT).await?;
    let client = crm.client.clone();
    let (portal, desk) = (customer.clone(), agent.clone());
    browser
        .run("a_customer_chats_and_the_agent_sees_it_live", crm.server.base_url(), "en-US", move |page| async move {
            page.goto("/home").await?;
            sign_in(&page, demo::AGENT).await?;
            page.goto("/tickets").await?;
            page.wait_for("#live-chats-title").await?;

            // The customer starts a chat in the portal: the desk's list shows it at once.
            let words = "Has my order of toner left the warehouse?";
            let started = client.data(START, json!({"i": {"message": words}}), Some(&portal)).await?;
            ensure!(started.pointer("/startChat/chat/status") == Some(&json!("WAITING")), "the demo's agent is available: {started}");
            let chat = text(&started, "/startChat/chat/id")?;
            let ticket = text(&started, "/startChat/chat/ticket/id")?;
            page.wait_for_text("#live-chats", words).await?;
            page.click(&format!("#live-chats a[href='/tickets/{ticket}']")).await?;
            page.wait_for_text("#chat-bar-title", "Live chat").await?;
            // The page says it is live (it would say so while reconnecting and catching up).
            page.wait_for_text("#ticket-live[data-state='live']", "Live").await?;

            // The customer types; the agent answers, and sees when the customer has read it.
            client.data(TYPING, json!({"c": chat}), Some(&portal)).await?;
            page.wait_for_text("#chat-typing", "The customer is typing").await?;
            page.fill("#message-body", "Yes: it left this morning and arrives tomorrow.").await?;
            page.click("#send-message").await?;
            page.wait_for_text(".conversation .messages", "it left this morning").await?;
            page.wait_for_text("#chat-receipt", "Delivered").await?;
            client.data(READ, json!({"c": chat}), Some(&portal)).await?;
            page.wait_for_text("#chat-receipt", "Seen").await?;

            // The customer's answer and the end of the chat arrive without a reload.
            let thanks = json!({"i": {"ticketId": ticket, "body": "Perfect, thank you!"}});
            client.data(WRITE, thanks, Some(&portal)).await?;
            page.wait_for_text(".conversation .messages", "Perfect, thank you!").await?;
            client.data(END, json!({"c": chat}), Some(&portal)).await?;
            page.wait_for_text("#chat-ending", "Ended by the customer.").await?;
            page.goto("/tickets").await?;
            page.wait_for_text("#no-live-chats", "No live chats right now.").await?;
            Ok(())
        })
        .await?;

    let client = crm.client.clone();
    browser
        .run("a_customer_starts_a_chat_in_the_portal_and_ends_it", crm.server.base_url(), "en-US", move |page| async move {
            page.goto("/home").await?;
            sign_in(&page, demo::CUSTOMER).await?;
            // "Chat with us" is on the customer's own page and on its tickets.
            page.goto("/me").await?;
            page.wait_for_text("#start-chat", "Start the chat").await?;
            page.goto("/tickets").await?;
            page.fill("#chat-first-words", "The label printer prints blank labels.").await?;
            page.click("#start-chat").await?;
            page.wait_for_text("#chat-bar-title", "Live chat").await?;
            let path = page.path().await?;
            let ticket = path.strip_prefix("/tickets/").context("the chat's ticket opens")?.to_owned();
            let read = client.data("query($id: ID!) { ticket(id: $id) { chat { id } } }", json!({"id": ticket}), Some(&desk)).await?;
            let chat = text(&read, "/ticket/chat/id")?;

            // The agent types and answers: the customer sees both live.
            client.data(TYPING, json!({"c": chat}), Some(&desk)).await?;
            page.wait_for_text("#chat-typing", "The agent is typing").await?;
            let answer = json!({"i": {"ticketId": ticket, "body": "Please check that the labels are loaded face up."}});
            client.data(WRITE, answer, Some(&desk)).await?;
            page.wait_for_text(".conversation .messages", "loaded face up").await?;
            ensure!(page.find_all("#chat-typing").await?.is_empty(), "writing ends typing");

            page.click("#end-chat").await?;
            page.wait_for_text("#chat-ending", "Ended by the customer.").await?;
            let after =
                client.data("query($id: ID!) { ticket(id: $id) { chat { status ending } } }", json!({"id": ticket}), Some(&desk)).await?;
            ensure!(after.pointer("/ticket/chat/ending") == Some(&json!("CUSTOMER")), "{after}");
            Ok(())
        })
        .await
}

#[tokio::test]
async fn the_desk_reads_a_ticket_s_text_messages() -> anyhow::Result<()> {
    let Some((browser, crm)) = setup().await? else { return Ok(()) };
    let agent = crm.login(demo::AGENT).await?;
    // The demo's text from a customer's phone opened a ticket by text.
    let found =
        crm.client.data("{ tickets(first: 5, filter: {search: \"terminal\"}) { nodes { id channel } } }", json!({}), Some(&agent)).await?;
    let nodes = found.pointer("/tickets/nodes").and_then(|n| n.as_array()).context("tickets")?;
    let ticket =
        nodes.iter().find(|t| t["channel"] == "SMS").context("the demo's ticket by text")?["id"].as_str().context("id")?.to_owned();
    browser
        .run("the_desk_reads_a_ticket_s_text_messages", crm.server.base_url(), "it-IT", move |page| async move {
            page.goto("/home").await?;
            sign_in(&page, demo::AGENT).await?;
            // The desk's inbox of texts: the ticket list by channel, from the console's view.
            page.goto("/tickets").await?;
            page.click(".view-counts a[href='/tickets?status=ACTIVE&channel=SMS']").await?;
            page.wait_for(&format!(".tickets-page a[href='/tickets/{ticket}']")).await?;
            page.goto(&format!("/tickets/{ticket}")).await?;
            let received = ".ticket-texts li[data-direction='INBOUND']";
            page.wait_for_text(&format!("{received} .text-status"), "Ricevuto").await?;
            page.wait_for_text(&format!("{received} .message-body"), "OFFLINE").await?;
            Ok(())
        })
        .await
}
