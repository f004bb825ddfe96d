//! The call scripts' keepers' screens (admins, service managers): the list with a new
//! script's first facts, and the editor of a script's working copy: its nodes (questions,
//! statements, ends), each answer's next node, the loops marked as such, what each end leads
//! to; the problems the server finds before publication; publication; and each version's
//! paths (runs reaching, ending and dropped at each node, the resolution rate).

use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::{use_navigate, use_params_map};

use crate::api::ops::script_editor::{EditedScript, ScriptEditorCallScriptVersions};
use crate::api::ops::{
    create_call_script, publish_call_script, script_choices, script_editor, script_list, update_call_script, ArticleLocale,
    CreateCallScript, PublishCallScript, ScriptChoices, ScriptEditor, ScriptEnding, ScriptList, ScriptNodeKind, UpdateCallScript,
};
use crate::api::{call, call_at, ApiError};
use crate::components::{loaded, option_list, ErrorBox};
use crate::format;
use crate::i18n::{tr, use_i18n};

#[component]
pub fn ScriptListPage() -> impl IntoView {
    let i18n = use_i18n();
    let scripts = LocalResource::new(|| async { call::<ScriptList>(script_list::Variables {}).await.map(|data| data.call_scripts) });
    view! {
        <div class="page scripts-page">
            <h1>{tr(|t| t.scripts().list_title)}</h1>
            <p class="hint">{tr(|t| t.scripts().list_intro)}</p>
            {move || loaded(scripts.get(), move |list| {
                let keeps = list.iter().any(|s| s.viewer_can_edit);
                let rows = list
                    .into_iter()
                    .map(|script| {
                        let published = script.published_number;
                        let state = move || {
                            let t = i18n.t().scripts();
                            published.map_or_else(|| t.not_published.to_owned(), |n| (t.published)(n))
                        };
                        view! {
                            <tr>
                                <td>
                                    {if script.viewer_can_edit {
                                        view! { <A href=format!("/scripts/{}", script.id)>{script.name}</A> }.into_any()
                                    } else {
                                        script.name.into_any()
                                    }}
                                </td>
                                <td>{script.description}</td>
                                <td>{move || (i18n.t().knowledge().locale_label)(script.locale)}</td>
                                <td>{state}</td>
                            </tr>
                        }
                    })
                    .collect_view();
                view! {
                    <div class="table-wrap">
                    <table class="data-table" id="script-list">
                        <thead><tr>
                            <th scope="col">{tr(|t| t.scripts().name)}</th>
                            <th scope="col">{tr(|t| t.scripts().description)}</th>
                            <th scope="col">{tr(|t| t.scripts().language)}</th>
                            <th scope="col">{tr(|t| t.scripts().versions)}</th>
                        </tr></thead>
                        <tbody>{rows}</tbody>
                    </table>
                    </div>
                    {keeps.then(|| view! { <NewScript /> })}
                }
                .into_any()
            })}
        </div>
    }
}

/// A new script: its name, language and audience; it starts as one end node, edited next.
#[component]
fn NewScript() -> impl IntoView {
    let i18n = use_i18n();
    let name = RwSignal::new(String::new());
    let locale = RwSignal::new(if i18n.tag() == "it" { ArticleLocale::It } else { ArticleLocale::En });
    let self_service = RwSignal::new(false);
    let error = RwSignal::new(None::<ApiError>);
    let navigate = use_navigate();
    let create = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let name = name.get_untracked();
        let first = create_call_script::ScriptNodeInput {
            key: "start".into(),
            kind: ScriptNodeKind::End,
            text: name.clone(),
            answers: Vec::new(),
            ending: Some(ScriptEnding::Resolution),
            article_id: None,
            product_id: None,
            queue_id: None,
        };
        let input = create_call_script::CreateCallScriptInput {
            name,
            description: String::new(),
            locale: locale.get_untracked(),
            self_service: self_service.get_untracked(),
            tree: create_call_script::ScriptTreeInput { start: "start".into(), nodes: vec![first] },
        };
        error.set(None);
        let navigate = navigate.clone();
        leptos::task::spawn_local(async move {
            match call::<CreateCallScript>(create_call_script::Variables { input }).await {
                Ok(data) => navigate(&format!("/scripts/{}", data.create_call_script.script.id), Default::default()),
                Err(err) => error.set(Some(err)),
            }
        });
    };
    let locales = move || {
        let t = i18n.t().knowledge();
        ArticleLocale::ALL.iter().map(|l| (l.as_api().to_owned(), (t.locale_label)(*l).to_owned())).collect::<Vec<_>>()
    };
    view! {
        <form class="card" id="new-script" on:submit=create aria-labelledby="new-script-title">
            <h2 id="new-script-title">{tr(|t| t.scripts().new_script)}</h2>
            <div class="field">
                <label for="new-script-name">{tr(|t| t.scripts().name)}</label>
                <input id="new-script-name" required maxlength="100" prop:value=move || name.get() on:input=move |ev| name.set(event_target_value(&ev)) />
            </div>
            <div class="field">
                <label for="new-script-locale">{tr(|t| t.scripts().language)}</label>
                <select id="new-script-locale" on:change=move |ev| {
                    if let Some(l) = ArticleLocale::from_api(&event_target_value(&ev)) { locale.set(l) }
                }>{move || option_list(locale.get_untracked().as_api(), locales())}</select>
            </div>
            <label class="check" for="new-script-self-service">
                <input type="checkbox" id="new-script-self-service" prop:checked=move || self_service.get() on:change=move |ev| self_service.set(event_target_checked(&ev)) />
                {tr(|t| t.scripts().self_service)}
            </label>
            <button type="submit" id="create-script">{tr(|t| t.scripts().create)}</button>
            <ErrorBox error=error />
        </form>
    }
}

/// An answer as edited.
#[derive(Clone, Default)]
struct EditAnswer {
    key: String,
    label: String,
    next: String,
    loops_back: bool,
}

/// A node as edited.
#[derive(Clone)]
struct EditNode {
    key: String,
    kind: ScriptNodeKind,
    text: String,
    answers: Vec<EditAnswer>,
    ending: Option<ScriptEnding>,
    article_id: Option<String>,
    product_id: Option<String>,
    queue_id: Option<String>,
}

/// The working copy as edited: facts, nodes, and a counter bumped on every change of shape
/// (a node or answer added or removed, a key or kind changed) that redraws the nodes; typing
/// in a field changes the values without a redraw, so focus stays.
#[derive(Clone, Copy)]
struct Draft {
    name: RwSignal<String>,
    description: RwSignal<String>,
    locale: RwSignal<ArticleLocale>,
    self_service: RwSignal<bool>,
    start: RwSignal<String>,
    nodes: RwSignal<Vec<EditNode>>,
    shape: RwSignal<u32>,
}

impl Draft {
    fn of(script: &EditedScript) -> Self {
        let tree = script.draft.as_ref();
        let nodes = tree
            .map(|tree| {
                tree.nodes
                    .iter()
                    .map(|n| EditNode {
                        key: n.key.clone(),
                        kind: n.kind,
                        text: n.text.clone(),
                        answers: n
                            .answers
                            .iter()
                            .map(|a| EditAnswer {
                                key: a.key.clone(),
                                label: a.label.clone(),
                                next: a.next.clone(),
                                loops_back: a.loops_back,
                            })
                            .collect(),
                        ending: n.ending,
                        article_id: n.article.as_ref().map(|a| a.id.clone()),
                        product_id: n.product.as_ref().map(|p| p.id.clone()),
                        queue_id: n.queue.as_ref().map(|q| q.id.clone()),
                    })
                    .collect()
            })
            .unwrap_or_default();
        Self {
            name: RwSignal::new(script.name.clone()),
            description: RwSignal::new(script.description.clone()),
            locale: RwSignal::new(script.locale),
            self_service: RwSignal::new(script.self_service),
            start: RwSignal::new(tree.map(|t| t.start.clone()).unwrap_or_default()),
            nodes: RwSignal::new(nodes),
            shape: RwSignal::new(0),
        }
    }

    fn reshape(&self, change: impl FnOnce(&mut Vec<EditNode>)) {
        self.nodes.update_untracked(change);
        self.shape.update(|n| *n += 1);
    }

    fn edit(&self, change: impl FnOnce(&mut Vec<EditNode>)) {
        self.nodes.update_untracked(change);
    }

    fn tree(&self) -> update_call_script::ScriptTreeInput {
        let nodes = self
            .nodes
            .get_untracked()
            .into_iter()
            .map(|n| update_call_script::ScriptNodeInput {
                key: n.key,
                kind: n.kind,
                text: n.text,
                answers: n
                    .answers
                    .into_iter()
                    .map(|a| update_call_script::ScriptAnswerInput {
                        key: Some(a.key).filter(|k| !k.is_empty()),
                        label: a.label,
                        next: a.next,
                        loops_back: a.loops_back,
                    })
                    .collect(),
                ending: n.ending,
                article_id: n.article_id,
                product_id: n.product_id,
                queue_id: n.queue_id,
            })
            .collect();
        update_call_script::ScriptTreeInput { start: self.start.get_untracked(), nodes }
    }
}

#[component]
pub fn ScriptEditorPage() -> impl IntoView {
    let params = use_params_map();
    let id = move || params.with(|params| params.get("id").unwrap_or_default());
    let script = LocalResource::new(move || {
        let id = id();
        async move { call::<ScriptEditor>(script_editor::Variables { id }).await.map(|data| data.call_script) }
    });
    let choices = LocalResource::new(|| async { call::<ScriptChoices>(script_choices::Variables {}).await });
    view! {
        <div class="page script-editor-page">
            <p class="breadcrumb"><A href="/scripts">{tr(|t| t.scripts().list_title)}</A></p>
            {move || loaded(script.get(), move |script| {
                let versions = script.versions.clone();
                let edited = script.edited_script;
                view! {
                    {move || loaded(choices.get(), {
                        let edited = edited.clone();
                        move |choices| view! { <Editor script=edited.clone() choices=choices /> }.into_any()
                    })}
                    <Versions versions=versions />
                }
                .into_any()
            })}
        </div>
    }
}

#[component]
fn Editor(script: EditedScript, choices: script_choices::ResponseData) -> impl IntoView {
    let i18n = use_i18n();
    let draft = Draft::of(&script);
    let saved = RwSignal::new(script);
    let error = RwSignal::new(None::<ApiError>);
    let notice = RwSignal::new(false);
    let save = move |publish: bool| {
        let current = saved.get_untracked();
        let input = update_call_script::UpdateCallScriptInput {
            id: current.id.clone(),
            version: current.version,
            name: Some(draft.name.get_untracked()),
            description: Some(draft.description.get_untracked()),
            locale: Some(draft.locale.get_untracked()),
            self_service: Some(draft.self_service.get_untracked()),
            tree: Some(draft.tree()),
        };
        error.set(None);
        notice.set(false);
        leptos::task::spawn_local(async move {
            let stored =
                call_at::<UpdateCallScript, EditedScript>(update_call_script::Variables { input }, &["updateCallScript", "script"]).await;
            let stored = match stored {
                Ok(stored) => stored,
                Err(err) => return error.set(Some(err)),
            };
            saved.set(stored.clone());
            if !publish {
                return notice.set(true);
            }
            let input = publish_call_script::PublishCallScriptInput { id: stored.id.clone(), version: stored.version };
            match call_at::<PublishCallScript, EditedScript>(publish_call_script::Variables { input }, &["publishCallScript", "script"])
                .await
            {
                Ok(published) => {
                    saved.set(published);
                    notice.set(true);
                }
                Err(err) => error.set(Some(err)),
            }
        });
    };
    let locales = move || {
        let t = i18n.t().knowledge();
        ArticleLocale::ALL.iter().map(|l| (l.as_api().to_owned(), (t.locale_label)(*l).to_owned())).collect::<Vec<_>>()
    };
    let published = move || {
        let t = i18n.t().scripts();
        saved.with(|s| s.published_number.map_or_else(|| t.not_published.to_owned(), |n| (t.published)(n)))
    };
    let keys = move || draft.nodes.with_untracked(|nodes| nodes.iter().map(|n| (n.key.clone(), n.key.clone())).collect::<Vec<_>>());
    let choices = StoredValue::new(choices);
    view! {
        <h1>{move || draft.name.get()}</h1>
        <p class="subtitle" id="script-published">{published}</p>
        <form class="card script-facts" on:submit=move |ev| { ev.prevent_default(); save(false) }>
            <div class="field">
                <label for="script-name">{tr(|t| t.scripts().name)}</label>
                <input id="script-name" required maxlength="100" prop:value=move || draft.name.get() on:input=move |ev| draft.name.set(event_target_value(&ev)) />
            </div>
            <div class="field">
                <label for="script-description">{tr(|t| t.scripts().description)}</label>
                <input id="script-description" maxlength="500" prop:value=move || draft.description.get() on:input=move |ev| draft.description.set(event_target_value(&ev)) />
            </div>
            <div class="field">
                <label for="script-locale">{tr(|t| t.scripts().language)}</label>
                <select id="script-locale" on:change=move |ev| {
                    if let Some(l) = ArticleLocale::from_api(&event_target_value(&ev)) { draft.locale.set(l) }
                }>{move || option_list(draft.locale.get_untracked().as_api(), locales())}</select>
            </div>
            <label class="check" for="script-self-service">
                <input type="checkbox" id="script-self-service" prop:checked=move || draft.self_service.get() on:change=move |ev| draft.self_service.set(event_target_checked(&ev)) />
                {tr(|t| t.scripts().self_service)}
            </label>
            <div class="field">
                <label for="script-start-node">{tr(|t| t.scripts().start_node)}</label>
                <select id="script-start-node" on:change=move |ev| draft.start.set(event_target_value(&ev))>
                    {move || { draft.shape.track(); option_list(&draft.start.get_untracked(), keys()) }}
                </select>
            </div>
        </form>
        <section class="card script-nodes" aria-labelledby="script-nodes-title">
            <h2 id="script-nodes-title">{tr(|t| t.scripts().nodes)}</h2>
            {move || {
                draft.shape.track();
                let count = draft.nodes.with_untracked(Vec::len);
                (0..count).map(|index| view! { <NodeEditor draft=draft index=index choices=choices /> }).collect_view()
            }}
            <button type="button" id="add-node" on:click=move |_| draft.reshape(|nodes| {
                let key = (1..).map(|n| format!("node{n}")).find(|k| !nodes.iter().any(|n| &n.key == k)).unwrap_or_default();
                nodes.push(EditNode { key, kind: ScriptNodeKind::End, text: String::new(), answers: Vec::new(), ending: Some(ScriptEnding::Resolution), article_id: None, product_id: None, queue_id: None });
            })>{tr(|t| t.scripts().add_node)}</button>
        </section>
        <section class="card script-problems" aria-labelledby="script-problems-title" aria-live="polite">
            <h2 id="script-problems-title">{tr(|t| t.scripts().problems)}</h2>
            {move || {
                let problems = saved.with(|s| s.draft_problems.clone());
                if problems.is_empty() {
                    return view! { <p class="done" id="script-ready">{tr(|t| t.scripts().no_problems)}</p> }.into_any();
                }
                let items = problems
                    .into_iter()
                    .map(|p| {
                        let code = p.code;
                        let at = p.node.clone();
                        view! {
                            <li data-code=code.as_api() data-node=p.node.clone()>
                                {move || at.as_ref().map(|key| format!("{}: ", (i18n.t().scripts().node_ref)(key)))}
                                <strong>{move || (i18n.t().scripts().problem_label)(code)}</strong>
                                " — " {p.detail}
                            </li>
                        }
                    })
                    .collect_view();
                view! { <ul id="script-problems">{items}</ul> }.into_any()
            }}
        </section>
        <p class="page-actions">
            <button type="button" id="save-script" on:click=move |_| save(false)>{tr(|t| t.scripts().save)}</button>
            <button type="button" id="publish-script" on:click=move |_| save(true)>{tr(|t| t.scripts().publish)}</button>
            <span class="done" role="status">{move || notice.get().then(|| i18n.t().scripts().saved)}</span>
        </p>
        <ErrorBox error=error />
    }
}

/// One node's fields.
#[component]
fn NodeEditor(draft: Draft, index: usize, choices: StoredValue<script_choices::ResponseData>) -> impl IntoView {
    let i18n = use_i18n();
    let node = draft.nodes.with_untracked(|nodes| nodes[index].clone());
    let kinds = move || {
        let t = i18n.t().scripts();
        ScriptNodeKind::ALL.iter().map(|k| (k.as_api().to_owned(), (t.kind_label)(*k).to_owned())).collect::<Vec<_>>()
    };
    let endings = move || {
        let t = i18n.t().scripts();
        ScriptEnding::ALL.iter().map(|e| (e.as_api().to_owned(), (t.ending_label)(*e).to_owned())).collect::<Vec<_>>()
    };
    let keys = draft.nodes.with_untracked(|nodes| nodes.iter().map(|n| (n.key.clone(), n.key.clone())).collect::<Vec<_>>());
    let id = |what: &str| format!("node-{index}-{what}");
    let answers = node
        .answers
        .iter()
        .enumerate()
        .map(|(k, answer)| {
            let keys = keys.clone();
            let label_id = format!("node-{index}-answer-{k}-label");
            let next_id = format!("node-{index}-answer-{k}-next");
            let loop_id = format!("node-{index}-answer-{k}-loop");
            let loop_for = loop_id.clone();
            view! {
                <li class="script-answer-edit">
                    <div class="field">
                        <label for=label_id.clone()>{tr(|t| t.scripts().label)}</label>
                        <input id=label_id maxlength="200" value=answer.label.clone()
                            on:input=move |ev| draft.edit(|nodes| nodes[index].answers[k].label = event_target_value(&ev)) />
                    </div>
                    <div class="field">
                        <label for=next_id.clone()>{tr(|t| t.scripts().next)}</label>
                        <select id=next_id on:change=move |ev| draft.edit(|nodes| nodes[index].answers[k].next = event_target_value(&ev))>
                            <option value="">{tr(|t| t.scripts().choose_one)}</option>
                            {option_list(&answer.next, keys)}
                        </select>
                    </div>
                    <label class="check" for=loop_for>
                        <input type="checkbox" id=loop_id checked=answer.loops_back
                            on:change=move |ev| draft.edit(|nodes| nodes[index].answers[k].loops_back = event_target_checked(&ev)) />
                        {tr(|t| t.scripts().loops_back)}
                    </label>
                    <button type="button" class="secondary" on:click=move |_| draft.reshape(|nodes| { nodes[index].answers.remove(k); })>
                        {tr(|t| t.scripts().remove)}
                    </button>
                </li>
            }
        })
        .collect_view();
    let choices = choices.get_value();
    let pick = |current: &Option<String>, options: Vec<(String, String)>| {
        let current = current.clone().unwrap_or_default();
        view! { <option value="">{tr(|t| t.scripts().choose_one)}</option> {option_list(&current, options)} }
    };
    let articles =
        choices.knowledge_articles.nodes.iter().map(|a| (a.id.clone(), format!("{} ({})", a.title, a.visibility.as_api()))).collect();
    let products = choices.products.nodes.iter().map(|p| (p.id.clone(), p.name.clone())).collect();
    let queues = choices.service_queues.iter().map(|q| (q.id.clone(), q.name.clone())).collect();
    let end = node.kind == ScriptNodeKind::End;
    let ending = node.ending;
    view! {
        <fieldset class="script-node-edit" data-key=node.key.clone() data-kind=node.kind.as_api()>
            <legend>{node.key.clone()}</legend>
            <div class="field-row">
                <div class="field">
                    <label for=id("key")>{tr(|t| t.scripts().key)}</label>
                    <input id=id("key") maxlength="40" value=node.key.clone()
                        on:change=move |ev| draft.reshape(|nodes| {
                            let (old, new) = (nodes[index].key.clone(), event_target_value(&ev));
                            // Answers leading here follow the key.
                            for answer in nodes.iter_mut().flat_map(|n| n.answers.iter_mut()).filter(|a| a.next == old) {
                                answer.next = new.clone();
                            }
                            nodes[index].key = new;
                        }) />
                </div>
                <div class="field">
                    <label for=id("kind")>{tr(|t| t.scripts().kind)}</label>
                    <select id=id("kind") on:change=move |ev| {
                        if let Some(kind) = ScriptNodeKind::from_api(&event_target_value(&ev)) {
                            draft.reshape(|nodes| {
                                let node = &mut nodes[index];
                                node.kind = kind;
                                match kind {
                                    ScriptNodeKind::End => { node.answers.clear(); node.ending = node.ending.or(Some(ScriptEnding::Resolution)); }
                                    ScriptNodeKind::Statement => node.answers.truncate(1),
                                    ScriptNodeKind::Question => {}
                                }
                                if kind != ScriptNodeKind::End && node.answers.is_empty() {
                                    node.answers.push(EditAnswer { key: "a1".into(), ..EditAnswer::default() });
                                }
                            });
                        }
                    }>{move || option_list(node.kind.as_api(), kinds())}</select>
                </div>
            </div>
            <div class="field">
                <label for=id("text")>{tr(|t| t.scripts().text)}</label>
                <textarea id=id("text") maxlength="2000" on:input=move |ev| draft.edit(|nodes| nodes[index].text = event_target_value(&ev))>{node.text.clone()}</textarea>
            </div>
            {(!end).then(|| view! {
                <h3>{tr(|t| t.scripts().answers)}</h3>
                <ul class="script-answers-edit">{answers}</ul>
                {(node.kind == ScriptNodeKind::Question).then(|| view! {
                    <button type="button" class="secondary add-answer" on:click=move |_| draft.reshape(|nodes| {
                        let answers = &mut nodes[index].answers;
                        let key = (1..).map(|n| format!("a{n}")).find(|k| !answers.iter().any(|a| &a.key == k)).unwrap_or_default();
                        answers.push(EditAnswer { key, ..EditAnswer::default() });
                    })>{tr(|t| t.scripts().add_answer)}</button>
                })}
            })}
            {end.then(|| view! {
                <div class="field-row">
                    <div class="field">
                        <label for=id("ending")>{tr(|t| t.scripts().ending)}</label>
                        <select id=id("ending") on:change=move |ev| {
                            let picked = ScriptEnding::from_api(&event_target_value(&ev));
                            draft.reshape(|nodes| nodes[index].ending = picked);
                        }>{move || option_list(ending.map(|e| e.as_api()).unwrap_or_default(), endings())}</select>
                    </div>
                    {(ending == Some(ScriptEnding::Article)).then(|| view! {
                        <div class="field">
                            <label for=id("article")>{tr(|t| t.scripts().article)}</label>
                            <select id=id("article") on:change=move |ev| draft.edit(|nodes| nodes[index].article_id = Some(event_target_value(&ev)).filter(|v| !v.is_empty()))>
                                {pick(&node.article_id, articles)}
                            </select>
                        </div>
                    })}
                    {(ending == Some(ScriptEnding::Offer)).then(|| view! {
                        <div class="field">
                            <label for=id("product")>{tr(|t| t.scripts().product)}</label>
                            <select id=id("product") on:change=move |ev| draft.edit(|nodes| nodes[index].product_id = Some(event_target_value(&ev)).filter(|v| !v.is_empty()))>
                                {pick(&node.product_id, products)}
                            </select>
                        </div>
                    })}
                    {(ending == Some(ScriptEnding::HandOff)).then(|| view! {
                        <div class="field">
                            <label for=id("queue")>{tr(|t| t.scripts().queue)}</label>
                            <select id=id("queue") on:change=move |ev| draft.edit(|nodes| nodes[index].queue_id = Some(event_target_value(&ev)).filter(|v| !v.is_empty()))>
                                <option value="">{tr(|t| t.scripts().default_queue)}</option>
                                {option_list(&node.queue_id.clone().unwrap_or_default(), queues)}
                            </select>
                        </div>
                    })}
                </div>
            })}
            <button type="button" class="secondary remove-node" on:click=move |_| draft.reshape(|nodes| { nodes.remove(index); })>
                {tr(|t| t.scripts().remove)}
            </button>
        </fieldset>
    }
}

/// Each published version's paths.
#[component]
fn Versions(versions: Vec<ScriptEditorCallScriptVersions>) -> impl IntoView {
    let i18n = use_i18n();
    if versions.is_empty() {
        return view! { <section class="card"><h2>{tr(|t| t.scripts().versions)}</h2><p class="empty">{tr(|t| t.scripts().no_versions)}</p></section> }.into_any();
    }
    let sections = versions
        .into_iter()
        .map(|version| {
            let f = version.figures;
            let number = version.number;
            let published = version.published_at.clone();
            let rate = f.resolution_rate.map(|r| format!("{:.0}%", r * 100.0)).unwrap_or_else(|| "—".into());
            let rows = f
                .nodes
                .into_iter()
                .map(|n| view! { <tr data-key=n.key.clone()><td>{n.text}</td><td>{n.reached}</td><td>{n.ended}</td><td>{n.dropped}</td></tr> })
                .collect_view();
            view! {
                <section class="card script-version" aria-label=move || (i18n.t().scripts().version)(number) data-number=number>
                    <h3>{move || (i18n.t().scripts().version)(number)} " · " {move || format::date_time(i18n.tag(), &published)}</h3>
                    <dl class="figures">
                        <dt>{tr(|t| t.scripts().runs)}</dt><dd>{f.runs}</dd>
                        <dt>{tr(|t| t.scripts().resolved)}</dt><dd>{f.resolved}</dd>
                        <dt>{tr(|t| t.scripts().handed)}</dt><dd>{f.handed_off}</dd>
                        <dt>{tr(|t| t.scripts().dropped)}</dt><dd>{f.dropped}</dd>
                        <dt>{tr(|t| t.scripts().active)}</dt><dd>{f.active}</dd>
                        <dt>{tr(|t| t.scripts().resolution_rate)}</dt><dd class="resolution-rate">{rate}</dd>
                    </dl>
                    // Nothing in it takes focus: the region itself does, so a keyboard scrolls it.
                    <div class="table-wrap" tabindex="0" role="region" aria-label=move || (i18n.t().scripts().version)(number)>
                    <table class="data-table">
                        <thead><tr>
                            <th scope="col">{tr(|t| t.scripts().node)}</th>
                            <th scope="col">{tr(|t| t.scripts().reached)}</th>
                            <th scope="col">{tr(|t| t.scripts().ended)}</th>
                            <th scope="col">{tr(|t| t.scripts().dropped)}</th>
                        </tr></thead>
                        <tbody>{rows}</tbody>
                    </table>
                    </div>
                </section>
            }
        })
        .collect_view();
    view! { <h2>{tr(|t| t.scripts().versions)}</h2> {sections} }.into_any()
}
