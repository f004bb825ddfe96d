//! The API's `extensions.code` as a typed error the screens can act on.

use graphql_client::Error as GraphQlError;

/// What went wrong with an API call, in the terms a screen reacts to.
#[derive(Clone, Debug, PartialEq)]
pub enum ApiError {
    /// Not signed in, or the session ended: back to the login page.
    Unauthenticated,
    /// Signed in but not allowed.
    Forbidden(String),
    /// Absent, or not visible to the caller.
    NotFound,
    /// Invalid input; `field` is the input path the server names (`address.city`,
    /// `primaryContact.emails[0].address`) so the form can show it next to that field.
    BadInput { field: Option<String>, message: String },
    /// Someone else changed the record (offer a reload), or a duplicate exists (`existing_id`).
    Conflict { message: String, existing_id: Option<String> },
    /// Too many requests; the server says when to retry.
    RateLimited,
    /// The server could not be reached or answered something that is not GraphQL.
    Network(String),
    /// Anything else the server reported.
    Other { code: String, message: String },
}

impl ApiError {
    /// The error of the first GraphQL error of a response (the one a screen shows).
    pub fn from_graphql(errors: &[GraphQlError]) -> Self {
        let Some(first) = errors.first() else {
            return ApiError::Other { code: "INTERNAL".into(), message: "empty error list".into() };
        };
        let extension =
            |key: &str| first.extensions.as_ref().and_then(|ext| ext.get(key)).and_then(|value| value.as_str()).map(str::to_owned);
        let code = extension("code").unwrap_or_else(|| "INTERNAL".into());
        let message = first.message.clone();
        match code.as_str() {
            "UNAUTHENTICATED" => ApiError::Unauthenticated,
            "FORBIDDEN" => ApiError::Forbidden(message),
            "NOT_FOUND" => ApiError::NotFound,
            "BAD_USER_INPUT" => ApiError::BadInput { field: extension("field"), message },
            "CONFLICT" => ApiError::Conflict { message, existing_id: extension("existingId") },
            "RATE_LIMITED" => ApiError::RateLimited,
            _ => ApiError::Other { code, message },
        }
    }

    /// The message for a field of a form, when this error is about that field or one inside
    /// it (`emails` matches `emails[0].address`).
    pub fn field_message(&self, field: &str) -> Option<&str> {
        match self {
            ApiError::BadInput { field: Some(path), message } if field_matches(path, field) => Some(message),
            _ => None,
        }
    }
}

/// Whether the server's input path `path` points at the form field `field` or inside it.
/// Mutation inputs are often nested one level (`input.name`); both spellings match.
fn field_matches(path: &str, field: &str) -> bool {
    let path = path.strip_prefix("input.").unwrap_or(path);
    path == field || path.strip_prefix(field).is_some_and(|rest| rest.starts_with('.') || rest.starts_with('['))
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;
    use std::collections::HashMap;

    fn error(code: &str, extra: &[(&str, &str)]) -> GraphQlError {
        let mut extensions = HashMap::new();
        extensions.insert("code".to_owned(), serde_json::Value::from(code));
        for (key, value) in extra {
            extensions.insert((*key).to_owned(), serde_json::Value::from(*value));
        }
        GraphQlError { message: format!("{code} happened"), locations: None, path: None, extensions: Some(extensions) }
    }

    #[test]
    fn codes_become_typed_errors() {
        assert_eq!(ApiError::from_graphql(&[error("UNAUTHENTICATED", &[])]), ApiError::Unauthenticated);
        assert_eq!(ApiError::from_graphql(&[error("NOT_FOUND", &[])]), ApiError::NotFound);
        assert_eq!(
            ApiError::from_graphql(&[error("CONFLICT", &[("existingId", "abc")])]),
            ApiError::Conflict { message: "CONFLICT happened".into(), existing_id: Some("abc".into()) }
        );
        assert_eq!(
            ApiError::from_graphql(&[error("QUERY_TOO_COMPLEX", &[])]),
            ApiError::Other { code: "QUERY_TOO_COMPLEX".into(), message: "QUERY_TOO_COMPLEX happened".into() }
        );
        let no_code = GraphQlError { message: "boom".into(), locations: None, path: None, extensions: None };
        assert_eq!(ApiError::from_graphql(&[no_code]), ApiError::Other { code: "INTERNAL".into(), message: "boom".into() });
    }

    #[test]
    fn field_errors_find_their_form_field() {
        let err = ApiError::from_graphql(&[error("BAD_USER_INPUT", &[("field", "primaryContact.emails[0].address")])]);
        assert_eq!(err.field_message("primaryContact.emails"), Some("BAD_USER_INPUT happened"));
        assert_eq!(err.field_message("primaryContact.emails[0].address"), Some("BAD_USER_INPUT happened"));
        assert_eq!(err.field_message("primaryContact.email"), None, "a prefix of a word is not the field");
        assert_eq!(err.field_message("name"), None);
        let nested = ApiError::BadInput { field: Some("input.name".into()), message: "too long".into() };
        assert_eq!(nested.field_message("name"), Some("too long"));
    }
}
