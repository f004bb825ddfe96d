//! Sales teams (admins): add, rename, archive and restore. Users join a team on the users
//! screen.

use leptos::prelude::*;

use crate::api::ops::sales_team_list::{SalesTeamFilter, SalesTeamListSalesTeamsNodes};
use crate::api::ops::{
    archive_sales_team, create_sales_team, restore_sales_team, sales_team_list, update_sales_team, ArchiveSalesTeam, CreateSalesTeam,
    RestoreSalesTeam, SalesTeamList, UpdateSalesTeam,
};
use crate::api::{call, ApiError};
use crate::components::{loaded, FormActions, TextField};
use crate::i18n::use_i18n;
use crate::pages::admin::{admin_only, RecordFormErrors};
use crate::pages::customers::contacts::FormErrors;

#[component]
pub fn TeamsPage() -> impl IntoView {
    admin_only(|| view! { <Teams /> }.into_any())
}

#[component]
fn Teams() -> impl IntoView {
    let i18n = use_i18n();
    let archived = RwSignal::new(false);
    // Which form is open: the new team's ("new") or a team's (its id); one at a time.
    let open = RwSignal::new(None::<String>);
    let list = LocalResource::new(move || {
        let filter = Some(SalesTeamFilter { archived: Some(archived.get()), ..Default::default() });
        async move { call::<SalesTeamList>(sales_team_list::Variables { first: Some(250), after: None, filter }).await }
    });
    let refresh = Callback::new(move |()| list.refetch());
    view! {
        <section class="page" aria-labelledby="teams-title">
            <div class="page-header">
                <h1 id="teams-title">{move || i18n.t().sales.nav_teams}</h1>
                <button type="button" class="button-primary" id="new-team" on:click=move |_| open.set(Some("new".to_owned()))>
                    {move || i18n.t().sales.new_team}
                </button>
            </div>
            {move || (open.get().as_deref() == Some("new")).then(|| view! {
                <TeamForm team=None on_done=Callback::new(move |saved: bool| {
                    open.set(None);
                    if saved { refresh.run(()) }
                }) />
            })}
            <label class="check" for="teams-archived">
                <input type="checkbox" id="teams-archived" on:change=move |ev| archived.set(event_target_checked(&ev)) />
                {move || i18n.t().show_archived}
            </label>
            {move || loaded(list.get(), |data| {
                let teams = data.sales_teams.nodes;
                if teams.is_empty() {
                    return view! { <p class="empty">{i18n.t().sales.no_teams}</p> }.into_any();
                }
                view! {
                    <div class="table-wrap">
                        <table class="teams">
                            <thead>
                                <tr>
                                    <th scope="col">{i18n.t().name}</th>
                                    <th scope="col"><span class="visually-hidden">{i18n.t().edit}</span></th>
                                </tr>
                            </thead>
                            <tbody>
                                {teams.into_iter().map(|team| view! { <TeamRow team=team open=open on_saved=refresh /> }).collect_view()}
                            </tbody>
                        </table>
                    </div>
                }.into_any()
            })}
        </section>
    }
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
                }>{move || i18n.t().sales.rename}</button>
                <button type="button" class="button-link" on:click=toggle_archive>
                    {move || if archived { i18n.t().restore } else { i18n.t().archive }}
                </button>
                <FormErrors error=error />
            </td>
        </tr>
        {move || editing.get().then(|| view! {
            <tr class="edit-row">
                <td colspan="2">
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
    let i18n = use_i18n();
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
                <TextField label=Signal::derive(move || i18n.t().name) value=name field="name" error=error required=true />
            </div>
            <RecordFormErrors error=error fields=&["name"] on_reload=reload />
            <FormActions busy=busy on_cancel=Callback::new(move |()| on_done.run(false)) submit_class="save-team" />
        </form>
    }
}
