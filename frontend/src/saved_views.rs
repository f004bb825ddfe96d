//! Saved views of a list: its filters, search and sort under a name, chosen from a menu above
//! the list. The list's state is its URL (`list_kit`), so a view is that URL's query string:
//! choosing one opens the list at it, saving one keeps the current one. Suggested views are
//! built in the app for the viewer (their own records), saved ones come from the server (the
//! person's own and those colleagues share).

use leptos::prelude::*;
use leptos_router::hooks::{use_navigate, use_query_map};
use leptos_router::params::ParamsMap;

use crate::api::ops::{delete_saved_view, save_view, saved_views, DeleteSavedView, SaveView, SavedViews as SavedViewsQuery, ViewList};
use crate::api::{call, ApiError};
use crate::components::error_text;
use crate::i18n::{tr, use_i18n, Texts};
use crate::list_kit::{Params, PAGING_KEYS};

/// A view the app offers without it being saved: its name and the list's query string (with
/// or without its `?`).
#[derive(Clone)]
pub struct Suggested {
    pub name: fn(&Texts) -> &'static str,
    pub query: String,
}

/// What a list shows, comparable whatever the order or encoding of its query string: the
/// decoded pairs without paging, sorted.
type Shown = Vec<(String, String)>;

fn shown_by_params(params: &ParamsMap) -> Shown {
    shown_by_pairs(params.into_iter().map(|(key, value)| (key.as_ref(), value)))
}

fn shown_by_pairs<'a>(pairs: impl Iterator<Item = (&'a str, &'a str)>) -> Shown {
    let mut shown: Shown = pairs
        .filter(|(key, value)| !key.is_empty() && !value.is_empty() && !PAGING_KEYS.contains(key))
        .map(|(key, value)| (key.to_owned(), value.to_owned()))
        .collect();
    shown.sort();
    shown
}

fn shown_by_query(query: &str) -> Shown {
    shown_by_pairs(Params::parse(query).pairs())
}

/// The menu of views above a list, "Save view" and, for a view of one's own, "Delete".
#[component]
pub fn SavedViewMenu(list: ViewList, path: &'static str, #[prop(optional)] suggested: Vec<Suggested>) -> impl IntoView {
    let i18n = use_i18n();
    let params = use_query_map();
    let navigate = StoredValue::new_local(use_navigate());
    let shown = Memo::new(move |_| params.with(shown_by_params));
    let views = LocalResource::new(move || async move { call::<SavedViewsQuery>(saved_views::Variables { list }).await });
    let saved = move || views.get().and_then(Result::ok).map(|data| data.saved_views).unwrap_or_default();
    let suggested = StoredValue::new(suggested);
    let saving = RwSignal::new(false);
    let error = RwSignal::new(None::<ApiError>);
    // The menu's choice that shows what the list shows: "" the whole list, "s<i>" a suggested
    // view, "v<id>" a saved one, "unsaved" anything else.
    let chosen = Memo::new(move |_| {
        let shown = shown.get();
        if shown.is_empty() {
            return String::new();
        }
        let suggestion = suggested.with_value(|all| all.iter().position(|view| shown_by_query(&view.query) == shown));
        suggestion
            .map(|index| format!("s{index}"))
            .or_else(|| saved().into_iter().find(|view| shown_by_query(&view.query) == shown).map(|view| format!("v{}", view.id)))
            .unwrap_or_else(|| "unsaved".to_owned())
    });
    let chosen_view = move || chosen.with(|chosen| chosen.strip_prefix('v').and_then(|id| saved().into_iter().find(|view| view.id == id)));
    let open = move |choice: String| {
        let query = if let Some(index) = choice.strip_prefix('s').and_then(|index| index.parse::<usize>().ok()) {
            suggested.with_value(|all| all.get(index).map(|view| view.query.clone()))
        } else if let Some(id) = choice.strip_prefix('v') {
            saved().into_iter().find(|view| view.id == id).map(|view| view.query)
        } else {
            Some(String::new())
        };
        if let Some(query) = query {
            let query = query.trim_start_matches('?');
            let target = if query.is_empty() { path.to_owned() } else { format!("{path}?{query}") };
            navigate.with_value(|navigate| navigate(&target, Default::default()));
        }
    };
    let delete = move |_| {
        let Some(view) = chosen_view() else { return };
        error.set(None);
        leptos::task::spawn_local(async move {
            let input = delete_saved_view::RecordVersionInput { id: view.id, version: view.version };
            match call::<DeleteSavedView>(delete_saved_view::Variables { input }).await {
                Ok(_) => views.refetch(),
                Err(err) => error.set(Some(err)),
            }
        });
    };
    // The options are made again whenever the views or the choice change, each knowing
    // whether it is the choice: a `value` set on the select could land before its option.
    let options = move || {
        let t = i18n.t();
        let chosen = chosen.get();
        let option = |value: String, label: String, shared: Option<bool>| {
            let selected = value == chosen;
            view! { <option value=value selected=selected data-shared=shared.map(|shared| shared.to_string())>{label}</option> }.into_any()
        };
        let mut options = vec![option(String::new(), t.all_records.to_owned(), None)];
        if chosen == "unsaved" {
            options.push(view! { <option value="unsaved" selected=true disabled=true>{t.unsaved_view}</option> }.into_any());
        }
        suggested.with_value(|all| {
            options.extend(all.iter().enumerate().map(|(index, view)| option(format!("s{index}"), (view.name)(t).to_owned(), None)));
        });
        options.extend(saved().into_iter().map(|view| {
            let label = if view.shared && !view.mine { (t.view_shared_by_colleague)(&view.name) } else { view.name.clone() };
            option(format!("v{}", view.id), label, Some(view.shared))
        }));
        options.collect_view()
    };
    view! {
        <div class="saved-views">
            <label for="saved-view">{tr(|t| t.views)}</label>
            <select id="saved-view" on:change=move |ev| open(event_target_value(&ev))>
                {options}
            </select>
            {move || {
                (chosen.get() == "unsaved" && !saving.get())
                    .then(|| {
                        view! {
                            <button type="button" class="button-link" id="save-view" on:click=move |_| saving.set(true)>
                                {tr(|t| t.save_view)}
                            </button>
                        }
                    })
            }}
            {move || {
                chosen_view()
                    .filter(|view| view.viewer_can_edit)
                    .map(|_| {
                        view! {
                            <button type="button" class="button-link" id="delete-view" on:click=delete>
                                {tr(|t| t.delete_view)}
                            </button>
                        }
                    })
            }}
            {move || {
                saving
                    .get()
                    .then(|| {
                        view! {
                            <SaveViewForm
                                list=list
                                query=Signal::derive(move || params.with(ParamsMap::to_query_string))
                                on_done=Callback::new(move |saved: bool| {
                                    saving.set(false);
                                    if saved {
                                        views.refetch();
                                    }
                                })
                            />
                        }
                    })
            }}
            {move || error.get().map(|error| view! { <p class="field-error" role="alert">{error_text(i18n.t(), &error)}</p> })}
        </div>
    }
}

/// Names the list's current filters, search and sort, and shares them if asked.
#[component]
fn SaveViewForm(list: ViewList, query: Signal<String>, on_done: Callback<bool>) -> impl IntoView {
    let i18n = use_i18n();
    let name = RwSignal::new(String::new());
    let shared = RwSignal::new(false);
    let busy = RwSignal::new(false);
    let error = RwSignal::new(None::<ApiError>);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        busy.set(true);
        let input =
            save_view::SaveViewInput { list, name: name.get_untracked(), query: query.get_untracked(), shared: shared.get_untracked() };
        leptos::task::spawn_local(async move {
            match call::<SaveView>(save_view::Variables { input }).await {
                Ok(_) => on_done.run(true),
                Err(err) => {
                    error.set(Some(err));
                    busy.set(false);
                }
            }
        });
    };
    let message = move || error.get().map(|error| error.input_text(i18n.t()).unwrap_or_else(|| error_text(i18n.t(), &error)));
    view! {
        <form class="save-view-form" on:submit=submit>
            <label for="view-name">{tr(|t| t.view_name)}</label>
            <input
                id="view-name"
                required=true
                maxlength="80"
                aria-invalid=move || message().is_some().to_string()
                prop:value=move || name.get()
                on:input=move |ev| name.set(event_target_value(&ev))
            />
            <label class="check" for="view-shared">
                <input type="checkbox" id="view-shared" prop:checked=move || shared.get() on:change=move |ev| shared.set(event_target_checked(&ev)) />
                {tr(|t| t.share_view)}
            </label>
            <button type="submit" class="button-primary" id="confirm-save-view" disabled=move || busy.get()>
                {tr(|t| t.save)}
            </button>
            <button type="button" on:click=move |_| on_done.run(false)>{tr(|t| t.cancel)}</button>
            {move || message().map(|message| view! { <small class="field-error" role="alert">{message}</small> })}
        </form>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_query_compares_by_what_the_list_shows() {
        let url = [("sort", "NAME"), ("owner", "u 1"), ("after", "cursor")];
        assert_eq!(shown_by_pairs(url.into_iter()), shown_by_query("owner=u+1&sort=NAME"));
        assert_eq!(shown_by_query("?sort=NAME&owner=u+1&skip=50&q="), shown_by_query("owner=u+1&sort=NAME"));
        assert_ne!(shown_by_query("owner=u1"), shown_by_query("owner=u2"));
        assert!(shown_by_query("").is_empty());
    }
}
