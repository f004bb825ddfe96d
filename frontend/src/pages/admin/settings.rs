//! The settings home (`/admin`) and the menu beside every settings screen: the administration
//! screens this person may open, grouped by what they govern (company, people and access,
//! catalog, sales settings, integrations), so that the main menu has one "Settings" link instead of a
//! row per screen. Admins also see on the home whether orders reach the ERP.

use leptos::prelude::*;
use leptos_router::components::A;

use crate::app::use_viewer;
use crate::i18n::{tr, use_i18n, Texts};
use crate::list_kit::RememberedLists;
use crate::pages::admin::allowed_only;
use crate::pages::admin::erp_health::ErpHealthAlert;
use crate::session::Viewer;

type Text = fn(&Texts) -> &'static str;

/// One screen of the settings.
struct Screen {
    href: &'static str,
    label: Text,
    about: Text,
}

/// Screens governing one thing.
struct Group {
    /// For the element ids of the group's title.
    key: &'static str,
    title: Text,
    screens: Vec<Screen>,
}

/// The groups with the screens `viewer` may open; a group with none is left out. The server
/// decides what each screen shows: this only avoids offering what would be refused.
fn groups(viewer: &Viewer) -> Vec<Group> {
    let admin = viewer.is_admin();
    let screen = |allowed: bool, href: &'static str, label: Text, about: Text| allowed.then_some(Screen { href, label, about });
    let people = [
        screen(admin, "/admin/users", |t| t.nav_users, |t| t.settings.about_users),
        screen(admin, "/admin/partners", |t| t.nav_partners, |t| t.settings.about_partners),
        screen(admin, "/admin/api-keys", |t| t.nav_api_keys, |t| t.settings.about_api_keys),
        screen(admin, "/admin/teams", |t| t.sales().nav_teams, |t| t.settings.about_teams),
    ];
    let catalog = [
        screen(viewer.may_manage_catalog(), "/admin/products", |t| t.sales().nav_products, |t| t.settings.about_products),
        screen(viewer.may_manage_catalog(), "/admin/price-books", |t| t.sales().nav_price_books, |t| t.settings.about_price_books),
    ];
    let sales = [
        screen(admin, "/admin/pipeline", |t| t.sales().nav_pipeline_settings, |t| t.settings.about_pipeline_stages),
        screen(viewer.may_manage_catalog(), "/admin/discount-limits", |t| t.discounts.nav, |t| t.settings.about_discount_limits),
        screen(
            viewer.may_route_leads(),
            "/admin/assignment-rules",
            |t| t.sales().nav_assignment_rules,
            |t| t.settings.about_assignment_rules,
        ),
    ];
    let company = [
        screen(admin, "/admin/company", |t| t.settings.nav_company, |t| t.settings.about_company),
        screen(admin, "/admin/exchange-rates", |t| t.settings.nav_rates, |t| t.settings.about_rates),
    ];
    let integrations = [screen(admin, "/admin/erp-deliveries", |t| t.sales().nav_erp_deliveries, |t| t.settings.about_erp_deliveries)];
    let data = [screen(viewer.may_import(), "/admin/imports", |t| imports_texts(t).nav, |t| imports_texts(t).about)];
    [
        group("company", |t| t.settings.company, company),
        group("people", |t| t.settings.people_and_access, people),
        group("catalog", |t| t.settings.catalog, catalog),
        group("sales", |t| t.settings.sales_settings, sales),
        group("data", |t| t.settings.data, data),
        group("integrations", |t| t.settings.integrations, integrations),
    ]
    .into_iter()
    .filter(|group| !group.screens.is_empty())
    .collect()
}

/// The import screens' texts in the menu's language (they are not in the shell's table).
fn imports_texts(t: &Texts) -> &'static crate::i18n::imports::Texts {
    match t.locale {
        crate::i18n::Locale::En => &crate::i18n::imports::EN,
        crate::i18n::Locale::It => &crate::i18n::imports::IT,
    }
}

fn group(key: &'static str, title: Text, screens: impl IntoIterator<Item = Option<Screen>>) -> Group {
    Group { key, title, screens: screens.into_iter().flatten().collect() }
}

/// The settings home, for those who have settings.
#[component]
pub fn SettingsPage() -> impl IntoView {
    allowed_only(use_viewer().has_settings(), || view! { <SettingsHome /> }.into_any())
}

/// Each group with its screens and what each is for.
#[component]
fn SettingsHome() -> impl IntoView {
    let i18n = use_i18n();
    let viewer = use_viewer();
    let lists = expect_context::<RememberedLists>();
    let erp = viewer.is_admin().then(|| view! { <ErpHealthAlert link=true /> });
    let groups = groups(&viewer)
        .into_iter()
        .map(|group| {
            let title_id = format!("settings-{}", group.key);
            let labelled_by = title_id.clone();
            let title = group.title;
            let screens = group
                .screens
                .into_iter()
                .map(|screen| {
                    let Screen { href, label, about } = screen;
                    view! {
                        <li>
                            <A href=move || lists.href(href)>{move || label(i18n.t())}</A>
                            <p class="hint">{move || about(i18n.t())}</p>
                        </li>
                    }
                })
                .collect_view();
            view! {
                <section class="card settings-group" aria-labelledby=labelled_by>
                    <h2 id=title_id>{move || title(i18n.t())}</h2>
                    <ul class="settings-screens">{screens}</ul>
                </section>
            }
        })
        .collect_view();
    view! {
        <section class="page" aria-labelledby="settings-title">
            <div class="page-header">
                <h1 id="settings-title">{tr(|t| t.settings.title)}</h1>
            </div>
            <p class="hint">{tr(|t| t.settings.intro)}</p>
            {erp}
            <div class="settings-groups">{groups}</div>
        </section>
    }
}

/// A settings screen with the settings menu beside it (above it, as one link back to the
/// settings home, at phone width).
pub fn with_settings_menu(page: AnyView) -> AnyView {
    let i18n = use_i18n();
    let viewer = use_viewer();
    let lists = expect_context::<RememberedLists>();
    let groups = groups(&viewer)
        .into_iter()
        .map(|group| {
            let title_id = format!("settings-menu-{}", group.key);
            let labelled_by = title_id.clone();
            let title = group.title;
            let screens = group
                .screens
                .into_iter()
                .map(|Screen { href, label, .. }| view! { <li><A href=move || lists.href(href)>{move || label(i18n.t())}</A></li> })
                .collect_view();
            view! {
                <p class="settings-menu-group" id=title_id>{move || title(i18n.t())}</p>
                <ul aria-labelledby=labelled_by>{screens}</ul>
            }
        })
        .collect_view();
    view! {
        <div class="settings-layout">
            <nav class="settings-menu" aria-label=move || i18n.t().settings.menu>
                <p class="settings-back">
                    <A href="/admin" exact=true>{tr(|t| t.settings.back)}</A>
                </p>
                <div class="settings-menu-groups">{groups}</div>
            </nav>
            <div class="settings-screen">{page}</div>
        </div>
    }
    .into_any()
}
