//! A lead's page: its fields, products of interest and assignment history; edit, archive and
//! restore; the status change (a disqualification says why); and the conversion of a
//! qualified lead into a customer, a contact and optionally an opportunity. When a customer
//! already has the lead's email or phone, the person chooses between attaching the lead to
//! that customer and creating a new one anyway.

use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::{use_location, use_params_map};
use wasm_bindgen::JsCast;

use crate::api::ops::lead_detail::{LeadDetailLead, Variables};
use crate::api::ops::NoteSubject;
use crate::api::ops::{
    archive_lead, convert_lead, restore_lead, update_lead, ArchiveLead, ConvertLead, LeadDetail, LeadStatus, RestoreLead, UpdateLead,
};
use crate::api::{call, ApiError};
use crate::app::use_viewer;
use crate::components::{loaded, non_empty, unclaimed_error, ErrorBox, FormActions, SelectField, TextField};
use crate::date_input::DateField;
use crate::format;
use crate::i18n::{tr, use_i18n, Texts};
use crate::pages::admin::{is_stale, CheckField, RecordFormErrors};
use crate::pages::leads::{status_options, StatusBadge};
use crate::pages::notes::{NotesOf, NotesSection};
use crate::pages::product_picker::{ProductPicker, ProductsSection, ShownProduct};
use crate::recent::{self, RecordKind};

/// The currency a conversion's opportunity starts with.
const DEFAULT_CURRENCY: &str = "EUR";
const EDIT_FIELDS: &[&str] = &["firstName", "lastName", "company", "jobTitle", "email", "phone", "country", "region", "city", "productIds"];
const CONVERT_FIELDS: &[&str] = &["opportunityName", "amount", "expectedCloseDate", "createOpportunity"];

#[component]
pub fn LeadPage() -> impl IntoView {
    let params = use_params_map();
    let id = move || params.with(|params| params.get("id").unwrap_or_default());
    let lead = LocalResource::new(move || {
        let id = id();
        async move { call::<LeadDetail>(Variables { id }).await.map(|data| data.lead) }
    });
    let reload = Callback::new(move |()| lead.refetch());
    view! {
        <div class="page lead-page">
            <p class="breadcrumb">
                <A href="/leads">{tr(|t| t.sales().back_to_leads)}</A>
            </p>
            {move || loaded(lead.get(), |lead| view! { <Lead lead=lead reload=reload /> }.into_any())}
        </div>
    }
}

#[component]
fn Lead(lead: LeadDetailLead, reload: Callback<()>) -> impl IntoView {
    recent::remember(&use_viewer(), RecordKind::Lead, format!("/leads/{}", lead.id), lead.full_name.clone());
    let converted = lead.converted_at.is_some();
    let workable = lead.viewer_can_edit && !lead.archived && !converted;
    let convertible = workable && lead.status == LeadStatus::Qualified;
    let editing = RwSignal::new(false);
    let stored = StoredValue::new(lead.clone());
    view! {
        <article class="lead-record" aria-labelledby="lead-name">
            <header class="page-header">
                <div>
                    <h1 id="lead-name">{lead.full_name.clone()}</h1>
                    <p class="subtitle">
                        <StatusBadge status=lead.status id="lead-status" />
                        {converted
                            .then(|| view! { " " <span class="badge converted" id="lead-converted">{tr(|t| t.sales().converted)}</span> })}
                    </p>
                    {lead.archived.then(|| view! { <p class="alert" role="status">{tr(|t| t.archived)}</p> })}
                </div>
                {lead
                    .viewer_can_edit
                    .then(|| {
                        view! {
                            <div class="page-actions">
                                {workable
                                    .then(|| {
                                        view! {
                                            <button
                                                type="button"
                                                id="edit-lead"
                                                aria-expanded=move || editing.get().to_string()
                                                on:click=move |_| editing.update(|open| *open = !*open)
                                            >
                                                {tr(|t| t.edit)}
                                            </button>
                                        }
                                    })}
                                <ArchiveButton id=lead.id.clone() version=lead.version archived=lead.archived reload=reload />
                            </div>
                        }
                    })}
            </header>
            {move || {
                editing
                    .get()
                    .then(|| {
                        view! {
                            <EditForm
                                lead=stored.get_value()
                                on_done=Callback::new(move |saved: bool| {
                                    editing.set(false);
                                    if saved {
                                        reload.run(());
                                    }
                                })
                                reload=reload
                            />
                        }
                    })
            }}
            <div class="sections">
                <Facts lead=lead.clone() />
                {converted.then(|| view! { <ConversionResult lead=lead.clone() /> })}
                {workable.then(|| view! { <StatusSection lead=lead.clone() reload=reload /> })}
                {convertible.then(|| view! { <ConvertSection lead=lead.clone() reload=reload /> })}
                <ProductsSection products=shown_products(&lead.products) title_id="lead-products-title" />
                <NotesSection of=NotesOf::record(NoteSubject::Lead, lead.id.clone(), lead.full_name.clone()) />
                <AssignmentHistory lead=lead.clone() />
            </div>
        </article>
    }
}

#[component]
fn Facts(lead: LeadDetailLead) -> impl IntoView {
    let i18n = use_i18n();
    let none = move || i18n.t().none.to_owned();
    let text = move |value: &Option<String>| value.clone().unwrap_or_else(none);
    let country = lead.country.as_ref().map(|country| country.code.clone());
    let (created, updated) = (lead.created_at.clone(), lead.updated_at.clone());
    let source = lead.source;
    view! {
        <section class="card facts-section" aria-labelledby="facts-title">
            <h2 id="facts-title">{tr(|t| t.sales().details)}</h2>
            <dl class="facts">
                <dt>{tr(|t| t.sales().company)}</dt>
                <dd data-field="company">{text(&lead.company)}</dd>
                <dt>{tr(|t| t.job_title)}</dt>
                <dd data-field="jobTitle">{text(&lead.job_title)}</dd>
                <dt>{tr(|t| t.email)}</dt>
                <dd data-field="email">{text(&lead.email)}</dd>
                <dt>{tr(|t| t.phone)}</dt>
                <dd data-field="phone">{text(&lead.phone)}</dd>
                <dt>{tr(|t| t.country)}</dt>
                <dd data-field="country">
                    {move || country.as_ref().map(|code| format::country(i18n.tag(), code)).unwrap_or_else(none)}
                </dd>
                <dt>{tr(|t| t.region)}</dt>
                <dd data-field="region">{text(&lead.region)}</dd>
                <dt>{tr(|t| t.city)}</dt>
                <dd data-field="city">{text(&lead.city)}</dd>
                <dt>{tr(|t| t.sales().source)}</dt>
                <dd data-field="source">{move || (i18n.t().sales().source_label)(source)}</dd>
                <dt>{tr(|t| t.sales().campaign)}</dt>
                <dd data-field="campaign">{text(&lead.campaign)}</dd>
                <dt>{tr(|t| t.owner)}</dt>
                <dd data-field="owner">{lead.owner.as_ref().map(|owner| owner.display_name.clone()).unwrap_or_else(none)}</dd>
                <dt>{tr(|t| t.partner)}</dt>
                <dd data-field="partner">{lead.partner.as_ref().map(|partner| partner.name.clone()).unwrap_or_else(none)}</dd>
                {lead
                    .disqualified_reason
                    .clone()
                    .map(|reason| {
                        view! {
                            <dt>{tr(|t| t.sales().disqualified_reason)}</dt>
                            <dd data-field="disqualifiedReason">{reason}</dd>
                        }
                    })}
                <dt>{tr(|t| t.sales().message)}</dt>
                <dd data-field="message" class="multiline">{text(&lead.message)}</dd>
                <dt>{tr(|t| t.created)}</dt>
                <dd>{move || format::date_time(i18n.tag(), &created)}</dd>
                <dt>{tr(|t| t.updated)}</dt>
                <dd>{move || format::date_time(i18n.tag(), &updated)}</dd>
            </dl>
        </section>
    }
}

/// What a converted lead became: links to the customer, contact and opportunity.
#[component]
fn ConversionResult(lead: LeadDetailLead) -> impl IntoView {
    let i18n = use_i18n();
    let at = lead.converted_at.clone().unwrap_or_default();
    let customer = lead.converted_customer.clone();
    let contact = lead.converted_contact.clone();
    let opportunity = lead.converted_opportunity.clone();
    let customer_href = customer.as_ref().map(|customer| format!("/customers/{}", customer.id));
    view! {
        <section class="card conversion-section" aria-labelledby="conversion-title">
            <h2 id="conversion-title">{tr(|t| t.sales().conversion)}</h2>
            <p role="status">{move || (i18n.t().sales().converted_on)(&format::date_time(i18n.tag(), &at))}</p>
            <dl class="facts">
                <dt>{tr(|t| t.customer)}</dt>
                <dd data-field="convertedCustomer">
                    {match customer {
                        Some(customer) => {
                            view! { <A href=format!("/customers/{}", customer.id) attr:id="converted-customer">{customer.name}</A> }
                                .into_any()
                        }
                        None => view! { <span>{tr(|t| t.sales().not_visible)}</span> }.into_any(),
                    }}
                </dd>
                <dt>{tr(|t| t.sales().contact)}</dt>
                <dd data-field="convertedContact">
                    {match (contact, customer_href) {
                        (Some(contact), Some(href)) => view! { <A href=href>{contact.full_name}</A> }.into_any(),
                        (Some(contact), None) => view! { <span>{contact.full_name}</span> }.into_any(),
                        (None, _) => view! { <span>{tr(|t| t.sales().not_visible)}</span> }.into_any(),
                    }}
                </dd>
                <dt>{tr(|t| t.sales().opportunity)}</dt>
                <dd data-field="convertedOpportunity">
                    {match opportunity {
                        Some(opportunity) => {
                            view! {
                                <A href=format!("/opportunities/{}", opportunity.id) attr:id="converted-opportunity">
                                    {opportunity.name}
                                </A>
                            }
                                .into_any()
                        }
                        None => view! { <span>{tr(|t| t.sales().no_opportunity)}</span> }.into_any(),
                    }}
                </dd>
            </dl>
        </section>
    }
}

/// The qualification status: choose one and save (a disqualification asks why).
#[component]
fn StatusSection(lead: LeadDetailLead, reload: Callback<()>) -> impl IntoView {
    let i18n = use_i18n();
    let status = RwSignal::new(lead.status.as_api().to_owned());
    let reason = RwSignal::new(lead.disqualified_reason.clone().unwrap_or_default());
    let error = RwSignal::new(None::<ApiError>);
    let busy = RwSignal::new(false);
    let disqualifying = move || status.get() == LeadStatus::Disqualified.as_api();
    let current = lead.status;
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let Some(target) = LeadStatus::from_api(&status.get_untracked()) else { return };
        if target == current && target != LeadStatus::Disqualified {
            return;
        }
        // The optional fields go back as they are: an absent one would be sent as null,
        // which clears it.
        let input = update_lead::UpdateLeadInput {
            id: lead.id.clone(),
            version: lead.version,
            company: lead.company.clone(),
            job_title: lead.job_title.clone(),
            email: lead.email.clone(),
            phone: lead.phone.clone(),
            country: lead.country.as_ref().map(|c| c.code.clone()),
            region: lead.region.clone(),
            city: lead.city.clone(),
            source: Some(lead.source),
            campaign: lead.campaign.clone(),
            message: lead.message.clone(),
            status: Some(target),
            disqualified_reason: if target == LeadStatus::Disqualified { non_empty(reason.get_untracked()) } else { None },
            ..Default::default()
        };
        busy.set(true);
        error.set(None);
        leptos::task::spawn_local(async move {
            let result = call::<UpdateLead>(update_lead::Variables { input }).await;
            busy.set(false);
            match result {
                Ok(_) => reload.run(()),
                Err(err) => error.set(Some(err)),
            }
        });
    };
    let options = Signal::derive(move || status_options(i18n.t()));
    let label = move |f: fn(&Texts) -> &'static str| Signal::derive(move || f(i18n.t()));
    let qualified = current == LeadStatus::Qualified;
    view! {
        <section class="card status-section" aria-labelledby="qualification-title">
            <h2 id="qualification-title">{tr(|t| t.sales().qualification)}</h2>
            <form class="inline-form" novalidate on:submit=submit>
                <SelectField label=label(|t| t.sales_labels.status) value=status field="status" options=options error=error />
                {move || {
                    disqualifying()
                        .then(|| {
                            view! {
                                <TextField
                                    label=label(|t| t.sales().disqualified_reason)
                                    value=reason
                                    field="disqualifiedReason"
                                    error=error
                                    required=true
                                />
                            }
                        })
                }}
                <div class="form-actions">
                    <button type="submit" id="change-status" disabled=move || busy.get()>
                        {tr(|t| t.sales().change_status)}
                    </button>
                </div>
            </form>
            {(!qualified).then(|| view! { <p class="hint">{tr(|t| t.sales().convert_needs_qualified)}</p> })}
            <RecordFormErrors error=error fields=&["status", "disqualifiedReason"] on_reload=reload reload_id="reload-lead" />
        </section>
    }
}

/// Converts a qualified lead. A duplicate email or phone names the existing customer: the
/// person attaches the lead to it or creates a new customer anyway.
#[component]
fn ConvertSection(lead: LeadDetailLead, reload: Callback<()>) -> impl IntoView {
    let i18n = use_i18n();
    let location = use_location();
    let with_opportunity = RwSignal::new(true);
    let name = RwSignal::new(String::new());
    let amount = RwSignal::new(String::new());
    let currency = RwSignal::new(DEFAULT_CURRENCY.to_owned());
    let close = RwSignal::new(String::new());
    let error = RwSignal::new(None::<ApiError>);
    let busy = RwSignal::new(false);
    // The customer that already has the lead's email or phone, after a duplicate conflict.
    let existing = RwSignal::new(None::<String>);
    let (lead_id, version) = (lead.id.clone(), lead.version);
    let convert = move |customer_id: Option<String>, allow_duplicate: bool| {
        let create = with_opportunity.get_untracked();
        let amount = non_empty(amount.get_untracked())
            .map(|amount| convert_lead::MoneyInput { amount, currency: currency.get_untracked().trim().to_uppercase() });
        let input = convert_lead::ConvertLeadInput {
            lead_id: lead_id.clone(),
            version,
            customer_id,
            allow_duplicate,
            create_opportunity: Some(create),
            opportunity_name: if create { non_empty(name.get_untracked()) } else { None },
            amount: if create { amount } else { None },
            expected_close_date: if create { non_empty(close.get_untracked()) } else { None },
        };
        busy.set(true);
        error.set(None);
        leptos::task::spawn_local(async move {
            let result = call::<ConvertLead>(convert_lead::Variables { input }).await;
            busy.set(false);
            match result {
                Ok(_) => reload.run(()),
                Err(ApiError::Conflict { existing_id: Some(id), .. }) => existing.set(Some(id)),
                Err(err) => error.set(Some(err)),
            }
        });
    };
    let convert = StoredValue::new(convert);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        existing.set(None);
        convert.with_value(|convert| convert(None, false));
    };
    // Opened from the list's "Convert" link: bring the form into view.
    if location.hash.get_untracked() == "#convert" {
        request_animation_frame(|| {
            if let Some(section) = document().get_element_by_id("convert") {
                section.scroll_into_view();
                if let Some(input) = document().get_element_by_id("f-opportunityName") {
                    if let Ok(input) = input.dyn_into::<web_sys::HtmlElement>() {
                        let _ = input.focus();
                    }
                }
            }
        });
    }
    let label = move |f: fn(&Texts) -> &'static str| Signal::derive(move || f(i18n.t()));
    view! {
        <section class="card convert-section" id="convert" aria-labelledby="convert-title">
            <h2 id="convert-title">{tr(|t| t.sales().convert_lead)}</h2>
            <p class="hint">{tr(|t| t.sales().convert_intro)}</p>
            <form class="convert-form" novalidate on:submit=submit>
                <CheckField label=label(|t| t.sales().with_opportunity) value=with_opportunity field="createOpportunity" />
                {move || {
                    with_opportunity
                        .get()
                        .then(|| {
                            view! {
                                <div class="form-grid">
                                    <TextField
                                        label=label(|t| t.sales().opportunity_name)
                                        value=name
                                        field="opportunityName"
                                        error=error
                                        hint=label(|t| t.sales().opportunity_name_hint)
                                    />
                                    <TextField
                                        label=label(|t| t.sales_labels.amount)
                                        value=amount
                                        field="amount.amount"
                                        error=error
                                        hint=label(|t| t.sales().amount_hint)
                                    />
                                    <TextField label=label(|t| t.currency) value=currency field="amount.currency" error=error />
                                    <DateField
                                        label=label(|t| t.sales().expected_close)
                                        value=close
                                        field="expectedCloseDate"
                                        error=error
                                        hint=label(|t| t.sales().close_hint)
                                    />
                                </div>
                            }
                        })
                }}
                {move || {
                    existing
                        .get()
                        .map(|customer| {
                            view! {
                                <div class="alert alert-error duplicate" role="alert" data-error-code="CONFLICT">
                                    <p>{i18n.t().sales().duplicate_customer}</p>
                                    <p>
                                        <A href=format!("/customers/{customer}") attr:id="existing-customer">
                                            {i18n.t().sales().open_customer}
                                        </A>
                                    </p>
                                    <div class="form-actions">
                                        <button
                                            type="button"
                                            class="button-primary"
                                            id="attach-existing"
                                            disabled=move || busy.get()
                                            on:click={
                                                let customer = customer.clone();
                                                move |_| {
                                                    let customer = customer.clone();
                                                    convert.with_value(|convert| convert(Some(customer), false));
                                                }
                                            }
                                        >
                                            {i18n.t().sales().attach_to_existing}
                                        </button>
                                        <button
                                            type="button"
                                            id="create-anyway"
                                            disabled=move || busy.get()
                                            on:click=move |_| convert.with_value(|convert| convert(None, true))
                                        >
                                            {i18n.t().create_anyway}
                                        </button>
                                    </div>
                                </div>
                            }
                        })
                }}
                <RecordFormErrors error=error fields=CONVERT_FIELDS on_reload=reload reload_id="reload-convert" />
                <div class="form-actions">
                    <button type="submit" class="button-primary" id="convert-lead" disabled=move || busy.get()>
                        {tr(|t| t.sales().convert)}
                    </button>
                </div>
            </form>
        </section>
    }
}

/// Edits the lead's person, contact details and products of interest at the version read.
#[component]
fn EditForm(lead: LeadDetailLead, on_done: Callback<bool>, reload: Callback<()>) -> impl IntoView {
    let i18n = use_i18n();
    let first_name = RwSignal::new(lead.first_name.clone());
    let last_name = RwSignal::new(lead.last_name.clone());
    let company = RwSignal::new(lead.company.clone().unwrap_or_default());
    let job_title = RwSignal::new(lead.job_title.clone().unwrap_or_default());
    let email = RwSignal::new(lead.email.clone().unwrap_or_default());
    let phone = RwSignal::new(lead.phone.clone().unwrap_or_default());
    let country = RwSignal::new(lead.country.as_ref().map(|c| c.code.clone()).unwrap_or_default());
    let region = RwSignal::new(lead.region.clone().unwrap_or_default());
    let city = RwSignal::new(lead.city.clone().unwrap_or_default());
    // Not edited here; sent back unchanged (an absent value would clear it).
    let (source, campaign, message) = (lead.source, lead.campaign.clone(), lead.message.clone());
    let products =
        RwSignal::new(lead.products.iter().map(|p| (p.id.clone(), format!("{} ({})", p.name, p.sku))).collect::<Vec<(String, String)>>());
    let error = RwSignal::new(None::<ApiError>);
    let busy = RwSignal::new(false);
    let (id, version) = (lead.id.clone(), lead.version);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let input = update_lead::UpdateLeadInput {
            id: id.clone(),
            version,
            first_name: Some(first_name.get_untracked().trim().to_owned()),
            last_name: Some(last_name.get_untracked().trim().to_owned()),
            company: non_empty(company.get_untracked()),
            job_title: non_empty(job_title.get_untracked()),
            email: non_empty(email.get_untracked()),
            phone: non_empty(phone.get_untracked()),
            country: non_empty(country.get_untracked()),
            region: non_empty(region.get_untracked()),
            city: non_empty(city.get_untracked()),
            source: Some(source),
            campaign: campaign.clone(),
            message: message.clone(),
            status: None,
            disqualified_reason: None,
            product_ids: Some(products.get_untracked().into_iter().map(|(id, _)| id).collect()),
        };
        busy.set(true);
        error.set(None);
        leptos::task::spawn_local(async move {
            let result = call::<UpdateLead>(update_lead::Variables { input }).await;
            busy.set(false);
            match result {
                Ok(_) => on_done.run(true),
                Err(err) => error.set(Some(err)),
            }
        });
    };
    let label = move |f: fn(&Texts) -> &'static str| Signal::derive(move || f(i18n.t()));
    view! {
        <form class="card lead-edit-form" novalidate on:submit=submit aria-labelledby="edit-lead-title">
            <h2 id="edit-lead-title">{tr(|t| t.sales().edit_lead)}</h2>
            <div class="form-grid">
                <TextField label=label(|t| t.first_name) value=first_name field="firstName" error=error required=true />
                <TextField label=label(|t| t.last_name) value=last_name field="lastName" error=error required=true />
                <TextField label=label(|t| t.sales().company) value=company field="company" error=error />
                <TextField label=label(|t| t.job_title) value=job_title field="jobTitle" error=error />
                <TextField
                    label=label(|t| t.email)
                    value=email
                    field="email"
                    error=error
                    input_type="email"
                    hint=label(|t| t.sales().contact_hint)
                />
                <TextField label=label(|t| t.phone) value=phone field="phone" error=error input_type="tel" />
                <TextField label=label(|t| t.country) value=country field="country" error=error />
                <TextField label=label(|t| t.region) value=region field="region" error=error />
                <TextField label=label(|t| t.city) value=city field="city" error=error />
            </div>
            <ProductPicker chosen=products error=error />
            <RecordFormErrors
                error=error
                fields=EDIT_FIELDS
                on_reload=Callback::new(move |()| {
                    on_done.run(false);
                    reload.run(());
                })
                reload_id="reload-edit-lead"
            />
            <FormActions busy=busy on_cancel=Callback::new(move |()| on_done.run(false)) submit_class="save-lead" />
        </form>
    }
}

#[component]
fn AssignmentHistory(lead: LeadDetailLead) -> impl IntoView {
    let i18n = use_i18n();
    if lead.assignment_history.is_empty() {
        return view! {
            <section class="card history-section" aria-labelledby="assignment-history-title">
                <h2 id="assignment-history-title">{tr(|t| t.sales().assignment_history)}</h2>
                <p class="empty">{tr(|t| t.sales().no_assignments)}</p>
            </section>
        }
        .into_any();
    }
    let none = move || i18n.t().none.to_owned();
    let rows = lead
        .assignment_history
        .into_iter()
        .map(|assignment| {
            let at = assignment.assigned_at.clone();
            let datetime = at.clone();
            let by_rule = assignment.by_rule;
            view! {
                <tr data-by-rule=by_rule.to_string()>
                    <td>
                        <time datetime=datetime>{move || format::date_time(i18n.tag(), &at)}</time>
                    </td>
                    <td>{assignment.owner.map(|owner| owner.display_name).unwrap_or_else(none)}</td>
                    <td>{assignment.partner.map(|partner| partner.name).unwrap_or_else(none)}</td>
                    <td>{move || if by_rule { i18n.t().sales().by_rule } else { i18n.t().sales().by_hand }}</td>
                    <td>{assignment.actor_label.clone()}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <section class="card history-section" aria-labelledby="assignment-history-title">
            <h2 id="assignment-history-title">{tr(|t| t.sales().assignment_history)}</h2>
            // Focusable, so keyboard users can scroll it on a narrow screen.
            <div class="table-wrap" tabindex="0" role="region" aria-labelledby="assignment-history-title">
                <table class="assignment-history">
                    <thead>
                        <tr>
                            <th scope="col">{tr(|t| t.sales().assigned_at)}</th>
                            <th scope="col">{tr(|t| t.owner)}</th>
                            <th scope="col">{tr(|t| t.partner)}</th>
                            <th scope="col">{tr(|t| t.sales().assigned_how)}</th>
                            <th scope="col">{tr(|t| t.sales().changed_by)}</th>
                        </tr>
                    </thead>
                    <tbody>{rows}</tbody>
                </table>
            </div>
        </section>
    }
    .into_any()
}

#[component]
fn ArchiveButton(id: String, version: i64, archived: bool, reload: Callback<()>) -> impl IntoView {
    let i18n = use_i18n();
    let error = RwSignal::new(None::<ApiError>);
    let busy = RwSignal::new(false);
    let act = move |_| {
        if !archived && !window().confirm_with_message(i18n.t().sales().archive_lead_confirm).unwrap_or(false) {
            return;
        }
        busy.set(true);
        let id = id.clone();
        leptos::task::spawn_local(async move {
            let result = if archived {
                let input = restore_lead::RecordVersionInput { id, version };
                call::<RestoreLead>(restore_lead::Variables { input }).await.map(drop)
            } else {
                let input = archive_lead::RecordVersionInput { id, version };
                call::<ArchiveLead>(archive_lead::Variables { input }).await.map(drop)
            };
            busy.set(false);
            match result {
                Ok(()) => reload.run(()),
                Err(err) => error.set(Some(err)),
            }
        });
    };
    view! {
        <button type="button" id="archive-lead" on:click=act disabled=move || busy.get()>
            {move || if archived { i18n.t().restore } else { i18n.t().archive }}
        </button>
        {move || {
            if is_stale(&error.get()) {
                view! {
                    <div class="alert alert-error" role="alert" data-error-code="CONFLICT">
                        {i18n.t().error_conflict}
                        " "
                        <button type="button" on:click=move |_| reload.run(())>{i18n.t().reload}</button>
                    </div>
                }
                    .into_any()
            } else {
                view! { <ErrorBox error=Signal::derive(move || unclaimed_error(error.get(), &[])) /> }.into_any()
            }
        }}
    }
}

fn shown_products(products: &[crate::api::ops::lead_detail::LeadDetailLeadProducts]) -> Vec<ShownProduct> {
    products.iter().map(|p| ShownProduct { id: p.id.clone(), name: p.name.clone(), sku: p.sku.clone(), family: p.family.clone() }).collect()
}
