//! Browser tests of a customer's people: contacts added, promoted, archived and restored on
//! an existing customer, and the duplicate warnings of the customer and contact forms.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use crate::browser::{setup, sign_in, text};
use anyhow::{ensure, Context};
use e2e::demo;
use serde_json::json;

/// A customer entered without a contact gets its people on its page: the rep adds one (the
/// customer's first, so primary), adds a second and makes it primary, is warned about an
/// email another customer's contact has, archives the first and restores it; the API agrees.
#[tokio::test]
async fn sales_rep_adds_promotes_and_archives_contacts_of_an_existing_customer() -> anyhow::Result<()> {
    let Some((browser, crm)) = setup().await? else { return Ok(()) };
    let token = crm.login(demo::SALES_REP).await?;
    let create = "mutation($i: CreateCustomerInput!) { createCustomer(input: $i) { customer { id } } }";
    let input = json!({"kind": "COMPANY", "name": "Officine Senzacontatti S.r.l.", "address": {"city": "Torino", "country": "IT"}});
    let created = crm.client.data(create, json!({ "i": input }), Some(&token)).await?;
    let id = text(&created, "/createCustomer/customer/id")?;
    let other = crm.client.data("{ contacts(first: 1) { nodes { customer { id } emails { address } } } }", json!({}), Some(&token)).await?;
    let (taken, taken_by) = (text(&other, "/contacts/nodes/0/emails/0/address")?, text(&other, "/contacts/nodes/0/customer/id")?);

    let (api, api_token, page_id) = (crm.client.clone(), token.clone(), id.clone());
    browser
        .run(
            "sales_rep_adds_promotes_and_archives_contacts_of_an_existing_customer",
            crm.server.base_url(),
            "en-US",
            move |page| async move {
                let id = page_id;
                page.goto(&format!("/customers/{id}")).await?;
                sign_in(&page, demo::SALES_REP).await?;
                page.wait_for_exact_text(".contacts-section p.empty", "No contacts.").await?;

                // The first contact: the form proposes it as the primary one.
                page.click("#add-contact").await?;
                page.fill(".new-contact #f-firstName", "Giulia").await?;
                page.fill(".new-contact #f-lastName", "Ferraro").await?;
                page.fill(".new-contact #f-jobTitle", "Responsabile acquisti").await?;
                page.click(".new-contact fieldset[data-kind=emails] .add-point").await?;
                page.fill(
                    ".new-contact fieldset[data-kind=emails] .point-row:last-of-type .point-value",
                    "giulia.ferraro@senzacontatti.example",
                )
                .await?;
                page.fill(".new-contact fieldset[data-kind=emails] .point-row:last-of-type .point-label", "work").await?;
                page.click(".new-contact fieldset[data-kind=phones] .add-point").await?;
                page.fill(".new-contact fieldset[data-kind=phones] .point-row:last-of-type .point-value", "+39 011 4567 890").await?;
                let proposed = page.eval("return document.querySelector('.new-contact #f-primary').checked").await?;
                ensure!(proposed == json!(true), "the first contact is not proposed as primary");
                page.click(".new-contact .save-contact").await?;
                page.wait_gone(".new-contact").await?;
                page.wait_for_text(".contacts-section article.contact:first-of-type h3", "Giulia Ferraro").await?;
                page.wait_for(".contacts-section article.contact:first-of-type h3 .badge").await?;

                // A second one, not primary, whose phone row was added and removed again.
                page.click("#add-contact").await?;
                let proposed = page.eval("return document.querySelector('.new-contact #f-primary').checked").await?;
                ensure!(proposed == json!(false), "a second contact is proposed as primary");
                page.fill(".new-contact #f-firstName", "Marco").await?;
                page.fill(".new-contact #f-lastName", "Galli").await?;
                page.click(".new-contact fieldset[data-kind=emails] .add-point").await?;
                page.fill(".new-contact fieldset[data-kind=emails] .point-value", "marco.galli@senzacontatti.example").await?;
                page.click(".new-contact fieldset[data-kind=phones] .add-point").await?;
                page.click(".new-contact fieldset[data-kind=phones] .remove-point").await?;
                page.wait_gone(".new-contact fieldset[data-kind=phones] .point-row").await?;
                page.click(".new-contact .save-contact").await?;
                page.wait_gone(".new-contact").await?;
                page.wait_for_text(".contacts-section article.contact h3", "Marco Galli").await?;

                // An email another customer's contact has: the form says so and links to it.
                page.click("#add-contact").await?;
                page.fill(".new-contact #f-firstName", "Anna").await?;
                page.fill(".new-contact #f-lastName", "Doppia").await?;
                page.click(".new-contact fieldset[data-kind=emails] .add-point").await?;
                page.fill(".new-contact fieldset[data-kind=emails] .point-value", &taken).await?;
                page.click(".new-contact .save-contact").await?;
                let link = page.wait_for(".new-contact .duplicate-warning a.open-existing").await?;
                let href = link.attr("href").await?.unwrap_or_default();
                ensure!(href == format!("/customers/{taken_by}"), "the warning links to {href}, not the customer that has {taken}");
                page.click(".new-contact .form-actions button[type=button]").await?;
                page.wait_gone(".new-contact").await?;

                let contacts = api
                    .data("query($id: ID!) { customer(id: $id) { contacts { id firstName } } }", json!({ "id": id }), Some(&api_token))
                    .await?;
                let id_of = |first: &str| {
                    contacts["customer"]["contacts"]
                        .as_array()
                        .and_then(|all| all.iter().find(|c| c["firstName"] == first))
                        .and_then(|c| c["id"].as_str())
                        .map(str::to_owned)
                        .with_context(|| format!("no contact {first}: {contacts}"))
                };
                let (giulia, marco) = (id_of("Giulia")?, id_of("Marco")?);
                ensure!(contacts["customer"]["contacts"].as_array().map(Vec::len) == Some(2), "the duplicate was saved: {contacts}");

                // Marco becomes the primary contact and moves to the top.
                page.click(&format!("article[aria-labelledby='contact-{marco}'] .make-primary")).await?;
                page.wait_for_text(".contacts-section article.contact:first-of-type h3", "Marco Galli").await?;
                page.wait_for(&format!("article[aria-labelledby='contact-{marco}'] h3 .badge")).await?;

                // Giulia is archived after a confirmation, then restored from the archived ones.
                page.click(&format!("article[aria-labelledby='contact-{giulia}'] .archive-contact")).await?;
                page.click(&format!("article[aria-labelledby='contact-{giulia}'] .confirm-archive-contact")).await?;
                page.wait_gone(&format!("article[aria-labelledby='contact-{giulia}']")).await?;
                page.click("details.archived-contacts summary").await?;
                page.wait_for_text(".archived-contact-list li", "Giulia Ferraro").await?;
                page.click(&format!(".archived-contact-list li[data-contact='{giulia}'] .restore-contact")).await?;
                page.wait_for(&format!("article[aria-labelledby='contact-{giulia}']")).await?;
                Ok(())
            },
        )
        .await?;

    let saved = crm
        .client
        .data(
            "query($id: ID!) { customer(id: $id) { contacts { fullName primary jobTitle emails { address label } phones { number } } } }",
            json!({ "id": id }),
            Some(&token),
        )
        .await?;
    assert_eq!(
        saved["customer"]["contacts"],
        json!([
            {"fullName": "Marco Galli", "primary": true, "jobTitle": null, "emails": [{"address": "marco.galli@senzacontatti.example", "label": null}], "phones": []},
            {"fullName": "Giulia Ferraro", "primary": false, "jobTitle": "Responsabile acquisti",
             "emails": [{"address": "giulia.ferraro@senzacontatti.example", "label": "work"}], "phones": [{"number": "+390114567890"}]},
        ])
    );
    Ok(())
}

/// A customer entered again (same name and city, no contact to compare) is flagged with a
/// link to the one on file; "Create anyway" still creates it.
#[tokio::test]
async fn new_customer_form_flags_a_namesake_in_the_same_city() -> anyhow::Result<()> {
    let Some((browser, crm)) = setup().await? else { return Ok(()) };
    let token = crm.login(demo::SALES_REP).await?;
    let first = crm
        .client
        .data(
            "{ customers(first: 1, filter: {kind: {in: [COMPANY]}}) { nodes { id name address { city country { code } } } } }",
            json!({}),
            Some(&token),
        )
        .await?;
    let (id, name) = (text(&first, "/customers/nodes/0/id")?, text(&first, "/customers/nodes/0/name")?);
    let (city, country) = (text(&first, "/customers/nodes/0/address/city")?, text(&first, "/customers/nodes/0/address/country/code")?);

    let (page_id, page_name) = (id.clone(), name.clone());
    let created = browser
        .run("new_customer_form_flags_a_namesake_in_the_same_city", crm.server.base_url(), "en-US", move |page| async move {
            page.goto("/customers/new").await?;
            sign_in(&page, demo::SALES_REP).await?;
            page.fill("#f-name", &page_name).await?;
            page.fill("#f-address-city", &city).await?;
            page.select("#f-address-country", &country).await?;
            page.click(".customer-form button[type=submit]").await?;
            let warning = page.wait_for(".duplicate-warning").await?;
            ensure!(warning.text().await?.contains("same name and city"), "the warning does not say why");
            let href = page.wait_for(".duplicate-warning a").await?.attr("href").await?.unwrap_or_default();
            ensure!(href == format!("/customers/{page_id}"), "the warning links to {href}, not {page_id}");
            page.click("#create-anyway").await?;
            page.wait_for_exact_text("h1#customer-name", &page_name).await?;
            let path = page.path().await?;
            ensure!(path != href, "create anyway opened the existing customer");
            Ok(path)
        })
        .await?;

    let new_id = created.trim_start_matches("/customers/");
    let saved =
        crm.client.data("query($id: ID!) { customer(id: $id) { name address { city } } }", json!({ "id": new_id }), Some(&token)).await?;
    assert_eq!(saved["customer"]["name"], name);
    assert_eq!(saved["customer"]["address"]["city"], first["customers"]["nodes"][0]["address"]["city"]);
    Ok(())
}
