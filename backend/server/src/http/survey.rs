//! `GET /survey/{token}` and `POST /survey/{token}`: the satisfaction survey a customer
//! reaches from the link in the email that asks (`issueSurveyLink` for a resolved ticket's,
//! 1–5; `issueNpsLink` for an NPS survey's, 0–10), answered without signing in. A plain HTML page rendered here, no script, so it opens in any mail client's browser at
//! once (the app's first download is not needed for one question); English or Italian by
//! `?lang=` or the browser's `Accept-Language`. The token is the proof; used, expired and
//! unknown links are answered alike. Submissions are rate-limited per IP like web-to-lead.

use super::HttpState;
use actix_web::http::header;
use actix_web::{web, HttpRequest, HttpResponse};
use crm_core::error::AppResult;
use crm_core::error::{AppError, InputReason};
use crm_service::entity::{nps_survey, ticket};
use crm_service::inputs::{AnswerNpsLinkInput, AnswerSurveyInput};
use crm_service::{nps, surveys};
use html_escape::encode_text;
use serde::Deserialize;

/// The page's own policy: its inline styles, its form to itself, nothing else.
const CSP: &str = "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

#[derive(Clone, Copy, PartialEq, Eq)]
enum Lang {
    En,
    It,
}

struct Texts {
    title: &'static str,
    about: fn(&str, &str) -> String,
    question: &'static str,
    scores: [&'static str; 5],
    comment: &'static str,
    send: &'static str,
    thanks: &'static str,
    thanks_more: &'static str,
    closed: &'static str,
    closed_more: &'static str,
    pick_score: &'static str,
    nps_scale: [&'static str; 2],
    nps_pick_score: &'static str,
}

const EN: Texts = Texts {
    title: "How did we do?",
    about: |number, subject| format!("Your request {number} “{subject}” was resolved."),
    question: "How satisfied are you with how we handled it?",
    scores: ["1 – Very dissatisfied", "2 – Dissatisfied", "3 – Neither", "4 – Satisfied", "5 – Very satisfied"],
    comment: "Anything you want to tell us? (optional)",
    send: "Send",
    thanks: "Thank you!",
    thanks_more: "Your answer reached us. It helps us serve you better.",
    closed: "This survey is closed",
    closed_more: "The link was already used or has expired. Thank you all the same.",
    pick_score: "Choose how satisfied you are, from 1 to 5.",
    nps_scale: ["Not at all likely", "Extremely likely"],
    nps_pick_score: "Choose a score from 0 to 10.",
};

const IT: Texts = Texts {
    title: "Come siamo andati?",
    about: |number, subject| format!("La tua richiesta {number} «{subject}» è stata risolta."),
    question: "Quanto sei soddisfatto di come l'abbiamo gestita?",
    scores: ["1 – Per niente soddisfatto", "2 – Poco soddisfatto", "3 – Né sì né no", "4 – Soddisfatto", "5 – Molto soddisfatto"],
    comment: "Vuoi dirci qualcosa? (facoltativo)",
    send: "Invia",
    thanks: "Grazie!",
    thanks_more: "La tua risposta ci è arrivata. Ci aiuta a servirti meglio.",
    closed: "Questo sondaggio è chiuso",
    closed_more: "Il link è già stato usato o è scaduto. Grazie comunque.",
    pick_score: "Scegli quanto sei soddisfatto, da 1 a 5.",
    nps_scale: ["Per niente probabile", "Estremamente probabile"],
    nps_pick_score: "Scegli un punteggio da 0 a 10.",
};

impl Lang {
    /// `?lang=it`, else the first of the browser's languages the page speaks, else English.
    fn of(req: &HttpRequest, asked: Option<&str>) -> Self {
        let accepted = req.headers().get(header::ACCEPT_LANGUAGE).and_then(|v| v.to_str().ok()).unwrap_or_default();
        let tags = asked.into_iter().chain(accepted.split(',').map(|tag| tag.split(';').next().unwrap_or_default()));
        for tag in tags {
            match tag.trim().split('-').next().unwrap_or_default().to_ascii_lowercase().as_str() {
                "it" => return Self::It,
                "en" => return Self::En,
                _ => {}
            }
        }
        Self::En
    }

    fn code(self) -> &'static str {
        match self {
            Self::En => "en",
            Self::It => "it",
        }
    }

    fn texts(self) -> &'static Texts {
        match self {
            Self::En => &EN,
            Self::It => &IT,
        }
    }
}

#[derive(Deserialize)]
pub struct PageQuery {
    lang: Option<String>,
}

#[derive(Deserialize)]
pub struct Answer {
    score: Option<i32>,
    comment: Option<String>,
    lang: Option<String>,
}

/// What a link opens, while it is unanswered and open.
enum Opened {
    /// A resolved ticket's satisfaction survey (1–5).
    Ticket(Box<ticket::Model>),
    /// An NPS survey (0–10).
    Nps(nps_survey::Model),
}

impl Opened {
    async fn find(state: &HttpState, token: &str) -> AppResult<Option<Self>> {
        let (db, now) = (&state.app.db.read, state.app.clock.now());
        if let Some(ticket) = surveys::ticket_of_link(db, token, now).await? {
            return Ok(Some(Self::Ticket(Box::new(ticket))));
        }
        Ok(nps::survey_of_link(db, token, now).await?.map(Self::Nps))
    }

    /// The question, with `error` above it when an answer was refused.
    fn form(&self, lang: Lang, error: Option<&str>) -> String {
        match self {
            Self::Ticket(ticket) => form(lang, &ticket.number, &ticket.subject, error),
            Self::Nps(survey) => nps_form(lang, survey, error),
        }
    }

    fn pick_score(&self, lang: Lang) -> &'static str {
        match self {
            Self::Ticket(_) => lang.texts().pick_score,
            Self::Nps(_) => lang.texts().nps_pick_score,
        }
    }
}

pub async fn show(state: web::Data<HttpState>, req: HttpRequest, token: web::Path<String>, query: web::Query<PageQuery>) -> HttpResponse {
    let lang = Lang::of(&req, query.lang.as_deref());
    match Opened::find(&state, &token).await {
        Ok(Some(opened)) => page(200, lang, &opened.form(lang, None)),
        Ok(None) => closed(lang),
        Err(err) => failed(lang, err),
    }
}

pub async fn answer(state: web::Data<HttpState>, req: HttpRequest, token: web::Path<String>, body: web::Form<Answer>) -> HttpResponse {
    let body = body.into_inner();
    let lang = Lang::of(&req, body.lang.as_deref());
    let ip = req.peer_addr().map(|a| a.ip().to_string()).unwrap_or_default();
    if let Err(retry_after) = state.web_form_limiter.check(&format!("survey:{ip}")) {
        return HttpResponse::TooManyRequests().insert_header((header::RETRY_AFTER, retry_after.to_string())).finish();
    }
    let opened = match Opened::find(&state, &token).await {
        Ok(Some(opened)) => opened,
        Ok(None) => return closed(lang),
        Err(err) => return failed(lang, err),
    };
    let Some(score) = body.score else {
        return page(400, lang, &opened.form(lang, Some(opened.pick_score(lang))));
    };
    let comment = body.comment.filter(|text| !text.trim().is_empty());
    let token = token.into_inner();
    let answered = match opened {
        Opened::Ticket(_) => surveys::answer_with_link(&state.app, AnswerSurveyInput { token, score, comment }).await,
        Opened::Nps(_) => nps::answer_with_link(&state.app, AnswerNpsLinkInput { token, score, comment }).await,
    };
    match answered {
        Ok(()) => {
            let t = lang.texts();
            page(200, lang, &format!("<h1>{}</h1><p>{}</p>", t.thanks, t.thanks_more))
        }
        Err(AppError::BadInput { invalid, .. }) if invalid.reason == InputReason::SurveyClosed => closed(lang),
        Err(AppError::BadInput { invalid, .. }) => page(400, lang, &opened.form(lang, Some(&invalid.message))),
        Err(err) => failed(lang, err),
    }
}

/// An NPS survey's question: eleven scores, 0 to 10, the ends named; a comment, the button.
fn nps_form(lang: Lang, survey: &nps_survey::Model, error: Option<&str>) -> String {
    let t = lang.texts();
    let scores: String = (0..=10)
        .map(|score| {
            let named = match score {
                0 => format!(" – {}", t.nps_scale[0]),
                10 => format!(" – {}", t.nps_scale[1]),
                _ => String::new(),
            };
            format!(r#"<label class="score nps"><input type="radio" name="score" value="{score}" required> {score}{named}</label>"#)
        })
        .collect();
    let error = error.map(|message| format!(r#"<p class="error" role="alert">{}</p>"#, encode_text(message))).unwrap_or_default();
    format!(
        r#"<h1>{title}</h1>{error}<form method="post"><input type="hidden" name="lang" value="{lang}"><fieldset><legend>{question}</legend>{scores}</fieldset><label for="comment">{comment}</label><textarea id="comment" name="comment" rows="4" maxlength="2000"></textarea><button type="submit">{send}</button></form>"#,
        title = encode_text(&survey.name),
        lang = lang.code(),
        question = encode_text(&survey.question),
        comment = t.comment,
        send = t.send,
    )
}

/// The question: five scores (radio buttons in a fieldset), a comment, the button.
/// (The form posts to the page's own address, which holds the token.)
fn form(lang: Lang, number: &str, subject: &str, error: Option<&str>) -> String {
    let t = lang.texts();
    let scores: String = t
        .scores
        .iter()
        .enumerate()
        .map(|(i, label)| {
            let score = i + 1;
            format!(r#"<label class="score"><input type="radio" name="score" value="{score}" required> {label}</label>"#)
        })
        .collect();
    let error = error.map(|message| format!(r#"<p class="error" role="alert">{}</p>"#, encode_text(message))).unwrap_or_default();
    format!(
        r#"<h1>{title}</h1><p>{about}</p>{error}<form method="post"><input type="hidden" name="lang" value="{lang}"><fieldset><legend>{question}</legend>{scores}</fieldset><label for="comment">{comment}</label><textarea id="comment" name="comment" rows="4" maxlength="2000"></textarea><button type="submit">{send}</button></form>"#,
        title = t.title,
        about = encode_text(&(t.about)(number, subject)),
        lang = lang.code(),
        question = t.question,
        comment = t.comment,
        send = t.send,
    )
}

fn closed(lang: Lang) -> HttpResponse {
    let t = lang.texts();
    page(410, lang, &format!("<h1>{}</h1><p>{}</p>", t.closed, t.closed_more))
}

fn failed(lang: Lang, err: AppError) -> HttpResponse {
    if let AppError::Internal(cause) = &err {
        tracing::error!(error = ?cause, "the survey page failed");
    }
    page(500, lang, "<h1>Error</h1>")
}

fn page(status: u16, lang: Lang, content: &str) -> HttpResponse {
    let status = actix_web::http::StatusCode::from_u16(status).unwrap_or(actix_web::http::StatusCode::OK);
    let html = format!(
        r#"<!doctype html><html lang="{lang}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><meta name="robots" content="noindex"><title>{title}</title><style>body{{font:16px/1.5 system-ui,sans-serif;max-width:36rem;margin:2rem auto;padding:0 1rem;color:#1f2328}}fieldset{{border:0;padding:0;margin:1rem 0}}legend{{font-weight:600;margin-bottom:.5rem}}.score{{display:block;padding:.4rem 0}}textarea{{width:100%;font:inherit}}button{{margin-top:1rem;padding:.5rem 1.5rem;font:inherit;background:#0b5cad;color:#fff;border:0;border-radius:4px}}.error{{color:#b3261e}}</style></head><body><main>{content}</main></body></html>"#,
        lang = lang.code(),
        title = lang.texts().title,
    );
    HttpResponse::build(status)
        .insert_header((header::CONTENT_TYPE, "text/html; charset=utf-8"))
        .insert_header((header::CONTENT_SECURITY_POLICY, CSP))
        .insert_header((header::CACHE_CONTROL, "no-store"))
        .insert_header((header::REFERRER_POLICY, "no-referrer"))
        .body(html)
}
