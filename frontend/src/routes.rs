//! Every screen behind a URL, each loaded on first use.
//!
//! Each module's screens are one split point (a `#[lazy]` function): `cargo xtask app` cuts the
//! code only that module reaches into its own wasm chunk, fetched the first time someone opens
//! one of its screens, or in idle time after the first screen shows ([`preload_when_idle`]), so
//! a click rarely waits. Code several modules share lands in shared chunks; the shell, the
//! session and the login stay in the main module. Few split points: the splitter makes a chunk
//! for every combination of split points that share code, and a module loads all of its
//! combinations' chunks (31 split points, one per screen, made over 600 files; ten made 230,
//! about a hundred per module). Adding a screen is one line in its `module!` here and one
//! `<Route>` in [`crate::app`]; adding a module is one `module!` and one line in [`preload_all`].

use leptos::prelude::*;
use leptos_router::components::Redirect;
use leptos_router::LazyRoute;

use crate::app::use_viewer;
use crate::pages::{admin, customers, home, knowledge, leads, metrics, orders, pipeline, quotes, self_service, service, tasks};

/// Declares a module: the enum `$screens` of its screens, the lazily loaded function `$module`
/// that shows one of them (the split point: everything only it reaches is the module's chunk),
/// and for each screen a route type `$route` whose view is `$page` through `$guard` (a function
/// from the page to the view this viewer gets). `$preload` is the loader `#[lazy]` makes for
/// `$module` (`__preload_` + its name).
macro_rules! module {
    ($module:ident, $preload:ident, $screens:ident { $($route:ident => $page:path, $guard:ident;)+ }) => {
        // Named after the routes, which may share a prefix (`CustomerList`, `CustomerEdit`).
        #[allow(clippy::enum_variant_names)]
        #[derive(Clone, Copy)]
        enum $screens {
            $($route,)+
        }

        #[lazy]
        fn $module(screen: $screens) -> AnyView {
            match screen {
                $($screens::$route => $guard($page),)+
            }
        }

        $(
            pub struct $route;

            impl LazyRoute for $route {
                fn data() -> Self {
                    $route
                }

                // `this` carries no data: the page loads its own, as it always has.
                async fn view(this: Self) -> AnyView {
                    let _ = this;
                    $module($screens::$route).await
                }

                async fn preload() {
                    // Only the wasm build is split; elsewhere (tests, lints) nothing to load.
                    #[cfg(target_arch = "wasm32")]
                    $preload().await;
                }
            }
        )+
    };
}

// The home screen is where staff and partners land: a module of its own, so that a first visit
// downloads only what the home shows (its sections link to the lists, loaded on first use or
// in idle time).
module!(home_module, __preload_home_module, HomeScreen {
    Home => home::HomePage, workspace;
});

module!(customer_list_module, __preload_customer_list_module, CustomerListScreen {
    CustomerList => customers::list::CustomerListPage, workspace;
});

// A customer's record, its service tickets and the knowledge base: one split point, as a seventh made the
// splitter cut the home's shared code into many more chunks (a first visit 6 kB heavier).
module!(customer_record_module, __preload_customer_record_module, CustomerRecordScreen {
    CustomerCreate => customers::form::CustomerCreatePage, workspace;
    CustomerDetail => customers::detail::CustomerPage, workspace;
    CustomerEdit => customers::form::CustomerEditPage, workspace;
    TicketList => service::list::TicketListPage, anyone;
    TicketCreate => service::form::TicketCreatePage, anyone;
    TicketDetail => service::detail::TicketPage, anyone;
    TicketSatisfaction => service::satisfaction::SatisfactionPage, anyone;
    ContactCenter => service::calls::ContactCenterPage, workspace;
    TaskList => tasks::TasksPage, workspace;
    KnowledgeHome => knowledge::home::KnowledgePage, anyone;
    ArticleDetail => knowledge::article::ArticlePage, anyone;
    ArticleCreate => knowledge::editor::ArticleCreatePage, anyone;
    ArticleEdit => knowledge::editor::ArticleEditPage, anyone;
});

module!(sales_module, __preload_sales_module, SalesScreen {
    PipelineBoard => pipeline::board::PipelineBoardPage, workspace;
    OpportunityList => pipeline::list::OpportunityListPage, workspace;
    OpportunityCreate => pipeline::form::OpportunityCreatePage, workspace;
    OpportunityDetail => pipeline::detail::OpportunityPage, workspace;
    OpportunityEdit => pipeline::form::OpportunityEditPage, workspace;
    LeadList => leads::list::LeadListPage, workspace;
    LeadCreate => leads::form::LeadCreatePage, workspace;
    LeadDetail => leads::detail::LeadPage, workspace;
    OrderList => orders::list::OrderListPage, workspace;
    OrderCreate => orders::form::OrderCreatePage, workspace;
    OrderDetail => orders::detail::OrderPage, workspace;
    QuoteCreate => quotes::builder::QuoteCreatePage, workspace;
    QuoteEdit => quotes::builder::QuoteEditPage, workspace;
    QuoteDetail => quotes::detail::QuotePage, anyone;
    SalesMetrics => metrics::SalesMetricsPage, workspace;
    // The customers list as a file: opened from the list now and then, by the same people;
    // here rather than with the list everyone opens first (the settings' chunk is full).
    CustomerExport => customers::export::CustomerExportPage, workspace;
});

module!(self_service_module, __preload_self_service_module, SelfServiceScreen {
    OwnProfile => self_service::SelfServicePage, own_profile;
    OwnQuote => quotes::detail::QuotePage, own_quote;
    OwnOrder => orders::detail::OrderPage, own_order;
});

module!(admin_module, __preload_admin_module, AdminScreen {
    Settings => admin::settings::SettingsPage, anyone;
    Users => admin::users::UsersPage, settings;
    Partners => admin::partners::PartnersPage, settings;
    ApiKeys => admin::api_keys::ApiKeysPage, settings;
    Products => admin::products::ProductsPage, settings;
    PriceBooks => admin::price_books::PriceBooksPage, settings;
    PriceBookDetail => admin::price_books::PriceBookPage, settings;
    Teams => admin::teams::TeamsPage, settings;
    PipelineStages => admin::pipeline_stages::PipelineStagesPage, settings;
    AssignmentRules => admin::assignment_rules::AssignmentRulesPage, settings;
    DiscountLimits => admin::discount_limits::DiscountLimitsPage, settings;
    Company => admin::company::CompanyPage, settings;
    ExchangeRates => admin::exchange_rates::ExchangeRatesPage, settings;
    ErpDeliveries => admin::erp_deliveries::ErpDeliveriesPage, settings;
    Imports => admin::imports::ImportsPage, settings;
    ImportJob => admin::imports::ImportJobPage, settings;
    // The call scripts' editor is set up like the settings (a few people, now and then): it
    // travels here rather than with the screens the desk uses all day.
    ScriptList => service::scripts::ScriptListPage, workspace;
    ScriptEdit => service::scripts::ScriptEditorPage, workspace;
    // So is the desk's page of people, capacities and queues' routing (agents set their
    // presence on the ticket list too).
    ServiceDesk => service::desk::DeskPage, workspace;
});

/// Loads every module's code (each chunk once; a screen opened meanwhile shares the load).
async fn preload_all() {
    futures::join!(
        Home::preload(),
        CustomerList::preload(),
        CustomerDetail::preload(),
        PipelineBoard::preload(),
        OwnProfile::preload(),
        Settings::preload()
    );
}

/// Once the browser is idle, loads the code of every screen, so that a screen opened later
/// shows without waiting on the network. Not on a connection that asks to save data.
pub fn preload_when_idle() {
    if saves_data() {
        return;
    }
    request_idle_callback(|| leptos::task::spawn_local(preload_all()));
}

/// Whether the browser says the person wants to save data (`navigator.connection.saveData`,
/// where the browser has it).
fn saves_data() -> bool {
    let navigator = window().navigator();
    js_sys::Reflect::get(&navigator, &"connection".into())
        .ok()
        .filter(|connection| connection.is_object())
        .and_then(|connection| js_sys::Reflect::get(&connection, &"saveData".into()).ok())
        .and_then(|save| save.as_bool())
        .unwrap_or(false)
}

/// A screen whose data the server guards itself (admin pages refuse and say so).
fn anyone<V: IntoView + 'static>(page: fn() -> V) -> AnyView {
    page().into_any()
}

/// A settings screen, with the settings menu beside it (each screen refuses those it is not
/// for).
fn settings<V: IntoView + 'static>(page: fn() -> V) -> AnyView {
    admin::settings::with_settings_menu(page().into_any())
}

/// A screen of the customer workspace (staff, partners). A customer user who follows a link
/// to one lands on its own profile instead.
fn workspace<V: IntoView + 'static>(page: fn() -> V) -> AnyView {
    if use_viewer().uses_customer_workspace() {
        page().into_any()
    } else {
        view! { <Redirect path="/me" /> }.into_any()
    }
}

/// The self-service profile, for customer users; anyone else goes to their home screen.
fn own_profile<V: IntoView + 'static>(page: fn() -> V) -> AnyView {
    let viewer = use_viewer();
    if viewer.customer.is_some() {
        page().into_any()
    } else {
        view! { <Redirect path=viewer.home() /> }.into_any()
    }
}

/// An order of the customer's own, in its self-service area; anyone else sees it at `/orders/:id`.
fn own_order<V: IntoView + 'static>(page: fn() -> V) -> AnyView {
    if use_viewer().customer.is_some() {
        page().into_any()
    } else {
        let params = leptos_router::hooks::use_params_map();
        let id = params.with_untracked(|params| params.get("id").unwrap_or_default());
        view! { <Redirect path=format!("/orders/{id}") /> }.into_any()
    }
}

/// A quote of the customer's own, in its self-service area; anyone else sees it at `/quotes/:id`.
fn own_quote<V: IntoView + 'static>(page: fn() -> V) -> AnyView {
    if use_viewer().customer.is_some() {
        page().into_any()
    } else {
        let params = leptos_router::hooks::use_params_map();
        let id = params.with_untracked(|params| params.get("id").unwrap_or_default());
        view! { <Redirect path=format!("/quotes/{id}") /> }.into_any()
    }
}
