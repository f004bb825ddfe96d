//! Row writes shared by customer and contact changes, always inside the caller's transaction:
//! the contact-point and tag index tables are rewritten together with their record.

use super::domain::{Tags, POINT_EMAIL, POINT_PHONE};
use super::entity::{contact, contact_point, customer, customer_tag};
use super::validate::{contact_name_sort, ValidContact};
use crate::clock::new_id_at;
use crate::error::AppResult;
use chrono::{DateTime, Utc};
use sea_orm::{ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, Set};
use uuid::Uuid;

pub async fn insert_contact(
    txn: &impl ConnectionTrait,
    customer: &customer::Model,
    contact: ValidContact,
    primary: bool,
    now: DateTime<Utc>,
) -> AppResult<contact::Model> {
    let model = contact::ActiveModel {
        id: Set(new_id_at(now)),
        customer_id: Set(customer.id),
        name_sort: Set(contact_name_sort(&contact.first_name, &contact.last_name)),
        first_name: Set(contact.first_name),
        last_name: Set(contact.last_name),
        job_title: Set(contact.job_title),
        emails: Set(super::domain::Emails(contact.emails)),
        phones: Set(super::domain::Phones(contact.phones)),
        preferred_channel: Set(contact.preferred_channel),
        is_primary: Set(primary),
        email_consent: Set(contact.consents.status(super::domain::Channel::Email)),
        phone_consent: Set(contact.consents.status(super::domain::Channel::Phone)),
        sms_consent: Set(contact.consents.status(super::domain::Channel::Sms)),
        post_consent: Set(contact.consents.status(super::domain::Channel::Post)),
        consents: Set(contact.consents),
        created_at: Set(now),
        updated_at: Set(now),
        version: Set(1),
        archived_at: Set(None),
    }
    .insert(txn)
    .await?;
    write_points(txn, &model).await?;
    Ok(model)
}

/// Rewrites the contact-point index rows of a contact from its emails and phones.
pub async fn write_points(txn: &impl ConnectionTrait, contact: &contact::Model) -> AppResult<()> {
    contact_point::Entity::delete_many().filter(contact_point::Column::ContactId.eq(contact.id)).exec(txn).await?;
    let rows: Vec<contact_point::ActiveModel> = points_of(contact)
        .into_iter()
        .map(|(kind, value)| contact_point::ActiveModel {
            kind: Set(kind.to_owned()),
            value: Set(value),
            contact_id: Set(contact.id),
            customer_id: Set(contact.customer_id),
        })
        .collect();
    if !rows.is_empty() {
        contact_point::Entity::insert_many(rows).exec(txn).await?;
    }
    Ok(())
}

pub fn points_of(contact: &contact::Model) -> Vec<(&'static str, String)> {
    let emails = contact.emails.0.iter().map(|e| (POINT_EMAIL, e.address.clone()));
    let phones = contact.phones.0.iter().map(|p| (POINT_PHONE, p.number.clone()));
    emails.chain(phones).collect()
}

pub fn points_of_valid(contact: &ValidContact) -> Vec<(&'static str, String)> {
    let emails = contact.emails.iter().map(|e| (POINT_EMAIL, e.address.clone()));
    let phones = contact.phones.iter().map(|p| (POINT_PHONE, p.number.clone()));
    emails.chain(phones).collect()
}

/// Rewrites the tag index rows of a customer.
pub async fn write_tags(txn: &impl ConnectionTrait, customer_id: Uuid, tags: &Tags, replace: bool) -> AppResult<()> {
    if replace {
        customer_tag::Entity::delete_many().filter(customer_tag::Column::CustomerId.eq(customer_id)).exec(txn).await?;
    }
    if !tags.0.is_empty() {
        let rows = tags.0.iter().map(|tag| customer_tag::ActiveModel { tag: Set(tag.clone()), customer_id: Set(customer_id) });
        customer_tag::Entity::insert_many(rows).exec(txn).await?;
    }
    Ok(())
}
