//! A ticket's page: what it is about, its service level clocks (due, met, missed, paused),
//! the conversation (internal notes only for staff, as the server sends them), the form to
//! write on it (the desk replies or notes and sets the status the reply leaves it in; the
//! customer's side answers), the desk's status moves, and the SLA timeline with who and why.
//! The conversation, the emails and the status are live: the page takes the event log's
//! position, reads the ticket, follows it from there, and at each change (the customer's
//! email, a colleague's reply) reads it again into those parts only — the form, and what a
//! person is typing in it, stay as they are. After a lost connection it resumes from the last
//! change heard.

use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::{use_navigate, use_params_map};

use crate::api::client::{blob_url, fetch_document};
use crate::api::live::{self, Live, LiveState};
use crate::api::ops::ticket_detail::{
    TicketDetailTicket, TicketDetailTicketCalls, TicketDetailTicketEmails, TicketDetailTicketEmailsAttachments, TicketDetailTicketMessages,
    TicketDetailTicketSlaClocks, TicketDetailTicketSlaTimeline, TicketDetailTicketSurvey, TicketDetailTicketTexts, Variables,
};
use crate::api::ops::TaskSubject;
use crate::api::ops::{
    add_ticket_message, apply_ticket_macro, draft_article_from_ticket, rate_ticket, send_email_again, set_ticket_status, tag_ticket,
    ticket_macros, AddTicketMessage, ApplyTicketMacro, DraftArticleFromTicket, EmailDirection, EmailStatus, PrincipalKind, RateTicket,
    SendEmailAgain, SetTicketStatus, TagTicket, TicketDetail, TicketMacros, TicketMessageKind, TicketStatus,
};
use crate::api::ops::{live_position, ticket_changed, LivePosition, TicketChanged};
use crate::api::ops::{ChatStatus, InteractionDirection};
use crate::api::{call, ApiError, InputReason};
use crate::app::use_viewer;
use crate::components::{loaded, option_list, ErrorBox};
use crate::format;
use crate::i18n::timeline::Texts as LiveTexts;
use crate::i18n::{tr, use_i18n};
use crate::pages::service::chat::{typing_notifier, ChatBar};
use crate::pages::service::related::RelatedTickets;
use crate::pages::service::script_runner::{RunPlace, ScriptRunner, TicketScriptRuns};
use crate::pages::service::{PriorityBadge, StatusBadge, TagLinks};
use crate::pages::tasks::{TasksOf, TasksSection};
use std::cell::{Cell, RefCell};
use std::rc::Rc;

#[component]
pub fn TicketPage() -> impl IntoView {
    let params = use_params_map();
    let id = move || params.with(|params| params.get("id").unwrap_or_default());
    // The ticket followed (its id) and the subscription, dropped with the page; `fresh` is the
    // ticket as last read after a change heard, for the parts that follow it.
    let followed = StoredValue::new(None::<String>);
    let live: StoredValue<Option<Live>, LocalStorage> = StoredValue::new_local(None);
    on_cleanup(move || live.set_value(None));
    let fresh = RwSignal::new(None::<TicketDetailTicket>);
    // Where the page's live connection stands, shown beside the status.
    let state = RwSignal::new(LiveState::Connecting);
    let ticket = LocalResource::new(move || {
        let id = id();
        async move {
            fresh.set(None);
            if followed.get_value().as_ref() != Some(&id) {
                // The position first: whatever changes after the read below is heard.
                let after = call::<LivePosition>(live_position::Variables {}).await?.live_position;
                followed.set_value(Some(id.clone()));
                live.set_value(Some(follow_ticket(id.clone(), after, (fresh, state), followed)));
            }
            call::<TicketDetail>(Variables { id }).await.map(|data| data.ticket)
        }
    });
    let reload = Callback::new(move |()| ticket.refetch());
    view! {
        <div class="page ticket-page">
            <p class="breadcrumb">
                <A href="/tickets">{tr(|t| t.service().back_to_tickets)}</A>
            </p>
            {move || loaded(ticket.get(), |ticket| view! { <Ticket ticket=ticket fresh=fresh state=state reload=reload /> }.into_any())}
        </div>
    }
}

/// Follows ticket `id` after position `after`: at each change it reads the ticket into
/// `fresh`; a new connection resumes after the last change heard, and `state` says where the
/// connection stands. Told that it was away too long, it reads the ticket again and follows on
/// from the log's position now.
fn follow_ticket(
    id: String,
    after: String,
    (fresh, state): (RwSignal<Option<TicketDetailTicket>>, RwSignal<LiveState>),
    followed: StoredValue<Option<String>>,
) -> Live {
    let last = Rc::new(RefCell::new(after));
    let variables = {
        let (id, last) = (id.clone(), last.clone());
        move || ticket_changed::Variables { id: id.clone(), after: Some(last.borrow().clone()) }
    };
    // Reads started by changes in a row may answer out of order: only the latest is shown.
    let reads = Rc::new(Cell::new(0u32));
    let read_again = move |id: String| {
        let read = reads.get().wrapping_add(1);
        reads.set(read);
        let reads = reads.clone();
        leptos::task::spawn_local(async move {
            // A read that fails leaves the parts as they were; the next change reads again.
            if let Ok(data) = call::<TicketDetail>(Variables { id: id.clone() }).await {
                if reads.get() == read && followed.get_value().as_ref() == Some(&id) {
                    fresh.set(Some(data.ticket));
                }
            }
        });
    };
    let heard = move |event: Result<serde_json::Value, ApiError>| match event {
        Ok(data) => {
            if let Some(position) = data.pointer("/ticketChanged/position").and_then(|p| p.as_str()) {
                *last.borrow_mut() = position.to_owned();
            }
            read_again(id.clone());
        }
        Err(err) if err.input_reason() == Some(InputReason::ResyncRequired) => {
            let (id, last, read_again) = (id.clone(), last.clone(), read_again.clone());
            leptos::task::spawn_local(async move {
                if let Ok(now) = call::<LivePosition>(live_position::Variables {}).await {
                    *last.borrow_mut() = now.live_position;
                }
                read_again(id);
            });
        }
        // Not followed (signed out, no longer visible): the page still works as read.
        Err(_) => {}
    };
    live::follow::<TicketChanged>(variables, heard, move |now| state.set(now))
}

#[component]
fn Ticket(
    ticket: TicketDetailTicket,
    fresh: RwSignal<Option<TicketDetailTicket>>,
    state: RwSignal<LiveState>,
    reload: Callback<()>,
) -> impl IntoView {
    let i18n = use_i18n();
    let staff = use_viewer().kind == PrincipalKind::Staff;
    let (number, subject) = (ticket.number.clone(), ticket.subject.clone());
    let writable = ticket.viewer_can_write && ticket.status != TicketStatus::Closed;
    // The parts that follow the ticket live: as last read after a change, else as loaded.
    let read = StoredValue::new(ticket.clone());
    let current = move || fresh.get().unwrap_or_else(|| read.get_value());
    let messages = move || current().messages.into_iter().map(|message| view! { <Message message=message /> }).collect_view();
    let emails = move || {
        let emails = current().emails;
        (!emails.is_empty()).then(|| view! { <Emails emails=emails reload=reload /> })
    };
    let texts = move || {
        let texts = current().texts;
        (!texts.is_empty()).then(|| view! { <Texts texts=texts /> })
    };
    let status = move || current().status;
    let chat = Signal::derive(move || current().chat);
    let live_chat = Signal::derive(move || chat.get().filter(|chat| chat.status != ChatStatus::Ended).map(|chat| chat.id));
    view! {
        <article class="ticket" aria-labelledby="ticket-title" data-status=move || status().as_api()>
            <header class="page-header">
                <div>
                    <h1 id="ticket-title">{move || (i18n.t().service().ticket_title)(&number, &subject)}</h1>
                    <p class="subtitle">
                        {move || view! { <StatusBadge status=status() id="ticket-status" /> }}
                        " "
                        <PriorityBadge priority=ticket.priority />
                        {ticket.complaint.then(|| view! { " " <span class="badge complaint">{tr(|t| t.service().complaint)}</span> })}
                        " "
                        <span class="badge live-state" id="ticket-live" data-state=move || format!("{:?}", state.get()).to_lowercase() role="status">
                            {move || (i18n.of::<LiveTexts>().live_label)(state.get())}
                        </span>
                    </p>
                </div>
            </header>
            <div class="sections">
                <Facts ticket=ticket.clone() reload=reload />
                <RelatedTickets ticket=ticket.clone() reload=reload />
                <Clocks clocks=ticket.sla_clocks.clone() />
                <ChatBar chat=chat staff=staff reload=reload />
                <section class="card conversation" aria-labelledby="conversation-title">
                    <h2 id="conversation-title">{tr(|t| t.service().conversation)}</h2>
                    <ol class="messages">{messages}</ol>
                    {writable.then(|| view! { <WriteForm ticket=ticket.clone() live_chat=live_chat reload=reload /> })}
                </section>
                {(ticket.viewer_can_work && writable).then(|| view! { <Macros ticket=ticket.clone() reload=reload /> })}
                {ticket.viewer_can_work.then(|| view! { <StatusMove ticket=ticket.clone() reload=reload /> })}
                <LinkedArticles ticket=ticket.clone() />
                {ticket.survey.clone().map(|survey| view! { <Survey ticket_id=ticket.id.clone() survey=survey reload=reload /> })}
                {emails}
                {texts}
                {(!ticket.calls.is_empty()).then(|| view! { <Calls calls=ticket.calls.clone() /> })}
                {ticket.viewer_can_work.then(|| view! { <TicketScriptRuns ticket_id=ticket.id.clone() /> })}
                {(ticket.viewer_can_work && writable).then(|| view! {
                    <ScriptRunner place=RunPlace { call_id: None, ticket_id: Some(ticket.id.clone()), chatbot: false } />
                })}
                {staff.then(|| view! { <TasksSection of=TasksOf::Record(TaskSubject::Ticket, ticket.id.clone()) /> })}
                {staff.then(|| view! { <Timeline steps=ticket.sla_timeline.clone() /> })}
            </div>
        </article>
    }
}

#[component]
fn Facts(ticket: TicketDetailTicket, reload: Callback<()>) -> impl IntoView {
    let i18n = use_i18n();
    // Tags are the company's words: staff read them (the server sends none to others).
    let tags = (use_viewer().kind == PrincipalKind::Staff).then(|| {
        let editor = ticket.viewer_can_work.then(|| view! { <TagEditor ticket=ticket.clone() reload=reload /> });
        view! {
            <dt>{tr(|t| t.service().tags)}</dt>
            <dd id="ticket-tags">
                <TagLinks tags=ticket.tags.clone() />
                {editor}
            </dd>
        }
    });
    let customer = ticket.customer.map(|customer| view! { <A href=format!("/customers/{}", customer.id)>{customer.name}</A> });
    let queue = ticket.queue.map(|queue| queue.name).unwrap_or_default();
    let assignee = ticket.assignee.map(|user| user.display_name);
    let channel = ticket.channel;
    let category = ticket.category.unwrap_or_default();
    let (opened, opened_at) = (ticket.created_at.clone(), ticket.created_at);
    view! {
        <section class="card ticket-facts">
            <dl class="facts">
                <dt>{tr(|t| t.customer)}</dt>
                <dd>{customer}</dd>
                <dt>{tr(|t| t.service().queue)}</dt>
                <dd id="ticket-queue">{queue}</dd>
                <dt>{tr(|t| t.service().assignee)}</dt>
                <dd>{move || assignee.clone().unwrap_or_else(|| i18n.t().service().nobody.to_owned())}</dd>
                <dt>{tr(|t| t.service().channel)}</dt>
                <dd>{move || (i18n.t().service().channel_label)(channel)}</dd>
                <dt>{tr(|t| t.service().category)}</dt>
                <dd>{category}</dd>
                <dt>{tr(|t| t.service().opened)}</dt>
                <dd>
                    <time datetime=opened_at>{move || format::date_time(i18n.tag(), &opened)}</time>
                </dd>
                {tags}
            </dl>
        </section>
    }
}

/// The desk's tags of a ticket, as words separated by commas, saved in one change.
#[component]
fn TagEditor(ticket: TicketDetailTicket, reload: Callback<()>) -> impl IntoView {
    let text = RwSignal::new(ticket.tags.join(", "));
    let error = RwSignal::new(None::<ApiError>);
    let (id, version) = (ticket.id.clone(), ticket.version);
    let save = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let tags = text.get_untracked().split(',').map(str::trim).filter(|tag| !tag.is_empty()).map(str::to_owned).collect();
        let input = tag_ticket::UpdateTicketInput { id: id.clone(), version, tags: Some(tags), ..tag_ticket::UpdateTicketInput::default() };
        error.set(None);
        leptos::task::spawn_local(async move {
            match call::<TagTicket>(tag_ticket::Variables { input }).await {
                Ok(_) => reload.run(()),
                Err(err) => error.set(Some(err)),
            }
        });
    };
    view! {
        <form class="tag-editor inline-form" on:submit=save>
            <label for="ticket-tags-input" class="visually-hidden">{tr(|t| t.service().tags)}</label>
            <input id="ticket-tags-input" prop:value=move || text.get() on:input=move |ev| text.set(event_target_value(&ev)) placeholder=move || use_i18n().t().service().tags_hint />
            <button type="submit" id="save-tags">{tr(|t| t.service().save_tags)}</button>
            <ErrorBox error=error />
        </form>
    }
}

/// Each clock with where it stands: met, missed, paused or due.
#[component]
fn Clocks(clocks: Vec<TicketDetailTicketSlaClocks>) -> impl IntoView {
    let i18n = use_i18n();
    if clocks.is_empty() {
        return view! {
            <section class="card sla" aria-labelledby="sla-title">
                <h2 id="sla-title">{tr(|t| t.service().sla)}</h2>
                <p>{tr(|t| t.service().no_sla)}</p>
            </section>
        }
        .into_any();
    }
    let rows = clocks
        .into_iter()
        .map(|clock| {
            let target = clock.target;
            let minutes = clock.target_minutes;
            let (state, at) = match (&clock.breached_at, &clock.met_at, &clock.due_at) {
                (Some(breached), _, _) => ("breached", Some(breached.clone())),
                (None, Some(met), _) => ("met", Some(met.clone())),
                (None, None, Some(due)) => ("due", Some(due.clone())),
                _ => ("paused", None),
            };
            let text = move || {
                let s = i18n.t().service();
                match (state, &at) {
                    ("breached", Some(at)) => (s.breached_at)(&format::date_time(i18n.tag(), at)),
                    ("met", Some(at)) => (s.met_at)(&format::date_time(i18n.tag(), at)),
                    ("due", Some(at)) => (s.due_at)(&format::date_time(i18n.tag(), at)),
                    _ => s.paused.to_owned(),
                }
            };
            view! {
                <li class="sla-clock" data-target=target.as_api() data-state=state>
                    <strong>{move || (i18n.t().service().target_label)(target)}</strong>
                    ": "
                    <span>{text}</span>
                    " "
                    <small>{move || (i18n.t().service().target_minutes)(minutes)}</small>
                </li>
            }
        })
        .collect_view();
    view! {
        <section class="card sla" aria-labelledby="sla-title">
            <h2 id="sla-title">{tr(|t| t.service().sla)}</h2>
            <ul class="sla-clocks">{rows}</ul>
        </section>
    }
    .into_any()
}

#[component]
fn Message(message: TicketDetailTicketMessages) -> impl IntoView {
    let i18n = use_i18n();
    let kind = message.kind;
    let author = message.author.map(|author| author.display_name).unwrap_or_default();
    let (written, written_at) = (message.created_at.clone(), message.created_at);
    view! {
        <li class="message" class:internal=kind == TicketMessageKind::Note data-kind=kind.as_api()>
            <p class="message-head">
                <span class="badge message-kind">{move || (i18n.t().service().kind_label)(kind)}</span>
                " "
                <strong>{author}</strong>
                " "
                <time datetime=written_at>{move || format::date_time(i18n.tag(), &written)}</time>
            </p>
            <p class="message-body">{message.body}</p>
        </li>
    }
}

/// The statuses the desk may leave a ticket in with a reply.
const AFTER_REPLY: [TicketStatus; 4] =
    [TicketStatus::Open, TicketStatus::PendingCustomer, TicketStatus::PendingThirdParty, TicketStatus::Resolved];

#[component]
fn WriteForm(ticket: TicketDetailTicket, live_chat: Signal<Option<String>>, reload: Callback<()>) -> impl IntoView {
    let i18n = use_i18n();
    let typing = typing_notifier(live_chat);
    let desk = ticket.viewer_can_work;
    let body = RwSignal::new(String::new());
    let kind = RwSignal::new(TicketMessageKind::Reply.as_api().to_owned());
    let then = RwSignal::new(TicketStatus::Open.as_api().to_owned());
    let error = RwSignal::new(None::<ApiError>);
    let busy = RwSignal::new(false);
    let id = ticket.id.clone();
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let note = kind.get_untracked() == TicketMessageKind::Note.as_api();
        let input = add_ticket_message::AddTicketMessageInput {
            ticket_id: id.clone(),
            kind: desk.then(|| TicketMessageKind::from_api(&kind.get_untracked())).flatten(),
            body: body.get_untracked(),
            status: (desk && !note).then(|| TicketStatus::from_api(&then.get_untracked())).flatten(),
        };
        busy.set(true);
        error.set(None);
        leptos::task::spawn_local(async move {
            let result = call::<AddTicketMessage>(add_ticket_message::Variables { input }).await;
            busy.set(false);
            match result {
                Ok(_) => {
                    body.set(String::new());
                    reload.run(());
                }
                Err(err) => error.set(Some(err)),
            }
        });
    };
    let kinds = move || {
        let s = i18n.t().service();
        vec![
            (TicketMessageKind::Reply.as_api().to_owned(), s.reply.to_owned()),
            (TicketMessageKind::Note.as_api().to_owned(), s.note.to_owned()),
        ]
    };
    let statuses = move || {
        AFTER_REPLY
            .iter()
            .map(|status| (status.as_api().to_owned(), (i18n.t().service().status_label)(*status).to_owned()))
            .collect::<Vec<_>>()
    };
    let is_reply = move || kind.get() == TicketMessageKind::Reply.as_api();
    view! {
        <form class="write-form" novalidate on:submit=submit aria-labelledby="write-title">
            <h3 id="write-title">{tr(|t| t.service().write)}</h3>
            {desk
                .then(|| {
                    view! {
                        <div class="field">
                            <label for="message-kind">{tr(|t| t.service().message_kind)}</label>
                            <select id="message-kind" prop:value=move || kind.get() on:change=move |ev| kind.set(event_target_value(&ev))>
                                {move || option_list(&kind.get_untracked(), kinds())}
                            </select>
                        </div>
                    }
                })}
            <div class="field">
                <label for="message-body">{tr(|t| t.service().message)}</label>
                <textarea id="message-body" rows="4" required prop:value=move || body.get() on:input=move |ev| {
                    body.set(event_target_value(&ev));
                    typing();
                }></textarea>
            </div>
            {desk
                .then(|| {
                    view! {
                        <Show when=is_reply>
                            <div class="field">
                                <label for="reply-status">{tr(|t| t.service().then_status)}</label>
                                <select id="reply-status" prop:value=move || then.get() on:change=move |ev| then.set(event_target_value(&ev))>
                                    {move || option_list(&then.get_untracked(), statuses())}
                                </select>
                            </div>
                        </Show>
                    }
                })}
            <ErrorBox error=error />
            <div class="form-actions">
                <button type="submit" class="button-primary" id="send-message" disabled=move || busy.get()>
                    {tr(|t| t.service().send)}
                </button>
            </div>
        </form>
    }
}

/// Where the desk may move the ticket from its status (the server checks the same rules).
fn next_statuses(status: TicketStatus) -> Vec<TicketStatus> {
    use TicketStatus::*;
    match status {
        New | Open | PendingCustomer | PendingThirdParty => {
            [Open, PendingCustomer, PendingThirdParty, Resolved].into_iter().filter(|next| *next != status).collect()
        }
        Resolved => vec![Open, Closed],
        Closed => Vec::new(),
    }
}

#[component]
fn StatusMove(ticket: TicketDetailTicket, reload: Callback<()>) -> impl IntoView {
    let i18n = use_i18n();
    let choices = next_statuses(ticket.status);
    if choices.is_empty() {
        return ().into_any();
    }
    let first = choices[0].as_api().to_owned();
    let next = RwSignal::new(first);
    let error = RwSignal::new(None::<ApiError>);
    let busy = RwSignal::new(false);
    let (id, version) = (ticket.id.clone(), ticket.version);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let Some(status) = TicketStatus::from_api(&next.get_untracked()) else { return };
        let input = set_ticket_status::SetTicketStatusInput { id: id.clone(), version, status, reason: None };
        busy.set(true);
        error.set(None);
        leptos::task::spawn_local(async move {
            let result = call::<SetTicketStatus>(set_ticket_status::Variables { input }).await;
            busy.set(false);
            match result {
                Ok(_) => reload.run(()),
                Err(err) => error.set(Some(err)),
            }
        });
    };
    let options = move || {
        choices.iter().map(|status| (status.as_api().to_owned(), (i18n.t().service().status_label)(*status).to_owned())).collect::<Vec<_>>()
    };
    view! {
        <form class="card status-move" novalidate on:submit=submit>
            <div class="field">
                <label for="next-status">{tr(|t| t.service().move_to)}</label>
                <select id="next-status" prop:value=move || next.get() on:change=move |ev| next.set(event_target_value(&ev))>
                    {move || option_list(&next.get_untracked(), options())}
                </select>
            </div>
            <ErrorBox error=error />
            <div class="form-actions">
                <button type="submit" id="move-status" disabled=move || busy.get()>{tr(|t| t.service().move_to)}</button>
            </div>
        </form>
    }
    .into_any()
}

#[component]
fn Timeline(steps: Vec<TicketDetailTicketSlaTimeline>) -> impl IntoView {
    let i18n = use_i18n();
    let rows = steps
        .into_iter()
        .map(|step| {
            let (target, kind) = (step.target, step.kind);
            let (at, at_attr) = (step.at.clone(), step.at);
            let actor = step.actor.map(|actor| actor.display_name);
            let reason = step.reason;
            view! {
                <li data-kind=kind.as_api() data-target=target.as_api()>
                    <time datetime=at_attr>{move || format::date_time(i18n.tag(), &at)}</time>
                    " · "
                    {move || format!("{} {}", (i18n.t().service().target_label)(target), (i18n.t().service().event_label)(kind))}
                    " · "
                    {move || actor.clone().unwrap_or_else(|| i18n.t().service().sla_job.to_owned())}
                    " · "
                    <span class="reason">{reason.clone()}</span>
                </li>
            }
        })
        .collect_view();
    view! {
        <section class="card sla-timeline" aria-labelledby="timeline-title">
            <h2 id="timeline-title">{tr(|t| t.service().timeline)}</h2>
            <ol>{rows}</ol>
        </section>
    }
}

/// The phone calls about the ticket (staff): when, who answered, how it ended, the notes.
#[component]
fn Calls(calls: Vec<TicketDetailTicketCalls>) -> impl IntoView {
    let i18n = use_i18n();
    let rows = calls
        .into_iter()
        .map(|call| {
            let (at, at_attr) = (call.started_at.clone(), call.started_at);
            let (status, outcome) = (call.status, call.outcome);
            let agent = call.agent.map(|agent| agent.display_name);
            let duration = call.duration_seconds.map(|seconds| move || (i18n.t().calls().duration)(seconds));
            view! {
                <li data-status=status.as_api()>
                    <time datetime=at_attr>{move || format::date_time(i18n.tag(), &at)}</time>
                    " · "
                    {move || i18n.t().calls().result(status, outcome)}
                    {agent.map(|agent| view! { " · " {agent} })}
                    {duration.map(|duration| view! { " · " {duration} })}
                    {call.wrap_up_notes.map(|notes| view! { <p class="call-notes">{notes}</p> })}
                </li>
            }
        })
        .collect_view();
    view! {
        <section class="card ticket-calls" aria-labelledby="ticket-calls-title">
            <h2 id="ticket-calls-title">{tr(|t| t.calls().ticket_calls)}</h2>
            <ol>{rows}</ol>
        </section>
    }
}

/// The ticket's text messages (the desk): what came in and went out, and where each stands.
#[component]
fn Texts(texts: Vec<TicketDetailTicketTexts>) -> impl IntoView {
    let i18n = use_i18n();
    let rows = texts
        .into_iter()
        .rev()
        .map(|text| {
            let (status, direction) = (text.status, text.direction);
            let party = match direction {
                InteractionDirection::Inbound => (i18n.t().email().received_from)(&text.from),
                InteractionDirection::Outbound => (i18n.t().email().sent_to)(&text.to),
            };
            let (at, at_attr) = (text.created_at.clone(), text.created_at);
            let attempts = (direction == InteractionDirection::Outbound && text.attempts > 0).then_some(text.attempts);
            view! {
                <li class="email" data-status=status.as_api() data-direction=direction.as_api()>
                    <p>
                        <strong>{party}</strong>
                        " · "
                        <time datetime=at_attr>{move || format::date_time(i18n.tag(), &at)}</time>
                        " · "
                        <span class="badge text-status">{move || (i18n.t().chat().text_status)(status)}</span>
                        {attempts.map(|n| view! { " · " {move || (i18n.t().email().attempts)(n)} })}
                    </p>
                    <p class="message-body">{text.text}</p>
                    {text.problem.map(|problem| view! { <p class="hint">{problem}</p> })}
                </li>
            }
        })
        .collect_view();
    view! {
        <section class="card ticket-texts" aria-labelledby="ticket-texts-title">
            <h2 id="ticket-texts-title">{tr(|t| t.chat().texts)}</h2>
            <ol class="emails">{rows}</ol>
        </section>
    }
}

/// The ticket's emails (the desk): what came in and went out, where each stands, the files
/// that came with them; a failed or interrupted one can be sent again.
#[component]
fn Emails(emails: Vec<TicketDetailTicketEmails>, reload: Callback<()>) -> impl IntoView {
    let rows = emails.into_iter().rev().map(|email| view! { <EmailRow email=email reload=reload /> }).collect_view();
    view! {
        <section class="card ticket-emails" aria-labelledby="ticket-emails-title">
            <h2 id="ticket-emails-title">{tr(|t| t.email().emails)}</h2>
            <ol class="emails">{rows}</ol>
        </section>
    }
}

#[component]
fn EmailRow(email: TicketDetailTicketEmails, reload: Callback<()>) -> impl IntoView {
    let i18n = use_i18n();
    let error = RwSignal::new(None::<ApiError>);
    let (status, kind, direction) = (email.status, email.kind, email.direction);
    let party = match direction {
        EmailDirection::Inbound => email.from.clone(),
        EmailDirection::Outbound => email.to.join(", "),
    };
    let who = move || match direction {
        EmailDirection::Inbound => (i18n.t().email().received_from)(&party),
        EmailDirection::Outbound => (i18n.t().email().sent_to)(&party),
    };
    let (at, at_attr) = (email.created_at.clone(), email.created_at.clone());
    let attempts = email.attempts;
    let retriable = matches!(status, EmailStatus::Failed | EmailStatus::Interrupted);
    let id = email.id.clone();
    let send_again = move |_| {
        let id = id.clone();
        error.set(None);
        leptos::task::spawn_local(async move {
            match call::<SendEmailAgain>(send_email_again::Variables { id }).await {
                Ok(_) => reload.run(()),
                Err(err) => error.set(Some(err)),
            }
        });
    };
    let files = email.attachments.into_iter().map(|file| view! { <AttachmentLink file=file /> }).collect_view();
    view! {
        <li class="email" data-status=status.as_api() data-direction=direction.as_api()>
            <p>
                <strong>{who}</strong>
                " · "
                <time datetime=at_attr>{move || format::date_time(i18n.tag(), &at)}</time>
                " · "
                <span class="badge email-status">{move || (i18n.t().email().status_label)(status)}</span>
                {(kind != crate::api::ops::EmailKind::Message).then(|| view! { " · " {move || (i18n.t().email().kind_label)(kind)} })}
                {(direction == EmailDirection::Outbound && attempts > 1)
                    .then(|| view! { " · " {move || (i18n.t().email().attempts)(attempts)} })}
            </p>
            <p class="email-subject">{email.subject.clone()}</p>
            {email.problem.clone().map(|problem| view! { <p class="email-problem">{problem}</p> })}
            <ul class="email-files">{files}</ul>
            {retriable.then(|| view! {
                <button type="button" class="send-again" on:click=send_again>{tr(|t| t.email().send_again)}</button>
            })}
            <ErrorBox error=error />
        </li>
    }
}

/// A received file, downloaded with the session's credentials (the server wants them).
#[component]
fn AttachmentLink(file: TicketDetailTicketEmailsAttachments) -> impl IntoView {
    let i18n = use_i18n();
    let failed = RwSignal::new(false);
    let (url, name) = (file.url.clone(), file.file_name.clone());
    let download = move |_| {
        let (url, name) = (url.clone(), name.clone());
        failed.set(false);
        leptos::task::spawn_local(async move {
            let saved = match fetch_document(&url).await {
                Ok((bytes, kind)) => blob_url(&bytes, &kind).is_some_and(|blob| save_as(&blob, &name)),
                Err(_) => false,
            };
            failed.set(!saved);
        });
    };
    let size = file.size;
    view! {
        <li>
            <button type="button" class="attachment" on:click=download>{file.file_name.clone()}</button>
            " (" {move || format::file_size(i18n.tag(), size)} ")"
            {move || failed.get().then(|| view! { <span class="error" role="alert">" " {i18n.t().email().download_failed}</span> })}
        </li>
    }
}

/// Has the browser save the `blob:` URL as `name`.
fn save_as(blob: &str, name: &str) -> bool {
    use wasm_bindgen::JsCast;
    let Some(document) = web_sys::window().and_then(|window| window.document()) else { return false };
    let Ok(link) = document.create_element("a") else { return false };
    let Ok(link) = link.dyn_into::<web_sys::HtmlAnchorElement>() else { return false };
    link.set_href(blob);
    link.set_download(name);
    link.click();
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_closed_ticket_goes_nowhere_and_a_resolved_one_reopens_or_closes() {
        assert!(next_statuses(TicketStatus::Closed).is_empty());
        assert_eq!(next_statuses(TicketStatus::Resolved), vec![TicketStatus::Open, TicketStatus::Closed]);
        assert!(!next_statuses(TicketStatus::Open).contains(&TicketStatus::Open));
        assert!(!next_statuses(TicketStatus::New).contains(&TicketStatus::Closed));
    }
}

/// The knowledge articles linked to the ticket, and for the desk the way to write one from it
/// (its question and resolution prefilled).
#[component]
fn LinkedArticles(ticket: TicketDetailTicket) -> impl IntoView {
    let i18n = use_i18n();
    let error = RwSignal::new(None::<ApiError>);
    let busy = RwSignal::new(false);
    let navigate = use_navigate();
    let ticket_id = ticket.id.clone();
    let draft = move |_| {
        let input = draft_article_from_ticket::DraftFromTicketInput {
            ticket_id: ticket_id.clone(),
            locale: if i18n.tag() == "it" { crate::api::ops::ArticleLocale::It } else { crate::api::ops::ArticleLocale::En },
        };
        busy.set(true);
        let navigate = navigate.clone();
        leptos::task::spawn_local(async move {
            let result = call::<DraftArticleFromTicket>(draft_article_from_ticket::Variables { input }).await;
            busy.set(false);
            match result {
                Ok(data) => navigate(&format!("/knowledge/{}/edit", data.draft_article_from_ticket.article.id), Default::default()),
                Err(err) => error.set(Some(err)),
            }
        });
    };
    let empty = ticket.articles.is_empty();
    let articles = ticket
        .articles
        .into_iter()
        .map(|article| view! { <li><A href=format!("/knowledge/{}", article.id)>{article.title}</A></li> })
        .collect_view();
    view! {
        <section class="card ticket-articles" aria-labelledby="ticket-articles-title">
            <h2 id="ticket-articles-title">{tr(|t| t.knowledge().linked_articles)}</h2>
            {if empty {
                view! { <p>{tr(|t| t.knowledge().no_linked_articles)}</p> }.into_any()
            } else {
                view! { <ul id="ticket-articles">{articles}</ul> }.into_any()
            }}
            {ticket
                .viewer_can_work
                .then(|| {
                    view! {
                        <button type="button" id="draft-article" disabled=move || busy.get() on:click=draft>
                            {tr(|t| t.knowledge().draft_from_ticket)}
                        </button>
                    }
                })}
            <ErrorBox error=error />
        </section>
    }
}

/// The ticket's satisfaction survey: the customer rates it once (1–5 and a comment); everyone
/// who reads the ticket sees the rating, the desk also who recovers a low one.
#[component]
fn Survey(ticket_id: String, survey: TicketDetailTicketSurvey, reload: Callback<()>) -> impl IntoView {
    let i18n = use_i18n();
    let customer = use_viewer().kind == PrincipalKind::Customer;
    let body = match survey.score {
        Some(score) => {
            let comment = survey.comment.clone();
            let recovery = survey.recovery_owner.clone().map(|user| user.display_name);
            view! {
                <p id="survey-score" data-score=score>
                    <strong>{move || (i18n.t().service().rated)(score)}</strong>
                    {comment.map(|c| view! { " · “" {c} "”" })}
                </p>
                {recovery.map(|name| view! { <p>{move || (i18n.t().service().recovery_by)(&name)}</p> })}
            }
            .into_any()
        }
        None if customer => view! { <RateForm ticket_id=ticket_id reload=reload /> }.into_any(),
        None => view! { <p>{tr(|t| t.service().waiting_rating)}</p> }.into_any(),
    };
    view! {
        <section class="card ticket-survey" aria-labelledby="survey-title">
            <h2 id="survey-title">{tr(|t| t.service().survey)}</h2>
            {body}
        </section>
    }
}

#[component]
fn RateForm(ticket_id: String, reload: Callback<()>) -> impl IntoView {
    let i18n = use_i18n();
    let score = RwSignal::new(None::<i64>);
    let comment = RwSignal::new(String::new());
    let error = RwSignal::new(None::<ApiError>);
    let busy = RwSignal::new(false);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let Some(value) = score.get_untracked() else { return };
        let input = rate_ticket::RateTicketInput {
            ticket_id: ticket_id.clone(),
            score: value,
            comment: crate::components::non_empty(comment.get_untracked()),
        };
        busy.set(true);
        leptos::task::spawn_local(async move {
            let result = call::<RateTicket>(rate_ticket::Variables { input }).await;
            busy.set(false);
            match result {
                Ok(_) => reload.run(()),
                Err(err) => error.set(Some(err)),
            }
        });
    };
    let choices = (1..=5_i64)
        .map(|value| {
            view! {
                <label class="score-choice">
                    <input type="radio" name="score" id=format!("score-{value}") value=value on:change=move |_| score.set(Some(value)) />
                    {move || (i18n.t().service().score_label)(value)}
                </label>
            }
        })
        .collect_view();
    view! {
        <form class="rate-form" novalidate on:submit=submit>
            <fieldset>
                <legend>{tr(|t| t.service().how_satisfied)}</legend>
                <div class="score-choices">{choices}</div>
            </fieldset>
            <div class="field">
                <label for="survey-comment">{tr(|t| t.service().survey_comment)}</label>
                <textarea id="survey-comment" rows="3" prop:value=move || comment.get() on:input=move |ev| comment.set(event_target_value(&ev))></textarea>
            </div>
            <ErrorBox error=error />
            <button type="submit" class="button-primary" id="send-rating" disabled=move || busy.get() || score.get().is_none()>
                {tr(|t| t.service().rate)}
            </button>
        </form>
    }
}

/// The desk's macros for the ticket's queue: a canned reply and its changes in one click.
#[component]
fn Macros(ticket: TicketDetailTicket, reload: Callback<()>) -> impl IntoView {
    let queue_id = ticket.queue.as_ref().map(|queue| queue.id.clone());
    let offered = LocalResource::new(move || {
        let queue_id = queue_id.clone();
        async move { call::<TicketMacros>(ticket_macros::Variables { queue_id }).await.map(|data| data.ticket_macros) }
    });
    let chosen = RwSignal::new(String::new());
    let error = RwSignal::new(None::<ApiError>);
    let busy = RwSignal::new(false);
    let ticket_id = ticket.id.clone();
    let apply = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let macro_id = chosen.get_untracked();
        if macro_id.is_empty() {
            return;
        }
        let input = apply_ticket_macro::ApplyTicketMacroInput { ticket_id: ticket_id.clone(), macro_id };
        busy.set(true);
        leptos::task::spawn_local(async move {
            let result = call::<ApplyTicketMacro>(apply_ticket_macro::Variables { input }).await;
            busy.set(false);
            match result {
                Ok(_) => reload.run(()),
                Err(err) => error.set(Some(err)),
            }
        });
    };
    move || {
        let list = match offered.get() {
            Some(Ok(list)) if !list.is_empty() => list,
            _ => return None,
        };
        if chosen.get_untracked().is_empty() {
            chosen.set(list[0].id.clone());
        }
        let options = list.into_iter().map(|m| (m.id, m.name)).collect::<Vec<_>>();
        let apply = apply.clone();
        Some(view! {
            <section class="card ticket-macros" aria-labelledby="macros-title">
                <h2 id="macros-title">{tr(|t| t.service().macros)}</h2>
                <form class="macro-form" on:submit=apply>
                    <div class="field">
                        <label for="ticket-macro">{tr(|t| t.service().macro_label)}</label>
                        <select id="ticket-macro" prop:value=move || chosen.get() on:change=move |ev| chosen.set(event_target_value(&ev))>
                            {option_list(&chosen.get_untracked(), options)}
                        </select>
                    </div>
                    <ErrorBox error=error />
                    <button type="submit" id="apply-macro" disabled=move || busy.get()>{tr(|t| t.service().apply_macro)}</button>
                </form>
            </section>
        })
    }
}
