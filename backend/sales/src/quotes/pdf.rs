//! The quote document the customer receives: an A4 PDF (pdf-writer) set in the PDF base
//! fonts, so no font file ships with the server. Text is encoded as WinAnsi (Windows-1252),
//! which covers the Western European languages customers write in; other characters print
//! as `?`. Amounts are right-aligned using Helvetica's published digit widths.

use super::domain::QuoteStatus;
use super::entity::{quote, quote_line};
use super::pricing::minor_digits;
use crate::catalog::domain::ProductUnit;
use chrono::NaiveDate;
use crm_company::entity::company_profile;
use crm_company::logo::PdfImage;
use crm_core::values::from_scaled;
use crm_core::values::CountryCode;
use crm_customers::entity::customer;
use pdf_writer::{Content, Filter, Finish, Name, Pdf, Rect, Ref, Str, TextStr};
use rust_decimal::Decimal;

const PAGE_WIDTH: f32 = 595.0;
const PAGE_HEIGHT: f32 = 842.0;
const MARGIN: f32 = 50.0;
const LINES_PER_PAGE: usize = 28;
const REGULAR: Name = Name(b"F1");
const BOLD: Name = Name(b"F2");
const LOGO: Name = Name(b"Im1");
/// Largest size of the logo in the page's header, in points.
const LOGO_WIDTH: f32 = 150.0;
const LOGO_HEIGHT: f32 = 56.0;
/// Where the company's address starts, right of the logo.
const ISSUER_X: f32 = 330.0;
/// The baseline of the footer's last line.
const FOOTER_Y: f32 = 30.0;

/// What the document shows.
pub struct QuoteDocument<'a> {
    pub quote: &'a quote::Model,
    pub lines: &'a [quote_line::Model],
    pub customer: &'a customer::Model,
    /// The effective status (a lapsed offer prints as expired).
    pub status: QuoteStatus,
    /// The issuing company: its name, address, VAT number, bank details and footer.
    pub company: &'a company_profile::Model,
    /// Its logo, ready to embed.
    pub logo: Option<&'a PdfImage>,
}

/// Text as WinAnsi bytes; characters outside it become `?`.
fn winansi(text: &str) -> Vec<u8> {
    let mut out = Vec::with_capacity(text.len());
    let mut buf = [0u8; 4];
    for c in text.chars() {
        let (bytes, _, unmappable) = encoding_rs::WINDOWS_1252.encode(c.encode_utf8(&mut buf));
        if unmappable || bytes.len() != 1 {
            out.push(b'?');
        } else {
            out.extend_from_slice(&bytes);
        }
    }
    out
}

/// Width of `text` in Helvetica at `size`, for the characters amounts use (others count as
/// an average glyph).
fn width(text: &str, size: f32) -> f32 {
    let units: u32 = text
        .chars()
        .map(|c| match c {
            '0'..='9' => 556,
            '.' | ',' | ' ' => 278,
            '-' => 333,
            '%' => 889,
            _ => 600,
        })
        .sum();
    units as f32 * size / 1000.0
}

/// `1234567.5` with 2 places → `1,234,567.50`.
pub fn amount(value: Decimal, places: u32) -> String {
    let rounded = value.round_dp(places);
    let text = format!("{:.*}", places as usize, rounded.abs());
    let (int, frac) = text.split_once('.').map_or((text.as_str(), ""), |(i, f)| (i, f));
    let mut grouped = String::new();
    for (i, c) in int.chars().enumerate() {
        if i > 0 && (int.len() - i) % 3 == 0 {
            grouped.push(',');
        }
        grouped.push(c);
    }
    let sign = if rounded.is_sign_negative() && !rounded.is_zero() { "-" } else { "" };
    if frac.is_empty() {
        format!("{sign}{grouped}")
    } else {
        format!("{sign}{grouped}.{frac}")
    }
}

fn date(d: NaiveDate) -> String {
    d.format("%d/%m/%Y").to_string()
}

struct Page {
    content: Content,
    y: f32,
}

impl Page {
    fn new() -> Self {
        Self { content: Content::new(), y: PAGE_HEIGHT - MARGIN }
    }

    fn text(&mut self, font: Name, size: f32, x: f32, y: f32, text: &str) {
        self.content.begin_text();
        self.content.set_font(font, size);
        self.content.next_line(x, y);
        self.content.show(Str(&winansi(text)));
        self.content.end_text();
    }

    fn right(&mut self, font: Name, size: f32, right_edge: f32, y: f32, text: &str) {
        self.text(font, size, right_edge - width(text, size), y, text);
    }

    fn rule(&mut self, y: f32) {
        self.content.set_line_width(0.5);
        self.content.move_to(MARGIN, y);
        self.content.line_to(PAGE_WIDTH - MARGIN, y);
        self.content.stroke();
    }
}

/// Column right edges of the lines table (the unit starts right of the quantity).
const COL_QTY: f32 = 306.0;
const COL_UNIT: f32 = 312.0;
const COL_PRICE: f32 = 410.0;
const COL_DISCOUNT: f32 = 460.0;
const COL_NET: f32 = PAGE_WIDTH - MARGIN;

/// Splits text into lines of at most `max` characters at spaces.
fn wrap(text: &str, max: usize) -> Vec<String> {
    let mut lines = Vec::new();
    for paragraph in text.lines() {
        let mut line = String::new();
        for word in paragraph.split_whitespace() {
            if !line.is_empty() && line.chars().count() + 1 + word.chars().count() > max {
                lines.push(std::mem::take(&mut line));
            }
            if !line.is_empty() {
                line.push(' ');
            }
            line.push_str(word);
        }
        lines.push(line);
    }
    lines
}

/// How a unit prints after a quantity.
fn unit(unit: ProductUnit) -> &'static str {
    match unit {
        ProductUnit::Piece => "pc",
        ProductUnit::Seat => "seat",
        ProductUnit::Hour => "h",
        ProductUnit::Day => "day",
        ProductUnit::Month => "month",
        ProductUnit::Year => "year",
    }
}

/// An address as printed: street, then postal code, city and region, then the country's
/// full English name.
fn address(
    street: &Option<String>,
    postal: &Option<String>,
    city: &Option<String>,
    region: &Option<String>,
    country: &Option<String>,
) -> Vec<String> {
    let country = country.as_deref().map(|code| CountryCode::name_of(code).map_or_else(|| code.to_owned(), str::to_owned));
    [street.clone(), join(&[postal.as_deref(), city.as_deref(), region.as_deref()]), country].into_iter().flatten().collect()
}

/// The header every page repeats: the logo (or the company's name in large type) on the left,
/// the issuer's name, address, VAT number and contacts on the right.
fn header(page: &mut Page, doc: &QuoteDocument<'_>) {
    let c = doc.company;
    let top = page.y;
    match doc.logo {
        Some(logo) => {
            let scale = (LOGO_WIDTH / logo.width as f32).min(LOGO_HEIGHT / logo.height as f32);
            let (w, h) = (logo.width as f32 * scale, logo.height as f32 * scale);
            page.content.save_state();
            page.content.transform([w, 0.0, 0.0, h, MARGIN, top + 10.0 - h]);
            page.content.x_object(LOGO);
            page.content.restore_state();
        }
        None => page.text(BOLD, 16.0, MARGIN, top - 8.0, &c.legal_name),
    }
    let mut y = top;
    page.text(BOLD, 10.0, ISSUER_X, y, &c.legal_name);
    let contacts = [c.email.as_deref(), c.phone.as_deref()].into_iter().flatten().collect::<Vec<_>>().join("  ");
    let vat = c.vat_number.as_ref().map(|vat| format!("VAT {vat}"));
    let lines = address(&c.street, &c.postal_code, &c.city, &c.region, &c.country_code)
        .into_iter()
        .chain(vat)
        .chain((!contacts.is_empty()).then_some(contacts))
        .chain(c.website.clone());
    for line in lines {
        y -= 11.0;
        page.text(REGULAR, 8.5, ISSUER_X, y, &line);
    }
    page.y = y.min(top - LOGO_HEIGHT) - 26.0;
}

/// The footer every page repeats: the company's footer text, its name and VAT number, and
/// the page number.
fn footer(page: &mut Page, doc: &QuoteDocument<'_>, index: usize, count: usize) {
    let c = doc.company;
    let mut y = FOOTER_Y + 11.0;
    let text = c.footer.as_deref().map(|footer| wrap(footer, 120)).unwrap_or_default();
    for line in text.iter().take(3).rev() {
        page.text(REGULAR, 7.5, MARGIN, y, line);
        y += 9.0;
    }
    page.rule(y + 2.0);
    let issuer = [Some(c.legal_name.clone()), c.vat_number.as_ref().map(|vat| format!("VAT {vat}"))];
    page.text(REGULAR, 7.5, MARGIN, FOOTER_Y, &issuer.into_iter().flatten().collect::<Vec<_>>().join("  -  "));
    page.right(REGULAR, 7.5, COL_NET, FOOTER_Y, &format!("Page {} of {count}", index + 1));
}

pub fn render(doc: &QuoteDocument<'_>) -> Vec<u8> {
    let q = doc.quote;
    let places = minor_digits(&q.currency);
    let mut pages: Vec<Page> = Vec::new();
    let chunks: Vec<&[quote_line::Model]> = if doc.lines.is_empty() { vec![&[][..]] } else { doc.lines.chunks(LINES_PER_PAGE).collect() };
    let page_count = chunks.len();
    for (index, chunk) in chunks.into_iter().enumerate() {
        let mut page = Page::new();
        header(&mut page, doc);
        footer(&mut page, doc, index, page_count);
        page.text(BOLD, 14.0, MARGIN, page.y, &format!("Quotation {} (revision {})", q.number, q.revision));
        page.y -= 18.0;
        let status = match doc.status {
            QuoteStatus::Draft => "DRAFT - not an offer yet",
            QuoteStatus::PendingApproval => "DRAFT - awaiting discount approval, not an offer yet",
            QuoteStatus::Sent => "Offer",
            QuoteStatus::Accepted => "Accepted",
            QuoteStatus::Rejected => "Declined",
            QuoteStatus::Expired => "Expired",
            QuoteStatus::Superseded => "Replaced by a newer revision",
        };
        page.text(REGULAR, 10.0, MARGIN, page.y, &format!("Status: {status}"));
        page.y -= 14.0;
        let issued = q.sent_at.unwrap_or(q.created_at).date_naive();
        page.text(
            REGULAR,
            10.0,
            MARGIN,
            page.y,
            &format!("Issued {}   Valid until {}   Amounts in {}", date(issued), date(q.valid_until), q.currency),
        );
        page.y -= 24.0;
        if index == 0 {
            let c = doc.customer;
            page.text(BOLD, 11.0, MARGIN, page.y, "Customer");
            page.y -= 14.0;
            page.text(REGULAR, 10.0, MARGIN, page.y, &c.name);
            for line in address(&c.street, &c.postal_code, &c.city, &c.region, &c.country_code) {
                page.y -= 12.0;
                page.text(REGULAR, 10.0, MARGIN, page.y, &line);
            }
            page.y -= 24.0;
        }
        page.text(BOLD, 9.0, MARGIN, page.y, "Product");
        page.right(BOLD, 9.0, COL_QTY, page.y, "Qty");
        page.text(BOLD, 9.0, COL_UNIT, page.y, "Unit");
        page.right(BOLD, 9.0, COL_PRICE, page.y, "List price");
        page.right(BOLD, 9.0, COL_DISCOUNT, page.y, "Disc. %");
        page.right(BOLD, 9.0, COL_NET, page.y, "Net");
        page.y -= 6.0;
        page.rule(page.y);
        page.y -= 14.0;
        for line in chunk {
            let label: String = format!("{} {}", line.sku, line.name).chars().take(44).collect();
            page.text(REGULAR, 9.0, MARGIN, page.y, &label);
            page.right(REGULAR, 9.0, COL_QTY, page.y, &from_scaled(line.quantity).normalize().to_string());
            page.text(REGULAR, 9.0, COL_UNIT, page.y, unit(line.unit));
            page.right(REGULAR, 9.0, COL_PRICE, page.y, &amount(from_scaled(line.list_price), places));
            page.right(REGULAR, 9.0, COL_DISCOUNT, page.y, &from_scaled(line.discount_percent).normalize().to_string());
            page.right(REGULAR, 9.0, COL_NET, page.y, &amount(from_scaled(line.net), places));
            page.y -= 14.0;
        }
        if index + 1 == page_count {
            page.rule(page.y + 6.0);
            page.y -= 8.0;
            let discounts = from_scaled(q.list_total) - from_scaled(q.subtotal);
            for (label, value, font) in [
                ("List total", from_scaled(q.list_total), REGULAR),
                ("Discounts", -discounts, REGULAR),
                ("Subtotal", from_scaled(q.subtotal), REGULAR),
                (&*format!("Tax {} %", from_scaled(q.tax_percent).normalize()), from_scaled(q.tax_amount), REGULAR),
                (&*format!("Total {}", q.currency), from_scaled(q.total), BOLD),
            ] {
                page.right(font, 10.0, COL_DISCOUNT, page.y, label);
                page.right(font, 10.0, COL_NET, page.y, &amount(value, places));
                page.y -= 14.0;
            }
            // Terms and payment details share what room the footer leaves.
            let blocks = [("Terms", q.terms.as_deref()), ("Payment details", doc.company.bank_details.as_deref())];
            for (title, text) in blocks.into_iter().filter_map(|(title, text)| Some((title, text?))) {
                page.y -= 12.0;
                page.text(BOLD, 10.0, MARGIN, page.y, title);
                for line in wrap(text, 95).into_iter().take(12) {
                    if page.y < FOOTER_Y + 60.0 {
                        break;
                    }
                    page.y -= 12.0;
                    page.text(REGULAR, 9.0, MARGIN, page.y, &line);
                }
            }
        }
        pages.push(page);
    }
    write(pages, doc.logo, &format!("Quotation {} rev. {}", q.number, q.revision))
}

fn join(parts: &[Option<&str>]) -> Option<String> {
    let joined: Vec<&str> = parts.iter().flatten().copied().collect();
    (!joined.is_empty()).then(|| joined.join(" "))
}

fn write(pages: Vec<Page>, logo: Option<&PdfImage>, title: &str) -> Vec<u8> {
    let mut pdf = Pdf::new();
    let catalog = Ref::new(1);
    let tree = Ref::new(2);
    let (regular, bold, info) = (Ref::new(3), Ref::new(4), Ref::new(5));
    let (image, mask) = (Ref::new(6), Ref::new(7));
    let page_ids: Vec<(Ref, Ref)> = (0..pages.len() as i32).map(|i| (Ref::new(10 + 2 * i), Ref::new(11 + 2 * i))).collect();
    pdf.catalog(catalog).pages(tree);
    pdf.pages(tree).kids(page_ids.iter().map(|(page, _)| *page)).count(pages.len() as i32);
    pdf.document_info(info).title(TextStr(title)).producer(TextStr("CRM"));
    for (font, base) in [(regular, Name(b"Helvetica")), (bold, Name(b"Helvetica-Bold"))] {
        pdf.type1_font(font).base_font(base).encoding_predefined(Name(b"WinAnsiEncoding"));
    }
    if let Some(logo) = logo {
        let mut xobject = pdf.image_xobject(image, &logo.rgb);
        xobject.filter(Filter::FlateDecode);
        xobject.width(logo.width as i32).height(logo.height as i32).bits_per_component(8);
        xobject.color_space().device_rgb();
        if logo.alpha.is_some() {
            xobject.s_mask(mask);
        }
        xobject.finish();
        if let Some(alpha) = &logo.alpha {
            let mut soft = pdf.image_xobject(mask, alpha);
            soft.filter(Filter::FlateDecode);
            soft.width(logo.width as i32).height(logo.height as i32).bits_per_component(8);
            soft.color_space().device_gray();
        }
    }
    for (page, (page_id, content_id)) in pages.into_iter().zip(&page_ids) {
        let mut writer = pdf.page(*page_id);
        writer.media_box(Rect::new(0.0, 0.0, PAGE_WIDTH, PAGE_HEIGHT));
        writer.parent(tree);
        writer.contents(*content_id);
        let mut resources = writer.resources();
        resources.fonts().pair(REGULAR, regular).pair(BOLD, bold);
        if logo.is_some() {
            resources.x_objects().pair(LOGO, image);
        }
        resources.finish();
        writer.finish();
        pdf.stream(*content_id, &page.content.finish());
    }
    pdf.finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn amounts_are_grouped_and_padded() {
        assert_eq!(amount(Decimal::new(12_345_675, 1), 2), "1,234,567.50");
        assert_eq!(amount(Decimal::new(5, 1), 2), "0.50");
        assert_eq!(amount(Decimal::new(-12_345, 2), 2), "-123.45");
        assert_eq!(amount(Decimal::from(1100), 0), "1,100");
    }

    #[test]
    fn text_is_winansi() {
        assert_eq!(winansi("Città €5"), b"Citt\xe0 \x805".to_vec());
        assert_eq!(winansi("東京"), b"??".to_vec());
    }

    #[test]
    fn long_terms_wrap_at_spaces() {
        assert_eq!(wrap("one two three four", 9), ["one two", "three", "four"]);
    }
}
