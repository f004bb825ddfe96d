//! The company's profile (admins): what every quote prints (legal name, address, VAT number,
//! contacts, bank details, footer, logo), the corporate currency totals are shown in, and
//! what customers see of their own account in the portal.

use leptos::prelude::*;
use wasm_bindgen::{JsCast, JsValue};

use crate::api::ops::company_settings::CompanySettingsCompanyProfile as Profile;
use crate::api::ops::{company_settings, set_company_logo, update_company_profile, CompanySettings, SetCompanyLogo, UpdateCompanyProfile};
use crate::api::{call, ApiError};
use crate::components::{loaded, non_empty, SelectField, TextField};
use crate::format;
use crate::i18n::company::Texts as CompanyTexts;
use crate::i18n::{tr, tr_of, use_i18n, Texts};
use crate::pages::admin::{admin_only, CheckField, RecordFormErrors};
use crate::pages::customers::contacts::FormErrors;

/// The fields the profile form shows, for errors no field claims.
const FIELDS: &[&str] = &[
    "legalName",
    "street",
    "postalCode",
    "city",
    "region",
    "countryCode",
    "vatNumber",
    "email",
    "phone",
    "website",
    "bankDetails",
    "footer",
    "corporateCurrency",
];

#[component]
pub fn CompanyPage() -> impl IntoView {
    admin_only(|| view! { <Company /> }.into_any())
}

#[component]
fn Company() -> impl IntoView {
    let profile =
        LocalResource::new(|| async { call::<CompanySettings>(company_settings::Variables {}).await.map(|data| data.company_profile) });
    let reload = Callback::new(move |()| profile.refetch());
    view! {
        <section class="page company-page" aria-labelledby="company-title">
            <div class="page-header">
                <h1 id="company-title">{tr_of(|t: &'static CompanyTexts| t.profile_title)}</h1>
            </div>
            <p class="lead">{tr_of(|t: &'static CompanyTexts| t.profile_intro)}</p>
            {move || loaded(profile.get(), |profile| view! { <ProfileForm profile=profile on_reload=reload /> }.into_any())}
        </section>
    }
}

#[component]
fn ProfileForm(profile: Profile, on_reload: Callback<()>) -> impl IntoView {
    let i18n = use_i18n();
    let text = |value: &Option<String>| RwSignal::new(value.clone().unwrap_or_default());
    let legal_name = RwSignal::new(profile.legal_name.clone());
    let (street, postal_code, city, region) =
        (text(&profile.street), text(&profile.postal_code), text(&profile.city), text(&profile.region));
    let (country, vat_number, email, phone) =
        (text(&profile.country_code), text(&profile.vat_number), text(&profile.email), text(&profile.phone));
    let (website, bank_details, footer) = (text(&profile.website), text(&profile.bank_details), text(&profile.footer));
    let currency = RwSignal::new(profile.corporate_currency.clone());
    let shows_partner = RwSignal::new(profile.portal_shows_partner);
    let shows_credit = RwSignal::new(profile.portal_shows_credit_limit);
    let version = RwSignal::new(profile.version);
    let error = RwSignal::new(None::<ApiError>);
    let (busy, saved) = (RwSignal::new(false), RwSignal::new(false));
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        saved.set(false);
        let value = |signal: RwSignal<String>| non_empty(signal.get_untracked());
        let input = update_company_profile::UpdateCompanyProfileInput {
            expected_version: version.get_untracked(),
            legal_name: legal_name.get_untracked(),
            street: value(street),
            postal_code: value(postal_code),
            city: value(city),
            region: value(region),
            country_code: value(country),
            vat_number: value(vat_number),
            email: value(email),
            phone: value(phone),
            website: value(website),
            bank_details: value(bank_details),
            footer: value(footer),
            corporate_currency: currency.get_untracked().trim().to_uppercase(),
            portal_shows_partner: shows_partner.get_untracked(),
            portal_shows_credit_limit: shows_credit.get_untracked(),
        };
        busy.set(true);
        leptos::task::spawn_local(async move {
            let result = call::<UpdateCompanyProfile>(update_company_profile::Variables { input }).await;
            busy.set(false);
            match result {
                Ok(data) => {
                    version.set(data.update_company_profile.company_profile.version);
                    error.set(None);
                    saved.set(true);
                }
                Err(err) => error.set(Some(err)),
            }
        });
    };
    let label = move |f: fn(&Texts) -> &'static str| Signal::derive(move || f(i18n.t()));
    let texts = move |f: fn(&CompanyTexts) -> &'static str| Signal::derive(move || f(i18n.of::<CompanyTexts>()));
    let countries = Signal::derive(move || {
        let tag = i18n.tag();
        format::COUNTRY_CODES.iter().map(|code| ((*code).to_owned(), format::country(tag, code))).collect::<Vec<_>>()
    });
    let err = Signal::derive(move || error.get());
    view! {
        <form class="card company-form" novalidate on:submit=submit>
            <TextField label=texts(|t| t.legal_name) value=legal_name field="legalName" error=err required=true autocomplete="organization" />
            <div class="form-grid">
                <TextField label=texts(|t| t.street) value=street field="street" error=err autocomplete="street-address" />
                <TextField label=texts(|t| t.postal_code) value=postal_code field="postalCode" error=err autocomplete="postal-code" />
                <TextField label=texts(|t| t.city) value=city field="city" error=err />
                <TextField label=texts(|t| t.region) value=region field="region" error=err />
                <SelectField label=texts(|t| t.country) value=country field="countryCode" options=countries error=err empty=label(|t| t.none) />
                <TextField label=texts(|t| t.vat_number) value=vat_number field="vatNumber" error=err />
                <TextField label=texts(|t| t.email) value=email field="email" error=err input_type="email" />
                <TextField label=texts(|t| t.phone) value=phone field="phone" error=err input_type="tel" />
                <TextField label=texts(|t| t.website) value=website field="website" error=err input_type="url" />
            </div>
            <TextField label=texts(|t| t.bank_details) value=bank_details field="bankDetails" error=err multiline=true hint=texts(|t| t.bank_details_hint) />
            <TextField label=texts(|t| t.footer) value=footer field="footer" error=err multiline=true hint=texts(|t| t.footer_hint) />
            <TextField
                label=texts(|t| t.corporate_currency)
                value=currency
                field="corporateCurrency"
                error=err
                required=true
                hint=texts(|t| t.corporate_currency_hint)
            />
            <fieldset class="portal-fields">
                <legend>{tr_of(|t: &'static CompanyTexts| t.portal)}</legend>
                <p class="hint">{tr_of(|t: &'static CompanyTexts| t.portal_hint)}</p>
                <CheckField label=texts(|t| t.portal_shows_partner) value=shows_partner field="portalShowsPartner" />
                <CheckField label=texts(|t| t.portal_shows_credit_limit) value=shows_credit field="portalShowsCreditLimit" />
            </fieldset>
            <RecordFormErrors error=error fields=FIELDS on_reload=on_reload reload_id="reload-company" />
            <div class="form-actions">
                <button type="submit" class="button-primary save-company" disabled=move || busy.get()>{tr(|t| t.save)}</button>
                {move || saved.get().then(|| view! { <span class="saved" role="status">{i18n.of::<CompanyTexts>().saved}</span> })}
            </div>
        </form>
        <LogoSection logo=profile.logo_data_url version=version />
    }
}

/// Reads a chosen file as a data URL (`data:image/png;base64,…`), as the API takes a logo.
async fn read_data_url(file: web_sys::File) -> Result<String, JsValue> {
    let reader = web_sys::FileReader::new()?;
    let done = js_sys::Promise::new(&mut |resolve, reject| {
        reader.set_onload(Some(&resolve));
        reader.set_onerror(Some(&reject));
    });
    reader.read_as_data_url(&file)?;
    wasm_bindgen_futures::JsFuture::from(done).await?;
    reader.result()?.as_string().ok_or_else(|| JsValue::from_str("not text"))
}

/// The logo: shown, replaced from a file, or removed. Saved at once (the profile's version
/// moves with it).
#[component]
fn LogoSection(logo: Option<String>, version: RwSignal<i64>) -> impl IntoView {
    let i18n = use_i18n();
    let logo = RwSignal::new(logo);
    let error = RwSignal::new(None::<ApiError>);
    let busy = RwSignal::new(false);
    let save = move |image: Option<String>| {
        busy.set(true);
        leptos::task::spawn_local(async move {
            let input = set_company_logo::SetCompanyLogoInput { expected_version: version.get_untracked(), image };
            let result = call::<SetCompanyLogo>(set_company_logo::Variables { input }).await;
            busy.set(false);
            match result {
                Ok(data) => {
                    let saved = data.set_company_logo.company_profile;
                    version.set(saved.version);
                    logo.set(saved.logo_data_url);
                    error.set(None);
                }
                Err(err) => error.set(Some(err)),
            }
        });
    };
    let choose = move |ev: leptos::ev::Event| {
        let Some(input) = ev.target().and_then(|target| target.dyn_into::<web_sys::HtmlInputElement>().ok()) else { return };
        let Some(file) = input.files().and_then(|files| files.get(0)) else { return };
        leptos::task::spawn_local(async move {
            if let Ok(data) = read_data_url(file).await {
                save(Some(data));
            }
        });
    };
    view! {
        <section class="card logo-section" aria-labelledby="logo-title">
            <h2 id="logo-title">{tr_of(|t: &'static CompanyTexts| t.logo)}</h2>
            <p class="hint">{move || if version.get() == 0 { i18n.of::<CompanyTexts>().logo_after_name } else { i18n.of::<CompanyTexts>().logo_hint }}</p>
            {move || match logo.get() {
                Some(src) => view! { <img class="company-logo" src=src alt={i18n.of::<CompanyTexts>().logo_alt} /> }.into_any(),
                None => view! { <p class="empty">{i18n.of::<CompanyTexts>().no_logo}</p> }.into_any(),
            }}
            <div class="form-actions">
                <label class="button" for="logo-file">{tr_of(|t: &'static CompanyTexts| t.choose_logo)}</label>
                <input
                    id="logo-file"
                    class="visually-hidden"
                    type="file"
                    accept="image/png,image/jpeg"
                    disabled=move || busy.get() || version.get() == 0
                    on:change=choose
                />
                {move || logo.get().is_some().then(|| view! {
                    <button type="button" id="remove-logo" disabled=move || busy.get() on:click=move |_| save(None)>
                        {tr_of(|t: &'static CompanyTexts| t.remove_logo)}
                    </button>
                })}
            </div>
            <FormErrors error=error />
        </section>
    }
}
