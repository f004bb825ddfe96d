//! The sales pipeline: the board, the opportunity list, an opportunity's page, and the
//! create/edit form. Staff see it as "Pipeline", partner users as "Deals"; customer users
//! never reach it (the API answers them FORBIDDEN).
//!
//! Moving a card (by drag and drop or by its "Move to" list) and the stage control of an
//! opportunity's page both go through [`move_opportunity`]; a move to CLOSED_LOST first asks
//! for the reason in a [`LostReasonForm`].

use leptos::prelude::*;
use leptos_router::components::A;

use crate::api::ops::{move_opportunity, MoveOpportunity, OpportunityStage, PrincipalKind};
use crate::api::{call, ApiError};
use crate::components::{non_empty, TextField};
use crate::i18n::{tr, use_i18n};
use crate::session::Viewer;

pub mod board;
pub mod detail;
pub mod form;
pub mod list;
pub mod people;

/// Moves an opportunity to `stage` at the version the screen read.
pub async fn move_to(id: String, version: i64, stage: OpportunityStage, lost_reason: Option<String>) -> Result<(), ApiError> {
    let input = move_opportunity::MoveOpportunityInput { id, version, stage, probability: None, lost_reason };
    call::<MoveOpportunity>(move_opportunity::Variables { input }).await.map(drop)
}

/// A stale version (someone else changed the opportunity): the screen offers a reload.
pub fn is_stale(error: &Option<ApiError>) -> bool {
    matches!(error, Some(ApiError::Conflict { existing_id: None, reason: None, .. }))
}

/// `(value, label)` choices of every stage, for selects.
pub fn stage_options(t: &crate::i18n::Texts) -> Vec<(String, String)> {
    OpportunityStage::ALL.iter().map(|stage| (stage.as_api().to_owned(), (t.sales_labels.stage_label)(*stage).to_owned())).collect()
}

/// Whether the viewer may create opportunities (mirrors the server's rule, only to decide
/// whether to offer the link).
pub fn may_create(viewer: &Viewer) -> bool {
    viewer.may_create_customers()
}

/// Whether the viewer may choose owners and partners (managers and admins).
pub fn may_assign(viewer: &Viewer) -> bool {
    use crate::api::ops::StaffRole;
    viewer.kind == PrincipalKind::Staff && matches!(viewer.role, Some(StaffRole::Admin | StaffRole::SalesManager))
}

/// The switch between the board and the list.
#[component]
pub fn ViewSwitch() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <nav class="view-switch" aria-label=move || i18n.t().sales().view_switch>
            <A href="/pipeline" attr:id="board-view">{tr(|t| t.sales().board_view)}</A>
            <A href="/opportunities" attr:id="list-view">{tr(|t| t.sales().list_view)}</A>
        </nav>
    }
}

/// Asks why an opportunity was lost before moving it to CLOSED_LOST. `on_submit` gets the
/// reason; the server's error (a missing or too long reason) shows next to the field.
#[component]
pub fn LostReasonForm(
    name: String,
    #[prop(into)] error: Signal<Option<ApiError>>,
    #[prop(into)] busy: Signal<bool>,
    on_submit: Callback<Option<String>>,
    on_cancel: Callback<()>,
) -> impl IntoView {
    let i18n = use_i18n();
    let reason = RwSignal::new(String::new());
    // The form takes the focus, so keyboard users land in it.
    request_animation_frame(|| {
        if let Some(input) = document().get_element_by_id("f-lostReason") {
            use wasm_bindgen::JsCast;
            if let Ok(input) = input.dyn_into::<web_sys::HtmlElement>() {
                let _ = input.focus();
            }
        }
    });
    view! {
        <form
            class="card lost-form"
            aria-labelledby="lost-title"
            novalidate
            on:submit=move |ev: leptos::ev::SubmitEvent| {
                ev.prevent_default();
                on_submit.run(non_empty(reason.get_untracked()));
            }
        >
            <h2 id="lost-title">{move || (i18n.t().sales().lost_reason_prompt)(&name)}</h2>
            <TextField
                label=Signal::derive(tr(|t| t.sales().lost_reason))
                value=reason
                field="lostReason"
                error=error
                multiline=true
                required=true
            />
            <div class="form-actions">
                <button type="submit" class="button-primary" id="confirm-lost" disabled=move || busy.get()>
                    {tr(|t| t.sales().mark_lost)}
                </button>
                <button type="button" on:click=move |_| on_cancel.run(())>{tr(|t| t.cancel)}</button>
            </div>
        </form>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stale_versions_are_told_from_other_conflicts() {
        let stale =
            ApiError::Conflict { message: "stale".into(), existing_id: None, field: None, reason: None, params: serde_json::Value::Null };
        assert!(is_stale(&Some(stale)));
        let taken = ApiError::Conflict {
            message: "taken".into(),
            existing_id: None,
            field: Some("sku".into()),
            reason: Some("SKU_TAKEN".into()),
            params: serde_json::Value::Null,
        };
        assert!(!is_stale(&Some(taken)));
        assert!(!is_stale(&None));
    }

    #[test]
    fn pipeline_refusals_read_in_both_languages() {
        use crate::api::InputReason;
        use crate::i18n::{EN, IT};
        let mismatch = InputReason::from_extensions("CURRENCY_MISMATCH", &serde_json::json!({"expected": "EUR"}));
        assert_eq!(mismatch, Some(InputReason::CurrencyMismatch { expected: "EUR".into() }));
        assert_eq!(InputReason::from_extensions("CURRENCY_MISMATCH", &serde_json::json!({})), None, "no sentence without its currency");
        assert_eq!((EN.input_reason)(&InputReason::CurrencyMismatch { expected: "EUR".into() }), "The amount must be in EUR.");
        assert_eq!(InputReason::from_extensions("DEAL_NOT_APPROVED", &serde_json::Value::Null), Some(InputReason::DealNotApproved));
        assert_eq!((IT.input_reason)(&InputReason::AlreadyReviewed), "Questa registrazione è già stata esaminata.");
        assert_eq!((EN.sales().opportunities_count)(1, "1"), "1 opportunity");
        assert_eq!((IT.sales().opportunities_count)(1200, "1.200"), "1.200 opportunità");
    }

    #[test]
    fn every_stage_is_offered() {
        let options = stage_options(&crate::i18n::EN);
        assert_eq!(options.len(), 6);
        assert_eq!(options[4], ("CLOSED_WON".to_owned(), "Won".to_owned()));
    }
}
