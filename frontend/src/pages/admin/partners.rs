//! Partner organisations (resellers, distributors) of the extended enterprise, paged on the
//! list kit ([`crate::list_kit`]: whether archived ones are shown, and the page, are in the URL).

use leptos::prelude::*;

use crate::api::ops::ViewList;
use crate::saved_views::SavedViewMenu;

use crate::api::ops::partner_list::{PartnerListPartnerOrganizations, PartnerListPartnerOrganizationsNodes, PartnerOrganizationFilter};
use crate::api::ops::{
    archive_partner, create_partner, partner_list, restore_partner, update_partner, ArchivePartner, CreatePartner, PartnerKind,
    PartnerList, RestorePartner, UpdatePartner,
};
use crate::api::{call, ApiError};
use crate::components::{loaded, non_empty, unclaimed_error, FormActions, SelectField, TextField};
use crate::format;
use crate::i18n::{tr, use_i18n, Texts};
use crate::list_kit::{CheckFilter, ListFrame, ListQuery, ListUrl, Page, PageArgs, Params};
use crate::page_info;
use crate::pages::admin::admin_only;
use crate::pages::customers::contacts::FormErrors;

/// What the list shows, kept in the URL (see [`crate::list_kit`]).
#[derive(Clone, Debug, Default, PartialEq)]
struct PartnerQuery {
    archived: bool,
}

impl ListQuery for PartnerQuery {
    fn read(params: &Params) -> Self {
        PartnerQuery { archived: params.flag("archived") }
    }

    fn write(&self, params: &mut Params) {
        params.set_flag("archived", self.archived);
    }
}

impl PartnerQuery {
    fn variables(&self, page: &Page) -> partner_list::Variables {
        let PageArgs { first, after, last, before } = page.args();
        let filter = Some(PartnerOrganizationFilter { archived: Some(self.archived), ..Default::default() });
        partner_list::Variables { first, after, last, before, filter }
    }
}

type Url = ListUrl<PartnerQuery>;

#[component]
pub fn PartnersPage() -> impl IntoView {
    admin_only(|| view! { <Partners /> }.into_any())
}

#[component]
fn Partners() -> impl IntoView {
    let url = Url::new("/admin/partners");
    let creating = RwSignal::new(false);
    let list = LocalResource::new(move || {
        let variables = url.query().variables(&url.page());
        async move { call::<PartnerList>(variables).await.map(|data| data.partner_organizations) }
    });
    let refresh = Callback::new(move |()| list.refetch());
    view! {
        <section class="page" aria-labelledby="partners-title">
            <div class="page-header">
                <h1 id="partners-title">{tr(|t| t.partners)}</h1>
                <button type="button" class="button-primary" on:click=move |_| creating.set(true)>{tr(|t| t.new_partner)}</button>
            </div>
            {move || creating.get().then(|| view! {
                <PartnerForm partner=None on_done=Callback::new(move |saved: bool| {
                    creating.set(false);
                    if saved { refresh.run(()) }
                }) />
            })}
            <SavedViewMenu list=ViewList::Partners path="/admin/partners" />
            <CheckFilter
                url=url
                id="partners-archived"
                label=|t| t.show_archived
                get=|query: &PartnerQuery| query.archived
                set=|query, on| query.archived = on
            />
            {move || loaded(list.get(), |page| view! { <Results url=url page=page on_saved=refresh /> }.into_any())}
        </section>
    }
}

#[component]
fn Results(url: Url, page: PartnerListPartnerOrganizations, on_saved: Callback<()>) -> impl IntoView {
    let i18n = use_i18n();
    let total = page.total_count;
    let info = page_info!(page.page_info);
    let rows = page.nodes;
    let shown = rows.len() as i64;
    let rows = rows.into_iter().map(|partner| view! { <PartnerRow partner=partner on_saved=on_saved /> }).collect_view();
    view! {
        <ListFrame url=url info=info total=total shown=shown count=|t, n, formatted| (t.partners_count)(n, formatted) label=|t| t.partners>
            <table class="list">
                <thead>
                    <tr>
                        <th scope="col">{i18n.t().name}</th>
                        <th scope="col">{i18n.t().kind}</th>
                        <th scope="col">{i18n.t().country}</th>
                        <th scope="col"><span class="visually-hidden">{i18n.t().edit}</span></th>
                    </tr>
                </thead>
                <tbody>{rows}</tbody>
            </table>
        </ListFrame>
    }
}

#[component]
fn PartnerRow(partner: PartnerListPartnerOrganizationsNodes, on_saved: Callback<()>) -> impl IntoView {
    let i18n = use_i18n();
    let editing = RwSignal::new(false);
    let error = RwSignal::new(None::<ApiError>);
    let (id, version, archived, kind) = (partner.id.clone(), partner.version, partner.archived, partner.kind);
    let country = partner.country.as_ref().map(|country| country.code.clone());
    let toggle_archive = move |_| {
        let id = id.clone();
        leptos::task::spawn_local(async move {
            let result = if archived {
                call::<RestorePartner>(restore_partner::Variables { input: restore_partner::RecordVersionInput { id, version } })
                    .await
                    .map(drop)
            } else {
                call::<ArchivePartner>(archive_partner::Variables { input: archive_partner::RecordVersionInput { id, version } })
                    .await
                    .map(drop)
            };
            match result {
                Ok(()) => on_saved.run(()),
                Err(err) => error.set(Some(err)),
            }
        });
    };
    let stored = StoredValue::new(partner.clone());
    view! {
        <tr>
            <th scope="row">{partner.name.clone()}</th>
            <td data-label=move || i18n.t().kind>{move || (i18n.t().partner_kind_label)(kind)}</td>
            <td data-label=move || i18n.t().country>{move || country.as_ref().map(|code| format::country(i18n.tag(), code)).unwrap_or_else(|| i18n.t().none.to_owned())}</td>
            <td class="row-actions">
                <button type="button" class="button-link" on:click=move |_| editing.update(|on| *on = !*on)>{tr(|t| t.edit)}</button>
                <button type="button" class="button-link" on:click=toggle_archive>
                    {move || if archived { i18n.t().restore } else { i18n.t().archive }}
                </button>
                <FormErrors error=error />
            </td>
        </tr>
        {move || editing.get().then(|| view! {
            <tr class="edit-row">
                <td colspan="4" data-label=move || i18n.t().edit>
                    <PartnerForm partner=Some(stored.get_value()) on_done=Callback::new(move |saved: bool| {
                        editing.set(false);
                        if saved { on_saved.run(()) }
                    }) />
                </td>
            </tr>
        })}
    }
}

/// Creates a partner organisation, or edits `partner`.
#[component]
fn PartnerForm(partner: Option<PartnerListPartnerOrganizationsNodes>, on_done: Callback<bool>) -> impl IntoView {
    let i18n = use_i18n();
    let name = RwSignal::new(partner.as_ref().map(|p| p.name.clone()).unwrap_or_default());
    let kind = RwSignal::new(partner.as_ref().map(|p| p.kind).unwrap_or(PartnerKind::Reseller).as_api().to_owned());
    let country = RwSignal::new(partner.as_ref().and_then(|p| p.country.as_ref()).map(|c| c.code.clone()).unwrap_or_default());
    let error = RwSignal::new(None::<ApiError>);
    let existing = partner.map(|p| (p.id, p.version));
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let kind = PartnerKind::from_api(&kind.get_untracked()).unwrap_or(PartnerKind::Reseller);
        let (name, country) = (name.get_untracked(), non_empty(country.get_untracked()));
        let existing = existing.clone();
        leptos::task::spawn_local(async move {
            let result = match existing {
                Some((id, version)) => {
                    let input = update_partner::UpdatePartnerOrganizationInput { id, version, name: Some(name), kind: Some(kind), country };
                    call::<UpdatePartner>(update_partner::Variables { input }).await.map(drop)
                }
                None => {
                    let input = create_partner::CreatePartnerOrganizationInput { name, kind, country };
                    call::<CreatePartner>(create_partner::Variables { input }).await.map(drop)
                }
            };
            match result {
                Ok(()) => on_done.run(true),
                Err(err) => error.set(Some(err)),
            }
        });
    };
    let kinds = Signal::derive(move || {
        let t = i18n.t();
        PartnerKind::ALL.iter().map(|kind| (kind.as_api().to_owned(), (t.partner_kind_label)(*kind).to_owned())).collect::<Vec<_>>()
    });
    let countries = Signal::derive(move || {
        let tag = i18n.tag();
        format::COUNTRY_CODES.iter().map(|code| ((*code).to_owned(), format::country(tag, code))).collect::<Vec<_>>()
    });
    let label = move |f: fn(&Texts) -> &'static str| Signal::derive(move || f(i18n.t()));
    view! {
        <form class="card inline-form" on:submit=submit>
            <div class="form-grid">
                <TextField label=label(|t| t.name) value=name field="name" error=error required=true />
                <SelectField label=label(|t| t.kind) value=kind field="kind" options=kinds error=error />
                <SelectField label=label(|t| t.country) value=country field="country" options=countries error=error empty=label(|t| t.none) />
            </div>
            <FormErrors error=Signal::derive(move || unclaimed_error(error.get(), &["name", "kind", "country"])) />
            <FormActions on_cancel=Callback::new(move |()| on_done.run(false)) />
        </form>
    }
}
