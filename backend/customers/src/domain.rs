//! Value types of customers and contacts.

use chrono::{DateTime, Utc};
use crm_core::error::{InputReason, Invalid};
use sea_orm::FromJsonQueryResult;
use serde::{Deserialize, Serialize};

// The values of the API (`crm-contract`, shared with the browser app). Channels, statuses and
// sources are also stored by their serde names inside a contact's consent JSON.
pub use crm_contract::customers::{Channel, ConsentSource, ConsentStatus, CustomerKind, Lifecycle};

/// One email address of a contact.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EmailEntry {
    pub address: String,
    pub label: Option<String>,
}

/// One phone number of a contact, in E.164.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PhoneEntry {
    pub number: String,
    pub label: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, FromJsonQueryResult)]
pub struct Emails(pub Vec<EmailEntry>);

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, FromJsonQueryResult)]
pub struct Phones(pub Vec<PhoneEntry>);

/// The consent state of one channel, with when and how it was given or withdrawn.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ConsentRecord {
    pub channel: Channel,
    pub status: ConsentStatus,
    pub recorded_at: Option<DateTime<Utc>>,
    pub source: Option<ConsentSource>,
    pub note: Option<String>,
}

/// Consent of a contact: always one record per channel.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, FromJsonQueryResult)]
pub struct Consents(pub Vec<ConsentRecord>);

impl Consents {
    pub fn unknown() -> Self {
        Self(
            Channel::ALL
                .into_iter()
                .map(|channel| ConsentRecord { channel, status: ConsentStatus::Unknown, recorded_at: None, source: None, note: None })
                .collect(),
        )
    }

    pub fn status(&self, channel: Channel) -> ConsentStatus {
        self.0.iter().find(|r| r.channel == channel).map_or(ConsentStatus::Unknown, |r| r.status)
    }

    pub fn set(&mut self, record: ConsentRecord) {
        match self.0.iter_mut().find(|r| r.channel == record.channel) {
            Some(existing) => *existing = record,
            None => self.0.push(record),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, FromJsonQueryResult)]
pub struct Tags(pub Vec<String>);

/// Tags are lower-case words (letters, digits, `-`, `_`, spaces), deduplicated and sorted.
pub fn normalize_tags(raw: &[String]) -> Result<Vec<String>, Invalid> {
    let mut tags = Vec::with_capacity(raw.len());
    for tag in raw {
        let tag = tag.trim().to_lowercase();
        if tag.is_empty() || tag.chars().count() > 50 {
            return Err(InputReason::TagLength { min: 1, max: 50 }.into());
        }
        if !tag.chars().all(|c| c.is_alphanumeric() || matches!(c, '-' | '_' | ' ')) {
            return Err(InputReason::InvalidTag { value: tag }.into());
        }
        tags.push(tag);
    }
    tags.sort();
    tags.dedup();
    if tags.len() > 20 {
        return Err(InputReason::TooMany { max: 20 }.with_message("at most 20 tags"));
    }
    Ok(tags)
}

/// Kind of a contact point row: the index behind search and duplicate detection.
pub const POINT_EMAIL: &str = "EMAIL";
pub const POINT_PHONE: &str = "PHONE";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tags_are_normalised() {
        let raw = vec![" VIP ".to_string(), "vip".into(), "Retail".into()];
        assert_eq!(normalize_tags(&raw), Ok(vec!["retail".to_string(), "vip".into()]));
        assert!(normalize_tags(&["".to_string()]).is_err());
        assert_eq!(
            normalize_tags(&["drop;table".to_string()]).map_err(|e| e.reason),
            Err(InputReason::InvalidTag { value: "drop;table".into() })
        );
    }

    #[test]
    fn consents_keep_one_record_per_channel() {
        let mut consents = Consents::unknown();
        assert_eq!(consents.0.len(), 4);
        consents.set(ConsentRecord { channel: Channel::Sms, status: ConsentStatus::Granted, recorded_at: None, source: None, note: None });
        assert_eq!(consents.0.len(), 4);
        assert_eq!(consents.status(Channel::Sms), ConsentStatus::Granted);
        assert_eq!(consents.status(Channel::Email), ConsentStatus::Unknown);
    }
}
