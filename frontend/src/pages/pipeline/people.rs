//! The people of a deal: the customer's contacts who take part in it, each with their role
//! in the decision; whoever may change the deal adds them, changes their role and takes them
//! off (`setOpportunityContact`).

use leptos::prelude::*;

use crate::api::ops::opportunity_detail::OpportunityDetailOpportunity;
use crate::api::ops::{customer_contact_names, set_opportunity_contact, ContactRole, CustomerContactNames, SetOpportunityContact};
use crate::api::{call, ApiError};
use crate::i18n::{tr, use_i18n};
use crate::pages::customers::contacts::FormErrors;

#[component]
pub fn PeopleSection(opportunity: OpportunityDetailOpportunity, reload: Callback<()>) -> impl IntoView {
    let i18n = use_i18n();
    let editable = opportunity.viewer_can_edit && !opportunity.archived;
    let (id, version) = (opportunity.id.clone(), opportunity.version);
    let error = RwSignal::new(None::<ApiError>);
    let busy = RwSignal::new(false);
    let set = StoredValue::new(move |contact_id: String, role: Option<ContactRole>| {
        let input = set_opportunity_contact::SetOpportunityContactInput { opportunity_id: id.clone(), version, contact_id, role };
        busy.set(true);
        error.set(None);
        leptos::task::spawn_local(async move {
            let result = call::<SetOpportunityContact>(set_opportunity_contact::Variables { input }).await;
            busy.set(false);
            match result {
                Ok(_) => reload.run(()),
                Err(err) => error.set(Some(err)),
            }
        });
    });
    let rows = opportunity
        .contacts
        .iter()
        .map(|person| {
            let role = person.role;
            let contact_id = person.contact.as_ref().map(|c| c.id.clone()).unwrap_or_default();
            let name = person.contact.as_ref().map(|c| c.full_name.clone()).unwrap_or_default();
            let title = person.contact.as_ref().and_then(|c| c.job_title.clone());
            let remove = editable.then(|| {
                let contact_id = contact_id.clone();
                view! {
                    <button
                        type="button"
                        class="link-button remove-person"
                        on:click=move |_| set.with_value(|set| set(contact_id.clone(), None))
                        disabled=move || busy.get()
                    >
                        {tr(|t| t.sales().remove_person)}
                    </button>
                }
            });
            view! {
                <li data-contact=contact_id.clone() data-role=role.as_api()>
                    <span class="person-name">{name}</span>
                    {title.map(|title| view! { <span class="hint">{format!(" · {title}")}</span> })}
                    " "
                    <span class="badge">{move || (i18n.t().sales().contact_role_label)(role)}</span>
                    " "
                    {remove}
                </li>
            }
        })
        .collect_view();
    let empty = opportunity.contacts.is_empty().then(|| view! { <p class="empty">{tr(|t| t.sales().no_people)}</p> });
    let on_deal: Vec<String> = opportunity.contacts.iter().filter_map(|p| p.contact.as_ref().map(|c| c.id.clone())).collect();
    let customer_id = opportunity.customer.as_ref().map(|c| c.id.clone());
    let add = editable.then_some(customer_id).flatten().map(|customer_id| {
        view! { <AddPerson customer_id=customer_id on_deal=on_deal busy=busy on_add=Callback::new(move |(contact, role)| set.with_value(|set| set(contact, Some(role)))) /> }
    });
    view! {
        <section class="card people-section" aria-labelledby="people-title">
            <h2 id="people-title">{tr(|t| t.sales().people)}</h2>
            {empty}
            <ul class="plain-list people">{rows}</ul>
            {add}
            <FormErrors error=error />
        </section>
    }
}

/// Picks a contact of the customer not yet on the deal, and their role.
#[component]
fn AddPerson(customer_id: String, on_deal: Vec<String>, busy: RwSignal<bool>, on_add: Callback<(String, ContactRole)>) -> impl IntoView {
    let i18n = use_i18n();
    let contacts = LocalResource::new(move || {
        let id = customer_id.clone();
        async move { call::<CustomerContactNames>(customer_contact_names::Variables { id }).await.ok() }
    });
    let contact = RwSignal::new(String::new());
    let role = RwSignal::new(ContactRole::DecisionMaker.as_api().to_owned());
    let on_deal = StoredValue::new(on_deal);
    let choices = move || {
        contacts
            .get()
            .flatten()
            .map(|data| {
                data.customer
                    .contacts
                    .into_iter()
                    .filter(|c| on_deal.with_value(|ids| !ids.contains(&c.id)))
                    .map(|c| (c.id, c.full_name))
                    .collect::<Vec<_>>()
            })
            .unwrap_or_default()
    };
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let (Some(chosen), Some(role)) =
            (Some(contact.get_untracked()).filter(|c| !c.is_empty()), ContactRole::from_api(&role.get_untracked()))
        else {
            return;
        };
        on_add.run((chosen, role));
    };
    view! {
        <form class="add-person" on:submit=submit>
            <div class="field">
                <label for="person-contact">{tr(|t| t.sales().person)}</label>
                <select id="person-contact" prop:value=move || contact.get() on:change=move |ev| contact.set(event_target_value(&ev))>
                    <option value="">{tr(|t| t.sales().choose_person)}</option>
                    {move || choices().into_iter().map(|(id, name)| view! { <option value=id>{name}</option> }).collect_view()}
                </select>
            </div>
            <div class="field">
                <label for="person-role">{tr(|t| t.sales().role_in_deal)}</label>
                <select id="person-role" prop:value=move || role.get() on:change=move |ev| role.set(event_target_value(&ev))>
                    {ContactRole::ALL
                        .iter()
                        .map(|r| {
                            let r = *r;
                            view! { <option value=r.as_api()>{move || (i18n.t().sales().contact_role_label)(r)}</option> }
                        })
                        .collect_view()}
                </select>
            </div>
            <button type="submit" class="button" id="add-person" disabled=move || busy.get() || contact.with(String::is_empty)>
                {tr(|t| t.sales().add_person)}
            </button>
        </form>
    }
}
