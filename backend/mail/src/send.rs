//! Sending the outbox over SMTP with `lettre`: the relay from configuration (`smtp://`,
//! `smtp://…?tls=required` for STARTTLS, `smtps://` for TLS, `user:password@` for auth), one
//! message at a time, oldest first, from every server that has a relay configured (the lease
//! keeps each message with one of them).

use crate::entity::email_message;
use crate::outbox::{self, Attempt};
use crm_core::context::AppContext;
use crm_core::error::{AppError, AppResult};
use crm_core::retry::RetryPolicy;
use lettre::message::header::ContentType;
use lettre::message::Mailbox;
use lettre::{AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};
use rand::SeedableRng;
use std::time::{Duration, SystemTime};

/// The mail relay the CRM sends through.
#[derive(Clone)]
pub struct Relay {
    transport: AsyncSmtpTransport<Tokio1Executor>,
}

impl std::fmt::Debug for Relay {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // The transport's own form would show the relay's credentials.
        f.write_str("Relay")
    }
}

impl Relay {
    /// The relay at `url` (`smtp://host:port`, `smtps://user:password@host`, …), answering
    /// within `timeout`.
    pub fn from_url(url: &str, timeout: Duration) -> AppResult<Self> {
        let builder = AsyncSmtpTransport::<Tokio1Executor>::from_url(url)
            .map_err(|err| AppError::Internal(anyhow::anyhow!("the SMTP relay URL is not valid: {err}")))?;
        Ok(Self { transport: builder.timeout(Some(timeout)).build() })
    }

    /// Hands `message` to the relay.
    pub async fn send(&self, message: &email_message::Model) -> Attempt {
        let email = match compose(message) {
            Ok(email) => email,
            Err(why) => return Attempt::Permanent(why),
        };
        match self.transport.send(email).await {
            Ok(_) => Attempt::Sent,
            Err(err) if err.is_permanent() => Attempt::Permanent(err.to_string()),
            Err(err) => Attempt::Temporary(err.to_string()),
        }
    }
}

/// The message as it goes on the wire: plain text, threaded by `In-Reply-To`/`References`,
/// with the `Message-ID` the outbox gave it (a later reply threads by it).
fn compose(message: &email_message::Model) -> Result<Message, String> {
    let mailbox = |raw: &str| raw.trim().parse::<Mailbox>().map_err(|err| format!("`{raw}` is not an address: {err}"));
    let mut builder = Message::builder()
        .from(mailbox(&message.from_address)?)
        .subject(message.subject.clone())
        .message_id(Some(format!("<{}>", message.message_id)))
        .date(SystemTime::from(message.created_at));
    for to in message.to_addresses.split(',').filter(|to| !to.trim().is_empty()) {
        builder = builder.to(mailbox(to)?);
    }
    if let Some(answered) = &message.in_reply_to {
        builder = builder.in_reply_to(format!("<{answered}>"));
    }
    let chain: Vec<String> = message.references.lines().filter(|id| !id.is_empty()).map(|id| format!("<{id}>")).collect();
    if !chain.is_empty() {
        builder = builder.references(chain.join(" "));
    }
    builder.header(ContentType::TEXT_PLAIN).body(message.body.clone()).map_err(|err| err.to_string())
}

/// How the sending worker runs.
#[derive(Debug, Clone)]
pub struct WorkerConfig {
    pub relay: Relay,
    pub policy: RetryPolicy,
    /// Pause when nothing is due.
    pub poll: Duration,
}

pub fn spawn(ctx: AppContext, config: WorkerConfig) -> tokio::task::JoinHandle<()> {
    tokio::spawn(async move {
        let mut rng = rand::rngs::StdRng::from_entropy();
        tracing::info!("email sending worker started");
        loop {
            match run_once(&ctx, &config, &mut rng).await {
                Ok(0) => tokio::time::sleep(config.poll).await,
                Ok(_) => {}
                Err(err) => {
                    tracing::error!(error = ?err, "email sending worker");
                    tokio::time::sleep(config.poll).await;
                }
            }
        }
    })
}

/// Sends what is due now; returns how many messages it attempted.
pub async fn run_once(ctx: &AppContext, config: &WorkerConfig, rng: &mut rand::rngs::StdRng) -> AppResult<usize> {
    let now = ctx.clock.now();
    let interrupted = outbox::mark_interrupted(&ctx.db.write, now).await?;
    if interrupted > 0 {
        tracing::warn!(count = interrupted, "emails interrupted mid-send; not sent again without a person");
    }
    let due = outbox::due(&ctx.db.read, now, 20).await?;
    let lease = chrono::Duration::from_std(config.policy.lease).unwrap_or_else(|_| chrono::Duration::minutes(5));
    let mut attempted = 0;
    for message in due {
        if !outbox::lease(&ctx.db.write, &message, ctx.clock.now() + lease).await? {
            continue;
        }
        attempted += 1;
        let attempt = config.relay.send(&message).await;
        let recorded = outbox::record(&ctx.db.write, &message, &attempt, ctx.clock.now(), &config.policy, rng).await?;
        match &attempt {
            Attempt::Sent => tracing::info!(email = %message.id, "email sent"),
            Attempt::Temporary(error) if recorded.next_attempt_at.is_some() => {
                tracing::warn!(email = %message.id, attempt = recorded.attempts, %error, "email not sent; will retry")
            }
            Attempt::Temporary(error) | Attempt::Permanent(error) => {
                tracing::error!(email = %message.id, attempts = recorded.attempts, %error, "email not sent, for good")
            }
        }
    }
    Ok(attempted)
}
