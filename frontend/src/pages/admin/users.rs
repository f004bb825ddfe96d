//! Users and roles: staff, partner users and customer portal users, searched as you type and
//! paged on the list kit ([`crate::list_kit`]: the search and the page are in the URL).

use leptos::prelude::*;

use crate::api::ops::ViewList;
use crate::saved_views::SavedViewMenu;

use crate::api::ops::user_list::{UserFilter, UserListUsers, UserListUsersNodes};
use crate::api::ops::{
    create_user, customer_list, sales_team_list, update_user, user_list, CreateUser, CustomerList, SalesTeamList, StaffRole, UpdateUser,
    UserKind, UserList,
};
use crate::api::{call, ApiError};
use crate::components::{loaded, non_empty, unclaimed_error, FormActions, SelectField, TextField};
use crate::i18n::{tr, use_i18n, Texts};
use crate::list_kit::{ListFrame, ListQuery, ListUrl, Page, PageArgs, Params, SearchBox};
use crate::page_info;
use crate::pages::admin::admin_only;
use crate::pages::customers::contacts::FormErrors;
use crate::pages::customers::options::use_assignment_options;

/// What the list shows, kept in the URL (see [`crate::list_kit`]).
#[derive(Clone, Debug, Default, PartialEq)]
struct UserQuery {
    search: String,
}

impl ListQuery for UserQuery {
    fn read(params: &Params) -> Self {
        UserQuery { search: params.text("q") }
    }

    fn write(&self, params: &mut Params) {
        params.set_text("q", &self.search);
    }
}

impl UserQuery {
    fn variables(&self, page: &Page) -> user_list::Variables {
        let PageArgs { first, after, last, before } = page.args();
        let filter = Some(UserFilter { search: non_empty(self.search.clone()), ..Default::default() });
        user_list::Variables { first, after, last, before, filter }
    }
}

type Url = ListUrl<UserQuery>;

#[component]
pub fn UsersPage() -> impl IntoView {
    admin_only(|| view! { <Users /> }.into_any())
}

#[component]
fn Users() -> impl IntoView {
    let url = Url::new("/admin/users");
    let creating = RwSignal::new(false);
    // A save reloads the page shown.
    let reload = RwSignal::new(0u32);
    // The active sales teams staff users can join, as (id, name) options.
    let team_list = LocalResource::new(move || async move {
        let filter = Some(sales_team_list::SalesTeamFilter { archived: Some(false), ..Default::default() });
        match call::<SalesTeamList>(sales_team_list::Variables { first: Some(250), filter, ..Default::default() }).await {
            Ok(data) => data.sales_teams.nodes.into_iter().map(|team| (team.id, team.name)).collect::<Vec<_>>(),
            Err(_) => Vec::new(),
        }
    });
    let teams = Signal::derive(move || team_list.get().unwrap_or_default());
    // Loads a page whenever the search, the page or a save changes.
    let users = LocalResource::new(move || {
        reload.track();
        let variables = url.query().variables(&url.page());
        async move { call::<UserList>(variables).await.map(|data| data.users) }
    });
    let refresh = Callback::new(move |()| reload.update(|n| *n += 1));
    view! {
        <section class="page" aria-labelledby="users-title">
            <div class="page-header">
                <h1 id="users-title">{tr(|t| t.users)}</h1>
                <button type="button" class="button-primary" id="new-user" on:click=move |_| creating.set(true)>
                    {tr(|t| t.new_user)}
                </button>
            </div>
            {move || creating.get().then(|| view! { <CreateUserForm teams=teams on_done=Callback::new(move |saved: bool| {
                creating.set(false);
                if saved { refresh.run(()) }
            }) /> })}
            <SavedViewMenu list=ViewList::Users path="/admin/users" />
            <SearchBox
                url=url
                id="user-search"
                label=|t| t.search
                placeholder=|t| t.search
                get=|query: &UserQuery| &query.search
                set=|query, text| query.search = text
            />
            {move || loaded(users.get(), |page| view! { <Results url=url page=page teams=teams on_saved=refresh /> }.into_any())}
        </section>
    }
}

#[component]
fn Results(url: Url, page: UserListUsers, teams: Signal<Vec<(String, String)>>, on_saved: Callback<()>) -> impl IntoView {
    let total = page.total_count;
    let info = page_info!(page.page_info);
    let rows = page.nodes;
    let shown = rows.len() as i64;
    let rows = rows.into_iter().map(|user| view! { <UserRow user=user teams=teams on_saved=on_saved /> }).collect_view();
    view! {
        <ListFrame url=url info=info total=total shown=shown count=|t, n, formatted| (t.users_count)(n, formatted) label=|t| t.users>
            <table class="list">
                <thead>
                    <tr>
                        <th scope="col">{tr(|t| t.email)}</th>
                        <th scope="col">{tr(|t| t.display_name)}</th>
                        <th scope="col">{tr(|t| t.user_kind)}</th>
                        <th scope="col">{tr(|t| t.role)}</th>
                        <th scope="col">{tr(|t| t.sales().sales_team)}</th>
                        <th scope="col">{tr(|t| t.active)}</th>
                        <th scope="col"><span class="visually-hidden">{tr(|t| t.edit)}</span></th>
                    </tr>
                </thead>
                <tbody>{rows}</tbody>
            </table>
        </ListFrame>
    }
}

fn belongs_to(user: &UserListUsersNodes) -> Option<String> {
    user.partner_organization.as_ref().map(|org| org.name.clone()).or_else(|| user.customer.as_ref().map(|customer| customer.name.clone()))
}

#[component]
fn UserRow(user: UserListUsersNodes, teams: Signal<Vec<(String, String)>>, on_saved: Callback<()>) -> impl IntoView {
    let i18n = use_i18n();
    let editing = RwSignal::new(false);
    let role = RwSignal::new(user.role.map(|role| role.as_api().to_owned()).unwrap_or_default());
    let password = RwSignal::new(String::new());
    let error = RwSignal::new(None::<ApiError>);
    let (id, version, active, kind) = (user.id.clone(), user.version, user.active, user.kind);
    // graphql_client sends an absent optional as null, which would take the user out of its
    // team: send the team it has, or the one chosen in the form (staff only).
    let sales_team = user.sales_team.as_ref().map(|team| team.id.clone());
    let team = RwSignal::new(sales_team.clone().unwrap_or_default());
    let team_name = user.sales_team.as_ref().map(|team| team.name.clone());
    // The user's team stays choosable when it is archived (and so not among the options).
    let team_options = {
        let current = user.sales_team.as_ref().map(|team| (team.id.clone(), team.name.clone()));
        Signal::derive(move || {
            let mut options = teams.get();
            if let Some(current) = &current {
                if !options.iter().any(|(id, _)| *id == current.0) {
                    options.push(current.clone());
                }
            }
            options
        })
    };
    let save = move |toggle_active: bool| {
        let input = update_user::UpdateUserInput {
            id: id.clone(),
            version,
            display_name: None,
            role: if kind == UserKind::Staff { StaffRole::from_api(&role.get_untracked()) } else { None },
            active: toggle_active.then_some(!active),
            password: non_empty(password.get_untracked()),
            sales_team_id: if kind == UserKind::Staff { non_empty(team.get_untracked()) } else { sales_team.clone() },
        };
        leptos::task::spawn_local(async move {
            match call::<UpdateUser>(update_user::Variables { input }).await {
                Ok(_) => {
                    editing.set(false);
                    on_saved.run(());
                }
                Err(err) => error.set(Some(err)),
            }
        });
    };
    let save = StoredValue::new(save);
    let roles = Signal::derive(move || {
        let t = i18n.t();
        StaffRole::ALL.iter().map(|role| (role.as_api().to_owned(), (t.role_label)(*role).to_owned())).collect::<Vec<_>>()
    });
    let (user_role, owner_of) = (user.role, belongs_to(&user));
    let role_text = move || {
        let t: &Texts = i18n.t();
        user_role.map(|role| (t.role_label)(role).to_owned()).or_else(|| owner_of.clone()).unwrap_or_else(|| t.none.to_owned())
    };
    view! {
        <tr data-email=user.email.clone()>
            <th scope="row">{user.email.clone()}</th>
            <td data-label=move || i18n.t().display_name>{user.display_name.clone()}</td>
            <td data-label=move || i18n.t().user_kind>{move || (i18n.t().user_kind_label)(kind)}</td>
            <td data-label=move || i18n.t().role>{role_text}</td>
            <td data-field="salesTeam" data-label=move || i18n.t().sales().sales_team>{move || team_name.clone().unwrap_or_else(|| i18n.t().none.to_owned())}</td>
            <td data-label=move || i18n.t().active>{move || if active { i18n.t().active } else { i18n.t().inactive }}</td>
            <td class="row-actions">
                <button type="button" class="button-link" on:click=move |_| editing.update(|on| *on = !*on)>{tr(|t| t.edit)}</button>
                <button type="button" class="button-link" on:click=move |_| save.with_value(|save| save(true))>
                    {move || if active { i18n.t().deactivate } else { i18n.t().activate }}
                </button>
            </td>
        </tr>
        {move || editing.get().then(|| view! {
            <tr class="edit-row">
                <td colspan="7" data-label=move || i18n.t().edit>
                    <form class="inline-form" on:submit=move |ev: leptos::ev::SubmitEvent| {
                        ev.prevent_default();
                        save.with_value(|save| save(false));
                    }>
                        {(kind == UserKind::Staff).then(|| view! {
                            <SelectField label=Signal::derive(tr(|t| t.role)) value=role field="role" options=roles error=error />
                            <SelectField
                                label=Signal::derive(tr(|t| t.sales().sales_team))
                                value=team
                                field="salesTeamId"
                                options=team_options
                                error=error
                                empty=Signal::derive(tr(|t| t.none))
                            />
                        })}
                        <TextField
                            label=Signal::derive(tr(|t| t.new_password))
                            value=password
                            field="password"
                            error=error
                            input_type="password"
                            autocomplete="new-password"
                            hint=Signal::derive(tr(|t| t.password_hint))
                        />
                        <FormErrors error=Signal::derive(move || unclaimed_error(error.get(), &["role", "password", "salesTeamId"])) />
                        <FormActions on_cancel=Callback::new(move |()| editing.set(false)) />
                    </form>
                </td>
            </tr>
        })}
    }
}

#[component]
fn CreateUserForm(teams: Signal<Vec<(String, String)>>, on_done: Callback<bool>) -> impl IntoView {
    let i18n = use_i18n();
    let options = use_assignment_options(true);
    let email = RwSignal::new(String::new());
    let display_name = RwSignal::new(String::new());
    let password = RwSignal::new(String::new());
    let kind = RwSignal::new(UserKind::Staff.as_api().to_owned());
    let role = RwSignal::new(StaffRole::SalesRep.as_api().to_owned());
    let partner = RwSignal::new(String::new());
    let customer = RwSignal::new(String::new());
    let team = RwSignal::new(String::new());
    let error = RwSignal::new(None::<ApiError>);
    let busy = RwSignal::new(false);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let kind = UserKind::from_api(&kind.get_untracked()).unwrap_or(UserKind::Staff);
        let input = create_user::CreateUserInput {
            email: email.get_untracked(),
            display_name: display_name.get_untracked(),
            password: password.get_untracked(),
            kind,
            role: (kind == UserKind::Staff).then(|| StaffRole::from_api(&role.get_untracked())).flatten(),
            partner_id: (kind == UserKind::Partner).then(|| non_empty(partner.get_untracked())).flatten(),
            customer_id: (kind == UserKind::Customer).then(|| non_empty(customer.get_untracked())).flatten(),
            sales_team_id: (kind == UserKind::Staff).then(|| non_empty(team.get_untracked())).flatten(),
        };
        busy.set(true);
        leptos::task::spawn_local(async move {
            match call::<CreateUser>(create_user::Variables { input }).await {
                Ok(_) => on_done.run(true),
                Err(err) => {
                    error.set(Some(err));
                    busy.set(false);
                }
            }
        });
    };
    let kinds = Signal::derive(move || {
        let t = i18n.t();
        UserKind::ALL.iter().map(|kind| (kind.as_api().to_owned(), (t.user_kind_label)(*kind).to_owned())).collect::<Vec<_>>()
    });
    let roles = Signal::derive(move || {
        let t = i18n.t();
        StaffRole::ALL.iter().map(|role| (role.as_api().to_owned(), (t.role_label)(*role).to_owned())).collect::<Vec<_>>()
    });
    let label = move |f: fn(&Texts) -> &'static str| Signal::derive(move || f(i18n.t()));
    let fields = ["email", "displayName", "password", "kind", "role", "partnerId", "customerId", "salesTeamId"];
    view! {
        <form class="card create-form" on:submit=submit aria-labelledby="new-user-title">
            <h2 id="new-user-title">{tr(|t| t.new_user)}</h2>
            <div class="form-grid">
                <TextField label=label(|t| t.email) value=email field="email" error=error input_type="email" required=true />
                <TextField label=label(|t| t.display_name) value=display_name field="displayName" error=error required=true />
                <TextField
                    label=label(|t| t.password)
                    value=password
                    field="password"
                    error=error
                    input_type="password"
                    autocomplete="new-password"
                    required=true
                    hint=label(|t| t.password_hint)
                />
                <SelectField label=label(|t| t.user_kind) value=kind field="kind" options=kinds error=error />
                {move || match UserKind::from_api(&kind.get()) {
                    Some(UserKind::Staff) => view! {
                        <SelectField label=label(|t| t.role) value=role field="role" options=roles error=error />
                        <SelectField label=label(|t| t.sales().sales_team) value=team field="salesTeamId" options=teams error=error empty=label(|t| t.none) />
                    }.into_any(),
                    Some(UserKind::Partner) => view! {
                        <SelectField label=label(|t| t.partner) value=partner field="partnerId" options=options.partners error=error empty=label(|t| t.none) />
                    }.into_any(),
                    _ => view! { <CustomerPicker value=customer error=error /> }.into_any(),
                }}
            </div>
            <FormErrors error=Signal::derive(move || unclaimed_error(error.get(), &fields)) />
            <FormActions busy=busy on_cancel=Callback::new(move |()| on_done.run(false)) />
        </form>
    }
}

/// Picks the customer a customer user acts for: search by name, choose among the matches.
#[component]
fn CustomerPicker(value: RwSignal<String>, error: RwSignal<Option<ApiError>>) -> impl IntoView {
    let i18n = use_i18n();
    let search = RwSignal::new(String::new());
    let matches = LocalResource::new(move || {
        let text = search.get();
        async move {
            if text.trim().len() < 2 {
                return Vec::new();
            }
            let filter = Some(customer_list::CustomerFilter { search: Some(text), ..Default::default() });
            let variables = customer_list::Variables { first: Some(20), filter, ..Default::default() };
            match call::<CustomerList>(variables).await {
                Ok(data) => data.customers.nodes.into_iter().map(|customer| (customer.id, customer.name)).collect(),
                Err(_) => Vec::new(),
            }
        }
    });
    let options = Signal::derive(move || matches.get().unwrap_or_default());
    view! {
        <div class="field">
            <label for="customer-picker-search">{tr(|t| t.search)}</label>
            <input
                id="customer-picker-search"
                type="search"
                autocomplete="off"
                placeholder=move || i18n.t().search_placeholder
                on:change=move |ev| search.set(event_target_value(&ev))
            />
        </div>
        <SelectField
            label=Signal::derive(tr(|t| t.customer))
            value=value
            field="customerId"
            options=options
            error=error
            empty=Signal::derive(tr(|t| t.none))
        />
    }
}
