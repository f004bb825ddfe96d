//! The `crm` command line: serve, migrate, seed, export the schema, admin chores.
#![allow(clippy::print_stdout)]

use crate::config::{Config, Environment, DEFAULT_DATABASE_URL};
use crate::startup::{open_database, Application};
use anyhow::Context;
use clap::{Args, Parser, Subcommand, ValueEnum};
use crm_core::access::require_admin;
use crm_core::clock::{SharedClock, SystemClock};
use crm_core::context::AppContext;
use crm_core::principal::{ApiScope, Caller};
use crm_identity::auth::api_keys;
use crm_identity::domain::UserKind;
use crm_identity::inputs::CreateUserInput;
use crm_identity::users;
use migration::{Migrator, MigratorTrait};
use std::process::ExitCode;
use std::sync::Arc;

#[derive(Parser)]
#[command(name = "crm", version, about = "Open-source CRM: one database and one GraphQL API behind every customer channel")]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Args, Clone)]
struct DatabaseArgs {
    /// SQLite (`sqlite://crm.db?mode=rwc`, the default) or PostgreSQL (`postgres://…`) URL.
    #[arg(long, env = "DATABASE_URL", default_value = DEFAULT_DATABASE_URL)]
    database_url: String,
}

#[derive(Subcommand)]
enum Command {
    /// Apply pending migrations and serve the API.
    Serve(ServeArgs),
    /// Try the CRM: seed the demo dataset (once) into the database, then serve it.
    Demo {
        #[command(flatten)]
        serve: ServeArgs,
        /// How many demo customers to generate on first start.
        #[arg(long, default_value_t = 2000)]
        customers: usize,
    },
    /// Apply pending migrations, or list their status.
    Migrate {
        #[command(flatten)]
        db: DatabaseArgs,
        /// List applied and pending migrations instead of applying them.
        #[arg(long)]
        status: bool,
    },
    /// Load data into the database.
    Seed(SeedArgs),
    /// Import a file (a CSV of customers), as a resumable job with a report.
    Import {
        #[command(flatten)]
        args: crate::import_cli::ImportArgs,
        #[command(flatten)]
        db: DatabaseArgs,
    },
    /// Print the GraphQL schema (SDL) the server runs.
    ExportSchema {
        /// Write to this file instead of standard output.
        #[arg(long)]
        output: Option<std::path::PathBuf>,
    },
    /// Manage user accounts.
    User {
        #[command(subcommand)]
        command: UserCommand,
    },
    /// Manage integration API keys.
    ApiKey {
        #[command(subcommand)]
        command: ApiKeyCommand,
    },
}

#[derive(Args)]
struct ServeArgs {
    /// Address to listen on.
    #[arg(long, env = "CRM_BIND", default_value = "127.0.0.1:8080")]
    bind: String,
    /// Serve the browser app from this directory (e.g. `frontend/dist`) instead of the copy
    /// embedded in the binary.
    #[arg(long, env = "CRM_APP_DIR")]
    app_dir: Option<std::path::PathBuf>,
    #[command(flatten)]
    db: DatabaseArgs,
}

#[derive(Args)]
pub struct SeedArgs {
    /// Generate the demo dataset (demo accounts, partners, customers).
    #[arg(long)]
    pub demo: bool,
    /// How many demo customers to generate.
    #[arg(long, default_value_t = 2000)]
    pub customers: usize,
    /// Seed of the generator: the same seed gives the same data.
    #[arg(long, default_value_t = 42)]
    pub seed: u64,
    #[command(flatten)]
    db: DatabaseArgs,
}

#[derive(Subcommand)]
enum UserCommand {
    /// Create a user account.
    Create {
        #[arg(long)]
        email: String,
        #[arg(long)]
        name: String,
        /// The password (or set CRM_USER_PASSWORD).
        #[arg(long, env = "CRM_USER_PASSWORD", hide_env_values = true)]
        password: String,
        #[arg(long, value_enum, default_value_t = KindArg::Staff)]
        kind: KindArg,
        /// Staff role: admin, sales_manager, sales_rep, marketer, service_agent, analyst.
        #[arg(long)]
        role: Option<String>,
        /// Partner organisation id (partner users).
        #[arg(long)]
        partner_id: Option<String>,
        /// Customer id (customer users).
        #[arg(long)]
        customer_id: Option<String>,
        #[command(flatten)]
        db: DatabaseArgs,
    },
}

#[derive(Subcommand)]
enum ApiKeyCommand {
    /// Create an API key and print it (once).
    Create {
        #[arg(long)]
        name: String,
        /// Scope to grant, repeatable: customers:read, customers:write, sales:read, sales:write, orders:status, service:read, service:write, telephony:events, interactions:read, interactions:write.
        #[arg(long = "scope", required = true)]
        scopes: Vec<String>,
        /// Days until the key expires; never when omitted.
        #[arg(long)]
        expires_in_days: Option<i64>,
        #[command(flatten)]
        db: DatabaseArgs,
    },
}

#[derive(ValueEnum, Clone, Copy)]
enum KindArg {
    Staff,
    Partner,
    Customer,
}

pub fn main() -> ExitCode {
    let cli = Cli::parse();
    let environment = environment_from_env();
    crate::telemetry::init(environment);
    let runtime = match tokio::runtime::Builder::new_multi_thread().enable_all().build() {
        Ok(runtime) => runtime,
        Err(err) => {
            eprintln!("error: cannot start the async runtime: {err}");
            return ExitCode::FAILURE;
        }
    };
    match runtime.block_on(run(cli, environment)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("error: {err:#}");
            ExitCode::FAILURE
        }
    }
}

fn environment_from_env() -> Environment {
    match std::env::var("CRM_ENV").as_deref() {
        Ok("production") => Environment::Production,
        _ => Environment::Development,
    }
}

fn env_flag(name: &str) -> Option<bool> {
    std::env::var(name).ok().map(|v| matches!(v.trim(), "1" | "true" | "yes" | "on"))
}

/// Serve configuration: flags, then `CRM_*` variables, then defaults.
fn serve_config(args: &ServeArgs, environment: Environment) -> anyhow::Result<Config> {
    let mut config = Config::new(args.db.database_url.clone(), environment);
    config.bind = args.bind.clone();
    config.app_dir = args.app_dir.clone();
    config.jwt_secret = std::env::var("CRM_JWT_SECRET").ok().filter(|s| !s.is_empty());
    if let Ok(limit) = std::env::var("CRM_RATE_LIMIT") {
        config.rate_limit_per_minute = limit.trim().parse().context("CRM_RATE_LIMIT must be a number of requests per minute (0 = off)")?;
    }
    if let Ok(limit) = std::env::var("CRM_WEB_FORM_RATE_LIMIT") {
        config.web_form_per_minute =
            limit.trim().parse().context("CRM_WEB_FORM_RATE_LIMIT must be a number of submissions per minute per IP (0 = off)")?;
    }
    if let Ok(origins) = std::env::var("CRM_WEB_FORM_ORIGINS") {
        config.web_form_origins = origins.split(',').map(|o| o.trim().trim_end_matches('/').to_owned()).filter(|o| !o.is_empty()).collect();
    }
    config.erp = erp_config()?;
    config.mail = mail_config()?;
    config.sms = sms_config()?;
    config.smtp_listen = std::env::var("CRM_SMTP_LISTEN").ok().map(|address| address.trim().to_owned()).filter(|a| !a.is_empty());
    if let Ok(secs) = std::env::var("CRM_SLA_JOB_SECS") {
        let secs: u64 = secs.trim().parse().context("CRM_SLA_JOB_SECS must be a number of seconds (at least 1)")?;
        config.sla_job_period = std::time::Duration::from_secs(secs.max(1));
    }
    if let Ok(hours) = std::env::var("CRM_EVENT_RETENTION_HOURS") {
        let hours: u64 = hours.trim().parse().context("CRM_EVENT_RETENTION_HOURS must be a number of hours (at least 1)")?;
        config.event_retention = std::time::Duration::from_secs(hours.max(1) * 3600);
    }
    if let Ok(secs) = std::env::var("CRM_IMPORT_LEASE_SECS") {
        let secs: u64 = secs.trim().parse().context("CRM_IMPORT_LEASE_SECS must be a number of seconds (at least 1)")?;
        config.import_lease = std::time::Duration::from_secs(secs.max(1));
    }
    if let Some(on) = env_flag("CRM_GRAPHIQL") {
        config.graphiql = on;
    }
    if let Some(on) = env_flag("CRM_GRAPHQL_INTROSPECTION") {
        config.introspection = on;
    }
    Ok(config)
}

async fn run(cli: Cli, environment: Environment) -> anyhow::Result<()> {
    let clock: SharedClock = Arc::new(SystemClock);
    match cli.command {
        Command::Serve(args) => serve_until_stopped(args, environment, clock).await,
        Command::Demo { serve, customers } => {
            let db = open_database(&serve.db.database_url).await?;
            let seed = SeedArgs { demo: true, customers, seed: 42, db: serve.db.clone() };
            crate::seed::demo(&AppContext { db: db.clone(), clock: clock.clone() }, &seed).await?;
            db.close().await;
            serve_until_stopped(serve, environment, clock).await
        }
        Command::Migrate { db, status } => {
            let conn = crm_core::db::Db::connect(&db.database_url).await?;
            if status {
                for m in Migrator::get_applied_migrations(&conn.write).await? {
                    println!("applied  {}", m.name());
                }
                for m in Migrator::get_pending_migrations(&conn.write).await? {
                    println!("pending  {}", m.name());
                }
            } else {
                Migrator::up(&conn.write, None).await?;
                println!("migrations applied");
            }
            Ok(())
        }
        Command::Seed(args) => {
            anyhow::ensure!(args.demo, "only the demo dataset exists today: pass --demo");
            let db = open_database(&args.db.database_url).await?;
            crate::seed::demo(&AppContext { db, clock }, &args).await
        }
        Command::Import { args, db } => {
            let db = open_database(&db.database_url).await?;
            crate::import_cli::run(&AppContext { db, clock }, args).await
        }
        Command::ExportSchema { output } => {
            let sdl = crm_api::export_sdl();
            match output {
                Some(path) => std::fs::write(&path, sdl).with_context(|| format!("writing {}", path.display()))?,
                None => print!("{sdl}"),
            }
            Ok(())
        }
        Command::User { command: UserCommand::Create { email, name, password, kind, role, partner_id, customer_id, db } } => {
            let role = match role {
                Some(name) => Some(users::parse_role(&name).with_context(|| format!("unknown role `{name}`"))?),
                None => None,
            };
            let kind = match kind {
                KindArg::Staff => UserKind::Staff,
                KindArg::Partner => UserKind::Partner,
                KindArg::Customer => UserKind::Customer,
            };
            let ctx = AppContext { db: open_database(&db.database_url).await?, clock };
            let caller = Caller::system("crm user create");
            let admin = require_admin(&caller.principal).map_err(|e| anyhow::anyhow!("{e:?}"))?;
            let input = CreateUserInput {
                email,
                display_name: name,
                password,
                kind,
                role,
                partner_id: partner_id.map(Into::into),
                customer_id: customer_id.map(Into::into),
                sales_team_id: None,
            };
            let user = users::create_user(&ctx, &caller, &admin, input).await.map_err(|e| anyhow::anyhow!("{e:?}"))?;
            println!("created user {} ({})", user.email, user.id);
            Ok(())
        }
        Command::ApiKey { command: ApiKeyCommand::Create { name, scopes, expires_in_days, db } } => {
            let scopes = scopes
                .iter()
                .map(|s| {
                    ApiScope::from_label(s).with_context(|| {
                        let known: Vec<&str> = ApiScope::ALL.iter().map(|scope| scope.label()).collect();
                        format!("unknown scope `{s}` (known: {})", known.join(", "))
                    })
                })
                .collect::<anyhow::Result<Vec<_>>>()?;
            let ctx = AppContext { db: open_database(&db.database_url).await?, clock: clock.clone() };
            let caller = Caller::system("crm api-key create");
            let admin = require_admin(&caller.principal).map_err(|e| anyhow::anyhow!("{e:?}"))?;
            let expires_at = expires_in_days.map(|days| clock.now() + chrono::Duration::days(days));
            let created = api_keys::create(&ctx.db, &ctx.clock, &caller, &admin, &name, &scopes, expires_at)
                .await
                .map_err(|e| anyhow::anyhow!("{e:?}"))?;
            println!("API key {} created. Store it now, it is not shown again:\n{}", created.key.id, created.plaintext);
            Ok(())
        }
    }
}

async fn serve_until_stopped(args: ServeArgs, environment: Environment, clock: SharedClock) -> anyhow::Result<()> {
    let config = serve_config(&args, environment)?;
    let app = Application::build_with_clock(config, clock).await?;
    let url = format!("http://{}", display_bind(&args.bind, app.port()));
    tracing::info!(%url, "CRM listening");
    println!("CRM running at {url}  (browser app: {url}/, GraphQL API and explorer: {url}/graphql; Ctrl-C stops it)");
    app.run_until_stopped().await
}

/// The address to print: the bound port, and localhost for a wildcard bind.
fn display_bind(bind: &str, port: u16) -> String {
    let host = bind.rsplit_once(':').map_or(bind, |(host, _)| host);
    let host = if host == "0.0.0.0" || host == "[::]" { "localhost" } else { host };
    format!("{host}:{port}")
}

/// The ERP delivery worker's settings from `CRM_ERP_*`; `None` without a webhook URL.
/// The mail relay: `CRM_SMTP_URL` (`smtp://host:25`, `smtp://user:password@host:587?tls=required`
/// for STARTTLS, `smtps://user:password@host` for TLS), with `CRM_SMTP_TIMEOUT_SECS`,
/// `CRM_MAIL_MAX_ATTEMPTS` and `CRM_MAIL_POLL_MS`.
fn mail_config() -> anyhow::Result<Option<crm_mail::send::WorkerConfig>> {
    use crm_core::retry::RetryPolicy;
    use std::time::Duration;
    let Some(url) = std::env::var("CRM_SMTP_URL").ok().filter(|u| !u.trim().is_empty()) else { return Ok(None) };
    let number = |name: &str, default: u64| -> anyhow::Result<u64> {
        match std::env::var(name) {
            Ok(v) => v.trim().parse().with_context(|| format!("{name} must be a whole number")),
            Err(_) => Ok(default),
        }
    };
    let timeout = Duration::from_secs(number("CRM_SMTP_TIMEOUT_SECS", 60)?.max(1));
    let relay = crm_mail::send::Relay::from_url(url.trim(), timeout).map_err(|e| anyhow::anyhow!("CRM_SMTP_URL: {e:?}"))?;
    let policy = RetryPolicy {
        base: Duration::from_secs(30),
        cap: Duration::from_secs(3600),
        max_attempts: number("CRM_MAIL_MAX_ATTEMPTS", 12)?.clamp(1, 100) as i32,
        // Longer than any attempt can take: a lease that runs out means the server stopped.
        lease: timeout * 3,
    };
    Ok(Some(crm_mail::send::WorkerConfig { relay, policy, poll: Duration::from_millis(number("CRM_MAIL_POLL_MS", 1000)?.max(10)) }))
}

/// The SMS gateway: `CRM_SMS_GATEWAY_URL`, `CRM_SMS_FROM` (the number texts go from),
/// `CRM_SMS_GATEWAY_AUTHORIZATION` (the `Authorization` header's value), `CRM_SMS_GATEWAY_BODY`
/// (the JSON body template), `CRM_SMS_GATEWAY_ID_FIELD` (where the answer names the message's
/// id), `CRM_SMS_MAX_ATTEMPTS`, `CRM_SMS_POLL_MS`.
fn sms_config() -> anyhow::Result<Option<crm_sms::gateway::WorkerConfig>> {
    use crm_core::retry::RetryPolicy;
    use std::time::Duration;
    let Some(url) = std::env::var("CRM_SMS_GATEWAY_URL").ok().filter(|u| !u.trim().is_empty()) else { return Ok(None) };
    let from = std::env::var("CRM_SMS_FROM")
        .ok()
        .filter(|f| !f.trim().is_empty())
        .context("CRM_SMS_FROM (the number texts are sent from) goes with CRM_SMS_GATEWAY_URL")?;
    let number = |name: &str, default: u64| -> anyhow::Result<u64> {
        match std::env::var(name) {
            Ok(v) => v.trim().parse().with_context(|| format!("{name} must be a whole number")),
            Err(_) => Ok(default),
        }
    };
    let body = std::env::var("CRM_SMS_GATEWAY_BODY").unwrap_or_else(|_| crm_sms::gateway::DEFAULT_BODY.to_owned());
    let id_field = std::env::var("CRM_SMS_GATEWAY_ID_FIELD").unwrap_or_else(|_| "id".to_owned());
    let authorization = std::env::var("CRM_SMS_GATEWAY_AUTHORIZATION").ok().filter(|a| !a.is_empty());
    let timeout = Duration::from_secs(30);
    let gateway = crm_sms::gateway::Gateway::new(&url, authorization, &body, &id_field, &from, timeout)
        .map_err(|e| anyhow::anyhow!("CRM_SMS_GATEWAY_*: {e:?}"))?;
    let policy = RetryPolicy {
        base: Duration::from_secs(10),
        cap: Duration::from_secs(1800),
        max_attempts: number("CRM_SMS_MAX_ATTEMPTS", 10)?.clamp(1, 100) as i32,
        lease: timeout * 3,
    };
    Ok(Some(crm_sms::gateway::WorkerConfig { gateway, policy, poll: Duration::from_millis(number("CRM_SMS_POLL_MS", 1000)?.max(10)) }))
}

fn erp_config() -> anyhow::Result<Option<crm_sales::erp::worker::WorkerConfig>> {
    use crm_sales::erp::outbox::RetryPolicy;
    use std::time::Duration;
    let Some(url) = std::env::var("CRM_ERP_WEBHOOK_URL").ok().filter(|u| !u.trim().is_empty()) else { return Ok(None) };
    let secret = std::env::var("CRM_ERP_WEBHOOK_SECRET")
        .ok()
        .filter(|s| s.len() >= 16)
        .context("CRM_ERP_WEBHOOK_SECRET (at least 16 characters) signs the ERP webhooks; set it with CRM_ERP_WEBHOOK_URL")?;
    let number = |name: &str, default: u64| -> anyhow::Result<u64> {
        match std::env::var(name) {
            Ok(v) => v.trim().parse().with_context(|| format!("{name} must be a whole number")),
            Err(_) => Ok(default),
        }
    };
    let defaults = RetryPolicy::default();
    let policy = RetryPolicy {
        base: Duration::from_millis(number("CRM_ERP_RETRY_BASE_MS", defaults.base.as_millis() as u64)?),
        cap: Duration::from_millis(number("CRM_ERP_RETRY_MAX_MS", defaults.cap.as_millis() as u64)?),
        max_attempts: number("CRM_ERP_MAX_ATTEMPTS", defaults.max_attempts as u64)?.clamp(1, 1000) as i32,
        lease: Duration::from_secs(number("CRM_ERP_LEASE_SECS", defaults.lease.as_secs())?.max(1)),
    };
    let endpoint = crm_sales::erp::webhook::Endpoint {
        url: url.trim().to_owned(),
        secret,
        timeout: Duration::from_secs(number("CRM_ERP_TIMEOUT_SECS", 10)?.max(1)),
    };
    Ok(Some(crm_sales::erp::worker::WorkerConfig {
        endpoint,
        policy,
        poll: Duration::from_millis(number("CRM_ERP_POLL_MS", 500)?.max(10)),
    }))
}
