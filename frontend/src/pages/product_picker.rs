//! Products of interest, shared by leads and opportunities: the picker of their forms (the
//! chosen products, each removable, and a search among active products) and the section
//! of their pages that lists them.

use leptos::prelude::*;

use crate::api::ops::{product_choices, ProductChoices};
use crate::api::{call, ApiError};
use crate::components::non_empty;
use crate::i18n::{tr, use_i18n};

/// Pause after the last keystroke before searching.
const SEARCH_DEBOUNCE_MS: u32 = 250;

/// Products of interest: the chosen ones (each removable) and a search among active products.
#[component]
pub fn ProductPicker(chosen: RwSignal<Vec<(String, String)>>, #[prop(into)] error: Signal<Option<ApiError>>) -> impl IntoView {
    let i18n = use_i18n();
    let typed = RwSignal::new(String::new());
    let search = RwSignal::new(String::new());
    let matches = LocalResource::new(move || {
        let text = non_empty(search.get());
        async move {
            call::<ProductChoices>(product_choices::Variables { search: text })
                .await
                .map(|data| data.products.nodes.into_iter().map(|p| (p.id, format!("{} ({})", p.name, p.sku))).collect::<Vec<_>>())
                .unwrap_or_default()
        }
    });
    let on_input = move |ev| {
        let text = event_target_value(&ev);
        typed.set(text.clone());
        leptos::task::spawn_local(async move {
            gloo_timers::future::TimeoutFuture::new(SEARCH_DEBOUNCE_MS).await;
            // The page may be gone by now (navigated away while typing).
            if typed.try_get_untracked().as_ref() == Some(&text) {
                let _ = search.try_set(text);
            }
        });
    };
    let toggle = move |id: String, label: String, on: bool| {
        chosen.update(|chosen| {
            chosen.retain(|(chosen_id, _)| *chosen_id != id);
            if on {
                chosen.push((id, label));
            }
        });
    };
    let message = move || error.get().and_then(|error| error.field_message(i18n.t(), "productIds"));
    view! {
        <fieldset class="form-section product-picker" class:has-error=move || message().is_some()>
            <legend>{tr(|t| t.sales().products_of_interest)}</legend>
            <ul class="chosen-products" aria-live="polite">
                {move || {
                    let list = chosen.get();
                    if list.is_empty() {
                        return view! { <li class="empty">{i18n.t().sales().no_products_chosen}</li> }.into_any();
                    }
                    list.into_iter()
                        .map(|(id, label)| {
                            let remove_label = (i18n.t().sales().remove_product)(&label);
                            view! {
                                <li class="tag">
                                    {label.clone()}
                                    " "
                                    <button
                                        type="button"
                                        class="button-link"
                                        aria-label=remove_label
                                        on:click=move |_| toggle(id.clone(), String::new(), false)
                                    >
                                        "×"
                                    </button>
                                </li>
                            }
                        })
                        .collect_view()
                        .into_any()
                }}
            </ul>
            <div class="field">
                <label for="product-search">{tr(|t| t.sales().product_search)}</label>
                <input id="product-search" type="search" autocomplete="off" prop:value=move || typed.get() on:input=on_input />
            </div>
            <div class="product-choices">
                {move || {
                    matches
                        .get()
                        .unwrap_or_default()
                        .into_iter()
                        .map(|(id, label)| {
                            let input_id = format!("product-{id}");
                            let label_for = input_id.clone();
                            let checked = {
                                let id = id.clone();
                                move || chosen.with(|chosen| chosen.iter().any(|(chosen_id, _)| *chosen_id == id))
                            };
                            let text = label.clone();
                            view! {
                                <label class="check" for=label_for>
                                    <input
                                        type="checkbox"
                                        id=input_id
                                        prop:checked=checked
                                        on:change=move |ev| toggle(id.clone(), label.clone(), event_target_checked(&ev))
                                    />
                                    {text}
                                </label>
                            }
                        })
                        .collect_view()
                }}
            </div>
            {move || message().map(|message| view! { <small class="field-error">{message}</small> })}
        </fieldset>
    }
}

/// A product of interest as the pages show it.
pub struct ShownProduct {
    pub id: String,
    pub name: String,
    pub sku: String,
    pub family: String,
}

/// The products of interest of a lead or opportunity page; `title_id` names its heading.
#[component]
pub fn ProductsSection(products: Vec<ShownProduct>, title_id: &'static str) -> impl IntoView {
    view! {
        <section class="card products-section" aria-labelledby=title_id>
            <h2 id=title_id>{tr(|t| t.sales().products_of_interest)}</h2>
            {if products.is_empty() {
                view! { <p class="empty">{tr(|t| t.sales().no_products_chosen)}</p> }.into_any()
            } else {
                view! {
                    <ul class="product-list">
                        {products
                            .into_iter()
                            .map(|product| {
                                view! {
                                    <li data-id=product.id>
                                        {product.name} " " <span class="sku">{product.sku}</span> " · " {product.family}
                                    </li>
                                }
                            })
                            .collect_view()}
                    </ul>
                }
                .into_any()
            }}
        </section>
    }
}
