//! The new-lead form, and the products-of-interest picker it shares with a lead's edit form.

use leptos::prelude::*;
use leptos_router::hooks::use_navigate;

use crate::api::ops::{create_lead, CreateLead, LeadSource, PrincipalKind};
use crate::api::{call, ApiError};
use crate::app::use_viewer;
use crate::components::{non_empty, unclaimed_error, FormActions, SelectField, TextField};
use crate::format;
use crate::i18n::{tr, use_i18n, Texts};
use crate::pages::customers::contacts::FormErrors;
use crate::pages::customers::options::use_assignment_options;
use crate::pages::leads::source_options;
use crate::pages::product_picker::ProductPicker;

/// The fields of the form, as the server names them in `extensions.field`.
const FIELDS: &[&str] = &[
    "firstName",
    "lastName",
    "company",
    "jobTitle",
    "email",
    "phone",
    "country",
    "region",
    "city",
    "source",
    "campaign",
    "message",
    "productIds",
    "ownerId",
    "partnerId",
];

#[component]
pub fn LeadCreatePage() -> impl IntoView {
    let i18n = use_i18n();
    let viewer = use_viewer();
    let navigate = use_navigate();
    let routes = viewer.may_route_leads();
    let options = use_assignment_options(routes);
    let first_name = RwSignal::new(String::new());
    let last_name = RwSignal::new(String::new());
    let company = RwSignal::new(String::new());
    let job_title = RwSignal::new(String::new());
    let email = RwSignal::new(String::new());
    let phone = RwSignal::new(String::new());
    let country = RwSignal::new(String::new());
    let region = RwSignal::new(String::new());
    let city = RwSignal::new(String::new());
    let default_source = if viewer.kind == PrincipalKind::Partner { LeadSource::Partner } else { LeadSource::Manual };
    let source = RwSignal::new(default_source.as_api().to_owned());
    let campaign = RwSignal::new(String::new());
    let message = RwSignal::new(String::new());
    let products = RwSignal::new(Vec::<(String, String)>::new());
    let owner = RwSignal::new(String::new());
    let partner = RwSignal::new(String::new());
    let error = RwSignal::new(None::<ApiError>);
    let busy = RwSignal::new(false);
    let submit = {
        let navigate = navigate.clone();
        move |ev: leptos::ev::SubmitEvent| {
            ev.prevent_default();
            let input = create_lead::CreateLeadInput {
                first_name: first_name.get_untracked().trim().to_owned(),
                last_name: last_name.get_untracked().trim().to_owned(),
                company: non_empty(company.get_untracked()),
                job_title: non_empty(job_title.get_untracked()),
                email: non_empty(email.get_untracked()),
                phone: non_empty(phone.get_untracked()),
                country: non_empty(country.get_untracked()),
                region: non_empty(region.get_untracked()),
                city: non_empty(city.get_untracked()),
                source: LeadSource::from_api(&source.get_untracked()),
                campaign: non_empty(campaign.get_untracked()),
                message: non_empty(message.get_untracked()),
                product_ids: Some(products.get_untracked().into_iter().map(|(id, _)| id).collect()),
                owner_id: non_empty(owner.get_untracked()),
                partner_id: non_empty(partner.get_untracked()),
            };
            busy.set(true);
            error.set(None);
            let navigate = navigate.clone();
            leptos::task::spawn_local(async move {
                let result = call::<CreateLead>(create_lead::Variables { input }).await;
                busy.set(false);
                match result {
                    Ok(data) => navigate(&format!("/leads/{}", data.create_lead.lead.id), Default::default()),
                    Err(err) => error.set(Some(err)),
                }
            });
        }
    };
    let countries = Signal::derive(move || {
        let tag = i18n.tag();
        format::COUNTRY_CODES.iter().map(|code| ((*code).to_owned(), format::country(tag, code))).collect::<Vec<_>>()
    });
    let sources = Signal::derive(move || source_options(i18n.t()));
    let label = move |f: fn(&Texts) -> &'static str| Signal::derive(move || f(i18n.t()));
    let cancel = Callback::new(move |()| navigate("/leads", Default::default()));
    view! {
        <section class="page lead-form-page" aria-labelledby="lead-form-title">
            <h1 id="lead-form-title">{tr(|t| t.sales().new_lead)}</h1>
            <form class="card lead-form" novalidate on:submit=submit>
                <div class="form-grid">
                    <TextField label=label(|t| t.first_name) value=first_name field="firstName" error=error required=true />
                    <TextField label=label(|t| t.last_name) value=last_name field="lastName" error=error required=true />
                    <TextField label=label(|t| t.sales().company) value=company field="company" error=error autocomplete="organization" />
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
                    <SelectField
                        label=label(|t| t.country)
                        value=country
                        field="country"
                        options=countries
                        error=error
                        empty=label(|t| t.none)
                    />
                    <TextField label=label(|t| t.region) value=region field="region" error=error />
                    <TextField label=label(|t| t.city) value=city field="city" error=error />
                    <SelectField label=label(|t| t.sales().source) value=source field="source" options=sources error=error />
                    <TextField label=label(|t| t.sales().campaign) value=campaign field="campaign" error=error />
                </div>
                <TextField label=label(|t| t.sales().message) value=message field="message" error=error multiline=true />
                <ProductPicker chosen=products error=error />
                {routes
                    .then(|| {
                        view! {
                            <fieldset class="form-section">
                                <legend>{tr(|t| t.assignment)}</legend>
                                <p class="hint">{tr(|t| t.sales().routing_hint)}</p>
                                <div class="form-grid">
                                    <SelectField
                                        label=label(|t| t.owner)
                                        value=owner
                                        field="ownerId"
                                        options=options.owners
                                        error=error
                                        empty=label(|t| t.not_assigned)
                                    />
                                    <SelectField
                                        label=label(|t| t.partner)
                                        value=partner
                                        field="partnerId"
                                        options=options.partners
                                        error=error
                                        empty=label(|t| t.not_assigned)
                                    />
                                </div>
                            </fieldset>
                        }
                    })}
                <FormErrors error=Signal::derive(move || unclaimed_error(error.get(), FIELDS)) />
                <FormActions busy=busy on_cancel=cancel submit_class="save-lead" />
            </form>
        </section>
    }
}
