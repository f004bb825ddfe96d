//! Opening a ticket: a customer user for itself; staff and partner users for the customer whose
//! page they came from (`/tickets/new?customer=…`). The first message is the customer's words;
//! the server picks the queue and the service level. While the subject is typed, knowledge
//! articles that may answer it are offered (each opens in a new tab, the form stays).

use leptos::prelude::*;
use leptos_router::hooks::{use_navigate, use_query_map};

use crate::api::ops::knowledge_suggestions::{KnowledgeSuggestionsKnowledgeSuggestions, Variables as SuggestionVariables};
use crate::api::ops::{open_ticket, KnowledgeSuggestions, OpenTicket, PrincipalKind};
use crate::api::{call, ApiError};
use crate::app::use_viewer;
use crate::components::{non_empty, unclaimed_error, ErrorBox, FormActions, TextField};
use crate::i18n::{tr, use_i18n};

const FIELDS: [&str; 3] = ["subject", "description", "category"];

#[component]
pub fn TicketCreatePage() -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let customer = query.with_untracked(|query| query.get("customer")).filter(|id| !id.is_empty());
    let own = use_viewer().kind == PrincipalKind::Customer;
    let navigate = use_navigate();
    // A reader who came from an article that did not answer keeps its title as the subject.
    let subject = RwSignal::new(query.with_untracked(|query| query.get("subject")).unwrap_or_default());
    let description = RwSignal::new(String::new());
    let category = RwSignal::new(String::new());
    let error = RwSignal::new(None::<ApiError>);
    let busy = RwSignal::new(false);
    let target = customer.clone();
    let submit = {
        let navigate = navigate.clone();
        move |ev: leptos::ev::SubmitEvent| {
            ev.prevent_default();
            let input = open_ticket::OpenTicketInput {
                customer_id: target.clone(),
                subject: subject.get_untracked(),
                description: description.get_untracked(),
                category: non_empty(category.get_untracked()),
                // Written in the language the app is shown in: routing by skills reads it.
                language: Some(i18n.locale.get_untracked().tag().to_owned()),
                ..open_ticket::OpenTicketInput::default()
            };
            busy.set(true);
            error.set(None);
            let navigate = navigate.clone();
            leptos::task::spawn_local(async move {
                let result = call::<OpenTicket>(open_ticket::Variables { input }).await;
                busy.set(false);
                match result {
                    Ok(data) => navigate(&format!("/tickets/{}", data.open_ticket.ticket.id), Default::default()),
                    Err(err) => error.set(Some(err)),
                }
            });
        }
    };
    let on_cancel = Callback::new(move |()| navigate("/tickets", Default::default()));
    let label = move |f: fn(&crate::i18n::Texts) -> &'static str| Signal::derive(move || f(i18n.t()));
    if !own && customer.is_none() {
        return view! {
            <section class="page ticket-form-page" aria-labelledby="new-ticket-title">
                <h1 id="new-ticket-title">{tr(|t| t.service().new_ticket)}</h1>
                <p class="alert">{tr(|t| t.service().pick_customer)}</p>
            </section>
        }
        .into_any();
    }
    view! {
        <section class="page ticket-form-page" aria-labelledby="new-ticket-title">
            <h1 id="new-ticket-title">{tr(|t| t.service().new_ticket)}</h1>
            <form class="ticket-form" novalidate on:submit=submit>
                <TextField label=label(|t| t.service().subject) value=subject field="subject" error=error required=true />
                <Suggestions subject=subject />
                <TextField
                    label=label(|t| t.service().description)
                    value=description
                    field="description"
                    error=error
                    required=true
                    multiline=true
                    hint=label(|t| t.service().description_hint)
                />
                <TextField label=label(|t| t.service().category) value=category field="category" error=error hint=label(|t| t.service().category_hint) />
                <ErrorBox error=Signal::derive(move || unclaimed_error(error.get(), &FIELDS)) />
                <FormActions busy=busy on_cancel=on_cancel submit_class="open-ticket" />
            </form>
        </section>
    }
    .into_any()
}

/// Pause after the last keystroke before asking for suggestions.
const TYPING_PAUSE_MS: u32 = 300;

/// Articles that may answer the ticket being written, from its subject as it is typed.
#[component]
fn Suggestions(subject: RwSignal<String>) -> impl IntoView {
    let asked = RwSignal::new(subject.get_untracked());
    Effect::new(move |_| {
        let text = subject.get();
        leptos::task::spawn_local(async move {
            gloo_timers::future::TimeoutFuture::new(TYPING_PAUSE_MS).await;
            // Only the last keystroke asks; the form may be gone by now.
            if subject.try_get_untracked().as_ref() == Some(&text) {
                asked.set(text);
            }
        });
    });
    let found = LocalResource::new(move || {
        let text = asked.get();
        async move {
            if text.trim().chars().count() < 3 {
                return Vec::new();
            }
            call::<KnowledgeSuggestions>(SuggestionVariables { text }).await.map(|data| data.knowledge_suggestions).unwrap_or_default()
        }
    });
    move || {
        let hits: Vec<KnowledgeSuggestionsKnowledgeSuggestions> = found.get().unwrap_or_default();
        (!hits.is_empty()).then(|| {
            let items = hits
                .into_iter()
                .map(|hit| {
                    view! {
                        <li>
                            <a href=format!("/knowledge/{}?from=suggestion", hit.article.id) target="_blank" rel="noopener">
                                {hit.article.title}
                            </a>
                            <p class="snippet" inner_html=hit.snippet></p>
                        </li>
                    }
                })
                .collect_view();
            view! {
                <aside class="card suggestions" id="ticket-suggestions" aria-labelledby="suggestions-title" aria-live="polite">
                    <h2 id="suggestions-title">{tr(|t| t.knowledge().suggestions)}</h2>
                    <p class="hint">{tr(|t| t.knowledge().suggestions_hint)}</p>
                    <ul>{items}</ul>
                </aside>
            }
        })
    }
}
