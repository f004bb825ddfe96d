//! Running a call script: an agent inside a call or on a ticket, a customer with the
//! self-service assistant. One component for both: pick a published script, answer the node
//! it is at (a statement goes on with "Continue"), see the path so far, and how it ended (a
//! resolution, an article to read, a product to offer, or the ticket a hand-off opened or
//! handed over). A run answered meanwhile elsewhere is read again, not overwritten.

use leptos::prelude::*;
use leptos_router::components::A;

use crate::api::ops::start_script_run::{RunView, RunViewCurrentNode};
use crate::api::ops::{
    abandon_script_run, answer_script_run, interaction_runs, runnable_scripts, start_script_run, AbandonScriptRun, AnswerScriptRun,
    ArticleLocale, InteractionRuns, RunnableScripts, ScriptEnding, ScriptNodeKind, ScriptRunStatus, StartScriptRun,
};
use crate::api::{call, call_at, ApiError};
use crate::components::{loaded, ErrorBox};
use crate::i18n::{tr, use_i18n};
use crate::pages::service::chat::ChatNowButton;

/// Where a run happens: a call, a ticket, or the customer's own assistant.
#[derive(Clone, Default, PartialEq)]
pub struct RunPlace {
    pub call_id: Option<String>,
    pub ticket_id: Option<String>,
    /// The self-service assistant (a customer): only the scripts offered to customers.
    pub chatbot: bool,
}

#[component]
pub fn ScriptRunner(place: RunPlace) -> impl IntoView {
    let chatbot = place.chatbot;
    let scripts = LocalResource::new(move || async move {
        call::<RunnableScripts>(runnable_scripts::Variables { self_service: chatbot }).await.map(|data| data.call_scripts)
    });
    let run = RwSignal::new(None::<RunView>);
    let error = RwSignal::new(None::<ApiError>);
    let (heading, intro) = if chatbot {
        (tr(|t| t.scripts().chat_title), Some(tr(|t| t.scripts().chat_intro)))
    } else {
        (tr(|t| t.scripts().runner_title), None)
    };
    view! {
        <section class="card script-runner" aria-labelledby="script-runner-title" data-chatbot=chatbot.to_string()>
            <h2 id="script-runner-title">{heading}</h2>
            {intro.map(|intro| view! { <p class="hint">{intro}</p> })}
            {move || match run.get() {
                Some(current) => view! { <Run run=current current=run error=error /> }.into_any(),
                None => {
                    let place = place.clone();
                    loaded(scripts.get(), move |list| {
                        if list.is_empty() {
                            return view! { <p class="empty">{tr(|t| t.scripts().none_published)}</p> }.into_any();
                        }
                        view! { <StartRun scripts=list place=place.clone() run=run error=error /> }.into_any()
                    })
                }
            }}
            <ErrorBox error=error />
        </section>
    }
}

#[component]
fn StartRun(
    scripts: Vec<runnable_scripts::RunnableScriptsCallScripts>,
    place: RunPlace,
    run: RwSignal<Option<RunView>>,
    error: RwSignal<Option<ApiError>>,
) -> impl IntoView {
    // The script in the language the app is shown in comes first.
    let shown_in = if use_i18n().tag() == "it" { ArticleLocale::It } else { ArticleLocale::En };
    let first = scripts.iter().find(|s| s.locale == shown_in).or(scripts.first()).map(|s| s.id.clone()).unwrap_or_default();
    let picked = RwSignal::new(first.clone());
    let start = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let input = start_script_run::StartScriptRunInput {
            script_id: picked.get_untracked(),
            call_id: place.call_id.clone(),
            ticket_id: place.ticket_id.clone(),
        };
        error.set(None);
        leptos::task::spawn_local(async move {
            match call_at::<StartScriptRun, RunView>(start_script_run::Variables { input }, &["startScriptRun", "run"]).await {
                Ok(started) => run.set(Some(started)),
                Err(err) => error.set(Some(err)),
            }
        });
    };
    let options = scripts
        .into_iter()
        .map(|script| {
            let title =
                if script.description.is_empty() { script.name.clone() } else { format!("{} — {}", script.name, script.description) };
            let selected = script.id == first;
            view! { <option value=script.id title=title selected=selected>{script.name}</option> }
        })
        .collect_view();
    view! {
        <form class="script-start" on:submit=start>
            <div class="field">
                <label for="script-choice">{tr(|t| t.scripts().choose)}</label>
                <select id="script-choice" on:change=move |ev| picked.set(event_target_value(&ev))>{options}</select>
            </div>
            <button type="submit" id="script-start">{tr(|t| t.scripts().start)}</button>
        </form>
    }
}

#[component]
fn Run(run: RunView, current: RwSignal<Option<RunView>>, error: RwSignal<Option<ApiError>>) -> impl IntoView {
    let i18n = use_i18n();
    let status = run.status;
    let title = run.script.as_ref().map(|s| s.name.clone()).unwrap_or_default();
    let version = run.version_number;
    let path = run
        .path
        .iter()
        .filter(|step| step.answer.is_some())
        .map(|step| {
            let answer = step.answer.as_ref().map(|a| a.label.clone()).filter(|label| !label.is_empty());
            view! {
                <li>
                    <span class="step-text">{step.node.text.clone()}</span>
                    {answer.map(|label| view! { " → " <strong class="step-answer">{label}</strong> })}
                </li>
            }
        })
        .collect_view();
    let node = run.current_node.clone();
    let body = match (status, node) {
        (ScriptRunStatus::Active, Some(node)) => view! { <Ask run_id=run.id.clone() node=node current=current error=error /> }.into_any(),
        (_, node) => view! { <Outcome run=run.clone() node=node current=current /> }.into_any(),
    };
    view! {
        <p class="subtitle">
            <span class="script-name">{title}</span>
            " · "
            {move || (i18n.t().scripts().version)(version)}
            " · "
            <span class="badge script-status" id="script-status" data-status=status.as_api()>
                {move || (i18n.t().scripts().status_label)(status)}
            </span>
        </p>
        {(!run.path.is_empty()).then(|| view! {
            <details class="script-path" open>
                <summary>{tr(|t| t.scripts().path)}</summary>
                <ol id="script-path">{path}</ol>
            </details>
        })}
        {body}
    }
}

/// The node a run is at, and its answers.
#[component]
fn Ask(run_id: String, node: RunViewCurrentNode, current: RwSignal<Option<RunView>>, error: RwSignal<Option<ApiError>>) -> impl IntoView {
    let i18n = use_i18n();
    let answer = {
        let (run_id, key) = (run_id.clone(), node.key.clone());
        move |answer: Option<String>| {
            let input = answer_script_run::AnswerScriptRunInput { run_id: run_id.clone(), node: key.clone(), answer };
            error.set(None);
            leptos::task::spawn_local(async move {
                match call_at::<AnswerScriptRun, RunView>(answer_script_run::Variables { input }, &["answerScriptRun", "run"]).await {
                    Ok(moved) => current.set(Some(moved)),
                    Err(err) => error.set(Some(err)),
                }
            });
        }
    };
    let buttons = node
        .answers
        .iter()
        .map(|choice| {
            let answer = answer.clone();
            let key = choice.key.clone();
            let statement = node.kind == ScriptNodeKind::Statement;
            let label = choice.label.clone();
            let text = move || if label.is_empty() { i18n.t().scripts().carry_on.to_owned() } else { label.clone() };
            let chosen = (!statement).then(|| key.clone());
            view! {
                <button type="button" class="script-answer" data-answer=key on:click=move |_| answer(chosen.clone())>{text}</button>
            }
        })
        .collect_view();
    let leave = move |_| {
        let run_id = run_id.clone();
        leptos::task::spawn_local(async move {
            match call_at::<AbandonScriptRun, RunView>(abandon_script_run::Variables { run_id }, &["abandonScriptRun", "run"]).await {
                Ok(left) => current.set(Some(left)),
                Err(err) => error.set(Some(err)),
            }
        });
    };
    view! {
        <p class="script-node" id="script-node" data-node=node.key.clone() aria-live="polite">{node.text.clone()}</p>
        <div class="script-answers" role="group" aria-labelledby="script-node">{buttons}</div>
        <p class="page-actions">
            <button type="button" class="secondary" id="script-leave" on:click=leave>{tr(|t| t.scripts().leave)}</button>
        </p>
    }
}

/// How a run ended: the end node's words and what it leads to.
#[component]
fn Outcome(run: RunView, node: Option<RunViewCurrentNode>, current: RwSignal<Option<RunView>>) -> impl IntoView {
    let i18n = use_i18n();
    let ended_at_end = node.as_ref().is_some_and(|n| n.kind == ScriptNodeKind::End);
    let text = node.as_ref().filter(|_| ended_at_end).map(|n| n.text.clone());
    let article = node.as_ref().and_then(|n| n.article.clone());
    let product = node.as_ref().and_then(|n| n.product.clone());
    let ending = run.ending;
    let handed = (run.status == ScriptRunStatus::HandedOff).then(|| run.handoff_ticket.clone());
    let chatbot = run.channel == crate::api::ops::ScriptChannel::Bot;
    view! {
        <div class="script-outcome" id="script-outcome" data-ending=ending.map(|e| e.as_api())>
            {ending.map(|ending| view! { <p class="script-ending">{move || (i18n.t().scripts().ending_label)(ending)}</p> })}
            {text.map(|text| view! { <p class="script-node">{text}</p> })}
            {article.filter(|_| ending == Some(ScriptEnding::Article)).map(|article| view! {
                <p><A href=format!("/knowledge/{}", article.id) attr:id="script-article">{tr(|t| t.scripts().read_article)} ": " {article.title}</A></p>
            })}
            {product.filter(|_| ending == Some(ScriptEnding::Offer)).map(|product| {
                let name = product.name.clone();
                view! { <p class="script-offer" id="script-offer">{move || (i18n.t().scripts().offer)(&name)}</p> }
            })}
            {handed.map(|ticket| match ticket {
                Some(ticket) => {
                    let number = ticket.number.clone();
                    let text = move || {
                        let t = i18n.t().scripts();
                        if chatbot { (t.chat_handed)(&number) } else { (t.handed_to_ticket)(&number) }
                    };
                    let chat_now = chatbot.then(|| view! { <ChatNowButton ticket_id=ticket.id.clone() /> });
                    view! {
                        <p><A href=format!("/tickets/{}", ticket.id) attr:id="script-handoff-ticket">{text}</A></p>
                        {chat_now}
                    }
                    .into_any()
                }
                None => view! { <p>{tr(|t| t.scripts().handed_off)}</p> }.into_any(),
            })}
            <p class="page-actions">
                <button type="button" id="script-again" on:click=move |_| current.set(None)>{tr(|t| t.scripts().start_again)}</button>
            </p>
        </div>
    }
}

/// The scripts already run on a ticket, with the path each took.
#[component]
pub fn TicketScriptRuns(ticket_id: String) -> impl IntoView {
    let runs = LocalResource::new(move || {
        let ticket_id = ticket_id.clone();
        async move { call::<InteractionRuns>(interaction_runs::Variables { ticket_id }).await.map(|data| data.ticket.script_runs) }
    });
    let i18n = use_i18n();
    view! {
        {move || loaded(runs.get(), move |runs| {
            if runs.is_empty() {
                return ().into_any();
            }
            let rows = runs
                .into_iter()
                .map(|run| {
                    let status = run.status;
                    let name = run.script.map(|s| s.name).unwrap_or_default();
                    let steps = run
                        .path
                        .into_iter()
                        .map(|step| match step.answer.map(|a| a.label).filter(|l| !l.is_empty()) {
                            Some(label) => format!("{} → {label}", step.node.text),
                            None => step.node.text,
                        })
                        .collect::<Vec<_>>()
                        .join(" · ");
                    view! {
                        <li class="script-run-row" data-status=status.as_api()>
                            <strong>{name}</strong>
                            " "
                            <span class="badge script-status" data-status=status.as_api()>{move || (i18n.t().scripts().status_label)(status)}</span>
                            <p class="hint">{steps}</p>
                        </li>
                    }
                })
                .collect_view();
            view! {
                <section class="card script-runs" aria-labelledby="script-runs-title">
                    <h2 id="script-runs-title">{tr(|t| t.scripts().runs_here)}</h2>
                    <ul id="ticket-script-runs">{rows}</ul>
                </section>
            }
            .into_any()
        })}
    }
}
