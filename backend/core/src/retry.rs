//! When a delivery to another system (the ERP, the mail relay) is tried again after a
//! failure: exponential backoff with jitter, a cap, and a number of attempts after which a
//! person decides.

use rand::Rng;

/// Retry policy of deliveries.
#[derive(Debug, Clone, Copy)]
pub struct RetryPolicy {
    /// Delay before the second attempt; doubles after each failure.
    pub base: std::time::Duration,
    /// Longest delay between attempts.
    pub cap: std::time::Duration,
    /// Attempts before an event is marked failed (and waits for a replay).
    pub max_attempts: i32,
    /// How long a worker holds an event it is delivering.
    pub lease: std::time::Duration,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        Self {
            base: std::time::Duration::from_secs(2),
            cap: std::time::Duration::from_secs(600),
            max_attempts: 15,
            lease: std::time::Duration::from_secs(60),
        }
    }
}

impl RetryPolicy {
    /// Delay after the `attempts`-th failure: base × 2^(attempts−1), capped, with "full
    /// jitter" (a uniform draw between half and all of it) so a recovering receiver is not hit by
    /// every waiting event at once.
    pub fn backoff(&self, attempts: i32, rng: &mut impl Rng) -> std::time::Duration {
        let exponent = attempts.saturating_sub(1).clamp(0, 30) as u32;
        let raw = self.base.saturating_mul(2u32.saturating_pow(exponent)).min(self.cap);
        let millis = raw.as_millis().max(2) as u64;
        std::time::Duration::from_millis(rng.gen_range(millis / 2..=millis))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::SeedableRng;

    #[test]
    fn backoff_doubles_with_jitter_and_a_cap() {
        let policy =
            RetryPolicy { base: std::time::Duration::from_secs(2), cap: std::time::Duration::from_secs(60), ..RetryPolicy::default() };
        let mut rng = rand::rngs::StdRng::seed_from_u64(1);
        for (attempts, full) in [(1, 2_000), (2, 4_000), (3, 8_000), (6, 60_000), (20, 60_000)] {
            for _ in 0..20 {
                let delay = policy.backoff(attempts, &mut rng).as_millis() as u64;
                assert!((full / 2..=full).contains(&delay), "attempt {attempts}: {delay} ms not within {}..={full}", full / 2);
            }
        }
    }
}
