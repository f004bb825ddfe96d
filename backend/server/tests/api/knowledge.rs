//! The knowledge base: articles written by the desk and published by its managers, read by
//! each principal as far as its visibility allows (drafts and working copies by the desk
//! only), searched with stems, folded accents, title weight and snippets on both databases,
//! versions, votes and the product offered; drafted from tickets, linked to them, suggested
//! while a ticket is written, and the deflection those suggestions bring.

use crate::db_test;
use crate::helpers::{code, ok, TestApp, TestUser};
use chrono::Duration;
use crm_core::principal::Principal;
use crm_identity::domain::StaffRole;
use crm_knowledge::access::KnowledgeScope;
use crm_knowledge::{articles, feedback, search};
use serde_json::{json, Value};

const ARTICLE: &str = "id title body bodyHtml status visibility locale version publishedRevision draftTitle \
    hasUnpublishedChanges tags helpfulVotes unhelpfulVotes myVote category { name } product { name } offer { name } \
    translations { locale title } revisions { revision title } comments { helpful comment }";

async fn create(app: &TestApp, user: &TestUser, input: Value) -> Value {
    app.gql(
        Some(&user.token),
        &format!("mutation($i: CreateArticleInput!) {{ createKnowledgeArticle(input: $i) {{ article {{ {ARTICLE} }} }} }}"),
        json!({"i": input}),
    )
    .await
}

async fn step(app: &TestApp, user: &TestUser, mutation: &str, article: &Value) -> Value {
    app.gql(
        Some(&user.token),
        &format!("mutation($i: ArticleStepInput!) {{ {mutation}(input: $i) {{ article {{ {ARTICLE} }} }} }}"),
        json!({"i": {"id": article["id"], "version": article["version"]}}),
    )
    .await
}

async fn published(app: &TestApp, manager: &TestUser, author: &TestUser, input: Value) -> Value {
    let res = create(app, author, input).await;
    let draft = ok(&res)["createKnowledgeArticle"]["article"].clone();
    let res = step(app, manager, "publishKnowledgeArticle", &draft).await;
    ok(&res)["publishKnowledgeArticle"]["article"].clone()
}

async fn read(app: &TestApp, user: &TestUser, id: &Value) -> Option<Value> {
    let res =
        app.gql(Some(&user.token), &format!("query($id: ID!) {{ knowledgeArticle(id: $id) {{ {ARTICLE} }} }}"), json!({"id": id})).await;
    if res["errors"][0]["extensions"]["code"] == "NOT_FOUND" {
        return None;
    }
    Some(ok(&res)["knowledgeArticle"].clone())
}

/// Titles of what `user` finds for `text`, best first, with the first snippet.
async fn found(app: &TestApp, user: &TestUser, text: &str, extra: Value) -> (Vec<String>, String) {
    let query = "query($t: String!, $f: ArticleSearchFilter, $typed: Boolean = false) { \
        knowledgeSearch(text: $t, filter: $f, asTyped: $typed) { article { title } snippet } }";
    let mut variables = json!({"t": text});
    variables.as_object_mut().unwrap().extend(extra.as_object().unwrap().clone());
    let res = app.gql(Some(&user.token), query, variables).await;
    let hits = ok(&res)["knowledgeSearch"].as_array().unwrap().clone();
    let titles = hits.iter().map(|h| h["article"]["title"].as_str().unwrap().to_owned()).collect();
    (titles, hits.first().map(|h| h["snippet"].as_str().unwrap().to_owned()).unwrap_or_default())
}

async fn total(app: &TestApp, user: &TestUser) -> i64 {
    ok(&app.gql(Some(&user.token), "query { knowledgeArticles { totalCount } }", json!({})).await)["knowledgeArticles"]["totalCount"]
        .as_i64()
        .unwrap()
}

async fn the_knowledge_base_is_written_published_searched_and_read_as_far_as_each_principal_may(app: TestApp) {
    let admin = app.staff("admin@example.com", StaffRole::Admin).await;
    let manager = app.staff("lead@example.com", StaffRole::ServiceManager).await;
    let agent = app.staff("agent@example.com", StaffRole::ServiceAgent).await;
    let rep = app.staff("rep@example.com", StaffRole::SalesRep).await;
    let partner_id = app.partner_org(&admin, "Alpina").await;
    let seller = app.partner_user("seller@alpina.example", &partner_id).await;
    let customer = app.customer(&admin, json!({"name": "Rossi SpA"})).await;
    let buyer = app.customer_user("buyer@rossi.example", customer["id"].as_str().unwrap()).await;
    let product = "mutation($i: CreateProductInput!) { createProduct(input: $i) { product { id } } }";
    let old = ok(&app
        .gql(Some(&admin.token), product, json!({"i": {"sku": "L200", "name": "Laser 200", "family": "Laser", "tier": 1, "unit": "PIECE"}}))
        .await)["createProduct"]["product"]["id"]
        .clone();
    ok(&app
        .gql(Some(&admin.token), product, json!({"i": {"sku": "L300", "name": "Laser 300", "family": "Laser", "tier": 2, "unit": "PIECE"}}))
        .await);

    // Categories are the managers'; drafts are the desk's, validated.
    let category = "mutation($i: CreateKnowledgeCategoryInput!) { createKnowledgeCategory(input: $i) { category { id } } }";
    assert_eq!(code(&app.gql(Some(&agent.token), category, json!({"i": {"name": "Printers"}})).await), "FORBIDDEN");
    let printers = ok(&app.gql(Some(&manager.token), category, json!({"i": {"name": "Printers"}})).await)["createKnowledgeCategory"]
        ["category"]["id"]
        .clone();
    assert_eq!(code(&app.gql(Some(&manager.token), category, json!({"i": {"name": "Printers"}})).await), "CONFLICT");
    let res = create(&app, &rep, json!({"locale": "EN", "title": "x", "body": "y"})).await;
    assert_eq!(code(&res), "FORBIDDEN", "{res}");
    let res = create(&app, &agent, json!({"locale": "EN", "title": " ", "body": "y"})).await;
    assert_eq!(res["errors"][0]["extensions"]["field"], "title", "{res}");
    let res = create(&app, &agent, json!({"locale": "EN", "title": "x", "body": "y", "tags": ["a,b"]})).await;
    assert_eq!(res["errors"][0]["extensions"]["field"], "tags.0", "{res}");

    let faded = json!({
        "locale": "EN", "visibility": "PUBLIC", "categoryId": printers, "productId": old, "tags": ["Quality", "laser"],
        "title": "Faded pages on the Laser 200",
        "body": "If your printer prints faded pages, as Mr Müller's did, shake the <b>toner</b> cartridge.\n\n1. Open the cover\n2. Shake it",
    });
    let res = create(&app, &agent, faded).await;
    let draft = ok(&res)["createKnowledgeArticle"]["article"].clone();
    assert_eq!((draft["status"].as_str(), draft["tags"].clone()), (Some("DRAFT"), json!(["quality", "laser"])));
    assert_eq!(code(&step(&app, &agent, "publishKnowledgeArticle", &draft).await), "FORBIDDEN", "agents do not publish");
    let res = step(&app, &manager, "publishKnowledgeArticle", &draft).await;
    let faded = ok(&res)["publishKnowledgeArticle"]["article"].clone();
    assert_eq!((faded["status"].as_str(), faded["publishedRevision"].as_i64()), (Some("PUBLISHED"), Some(1)));
    assert!(faded["bodyHtml"].as_str().unwrap().contains("&lt;b&gt;toner&lt;/b&gt;"), "HTML is shown as text: {faded}");
    assert_eq!(code(&step(&app, &manager, "publishKnowledgeArticle", &faded).await), "BAD_USER_INPUT", "nothing new to publish");
    let italian = json!({"locale": "IT", "translationOf": faded["id"], "title": "Pagine sbiadite sulla Laser 200",
        "body": "Se le stampanti stampano pagine sbiadite, agitate la cartuccia del toner."});
    let italian = published(&app, &manager, &agent, italian).await;
    assert_eq!(
        (italian["visibility"].as_str(), italian["category"]["name"].as_str()),
        (Some("PUBLIC"), Some("Printers")),
        "a translation takes the original's facts"
    );
    let res = create(&app, &agent, json!({"locale": "IT", "translationOf": faded["id"], "title": "Doppione", "body": "x"})).await;
    assert_eq!((code(&res), res["errors"][0]["extensions"]["field"].as_str()), ("CONFLICT", Some("locale")), "{res}");
    published(
        &app,
        &manager,
        &agent,
        json!({"locale": "EN", "visibility": "PUBLIC", "title": "Toner cartridges: which one fits",
        "body": "Every model takes its own cartridge."}),
    )
    .await;
    published(
        &app,
        &manager,
        &agent,
        json!({"locale": "EN", "visibility": "PARTNERS", "title": "Reseller price list for printers",
        "body": "Partners order toner at the reseller price."}),
    )
    .await;
    let internal = published(
        &app,
        &manager,
        &agent,
        json!({"locale": "EN", "visibility": "INTERNAL", "title": "Known firmware bug",
        "body": "Firmware 2.1 prints faded pages; do not tell customers before the fix."}),
    )
    .await;
    let res = create(&app, &agent, json!({"locale": "EN", "visibility": "PUBLIC", "title": "Unfinished", "body": "toner notes"})).await;
    let unfinished = ok(&res)["createKnowledgeArticle"]["article"].clone();

    // Who reads what: customers PUBLIC, partners also PARTNERS, staff also INTERNAL, the desk
    // also drafts; working copies, versions and comments are the desk's.
    assert_eq!(total(&app, &buyer).await, 3);
    assert_eq!(total(&app, &seller).await, 4);
    assert_eq!(total(&app, &rep).await, 5);
    assert_eq!(total(&app, &agent).await, 6);
    assert!(read(&app, &buyer, &unfinished["id"]).await.is_none());
    assert!(read(&app, &buyer, &internal["id"]).await.is_none());
    let as_buyer = read(&app, &buyer, &faded["id"]).await.unwrap();
    assert_eq!(
        (as_buyer["draftTitle"].clone(), as_buyer["revisions"].clone(), as_buyer["comments"].clone()),
        (Value::Null, Value::Null, Value::Null)
    );
    assert_eq!(as_buyer["translations"], json!([{"locale": "IT", "title": "Pagine sbiadite sulla Laser 200"}]));
    assert_eq!(as_buyer["offer"]["name"], "Laser 300", "the next tier of the product the article is about");
    assert_eq!(as_buyer["product"]["name"], "Laser 200", "a customer reads the product an article is about");

    // Search: stems, folded accents, every word, title first, snippets with the words marked,
    // visibility respected.
    let (titles, snippet) = found(&app, &buyer, "printing", json!({})).await;
    assert_eq!(titles, ["Faded pages on the Laser 200"], "printing finds prints; the INTERNAL one is not the buyer's");
    assert!(snippet.contains("<mark>prints</mark>") && snippet.contains("&lt;b&gt;"), "{snippet}");
    assert_eq!(found(&app, &buyer, "MULLER", json!({})).await.0, ["Faded pages on the Laser 200"]);
    assert_eq!(found(&app, &buyer, "stampanti sbiadite", json!({})).await.0, ["Pagine sbiadite sulla Laser 200"]);
    assert_eq!(found(&app, &buyer, "stampan", json!({"typed": true})).await.0, ["Pagine sbiadite sulla Laser 200"]);
    assert!(found(&app, &buyer, "stampan", json!({})).await.0.is_empty(), "a finished word matches whole");
    assert!(found(&app, &buyer, "toner firmware", json!({})).await.0.is_empty(), "every word must match");
    let (toner, _) = found(&app, &buyer, "toner", json!({"f": {"locale": "EN"}})).await;
    assert_eq!(toner, ["Toner cartridges: which one fits", "Faded pages on the Laser 200"], "the word in the title ranks first");
    assert_eq!(found(&app, &seller, "toner", json!({"f": {"locale": "EN"}})).await.0.len(), 3, "partners find PARTNERS articles");
    assert_eq!(found(&app, &rep, "faded", json!({})).await.0.len(), 2, "staff find INTERNAL ones");
    assert_eq!(found(&app, &agent, "unfinished", json!({})).await.0.len(), 0, "drafts are not answers yet");
    let long = "word ".repeat(50);
    assert_eq!(
        code(&app.gql(Some(&buyer.token), "query($t: String!) { knowledgeSearch(text: $t) { snippet } }", json!({"t": long})).await),
        "BAD_USER_INPUT"
    );

    // A new version: readers keep the published one until it is published.
    let update = format!("mutation($i: UpdateArticleInput!) {{ updateKnowledgeArticle(input: $i) {{ article {{ {ARTICLE} }} }} }}");
    let res = app
        .gql(
            Some(&agent.token),
            &update,
            json!({"i": {"id": faded["id"], "version": faded["version"],
        "title": "Faint pages on the Laser 200", "body": "Replace the drum unit."}}),
        )
        .await;
    let edited = ok(&res)["updateKnowledgeArticle"]["article"].clone();
    assert_eq!(
        (edited["title"].as_str(), edited["draftTitle"].as_str(), edited["hasUnpublishedChanges"].as_bool()),
        (Some("Faded pages on the Laser 200"), Some("Faint pages on the Laser 200"), Some(true))
    );
    let stale = app.gql(Some(&agent.token), &update, json!({"i": {"id": faded["id"], "version": faded["version"], "title": "Lost"}})).await;
    assert_eq!(code(&stale), "CONFLICT");
    assert_eq!(read(&app, &buyer, &faded["id"]).await.unwrap()["title"], "Faded pages on the Laser 200");
    assert_eq!(found(&app, &buyer, "drum", json!({})).await.0.len(), 0);
    let res = step(&app, &manager, "publishKnowledgeArticle", &edited).await;
    let republished = ok(&res)["publishKnowledgeArticle"]["article"].clone();
    assert_eq!(
        republished["revisions"],
        json!([{"revision": 2, "title": "Faint pages on the Laser 200"}, {"revision": 1, "title": "Faded pages on the Laser 200"}])
    );
    assert_eq!(found(&app, &buyer, "drum", json!({})).await.0, ["Faint pages on the Laser 200"]);
    assert!(found(&app, &buyer, "muller", json!({})).await.0.is_empty(), "the old words left the index");

    // Votes: one per reader, changed at will; comments reach the desk only; keys do not vote.
    let vote = "mutation($i: VoteArticleInput!) { voteKnowledgeArticle(input: $i) { article { helpfulVotes unhelpfulVotes myVote } } }";
    let res = app.gql(Some(&buyer.token), vote, json!({"i": {"articleId": faded["id"], "helpful": true}})).await;
    assert_eq!(ok(&res)["voteKnowledgeArticle"]["article"], json!({"helpfulVotes": 1, "unhelpfulVotes": 0, "myVote": true}));
    let res = app
        .gql(Some(&buyer.token), vote, json!({"i": {"articleId": faded["id"], "helpful": false, "comment": "My model has no drum"}}))
        .await;
    assert_eq!(ok(&res)["voteKnowledgeArticle"]["article"], json!({"helpfulVotes": 0, "unhelpfulVotes": 1, "myVote": false}));
    ok(&app.gql(Some(&seller.token), vote, json!({"i": {"articleId": faded["id"], "helpful": true}})).await);
    let res = app.gql(Some(&buyer.token), vote, json!({"i": {"articleId": internal["id"], "helpful": true}})).await;
    assert_eq!(res["errors"][0]["extensions"]["field"], "articleId", "a customer cannot vote on what it cannot read: {res}");
    let as_desk = read(&app, &agent, &faded["id"]).await.unwrap();
    assert_eq!(as_desk["comments"], json!([{"helpful": false, "comment": "My model has no drum"}]));
    assert_eq!((as_desk["helpfulVotes"].as_i64(), as_desk["unhelpfulVotes"].as_i64()), (Some(1), Some(1)));
    let key = "mutation($i: CreateApiKeyInput!) { createApiKey(input: $i) { secret } }";
    let key = ok(&app.gql(Some(&admin.token), key, json!({"i": {"name": "Help centre", "scopes": ["SERVICE_READ"]}})).await)
        ["createApiKey"]["secret"]
        .as_str()
        .unwrap()
        .to_owned();
    let res = app.gql(Some(&key), "query { knowledgeArticles { totalCount } }", json!({})).await;
    assert_eq!(ok(&res)["knowledgeArticles"]["totalCount"], 4, "a service:read key reads PUBLIC and PARTNERS articles");
    let res = app.gql(Some(&key), vote, json!({"i": {"articleId": faded["id"], "helpful": true}})).await;
    assert_eq!(code(&res), "FORBIDDEN", "{res}");

    // Archived: out of readers' reach and out of search; the desk still reads it.
    let res = step(&app, &manager, "archiveKnowledgeArticle", &republished).await;
    assert_eq!(ok(&res)["archiveKnowledgeArticle"]["article"]["status"], "ARCHIVED");
    assert!(read(&app, &buyer, &faded["id"]).await.is_none());
    assert!(found(&app, &buyer, "drum", json!({})).await.0.is_empty());
    assert!(read(&app, &agent, &faded["id"]).await.is_some());
    let indexed = search::indexed_ids(&app.db.read).await.unwrap();
    assert_eq!(indexed.len(), 4, "the index holds the published articles only");
}
db_test!(the_knowledge_base_is_written_published_searched_and_read_as_far_as_each_principal_may);

async fn tickets_draft_articles_link_them_and_suggestions_measure_deflection(app: TestApp) {
    let admin = app.staff("admin@example.com", StaffRole::Admin).await;
    let manager = app.staff("lead@example.com", StaffRole::ServiceManager).await;
    let agent = app.staff("agent@example.com", StaffRole::ServiceAgent).await;
    let customer = app.customer(&admin, json!({"name": "Rossi SpA"})).await;
    let cid = customer["id"].as_str().unwrap();
    let buyer = app.customer_user("buyer@rossi.example", cid).await;
    let colleague = app.customer_user("colleague@rossi.example", cid).await;
    let queue = "mutation($i: CreateServiceQueueInput!) { createServiceQueue(input: $i) { queue { id } } }";
    ok(&app.gql(Some(&manager.token), queue, json!({"i": {"name": "Support", "memberIds": [agent.id]}})).await);

    let open = "mutation($i: OpenTicketInput!) { openTicket(input: $i) { ticket { id version } } }";
    let res = app
        .gql(Some(&buyer.token), open, json!({"i": {"subject": "Paper jam in tray 2", "description": "Tray 2 jams on every page."}}))
        .await;
    let ticket = ok(&res)["openTicket"]["ticket"]["id"].clone();
    let message = "mutation($i: AddTicketMessageInput!) { addTicketMessage(input: $i) { message { kind } } }";
    ok(&app
        .gql(Some(&agent.token), message, json!({"i": {"ticketId": ticket, "kind": "NOTE", "body": "Secret: the roller batch is faulty."}}))
        .await);
    ok(&app
        .gql(
            Some(&agent.token),
            message,
            json!({"i": {"ticketId": ticket, "body": "Open the rear cover and remove the torn sheet.", "status": "RESOLVED"}}),
        )
        .await);

    // The desk drafts an article from the ticket: question and resolution, never the notes.
    let draft = "mutation($i: DraftFromTicketInput!) { draftArticleFromTicket(input: $i) { article { id version title body status visibility sourceTicket { id } } } }";
    assert_eq!(code(&app.gql(Some(&buyer.token), draft, json!({"i": {"ticketId": ticket}})).await), "FORBIDDEN");
    let res = app.gql(Some(&agent.token), draft, json!({"i": {"ticketId": ticket}})).await;
    let article = ok(&res)["draftArticleFromTicket"]["article"].clone();
    assert_eq!(
        (article["title"].as_str(), article["status"].as_str(), article["visibility"].as_str()),
        (Some("Paper jam in tray 2"), Some("DRAFT"), Some("INTERNAL"))
    );
    assert_eq!(
        article["body"],
        "## Question\n\nTray 2 jams on every page.\n\n## Resolution\n\nOpen the rear cover and remove the torn sheet.\n"
    );
    assert_eq!(article["sourceTicket"]["id"], ticket);
    let articles = "query($id: ID!) { ticket(id: $id) { articles { id title } } }";
    let linked = |res: &Value| ok(res)["ticket"]["articles"].as_array().unwrap().len();
    assert_eq!(linked(&app.gql(Some(&agent.token), articles, json!({"id": ticket})).await), 1);
    assert_eq!(linked(&app.gql(Some(&buyer.token), articles, json!({"id": ticket})).await), 0, "a draft is not the customer's to read");

    // Published for everyone: the customer reads it on its ticket, and it is suggested.
    let update = "mutation($i: UpdateArticleInput!) { updateKnowledgeArticle(input: $i) { article { id version } } }";
    let res = app
        .gql(Some(&agent.token), update, json!({"i": {"id": article["id"], "version": article["version"], "visibility": "PUBLIC"}}))
        .await;
    let article = ok(&res)["updateKnowledgeArticle"]["article"].clone();
    let publish = "mutation($i: ArticleStepInput!) { publishKnowledgeArticle(input: $i) { article { id } } }";
    ok(&app.gql(Some(&manager.token), publish, json!({"i": {"id": article["id"], "version": article["version"]}})).await);
    assert_eq!(linked(&app.gql(Some(&buyer.token), articles, json!({"id": ticket})).await), 1);
    let link = "mutation($i: TicketArticleInput!) { linkTicketArticle(input: $i) { ticket { articles { id } } } }";
    assert_eq!(code(&app.gql(Some(&buyer.token), link, json!({"i": {"ticketId": ticket, "articleId": article["id"]}})).await), "FORBIDDEN");
    let res = app.gql(Some(&agent.token), link, json!({"i": {"ticketId": ticket, "articleId": article["id"]}})).await;
    assert_eq!(ok(&res)["linkTicketArticle"]["ticket"]["articles"].as_array().unwrap().len(), 1, "linking twice changes nothing");
    let unlink = "mutation($i: TicketArticleInput!) { unlinkTicketArticle(input: $i) { ticket { articles { id } } } }";
    let res = app.gql(Some(&agent.token), unlink, json!({"i": {"ticketId": ticket, "articleId": article["id"]}})).await;
    assert_eq!(ok(&res)["unlinkTicketArticle"]["ticket"]["articles"], json!([]));

    let suggest = "query($t: String!) { knowledgeSuggestions(text: $t) { article { id } snippet } }";
    let res = app.gql(Some(&colleague.token), suggest, json!({"t": "my printer jams in the tra"})).await;
    let suggestions = ok(&res)["knowledgeSuggestions"].as_array().unwrap().clone();
    assert_eq!(suggestions.len(), 1, "any word, the last one as typed: {res}");
    assert!(suggestions[0]["snippet"].as_str().unwrap().contains("<mark>Tray</mark>"), "{res}");

    // Deflection: the colleague opens the suggestion and writes no ticket; the buyer opens it
    // and writes one anyway.
    let opened = "mutation($i: ArticleOpenedInput!) { recordArticleOpened(input: $i) { article { id } } }";
    let opening = json!({"i": {"articleId": article["id"], "source": "TICKET_SUGGESTION"}});
    for user in [&colleague, &colleague, &buyer] {
        ok(&app.gql(Some(&user.token), opened, opening.clone()).await);
    }
    ok(&app.gql(Some(&buyer.token), open, json!({"i": {"subject": "Still jammed", "description": "Tray 2 again."}})).await);
    let figures = "query($id: ID!) { knowledgeArticle(id: $id) { deflection { suggestionOpens deflected pending rate } } }";
    let res = app.gql(Some(&agent.token), figures, json!({"id": article["id"]})).await;
    assert_eq!(
        ok(&res)["knowledgeArticle"]["deflection"],
        json!({"suggestionOpens": 2, "deflected": 0, "pending": 2, "rate": null}),
        "opening twice counts once"
    );
    let res = app.gql(Some(&buyer.token), figures, json!({"id": article["id"]})).await;
    assert_eq!(ok(&res)["knowledgeArticle"]["deflection"], Value::Null, "the figures are the desk's");
    // Half an hour later: the colleague's question was answered, the buyer's was not.
    let desk = KnowledgeScope::of(&Principal::System { label: "test" }).unwrap();
    let id = uuid::Uuid::parse_str(article["id"].as_str().unwrap()).unwrap();
    let visible = articles::find(&app.db.read, &desk, id).await.unwrap().unwrap();
    let later = crm_core::clock::Clock::now(&crm_core::clock::SystemClock) + Duration::minutes(31);
    let figures = feedback::deflection_of(&app.db.read, &[visible.key(|a| a.id)], later).await.unwrap();
    assert_eq!(figures[&id], feedback::Deflection { suggestion_opens: 2, deflected: 1, pending: 0 });
}
db_test!(tickets_draft_articles_link_them_and_suggestions_measure_deflection);
