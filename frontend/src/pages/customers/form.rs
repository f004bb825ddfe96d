//! Create and edit forms of a customer. Validation is the server's: its field errors show
//! next to the field they name, so the rules live in one place.

use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::{use_navigate, use_params_map};

use crate::api::ops::customer_detail::CustomerDetailCustomer;
use crate::api::ops::{
    create_customer, customer_detail, update_customer, CreateCustomer, CustomerDetail, CustomerKind, Lifecycle, UpdateCustomer,
};
use crate::api::{call, ApiError};
use crate::app::use_viewer;
use crate::components::{loaded, non_empty, split_list, unclaimed_error, SelectField, TextField};
use crate::format;
use crate::i18n::{tr, use_i18n};
use crate::pages::customers::contacts::{DuplicateWarning, FormErrors};
use crate::pages::customers::options::use_assignment_options;

/// The form's state: one signal per input, as text.
#[derive(Clone, Copy)]
struct Draft {
    kind: RwSignal<String>,
    name: RwSignal<String>,
    lifecycle: RwSignal<String>,
    industry: RwSignal<String>,
    /// The customer's id in another system (imports match on it).
    external_id: RwSignal<String>,
    tags: RwSignal<String>,
    street: RwSignal<String>,
    postal_code: RwSignal<String>,
    city: RwSignal<String>,
    region: RwSignal<String>,
    country: RwSignal<String>,
    owner: RwSignal<String>,
    partner: RwSignal<String>,
    credit_amount: RwSignal<String>,
    credit_currency: RwSignal<String>,
    first_name: RwSignal<String>,
    last_name: RwSignal<String>,
    job_title: RwSignal<String>,
    email: RwSignal<String>,
    phone: RwSignal<String>,
}

fn text(value: impl Into<String>) -> RwSignal<String> {
    RwSignal::new(value.into())
}

impl Draft {
    fn empty() -> Self {
        Draft {
            kind: text(CustomerKind::Company.as_api()),
            name: text(""),
            lifecycle: text(Lifecycle::Prospect.as_api()),
            industry: text(""),
            external_id: text(""),
            tags: text(""),
            street: text(""),
            postal_code: text(""),
            city: text(""),
            region: text(""),
            country: text("IT"),
            owner: text(""),
            partner: text(""),
            credit_amount: text(""),
            credit_currency: text("EUR"),
            first_name: text(""),
            last_name: text(""),
            job_title: text(""),
            email: text(""),
            phone: text(""),
        }
    }

    fn of(customer: &CustomerDetailCustomer) -> Self {
        let draft = Draft::empty();
        draft.set_from(customer);
        draft
    }

    /// Resets every input to the stored customer (also after a conflict's reload).
    fn set_from(&self, customer: &CustomerDetailCustomer) {
        let address = &customer.address;
        self.kind.set(customer.kind.as_api().to_owned());
        self.name.set(customer.name.clone());
        self.lifecycle.set(customer.lifecycle.as_api().to_owned());
        self.industry.set(customer.industry.clone().unwrap_or_default());
        self.external_id.set(customer.external_id.clone().unwrap_or_default());
        self.tags.set(customer.tags.join(", "));
        self.street.set(address.street.clone().unwrap_or_default());
        self.postal_code.set(address.postal_code.clone().unwrap_or_default());
        self.city.set(address.city.clone().unwrap_or_default());
        self.region.set(address.region.clone().unwrap_or_default());
        self.country.set(address.country.as_ref().map(|country| country.code.clone()).unwrap_or_default());
        self.owner.set(customer.owner.as_ref().map(|owner| owner.id.clone()).unwrap_or_default());
        self.partner.set(customer.partner.as_ref().map(|partner| partner.id.clone()).unwrap_or_default());
        self.credit_amount.set(customer.credit_limit.as_ref().map(|limit| limit.amount.clone()).unwrap_or_default());
        self.credit_currency.set(customer.credit_limit.as_ref().map(|limit| limit.currency.clone()).unwrap_or_else(|| "EUR".into()));
    }

    fn tag_list(&self) -> Vec<String> {
        split_list(&self.tags.get_untracked(), &[','])
    }

    fn credit_limit(&self) -> Option<(String, String)> {
        non_empty(self.credit_amount.get_untracked())
            .map(|amount| (amount.replace(',', "."), self.credit_currency.get_untracked().trim().to_uppercase()))
    }

    fn create_input(&self, allow_duplicate: bool) -> create_customer::CreateCustomerInput {
        use create_customer::{AddressInput, ContactInput, EmailInput, MoneyInput, PhoneInput};
        let kind = CustomerKind::from_api(&self.kind.get_untracked()).unwrap_or(CustomerKind::Company);
        let (first_name, last_name) = (self.first_name.get_untracked(), self.last_name.get_untracked());
        let has_contact = kind == CustomerKind::Person || !first_name.trim().is_empty() || !last_name.trim().is_empty();
        let mut name = self.name.get_untracked();
        if kind == CustomerKind::Person && name.trim().is_empty() {
            // A person's customer record is named after the person.
            name = format!("{} {}", first_name.trim(), last_name.trim()).trim().to_owned();
        }
        create_customer::CreateCustomerInput {
            kind,
            name,
            external_id: non_empty(self.external_id.get_untracked()),
            lifecycle: Lifecycle::from_api(&self.lifecycle.get_untracked()),
            industry: non_empty(self.industry.get_untracked()),
            tags: self.tag_list(),
            address: Some(AddressInput {
                street: non_empty(self.street.get_untracked()),
                postal_code: non_empty(self.postal_code.get_untracked()),
                city: non_empty(self.city.get_untracked()),
                region: non_empty(self.region.get_untracked()),
                country: non_empty(self.country.get_untracked()),
            }),
            owner_id: non_empty(self.owner.get_untracked()),
            partner_id: non_empty(self.partner.get_untracked()),
            credit_limit: self.credit_limit().map(|(amount, currency)| MoneyInput { amount, currency }),
            primary_contact: has_contact.then(|| ContactInput {
                first_name,
                last_name,
                job_title: non_empty(self.job_title.get_untracked()),
                emails: non_empty(self.email.get_untracked()).map(|address| EmailInput { address, label: None }).into_iter().collect(),
                phones: non_empty(self.phone.get_untracked()).map(|number| PhoneInput { number, label: None }).into_iter().collect(),
                ..Default::default()
            }),
            allow_duplicate,
        }
    }

    /// Every field is sent: unchanged ones are no-ops on the server, and an emptied one
    /// clears the stored value.
    fn update_input(&self, id: String, version: i64) -> update_customer::UpdateCustomerInput {
        use update_customer::{AddressInput, MoneyInput};
        update_customer::UpdateCustomerInput {
            id,
            version,
            name: Some(self.name.get_untracked()),
            external_id: non_empty(self.external_id.get_untracked()),
            lifecycle: Lifecycle::from_api(&self.lifecycle.get_untracked()),
            industry: non_empty(self.industry.get_untracked()),
            tags: Some(self.tag_list()),
            address: Some(AddressInput {
                street: non_empty(self.street.get_untracked()),
                postal_code: non_empty(self.postal_code.get_untracked()),
                city: non_empty(self.city.get_untracked()),
                region: non_empty(self.region.get_untracked()),
                country: non_empty(self.country.get_untracked()),
            }),
            owner_id: non_empty(self.owner.get_untracked()),
            partner_id: non_empty(self.partner.get_untracked()),
            credit_limit: self.credit_limit().map(|(amount, currency)| MoneyInput { amount, currency }),
        }
    }
}

/// Input paths shown next to a field; any other error shows above the buttons.
const FIELDS: &[&str] =
    &["kind", "name", "externalId", "lifecycle", "industry", "tags", "address", "ownerId", "partnerId", "creditLimit", "primaryContact"];

#[component]
fn CustomerFields(draft: Draft, error: RwSignal<Option<ApiError>>, creating: bool, may_assign: bool) -> impl IntoView {
    let i18n = use_i18n();
    let options = use_assignment_options(may_assign);
    let enum_options = move |values: Vec<(String, &'static str)>| values.into_iter().map(|(v, l)| (v, l.to_owned())).collect::<Vec<_>>();
    let kinds = Signal::derive(move || {
        let t = i18n.t();
        enum_options(CustomerKind::ALL.iter().map(|kind| (kind.as_api().to_owned(), (t.customer_kind_label)(*kind))).collect())
    });
    let lifecycles = Signal::derive(move || {
        let t = i18n.t();
        enum_options(Lifecycle::ALL.iter().map(|value| (value.as_api().to_owned(), (t.lifecycle_label)(*value))).collect())
    });
    let countries = Signal::derive(move || {
        let tag = i18n.tag();
        format::COUNTRY_CODES.iter().map(|code| ((*code).to_owned(), format::country(tag, code))).collect::<Vec<_>>()
    });
    let error_signal: Signal<Option<ApiError>> = error.into();
    let label = move |f: fn(&crate::i18n::Texts) -> &'static str| Signal::derive(move || f(i18n.t()));
    view! {
        <fieldset class="form-section">
            <legend>{tr(|t| t.profile)}</legend>
            <div class="form-grid">
                {creating.then(|| view! { <SelectField label=label(|t| t.kind) value=draft.kind field="kind" options=kinds error=error_signal /> })}
                <TextField label=label(|t| t.name) value=draft.name field="name" error=error_signal required=!creating />
                <SelectField label=label(|t| t.lifecycle) value=draft.lifecycle field="lifecycle" options=lifecycles error=error_signal />
                <TextField label=label(|t| t.industry) value=draft.industry field="industry" error=error_signal />
                <TextField label=label(|t| t.tags) value=draft.tags field="tags" error=error_signal hint=label(|t| t.tags_hint) />
                <TextField label=label(|t| t.external_id) value=draft.external_id field="externalId" error=error_signal hint=label(|t| t.external_id_hint) />
            </div>
        </fieldset>
        <fieldset class="form-section">
            <legend>{tr(|t| t.address)}</legend>
            <div class="form-grid">
                <TextField label=label(|t| t.street) value=draft.street field="address.street" error=error_signal autocomplete="street-address" />
                <TextField label=label(|t| t.postal_code) value=draft.postal_code field="address.postalCode" error=error_signal autocomplete="postal-code" />
                <TextField label=label(|t| t.city) value=draft.city field="address.city" error=error_signal />
                <TextField label=label(|t| t.region) value=draft.region field="address.region" error=error_signal />
                <SelectField
                    label=label(|t| t.country)
                    value=draft.country
                    field="address.country"
                    options=countries
                    error=error_signal
                    empty=label(|t| t.none)
                />
            </div>
        </fieldset>
        {may_assign
            .then(|| {
                view! {
                    <fieldset class="form-section">
                        <legend>{tr(|t| t.assignment)}</legend>
                        <div class="form-grid">
                            <SelectField
                                label=label(|t| t.owner)
                                value=draft.owner
                                field="ownerId"
                                options=options.owners
                                error=error_signal
                                empty=label(|t| t.not_assigned)
                            />
                            <SelectField
                                label=label(|t| t.partner)
                                value=draft.partner
                                field="partnerId"
                                options=options.partners
                                error=error_signal
                                empty=label(|t| t.not_assigned)
                            />
                            <TextField
                                label=label(|t| t.credit_limit)
                                value=draft.credit_amount
                                field="creditLimit.amount"
                                error=error_signal
                                input_type="text"
                            />
                            <TextField label=label(|t| t.currency) value=draft.credit_currency field="creditLimit.currency" error=error_signal />
                        </div>
                    </fieldset>
                }
            })}
        {creating
            .then(|| {
                view! {
                    <fieldset class="form-section">
                        <legend>{tr(|t| t.primary_contact)}</legend>
                        <div class="form-grid">
                            <TextField label=label(|t| t.first_name) value=draft.first_name field="primaryContact.firstName" error=error_signal />
                            <TextField label=label(|t| t.last_name) value=draft.last_name field="primaryContact.lastName" error=error_signal />
                            <TextField label=label(|t| t.job_title) value=draft.job_title field="primaryContact.jobTitle" error=error_signal />
                            <TextField
                                label=label(|t| t.email)
                                value=draft.email
                                field="primaryContact.emails"
                                error=error_signal
                                input_type="email"
                            />
                            <TextField label=label(|t| t.phone) value=draft.phone field="primaryContact.phones" error=error_signal input_type="tel" />
                        </div>
                    </fieldset>
                }
            })}
    }
}

#[component]
pub fn CustomerCreatePage() -> impl IntoView {
    let viewer = use_viewer();
    let navigate = use_navigate();
    let draft = Draft::empty();
    let error = RwSignal::new(None::<ApiError>);
    let busy = RwSignal::new(false);
    let may_assign = viewer.is_admin() || viewer.role == Some(crate::api::ops::StaffRole::SalesManager);
    let save = move |allow_duplicate: bool| {
        busy.set(true);
        let input = draft.create_input(allow_duplicate);
        let navigate = navigate.clone();
        leptos::task::spawn_local(async move {
            match call::<CreateCustomer>(create_customer::Variables { input }).await {
                Ok(data) => navigate(&format!("/customers/{}", data.create_customer.customer.id), Default::default()),
                Err(err) => {
                    error.set(Some(err));
                    busy.set(false);
                }
            }
        });
    };
    let save = StoredValue::new(save);
    // A new record has no version to be stale: a CONFLICT without a field is a possible
    // duplicate, named when the caller may see it.
    let duplicate = move || match error.get() {
        Some(ApiError::Conflict { existing_id, reason: None, .. }) => Some(existing_id),
        _ => None,
    };
    let general = move || unclaimed_error(error.get(), FIELDS).filter(|_| duplicate().is_none());
    view! {
        <section class="page form-page" aria-labelledby="create-title">
            <p class="breadcrumb"><A href="/customers">{tr(|t| t.back_to_list)}</A></p>
            <h1 id="create-title">{tr(|t| t.new_customer)}</h1>
            <form
                class="customer-form"
                novalidate
                on:submit=move |ev: leptos::ev::SubmitEvent| {
                    ev.prevent_default();
                    save.with_value(|save| save(false));
                }
            >
                <CustomerFields draft=draft error=error creating=true may_assign=may_assign />
                {move || {
                    duplicate()
                        .map(|existing| {
                            view! {
                                <DuplicateWarning
                                    existing=existing
                                    found=|t| t.duplicate_found
                                    anyway=|t| t.create_anyway
                                    anyway_id="create-anyway"
                                    on_anyway=Callback::new(move |()| save.with_value(|save| save(true)))
                                />
                            }
                        })
                }}
                <FormErrors error=Signal::derive(general) />
                <div class="form-actions">
                    <button type="submit" class="button-primary" disabled=move || busy.get()>
                        {tr(|t| t.create_customer)}
                    </button>
                    <A href="/customers" attr:class="button">{tr(|t| t.cancel)}</A>
                </div>
            </form>
        </section>
    }
}

#[component]
pub fn CustomerEditPage() -> impl IntoView {
    let params = use_params_map();
    let id = move || params.with(|params| params.get("id").unwrap_or_default());
    let customer = LocalResource::new(move || {
        let id = id();
        async move { call::<CustomerDetail>(customer_detail::Variables { id }).await.map(|data| data.customer) }
    });
    view! {
        <section class="page form-page" aria-labelledby="edit-title">
            <h1 id="edit-title">{tr(|t| t.edit_customer)}</h1>
            {move || loaded(customer.get(), |stored| view! { <EditForm customer=stored /> }.into_any())}
        </section>
    }
}

#[component]
fn EditForm(customer: CustomerDetailCustomer) -> impl IntoView {
    let i18n = use_i18n();
    let navigate = use_navigate();
    let draft = Draft::of(&customer);
    let error = RwSignal::new(None::<ApiError>);
    let busy = RwSignal::new(false);
    let version = RwSignal::new(customer.version);
    let id = customer.id.clone();
    let back = format!("/customers/{id}");
    let submit = {
        let (id, back) = (id.clone(), back.clone());
        move |ev: leptos::ev::SubmitEvent| {
            ev.prevent_default();
            busy.set(true);
            error.set(None);
            let input = draft.update_input(id.clone(), version.get_untracked());
            let (navigate, back) = (navigate.clone(), back.clone());
            leptos::task::spawn_local(async move {
                match call::<UpdateCustomer>(update_customer::Variables { input }).await {
                    Ok(_) => navigate(&back, Default::default()),
                    Err(err) => {
                        error.set(Some(err));
                        busy.set(false);
                    }
                }
            });
        }
    };
    // After a conflict: load what the other person saved, and edit from there.
    let reload = move |_| {
        let id = id.clone();
        leptos::task::spawn_local(async move {
            match call::<CustomerDetail>(customer_detail::Variables { id }).await {
                Ok(data) => {
                    draft.set_from(&data.customer);
                    version.set(data.customer.version);
                    error.set(None);
                }
                Err(err) => error.set(Some(err)),
            }
        });
    };
    let stale = move || matches!(error.get(), Some(ApiError::Conflict { existing_id: None, reason: None, .. }));
    let general = move || unclaimed_error(error.get(), FIELDS);
    view! {
        <form class="customer-form" novalidate on:submit=submit>
            <CustomerFields draft=draft error=error creating=false may_assign=customer.viewer_can_assign />
            <FormErrors error=Signal::derive(general) />
            {move || {
                stale()
                    .then(|| {
                        view! {
                            <button type="button" id="reload-customer" on:click=reload.clone()>
                                {i18n.t().reload}
                            </button>
                        }
                    })
            }}
            <div class="form-actions">
                <button type="submit" class="button-primary" id="save-customer" disabled=move || busy.get()>
                    {tr(|t| t.save)}
                </button>
                <A href=back attr:class="button">{tr(|t| t.cancel)}</A>
            </div>
        </form>
    }
}
