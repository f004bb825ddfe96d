//! Reads of customers and contacts. Every function takes the caller's `CustomerScope`, so no
//! read can forget visibility: contacts are visible exactly when their customer is.

// The repository: the one module that reads this domain's tables, each read under a scope.
#![allow(clippy::disallowed_methods)]

use super::domain::{Channel, POINT_EMAIL, POINT_PHONE};
use super::entity::{contact, contact_point, customer, customer_tag};
use super::inputs::{ContactFilter, ContactOrder, ContactOrderField, CustomerFilter, CustomerOrder, CustomerOrderField};
use super::search;
use crate::access::CustomerScope;
use crm_core::error::AppResult;
use crm_core::filters::{search_text, OrderDirection};
use crm_core::pagination::{fetch_page, id_key, time_key, KeyKind, Keyset, Page, PageRequest, SortKey};
use crm_core::visible::Visible;
use sea_orm::sea_query::Query;
use sea_orm::{ColumnTrait, ConnectionTrait, DbBackend, EntityTrait, QueryFilter, QueryOrder, QuerySelect, RelationTrait, Select};
use uuid::Uuid;

pub async fn find_customer(db: &impl ConnectionTrait, scope: &CustomerScope, id: Uuid) -> AppResult<Option<Visible<customer::Model>>> {
    Ok(customer::Entity::find_by_id(id).filter(scope.condition()).one(db).await?.map(Visible::vouched))
}

pub async fn customers_by_ids(db: &impl ConnectionTrait, scope: &CustomerScope, ids: &[Uuid]) -> AppResult<Vec<Visible<customer::Model>>> {
    let rows = customer::Entity::find().filter(customer::Column::Id.is_in(ids.iter().copied())).filter(scope.condition()).all(db).await?;
    Ok(Visible::vouched_all(rows))
}

/// Contacts joined to their customer, restricted to the visible customers.
fn scoped_contacts(scope: &CustomerScope) -> Select<contact::Entity> {
    contact::Entity::find().join(sea_orm::JoinType::InnerJoin, contact::Relation::Customer.def()).filter(scope.condition())
}

pub async fn find_contact(db: &impl ConnectionTrait, scope: &CustomerScope, id: Uuid) -> AppResult<Option<Visible<contact::Model>>> {
    Ok(scoped_contacts(scope).filter(contact::Column::Id.eq(id)).one(db).await?.map(Visible::vouched))
}

pub async fn contacts_by_ids(db: &impl ConnectionTrait, scope: &CustomerScope, ids: &[Uuid]) -> AppResult<Vec<Visible<contact::Model>>> {
    Ok(Visible::vouched_all(scoped_contacts(scope).filter(contact::Column::Id.is_in(ids.iter().copied())).all(db).await?))
}

/// Contacts of several customers in one statement (the DataLoader behind `Customer.contacts`),
/// primary contact first, then by name.
pub async fn contacts_of_customers(
    db: &impl ConnectionTrait,
    scope: &CustomerScope,
    customer_ids: &[Uuid],
    include_archived: bool,
) -> AppResult<Vec<Visible<contact::Model>>> {
    let mut select = scoped_contacts(scope).filter(contact::Column::CustomerId.is_in(customer_ids.iter().copied()));
    if !include_archived {
        select = select.filter(contact::Column::ArchivedAt.is_null());
    }
    use sea_orm::QueryOrder;
    let rows = select
        .order_by_desc(contact::Column::IsPrimary)
        .order_by_asc(contact::Column::NameSort)
        .order_by_asc(contact::Column::Id)
        .all(db)
        .await?;
    Ok(Visible::vouched_all(rows))
}

/// The filtered, scoped customers (unordered, unpaged): pages and counts start from here.
pub fn customer_query(scope: &CustomerScope, filter: &CustomerFilter, backend: DbBackend) -> AppResult<Select<customer::Entity>> {
    let mut cond = scope.condition();
    cond = cond.add(if filter.archived.unwrap_or(false) {
        customer::Column::ArchivedAt.is_not_null()
    } else {
        customer::Column::ArchivedAt.is_null()
    });
    if let Some(text) = search_text(filter.search.as_deref())? {
        cond = cond.add(search::customer_condition(&search::terms(&text), backend));
    }
    if let Some(f) = &filter.kind {
        cond = cond.add(f.condition(customer::Column::Kind, "filter.kind")?);
    }
    if let Some(f) = &filter.lifecycle {
        cond = cond.add(f.condition(customer::Column::Lifecycle, "filter.lifecycle")?);
    }
    if let Some(f) = &filter.country {
        let upper = crm_core::filters::StringFilter { in_: f.in_.iter().map(|c| c.trim().to_uppercase()).collect() };
        cond = cond.add(upper.condition(customer::Column::CountryCode, "filter.country")?);
    }
    if let Some(f) = &filter.region {
        cond = cond.add(f.condition(customer::Column::Region, "filter.region")?);
    }
    if let Some(f) = &filter.city {
        cond = cond.add(f.condition(customer::Column::City, "filter.city")?);
    }
    if let Some(f) = &filter.owner_id {
        cond = cond.add(f.condition(customer::Column::OwnerId, "filter.ownerId")?);
    }
    if let Some(f) = &filter.partner_id {
        cond = cond.add(f.condition(customer::Column::PartnerId, "filter.partnerId")?);
    }
    if let Some(tags) = &filter.tags {
        if let Some(any) = &tags.any_of {
            let any = super::domain::normalize_tags(any).map_err(|why| crm_core::error::AppError::invalid("filter.tags.anyOf", why))?;
            cond = cond.add(customer::Column::Id.in_subquery(tag_query(&any)));
        }
        if let Some(all) = &tags.all_of {
            let all = super::domain::normalize_tags(all).map_err(|why| crm_core::error::AppError::invalid("filter.tags.allOf", why))?;
            for tag in all {
                cond = cond.add(customer::Column::Id.in_subquery(tag_query(std::slice::from_ref(&tag))));
            }
        }
    }
    if let Some(f) = &filter.created_at {
        cond = cond.add(f.condition(customer::Column::CreatedAt));
    }
    if let Some(f) = &filter.updated_at {
        cond = cond.add(f.condition(customer::Column::UpdatedAt));
    }
    Ok(customer::Entity::find().filter(cond))
}

fn tag_query(tags: &[String]) -> sea_orm::sea_query::SelectStatement {
    Query::select()
        .column(customer_tag::Column::CustomerId)
        .from(customer_tag::Entity)
        .and_where(customer_tag::Column::Tag.is_in(tags.iter().cloned()))
        .to_owned()
}

impl Keyset<customer::Entity> for CustomerOrder {
    fn name(&self) -> String {
        format!("customers:{:?}:{:?}", self.field, self.direction)
    }
    fn keys(&self) -> Vec<SortKey<customer::Column>> {
        let descending = self.direction == OrderDirection::Desc;
        let (column, kind) = match self.field {
            CustomerOrderField::Name => (customer::Column::NameSort, KeyKind::Text),
            CustomerOrderField::CreatedAt => (customer::Column::CreatedAt, KeyKind::Time),
            CustomerOrderField::UpdatedAt => (customer::Column::UpdatedAt, KeyKind::Time),
        };
        vec![SortKey { column, descending, kind }, SortKey { column: customer::Column::Id, descending, kind: KeyKind::Id }]
    }
    fn values(&self, row: &customer::Model) -> Vec<String> {
        let first = match self.field {
            CustomerOrderField::Name => row.name_sort.clone(),
            CustomerOrderField::CreatedAt => time_key(&row.created_at),
            CustomerOrderField::UpdatedAt => time_key(&row.updated_at),
        };
        vec![first, id_key(&row.id)]
    }
}

pub async fn list_customers(
    db: &impl ConnectionTrait,
    scope: &CustomerScope,
    filter: &CustomerFilter,
    order: &CustomerOrder,
    page: &PageRequest,
) -> AppResult<(Page<Visible<customer::Model>>, Select<customer::Entity>)> {
    let select = customer_query(scope, filter, db.get_database_backend())?;
    Ok((fetch_page(select.clone(), order, page, db).await?.map(Visible::vouched), select))
}

pub fn contact_query(scope: &CustomerScope, filter: &ContactFilter) -> AppResult<Select<contact::Entity>> {
    let mut select = scoped_contacts(scope);
    select = select.filter(if filter.archived.unwrap_or(false) {
        contact::Column::ArchivedAt.is_not_null()
    } else {
        contact::Column::ArchivedAt.is_null()
    });
    if let Some(text) = search_text(filter.search.as_deref())? {
        select = select.filter(search::contact_condition(&search::terms(&text)));
    }
    if let Some(f) = &filter.customer_id {
        select = select.filter(f.condition(contact::Column::CustomerId, "filter.customerId")?);
    }
    if let Some(f) = &filter.consent {
        let column = match f.channel {
            Channel::Email => contact::Column::EmailConsent,
            Channel::Phone => contact::Column::PhoneConsent,
            Channel::Sms => contact::Column::SmsConsent,
            Channel::Post => contact::Column::PostConsent,
        };
        select = select.filter(f.status.condition(column, "filter.consent.status")?);
    }
    if let Some(f) = &filter.created_at {
        select = select.filter(f.condition(contact::Column::CreatedAt));
    }
    Ok(select)
}

impl Keyset<contact::Entity> for ContactOrder {
    fn name(&self) -> String {
        format!("contacts:{:?}:{:?}", self.field, self.direction)
    }
    fn keys(&self) -> Vec<SortKey<contact::Column>> {
        let descending = self.direction == OrderDirection::Desc;
        let (column, kind) = match self.field {
            ContactOrderField::Name => (contact::Column::NameSort, KeyKind::Text),
            ContactOrderField::CreatedAt => (contact::Column::CreatedAt, KeyKind::Time),
        };
        vec![SortKey { column, descending, kind }, SortKey { column: contact::Column::Id, descending, kind: KeyKind::Id }]
    }
    fn values(&self, row: &contact::Model) -> Vec<String> {
        let first = match self.field {
            ContactOrderField::Name => row.name_sort.clone(),
            ContactOrderField::CreatedAt => time_key(&row.created_at),
        };
        vec![first, id_key(&row.id)]
    }
}

pub async fn list_contacts(
    db: &impl ConnectionTrait,
    scope: &CustomerScope,
    filter: &ContactFilter,
    order: &ContactOrder,
    page: &PageRequest,
) -> AppResult<(Page<Visible<contact::Model>>, Select<contact::Entity>)> {
    let select = contact_query(scope, filter)?;
    Ok((fetch_page(select.clone(), order, page, db).await?.map(Visible::vouched), select))
}

/// An existing, active contact holding one of the given emails/phones.
pub struct DuplicateHit {
    pub customer_id: Uuid,
    pub value: String,
}

/// Looks up emails/phones (already normalised) among active contacts of active customers.
/// Not scoped on purpose: a duplicate is a duplicate whoever can see it; the service decides
/// what the caller may learn about it. Values go in `IN` lists of bounded length (one
/// statement per chunk), never in a long `OR` chain, which SQLite caps at 1000 levels.
pub async fn find_duplicates(db: &impl ConnectionTrait, points: &[(&'static str, String)]) -> AppResult<Vec<DuplicateHit>> {
    const CHUNK: usize = 500;
    let mut hits = Vec::new();
    for kind in [POINT_EMAIL, POINT_PHONE] {
        let values: Vec<&String> = points.iter().filter(|(k, _)| *k == kind).map(|(_, v)| v).collect();
        for chunk in values.chunks(CHUNK) {
            let rows: Vec<(Uuid, String)> = contact_point::Entity::find()
                .select_only()
                .column(contact_point::Column::CustomerId)
                .column(contact_point::Column::Value)
                .join(sea_orm::JoinType::InnerJoin, contact_point_to_contact())
                .join(sea_orm::JoinType::InnerJoin, contact::Relation::Customer.def())
                .filter(contact_point::Column::Kind.eq(kind))
                .filter(contact_point::Column::Value.is_in(chunk.iter().map(|v| (*v).clone())))
                .filter(contact::Column::ArchivedAt.is_null())
                .filter(customer::Column::ArchivedAt.is_null())
                .into_tuple()
                .all(db)
                .await?;
            hits.extend(rows.into_iter().map(|(customer_id, value)| DuplicateHit { customer_id, value }));
        }
    }
    Ok(hits)
}

/// The active contacts (of active customers) that have the phone number `e164`, as
/// (contact, customer) pairs, at most `limit`: caller recognition. Not scoped, like
/// [`find_duplicates`]: the service decides what the caller may learn.
pub async fn contacts_with_phone(db: &impl ConnectionTrait, e164: &str, limit: u64) -> AppResult<Vec<(Uuid, Uuid)>> {
    contacts_with_point(db, POINT_PHONE, e164, limit).await
}

/// The active contacts (of active customers) that have the email `address` (lower case), as
/// (contact, customer) pairs, at most `limit`: a received email's sender. Not scoped.
pub async fn contacts_with_email(db: &impl ConnectionTrait, address: &str, limit: u64) -> AppResult<Vec<(Uuid, Uuid)>> {
    contacts_with_point(db, POINT_EMAIL, address, limit).await
}

async fn contacts_with_point(db: &impl ConnectionTrait, kind: &str, value: &str, limit: u64) -> AppResult<Vec<(Uuid, Uuid)>> {
    Ok(contact_point::Entity::find()
        .select_only()
        .column(contact_point::Column::ContactId)
        .column(contact_point::Column::CustomerId)
        .join(sea_orm::JoinType::InnerJoin, contact_point_to_contact())
        .join(sea_orm::JoinType::InnerJoin, contact::Relation::Customer.def())
        .filter(contact_point::Column::Kind.eq(kind))
        .filter(contact_point::Column::Value.eq(value))
        .filter(contact::Column::ArchivedAt.is_null())
        .filter(customer::Column::ArchivedAt.is_null())
        .order_by_asc(contact_point::Column::ContactId)
        .limit(limit)
        .into_tuple()
        .all(db)
        .await?)
}

/// An active customer that shares a new customer's name: its id, city and country.
pub struct Namesake {
    pub customer_id: Uuid,
    pub name_sort: String,
    pub city: Option<String>,
    pub country_code: Option<String>,
}

/// Active customers whose lower-case name is one of `name_sorts` (the `ix_customers_name`
/// index), whatever the caller's scope: [`super::service`] decides what to reveal.
pub async fn find_namesakes(db: &impl ConnectionTrait, name_sorts: &[String]) -> AppResult<Vec<Namesake>> {
    const CHUNK: usize = 500;
    let mut found = Vec::new();
    for chunk in name_sorts.chunks(CHUNK) {
        let rows: Vec<(Uuid, String, Option<String>, Option<String>)> = customer::Entity::find()
            .select_only()
            .column(customer::Column::Id)
            .column(customer::Column::NameSort)
            .column(customer::Column::City)
            .column(customer::Column::CountryCode)
            .filter(customer::Column::NameSort.is_in(chunk.iter().cloned()))
            .filter(customer::Column::ArchivedAt.is_null())
            .into_tuple()
            .all(db)
            .await?;
        found.extend(rows.into_iter().map(|(customer_id, name_sort, city, country_code)| Namesake {
            customer_id,
            name_sort,
            city,
            country_code,
        }));
    }
    Ok(found)
}

fn contact_point_to_contact() -> sea_orm::RelationDef {
    contact_point::Entity::belongs_to(contact::Entity).from(contact_point::Column::ContactId).to(contact::Column::Id).into()
}

/// Whether `contact` is a contact of `customer`: the reference check of a write whose right
/// already covers the customer (a ticket opened for it). Answers yes or no, never the row.
pub async fn is_contact_of(db: &impl ConnectionTrait, contact: Uuid, customer: Uuid) -> AppResult<bool> {
    let found = contact::Entity::find_by_id(contact).filter(contact::Column::CustomerId.eq(customer)).one(db).await?;
    Ok(found.is_some())
}

/// A contact by id, whoever asks: for modules that already decided the caller may reach it
/// (the desk emailing the contact of a ticket it answers).
pub async fn contact_unscoped(db: &impl ConnectionTrait, id: Uuid) -> AppResult<Option<contact::Model>> {
    Ok(contact::Entity::find_by_id(id).one(db).await?)
}

/// A customer by id without a scope: only for a customer reached through a record the caller
/// already sees (a visible quote's or order's customer), never for one named by a client.
pub async fn customer_unscoped(db: &impl ConnectionTrait, id: Uuid) -> AppResult<Option<customer::Model>> {
    Ok(customer::Entity::find_by_id(id).one(db).await?)
}

/// The first `limit` active visible customers by name whose credit limit is in `currency`.
pub async fn with_credit_limit_in(
    db: &impl ConnectionTrait,
    scope: &CustomerScope,
    currency: &str,
    limit: u64,
) -> AppResult<Vec<customer::Model>> {
    Ok(customer::Entity::find()
        .filter(scope.condition())
        .filter(customer::Column::CreditLimitCurrency.eq(currency))
        .filter(customer::Column::ArchivedAt.is_null())
        .order_by_asc(customer::Column::NameSort)
        .limit(limit)
        .all(db)
        .await?)
}
