//! The customer's timeline: every contact with it in any channel, newest first — what people
//! logged (calls, meetings, visits, emails) and what each module recorded where it happened
//! (tickets and their replies, quotes sent and answered, orders and their progress, survey
//! answers). Narrowed by channel and by what happened, read 20 at a time; staff and partner
//! users log a contact that happened from the same card. A customer reads its own timeline
//! (what is not internal) in its self-service area.
//!
//! The card is live: after the first page it follows the timeline from that page's position,
//! so an entry recorded anywhere (a reply by email, a colleague's call, the ERP's status)
//! appears without a reload; after a lost connection it resumes from the last position heard
//! and receives what it missed first.

use leptos::prelude::*;
use leptos_router::components::A;

use crate::api::live::{self, Live, LiveState};
use crate::api::ops::customer_timeline::{TimelineEntry as Entry, TimelineFilter, Variables};
use crate::api::ops::{
    log_interaction, timeline_live, CustomerTimeline, InteractionChannel, InteractionDirection, InteractionKind, LogInteraction,
    OrderStatus, PrincipalKind, QuoteStatus, StaffRole, TimelineLive,
};
use crate::api::{call, ApiError, InputReason};
use crate::app::use_viewer;
use crate::components::ErrorBox;
use crate::format;
use crate::i18n::timeline::Texts;
use crate::i18n::{tr, tr_of, use_i18n, I18n};
use crate::pages::tasks::{instant, local_input};

const PAGE: i64 = 20;

/// What the person chose to see, by what happened.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Show {
    Everything,
    Conversations,
    Service,
    Sales,
    Surveys,
}

impl Show {
    const ALL: [Show; 5] = [Show::Everything, Show::Conversations, Show::Service, Show::Sales, Show::Surveys];

    fn kinds(self) -> Option<Vec<InteractionKind>> {
        use InteractionKind::*;
        match self {
            Self::Everything => None,
            Self::Conversations => Some(vec![Call, Meeting, Visit, Email, Message]),
            Self::Service => Some(vec![TicketOpened, TicketMessage]),
            Self::Sales => Some(vec![QuoteSent, QuoteAnswered, OrderPlaced, OrderStatus]),
            Self::Surveys => Some(vec![SurveyAnswer]),
        }
    }

    fn key(self) -> &'static str {
        match self {
            Self::Everything => "",
            Self::Conversations => "conversations",
            Self::Service => "service",
            Self::Sales => "sales",
            Self::Surveys => "surveys",
        }
    }

    fn label(self, t: &Texts) -> &'static str {
        match self {
            Self::Everything => t.everything,
            Self::Conversations => t.conversations,
            Self::Service => t.service,
            Self::Sales => t.sales,
            Self::Surveys => t.surveys,
        }
    }
}

/// Whether the person logs contacts (mirrors the server: staff but analysts, partner users).
fn logs_contacts(kind: PrincipalKind, role: Option<StaffRole>) -> bool {
    match kind {
        PrincipalKind::Staff => role != Some(StaffRole::Analyst),
        PrincipalKind::Partner => true,
        _ => false,
    }
}

/// Where `entry` goes in `entries` (newest first), if it is shown at all: an entry older than
/// every one loaded while more pages follow comes with those pages.
fn place(entries: &[Entry], entry: &Entry, more: bool) -> Option<usize> {
    if entries.iter().any(|shown| shown.id == entry.id) {
        return None;
    }
    let started = js_sys::Date::parse(&entry.started_at);
    let at = entries.iter().position(|shown| js_sys::Date::parse(&shown.started_at) < started).unwrap_or(entries.len());
    (at < entries.len() || !more).then_some(at)
}

#[component]
pub fn TimelineSection(customer_id: String) -> impl IntoView {
    let i18n = use_i18n();
    let viewer = use_viewer();
    let entries = RwSignal::new(Vec::<Entry>::new());
    let next = RwSignal::new(None::<String>);
    let error = RwSignal::new(None::<ApiError>);
    let loading = RwSignal::new(true);
    let channel = RwSignal::new(None::<InteractionChannel>);
    let show = RwSignal::new(Show::Everything);
    // Which load is current: a page that arrives after the filter changed is dropped.
    let generation = StoredValue::new(0u32);
    let id = StoredValue::new(customer_id);
    // The live part: the last position heard (where a new connection resumes), the
    // connection's state, and the subscription (dropped with the card).
    let position = StoredValue::new(None::<String>);
    let state = RwSignal::new(LiveState::Connecting);
    let live: StoredValue<Option<Live>, LocalStorage> = StoredValue::new_local(None);
    on_cleanup(move || live.set_value(None));
    // Told that it was away too long to catch up: read afresh and follow from there (set
    // once the reading below exists).
    let resync = StoredValue::new(None::<Callback<()>>);
    let arrived = move |entry: Entry| {
        let shown = channel.get_untracked().is_none_or(|channel| channel == entry.channel)
            && show.get_untracked().kinds().is_none_or(|kinds| kinds.contains(&entry.kind));
        if shown {
            let more = next.with_untracked(Option::is_some);
            entries.update(|entries| {
                if let Some(at) = place(entries, &entry, more) {
                    entries.insert(at, entry);
                }
            });
        }
    };
    let load = move |after: Option<String>| {
        let fresh = after.is_none();
        if fresh {
            generation.update_value(|n| *n += 1);
        }
        let mine = generation.get_value();
        let filter = TimelineFilter {
            channels: channel.get_untracked().map(|channel| vec![channel]),
            kinds: show.get_untracked().kinds(),
            ..TimelineFilter::default()
        };
        let variables = Variables { id: id.get_value(), first: Some(PAGE), after, filter: Some(filter) };
        loading.set(true);
        leptos::task::spawn_local(async move {
            let result = call::<CustomerTimeline>(variables).await;
            if generation.get_value() != mine {
                return;
            }
            match result {
                Ok(data) => {
                    let page = data.customer.timeline;
                    entries.update(|entries| {
                        if fresh {
                            entries.clear();
                        }
                        entries.extend(page.nodes);
                    });
                    next.set(page.page_info.has_next_page.then_some(page.page_info.end_cursor).flatten());
                    error.set(None);
                    // The first page read: follow from its position on.
                    if position.get_value().is_none() {
                        position.set_value(Some(page.live_position));
                        let away_too_long = move || {
                            if let Some(resync) = resync.get_value() {
                                resync.run(());
                            }
                        };
                        follow(id.get_value(), position, state, error, (arrived, away_too_long), live);
                    }
                }
                Err(err) => error.set(Some(err)),
            }
            loading.set(false);
        });
    };
    let load = StoredValue::new(load);
    load.with_value(|load| load(None));
    let reload = Callback::new(move |()| load.with_value(|load| load(None)));
    resync.set_value(Some(Callback::new(move |()| {
        position.set_value(None);
        reload.run(());
    })));
    let logs = logs_contacts(viewer.kind, viewer.role);
    let own = viewer.kind == PrincipalKind::Customer;
    let staff = viewer.kind == PrincipalKind::Staff;
    view! {
        <section class="card timeline-section" aria-labelledby="timeline-title">
            <header class="timeline-header">
                <h2 id="timeline-title">{tr_of::<Texts>(|t| t.title)}</h2>
                <span class="badge live-state" data-state=move || format!("{:?}", state.get()).to_lowercase() role="status">
                    {move || (i18n.of::<Texts>().live_label)(state.get())}
                </span>
            </header>
            {logs.then(|| view! { <LogContact customer_id=id.get_value() staff=staff logged=reload /> })}
            <div class="timeline-filters">
                <div class="field">
                    <label for="timeline-show">{tr_of::<Texts>(|t| t.show)}</label>
                    <select id="timeline-show" on:change=move |ev| {
                        let key = event_target_value(&ev);
                        show.set(Show::ALL.into_iter().find(|show| show.key() == key).unwrap_or(Show::Everything));
                        reload.run(());
                    }>
                        {Show::ALL.into_iter().map(|option| view! {
                            <option value=option.key()>{move || option.label(i18n.of::<Texts>())}</option>
                        }).collect_view()}
                    </select>
                </div>
                <div class="field">
                    <label for="timeline-channel">{tr_of::<Texts>(|t| t.channel)}</label>
                    <select id="timeline-channel" on:change=move |ev| {
                        channel.set(InteractionChannel::from_api(&event_target_value(&ev)));
                        reload.run(());
                    }>
                        <option value="">{tr_of::<Texts>(|t| t.all_channels)}</option>
                        {InteractionChannel::ALL.iter().map(|option| {
                            let option = *option;
                            view! { <option value=option.as_api()>{move || channel_name(i18n, option)}</option> }
                        }).collect_view()}
                    </select>
                </div>
            </div>
            <ErrorBox error=error />
            <ol class="timeline">
                {move || entries.get().into_iter().map(|entry| view! { <TimelineEntry entry=entry own=own /> }).collect_view()}
            </ol>
            {move || {
                (!loading.get() && entries.with(Vec::is_empty) && error.get().is_none())
                    .then(|| view! { <p class="empty">{tr_of::<Texts>(|t| t.none)}</p> })
            }}
            {move || loading.get().then(|| view! { <p class="loading" aria-live="polite">{tr(|t| t.loading)}</p> })}
            {move || {
                next.get()
                    .filter(|_| !loading.get())
                    .map(|cursor| {
                        view! {
                            <button type="button" class="timeline-more" on:click=move |_| load.with_value(|load| load(Some(cursor.clone())))>
                                {tr(|t| t.load_more)}
                            </button>
                        }
                    })
            }}
        </section>
    }
}

/// Follows customer `customer_id`'s timeline after `position`, keeping `position` at the last
/// event heard so that a new connection resumes there. An entry heard goes to `arrived`; told
/// that it was away too long (`RESYNC_REQUIRED`), it calls `away_too_long` (the card reads
/// afresh and follows from there).
fn follow(
    customer_id: String,
    position: StoredValue<Option<String>>,
    state: RwSignal<LiveState>,
    error: RwSignal<Option<ApiError>>,
    (arrived, away_too_long): (impl Fn(Entry) + Copy + 'static, impl Fn() + Copy + 'static),
    live: StoredValue<Option<Live>, LocalStorage>,
) {
    let variables = move || timeline_live::Variables { customer_id: customer_id.clone(), after: position.get_value() };
    let heard = move |event: Result<serde_json::Value, ApiError>| match event {
        Ok(mut data) => {
            let event = data["timeline"].take();
            if let Some(heard) = event["position"].as_str() {
                position.set_value(Some(heard.to_owned()));
            }
            match serde_json::from_value::<Entry>(event["interaction"].clone()) {
                Ok(entry) => arrived(entry),
                Err(err) => error.set(Some(ApiError::Network(err.to_string()))),
            }
        }
        Err(err) if err.input_reason() == Some(InputReason::ResyncRequired) => away_too_long(),
        Err(err) => error.set(Some(err)),
    };
    // The new subscription replaces the old one (after a resync), which is dropped then.
    live.set_value(Some(live::follow::<TimelineLive>(variables, heard, move |now| state.set(now))));
}

fn channel_name(i18n: I18n, channel: InteractionChannel) -> &'static str {
    (i18n.of::<Texts>().channel_label)(channel)
}

/// A glyph for each channel, beside its name (decorative: the name is read out).
fn channel_icon(channel: InteractionChannel) -> &'static str {
    match channel {
        InteractionChannel::Phone | InteractionChannel::Voip => "☎",
        InteractionChannel::Email => "✉",
        InteractionChannel::Chat | InteractionChannel::Social => "💬",
        InteractionChannel::Web | InteractionChannel::SelfService | InteractionChannel::CoBrowse => "🖥",
        InteractionChannel::Sms => "📱",
        InteractionChannel::Fax => "📠",
        InteractionChannel::InPerson => "🤝",
    }
}

/// How an entry ended, as the person reads it: a quote's answer and an order's status in their
/// language, anything else (a score, what someone wrote) as it is.
fn outcome_text(i18n: I18n, kind: InteractionKind, outcome: &str) -> String {
    let t = i18n.t();
    let label = match kind {
        InteractionKind::QuoteAnswered => QuoteStatus::from_api(outcome).map(|status| (t.sales().quote_status_label)(status)),
        InteractionKind::OrderPlaced | InteractionKind::OrderStatus => {
            OrderStatus::from_api(outcome).map(|status| (t.sales_labels.order_status_label)(status))
        }
        _ => None,
    };
    label.map_or_else(|| outcome.to_owned(), str::to_owned)
}

/// The page of the record an entry belongs to, if it has one.
fn record_href(entry: &Entry, own: bool) -> Option<String> {
    // A customer reads its own quotes and orders in its self-service area.
    let area = if own { "/me" } else { "" };
    if let Some(quote) = &entry.quote {
        return Some(format!("{area}/quotes/{}", quote.id));
    }
    if let Some(order) = &entry.order {
        return Some(format!("{area}/orders/{}", order.id));
    }
    if let Some(ticket) = &entry.ticket {
        return Some(format!("/tickets/{}", ticket.id));
    }
    entry.opportunity.as_ref().map(|deal| format!("/opportunities/{}", deal.id))
}

#[component]
fn TimelineEntry(entry: Entry, own: bool) -> impl IntoView {
    let i18n = use_i18n();
    let (kind, channel, direction) = (entry.kind, entry.channel, entry.direction);
    let started = entry.started_at.clone();
    let datetime = started.clone();
    let minutes = entry.ended_at.as_deref().and_then(|end| minutes_between(&entry.started_at, end));
    let people: Vec<String> =
        [entry.contact.as_ref().map(|c| c.full_name.clone()), entry.staff_user.as_ref().map(|u| u.display_name.clone())]
            .into_iter()
            .flatten()
            .chain(entry.partner.as_ref().map(|p| p.name.clone()))
            .collect();
    let subject = entry.subject.clone();
    let heading = match record_href(&entry, own) {
        Some(href) => view! { <A href=href>{subject}</A> }.into_any(),
        None => view! { <span>{subject}</span> }.into_any(),
    };
    let outcome = entry.outcome.clone();
    view! {
        <li class="timeline-entry" data-kind=kind.as_api() data-channel=channel.as_api() data-direction=direction.as_api()>
            <span class="timeline-icon" aria-hidden="true">{channel_icon(channel)}</span>
            <div class="timeline-body">
                <div class="timeline-head">
                    <strong class="timeline-kind">{move || (i18n.of::<Texts>().kind_label)(kind)}</strong>
                    " · "
                    <span class="timeline-channel">{move || channel_name(i18n, channel)}</span>
                    " · "
                    <time datetime=datetime>{move || format::date_time(i18n.tag(), &started)}</time>
                    {minutes.map(|minutes| view! { " · " <span>{move || (i18n.of::<Texts>().minutes_long)(minutes)}</span> })}
                    {entry.internal.then(|| view! { " " <span class="badge internal">{tr_of::<Texts>(|t| t.internal_badge)}</span> })}
                </div>
                <div class="timeline-subject">{heading}</div>
                {(!people.is_empty()).then(|| {
                    let names = people.join(", ");
                    view! { <div class="timeline-people">{move || (i18n.of::<Texts>().with)(&names)}</div> }
                })}
                {entry.summary.clone().map(|summary| view! { <p class="timeline-summary">{summary}</p> })}
                {outcome.map(|outcome| view! { <p class="timeline-outcome">{move || outcome_text(i18n, kind, &outcome)}</p> })}
            </div>
        </li>
    }
}

/// Whole minutes from one RFC 3339 instant to another (none when either does not parse).
fn minutes_between(start: &str, end: &str) -> Option<i64> {
    let start = js_sys::Date::new(&start.into()).get_time();
    let end = js_sys::Date::new(&end.into()).get_time();
    let minutes = ((end - start) / 60_000.0).round();
    (minutes.is_finite() && minutes > 0.0).then_some(minutes as i64)
}

/// The usual channel of a kind of contact, chosen when the kind is.
fn usual_channel(kind: InteractionKind) -> InteractionChannel {
    match kind {
        InteractionKind::Meeting | InteractionKind::Visit => InteractionChannel::InPerson,
        InteractionKind::Email => InteractionChannel::Email,
        InteractionKind::Message => InteractionChannel::Chat,
        _ => InteractionChannel::Phone,
    }
}

const LOGGED_KINDS: [InteractionKind; 5] =
    [InteractionKind::Call, InteractionKind::Meeting, InteractionKind::Visit, InteractionKind::Email, InteractionKind::Message];

/// The form of a contact that happened: what, through which channel, who reached out, about
/// what, notes and outcome, when and for how long; staff choose whether it stays internal.
#[component]
fn LogContact(customer_id: String, staff: bool, logged: Callback<()>) -> impl IntoView {
    let i18n = use_i18n();
    let kind = RwSignal::new(InteractionKind::Call);
    let channel = RwSignal::new(InteractionChannel::Phone);
    let direction = RwSignal::new(InteractionDirection::Outbound);
    let subject = RwSignal::new(String::new());
    let summary = RwSignal::new(String::new());
    let outcome = RwSignal::new(String::new());
    let when = RwSignal::new(local_input(&String::from(js_sys::Date::new_0().to_iso_string())));
    let minutes = RwSignal::new(String::new());
    let internal = RwSignal::new(true);
    let error = RwSignal::new(None::<ApiError>);
    let busy = RwSignal::new(false);
    let open = RwSignal::new(false);
    let customer_id = StoredValue::new(customer_id);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let Some(started_at) = instant(&when.get_untracked()) else { return };
        let ended_at = minutes.get_untracked().trim().parse::<f64>().ok().filter(|m| *m > 0.0).and_then(|m| {
            let end = js_sys::Date::new(&started_at.clone().into());
            end.set_time(end.get_time() + m * 60_000.0);
            (!end.get_time().is_nan()).then(|| String::from(end.to_iso_string()))
        });
        let text = |signal: RwSignal<String>| Some(signal.get_untracked()).filter(|text| !text.trim().is_empty());
        let input = log_interaction::LogInteractionInput {
            customer_id: customer_id.get_value(),
            kind: kind.get_untracked(),
            channel: channel.get_untracked(),
            direction: direction.get_untracked(),
            subject: subject.get_untracked(),
            summary: text(summary),
            outcome: text(outcome),
            started_at,
            ended_at,
            internal: staff.then(|| internal.get_untracked()),
            ..Default::default()
        };
        busy.set(true);
        leptos::task::spawn_local(async move {
            let result = call::<LogInteraction>(log_interaction::Variables { input }).await;
            busy.set(false);
            match result {
                Ok(_) => {
                    subject.set(String::new());
                    summary.set(String::new());
                    outcome.set(String::new());
                    minutes.set(String::new());
                    error.set(None);
                    open.set(false);
                    logged.run(());
                }
                Err(err) => error.set(Some(err)),
            }
        });
    };
    view! {
        <details class="log-contact" prop:open=move || open.get() on:toggle=move |ev| open.set(event_target::<web_sys::HtmlDetailsElement>(&ev).open())>
            <summary>{tr_of::<Texts>(|t| t.log)}</summary>
            <form class="log-contact-form" on:submit=submit>
                <div class="field">
                    <label for="log-kind">{tr_of::<Texts>(|t| t.kind)}</label>
                    <select id="log-kind" on:change=move |ev| {
                        if let Some(chosen) = InteractionKind::from_api(&event_target_value(&ev)) {
                            kind.set(chosen);
                            channel.set(usual_channel(chosen));
                        }
                    }>
                        {LOGGED_KINDS.into_iter().map(|option| view! {
                            <option value=option.as_api() selected=move || kind.get() == option>{move || (i18n.of::<Texts>().kind_label)(option)}</option>
                        }).collect_view()}
                    </select>
                </div>
                <div class="field">
                    <label for="log-channel">{tr_of::<Texts>(|t| t.channel)}</label>
                    <select id="log-channel" on:change=move |ev| {
                        if let Some(chosen) = InteractionChannel::from_api(&event_target_value(&ev)) {
                            channel.set(chosen);
                        }
                    }>
                        {InteractionChannel::ALL.iter().map(|option| {
                            let option = *option;
                            view! { <option value=option.as_api() selected=move || channel.get() == option>{move || channel_name(i18n, option)}</option> }
                        }).collect_view()}
                    </select>
                </div>
                <div class="field">
                    <label for="log-direction">{tr_of::<Texts>(|t| t.direction)}</label>
                    <select id="log-direction" on:change=move |ev| {
                        if let Some(chosen) = InteractionDirection::from_api(&event_target_value(&ev)) {
                            direction.set(chosen);
                        }
                    }>
                        {[InteractionDirection::Outbound, InteractionDirection::Inbound].into_iter().map(|option| view! {
                            <option value=option.as_api() selected=move || direction.get() == option>{move || (i18n.of::<Texts>().direction_label)(option)}</option>
                        }).collect_view()}
                    </select>
                </div>
                <div class="field grow">
                    <label for="log-subject">{tr_of::<Texts>(|t| t.subject)}</label>
                    <input id="log-subject" type="text" required maxlength="200" prop:value=move || subject.get()
                        on:input=move |ev| subject.set(event_target_value(&ev)) />
                </div>
                <div class="field">
                    <label for="log-when">{tr_of::<Texts>(|t| t.when)}</label>
                    <input id="log-when" type="datetime-local" required prop:value=move || when.get() on:input=move |ev| when.set(event_target_value(&ev)) />
                </div>
                <div class="field">
                    <label for="log-minutes">{tr_of::<Texts>(|t| t.minutes)}</label>
                    <input id="log-minutes" type="number" min="0" max="1440" prop:value=move || minutes.get()
                        on:input=move |ev| minutes.set(event_target_value(&ev)) />
                </div>
                <div class="field full">
                    <label for="log-summary">{tr_of::<Texts>(|t| t.summary)}</label>
                    <textarea id="log-summary" maxlength="4000" rows="3" prop:value=move || summary.get()
                        on:input=move |ev| summary.set(event_target_value(&ev))></textarea>
                </div>
                <div class="field grow">
                    <label for="log-outcome">{tr_of::<Texts>(|t| t.outcome)}</label>
                    <input id="log-outcome" type="text" maxlength="200" prop:value=move || outcome.get()
                        on:input=move |ev| outcome.set(event_target_value(&ev)) />
                </div>
                {staff.then(|| view! {
                    <label class="check">
                        <input type="checkbox" id="log-internal" prop:checked=move || internal.get() on:change=move |ev| internal.set(event_target_checked(&ev)) />
                        {tr_of::<Texts>(|t| t.internal)}
                    </label>
                })}
                <button type="submit" class="button" id="log-save" disabled=move || busy.get()>{tr_of::<Texts>(|t| t.save)}</button>
                <ErrorBox error=error />
            </form>
        </details>
    }
}
