//! The timeline at scale: `--interactions N` adds N interactions to the seeded demo (two
//! years of them): 10,000 on the demo sales rep's first customer, whose timeline the
//! `timeline` scenario pages as that rep, the rest spread over every customer; a fifth of them
//! belong to one of the customer's opportunities, so the rep's scope checks each page's links.
//!
//! They are written by one `INSERT … SELECT FROM generate_series` on PostgreSQL (the
//! production database), shaped like the entries people log through `logInteraction`.

use anyhow::{bail, Context};
use sea_orm::sqlx::{self, PgPool};
use std::time::{Duration, Instant};

/// Entries of the customer whose timeline is read.
pub const ON_THE_CUSTOMER: usize = 10_000;

/// A page of the timeline as the app reads it.
pub const TIMELINE: &str = "query Timeline($id: ID!) { customer(id: $id) { timeline(first: 50) {
    pageInfo { hasNextPage endCursor } nodes { id kind channel direction subject summary outcome startedAt endedAt internal
    contact { fullName } staffUser { displayName } partner { name } ticket { id } opportunity { id } quote { id } order { id } } } } }";

const INSERT: &str = r#"
WITH c AS (SELECT id, row_number() OVER (ORDER BY id) - 1 AS n FROM customers),
     k AS (SELECT count(*) AS customers FROM c),
     g AS (SELECT i, now() - make_interval(mins => ((i::bigint * 7919) % (730 * 24 * 60))::int) AS at FROM generate_series(1, $1::int) AS i)
INSERT INTO interactions (id, customer_id, contact_id, channel, direction, kind, subject, summary, outcome, started_at, ended_at,
    internal, staff_user_id, partner_id, logged_by_id, ticket_id, opportunity_id, quote_id, order_id, created_at)
SELECT gen_random_uuid(), CASE WHEN g.i <= $3 THEN $2::uuid ELSE c.id END, NULL,
    (ARRAY['PHONE','EMAIL','IN_PERSON','VOIP','EMAIL'])[1 + g.i % 5],
    (ARRAY['OUTBOUND','INBOUND'])[1 + g.i % 2],
    (ARRAY['CALL','EMAIL','VISIT','MEETING','EMAIL'])[1 + g.i % 5],
    'Bench contact ' || g.i, 'What was said in contact ' || g.i, NULL, g.at, g.at + interval '20 minutes',
    g.i % 3 = 0, NULL, NULL, NULL, NULL,
    CASE WHEN g.i % 5 = 0 THEN (SELECT o.id FROM opportunities o WHERE o.customer_id = CASE WHEN g.i <= $3 THEN $2::uuid ELSE c.id END
        ORDER BY o.id LIMIT 1) END,
    NULL, NULL, g.at
FROM g CROSS JOIN k
JOIN c ON c.n = (g.i::bigint * 7919) % k.customers
"#;

/// Writes `count` interactions into the PostgreSQL database at `url`, the first 10,000 on
/// `customer`; returns how long it took.
pub async fn load(url: &str, count: usize, customer: &str) -> anyhow::Result<Duration> {
    if !url.starts_with("postgres") {
        bail!("--interactions writes its entries with PostgreSQL's generate_series: pass a postgres:// --database-url");
    }
    let started = Instant::now();
    let pool = PgPool::connect(url).await.context("connecting to PostgreSQL")?;
    let on_customer = i32::try_from(ON_THE_CUSTOMER.min(count))?;
    let written = sqlx::query(INSERT)
        .bind(i32::try_from(count)?)
        .bind(uuid::Uuid::parse_str(customer)?)
        .bind(on_customer)
        .execute(&pool)
        .await
        .context("writing the interactions")?;
    anyhow::ensure!(written.rows_affected() == count as u64, "wrote {} interactions, not {count}", written.rows_affected());
    sqlx::query("ANALYZE").execute(&pool).await?;
    Ok(started.elapsed())
}
