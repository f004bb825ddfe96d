//! The contact center: the call ringing at the agent's extension pops up live, before they
//! answer, with what they need to greet the caller (who it is, their credit and holds, open
//! tickets, latest orders and calls); the agent says who an unknown caller is, opens a ticket
//! from the call and wraps it up. Below, the callback queue of missed calls, oldest first, and
//! the agent's recent calls.

use leptos::prelude::*;
use leptos_router::components::A;

use crate::api::live::{self, Live, LiveState};
use crate::api::ops::call_pop::PopCall;
use crate::api::ops::contact_center::CallRow;
use crate::api::ops::{
    call_pop, caller_contacts, complete_callback, contact_center, create_customer, link_call, my_calls, open_call_ticket, wrap_up_call,
    CallOutcome, CallPop, CallerContacts, CompleteCallback, ContactCenter, CreateCustomer, CustomerKind, LinkCall, MyCalls, OpenCallTicket,
    WrapUpCall,
};
use crate::api::{call, ApiError};
use crate::app::use_viewer;
use crate::components::{loaded, option_list, ErrorBox};
use crate::format;
use crate::i18n::{tr, use_i18n};
use crate::pages::service::desk::is_desk;
use crate::pages::service::script_runner::{RunPlace, ScriptRunner};

/// Outcomes an agent picks when wrapping up an answered call (NOT_REACHED is for call backs).
fn wrap_up_outcomes() -> impl Iterator<Item = CallOutcome> {
    CallOutcome::ALL.into_iter().filter(|outcome| *outcome != CallOutcome::NotReached)
}

#[component]
pub fn ContactCenterPage() -> impl IntoView {
    let desk = is_desk(&use_viewer());
    let reload = RwSignal::new(0_u32);
    let changed = Callback::new(move |()| reload.update(|n| *n += 1));
    let lists = LocalResource::new(move || {
        reload.track();
        async move { call::<ContactCenter>(contact_center::Variables {}).await }
    });
    let pop = RwSignal::new(None::<PopCall>);
    let state = RwSignal::new(LiveState::Connecting);
    let pop_error = RwSignal::new(None::<ApiError>);
    // The subscription lives as long as the page: dropping the handle closes the socket.
    let live: StoredValue<Option<Live>, LocalStorage> = StoredValue::new_local(None);
    if desk {
        let handle = live::subscribe::<MyCalls>(
            my_calls::Variables {},
            move |event| match event {
                Ok(mut data) => match serde_json::from_value::<PopCall>(data["myCalls"].take()) {
                    Ok(call) => {
                        pop.set(Some(call));
                        changed.run(());
                    }
                    Err(err) => pop_error.set(Some(ApiError::Network(err.to_string()))),
                },
                Err(err) => pop_error.set(Some(err)),
            },
            move |now| state.set(now),
        );
        live.set_value(Some(handle));
    }
    on_cleanup(move || live.set_value(None));
    // After a change to the popped call, read it again (same fields as the pop).
    let refresh_pop = Callback::new(move |()| {
        let Some(id) = pop.get_untracked().map(|call| call.id) else { return };
        leptos::task::spawn_local(async move {
            match call::<CallPop>(call_pop::Variables { id }).await {
                Ok(data) => pop.set(Some(data.call)),
                Err(err) => pop_error.set(Some(err)),
            }
        });
        changed.run(());
    });
    let popped = Memo::new(move |_| pop.with(|call| call.as_ref().filter(|call| call.viewer_can_work).map(|call| call.id.clone())));
    view! {
        <section class="page contact-center" aria-labelledby="contact-center-title">
            <p class="breadcrumb">
                <A href="/tickets">{tr(|t| t.service().back_to_tickets)}</A>
            </p>
            <header class="page-header">
                <h1 id="contact-center-title">{tr(|t| t.calls().title)}</h1>
                {desk.then(|| view! {
                    <span id="live-state" class="badge live-state" data-state=move || format!("{:?}", state.get()).to_lowercase() role="status">
                        {move || (use_i18n().t().calls().live_label)(state.get())}
                    </span>
                })}
            </header>
            {move || {
                loaded(lists.get(), move |data| {
                    let extension = data.my_service_agent.and_then(|me| me.extension);
                    view! { <Extension desk=desk extension=extension /> }.into_any()
                })
            }}
            {desk.then(|| view! { <ScreenPop pop=pop changed=refresh_pop /> })}
            // The script runs beside the call for as long as it is the popped one: the pop's
            // updates (answered, ended, wrapped up) leave the run where it is.
            {desk.then_some(move || popped.get().map(|call_id| view! {
                <ScriptRunner place=RunPlace { call_id: Some(call_id), ticket_id: None, chatbot: false } />
            }))}
            <ErrorBox error=pop_error />
            {move || {
                loaded(lists.get(), move |data| {
                    view! {
                        <CallbackQueue total=data.callbacks.total_count rows=data.callbacks.nodes changed=changed />
                        <MyRecentCalls rows=data.recent.nodes />
                    }
                    .into_any()
                })
            }}
        </section>
    }
}

/// What the agent's extension is, or why no call pops up here.
#[component]
fn Extension(desk: bool, extension: Option<String>) -> impl IntoView {
    let i18n = use_i18n();
    let text = move || {
        let t = i18n.t().calls();
        match (&extension, desk) {
            (_, false) => t.not_desk.to_owned(),
            (Some(extension), true) => (t.your_extension)(extension),
            (None, true) => t.no_extension.to_owned(),
        }
    };
    view! { <p id="my-extension" class="hint">{text}</p> }
}

/// The call at the agent's extension, with the caller's summary and the agent's work on it.
#[component]
fn ScreenPop(pop: RwSignal<Option<PopCall>>, changed: Callback<()>) -> impl IntoView {
    view! {
        <section id="screen-pop" class="card screen-pop" aria-live="polite" aria-labelledby="screen-pop-title">
            {move || match pop.get() {
                None => view! {
                    <h2 id="screen-pop-title" class="visually-hidden">{tr(|t| t.calls().title)}</h2>
                    <p class="empty">{tr(|t| t.calls().waiting)}</p>
                }
                .into_any(),
                Some(call) => view! { <PoppedCall call=call changed=changed /> }.into_any(),
            }}
        </section>
    }
}

#[component]
fn PoppedCall(call: PopCall, changed: Callback<()>) -> impl IntoView {
    let i18n = use_i18n();
    let status = call.status;
    let who = call
        .contact
        .as_ref()
        .map(|contact| contact.full_name.clone())
        .or_else(|| call.customer.as_ref().map(|customer| customer.name.clone()));
    let number = call.from_number.clone();
    let title = move || {
        let t = i18n.t().calls();
        who.clone().unwrap_or_else(|| if number.is_some() { t.unknown_caller.to_owned() } else { t.withheld.to_owned() })
    };
    let customer = call.customer.clone();
    let unlinked = call.contact.is_none();
    let candidates = call.candidates.clone();
    let started = call.started_at.clone();
    view! {
        <header class="pop-header" data-status=status.as_api()>
            <h2 id="screen-pop-title">{title}</h2>
            <span class="badge call-status" data-status=status.as_api()>{move || (i18n.t().calls().status_label)(status)}</span>
            <p class="subtitle">
                <span class="caller-number">{call.from_number.clone()}</span>
                " · "
                <time datetime=call.started_at.clone()>{move || format::date_time(i18n.tag(), &started)}</time>
            </p>
        </header>
        {customer.map(|customer| view! { <CustomerSummary customer=customer /> })}
        <div class="pop-columns">
            <OpenTickets call=call.clone() />
            <RecentOrders call=call.clone() />
            <RecentCalls call=call.clone() />
        </div>
        {(call.viewer_can_work && unlinked).then(|| {
            view! {
                <WhoIsCalling call_id=call.id.clone() version=call.version candidates=candidates changed=changed />
                {call.from_number.clone().map(|number| view! { <NewCaller call_id=call.id.clone() version=call.version number=number changed=changed /> })}
            }
        })}
        {call.viewer_can_work.then(|| view! { <CallTicket popped=call.clone() changed=changed /> })}
        {call.viewer_can_work.then(|| view! { <WrapUp popped=call.clone() changed=changed /> })}
    }
}

#[component]
fn CustomerSummary(customer: call_pop::PopCallCustomer) -> impl IntoView {
    let i18n = use_i18n();
    let href = format!("/customers/{}", customer.id);
    let credit = customer.credit_exposure.clone();
    view! {
        <div class="pop-customer">
            <p>
                <A href=href attr:id="pop-customer">{customer.name.clone()}</A>
                " · "
                <span class="lifecycle">{move || (i18n.t().lifecycle_label)(customer.lifecycle)}</span>
            </p>
            {credit.map(|credit| {
                let held = credit.held.amount.trim_start_matches(['0', '.']).is_empty();
                view! {
                    <p class="pop-credit">
                        {tr(|t| t.calls().credit)}": "
                        {move || {
                            let tag = i18n.tag();
                            (i18n.t().calls().credit_line)(
                                &format::money(tag, &credit.exposure.amount, &credit.exposure.currency),
                                &format::money(tag, &credit.limit.amount, &credit.limit.currency),
                            )
                        }}
                    </p>
                    {(!held).then(|| {
                        let money = credit.held.clone();
                        view! {
                            <p class="pop-held warning">
                                {move || (i18n.t().calls().held)(&format::money(i18n.tag(), &money.amount, &money.currency))}
                            </p>
                        }
                    })}
                }
            })}
        </div>
    }
}

#[component]
fn OpenTickets(call: PopCall) -> impl IntoView {
    let items = call
        .open_tickets
        .into_iter()
        .map(|ticket| {
            let href = format!("/tickets/{}", ticket.id);
            view! { <li><A href=href>{format!("{} · {}", ticket.number, ticket.subject)}</A></li> }
        })
        .collect_view();
    let empty = call.customer.is_none();
    view! {
        <section class="pop-tickets">
            <h3>{tr(|t| t.calls().open_tickets)}</h3>
            <ul id="pop-open-tickets">{items}</ul>
            {empty.then(|| view! { <p class="empty">{tr(|t| t.calls().none)}</p> })}
        </section>
    }
}

#[component]
fn RecentOrders(call: PopCall) -> impl IntoView {
    let i18n = use_i18n();
    let items = call
        .recent_orders
        .into_iter()
        .map(|order| {
            let href = format!("/orders/{}", order.id);
            let products = order.lines.iter().map(|line| line.name.clone()).collect::<Vec<_>>().join(", ");
            let status = order.status;
            let total = order.total.clone();
            view! {
                <li data-status=status.as_api()>
                    <A href=href>{order.number.clone()}</A>
                    " · "
                    {move || (i18n.t().sales_labels.order_status_label)(status)}
                    " · "
                    {move || format::money(i18n.tag(), &total.amount, &total.currency)}
                    <span class="hint">{products}</span>
                </li>
            }
        })
        .collect_view();
    view! {
        <section class="pop-orders">
            <h3>{tr(|t| t.calls().recent_orders)}</h3>
            <ul id="pop-orders">{items}</ul>
        </section>
    }
}

#[component]
fn RecentCalls(call: PopCall) -> impl IntoView {
    let i18n = use_i18n();
    let items = call
        .recent_calls
        .into_iter()
        .map(|earlier| {
            let status = earlier.status;
            let outcome = earlier.outcome;
            let at = earlier.started_at.clone();
            view! {
                <li>
                    {move || format::date_time(i18n.tag(), &at)}
                    " · "
                    {move || i18n.t().calls().result(status, outcome)}
                </li>
            }
        })
        .collect_view();
    view! {
        <section class="pop-calls">
            <h3>{tr(|t| t.calls().recent_calls)}</h3>
            <ul id="pop-calls">{items}</ul>
        </section>
    }
}

/// Linking an unrecognised caller: the contacts with the number, or one found by name.
#[component]
fn WhoIsCalling(call_id: String, version: i64, candidates: Vec<call_pop::PopCallCandidates>, changed: Callback<()>) -> impl IntoView {
    let search = RwSignal::new(String::new());
    let found = RwSignal::new(Vec::<(String, String)>::new());
    let error = RwSignal::new(None::<ApiError>);
    let offered: Vec<(String, String)> =
        candidates.into_iter().map(|contact| (contact.id, format!("{} · {}", contact.full_name, contact.customer.name))).collect();
    let link = Callback::new(move |contact_id: String| {
        let input = link_call::LinkCallInput { id: call_id.clone(), version, contact_id };
        error.set(None);
        leptos::task::spawn_local(async move {
            match call::<LinkCall>(link_call::Variables { input }).await {
                Ok(_) => changed.run(()),
                Err(err) => error.set(Some(err)),
            }
        });
    });
    let find = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let text = search.get_untracked();
        leptos::task::spawn_local(async move {
            match call::<CallerContacts>(caller_contacts::Variables { search: text }).await {
                Ok(data) => found.set(
                    data.contacts
                        .nodes
                        .into_iter()
                        .map(|contact| (contact.id, format!("{} · {}", contact.full_name, contact.customer.name)))
                        .collect(),
                ),
                Err(err) => error.set(Some(err)),
            }
        });
    };
    let choices = move |list: Vec<(String, String)>| {
        list.into_iter()
            .map(|(id, label)| {
                view! {
                    <li>
                        {label}
                        " "
                        <button type="button" class="link-caller" on:click=move |_| link.run(id.clone())>{tr(|t| t.calls().link)}</button>
                    </li>
                }
            })
            .collect_view()
    };
    view! {
        <section class="who-is-calling" aria-labelledby="who-title">
            <h3 id="who-title">{tr(|t| t.calls().who_is_calling)}</h3>
            <ul id="caller-candidates">{choices(offered)}</ul>
            <form class="find-caller" on:submit=find>
                <div class="field">
                    <label for="caller-search">{tr(|t| t.calls().find_contact)}</label>
                    <input id="caller-search" type="search" prop:value=move || search.get() on:input=move |ev| search.set(event_target_value(&ev)) />
                    <p class="hint">{tr(|t| t.calls().find_hint)}</p>
                </div>
            </form>
            <ul id="caller-found">{move || choices(found.get())}</ul>
            <ErrorBox error=error />
        </section>
    }
}

/// A caller nobody knows yet becomes a customer on the spot: a private person, or a company
/// with the caller as its contact, with the number they call from; the call is then linked to
/// that contact. A likely duplicate is refused as in the customer form (link that one instead).
#[component]
fn NewCaller(call_id: String, version: i64, number: String, changed: Callback<()>) -> impl IntoView {
    let (first, last, company) = (RwSignal::new(String::new()), RwSignal::new(String::new()), RwSignal::new(String::new()));
    let error = RwSignal::new(None::<ApiError>);
    let busy = RwSignal::new(false);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let (first_name, last_name, company) = (first.get_untracked(), last.get_untracked(), company.get_untracked());
        let person = company.trim().is_empty();
        let input = create_customer::CreateCustomerInput {
            kind: if person { CustomerKind::Person } else { CustomerKind::Company },
            name: if person { format!("{} {}", first_name.trim(), last_name.trim()) } else { company },
            primary_contact: Some(create_customer::ContactInput {
                first_name,
                last_name,
                phones: vec![create_customer::PhoneInput { number: number.clone(), label: None }],
                ..Default::default()
            }),
            ..Default::default()
        };
        let call_id = call_id.clone();
        busy.set(true);
        error.set(None);
        leptos::task::spawn_local(async move {
            let created = call::<CreateCustomer>(create_customer::Variables { input }).await;
            let linked = match created.map(|data| data.create_customer.customer.contacts.into_iter().next()) {
                Ok(Some(contact)) => {
                    let input = link_call::LinkCallInput { id: call_id, version, contact_id: contact.id };
                    call::<LinkCall>(link_call::Variables { input }).await.map(|_| ())
                }
                Ok(None) => Ok(()),
                Err(err) => Err(err),
            };
            busy.set(false);
            match linked {
                Ok(()) => changed.run(()),
                Err(err) => error.set(Some(err)),
            }
        });
    };
    let field = |id: &'static str,
                 label: fn(&'static crate::i18n::calls::Texts) -> &'static str,
                 value: RwSignal<String>,
                 required: bool| {
        let i18n = use_i18n();
        view! {
            <div class="field">
                <label for=id>{move || label(i18n.t().calls())}</label>
                <input id=id type="text" required=required prop:value=move || value.get() on:input=move |ev| value.set(event_target_value(&ev)) />
            </div>
        }
    };
    view! {
        <details class="new-caller">
            <summary>{tr(|t| t.calls().new_caller)}</summary>
            <form on:submit=submit>
                {field("caller-first-name", |t| t.first_name, first, true)}
                {field("caller-last-name", |t| t.last_name, last, true)}
                {field("caller-company", |t| t.company_optional, company, false)}
                <button type="submit" class="button" id="create-caller" disabled=move || busy.get()>{tr(|t| t.calls().create_and_link)}</button>
                <ErrorBox error=error />
            </form>
        </details>
    }
}

/// The ticket of the call: the one it opened, or a new one opened from it.
#[component]
fn CallTicket(popped: PopCall, changed: Callback<()>) -> impl IntoView {
    if let Some(ticket) = popped.ticket {
        let href = format!("/tickets/{}", ticket.id);
        return view! {
            <p class="call-ticket">
                {tr(|t| t.calls().ticket_of_call)}": "
                <A href=href attr:id="call-ticket">{ticket.number}</A>
            </p>
        }
        .into_any();
    }
    let Some(customer) = popped.customer.map(|customer| customer.id) else {
        return view! { <p class="hint" id="link-first">{tr(|t| t.calls().link_first)}</p> }.into_any();
    };
    let subject = RwSignal::new(String::new());
    let description = RwSignal::new(String::new());
    let error = RwSignal::new(None::<ApiError>);
    let (call_id, contact_id) = (popped.id.clone(), popped.contact.map(|contact| contact.id));
    let language = use_i18n().locale;
    let open = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let input = open_call_ticket::OpenTicketInput {
            customer_id: Some(customer.clone()),
            contact_id: contact_id.clone(),
            call_id: Some(call_id.clone()),
            channel: Some(crate::api::ops::InteractionChannel::Phone),
            subject: subject.get_untracked(),
            description: description.get_untracked(),
            language: Some(language.get_untracked().tag().to_owned()),
            ..open_call_ticket::OpenTicketInput::default()
        };
        error.set(None);
        leptos::task::spawn_local(async move {
            match call::<OpenCallTicket>(open_call_ticket::Variables { input }).await {
                Ok(_) => changed.run(()),
                Err(err) => error.set(Some(err)),
            }
        });
    };
    view! {
        <details class="call-new-ticket">
            <summary>{tr(|t| t.calls().new_ticket)}</summary>
            <form on:submit=open>
                <div class="field">
                    <label for="call-ticket-subject">{tr(|t| t.calls().subject)}</label>
                    <input id="call-ticket-subject" required prop:value=move || subject.get() on:input=move |ev| subject.set(event_target_value(&ev)) />
                </div>
                <div class="field">
                    <label for="call-ticket-description">{tr(|t| t.calls().description)}</label>
                    <textarea id="call-ticket-description" required prop:value=move || description.get() on:input=move |ev| description.set(event_target_value(&ev))></textarea>
                </div>
                <button type="submit" id="open-call-ticket">{tr(|t| t.calls().open_ticket)}</button>
                <ErrorBox error=error />
            </form>
        </details>
    }
    .into_any()
}

/// The agent's wrap-up: the outcome and notes of an answered call.
#[component]
fn WrapUp(popped: PopCall, changed: Callback<()>) -> impl IntoView {
    let i18n = use_i18n();
    let answered = matches!(popped.status, crate::api::ops::CallStatus::Answered | crate::api::ops::CallStatus::Ended);
    if !answered {
        return ().into_any();
    }
    let outcome =
        RwSignal::new(popped.outcome.unwrap_or(if popped.ticket.is_some() { CallOutcome::TicketOpened } else { CallOutcome::Resolved }));
    let notes = RwSignal::new(popped.wrap_up_notes.clone().unwrap_or_default());
    let error = RwSignal::new(None::<ApiError>);
    let (id, version) = (popped.id.clone(), popped.version);
    let save = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let text = notes.get_untracked();
        let input =
            wrap_up_call::WrapUpCallInput { id: id.clone(), version, outcome: outcome.get_untracked(), notes: Some(text), ticket_id: None };
        error.set(None);
        leptos::task::spawn_local(async move {
            match call::<WrapUpCall>(wrap_up_call::Variables { input }).await {
                Ok(_) => changed.run(()),
                Err(err) => error.set(Some(err)),
            }
        });
    };
    let options = move || {
        let t = i18n.t().calls();
        wrap_up_outcomes().map(|o| (o.as_api().to_owned(), (t.outcome_label)(o).to_owned())).collect::<Vec<_>>()
    };
    view! {
        <form class="wrap-up" on:submit=save aria-labelledby="wrap-up-title">
            <h3 id="wrap-up-title">{tr(|t| t.calls().wrap_up)}</h3>
            <div class="field">
                <label for="wrap-up-outcome">{tr(|t| t.calls().outcome)}</label>
                <select id="wrap-up-outcome" on:change=move |ev| {
                    if let Some(picked) = CallOutcome::from_api(&event_target_value(&ev)) {
                        outcome.set(picked);
                    }
                }>
                    {move || option_list(outcome.get_untracked().as_api(), options())}
                </select>
            </div>
            <div class="field">
                <label for="wrap-up-notes">{tr(|t| t.calls().notes)}</label>
                <textarea id="wrap-up-notes" prop:value=move || notes.get() on:input=move |ev| notes.set(event_target_value(&ev))></textarea>
            </div>
            <button type="submit" id="save-wrap-up">{tr(|t| t.calls().save_wrap_up)}</button>
            <p class="done" id="wrap-up-outcome-saved" role="status">
                {popped.outcome.map(|saved| move || (i18n.t().calls().outcome_label)(saved))}
            </p>
            <ErrorBox error=error />
        </form>
    }
    .into_any()
}

/// Missed callers waiting to be called back, oldest first.
#[component]
fn CallbackQueue(total: i64, rows: Vec<CallRow>, changed: Callback<()>) -> impl IntoView {
    let i18n = use_i18n();
    let empty = rows.is_empty();
    let items = rows.into_iter().map(|row| view! { <CallbackRow row=row changed=changed /> }).collect_view();
    view! {
        <section class="card callback-queue" aria-labelledby="callback-title">
            <h2 id="callback-title">{tr(|t| t.calls().callback_queue)}</h2>
            <p id="callback-count" class="hint">{move || if empty { i18n.t().calls().no_callbacks.to_owned() } else { (i18n.t().calls().waiting_count)(total) }}</p>
            <ul id="callback-list" class="callback-list">{items}</ul>
        </section>
    }
}

#[component]
fn CallbackRow(row: CallRow, changed: Callback<()>) -> impl IntoView {
    let i18n = use_i18n();
    let outcome = RwSignal::new(CallOutcome::Resolved);
    let notes = RwSignal::new(String::new());
    let error = RwSignal::new(None::<ApiError>);
    let (id, version) = (row.id.clone(), row.version);
    let save = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let input = complete_callback::CompleteCallbackInput {
            id: id.clone(),
            version,
            outcome: outcome.get_untracked(),
            notes: Some(notes.get_untracked()).filter(|text| !text.trim().is_empty()),
        };
        error.set(None);
        leptos::task::spawn_local(async move {
            match call::<CompleteCallback>(complete_callback::Variables { input }).await {
                Ok(_) => changed.run(()),
                Err(err) => error.set(Some(err)),
            }
        });
    };
    let who = row.contact.as_ref().map(|contact| contact.full_name.clone()).or_else(|| row.customer.as_ref().map(|c| c.name.clone()));
    let number = row.from_number.clone().unwrap_or_default();
    let at = row.started_at.clone();
    let key = row.id.clone();
    let field = move |name: &str| format!("{name}-{key}");
    let options = move || {
        let t = i18n.t().calls();
        CallOutcome::ALL.iter().map(|o| (o.as_api().to_owned(), (t.outcome_label)(*o).to_owned())).collect::<Vec<_>>()
    };
    view! {
        <li class="callback" data-id=row.id.clone()>
            <p>
                <strong class="callback-number">{number}</strong>
                {who.map(|who| view! { " · " <span class="callback-who">{who}</span> })}
                " · "
                <time datetime=row.started_at.clone()>{move || format::date_time(i18n.tag(), &at)}</time>
            </p>
            <details>
                <summary>{tr(|t| t.calls().called_back)}</summary>
                <form class="callback-form" on:submit=save>
                    <div class="field">
                        <label for=field("callback-outcome")>{tr(|t| t.calls().outcome)}</label>
                        <select id=field("callback-outcome") on:change=move |ev| {
                            if let Some(picked) = CallOutcome::from_api(&event_target_value(&ev)) {
                                outcome.set(picked);
                            }
                        }>
                            {move || option_list(outcome.get_untracked().as_api(), options())}
                        </select>
                    </div>
                    <div class="field">
                        <label for=field("callback-notes")>{tr(|t| t.calls().notes)}</label>
                        <input id=field("callback-notes") prop:value=move || notes.get() on:input=move |ev| notes.set(event_target_value(&ev)) />
                    </div>
                    <button type="submit" class="save-callback">{tr(|t| t.calls().save_callback)}</button>
                    <ErrorBox error=error />
                </form>
            </details>
        </li>
    }
}

/// The agent's own latest calls.
#[component]
fn MyRecentCalls(rows: Vec<CallRow>) -> impl IntoView {
    let i18n = use_i18n();
    let empty = rows.is_empty();
    let items = rows
        .into_iter()
        .map(|row| {
            let at = row.started_at.clone();
            let status = row.status;
            let outcome = row.outcome;
            let who = row.customer.as_ref().map(|c| c.name.clone()).or(row.from_number.clone()).unwrap_or_default();
            let ticket = row.ticket.map(|ticket| {
                let href = format!("/tickets/{}", ticket.id);
                view! { <A href=href>{ticket.number}</A> }
            });
            let duration = row.duration_seconds.map(|seconds| move || (i18n.t().calls().duration)(seconds));
            view! {
                <tr data-status=status.as_api()>
                    <td data-label=move || i18n.t().calls().when>{move || format::date_time(i18n.tag(), &at)}</td>
                    <td data-label=move || i18n.t().calls().caller>{who}</td>
                    <td data-label=move || i18n.t().calls().outcome>
                        {move || i18n.t().calls().result(status, outcome)}
                    </td>
                    <td data-label=move || i18n.t().calls().length>{duration}</td>
                    <td data-label=move || i18n.t().calls().ticket>{ticket}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <section class="card my-calls" aria-labelledby="my-calls-title">
            <h2 id="my-calls-title">{tr(|t| t.calls().my_calls)}</h2>
            {if empty {
                view! { <p class="empty">{tr(|t| t.calls().no_calls)}</p> }.into_any()
            } else {
                view! {
                    <table class="list my-calls-list">
                        <thead>
                            <tr>
                                <th scope="col">{tr(|t| t.calls().when)}</th>
                                <th scope="col">{tr(|t| t.calls().caller)}</th>
                                <th scope="col">{tr(|t| t.calls().outcome)}</th>
                                <th scope="col">{tr(|t| t.calls().length)}</th>
                                <th scope="col">{tr(|t| t.calls().ticket)}</th>
                            </tr>
                        </thead>
                        <tbody>{items}</tbody>
                    </table>
                }
                .into_any()
            }}
        </section>
    }
}
