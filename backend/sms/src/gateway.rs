//! Sending the outbox through the SMS provider's HTTP API, configured rather than coded: the
//! URL, an `Authorization` header, a JSON body template with `{{to}}`, `{{from}}` and
//! `{{text}}` (replaced by JSON strings, so write them without quotes), and where the answer
//! names the message's id (a key, or a JSON pointer such as `/messages/0/id`). A 2xx answer
//! is sent; 408, 429 and 5xx, or no answer, are tried again; any other 4xx is final.

use crate::entity::sms_message;
use crate::outbox::{self, Attempt};
use crm_core::context::AppContext;
use crm_core::error::{AppError, AppResult};
use crm_core::retry::RetryPolicy;
use rand::SeedableRng;
use serde_json::Value;
use std::time::Duration;

/// The default body: `{"to": "+39…", "from": "+39…", "text": "…"}`.
pub const DEFAULT_BODY: &str = r#"{"to": {{to}}, "from": {{from}}, "text": {{text}}}"#;

/// The provider's API.
#[derive(Clone)]
pub struct Gateway {
    url: String,
    authorization: Option<String>,
    body: String,
    id_field: String,
    /// The number texts are sent from (E.164).
    pub from: String,
    client: reqwest::Client,
}

impl std::fmt::Debug for Gateway {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // Never the authorization header.
        f.debug_struct("Gateway").field("url", &self.url).field("from", &self.from).finish()
    }
}

impl Gateway {
    /// The gateway at `url`; refuses a body template that does not make JSON.
    pub fn new(url: &str, authorization: Option<String>, body: &str, id_field: &str, from: &str, timeout: Duration) -> AppResult<Self> {
        let invalid = |why: String| AppError::Internal(anyhow::anyhow!("the SMS gateway settings are not valid: {why}"));
        let sample = render(body, "+390000000", "+390000001", "a \"quoted\" text");
        serde_json::from_str::<Value>(&sample).map_err(|err| invalid(format!("the body template does not make JSON ({err}): {sample}")))?;
        let client = reqwest::Client::builder().timeout(timeout).build().map_err(|err| invalid(err.to_string()))?;
        Ok(Self {
            url: url.trim().to_owned(),
            authorization,
            body: body.to_owned(),
            id_field: id_field.to_owned(),
            from: from.trim().to_owned(),
            client,
        })
    }

    /// Posts `message` to the provider.
    pub async fn send(&self, message: &sms_message::Model) -> Attempt {
        let body = render(&self.body, &message.to_number, &message.from_number, &message.text);
        let mut request = self.client.post(&self.url).header("content-type", "application/json").body(body);
        if let Some(authorization) = &self.authorization {
            request = request.header("authorization", authorization);
        }
        let response = match request.send().await {
            Ok(response) => response,
            Err(err) => return Attempt::Temporary(format!("the gateway did not answer: {err}")),
        };
        let status = response.status();
        let answer: Value = response.json().await.unwrap_or(Value::Null);
        if status.is_success() {
            Attempt::Sent(provider_id(&answer, &self.id_field))
        } else if status.is_server_error() || status.as_u16() == 408 || status.as_u16() == 429 {
            Attempt::Temporary(format!("the gateway answered {status}: {answer}"))
        } else {
            Attempt::Permanent(format!("the gateway refused it ({status}): {answer}"))
        }
    }
}

/// The body template with its placeholders replaced by JSON strings.
fn render(template: &str, to: &str, from: &str, text: &str) -> String {
    let json = |value: &str| Value::String(value.to_owned()).to_string();
    template.replace("{{to}}", &json(to)).replace("{{from}}", &json(from)).replace("{{text}}", &json(text))
}

/// The message's id in the gateway's answer: a top-level key, or a JSON pointer.
fn provider_id(answer: &Value, field: &str) -> Option<String> {
    let found = if field.starts_with('/') { answer.pointer(field) } else { answer.get(field) }?;
    match found {
        Value::String(id) => Some(id.clone()),
        Value::Number(id) => Some(id.to_string()),
        _ => None,
    }
}

/// How the sending worker runs.
#[derive(Debug, Clone)]
pub struct WorkerConfig {
    pub gateway: Gateway,
    pub policy: RetryPolicy,
    /// Pause when nothing is due.
    pub poll: Duration,
}

pub fn spawn(ctx: AppContext, config: WorkerConfig) -> tokio::task::JoinHandle<()> {
    tokio::spawn(async move {
        let mut rng = rand::rngs::StdRng::from_entropy();
        tracing::info!("SMS sending worker started");
        loop {
            match run_once(&ctx, &config, &mut rng).await {
                Ok(0) => tokio::time::sleep(config.poll).await,
                Ok(_) => {}
                Err(err) => {
                    tracing::error!(error = ?err, "SMS sending worker");
                    tokio::time::sleep(config.poll).await;
                }
            }
        }
    })
}

/// Sends what is due now; returns how many texts it attempted.
pub async fn run_once(ctx: &AppContext, config: &WorkerConfig, rng: &mut rand::rngs::StdRng) -> AppResult<usize> {
    let now = ctx.clock.now();
    let interrupted = outbox::mark_interrupted(&ctx.db.write, now).await?;
    if interrupted > 0 {
        tracing::warn!(count = interrupted, "texts interrupted mid-send; not sent again without a person");
    }
    let due = outbox::due(&ctx.db.read, now, 20).await?;
    let lease = chrono::Duration::from_std(config.policy.lease).unwrap_or_else(|_| chrono::Duration::minutes(5));
    let mut attempted = 0;
    for mut message in due {
        if !outbox::lease(&ctx.db.write, &message, ctx.clock.now() + lease).await? {
            continue;
        }
        // Replies are queued without a sender: they go from the gateway's number.
        if message.from_number.is_empty() {
            message.from_number = config.gateway.from.clone();
        }
        attempted += 1;
        let attempt = config.gateway.send(&message).await;
        let recorded = outbox::record(&ctx.db.write, &message, &attempt, ctx.clock.now(), &config.policy, rng).await?;
        match &attempt {
            Attempt::Sent(_) => tracing::info!(sms = %message.id, "text sent"),
            Attempt::Temporary(error) if recorded.next_attempt_at.is_some() => {
                tracing::warn!(sms = %message.id, attempt = recorded.attempts, %error, "text not sent; will retry")
            }
            Attempt::Temporary(error) | Attempt::Permanent(error) => {
                tracing::error!(sms = %message.id, attempts = recorded.attempts, %error, "text not sent, for good")
            }
        }
    }
    Ok(attempted)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_body_template_gets_json_strings_and_the_id_is_found_by_key_or_pointer() {
        let body = render(DEFAULT_BODY, "+393331234567", "+390212345678", "Line one\n\"two\"");
        let parsed: Value = serde_json::from_str(&body).unwrap_or(Value::Null);
        assert_eq!(parsed["text"], "Line one\n\"two\"");
        assert_eq!(parsed["to"], "+393331234567");
        assert_eq!(provider_id(&serde_json::json!({"id": "gw-1"}), "id").as_deref(), Some("gw-1"));
        assert_eq!(provider_id(&serde_json::json!({"messages": [{"id": 42}]}), "/messages/0/id").as_deref(), Some("42"));
        assert_eq!(provider_id(&serde_json::json!({"ok": true}), "id"), None);
    }
}
