//! The quote document the customer receives: an A4 PDF (pdf-writer) set in the PDF base
//! fonts, so no font file ships with the server. Text is encoded as WinAnsi (Windows-1252),
//! which covers the Western European languages customers write in; other characters print
//! as `?`. Amounts are right-aligned using Helvetica's published digit widths.

use super::domain::QuoteStatus;
use super::entity::{quote, quote_line};
use super::pricing::minor_digits;
use chrono::NaiveDate;
use crm_core::values::from_scaled;
use crm_customers::entity::customer;
use pdf_writer::{Content, Finish, Name, Pdf, Rect, Ref, Str, TextStr};
use rust_decimal::Decimal;

const PAGE_WIDTH: f32 = 595.0;
const PAGE_HEIGHT: f32 = 842.0;
const MARGIN: f32 = 50.0;
const LINES_PER_PAGE: usize = 28;
const REGULAR: Name = Name(b"F1");
const BOLD: Name = Name(b"F2");

/// What the document shows.
pub struct QuoteDocument<'a> {
    pub quote: &'a quote::Model,
    pub lines: &'a [quote_line::Model],
    pub customer: &'a customer::Model,
    /// The effective status (a lapsed offer prints as expired).
    pub status: QuoteStatus,
    pub seller: &'a str,
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

/// Column right edges of the lines table.
const COL_QTY: f32 = 330.0;
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

pub fn render(doc: &QuoteDocument<'_>) -> Vec<u8> {
    let q = doc.quote;
    let places = minor_digits(&q.currency);
    let mut pages: Vec<Page> = Vec::new();
    let chunks: Vec<&[quote_line::Model]> = if doc.lines.is_empty() { vec![&[][..]] } else { doc.lines.chunks(LINES_PER_PAGE).collect() };
    let page_count = chunks.len();
    for (index, chunk) in chunks.into_iter().enumerate() {
        let mut page = Page::new();
        page.text(BOLD, 18.0, MARGIN, page.y, doc.seller);
        page.right(REGULAR, 9.0, COL_NET, page.y, &format!("Page {} of {page_count}", index + 1));
        page.y -= 30.0;
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
            page.text(BOLD, 11.0, MARGIN, page.y, "Customer");
            page.y -= 14.0;
            page.text(REGULAR, 10.0, MARGIN, page.y, &doc.customer.name);
            let c = doc.customer;
            for line in
                [c.street.clone(), join(&[c.postal_code.as_deref(), c.city.as_deref(), c.region.as_deref()]), c.country_code.clone()]
                    .into_iter()
                    .flatten()
            {
                page.y -= 12.0;
                page.text(REGULAR, 10.0, MARGIN, page.y, &line);
            }
            page.y -= 24.0;
        }
        page.text(BOLD, 9.0, MARGIN, page.y, "Product");
        page.right(BOLD, 9.0, COL_QTY, page.y, "Qty");
        page.right(BOLD, 9.0, COL_PRICE, page.y, "List price");
        page.right(BOLD, 9.0, COL_DISCOUNT, page.y, "Disc. %");
        page.right(BOLD, 9.0, COL_NET, page.y, "Net");
        page.y -= 6.0;
        page.rule(page.y);
        page.y -= 14.0;
        for line in chunk {
            let label: String = format!("{} {}", line.sku, line.name).chars().take(48).collect();
            page.text(REGULAR, 9.0, MARGIN, page.y, &label);
            page.right(REGULAR, 9.0, COL_QTY, page.y, &from_scaled(line.quantity).normalize().to_string());
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
            if let Some(terms) = q.terms.as_deref() {
                page.y -= 12.0;
                page.text(BOLD, 10.0, MARGIN, page.y, "Terms");
                for line in wrap(terms, 95).into_iter().take(20) {
                    page.y -= 12.0;
                    page.text(REGULAR, 9.0, MARGIN, page.y, &line);
                }
            }
        }
        pages.push(page);
    }
    write(pages, &format!("Quotation {} rev. {}", q.number, q.revision))
}

fn join(parts: &[Option<&str>]) -> Option<String> {
    let joined: Vec<&str> = parts.iter().flatten().copied().collect();
    (!joined.is_empty()).then(|| joined.join(" "))
}

fn write(pages: Vec<Page>, title: &str) -> Vec<u8> {
    let mut pdf = Pdf::new();
    let catalog = Ref::new(1);
    let tree = Ref::new(2);
    let (regular, bold, info) = (Ref::new(3), Ref::new(4), Ref::new(5));
    let page_ids: Vec<(Ref, Ref)> = (0..pages.len() as i32).map(|i| (Ref::new(10 + 2 * i), Ref::new(11 + 2 * i))).collect();
    pdf.catalog(catalog).pages(tree);
    pdf.pages(tree).kids(page_ids.iter().map(|(page, _)| *page)).count(pages.len() as i32);
    pdf.document_info(info).title(TextStr(title)).producer(TextStr("CRM"));
    for (font, base) in [(regular, Name(b"Helvetica")), (bold, Name(b"Helvetica-Bold"))] {
        pdf.type1_font(font).base_font(base).encoding_predefined(Name(b"WinAnsiEncoding"));
    }
    for (page, (page_id, content_id)) in pages.into_iter().zip(&page_ids) {
        let mut writer = pdf.page(*page_id);
        writer.media_box(Rect::new(0.0, 0.0, PAGE_WIDTH, PAGE_HEIGHT));
        writer.parent(tree);
        writer.contents(*content_id);
        let mut resources = writer.resources();
        resources.fonts().pair(REGULAR, regular).pair(BOLD, bold);
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
