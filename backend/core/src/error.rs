//! The one error type of the service layer and its single mapping to GraphQL `extensions.code`.
//!
//! `AppError` deliberately does not implement `Display`: async-graphql converts every `Display`
//! type into an error message, and an internal cause must never reach a client that way. The
//! only route to the client is `From<AppError> for async_graphql::Error` below, which logs
//! internal causes (with the request id of the current span) and sends a generic message.
//!
//! Refused input carries an [`InputReason`] besides its English message: the message is for
//! developers reading a response, the reason (`extensions.reason`, with its values in
//! `extensions.params`) is for programs, such as the browser app, which shows its own sentence
//! in the person's language.

use async_graphql::ErrorExtensions;
use serde_json::json;
use uuid::Uuid;

/// Stable, documented error codes of the API (`api.md`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ErrorCode {
    Unauthenticated,
    Forbidden,
    NotFound,
    BadUserInput,
    Conflict,
    RateLimited,
    QueryTooComplex,
    Internal,
}

impl ErrorCode {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Unauthenticated => "UNAUTHENTICATED",
            Self::Forbidden => "FORBIDDEN",
            Self::NotFound => "NOT_FOUND",
            Self::BadUserInput => "BAD_USER_INPUT",
            Self::Conflict => "CONFLICT",
            Self::RateLimited => "RATE_LIMITED",
            Self::QueryTooComplex => "QUERY_TOO_COMPLEX",
            Self::Internal => "INTERNAL",
        }
    }
}

/// Why an input value was refused: `extensions.reason` of every `BAD_USER_INPUT` error raised by
/// a resolver (and of the `CONFLICT` of a taken email), with the values its sentence needs in
/// `extensions.params`, a JSON object (absent when there are none; keys are camelCase).
///
/// Reasons and their params are part of the API contract: programs switch on them (the browser
/// app shows its own sentence, in the person's language), so add new ones but never rename or
/// remove one. The English `message` beside them is for developers and may be reworded.
#[derive(Debug, Clone, PartialEq, Eq)]
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
    MutuallyExclusive { with: &'static str },
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
    /// `INVALID_REQUEST`: the request itself is malformed (not JSON, syntax, unknown fields,
    /// wrongly typed variables, batch size). Set by the HTTP layer on the errors of the GraphQL
    /// engine, which name no field.
    InvalidRequest,
}

impl InputReason {
    /// `extensions.reason`.
    pub fn code(&self) -> &'static str {
        match self {
            Self::Required => "REQUIRED",
            Self::Blank => "BLANK",
            Self::TooShort { .. } => "TOO_SHORT",
            Self::TooLong { .. } => "TOO_LONG",
            Self::TooMany { .. } => "TOO_MANY",
            Self::OutOfRange { .. } => "OUT_OF_RANGE",
            Self::InvalidEmail { .. } => "INVALID_EMAIL",
            Self::InvalidPhone { .. } => "INVALID_PHONE",
            Self::UnknownCountry { .. } => "UNKNOWN_COUNTRY",
            Self::UnknownCurrency { .. } => "UNKNOWN_CURRENCY",
            Self::NegativeAmount => "NEGATIVE_AMOUNT",
            Self::TooManyDecimals { .. } => "TOO_MANY_DECIMALS",
            Self::AmountTooLarge { .. } => "AMOUNT_TOO_LARGE",
            Self::TagLength { .. } => "TAG_LENGTH",
            Self::InvalidTag { .. } => "INVALID_TAG",
            Self::Duplicate { .. } => "DUPLICATE",
            Self::DuplicateChannel { .. } => "DUPLICATE_CHANNEL",
            Self::PasswordTooShort { .. } => "PASSWORD_TOO_SHORT",
            Self::PasswordTooLong { .. } => "PASSWORD_TOO_LONG",
            Self::EmailTaken { .. } => "EMAIL_TAKEN",
            Self::AlreadyExists => "ALREADY_EXISTS",
            Self::UnknownReference => "UNKNOWN_REFERENCE",
            Self::InvalidId { .. } => "INVALID_ID",
            Self::InvalidCursor => "INVALID_CURSOR",
            Self::MutuallyExclusive { .. } => "MUTUALLY_EXCLUSIVE",
            Self::NotInFuture => "NOT_IN_FUTURE",
            Self::NotApplicable => "NOT_APPLICABLE",
            Self::CannotDeactivateSelf => "CANNOT_DEACTIVATE_SELF",
            Self::InvalidSku { .. } => "INVALID_SKU",
            Self::SkuTaken { .. } => "SKU_TAKEN",
            Self::CurrencyMismatch { .. } => "CURRENCY_MISMATCH",
            Self::DealNotApproved => "DEAL_NOT_APPROVED",
            Self::AlreadyReviewed => "ALREADY_REVIEWED",
            Self::LeadNotQualified => "LEAD_NOT_QUALIFIED",
            Self::WrongStatus { .. } => "WRONG_STATUS",
            Self::InvalidRequest => "INVALID_REQUEST",
        }
    }

    /// `extensions.params`: the values of the reason, `None` when it has none.
    pub fn params(&self) -> Option<serde_json::Value> {
        Some(match self {
            Self::TooShort { min } | Self::PasswordTooShort { min } => json!({ "min": min }),
            Self::TooLong { max } | Self::TooMany { max } => json!({ "max": max }),
            Self::OutOfRange { min, max } => json!({ "min": min, "max": max }),
            Self::TagLength { min, max } => json!({ "min": min, "max": max }),
            Self::TooManyDecimals { max } => json!({ "max": max }),
            Self::AmountTooLarge { max } => json!({ "max": max }),
            Self::PasswordTooLong { max_bytes } => json!({ "maxBytes": max_bytes }),
            Self::InvalidEmail { value }
            | Self::InvalidPhone { value }
            | Self::UnknownCountry { value }
            | Self::UnknownCurrency { value }
            | Self::InvalidTag { value }
            | Self::Duplicate { value }
            | Self::EmailTaken { value }
            | Self::InvalidSku { value }
            | Self::SkuTaken { value }
            | Self::InvalidId { value } => json!({ "value": value }),
            Self::CurrencyMismatch { expected } => json!({ "expected": expected }),
            Self::WrongStatus { status } => json!({ "status": status }),
            Self::DuplicateChannel { channel } => json!({ "channel": channel }),
            Self::MutuallyExclusive { with } => json!({ "with": with }),
            Self::Required
            | Self::Blank
            | Self::NegativeAmount
            | Self::UnknownReference
            | Self::AlreadyExists
            | Self::InvalidCursor
            | Self::NotInFuture
            | Self::NotApplicable
            | Self::CannotDeactivateSelf
            | Self::DealNotApproved
            | Self::AlreadyReviewed
            | Self::LeadNotQualified
            | Self::InvalidRequest => return None,
        })
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
            Self::InvalidRequest => "invalid request".into(),
        }
    }

    /// This reason with a message more specific than its own (`"staff users need a role"`
    /// for [`InputReason::Required`]).
    pub fn with_message(self, message: impl Into<String>) -> Invalid {
        Invalid { reason: self, message: message.into() }
    }
}

/// A refused value: why, for programs, and an English message, for developers. The parsers of
/// [`crate::values`] return it; [`AppError::invalid`] attaches the input field.
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

#[derive(Debug)]
pub enum AppError {
    /// No or an invalid credential.
    Unauthenticated,
    /// A login with a wrong email or password (the same answer for both).
    InvalidCredentials,
    /// The caller is known but may not do this to something it can see.
    Forbidden(&'static str),
    /// Absent, or invisible to the caller (no existence oracle).
    NotFound(&'static str),
    /// `BAD_USER_INPUT` with `extensions.field`, `reason` and `params`.
    BadInput {
        field: Option<String>,
        invalid: Invalid,
    },
    /// Stale version or duplicate; `existing` names the record that conflicts, when the
    /// caller may see it.
    Conflict {
        message: String,
        existing: Option<Uuid>,
    },
    /// A value that must be unique is taken (`CONFLICT` with `extensions.field`, `reason` and
    /// `params`, so that a form can show it next to the field). `field` is `None` for a unique
    /// key the database refused before the service could say which input it was
    /// ([`TakenAs::taken_as`] names it).
    Taken {
        field: Option<String>,
        invalid: Invalid,
    },
    RateLimited {
        retry_after_secs: u64,
    },
    Internal(anyhow::Error),
}

pub type AppResult<T> = Result<T, AppError>;

impl AppError {
    /// `BAD_USER_INPUT` for `field`: `AppError::invalid("name", InputReason::TooLong { max: 100 })`,
    /// or with a specific message, `AppError::invalid("role", InputReason::Required.with_message("…"))`.
    pub fn invalid(field: impl Into<String>, why: impl Into<Invalid>) -> Self {
        Self::BadInput { field: Some(field.into()), invalid: why.into() }
    }

    /// `CONFLICT` for a `field` whose value another record has.
    pub fn taken(field: impl Into<String>, reason: InputReason) -> Self {
        Self::Taken { field: Some(field.into()), invalid: reason.into() }
    }

    /// The version a client sent is not the stored one: someone else changed the record.
    pub fn stale(entity: &str) -> Self {
        Self::Conflict { message: format!("the {entity} was changed by someone else; reload it and try again"), existing: None }
    }

    pub fn code(&self) -> ErrorCode {
        match self {
            Self::Unauthenticated | Self::InvalidCredentials => ErrorCode::Unauthenticated,
            Self::Forbidden(_) => ErrorCode::Forbidden,
            Self::NotFound(_) => ErrorCode::NotFound,
            Self::BadInput { .. } => ErrorCode::BadUserInput,
            Self::Conflict { .. } | Self::Taken { .. } => ErrorCode::Conflict,
            Self::RateLimited { .. } => ErrorCode::RateLimited,
            Self::Internal(_) => ErrorCode::Internal,
        }
    }

    fn client_message(&self) -> String {
        match self {
            Self::Unauthenticated => "authentication required: missing, invalid or expired credentials".into(),
            Self::InvalidCredentials => "invalid email or password".into(),
            Self::Forbidden(what) => format!("not allowed to {what}"),
            Self::NotFound(what) => format!("{what} not found"),
            Self::BadInput { invalid, .. } | Self::Taken { invalid, .. } => invalid.message.clone(),
            Self::Conflict { message, .. } => message.clone(),
            Self::RateLimited { retry_after_secs } => format!("too many requests; retry after {retry_after_secs} s"),
            Self::Internal(_) => "internal server error".into(),
        }
    }
}

/// Constraint violations are refusals, not failures: two requests racing to insert the same
/// unique value both pass the service's check (PostgreSQL's READ COMMITTED cannot see the
/// other's uncommitted row), and the database refuses the later one. That is `CONFLICT`
/// (`ALREADY_EXISTS`), and a reference to a record that does not exist is `BAD_USER_INPUT`
/// (`UNKNOWN_REFERENCE`), on both databases. Every other database error is internal.
impl From<sea_orm::DbErr> for AppError {
    fn from(err: sea_orm::DbErr) -> Self {
        match err.sql_err() {
            Some(sea_orm::SqlErr::UniqueConstraintViolation(detail)) => {
                tracing::debug!(%detail, "unique key refused a write");
                Self::Taken { field: None, invalid: InputReason::AlreadyExists.into() }
            }
            Some(sea_orm::SqlErr::ForeignKeyConstraintViolation(detail)) => {
                tracing::debug!(%detail, "foreign key refused a write");
                Self::BadInput { field: None, invalid: InputReason::UnknownReference.into() }
            }
            _ => Self::Internal(err.into()),
        }
    }
}

/// Names the input behind a key the database refused: `insert(..).await.taken_as("sku", ||
/// InputReason::SkuTaken { value })` gives the loser of a race the answer the service's own
/// check gives (`CONFLICT`, `field`, `SKU_TAKEN`), not a bare `ALREADY_EXISTS`; `unknown_as`
/// names the field of a reference to no record.
pub trait Refused<T> {
    fn taken_as(self, field: &str, reason: impl FnOnce() -> InputReason) -> AppResult<T>;
    fn unknown_as(self, field: &str, message: &str) -> AppResult<T>;
}

impl<T, E: Into<AppError>> Refused<T> for Result<T, E> {
    fn taken_as(self, field: &str, reason: impl FnOnce() -> InputReason) -> AppResult<T> {
        self.map_err(|err| match err.into() {
            AppError::Taken { field: None, .. } => AppError::taken(field, reason()),
            other => other,
        })
    }

    fn unknown_as(self, field: &str, message: &str) -> AppResult<T> {
        self.map_err(|err| match err.into() {
            AppError::BadInput { field: None, invalid } if invalid.reason == InputReason::UnknownReference => {
                AppError::invalid(field, InputReason::UnknownReference.with_message(message))
            }
            other => other,
        })
    }
}

impl From<AppError> for async_graphql::Error {
    fn from(err: AppError) -> Self {
        if let AppError::Internal(cause) = &err {
            tracing::error!(error = ?cause, "internal error");
        }
        let code = err.code();
        async_graphql::Error::new(err.client_message()).extend_with(|_, ext| {
            ext.set("code", code.as_str());
            match &err {
                AppError::BadInput { field, invalid } => {
                    if let Some(field) = field {
                        ext.set("field", field.as_str());
                    }
                    set_reason(ext, &invalid.reason);
                }
                AppError::Taken { field, invalid } => {
                    if let Some(field) = field {
                        ext.set("field", field.as_str());
                    }
                    set_reason(ext, &invalid.reason);
                }
                AppError::Conflict { existing: Some(id), .. } => ext.set("existingId", id.to_string()),
                AppError::RateLimited { retry_after_secs } => ext.set("retryAfter", *retry_after_secs),
                _ => {}
            }
        })
    }
}

/// `extensions.reason` and, when the reason has values, `extensions.params`.
pub fn set_reason(ext: &mut async_graphql::ErrorExtensionValues, reason: &InputReason) {
    ext.set("reason", reason.code());
    if let Some(params) = reason.params().and_then(|params| async_graphql::Value::from_json(params).ok()) {
        ext.set("params", params);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn extensions(err: AppError) -> serde_json::Value {
        let err: async_graphql::Error = err.into();
        let ext = err.extensions.map(|ext| serde_json::to_value(ext).unwrap_or_default());
        json!({ "message": err.message, "extensions": ext })
    }

    #[test]
    fn bad_input_carries_field_reason_and_params() {
        assert_eq!(
            extensions(AppError::invalid("name", InputReason::TooLong { max: 100 })),
            json!({
                "message": "at most 100 characters",
                "extensions": { "code": "BAD_USER_INPUT", "field": "name", "reason": "TOO_LONG", "params": { "max": 100 } }
            })
        );
        assert_eq!(
            extensions(AppError::invalid("role", InputReason::Required.with_message("staff users need a role"))),
            json!({ "message": "staff users need a role", "extensions": { "code": "BAD_USER_INPUT", "field": "role", "reason": "REQUIRED" } })
        );
        assert_eq!(
            extensions(AppError::taken("email", InputReason::EmailTaken { value: "a@b.it".into() })),
            json!({
                "message": "a user with email a@b.it already exists",
                "extensions": { "code": "CONFLICT", "field": "email", "reason": "EMAIL_TAKEN", "params": { "value": "a@b.it" } }
            })
        );
    }

    #[test]
    fn reasons_are_screaming_snake_case_and_params_camel_case() {
        let reasons = [
            InputReason::PasswordTooLong { max_bytes: 256 },
            InputReason::OutOfRange { min: 1, max: 250 },
            InputReason::MutuallyExclusive { with: "first" },
            InputReason::CannotDeactivateSelf,
        ];
        for reason in reasons {
            assert!(reason.code().chars().all(|c| c.is_ascii_uppercase() || c == '_'), "{reason:?}");
            let keys = reason.params().and_then(|p| p.as_object().map(|o| o.keys().cloned().collect::<Vec<_>>())).unwrap_or_default();
            assert!(keys.iter().all(|k| !k.contains('_')), "{reason:?}");
        }
        assert_eq!(InputReason::PasswordTooLong { max_bytes: 256 }.params(), Some(json!({ "maxBytes": 256 })));
    }
}
