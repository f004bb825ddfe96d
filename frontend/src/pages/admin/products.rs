//! The product catalog (admins and sales managers): search as you type, filter and sort, add,
//! edit, withdraw from sale, and each product's list prices. Paged on the list kit
//! ([`crate::list_kit`]: the search, filters, sort and page are in the URL).

use leptos::prelude::*;

use crate::api::ops::ViewList;
use crate::saved_views::SavedViewMenu;
use leptos_router::components::A;
use serde_json::json;

use crate::api::ops::product_list::{ProductFilter, ProductListProducts, ProductListProductsNodes, ProductOrder, StringFilter};
use crate::api::ops::{
    create_product, product_detail, product_families, product_list, update_product, CreateProduct, OrderDirection, ProductDetail,
    ProductFamilies, ProductList, ProductOrderField, ProductUnit, UpdateProduct,
};
use crate::api::{call, ApiError};
use crate::components::{loaded, non_empty, ErrorBox, FormActions, SelectField, TextField};
use crate::format;
use crate::i18n::{tr, use_i18n, Texts};
use crate::list_kit::{FilterSelect, History, ListFrame, ListQuery, ListUrl, Page, PageArgs, Params, SearchBox, SortControls};
use crate::page_info;
use crate::pages::admin::{catalog_only, local_input_error, status_options, CheckField, RecordFormErrors};

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

/// What the list shows, kept in the URL (see [`crate::list_kit`]): `status` is `"true"`
/// (active products), `"false"` (inactive ones) or `""` (all).
#[derive(Clone, Debug, PartialEq)]
struct ProductQuery {
    search: String,
    family: String,
    status: String,
    sort: ProductOrderField,
    direction: OrderDirection,
}

impl Default for ProductQuery {
    fn default() -> Self {
        ProductQuery {
            search: String::new(),
            family: String::new(),
            status: String::new(),
            sort: ProductOrderField::Name,
            direction: OrderDirection::Asc,
        }
    }
}

impl ListQuery for ProductQuery {
    fn read(params: &Params) -> Self {
        let default = ProductQuery::default();
        let status = params.text("status");
        ProductQuery {
            search: params.text("q"),
            family: params.text("family"),
            status: if status.parse::<bool>().is_ok() { status } else { String::new() },
            sort: ProductOrderField::from_api(&params.text("sort")).unwrap_or(default.sort),
            direction: OrderDirection::from_api(&params.text("dir")).unwrap_or(default.direction),
        }
    }

    fn write(&self, params: &mut Params) {
        params.set_text("q", &self.search);
        params.set_text("family", &self.family);
        params.set_text("status", &self.status);
        if self.sort != ProductOrderField::Name {
            params.set_text("sort", self.sort.as_api());
        }
        if self.direction != OrderDirection::Asc {
            params.set_text("dir", self.direction.as_api());
        }
    }
}

impl ProductQuery {
    fn variables(&self, page: &Page) -> product_list::Variables {
        let PageArgs { first, after, last, before } = page.args();
        let filter = ProductFilter {
            search: non_empty(self.search.clone()),
            family: non_empty(self.family.clone()).map(|family| StringFilter { in_: vec![family] }),
            active: self.status.parse::<bool>().ok(),
        };
        let order = ProductOrder { field: self.sort, direction: self.direction };
        product_list::Variables { first, after, last, before, filter: Some(filter), order_by: Some(vec![order]) }
    }
}

type Url = ListUrl<ProductQuery>;

/// Which form is open: the new product's (`"new"`) or a product's (its id). One at a time, so
/// the form's element ids stay unique.
type OpenForm = RwSignal<Option<String>>;
const NEW: &str = "new";

#[component]
fn Products() -> impl IntoView {
    let i18n = use_i18n();
    let url = Url::new("/admin/products");
    let open: OpenForm = RwSignal::new(None);
    // A save reloads the page shown (and the families, which it may have changed).
    let reload = RwSignal::new(0u32);
    let families = LocalResource::new(move || {
        reload.track();
        async move { call::<ProductFamilies>(product_families::Variables {}).await.map(|data| data.product_families).unwrap_or_default() }
    });
    // Loads a page whenever the search, a filter, the sort, the page or a save changes.
    let products = LocalResource::new(move || {
        reload.track();
        let variables = url.query().variables(&url.page());
        async move { call::<ProductList>(variables).await.map(|data| data.products) }
    });
    let refresh = Callback::new(move |()| reload.update(|n| *n += 1));
    let family = Signal::derive(move || url.query().family);
    let set_family = Callback::new(move |family: String| url.update(|query| query.family = family, History::Push));
    let status = Signal::derive(move || url.query().status);
    let set_status = Callback::new(move |status: String| url.update(|query| query.status = status, History::Push));
    let sort = Signal::derive(move || url.query().sort.as_api().to_owned());
    let set_sort = Callback::new(move |sort: String| {
        if let Some(field) = ProductOrderField::from_api(&sort) {
            url.update(|query| query.sort = field, History::Push);
        }
    });
    let direction = Signal::derive(move || url.query().direction);
    let set_direction = Callback::new(move |direction| url.update(|query| query.direction = direction, History::Push));
    let family_options = Signal::derive(move || families.get().unwrap_or_default().into_iter().map(|f| (f.clone(), f)).collect::<Vec<_>>());
    let status_choices = Signal::derive(move || status_options(i18n.t()));
    let sort_options = Signal::derive(move || {
        let t = i18n.t();
        ProductOrderField::ALL.iter().map(|f| (f.as_api().to_owned(), (t.sales().product_sort_label)(*f).to_owned())).collect::<Vec<_>>()
    });
    let label = move |f: fn(&Texts) -> &'static str| Signal::derive(move || f(i18n.t()));
    view! {
        <section class="page" aria-labelledby="products-title">
            <div class="page-header">
                <h1 id="products-title">{tr(|t| t.sales().nav_products)}</h1>
                <button type="button" class="button-primary" id="new-product" on:click=move |_| open.set(Some(NEW.to_owned()))>
                    {tr(|t| t.sales().new_product)}
                </button>
            </div>
            {move || (open.get().as_deref() == Some(NEW)).then(|| view! {
                <ProductForm product=None on_done=Callback::new(move |saved: bool| {
                    open.set(None);
                    if saved { refresh.run(()) }
                }) />
            })}
            <SavedViewMenu list=ViewList::Products path="/admin/products" />
            <SearchBox
                url=url
                id="product-search"
                label=|t| t.search
                placeholder=|t| t.search
                get=|query: &ProductQuery| &query.search
                set=|query, text| query.search = text
            />
            <div class="filter-grid">
                <FilterSelect
                    label=label(|t| t.sales().family)
                    id="filter-family"
                    value=family
                    on_change=set_family
                    options=family_options
                    empty=label(|t| t.sales().all_families)
                />
                <FilterSelect label=label(|t| t.sales_labels.status) id="filter-status" value=status on_change=set_status options=status_choices empty=label(|t| t.any) />
                <SortControls field=sort fields=sort_options on_field=set_sort direction=direction on_direction=set_direction />
            </div>
            {move || loaded(products.get(), |page| view! { <Results url=url page=page open=open on_saved=refresh /> }.into_any())}
        </section>
    }
}

#[component]
fn Results(url: Url, page: ProductListProducts, open: OpenForm, on_saved: Callback<()>) -> impl IntoView {
    let total = page.total_count;
    let info = page_info!(page.page_info);
    let rows = page.nodes;
    let shown = rows.len() as i64;
    if rows.is_empty() {
        return view! { <p class="empty">{tr(|t| t.sales().no_products)}</p> }.into_any();
    }
    let rows = rows.into_iter().map(|product| view! { <ProductRow product=product open=open on_saved=on_saved /> }).collect_view();
    view! {
        <ListFrame url=url info=info total=total shown=shown count=|t, n, formatted| (t.sales().products_count)(n, formatted) label=|t| t.sales().nav_products>
            <table class="list products">
                <thead>
                    <tr>
                        <th scope="col">{tr(|t| t.sales().sku)}</th>
                        <th scope="col">{tr(|t| t.name)}</th>
                        <th scope="col">{tr(|t| t.sales().family)}</th>
                        <th scope="col">{tr(|t| t.sales().tier)}</th>
                        <th scope="col">{tr(|t| t.sales().unit)}</th>
                        <th scope="col">{tr(|t| t.sales().list_prices)}</th>
                        <th scope="col">{tr(|t| t.sales_labels.status)}</th>
                        <th scope="col"><span class="visually-hidden">{tr(|t| t.edit)}</span></th>
                    </tr>
                </thead>
                <tbody>{rows}</tbody>
            </table>
        </ListFrame>
    }
    .into_any()
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
            <td data-label=move || i18n.t().name>
                {product.name.clone()}
                {product.description.clone().map(|text| view! { <br /><small class="hint">{text}</small> })}
            </td>
            <td data-label=move || i18n.t().sales().family>{product.family.clone()}</td>
            <td data-label=move || i18n.t().sales().tier>{product.tier}</td>
            <td data-label=move || i18n.t().sales().unit>{move || (i18n.t().sales().unit_label)(unit)}</td>
            <td class="list-prices" data-label=move || i18n.t().sales().list_prices>
                {if prices.is_empty() {
                    view! { <span class="empty">{tr(|t| t.sales().no_list_prices)}</span> }.into_any()
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
            <td data-label=move || i18n.t().sales_labels.status>{move || if active { i18n.t().active } else { i18n.t().inactive }}</td>
            <td class="row-actions">
                <button type="button" class="button-link edit-product" on:click=move |_| {
                    let id = open_id.clone();
                    open.update(|open| *open = if open.as_deref() == Some(id.as_str()) { None } else { Some(id) });
                }>{tr(|t| t.edit)}</button>
                <button type="button" class="button-link toggle-product" on:click=toggle>
                    {move || if active { i18n.t().deactivate } else { i18n.t().activate }}
                </button>
                <ErrorBox error=error />
            </td>
        </tr>
        {move || editing.get().then(|| view! {
            <tr class="edit-row">
                <td colspan="8" data-label=move || i18n.t().edit>
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
        ProductUnit::ALL.iter().map(|u| (u.as_api().to_owned(), (t.sales().unit_label)(*u).to_owned())).collect::<Vec<_>>()
    });
    let label = move |f: fn(&Texts) -> &'static str| Signal::derive(move || f(i18n.t()));
    let title = move || if editing { i18n.t().sales().edit_product } else { i18n.t().sales().new_product };
    view! {
        <form class="card create-form product-form" on:submit=submit aria-labelledby="product-form-title">
            <h2 id="product-form-title">{title}</h2>
            <div class="form-grid">
                <TextField label=label(|t| t.sales().sku) value=sku field="sku" error=error required=true hint=label(|t| t.sales().sku_hint) />
                <TextField label=label(|t| t.name) value=name field="name" error=error required=true />
                <TextField label=label(|t| t.sales().family) value=family field="family" error=error required=true />
                <TextField label=label(|t| t.sales().tier) value=tier field="tier" error=error input_type="number" required=true hint=label(|t| t.sales().tier_hint) />
                <SelectField label=label(|t| t.sales().unit) value=unit field="unit" options=units error=error />
                <CheckField label=label(|t| t.active) value=active field="active" />
            </div>
            <TextField label=label(|t| t.sales().description) value=description field="description" error=error multiline=true />
            <RecordFormErrors error=error fields=FIELDS on_reload=reload reload_id="reload-product" />
            <FormActions busy=busy on_cancel=Callback::new(move |()| on_done.run(false)) submit_class="save-product" />
        </form>
    }
}
