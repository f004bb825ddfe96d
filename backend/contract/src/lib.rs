//! The part of the API's contract that the server and the browser app share as Rust types,
//! compiled for both (the app is wasm32):
//!
//! - **The schema's enums**, one module per domain ([`principal`], [`audit`], [`filters`],
//!   [`identity`], [`customers`], [`imports`], [`interactions`], [`sales`], [`notes`], [`service`], [`knowledge`], [`scripts`]). The server's domain crates re-export each one
//!   at the path where that domain declares it (`crm_customers::domain::Lifecycle` is
//!   [`customers::Lifecycle`]) and derive its GraphQL type and database column through the
//!   `server` feature; the app uses them as graphql_client's `extern_enums`. A value added
//!   here is a compile error in the app until every `match` on it handles it (its label in
//!   every language).
//! - **Why an input was refused** ([`InputReason`]). The server sends it as
//!   `extensions.reason` with its values in `extensions.params`; this type's serde form is
//!   exactly that pair, so the app reads it back with the same type (`from_extensions`) and a
//!   reason added here is a compile error in the app until it has a sentence for it.

#[macro_use]
mod api_enum;

pub mod audit;
pub mod customers;
pub mod filters;
pub mod identity;
pub mod imports;
pub mod interactions;
pub mod knowledge;
pub mod mail;
pub mod notes;
pub mod principal;
pub mod sales;
pub mod scripts;
pub mod service;
pub mod sms;
pub mod tasks;

use serde::{Deserialize, Serialize};
use serde_json::Value;

/// Why an input value was refused: `extensions.reason` of every `BAD_USER_INPUT` error raised by
/// a resolver (and of the `CONFLICT` of a taken email), with the values its sentence needs in
/// `extensions.params`, a JSON object (absent when there are none; keys are camelCase).
///
/// Reasons and their params are part of the API contract: programs switch on them (the browser
/// app shows its own sentence, in the person's language), so add new ones but never rename or
/// remove one. The English `message` beside them is for developers and may be reworded.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "reason", content = "params", rename_all = "SCREAMING_SNAKE_CASE", rename_all_fields = "camelCase")]
pub enum InputReason {
    /// `REQUIRED`: a value these inputs need is missing (a staff user's role, a PERSON
    /// customer's primary contact, at least one scope or consent answer, …).
    Required,
    /// `BLANK`: text that may not be blank is empty or only spaces.
    Blank,
    /// `TOO_SHORT` `{min}`: fewer than `min` characters.
    TooShort { min: usize },
    /// `TOO_LONG` `{max}`: more than `max` characters.
    TooLong { max: usize },
    /// `TOO_MANY` `{max}`: a list of more than `max` items.
    TooMany { max: usize },
    /// `OUT_OF_RANGE` `{min, max}`: a number outside `min..=max` (page sizes).
    OutOfRange { min: i64, max: i64 },
    /// `INVALID_EMAIL` `{value}`: not an email address (`name@domain.tld`).
    InvalidEmail { value: String },
    /// `INVALID_PHONE` `{value}`: not a valid phone number (international format, or national
    /// in the customer's country).
    InvalidPhone { value: String },
    /// `UNKNOWN_COUNTRY` `{value}`: not an ISO 3166-1 alpha-2 country code.
    UnknownCountry { value: String },
    /// `UNKNOWN_CURRENCY` `{value}`: not an ISO 4217 currency code.
    UnknownCurrency { value: String },
    /// `NEGATIVE_AMOUNT`: an amount below zero.
    NegativeAmount,
    /// `TOO_MANY_DECIMALS` `{max}`: an amount with more than `max` decimal places.
    TooManyDecimals { max: u32 },
    /// `AMOUNT_TOO_LARGE` `{max}`: an amount above `max`.
    AmountTooLarge { max: i64 },
    /// `TAG_LENGTH` `{min, max}`: a tag with fewer than `min` or more than `max` characters.
    TagLength { min: usize, max: usize },
    /// `INVALID_TAG` `{value}`: a tag with characters other than letters, digits, spaces, `-`
    /// and `_`.
    InvalidTag { value: String },
    /// `DUPLICATE` `{value}`: the same email address or phone number is listed twice.
    Duplicate { value: String },
    /// `DUPLICATE_CHANNEL` `{channel}`: two consent answers for one channel.
    DuplicateChannel { channel: String },
    /// `PASSWORD_TOO_SHORT` `{min}`: a new password of fewer than `min` characters.
    PasswordTooShort { min: usize },
    /// `PASSWORD_TOO_LONG` `{maxBytes}`: a new password of more than `maxBytes` bytes (UTF-8).
    PasswordTooLong { max_bytes: usize },
    /// `EMAIL_TAKEN` `{value}`: another user has this email; its code is `CONFLICT`.
    EmailTaken { value: String },
    /// `ALREADY_EXISTS`: another record already has this value where only one may (a unique
    /// key of the database); its code is `CONFLICT`. Where the service knows which value it
    /// was, a more specific reason is given (`EMAIL_TAKEN`, `SKU_TAKEN`).
    AlreadyExists,
    /// `UNKNOWN_REFERENCE`: the id names no record that may be used here (no such customer, no
    /// active partner organisation, an owner who is not an active staff user).
    UnknownReference,
    /// `INVALID_ID` `{value}`: not an id of this API.
    InvalidId { value: String },
    /// `INVALID_CURSOR`: not a cursor of this list and sort order.
    InvalidCursor,
    /// `MUTUALLY_EXCLUSIVE` `{with}`: may not be given together with the argument `with`.
    MutuallyExclusive { with: String },
    /// `NOT_IN_FUTURE`: a time that must lie in the future does not.
    NotInFuture,
    /// `NOT_APPLICABLE`: the field does not apply to this kind of record (a role for a
    /// non-staff user).
    NotApplicable,
    /// `CANNOT_DEACTIVATE_SELF`: an admin may not deactivate their own account.
    CannotDeactivateSelf,
    /// `INVALID_SKU` `{value}`: a SKU with characters other than letters, digits, `-`, `_`, `.`.
    InvalidSku { value: String },
    /// `SKU_TAKEN` `{value}`: another product has this SKU; its code is `CONFLICT`.
    SkuTaken { value: String },
    /// `CURRENCY_MISMATCH` `{expected}`: an amount in another currency than the record's.
    CurrencyMismatch { expected: String },
    /// `DEAL_NOT_APPROVED`: a partner's deal registration must be approved before it moves
    /// through the pipeline.
    DealNotApproved,
    /// `ALREADY_REVIEWED`: the deal registration was already approved or rejected.
    AlreadyReviewed,
    /// `LEAD_NOT_QUALIFIED`: only QUALIFIED leads are converted.
    LeadNotQualified,
    /// `WRONG_STATUS` `{status}`: the record's status does not allow this (a sent quote cannot
    /// change, an expired one cannot be accepted, a paid order cannot be cancelled).
    WrongStatus { status: String },
    /// `INVALID_IMAGE` `{maxBytes, maxPixels}`: not a PNG or JPEG image of at most `maxBytes`
    /// bytes and `maxPixels` pixels a side.
    InvalidImage { max_bytes: usize, max_pixels: u32 },
    /// `INVALID_URL` `{value}`: not a web address starting with `https://` or `http://`.
    InvalidUrl { value: String },
    /// `INVALID_TIME_ZONE` `{value}`: not an IANA time zone name such as `Europe/Rome`.
    InvalidTimeZone { value: String },
    /// `INVALID_WORKING_HOURS` `{value}`: a stretch of working hours that is not `HH:MM` to a
    /// later `HH:MM` (at most `24:00`), or overlaps another on the same day.
    InvalidWorkingHours { value: String },
    /// `SURVEY_CLOSED`: the satisfaction survey was already answered, or its link is unknown or
    /// has expired.
    SurveyClosed,
    /// `SCRIPT_INVALID` `{problems}`: a call script's tree has `problems` problems
    /// (`CallScript.draftProblems` lists them) and cannot be published.
    ScriptInvalid { problems: usize },
    /// `UNKNOWN_LANGUAGE` `{value}`: not a two-letter ISO 639-1 language code such as `it`.
    UnknownLanguage { value: String },
    /// `INVALID_REQUEST`: the request itself is malformed (not JSON, syntax, unknown fields,
    /// wrongly typed variables, batch size). Set by the HTTP layer on the errors of the GraphQL
    /// engine, which name no field.
    InvalidRequest,
    /// `UNREADABLE_VALUE` `{value}`: an imported cell that cannot be read as its column's
    /// field (a kind, a lifecycle, a country name, an amount, a date).
    UnreadableValue { value: String },
    /// `RESYNC_REQUIRED`: a subscription resumed after a position older than the event log
    /// keeps: read the records afresh and subscribe from the position that read gives.
    ResyncRequired,
}

impl InputReason {
    /// `extensions.reason`: the variant's name in SCREAMING_SNAKE_CASE.
    pub fn code(&self) -> String {
        self.wire().0
    }

    /// `extensions.params`: the variant's values with camelCase keys, `None` when it has none.
    pub fn params(&self) -> Option<Value> {
        self.wire().1
    }

    fn wire(&self) -> (String, Option<Value>) {
        let mut value = serde_json::to_value(self).unwrap_or(Value::Null);
        let code = value.get("reason").and_then(Value::as_str).unwrap_or_default().to_owned();
        (code, value.get_mut("params").map(Value::take).filter(|p| !p.is_null()))
    }

    /// The reason of `extensions.reason` with its values from `extensions.params`; `None` for
    /// a reason this build does not know, or one without the values its sentence needs.
    /// Values a reason does not need are ignored (`{}` for a reason without any).
    pub fn from_extensions(reason: &str, params: &Value) -> Option<Self> {
        let read = |params: Option<&Value>| {
            let mut wire = serde_json::Map::new();
            wire.insert("reason".into(), Value::String(reason.to_owned()));
            if let Some(params) = params {
                wire.insert("params".into(), params.clone());
            }
            serde_json::from_value(Value::Object(wire)).ok()
        };
        read(Some(params).filter(|p| !p.is_null())).or_else(|| read(None))
    }

    /// The English message of this reason, unless a caller gives a more specific one
    /// ([`InputReason::with_message`]).
    pub fn message(&self) -> String {
        match self {
            Self::Required => "a value is required".into(),
            Self::Blank => "may not be blank".into(),
            Self::TooShort { min } => format!("at least {min} characters"),
            Self::TooLong { max } => format!("at most {max} characters"),
            Self::TooMany { max } => format!("at most {max} items"),
            Self::OutOfRange { min, max } => format!("must be between {min} and {max}"),
            Self::InvalidEmail { value } => format!("`{value}` is not a valid email address"),
            Self::InvalidPhone { value } => format!("`{value}` is not a valid phone number"),
            Self::UnknownCountry { value } => format!("`{value}` is not an ISO 3166-1 alpha-2 country code"),
            Self::UnknownCurrency { value } => format!("`{value}` is not an ISO 4217 currency code"),
            Self::NegativeAmount => "amounts may not be negative".into(),
            Self::TooManyDecimals { max } => format!("amounts have at most {max} decimal places"),
            Self::AmountTooLarge { .. } => "the amount is too large".into(),
            Self::TagLength { min, max } => format!("tags have {min} to {max} characters"),
            Self::InvalidTag { value } => format!("tag `{value}` may only contain letters, digits, spaces, `-` and `_`"),
            Self::Duplicate { value } => format!("`{value}` is listed twice"),
            Self::DuplicateChannel { .. } => "one answer per channel".into(),
            Self::PasswordTooShort { min } => format!("the password must have at least {min} characters"),
            Self::PasswordTooLong { max_bytes } => format!("the password must have at most {max_bytes} bytes"),
            Self::EmailTaken { value } => format!("a user with email {value} already exists"),
            Self::AlreadyExists => "another record already has this value".into(),
            Self::UnknownReference => "no such record".into(),
            Self::InvalidId { value } => format!("`{value}` is not a valid id"),
            Self::InvalidCursor => "invalid cursor".into(),
            Self::MutuallyExclusive { with } => format!("cannot be combined with `{with}`"),
            Self::NotInFuture => "must be in the future".into(),
            Self::NotApplicable => "does not apply here".into(),
            Self::CannotDeactivateSelf => "you cannot deactivate your own account".into(),
            Self::InvalidSku { value } => format!("SKU `{value}` may only contain letters, digits, `-`, `_` and `.`"),
            Self::SkuTaken { value } => format!("a product with SKU {value} already exists"),
            Self::CurrencyMismatch { expected } => format!("the amount must be in {expected}"),
            Self::DealNotApproved => "the deal registration has not been approved".into(),
            Self::AlreadyReviewed => "the deal registration was already reviewed".into(),
            Self::LeadNotQualified => "only qualified leads can be converted".into(),
            Self::WrongStatus { status } => format!("not possible while the status is {status}"),
            Self::InvalidImage { max_bytes, max_pixels } => {
                format!("not a PNG or JPEG image of at most {max_bytes} bytes and {max_pixels} pixels a side")
            }
            Self::InvalidUrl { value } => format!("`{value}` is not a web address starting with https:// or http://"),
            Self::InvalidTimeZone { value } => format!("`{value}` is not an IANA time zone (`Europe/Rome`)"),
            Self::InvalidWorkingHours { value } => {
                format!("`{value}`: working hours run from HH:MM to a later HH:MM (24:00 at most) without overlaps")
            }
            Self::SurveyClosed => "the survey was already answered, or its link is unknown or has expired".into(),
            Self::ScriptInvalid { problems } => format!("the script has {problems} problem(s) to fix before it is published"),
            Self::UnknownLanguage { value } => format!("`{value}` is not a two-letter language code (`en`, `it`)"),
            Self::InvalidRequest => "invalid request".into(),
            Self::UnreadableValue { value } => format!("`{value}` cannot be read as this column's field"),
            Self::ResyncRequired => "the events after this position are no longer kept; read afresh".into(),
        }
    }

    /// This reason with a message more specific than its own (`"staff users need a role"`
    /// for [`InputReason::Required`]).
    pub fn with_message(self, message: impl Into<String>) -> Invalid {
        Invalid { reason: self, message: message.into() }
    }
}

/// A refused value: why, for programs, and an English message, for developers. The parsers of
/// `crm_core::values` return it; `AppError::invalid` attaches the input field.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Invalid {
    pub reason: InputReason,
    pub message: String,
}

impl From<InputReason> for Invalid {
    fn from(reason: InputReason) -> Self {
        Self { message: reason.message(), reason }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn every_reason() -> Vec<InputReason> {
        use InputReason::*;
        let text = || "x".to_owned();
        vec![
            Required,
            Blank,
            TooShort { min: 1 },
            TooLong { max: 2 },
            TooMany { max: 3 },
            OutOfRange { min: -1, max: 250 },
            InvalidEmail { value: text() },
            InvalidPhone { value: text() },
            UnknownCountry { value: text() },
            UnknownCurrency { value: text() },
            NegativeAmount,
            TooManyDecimals { max: 4 },
            AmountTooLarge { max: 5 },
            TagLength { min: 1, max: 40 },
            InvalidTag { value: text() },
            Duplicate { value: text() },
            DuplicateChannel { channel: text() },
            PasswordTooShort { min: 12 },
            PasswordTooLong { max_bytes: 256 },
            EmailTaken { value: text() },
            AlreadyExists,
            UnknownReference,
            InvalidId { value: text() },
            InvalidCursor,
            MutuallyExclusive { with: text() },
            NotInFuture,
            NotApplicable,
            CannotDeactivateSelf,
            InvalidSku { value: text() },
            SkuTaken { value: text() },
            CurrencyMismatch { expected: text() },
            DealNotApproved,
            AlreadyReviewed,
            LeadNotQualified,
            WrongStatus { status: text() },
            InvalidImage { max_bytes: 131_072, max_pixels: 1024 },
            InvalidUrl { value: text() },
            InvalidRequest,
            ResyncRequired,
            UnreadableValue { value: text() },
        ]
    }

    #[test]
    fn the_app_reads_back_every_reason_the_server_sends() {
        for reason in every_reason() {
            let params = reason.params().unwrap_or(Value::Null);
            assert_eq!(InputReason::from_extensions(&reason.code(), &params), Some(reason.clone()), "{reason:?}");
            assert!(reason.code().chars().all(|c| c.is_ascii_uppercase() || c == '_'), "{reason:?}");
            let keys: Vec<String> = params.as_object().map(|o| o.keys().cloned().collect()).unwrap_or_default();
            assert!(keys.iter().all(|k| !k.contains('_')), "params are camelCase: {reason:?}");
        }
    }

    #[test]
    fn the_wire_form_is_reason_and_params() {
        assert_eq!(InputReason::PasswordTooLong { max_bytes: 256 }.code(), "PASSWORD_TOO_LONG");
        assert_eq!(InputReason::PasswordTooLong { max_bytes: 256 }.params(), Some(json!({"maxBytes": 256})));
        assert_eq!(InputReason::Required.params(), None);
        assert_eq!(InputReason::from_extensions("TOO_LONG", &json!({})), None, "a reason without its params is not trusted");
        assert_eq!(InputReason::from_extensions("SOMETHING_NEW", &Value::Null), None);
        assert_eq!(InputReason::from_extensions("LEAD_NOT_QUALIFIED", &json!({})), Some(InputReason::LeadNotQualified));
    }
}

#[cfg(test)]
mod enum_tests {
    #![allow(clippy::unwrap_used)]
    use crate::audit::*;
    use crate::customers::*;
    use crate::filters::*;
    use crate::identity::*;
    use crate::imports::*;
    use crate::interactions::*;
    use crate::notes::*;
    use crate::principal::*;
    use crate::sales::*;
    use crate::tasks::*;

    /// Calls `$then!(Enum, …)` with every enum of the contract.
    macro_rules! with_every_enum {
        ($then:ident) => {
            $then! {
                UserKind, StaffRole, ApiScope, PrincipalKind, AuditAction, EntityType, OrderDirection, PartnerKind, CustomerKind,
                Lifecycle, Channel, ConsentStatus, ConsentSource, CustomerOrderField, ProductUnit, ProductOrderField,
                OpportunityStage, LeadSource, Registration, OpportunityOrderField, LeadStatus, AssignmentTarget, LeadOrderField,
                QuoteStatus, OrderStatus, DeliveryState, ViewList, NoteSubject, Seller, ContactRole, TaskSubject, TaskStatus, TaskPriority, TaskOrigin,
                InteractionChannel, InteractionDirection, InteractionKind, ImportKind, ImportStatus, ImportOutcome, ImportMatch,
                ImportField
            }
        };
    }

    /// What `api_enum!` gives every enum, as a trait so one check runs on all of them.
    trait ApiEnum: Copy + Eq + std::fmt::Debug + Default + serde::Serialize + serde::de::DeserializeOwned + 'static {
        fn all() -> &'static [Self];
        fn as_api(self) -> &'static str;
        fn from_api(value: &str) -> Option<Self>;
    }

    macro_rules! impl_api_enum {
        ($($name:ident),+) => {
            $(impl ApiEnum for $name {
                fn all() -> &'static [Self] {
                    &Self::ALL
                }
                fn as_api(self) -> &'static str {
                    $name::as_api(self)
                }
                fn from_api(value: &str) -> Option<Self> {
                    $name::from_api(value)
                }
            })+
        };
    }

    with_every_enum!(impl_api_enum);

    fn spelled_as_the_api<E: ApiEnum>() {
        assert_eq!(E::default(), E::all()[0], "the first value is the default");
        for (i, value) in E::all().iter().enumerate() {
            let api = value.as_api();
            assert!(api.chars().all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '_'), "{value:?}");
            assert!(!E::all()[..i].contains(value), "{value:?} listed twice");
            assert_eq!(E::from_api(api), Some(*value));
            assert_eq!(serde_json::to_value(value).unwrap(), serde_json::Value::from(api));
            assert_eq!(serde_json::from_value::<E>(api.into()).unwrap(), *value);
        }
        assert_eq!(E::from_api("NOT_A_VALUE"), None);
    }

    #[test]
    fn every_enum_is_spelled_as_the_api_in_serde_as_api_and_from_api() {
        macro_rules! check {
            ($($name:ident),+) => {
                $(spelled_as_the_api::<$name>();)+
            };
        }
        with_every_enum!(check);
        assert_eq!(StaffRole::SalesRep.as_api(), "SALES_REP");
        assert_eq!(ConsentSource::ALL.len(), 8);
    }

    #[test]
    fn api_scopes_have_labels() {
        assert_eq!(ApiScope::SalesWrite.label(), "sales:write");
        assert_eq!(ApiScope::OrdersStatus.to_string(), "orders:status");
        for scope in ApiScope::ALL {
            assert_eq!(ApiScope::from_label(scope.label()), Some(scope));
        }
        assert_eq!(ApiScope::from_label("SALES_WRITE"), None);
    }

    /// The server's GraphQL names (and, for stored enums, database text) are the same
    /// spelling: `cargo test -p crm-contract --features server`.
    #[cfg(feature = "server")]
    mod server {
        use super::*;
        use async_graphql::resolver_utils::EnumType;
        use sea_orm::ActiveEnum;

        fn graphql_names_are_the_api<E: ApiEnum + EnumType>() {
            let names: Vec<&str> = E::items().iter().map(|item| item.name).collect();
            let values: Vec<E> = E::items().iter().map(|item| item.value).collect();
            assert_eq!(names, E::all().iter().map(|v| v.as_api()).collect::<Vec<_>>());
            assert_eq!(values, E::all());
        }

        fn stored_as_the_api<E: ApiEnum + ActiveEnum<Value = String>>() {
            for value in E::all() {
                assert_eq!(value.to_value(), value.as_api());
                assert_eq!(E::try_from_value(&value.as_api().to_owned()).unwrap(), *value);
            }
        }

        #[test]
        fn graphql_names_and_stored_text_are_the_api_spelling() {
            macro_rules! check {
                ($($name:ident),+) => {
                    $(graphql_names_are_the_api::<$name>();)+
                };
            }
            with_every_enum!(check);
            stored_as_the_api::<UserKind>();
            stored_as_the_api::<StaffRole>();
            stored_as_the_api::<PartnerKind>();
            stored_as_the_api::<CustomerKind>();
            stored_as_the_api::<Lifecycle>();
            stored_as_the_api::<Channel>();
            stored_as_the_api::<ConsentStatus>();
            stored_as_the_api::<ProductUnit>();
            stored_as_the_api::<OpportunityStage>();
            stored_as_the_api::<LeadSource>();
            stored_as_the_api::<Registration>();
            stored_as_the_api::<LeadStatus>();
            stored_as_the_api::<AssignmentTarget>();
            stored_as_the_api::<QuoteStatus>();
            stored_as_the_api::<OrderStatus>();
            stored_as_the_api::<NoteSubject>();
            stored_as_the_api::<Seller>();
            stored_as_the_api::<ContactRole>();
            stored_as_the_api::<TaskSubject>();
            stored_as_the_api::<TaskStatus>();
            stored_as_the_api::<TaskPriority>();
            stored_as_the_api::<TaskOrigin>();
            stored_as_the_api::<InteractionChannel>();
            stored_as_the_api::<InteractionDirection>();
            stored_as_the_api::<InteractionKind>();
            stored_as_the_api::<ImportKind>();
            stored_as_the_api::<ImportStatus>();
            stored_as_the_api::<ImportOutcome>();
        }
    }
}
