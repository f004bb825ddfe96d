//! Reading a received message (RFC 5322, MIME) into what the CRM keeps: who sent it to whom,
//! the ids that thread it, its text (an HTML-only message's text read from its HTML; any
//! charset `mail-parser` knows decoded to UTF-8), its attachments within the limits, and what
//! kind of message it is — a person's, an automatic answer, or a bounce.

use crate::domain::EmailKind;
use crm_core::error::{AppError, AppResult, InputReason};
use mail_parser::{HeaderValue, Message, MessageParser, MimeHeaders, PartType};
use sha2::{Digest, Sha256};

/// The largest raw message accepted (what the webhook and the SMTP listener take).
pub const MAX_RAW_BYTES: usize = 25 * 1024 * 1024;
/// The largest attachment kept; a larger one is named in the text and dropped.
pub const MAX_ATTACHMENT_BYTES: usize = 10 * 1024 * 1024;
/// The most attachments kept from one message.
pub const MAX_ATTACHMENTS: usize = 20;
/// File endings never kept: programs and scripts a click would run.
const BLOCKED_ENDINGS: [&str; 14] =
    [".exe", ".bat", ".cmd", ".com", ".scr", ".pif", ".msi", ".js", ".jse", ".vbs", ".vbe", ".ps1", ".jar", ".lnk"];

/// A file kept from a message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Attachment {
    pub file_name: String,
    pub content_type: String,
    pub content: Vec<u8>,
}

/// A received message as the CRM keeps it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParsedEmail {
    /// The `Message-ID` without brackets; a message without one gets an id made from its
    /// bytes, so the same message delivered twice is still recognised.
    pub message_id: String,
    pub in_reply_to: Option<String>,
    /// `References`, oldest first.
    pub references: Vec<String>,
    /// The sender's address, lower case.
    pub from: String,
    pub from_name: Option<String>,
    /// `To` and `Cc`, lower case.
    pub to: Vec<String>,
    pub subject: String,
    /// The whole text, quoted history included.
    pub body: String,
    pub kind: EmailKind,
    /// For a bounce: the `Message-ID` of the message that could not be delivered.
    pub bounced_message_id: Option<String>,
    pub attachments: Vec<Attachment>,
    /// Attachments not kept, each with why ("setup.exe: a program").
    pub dropped: Vec<String>,
    pub raw_size: usize,
}

impl ParsedEmail {
    /// What the person wrote this time: the text above the quoted history a mail program
    /// appends to a reply, with a line for each attachment not kept.
    pub fn reply_text(&self) -> String {
        let mut text = new_text(&self.body);
        for dropped in &self.dropped {
            text.push_str(&format!("\n[attachment not kept: {dropped}]"));
        }
        text
    }
}

/// Reads `raw`; refuses what is not a message at all (no sender, too large).
pub fn parse(raw: &[u8]) -> AppResult<ParsedEmail> {
    let refuse = |why: &str| AppError::invalid("message", InputReason::InvalidRequest.with_message(why.to_owned()));
    if raw.len() > MAX_RAW_BYTES {
        return Err(AppError::invalid("message", InputReason::TooLong { max: MAX_RAW_BYTES }));
    }
    let message = MessageParser::default().parse(raw).ok_or_else(|| refuse("not an RFC 5322 message"))?;
    let (from, from_name) = message
        .from()
        .and_then(|from| from.first())
        .and_then(|addr| Some((addr.address()?.trim().to_lowercase(), addr.name().map(str::to_owned))))
        .filter(|(address, _)| address.contains('@'))
        .ok_or_else(|| refuse("the message has no sender address (From)"))?;
    let to = message
        .to()
        .into_iter()
        .chain(message.cc())
        .flat_map(|list| list.iter())
        .filter_map(|addr| addr.address().map(|address| address.trim().to_lowercase()))
        .collect();
    let message_id = match message.message_id() {
        Some(id) if !id.trim().is_empty() => bare_id(id),
        _ => format!("{:x}@sha256.invalid", Sha256::digest(raw)),
    };
    let in_reply_to = ids(message.in_reply_to()).into_iter().next_back();
    let references = ids(message.references());
    let subject = message.subject().unwrap_or_default().trim().to_owned();
    let body = message.body_text(0).map(|text| text.trim().to_owned()).unwrap_or_default();
    let kind = kind_of(&message, &from, &subject);
    let bounced_message_id = if kind == EmailKind::Bounce { bounced_id(&message) } else { None };
    let (attachments, dropped) = if kind == EmailKind::Message { attachments_of(&message) } else { (Vec::new(), Vec::new()) };
    Ok(ParsedEmail {
        message_id,
        in_reply_to,
        references,
        from,
        from_name,
        to,
        subject,
        body,
        kind,
        bounced_message_id,
        attachments,
        dropped,
        raw_size: raw.len(),
    })
}

/// An id as stored: without angle brackets or spaces.
pub fn bare_id(raw: &str) -> String {
    raw.trim().trim_start_matches('<').trim_end_matches('>').trim().to_owned()
}

/// The message ids a header lists (`In-Reply-To`, `References`).
fn ids(value: &HeaderValue) -> Vec<String> {
    let listed: Vec<&str> = match value {
        HeaderValue::Text(id) => vec![id.as_ref()],
        HeaderValue::TextList(ids) => ids.iter().map(|id| id.as_ref()).collect(),
        _ => Vec::new(),
    };
    listed.into_iter().map(bare_id).filter(|id| !id.is_empty()).collect()
}

fn header_text<'a>(message: &'a Message, name: &'static str) -> Option<&'a str> {
    message.header_raw(name).map(str::trim)
}

/// A person's message, an automatic answer (RFC 3834's `Auto-Submitted`, the headers and
/// subjects out-of-office programs use) or a delivery failure report (RFC 3464, or sent by a
/// mailer daemon).
fn kind_of(message: &Message, from: &str, subject: &str) -> EmailKind {
    let report = message
        .content_type()
        .is_some_and(|ct| ct.ctype().eq_ignore_ascii_case("multipart") && ct.subtype().is_some_and(|s| s.eq_ignore_ascii_case("report")));
    let local = from.split('@').next().unwrap_or_default();
    if report || local.eq_ignore_ascii_case("mailer-daemon") || local.eq_ignore_ascii_case("postmaster") {
        return EmailKind::Bounce;
    }
    let auto_submitted = header_text(message, "Auto-Submitted").is_some_and(|value| !value.eq_ignore_ascii_case("no"));
    let precedence = header_text(message, "Precedence")
        .is_some_and(|value| ["auto_reply", "bulk", "junk", "list"].iter().any(|p| value.eq_ignore_ascii_case(p)));
    let flagged = ["X-Autoreply", "X-Autorespond", "X-Auto-Response-Suppress"].iter().any(|name| message.header_raw(*name).is_some());
    let lower = subject.to_lowercase();
    let out_of_office = ["automatic reply:", "auto:", "out of office", "autoreply", "risposta automatica", "fuori sede"]
        .iter()
        .any(|prefix| lower.starts_with(prefix));
    if auto_submitted || precedence || flagged || out_of_office {
        EmailKind::AutoReply
    } else {
        EmailKind::Message
    }
}

/// The `Message-ID` of the returned message inside a bounce: its `message/rfc822` part, or
/// its `text/rfc822-headers` part.
fn bounced_id(message: &Message) -> Option<String> {
    message.parts.iter().find_map(|part| match &part.body {
        PartType::Message(returned) => returned.message_id().map(bare_id),
        PartType::Text(text) | PartType::Html(text) if part.is_content_type("text", "rfc822-headers") => header_in(text, "message-id"),
        PartType::Binary(bytes) | PartType::InlineBinary(bytes) if part.is_content_type("text", "rfc822-headers") => {
            header_in(&String::from_utf8_lossy(bytes), "message-id")
        }
        _ => None,
    })
}

/// The value of header `name` (lower case) in a block of header lines.
fn header_in(headers: &str, name: &str) -> Option<String> {
    headers.lines().find_map(|line| {
        let (key, value) = line.split_once(':')?;
        (key.trim().eq_ignore_ascii_case(name)).then(|| bare_id(value)).filter(|id| !id.is_empty())
    })
}

/// The attachments kept and those dropped, with why.
fn attachments_of(message: &Message) -> (Vec<Attachment>, Vec<String>) {
    let mut kept = Vec::new();
    let mut dropped = Vec::new();
    for part in message.attachments() {
        let file_name = part.attachment_name().map(str::trim).filter(|name| !name.is_empty()).unwrap_or("attachment").to_owned();
        let content_type = part
            .content_type()
            .map(|ct| format!("{}/{}", ct.ctype(), ct.subtype().unwrap_or("octet-stream")).to_lowercase())
            .unwrap_or_else(|| "application/octet-stream".into());
        let content = match &part.body {
            PartType::Message(inner) => inner.raw_message().to_vec(),
            _ => part.contents().to_vec(),
        };
        let lower = file_name.to_lowercase();
        if BLOCKED_ENDINGS.iter().any(|ending| lower.ends_with(ending)) || content_type == "application/x-msdownload" {
            dropped.push(format!("{file_name}: a program or script"));
        } else if content.len() > MAX_ATTACHMENT_BYTES {
            dropped.push(format!("{file_name}: larger than {} MB", MAX_ATTACHMENT_BYTES / (1024 * 1024)));
        } else if kept.len() == MAX_ATTACHMENTS {
            dropped.push(format!("{file_name}: more than {MAX_ATTACHMENTS} attachments"));
        } else {
            kept.push(Attachment { file_name: file_name.chars().take(255).collect(), content_type, content });
        }
    }
    (kept, dropped)
}

/// The lines that introduce the quoted history in the mail programs people use (English and
/// Italian): everything from such a line on is the previous message.
fn starts_history(line: &str) -> bool {
    let line = line.trim();
    let lower = line.to_lowercase();
    (lower.starts_with("on ") && lower.ends_with("wrote:"))
        || (lower.starts_with("il ") && lower.ends_with("ha scritto:"))
        || lower.starts_with("-----original message-----")
        || lower.starts_with("-----messaggio originale-----")
        || (lower.starts_with("from:") && lower.contains('@'))
        || (lower.starts_with("da:") && lower.contains('@'))
}

/// The line mail programs put above a forwarded message: the forward is the message, whole.
fn is_forward(line: &str) -> bool {
    let lower = line.trim().trim_matches('-').trim().to_lowercase();
    ["forwarded message", "begin forwarded message:", "messaggio inoltrato"].iter().any(|marker| lower.starts_with(marker))
}

/// `body` without the quoted history: cut at the line that introduces it, then without the
/// trailing `>` lines. A body that is all quote is kept whole (a forward says nothing new
/// otherwise).
pub fn new_text(body: &str) -> String {
    let lines: Vec<&str> = body.lines().collect();
    if lines.iter().any(|line| is_forward(line)) {
        return body.trim().to_owned();
    }
    let cut = lines.iter().position(|line| starts_history(line)).unwrap_or(lines.len());
    let mut kept = &lines[..cut];
    while let Some((last, rest)) = kept.split_last() {
        if last.trim().is_empty() || last.trim_start().starts_with('>') {
            kept = rest;
        } else {
            break;
        }
    }
    let text = kept.join("\n").trim().to_owned();
    if text.is_empty() {
        body.trim().to_owned()
    } else {
        text
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::expect_used, clippy::panic)]
    use super::*;

    fn fixture(name: &str) -> ParsedEmail {
        let raw: &[u8] = match name {
            "reply" => include_bytes!("../fixtures/reply.eml"),
            "html_only" => include_bytes!("../fixtures/html_only.eml"),
            "attachments" => include_bytes!("../fixtures/attachments.eml"),
            "auto_reply" => include_bytes!("../fixtures/auto_reply.eml"),
            "bounce" => include_bytes!("../fixtures/bounce.eml"),
            "forward" => include_bytes!("../fixtures/forward.eml"),
            // Windows-1252 bytes, not UTF-8.
            "no_id" => include_bytes!("../fixtures/no_id.eml"),
            other => panic!("no fixture {other}"),
        };
        parse(raw).expect(name)
    }

    #[test]
    fn a_reply_is_threaded_by_its_ids_and_read_without_the_quoted_history() {
        let email = fixture("reply");
        assert_eq!(email.message_id, "CAF3x9q@mail.example.com");
        assert_eq!(email.in_reply_to.as_deref(), Some("0190a1b2c3d4@support.demo.test"));
        assert_eq!(email.references, ["first@mail.example.com", "0190a1b2c3d4@support.demo.test"]);
        assert_eq!(email.from, "giulia.bianchi@example.com");
        assert_eq!(email.from_name.as_deref(), Some("Giulia Bianchi"));
        assert_eq!(email.to, ["support@demo.test", "sales@demo.test"]);
        assert_eq!(email.subject, "Re: [T-2026-00042] The invoice is wrong");
        assert_eq!(email.kind, EmailKind::Message);
        assert_eq!(email.reply_text(), "Thanks, the new invoice is right.\nGiulia");
        assert!(email.body.contains("> Here is the corrected invoice."), "the stored body keeps the history");
    }

    #[test]
    fn an_html_only_message_in_latin_1_is_read_as_text() {
        let email = fixture("html_only");
        assert_eq!(email.subject, "Caffè macchina rotta");
        assert!(email.body.contains("La macchina del caffè non funziona"), "{}", email.body);
        assert!(!email.body.contains("<p>"), "{}", email.body);
    }

    #[test]
    fn attachments_are_kept_within_the_limits_and_programs_are_dropped() {
        let email = fixture("attachments");
        assert_eq!(email.attachments.len(), 1);
        assert_eq!(email.attachments[0].file_name, "fattura-1042.pdf");
        assert_eq!(email.attachments[0].content_type, "application/pdf");
        assert_eq!(email.attachments[0].content, b"%PDF-1.4 demo");
        assert_eq!(email.dropped, ["setup.exe: a program or script"]);
        assert!(email.reply_text().ends_with("[attachment not kept: setup.exe: a program or script]"), "{}", email.reply_text());
    }

    #[test]
    fn automatic_answers_and_bounces_are_recognised() {
        let auto = fixture("auto_reply");
        assert_eq!(auto.kind, EmailKind::AutoReply);
        assert!(auto.attachments.is_empty());
        let bounce = fixture("bounce");
        assert_eq!(bounce.kind, EmailKind::Bounce);
        assert_eq!(bounce.bounced_message_id.as_deref(), Some("0190ffee@support.demo.test"));
    }

    #[test]
    fn a_forward_is_kept_whole() {
        let email = fixture("forward");
        assert!(email.reply_text().contains("The delivery of order O-2026-00007 is late"), "{}", email.reply_text());
        assert!(email.reply_text().starts_with("Can you look at this?"));
    }

    #[test]
    fn a_message_without_an_id_gets_one_from_its_bytes_and_encoded_words_are_decoded() {
        let first = fixture("no_id");
        assert!(first.message_id.ends_with("@sha256.invalid"));
        assert_eq!(first.message_id, fixture("no_id").message_id, "the same bytes, the same id");
        assert_eq!(first.subject, "Perché l'ordine è in ritardo?");
        assert_eq!(first.body, "L\u{2019}ordine non è arrivato.");
    }

    #[test]
    fn what_is_not_a_message_is_refused() {
        assert!(parse(b"hello").is_err());
        assert!(parse(b"Subject: no sender\n\nbody").is_err());
    }

    #[test]
    fn the_history_is_cut_at_the_line_that_introduces_it() {
        assert_eq!(new_text("Yes.\n\nIl giorno lun 1 dic 2026, Mario <m@x.it> ha scritto:\n> Va bene?"), "Yes.");
        assert_eq!(new_text("Ok\n-----Original Message-----\nFrom: a@b.c"), "Ok");
        assert_eq!(new_text("> only a quote"), "> only a quote");
        assert_eq!(new_text("Fine\n> quoted\n>\n"), "Fine");
    }
}
