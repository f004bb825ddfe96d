//! Opening a ticket: a customer user for itself; staff and partner users for the customer whose
//! page they came from (`/tickets/new?customer=…`). The first message is the customer's words;
//! the server picks the queue and the service level.

use leptos::prelude::*;
use leptos_router::hooks::{use_navigate, use_query_map};

use crate::api::ops::{open_ticket, OpenTicket, PrincipalKind};
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
    let subject = RwSignal::new(String::new());
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
