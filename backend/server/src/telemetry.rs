//! Structured logs: human-readable in development, JSON in production (`CRM_ENV=production`).
//! Request spans (with their request id) come from tracing-actix-web.

use crate::config::Environment;
use tracing_subscriber::EnvFilter;

pub fn init(environment: Environment) {
    let filter = EnvFilter::try_from_env("CRM_LOG").unwrap_or_else(|_| EnvFilter::new("info,sqlx=warn,sea_orm=warn"));
    let builder = tracing_subscriber::fmt().with_env_filter(filter).with_writer(std::io::stderr);
    // A second init (tests) is harmless: keep the first subscriber.
    let _ = match environment {
        Environment::Production => builder.json().flatten_event(true).with_current_span(true).try_init(),
        Environment::Development => builder.compact().try_init(),
    };
}
