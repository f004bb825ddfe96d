//! A customer's change history as a person reads it: each entry says which record changed
//! (by its name), what was done and by whom (by name), and each changed field by its
//! translated name with its values as the app shows them elsewhere: people, partners,
//! customers and products by name (the server names them), statuses and stages in the
//! person's language, countries by name, dates and amounts in their format. The raw entries
//! stay in the API's `auditLog` for admins.

use leptos::prelude::*;

use crate::api::ops::customer_history::{CustomerHistoryCustomerHistoryNodes, CustomerHistoryCustomerHistoryNodesChanges};
use crate::api::ops::{
    customer_history, Channel, ContactRole, CustomerHistory, CustomerKind, EntityType, LeadSource, LeadStatus, Lifecycle, OpportunityStage,
    OrderStatus, QuoteStatus, Registration,
};
use crate::api::{call, ApiError};
use crate::components::ErrorBox;
use crate::format;
use crate::i18n::{tr, use_i18n, Texts};

const HISTORY_PAGE: i64 = 20;

#[component]
pub fn HistorySection(customer_id: String) -> impl IntoView {
    let i18n = use_i18n();
    let entries = RwSignal::new(Vec::<CustomerHistoryCustomerHistoryNodes>::new());
    let next = RwSignal::new(None::<String>);
    let error = RwSignal::new(None::<ApiError>);
    let loading = RwSignal::new(true);
    let load = move |after: Option<String>| {
        let id = customer_id.clone();
        loading.set(true);
        leptos::task::spawn_local(async move {
            let variables = customer_history::Variables { id, first: Some(HISTORY_PAGE), after };
            match call::<CustomerHistory>(variables).await {
                Ok(data) => {
                    let page = data.customer.history;
                    entries.update(|entries| entries.extend(page.nodes));
                    next.set(page.page_info.has_next_page.then_some(page.page_info.end_cursor).flatten());
                }
                Err(err) => error.set(Some(err)),
            }
            loading.set(false);
        });
    };
    let load = StoredValue::new(load);
    load.with_value(|load| load(None));
    view! {
        <section class="card history-section" aria-labelledby="history-title">
            <h2 id="history-title">{tr(|t| t.history)}</h2>
            <ErrorBox error=error />
            <ol class="history">
                {move || entries.get().into_iter().map(|entry| view! { <HistoryEntry entry=entry /> }).collect_view()}
            </ol>
            {move || {
                (!loading.get() && entries.with(Vec::is_empty) && error.get().is_none())
                    .then(|| view! { <p class="empty">{i18n.t().no_history}</p> })
            }}
            {move || loading.get().then(|| view! { <p class="loading" aria-live="polite">{i18n.t().loading}</p> })}
            {move || {
                next.get()
                    .filter(|_| !loading.get())
                    .map(|cursor| {
                        view! {
                            <button type="button" on:click=move |_| load.with_value(|load| load(Some(cursor.clone())))>
                                {i18n.t().load_more}
                            </button>
                        }
                    })
            }}
        </section>
    }
}

#[component]
fn HistoryEntry(entry: CustomerHistoryCustomerHistoryNodes) -> impl IntoView {
    let i18n = use_i18n();
    let occurred = entry.occurred_at.clone();
    let datetime = occurred.clone();
    let entity = entry.entity_type;
    let creation = entry.action == Some(crate::api::ops::AuditAction::Create);
    let changes = StoredValue::new(entry.changes.clone());
    let who = entry.actor.name.clone().unwrap_or_else(|| entry.actor.label.clone());
    let subject = entry.subject_name.clone();
    let summary = move || {
        let t = i18n.t();
        let what = entity.map(|entity| (t.entity_label)(entity)).unwrap_or_default();
        let action = entry.action.map(|action| (t.audit_action_label)(action, entity)).unwrap_or_default();
        let named = subject.as_ref().map(|name| format!(" “{name}”")).unwrap_or_default();
        format!("{what}{named} {action} {}", (t.history_texts().by)(&who))
    };
    view! {
        <li data-entity=entity.map(|e| e.as_api()).unwrap_or_default()>
            <time datetime=datetime>{move || format::date_time(i18n.tag(), &occurred)}</time>
            " "
            <span class="history-summary">{summary}</span>
            {move || {
                let t = i18n.t();
                let lines = changes.with_value(|changes| {
                    changes.iter().map(|change| change_line(t, i18n.tag(), entity, creation, change)).collect::<Vec<_>>()
                });
                (!lines.is_empty())
                    .then(|| {
                        view! {
                            <ul class="changes">
                                {lines.into_iter().map(|(field, line)| view! { <li data-field=field>{line}</li> }).collect_view()}
                            </ul>
                        }
                    })
            }}
        </li>
    }
}

/// One changed field as a line: "Stage: Proposal → Negotiation"; for a creation only the value.
fn change_line(
    t: &Texts,
    tag: &str,
    entity: Option<EntityType>,
    creation: bool,
    change: &CustomerHistoryCustomerHistoryNodesChanges,
) -> (String, String) {
    let label = (t.history_texts().field_label)(&change.field).map_or_else(|| change.field.clone(), str::to_owned);
    let after = shown(t, tag, entity, &change.field, &change.after, change.after_text.as_deref());
    let line = if creation && change.before.is_null() {
        format!("{label}: {after}")
    } else {
        let before = shown(t, tag, entity, &change.field, &change.before, change.before_text.as_deref());
        format!("{label}: {before} → {after}")
    };
    (change.field.clone(), line)
}

/// A field's value as the app shows it: the server's name for a reference, a label for an
/// enum, a country's name, a formatted date or number; otherwise the value as it reads.
fn shown(t: &Texts, tag: &str, entity: Option<EntityType>, field: &str, value: &serde_json::Value, named: Option<&str>) -> String {
    if let Some(named) = named {
        return named.to_owned();
    }
    if let Some(flag) = value.as_bool() {
        return if flag { t.history_texts().yes } else { t.history_texts().no }.to_owned();
    }
    let Some(text) = value.as_str() else { return show_json(value) };
    let label = match field {
        "stage" => OpportunityStage::from_api(text).map(|v| (t.sales_labels.stage_label)(v)),
        "lifecycle" => Lifecycle::from_api(text).map(|v| (t.lifecycle_label)(v)),
        "kind" => CustomerKind::from_api(text).map(|v| (t.customer_kind_label)(v)),
        "source" => LeadSource::from_api(text).map(|v| (t.sales().source_label)(v)),
        "registration" => Registration::from_api(text).map(|v| (t.sales().registration_label)(v)),
        "preferredChannel" => Channel::from_api(text).map(|v| (t.channel_label)(v)),
        "contactRole" => ContactRole::from_api(text).map(|v| (t.sales().contact_role_label)(v)),
        "status" => match entity {
            Some(EntityType::Order) => OrderStatus::from_api(text).map(|v| (t.sales_labels.order_status_label)(v)),
            Some(EntityType::Quote) => QuoteStatus::from_api(text).map(|v| (t.sales().quote_status_label)(v)),
            Some(EntityType::Lead) => LeadStatus::from_api(text).map(|v| (t.sales().lead_status_label)(v)),
            _ => None,
        },
        "subject" => crate::api::ops::NoteSubject::from_api(text).map(|v| (t.notes.subject_label)(v)),
        _ => None,
    };
    if let Some(label) = label {
        return label.to_owned();
    }
    match field {
        "country" | "address.country" => format::country(tag, text),
        "expectedCloseDate" | "validUntil" => format::calendar_date(tag, text),
        "amount" | "total" | "creditLimit.amount" => format::decimal(tag, text),
        _ => text.to_owned(),
    }
}

/// A JSON value as a person reads it: strings without quotes, null as a dash.
fn show_json(value: &serde_json::Value) -> String {
    match value {
        serde_json::Value::Null => "—".into(),
        serde_json::Value::String(text) => text.clone(),
        serde_json::Value::Array(items) => items.iter().map(show_json).collect::<Vec<_>>().join(", "),
        serde_json::Value::Object(fields) => show_record(fields),
        other => other.to_string(),
    }
}

/// An email, a phone, a consent answer or an amount as one short phrase; other records as
/// JSON.
fn show_record(fields: &serde_json::Map<String, serde_json::Value>) -> String {
    let text = |key: &str| fields.get(key).and_then(serde_json::Value::as_str);
    let labelled = |value: &str| match text("label") {
        Some(label) => format!("{value} ({label})"),
        None => value.to_owned(),
    };
    match (text("address"), text("number"), text("channel"), text("status")) {
        (Some(address), ..) => labelled(address),
        (_, Some(number), ..) => labelled(number),
        (_, _, Some(channel), Some(status)) => format!("{channel} {status}"),
        _ => match (text("amount"), text("currency")) {
            (Some(amount), Some(currency)) => format!("{amount} {currency}"),
            _ => serde_json::Value::Object(fields.clone()).to_string(),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_values_read_naturally() {
        assert_eq!(show_json(&serde_json::json!(null)), "—");
        assert_eq!(show_json(&serde_json::json!("Milano")), "Milano");
        assert_eq!(show_json(&serde_json::json!(["vip", "b2b"])), "vip, b2b");
        assert_eq!(show_json(&serde_json::json!(3)), "3");
        assert_eq!(show_json(&serde_json::json!([{"address": "a@b.test", "label": "work"}])), "a@b.test (work)");
        assert_eq!(show_json(&serde_json::json!({"number": "+390212345678", "label": null})), "+390212345678");
        assert_eq!(show_json(&serde_json::json!({"channel": "EMAIL", "status": "GRANTED", "source": "EMAIL"})), "EMAIL GRANTED");
        assert_eq!(show_json(&serde_json::json!({"amount": "1200.50", "currency": "EUR"})), "1200.50 EUR");
        assert_eq!(show_json(&serde_json::json!({"x": 1})), r#"{"x":1}"#);
    }

    #[test]
    fn fields_are_named_and_enum_values_translated() {
        let en = &crate::i18n::EN;
        let it = &crate::i18n::IT;
        assert_eq!((en.history_texts().field_label)("ownerId"), Some("Owner"));
        assert_eq!((it.history_texts().field_label)("expectedCloseDate"), Some("Chiusura prevista"));
        assert_eq!((en.history_texts().field_label)("somethingNew"), None);
        let stage = serde_json::json!("NEGOTIATION");
        assert_eq!(
            shown(it, "it", Some(EntityType::Opportunity), "stage", &stage, None),
            (it.sales_labels.stage_label)(OpportunityStage::Negotiation)
        );
        let held = serde_json::json!("CREDIT_HOLD");
        assert_eq!(
            shown(en, "en", Some(EntityType::Order), "status", &held, None),
            (en.sales_labels.order_status_label)(OrderStatus::CreditHold)
        );
        assert_eq!(
            shown(en, "en", Some(EntityType::Customer), "ownerId", &serde_json::json!("0190…"), Some("Sara Bianchi")),
            "Sara Bianchi"
        );
        assert_eq!(shown(it, "it", None, "archived", &serde_json::json!(true), None), "sì");
    }
}
