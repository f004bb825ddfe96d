//! The webhook sent to the ERP: a JSON body signed with HMAC-SHA256.
//!
//! Headers: `Idempotency-Key` and `X-CRM-Event-Id` (the event's id), `X-CRM-Event`
//! (the topic), `X-CRM-Timestamp` (Unix seconds) and `X-CRM-Signature: sha256=<hex>` over
//! `"{timestamp}.{body}"` with `CRM_ERP_WEBHOOK_SECRET`. The receiver recomputes the
//! signature, rejects stale timestamps (replays) and deduplicates by the idempotency key.

use super::entity::event;
use super::outbox::Attempt;
use chrono::{DateTime, Utc};
use hmac::{Hmac, Mac};
use sha2::Sha256;
use std::time::{Duration, Instant};

/// Where and how to deliver.
#[derive(Debug, Clone)]
pub struct Endpoint {
    pub url: String,
    pub secret: String,
    pub timeout: Duration,
}

/// `sha256=<hex of HMAC-SHA256(secret, "{timestamp}.{body}")>`.
pub fn signature(secret: &str, timestamp: i64, body: &str) -> String {
    // HMAC takes keys of any length: `new_from_slice` cannot fail.
    let Ok(mut mac) = <Hmac<Sha256> as Mac>::new_from_slice(secret.as_bytes()) else { return String::new() };
    mac.update(timestamp.to_string().as_bytes());
    mac.update(b".");
    mac.update(body.as_bytes());
    let digest = mac.finalize().into_bytes();
    format!("sha256={}", digest.iter().map(|b| format!("{b:02x}")).collect::<String>())
}

/// Posts `event` once; any answer but 2xx is a failure.
pub async fn deliver(client: &reqwest::Client, endpoint: &Endpoint, event: &event::Model, now: DateTime<Utc>) -> Attempt {
    let timestamp = now.timestamp();
    let started = Instant::now();
    let response = client
        .post(&endpoint.url)
        .timeout(endpoint.timeout)
        .header("content-type", "application/json")
        .header("idempotency-key", event.id.to_string())
        .header("x-crm-event-id", event.id.to_string())
        .header("x-crm-event", &event.topic)
        .header("x-crm-timestamp", timestamp.to_string())
        .header("x-crm-signature", signature(&endpoint.secret, timestamp, &event.payload))
        .body(event.payload.clone())
        .send()
        .await;
    let duration_ms = started.elapsed().as_millis() as i64;
    match response {
        Ok(res) if res.status().is_success() => {
            Attempt { started_at: now, duration_ms, status_code: Some(i32::from(res.status().as_u16())), error: None }
        }
        Ok(res) => {
            let code = res.status().as_u16();
            Attempt {
                started_at: now,
                duration_ms,
                status_code: Some(i32::from(code)),
                error: Some(format!("the ERP answered HTTP {code}")),
            }
        }
        Err(err) => {
            let why = if err.is_timeout() {
                "timed out".to_owned()
            } else if err.is_connect() {
                "could not connect".to_owned()
            } else {
                err.to_string()
            };
            Attempt { started_at: now, duration_ms, status_code: None, error: Some(why.chars().take(500).collect()) }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn signatures_match_a_known_vector() {
        // printf '1700000000.{"a":1}' | openssl dgst -sha256 -hmac secret
        assert_eq!(
            signature("secret", 1_700_000_000, r#"{"a":1}"#),
            "sha256=49f24e537407743fa4a0242bb63b94b9a47ee99cbbe071ccd8a22550ae411686"
        );
    }
}
