//! API keys of integrations: created with scopes, shown once, revocable. Paged on the list kit
//! ([`crate::list_kit`]: whether revoked keys are shown, and the page, are in the URL).

use std::collections::BTreeSet;

use leptos::prelude::*;

use crate::api::ops::ViewList;
use crate::saved_views::SavedViewMenu;

use crate::api::ops::api_key_list::{ApiKeyListApiKeys, ApiKeyListApiKeysNodes};
use crate::api::ops::{api_key_list, create_api_key, revoke_api_key, ApiKeyList, ApiScope, CreateApiKey, RevokeApiKey};
use crate::api::{call, ApiError};
use crate::components::{loaded, non_empty, unclaimed_error, FormActions, TextField};
use crate::date_input::DateField;
use crate::format;
use crate::i18n::{tr, use_i18n, Texts};
use crate::list_kit::{CheckFilter, ListFrame, ListQuery, ListUrl, Page, PageArgs, Params};
use crate::page_info;
use crate::pages::admin::admin_only;
use crate::pages::customers::contacts::FormErrors;

/// What the list shows, kept in the URL (see [`crate::list_kit`]).
#[derive(Clone, Debug, Default, PartialEq)]
struct KeyQuery {
    include_revoked: bool,
}

impl ListQuery for KeyQuery {
    fn read(params: &Params) -> Self {
        KeyQuery { include_revoked: params.flag("revoked") }
    }

    fn write(&self, params: &mut Params) {
        params.set_flag("revoked", self.include_revoked);
    }
}

impl KeyQuery {
    fn variables(&self, page: &Page) -> api_key_list::Variables {
        let PageArgs { first, after, last, before } = page.args();
        api_key_list::Variables { first, after, last, before, include_revoked: self.include_revoked }
    }
}

type Url = ListUrl<KeyQuery>;

#[component]
pub fn ApiKeysPage() -> impl IntoView {
    admin_only(|| view! { <ApiKeys /> }.into_any())
}

#[component]
fn ApiKeys() -> impl IntoView {
    let i18n = use_i18n();
    let url = Url::new("/admin/api-keys");
    let creating = RwSignal::new(false);
    let secret = RwSignal::new(None::<String>);
    let list = LocalResource::new(move || {
        let variables = url.query().variables(&url.page());
        async move { call::<ApiKeyList>(variables).await.map(|data| data.api_keys) }
    });
    let refresh = Callback::new(move |()| list.refetch());
    view! {
        <section class="page" aria-labelledby="keys-title">
            <div class="page-header">
                <h1 id="keys-title">{tr(|t| t.api_keys)}</h1>
                <button type="button" class="button-primary" id="new-api-key" on:click=move |_| {
                    secret.set(None);
                    creating.set(true);
                }>{tr(|t| t.new_api_key)}</button>
            </div>
            {move || creating.get().then(|| view! {
                <CreateKeyForm on_done=Callback::new(move |created: Option<String>| {
                    creating.set(false);
                    if created.is_some() {
                        secret.set(created);
                        refresh.run(());
                    }
                }) />
            })}
            {move || secret.get().map(|secret| view! {
                <div class="alert alert-success secret" role="status">
                    <p>{i18n.t().secret_once}</p>
                    <output id="api-key-secret"><code>{secret}</code></output>
                </div>
            })}
            <SavedViewMenu list=ViewList::ApiKeys path="/admin/api-keys" />
            <CheckFilter
                url=url
                id="keys-revoked"
                label=|t| t.show_revoked
                get=|query: &KeyQuery| query.include_revoked
                set=|query, on| query.include_revoked = on
            />
            {move || loaded(list.get(), |page| view! { <Results url=url page=page on_saved=refresh /> }.into_any())}
        </section>
    }
}

#[component]
fn Results(url: Url, page: ApiKeyListApiKeys, on_saved: Callback<()>) -> impl IntoView {
    let i18n = use_i18n();
    let total = page.total_count;
    let info = page_info!(page.page_info);
    let rows = page.nodes;
    let shown = rows.len() as i64;
    let rows = rows.into_iter().map(|key| view! { <KeyRow key=key on_saved=on_saved /> }).collect_view();
    view! {
        <ListFrame url=url info=info total=total shown=shown count=|t, n, formatted| (t.api_keys_count)(n, formatted) label=|t| t.api_keys>
            <table class="list">
                <thead>
                    <tr>
                        <th scope="col">{i18n.t().key_name}</th>
                        <th scope="col">{i18n.t().prefix}</th>
                        <th scope="col">{i18n.t().scopes}</th>
                        <th scope="col">{i18n.t().created}</th>
                        <th scope="col">{i18n.t().expires}</th>
                        <th scope="col">{i18n.t().last_used}</th>
                        <th scope="col"><span class="visually-hidden">{i18n.t().revoke}</span></th>
                    </tr>
                </thead>
                <tbody>{rows}</tbody>
            </table>
        </ListFrame>
    }
}

#[component]
fn KeyRow(key: ApiKeyListApiKeysNodes, on_saved: Callback<()>) -> impl IntoView {
    let i18n = use_i18n();
    let error = RwSignal::new(None::<ApiError>);
    let id = key.id.clone();
    let revoke = move |_| {
        if !window().confirm_with_message(i18n.t().revoke).unwrap_or(false) {
            return;
        }
        let id = id.clone();
        leptos::task::spawn_local(async move {
            match call::<RevokeApiKey>(revoke_api_key::Variables { input: revoke_api_key::RevokeApiKeyInput { id } }).await {
                Ok(_) => on_saved.run(()),
                Err(err) => error.set(Some(err)),
            }
        });
    };
    let date = move |value: &Option<String>| {
        value.as_ref().map(|value| format::date_time(i18n.tag(), value)).unwrap_or_else(|| i18n.t().never.to_owned())
    };
    let (created, expires, used, revoked) =
        (key.created_at.clone(), key.expires_at.clone(), key.last_used_at.clone(), key.revoked_at.clone());
    let scopes = key.scopes.clone();
    view! {
        <tr class:revoked=revoked.is_some()>
            <th scope="row">{key.name.clone()}</th>
            <td data-label=move || i18n.t().prefix><code>{key.prefix.clone()}</code></td>
            <td data-label=move || i18n.t().scopes>{move || scopes.iter().map(|scope| (i18n.t().api_keys().scope_label)(*scope)).collect::<Vec<_>>().join(", ")}</td>
            <td data-label=move || i18n.t().created>{move || format::date(i18n.tag(), &created)}</td>
            <td data-label=move || i18n.t().expires>{move || date(&expires)}</td>
            <td data-label=move || i18n.t().last_used>{move || date(&used)}</td>
            <td class="row-actions">
                {match revoked.clone() {
                    Some(at) => view! { <span>{move || format!("{} {}", i18n.t().revoked, format::date(i18n.tag(), &at))}</span> }.into_any(),
                    None => view! { <button type="button" class="button-link" on:click=revoke.clone()>{tr(|t| t.revoke)}</button> }.into_any(),
                }}
                <FormErrors error=error />
            </td>
        </tr>
    }
}

#[component]
fn CreateKeyForm(on_done: Callback<Option<String>>) -> impl IntoView {
    let i18n = use_i18n();
    let name = RwSignal::new(String::new());
    // No scope ticked: a key gets exactly what its maker chooses (a key for order statuses
    // must not also read customers).
    let scopes = RwSignal::new(BTreeSet::<&str>::new());
    let expires = RwSignal::new(String::new());
    let error = RwSignal::new(None::<ApiError>);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let input = create_api_key::CreateApiKeyInput {
            name: name.get_untracked(),
            scopes: scopes.get_untracked().iter().filter_map(|scope| ApiScope::from_api(scope)).collect(),
            // A date input gives the day; the key stops working at the end of it, in UTC.
            expires_at: non_empty(expires.get_untracked()).map(|day| format!("{day}T23:59:59Z")),
        };
        leptos::task::spawn_local(async move {
            match call::<CreateApiKey>(create_api_key::Variables { input }).await {
                Ok(data) => on_done.run(Some(data.create_api_key.secret)),
                Err(err) => error.set(Some(err)),
            }
        });
    };
    let label = move |f: fn(&Texts) -> &'static str| Signal::derive(move || f(i18n.t()));
    view! {
        <form class="card create-form" on:submit=submit aria-labelledby="new-key-title">
            <h2 id="new-key-title">{tr(|t| t.new_api_key)}</h2>
            <div class="form-grid">
                <TextField label=label(|t| t.key_name) value=name field="name" error=error required=true />
                <fieldset class="field">
                    <legend>{tr(|t| t.scopes)}</legend>
                    {ApiScope::ALL.iter().map(|scope| {
                        let value = scope.as_api();
                        let id = format!("scope-{value}");
                        let label_for = id.clone();
                        view! {
                            <label class="check" for=label_for>
                                <input type="checkbox" id=id
                                    prop:checked=move || scopes.with(|set| set.contains(value))
                                    on:change=move |ev| {
                                        let on = event_target_checked(&ev);
                                        scopes.update(|set| { if on { set.insert(value); } else { set.remove(value); } });
                                    } />
                                {move || (i18n.t().api_keys().scope_label)(*scope)} " " <code>{scope.label()}</code>
                            </label>
                        }
                    }).collect_view()}
                </fieldset>
                <DateField label=label(|t| t.expires) value=expires field="expiresAt" error=error />
            </div>
            <FormErrors error=Signal::derive(move || unclaimed_error(error.get(), &["name", "expiresAt"])) />
            <FormActions on_cancel=Callback::new(move |()| on_done.run(None)) />
        </form>
    }
}
