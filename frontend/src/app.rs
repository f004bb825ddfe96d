//! The app shell: session gate, header with the navigation each principal may use, routes.

use leptos::prelude::*;
use leptos_router::components::{Redirect, Route, Router, Routes, A};
use leptos_router::hooks::use_navigate;
use leptos_router::{path, Lazy};

use crate::api::ops::PrincipalKind;
use crate::i18n::{tr, use_i18n, I18n, Locale};
use crate::list_kit::RememberedLists;
use crate::pages::login::LoginPage;
use crate::routes;
use crate::session::{use_session, Session, SessionState, Viewer};

/// Key of the remembered language choice (a preference, not a secret).
const LOCALE_KEY: &str = "crm.locale";

#[component]
pub fn App() -> impl IntoView {
    let i18n = I18n { locale: RwSignal::new(initial_locale()) };
    provide_context(i18n);
    provide_context(Session::start());
    Effect::new(move |_| {
        let tag = i18n.locale.get().tag();
        if let Some(html) = document().document_element() {
            let _ = html.set_attribute("lang", tag);
        }
    });
    view! {
        <Router>
            <Gate />
        </Router>
    }
}

/// The remembered choice, else the browser's languages.
fn initial_locale() -> Locale {
    let remembered = window().local_storage().ok().flatten().and_then(|storage| storage.get_item(LOCALE_KEY).ok().flatten());
    if let Some(locale) = remembered.and_then(|tag| Locale::ALL.into_iter().find(|locale| locale.tag() == tag)) {
        return locale;
    }
    let languages: Vec<String> = window().navigator().languages().iter().filter_map(|value| value.as_string()).collect();
    Locale::negotiate(languages.iter().map(String::as_str))
}

/// Shows the login page until there is a session, at whatever URL was asked, so a deep link
/// opens after sign-in.
#[component]
fn Gate() -> impl IntoView {
    let session = use_session();
    let i18n = use_i18n();
    move || match session.state.get() {
        SessionState::Restoring => view! { <p class="splash" aria-live="polite">{i18n.t().loading}</p> }.into_any(),
        SessionState::SignedOut { expired } => view! { <LoginPage expired=expired /> }.into_any(),
        SessionState::SignedIn(viewer) => view! { <Shell viewer=viewer /> }.into_any(),
    }
}

#[component]
fn Shell(viewer: Viewer) -> impl IntoView {
    let i18n = use_i18n();
    let portal = match viewer.kind {
        PrincipalKind::Partner => "partner",
        PrincipalKind::Customer => "customer",
        _ => "staff",
    };
    let home = viewer.home();
    let brand = {
        let viewer = viewer.clone();
        move || match (&viewer.partner, &viewer.customer) {
            (Some((_, org)), _) => format!("{} · {org}", i18n.t().partner_portal),
            (_, Some((_, customer))) => format!("{} · {customer}", i18n.t().self_service),
            _ => i18n.t().app_name.to_owned(),
        }
    };
    provide_context(viewer.clone());
    // Above the routes, so a list followed from the menu is as the person left it.
    provide_context(RememberedLists::new());
    routes::preload_when_idle();
    view! {
        <div class="app" data-portal=portal>
            <a class="skip-link" href="#main">{tr(|t| t.skip_to_content)}</a>
            <header class="topbar">
                <a class="brand" href=home>{brand}</a>
                <Navigation viewer=viewer.clone() />
                <div class="topbar-tools">
                    <LanguageSwitch />
                    <UserMenu viewer=viewer.clone() />
                </div>
            </header>
            <main id="main" tabindex="-1">
                <Routes fallback=move || view! { <p class="alert">{i18n.t().page_not_found}</p> }>
                    <Route path=path!("/") view=move || view! { <Redirect path=home /> } />
                    <Route path=path!("/home") view={Lazy::<routes::Home>::new()} />
                    <Route path=path!("/customers") view={Lazy::<routes::CustomerList>::new()} />
                    <Route path=path!("/customers/new") view={Lazy::<routes::CustomerCreate>::new()} />
                    <Route path=path!("/customers/export") view={Lazy::<routes::CustomerExport>::new()} />
                    <Route path=path!("/customers/:id") view={Lazy::<routes::CustomerDetail>::new()} />
                    <Route path=path!("/customers/:id/edit") view={Lazy::<routes::CustomerEdit>::new()} />
                    <Route path=path!("/pipeline") view={Lazy::<routes::PipelineBoard>::new()} />
                    <Route path=path!("/opportunities") view={Lazy::<routes::OpportunityList>::new()} />
                    <Route path=path!("/opportunities/new") view={Lazy::<routes::OpportunityCreate>::new()} />
                    <Route path=path!("/opportunities/:id") view={Lazy::<routes::OpportunityDetail>::new()} />
                    <Route path=path!("/opportunities/:id/edit") view={Lazy::<routes::OpportunityEdit>::new()} />
                    <Route path=path!("/leads") view={Lazy::<routes::LeadList>::new()} />
                    <Route path=path!("/leads/new") view={Lazy::<routes::LeadCreate>::new()} />
                    <Route path=path!("/leads/:id") view={Lazy::<routes::LeadDetail>::new()} />
                    <Route path=path!("/orders") view={Lazy::<routes::OrderList>::new()} />
                    <Route path=path!("/orders/new") view={Lazy::<routes::OrderCreate>::new()} />
                    <Route path=path!("/orders/:id") view={Lazy::<routes::OrderDetail>::new()} />
                    <Route path=path!("/sales/metrics") view={Lazy::<routes::SalesMetrics>::new()} />
                    <Route path=path!("/tickets") view={Lazy::<routes::TicketList>::new()} />
                    <Route path=path!("/tickets/new") view={Lazy::<routes::TicketCreate>::new()} />
                    <Route path=path!("/tickets/satisfaction") view={Lazy::<routes::TicketSatisfaction>::new()} />
                    <Route path=path!("/tickets/desk") view={Lazy::<routes::ServiceDesk>::new()} />
                    <Route path=path!("/calls") view={Lazy::<routes::ContactCenter>::new()} />
                    <Route path=path!("/tasks") view={Lazy::<routes::TaskList>::new()} />
                    <Route path=path!("/scripts") view={Lazy::<routes::ScriptList>::new()} />
                    <Route path=path!("/scripts/:id") view={Lazy::<routes::ScriptEdit>::new()} />
                    <Route path=path!("/tickets/:id") view={Lazy::<routes::TicketDetail>::new()} />
                    <Route path=path!("/knowledge") view={Lazy::<routes::KnowledgeHome>::new()} />
                    <Route path=path!("/knowledge/new") view={Lazy::<routes::ArticleCreate>::new()} />
                    <Route path=path!("/knowledge/:id") view={Lazy::<routes::ArticleDetail>::new()} />
                    <Route path=path!("/knowledge/:id/edit") view={Lazy::<routes::ArticleEdit>::new()} />
                    <Route path=path!("/me") view={Lazy::<routes::OwnProfile>::new()} />
                    <Route path=path!("/me/quotes/:id") view={Lazy::<routes::OwnQuote>::new()} />
                    <Route path=path!("/me/orders/:id") view={Lazy::<routes::OwnOrder>::new()} />
                    <Route path=path!("/opportunities/:id/quotes/new") view={Lazy::<routes::QuoteCreate>::new()} />
                    <Route path=path!("/quotes/:id") view={Lazy::<routes::QuoteDetail>::new()} />
                    <Route path=path!("/quotes/:id/edit") view={Lazy::<routes::QuoteEdit>::new()} />
                    <Route path=path!("/admin") view={Lazy::<routes::Settings>::new()} />
                    <Route path=path!("/admin/users") view={Lazy::<routes::Users>::new()} />
                    <Route path=path!("/admin/partners") view={Lazy::<routes::Partners>::new()} />
                    <Route path=path!("/admin/api-keys") view={Lazy::<routes::ApiKeys>::new()} />
                    <Route path=path!("/admin/products") view={Lazy::<routes::Products>::new()} />
                    <Route path=path!("/admin/price-books") view={Lazy::<routes::PriceBooks>::new()} />
                    <Route path=path!("/admin/price-books/:id") view={Lazy::<routes::PriceBookDetail>::new()} />
                    <Route path=path!("/admin/teams") view={Lazy::<routes::Teams>::new()} />
                    <Route path=path!("/admin/pipeline") view={Lazy::<routes::PipelineStages>::new()} />
                    <Route path=path!("/admin/assignment-rules") view={Lazy::<routes::AssignmentRules>::new()} />
                    <Route path=path!("/admin/discount-limits") view={Lazy::<routes::DiscountLimits>::new()} />
                    <Route path=path!("/admin/company") view={Lazy::<routes::Company>::new()} />
                    <Route path=path!("/admin/exchange-rates") view={Lazy::<routes::ExchangeRates>::new()} />
                    <Route path=path!("/admin/erp-deliveries") view={Lazy::<routes::ErpDeliveries>::new()} />
                    <Route path=path!("/admin/imports") view={Lazy::<routes::Imports>::new()} />
                    <Route path=path!("/admin/imports/:id") view={Lazy::<routes::ImportJob>::new()} />
                </Routes>
            </main>
        </div>
    }
}

/// The modules this principal may use; nothing else is linked.
#[component]
fn Navigation(viewer: Viewer) -> impl IntoView {
    let i18n = use_i18n();
    // A list opens as it was left (its filters and page, see `list_kit`).
    let lists = expect_context::<RememberedLists>();
    let workspace = viewer.uses_customer_workspace();
    let self_service = viewer.kind == PrincipalKind::Customer;
    let metrics = viewer.kind == PrincipalKind::Staff;
    // The administration screens are grouped on the settings home (`pages::admin::settings`).
    let settings = viewer.has_settings();
    view! {
        <nav class="mainnav" aria-label=move || i18n.t().main_navigation>
            <ul>
                {workspace.then(|| view! { <li><A href="/home">{tr(|t| t.home.nav_home)}</A></li> })}
                {workspace.then(|| view! { <li><A href=move || lists.href("/customers")>{tr(|t| t.nav_customers)}</A></li> })}
                {workspace
                    .then(|| {
                        let staff = viewer.kind == PrincipalKind::Staff;
                        let label = move || if staff { i18n.t().sales_labels.nav_pipeline } else { i18n.t().sales_labels.nav_deals };
                        view! { <li><A href="/pipeline">{label}</A></li> }
                    })}
                {workspace.then(|| view! { <li><A href=move || lists.href("/leads")>{tr(|t| t.sales_labels.nav_leads)}</A></li> })}
                {workspace.then(|| view! { <li><A href=move || lists.href("/orders")>{tr(|t| t.sales_labels.nav_orders)}</A></li> })}
                {metrics.then(|| view! { <li><A href="/sales/metrics">{tr(|t| t.sales_labels.nav_sales_metrics)}</A></li> })}
                <li><A href=move || lists.href("/tickets")>{tr(|t| t.nav_tickets)}</A></li>
                <li><A href="/knowledge">{tr(|t| t.nav_knowledge)}</A></li>
                {self_service.then(|| view! { <li><A href="/me">{tr(|t| t.nav_my_profile)}</A></li> })}
                {settings.then(|| view! { <li><A href="/admin">{tr(|t| t.settings.nav_settings)}</A></li> })}
            </ul>
        </nav>
    }
}

#[component]
fn LanguageSwitch() -> impl IntoView {
    let i18n = use_i18n();
    let choose = move |ev| {
        let tag = event_target_value(&ev);
        if let Some(locale) = Locale::ALL.into_iter().find(|locale| locale.tag() == tag) {
            i18n.locale.set(locale);
            if let Ok(Some(storage)) = window().local_storage() {
                let _ = storage.set_item(LOCALE_KEY, tag.as_str());
            }
        }
    };
    view! {
        <label class="language">
            <span class="visually-hidden">{tr(|t| t.language)}</span>
            <select id="language" on:change=choose prop:value=move || i18n.locale.get().tag()>
                {Locale::ALL
                    .into_iter()
                    .map(|locale| {
                        view! {
                            <option value=locale.tag() lang=locale.tag() selected=move || i18n.locale.get() == locale>
                                {locale.native_name()}
                            </option>
                        }
                    })
                    .collect_view()}
            </select>
        </label>
    }
}

#[component]
fn UserMenu(viewer: Viewer) -> impl IntoView {
    let session = use_session();
    let navigate = use_navigate();
    let signing_out = RwSignal::new(false);
    let sign_out = move |_| {
        signing_out.set(true);
        let navigate = navigate.clone();
        leptos::task::spawn_local(async move {
            session.sign_out().await;
            navigate("/", Default::default());
        });
    };
    view! {
        <div class="user-menu">
            <span class="user-name" title=viewer.email.clone()>{viewer.display_name.clone()}</span>
            <button type="button" class="button-link" id="sign-out" on:click=sign_out disabled=move || signing_out.get()>
                {tr(|t| t.sign_out)}
            </button>
        </div>
    }
}

/// The signed-in viewer, for pages under the shell.
pub fn use_viewer() -> Viewer {
    expect_context::<Viewer>()
}
