//! The CRM's browser app: a Leptos single-page app rendered in the browser, talking to the
//! server only through the GraphQL API (see `api`). Screens are in `pages`, one module per
//! screen; `app` is the shell that shows each principal only the modules it may use.

pub mod api;
pub mod app;
pub mod components;
pub mod date_input;
pub mod format;
pub mod i18n;
pub mod list_kit;
pub mod pages;
pub mod recent;
pub mod routes;
pub mod saved_views;
pub mod session;

/// Entry point called by the wasm-bindgen glue once the module is instantiated.
#[cfg(target_arch = "wasm32")]
#[wasm_bindgen::prelude::wasm_bindgen(start)]
pub fn start() {
    console_error_panic_hook::set_once();
    leptos::mount::mount_to_body(app::App);
}
