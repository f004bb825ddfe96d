//! Sign-in.

use leptos::prelude::*;

use crate::api::ApiError;
use crate::components::error_text;
use crate::i18n::{tr, use_i18n};
use crate::session::use_session;

#[component]
pub fn LoginPage(expired: bool) -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let email = RwSignal::new(String::new());
    let password = RwSignal::new(String::new());
    let error = RwSignal::new(None::<ApiError>);
    let busy = RwSignal::new(false);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        busy.set(true);
        error.set(None);
        leptos::task::spawn_local(async move {
            if let Err(err) = session.sign_in(email.get_untracked(), password.get_untracked()).await {
                error.set(Some(err));
                busy.set(false);
            }
        });
    };
    let message = move || {
        let t = i18n.t();
        match error.get() {
            Some(ApiError::Unauthenticated) => Some(t.wrong_credentials.to_owned()),
            Some(other) => Some(error_text(t, &other)),
            None => None,
        }
    };
    view! {
        <main class="login" id="main">
            <form class="card login-card" on:submit=submit aria-labelledby="login-title">
                <h1 id="login-title">{tr(|t| t.sign_in_title)}</h1>
                {expired.then(|| view! { <p class="alert" role="status">{tr(|t| t.session_ended)}</p> })}
                <div class="field">
                    <label for="login-email">{tr(|t| t.email)}</label>
                    <input
                        id="login-email"
                        name="email"
                        type="email"
                        autocomplete="username"
                        required
                        prop:value=move || email.get()
                        on:input=move |ev| email.set(event_target_value(&ev))
                    />
                </div>
                <div class="field">
                    <label for="login-password">{tr(|t| t.password)}</label>
                    <input
                        id="login-password"
                        name="password"
                        type="password"
                        autocomplete="current-password"
                        required
                        prop:value=move || password.get()
                        on:input=move |ev| password.set(event_target_value(&ev))
                    />
                </div>
                {move || message().map(|message| view! { <div class="alert alert-error" role="alert">{message}</div> })}
                <button type="submit" class="button-primary" disabled=move || busy.get()>
                    {tr(|t| t.sign_in)}
                </button>
            </form>
        </main>
    }
}
