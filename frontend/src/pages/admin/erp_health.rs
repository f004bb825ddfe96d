//! Whether orders reach the ERP, for admins: a warning when deliveries ran out of attempts or
//! wait with no server delivering them (the ERP's URL unset, the worker stuck), and otherwise
//! when the ERP last accepted an order. Shown on the settings home and the deliveries list.

use leptos::prelude::*;
use leptos_router::components::A;

use crate::api::call;
use crate::api::ops::{erp_health, ErpHealth};
use crate::components::loaded;
use crate::format;
use crate::i18n::{tr, use_i18n};

/// The ERP's health; `revision` reloads it (a replay on the same screen changes it), and
/// `link` adds the way to the deliveries list.
#[component]
pub fn ErpHealthAlert(#[prop(optional)] revision: Option<RwSignal<u32>>, #[prop(optional)] link: bool) -> impl IntoView {
    let health = LocalResource::new(move || {
        if let Some(revision) = revision {
            revision.track();
        }
        async move { call::<ErpHealth>(erp_health::Variables {}).await.map(|data| data.erp_health) }
    });
    move || loaded(health.get(), |health| view! { <Status health=health link=link /> }.into_any())
}

#[component]
fn Status(health: erp_health::ErpHealthErpHealth, link: bool) -> impl IntoView {
    let i18n = use_i18n();
    if !health.needs_attention {
        let last = health.last_delivered_at.clone();
        let text = move || match &last {
            Some(at) => (i18n.t().settings.erp_last_delivered)(&format::date_time(i18n.tag(), at)),
            None => i18n.t().settings.erp_nothing_delivered.to_owned(),
        };
        return view! {
            <p class="hint" data-erp-health="ok">
                {text}
            </p>
        }
        .into_any();
    }
    let stalled = (health.stalled > 0).then(|| {
        let since = health.stalled_since.clone().unwrap_or_default();
        let count = health.stalled;
        view! {
            <p data-erp-problem="stalled">
                {move || (i18n.t().settings.erp_stalled)(count, &format::date_time(i18n.tag(), &since))}
                " "
                {tr(|t| t.settings.erp_stalled_fix)}
            </p>
        }
    });
    let failed = (health.failed > 0).then(|| {
        let count = health.failed;
        view! {
            <p data-erp-problem="failed">
                {move || (i18n.t().settings.erp_failed)(count)}
                " "
                {tr(|t| t.settings.erp_failed_fix)}
            </p>
        }
    });
    let to_list = link.then(|| view! { <A href="/admin/erp-deliveries">{tr(|t| t.settings.erp_see_deliveries)}</A> });
    view! {
        <div class="alert alert-warning" role="status" data-erp-health="attention">
            <p>
                <strong>{tr(|t| t.settings.erp_health)}</strong>
            </p>
            {stalled}
            {failed}
            {to_list.map(|to_list| view! { <p>{to_list}</p> })}
        </div>
    }
    .into_any()
}
