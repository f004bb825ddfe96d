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

pub use crm_contract::{InputReason, Invalid};

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

    /// The message a client is shown (never the cause of an internal error).
    pub fn client_message(&self) -> String {
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
    use serde_json::json;

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
            InputReason::MutuallyExclusive { with: "first".into() },
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
