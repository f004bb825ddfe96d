//! The product catalog (admins and sales managers): search and filter, add, edit, withdraw
//! from sale, and each product's list prices.

use leptos::prelude::*;
use leptos_router::components::A;
use serde_json::json;

use crate::api::ops::product_list::{ProductFilter, ProductListProductsNodes, ProductOrder, StringFilter};
use crate::api::ops::{
    create_product, product_detail, product_families, product_list, update_product, CreateProduct, OrderDirection, ProductDetail,
    ProductFamilies, ProductList, ProductOrderField, ProductUnit, UpdateProduct,
};
use crate::api::{call, ApiError};
use crate::components::{non_empty, ErrorBox, FormActions, SelectField, TextField};
use crate::format;
use crate::i18n::{use_i18n, Texts};
use crate::pages::admin::{catalog_only, local_input_error, status_options, CheckField, FilterSelect, RecordFormErrors};

const PAGE: i64 = 50;
/// The form fields, as the server names them in `extensions.field`.
const FIELDS: &[&str] = &["sku", "name", "family", "tier", "unit", "description"];

#[component]
pub fn ProductsPage() -> impl IntoView {
    catalog_only(|| view! { <Products /> }.into_any())
}

/// A product as its form edits it.
#[derive(Clone, Debug, PartialEq)]
struct ProductValues {
    id: String,
    sku: String,
    name: String,
    description: Option<String>,
    family: String,
    tier: i64,
    unit: ProductUnit,
    active: bool,
    version: i64,
}

impl From<&ProductListProductsNodes> for ProductValues {
    fn from(p: &ProductListProductsNodes) -> Self {
        ProductValues {
            id: p.id.clone(),
            sku: p.sku.clone(),
            name: p.name.clone(),
            description: p.description.clone(),
            family: p.family.clone(),
            tier: p.tier,
            unit: p.unit,
            active: p.active,
            version: p.version,
        }
    }
}

impl From<product_detail::ProductDetailProduct> for ProductValues {
    fn from(p: product_detail::ProductDetailProduct) -> Self {
        ProductValues {
            id: p.id,
            sku: p.sku,
            name: p.name,
            description: p.description,
            family: p.family,
            tier: p.tier,
            unit: p.unit,
            active: p.active,
            version: p.version,
        }
    }
}

/// Which form is open: the new product's (`"new"`) or a product's (its id). One at a time, so
/// the form's element ids stay unique.
type OpenForm = RwSignal<Option<String>>;
const NEW: &str = "new";

#[component]
fn Products() -> impl IntoView {
    let i18n = use_i18n();
    let search = RwSignal::new(String::new());
    let family = RwSignal::new(String::new());
    let status = RwSignal::new(String::new());
    let sort = RwSignal::new(ProductOrderField::Name.as_api().to_owned());
    let direction = RwSignal::new(OrderDirection::Asc.as_api().to_owned());
    let after = RwSignal::new(None::<String>);
    let rows = RwSignal::new(Vec::<ProductListProductsNodes>::new());
    let next = RwSignal::new(None::<String>);
    let total = RwSignal::new(None::<i64>);
    let error = RwSignal::new(None::<ApiError>);
    let open: OpenForm = RwSignal::new(None);
    let reload = RwSignal::new(0u32);
    let families = LocalResource::new(move || {
        reload.track();
        async move { call::<ProductFamilies>(product_families::Variables {}).await.map(|data| data.product_families).unwrap_or_default() }
    });
    // Loads a page whenever a filter, the sort, the cursor or a save changes; a changed filter
    // or sort starts again from the first page.
    Effect::new(move |previous: Option<[String; 5]>| {
        reload.track();
        let key = [search.get(), family.get(), status.get(), sort.get(), direction.get()];
        let cursor = after.get();
        if previous.is_some_and(|previous| previous != key) && cursor.is_some() {
            after.set(None);
            return key;
        }
        let [search_text, family_name, status_value, sort_field, sort_direction] = key.clone();
        let filter = ProductFilter {
            search: non_empty(search_text),
            family: non_empty(family_name).map(|family| StringFilter { in_: vec![family] }),
            active: status_value.parse::<bool>().ok(),
        };
        let order = ProductOrder {
            field: ProductOrderField::from_api(&sort_field).unwrap_or(ProductOrderField::Name),
            direction: OrderDirection::from_api(&sort_direction).unwrap_or(OrderDirection::Asc),
        };
        let appending = cursor.is_some();
        leptos::task::spawn_local(async move {
            let variables = product_list::Variables { first: Some(PAGE), after: cursor, filter: Some(filter), order_by: Some(vec![order]) };
            match call::<ProductList>(variables).await {
                Ok(data) => {
                    let page = data.products;
                    rows.update(|rows| {
                        if !appending {
                            rows.clear();
                        }
                        rows.extend(page.nodes);
                    });
                    total.set(Some(page.total_count));
                    next.set(page.page_info.has_next_page.then_some(page.page_info.end_cursor).flatten());
                    error.set(None);
                }
                Err(err) => error.set(Some(err)),
            }
        });
        key
    });
    let refresh = Callback::new(move |()| {
        after.set(None);
        reload.update(|n| *n += 1);
    });
    let family_options = Signal::derive(move || families.get().unwrap_or_default().into_iter().map(|f| (f.clone(), f)).collect::<Vec<_>>());
    let status_choices = Signal::derive(move || status_options(i18n.t()));
    let sort_options = Signal::derive(move || {
        let t = i18n.t();
        ProductOrderField::ALL.iter().map(|f| (f.as_api().to_owned(), (t.sales.product_sort_label)(*f).to_owned())).collect::<Vec<_>>()
    });
    let direction_options = Signal::derive(move || {
        let t = i18n.t();
        vec![
            (OrderDirection::Asc.as_api().to_owned(), t.ascending.to_owned()),
            (OrderDirection::Desc.as_api().to_owned(), t.descending.to_owned()),
        ]
    });
    let label = move |f: fn(&Texts) -> &'static str| Signal::derive(move || f(i18n.t()));
    view! {
        <section class="page" aria-labelledby="products-title">
            <div class="page-header">
                <h1 id="products-title">{move || i18n.t().sales.nav_products}</h1>
                <button type="button" class="button-primary" id="new-product" on:click=move |_| open.set(Some(NEW.to_owned()))>
                    {move || i18n.t().sales.new_product}
                </button>
            </div>
            {move || (open.get().as_deref() == Some(NEW)).then(|| view! {
                <ProductForm product=None on_done=Callback::new(move |saved: bool| {
                    open.set(None);
                    if saved { refresh.run(()) }
                }) />
            })}
            <div class="search" role="search">
                <label for="product-search" class="visually-hidden">{move || i18n.t().search}</label>
                <input
                    id="product-search"
                    type="search"
                    placeholder=move || i18n.t().search
                    on:change=move |ev| {
                        search.set(event_target_value(&ev));
                        after.set(None);
                    }
                />
            </div>
            <div class="filter-grid">
                <FilterSelect label=label(|t| t.sales.family) id="filter-family" value=family options=family_options empty=label(|t| t.sales.all_families) />
                <FilterSelect label=label(|t| t.sales.status) id="filter-status" value=status options=status_choices empty=label(|t| t.any) />
                <FilterSelect label=label(|t| t.sort_by) id="product-sort" value=sort options=sort_options />
                <FilterSelect label=label(|t| t.ascending) id="product-direction" value=direction options=direction_options />
            </div>
            <ErrorBox error=error />
            {move || total.get().map(|total| view! {
                <p class="count" aria-live="polite">{(i18n.t().sales.products_count)(total, &format::integer(i18n.tag(), total))}</p>
            })}
            <div class="table-wrap">
                <table class="products">
                    <thead>
                        <tr>
                            <th scope="col">{move || i18n.t().sales.sku}</th>
                            <th scope="col">{move || i18n.t().name}</th>
                            <th scope="col">{move || i18n.t().sales.family}</th>
                            <th scope="col">{move || i18n.t().sales.tier}</th>
                            <th scope="col">{move || i18n.t().sales.unit}</th>
                            <th scope="col">{move || i18n.t().sales.list_prices}</th>
                            <th scope="col">{move || i18n.t().sales.status}</th>
                            <th scope="col"><span class="visually-hidden">{move || i18n.t().edit}</span></th>
                        </tr>
                    </thead>
                    <tbody>
                        {move || rows.get().into_iter().map(|product| view! { <ProductRow product=product open=open on_saved=refresh /> }).collect_view()}
                    </tbody>
                </table>
            </div>
            {move || (total.get() == Some(0)).then(|| view! { <p class="empty">{i18n.t().sales.no_products}</p> })}
            {move || next.get().map(|cursor| view! {
                <div class="pager">
                    <button type="button" id="more-products" on:click=move |_| after.set(Some(cursor.clone()))>{i18n.t().load_more}</button>
                </div>
            })}
        </section>
    }
}

#[component]
fn ProductRow(product: ProductListProductsNodes, open: OpenForm, on_saved: Callback<()>) -> impl IntoView {
    let i18n = use_i18n();
    let error = RwSignal::new(None::<ApiError>);
    let values = ProductValues::from(&product);
    let (id, active, unit) = (values.id.clone(), values.active, values.unit);
    let editing = {
        let id = id.clone();
        Signal::derive(move || open.get().as_deref() == Some(id.as_str()))
    };
    let toggle = {
        let values = values.clone();
        move |_| {
            // The description goes back as it is: an absent one would be sent as null, which
            // clears it.
            let input = update_product::UpdateProductInput {
                id: values.id.clone(),
                version: values.version,
                description: values.description.clone(),
                active: Some(!values.active),
                ..Default::default()
            };
            leptos::task::spawn_local(async move {
                match call::<UpdateProduct>(update_product::Variables { input }).await {
                    Ok(_) => on_saved.run(()),
                    Err(err) => error.set(Some(err)),
                }
            });
        }
    };
    let prices = product.list_prices.clone();
    let stored = StoredValue::new(values);
    let open_id = id.clone();
    view! {
        <tr data-sku=product.sku.clone()>
            <th scope="row">{product.sku.clone()}</th>
            <td>
                {product.name.clone()}
                {product.description.clone().map(|text| view! { <br /><small class="hint">{text}</small> })}
            </td>
            <td>{product.family.clone()}</td>
            <td>{product.tier}</td>
            <td>{move || (i18n.t().sales.unit_label)(unit)}</td>
            <td class="list-prices">
                {if prices.is_empty() {
                    view! { <span class="empty">{move || i18n.t().sales.no_list_prices}</span> }.into_any()
                } else {
                    view! {
                        <ul class="plain">
                            {prices.into_iter().map(|price| {
                                let href = format!("/admin/price-books/{}", price.price_book.id);
                                let (amount, currency) = (price.list_price.amount.clone(), price.list_price.currency.clone());
                                view! {
                                    <li>
                                        <A href=href>{price.price_book.name.clone()}</A>
                                        ": "
                                        <span class="money">{move || format::money(i18n.tag(), &amount, &currency)}</span>
                                    </li>
                                }
                            }).collect_view()}
                        </ul>
                    }.into_any()
                }}
            </td>
            <td>{move || if active { i18n.t().active } else { i18n.t().inactive }}</td>
            <td class="row-actions">
                <button type="button" class="button-link edit-product" on:click=move |_| {
                    let id = open_id.clone();
                    open.update(|open| *open = if open.as_deref() == Some(id.as_str()) { None } else { Some(id) });
                }>{move || i18n.t().edit}</button>
                <button type="button" class="button-link toggle-product" on:click=toggle>
                    {move || if active { i18n.t().deactivate } else { i18n.t().activate }}
                </button>
                <ErrorBox error=error />
            </td>
        </tr>
        {move || editing.get().then(|| view! {
            <tr class="edit-row">
                <td colspan="8">
                    <ProductForm product=Some(stored.get_value()) on_done=Callback::new(move |saved: bool| {
                        open.set(None);
                        if saved { on_saved.run(()) }
                    }) />
                </td>
            </tr>
        })}
    }
}

/// Adds a product, or edits `product` at the version it was read (offering a reload when
/// someone else changed it meanwhile).
#[component]
fn ProductForm(product: Option<ProductValues>, on_done: Callback<bool>) -> impl IntoView {
    let i18n = use_i18n();
    let sku = RwSignal::new(String::new());
    let name = RwSignal::new(String::new());
    let description = RwSignal::new(String::new());
    let family = RwSignal::new(String::new());
    let tier = RwSignal::new("1".to_owned());
    let unit = RwSignal::new(ProductUnit::Piece.as_api().to_owned());
    let active = RwSignal::new(true);
    let version = RwSignal::new(0i64);
    let error = RwSignal::new(None::<ApiError>);
    let busy = RwSignal::new(false);
    let set_from = move |p: &ProductValues| {
        sku.set(p.sku.clone());
        name.set(p.name.clone());
        description.set(p.description.clone().unwrap_or_default());
        family.set(p.family.clone());
        tier.set(p.tier.to_string());
        unit.set(p.unit.as_api().to_owned());
        active.set(p.active);
        version.set(p.version);
    };
    if let Some(p) = &product {
        set_from(p);
    }
    let id = product.map(|p| p.id);
    let editing = id.is_some();
    let submit = {
        let id = id.clone();
        move |ev: leptos::ev::SubmitEvent| {
            ev.prevent_default();
            let Ok(tier_value) = tier.get_untracked().trim().parse::<i64>() else {
                error.set(Some(local_input_error("tier", "OUT_OF_RANGE", json!({"min": 1, "max": 9}))));
                return;
            };
            let unit_value = ProductUnit::from_api(&unit.get_untracked()).unwrap_or(ProductUnit::Piece);
            let (sku, name, family) = (sku.get_untracked(), name.get_untracked(), family.get_untracked());
            let (description, active) = (non_empty(description.get_untracked()), active.get_untracked());
            let id = id.clone();
            busy.set(true);
            leptos::task::spawn_local(async move {
                let result = match id {
                    Some(id) => {
                        let input = update_product::UpdateProductInput {
                            id,
                            version: version.get_untracked(),
                            sku: Some(sku),
                            name: Some(name),
                            description,
                            family: Some(family),
                            tier: Some(tier_value),
                            unit: Some(unit_value),
                            active: Some(active),
                        };
                        call::<UpdateProduct>(update_product::Variables { input }).await.map(drop)
                    }
                    None => {
                        let input = create_product::CreateProductInput {
                            sku,
                            name,
                            description,
                            family,
                            tier: Some(tier_value),
                            unit: unit_value,
                            active: Some(active),
                        };
                        call::<CreateProduct>(create_product::Variables { input }).await.map(drop)
                    }
                };
                busy.set(false);
                match result {
                    Ok(()) => on_done.run(true),
                    Err(err) => error.set(Some(err)),
                }
            });
        }
    };
    // After a conflict: load what the other person saved, and edit from there.
    let reload = Callback::new(move |()| {
        let Some(id) = id.clone() else { return };
        leptos::task::spawn_local(async move {
            match call::<ProductDetail>(product_detail::Variables { id }).await {
                Ok(data) => {
                    set_from(&ProductValues::from(data.product));
                    error.set(None);
                }
                Err(err) => error.set(Some(err)),
            }
        });
    });
    let units = Signal::derive(move || {
        let t = i18n.t();
        ProductUnit::ALL.iter().map(|u| (u.as_api().to_owned(), (t.sales.unit_label)(*u).to_owned())).collect::<Vec<_>>()
    });
    let label = move |f: fn(&Texts) -> &'static str| Signal::derive(move || f(i18n.t()));
    let title = move || if editing { i18n.t().sales.edit_product } else { i18n.t().sales.new_product };
    view! {
        <form class="card create-form product-form" on:submit=submit aria-labelledby="product-form-title">
            <h2 id="product-form-title">{title}</h2>
            <div class="form-grid">
                <TextField label=label(|t| t.sales.sku) value=sku field="sku" error=error required=true hint=label(|t| t.sales.sku_hint) />
                <TextField label=label(|t| t.name) value=name field="name" error=error required=true />
                <TextField label=label(|t| t.sales.family) value=family field="family" error=error required=true />
                <TextField label=label(|t| t.sales.tier) value=tier field="tier" error=error input_type="number" required=true hint=label(|t| t.sales.tier_hint) />
                <SelectField label=label(|t| t.sales.unit) value=unit field="unit" options=units error=error />
                <CheckField label=label(|t| t.active) value=active field="active" />
            </div>
            <TextField label=label(|t| t.sales.description) value=description field="description" error=error multiline=true />
            <RecordFormErrors error=error fields=FIELDS on_reload=reload reload_id="reload-product" />
            <FormActions busy=busy on_cancel=Callback::new(move |()| on_done.run(false)) submit_class="save-product" />
        </form>
    }
}
