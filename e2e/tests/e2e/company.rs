//! Browser tests of the company's settings and what they change: the profile an admin edits
//! is what the quote PDF prints (its text extracted and checked), exchange rates pasted from
//! a spreadsheet convert the sales metrics into the corporate currency, and the portal shows
//! a customer its credit limit only once the company chooses to.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use crate::browser::{setup, sign_in, sign_out, text};
use anyhow::ensure;
use e2e::demo;
use serde_json::json;

/// The text a PDF shows: the literal strings its content streams paint (`(…) Tj`). The server
/// writes uncompressed streams in WinAnsi, so each string is its bytes with `\(`, `\)` and
/// `\\` unescaped; one string per line of the result.
fn pdf_text(pdf: &[u8]) -> String {
    let mut lines = Vec::new();
    let mut i = 0;
    while i < pdf.len() {
        if pdf[i] != b'(' {
            i += 1;
            continue;
        }
        let mut bytes = Vec::new();
        i += 1;
        while i < pdf.len() && pdf[i] != b')' {
            if pdf[i] == b'\\' && i + 1 < pdf.len() {
                i += 1;
            }
            bytes.push(pdf[i]);
            i += 1;
        }
        // Only painted text: a string followed by the text operator.
        let rest = &pdf[(i + 1).min(pdf.len())..];
        if rest.trim_ascii_start().starts_with(b"Tj") {
            let (decoded, _, _) = encoding_rs::WINDOWS_1252.decode(&bytes);
            lines.push(decoded.into_owned());
        }
        i += 1;
    }
    lines.join("\n")
}

/// An admin changes the VAT number and the bank details on the company profile; the PDF of a
/// quote then prints them with the logo, the company's address with its country's full name,
/// the customer's country in full and each line's unit.
#[tokio::test]
async fn admin_edits_the_company_profile_that_the_quote_pdf_prints() -> anyhow::Result<()> {
    let Some((browser, crm)) = setup().await? else { return Ok(()) };
    let manager = crm.login(demo::MANAGER).await?;
    let quotes = crm.client.data("{ quotes(first: 1) { nodes { id customer { name } } } }", json!({}), Some(&manager)).await?;
    let quote = text(&quotes, "/quotes/nodes/0/id")?;
    let customer = text(&quotes, "/quotes/nodes/0/customer/name")?;
    browser
        .run("admin_edits_the_company_profile_that_the_quote_pdf_prints", crm.server.base_url(), "en-US", move |page| async move {
            page.goto("/admin").await?;
            sign_in(&page, demo::ADMIN).await?;
            page.click("a[href='/admin/company']").await?;
            page.wait_for_value("#f-legalName", "Demo Industrie S.p.A.").await?;
            page.wait_for("img.company-logo").await?;
            page.fill("#f-vatNumber", "IT09876543210").await?;
            page.fill("#f-bankDetails", "Banca Nuova S.p.A.\nIBAN IT02 A030 6909 6061 0000 0012 345").await?;
            page.fill("#f-website", "demo.test").await?;
            page.click("button.save-company").await?;
            page.wait_for_text("#f-website-error", "is not a web address").await?;
            page.fill("#f-website", "https://www.demo.test").await?;
            page.click("button.save-company").await?;
            page.wait_for_exact_text(".company-form .saved", "Saved.").await?;
            Ok(())
        })
        .await?;
    let pdf = crm.client.http().get(crm.client.url(&format!("/quotes/{quote}/pdf"))).bearer_auth(&manager).send().await?.bytes().await?;
    let printed = pdf_text(&pdf);
    for expected in
        ["Demo Industrie S.p.A.", "Via Giuseppe Mazzini 12", "20123 Milano MI", "Italy", "VAT IT09876543210", "https://www.demo.test"]
    {
        ensure!(printed.lines().any(|line| line == expected), "the PDF does not print {expected:?}:\n{printed}");
    }
    ensure!(
        printed.contains("IBAN IT02 A030 6909 6061 0000 0012 345") && printed.contains("Payment details"),
        "no bank details:\n{printed}"
    );
    ensure!(printed.contains(&customer) && printed.lines().any(|line| line == "Unit"), "no customer or units:\n{printed}");
    ensure!(pdf.windows(15).any(|w| w == b"/Subtype /Image"), "the PDF has no logo");
    Ok(())
}

/// An admin pastes rates with a mistake (refused, nothing written, the line named), then the
/// corrected rates; the sales metrics show every total in euro with the dollars beside it,
/// and the board's columns one euro total each.
#[tokio::test]
async fn imported_rates_put_the_metrics_and_the_board_in_the_corporate_currency() -> anyhow::Result<()> {
    let Some((browser, crm)) = setup().await? else { return Ok(()) };
    let admin = crm.login(demo::ADMIN).await?;
    // Start from no rate at all, as a new company would.
    let rates = crm.client.data("{ exchangeRates(first: 100) { nodes { id } } }", json!({}), Some(&admin)).await?;
    for rate in rates["exchangeRates"]["nodes"].as_array().cloned().unwrap_or_default() {
        crm.client.data("mutation($id: ID!) { deleteExchangeRate(id: $id) { deleted } }", json!({"id": rate["id"]}), Some(&admin)).await?;
    }
    // A dollar deal in the open pipeline (which the stage chart shows whatever the period),
    // whatever the demo holds.
    let customers = crm.client.data("{ customers(first: 1) { nodes { id } } }", json!({}), Some(&admin)).await?;
    let deal = json!({"customerId": customers["customers"]["nodes"][0]["id"], "name": "Dollar deal", "expectedCloseDate": "2031-06-30",
        "amount": {"amount": "10000", "currency": "USD"}});
    crm.client
        .data(
            "mutation($i: CreateOpportunityInput!) { createOpportunity(input: $i) { opportunity { id } } }",
            json!({"i": deal}),
            Some(&admin),
        )
        .await?;
    let api = crm.client.clone();
    browser
        .run(
            "imported_rates_put_the_metrics_and_the_board_in_the_corporate_currency",
            crm.server.base_url(),
            "en-US",
            move |page| async move {
                page.goto("/sales/metrics").await?;
                sign_in(&page, demo::ADMIN).await?;
                page.click("#period-this-year").await?;
                page.wait_for_text(".unconverted", "No exchange rate for").await?;
                let missing = page.eval("return document.querySelector('.unconverted').dataset.currencies").await?;
                ensure!(missing.as_str().is_some_and(|m| m.contains("USD")), "the dollars are not named: {missing}");

                page.goto("/admin/exchange-rates").await?;
                page.wait_for("#import-csv").await?;
                page.fill("#import-csv", "Valuta;Data;Cambio\nUSD;01/01/2020;0,9\nCHF;2020-01-01;uno\n").await?;
                page.click("#run-import").await?;
                page.wait_for_text(".import-problems", "Nothing was imported").await?;
                ensure!(page.find_all(".import-problems tr[data-line='3']").await?.len() == 1, "line 3 is not named");
                page.fill("#import-csv", "Valuta;Data;Cambio\nUSD;01/01/2020;0,9\nCHF;2020-01-01;1,05\n").await?;
                page.click("#run-import").await?;
                page.wait_for_exact_text(".import-result", "2 rates imported.").await?;
                page.wait_for("table.rates tr[data-currency='USD']").await?;
                page.wait_for("table.rates tr[data-currency='CHF']").await?;
                let listed = api.data("{ exchangeRates { totalCount } }", json!({}), Some(&admin)).await?;
                ensure!(listed["exchangeRates"]["totalCount"] == 2, "the import wrote {listed}");

                page.goto("/sales/metrics").await?;
                page.click("#period-this-year").await?;
                page.wait_for("[data-section='by-stage'] table tbody tr").await?;
                ensure!(page.find_all(".unconverted").await?.is_empty(), "a currency is still left out");
                let won = page.text("[data-kpi='wonAmount'] .kpi-value").await?;
                ensure!(won.starts_with('€') && !won.contains('$'), "the amount won is not one euro figure: {won}");
                for section in ["forecast", "by-stage", "leaderboard", "win-loss"] {
                    ensure!(!page.find_all(&format!("[data-section='{section}']")).await?.is_empty(), "no {section} section");
                }
                let stages = page.find_all("[data-section='by-stage'] .bar-row").await?.len();
                let rows = page.find_all("[data-section='by-stage'] tbody tr").await?.len();
                ensure!(stages > 0 && stages == rows, "the stage chart has {stages} bars for {rows} table rows");
                // Dollar deals show their originals beside the euro total.
                let cells = page
                    .eval("return [...document.querySelectorAll('[data-section=\"by-stage\"] td')].map(c => c.textContent).join('|')")
                    .await?;
                ensure!(cells.as_str().is_some_and(|c| c.contains("(from ") && c.contains('$')), "no originals beside the totals: {cells}");

                page.goto("/pipeline").await?;
                page.wait_for(".board-column .column-amount").await?;
                let totals =
                    page.eval("return [...document.querySelectorAll('.board-column .column-amount')].map(c => c.textContent)").await?;
                for total in totals.as_array().cloned().unwrap_or_default() {
                    let total = total.as_str().unwrap_or_default();
                    ensure!(total == "—" || total.starts_with('€'), "a column total is not in euro first: {total}");
                }
                Ok(())
            },
        )
        .await?;
    Ok(())
}

/// The customer's portal shows no credit limit until the company chooses to show it.
#[tokio::test]
async fn the_portal_shows_the_credit_limit_once_the_company_chooses_to() -> anyhow::Result<()> {
    let Some((browser, crm)) = setup().await? else { return Ok(()) };
    let manager = crm.login(demo::MANAGER).await?;
    let customer = crm.login(demo::CUSTOMER).await?;
    let me = crm.client.data("{ me { customer { id version } } }", json!({}), Some(&customer)).await?;
    let update = "mutation($i: UpdateCustomerInput!) { updateCustomer(input: $i) { customer { id } } }";
    let input = json!({"id": me["me"]["customer"]["id"], "version": me["me"]["customer"]["version"], "creditLimit": {"amount": "15000", "currency": "EUR"}});
    crm.client.data(update, json!({"i": input}), Some(&manager)).await?;
    browser
        .run("the_portal_shows_the_credit_limit_once_the_company_chooses_to", crm.server.base_url(), "en-US", move |page| async move {
            page.goto("/me").await?;
            sign_in(&page, demo::CUSTOMER).await?;
            page.wait_for("[data-field='accountManager']").await?;
            ensure!(page.find_all("[data-field='creditLimit'], [data-field='partner']").await?.is_empty(), "internal fields shown");
            sign_out(&page).await?;

            page.goto("/admin/company").await?;
            sign_in(&page, demo::ADMIN).await?;
            page.wait_for("#f-portalShowsCreditLimit").await?;
            page.click("#f-portalShowsCreditLimit").await?;
            page.click("button.save-company").await?;
            page.wait_for_exact_text(".company-form .saved", "Saved.").await?;
            sign_out(&page).await?;

            page.goto("/me").await?;
            sign_in(&page, demo::CUSTOMER).await?;
            page.wait_for_text("[data-field='creditLimit']", "15,000").await?;
            ensure!(page.find_all("[data-field='partner']").await?.is_empty(), "the partner is shown though not chosen");
            Ok(())
        })
        .await?;
    Ok(())
}
