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
    BadInput {
        field: Option<String>,
        message: String,
    },
    /// Stale version or duplicate; `existing` names the record that conflicts, when the
    /// caller may see it.
    Conflict {
        message: String,
        existing: Option<Uuid>,
    },
    RateLimited {
        retry_after_secs: u64,
    },
    Internal(anyhow::Error),
}

pub type AppResult<T> = Result<T, AppError>;

impl AppError {
    pub fn bad_input(field: impl Into<String>, message: impl Into<String>) -> Self {
        Self::BadInput { field: Some(field.into()), message: message.into() }
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
            Self::Conflict { .. } => ErrorCode::Conflict,
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
            Self::BadInput { message, .. } | Self::Conflict { message, .. } => message.clone(),
            Self::RateLimited { retry_after_secs } => format!("too many requests; retry after {retry_after_secs} s"),
            Self::Internal(_) => "internal server error".into(),
        }
    }
}

impl From<sea_orm::DbErr> for AppError {
    fn from(err: sea_orm::DbErr) -> Self {
        Self::Internal(err.into())
    }
}

impl From<sea_orm::TransactionError<AppError>> for AppError {
    fn from(err: sea_orm::TransactionError<AppError>) -> Self {
        match err {
            sea_orm::TransactionError::Connection(db) => db.into(),
            sea_orm::TransactionError::Transaction(app) => app,
        }
    }
}

impl From<anyhow::Error> for AppError {
    fn from(err: anyhow::Error) -> Self {
        Self::Internal(err)
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
                AppError::BadInput { field: Some(field), .. } => ext.set("field", field.as_str()),
                AppError::Conflict { existing: Some(id), .. } => ext.set("existingId", id.to_string()),
                AppError::RateLimited { retry_after_secs } => ext.set("retryAfter", *retry_after_secs),
                _ => {}
            }
        })
    }
}
