//! The demo's call scripts, through the scripts' own functions: "Faded receipts" in English
//! and its Italian twin, both offered to customers as the assistant, each asking about the
//! paper and the thermal head, looping back once on purpose ("clean it again"), and ending in
//! the receipts article, a fix, the Self-order Kiosk for a terminal past its years, or a hand-off;
//! a second English version; and their runs: Davide's on open tickets of the desk and the
//! portal customer's chats, so that the path figures have something to count.

#![allow(clippy::disallowed_methods)]

use super::notes::{caller, staff};
use super::{app, at};
use async_graphql::ID;
use chrono::{Duration, Utc};
use crm_core::context::AppContext;
use crm_core::pagination::PageRequest;
use crm_core::principal::{Caller, Principal};
use crm_identity::domain::StaffRole;
use crm_identity::entity::user;
use crm_knowledge::domain::ArticleLocale;
use crm_knowledge::entity::kb_article;
use crm_sales::catalog::repo::product_with_sku;
use crm_scripts::domain::{ScriptEnding, ScriptNodeKind};
use crm_scripts::inputs::{
    AnswerScriptRunInput, CreateCallScriptInput, PublishCallScriptInput, ScriptAnswerInput, ScriptNodeInput, ScriptTreeInput,
    StartScriptRunInput, UpdateCallScriptInput,
};
use crm_scripts::{runs, scripts};
use crm_service::domain::TicketStatus;
use crm_service::inputs::{TicketFilter, TicketOrder};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use uuid::Uuid;

/// The words of one language's script.
struct Words {
    name: &'static str,
    description: &'static str,
    locale: ArticleLocale,
    article_title: &'static str,
    faded: (&'static str, &'static str, &'static str),
    paper: (&'static str, &'static str, &'static str),
    clean: &'static str,
    clear: (&'static str, &'static str, &'static str, &'static str),
    old: (&'static str, &'static str, &'static str),
    ends: [&'static str; 4],
}

const EN: Words = Words {
    name: "Faded receipts on the POS Terminal",
    description: "The terminal prints pale or patchy receipts",
    locale: ArticleLocale::En,
    article_title: "The POS Terminal T2 prints faded receipts",
    faded: ("Are the receipts faded or patchy, rather than missing altogether?", "Faded or patchy", "Nothing prints"),
    paper: ("Is the roll thermal paper, 57 mm, with the shiny side facing the head?", "Yes", "No, or not sure"),
    clean: "Switch the terminal off, open the cover and wipe the thermal head with the cleaning pen. Then print a test receipt.",
    clear: ("Is the test receipt clear now?", "Yes, it is clear", "Still faded", "Let me clean it again"),
    old: ("Is the terminal more than five years old?", "Yes", "No"),
    ends: [
        "The head was dirty: it prints well again. Cleaning it every few weeks keeps it so.",
        "The paper is the usual cause: the article shows which roll to use.",
        "A worn head on an old terminal: the Self-order Kiosk K5 replaces it with a printer rated for ten years.",
        "A technician needs to look at it: a colleague takes over with what you found.",
    ],
};

const IT: Words = Words {
    name: "Scontrini sbiaditi sul POS Terminal",
    description: "Il terminale stampa scontrini chiari o a chiazze",
    locale: ArticleLocale::It,
    article_title: "Il POS Terminal T2 stampa scontrini sbiaditi",
    faded: ("Gli scontrini sono sbiaditi o a chiazze, e non del tutto bianchi?", "Sbiaditi o a chiazze", "Non stampa nulla"),
    paper: ("Il rotolo è di carta termica da 57 mm, con il lato lucido verso la testina?", "Sì", "No, o non so"),
    clean: "Spegnete il terminale, aprite il coperchio e pulite la testina termica con la penna di pulizia. Poi stampate uno scontrino di prova.",
    clear: ("Lo scontrino di prova ora è nitido?", "Sì, è nitido", "Ancora sbiadito", "Pulisco di nuovo"),
    old: ("Il terminale ha più di cinque anni?", "Sì", "No"),
    ends: [
        "La testina era sporca: ora stampa bene. Pulirla ogni qualche settimana la mantiene così.",
        "La causa abituale è la carta: l'articolo indica quale rotolo usare.",
        "Testina usurata su un terminale datato: il Self-order Kiosk K5 lo sostituisce con una stampante garantita dieci anni.",
        "Serve un tecnico: un collega prosegue con quello che avete verificato.",
    ],
};

fn answer(key: &str, label: &str, next: &str) -> ScriptAnswerInput {
    ScriptAnswerInput { key: Some(key.into()), label: label.into(), next: next.into(), loops_back: false }
}

fn node(key: &str, kind: ScriptNodeKind, text: &str, answers: Vec<ScriptAnswerInput>) -> ScriptNodeInput {
    ScriptNodeInput { key: key.into(), kind, text: text.into(), answers, ending: None, article_id: None, product_id: None, queue_id: None }
}

fn end(key: &str, text: &str, ending: ScriptEnding) -> ScriptNodeInput {
    ScriptNodeInput { ending: Some(ending), ..node(key, ScriptNodeKind::End, text, Vec::new()) }
}

fn tree(w: &Words, article: Uuid, kiosk: Uuid) -> ScriptTreeInput {
    use ScriptNodeKind::{Question, Statement};
    let again = ScriptAnswerInput { loops_back: true, ..answer("again", w.clear.3, "clean") };
    ScriptTreeInput {
        start: "faded".into(),
        nodes: vec![
            node("faded", Question, w.faded.0, vec![answer("faded", w.faded.1, "paper"), answer("blank", w.faded.2, "technician")]),
            node("paper", Question, w.paper.0, vec![answer("yes", w.paper.1, "clean"), answer("no", w.paper.2, "article")]),
            node("clean", Statement, w.clean, vec![answer("done", "", "clear")]),
            node("clear", Question, w.clear.0, vec![answer("yes", w.clear.1, "fixed"), answer("no", w.clear.2, "old"), again]),
            node("old", Question, w.old.0, vec![answer("yes", w.old.1, "kiosk"), answer("no", w.old.2, "technician")]),
            end("fixed", w.ends[0], ScriptEnding::Resolution),
            ScriptNodeInput { article_id: Some(ID(article.to_string())), ..end("article", w.ends[1], ScriptEnding::Article) },
            ScriptNodeInput { product_id: Some(ID(kiosk.to_string())), ..end("kiosk", w.ends[2], ScriptEnding::Offer) },
            end("technician", w.ends[3], ScriptEnding::HandOff),
        ],
    }
}

/// The paths the demo's runs take: (node, answer) until an end, or until left.
const PATHS: &[&[(&str, Option<&str>)]] = &[
    &[("faded", Some("faded")), ("paper", Some("no"))],
    &[("faded", Some("faded")), ("paper", Some("yes")), ("clean", None), ("clear", Some("yes"))],
    &[("faded", Some("faded")), ("paper", Some("yes")), ("clean", None), ("clear", Some("again")), ("clean", None), ("clear", Some("yes"))],
    &[("faded", Some("faded")), ("paper", Some("yes")), ("clean", None), ("clear", Some("no")), ("old", Some("yes"))],
    &[("faded", Some("blank"))],
    &[("faded", Some("faded")), ("paper", Some("yes"))],
];

/// Seeds the scripts and their runs; returns how many runs.
pub async fn seed(
    ctx: &AppContext,
    agent: &user::Model,
    lead: &user::Model,
    portal_user: &user::Model,
    portal_customer: Uuid,
) -> anyhow::Result<usize> {
    let keeper = staff(lead, StaffRole::ServiceManager);
    let kiosk = product_with_sku(&ctx.db.read, "POS-KIOSK", None).await.map_err(app)?.ok_or_else(|| anyhow::anyhow!("no kiosk"))?.id;
    let mut english = None;
    for words in [&EN, &IT] {
        let article = kb_article::Entity::find()
            .filter(kb_article::Column::Title.eq(words.article_title))
            .one(&ctx.db.read)
            .await?
            .ok_or_else(|| anyhow::anyhow!("no article \"{}\"", words.article_title))?;
        let input = CreateCallScriptInput {
            name: words.name.into(),
            description: words.description.into(),
            locale: words.locale,
            self_service: true,
            tree: tree(words, article.id, kiosk),
        };
        let created = scripts::create(ctx, &keeper, input).await.map_err(app)?;
        let published = scripts::publish(ctx, &keeper, PublishCallScriptInput { id: ID(created.id.to_string()), version: created.version })
            .await
            .map_err(app)?;
        if words.locale == ArticleLocale::En {
            english = Some((published.into_inner(), article.id));
        }
    }
    let Some((script, article)) = english else { anyhow::bail!("no English script") };
    let now = ctx.clock.now();
    let mut count = 0;
    // Davide's runs on open tickets, a week back, then the customer's chats.
    let desk = staff(agent, StaffRole::ServiceAgent);
    let open = TicketFilter {
        statuses: Some(vec![TicketStatus::New, TicketStatus::Open, TicketStatus::PendingCustomer]),
        ..TicketFilter::default()
    };
    let (tickets, _) = crm_service::tickets::list(ctx, &desk, &open, TicketOrder::default(), &PageRequest::first(PATHS.len() as u64))
        .await
        .map_err(app)?;
    for (i, (_, ticket)) in tickets.rows.iter().enumerate() {
        let started = now - Duration::days(7) + Duration::hours(i as i64 * 5);
        run(ctx, &desk, &script.id, Some(ticket.id), PATHS[i % PATHS.len()], started).await?;
        count += 1;
    }
    let customer = caller(Principal::Customer { user_id: portal_user.id, email: portal_user.email.clone(), customer_id: portal_customer });
    for (i, path) in PATHS.iter().take(4).enumerate() {
        run(ctx, &customer, &script.id, None, path, now - Duration::days(3) + Duration::hours(i as i64 * 7)).await?;
        count += 1;
    }
    // Version 2: the paper question names the part number customers asked for.
    let mut second = tree(&EN, article, kiosk);
    second.nodes[1].text = "Is the roll thermal paper, 57 mm (TP-57-40), with the shiny side facing the head?".into();
    let current = scripts::find(&ctx.db.read, &crm_scripts::access::ScriptScope::of(&keeper.principal).map_err(app)?, script.id)
        .await
        .map_err(app)?
        .ok_or_else(|| anyhow::anyhow!("the script vanished"))?;
    let update = UpdateCallScriptInput {
        id: ID(script.id.to_string()),
        version: current.version,
        name: None,
        description: None,
        locale: None,
        self_service: None,
        tree: Some(second),
    };
    let updated = scripts::update(ctx, &keeper, update).await.map_err(app)?;
    scripts::publish(ctx, &keeper, PublishCallScriptInput { id: ID(script.id.to_string()), version: updated.version })
        .await
        .map_err(app)?;
    Ok(count)
}

/// One run along `path`, its steps a minute apart from `started`.
async fn run(
    ctx: &AppContext,
    who: &Caller,
    script: &Uuid,
    ticket: Option<Uuid>,
    path: &[(&str, Option<&str>)],
    started: chrono::DateTime<Utc>,
) -> anyhow::Result<()> {
    let input = StartScriptRunInput { script_id: ID(script.to_string()), call_id: None, ticket_id: ticket.map(|t| ID(t.to_string())) };
    let run = runs::start(&at(ctx, started), who, input).await.map_err(app)?;
    for (minute, (node, answer)) in path.iter().enumerate() {
        let input = AnswerScriptRunInput { run_id: ID(run.id.to_string()), node: (*node).into(), answer: answer.map(str::to_owned) };
        runs::answer(&at(ctx, started + Duration::minutes(minute as i64 + 1)), who, input).await.map_err(app)?;
    }
    Ok(())
}
