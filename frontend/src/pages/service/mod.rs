//! Customer service screens: the ticket list, a ticket's page, opening a ticket, the service
//! desk's people and queues, the contact center, satisfaction figures.

pub mod calls;
pub mod chat;
pub mod console;
pub mod desk;
pub mod detail;
pub mod form;
pub mod list;
pub mod nps;
pub mod related;
pub mod satisfaction;
pub mod script_runner;
pub mod scripts;

use leptos::prelude::*;

use leptos_router::components::A;

use crate::api::ops::{PrincipalKind, StaffRole, TicketPriority, TicketStatus};
use crate::i18n::{tr, use_i18n, Texts};
use crate::session::Viewer;

/// Whether the viewer opens tickets for a customer (the server decides the same way): the
/// service desk, sales reps and managers, partner users.
pub fn may_open_for_customers(viewer: &Viewer) -> bool {
    match viewer.kind {
        PrincipalKind::Partner => true,
        PrincipalKind::Staff => matches!(
            viewer.role,
            Some(StaffRole::Admin | StaffRole::ServiceManager | StaffRole::ServiceAgent | StaffRole::SalesRep | StaffRole::SalesManager)
        ),
        _ => false,
    }
}

/// The customer page's way into its tickets: the list of them, and a new one.
#[component]
pub fn CustomerTickets(customer_id: String, may_open: bool) -> impl IntoView {
    let list = format!("/tickets?customer={customer_id}");
    let new = format!("/tickets/new?customer={customer_id}");
    view! {
        <section class="card tickets-section" aria-labelledby="customer-tickets-title">
            <h2 id="customer-tickets-title">{tr(|t| t.service().tickets)}</h2>
            <p class="page-actions">
                <A href=list attr:id="customer-tickets">{tr(|t| t.service().customer_tickets)}</A>
                {may_open.then(|| view! { <A href=new attr:class="button" attr:id="new-customer-ticket">{tr(|t| t.service().new_ticket)}</A> })}
            </p>
        </section>
    }
}

/// Whether the viewer reads the satisfaction figures (the server decides the same way).
pub fn reads_satisfaction(viewer: &Viewer) -> bool {
    viewer.kind == PrincipalKind::Staff
        && matches!(
            viewer.role,
            Some(StaffRole::Admin | StaffRole::ServiceManager | StaffRole::ServiceAgent | StaffRole::SalesManager | StaffRole::Analyst)
        )
}

/// `(value, label)` choices of every ticket status, for selects.
pub fn status_options(t: &Texts) -> Vec<(String, String)> {
    TicketStatus::ALL.iter().map(|status| (status.as_api().to_owned(), (t.service().status_label)(*status).to_owned())).collect()
}

/// A ticket's tags, each a link to the tickets with that tag.
#[component]
pub fn TagLinks(tags: Vec<String>) -> impl IntoView {
    let i18n = use_i18n();
    tags.into_iter()
        .map(|tag| {
            let href = format!("/tickets?tag={}", String::from(js_sys::encode_uri_component(&tag)));
            let label = tag.clone();
            view! {
                <A href=href attr:class="badge tag" attr:title=move || (i18n.t().service().tagged)(&label)>{tag}</A>
                " "
            }
        })
        .collect_view()
}

/// A ticket's status as a badge (`data-status` for styling and tests).
#[component]
pub fn StatusBadge(status: TicketStatus, #[prop(optional)] id: Option<&'static str>) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <span class="badge ticket-status" id=id data-status=status.as_api()>
            {move || (i18n.t().service().status_label)(status)}
        </span>
    }
}

/// A ticket's priority as a badge (`data-priority` for styling and tests).
#[component]
pub fn PriorityBadge(priority: TicketPriority) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <span class="badge ticket-priority" data-priority=priority.as_api()>
            {move || (i18n.t().service().priority_label)(priority)}
        </span>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::{EN, IT};

    #[test]
    fn every_status_is_offered_in_both_languages() {
        for t in [&EN, &IT] {
            let options = status_options(t);
            assert_eq!(options.len(), TicketStatus::ALL.len());
            assert!(options.iter().all(|(_, label)| !label.is_empty()));
        }
    }
}
