//! The knowledge base's front page: a search as you type (ranked articles with the passage
//! that matched), and without a search the articles newest first, keyset-paged, on the list
//! kit (the state is in the URL). The desk also sees drafts, filters by status, and sees each
//! article's votes and the tickets it saved.

use leptos::prelude::*;

use crate::pages::service::script_runner::{RunPlace, ScriptRunner};
use leptos_router::components::A;

use crate::api::call;
use crate::api::ops::knowledge_article_list::{
    ArticleFilter, KnowledgeArticleListKnowledgeArticles, KnowledgeArticleListKnowledgeArticlesNodes, Variables,
};
use crate::api::ops::knowledge_search::{KnowledgeSearchKnowledgeSearch, Variables as SearchVariables};
use crate::api::ops::{ArticleStatus, KnowledgeArticleList, KnowledgeSearch};
use crate::app::use_viewer;
use crate::components::loaded;
use crate::format;
use crate::i18n::{tr, use_i18n, Texts};
use crate::list_kit::{FilterSelect, History, ListFrame, ListQuery, ListUrl, Page, PageArgs, Params, SearchBox};
use crate::page_info;
use crate::pages::knowledge::is_desk;

/// What the page shows, kept in the URL (see [`crate::list_kit`]).
#[derive(Clone, Debug, Default, PartialEq)]
struct KnowledgeQuery {
    search: String,
    status: String,
}

impl ListQuery for KnowledgeQuery {
    fn read(params: &Params) -> Self {
        KnowledgeQuery { search: params.text("q"), status: params.text("status") }
    }

    fn write(&self, params: &mut Params) {
        params.set_text("q", &self.search);
        params.set_text("status", &self.status);
    }
}

impl KnowledgeQuery {
    fn variables(&self, page: &Page) -> Variables {
        let PageArgs { first, after, last, before } = page.args();
        let statuses = ArticleStatus::from_api(&self.status).map(|status| vec![status]);
        Variables { first, after, last, before, filter: Some(ArticleFilter { statuses, ..ArticleFilter::default() }) }
    }
}

type Url = ListUrl<KnowledgeQuery>;

#[component]
pub fn KnowledgePage() -> impl IntoView {
    let i18n = use_i18n();
    let viewer = use_viewer();
    let desk = is_desk(&viewer);
    // Customers meet the self-service assistant here, beside the search.
    let chatbot = viewer.customer.is_some();
    let url = Url::new("/knowledge");
    let searching = move || !url.query().search.is_empty();
    let hits = LocalResource::new(move || {
        let text = url.query().search;
        async move {
            if text.is_empty() {
                return Ok(None);
            }
            call::<KnowledgeSearch>(SearchVariables { text, filter: None }).await.map(|data| Some(data.knowledge_search))
        }
    });
    let articles = LocalResource::new(move || {
        let variables = url.query().variables(&url.page());
        async move { call::<KnowledgeArticleList>(variables).await.map(|data| data.knowledge_articles) }
    });
    let status = Signal::derive(move || url.query().status);
    let set_status = Callback::new(move |status: String| url.update(|query| query.status = status, History::Push));
    let statuses = Signal::derive(move || {
        let t = i18n.t().knowledge();
        ArticleStatus::ALL.iter().map(|s| (s.as_api().to_owned(), (t.status_label)(*s).to_owned())).collect::<Vec<_>>()
    });
    let label = move |f: fn(&Texts) -> &'static str| Signal::derive(move || f(i18n.t()));
    view! {
        <section class="page knowledge-page" aria-labelledby="knowledge-title">
            <div class="page-header">
                <h1 id="knowledge-title">{tr(|t| t.knowledge().knowledge_base)}</h1>
                {desk
                    .then(|| {
                        view! {
                            <A href="/knowledge/new" attr:class="button button-primary" attr:id="new-article">
                                {tr(|t| t.knowledge().new_article)}
                            </A>
                        }
                    })}
            </div>
            {chatbot.then(|| view! { <ScriptRunner place=RunPlace { call_id: None, ticket_id: None, chatbot: true } /> })}
            <SearchBox
                url=url
                id="knowledge-search"
                label=|t| t.knowledge().search
                placeholder=|t| t.knowledge().search
                get=|query: &KnowledgeQuery| &query.search
                set=|query, text| query.search = text
            />
            <p class="hint">{tr(|t| t.knowledge().search_hint)}</p>
            {move || {
                if searching() {
                    loaded(hits.get(), |hits| view! { <Hits hits=hits.unwrap_or_default() text=url.query().search /> }.into_any())
                } else {
                    view! {
                        {desk
                            .then(|| {
                                view! {
                                    <div class="filter-grid">
                                        <FilterSelect
                                            label=label(|t| t.knowledge().status)
                                            id="filter-article-status"
                                            value=status
                                            on_change=set_status
                                            options=statuses
                                            empty=label(|t| t.any)
                                        />
                                    </div>
                                }
                            })}
                        {move || loaded(articles.get(), |page| view! { <Articles url=url page=page desk=desk /> }.into_any())}
                    }
                        .into_any()
                }
            }}
        </section>
    }
}

/// Search results, best first; each snippet is the server's escaped text with `<mark>`s.
#[component]
fn Hits(hits: Vec<KnowledgeSearchKnowledgeSearch>, text: String) -> impl IntoView {
    let i18n = use_i18n();
    if hits.is_empty() {
        return view! { <p class="empty" role="status">{move || (i18n.t().knowledge().no_results)(&text)}</p> }.into_any();
    }
    let count = hits.len() as i64;
    let items = hits
        .into_iter()
        .map(|hit| {
            let href = format!("/knowledge/{}?from=search", hit.article.id);
            let category = hit.article.category.map(|c| c.name);
            view! {
                <li class="hit" data-id=hit.article.id.clone()>
                    <h2>
                        <A href=href>{hit.article.title}</A>
                    </h2>
                    {category.map(|name| view! { <p class="subtitle">{name}</p> })}
                    <p class="snippet" inner_html=hit.snippet></p>
                </li>
            }
        })
        .collect_view();
    view! {
        <p class="list-count" role="status">{move || (i18n.t().knowledge().results_count)(count)}</p>
        <ol class="hits">{items}</ol>
    }
    .into_any()
}

#[component]
fn Articles(url: Url, page: KnowledgeArticleListKnowledgeArticles, desk: bool) -> impl IntoView {
    let total = page.total_count;
    let info = page_info!(page.page_info);
    let rows = page.nodes;
    let shown = rows.len() as i64;
    if rows.is_empty() {
        return view! { <p class="empty" role="status">{tr(|t| t.knowledge().no_articles)}</p> }.into_any();
    }
    let rows = rows.into_iter().map(|row| view! { <Row row=row desk=desk /> }).collect_view();
    view! {
        <ListFrame url=url info=info total=total shown=shown count=|t, n, formatted| (t.knowledge().articles_count)(n, formatted) label=|t| t.knowledge().all_articles>
            <table class="list articles">
                <thead>
                    <tr>
                        <th scope="col">{tr(|t| t.knowledge().title)}</th>
                        <th scope="col">{tr(|t| t.knowledge().category)}</th>
                        <th scope="col">{tr(|t| t.knowledge().locale)}</th>
                        <th scope="col">{tr(|t| t.knowledge().updated)}</th>
                        {desk
                            .then(|| {
                                view! {
                                    <th scope="col">{tr(|t| t.knowledge().status)}</th>
                                    <th scope="col">{tr(|t| t.knowledge().votes)}</th>
                                    <th scope="col">{tr(|t| t.knowledge().deflected)}</th>
                                }
                            })}
                    </tr>
                </thead>
                <tbody>{rows}</tbody>
            </table>
        </ListFrame>
    }
    .into_any()
}

#[component]
fn Row(row: KnowledgeArticleListKnowledgeArticlesNodes, desk: bool) -> impl IntoView {
    let i18n = use_i18n();
    let href = format!("/knowledge/{}", row.id);
    let category = row.category.map(|c| c.name).unwrap_or_default();
    let (locale, status) = (row.locale, row.status);
    let (updated, updated_at) = (row.updated_at.clone(), row.updated_at.clone());
    let votes = format!("👍 {} · 👎 {}", row.helpful_votes, row.unhelpful_votes);
    let deflection = row.deflection.map(|d| format!("{} / {}", d.deflected, d.suggestion_opens)).unwrap_or_default();
    view! {
        <tr data-id=row.id.clone() data-status=status.as_api()>
            <th scope="row">
                <A href=href>{row.title}</A>
            </th>
            <td data-label=move || i18n.t().knowledge().category>{category}</td>
            <td data-label=move || i18n.t().knowledge().locale>{move || (i18n.t().knowledge().locale_label)(locale)}</td>
            <td data-label=move || i18n.t().knowledge().updated>
                <time datetime=updated>{move || format::date_time(i18n.tag(), &updated_at)}</time>
            </td>
            {desk
                .then(|| {
                    view! {
                        <td data-label=move || i18n.t().knowledge().status>
                            <span class="badge article-status" data-status=status.as_api()>
                                {move || (i18n.t().knowledge().status_label)(status)}
                            </span>
                        </td>
                        <td data-label=move || i18n.t().knowledge().votes>{votes}</td>
                        <td data-label=move || i18n.t().knowledge().deflected>{deflection}</td>
                    }
                })}
        </tr>
    }
}
