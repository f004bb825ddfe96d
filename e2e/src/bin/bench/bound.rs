//! The single-statement bound: the customer 360 as one hand-written SQL statement that builds
//! the whole JSON answer in the database, served over HTTP by actix-web with a plain sqlx pool
//! (no GraphQL, no authentication, no ORM). Nothing on this stack can answer the same question
//! faster, so the CRM's throughput is reported as a fraction of it, measured in the same run,
//! on the same machine, by the same load generator.
//!
//! It runs as a child process of the bench (`bench --serve-bound --database-url …`), like the
//! `crm` server, so that neither shares a process with the load generator.

use actix_web::{web, App, HttpResponse, HttpServer};
use anyhow::Context;
use sea_orm::sqlx::{self, PgPool, SqlitePool};
use std::io::Write;
use std::time::Duration;
use uuid::Uuid;

/// The same fields as the bench's `Customer360` operation, in the same JSON shape (amounts
/// are stored × 10⁴).
const POSTGRES: &str = r#"
SELECT json_build_object('data', json_build_object(
  'customer', json_build_object(
    'id', c.id, 'name', c.name, 'lifecycle', c.lifecycle, 'industry', c.industry,
    'owner', (SELECT json_build_object('id', u.id, 'displayName', u.display_name) FROM users u WHERE u.id = c.owner_id),
    'contacts', COALESCE((
      SELECT json_agg(json_build_object(
        'id', ct.id, 'fullName', ct.first_name || ' ' || ct.last_name,
        'emails', (SELECT COALESCE(json_agg(json_build_object('address', e->>'address')), '[]') FROM jsonb_array_elements(ct.emails) e),
        'phones', (SELECT COALESCE(json_agg(json_build_object('number', p->>'number')), '[]') FROM jsonb_array_elements(ct.phones) p)
      ) ORDER BY ct.id)
      FROM contacts ct WHERE ct.customer_id = c.id AND ct.archived_at IS NULL), '[]')),
  'opportunities', json_build_object('nodes', COALESCE((
    SELECT json_agg(json_build_object(
      'id', o.id, 'name', o.name, 'stage', o.stage,
      'amount', json_build_object('amount', trim_scale(o.amount::numeric / 10000)::text, 'currency', o.currency),
      'expectedCloseDate', o.expected_close_date,
      'owner', (SELECT json_build_object('id', u.id, 'displayName', u.display_name) FROM users u WHERE u.id = o.owner_id)
    ) ORDER BY o.expected_close_date, o.id)
    FROM (SELECT * FROM opportunities WHERE customer_id = c.id AND archived_at IS NULL
          ORDER BY expected_close_date, id LIMIT 20) o), '[]'))
))::text
FROM customers c WHERE c.id = $1
"#;

/// SQLite's spelling of [`POSTGRES`] (ids are stored as 16-byte blobs: shown as hex).
const SQLITE: &str = r#"
SELECT json_object('data', json_object(
  'customer', json_object(
    'id', lower(hex(c.id)), 'name', c.name, 'lifecycle', c.lifecycle, 'industry', c.industry,
    'owner', (SELECT json_object('id', lower(hex(u.id)), 'displayName', u.display_name) FROM users u WHERE u.id = c.owner_id),
    'contacts', (
      SELECT json_group_array(json_object(
        'id', lower(hex(ct.id)), 'fullName', ct.first_name || ' ' || ct.last_name,
        'emails', (SELECT json_group_array(json_object('address', json_extract(e.value, '$.address'))) FROM json_each(ct.emails) e),
        'phones', (SELECT json_group_array(json_object('number', json_extract(p.value, '$.number'))) FROM json_each(ct.phones) p)
      ))
      FROM (SELECT * FROM contacts WHERE customer_id = c.id AND archived_at IS NULL ORDER BY id) ct)),
  'opportunities', json_object('nodes', (
    SELECT json_group_array(json_object(
      'id', lower(hex(o.id)), 'name', o.name, 'stage', o.stage,
      'amount', json_object('amount', CAST(o.amount / 10000.0 AS TEXT), 'currency', o.currency),
      'expectedCloseDate', o.expected_close_date,
      'owner', (SELECT json_object('id', lower(hex(u.id)), 'displayName', u.display_name) FROM users u WHERE u.id = o.owner_id)
    ))
    FROM (SELECT * FROM opportunities WHERE customer_id = c.id AND archived_at IS NULL
          ORDER BY expected_close_date, id LIMIT 20) o))
))
FROM customers c WHERE c.id = ?
"#;

#[derive(Clone)]
enum Pool {
    Postgres(PgPool),
    Sqlite(SqlitePool),
}

impl Pool {
    /// The same pool sizes as the `crm` server's reads (`crm_core::db`), and no ping before
    /// each use.
    async fn connect(url: &str) -> anyhow::Result<Self> {
        if url.starts_with("sqlite:") {
            let pool = sqlx::pool::PoolOptions::new().max_connections(8).test_before_acquire(false).connect(url).await?;
            Ok(Self::Sqlite(pool))
        } else {
            let pool = sqlx::pool::PoolOptions::new()
                .max_connections(32)
                .acquire_timeout(Duration::from_secs(10))
                .test_before_acquire(false)
                .connect(url)
                .await?;
            Ok(Self::Postgres(pool))
        }
    }

    async fn customer_360(&self, id: Uuid) -> Result<Option<String>, sqlx::Error> {
        match self {
            Self::Postgres(pool) => sqlx::query_scalar(POSTGRES).bind(id).fetch_optional(pool).await,
            Self::Sqlite(pool) => sqlx::query_scalar(SQLITE).bind(id).fetch_optional(pool).await,
        }
    }
}

async fn customer_360(pool: web::Data<Pool>, id: web::Path<Uuid>) -> HttpResponse {
    match pool.customer_360(id.into_inner()).await {
        Ok(Some(json)) => HttpResponse::Ok().content_type("application/json").body(json),
        Ok(None) => HttpResponse::NotFound().finish(),
        Err(err) => HttpResponse::InternalServerError().body(err.to_string()),
    }
}

/// Serves `GET /customer360/{id}` on a free local port, printing `listening on PORT` once ready.
pub fn serve(database_url: &str) -> anyhow::Result<()> {
    actix_web::rt::System::new().block_on(async {
        let pool = web::Data::new(Pool::connect(database_url).await.context("connecting the bound server")?);
        let server = HttpServer::new(move || App::new().app_data(pool.clone()).route("/customer360/{id}", web::get().to(customer_360)))
            .bind(("127.0.0.1", 0))?;
        let port = server.addrs().first().context("no address")?.port();
        println!("listening on {port}");
        std::io::stdout().flush()?;
        server.run().await?;
        anyhow::Ok(())
    })
}
