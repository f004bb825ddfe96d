//! Builds the running application from a `Config`: database, migrations, secrets, schema,
//! HTTP server. `main` and the integration tests both go through `Application::build`.

use crate::config::Config;
use crate::http::app::AppFiles;
use crate::http::{self, HttpState, RateLimiter};
use actix_web::dev::Server;
use actix_web::{web, App, HttpServer};
use anyhow::Context;
use crm_api::{build_schema, SchemaOptions};
use crm_core::clock::{SharedClock, SystemClock};
use crm_core::context::AppContext;
use crm_core::db::Db;
use crm_identity::auth::jwt::JwtKeys;
use crm_identity::auth::secrets::jwt_secret;
use crm_identity::auth::sessions::AuthService;
use migration::{Migrator, MigratorTrait};
use std::net::TcpListener;
use std::sync::Arc;
use std::time::Duration;
use tracing_actix_web::TracingLogger;

pub struct Application {
    server: Server,
    port: u16,
    smtp: Option<std::net::SocketAddr>,
    db: Db,
}

/// Connects and brings the schema up to date.
pub async fn open_database(url: &str) -> anyhow::Result<Db> {
    let db = Db::connect(url).await?;
    Migrator::up(&db.write, None).await.context("applying migrations")?;
    Ok(db)
}

impl Application {
    pub async fn build(config: Config) -> anyhow::Result<Self> {
        Self::build_with_clock(config, Arc::new(SystemClock)).await
    }

    pub async fn build_with_clock(config: Config, clock: SharedClock) -> anyhow::Result<Self> {
        http::metrics::install();
        let db = open_database(&config.database_url).await?;
        db.listen();
        db.follow().await.map_err(|e| anyhow::anyhow!("following the event log: {e:?}"))?;
        let secret = jwt_secret(&db.write, config.jwt_secret.as_deref(), clock.as_ref())
            .await
            .map_err(|e| anyhow::anyhow!("loading the JWT secret: {e:?}"))?;
        let app = AppContext { db: db.clone(), clock: clock.clone() };
        let clock_for_worker = clock.clone();
        let auth = AuthService::new(db.clone(), clock, JwtKeys::new(&secret), config.access_token_ttl, config.refresh_token_ttl);
        let schema = build_schema(app.clone(), auth.clone(), SchemaOptions { introspection: config.introspection });
        let limiter = RateLimiter::new(config.rate_limit_per_minute);
        let web_form_limiter = RateLimiter::new(config.web_form_per_minute);
        let app_files = AppFiles::new(config.app_dir.clone());
        if app_files.is_present().await {
            tracing::info!(source = %app_files.describe(), "serving the browser app");
        } else {
            tracing::warn!(source = %app_files.describe(), "the browser app is not built (run `cargo xtask app`): `/` answers 503");
        }
        let state = web::Data::new(HttpState {
            schema,
            app,
            auth,
            limiter: limiter.clone(),
            graphiql: config.graphiql,
            max_batch: config.max_batch,
            app_files,
            web_form_limiter: web_form_limiter.clone(),
            web_form_origins: config.web_form_origins.clone(),
        });

        // Buckets of idle callers are dropped every minute so memory follows live callers.
        tokio::spawn(async move {
            let mut every = tokio::time::interval(Duration::from_secs(60));
            loop {
                every.tick().await;
                limiter.forget_idle();
                web_form_limiter.forget_idle();
            }
        });

        match config.erp.clone() {
            Some(erp) => {
                crm_sales::erp::worker::spawn(AppContext { db: db.clone(), clock: clock_for_worker.clone() }, erp);
            }
            None => tracing::warn!("CRM_ERP_WEBHOOK_URL is not set: placed orders wait in the outbox"),
        }
        match config.mail.clone() {
            Some(mail) => {
                crm_mail::send::spawn(AppContext { db: db.clone(), clock: clock_for_worker.clone() }, mail);
            }
            None => tracing::warn!("CRM_SMTP_URL is not set: replies by email wait in the outbox"),
        }
        match config.sms.clone() {
            Some(sms) => {
                crm_sms::gateway::spawn(AppContext { db: db.clone(), clock: clock_for_worker.clone() }, sms);
            }
            None => tracing::warn!("CRM_SMS_GATEWAY_URL is not set: replies by text wait in the outbox"),
        }
        let smtp = match &config.smtp_listen {
            Some(address) => Some(
                listen_for_mail(AppContext { db: db.clone(), clock: clock_for_worker.clone() }, address)
                    .with_context(|| format!("the SMTP listener on {address}"))?,
            ),
            None => None,
        };
        // SLA warnings and breaches are recorded once a period (a minute) by every server; each
        // is claimed by one of them (crm_service::sla_job).
        crm_service::sla_job::spawn(AppContext { db: db.clone(), clock: clock_for_worker.clone() }, config.sla_job_period);
        // Import jobs run on every server; each is held by one at a time (crm_imports::worker).
        crm_imports::worker::spawn(AppContext { db: db.clone(), clock: clock_for_worker.clone() }, config.import_lease);
        spawn_event_pruning(AppContext { db: db.clone(), clock: clock_for_worker.clone() }, config.event_retention);
        // Tickets from before the full-text index are indexed in the background: the server
        // answers at once, and their words are found once the catch-up has passed them.
        let indexing = db.clone();
        tokio::spawn(async move {
            match crm_service::ticket_search::catch_up(&indexing.write).await {
                Ok(0) => {}
                Ok(count) => tracing::info!(count, "tickets added to the full-text index"),
                Err(err) => tracing::error!(error = ?err, "indexing the tickets for full-text search failed"),
            }
        });

        let listener = TcpListener::bind(&config.bind).with_context(|| format!("binding {}", config.bind))?;
        let port = listener.local_addr()?.port();
        let body_limit = config.body_limit;
        let server = HttpServer::new(move || {
            App::new()
                .wrap(actix_web::middleware::from_fn(http::metrics::count_responses))
                .wrap(TracingLogger::default())
                .wrap(actix_web::middleware::Compress::default())
                .app_data(state.clone())
                .app_data(web::PayloadConfig::new(body_limit))
                .configure(http::routes)
        })
        .shutdown_timeout(10)
        .listen(listener)?
        .run();
        Ok(Self { server, port, smtp, db })
    }

    pub fn port(&self) -> u16 {
        self.port
    }

    /// Where the SMTP listener listens, when it runs.
    pub fn smtp_address(&self) -> Option<std::net::SocketAddr> {
        self.smtp
    }

    /// The application's database handle (tests count statements through it).
    pub fn db(&self) -> Db {
        self.db.clone()
    }

    /// Serves until SIGINT/SIGTERM, then finishes in-flight requests (up to 10 s).
    pub async fn run_until_stopped(self) -> anyhow::Result<()> {
        self.server.await?;
        self.db.close().await;
        Ok(())
    }
}

/// Runs the SMTP listener on `address` and files each message it takes, as the inbound webhook
/// does. It takes mail only for the queues' addresses: it is no open sink for anything sent to
/// the host.
fn listen_for_mail(ctx: AppContext, address: &str) -> anyhow::Result<std::net::SocketAddr> {
    use crm_core::error::AppError;
    use crm_mail::listener::Answer;
    let hostname = address.split(':').next().filter(|host| !host.is_empty() && *host != "0.0.0.0").unwrap_or("localhost").to_owned();
    let (bound, mut received) = crm_mail::listener::listen(address, &hostname)?;
    tracing::info!(%bound, "SMTP listener taking mail for the queues' addresses");
    tokio::spawn(async move {
        let caller = crm_core::principal::Caller::system("smtp listener");
        while let Some(delivery) = received.recv().await {
            let answer = match crm_service::setup::queue_for_addresses(&ctx.db.read, &delivery.recipients).await {
                Ok(None) => Answer::Refused(format!("no mailbox here for {}", delivery.recipients.join(", "))),
                Err(_) => Answer::TryLater,
                Ok(Some(_)) => match crm_service::email::receive(&ctx, &caller, &delivery.raw, &delivery.recipients).await {
                    Ok(_) => Answer::Stored,
                    Err(AppError::BadInput { invalid, .. }) => Answer::Refused(invalid.message),
                    Err(err) => {
                        tracing::error!(error = ?err, "filing a received email");
                        Answer::TryLater
                    }
                },
            };
            // The session may have gone (the client hung up): nothing to tell.
            let _ = delivery.answer.send(answer);
        }
    });
    Ok(bound)
}

/// Prunes the event log every hour: events older than `retention` go (a subscriber resuming
/// from before them is told to resync). Every server prunes; deleting twice is harmless.
fn spawn_event_pruning(app: AppContext, retention: Duration) {
    let retention = chrono::Duration::from_std(retention).unwrap_or(chrono::Duration::days(14));
    tokio::spawn(async move {
        let mut every = tokio::time::interval(Duration::from_secs(3600));
        loop {
            every.tick().await;
            match crm_core::event_log::prune(&app.db.write, app.clock.now() - retention).await {
                Ok(0) => {}
                Ok(count) => tracing::info!(count, "events past the retention window pruned"),
                Err(err) => tracing::warn!(error = ?err, "pruning the event log failed"),
            }
        }
    });
}
