//! The customers API: types, queries and mutations. Resolvers only translate between GraphQL
//! and the service/repository calls, which hold the rules.

pub mod loaders;

use crm_company::profile::PortalFields;
use crm_core::visible::Visible;
use loaders::{ContactsByCustomer, CustomerById};

use crate::audit::{AuditEntry, AuditEntryConnection};
use crate::connection;
use crate::connection::{page_cost, single_order};
use crate::identity::PartnerById;
use crate::identity::UserById;
use crate::identity::{PartnerOrganization, User};
use crate::payload;
use crate::request::loader;
use crate::types::{Country, Money};
use crate::{app, caller};
use async_graphql::futures_util::stream::{Stream, StreamExt};
use async_graphql::{Context, Object, Result, SimpleObject, Subscription, ID};
use chrono::{DateTime, Utc};
use crm_core::audit;
use crm_core::audit::EntityType;
use crm_core::context::AppContext;
use crm_core::error::AppError;
use crm_core::event_log::{Event, Follow};
use crm_core::filters::{parse_id, OrderDirection};
use crm_core::pagination::PageRequest;
use crm_customers::access::{customer_edit, customer_manage, CustomerScope};
use crm_customers::domain::{Channel, ConsentSource, ConsentStatus, CustomerKind, Lifecycle};
use crm_customers::entity::{contact, customer};
use crm_customers::inputs::{
    BulkUpdateCustomersInput, ContactFilter, ContactOrder, ContactOrderField, CreateContactInput, CreateCustomerInput, CustomerFilter,
    CustomerOrder, CustomerOrderField, UpdateContactConsentInput, UpdateContactInput, UpdateCustomerInput, VersionedId,
};
use crm_customers::{contacts, repo, service};

/// A customer: a person or a company the business sells to or serves.
#[derive(Clone)]
pub struct Customer(Visible<customer::Model>);

impl From<Visible<customer::Model>> for Customer {
    fn from(row: Visible<customer::Model>) -> Self {
        Self(row)
    }
}

/// A link to download a file the API makes (an export), valid until `expiresAt`.
#[derive(async_graphql::SimpleObject)]
pub struct DownloadLink {
    /// The path to open (relative to the API's origin); it carries its own signed token.
    pub url: String,
    /// When the link stops working.
    pub expires_at: chrono::DateTime<chrono::Utc>,
}

/// A customer: a person or a company the business sells to or serves.
#[Object]
impl Customer {
    /// Unique id (UUIDv7).
    pub async fn id(&self) -> ID {
        ID(self.0.id.to_string())
    }
    /// Person or company.
    async fn kind(&self) -> CustomerKind {
        self.0.kind
    }
    /// Display name: the person's full name or the company name.
    async fn name(&self) -> &str {
        &self.0.name
    }
    /// The customer's id in another system (an ERP, the CRM it was imported from).
    async fn external_id(&self) -> Option<&str> {
        self.0.external_id.as_deref()
    }
    /// Stage of the relationship.
    async fn lifecycle(&self) -> Lifecycle {
        self.0.lifecycle
    }
    /// Industry or sector.
    async fn industry(&self) -> Option<&str> {
        self.0.industry.as_deref()
    }
    /// Lower-case labels, sorted.
    async fn tags(&self) -> &[String] {
        &self.0.tags.0
    }
    /// Postal address; country, region and city are the geography dimension of analytics.
    async fn address(&self) -> Address {
        Address {
            street: self.0.street.clone(),
            postal_code: self.0.postal_code.clone(),
            city: self.0.city.clone(),
            region: self.0.region.clone(),
            country: Country::from_code(self.0.country_code.as_deref()),
        }
    }
    /// The sales rep responsible for the customer.
    async fn owner(&self, ctx: &Context<'_>) -> Result<Option<User>> {
        let Some(key) = self.0.seen(|r| r.owner_id) else { return Ok(None) };
        Ok(loader::<UserById>(ctx)?.load_one(key).await?.map(User::from))
    }
    /// The partner organisation the customer is assigned to. The customer's own users see it
    /// only when the company chose to show it (`CompanyProfile.portalShowsPartner`).
    async fn partner(&self, ctx: &Context<'_>) -> Result<Option<PartnerOrganization>> {
        let Some(key) = self.0.seen(|r| r.partner_id) else { return Ok(None) };
        if !portal_shows(ctx, |fields| fields.partner).await? {
            return Ok(None);
        }
        Ok(loader::<PartnerById>(ctx)?.load_one(key).await?.map(PartnerOrganization::from))
    }
    /// Most credit the company extends to the customer. The customer's own users see it only
    /// when the company chose to show it (`CompanyProfile.portalShowsCreditLimit`).
    async fn credit_limit(&self, ctx: &Context<'_>) -> Result<Option<Money>> {
        let limit = Money::from_stored(self.0.credit_limit_amount.as_deref(), self.0.credit_limit_currency.as_deref());
        Ok(if limit.is_some() && portal_shows(ctx, |fields| fields.credit_limit).await? { limit } else { None })
    }
    /// Credit position in the currency of the limit: open orders and unpaid invoices against
    /// the limit (null without a limit). Staff, and the customer's own users when the company
    /// shows them their credit limit. Two statements per customer: meant for a customer's
    /// page, not for every row of a list.
    async fn credit_exposure(&self, ctx: &Context<'_>) -> Result<Option<crate::orders::CreditExposure>> {
        if matches!(caller(ctx)?.principal, crm_core::principal::Principal::Partner { .. }) {
            return Ok(None);
        }
        if !portal_shows(ctx, |fields| fields.credit_limit).await? {
            return Ok(None);
        }
        Ok(crm_sales::orders::credit::exposure(&app(ctx)?.db.read, &self.0).await?.map(Into::into))
    }
    /// Active contacts, the primary one first.
    #[graphql(complexity = "5 * child_complexity")]
    async fn contacts(&self, ctx: &Context<'_>) -> Result<Vec<Contact>> {
        let contacts = loader::<ContactsByCustomer>(ctx)?.load_one(self.0.id).await?.unwrap_or_default();
        Ok(contacts.into_iter().map(Contact).collect())
    }
    /// When the customer was created.
    async fn created_at(&self) -> DateTime<Utc> {
        self.0.created_at
    }
    /// When the customer last changed.
    async fn updated_at(&self) -> DateTime<Utc> {
        self.0.updated_at
    }
    /// Increases with every change; send it back with updates.
    async fn version(&self) -> i32 {
        self.0.version
    }
    /// Archived (soft-deleted) customers are hidden from lists unless asked for.
    async fn archived(&self) -> bool {
        self.0.archived_at.is_some()
    }
    /// When the customer was archived.
    async fn archived_at(&self) -> Option<DateTime<Utc>> {
        self.0.archived_at
    }
    /// Change history (staff only; FORBIDDEN for others): the audit entries of the customer and
    /// of the records that belong to it (contacts, opportunities, quotes, orders, notes),
    /// archived ones too, each kind as far as the caller sees its records; newest first. One
    /// statement per customer: meant for a customer's page, not for every row of a list.
    #[graphql(complexity = "page_cost(first, last, child_complexity)")]
    async fn history(
        &self,
        ctx: &Context<'_>,
        first: Option<i32>,
        after: Option<String>,
        last: Option<i32>,
        before: Option<String>,
    ) -> Result<AuditEntryConnection> {
        let principal = &caller(ctx)?.principal;
        let visible = crm_sales::access::history_visibility(principal, crm_customers::access::history_visibility());
        let visible = crm_notes::access::history_visibility(principal, visible);
        let visible = crm_service::access::history_visibility(principal, visible);
        let visible = crm_service::access::task_history_visibility(principal, visible);
        let rights = crm_core::access::customer_history(principal, visible)?;
        let page = PageRequest::from_relay(first, after, last, before)?;
        let (page, all) = audit::customer_history(&app(ctx)?.db, &rights, self.0.id, &page).await?;
        Ok(AuditEntryConnection::new(page, all, AuditEntry::from))
    }
    /// The customer's timeline: every contact with it in any channel (calls, meetings, visits,
    /// emails, tickets and their replies, quotes sent and answered, orders and their progress,
    /// survey answers), newest first. Customers, partner users and API keys (with
    /// `interactions:read`) never see internal entries; an entry that belongs to a ticket,
    /// deal, quote or order is shown only to whoever reads that record too. One statement per
    /// customer: meant for a customer's page, not for every row of a list.
    #[graphql(complexity = "page_cost(first, last, child_complexity)")]
    #[allow(clippy::too_many_arguments)]
    async fn timeline(
        &self,
        ctx: &Context<'_>,
        first: Option<i32>,
        after: Option<String>,
        last: Option<i32>,
        before: Option<String>,
        filter: Option<crm_interactions::inputs::TimelineFilter>,
    ) -> Result<crate::interactions::InteractionConnection> {
        let page = PageRequest::from_relay(first, after, last, before)?;
        crate::interactions::timeline_of(ctx, self.0.id, page, filter).await
    }
    /// Whether the caller may change this customer, archive or restore it and manage its contacts.
    async fn viewer_can_edit(&self, ctx: &Context<'_>) -> Result<bool> {
        Ok(customer_edit(&caller(ctx)?.principal, &self.0).is_ok())
    }
    /// Whether the caller may set the owner, partner organisation and credit limit.
    async fn viewer_can_assign(&self, ctx: &Context<'_>) -> Result<bool> {
        Ok(customer_manage(&caller(ctx)?.principal).is_ok())
    }
}

/// A postal address.
#[derive(SimpleObject, Clone)]
pub struct Address {
    /// Street and number.
    pub street: Option<String>,
    /// Postal code.
    pub postal_code: Option<String>,
    /// City.
    pub city: Option<String>,
    /// Region, state or province.
    pub region: Option<String>,
    /// Country.
    pub country: Option<Country>,
}

/// A person at a customer.
#[derive(Clone)]
pub struct Contact(Visible<contact::Model>);

impl From<Visible<contact::Model>> for Contact {
    fn from(row: Visible<contact::Model>) -> Self {
        Self(row)
    }
}

/// A person at a customer.
#[Object]
impl Contact {
    /// Unique id (UUIDv7).
    pub async fn id(&self) -> ID {
        ID(self.0.id.to_string())
    }
    /// The customer this contact belongs to.
    async fn customer(&self, ctx: &Context<'_>) -> Result<Customer> {
        let found = loader::<CustomerById>(ctx)?.load_one(self.0.customer_id).await?;
        found.map(Customer).ok_or_else(|| AppError::NotFound("customer").into())
    }
    /// Given name.
    async fn first_name(&self) -> &str {
        &self.0.first_name
    }
    /// Family name.
    async fn last_name(&self) -> &str {
        &self.0.last_name
    }
    /// "First Last".
    async fn full_name(&self) -> String {
        format!("{} {}", self.0.first_name, self.0.last_name)
    }
    /// Job title or role at the customer.
    async fn job_title(&self) -> Option<&str> {
        self.0.job_title.as_deref()
    }
    /// Email addresses (lower-case).
    async fn emails(&self) -> Vec<EmailAddress> {
        self.0.emails.0.iter().map(|e| EmailAddress { address: e.address.clone(), label: e.label.clone() }).collect()
    }
    /// Phone numbers in E.164.
    async fn phones(&self) -> Vec<PhoneNumber> {
        self.0.phones.0.iter().map(|p| PhoneNumber { number: p.number.clone(), label: p.label.clone() }).collect()
    }
    /// The channel the contact prefers to be reached through.
    async fn preferred_channel(&self) -> Option<Channel> {
        self.0.preferred_channel
    }
    /// The customer's main contact.
    async fn primary(&self) -> bool {
        self.0.is_primary
    }
    /// Marketing consent per channel (always one entry for each channel).
    async fn consents(&self) -> Vec<ChannelConsent> {
        self.0
            .consents
            .0
            .iter()
            .map(|r| ChannelConsent {
                channel: r.channel,
                status: r.status,
                recorded_at: r.recorded_at,
                source: r.source,
                note: r.note.clone(),
            })
            .collect()
    }
    /// When the contact was created.
    async fn created_at(&self) -> DateTime<Utc> {
        self.0.created_at
    }
    /// When the contact last changed.
    async fn updated_at(&self) -> DateTime<Utc> {
        self.0.updated_at
    }
    /// Increases with every change; send it back with updates.
    async fn version(&self) -> i32 {
        self.0.version
    }
    /// Archived contacts are hidden unless asked for.
    async fn archived(&self) -> bool {
        self.0.archived_at.is_some()
    }
}

/// An email address of a contact.
#[derive(SimpleObject, Clone)]
pub struct EmailAddress {
    /// The address, lower-case.
    pub address: String,
    /// Label such as "work".
    pub label: Option<String>,
}

/// A phone number of a contact.
#[derive(SimpleObject, Clone)]
pub struct PhoneNumber {
    /// The number in E.164, e.g. `+390212345678`.
    pub number: String,
    /// Label such as "mobile".
    pub label: Option<String>,
}

/// Consent for one channel, with when and how it was recorded.
#[derive(SimpleObject, Clone)]
pub struct ChannelConsent {
    /// The channel.
    pub channel: Channel,
    /// Granted, withdrawn or never asked.
    pub status: ConsentStatus,
    /// When the answer was recorded.
    pub recorded_at: Option<DateTime<Utc>>,
    /// How the answer was collected.
    pub source: Option<ConsentSource>,
    /// Detail such as a form or call reference.
    pub note: Option<String>,
}

connection!(CustomerConnection, CustomerEdge, Customer, customer::Entity, "customers");
connection!(ContactConnection, ContactEdge, Contact, contact::Entity, "contacts");

payload!(CreateCustomerPayload, customer, Customer, "Result of createCustomer.");
payload!(UpdateCustomerPayload, customer, Customer, "Result of updateCustomer.");

/// Result of bulkUpdateCustomers.
#[derive(SimpleObject)]
pub struct BulkUpdateCustomersPayload {
    /// The customers as saved, in the order of their ids.
    pub customers: Vec<Customer>,
}
payload!(ArchiveCustomerPayload, customer, Customer, "Result of archiveCustomer.");
payload!(RestoreCustomerPayload, customer, Customer, "Result of restoreCustomer.");
payload!(CreateContactPayload, contact, Contact, "Result of createContact.");
payload!(UpdateContactPayload, contact, Contact, "Result of updateContact.");
payload!(UpdateContactConsentPayload, contact, Contact, "Result of updateContactConsent.");
payload!(ArchiveContactPayload, contact, Contact, "Result of archiveContact.");
payload!(RestoreContactPayload, contact, Contact, "Result of restoreContact.");

#[derive(Default)]
pub struct CustomerQuery;

#[Object]
impl CustomerQuery {
    /// Customers the caller may see, filtered and sorted (default: by name), keyset-paginated.
    #[graphql(complexity = "page_cost(first, last, child_complexity)")]
    #[allow(clippy::too_many_arguments)]
    async fn customers(
        &self,
        ctx: &Context<'_>,
        first: Option<i32>,
        after: Option<String>,
        last: Option<i32>,
        before: Option<String>,
        filter: Option<CustomerFilter>,
        order_by: Option<Vec<CustomerOrder>>,
    ) -> Result<CustomerConnection> {
        let caller = caller(ctx)?;
        let page = PageRequest::from_relay(first, after, last, before)?;
        let scope = CustomerScope::of(&caller.principal)?;
        let order = single_order(order_by, CustomerOrder { field: CustomerOrderField::Name, direction: OrderDirection::Asc })?;
        let (page, all) = repo::list_customers(&app(ctx)?.db.read, &scope, &filter.unwrap_or_default(), &order, &page).await?;
        Ok(CustomerConnection::new(page, all, Customer))
    }

    /// A link that downloads the customers list as CSV with this filter, as far as the
    /// caller sees (`GET /exports/customers.csv?token=…`): streamed, whatever its length; the
    /// link works for ten minutes and only while the caller's session lives. Signed-in people
    /// only; a program sends its key to `GET /exports/customers.csv?filter=…` instead.
    async fn customer_export_link(&self, ctx: &Context<'_>, filter: Option<CustomerFilter>) -> Result<DownloadLink> {
        use async_graphql::InputType;
        let caller = caller(ctx)?;
        CustomerScope::of(&caller.principal)?;
        let auth = ctx.data::<crm_identity::auth::sessions::AuthService>()?;
        let filter = filter.unwrap_or_default().to_value().into_json().map_err(|e| AppError::Internal(e.into()))?;
        let (token, expires_at) = auth.download_token(caller, crm_identity::auth::jwt::CUSTOMERS_CSV, filter)?;
        Ok(DownloadLink { url: format!("/exports/customers.csv?token={token}"), expires_at })
    }

    /// One customer by id; NOT_FOUND when absent or not visible to the caller.
    async fn customer(&self, ctx: &Context<'_>, id: ID) -> Result<Customer> {
        let caller = caller(ctx)?;
        let scope = CustomerScope::of(&caller.principal)?;
        let id = parse_id(&id, "id")?;
        let found = repo::find_customer(&app(ctx)?.db.read, &scope, id).await?;
        Ok(Customer(found.ok_or(AppError::NotFound("customer"))?))
    }

    /// Contacts of the customers the caller may see, filtered and sorted (default: by name).
    #[graphql(complexity = "page_cost(first, last, child_complexity)")]
    #[allow(clippy::too_many_arguments)]
    async fn contacts(
        &self,
        ctx: &Context<'_>,
        first: Option<i32>,
        after: Option<String>,
        last: Option<i32>,
        before: Option<String>,
        filter: Option<ContactFilter>,
        order_by: Option<Vec<ContactOrder>>,
    ) -> Result<ContactConnection> {
        let caller = caller(ctx)?;
        let page = PageRequest::from_relay(first, after, last, before)?;
        let scope = CustomerScope::of(&caller.principal)?;
        let order = single_order(order_by, ContactOrder { field: ContactOrderField::Name, direction: OrderDirection::Asc })?;
        let (page, all) = repo::list_contacts(&app(ctx)?.db.read, &scope, &filter.unwrap_or_default(), &order, &page).await?;
        Ok(ContactConnection::new(page, all, Contact))
    }
}

/// A change of a customer or of one of its contacts, with its position in the event log.
#[derive(SimpleObject)]
pub struct CustomerEvent {
    /// The event's position: subscribe again after it (`customerChanged(id, after)`) to
    /// receive every change made since, none missed.
    position: String,
    /// The customer as it is now.
    customer: Customer,
}

#[derive(Default)]
pub struct CustomerSubscription;

#[Subscription]
impl CustomerSubscription {
    /// The customer `id` each time it or one of its contacts changes (through any channel and
    /// any server), read afresh through the caller's scope (nothing comes while it is out of
    /// that scope).
    /// With `after` (a `position` this stream gave), the changes made since come first, none
    /// missed (BAD_USER_INPUT `RESYNC_REQUIRED` when they are older than the event log keeps:
    /// read the customer again). Whoever reads the customer; over `/graphql/ws`
    /// (graphql-transport-ws) as the other subscriptions. NOT_FOUND for a customer the caller
    /// does not see.
    async fn customer_changed(
        &self,
        ctx: &Context<'_>,
        id: ID,
        after: Option<String>,
    ) -> Result<impl Stream<Item = Result<CustomerEvent>>> {
        let scope = CustomerScope::of(&caller(ctx)?.principal)?;
        let id = parse_id(&id, "id")?;
        repo::find_customer(&app(ctx)?.db.read, &scope, id).await?.ok_or(AppError::NotFound("customer"))?;
        let follow =
            Follow { customer_id: Some(id), record_id: None, kinds: vec![EntityType::Customer.as_api(), EntityType::Contact.as_api()] };
        let heard = crate::live::followed(
            ctx,
            after,
            follow,
            "follow a customer (over /graphql/ws)",
            move |app: AppContext, events: Vec<Event>| {
                let scope = scope.clone();
                async move { Ok(crate::live::each_as_now(&events, repo::find_customer(&app.db.read, &scope, id).await?)) }
            },
        )
        .await?;
        Ok(heard.map(|heard| {
            heard.map(|heard| CustomerEvent { position: crate::live::position_text(heard.position), customer: Customer(heard.record) })
        }))
    }
}

#[derive(Default)]
pub struct CustomerMutation;

#[Object]
impl CustomerMutation {
    /// Creates a customer and its primary contact. An email or phone that already belongs to
    /// an active contact is a CONFLICT naming the existing customer, unless `allowDuplicate`.
    async fn create_customer(&self, ctx: &Context<'_>, input: CreateCustomerInput) -> Result<CreateCustomerPayload> {
        let customer = service::create_customer(app(ctx)?, caller(ctx)?, input).await?;
        Ok(CreateCustomerPayload { customer: Customer(customer) })
    }

    /// Changes a customer at the version the client read (CONFLICT when it moved).
    async fn update_customer(&self, ctx: &Context<'_>, input: UpdateCustomerInput) -> Result<UpdateCustomerPayload> {
        let customer = service::update_customer(app(ctx)?, caller(ctx)?, input).await?;
        Ok(UpdateCustomerPayload { customer: Customer(customer) })
    }

    /// Applies one change to up to 250 customers at once, all or none: a new owner (sales
    /// managers and admins), tags added and removed, archived or restored. Each customer must
    /// be one the caller may change; each change is audited per customer.
    async fn bulk_update_customers(&self, ctx: &Context<'_>, input: BulkUpdateCustomersInput) -> Result<BulkUpdateCustomersPayload> {
        let customers = crm_customers::bulk::bulk_update_customers(app(ctx)?, caller(ctx)?, input).await?;
        Ok(BulkUpdateCustomersPayload { customers: customers.into_iter().map(Customer).collect() })
    }

    /// Archives (soft-deletes) a customer.
    async fn archive_customer(&self, ctx: &Context<'_>, input: VersionedId) -> Result<ArchiveCustomerPayload> {
        let customer = service::set_customer_archived(app(ctx)?, caller(ctx)?, input, true).await?;
        Ok(ArchiveCustomerPayload { customer: Customer(customer) })
    }

    /// Restores an archived customer.
    async fn restore_customer(&self, ctx: &Context<'_>, input: VersionedId) -> Result<RestoreCustomerPayload> {
        let customer = service::set_customer_archived(app(ctx)?, caller(ctx)?, input, false).await?;
        Ok(RestoreCustomerPayload { customer: Customer(customer) })
    }

    /// Adds a contact to a customer (duplicate emails/phones are a CONFLICT unless allowed).
    async fn create_contact(&self, ctx: &Context<'_>, input: CreateContactInput) -> Result<CreateContactPayload> {
        let contact = contacts::create_contact(app(ctx)?, caller(ctx)?, input).await?;
        Ok(CreateContactPayload { contact: Contact(contact) })
    }

    /// Changes a contact's details at the version the client read.
    async fn update_contact(&self, ctx: &Context<'_>, input: UpdateContactInput) -> Result<UpdateContactPayload> {
        let contact = contacts::update_contact(app(ctx)?, caller(ctx)?, input).await?;
        Ok(UpdateContactPayload { contact: Contact(contact) })
    }

    /// Records consent answers of a contact, stamped with the time and how they were given.
    async fn update_contact_consent(&self, ctx: &Context<'_>, input: UpdateContactConsentInput) -> Result<UpdateContactConsentPayload> {
        let contact = contacts::update_consent(app(ctx)?, caller(ctx)?, input).await?;
        Ok(UpdateContactConsentPayload { contact: Contact(contact) })
    }

    /// Archives a contact.
    async fn archive_contact(&self, ctx: &Context<'_>, input: VersionedId) -> Result<ArchiveContactPayload> {
        let contact = contacts::set_contact_archived(app(ctx)?, caller(ctx)?, input, true).await?;
        Ok(ArchiveContactPayload { contact: Contact(contact) })
    }

    /// Restores an archived contact.
    async fn restore_contact(&self, ctx: &Context<'_>, input: VersionedId) -> Result<RestoreContactPayload> {
        let contact = contacts::set_contact_archived(app(ctx)?, caller(ctx)?, input, false).await?;
        Ok(RestoreContactPayload { contact: Contact(contact) })
    }
}

crate::node_lookup!("customers, then contacts", |db, principal, ids| {
    use crate::node::{remaining, Node};
    let Ok(scope) = CustomerScope::of(principal) else { return Ok(Vec::new()) };
    let mut found: Vec<_> =
        repo::customers_by_ids(db, &scope, ids).await?.into_iter().map(|r| (r.id, Node::Customer(Customer(r)))).collect();
    let rest = remaining(ids, &found);
    if !rest.is_empty() {
        found.extend(repo::contacts_by_ids(db, &scope, &rest).await?.into_iter().map(|r| (r.id, Node::Contact(Contact(r)))));
    }
    Ok(found)
});

/// Whether the caller sees a field the company shows its customers only by choice: always
/// for everyone but a customer's own users, for them as the company profile says.
async fn portal_shows(ctx: &Context<'_>, field: fn(PortalFields) -> bool) -> Result<bool> {
    if !matches!(caller(ctx)?.principal, crm_core::principal::Principal::Customer { .. }) {
        return Ok(true);
    }
    Ok(field(crm_company::profile::portal_fields(&app(ctx)?.db.read).await?))
}
