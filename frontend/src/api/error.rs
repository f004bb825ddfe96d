//! The API's `extensions.code` as a typed error the screens can act on, and the reason of a
//! refused input (`extensions.reason` + `extensions.params`) as a typed value the i18n layer
//! turns into a sentence in the person's language.

use graphql_client::Error as GraphQlError;
use serde_json::Value;

use crate::i18n::Texts;

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
    /// `primaryContact.emails[0].address`) so the form can show it next to that field;
    /// `reason` and `params` say why, for a sentence in the person's language (see
    /// [`InputReason`]); `message` is the server's English, for developers.
    BadInput { field: Option<String>, message: String, reason: Option<String>, params: Value },
    /// Someone else changed the record (offer a reload), or a duplicate exists (`existing_id`),
    /// or a value that must be unique is taken (`field` and `reason`, e.g. `EMAIL_TAKEN`).
    Conflict { message: String, existing_id: Option<String>, field: Option<String>, reason: Option<String>, params: Value },
    /// Too many requests; the server says when to retry.
    RateLimited,
    /// The server could not be reached or answered something that is not GraphQL.
    Network(String),
    /// Anything else the server reported.
    Other { code: String, message: String },
}

/// Why the server refused a value: `extensions.reason` with the `extensions.params` its
/// sentence needs (`TOO_LONG` with `{"max": 100}`), the server's own type (`crm-contract`).
/// A reason this app does not know yet, or one without the params it needs, reads as `None`
/// and the server's message is shown instead.
pub use crm_contract::InputReason;

impl ApiError {
    /// The error of the first GraphQL error of a response (the one a screen shows).
    pub fn from_graphql(errors: &[GraphQlError]) -> Self {
        let Some(first) = errors.first() else {
            return ApiError::Other { code: "INTERNAL".into(), message: "empty error list".into() };
        };
        let value = |key: &str| first.extensions.as_ref().and_then(|ext| ext.get(key));
        let extension = |key: &str| value(key).and_then(|value| value.as_str()).map(str::to_owned);
        let code = extension("code").unwrap_or_else(|| "INTERNAL".into());
        let message = first.message.clone();
        let (field, reason, params) = (extension("field"), extension("reason"), value("params").cloned().unwrap_or(Value::Null));
        match code.as_str() {
            "UNAUTHENTICATED" => ApiError::Unauthenticated,
            "FORBIDDEN" => ApiError::Forbidden(message),
            "NOT_FOUND" => ApiError::NotFound,
            "BAD_USER_INPUT" => ApiError::BadInput { field, message, reason, params },
            "CONFLICT" => ApiError::Conflict { message, existing_id: extension("existingId"), field, reason, params },
            "RATE_LIMITED" => ApiError::RateLimited,
            _ => ApiError::Other { code, message },
        }
    }

    /// The reason of a refused input or a taken value, when the server gave one this app knows.
    pub fn input_reason(&self) -> Option<InputReason> {
        match self {
            ApiError::BadInput { reason: Some(reason), params, .. } | ApiError::Conflict { reason: Some(reason), params, .. } => {
                InputReason::from_extensions(reason, params)
            }
            _ => None,
        }
    }

    /// The sentence for a refused input or a taken value, in the language of `t`: the one for
    /// its reason, or the server's message when the reason is missing or unknown. `None` for
    /// other errors.
    pub fn input_text(&self, t: &Texts) -> Option<String> {
        let message = match self {
            ApiError::BadInput { message, .. } | ApiError::Conflict { message, reason: Some(_), .. } => message,
            _ => return None,
        };
        Some(self.input_reason().map_or_else(|| message.clone(), |reason| (t.input_reason)(&reason)))
    }

    /// Whether this error is about the form field `field` or one inside it (`emails` matches
    /// `emails[0].address`).
    pub fn is_about(&self, field: &str) -> bool {
        match self {
            ApiError::BadInput { field: Some(path), .. } | ApiError::Conflict { field: Some(path), .. } => field_matches(path, field),
            _ => false,
        }
    }

    /// The sentence to show next to the form field `field`, in the language of `t`, when this
    /// error is about that field (see [`ApiError::is_about`] and [`ApiError::input_text`]).
    pub fn field_message(&self, t: &Texts, field: &str) -> Option<String> {
        if self.is_about(field) {
            self.input_text(t)
        } else {
            None
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
    use crate::i18n::{EN, IT};
    use serde_json::json;
    use std::collections::HashMap;

    fn error_with(code: &str, extra: &[(&str, Value)]) -> GraphQlError {
        let mut extensions = HashMap::new();
        extensions.insert("code".to_owned(), Value::from(code));
        for (key, value) in extra {
            extensions.insert((*key).to_owned(), value.clone());
        }
        GraphQlError { message: format!("{code} happened"), locations: None, path: None, extensions: Some(extensions) }
    }

    fn error(code: &str, extra: &[(&str, &str)]) -> GraphQlError {
        let extra: Vec<(&str, Value)> = extra.iter().map(|(key, value)| (*key, Value::from(*value))).collect();
        error_with(code, &extra)
    }

    fn bad_input(field: &str, message: &str) -> ApiError {
        ApiError::BadInput { field: Some(field.into()), message: message.into(), reason: None, params: Value::Null }
    }

    #[test]
    fn codes_become_typed_errors() {
        assert_eq!(ApiError::from_graphql(&[error("UNAUTHENTICATED", &[])]), ApiError::Unauthenticated);
        assert_eq!(ApiError::from_graphql(&[error("NOT_FOUND", &[])]), ApiError::NotFound);
        assert_eq!(
            ApiError::from_graphql(&[error("CONFLICT", &[("existingId", "abc")])]),
            ApiError::Conflict {
                message: "CONFLICT happened".into(),
                existing_id: Some("abc".into()),
                field: None,
                reason: None,
                params: Value::Null
            }
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
        assert_eq!(err.field_message(&EN, "primaryContact.emails").as_deref(), Some("BAD_USER_INPUT happened"));
        assert_eq!(err.field_message(&EN, "primaryContact.emails[0].address").as_deref(), Some("BAD_USER_INPUT happened"));
        assert_eq!(err.field_message(&EN, "primaryContact.email"), None, "a prefix of a word is not the field");
        assert_eq!(err.field_message(&EN, "name"), None);
        let nested = bad_input("input.name", "too long");
        assert_eq!(nested.field_message(&EN, "name").as_deref(), Some("too long"));
    }

    #[test]
    fn reasons_and_params_are_parsed_from_the_extensions() {
        let err = ApiError::from_graphql(&[error_with(
            "BAD_USER_INPUT",
            &[("field", json!("name")), ("reason", json!("TOO_LONG")), ("params", json!({"max": 100}))],
        )]);
        assert_eq!(
            err,
            ApiError::BadInput {
                field: Some("name".into()),
                message: "BAD_USER_INPUT happened".into(),
                reason: Some("TOO_LONG".into()),
                params: json!({"max": 100})
            }
        );
        assert_eq!(err.input_reason(), Some(InputReason::TooLong { max: 100 }));
        assert_eq!(InputReason::from_extensions("BLANK", &Value::Null), Some(InputReason::Blank));
        assert_eq!(
            InputReason::from_extensions("INVALID_TAG", &json!({"value": "no;pe"})),
            Some(InputReason::InvalidTag { value: "no;pe".into() })
        );
        assert_eq!(
            InputReason::from_extensions("OUT_OF_RANGE", &json!({"min": 1, "max": 250})),
            Some(InputReason::OutOfRange { min: 1, max: 250 })
        );
        assert_eq!(InputReason::from_extensions("TOO_LONG", &json!({})), None, "a reason without its params is not trusted");
        assert_eq!(InputReason::from_extensions("SOMETHING_NEW", &Value::Null), None);
        let not_qualified = ApiError::from_graphql(&[error_with(
            "BAD_USER_INPUT",
            &[("field", json!("leadId")), ("reason", json!("LEAD_NOT_QUALIFIED")), ("params", json!({}))],
        )]);
        assert_eq!(not_qualified.input_reason(), Some(InputReason::LeadNotQualified));
        assert_eq!(
            not_qualified.input_text(&EN).as_deref(),
            Some("Only qualified leads can be converted: set the status to Qualified first.")
        );
        assert!(not_qualified.input_text(&IT).is_some_and(|text| text.starts_with("Si possono convertire solo i lead qualificati")));
        assert_eq!(
            InputReason::from_extensions("INVALID_SKU", &json!({"value": "a b"})),
            Some(InputReason::InvalidSku { value: "a b".into() })
        );
        let sku_taken = ApiError::from_graphql(&[error_with(
            "CONFLICT",
            &[("field", json!("sku")), ("reason", json!("SKU_TAKEN")), ("params", json!({"value": "ERP-1"}))],
        )]);
        assert_eq!(sku_taken.field_message(&EN, "sku").as_deref(), Some("Another product already has the SKU ERP-1."));
        assert_eq!(sku_taken.field_message(&IT, "sku").as_deref(), Some("Un altro prodotto ha già il codice articolo ERP-1."));
        // A taken email is a conflict on a field.
        let taken = ApiError::from_graphql(&[error_with(
            "CONFLICT",
            &[("field", json!("email")), ("reason", json!("EMAIL_TAKEN")), ("params", json!({"value": "a@b.it"}))],
        )]);
        assert_eq!(taken.input_reason(), Some(InputReason::EmailTaken { value: "a@b.it".into() }));
        assert_eq!(taken.field_message(&IT, "email").as_deref(), Some("Esiste già un utente con questa email."));
    }

    #[test]
    fn field_messages_are_in_the_persons_language() {
        let too_long = ApiError::BadInput {
            field: Some("name".into()),
            message: "at most 100 characters".into(),
            reason: Some("TOO_LONG".into()),
            params: json!({"max": 100}),
        };
        assert_eq!(too_long.field_message(&EN, "name").as_deref(), Some("At most 100 characters."));
        assert_eq!(too_long.field_message(&IT, "name").as_deref(), Some("Al massimo 100 caratteri."));
        // An unknown reason falls back to the server's message.
        let unknown = ApiError::BadInput {
            field: Some("name".into()),
            message: "something new".into(),
            reason: Some("SOMETHING_NEW".into()),
            params: Value::Null,
        };
        assert_eq!(unknown.field_message(&IT, "name").as_deref(), Some("something new"));
        // A stale-version conflict is about no field and has no input sentence.
        let stale = ApiError::Conflict { message: "stale".into(), existing_id: None, field: None, reason: None, params: Value::Null };
        assert_eq!(stale.input_text(&IT), None);
    }
}
