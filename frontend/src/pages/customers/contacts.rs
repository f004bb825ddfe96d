//! A customer's contacts: their cards (details, marketing consent), the forms that add and
//! edit them, archiving and the archived ones. The card is shared by the Customer 360 page
//! (staff, partners) and the customer's own self-service profile.

use leptos::prelude::*;
use leptos_router::components::A;

use crate::api::ops::customer_detail::CustomerDetailCustomerContacts as ContactDetails;
use crate::api::ops::update_contact::UpdateContactInput;
use crate::api::ops::update_contact_consent::{ConsentInput, UpdateContactConsentInput};
use crate::api::ops::{
    archive_contact, archived_contacts, create_contact, restore_contact, update_contact, update_contact_consent, ArchiveContact,
    ArchivedContacts, Channel, ConsentSource, ConsentStatus, CreateContact, RestoreContact, UpdateContact, UpdateContactConsent,
};
use crate::api::{call, ApiError};
use crate::components::{error_text, non_empty, unclaimed_error, FormActions, TextField};
use crate::format;
use crate::i18n::{tr, use_i18n, Texts};

/// What the viewer may do with a contact.
#[derive(Clone, Copy, PartialEq)]
pub enum ContactAccess {
    ReadOnly,
    /// Staff and partners with edit rights: say how a consent answer was collected.
    Edit,
    /// The customer on its own profile: answers are recorded as given in self-service.
    SelfService,
}

#[component]
pub fn ContactCard(contact: ContactDetails, access: ContactAccess, #[prop(into)] on_saved: Callback<()>) -> impl IntoView {
    let editing = RwSignal::new(false);
    let editing_consent = RwSignal::new(false);
    let contact = StoredValue::new(contact);
    let may_edit = access != ContactAccess::ReadOnly;
    let heading_id = contact.with_value(|c| format!("contact-{}", c.id));
    let labelled_by = heading_id.clone();
    view! {
        <article class="contact card" aria-labelledby=labelled_by>
            <header class="card-header">
                <h3 id=heading_id>
                    {contact.with_value(|c| c.full_name.clone())}
                    {contact
                        .with_value(|c| c.primary)
                        .then(|| view! { <span class="badge">{tr(|t| t.primary_contact)}</span> })}
                </h3>
                {may_edit
                    .then(|| {
                        view! {
                            <div class="card-actions">
                                <button type="button" class="button-link edit-contact" on:click=move |_| editing.set(true)>
                                    {tr(|t| t.edit_contact)}
                                </button>
                                <button type="button" class="button-link edit-consent" on:click=move |_| editing_consent.set(true)>
                                    {tr(|t| t.edit_consent)}
                                </button>
                                {(access == ContactAccess::Edit)
                                    .then(|| view! { <ManageContact contact=contact.get_value() on_saved=on_saved /> })}
                            </div>
                        }
                    })}
            </header>
            {move || {
                if editing.get() {
                    view! {
                        <ContactForm
                            target=ContactTarget::Existing(contact.get_value())
                            on_done=Callback::new(move |saved: bool| {
                                editing.set(false);
                                if saved {
                                    on_saved.run(());
                                }
                            })
                        />
                    }
                        .into_any()
                } else {
                    view! { <ContactFacts contact=contact.get_value() /> }.into_any()
                }
            }}
            {move || {
                if editing_consent.get() {
                    view! {
                        <ConsentForm
                            contact=contact.get_value()
                            access=access
                            on_done=Callback::new(move |saved: bool| {
                                editing_consent.set(false);
                                if saved {
                                    on_saved.run(());
                                }
                            })
                        />
                    }
                        .into_any()
                } else {
                    view! { <ConsentTable contact=contact.get_value() /> }.into_any()
                }
            }}
        </article>
    }
}

#[component]
fn ContactFacts(contact: ContactDetails) -> impl IntoView {
    let i18n = use_i18n();
    let job_title = contact.job_title.clone();
    let emails = contact.emails.clone();
    let phones = contact.phones.clone();
    let preferred = contact.preferred_channel;
    view! {
        <dl class="facts">
            {job_title.map(|title| view! { <dt>{tr(|t| t.job_title)}</dt><dd>{title}</dd> })}
            <dt>{tr(|t| t.emails)}</dt>
            <dd>
                <ul class="plain">
                    {emails
                        .into_iter()
                        .map(|email| {
                            let href = format!("mailto:{}", email.address);
                            view! { <li><a href=href>{email.address}</a>{email.label.map(|label| format!(" ({label})"))}</li> }
                        })
                        .collect_view()}
                </ul>
            </dd>
            <dt>{tr(|t| t.phones)}</dt>
            <dd>
                <ul class="plain">
                    {phones
                        .into_iter()
                        .map(|phone| {
                            let href = format!("tel:{}", phone.number);
                            view! { <li><a href=href>{phone.number}</a>{phone.label.map(|label| format!(" ({label})"))}</li> }
                        })
                        .collect_view()}
                </ul>
            </dd>
            {preferred
                .map(|channel| {
                    view! {
                        <dt>{tr(|t| t.preferred_channel)}</dt>
                        <dd>{move || (i18n.t().channel_label)(channel)}</dd>
                    }
                })}
        </dl>
    }
}

#[component]
fn ConsentTable(contact: ContactDetails) -> impl IntoView {
    let i18n = use_i18n();
    let rows = contact
        .consents
        .into_iter()
        .map(|consent| {
            let status = consent.status;
            let channel = consent.channel;
            let detail = move || {
                let t = i18n.t();
                match (&consent.recorded_at, consent.source) {
                    (Some(at), Some(source)) => (t.consent_recorded)(&format::date_time(i18n.tag(), at), (t.consent_source_label)(source)),
                    _ => String::new(),
                }
            };
            let class = match status {
                ConsentStatus::Granted => "consent granted",
                ConsentStatus::Withdrawn => "consent withdrawn",
                ConsentStatus::Unknown => "consent unknown",
            };
            view! {
                <tr data-channel=channel.as_api()>
                    <th scope="row">{move || (i18n.t().channel_label)(channel)}</th>
                    <td class=class data-status=status.as_api()>{move || (i18n.t().consent_status_label)(status)}</td>
                    <td class="muted">{detail}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <table class="consents">
            <caption>{tr(|t| t.consent)}</caption>
            <tbody>{rows}</tbody>
        </table>
    }
}

/// What the contact form writes: a new contact of a customer, or an existing contact.
#[derive(Clone)]
pub enum ContactTarget {
    New { customer_id: String, first_of_customer: bool },
    Existing(ContactDetails),
}

#[component]
pub fn ContactForm(target: ContactTarget, on_done: Callback<bool>) -> impl IntoView {
    let i18n = use_i18n();
    let existing = match &target {
        ContactTarget::Existing(contact) => Some(contact.clone()),
        ContactTarget::New { .. } => None,
    };
    let text = |pick: fn(&ContactDetails) -> Option<String>| RwSignal::new(existing.as_ref().and_then(pick).unwrap_or_default());
    let first_name = text(|c| Some(c.first_name.clone()));
    let last_name = text(|c| Some(c.last_name.clone()));
    let job_title = text(|c| c.job_title.clone());
    let preferred = text(|c| c.preferred_channel.map(|channel| channel.as_api().to_owned()));
    let emails = PointRows::new(existing.iter().flat_map(|c| &c.emails).map(|e| (e.address.clone(), e.label.clone())));
    let phones = PointRows::new(existing.iter().flat_map(|c| &c.phones).map(|p| (p.number.clone(), p.label.clone())));
    let primary = RwSignal::new(matches!(target, ContactTarget::New { first_of_customer: true, .. }));
    let error = RwSignal::new(None::<ApiError>);
    let busy = RwSignal::new(false);
    let creating = existing.is_none();
    let target = StoredValue::new(target);
    let save = move |allow_duplicate: bool| {
        busy.set(true);
        let (first, last, title, channel) =
            (first_name.get_untracked(), last_name.get_untracked(), job_title.get_untracked(), preferred.get_untracked());
        let request = target.with_value(|target| match target {
            ContactTarget::New { customer_id, .. } => {
                let input = create_contact::CreateContactInput {
                    customer_id: customer_id.clone(),
                    first_name: first,
                    last_name: last,
                    job_title: non_empty(title),
                    emails: emails.values().into_iter().map(|(address, label)| create_contact::EmailInput { address, label }).collect(),
                    phones: phones.values().into_iter().map(|(number, label)| create_contact::PhoneInput { number, label }).collect(),
                    preferred_channel: Channel::from_api(&channel),
                    primary: primary.get_untracked(),
                    allow_duplicate,
                    ..Default::default()
                };
                futures::future::Either::Left(async move { call::<CreateContact>(create_contact::Variables { input }).await.map(drop) })
            }
            ContactTarget::Existing(contact) => {
                let input = UpdateContactInput {
                    id: contact.id.clone(),
                    version: contact.version,
                    first_name: Some(first),
                    last_name: Some(last),
                    job_title: Some(title),
                    emails: Some(
                        emails.values().into_iter().map(|(address, label)| update_contact::EmailInput { address, label }).collect(),
                    ),
                    phones: Some(phones.values().into_iter().map(|(number, label)| update_contact::PhoneInput { number, label }).collect()),
                    preferred_channel: Channel::from_api(&channel),
                    primary: None,
                };
                futures::future::Either::Right(async move { call::<UpdateContact>(update_contact::Variables { input }).await.map(drop) })
            }
        });
        leptos::task::spawn_local(async move {
            match request.await {
                Ok(()) => on_done.run(true),
                Err(err) => {
                    error.set(Some(err));
                    busy.set(false);
                }
            }
        });
    };
    let save = StoredValue::new(save);
    let fields = ["firstName", "lastName", "jobTitle", "emails", "phones", "preferredChannel", "primary"];
    // A new contact has no version to be stale: a CONFLICT without a field is an email or
    // phone number another contact already has.
    let duplicate = move || match error.get() {
        Some(ApiError::Conflict { existing_id, reason: None, .. }) if creating => Some(existing_id),
        _ => None,
    };
    let general = move || unclaimed_error(error.get(), &fields).filter(|_| duplicate().is_none());
    let channel_options = move || {
        let current = preferred.get();
        Channel::ALL
            .iter()
            .map(|channel| {
                let value = channel.as_api();
                view! { <option value=value selected=value == current>{(i18n.t().channel_label)(*channel)}</option> }
            })
            .collect_view()
    };
    view! {
        <form
            class="contact-form"
            class:new-contact=creating
            novalidate
            on:submit=move |ev: leptos::ev::SubmitEvent| {
                ev.prevent_default();
                save.with_value(|save| save(false));
            }
        >
            {creating.then(|| view! { <h3>{tr(|t| t.new_contact)}</h3> })}
            <div class="form-grid">
                <TextField label=Signal::derive(tr(|t| t.first_name)) value=first_name field="firstName" error=error required=true />
                <TextField label=Signal::derive(tr(|t| t.last_name)) value=last_name field="lastName" error=error required=true />
                <TextField label=Signal::derive(tr(|t| t.job_title)) value=job_title field="jobTitle" error=error />
                <div class="field">
                    <label for="f-preferredChannel">{tr(|t| t.preferred_channel)}</label>
                    <select id="f-preferredChannel" on:change=move |ev| preferred.set(event_target_value(&ev))>
                        <option value="">{tr(|t| t.none)}</option>
                        {channel_options}
                    </select>
                </div>
                <PointList kind=PointKind::Email rows=emails error=error />
                <PointList kind=PointKind::Phone rows=phones error=error />
                {creating
                    .then(|| {
                        view! {
                            <label class="check" for="f-primary">
                                <input
                                    type="checkbox"
                                    id="f-primary"
                                    prop:checked=move || primary.get()
                                    on:change=move |ev| primary.set(event_target_checked(&ev))
                                />
                                {tr(|t| t.primary_contact)}
                            </label>
                        }
                    })}
            </div>
            {move || {
                duplicate()
                    .map(|existing| {
                        view! {
                            <DuplicateWarning
                                existing=existing
                                found=|t| t.contact_duplicate_found
                                anyway=|t| t.add_anyway
                                anyway_id="add-contact-anyway"
                                on_anyway=Callback::new(move |()| save.with_value(|save| save(true)))
                            />
                        }
                    })
            }}
            <FormErrors error=Signal::derive(general) />
            <FormActions busy=busy on_cancel=Callback::new(move |()| on_done.run(false)) submit_class="save-contact" />
        </form>
    }
}

/// Email addresses or phone numbers.
#[derive(Clone, Copy, PartialEq)]
pub enum PointKind {
    Email,
    Phone,
}

impl PointKind {
    /// The input path the server names in errors (`emails[1].address`), also the id prefix.
    fn field(self) -> &'static str {
        match self {
            PointKind::Email => "emails",
            PointKind::Phone => "phones",
        }
    }
}

/// One address or number being edited, and its optional label ("work", "mobile").
#[derive(Clone, Copy)]
struct PointRow {
    key: u32,
    value: RwSignal<String>,
    label: RwSignal<String>,
}

/// The rows of a [`PointList`], in order; a new key for every row added.
#[derive(Clone, Copy)]
pub struct PointRows {
    rows: RwSignal<Vec<PointRow>>,
    next_key: StoredValue<u32>,
}

impl PointRows {
    fn new(points: impl Iterator<Item = (String, Option<String>)>) -> Self {
        let rows: Vec<PointRow> = points
            .enumerate()
            .map(|(key, (value, label))| PointRow {
                key: key as u32,
                value: RwSignal::new(value),
                label: RwSignal::new(label.unwrap_or_default()),
            })
            .collect();
        let next_key = rows.len() as u32;
        Self { rows: RwSignal::new(rows), next_key: StoredValue::new(next_key) }
    }

    fn add(&self) {
        let key = self.next_key.get_value();
        self.next_key.set_value(key + 1);
        self.rows.update(|rows| rows.push(PointRow { key, value: RwSignal::new(String::new()), label: RwSignal::new(String::new()) }));
    }

    fn remove(&self, key: u32) {
        self.rows.update(|rows| rows.retain(|row| row.key != key));
    }

    /// The filled-in rows as (value, label); blank rows are left out.
    fn values(&self) -> Vec<(String, Option<String>)> {
        self.rows
            .get_untracked()
            .iter()
            .filter_map(|row| Some((non_empty(row.value.get_untracked())?, non_empty(row.label.get_untracked()))))
            .collect()
    }
}

/// Email addresses or phone numbers as one row of inputs each (the value and its label),
/// with buttons to add and remove rows; the server's message for any of them shows below.
#[component]
fn PointList(kind: PointKind, rows: PointRows, #[prop(into)] error: Signal<Option<ApiError>>) -> impl IntoView {
    let i18n = use_i18n();
    let field = kind.field();
    let message = move || error.get().and_then(|error| error.field_message(i18n.t(), field));
    let legend_id = format!("f-{field}-legend");
    let error_id = format!("f-{field}-error");
    let (input_type, autocomplete) = match kind {
        PointKind::Email => ("email", "email"),
        PointKind::Phone => ("tel", "tel"),
    };
    let row_view = move |row: PointRow| {
        let position = move || rows.rows.with(|all| all.iter().position(|r| r.key == row.key).unwrap_or_default() + 1);
        let texts = move || i18n.t();
        view! {
            <div class="point-row">
                <input
                    type=input_type
                    class="point-value"
                    autocomplete=autocomplete
                    aria-label=move || match kind {
                        PointKind::Email => (texts().email_n)(position()),
                        PointKind::Phone => (texts().phone_n)(position()),
                    }
                    aria-invalid=move || message().is_some().to_string()
                    prop:value=move || row.value.get()
                    on:input=move |ev| row.value.set(event_target_value(&ev))
                />
                <input
                    type="text"
                    class="point-label"
                    aria-label=move || (texts().label_n)(position())
                    placeholder=move || texts().label_placeholder
                    prop:value=move || row.label.get()
                    on:input=move |ev| row.label.set(event_target_value(&ev))
                />
                <button
                    type="button"
                    class="button-link remove-point"
                    aria-label=move || (texts().remove_n)(position())
                    on:click=move |_| rows.remove(row.key)
                >
                    {move || texts().remove}
                </button>
            </div>
        }
    };
    view! {
        <fieldset
            class="point-list"
            id=format!("f-{field}")
            data-kind=field
            class:has-error=move || message().is_some()
            aria-describedby=move || message().is_some().then(|| error_id.clone())
        >
            <legend id=legend_id>
                {move || match kind {
                    PointKind::Email => i18n.t().emails,
                    PointKind::Phone => i18n.t().phones,
                }}
            </legend>
            <For each=move || rows.rows.get() key=|row| row.key children=row_view />
            <button type="button" class="button-link add-point" on:click=move |_| rows.add()>
                {move || match kind {
                    PointKind::Email => i18n.t().add_email,
                    PointKind::Phone => i18n.t().add_phone,
                }}
            </button>
            {move || message().map(|message| view! { <small id=format!("f-{field}-error") class="field-error">{message}</small> })}
        </fieldset>
    }
}

/// Make a contact the primary one, or archive it after an inline confirmation.
#[component]
fn ManageContact(contact: ContactDetails, on_saved: Callback<()>) -> impl IntoView {
    let i18n = use_i18n();
    let confirming = RwSignal::new(false);
    let busy = RwSignal::new(false);
    let error = RwSignal::new(None::<ApiError>);
    let (id, version, primary, name) = (contact.id.clone(), contact.version, contact.primary, contact.full_name.clone());
    let run = move |request: ContactRequest| {
        busy.set(true);
        leptos::task::spawn_local(async move {
            match request.send().await {
                Ok(()) => on_saved.run(()),
                Err(err) => {
                    error.set(Some(err));
                    busy.set(false);
                }
            }
        });
    };
    let make_primary = {
        let id = id.clone();
        move |_| run(ContactRequest::MakePrimary { id: id.clone(), version })
    };
    let archive = move |_| run(ContactRequest::Archive { id: id.clone(), version });
    view! {
        {(!primary)
            .then(|| {
                view! {
                    <button type="button" class="button-link make-primary" disabled=move || busy.get() on:click=make_primary>
                        {tr(|t| t.make_primary)}
                    </button>
                }
            })}
        <button type="button" class="button-link archive-contact" on:click=move |_| confirming.set(true)>
            {tr(|t| t.archive)}
        </button>
        {move || {
            confirming
                .get()
                .then(|| {
                    let name = name.clone();
                    let archive = archive.clone();
                    view! {
                        <div class="inline-confirm" role="group" aria-label=i18n.t().archive>
                            <span>{(i18n.t().archive_contact_confirm)(&name)}</span>
                            <button type="button" class="confirm-archive-contact" disabled=move || busy.get() on:click=archive>
                                {i18n.t().archive}
                            </button>
                            <button type="button" on:click=move |_| confirming.set(false)>{i18n.t().cancel}</button>
                        </div>
                    }
                })
        }}
        <FormErrors error=error />
    }
}

/// One change to a contact made with a button rather than a form.
enum ContactRequest {
    MakePrimary { id: String, version: i64 },
    Archive { id: String, version: i64 },
    Restore { id: String, version: i64 },
}

impl ContactRequest {
    async fn send(self) -> Result<(), ApiError> {
        match self {
            ContactRequest::MakePrimary { id, version } => {
                let input = UpdateContactInput { id, version, primary: Some(true), ..Default::default() };
                call::<UpdateContact>(update_contact::Variables { input }).await.map(drop)
            }
            ContactRequest::Archive { id, version } => {
                let input = archive_contact::RecordVersionInput { id, version };
                call::<ArchiveContact>(archive_contact::Variables { input }).await.map(drop)
            }
            ContactRequest::Restore { id, version } => {
                let input = restore_contact::RecordVersionInput { id, version };
                call::<RestoreContact>(restore_contact::Variables { input }).await.map(drop)
            }
        }
    }
}

/// The contacts section of the Customer 360 page: the active contacts, the primary one
/// first, and for those who may manage them a button that adds one and the archived ones.
#[component]
pub fn ContactsSection(customer_id: String, contacts: Vec<ContactDetails>, access: ContactAccess, reload: Callback<()>) -> impl IntoView {
    let adding = RwSignal::new(false);
    let manage = access == ContactAccess::Edit;
    let first_of_customer = contacts.is_empty();
    let new_target = ContactTarget::New { customer_id: customer_id.clone(), first_of_customer };
    view! {
        <section class="card contacts-section" aria-labelledby="contacts-title">
            <header class="card-header">
                <h2 id="contacts-title">{tr(|t| t.contacts)}</h2>
                {manage
                    .then(|| {
                        view! {
                            <button type="button" id="add-contact" class="button" on:click=move |_| adding.set(true) disabled=move || adding.get()>
                                {tr(|t| t.add_contact)}
                            </button>
                        }
                    })}
            </header>
            {move || {
                adding
                    .get()
                    .then(|| {
                        view! {
                            <ContactForm
                                target=new_target.clone()
                                on_done=Callback::new(move |saved: bool| {
                                    adding.set(false);
                                    if saved {
                                        reload.run(());
                                    }
                                })
                            />
                        }
                    })
            }}
            {if contacts.is_empty() {
                view! { <p class="empty">{tr(|t| t.no_contacts)}</p> }.into_any()
            } else {
                contacts
                    .into_iter()
                    .map(|contact| view! { <ContactCard contact=contact access=access on_saved=reload /> })
                    .collect_view()
                    .into_any()
            }}
            {manage.then(|| view! { <ArchivedContactList customer_id=customer_id reload=reload /> })}
        </section>
    }
}

/// The customer's archived contacts, behind a disclosure, each with a button that restores it.
#[component]
fn ArchivedContactList(customer_id: String, reload: Callback<()>) -> impl IntoView {
    let i18n = use_i18n();
    let open = RwSignal::new(false);
    let rows = RwSignal::new(Vec::<archived_contacts::ArchivedContactsContactsNodes>::new());
    let next = RwSignal::new(None::<String>);
    let total = RwSignal::new(None::<i64>);
    let error = RwSignal::new(None::<ApiError>);
    let customer_id = StoredValue::new(customer_id);
    let load = move |after: Option<String>| {
        let variables = archived_contacts::Variables { customer_id: customer_id.get_value(), after: after.clone() };
        leptos::task::spawn_local(async move {
            match call::<ArchivedContacts>(variables).await {
                Ok(data) => {
                    let page = data.contacts;
                    total.set(Some(page.total_count));
                    next.set(page.page_info.has_next_page.then_some(page.page_info.end_cursor).flatten());
                    rows.update(|rows| {
                        if after.is_none() {
                            rows.clear();
                        }
                        rows.extend(page.nodes);
                    });
                }
                Err(err) => error.set(Some(err)),
            }
        });
    };
    let toggle = move |ev: leptos::ev::Event| {
        let now_open = event_target::<web_sys::HtmlDetailsElement>(&ev).open();
        open.set(now_open);
        if now_open && total.get_untracked().is_none() {
            load(None);
        }
    };
    let restore = move |id: String, version: i64| {
        leptos::task::spawn_local(async move {
            match (ContactRequest::Restore { id, version }).send().await {
                Ok(()) => reload.run(()),
                Err(err) => error.set(Some(err)),
            }
        });
    };
    view! {
        <details class="archived-contacts" on:toggle=toggle>
            <summary>{tr(|t| t.archived_contacts)}</summary>
            {move || {
                (open.get() && total.get() == Some(0)).then(|| view! { <p class="empty">{i18n.t().no_archived_contacts}</p> })
            }}
            <ul class="plain archived-contact-list">
                <For
                    each=move || rows.get()
                    key=|contact| contact.id.clone()
                    children=move |contact| {
                        let (id, version) = (contact.id.clone(), contact.version);
                        view! {
                            <li data-contact=contact.id.clone()>
                                <span class="name">{contact.full_name.clone()}</span>
                                {contact.job_title.clone().map(|title| view! { <span class="muted">" · " {title}</span> })}
                                " "
                                <button type="button" class="button-link restore-contact" on:click=move |_| restore(id.clone(), version)>
                                    {tr(|t| t.restore)}
                                </button>
                            </li>
                        }
                    }
                />
            </ul>
            {move || {
                next.get()
                    .map(|cursor| {
                        view! {
                            <button type="button" class="button-link" on:click=move |_| load(Some(cursor.clone()))>
                                {i18n.t().load_more}
                            </button>
                        }
                    })
            }}
            <FormErrors error=error />
        </details>
    }
}

#[component]
fn ConsentForm(contact: ContactDetails, access: ContactAccess, on_done: Callback<bool>) -> impl IntoView {
    let i18n = use_i18n();
    let answers: Vec<(Channel, ConsentStatus, RwSignal<String>)> = contact
        .consents
        .iter()
        .map(|consent| (consent.channel, consent.status, RwSignal::new(consent.status.as_api().to_owned())))
        .collect();
    let answers = StoredValue::new(answers);
    let source = RwSignal::new(ConsentSource::PhoneCall.as_api().to_owned());
    let note = RwSignal::new(String::new());
    let error = RwSignal::new(None::<ApiError>);
    let busy = RwSignal::new(false);
    let (id, version) = (contact.id.clone(), contact.version);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let source = match access {
            ContactAccess::SelfService => ConsentSource::SelfService,
            _ => ConsentSource::from_api(&source.get_untracked()).unwrap_or(ConsentSource::PhoneCall),
        };
        let note = non_empty(note.get_untracked());
        // Only the channels whose answer changed are sent: the server stamps each with now.
        let consents: Vec<ConsentInput> = answers.with_value(|answers| {
            answers
                .iter()
                .filter_map(|(channel, before, chosen)| {
                    let status = ConsentStatus::from_api(&chosen.get_untracked())?;
                    (status != *before).then(|| ConsentInput { channel: *channel, status, source, note: note.clone() })
                })
                .collect()
        });
        if consents.is_empty() {
            on_done.run(false);
            return;
        }
        busy.set(true);
        let input = UpdateContactConsentInput { contact_id: id.clone(), version, consents };
        leptos::task::spawn_local(async move {
            match call::<UpdateContactConsent>(update_contact_consent::Variables { input }).await {
                Ok(_) => on_done.run(true),
                Err(err) => {
                    error.set(Some(err));
                    busy.set(false);
                }
            }
        });
    };
    let rows = answers.with_value(|answers| {
        answers
            .iter()
            .map(|(channel, _, chosen)| {
                let (channel, chosen) = (*channel, *chosen);
                let name = format!("consent-{}", channel.as_api());
                view! {
                    <fieldset class="consent-choice" data-channel=channel.as_api()>
                        <legend>{move || (i18n.t().channel_label)(channel)}</legend>
                        {[ConsentStatus::Granted, ConsentStatus::Withdrawn]
                            .into_iter()
                            .map(|status| {
                                let id = format!("{name}-{}", status.as_api());
                                let label_for = id.clone();
                                view! {
                                    <label class="check" for=label_for>
                                        <input
                                            type="radio"
                                            id=id
                                            name=name.clone()
                                            value=status.as_api()
                                            prop:checked=move || chosen.get() == status.as_api()
                                            on:change=move |_| chosen.set(status.as_api().to_owned())
                                        />
                                        {move || (i18n.t().consent_status_label)(status)}
                                    </label>
                                }
                            })
                            .collect_view()}
                    </fieldset>
                }
            })
            .collect_view()
    });
    let staff_fields = (access == ContactAccess::Edit).then(|| {
        let sources = move || {
            let current = source.get();
            ConsentSource::ALL
                .iter()
                .filter(|source| **source != ConsentSource::SelfService)
                .map(|option| {
                    let value = option.as_api();
                    view! { <option value=value selected=value == current>{(i18n.t().consent_source_label)(*option)}</option> }
                })
                .collect_view()
        };
        view! {
            <div class="field">
                <label for="consent-source">{tr(|t| t.consent_source)}</label>
                <select id="consent-source" on:change=move |ev| source.set(event_target_value(&ev))>{sources}</select>
            </div>
            <TextField label=Signal::derive(tr(|t| t.consent_note)) value=note field="consents" error=error />
        }
    });
    view! {
        <form class="consent-form" on:submit=submit>
            <h4>{tr(|t| t.consent)}</h4>
            {rows}
            {staff_fields}
            <FormErrors error=Signal::derive(move || unclaimed_error(error.get(), &["consents"])) />
            <FormActions busy=busy on_cancel=Callback::new(move |()| on_done.run(false)) submit_class="save-consent" />
        </form>
    }
}

/// A possible duplicate the server refused to create: what it found, a link to the customer
/// that has it when the caller may see it, and the button that creates it anyway.
#[component]
pub fn DuplicateWarning(
    existing: Option<String>,
    found: fn(&Texts) -> &'static str,
    anyway: fn(&Texts) -> &'static str,
    anyway_id: &'static str,
    on_anyway: Callback<()>,
) -> impl IntoView {
    let i18n = use_i18n();
    let open = existing.map(|existing| {
        let href = format!("/customers/{existing}");
        view! { <A href=href attr:class="open-existing">{move || i18n.t().open_existing}</A> " " }
    });
    view! {
        <div class="alert alert-warning duplicate-warning" role="alert">
            <p>{move || found(i18n.t())}</p>
            <p>
                {open}
                <button type="button" id=anyway_id on:click=move |_| on_anyway.run(())>
                    {move || anyway(i18n.t())}
                </button>
            </p>
        </div>
    }
}

/// The error of a form that no field shows, with a reload hint on a stale version.
#[component]
pub fn FormErrors(#[prop(into)] error: Signal<Option<ApiError>>) -> impl IntoView {
    let i18n = use_i18n();
    move || {
        error.get().map(|error| {
            let text = match &error {
                ApiError::Conflict { existing_id: None, reason: None, .. } => i18n.t().stale_edit.to_owned(),
                other => error_text(i18n.t(), other),
            };
            view! { <div class="alert alert-error" role="alert" data-error-code=crate::components::error_code(&error)>{text}</div> }
        })
    }
}
