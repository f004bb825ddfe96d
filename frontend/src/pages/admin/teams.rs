//! Sales teams (admins): add, rename, archive and restore. Users join a team on the users
//! screen. Paged on the list kit ([`crate::list_kit`]: whether archived teams are shown, and
//! the page, are in the URL).

use leptos::prelude::*;

use crate::api::ops::ViewList;
use crate::saved_views::SavedViewMenu;

use crate::api::ops::sales_team_list::{SalesTeamFilter, SalesTeamListSalesTeams, SalesTeamListSalesTeamsNodes};
use crate::api::ops::{
    archive_sales_team, create_sales_team, restore_sales_team, sales_team_list, update_sales_team, ArchiveSalesTeam, CreateSalesTeam,
    RestoreSalesTeam, SalesTeamList, UpdateSalesTeam,
};
use crate::api::{call, ApiError};
use crate::components::{loaded, FormActions, TextField};
use crate::i18n::{tr, use_i18n};
use crate::list_kit::{CheckFilter, ListFrame, ListQuery, ListUrl, Page, PageArgs, Params};
use crate::page_info;
use crate::pages::admin::{admin_only, RecordFormErrors};
use crate::pages::customers::contacts::FormErrors;

/// What the list shows, kept in the URL (see [`crate::list_kit`]).
#[derive(Clone, Debug, Default, PartialEq)]
struct TeamQuery {
    archived: bool,
}

impl ListQuery for TeamQuery {
    fn read(params: &Params) -> Self {
        TeamQuery { archived: params.flag("archived") }
    }

    fn write(&self, params: &mut Params) {
        params.set_flag("archived", self.archived);
    }
}

impl TeamQuery {
    fn variables(&self, page: &Page) -> sales_team_list::Variables {
        let PageArgs { first, after, last, before } = page.args();
        let filter = Some(SalesTeamFilter { archived: Some(self.archived), ..Default::default() });
        sales_team_list::Variables { first, after, last, before, filter }
    }
}

type Url = ListUrl<TeamQuery>;

#[component]
pub fn TeamsPage() -> impl IntoView {
    admin_only(|| view! { <Teams /> }.into_any())
}

#[component]
fn Teams() -> impl IntoView {
    let url = Url::new("/admin/teams");
    // Which form is open: the new team's ("new") or a team's (its id); one at a time.
    let open = RwSignal::new(None::<String>);
    let list = LocalResource::new(move || {
        let variables = url.query().variables(&url.page());
        async move { call::<SalesTeamList>(variables).await.map(|data| data.sales_teams) }
    });
    let refresh = Callback::new(move |()| list.refetch());
    view! {
        <section class="page" aria-labelledby="teams-title">
            <div class="page-header">
                <h1 id="teams-title">{tr(|t| t.sales().nav_teams)}</h1>
                <button type="button" class="button-primary" id="new-team" on:click=move |_| open.set(Some("new".to_owned()))>
                    {tr(|t| t.sales().new_team)}
                </button>
            </div>
            {move || (open.get().as_deref() == Some("new")).then(|| view! {
                <TeamForm team=None on_done=Callback::new(move |saved: bool| {
                    open.set(None);
                    if saved { refresh.run(()) }
                }) />
            })}
            <SavedViewMenu list=ViewList::Teams path="/admin/teams" />
            <CheckFilter
                url=url
                id="teams-archived"
                label=|t| t.show_archived
                get=|query: &TeamQuery| query.archived
                set=|query, on| query.archived = on
            />
            {move || loaded(list.get(), |page| view! { <Results url=url page=page open=open on_saved=refresh /> }.into_any())}
        </section>
    }
}

#[component]
fn Results(url: Url, page: SalesTeamListSalesTeams, open: RwSignal<Option<String>>, on_saved: Callback<()>) -> impl IntoView {
    let i18n = use_i18n();
    let total = page.total_count;
    let info = page_info!(page.page_info);
    let teams = page.nodes;
    let shown = teams.len() as i64;
    if teams.is_empty() {
        return view! { <p class="empty">{i18n.t().sales().no_teams}</p> }.into_any();
    }
    let rows = teams.into_iter().map(|team| view! { <TeamRow team=team open=open on_saved=on_saved /> }).collect_view();
    view! {
        <ListFrame url=url info=info total=total shown=shown count=|t, n, formatted| (t.sales().teams_count)(n, formatted) label=|t| t.sales().nav_teams>
            <table class="list teams">
                <thead>
                    <tr>
                        <th scope="col">{i18n.t().name}</th>
                        <th scope="col"><span class="visually-hidden">{i18n.t().edit}</span></th>
                    </tr>
                </thead>
                <tbody>{rows}</tbody>
            </table>
        </ListFrame>
    }
    .into_any()
}

#[component]
fn TeamRow(team: SalesTeamListSalesTeamsNodes, open: RwSignal<Option<String>>, on_saved: Callback<()>) -> impl IntoView {
    let i18n = use_i18n();
    let error = RwSignal::new(None::<ApiError>);
    let (id, version, archived) = (team.id.clone(), team.version, team.archived);
    let editing = {
        let id = id.clone();
        Signal::derive(move || open.get().as_deref() == Some(id.as_str()))
    };
    let toggle_archive = {
        let id = id.clone();
        move |_| {
            let id = id.clone();
            leptos::task::spawn_local(async move {
                let result = if archived {
                    let input = restore_sales_team::RecordVersionInput { id, version };
                    call::<RestoreSalesTeam>(restore_sales_team::Variables { input }).await.map(drop)
                } else {
                    let input = archive_sales_team::RecordVersionInput { id, version };
                    call::<ArchiveSalesTeam>(archive_sales_team::Variables { input }).await.map(drop)
                };
                match result {
                    Ok(()) => on_saved.run(()),
                    Err(err) => error.set(Some(err)),
                }
            });
        }
    };
    let stored = StoredValue::new(team.clone());
    view! {
        <tr data-team=team.name.clone()>
            <th scope="row">{team.name.clone()}</th>
            <td class="row-actions">
                <button type="button" class="button-link" on:click=move |_| {
                    let id = id.clone();
                    open.update(|open| *open = if open.as_deref() == Some(id.as_str()) { None } else { Some(id) });
                }>{tr(|t| t.sales().rename)}</button>
                <button type="button" class="button-link" on:click=toggle_archive>
                    {move || if archived { i18n.t().restore } else { i18n.t().archive }}
                </button>
                <FormErrors error=error />
            </td>
        </tr>
        {move || editing.get().then(|| view! {
            <tr class="edit-row">
                <td colspan="2" data-label=move || i18n.t().edit>
                    <TeamForm team=Some(stored.get_value()) on_done=Callback::new(move |saved: bool| {
                        open.set(None);
                        if saved { on_saved.run(()) }
                    }) />
                </td>
            </tr>
        })}
    }
}

/// Adds a team, or renames `team` at the version it was read.
#[component]
fn TeamForm(team: Option<SalesTeamListSalesTeamsNodes>, on_done: Callback<bool>) -> impl IntoView {
    let name = RwSignal::new(team.as_ref().map(|t| t.name.clone()).unwrap_or_default());
    let error = RwSignal::new(None::<ApiError>);
    let busy = RwSignal::new(false);
    let existing = team.map(|t| (t.id, t.version));
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let name = name.get_untracked();
        let existing = existing.clone();
        busy.set(true);
        leptos::task::spawn_local(async move {
            let result = match existing {
                Some((id, version)) => {
                    let input = update_sales_team::UpdateSalesTeamInput { id, version, name: Some(name) };
                    call::<UpdateSalesTeam>(update_sales_team::Variables { input }).await.map(drop)
                }
                None => {
                    let input = create_sales_team::CreateSalesTeamInput { name };
                    call::<CreateSalesTeam>(create_sales_team::Variables { input }).await.map(drop)
                }
            };
            busy.set(false);
            match result {
                Ok(()) => on_done.run(true),
                Err(err) => error.set(Some(err)),
            }
        });
    };
    // A stale rename: the list shows what the other person saved, to rename from there.
    let reload = Callback::new(move |()| on_done.run(true));
    view! {
        <form class="card inline-form team-form" on:submit=submit>
            <div class="form-grid">
                <TextField label=Signal::derive(tr(|t| t.name)) value=name field="name" error=error required=true />
            </div>
            <RecordFormErrors error=error fields=&["name"] on_reload=reload />
            <FormActions busy=busy on_cancel=Callback::new(move |()| on_done.run(false)) submit_class="save-team" />
        </form>
    }
}
