//! Administration: the company's profile and exchange rates, users and roles, partner organisations, API keys, sales teams, the
//! pipeline's stage probabilities and the ERP hand-off (admins); the product catalog, price
//! books, lead assignment rules and bulk imports (admins and sales managers). The settings home groups them
//! (`settings`).

pub mod api_keys;
pub mod assignment_rules;
pub mod company;
pub mod discount_limits;
pub mod erp_deliveries;
pub mod erp_health;
pub mod exchange_rates;
pub mod imports;
pub mod partners;
pub mod pipeline_stages;
pub mod price_books;
pub mod products;
pub mod settings;
pub mod teams;
pub mod users;

use leptos::prelude::*;

use crate::api::ApiError;
use crate::app::use_viewer;
use crate::components::{error_text, field_id, unclaimed_error};
use crate::i18n::use_i18n;
use crate::pages::customers::contacts::FormErrors;

/// Renders `page` for admins, and the forbidden message for anyone who typed the URL.
pub fn admin_only(page: impl FnOnce() -> AnyView) -> AnyView {
    allowed_only(use_viewer().is_admin(), page)
}

/// Renders `page` for those who may change the catalog (admins, sales managers), and the
/// forbidden message for anyone else.
pub fn catalog_only(page: impl FnOnce() -> AnyView) -> AnyView {
    allowed_only(use_viewer().may_manage_catalog(), page)
}

/// Renders `page` for those who route leads (admins, sales managers), and the forbidden
/// message for anyone else.
pub fn routing_only(page: impl FnOnce() -> AnyView) -> AnyView {
    allowed_only(use_viewer().may_route_leads(), page)
}

/// Renders `page` when `allowed`, and the forbidden message otherwise.
pub fn allowed_only(allowed: bool, page: impl FnOnce() -> AnyView) -> AnyView {
    let i18n = use_i18n();
    if allowed {
        page()
    } else {
        view! {
            <div class="alert alert-error" role="alert" data-error-code="FORBIDDEN">
                {move || error_text(i18n.t(), &ApiError::Forbidden(String::new()))}
            </div>
        }
        .into_any()
    }
}

/// Whether `error` says the record changed since it was read (a stale version).
pub fn is_stale(error: &Option<ApiError>) -> bool {
    matches!(error, Some(ApiError::Conflict { existing_id: None, reason: None, .. }))
}

/// A refused input the app found before asking the server, shown like the server's own.
pub fn local_input_error(field: &str, reason: &str, params: serde_json::Value) -> ApiError {
    ApiError::BadInput { field: Some(field.to_owned()), message: reason.to_owned(), reason: Some(reason.to_owned()), params }
}

/// The error of a form that no field shows; on a stale version, the reason and a Reload
/// button that loads what the other person saved.
#[component]
pub fn RecordFormErrors(
    error: RwSignal<Option<ApiError>>,
    fields: &'static [&'static str],
    on_reload: Callback<()>,
    /// Id of the Reload button, for tests.
    #[prop(optional)]
    reload_id: &'static str,
) -> impl IntoView {
    let i18n = use_i18n();
    move || {
        if is_stale(&error.get()) {
            view! {
                <div class="alert alert-error" role="alert" data-error-code="CONFLICT">
                    {i18n.t().sales().stale_record}
                    " "
                    <button type="button" id=reload_id on:click=move |_| on_reload.run(())>{i18n.t().reload}</button>
                </div>
            }
            .into_any()
        } else {
            view! { <FormErrors error=Signal::derive(move || unclaimed_error(error.get(), fields)) /> }.into_any()
        }
    }
}

/// A labelled checkbox bound to `value`.
#[component]
pub fn CheckField(
    #[prop(into)] label: Signal<&'static str>,
    value: RwSignal<bool>,
    /// The input path the server uses, also the element id.
    field: &'static str,
    #[prop(optional, into)] hint: Option<Signal<&'static str>>,
) -> impl IntoView {
    let id = field_id(field);
    let hint_id = format!("{id}-hint");
    let described_by = hint.is_some().then(|| hint_id.clone());
    let input_id = id.clone();
    view! {
        <div class="field">
            <label class="check" for=id>
                <input
                    type="checkbox"
                    id=input_id
                    name=field
                    aria-describedby=described_by
                    prop:checked=move || value.get()
                    on:change=move |ev| value.set(event_target_checked(&ev))
                />
                {move || label.get()}
            </label>
            {hint.map(|hint| view! { <small id=hint_id class="hint">{move || hint.get()}</small> })}
        </div>
    }
}

/// The options of an active/inactive filter.
pub fn status_options(t: &'static crate::i18n::Texts) -> Vec<(String, String)> {
    vec![("true".to_owned(), t.active.to_owned()), ("false".to_owned(), t.inactive.to_owned())]
}
