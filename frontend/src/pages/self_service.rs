//! The customer's own area: its profile, contact details and consent preferences, its quotes
//! (to accept or reject) and its orders; its timeline, live (every contact with the company,
//! in any channel: its tickets' replies, quotes sent, orders' progress, visits shared with
//! it); above them, an NPS survey waiting for its answer, and "chat with us".

use leptos::prelude::*;

use crate::api::call;
use crate::api::ops::{customer_detail, CustomerDetail};
use crate::app::use_viewer;
use crate::components::loaded;
use crate::i18n::{tr, use_i18n};
use crate::pages::customers::contacts::{ContactAccess, ContactCard};
use crate::pages::customers::detail::ProfileSection;
use crate::pages::customers::timeline::TimelineSection;
use crate::pages::quotes::{OrdersTable, QuoteScope, QuotesTable};
use crate::pages::service::chat::StartChatCard;
use crate::pages::service::nps::MyNpsSurveysSection;

#[component]
pub fn SelfServicePage() -> impl IntoView {
    let i18n = use_i18n();
    let viewer = use_viewer();
    let customer_id = viewer.customer.map(|(id, _)| id).unwrap_or_default();
    let own_id = customer_id.clone();
    let customer = LocalResource::new(move || {
        let id = customer_id.clone();
        async move { call::<CustomerDetail>(customer_detail::Variables { id }).await.map(|data| data.customer) }
    });
    let reload = Callback::new(move |()| customer.refetch());
    view! {
        <section class="page self-service" aria-labelledby="me-title">
            <h1 id="me-title">{tr(|t| t.my_profile)}</h1>
            <p class="lead">{tr(|t| t.self_service_intro)}</p>
            // Above the sections, full width: the survey's eleven scores wrap in their own row.
            <MyNpsSurveysSection />
            <StartChatCard />
            {move || {
                loaded(customer.get(), |customer| {
                    let contacts = customer.contacts.clone();
                    view! {
                        <div class="sections">
                            <ProfileSection customer=customer own=true />
                            <section class="card" aria-labelledby="my-contacts-title">
                                <h2 id="my-contacts-title">{i18n.t().my_contacts}</h2>
                                {contacts
                                    .into_iter()
                                    .map(|contact| {
                                        view! { <ContactCard contact=contact access=ContactAccess::SelfService on_saved=reload /> }
                                    })
                                    .collect_view()}
                            </section>
                            <section class="card my-quotes-section" aria-labelledby="my-quotes-title">
                                <h2 id="my-quotes-title">{i18n.t().sales().my_quotes}</h2>
                                <QuotesTable scope=QuoteScope::Mine />
                            </section>
                            <section class="card my-orders-section" aria-labelledby="my-orders-title">
                                <h2 id="my-orders-title">{i18n.t().sales().my_orders}</h2>
                                <OrdersTable customer_id=None link_orders=true labelled_by="my-orders-title" />
                            </section>
                            <TimelineSection customer_id=own_id.clone() />
                        </div>
                    }
                        .into_any()
                })
            }}
        </section>
    }
}
