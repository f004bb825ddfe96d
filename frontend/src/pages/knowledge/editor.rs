//! Writing an article (the service desk): a new draft, a translation of another article
//! (`/knowledge/new?translationOf=…&locale=IT`), or changes to an article's working copy,
//! which readers see once it is published again.

use leptos::prelude::*;
use leptos_router::hooks::{use_navigate, use_params_map, use_query_map};

use crate::api::ops::knowledge_article_detail::Variables as DetailVariables;
use crate::api::ops::{
    create_knowledge_article, update_knowledge_article, ArticleLocale, ArticleVisibility, CreateKnowledgeArticle, KnowledgeArticleDetail,
    KnowledgeCategories, UpdateKnowledgeArticle,
};
use crate::api::{call, ApiError};
use crate::components::{loaded, split_list, unclaimed_error, ErrorBox, FormActions, SelectField, TextField};
use crate::i18n::{tr, use_i18n, Texts};

const FIELDS: [&str; 6] = ["title", "body", "locale", "visibility", "categoryId", "tags"];

/// What the form holds.
#[derive(Clone, Copy)]
struct Draft {
    title: RwSignal<String>,
    body: RwSignal<String>,
    locale: RwSignal<String>,
    visibility: RwSignal<String>,
    category: RwSignal<String>,
    tags: RwSignal<String>,
}

impl Draft {
    fn new(locale: ArticleLocale) -> Self {
        Draft {
            title: RwSignal::new(String::new()),
            body: RwSignal::new(String::new()),
            locale: RwSignal::new(locale.as_api().to_owned()),
            visibility: RwSignal::new(ArticleVisibility::Public.as_api().to_owned()),
            category: RwSignal::new(String::new()),
            tags: RwSignal::new(String::new()),
        }
    }

    fn tags(&self) -> Vec<String> {
        split_list(&self.tags.get_untracked(), &[','])
    }
}

#[component]
pub fn ArticleCreatePage() -> impl IntoView {
    let query = use_query_map();
    let translation_of = query.with_untracked(|query| query.get("translationOf")).filter(|id| !id.is_empty());
    let locale = query.with_untracked(|query| query.get("locale")).and_then(|l| ArticleLocale::from_api(&l)).unwrap_or_default();
    let draft = Draft::new(locale);
    let error = RwSignal::new(None::<ApiError>);
    let busy = RwSignal::new(false);
    let navigate = use_navigate();
    let translating = translation_of.is_some();
    let save = Callback::new(move |()| {
        let input = create_knowledge_article::CreateArticleInput {
            locale: ArticleLocale::from_api(&draft.locale.get_untracked()).unwrap_or_default(),
            title: draft.title.get_untracked(),
            body: draft.body.get_untracked(),
            // A translation takes the original's readers and category unless changed here.
            visibility: (!translating).then(|| ArticleVisibility::from_api(&draft.visibility.get_untracked())).flatten(),
            category_id: Some(draft.category.get_untracked()).filter(|c| !c.is_empty()),
            tags: draft.tags(),
            translation_of: translation_of.clone(),
            ..create_knowledge_article::CreateArticleInput::default()
        };
        busy.set(true);
        error.set(None);
        let navigate = navigate.clone();
        leptos::task::spawn_local(async move {
            let result = call::<CreateKnowledgeArticle>(create_knowledge_article::Variables { input }).await;
            busy.set(false);
            match result {
                Ok(data) => navigate(&format!("/knowledge/{}", data.create_knowledge_article.article.id), Default::default()),
                Err(err) => error.set(Some(err)),
            }
        });
    });
    view! {
        <section class="page article-form-page" aria-labelledby="article-form-title">
            <h1 id="article-form-title">{tr(|t| t.knowledge().new_article)}</h1>
            {translating.then(|| view! { <p class="hint">{tr(|t| t.knowledge().translation_of_hint)}</p> })}
            <ArticleForm draft=draft error=error busy=busy save=save new=true />
        </section>
    }
}

#[component]
pub fn ArticleEditPage() -> impl IntoView {
    let params = use_params_map();
    let id = params.with_untracked(|params| params.get("id").unwrap_or_default());
    let article = LocalResource::new({
        let id = id.clone();
        move || {
            let id = id.clone();
            async move { call::<KnowledgeArticleDetail>(DetailVariables { id }).await.map(|data| data.knowledge_article) }
        }
    });
    let navigate = use_navigate();
    view! {
        <section class="page article-form-page" aria-labelledby="article-form-title">
            <h1 id="article-form-title">{tr(|t| t.knowledge().edit_article)}</h1>
            {move || {
                let navigate = navigate.clone();
                loaded(
                    article.get(),
                    move |article| {
                        let draft = Draft::new(article.locale);
                        draft.title.set(article.draft_title.clone().unwrap_or(article.title.clone()));
                        draft.body.set(article.draft_body.clone().unwrap_or_default());
                        draft.visibility.set(article.visibility.as_api().to_owned());
                        draft.category.set(article.category.as_ref().map(|c| c.id.clone()).unwrap_or_default());
                        draft.tags.set(article.tags.join(", "));
                        let error = RwSignal::new(None::<ApiError>);
                        let busy = RwSignal::new(false);
                        let (id, version) = (article.id.clone(), article.version);
                        let save = Callback::new(move |()| {
                            let input = update_knowledge_article::UpdateArticleInput {
                                id: id.clone(),
                                version,
                                title: Some(draft.title.get_untracked()),
                                body: Some(draft.body.get_untracked()),
                                visibility: ArticleVisibility::from_api(&draft.visibility.get_untracked()),
                                category_id: Some(draft.category.get_untracked()),
                                tags: Some(draft.tags()),
                                ..update_knowledge_article::UpdateArticleInput::default()
                            };
                            busy.set(true);
                            error.set(None);
                            let navigate = navigate.clone();
                            leptos::task::spawn_local(async move {
                                let result = call::<UpdateKnowledgeArticle>(update_knowledge_article::Variables { input }).await;
                                busy.set(false);
                                match result {
                                    Ok(data) => navigate(&format!("/knowledge/{}", data.update_knowledge_article.article.id), Default::default()),
                                    Err(err) => error.set(Some(err)),
                                }
                            });
                        });
                        view! { <ArticleForm draft=draft error=error busy=busy save=save new=false /> }.into_any()
                    },
                )
            }}
        </section>
    }
}

#[component]
fn ArticleForm(draft: Draft, error: RwSignal<Option<ApiError>>, busy: RwSignal<bool>, save: Callback<()>, new: bool) -> impl IntoView {
    let i18n = use_i18n();
    let categories =
        LocalResource::new(|| async { call::<KnowledgeCategories>(Default::default()).await.map(|data| data.knowledge_categories) });
    let category_options = Signal::derive(move || match categories.get() {
        Some(Ok(list)) => list.into_iter().map(|c| (c.id, c.name)).collect(),
        _ => Vec::new(),
    });
    let locales = Signal::derive(move || {
        let t = i18n.t().knowledge();
        ArticleLocale::ALL.iter().map(|l| (l.as_api().to_owned(), (t.locale_label)(*l).to_owned())).collect::<Vec<_>>()
    });
    let visibilities = Signal::derive(move || {
        let t = i18n.t().knowledge();
        ArticleVisibility::ALL.iter().map(|v| (v.as_api().to_owned(), (t.visibility_label)(*v).to_owned())).collect::<Vec<_>>()
    });
    let label = move |f: fn(&Texts) -> &'static str| Signal::derive(move || f(i18n.t()));
    let navigate = use_navigate();
    let on_cancel = Callback::new(move |()| navigate("/knowledge", Default::default()));
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        save.run(());
    };
    view! {
        <form class="article-form" novalidate on:submit=submit>
            <TextField label=label(|t| t.knowledge().title) value=draft.title field="title" error=error required=true />
            <TextField
                label=label(|t| t.knowledge().body)
                value=draft.body
                field="body"
                error=error
                required=true
                multiline=true
                hint=label(|t| t.knowledge().body_hint)
            />
            {new.then(|| view! { <SelectField label=label(|t| t.knowledge().locale) value=draft.locale field="locale" options=locales error=error /> })}
            <SelectField label=label(|t| t.knowledge().visibility) value=draft.visibility field="visibility" options=visibilities error=error />
            <SelectField
                label=label(|t| t.knowledge().category)
                value=draft.category
                field="categoryId"
                options=category_options
                error=error
                empty=label(|t| t.knowledge().no_category)
            />
            <TextField label=label(|t| t.knowledge().tags) value=draft.tags field="tags" error=error hint=label(|t| t.knowledge().tags_hint) />
            <ErrorBox error=Signal::derive(move || unclaimed_error(error.get(), &FIELDS)) />
            <FormActions busy=busy on_cancel=on_cancel submit_class="save-article" />
        </form>
    }
}
