//! Row writes shared by customer and contact changes, always inside the caller's transaction:
//! the contact-point and tag index tables are rewritten together with their record.

use super::domain::{Tags, POINT_EMAIL, POINT_PHONE};
use super::entity::{contact, contact_point, customer, customer_tag};
use super::validate::{contact_name_sort, ValidContact};
use chrono::{DateTime, Utc};
use crm_core::clock::new_id_at;
use crm_core::db::insert_chunked;
use crm_core::error::AppResult;
use sea_orm::{ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, IntoActiveModel, QueryFilter, Set};
use uuid::Uuid;

/// A new contact of `customer`, not yet written.
pub fn new_contact(customer: &customer::Model, contact: ValidContact, primary: bool, now: DateTime<Utc>) -> contact::Model {
    use super::domain::Channel;
    contact::Model {
        id: new_id_at(now),
        customer_id: customer.id,
        name_sort: contact_name_sort(&contact.first_name, &contact.last_name),
        first_name: contact.first_name,
        last_name: contact.last_name,
        job_title: contact.job_title,
        emails: super::domain::Emails(contact.emails),
        phones: super::domain::Phones(contact.phones),
        preferred_channel: contact.preferred_channel,
        is_primary: primary,
        email_consent: contact.consents.status(Channel::Email),
        phone_consent: contact.consents.status(Channel::Phone),
        sms_consent: contact.consents.status(Channel::Sms),
        post_consent: contact.consents.status(Channel::Post),
        consents: contact.consents,
        created_at: now,
        updated_at: now,
        version: 1,
        archived_at: None,
    }
}

/// Writes new contacts with their contact points and search tokens, a few statements for
/// the lot.
pub async fn insert_contacts(txn: &impl ConnectionTrait, contacts: &[contact::Model]) -> AppResult<()> {
    let rows: Vec<contact::ActiveModel> = contacts.iter().map(|c| c.clone().into_active_model().reset_all()).collect();
    insert_chunked::<contact::Entity, _>(txn, rows).await?;
    let points: Vec<contact_point::ActiveModel> = contacts.iter().flat_map(point_rows).collect();
    insert_chunked::<contact_point::Entity, _>(txn, points).await?;
    let tokens = contacts.iter().flat_map(super::search::contact_token_rows).collect();
    insert_chunked::<super::entity::search_token::Entity, _>(txn, tokens).await?;
    Ok(())
}

fn point_rows(contact: &contact::Model) -> Vec<contact_point::ActiveModel> {
    points_of(contact)
        .into_iter()
        .map(|(kind, value)| contact_point::ActiveModel {
            kind: Set(kind.to_owned()),
            value: Set(value),
            contact_id: Set(contact.id),
            customer_id: Set(contact.customer_id),
        })
        .collect()
}

/// Rewrites the contact-point index rows of a contact from its emails and phones.
pub async fn write_points(txn: &impl ConnectionTrait, contact: &contact::Model) -> AppResult<()> {
    contact_point::Entity::delete_many().filter(contact_point::Column::ContactId.eq(contact.id)).exec(txn).await?;
    insert_chunked::<contact_point::Entity, _>(txn, point_rows(contact)).await?;
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
pub async fn write_tags(txn: &impl ConnectionTrait, customer_id: Uuid, tags: &Tags) -> AppResult<()> {
    customer_tag::Entity::delete_many().filter(customer_tag::Column::CustomerId.eq(customer_id)).exec(txn).await?;
    insert_chunked::<customer_tag::Entity, _>(txn, tag_rows(customer_id, tags)).await?;
    Ok(())
}

pub fn tag_rows(customer_id: Uuid, tags: &Tags) -> Vec<customer_tag::ActiveModel> {
    tags.0.iter().map(|tag| customer_tag::ActiveModel { tag: Set(tag.clone()), customer_id: Set(customer_id) }).collect()
}
