//! The delivery worker: polls the outbox for due events, leases each, posts it, and records
//! the outcome (and, for a delivered order, its move to SENT_TO_ERP) in one transaction.
//! Events go one at a time, oldest first. Several server processes may run workers: the
//! lease keeps an event with one of them; a crashed worker's lease runs out and another (or
//! the restarted one) delivers the event again, under the same idempotency key.

use super::outbox::{self, RetryPolicy, ORDER_PLACED};
use super::webhook::{self, Endpoint};
use crm_core::context::AppContext;
use crm_core::error::AppResult;
use crm_core::principal::Caller;
use rand::SeedableRng;
use sea_orm::TransactionTrait;
use std::time::Duration;

/// How the worker runs.
#[derive(Debug, Clone)]
pub struct WorkerConfig {
    pub endpoint: Endpoint,
    pub policy: RetryPolicy,
    /// Pause when nothing is due.
    pub poll: Duration,
}

pub fn spawn(ctx: AppContext, config: WorkerConfig) -> tokio::task::JoinHandle<()> {
    tokio::spawn(async move {
        let client = reqwest::Client::new();
        let mut rng = rand::rngs::StdRng::from_entropy();
        tracing::info!(url = %config.endpoint.url, "ERP delivery worker started");
        loop {
            match run_once(&ctx, &client, &config, &mut rng).await {
                Ok(0) => tokio::time::sleep(config.poll).await,
                Ok(_) => {}
                Err(err) => {
                    tracing::error!(error = ?err, "ERP delivery worker");
                    tokio::time::sleep(config.poll).await;
                }
            }
        }
    })
}

/// Delivers what is due now; returns how many events it attempted.
pub async fn run_once(ctx: &AppContext, client: &reqwest::Client, config: &WorkerConfig, rng: &mut rand::rngs::StdRng) -> AppResult<usize> {
    let now = ctx.clock.now();
    let due = outbox::due(&ctx.db.read, now, 20).await?;
    let mut attempted = 0;
    let lease = chrono::Duration::from_std(config.policy.lease).unwrap_or_else(|_| chrono::Duration::seconds(60));
    for event in due {
        let now = ctx.clock.now();
        if !outbox::lease(&ctx.db.write, &event, now, now + lease).await? {
            continue;
        }
        attempted += 1;
        let attempt = webhook::deliver(client, &config.endpoint, &event, now).await;
        let finished = ctx.clock.now();
        let txn = ctx.db.write.begin().await?;
        let recorded = outbox::record(&txn, &event, &attempt, finished, &config.policy, rng).await?;
        if attempt.succeeded() && event.topic == ORDER_PLACED {
            let caller = Caller::system("erp outbox");
            let report = crate::access::order_status_report(&caller.principal)?;
            crate::orders::service::mark_sent_in(&txn, &report, &caller, event.aggregate_id, finished).await?;
        }
        txn.commit().await?;
        match (&attempt.error, recorded.failed_at) {
            (None, _) => tracing::info!(event = %event.id, attempt = recorded.attempts, "delivered to the ERP"),
            (Some(error), None) => {
                tracing::warn!(event = %event.id, attempt = recorded.attempts, %error, next = %recorded.available_at, "ERP delivery failed; will retry")
            }
            (Some(error), Some(_)) => {
                tracing::error!(event = %event.id, attempts = recorded.attempts, %error, "ERP delivery failed for good; waiting for a replay")
            }
        }
    }
    Ok(attempted)
}
