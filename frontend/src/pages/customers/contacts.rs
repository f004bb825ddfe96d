//! A contact's card: details, marketing consent, and their edit forms. Shared by the
//! Customer 360 page (staff, partners) and the customer's own self-service profile.

use leptos::prelude::*;

use crate::api::ops::customer_detail::CustomerDetailCustomerContacts as ContactDetails;
use crate::api::ops::update_contact::{EmailInput, PhoneInput, UpdateContactInput};
use crate::api::ops::update_contact_consent::{ConsentInput, UpdateContactConsentInput};
use crate::api::ops::{update_contact, update_contact_consent, Channel, ConsentSource, ConsentStatus, UpdateContact, UpdateContactConsent};
use crate::api::{call, ApiError};
use crate::components::{error_text, non_empty, split_list, unclaimed_error, FormActions, TextField};
use crate::format;
use crate::i18n::use_i18n;

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
    let i18n = use_i18n();
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
                        .then(|| view! { <span class="badge">{move || i18n.t().primary_contact}</span> })}
                </h3>
                {may_edit
                    .then(|| {
                        view! {
                            <div class="card-actions">
                                <button type="button" class="button-link edit-contact" on:click=move |_| editing.set(true)>
                                    {move || i18n.t().edit_contact}
                                </button>
                                <button type="button" class="button-link edit-consent" on:click=move |_| editing_consent.set(true)>
                                    {move || i18n.t().edit_consent}
                                </button>
                            </div>
                        }
                    })}
            </header>
            {move || {
                if editing.get() {
                    view! {
                        <ContactForm
                            contact=contact.get_value()
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
            {job_title.map(|title| view! { <dt>{move || i18n.t().job_title}</dt><dd>{title}</dd> })}
            <dt>{move || i18n.t().emails}</dt>
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
            <dt>{move || i18n.t().phones}</dt>
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
                        <dt>{move || i18n.t().preferred_channel}</dt>
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
            <caption>{move || i18n.t().consent}</caption>
            <tbody>{rows}</tbody>
        </table>
    }
}

/// One entry per line: `address` or `address (label)`.
fn parse_labelled(text: &str) -> Vec<(String, Option<String>)> {
    split_list(text, &['\n'])
        .into_iter()
        .map(|line| match line.strip_suffix(')').and_then(|rest| rest.rsplit_once(" (")) {
            Some((value, label)) => (value.trim().to_owned(), non_empty(label.to_owned())),
            None => (line, None),
        })
        .collect()
}

fn format_labelled(value: &str, label: &Option<String>) -> String {
    match label {
        Some(label) => format!("{value} ({label})"),
        None => value.to_owned(),
    }
}

#[component]
fn ContactForm(contact: ContactDetails, on_done: Callback<bool>) -> impl IntoView {
    let i18n = use_i18n();
    let first_name = RwSignal::new(contact.first_name.clone());
    let last_name = RwSignal::new(contact.last_name.clone());
    let job_title = RwSignal::new(contact.job_title.clone().unwrap_or_default());
    let emails =
        RwSignal::new(contact.emails.iter().map(|email| format_labelled(&email.address, &email.label)).collect::<Vec<_>>().join("\n"));
    let phones =
        RwSignal::new(contact.phones.iter().map(|phone| format_labelled(&phone.number, &phone.label)).collect::<Vec<_>>().join("\n"));
    let preferred = RwSignal::new(contact.preferred_channel.map(|channel| channel.as_api().to_owned()).unwrap_or_default());
    let error = RwSignal::new(None::<ApiError>);
    let busy = RwSignal::new(false);
    let (id, version) = (contact.id.clone(), contact.version);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        busy.set(true);
        let input = UpdateContactInput {
            id: id.clone(),
            version,
            first_name: Some(first_name.get_untracked()),
            last_name: Some(last_name.get_untracked()),
            job_title: Some(job_title.get_untracked()),
            emails: Some(
                parse_labelled(&emails.get_untracked()).into_iter().map(|(address, label)| EmailInput { address, label }).collect(),
            ),
            phones: Some(parse_labelled(&phones.get_untracked()).into_iter().map(|(number, label)| PhoneInput { number, label }).collect()),
            preferred_channel: Channel::from_api(&preferred.get_untracked()),
        };
        leptos::task::spawn_local(async move {
            match call::<UpdateContact>(update_contact::Variables { input }).await {
                Ok(_) => on_done.run(true),
                Err(err) => {
                    error.set(Some(err));
                    busy.set(false);
                }
            }
        });
    };
    let fields = ["firstName", "lastName", "jobTitle", "emails", "phones", "preferredChannel"];
    let general = move || unclaimed_error(error.get(), &fields);
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
        <form class="contact-form" on:submit=submit>
            <div class="form-grid">
                <TextField label=Signal::derive(move || i18n.t().first_name) value=first_name field="firstName" error=error required=true />
                <TextField label=Signal::derive(move || i18n.t().last_name) value=last_name field="lastName" error=error required=true />
                <TextField label=Signal::derive(move || i18n.t().job_title) value=job_title field="jobTitle" error=error />
                <div class="field">
                    <label for="f-preferredChannel">{move || i18n.t().preferred_channel}</label>
                    <select id="f-preferredChannel" on:change=move |ev| preferred.set(event_target_value(&ev))>
                        <option value="">{move || i18n.t().none}</option>
                        {channel_options}
                    </select>
                </div>
                <TextField
                    label=Signal::derive(move || i18n.t().emails)
                    value=emails
                    field="emails"
                    error=error
                    multiline=true
                    hint=Signal::derive(move || i18n.t().one_per_line)
                />
                <TextField
                    label=Signal::derive(move || i18n.t().phones)
                    value=phones
                    field="phones"
                    error=error
                    multiline=true
                    hint=Signal::derive(move || i18n.t().one_per_line)
                />
            </div>
            <FormErrors error=Signal::derive(general) />
            <FormActions busy=busy on_cancel=Callback::new(move |()| on_done.run(false)) />
        </form>
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
                <label for="consent-source">{move || i18n.t().consent_source}</label>
                <select id="consent-source" on:change=move |ev| source.set(event_target_value(&ev))>{sources}</select>
            </div>
            <TextField label=Signal::derive(move || i18n.t().consent_note) value=note field="consents" error=error />
        }
    });
    view! {
        <form class="consent-form" on:submit=submit>
            <h4>{move || i18n.t().consent}</h4>
            {rows}
            {staff_fields}
            <FormErrors error=Signal::derive(move || unclaimed_error(error.get(), &["consents"])) />
            <FormActions busy=busy on_cancel=Callback::new(move |()| on_done.run(false)) submit_class="save-consent" />
        </form>
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labelled_lines_round_trip() {
        let parsed = parse_labelled("anna@example.test (work)\n\n +39 02 1234 5678 \nx@y.test ( )");
        assert_eq!(
            parsed,
            vec![
                ("anna@example.test".to_owned(), Some("work".to_owned())),
                ("+39 02 1234 5678".to_owned(), None),
                ("x@y.test".to_owned(), None),
            ]
        );
        assert_eq!(format_labelled("a@b.test", &Some("home".into())), "a@b.test (home)");
        assert_eq!(parse_labelled(&format_labelled("a@b.test", &Some("home".into()))), vec![("a@b.test".into(), Some("home".into()))]);
    }
}
