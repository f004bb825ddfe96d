//! The demo's knowledge base, through the knowledge base's own functions: categories, and
//! articles on the catalog's products and the desk's frequent questions, in English with
//! their Italian variants, for customers, partners and staff; written by the agent,
//! published by the service manager (one article twice, so it has a history), one left as a
//! draft; the portal customer's vote and comment.

use super::app;
use crate::seed::notes::{caller, staff};
use crm_core::context::AppContext;
use crm_core::principal::{Caller, Principal, StaffRole};
use crm_identity::entity::user;
use crm_knowledge::domain::{ArticleLocale, ArticleVisibility};
use crm_knowledge::inputs::{ArticleStepInput, CreateArticleInput, CreateKnowledgeCategoryInput, UpdateArticleInput, VoteArticleInput};
use crm_knowledge::{articles, categories, feedback};
use crm_sales::catalog::repo::product_with_sku;
use uuid::Uuid;

/// One article: its category, product, readers, and its English and Italian text.
struct Article {
    category: &'static str,
    product: Option<&'static str>,
    visibility: ArticleVisibility,
    tags: &'static [&'static str],
    en: (&'static str, &'static str),
    it: Option<(&'static str, &'static str)>,
}

const ARTICLES: &[Article] = &[
    Article {
        category: "Retail hardware",
        product: Some("POS-TERMINAL"),
        visibility: ArticleVisibility::Public,
        tags: &["printing", "receipts"],
        en: (
            "The POS Terminal T2 prints faded receipts",
            "Faded or patchy receipts almost always mean the thermal head is dirty or the paper roll is \
             the wrong type.\n\n## What to do\n\n1. Switch the terminal off and open the printer cover.\n\
             2. Wipe the thermal head with the cleaning pen supplied, or a cotton swab with isopropyl alcohol.\n\
             3. Check that the roll is **thermal paper, 57 mm**, with the shiny side facing the head.\n\
             4. Print a test receipt from *Settings → Printer → Test*.\n\nIf the receipts are still faded, the head \
             is worn: open a ticket and we will send a technician.",
        ),
        it: Some((
            "Il POS Terminal T2 stampa scontrini sbiaditi",
            "Scontrini sbiaditi o a chiazze indicano quasi sempre che la testina termica è sporca o che il \
             rotolo di carta non è del tipo giusto.\n\n## Cosa fare\n\n1. Spegnete il terminale e aprite il \
             coperchio della stampante.\n2. Pulite la testina termica con la penna di pulizia in dotazione o con \
             un cotton fioc e alcol isopropilico.\n3. Verificate che il rotolo sia di **carta termica da 57 mm**, \
             con il lato lucido verso la testina.\n4. Stampate uno scontrino di prova da *Impostazioni → Stampante \
             → Prova*.\n\nSe gli scontrini restano sbiaditi, la testina è usurata: aprite un ticket e vi \
             manderemo un tecnico.",
        )),
    },
    Article {
        category: "Billing",
        product: None,
        visibility: ArticleVisibility::Public,
        tags: &["invoices", "vat"],
        en: (
            "Getting an invoice reissued with a corrected VAT number",
            "When your company's VAT number or address changes, send us the new details from your portal \
             (*Company profile*) and open a ticket in the **Billing** category naming the invoices to \
             reissue. We cancel them with a credit note and issue new ones within two working days; both \
             appear in your portal.",
        ),
        it: Some((
            "Riemissione di una fattura con la partita IVA corretta",
            "Quando la partita IVA o l'indirizzo della vostra azienda cambiano, inviateci i nuovi dati dal \
             portale (*Profilo aziendale*) e aprite un ticket nella categoria **Fatturazione** indicando le \
             fatture da riemettere. Le annulliamo con una nota di credito e ne emettiamo di nuove entro due \
             giorni lavorativi; entrambe compaiono nel vostro portale.",
        )),
    },
    Article {
        category: "Cloud ERP",
        product: Some("ERP-STARTER"),
        visibility: ArticleVisibility::Public,
        tags: &["accounts", "password"],
        en: (
            "Resetting a user's password in Cloud ERP",
            "An administrator of your Cloud ERP resets any user's password from *Administration → Users*: \
             choose the user, then **Send reset link**. The link is valid for one hour. A user who is locked \
             out after five failed attempts is unlocked by the same action.",
        ),
        it: Some((
            "Reimpostare la password di un utente in Cloud ERP",
            "Un amministratore del vostro Cloud ERP reimposta la password di qualsiasi utente da \
             *Amministrazione → Utenti*: scegliete l'utente, poi **Invia link di reimpostazione**. Il link \
             vale un'ora. Un utente bloccato dopo cinque tentativi falliti viene sbloccato dalla stessa azione.",
        )),
    },
    Article {
        category: "Deliveries",
        product: None,
        visibility: ArticleVisibility::Public,
        tags: &["delivery", "courier"],
        en: (
            "A delivery arrived incomplete",
            "Check the delivery note first: large orders may ship in several parcels on different days. If a \
             parcel listed on the note is missing, write it on the courier's receipt and open a ticket within \
             **eight days** with the order number; we open the claim with the carrier and ship the missing \
             goods at once.",
        ),
        it: Some((
            "Una consegna è arrivata incompleta",
            "Controllate prima il documento di trasporto: gli ordini grandi possono partire in più colli in \
             giorni diversi. Se manca un collo indicato nel documento, annotatelo sulla ricevuta del corriere \
             e aprite un ticket entro **otto giorni** con il numero d'ordine; apriamo noi la pratica con il \
             vettore e spediamo subito la merce mancante.",
        )),
    },
    Article {
        category: "Partners",
        product: None,
        visibility: ArticleVisibility::Partners,
        tags: &["discounts", "quotes"],
        en: (
            "Reseller discounts and registering a deal",
            "Register each opportunity in the portal before quoting it: a registered deal is protected for 90 \
             days. Your discount level (5 % by default) applies to the list price; a larger discount needs our \
             sales manager's approval, asked from the quote itself.",
        ),
        it: None,
    },
    Article {
        category: "Cloud ERP",
        product: Some("ERP-BUSINESS"),
        visibility: ArticleVisibility::Internal,
        tags: &["escalation", "erp"],
        en: (
            "Escalating an order the ERP rejected",
            "When an order's ERP status is *rejected*, read the ERP's message on the order page. Price or VAT \
             mismatches go to the billing queue; anything else to the ERP team with the order number and the \
             delivery id shown in the order's history. Do not promise the customer a date before the ERP team \
             answers.",
        ),
        it: None,
    },
];

/// Writes the demo knowledge base; returns how many article variants.
pub async fn seed(
    ctx: &AppContext,
    agent: &user::Model,
    lead: &user::Model,
    portal_user: &user::Model,
    portal_customer: Uuid,
) -> anyhow::Result<usize> {
    let writer = staff(agent, StaffRole::ServiceAgent);
    let publisher = staff(lead, StaffRole::ServiceManager);
    let mut category_ids: Vec<(&str, Uuid)> = Vec::new();
    for article in ARTICLES {
        if !category_ids.iter().any(|(name, _)| *name == article.category) {
            let input = CreateKnowledgeCategoryInput { name: article.category.into() };
            category_ids.push((article.category, categories::create(ctx, &publisher, input).await.map_err(app)?.id));
        }
    }
    let mut written = 0;
    let mut first_public = None;
    for article in ARTICLES {
        let category = category_ids.iter().find(|(name, _)| *name == article.category).map(|(_, id)| id_of(*id));
        let product = match article.product {
            Some(sku) => product_with_sku(&ctx.db.read, sku, None).await.map_err(app)?.map(|p| id_of(p.id)),
            None => None,
        };
        let input = |locale, (title, body): (&str, &str), translation_of: Option<Uuid>| CreateArticleInput {
            locale,
            title: title.into(),
            body: body.into(),
            visibility: Some(article.visibility),
            category_id: category.clone(),
            product_id: product.clone(),
            offer_product_id: None,
            tags: article.tags.iter().map(|t| (*t).to_owned()).collect(),
            translation_of: translation_of.map(id_of),
        };
        let english = publish(ctx, &writer, &publisher, input(ArticleLocale::En, article.en, None)).await?;
        written += 1;
        if let Some(italian) = article.it {
            publish(ctx, &writer, &publisher, input(ArticleLocale::It, italian, Some(english))).await?;
            written += 1;
        }
        if first_public.is_none() && article.visibility == ArticleVisibility::Public {
            first_public = Some(english);
        }
    }
    let Some(receipts) = first_public else { anyhow::bail!("the demo knowledge base has no public article") };
    // A second version: the desk added the paper's part number after customers asked.
    let current = articles::find(&ctx.db.read, &crm_knowledge::access::KnowledgeScope::of(&writer.principal).map_err(app)?, receipts)
        .await
        .map_err(app)?
        .ok_or_else(|| anyhow::anyhow!("the receipts article vanished"))?;
    let body = format!("{}\n\nThe right paper is sold as **TP-57-40** (a box of 50 rolls).", current.body);
    let edited = articles::update(
        ctx,
        &writer,
        UpdateArticleInput {
            id: id_of(receipts),
            version: current.version,
            title: None,
            body: Some(body),
            visibility: None,
            category_id: None,
            product_id: None,
            offer_product_id: None,
            tags: None,
        },
    )
    .await
    .map_err(app)?;
    articles::publish(ctx, &publisher, ArticleStepInput { id: id_of(receipts), version: edited.version }).await.map_err(app)?;
    // A draft still being written.
    let draft = CreateArticleInput {
        locale: ArticleLocale::En,
        title: "Importing contacts into CRM Essentials from a spreadsheet".into(),
        body: "Export the sheet as CSV (UTF-8), then *Contacts → Import*. Columns…".into(),
        visibility: Some(ArticleVisibility::Public),
        category_id: None,
        product_id: None,
        offer_product_id: None,
        tags: vec!["import".into()],
        translation_of: None,
    };
    articles::create(ctx, &writer, draft).await.map_err(app)?;
    written += 1;
    // The portal customer's verdict.
    let customer = caller(Principal::Customer { user_id: portal_user.id, email: portal_user.email.clone(), customer_id: portal_customer });
    let vote = VoteArticleInput { article_id: id_of(receipts), helpful: true, comment: Some("Cleaning the head fixed it, thanks.".into()) };
    feedback::vote(ctx, &customer, vote).await.map_err(app)?;
    Ok(written)
}

/// Writes a draft as the agent and publishes it as the manager; returns its id.
async fn publish(ctx: &AppContext, writer: &Caller, publisher: &Caller, input: CreateArticleInput) -> anyhow::Result<Uuid> {
    let draft = articles::create(ctx, writer, input).await.map_err(app)?;
    articles::publish(ctx, publisher, ArticleStepInput { id: id_of(draft.id), version: draft.version }).await.map_err(app)?;
    Ok(draft.id)
}

fn id_of(uuid: Uuid) -> async_graphql::ID {
    async_graphql::ID(uuid.to_string())
}
