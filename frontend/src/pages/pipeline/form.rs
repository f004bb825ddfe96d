//! Create and edit forms of an opportunity. Validation is the server's: its field errors show
//! next to the field they name. `/opportunities/new?customer=<id>` starts with that customer
//! (the "New opportunity" link of the Customer 360 page); otherwise a search picks one.

use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::{use_navigate, use_params_map, use_query_map};
use serde_json::json;

use crate::api::ops::opportunity_detail::OpportunityDetailOpportunity;
use crate::api::ops::{
    create_opportunity, customer_detail, customer_list, opportunity_detail, update_opportunity, CreateOpportunity, CustomerDetail,
    CustomerList, OpportunityDetail, PrincipalKind, UpdateOpportunity,
};
use crate::api::{call, ApiError};
use crate::app::use_viewer;
use crate::components::{loaded, non_empty, unclaimed_error, SelectField, TextField};
use crate::date_input::DateField;
use crate::i18n::{tr, use_i18n};
use crate::pages::customers::contacts::FormErrors;
use crate::pages::customers::options::use_assignment_options;
use crate::pages::pipeline::{is_stale, may_assign};
use crate::pages::product_picker::ProductPicker;

/// Pause after the last keystroke before searching.
const SEARCH_DEBOUNCE_MS: u32 = 250;
/// The currency a new opportunity starts with.
const DEFAULT_CURRENCY: &str = "EUR";

/// The form's values, as typed.
#[derive(Clone, Copy)]
struct Draft {
    customer: RwSignal<String>,
    name: RwSignal<String>,
    amount: RwSignal<String>,
    currency: RwSignal<String>,
    close: RwSignal<String>,
    probability: RwSignal<String>,
    next_step: RwSignal<String>,
    description: RwSignal<String>,
    /// Chosen products of interest as `(id, "name (SKU)")`.
    products: RwSignal<Vec<(String, String)>>,
    owner: RwSignal<String>,
    partner: RwSignal<String>,
}

impl Draft {
    fn empty(customer: String) -> Self {
        Draft {
            customer: RwSignal::new(customer),
            name: RwSignal::new(String::new()),
            amount: RwSignal::new(String::new()),
            currency: RwSignal::new(DEFAULT_CURRENCY.to_owned()),
            close: RwSignal::new(String::new()),
            probability: RwSignal::new(String::new()),
            next_step: RwSignal::new(String::new()),
            description: RwSignal::new(String::new()),
            products: RwSignal::new(Vec::new()),
            owner: RwSignal::new(String::new()),
            partner: RwSignal::new(String::new()),
        }
    }

    fn of(opportunity: &OpportunityDetailOpportunity) -> Self {
        let draft = Draft::empty(opportunity.customer.as_ref().map(|c| c.id.clone()).unwrap_or_default());
        draft.set_from(opportunity);
        draft
    }

    fn set_from(&self, o: &OpportunityDetailOpportunity) {
        self.name.set(o.name.clone());
        self.amount.set(o.amount.amount.clone());
        self.currency.set(o.amount.currency.clone());
        self.close.set(o.expected_close_date.clone());
        self.probability.set(o.probability.to_string());
        self.next_step.set(o.next_step.clone().unwrap_or_default());
        self.description.set(o.description.clone().unwrap_or_default());
        self.products.set(o.products.iter().map(|p| (p.id.clone(), format!("{} ({})", p.name, p.sku))).collect());
        self.owner.set(o.owner.as_ref().map(|owner| owner.id.clone()).unwrap_or_default());
        self.partner.set(o.partner.as_ref().map(|partner| partner.id.clone()).unwrap_or_default());
    }

    /// The values the API requires in a form it can parse; a missing or malformed one is
    /// refused here the way the server words it, next to its field (boxed: an `ApiError` is
    /// large).
    fn checked(&self, creating: bool) -> Result<(String, String, Option<i64>), Box<ApiError>> {
        let refused = |field: &str, reason: &str, params: serde_json::Value| {
            Box::new(ApiError::BadInput {
                field: Some(field.to_owned()),
                message: format!("{field}: {reason}"),
                reason: Some(reason.to_owned()),
                params,
            })
        };
        if creating && self.customer.get_untracked().trim().is_empty() {
            return Err(refused("customerId", "REQUIRED", json!(null)));
        }
        let amount = self.amount.get_untracked().trim().replace(',', ".");
        if amount.is_empty() {
            return Err(refused("amount", "REQUIRED", json!(null)));
        }
        let close = self.close.get_untracked();
        if close.trim().is_empty() {
            return Err(refused("expectedCloseDate", "REQUIRED", json!(null)));
        }
        let probability = match non_empty(self.probability.get_untracked()) {
            None => None,
            Some(text) => Some(text.parse::<i64>().map_err(|_| refused("probability", "OUT_OF_RANGE", json!({"min": 0, "max": 100})))?),
        };
        Ok((amount, close, probability))
    }

    fn product_ids(&self) -> Vec<String> {
        self.products.get_untracked().into_iter().map(|(id, _)| id).collect()
    }

    fn create_input(&self, assign: bool) -> Result<create_opportunity::CreateOpportunityInput, Box<ApiError>> {
        let (amount, expected_close_date, probability) = self.checked(true)?;
        Ok(create_opportunity::CreateOpportunityInput {
            customer_id: self.customer.get_untracked(),
            name: self.name.get_untracked(),
            amount: create_opportunity::MoneyInput { amount, currency: self.currency.get_untracked().trim().to_uppercase() },
            expected_close_date,
            probability,
            owner_id: assign.then(|| non_empty(self.owner.get_untracked())).flatten(),
            partner_id: assign.then(|| non_empty(self.partner.get_untracked())).flatten(),
            product_ids: Some(self.product_ids()),
            next_step: non_empty(self.next_step.get_untracked()),
            description: non_empty(self.description.get_untracked()),
            ..Default::default()
        })
    }

    /// Every field is sent: unchanged ones are no-ops on the server, and an emptied one
    /// clears the stored value. Owner and partner are sent as they are stored unless the
    /// viewer may change them.
    fn update_input(&self, id: String, version: i64) -> Result<update_opportunity::UpdateOpportunityInput, Box<ApiError>> {
        let (amount, expected_close_date, probability) = self.checked(false)?;
        Ok(update_opportunity::UpdateOpportunityInput {
            id,
            version,
            name: Some(self.name.get_untracked()),
            amount: Some(update_opportunity::MoneyInput { amount, currency: self.currency.get_untracked().trim().to_uppercase() }),
            expected_close_date: Some(expected_close_date),
            probability,
            owner_id: non_empty(self.owner.get_untracked()),
            partner_id: non_empty(self.partner.get_untracked()),
            product_ids: Some(self.product_ids()),
            next_step: non_empty(self.next_step.get_untracked()),
            description: non_empty(self.description.get_untracked()),
        })
    }
}

/// Input paths shown next to a field; any other error shows above the buttons.
const FIELDS: &[&str] =
    &["customerId", "name", "amount", "expectedCloseDate", "probability", "nextStep", "description", "productIds", "ownerId", "partnerId"];

#[component]
fn OpportunityFields(draft: Draft, error: RwSignal<Option<ApiError>>, may_assign: bool) -> impl IntoView {
    let i18n = use_i18n();
    let options = use_assignment_options(may_assign);
    let error_signal: Signal<Option<ApiError>> = error.into();
    let label = move |f: fn(&crate::i18n::Texts) -> &'static str| Signal::derive(move || f(i18n.t()));
    view! {
        <fieldset class="form-section">
            <legend>{tr(|t| t.sales().details)}</legend>
            <div class="form-grid">
                <TextField label=label(|t| t.name) value=draft.name field="name" error=error_signal required=true />
                <TextField label=label(|t| t.sales_labels.amount) value=draft.amount field="amount" error=error_signal required=true />
                <TextField label=label(|t| t.currency) value=draft.currency field="amount.currency" error=error_signal />
                <DateField
                    label=label(|t| t.sales().expected_close)
                    value=draft.close
                    field="expectedCloseDate"
                    error=error_signal
                    required=true
                />
                <TextField label=label(|t| t.sales().win_probability) value=draft.probability field="probability" error=error_signal input_type="number" />
                <TextField label=label(|t| t.sales().next_step) value=draft.next_step field="nextStep" error=error_signal />
                <TextField label=label(|t| t.sales().description) value=draft.description field="description" error=error_signal multiline=true />
            </div>
        </fieldset>
        <ProductPicker chosen=draft.products error=error_signal />
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
                        </div>
                    </fieldset>
                }
            })}
    }
}

/// The customer of a new opportunity: fixed when the URL names it, else searched and chosen.
#[component]
fn CustomerChoice(draft: Draft, preset: Option<String>, error: RwSignal<Option<ApiError>>) -> impl IntoView {
    match preset {
        Some(id) => {
            let customer = LocalResource::new(move || {
                let id = id.clone();
                async move { call::<CustomerDetail>(customer_detail::Variables { id }).await.map(|data| data.customer) }
            });
            view! {
                <div class="field" id="opportunity-customer">
                    <span class="label">{tr(|t| t.customer)}</span>
                    {move || {
                        loaded(customer.get(), |customer| {
                            view! { <A href=format!("/customers/{}", customer.id) attr:class="customer-name">{customer.name.clone()}</A> }
                                .into_any()
                        })
                    }}
                </div>
            }
            .into_any()
        }
        None => view! { <CustomerPicker value=draft.customer error=error /> }.into_any(),
    }
}

/// Search by name, choose among the matches.
#[component]
fn CustomerPicker(value: RwSignal<String>, error: RwSignal<Option<ApiError>>) -> impl IntoView {
    let typed = RwSignal::new(String::new());
    let search = RwSignal::new(String::new());
    let matches = LocalResource::new(move || {
        let text = search.get();
        async move {
            if text.trim().chars().count() < 2 {
                return Vec::new();
            }
            let filter = Some(customer_list::CustomerFilter { search: Some(text), archived: Some(false), ..Default::default() });
            let variables = customer_list::Variables { first: Some(20), filter, ..Default::default() };
            match call::<CustomerList>(variables).await {
                Ok(data) => data.customers.nodes.into_iter().map(|customer| (customer.id, customer.name)).collect(),
                Err(_) => Vec::new(),
            }
        }
    });
    let on_input = move |ev| {
        let text = event_target_value(&ev);
        typed.set(text.clone());
        leptos::task::spawn_local(async move {
            gloo_timers::future::TimeoutFuture::new(SEARCH_DEBOUNCE_MS).await;
            // The page may be gone by now (navigated away while typing).
            if typed.try_get_untracked().as_ref() == Some(&text) {
                let _ = search.try_set(text);
            }
        });
    };
    let options = Signal::derive(move || matches.get().unwrap_or_default());
    view! {
        <div class="field">
            <label for="customer-picker-search">{tr(|t| t.search)}</label>
            <input
                id="customer-picker-search"
                type="search"
                autocomplete="off"
                aria-describedby="customer-picker-hint"
                prop:value=move || typed.get()
                on:input=on_input
            />
            <small id="customer-picker-hint" class="hint">{tr(|t| t.sales().choose_customer)}</small>
        </div>
        <SelectField
            label=Signal::derive(tr(|t| t.customer))
            value=value
            field="customerId"
            options=options
            error=error
            empty=Signal::derive(tr(|t| t.none))
        />
    }
}

#[component]
pub fn OpportunityCreatePage() -> impl IntoView {
    let i18n = use_i18n();
    let viewer = use_viewer();
    let navigate = use_navigate();
    let query = use_query_map();
    let preset = query.with_untracked(|query| query.get("customer")).and_then(non_empty);
    let draft = Draft::empty(preset.clone().unwrap_or_default());
    let error = RwSignal::new(None::<ApiError>);
    let busy = RwSignal::new(false);
    let assign = may_assign(&viewer);
    let partner = viewer.kind == PrincipalKind::Partner;
    let back = preset.as_ref().map(|id| format!("/customers/{id}")).unwrap_or_else(|| "/pipeline".to_owned());
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        error.set(None);
        let input = match draft.create_input(assign) {
            Ok(input) => input,
            Err(err) => return error.set(Some(*err)),
        };
        busy.set(true);
        let navigate = navigate.clone();
        leptos::task::spawn_local(async move {
            match call::<CreateOpportunity>(create_opportunity::Variables { input }).await {
                Ok(data) => navigate(&format!("/opportunities/{}", data.create_opportunity.opportunity.id), Default::default()),
                Err(err) => {
                    error.set(Some(err));
                    busy.set(false);
                }
            }
        });
    };
    let title = move || if partner { i18n.t().sales().register_deal } else { i18n.t().sales().new_opportunity };
    let general = move || unclaimed_error(error.get(), FIELDS);
    view! {
        <section class="page form-page" aria-labelledby="create-title">
            <p class="breadcrumb"><A href="/pipeline">{tr(|t| t.sales().back_to_pipeline)}</A></p>
            <h1 id="create-title">{title}</h1>
            <form class="opportunity-form" novalidate on:submit=submit>
                <fieldset class="form-section">
                    <legend>{tr(|t| t.customer)}</legend>
                    <CustomerChoice draft=draft preset=preset error=error />
                </fieldset>
                <OpportunityFields draft=draft error=error may_assign=assign />
                <FormErrors error=Signal::derive(general) />
                <div class="form-actions">
                    <button type="submit" class="button-primary" id="save-opportunity" disabled=move || busy.get()>
                        {move || if partner { i18n.t().sales().register_deal } else { i18n.t().sales().create_opportunity }}
                    </button>
                    <A href=back attr:class="button">{tr(|t| t.cancel)}</A>
                </div>
            </form>
        </section>
    }
}

#[component]
pub fn OpportunityEditPage() -> impl IntoView {
    let params = use_params_map();
    let id = move || params.with(|params| params.get("id").unwrap_or_default());
    let opportunity = LocalResource::new(move || {
        let id = id();
        async move { call::<OpportunityDetail>(opportunity_detail::Variables { id }).await.map(|data| data.opportunity) }
    });
    view! {
        <section class="page form-page" aria-labelledby="edit-title">
            <h1 id="edit-title">{tr(|t| t.sales().edit_opportunity)}</h1>
            {move || loaded(opportunity.get(), |stored| view! { <EditForm opportunity=stored /> }.into_any())}
        </section>
    }
}

#[component]
fn EditForm(opportunity: OpportunityDetailOpportunity) -> impl IntoView {
    let i18n = use_i18n();
    let navigate = use_navigate();
    let draft = Draft::of(&opportunity);
    let error = RwSignal::new(None::<ApiError>);
    let busy = RwSignal::new(false);
    let version = RwSignal::new(opportunity.version);
    let id = opportunity.id.clone();
    let back = format!("/opportunities/{id}");
    let submit = {
        let (id, back) = (id.clone(), back.clone());
        move |ev: leptos::ev::SubmitEvent| {
            ev.prevent_default();
            error.set(None);
            let input = match draft.update_input(id.clone(), version.get_untracked()) {
                Ok(input) => input,
                Err(err) => return error.set(Some(*err)),
            };
            busy.set(true);
            let (navigate, back) = (navigate.clone(), back.clone());
            leptos::task::spawn_local(async move {
                match call::<UpdateOpportunity>(update_opportunity::Variables { input }).await {
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
            match call::<OpportunityDetail>(opportunity_detail::Variables { id }).await {
                Ok(data) => {
                    draft.set_from(&data.opportunity);
                    version.set(data.opportunity.version);
                    error.set(None);
                }
                Err(err) => error.set(Some(err)),
            }
        });
    };
    let general = move || unclaimed_error(error.get(), FIELDS);
    view! {
        <form class="opportunity-form" novalidate on:submit=submit>
            <OpportunityFields draft=draft error=error may_assign=opportunity.viewer_can_manage />
            <FormErrors error=Signal::derive(general) />
            {move || {
                is_stale(&error.get())
                    .then(|| {
                        view! {
                            <button type="button" id="reload-opportunity" on:click=reload.clone()>
                                {i18n.t().reload}
                            </button>
                        }
                    })
            }}
            <div class="form-actions">
                <button type="submit" class="button-primary" id="save-opportunity" disabled=move || busy.get()>
                    {tr(|t| t.save)}
                </button>
                <A href=back attr:class="button">{tr(|t| t.cancel)}</A>
            </div>
        </form>
    }
}
