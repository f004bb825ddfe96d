//! Live chat in the app: the customer's "chat with us" (a new ticket by chat, or the one the
//! chatbot handed over), the chat bar on a ticket's page (where the chat stands, who answers,
//! the other side typing, "seen"; ending it), and the desk's list of live chats, kept current
//! by `liveChatsChanged`. The messages are the ticket's conversation, live on its page.

use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_navigate;
use std::cell::Cell;
use std::rc::Rc;

use crate::api::live::{self, Live};
use crate::api::ops::start_chat::StartChatInput;
use crate::api::ops::ticket_detail::TicketDetailTicketChat;
use crate::api::ops::{
    chat_typing, end_chat, live_chats, live_chats_changed, live_position, mark_chat_read, start_chat, ChatStatus, ChatTyping, EndChat,
    LiveChats, LiveChatsChanged, LivePosition, MarkChatRead, StartChat,
};
use crate::api::{call, ApiError, InputReason};
use crate::components::{loaded, ErrorBox};
use crate::format;
use crate::i18n::{tr, use_i18n};

/// How long the other side's "typing" shows after it was last heard, in milliseconds (the
/// server's window: a side that stops typing says nothing more).
const TYPING_SHOWN_MS: u64 = 6_000;
/// How often this side says it is typing, at most, in milliseconds.
const TYPING_EVERY_MS: f64 = 2_500.0;

/// Starts a chat (on `ticket_id`, or on a new ticket with the words typed) and opens its
/// ticket's page.
fn start(input: StartChatInput, busy: RwSignal<bool>, error: RwSignal<Option<ApiError>>) {
    let navigate = use_navigate();
    busy.set(true);
    error.set(None);
    leptos::task::spawn_local(async move {
        let result = call::<StartChat>(start_chat::Variables { input }).await;
        busy.set(false);
        match result {
            Ok(data) => {
                if let Some(ticket) = data.start_chat.chat.ticket {
                    navigate(&format!("/tickets/{}", ticket.id), Default::default());
                }
            }
            Err(err) => error.set(Some(err)),
        }
    });
}

/// The customer's "chat with us": their first words, and the chat opens on its ticket.
#[component]
pub fn StartChatCard() -> impl IntoView {
    let i18n = use_i18n();
    let words = RwSignal::new(String::new());
    let busy = RwSignal::new(false);
    let error = RwSignal::new(None::<ApiError>);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let input = StartChatInput { ticket_id: None, message: Some(words.get_untracked()), language: Some(i18n.tag().to_owned()) };
        start(input, busy, error);
    };
    view! {
        <section class="card start-chat" aria-labelledby="start-chat-title">
            <h2 id="start-chat-title">{tr(|t| t.chat().start_title)}</h2>
            <p class="hint">{tr(|t| t.chat().start_intro)}</p>
            <form novalidate on:submit=submit>
                <div class="field">
                    <label for="chat-first-words">{tr(|t| t.chat().first_words)}</label>
                    <textarea
                        id="chat-first-words"
                        rows="3"
                        required
                        prop:value=move || words.get()
                        on:input=move |ev| words.set(event_target_value(&ev))
                    ></textarea>
                </div>
                <ErrorBox error=error />
                <div class="form-actions">
                    <button type="submit" class="button-primary" id="start-chat" disabled=move || busy.get()>
                        {tr(|t| t.chat().start)}
                    </button>
                </div>
            </form>
        </section>
    }
}

/// "Chat with an agent now", on the ticket the chatbot handed over.
#[component]
pub fn ChatNowButton(ticket_id: String) -> impl IntoView {
    let busy = RwSignal::new(false);
    let error = RwSignal::new(None::<ApiError>);
    let click = move |_| {
        start(StartChatInput { ticket_id: Some(ticket_id.clone()), message: None, language: None }, busy, error);
    };
    view! {
        <p class="page-actions">
            <button type="button" class="button-primary" id="chat-now" on:click=click disabled=move || busy.get()>
                {tr(|t| t.chat().chat_now)}
            </button>
        </p>
        <ErrorBox error=error />
    }
}

/// A function to call as this side types in chat `chat` (the live one, if any): it tells the
/// server at most every couple of seconds.
pub fn typing_notifier(chat: Signal<Option<String>>) -> impl Fn() + Clone + 'static {
    let last = Rc::new(Cell::new(f64::MIN));
    move || {
        let Some(chat_id) = chat.get_untracked() else { return };
        let now = js_sys::Date::now();
        if now - last.get() < TYPING_EVERY_MS {
            return;
        }
        last.set(now);
        // Typing is a hint: one that fails is not worth a word to the person typing.
        leptos::task::spawn_local(async move {
            let _ = call::<ChatTyping>(chat_typing::Variables { chat_id }).await;
        });
    }
}

/// The chat bar of a ticket's page: where its chat stands (live, with whom; or how it
/// ended), the other side typing, whether they have read this side's words, and ending it.
/// While the page shows something unread, it tells the server it was read.
#[component]
pub fn ChatBar(chat: Signal<Option<TicketDetailTicketChat>>, staff: bool, reload: Callback<()>) -> impl IntoView {
    let i18n = use_i18n();
    // "Typing" fades on its own: a side that stops typing says nothing more.
    let typing = RwSignal::new(false);
    let shown = Rc::new(Cell::new(0u32));
    Effect::new(move |_| {
        let Some(current) = chat.get() else { return };
        if current.other_typing {
            typing.set(true);
            let turn = shown.get().wrapping_add(1);
            shown.set(turn);
            let shown = shown.clone();
            set_timeout(
                move || {
                    if shown.get() == turn {
                        typing.set(false);
                    }
                },
                std::time::Duration::from_millis(TYPING_SHOWN_MS),
            );
        } else {
            typing.set(false);
        }
        if current.viewer_has_unread && current.status != ChatStatus::Ended {
            let chat_id = current.id.clone();
            leptos::task::spawn_local(async move {
                let _ = call::<MarkChatRead>(mark_chat_read::Variables { chat_id }).await;
            });
        }
    });
    let error = RwSignal::new(None::<ApiError>);
    let end = move |_| {
        let Some(current) = chat.get_untracked() else { return };
        error.set(None);
        leptos::task::spawn_local(async move {
            match call::<EndChat>(end_chat::Variables { chat_id: current.id }).await {
                Ok(_) => reload.run(()),
                Err(err) => error.set(Some(err)),
            }
        });
    };
    move || {
        let current = chat.get()?;
        let t = i18n.t().chat();
        let live = current.status != ChatStatus::Ended;
        let agent = current.agent.as_ref().map(|agent| agent.display_name.clone());
        let with = agent.map(|name| (t.with_agent)(&name)).unwrap_or_default();
        let receipt = if current.other_has_read { t.seen } else { t.delivered };
        Some(view! {
            <section class="card chat-bar" aria-labelledby="chat-bar-title" data-status=current.status.as_api() aria-live="polite">
                <h2 id="chat-bar-title">{(t.status_label)(current.status)} " " <span class="chat-agent">{with}</span></h2>
                {current.ending.map(|ending| view! { <p class="hint" id="chat-ending">{(t.ending_label)(ending)}</p> })}
                {live.then(|| view! {
                    {move || typing.get().then(|| view! {
                        <p class="chat-typing" id="chat-typing">{if staff { t.typing_customer } else { t.typing_agent }}</p>
                    })}
                    {current.viewer_has_written.then(|| view! {
                        <p class="hint chat-receipt" id="chat-receipt" data-seen=current.other_has_read.to_string()>{receipt}</p>
                    })}
                    <p class="page-actions">
                        <button type="button" class="secondary" id="end-chat" on:click=end>{t.end}</button>
                    </p>
                })}
                <ErrorBox error=error />
            </section>
        })
    }
}

/// The desk's live chats, longest waiting first, each a link to its ticket; kept current by
/// `liveChatsChanged` from the log's position taken before the first read.
#[component]
pub fn LiveChatsCard() -> impl IntoView {
    let i18n = use_i18n();
    let live: StoredValue<Option<Live>, LocalStorage> = StoredValue::new_local(None);
    on_cleanup(move || live.set_value(None));
    // Bumped at each change heard: the list is read again.
    let changes = RwSignal::new(0u32);
    let chats = LocalResource::new(move || {
        changes.track();
        async move {
            if live.with_value(Option::is_none) {
                // The position first: whatever changes after the read below is heard.
                let after = call::<LivePosition>(live_position::Variables {}).await?.live_position;
                live.set_value(Some(follow_chats(after, changes)));
            }
            call::<LiveChats>(live_chats::Variables {}).await.map(|data| data.live_chats)
        }
    });
    view! {
        <section class="card live-chats" aria-labelledby="live-chats-title">
            <h2 id="live-chats-title">{tr(|t| t.chat().live_title)}</h2>
            {move || loaded(chats.get(), move |chats| {
                if chats.is_empty() {
                    return view! { <p class="hint" id="no-live-chats">{tr(|t| t.chat().none_live)}</p> }.into_any();
                }
                let rows = chats
                    .into_iter()
                    .map(|chat| {
                        let t = i18n.t().chat();
                        let (status, unread) = (chat.status, chat.viewer_has_unread);
                        let agent = chat.agent.map(|agent| agent.display_name).unwrap_or_else(|| t.nobody_yet.to_owned());
                        let started = chat.started_at.clone();
                        let (href, title, customer) = match chat.ticket {
                            Some(ticket) => (
                                format!("/tickets/{}", ticket.id),
                                format!("{} · {}", ticket.number, ticket.subject),
                                ticket.customer.map(|customer| customer.name).unwrap_or_default(),
                            ),
                            None => (String::new(), String::new(), String::new()),
                        };
                        view! {
                            <li class="live-chat" data-status=status.as_api()>
                                <A href=href>{title}</A>
                                " · "
                                <span>{customer}</span>
                                " · "
                                <span class="badge">{move || (i18n.t().chat().status_label)(status)}</span>
                                " "
                                {unread.then(|| view! { <span class="badge unread">{move || i18n.t().chat().unread}</span> })}
                                <p class="hint">
                                    {agent} " · " <time datetime=chat.started_at>{move || format::date_time(i18n.tag(), &started)}</time>
                                </p>
                            </li>
                        }
                    })
                    .collect_view();
                view! { <ul id="live-chats">{rows}</ul> }.into_any()
            })}
        </section>
    }
}

/// Follows the live chats after position `after`, reading the list again at each change; told
/// it was away too long, it reads again and follows on from the log's position now.
fn follow_chats(after: String, changes: RwSignal<u32>) -> Live {
    let last = Rc::new(std::cell::RefCell::new(after));
    let variables = {
        let last = last.clone();
        move || live_chats_changed::Variables { after: Some(last.borrow().clone()) }
    };
    let heard = move |event: Result<serde_json::Value, ApiError>| match event {
        Ok(data) => {
            if let Some(position) = data.pointer("/liveChatsChanged/position").and_then(|p| p.as_str()) {
                *last.borrow_mut() = position.to_owned();
            }
            changes.update(|n| *n = n.wrapping_add(1));
        }
        Err(err) if err.input_reason() == Some(InputReason::ResyncRequired) => {
            let last = last.clone();
            leptos::task::spawn_local(async move {
                if let Ok(now) = call::<LivePosition>(live_position::Variables {}).await {
                    *last.borrow_mut() = now.live_position;
                }
                changes.update(|n| *n = n.wrapping_add(1));
            });
        }
        Err(_) => {}
    };
    live::follow::<LiveChatsChanged>(variables, heard, |_| ())
}
