//! Closed-loop load: `concurrency` clients each send one request after another for a fixed
//! time; latencies go into an HDR histogram (microseconds), failures are counted apart.

use hdrhistogram::Histogram;
use std::future::Future;
use std::sync::Arc;
use std::time::{Duration, Instant};

/// What one scenario run measured.
pub struct Stats {
    /// Requests that succeeded (their latencies are in `latency_us`).
    pub ok: u64,
    /// Requests that failed: transport error, bad status, or a GraphQL `errors` array.
    pub errors: u64,
    /// One failure's message, to show what went wrong.
    pub first_error: Option<String>,
    pub elapsed: Duration,
    pub latency_us: Histogram<u64>,
}

impl Stats {
    /// Successful requests per second.
    pub fn rate(&self) -> f64 {
        self.ok as f64 / self.elapsed.as_secs_f64().max(f64::EPSILON)
    }

    /// The latency at `quantile` (0.5, 0.99) in milliseconds.
    pub fn percentile_ms(&self, quantile: f64) -> f64 {
        self.latency_us.value_at_quantile(quantile) as f64 / 1000.0
    }
}

/// Runs `request(client, iteration)` in `concurrency` parallel loops for `duration`.
/// Requests in flight at the deadline finish and count.
pub async fn run<F, Fut>(concurrency: usize, duration: Duration, request: F) -> anyhow::Result<Stats>
where
    F: Fn(usize, u64) -> Fut + Send + Sync + 'static,
    Fut: Future<Output = anyhow::Result<()>> + Send,
{
    let request = Arc::new(request);
    let started = Instant::now();
    let deadline = started + duration;
    let mut tasks = Vec::with_capacity(concurrency);
    for client in 0..concurrency {
        let request = request.clone();
        tasks.push(tokio::spawn(async move {
            let mut stats = Stats { ok: 0, errors: 0, first_error: None, elapsed: Duration::ZERO, latency_us: new_histogram()? };
            let mut iteration = 0;
            while Instant::now() < deadline {
                let sent = Instant::now();
                match request(client, iteration).await {
                    Ok(()) => {
                        let micros = u64::try_from(sent.elapsed().as_micros()).unwrap_or(u64::MAX);
                        stats.latency_us.saturating_record(micros.max(1));
                        stats.ok += 1;
                    }
                    Err(err) => {
                        stats.errors += 1;
                        stats.first_error.get_or_insert_with(|| format!("{err:#}"));
                    }
                }
                iteration += 1;
            }
            anyhow::Ok(stats)
        }));
    }
    let mut total = Stats { ok: 0, errors: 0, first_error: None, elapsed: Duration::ZERO, latency_us: new_histogram()? };
    for task in futures::future::join_all(tasks).await {
        let stats = task??;
        total.ok += stats.ok;
        total.errors += stats.errors;
        total.first_error = total.first_error.or(stats.first_error);
        total.latency_us.add(&stats.latency_us)?;
    }
    total.elapsed = started.elapsed();
    Ok(total)
}

/// 1 µs to 10 min at three significant digits.
fn new_histogram() -> anyhow::Result<Histogram<u64>> {
    Ok(Histogram::new_with_bounds(1, 600_000_000, 3)?)
}
