//! An article's page. Readers read the published version (sanitised HTML from the server),
//! its other languages, say whether it helped (with a comment when it did not), and, when it
//! did, see the product it offers; a link opens a ticket when it did not. The desk also sees
//! its status, unpublished changes, versions, readers' comments and the tickets it saved, and
//! edits, publishes, archives or translates it.

use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::{use_params_map, use_query_map};

use crate::api::ops::knowledge_article_detail::{KnowledgeArticleDetailKnowledgeArticle, Variables};
use crate::api::ops::{
    archive_knowledge_article, publish_knowledge_article, record_article_opened, vote_knowledge_article, ArchiveKnowledgeArticle,
    ArticleLocale, ArticleOpenSource, ArticleStatus, KnowledgeArticleDetail, PrincipalKind, PublishKnowledgeArticle, RecordArticleOpened,
    VoteKnowledgeArticle,
};
use crate::api::{call, ApiError};
use crate::app::use_viewer;
use crate::components::{loaded, non_empty, ErrorBox};
use crate::format;
use crate::i18n::{tr, use_i18n};

#[component]
pub fn ArticlePage() -> impl IntoView {
    let params = use_params_map();
    let query = use_query_map();
    let id = move || params.with(|params| params.get("id").unwrap_or_default());
    let article = LocalResource::new(move || {
        let id = id();
        async move { call::<KnowledgeArticleDetail>(Variables { id }).await.map(|data| data.knowledge_article) }
    });
    // An article opened from a suggestion or a search counts for the deflection figures
    // (people outside the company: the desk's own reading says nothing about deflection).
    let source = query.with_untracked(|query| match query.get("from").as_deref() {
        Some("suggestion") => Some(ArticleOpenSource::TicketSuggestion),
        Some("search") => Some(ArticleOpenSource::Search),
        _ => None,
    });
    if let Some(source) = source.filter(|_| use_viewer().kind != PrincipalKind::Staff) {
        let input = record_article_opened::ArticleOpenedInput { article_id: id(), source };
        leptos::task::spawn_local(async move {
            // Counting is best effort: the article shows whatever happens to the count.
            let _ = call::<RecordArticleOpened>(record_article_opened::Variables { input }).await;
        });
    }
    let reload = Callback::new(move |()| article.refetch());
    view! {
        <div class="page article-page">
            <p class="breadcrumb">
                <A href="/knowledge">{tr(|t| t.knowledge().back_to_knowledge)}</A>
            </p>
            {move || loaded(article.get(), |article| view! { <Article article=article reload=reload /> }.into_any())}
        </div>
    }
}

#[component]
fn Article(article: KnowledgeArticleDetailKnowledgeArticle, reload: Callback<()>) -> impl IntoView {
    let i18n = use_i18n();
    let viewer = use_viewer();
    let desk = article.viewer_can_edit;
    let status = article.status;
    let published = status == ArticleStatus::Published;
    let product = article.product.clone().map(|p| p.name);
    let (updated, updated_at) = (article.updated_at.clone(), article.updated_at.clone());
    let translations = article
        .translations
        .iter()
        .map(|t| {
            let (href, locale, title) = (format!("/knowledge/{}", t.id), t.locale, t.title.clone());
            view! {
                <li>
                    <A href=href attr:lang=locale.as_api().to_lowercase()>{title}</A>
                    " ("
                    {move || (i18n.t().knowledge().locale_label)(locale)}
                    ")"
                </li>
            }
        })
        .collect_view();
    let has_translations = !article.translations.is_empty();
    let customer_side = matches!(viewer.kind, PrincipalKind::Customer | PrincipalKind::Partner);
    let ask = format!("/tickets/new?subject={}", js_sys::encode_uri_component(&article.title));
    view! {
        <article class="knowledge-article" aria-labelledby="article-title" lang=article.locale.as_api().to_lowercase() data-status=status.as_api()>
            <header class="page-header">
                <div>
                    <h1 id="article-title">{article.title.clone()}</h1>
                    <p class="subtitle">
                        {article.category.clone().map(|c| view! { <span class="badge">{c.name}</span> " " })}
                        {product.map(|name| view! { <span>{move || (i18n.t().knowledge().about_product)(&name)}</span> " · " })}
                        <time datetime=updated.clone()>{move || format::date(i18n.tag(), &updated_at)}</time>
                        {desk
                            .then(|| {
                                view! {
                                    " "
                                    <span class="badge article-status" id="article-status" data-status=status.as_api()>
                                        {move || (i18n.t().knowledge().status_label)(status)}
                                    </span>
                                    " "
                                    <span class="badge">{move || (i18n.t().knowledge().visibility_label)(article.visibility)}</span>
                                }
                            })}
                    </p>
                </div>
                {desk.then(|| view! { <DeskActions article=article.clone() reload=reload /> })}
            </header>
            <div class="sections">
                <section class="card article-body" inner_html=article.body_html.clone()></section>
                {has_translations
                    .then(|| {
                        view! {
                            <section class="card" aria-labelledby="translations-title">
                                <h2 id="translations-title">{tr(|t| t.knowledge().in_other_languages)}</h2>
                                <ul>{translations}</ul>
                            </section>
                        }
                    })}
                {published.then(|| view! { <Vote article=article.clone() /> })}
                {customer_side
                    .then(|| {
                        view! {
                            <p class="still-need-help">
                                {tr(|t| t.knowledge().still_need_help)}
                                " "
                                <A href=ask attr:id="ask-for-help">{tr(|t| t.knowledge().open_ticket)}</A>
                            </p>
                        }
                    })}
                {desk.then(|| view! { <DeskFacts article=article.clone() /> })}
            </div>
        </article>
    }
}

/// "Did it help?": a vote, a comment when it did not, and the offer when it did.
#[component]
fn Vote(article: KnowledgeArticleDetailKnowledgeArticle) -> impl IntoView {
    let vote = RwSignal::new(article.my_vote);
    let comment = RwSignal::new(String::new());
    let commented = RwSignal::new(false);
    let error = RwSignal::new(None::<ApiError>);
    let id = article.id.clone();
    let send = move |helpful: bool, comment: Option<String>| {
        let input = vote_knowledge_article::VoteArticleInput { article_id: id.clone(), helpful, comment };
        leptos::task::spawn_local(async move {
            match call::<VoteKnowledgeArticle>(vote_knowledge_article::Variables { input }).await {
                Ok(data) => {
                    vote.set(data.vote_knowledge_article.article.my_vote);
                    error.set(None);
                }
                Err(err) => error.set(Some(err)),
            }
        });
    };
    let (yes, no, submit) = (send.clone(), send.clone(), send);
    let offer = article.offer.clone();
    view! {
        <section class="card article-vote" aria-labelledby="vote-title">
            <h2 id="vote-title">{tr(|t| t.knowledge().was_it_helpful)}</h2>
            <div class="button-row">
                <button type="button" id="vote-yes" aria-pressed=move || (vote.get() == Some(true)).to_string() on:click=move |_| yes(true, None)>
                    {tr(|t| t.knowledge().yes)}
                </button>
                <button type="button" id="vote-no" aria-pressed=move || (vote.get() == Some(false)).to_string() on:click=move |_| no(false, None)>
                    {tr(|t| t.knowledge().no)}
                </button>
            </div>
            <ErrorBox error=error />
            <Show when=move || vote.get() == Some(true)>
                <p role="status">{tr(|t| t.knowledge().thanks)}</p>
                {offer
                    .clone()
                    .map(|offer| {
                        let i18n = use_i18n();
                        view! {
                            <aside class="offer" id="article-offer" aria-labelledby="offer-title">
                                <h3 id="offer-title">{tr(|t| t.knowledge().offer_title)}</h3>
                                <p>{move || (i18n.t().knowledge().offer_text)(&offer.name)}</p>
                                {offer.description.clone().map(|d| view! { <p class="hint">{d}</p> })}
                            </aside>
                        }
                    })}
            </Show>
            <Show when=move || vote.get() == Some(false)>
                {
                    let submit = submit.clone();
                    view! {
                        <form
                            class="vote-comment"
                            on:submit=move |ev: leptos::ev::SubmitEvent| {
                                ev.prevent_default();
                                submit(false, non_empty(comment.get_untracked()));
                                commented.set(true);
                            }
                        >
                            <div class="field">
                                <label for="vote-comment">{tr(|t| t.knowledge().what_was_missing)}</label>
                                <textarea id="vote-comment" rows="3" prop:value=move || comment.get() on:input=move |ev| comment.set(event_target_value(&ev))></textarea>
                            </div>
                            <button type="submit">{tr(|t| t.knowledge().send_comment)}</button>
                            <Show when=move || commented.get()>
                                <p role="status">{tr(|t| t.knowledge().sorry)}</p>
                            </Show>
                        </form>
                    }
                }
            </Show>
        </section>
    }
}

/// Edit, translate, publish, archive: the desk's buttons (publishing: admins and managers).
#[component]
fn DeskActions(article: KnowledgeArticleDetailKnowledgeArticle, reload: Callback<()>) -> impl IntoView {
    let error = RwSignal::new(None::<ApiError>);
    let busy = RwSignal::new(false);
    let (id, version) = (article.id.clone(), article.version);
    let step = move |publish: bool| {
        let input = (id.clone(), version);
        busy.set(true);
        leptos::task::spawn_local(async move {
            let result = if publish {
                let input = publish_knowledge_article::ArticleStepInput { id: input.0, version: input.1 };
                call::<PublishKnowledgeArticle>(publish_knowledge_article::Variables { input }).await.map(drop)
            } else {
                let input = archive_knowledge_article::ArticleStepInput { id: input.0, version: input.1 };
                call::<ArchiveKnowledgeArticle>(archive_knowledge_article::Variables { input }).await.map(drop)
            };
            busy.set(false);
            match result {
                Ok(()) => reload.run(()),
                Err(err) => error.set(Some(err)),
            }
        });
    };
    let (publish, archive) = (step.clone(), step);
    let publishable =
        article.viewer_can_publish && (article.status != ArticleStatus::Published || article.has_unpublished_changes == Some(true));
    let archivable = article.viewer_can_publish && article.status == ArticleStatus::Published;
    let other = match article.locale {
        ArticleLocale::En => ArticleLocale::It,
        ArticleLocale::It => ArticleLocale::En,
    };
    let translatable = !article.translations.iter().any(|t| t.locale == other);
    let translate = format!("/knowledge/new?translationOf={}&locale={}", article.id, other.as_api());
    view! {
        <div class="page-actions">
            <A href=format!("/knowledge/{}/edit", article.id) attr:class="button" attr:id="edit-article">
                {tr(|t| t.knowledge().edit)}
            </A>
            {translatable.then(|| view! { <A href=translate attr:class="button" attr:id="translate-article">{tr(|t| t.knowledge().translate)}</A> })}
            {publishable
                .then(|| {
                    view! {
                        <button type="button" class="button-primary" id="publish-article" disabled=move || busy.get() on:click=move |_| publish(true)>
                            {tr(|t| t.knowledge().publish)}
                        </button>
                    }
                })}
            {archivable
                .then(|| {
                    view! {
                        <button type="button" id="archive-article" disabled=move || busy.get() on:click=move |_| archive(false)>
                            {tr(|t| t.knowledge().archive)}
                        </button>
                    }
                })}
            <ErrorBox error=error />
        </div>
    }
}

/// What only the desk reads: unpublished changes, versions, comments, deflection, the source
/// ticket.
#[component]
fn DeskFacts(article: KnowledgeArticleDetailKnowledgeArticle) -> impl IntoView {
    let i18n = use_i18n();
    let revisions = article
        .revisions
        .unwrap_or_default()
        .into_iter()
        .map(|r| {
            let at = r.published_at.clone();
            let by = r.published_by.map(|u| u.display_name);
            view! {
                <li>
                    <strong>{move || (i18n.t().knowledge().version_n)(r.revision)}</strong>
                    " · "
                    {r.title}
                    " · "
                    <time datetime=r.published_at>{move || format::date_time(i18n.tag(), &at)}</time>
                    {by.map(|name| view! { " " {move || (i18n.t().knowledge().published_by)(&name)} })}
                </li>
            }
        })
        .collect_view();
    let comments = article.comments.unwrap_or_default();
    let no_comments = comments.is_empty();
    let comments = comments
        .into_iter()
        .map(|c| {
            let helpful = c.helpful;
            view! {
                <li>
                    <span class="badge">{move || (i18n.t().knowledge().helpful_label)(helpful)}</span>
                    " "
                    {c.comment}
                </li>
            }
        })
        .collect_view();
    let deflection = article.deflection.map(|d| (d.suggestion_opens, d.deflected, d.pending));
    let source = article.source_ticket.map(|t| (format!("/tickets/{}", t.id), t.number));
    view! {
        {(article.has_unpublished_changes == Some(true) && article.status == ArticleStatus::Published)
            .then(|| view! { <p class="alert" id="unpublished-changes">{tr(|t| t.knowledge().unpublished_changes)}</p> })}
        {source.map(|(href, number)| view! { <p><A href=href>{move || (i18n.t().knowledge().from_ticket)(&number)}</A></p> })}
        <section class="card" aria-labelledby="revisions-title">
            <h2 id="revisions-title">{tr(|t| t.knowledge().revisions)}</h2>
            <ol class="revisions">{revisions}</ol>
            {deflection
                .map(|(opens, deflected, pending)| {
                    view! { <p id="deflection">{move || (i18n.t().knowledge().deflection_figures)(opens, deflected, pending)}</p> }
                })}
        </section>
        <section class="card" aria-labelledby="comments-title">
            <h2 id="comments-title">{tr(|t| t.knowledge().comments)}</h2>
            {if no_comments {
                view! { <p>{tr(|t| t.knowledge().no_comments)}</p> }.into_any()
            } else {
                view! { <ul class="comments">{comments}</ul> }.into_any()
            }}
        </section>
    }
}
