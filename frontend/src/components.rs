//! Building blocks shared by the screens: form fields that show the server's field errors,
//! error messages for every API error code, and small formatting views.

use leptos::prelude::*;

use crate::api::ApiError;
use crate::i18n::{tr, use_i18n, Texts};
use crate::session::{use_session, SessionState};

/// The sentence a person reads for an API error (refused input by its reason, in the
/// person's language; the server's message only for a reason the app does not know).
pub fn error_text(t: &Texts, error: &ApiError) -> String {
    if let Some(text) = error.input_text(t) {
        return text;
    }
    match error {
        ApiError::Unauthenticated => t.session_ended.into(),
        ApiError::Forbidden(_) => t.error_forbidden.into(),
        ApiError::NotFound => t.error_not_found.into(),
        ApiError::BadInput { message, .. } => message.clone(),
        ApiError::Conflict { .. } => t.error_conflict.into(),
        ApiError::RateLimited => t.error_rate_limited.into(),
        ApiError::Network(_) => t.error_network.into(),
        ApiError::Other { message, .. } => format!("{} {message}", t.error_other),
    }
}

/// A loaded resource's three states: a loading line, the error, or `render(data)`.
pub fn loaded<T>(state: Option<Result<T, ApiError>>, render: impl FnOnce(T) -> AnyView) -> AnyView {
    match state {
        None => view! { <p class="loading" aria-live="polite">{tr(|t| t.loading)}</p> }.into_any(),
        Some(Err(error)) => view! { <ErrorBox error=Signal::derive(move || Some(error.clone())) /> }.into_any(),
        Some(Ok(data)) => render(data),
    }
}

/// An error box (role=alert, so screen readers announce it). An ended session sends the
/// person back to the login page instead.
#[component]
pub fn ErrorBox(#[prop(into)] error: Signal<Option<ApiError>>) -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    Effect::new(move |_| {
        if error.get() == Some(ApiError::Unauthenticated) {
            session.state.set(SessionState::SignedOut { expired: true });
        }
    });
    move || {
        error.get().map(|error| {
            let not_found = error == ApiError::NotFound;
            view! {
                <div class="alert alert-error" role="alert" data-error-code=error_code(&error) class:not-found=not_found>
                    {error_text(i18n.t(), &error)}
                </div>
            }
        })
    }
}

/// The API code of an error, on the DOM for tests and support.
pub fn error_code(error: &ApiError) -> &'static str {
    match error {
        ApiError::Unauthenticated => "UNAUTHENTICATED",
        ApiError::Forbidden(_) => "FORBIDDEN",
        ApiError::NotFound => "NOT_FOUND",
        ApiError::BadInput { .. } => "BAD_USER_INPUT",
        ApiError::Conflict { .. } => "CONFLICT",
        ApiError::RateLimited => "RATE_LIMITED",
        ApiError::Network(_) => "NETWORK",
        ApiError::Other { .. } => "OTHER",
    }
}

/// A form error that no field claims (field errors appear next to their field).
pub fn unclaimed_error(error: Option<ApiError>, fields: &[&str]) -> Option<ApiError> {
    error.filter(|error| !fields.iter().any(|field| error.is_about(field)))
}

/// The foot of a form: its submit button, disabled while `busy`, and Cancel.
#[component]
pub fn FormActions(
    #[prop(optional, into)] busy: Signal<bool>,
    on_cancel: Callback<()>,
    /// Extra class of the submit button, for tests and styling.
    #[prop(optional)]
    submit_class: &'static str,
) -> impl IntoView {
    view! {
        <div class="form-actions">
            <button type="submit" class=format!("button-primary {submit_class}") disabled=move || busy.get()>
                {tr(|t| t.save)}
            </button>
            <button type="button" on:click=move |_| on_cancel.run(())>{tr(|t| t.cancel)}</button>
        </div>
    }
}

/// A labelled text input bound to `value`, showing the server's message for `field`.
#[component]
pub fn TextField(
    #[prop(into)] label: Signal<&'static str>,
    value: RwSignal<String>,
    /// The input path the server uses in `extensions.field`, also the element id.
    field: &'static str,
    #[prop(into)] error: Signal<Option<ApiError>>,
    #[prop(default = "text")] input_type: &'static str,
    #[prop(optional)] required: bool,
    #[prop(optional, into)] hint: Option<Signal<&'static str>>,
    #[prop(optional)] autocomplete: Option<&'static str>,
    #[prop(optional)] multiline: bool,
) -> impl IntoView {
    let id = field_id(field);
    let i18n = use_i18n();
    let message = move || error.get().and_then(|error| error.field_message(i18n.t(), field));
    let hint_id = format!("{id}-hint");
    let error_id = format!("{id}-error");
    let described_by = {
        let (hint_id, error_id) = (hint_id.clone(), error_id.clone());
        let has_hint = hint.is_some();
        move || {
            let mut ids = Vec::new();
            if has_hint {
                ids.push(hint_id.clone());
            }
            if message().is_some() {
                ids.push(error_id.clone());
            }
            (!ids.is_empty()).then(|| ids.join(" "))
        }
    };
    let input = if multiline {
        view! {
            <textarea
                id=id.clone()
                name=field
                rows="3"
                required=required
                aria-invalid=move || message().is_some().to_string()
                aria-describedby=described_by.clone()
                prop:value=move || value.get()
                on:input=move |ev| value.set(event_target_value(&ev))
            ></textarea>
        }
        .into_any()
    } else {
        view! {
            <input
                id=id.clone()
                name=field
                type=input_type
                required=required
                autocomplete=autocomplete
                aria-invalid=move || message().is_some().to_string()
                aria-describedby=described_by
                prop:value=move || value.get()
                on:input=move |ev| value.set(event_target_value(&ev))
            />
        }
        .into_any()
    };
    view! {
        <div class="field" class:has-error=move || message().is_some()>
            <label for=id>{move || label.get()}</label>
            {input}
            {hint.map(|hint| view! { <small id=hint_id class="hint">{move || hint.get()}</small> })}
            {move || message().map(|message| view! { <small id=error_id.clone() class="field-error">{message}</small> })}
        </div>
    }
}

/// A labelled select over `(value, label)` options.
#[component]
pub fn SelectField(
    #[prop(into)] label: Signal<&'static str>,
    value: RwSignal<String>,
    field: &'static str,
    #[prop(into)] options: Signal<Vec<(String, String)>>,
    #[prop(into)] error: Signal<Option<ApiError>>,
    #[prop(optional, into)] empty: Option<Signal<&'static str>>,
) -> impl IntoView {
    let id = field_id(field);
    let i18n = use_i18n();
    let message = move || error.get().and_then(|error| error.field_message(i18n.t(), field));
    view! {
        <div class="field" class:has-error=move || message().is_some()>
            <label for=id.clone()>{move || label.get()}</label>
            <select
                id=id
                name=field
                aria-invalid=move || message().is_some().to_string()
                prop:value=move || value.get()
                on:change=move |ev| value.set(event_target_value(&ev))
            >
                {empty.map(|empty| view! { <option value="">{move || empty.get()}</option> })}
                {move || option_list(&value.get(), options.get())}
            </select>
            {move || message().map(|message| view! { <small class="field-error">{message}</small> })}
        </div>
    }
}

/// A select's `(value, text)` options, the one equal to `current` selected.
pub fn option_list(current: &str, options: Vec<(String, String)>) -> impl IntoView {
    options
        .into_iter()
        .map(|(option, text)| {
            let selected = option == current;
            view! { <option value=option selected=selected>{text}</option> }
        })
        .collect_view()
}

/// An element id from an input path (`address.city` → `f-address-city`).
pub fn field_id(field: &str) -> String {
    let mut id = String::from("f-");
    id.extend(field.chars().map(|ch| if ch.is_ascii_alphanumeric() { ch } else { '-' }));
    id
}

/// Splits a comma-separated entry into trimmed, non-empty parts.
pub fn split_list(text: &str, separators: &[char]) -> Vec<String> {
    text.split(separators).map(str::trim).filter(|part| !part.is_empty()).map(str::to_owned).collect()
}

/// Empty text as "absent".
pub fn non_empty(text: String) -> Option<String> {
    let trimmed = text.trim();
    (!trimmed.is_empty()).then(|| trimmed.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn field_ids_are_valid_ids() {
        assert_eq!(field_id("address.city"), "f-address-city");
        assert_eq!(field_id("primaryContact.emails[0].address"), "f-primaryContact-emails-0--address");
    }

    #[test]
    fn lists_are_split_and_trimmed() {
        assert_eq!(split_list(" vip, b2b ,,wine ", &[',']), vec!["vip", "b2b", "wine"]);
        assert_eq!(split_list("a@x.test\n\n b@y.test ", &['\n', ',']), vec!["a@x.test", "b@y.test"]);
        assert_eq!(non_empty("  ".into()), None);
        assert_eq!(non_empty(" x ".into()), Some("x".into()));
    }

    #[test]
    fn field_errors_not_claimed_by_a_field_stay_general() {
        let on_name = ApiError::BadInput { field: Some("name".into()), message: "m".into(), reason: None, params: serde_json::Value::Null };
        assert_eq!(unclaimed_error(Some(on_name.clone()), &["name"]), None);
        assert_eq!(unclaimed_error(Some(on_name.clone()), &["industry"]), Some(on_name));
        assert_eq!(unclaimed_error(Some(ApiError::NotFound), &["name"]), Some(ApiError::NotFound));
    }

    #[test]
    fn input_errors_read_in_the_persons_language() {
        use crate::i18n::{EN, IT};
        use serde_json::json;
        let taken = ApiError::Conflict {
            message: "a user with email a@b.it already exists".into(),
            existing_id: None,
            field: Some("email".into()),
            reason: Some("EMAIL_TAKEN".into()),
            params: json!({"value": "a@b.it"}),
        };
        assert_eq!(error_text(&IT, &taken), "Esiste già un utente con questa email.");
        assert_eq!(unclaimed_error(Some(taken.clone()), &["email"]), None);
        let stale = ApiError::Conflict { message: "stale".into(), existing_id: None, field: None, reason: None, params: json!(null) };
        assert_eq!(error_text(&EN, &stale), EN.error_conflict);
        let phone = ApiError::BadInput {
            field: Some("phones[0].number".into()),
            message: "`12` is not a valid phone number".into(),
            reason: Some("INVALID_PHONE".into()),
            params: json!({"value": "12"}),
        };
        assert_eq!(error_text(&EN, &phone), "Not a valid phone number: use the international format, e.g. +39 02 1234 5678.");
        assert_eq!(error_text(&IT, &phone), "Numero di telefono non valido: usa il formato internazionale, ad es. +39 02 1234 5678.");
    }
}
