//! Every word the app shows, in English and Italian.
//!
//! One struct with a field per text: a locale that misses a text does not compile, so a
//! half-translated screen cannot ship. Formatting of dates, numbers and money is the
//! browser's `Intl` (see [`crate::format`]), not tables here. The locale comes from the
//! browser's languages, and the switch in the header remembers the choice.

use leptos::prelude::*;

use crate::api::types::{
    AuditAction, Channel, ConsentSource, ConsentStatus, CustomerKind, EntityType, Lifecycle, PartnerKind, StaffRole, UserKind,
};
use crate::api::InputReason;

pub mod api_keys;
pub mod bulk;
pub mod calls;
pub mod chat;
pub mod company;
pub mod dates;
pub mod discounts;
pub mod email;
pub mod exports;
pub mod history;
pub mod home;
pub mod imports;
pub mod knowledge;
pub mod metrics;
pub mod notes;
pub mod sales;
pub mod scripts;
pub mod service;
pub mod settings;
pub mod tasks;
pub mod timeline;

/// A language of the app.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Locale {
    En,
    It,
}

impl Locale {
    pub const ALL: [Locale; 2] = [Locale::En, Locale::It];

    /// BCP 47 tag, for `<html lang>` and `Intl`.
    pub fn tag(self) -> &'static str {
        match self {
            Locale::En => "en",
            Locale::It => "it",
        }
    }

    /// The language's own name, for the switch.
    pub fn native_name(self) -> &'static str {
        match self {
            Locale::En => "English",
            Locale::It => "Italiano",
        }
    }

    /// The first supported language among the browser's preferences (English otherwise).
    pub fn negotiate<'a>(preferred: impl IntoIterator<Item = &'a str>) -> Locale {
        preferred
            .into_iter()
            .find_map(|tag| {
                let primary = tag.split(['-', '_']).next().unwrap_or_default().to_ascii_lowercase();
                Locale::ALL.into_iter().find(|locale| locale.tag() == primary)
            })
            .unwrap_or(Locale::En)
    }

    pub fn texts(self) -> &'static Texts {
        match self {
            Locale::En => &EN,
            Locale::It => &IT,
        }
    }
}

/// The app's current language, shared through the component tree.
#[derive(Clone, Copy)]
pub struct I18n {
    pub locale: RwSignal<Locale>,
}

impl I18n {
    /// The texts of the current language (reactive: call inside a closure of the view).
    pub fn t(&self) -> &'static Texts {
        self.locale.get().texts()
    }

    /// The current locale's tag, for formatting.
    pub fn tag(&self) -> &'static str {
        self.locale.get().tag()
    }
}

/// The status a `WRONG_STATUS` refusal names, as the person reads it: an order's status by
/// its label, any other (a quote's) as the API spells it.
fn status_name(t: &sales::Labels, status: &str) -> String {
    crate::api::types::OrderStatus::from_api(status).map_or_else(|| status.to_owned(), |status| (t.order_status_label)(status).to_owned())
}

/// The texts of a module kept out of the shell's [`Texts`]: only the screens that name them
/// load them (`company.rs`, `metrics.rs`, `dates.rs`). Read with [`I18n::of`] or [`tr_of`].
pub trait Split: Sync + 'static {
    /// The table of each language, in [`Locale::ALL`]'s order.
    fn tables() -> [&'static Self; 2];
}

impl I18n {
    /// A split-out module's texts in the current language (reactive, like [`I18n::t`]).
    pub fn of<T: Split>(&self) -> &'static T {
        let [en, it] = T::tables();
        match self.locale.get() {
            Locale::En => en,
            Locale::It => it,
        }
    }
}

/// [`tr`] for a split-out module's texts.
pub fn tr_of<T: Split>(pick: fn(&'static T) -> &'static str) -> impl Fn() -> &'static str + Copy + Send + Sync + 'static {
    let i18n = use_i18n();
    move || pick(i18n.of::<T>())
}

pub fn use_i18n() -> I18n {
    expect_context::<I18n>()
}

/// A text of the current language that follows the language switch, for a view: `{tr(|t|
/// t.save)}`, `aria-label=tr(|t| t.search)`. Every call returns the same closure type, so the
/// view code that renders it exists once in the wasm; a `move || i18n.t().save` closure per
/// text would be a type, and a copy of that code, of its own.
pub fn tr(pick: fn(&'static Texts) -> &'static str) -> impl Fn() -> &'static str + Copy + Send + Sync + 'static {
    let i18n = use_i18n();
    move || pick(i18n.t())
}

/// Every text of the app. Functions build sentences that carry values.
pub struct Texts {
    pub app_name: &'static str,
    pub partner_portal: &'static str,
    pub self_service: &'static str,
    pub skip_to_content: &'static str,
    pub language: &'static str,
    pub loading: &'static str,
    pub save: &'static str,
    pub cancel: &'static str,
    pub edit: &'static str,
    pub reload: &'static str,
    pub none: &'static str,
    pub any: &'static str,
    pub previous: &'static str,
    pub next: &'static str,
    // Session
    pub sign_in: &'static str,
    pub sign_in_title: &'static str,
    pub sign_out: &'static str,
    pub email: &'static str,
    pub password: &'static str,
    pub wrong_credentials: &'static str,
    pub session_ended: &'static str,
    // Navigation
    pub main_navigation: &'static str,
    pub nav_customers: &'static str,
    pub nav_my_profile: &'static str,
    pub nav_tickets: &'static str,
    pub nav_knowledge: &'static str,
    pub nav_users: &'static str,
    pub nav_partners: &'static str,
    pub nav_api_keys: &'static str,
    // Errors
    pub error_not_found: &'static str,
    pub error_forbidden: &'static str,
    pub error_conflict: &'static str,
    pub error_rate_limited: &'static str,
    pub error_network: &'static str,
    pub error_other: &'static str,
    pub page_not_found: &'static str,
    /// Why the server refused a value (`extensions.reason`), shown next to the field.
    pub input_reason: fn(&InputReason) -> String,
    // Customers list
    pub customers: &'static str,
    pub new_customer: &'static str,
    pub export_customers: &'static str,
    pub search: &'static str,
    pub search_placeholder: &'static str,
    pub filters: &'static str,
    pub clear_filters: &'static str,
    pub columns: &'static str,
    pub sort_by: &'static str,
    pub ascending: &'static str,
    pub descending: &'static str,
    pub show_archived: &'static str,
    pub tags_filter_hint: &'static str,
    pub no_customers: &'static str,
    /// The count, and the count formatted for the locale.
    pub customers_count: fn(i64, &str) -> String,
    pub page_of: fn(usize, usize) -> String,
    // Customer fields
    pub name: &'static str,
    pub kind: &'static str,
    pub lifecycle: &'static str,
    pub industry: &'static str,
    pub external_id: &'static str,
    pub external_id_hint: &'static str,
    pub tags: &'static str,
    pub tags_hint: &'static str,
    pub address: &'static str,
    pub street: &'static str,
    pub postal_code: &'static str,
    pub city: &'static str,
    pub region: &'static str,
    pub country: &'static str,
    pub owner: &'static str,
    pub partner: &'static str,
    pub credit_limit: &'static str,
    pub currency: &'static str,
    pub created: &'static str,
    pub updated: &'static str,
    pub archived: &'static str,
    pub archived_on: fn(&str) -> String,
    // Customer 360
    pub profile: &'static str,
    pub contacts: &'static str,
    pub history: &'static str,
    pub archive: &'static str,
    pub restore: &'static str,
    pub archive_confirm: &'static str,
    pub no_contacts: &'static str,
    pub no_history: &'static str,
    pub load_more: &'static str,
    pub primary_contact: &'static str,
    pub stale_edit: &'static str,
    pub back_to_list: &'static str,
    // Contacts
    pub first_name: &'static str,
    pub last_name: &'static str,
    pub job_title: &'static str,
    pub emails: &'static str,
    pub phones: &'static str,
    pub phone: &'static str,
    pub add_email: &'static str,
    pub add_phone: &'static str,
    pub email_n: fn(usize) -> String,
    pub phone_n: fn(usize) -> String,
    pub label_n: fn(usize) -> String,
    pub remove_n: fn(usize) -> String,
    pub label_placeholder: &'static str,
    pub remove: &'static str,
    pub add_contact: &'static str,
    pub new_contact: &'static str,
    pub make_primary: &'static str,
    pub archive_contact_confirm: fn(&str) -> String,
    pub archived_contacts: &'static str,
    pub no_archived_contacts: &'static str,
    pub contact_duplicate_found: &'static str,
    pub add_anyway: &'static str,
    // Saved views
    pub views: &'static str,
    pub all_records: &'static str,
    pub unsaved_view: &'static str,
    pub save_view: &'static str,
    pub delete_view: &'static str,
    pub view_name: &'static str,
    pub share_view: &'static str,
    pub view_shared_by_colleague: fn(&str) -> String,
    pub my_customers: &'static str,
    pub account_manager: &'static str,
    pub preferred_channel: &'static str,
    pub consent: &'static str,
    pub consent_recorded: fn(&str, &str) -> String,
    pub edit_contact: &'static str,
    pub edit_consent: &'static str,
    pub consent_source: &'static str,
    pub consent_note: &'static str,
    // Create / edit
    pub create_customer: &'static str,
    pub edit_customer: &'static str,
    pub duplicate_found: &'static str,
    pub open_existing: &'static str,
    pub create_anyway: &'static str,
    pub not_assigned: &'static str,
    pub assignment: &'static str,
    // Admin
    pub users: &'static str,
    pub new_user: &'static str,
    /// The count, and the count formatted for the locale.
    pub users_count: fn(i64, &str) -> String,
    pub display_name: &'static str,
    pub role: &'static str,
    pub active: &'static str,
    pub inactive: &'static str,
    pub user_kind: &'static str,
    pub customer: &'static str,
    pub new_password: &'static str,
    pub password_hint: &'static str,
    pub deactivate: &'static str,
    pub activate: &'static str,
    pub partners: &'static str,
    pub new_partner: &'static str,
    /// The count, and the count formatted for the locale.
    pub partners_count: fn(i64, &str) -> String,
    pub api_keys: &'static str,
    pub new_api_key: &'static str,
    /// The count, and the count formatted for the locale.
    pub api_keys_count: fn(i64, &str) -> String,
    pub key_name: &'static str,
    pub scopes: &'static str,
    pub expires: &'static str,
    pub last_used: &'static str,
    pub revoked: &'static str,
    pub revoke: &'static str,
    pub never: &'static str,
    pub show_revoked: &'static str,
    pub secret_once: &'static str,
    pub prefix: &'static str,
    // Self-service
    pub my_profile: &'static str,
    pub my_contacts: &'static str,
    pub self_service_intro: &'static str,
    // Enums
    pub lifecycle_label: fn(Lifecycle) -> &'static str,
    pub customer_kind_label: fn(CustomerKind) -> &'static str,
    pub channel_label: fn(Channel) -> &'static str,
    pub consent_status_label: fn(ConsentStatus) -> &'static str,
    pub consent_source_label: fn(ConsentSource) -> &'static str,
    pub role_label: fn(StaffRole) -> &'static str,
    pub user_kind_label: fn(UserKind) -> &'static str,
    pub partner_kind_label: fn(PartnerKind) -> &'static str,
    /// What happened to a record of this kind (Italian past participles agree with its gender).
    pub audit_action_label: fn(AuditAction, Option<EntityType>) -> &'static str,
    pub entity_label: fn(EntityType) -> &'static str,
    /// Texts of the sales screens (pipeline, opportunities, catalog), in `sales.rs`.
    pub sales_labels: &'static sales::Labels,
    /// The language of this table, for the split-out tables' accessors (`t.sales()`).
    pub locale: Locale,
    /// Texts of discount approval, in `discounts.rs`.
    pub discounts: &'static discounts::Texts,
    /// Texts of the notes, in `notes.rs`.
    pub notes: &'static notes::Texts,
    /// Texts of the home screen, in `home.rs`.
    pub home: &'static home::Texts,
    /// Texts of the settings home and menu, in `settings.rs`.
    pub settings: &'static settings::Texts,
    /// The originals beside a total converted into the corporate currency ("from €1.00 + $2.00").
    pub from_originals: fn(&str) -> String,
}

pub static EN: Texts = Texts {
    app_name: "CRM",
    partner_portal: "Partner portal",
    self_service: "Customer area",
    skip_to_content: "Skip to content",
    language: "Language",
    loading: "Loading…",
    save: "Save",
    cancel: "Cancel",
    edit: "Edit",
    reload: "Reload",
    none: "—",
    any: "Any",
    previous: "Previous",
    next: "Next",
    sign_in: "Sign in",
    sign_in_title: "Sign in to the CRM",
    sign_out: "Sign out",
    email: "Email",
    password: "Password",
    wrong_credentials: "The email or the password is wrong.",
    session_ended: "Your session has ended. Please sign in again.",
    main_navigation: "Main navigation",
    nav_customers: "Customers",
    nav_my_profile: "My profile",
    nav_tickets: "Tickets",
    nav_knowledge: "Help articles",
    nav_users: "Users",
    nav_partners: "Partners",
    nav_api_keys: "API keys",
    error_not_found: "Not found: it does not exist or you cannot see it.",
    error_forbidden: "You are not allowed to do this.",
    error_conflict: "Someone else changed this record meanwhile.",
    error_rate_limited: "Too many requests. Wait a moment and try again.",
    error_network: "The server cannot be reached. Check your connection and try again.",
    error_other: "Something went wrong.",
    page_not_found: "This page does not exist.",
    input_reason: |reason| match reason {
        InputReason::Required | InputReason::Blank => "Required.".into(),
        InputReason::TooShort { min } => format!("At least {min} characters."),
        InputReason::TooLong { max } => format!("At most {max} characters."),
        InputReason::TooMany { max: 1 } => "Only one is allowed.".into(),
        InputReason::TooMany { max } => format!("At most {max} entries."),
        InputReason::OutOfRange { min, max } => format!("Must be between {min} and {max}."),
        InputReason::InvalidEmail { .. } => "Not a valid email address.".into(),
        InputReason::InvalidPhone { .. } => "Not a valid phone number: use the international format, e.g. +39 02 1234 5678.".into(),
        InputReason::UnknownCountry { .. } => "Unknown country code.".into(),
        InputReason::UnknownCurrency { .. } => "Unknown currency code.".into(),
        InputReason::NegativeAmount => "The amount cannot be negative.".into(),
        InputReason::TooManyDecimals { max } => format!("At most {max} decimal places."),
        InputReason::AmountTooLarge { .. } => "The amount is too large.".into(),
        InputReason::TagLength { min, max } => format!("Each tag has {min} to {max} characters."),
        InputReason::InvalidTag { value: tag } => format!("The tag “{tag}” may contain only letters, digits, spaces, - and _."),
        InputReason::Duplicate { value } => format!("“{value}” is listed twice."),
        InputReason::DuplicateChannel { .. } => "Only one answer per channel.".into(),
        InputReason::PasswordTooShort { min } => format!("The password needs at least {min} characters."),
        InputReason::PasswordTooLong { .. } => "The password is too long.".into(),
        InputReason::EmailTaken { .. } => "A user with this email already exists.".into(),
        InputReason::AlreadyExists => "Another record already has this value.".into(),
        InputReason::UnknownReference => "It does not exist or is no longer active.".into(),
        InputReason::InvalidId { .. } => "Not a valid id.".into(),
        InputReason::InvalidCursor => "This page is out of date. Reload the list.".into(),
        InputReason::MutuallyExclusive { .. } => "These options cannot be combined.".into(),
        InputReason::NotInFuture => "Choose a date in the future.".into(),
        InputReason::NotApplicable => "Not applicable here.".into(),
        InputReason::CannotDeactivateSelf => "You cannot deactivate your own account.".into(),
        InputReason::CurrencyMismatch { expected } => format!("The amount must be in {expected}."),
        InputReason::DealNotApproved => "The deal registration has not been approved yet.".into(),
        InputReason::AlreadyReviewed => "This deal registration was already reviewed.".into(),
        InputReason::InvalidRequest => "The request is not valid. Reload the page and try again.".into(),
        InputReason::ResyncRequired => "This page was away too long to catch up. Reload it.".into(),
        InputReason::UnreadableValue { value } => format!("“{value}” cannot be read as this column's field."),
        InputReason::InvalidUrl { value } => format!("“{value}” is not a web address: start it with https://."),
        InputReason::InvalidTimeZone { value } => format!("“{value}” is not a time zone: write it as Europe/Rome."),
        InputReason::InvalidWorkingHours { value } => format!("{value}: write the hours as 09:00 to 13:00, without overlaps."),
        InputReason::SurveyClosed => "This survey was already answered, or its link has expired.".into(),
        InputReason::ScriptInvalid { problems } => format!("The script has {problems} problem(s) to fix before it can be published."),
        InputReason::UnknownLanguage { value } => format!("“{value}” is not a language code: write it as en or it."),
        InputReason::InvalidImage { max_bytes, max_pixels } => {
            format!("Choose a PNG or JPEG image of at most {} kB and {max_pixels} pixels a side.", max_bytes / 1024)
        }
        InputReason::InvalidSku { value } => format!("“{value}” is not a valid SKU: use letters, digits, -, _ and . only."),
        InputReason::SkuTaken { value } => format!("Another product already has the SKU {value}."),
        InputReason::LeadNotQualified => "Only qualified leads can be converted: set the status to Qualified first.".into(),
        InputReason::WrongStatus { status } => format!("Not possible while the status is {}.", status_name(&sales::EN_LABELS, status)),
    },
    customers: "Customers",
    new_customer: "New customer",
    export_customers: "Export",
    search: "Search",
    search_placeholder: "Name, contact, email or phone",
    filters: "Filters",
    clear_filters: "Clear filters",
    columns: "Columns",
    sort_by: "Sort by",
    ascending: "Ascending",
    descending: "Descending",
    show_archived: "Archived only",
    tags_filter_hint: "Any of these tags, comma-separated",
    no_customers: "No customers match.",
    customers_count: |n, shown| if n == 1 { "1 customer".into() } else { format!("{shown} customers") },
    page_of: |from, to| format!("{from}–{to}"),
    name: "Name",
    kind: "Kind",
    lifecycle: "Lifecycle",
    industry: "Industry",
    external_id: "External id",
    external_id_hint: "Its id in another system (ERP, old CRM).",
    tags: "Tags",
    tags_hint: "Comma-separated",
    address: "Address",
    street: "Street",
    postal_code: "Postal code",
    city: "City",
    region: "Region",
    country: "Country",
    owner: "Owner",
    partner: "Partner",
    credit_limit: "Credit limit",
    currency: "Currency",
    created: "Created",
    updated: "Updated",
    archived: "Archived",
    archived_on: |date| format!("Archived on {date}"),
    profile: "Profile",
    contacts: "Contacts",
    history: "History",
    archive: "Archive",
    restore: "Restore",
    archive_confirm: "Archive this customer? It disappears from lists until restored.",
    no_contacts: "No contacts.",
    no_history: "No changes recorded.",
    load_more: "Load more",
    primary_contact: "Primary contact",
    stale_edit: "Someone else changed this customer while you were editing. Reload to see their changes, then edit again.",
    back_to_list: "Back to customers",
    first_name: "First name",
    last_name: "Last name",
    job_title: "Job title",
    emails: "Emails",
    phones: "Phones",
    phone: "Phone",
    add_email: "Add email",
    add_phone: "Add phone number",
    email_n: |n| format!("Email {n}"),
    phone_n: |n| format!("Phone number {n}"),
    label_n: |n| format!("Label of entry {n}"),
    remove_n: |n| format!("Remove entry {n}"),
    label_placeholder: "Label (work, home…)",
    remove: "Remove",
    add_contact: "Add contact",
    new_contact: "New contact",
    make_primary: "Make primary",
    archive_contact_confirm: |name| format!("Archive {name}? The contact stays in the history and can be restored."),
    archived_contacts: "Archived contacts",
    no_archived_contacts: "No archived contacts.",
    contact_duplicate_found: "Another contact already has this email or phone number.",
    add_anyway: "Add anyway",
    views: "View",
    all_records: "All",
    unsaved_view: "Unsaved view",
    save_view: "Save view",
    delete_view: "Delete view",
    view_name: "Name of the view",
    share_view: "Share with colleagues",
    view_shared_by_colleague: |name| format!("{name} (shared)"),
    my_customers: "My customers",
    account_manager: "Your account manager",
    preferred_channel: "Preferred channel",
    consent: "Marketing consent",
    consent_recorded: |date, source| format!("{date}, {source}"),
    edit_contact: "Edit contact",
    edit_consent: "Change consent",
    consent_source: "How it was given",
    consent_note: "Note (form or call reference)",
    create_customer: "Create customer",
    edit_customer: "Edit customer",
    duplicate_found: "This customer may already exist: one with the same name and city, or the same email or phone number, is on file.",
    open_existing: "Open the existing customer",
    create_anyway: "Create anyway",
    not_assigned: "Not assigned",
    assignment: "Assignment and credit",
    users: "Users",
    new_user: "New user",
    users_count: |n, formatted| if n == 1 { "1 user".into() } else { format!("{formatted} users") },
    display_name: "Display name",
    role: "Role",
    active: "Active",
    inactive: "Inactive",
    user_kind: "Account kind",
    customer: "Customer",
    new_password: "New password",
    password_hint: "At least 10 characters",
    deactivate: "Deactivate",
    activate: "Activate",
    partners: "Partner organisations",
    new_partner: "New partner organisation",
    partners_count: |n, formatted| if n == 1 { "1 partner organisation".into() } else { format!("{formatted} partner organisations") },
    api_keys: "API keys",
    new_api_key: "New API key",
    api_keys_count: |n, formatted| if n == 1 { "1 API key".into() } else { format!("{formatted} API keys") },
    key_name: "What it is for",
    scopes: "Scopes",
    expires: "Expires",
    last_used: "Last used",
    revoked: "Revoked",
    revoke: "Revoke",
    never: "Never",
    show_revoked: "Show revoked keys",
    secret_once: "Copy the key now: it will not be shown again.",
    prefix: "Prefix",
    my_profile: "My profile",
    my_contacts: "My contact details",
    self_service_intro: "Keep your contact details up to date and choose how we may contact you.",
    lifecycle_label: |v| match v {
        Lifecycle::Prospect => "Prospect",
        Lifecycle::Customer => "Customer",
        Lifecycle::Former => "Former customer",
    },
    customer_kind_label: |v| match v {
        CustomerKind::Person => "Person",
        CustomerKind::Company => "Company",
    },
    channel_label: |v| match v {
        Channel::Email => "Email",
        Channel::Phone => "Phone",
        Channel::Sms => "SMS",
        Channel::Post => "Post",
    },
    consent_status_label: |v| match v {
        ConsentStatus::Unknown => "Not asked",
        ConsentStatus::Granted => "Granted",
        ConsentStatus::Withdrawn => "Withdrawn",
    },
    consent_source_label: |v| match v {
        ConsentSource::WebForm => "web form",
        ConsentSource::SelfService => "self-service",
        ConsentSource::PhoneCall => "phone call",
        ConsentSource::Email => "email",
        ConsentSource::PaperForm => "paper form",
        ConsentSource::InPerson => "in person",
        ConsentSource::Import => "import",
        ConsentSource::Partner => "partner",
    },
    role_label: |v| match v {
        StaffRole::Admin => "Administrator",
        StaffRole::SalesManager => "Sales manager",
        StaffRole::SalesRep => "Sales rep",
        StaffRole::Marketer => "Marketer",
        StaffRole::ServiceAgent => "Service agent",
        StaffRole::ServiceManager => "Service manager",
        StaffRole::Analyst => "Analyst",
    },
    user_kind_label: |v| match v {
        UserKind::Staff => "Staff",
        UserKind::Partner => "Partner user",
        UserKind::Customer => "Customer user",
    },
    partner_kind_label: |v| match v {
        PartnerKind::Reseller => "Reseller",
        PartnerKind::Distributor => "Distributor",
    },
    audit_action_label: |v, _| match v {
        AuditAction::Create => "created",
        AuditAction::Update => "changed",
        AuditAction::Archive => "archived",
        AuditAction::Restore => "restored",
        AuditAction::Revoke => "revoked",
        AuditAction::Delete => "deleted",
    },
    entity_label: |v| match v {
        EntityType::Customer => "Customer",
        EntityType::Contact => "Contact",
        EntityType::User => "User",
        EntityType::PartnerOrganization => "Partner organisation",
        EntityType::ApiKey => "API key",
        EntityType::SalesTeam => "Sales team",
        EntityType::Product => "Product",
        EntityType::PriceBook => "Price book",
        EntityType::PipelineStage => "Pipeline stage",
        EntityType::Opportunity => "Opportunity",
        EntityType::Lead => "Lead",
        EntityType::AssignmentRule => "Assignment rule",
        EntityType::Quote => "Quote",
        EntityType::Order => "Order",
        EntityType::SavedView => "Saved view",
        EntityType::Note => "Note",
        EntityType::DiscountLimit => "Discount limit",
        EntityType::CompanyProfile => "Company profile",
        EntityType::ExchangeRate => "Exchange rate",
        EntityType::ServiceCalendar => "Service calendar",
        EntityType::ServiceQueue => "Service queue",
        EntityType::SlaPolicy => "SLA policy",
        EntityType::Ticket => "Ticket",
        EntityType::TicketMacro => "Macro",
        EntityType::ServiceAgent => "Service agent",
        EntityType::KnowledgeArticle => "Knowledge article",
        EntityType::KnowledgeCategory => "Knowledge category",
        EntityType::Call => "Call",
        EntityType::CallScript => "Call script",
        EntityType::NpsSurvey => "NPS survey",
        EntityType::Task => "Task",
        EntityType::ImportJob => "Import",
    },
    sales_labels: &sales::EN_LABELS,
    locale: Locale::En,
    discounts: &discounts::EN,
    from_originals: |originals| format!("from {originals}"),
    notes: &notes::EN,
    home: &home::EN,
    settings: &settings::EN,
};

pub static IT: Texts = Texts {
    app_name: "CRM",
    partner_portal: "Portale partner",
    self_service: "Area clienti",
    skip_to_content: "Vai al contenuto",
    language: "Lingua",
    loading: "Caricamento…",
    save: "Salva",
    cancel: "Annulla",
    edit: "Modifica",
    reload: "Ricarica",
    none: "—",
    any: "Tutti",
    previous: "Precedenti",
    next: "Successivi",
    sign_in: "Accedi",
    sign_in_title: "Accedi al CRM",
    sign_out: "Esci",
    email: "Email",
    password: "Password",
    wrong_credentials: "Email o password errate.",
    session_ended: "La sessione è scaduta. Accedi di nuovo.",
    main_navigation: "Navigazione principale",
    nav_customers: "Clienti",
    nav_my_profile: "Il mio profilo",
    nav_tickets: "Assistenza",
    nav_knowledge: "Articoli di aiuto",
    nav_users: "Utenti",
    nav_partners: "Partner",
    nav_api_keys: "Chiavi API",
    error_not_found: "Non trovato: non esiste o non hai i permessi per vederlo.",
    error_forbidden: "Non hai i permessi per questa operazione.",
    error_conflict: "Qualcun altro ha modificato questo record nel frattempo.",
    error_rate_limited: "Troppe richieste. Attendi un momento e riprova.",
    error_network: "Il server non è raggiungibile. Controlla la connessione e riprova.",
    error_other: "Si è verificato un errore.",
    page_not_found: "Questa pagina non esiste.",
    input_reason: |reason| match reason {
        InputReason::Required | InputReason::Blank => "Obbligatorio.".into(),
        InputReason::TooShort { min } => format!("Almeno {min} caratteri."),
        InputReason::TooLong { max } => format!("Al massimo {max} caratteri."),
        InputReason::TooMany { max: 1 } => "Ne è ammesso solo uno.".into(),
        InputReason::TooMany { max } => format!("Al massimo {max} voci."),
        InputReason::OutOfRange { min, max } => format!("Deve essere compreso tra {min} e {max}."),
        InputReason::InvalidEmail { .. } => "Indirizzo email non valido.".into(),
        InputReason::InvalidPhone { .. } => "Numero di telefono non valido: usa il formato internazionale, ad es. +39 02 1234 5678.".into(),
        InputReason::UnknownCountry { .. } => "Codice paese sconosciuto.".into(),
        InputReason::UnknownCurrency { .. } => "Codice valuta sconosciuto.".into(),
        InputReason::NegativeAmount => "L'importo non può essere negativo.".into(),
        InputReason::TooManyDecimals { max } => format!("Al massimo {max} cifre decimali."),
        InputReason::AmountTooLarge { .. } => "L'importo è troppo elevato.".into(),
        InputReason::TagLength { min, max } => format!("Ogni etichetta deve avere da {min} a {max} caratteri."),
        InputReason::InvalidTag { value: tag } => format!("L'etichetta «{tag}» può contenere solo lettere, cifre, spazi, - e _."),
        InputReason::Duplicate { value } => format!("«{value}» compare due volte."),
        InputReason::DuplicateChannel { .. } => "Una sola risposta per canale.".into(),
        InputReason::PasswordTooShort { min } => format!("La password deve avere almeno {min} caratteri."),
        InputReason::PasswordTooLong { .. } => "La password è troppo lunga.".into(),
        InputReason::EmailTaken { .. } => "Esiste già un utente con questa email.".into(),
        InputReason::AlreadyExists => "Un altro elemento ha già questo valore.".into(),
        InputReason::UnknownReference => "Non esiste o non è più attivo.".into(),
        InputReason::InvalidId { .. } => "Identificativo non valido.".into(),
        InputReason::InvalidCursor => "Questa pagina non è più aggiornata. Ricarica l'elenco.".into(),
        InputReason::MutuallyExclusive { .. } => "Queste opzioni non si possono combinare.".into(),
        InputReason::NotInFuture => "Scegli una data futura.".into(),
        InputReason::NotApplicable => "Non previsto in questo caso.".into(),
        InputReason::CannotDeactivateSelf => "Non puoi disattivare il tuo account.".into(),
        InputReason::CurrencyMismatch { expected } => format!("L'importo deve essere in {expected}."),
        InputReason::DealNotApproved => "La registrazione della trattativa non è ancora stata approvata.".into(),
        InputReason::AlreadyReviewed => "Questa registrazione è già stata esaminata.".into(),
        InputReason::InvalidRequest => "La richiesta non è valida. Ricarica la pagina e riprova.".into(),
        InputReason::ResyncRequired => "Questa pagina è rimasta chiusa troppo a lungo per aggiornarsi. Ricaricala.".into(),
        InputReason::UnreadableValue { value } => format!("«{value}» non si può leggere come valore di questa colonna."),
        InputReason::InvalidUrl { value } => format!("«{value}» non è un indirizzo web: inizia con https://."),
        InputReason::InvalidTimeZone { value } => format!("«{value}» non è un fuso orario: scrivilo come Europe/Rome."),
        InputReason::InvalidWorkingHours { value } => format!("{value}: scrivi l'orario come 09:00–13:00, senza sovrapposizioni."),
        InputReason::SurveyClosed => "Questo questionario ha già una risposta, o il suo link è scaduto.".into(),
        InputReason::ScriptInvalid { problems } => format!("Lo script ha {problems} problemi da correggere prima della pubblicazione."),
        InputReason::UnknownLanguage { value } => format!("«{value}» non è un codice di lingua: scrivilo come it o en."),
        InputReason::InvalidImage { max_bytes, max_pixels } => {
            format!("Scegli un'immagine PNG o JPEG di al massimo {} kB e {max_pixels} pixel per lato.", max_bytes / 1024)
        }
        InputReason::InvalidSku { value } => format!("«{value}» non è un codice articolo valido: usa solo lettere, cifre, -, _ e punti."),
        InputReason::SkuTaken { value } => format!("Un altro prodotto ha già il codice articolo {value}."),
        InputReason::LeadNotQualified => "Si possono convertire solo i lead qualificati: imposta prima lo stato Qualificato.".into(),
        InputReason::WrongStatus { status } => format!("Non è possibile con lo stato {}.", status_name(&sales::IT_LABELS, status)),
    },
    customers: "Clienti",
    new_customer: "Nuovo cliente",
    export_customers: "Esporta",
    search: "Cerca",
    search_placeholder: "Nome, contatto, email o telefono",
    filters: "Filtri",
    clear_filters: "Azzera filtri",
    columns: "Colonne",
    sort_by: "Ordina per",
    ascending: "Crescente",
    descending: "Decrescente",
    show_archived: "Solo archiviati",
    tags_filter_hint: "Almeno una di queste etichette, separate da virgole",
    no_customers: "Nessun cliente corrisponde.",
    customers_count: |n, shown| if n == 1 { "1 cliente".into() } else { format!("{shown} clienti") },
    page_of: |from, to| format!("{from}–{to}"),
    name: "Nome",
    kind: "Tipo",
    lifecycle: "Stato",
    industry: "Settore",
    external_id: "Codice esterno",
    external_id_hint: "Il codice in un altro sistema (ERP, vecchio CRM).",
    tags: "Etichette",
    tags_hint: "Separate da virgole",
    address: "Indirizzo",
    street: "Via",
    postal_code: "CAP",
    city: "Città",
    region: "Regione",
    country: "Paese",
    owner: "Responsabile",
    partner: "Partner",
    credit_limit: "Fido",
    currency: "Valuta",
    created: "Creato",
    updated: "Modificato",
    archived: "Archiviato",
    archived_on: |date| format!("Archiviato il {date}"),
    profile: "Profilo",
    contacts: "Contatti",
    history: "Cronologia",
    archive: "Archivia",
    restore: "Ripristina",
    archive_confirm: "Archiviare questo cliente? Sparirà dagli elenchi finché non verrà ripristinato.",
    no_contacts: "Nessun contatto.",
    no_history: "Nessuna modifica registrata.",
    load_more: "Mostra altri",
    primary_contact: "Contatto principale",
    stale_edit: "Qualcun altro ha modificato questo cliente mentre lo stavi modificando. Ricarica per vedere le sue modifiche, poi modifica di nuovo.",
    back_to_list: "Torna ai clienti",
    first_name: "Nome",
    last_name: "Cognome",
    job_title: "Ruolo",
    emails: "Email",
    phones: "Telefoni",
    phone: "Telefono",
    add_email: "Aggiungi email",
    add_phone: "Aggiungi numero di telefono",
    email_n: |n| format!("Email {n}"),
    phone_n: |n| format!("Numero di telefono {n}"),
    label_n: |n| format!("Etichetta della voce {n}"),
    remove_n: |n| format!("Rimuovi la voce {n}"),
    label_placeholder: "Etichetta (lavoro, casa…)",
    remove: "Rimuovi",
    add_contact: "Aggiungi contatto",
    new_contact: "Nuovo contatto",
    make_primary: "Rendi principale",
    archive_contact_confirm: |name| format!("Archiviare {name}? Il contatto resta nello storico e si può ripristinare."),
    archived_contacts: "Contatti archiviati",
    no_archived_contacts: "Nessun contatto archiviato.",
    contact_duplicate_found: "Un altro contatto ha già questa email o questo numero di telefono.",
    add_anyway: "Aggiungi comunque",
    views: "Vista",
    all_records: "Tutti",
    unsaved_view: "Vista non salvata",
    save_view: "Salva vista",
    delete_view: "Elimina vista",
    view_name: "Nome della vista",
    share_view: "Condividi con i colleghi",
    view_shared_by_colleague: |name| format!("{name} (condivisa)"),
    my_customers: "I miei clienti",
    account_manager: "Il tuo referente",
    preferred_channel: "Canale preferito",
    consent: "Consenso marketing",
    consent_recorded: |date, source| format!("{date}, {source}"),
    edit_contact: "Modifica contatto",
    edit_consent: "Modifica consensi",
    consent_source: "Come è stato dato",
    consent_note: "Nota (riferimento del modulo o della chiamata)",
    create_customer: "Crea cliente",
    edit_customer: "Modifica cliente",
    duplicate_found: "Questo cliente potrebbe esistere già: ne è registrato uno con lo stesso nome e la stessa città, o la stessa email o lo stesso numero di telefono.",
    open_existing: "Apri il cliente esistente",
    create_anyway: "Crea comunque",
    not_assigned: "Non assegnato",
    assignment: "Assegnazione e fido",
    users: "Utenti",
    new_user: "Nuovo utente",
    users_count: |n, formatted| if n == 1 { "1 utente".into() } else { format!("{formatted} utenti") },
    display_name: "Nome visualizzato",
    role: "Ruolo",
    active: "Attivo",
    inactive: "Disattivato",
    user_kind: "Tipo di account",
    customer: "Cliente",
    new_password: "Nuova password",
    password_hint: "Almeno 10 caratteri",
    deactivate: "Disattiva",
    activate: "Attiva",
    partners: "Organizzazioni partner",
    new_partner: "Nuova organizzazione partner",
    partners_count: |n, formatted| if n == 1 { "1 organizzazione partner".into() } else { format!("{formatted} organizzazioni partner") },
    api_keys: "Chiavi API",
    new_api_key: "Nuova chiave API",
    api_keys_count: |n, formatted| if n == 1 { "1 chiave API".into() } else { format!("{formatted} chiavi API") },
    key_name: "A cosa serve",
    scopes: "Permessi",
    expires: "Scadenza",
    last_used: "Ultimo uso",
    revoked: "Revocata",
    revoke: "Revoca",
    never: "Mai",
    show_revoked: "Mostra chiavi revocate",
    secret_once: "Copia la chiave ora: non verrà più mostrata.",
    prefix: "Prefisso",
    my_profile: "Il mio profilo",
    my_contacts: "I miei recapiti",
    self_service_intro: "Mantieni aggiornati i tuoi recapiti e scegli come possiamo contattarti.",
    lifecycle_label: |v| match v {
        Lifecycle::Prospect => "Potenziale",
        Lifecycle::Customer => "Cliente",
        Lifecycle::Former => "Ex cliente",
    },
    customer_kind_label: |v| match v {
        CustomerKind::Person => "Persona",
        CustomerKind::Company => "Azienda",
    },
    channel_label: |v| match v {
        Channel::Email => "Email",
        Channel::Phone => "Telefono",
        Channel::Sms => "SMS",
        Channel::Post => "Posta",
    },
    consent_status_label: |v| match v {
        ConsentStatus::Unknown => "Non richiesto",
        ConsentStatus::Granted => "Concesso",
        ConsentStatus::Withdrawn => "Revocato",
    },
    consent_source_label: |v| match v {
        ConsentSource::WebForm => "modulo web",
        ConsentSource::SelfService => "area clienti",
        ConsentSource::PhoneCall => "telefonata",
        ConsentSource::Email => "email",
        ConsentSource::PaperForm => "modulo cartaceo",
        ConsentSource::InPerson => "di persona",
        ConsentSource::Import => "importazione",
        ConsentSource::Partner => "partner",
    },
    role_label: |v| match v {
        StaffRole::Admin => "Amministratore",
        StaffRole::SalesManager => "Responsabile vendite",
        StaffRole::SalesRep => "Commerciale",
        StaffRole::Marketer => "Marketing",
        StaffRole::ServiceAgent => "Operatore assistenza",
        StaffRole::ServiceManager => "Responsabile assistenza",
        StaffRole::Analyst => "Analista",
    },
    user_kind_label: |v| match v {
        UserKind::Staff => "Personale",
        UserKind::Partner => "Utente partner",
        UserKind::Customer => "Utente cliente",
    },
    partner_kind_label: |v| match v {
        PartnerKind::Reseller => "Rivenditore",
        PartnerKind::Distributor => "Distributore",
    },
    audit_action_label: |v, entity| {
        let (masculine, feminine_form) = match v {
            AuditAction::Create => ("creato", "creata"),
            AuditAction::Update => ("modificato", "modificata"),
            AuditAction::Archive => ("archiviato", "archiviata"),
            AuditAction::Restore => ("ripristinato", "ripristinata"),
            AuditAction::Revoke => ("revocato", "revocata"),
            AuditAction::Delete => ("eliminato", "eliminata"),
        };
        if entity.is_some_and(feminine) {
            feminine_form
        } else {
            masculine
        }
    },
    entity_label: |v| match v {
        EntityType::Customer => "Cliente",
        EntityType::Contact => "Contatto",
        EntityType::User => "Utente",
        EntityType::PartnerOrganization => "Organizzazione partner",
        EntityType::ApiKey => "Chiave API",
        EntityType::SalesTeam => "Team di vendita",
        EntityType::Product => "Prodotto",
        EntityType::PriceBook => "Listino",
        EntityType::PipelineStage => "Fase della pipeline",
        EntityType::Opportunity => "Opportunità",
        EntityType::Lead => "Lead",
        EntityType::AssignmentRule => "Regola di assegnazione",
        EntityType::Quote => "Offerta",
        EntityType::Order => "Ordine",
        EntityType::SavedView => "Vista salvata",
        EntityType::Note => "Nota",
        EntityType::DiscountLimit => "Limite di sconto",
        EntityType::CompanyProfile => "Profilo aziendale",
        EntityType::ExchangeRate => "Tasso di cambio",
        EntityType::ServiceCalendar => "Calendario assistenza",
        EntityType::ServiceQueue => "Coda di assistenza",
        EntityType::SlaPolicy => "Politica SLA",
        EntityType::Ticket => "Ticket",
        EntityType::TicketMacro => "Macro",
        EntityType::ServiceAgent => "Operatore di assistenza",
        EntityType::KnowledgeArticle => "Articolo della knowledge base",
        EntityType::KnowledgeCategory => "Categoria della knowledge base",
        EntityType::Call => "Chiamata",
        EntityType::CallScript => "Script di chiamata",
        EntityType::NpsSurvey => "Sondaggio NPS",
        EntityType::Task => "Attività",
        EntityType::ImportJob => "Importazione",
    },
    sales_labels: &sales::IT_LABELS,
    locale: Locale::It,
    discounts: &discounts::IT,
    from_originals: |originals| format!("da {originals}"),
    notes: &notes::IT,
    home: &home::IT,
    settings: &settings::IT,
};

/// Whether the Italian name of a kind of record (`IT.entity_label`) is feminine.
fn feminine(entity: EntityType) -> bool {
    matches!(
        entity,
        EntityType::Opportunity
            | EntityType::PartnerOrganization
            | EntityType::ApiKey
            | EntityType::PipelineStage
            | EntityType::AssignmentRule
            | EntityType::Quote
            | EntityType::SavedView
            | EntityType::Note
            | EntityType::ServiceQueue
            | EntityType::SlaPolicy
            | EntityType::KnowledgeCategory
            | EntityType::Call
            | EntityType::ImportJob
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn italian_history_agrees_with_the_records_gender() {
        assert_eq!((IT.audit_action_label)(AuditAction::Update, Some(EntityType::Opportunity)), "modificata");
        assert_eq!((IT.audit_action_label)(AuditAction::Create, Some(EntityType::Quote)), "creata");
        assert_eq!((IT.audit_action_label)(AuditAction::Update, Some(EntityType::Customer)), "modificato");
        assert_eq!((EN.audit_action_label)(AuditAction::Update, Some(EntityType::Opportunity)), "changed");
    }

    #[test]
    fn the_browser_languages_pick_the_locale() {
        assert_eq!(Locale::negotiate(["it-IT", "en-US"]), Locale::It);
        assert_eq!(Locale::negotiate(["de-DE", "it"]), Locale::It);
        assert_eq!(Locale::negotiate(["EN_gb"]), Locale::En);
        assert_eq!(Locale::negotiate(["fr-FR"]), Locale::En);
        assert_eq!(Locale::negotiate([]), Locale::En);
    }

    #[test]
    fn sentences_carry_their_values() {
        assert_eq!((EN.customers_count)(1, "1"), "1 customer");
        assert_eq!((IT.customers_count)(1200, "1.200"), "1.200 clienti");
        assert_eq!((IT.archived_on)("3/2/2026"), "Archiviato il 3/2/2026");
        assert_eq!(
            (EN.input_reason)(&InputReason::InvalidPhone { value: "x".into() }),
            "Not a valid phone number: use the international format, e.g. +39 02 1234 5678."
        );
        assert_eq!((IT.input_reason)(&InputReason::TooLong { max: 100 }), "Al massimo 100 caratteri.");
        assert_eq!((IT.input_reason)(&InputReason::PasswordTooShort { min: 10 }), "La password deve avere almeno 10 caratteri.");
    }
}
