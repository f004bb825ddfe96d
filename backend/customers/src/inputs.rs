//! Inputs of customer and contact operations. They are plain data shared by the GraphQL
//! mutations and by in-process callers (the demo seeder, imports); the service validates them
//! into domain values, so no caller can skip validation.

use super::domain::{Channel, ConsentSource, ConsentStatus, CustomerKind, Lifecycle};
use async_graphql::{Enum, InputObject, MaybeUndefined, ID};
use crm_core::filters::{DateTimeFilter, IdFilter, OrderDirection, StringFilter};
use rust_decimal::Decimal;

/// A postal address. `country` is an ISO 3166-1 alpha-2 code; country, region and city are
/// the geography dimension of analytics.
#[derive(InputObject, Debug, Clone, Default)]
pub struct AddressInput {
    /// Street and number.
    pub street: Option<String>,
    /// Postal code.
    pub postal_code: Option<String>,
    /// City.
    pub city: Option<String>,
    /// Region, state or province.
    pub region: Option<String>,
    /// ISO 3166-1 alpha-2 code, e.g. `IT`.
    pub country: Option<String>,
}

/// An amount of money: a non-negative decimal and an ISO 4217 currency code.
#[derive(InputObject, Debug, Clone)]
pub struct MoneyInput {
    /// Amount.
    pub amount: Decimal,
    /// ISO 4217 code, e.g. `EUR`.
    pub currency: String,
}

/// An email address of a contact.
#[derive(InputObject, Debug, Clone)]
pub struct EmailInput {
    /// Postal address.
    pub address: String,
    /// Free label such as "work" or "home".
    pub label: Option<String>,
}

/// A phone number of a contact; national numbers are read in the customer's country and
/// stored in E.164.
#[derive(InputObject, Debug, Clone)]
pub struct PhoneInput {
    /// Number.
    pub number: String,
    /// Free label such as "mobile" or "office".
    pub label: Option<String>,
}

/// A consent answer for one channel; the server records when.
#[derive(InputObject, Debug, Clone)]
pub struct ConsentInput {
    /// The channel.
    pub channel: Channel,
    /// Consent statuses to match.
    pub status: ConsentStatus,
    /// How the answer was collected.
    pub source: ConsentSource,
    /// Optional detail, e.g. the form or call reference.
    pub note: Option<String>,
}

/// A contact person.
#[derive(InputObject, Debug, Clone, Default)]
pub struct ContactInput {
    /// Given name.
    pub first_name: String,
    /// Family name.
    pub last_name: String,
    /// Job title or role at the customer.
    pub job_title: Option<String>,
    /// Email addresses.
    #[graphql(default)]
    pub emails: Vec<EmailInput>,
    /// Phone numbers.
    #[graphql(default)]
    pub phones: Vec<PhoneInput>,
    /// The channel the contact prefers.
    pub preferred_channel: Option<Channel>,
    /// Consent answers, one per channel at most.
    #[graphql(default)]
    pub consents: Vec<ConsentInput>,
}

/// Input of createCustomer.
#[derive(InputObject, Debug, Clone)]
pub struct CreateCustomerInput {
    /// Kind of record.
    pub kind: CustomerKind,
    /// Name.
    pub name: String,
    /// The customer's id in another system (an ERP, the CRM it came from), at most 100
    /// characters; unique: a second customer with it is a CONFLICT.
    pub external_id: Option<String>,
    /// Defaults to PROSPECT.
    pub lifecycle: Option<Lifecycle>,
    /// Industry or sector.
    pub industry: Option<String>,
    /// Labels (lower-cased, deduplicated).
    #[graphql(default)]
    pub tags: Vec<String>,
    /// Postal address.
    pub address: Option<AddressInput>,
    /// The responsible sales rep; defaults to the creating sales rep.
    pub owner_id: Option<ID>,
    /// The partner organisation the customer is assigned to.
    pub partner_id: Option<ID>,
    /// Most credit extended to the customer.
    pub credit_limit: Option<MoneyInput>,
    /// The main contact; required for a PERSON customer (the person).
    pub primary_contact: Option<ContactInput>,
    /// Create even if the contact's email or phone already belongs to another customer.
    #[graphql(default)]
    pub allow_duplicate: bool,
}

/// Changes to a customer. Omitted fields keep their value; `null` clears a clearable one.
#[derive(InputObject, Debug, Clone)]
pub struct UpdateCustomerInput {
    /// Id of the record.
    pub id: ID,
    /// The version the change is based on; a newer stored version is a CONFLICT.
    pub version: i32,
    /// Name.
    pub name: Option<String>,
    /// The customer's id in another system; unique.
    pub external_id: MaybeUndefined<String>,
    /// Stage of the relationship.
    pub lifecycle: Option<Lifecycle>,
    /// Industry or sector.
    pub industry: MaybeUndefined<String>,
    /// Labels (lower-cased, deduplicated).
    pub tags: Option<Vec<String>>,
    /// Postal address.
    pub address: MaybeUndefined<AddressInput>,
    /// Owner (sales rep).
    pub owner_id: MaybeUndefined<ID>,
    /// Partner organisation.
    pub partner_id: MaybeUndefined<ID>,
    /// Most credit extended to the customer.
    pub credit_limit: MaybeUndefined<MoneyInput>,
}

pub use crm_core::inputs::VersionedId;

/// Input of createContact.
#[derive(InputObject, Debug, Clone)]
pub struct CreateContactInput {
    /// The customer.
    pub customer_id: ID,
    /// Contact.
    #[graphql(flatten)]
    pub contact: ContactInput,
    /// Make this the customer's primary contact.
    #[graphql(default)]
    pub primary: bool,
    /// Create even if an email or phone already belongs to another contact.
    #[graphql(default)]
    pub allow_duplicate: bool,
}

/// Changes to a contact. Omitted fields keep their value; `null` clears a clearable one.
#[derive(InputObject, Debug, Clone)]
pub struct UpdateContactInput {
    /// Id of the record.
    pub id: ID,
    /// The version the change is based on; a newer stored version is a CONFLICT.
    pub version: i32,
    /// Given name.
    pub first_name: Option<String>,
    /// Family name.
    pub last_name: Option<String>,
    /// Job title or role at the customer.
    pub job_title: MaybeUndefined<String>,
    /// Replaces all email addresses.
    pub emails: Option<Vec<EmailInput>>,
    /// Replaces all phone numbers.
    pub phones: Option<Vec<PhoneInput>>,
    /// The channel the contact prefers.
    pub preferred_channel: MaybeUndefined<Channel>,
    /// `true` makes this the customer's primary contact (the previous one stops being it);
    /// `false` leaves the customer without one. Needs the right to add and archive contacts.
    pub primary: Option<bool>,
}

/// Input of updateContactConsent: consent answers for some channels.
#[derive(InputObject, Debug, Clone)]
pub struct UpdateContactConsentInput {
    /// The contact.
    pub contact_id: ID,
    /// The version the change is based on; a newer stored version is a CONFLICT.
    pub version: i32,
    /// One answer per channel to change; other channels keep theirs.
    pub consents: Vec<ConsentInput>,
}

/// Tag filter: customers with any of / all of the tags.
#[derive(InputObject, Debug, Clone, Default)]
pub struct TagFilter {
    /// At least one of these tags.
    pub any_of: Option<Vec<String>>,
    /// Every one of these tags.
    pub all_of: Option<Vec<String>>,
}

/// Typed filter of the customers list; all given conditions must hold.
#[derive(InputObject, Debug, Clone, Default)]
pub struct CustomerFilter {
    /// Text in the name, a contact's name, an email (prefix) or a phone number (digits).
    pub search: Option<String>,
    /// Kind of record.
    pub kind: Option<CustomerKindFilter>,
    /// Stage of the relationship.
    pub lifecycle: Option<LifecycleFilter>,
    /// ISO country codes.
    pub country: Option<StringFilter>,
    /// Region, state or province.
    pub region: Option<StringFilter>,
    /// City.
    pub city: Option<StringFilter>,
    /// Owner (sales rep).
    pub owner_id: Option<IdFilter>,
    /// Partner organisation.
    pub partner_id: Option<IdFilter>,
    /// Labels (lower-cased, deduplicated).
    pub tags: Option<TagFilter>,
    /// Creation time range.
    pub created_at: Option<DateTimeFilter>,
    /// Last-change time range.
    pub updated_at: Option<DateTimeFilter>,
    /// `false` (default): active customers; `true`: archived ones only.
    pub archived: Option<bool>,
}

/// Sortable customer fields (`crm-contract`, shared with the browser app).
pub use crm_contract::customers::CustomerOrderField;

/// Sort order of the customers list.
#[derive(InputObject, Debug, Clone, Copy)]
pub struct CustomerOrder {
    /// Field to sort by.
    pub field: CustomerOrderField,
    /// Sort direction.
    #[graphql(default)]
    pub direction: OrderDirection,
}

/// Consent filter: contacts whose consent on `channel` is one of the statuses.
#[derive(InputObject, Debug, Clone)]
pub struct ConsentFilter {
    /// The channel.
    pub channel: Channel,
    /// Consent statuses to match.
    pub status: ConsentStatusFilter,
}

/// Typed filter of the contacts list.
#[derive(InputObject, Debug, Clone, Default)]
pub struct ContactFilter {
    /// Text in the name, an email (prefix) or a phone number (digits).
    pub search: Option<String>,
    /// The customer.
    pub customer_id: Option<IdFilter>,
    /// Consent.
    pub consent: Option<ConsentFilter>,
    /// Creation time range.
    pub created_at: Option<DateTimeFilter>,
    /// `false` (default): active contacts; `true`: archived ones only.
    pub archived: Option<bool>,
}

/// Sortable contact fields.
#[derive(Enum, Debug, Clone, Copy, PartialEq, Eq)]
pub enum ContactOrderField {
    /// Last name, then first name.
    Name,
    /// Creation time.
    CreatedAt,
}

/// Sort order of the contacts list.
#[derive(InputObject, Debug, Clone, Copy)]
pub struct ContactOrder {
    /// Field to sort by.
    pub field: ContactOrderField,
    /// Sort direction.
    #[graphql(default)]
    pub direction: OrderDirection,
}

crm_core::enum_filter!(CustomerKindFilter, CustomerKind);
crm_core::enum_filter!(LifecycleFilter, Lifecycle);
crm_core::enum_filter!(ConsentStatusFilter, ConsentStatus);

/// Input of bulkUpdateCustomers: one change applied to several customers at once, all or
/// none.
#[derive(InputObject, Debug, Clone)]
pub struct BulkUpdateCustomersInput {
    /// The customers (1 to 250).
    pub ids: Vec<ID>,
    /// A new owner (sales managers and admins); absent or null: owners unchanged.
    pub owner: Option<BulkOwnerInput>,
    /// Tags to add to each.
    #[graphql(default)]
    pub add_tags: Vec<String>,
    /// Tags to remove from each.
    #[graphql(default)]
    pub remove_tags: Vec<String>,
    /// `true`: archive them; `false`: restore them.
    pub archived: Option<bool>,
}

/// The owner a bulk change gives the customers.
#[derive(InputObject, Debug, Clone)]
pub struct BulkOwnerInput {
    /// An active staff user; null: no owner.
    pub owner_id: Option<ID>,
}
