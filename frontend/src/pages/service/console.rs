//! The agent's console above the ticket list: the views of the desk's work, each with how many
//! tickets it holds now (the built-in ones, then the ticket views the person saved or
//! colleagues share), counted in one request; and what reached the person (a time due near,
//! an escalation), in their working hours, marked read here. Both are read again when a
//! notification arrives live.

use leptos::prelude::*;
use leptos_router::components::A;

use crate::api::live::{self, Live};
use crate::api::ops::desk_console::DeskConsoleNotificationsNodes;
use crate::api::ops::{
    desk_console, mark_notifications_read, my_notifications, ticket_counts, DeskConsole as DeskConsoleQuery, MarkNotificationsRead,
    MyNotifications, TicketCounts,
};
use crate::api::{call, ApiError};
use crate::components::{error_text, loaded};
use crate::format;
use crate::i18n::{tr, use_i18n, Texts};
use crate::pages::service::list::{count_filter, NOT_RESOLVED};
use crate::saved_views::Suggested;

/// The views every desk user has: their open work, what waits in the queues, what falls due
/// soon, what is overdue.
pub fn desk_views() -> Vec<Suggested> {
    let view = |name: fn(&Texts) -> &'static str, query: String| Suggested { name, query };
    vec![
        view(|t| t.service().view_mine, format!("?mine=1&status={NOT_RESOLVED}")),
        view(|t| t.service().view_queues, format!("?status={NOT_RESOLVED}&unassigned=1")),
        view(|t| t.service().view_at_risk, "?risk=1".into()),
        view(|t| t.service().view_overdue, "?overdue=1".into()),
        // The inbox of each channel whose replies go back the same way.
        view(|t| t.service().view_email, format!("?status={NOT_RESOLVED}&channel=EMAIL")),
        view(|t| t.service().view_chats, format!("?status={NOT_RESOLVED}&channel=CHAT")),
        view(|t| t.service().view_texts, format!("?status={NOT_RESOLVED}&channel=SMS")),
    ]
}

/// A view's name: one of the app's, or one a person gave.
#[derive(Clone)]
enum ViewName {
    BuiltIn(fn(&Texts) -> &'static str),
    Saved(String),
}

/// One view of the console: its name, the list's query string, and how many tickets it holds
/// (counted up to the server's limit: `more` when there are more).
#[derive(Clone)]
struct CountedView {
    name: ViewName,
    query: String,
    count: i64,
    more: bool,
}

/// What the console shows.
#[derive(Clone)]
struct Console {
    views: Vec<CountedView>,
    unread: i64,
    notifications: Vec<DeskConsoleNotificationsNodes>,
}

/// The most views counted (the server's limit per request).
const MAX_VIEWS: usize = 20;

async fn load_console() -> Result<Console, ApiError> {
    let data = call::<DeskConsoleQuery>(desk_console::Variables {}).await?;
    let mut views: Vec<(ViewName, String)> = desk_views().into_iter().map(|view| (ViewName::BuiltIn(view.name), view.query)).collect();
    views.extend(data.saved_views.into_iter().map(|view| (ViewName::Saved(view.name), view.query)));
    views.truncate(MAX_VIEWS);
    let filters = views.iter().map(|(_, query)| count_filter(query)).collect();
    let counts = call::<TicketCounts>(ticket_counts::Variables { filters }).await?.ticket_counts;
    Ok(Console {
        views: views
            .into_iter()
            .zip(counts)
            .map(|((name, query), counted)| CountedView { name, query, count: counted.count, more: counted.more })
            .collect(),
        unread: data.unread_notification_count,
        notifications: data.notifications.nodes,
    })
}

#[component]
pub fn DeskConsole() -> impl IntoView {
    let reload = RwSignal::new(0_u32);
    let console = LocalResource::new(move || {
        reload.track();
        load_console()
    });
    let changed = Callback::new(move |()| reload.update(|n| *n += 1));
    // A notification reaching the person: read the console again (its counts moved too).
    let live: StoredValue<Option<Live>, LocalStorage> = StoredValue::new_local(None);
    live.set_value(Some(live::subscribe::<MyNotifications>(my_notifications::Variables {}, move |_| changed.run(()), |_| ())));
    on_cleanup(move || live.set_value(None));
    view! {
        <div class="desk-console">
            {move || loaded(console.get(), move |console| view! { <Views views=console.views.clone() /> <ForYou console=console changed=changed /> }.into_any())}
        </div>
    }
}

#[component]
fn Views(views: Vec<CountedView>) -> impl IntoView {
    let i18n = use_i18n();
    let items = views
        .into_iter()
        .map(|view| {
            let href = format!("/tickets{}", if view.query.starts_with('?') { view.query.clone() } else { format!("?{}", view.query) });
            let name = view.name.clone();
            let label = move || match &name {
                ViewName::BuiltIn(name) => name(i18n.t()).to_owned(),
                ViewName::Saved(name) => name.clone(),
            };
            view! {
                <li>
                    <A href=href attr:class="view-count">
                        <span class="view-name">{label}</span>
                        " "
                        <span class="count" data-count=view.count>{move || format::at_least(i18n.tag(), view.count, view.more)}</span>
                    </A>
                </li>
            }
        })
        .collect_view();
    view! {
        <nav class="card views-card" aria-labelledby="desk-views-title">
            <h2 id="desk-views-title">{tr(|t| t.service().views_title)}</h2>
            <ul class="view-counts">{items}</ul>
        </nav>
    }
}

#[component]
fn ForYou(console: Console, changed: Callback<()>) -> impl IntoView {
    let i18n = use_i18n();
    let error = RwSignal::new(None::<ApiError>);
    let mark = move |ids: Vec<String>, all: bool| {
        error.set(None);
        leptos::task::spawn_local(async move {
            let input = mark_notifications_read::MarkNotificationsReadInput { ids, all };
            match call::<MarkNotificationsRead>(mark_notifications_read::Variables { input }).await {
                Ok(_) => changed.run(()),
                Err(err) => error.set(Some(err)),
            }
        });
    };
    let unread = console.unread;
    let items = console
        .notifications
        .into_iter()
        .map(|notice| {
            let id = notice.id.clone();
            let kind = notice.kind;
            let target = notice.target;
            let due = notice.due_at.clone();
            let ticket = notice.ticket.map(|ticket| {
                view! { <A href=format!("/tickets/{}", ticket.id)>{format!("{} · {}", ticket.number, ticket.subject)}</A> }
            });
            let reached = notice.reached_at.clone();
            let reached_at = notice.reached_at;
            view! {
                <li class="notification" data-kind=kind.as_api()>
                    <strong>{move || (i18n.t().service().notification_label)(kind)}</strong>
                    {target.map(|target| view! { " · " {move || (i18n.t().service().target_label)(target)} })}
                    {due.map(|due| view! { " · " {move || (i18n.t().service().due_by)(&format::date_time(i18n.tag(), &due))} })}
                    " "
                    {ticket}
                    " "
                    <time class="muted" datetime=reached_at>{move || format::date_time(i18n.tag(), &reached)}</time>
                    " "
                    <button type="button" class="button-link mark-read" on:click=move |_| mark(vec![id.clone()], false)>
                        {tr(|t| t.service().mark_read)}
                    </button>
                </li>
            }
        })
        .collect_view();
    view! {
        <section class="card for-you" aria-labelledby="for-you-title">
            <h2 id="for-you-title">
                {tr(|t| t.service().for_you)}
                " "
                <span class="badge" id="unread-count" data-count=unread>{move || (i18n.t().service().unread)(unread as u64)}</span>
            </h2>
            {if unread == 0 {
                view! { <p class="empty">{tr(|t| t.service().nothing_for_you)}</p> }.into_any()
            } else {
                view! {
                    <ul class="notifications">{items}</ul>
                    <button type="button" class="button-link" id="mark-all-read" on:click=move |_| mark(Vec::new(), true)>
                        {tr(|t| t.service().mark_all_read)}
                    </button>
                }
                    .into_any()
            }}
            {move || error.get().map(|error| view! { <p class="field-error" role="alert">{error_text(i18n.t(), &error)}</p> })}
        </section>
    }
}
