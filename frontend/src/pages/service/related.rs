//! A ticket's related tickets on its page: the ticket a duplicate was merged into, the
//! incident a ticket is part of and, on an incident's own ticket, the tickets of it; and the
//! desk's moves, by the other ticket's number: merge this duplicate into it, add this ticket
//! to an incident or take it out.

use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_navigate;

use crate::api::ops::ticket_detail::TicketDetailTicket;
use crate::api::ops::{merge_ticket, set_ticket_parent, ticket_by_number, MergeTicket, SetTicketParent, TicketByNumber, TicketStatus};
use crate::api::{call, ApiError};
use crate::components::ErrorBox;
use crate::i18n::{tr, use_i18n};
use crate::pages::service::StatusBadge;

/// The id of the ticket the caller sees with exactly this number.
async fn ticket_id(number: String) -> Result<Option<String>, ApiError> {
    let wanted = number.trim().to_uppercase();
    let found = call::<TicketByNumber>(ticket_by_number::Variables { number: wanted.clone() }).await?;
    Ok(found.tickets.nodes.into_iter().find(|t| t.number == wanted).map(|t| t.id))
}

#[component]
pub fn RelatedTickets(ticket: TicketDetailTicket, reload: Callback<()>) -> impl IntoView {
    let i18n = use_i18n();
    let open = ticket.status != TicketStatus::Closed && ticket.merged_into.is_none();
    let desk = ticket.viewer_can_work && open;
    let anything = ticket.merged_into.is_some() || ticket.parent.is_some() || !ticket.children.is_empty() || desk;
    if !anything {
        return ().into_any();
    }
    let merged = ticket.merged_into.clone().map(|kept| {
        view! {
            <p class="notice" id="merged-into">
                {tr(|t| t.service().merged_into)} " "
                <A href=format!("/tickets/{}", kept.id)>{kept.number}</A>
            </p>
        }
    });
    let parent = ticket.parent.clone().map(|parent| {
        view! {
            <p id="ticket-parent">
                {tr(|t| t.service().part_of)} " "
                <A href=format!("/tickets/{}", parent.id)>{parent.number}</A>
                " · " {parent.subject} " " <StatusBadge status=parent.status />
            </p>
        }
    });
    let children = (!ticket.children.is_empty()).then(|| {
        let rows = ticket
            .children
            .clone()
            .into_iter()
            .map(|child| {
                let customer = child.customer.as_ref().map(|c| c.name.clone()).unwrap_or_default();
                view! {
                    <li>
                        <A href=format!("/tickets/{}", child.id)>{child.number}</A>
                        " · " {customer} " · " {child.subject} " " <StatusBadge status=child.status />
                    </li>
                }
            })
            .collect_view();
        view! {
            <h3>{tr(|t| t.service().incident_tickets)}</h3>
            <ul id="incident-tickets">{rows}</ul>
        }
    });
    let error = RwSignal::new(None::<ApiError>);
    let missing = RwSignal::new(None::<String>);
    view! {
        <section class="card related-tickets" aria-labelledby="related-title">
            <h2 id="related-title">{tr(|t| t.service().related)}</h2>
            {merged}
            {parent}
            {children}
            {desk.then(|| view! { <DeskMoves ticket=ticket.clone() reload=reload error=error missing=missing /> })}
            <p class="alert alert-error" role="alert" hidden=move || missing.get().is_none()>
                {move || missing.get().map(|n| (i18n.t().service().no_such_ticket)(&n))}
            </p>
            <ErrorBox error=error />
        </section>
    }
    .into_any()
}

#[component]
fn DeskMoves(
    ticket: TicketDetailTicket,
    reload: Callback<()>,
    error: RwSignal<Option<ApiError>>,
    missing: RwSignal<Option<String>>,
) -> impl IntoView {
    let into = RwSignal::new(String::new());
    let incident = RwSignal::new(String::new());
    let navigate = use_navigate();
    let (id, version) = (ticket.id.clone(), ticket.version);
    let merge = {
        let id = id.clone();
        move |ev: leptos::ev::SubmitEvent| {
            ev.prevent_default();
            let (id, navigate, number) = (id.clone(), navigate.clone(), into.get_untracked());
            error.set(None);
            missing.set(None);
            leptos::task::spawn_local(async move {
                let target = match ticket_id(number.clone()).await {
                    Ok(Some(target)) => target,
                    Ok(None) => return missing.set(Some(number)),
                    Err(err) => return error.set(Some(err)),
                };
                let input = merge_ticket::MergeTicketInput { id, version, into_id: target };
                match call::<MergeTicket>(merge_ticket::Variables { input }).await {
                    Ok(data) => navigate(&format!("/tickets/{}", data.merge_ticket.ticket.id), Default::default()),
                    Err(err) => error.set(Some(err)),
                }
            });
        }
    };
    let set_parent = {
        let id = id.clone();
        move |number: Option<String>| {
            let id = id.clone();
            error.set(None);
            missing.set(None);
            leptos::task::spawn_local(async move {
                let parent_id = match number {
                    None => None,
                    Some(number) => match ticket_id(number.clone()).await {
                        Ok(Some(parent)) => Some(parent),
                        Ok(None) => return missing.set(Some(number)),
                        Err(err) => return error.set(Some(err)),
                    },
                };
                let input = set_ticket_parent::SetTicketParentInput { id, version, parent_id };
                match call::<SetTicketParent>(set_ticket_parent::Variables { input }).await {
                    Ok(_) => reload.run(()),
                    Err(err) => error.set(Some(err)),
                }
            });
        }
    };
    let join = {
        let set_parent = set_parent.clone();
        move |ev: leptos::ev::SubmitEvent| {
            ev.prevent_default();
            set_parent(Some(incident.get_untracked()));
        }
    };
    let in_incident = ticket.parent.is_some();
    // An incident's own ticket (it has tickets) is not merged away nor part of another.
    let alone = ticket.children.is_empty();
    view! {
        {alone.then(|| view! {
            <form class="inline-form" id="merge-form" on:submit=merge>
                <label for="merge-into">{tr(|t| t.service().merge_into)}</label>
                <input id="merge-into" required placeholder=move || use_i18n().t().service().number_hint
                    prop:value=move || into.get() on:input=move |ev| into.set(event_target_value(&ev)) />
                <button type="submit" id="merge-ticket">{tr(|t| t.service().merge)}</button>
            </form>
            <form class="inline-form" id="incident-form" on:submit=join>
                <label for="incident-number">{tr(|t| t.service().incident_number)}</label>
                <input id="incident-number" required placeholder=move || use_i18n().t().service().number_hint
                    prop:value=move || incident.get() on:input=move |ev| incident.set(event_target_value(&ev)) />
                <button type="submit" id="join-incident">{tr(|t| t.service().join_incident)}</button>
            </form>
        })}
        {in_incident.then(|| view! {
            <button type="button" class="secondary" id="leave-incident" on:click=move |_| set_parent(None)>
                {tr(|t| t.service().leave_incident)}
            </button>
        })}
    }
}
