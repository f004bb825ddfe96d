//! The demo company's profile (what its quotes print, with a generated logo), and two years
//! of monthly exchange rates for the currencies its deals use, imported as CSV the way an
//! admin would.

use super::app;
use chrono::{Datelike, Months, NaiveDate};
use crm_company::profile::{self, SetCompanyLogoInput, UpdateCompanyProfileInput};
use crm_company::rates;
use crm_core::context::AppContext;
use crm_core::principal::Caller;
use image::{ImageFormat, Rgba, RgbaImage};
use std::io::Cursor;

pub async fn seed(ctx: &AppContext, system: &Caller) -> anyhow::Result<()> {
    let input = UpdateCompanyProfileInput {
        expected_version: 0,
        legal_name: "Demo Industrie S.p.A.".into(),
        street: Some("Via Giuseppe Mazzini 12".into()),
        postal_code: Some("20123".into()),
        city: Some("Milano".into()),
        region: Some("MI".into()),
        country_code: Some("IT".into()),
        vat_number: Some("IT01234567890".into()),
        email: Some("sales@demo.test".into()),
        phone: Some("+39 02 8901 2345".into()),
        website: Some("https://demo.test".into()),
        bank_details: Some("Banca Demo S.p.A., Milano\nIBAN IT60 X054 2811 1010 0000 0123 456  BIC DEMOITMMXXX".into()),
        footer: Some(
            "Demo Industrie S.p.A. - Share capital EUR 1,000,000 fully paid - Milan Register of Companies and VAT no. \
             IT01234567890 - REA MI-1234567"
                .into(),
        ),
        corporate_currency: "EUR".into(),
        portal_shows_partner: false,
        portal_shows_credit_limit: false,
    };
    let saved = profile::update(ctx, system, input).await.map_err(app)?;
    let logo = SetCompanyLogoInput { expected_version: saved.version, image: Some(logo_data_url()?) };
    profile::set_logo(ctx, system, logo).await.map_err(app)?;
    let report = rates::import(ctx, system, &monthly_rates(ctx.clock.now().date_naive()), false).await.map_err(app)?;
    anyhow::ensure!(report.written, "the demo rates were refused: {:?}", report.problems);
    Ok(())
}

/// A 240 × 80 mark in the demo's teal: three rising bars on a transparent ground.
fn logo_data_url() -> anyhow::Result<String> {
    let mut image = RgbaImage::new(240, 80);
    for (index, height) in [34u32, 52, 70].into_iter().enumerate() {
        let left = 12 + index as u32 * 30;
        for x in left..left + 22 {
            for y in 80 - height..76 {
                image.put_pixel(x, y, Rgba([13, 114, 100, 255]));
            }
        }
    }
    for x in 104..228 {
        for y in 52..60 {
            image.put_pixel(x, y, Rgba([13, 114, 100, 160]));
        }
    }
    let mut png = Cursor::new(Vec::new());
    image.write_to(&mut png, ImageFormat::Png)?;
    Ok(crm_company::logo::data_url(&png.into_inner(), "image/png"))
}

/// CSV of the first-of-month rates of USD and CHF into EUR over the last two years, drifting
/// a little each month.
fn monthly_rates(today: NaiveDate) -> String {
    let first = NaiveDate::from_ymd_opt(today.year(), today.month(), 1).unwrap_or(today);
    let mut csv = String::from("currency,date,rate\n");
    for back in (0..24u32).rev() {
        let Some(month) = first.checked_sub_months(Months::new(back)) else { continue };
        // ±3 % around 0.92 and 1.06, the same every run.
        let drift = f64::from((back * 7) % 13) / 200.0 - 0.03;
        csv.push_str(&format!("USD,{month},{:.4}\n", 0.92 * (1.0 + drift)));
        csv.push_str(&format!("CHF,{month},{:.4}\n", 1.06 * (1.0 - drift / 2.0)));
    }
    csv
}
