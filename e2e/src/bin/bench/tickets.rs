//! The service desk at scale: `--tickets N` adds N tickets to the seeded demo (two years of
//! them, a fifth not yet resolved, spread over the demo's customers, queues and agents) so
//! that the agent's work order and the ticket search are measured on a large desk.
//!
//! Opening a million tickets one by one through the API would take hours on the bench's
//! machine, so they are written by one `INSERT … SELECT FROM generate_series` on PostgreSQL
//! (the production database), shaped like the tickets the application writes; their search
//! index holds the subject and first message folded by the server's own code
//! (`crm_core::text::index_text`), as the application writes it. They have no messages, SLA
//! clocks or audit entries: neither scenario reads those.

use anyhow::{bail, Context};
use crm_contract::knowledge::ArticleLocale;
use crm_core::text::index_text;
use sea_orm::sqlx::{self, PgPool};
use std::time::{Duration, Instant};

/// What the bench's customers write about: (subject, their first message).
const PROBLEMS: [(&str, &str); 8] = [
    ("Printer offline after the update", "The label printer in the warehouse went offline after last night's update."),
    ("Invoice shows the wrong VAT number", "Our VAT number changed in September; the last invoice still has the old one."),
    ("Delivery incomplete", "Two of the five parcels of the last delivery are missing."),
    ("Cannot log in to the portal", "The portal says our password is wrong, but we did not change it."),
    ("Receipts print faded", "The POS terminal's receipts are faded and hard to read since Monday."),
    ("Licence seats not active", "We bought ten more seats but the licence still shows the old number."),
    ("Scanner not recognised", "The barcode scanner is not recognised by the POS terminal any more."),
    ("Refund not received", "The refund for the returned kiosk has not reached our account yet."),
];

/// The agent's work order: what is not resolved, what falls due first, as the app lists it
/// (counted up to 10,000, as the app shows "10,000+").
pub const QUEUE: &str = "query Queue { tickets(first: 50, filter: {statuses: [NEW, OPEN, PENDING_CUSTOMER, PENDING_THIRD_PARTY]},
    orderBy: [{field: SLA_DUE_AT, direction: ASC}]) { countUpTo { count more }
    nodes { id number subject status priority slaDueAt customer { id name } assignee { id displayName } } } }";
/// The desk's search: words of the subject and conversation, full text.
pub const SEARCH: &str = "query TicketSearch($q: String!) { tickets(first: 50, filter: {search: $q}) { countUpTo { count more }
    nodes { id number subject status priority slaDueAt customer { id name } assignee { id displayName } } } }";
/// The word searched for: in one subject of eight.
pub const SEARCH_TERM: &str = "printer";

const INSERT: &str = r#"
WITH c AS (SELECT id, row_number() OVER (ORDER BY id) - 1 AS n FROM customers),
     q AS (SELECT id, row_number() OVER (ORDER BY name) - 1 AS n FROM service_queues WHERE archived_at IS NULL),
     a AS (SELECT user_id AS id, row_number() OVER (ORDER BY user_id) - 1 AS n FROM service_agents),
     k AS (SELECT (SELECT count(*) FROM c) AS customers, (SELECT count(*) FROM q) AS queues, (SELECT count(*) FROM a) AS agents),
     g AS (SELECT i, now() - make_interval(mins => ((i::bigint * 7919) % (730 * 24 * 60))::int) AS opened FROM generate_series(1, $1::int) AS i)
INSERT INTO tickets (id, number, customer_id, contact_id, channel, category, subject, language, priority, status, queue_id,
    assignee_id, complaint, order_id, product_id, sla_policy_id, sla_due_at, created_by_id, created_at, updated_at,
    resolved_at, closed_at, merged_into_id, parent_id, tags, version)
SELECT gen_random_uuid(), 'T-BENCH-' || lpad(g.i::text, 7, '0'), c.id, NULL,
    (ARRAY['EMAIL','PHONE','WEB','SELF_SERVICE','CHAT'])[1 + g.i % 5],
    (ARRAY['hardware','billing','delivery','access','hardware','licensing','hardware','billing'])[1 + g.i % 8],
    ($2::text[])[1 + g.i % 8], 'en',
    (ARRAY['LOW','NORMAL','NORMAL','HIGH','URGENT'])[1 + g.i % 5],
    CASE WHEN g.i % 10 < 8 THEN 'CLOSED' WHEN g.i % 10 = 8 THEN 'OPEN' ELSE 'NEW' END,
    q.id, CASE WHEN g.i % 4 = 0 THEN NULL ELSE a.id END, g.i % 13 = 0, NULL, NULL, NULL,
    CASE WHEN g.i % 10 < 8 THEN NULL ELSE now() + make_interval(mins => (g.i % 6000)::int - 3000) END,
    NULL, g.opened, g.opened,
    CASE WHEN g.i % 10 < 8 THEN g.opened + interval '1 day' END,
    CASE WHEN g.i % 10 < 8 THEN g.opened + interval '8 days' END,
    NULL, NULL, '[]'::jsonb, 1
FROM g CROSS JOIN k
JOIN c ON c.n = (g.i::bigint * 7919) % k.customers
JOIN q ON q.n = g.i % k.queues
LEFT JOIN a ON a.n = g.i % greatest(k.agents, 1)
"#;

const INDEX: &str = r#"
INSERT INTO ticket_search (ticket_id, subject, body)
SELECT t.id, ($1::text[])[1 + substr(t.number, 9)::int % 8], ($2::text[])[1 + substr(t.number, 9)::int % 8]
FROM tickets t WHERE t.number LIKE 'T-BENCH-%'
"#;

/// Writes `count` tickets into the PostgreSQL database at `url`; returns how long it took.
pub async fn load(url: &str, count: usize) -> anyhow::Result<Duration> {
    if !url.starts_with("postgres") {
        bail!("--tickets writes its tickets with PostgreSQL's generate_series: pass a postgres:// --database-url");
    }
    let started = Instant::now();
    let pool = PgPool::connect(url).await.context("connecting to PostgreSQL")?;
    let subjects: Vec<String> = PROBLEMS.iter().map(|(subject, _)| (*subject).to_owned()).collect();
    let written = sqlx::query(INSERT).bind(i32::try_from(count)?).bind(&subjects).execute(&pool).await.context("writing the tickets")?;
    anyhow::ensure!(written.rows_affected() == count as u64, "wrote {} tickets, not {count}", written.rows_affected());
    let folded: Vec<String> = PROBLEMS.iter().map(|(subject, _)| index_text(subject, ArticleLocale::En)).collect();
    let bodies: Vec<String> = PROBLEMS.iter().map(|(_, words)| index_text(words, ArticleLocale::En)).collect();
    sqlx::query(INDEX).bind(&folded).bind(&bodies).execute(&pool).await.context("indexing the tickets")?;
    sqlx::query("ANALYZE").execute(&pool).await?;
    Ok(started.elapsed())
}
