//! Administration (admins only): users and roles, partner organisations, API keys.

pub mod api_keys;
pub mod partners;
pub mod users;

use leptos::prelude::*;

use crate::api::ApiError;
use crate::app::use_viewer;
use crate::components::error_text;
use crate::i18n::use_i18n;

/// Renders `page` for admins, and the forbidden message for anyone who typed the URL.
pub fn admin_only(page: impl FnOnce() -> AnyView) -> AnyView {
    let i18n = use_i18n();
    if use_viewer().is_admin() {
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
