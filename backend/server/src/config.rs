//! Runtime configuration, read once at start-up (CLI flags and `CRM_*` environment variables,
//! see `cli`), then passed down as a value. Nothing below reads the environment itself.

use std::path::PathBuf;
use std::time::Duration;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Environment {
    Development,
    Production,
}

#[derive(Debug, Clone)]
pub struct Config {
    pub bind: String,
    pub database_url: String,
    pub environment: Environment,
    /// HS256 signing secret for access tokens; generated and stored in the database when absent.
    pub jwt_secret: Option<String>,
    /// Requests per minute per principal (anonymous callers: per IP); 0 turns limiting off.
    pub rate_limit_per_minute: u32,
    /// GraphiQL at `GET /graphql`; on by default except in production.
    pub graphiql: bool,
    /// Schema introspection; on by default except in production.
    pub introspection: bool,
    pub access_token_ttl: Duration,
    pub refresh_token_ttl: Duration,
    /// Largest accepted request body, in bytes.
    pub body_limit: usize,
    /// Most operations accepted in one batched request.
    pub max_batch: usize,
    /// Serve the browser app from this directory instead of the copy embedded in the binary
    /// (development: a rebuilt app shows without rebuilding the server).
    pub app_dir: Option<PathBuf>,
    /// Web-to-lead submissions per minute per IP; 0 turns limiting off.
    pub web_form_per_minute: u32,
    /// Origins allowed to post leads from scripts and to be redirected back to.
    pub web_form_origins: Vec<String>,
    /// Where placed orders are delivered (`CRM_ERP_WEBHOOK_URL`); without it they wait in
    /// the outbox.
    pub erp: Option<crm_sales::erp::worker::WorkerConfig>,
    /// The mail relay replies by email are sent through (`CRM_SMTP_URL`); without it they
    /// wait in the outbox.
    pub mail: Option<crm_mail::send::WorkerConfig>,
    /// The SMS gateway replies by text are sent through (`CRM_SMS_GATEWAY_URL`); without it
    /// they wait in the outbox.
    pub sms: Option<crm_sms::gateway::WorkerConfig>,
    /// Where the built-in SMTP listener takes mail for the queues' addresses
    /// (`CRM_SMTP_LISTEN`, `0.0.0.0:2525`); off without it.
    pub smtp_listen: Option<String>,
    /// How often the SLA job looks for warnings, breaches, notifications to send and tickets
    /// to route (`CRM_SLA_JOB_SECS`).
    pub sla_job_period: Duration,
    /// How long the event log keeps events for subscribers that resume
    /// (`CRM_EVENT_RETENTION_HOURS`); one resuming from an older position is told to resync.
    pub event_retention: Duration,
    /// How long an import worker holds its job past each batch: a job whose server stopped is
    /// taken on by another (or the restarted one) once it runs out (`CRM_IMPORT_LEASE_SECS`).
    pub import_lease: Duration,
}

impl Config {
    /// Defaults for a given environment; callers override what the user set.
    pub fn new(database_url: impl Into<String>, environment: Environment) -> Self {
        let dev = environment == Environment::Development;
        Self {
            bind: "127.0.0.1:8080".into(),
            database_url: database_url.into(),
            environment,
            jwt_secret: None,
            rate_limit_per_minute: 1200,
            graphiql: dev,
            introspection: dev,
            access_token_ttl: Duration::from_secs(15 * 60),
            refresh_token_ttl: Duration::from_secs(30 * 24 * 3600),
            body_limit: 256 * 1024,
            max_batch: 10,
            app_dir: None,
            web_form_per_minute: 10,
            web_form_origins: Vec::new(),
            erp: None,
            mail: None,
            sms: None,
            smtp_listen: None,
            sla_job_period: Duration::from_secs(60),
            event_retention: Duration::from_secs(14 * 24 * 3600),
            import_lease: Duration::from_secs(60),
        }
    }
}

/// The embedded default: a SQLite file in the working directory, created when missing.
pub const DEFAULT_DATABASE_URL: &str = "sqlite://crm.db?mode=rwc";
