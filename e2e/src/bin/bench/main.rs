//! `bench`: seeds a database with the demo data, serves it with the real `crm` binary (rate
//! limiting off) and measures the API under closed-loop load, as the README's table shows.
//!
//! ```text
//! cargo build --release -p crm -p e2e --bin crm --bin bench
//! target/release/bench --customers 10000 [--database-url URL] [--concurrency 50] [--duration-secs 10]
//! ```
//!
//! Without `--database-url` it uses a fresh SQLite file in a temporary directory. A
//! `postgres://…` URL must name an EMPTY database (e.g. `createdb crm_bench`; drop it after):
//! the bench migrates and seeds it, and does not clean up.
//!
//! Scenarios, each run by `--concurrency` clients (signed in as admin@demo.test unless said):
//! - `customer 360`: one customer with its owner, contacts (emails, phones) and first 20
//!   opportunities with their owners, in one request;
//! - `bound`: the same answer from one hand-written SQL statement behind a bare actix-web
//!   handler (`bound.rs`), the fastest this stack can give it: the customer 360 is reported as
//!   a fraction of it, measured in the same run;
//! - `search`: `customers(first: 50, filter: {search: <most common surname>, lifecycle: CUSTOMER})`;
//! - `list`: a page of 50 customers with owner and contacts, from one of 20 page cursors;
//! - `board`: the pipeline board exactly as the app loads it (`frontend/graphql/pipeline_board.graphql`);
//! - `create`: `createCustomer` with a primary contact;
//! - `update`: `updateCustomer` of the client's own customers at their current version;
//! - `trivial`: `{ __typename }` with a bearer token, and `anonymous`: the same without one
//!   (their ratio is what authenticating a request costs);
//! - with `--tickets N` (PostgreSQL), as agent@demo.test: `ticket_queue`, the agent's work
//!   order (unresolved tickets by time due, 50 with customer and assignee, and the count up to
//!   10,000 that the app shows), and
//!   `ticket_search`, a word of the subjects, full text (see `tickets.rs`);
//! - with `--interactions N` (PostgreSQL), as sales@demo.test: `timeline`, a page of 50 of the
//!   timeline of the rep's customer with 10,000 of the N entries (see `interactions.rs`).
//!
//! Statements per request are read from the server's `/metrics` around single requests made
//! one at a time. A response with a non-empty `errors` array counts as an error, whatever its
//! HTTP status.
#![allow(clippy::print_stdout)]

mod bound;
mod interactions;
mod tickets;

use anyhow::{bail, Context};
use clap::Parser;
use e2e::load::{self, Stats};
use e2e::{demo, has_errors, seed_demo, Client, Server, SqliteDb};
use serde_json::{json, Value};
use std::collections::HashMap;
use std::process::Stdio;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::Duration;
use tokio::io::AsyncBufReadExt;
use tokio::sync::Mutex;

#[derive(Parser)]
#[command(about = "Benchmark the crm GraphQL API on a freshly seeded database")]
struct Args {
    /// Demo customers to seed.
    #[arg(long, default_value_t = 10_000)]
    customers: usize,
    /// An EMPTY database to use (SQLite or PostgreSQL URL); default: a temporary SQLite file.
    #[arg(long)]
    database_url: Option<String>,
    /// Parallel clients per scenario.
    #[arg(long, default_value_t = 50)]
    concurrency: usize,
    /// Measured seconds per scenario.
    #[arg(long, default_value_t = 10)]
    duration_secs: u64,
    /// Unmeasured seconds before each scenario.
    #[arg(long, default_value_t = 2)]
    warmup_secs: u64,
    /// Seed of the demo data generator.
    #[arg(long, default_value_t = 42)]
    seed: u64,
    /// Only these scenarios (comma-separated names), e.g. `customer360,bound`.
    #[arg(long, value_delimiter = ',')]
    only: Vec<String>,
    /// Tickets to add for the service desk's scenarios (PostgreSQL only; see `tickets.rs`).
    #[arg(long, default_value_t = 0)]
    tickets: usize,
    /// Interactions to add for the timeline's scenario (PostgreSQL only; see `interactions.rs`).
    #[arg(long, default_value_t = 0)]
    interactions: usize,
    /// Internal: serve the single-statement bound on `--database-url` (see `bound.rs`).
    #[arg(long, hide = true)]
    serve_bound: bool,
}

const CUSTOMER_360: &str = "query Customer360($id: ID!) {
  customer(id: $id) { id name lifecycle industry owner { id displayName }
    contacts { id fullName emails { address } phones { number } } }
  opportunities(first: 20, filter: {customerId: {in: [$id]}}, orderBy: [{field: EXPECTED_CLOSE_DATE, direction: ASC}]) {
    nodes { id name stage amount { amount currency } expectedCloseDate owner { id displayName } } } }";
const LIST: &str = "query List($after: String) { customers(first: 50, after: $after) { totalCount
    nodes { id name lifecycle owner { id displayName } contacts { id fullName emails { address } phones { number } } } } }";
const SEARCH: &str = "query Search($q: String!) { customers(first: 50, filter: {search: $q, lifecycle: {in: [CUSTOMER]}}) {
    totalCount nodes { id name lifecycle owner { id displayName } contacts { id fullName emails { address } } } } }";
const BOARD: &str = include_str!("../../../../frontend/graphql/pipeline_board.graphql");
const CREATE: &str = "mutation Create($input: CreateCustomerInput!) { createCustomer(input: $input) { customer { id version } } }";
const UPDATE: &str = "mutation Update($input: UpdateCustomerInput!) { updateCustomer(input: $input) { customer { id version } } }";
const TRIVIAL: &str = "{ __typename }";
const COLLECT: &str = "query Collect($after: String) { customers(first: 250, after: $after) {
    pageInfo { hasNextPage endCursor } edges { cursor node { id version contacts { lastName } } } } }";
/// Customers with the most opportunities, so the 360 shows a full page of them.
const BUSIEST: &str = "query Busiest($after: String) { opportunities(first: 250, after: $after) {
    pageInfo { hasNextPage endCursor } nodes { customer { id } } } }";

/// Every scenario, in the order they run.
const SCENARIOS: [&str; 12] = [
    "customer360",
    "bound",
    "search",
    "list",
    "board",
    "create",
    "update",
    "trivial",
    "anonymous",
    "ticket_queue",
    "ticket_search",
    "timeline",
];
/// The scenarios that need `--tickets`.
const TICKET_SCENARIOS: [&str; 2] = ["ticket_queue", "ticket_search"];

/// Customers an update client owns: (id, version last seen).
type Owned = Mutex<Vec<(String, i64)>>;

/// What the scenarios draw from.
struct Sample {
    /// Customers (id, version).
    customers: Vec<(String, i64)>,
    /// Customers with the most opportunities, busiest first.
    busiest: Vec<String>,
    cursors: Vec<Option<String>>,
    surname: String,
}

/// One scenario's figures.
struct Row {
    scenario: &'static str,
    label: String,
    stats: Stats,
    statements: Option<u64>,
}

fn main() -> anyhow::Result<()> {
    let args = Args::parse();
    if args.serve_bound {
        return bound::serve(args.database_url.as_deref().context("--serve-bound needs --database-url")?);
    }
    tokio::runtime::Builder::new_multi_thread().enable_all().build()?.block_on(bench(args))
}

async fn bench(args: Args) -> anyhow::Result<()> {
    anyhow::ensure!(args.concurrency > 0 && args.duration_secs > 0, "--concurrency and --duration-secs must be positive");
    if let Some(unknown) = args.only.iter().find(|name| !SCENARIOS.contains(&name.as_str())) {
        bail!("unknown scenario {unknown:?}; the scenarios are {}", SCENARIOS.join(", "));
    }
    let bin = e2e::crm_binary()?;
    if !bin.to_string_lossy().contains("release") {
        eprintln!("warning: {} is not a release build: `cargo build --release -p crm` first", bin.display());
    }
    let temp_db = match &args.database_url {
        Some(_) => None,
        None => Some(SqliteDb::new()?),
    };
    let url = match (&args.database_url, &temp_db) {
        (Some(url), _) => url.clone(),
        (None, Some(db)) => db.url(),
        (None, None) => bail!("no database"),
    };

    eprintln!("seeding {} customers into {} …", args.customers, redact(&url));
    let took = seed_demo(&url, args.customers, args.seed).await.context("seeding failed (a --database-url must name an empty database)")?;
    eprintln!("seeded in {:.1} s", took.as_secs_f64());
    if args.tickets > 0 {
        eprintln!("writing {} tickets …", args.tickets);
        let took = tickets::load(&url, args.tickets).await?;
        eprintln!("written and indexed in {:.1} s", took.as_secs_f64());
    }
    let server = Server::start(&url, &[("CRM_RATE_LIMIT", "0")]).await?;
    let client = Client::new(server.base_url())?;
    let bound = BoundServer::start(&url).await?;
    let token: Arc<str> = client.login(demo::ADMIN, demo::PASSWORD).await?.into();
    let count = client.data("{ customers { totalCount } }", json!({}), Some(&token)).await?;
    let total = count["customers"]["totalCount"].as_u64().context("no totalCount")?;
    // The seeder refuses a database that is not empty; converted demo leads add customers of
    // their own, so the demo holds at least the customers asked for.
    anyhow::ensure!(total >= args.customers as u64, "the database holds {total} customers, fewer than the {} seeded", args.customers);
    eprintln!("{total} customers ({} seeded, the rest from converted leads)", args.customers);
    let sample = Arc::new(collect(&client, &token, 1000).await?);
    eprintln!("sampled {} customers; search term {:?}", sample.customers.len(), sample.surname);
    let agent: Arc<str> = client.login(demo::AGENT, demo::PASSWORD).await?.into();
    let rep: Arc<str> = client.login(demo::SALES_REP, demo::PASSWORD).await?.into();
    let timeline_customer = if args.interactions > 0 {
        let customer = first_customer_of(&client, &rep).await?;
        eprintln!("writing {} interactions ({} on the rep's customer {customer}) …", args.interactions, interactions::ON_THE_CUSTOMER);
        let took = interactions::load(&url, args.interactions, &customer).await?;
        eprintln!("written in {:.1} s", took.as_secs_f64());
        Some(customer)
    } else {
        None
    };
    let env = Env { client, bound: bound.base_url.clone(), token, agent, rep, timeline_customer, sample };

    let mut rows = Vec::new();
    let chosen = |s: &&str| args.only.is_empty() || args.only.iter().any(|o| o == s);
    let possible = |s: &&str| (args.tickets > 0 || !TICKET_SCENARIOS.contains(s)) && (args.interactions > 0 || *s != "timeline");
    for scenario in SCENARIOS.into_iter().filter(chosen).filter(possible) {
        let statements = if scenario == "bound" { None } else { Some(statements_per_request(&env, scenario).await?) };
        eprintln!("{scenario}: {} clients, {} s …", args.concurrency, args.duration_secs);
        let stats = run(scenario, &args, &env).await?;
        if let Some(err) = &stats.first_error {
            eprintln!("  {} errors, e.g.: {err}", stats.errors);
        }
        rows.push(Row { scenario, label: label(scenario, &env.sample), stats, statements });
    }
    report(&args, &url, &bin, &rows);
    Ok(())
}

/// What every request needs.
#[derive(Clone)]
struct Env {
    client: Client,
    /// The bound server's base URL.
    bound: String,
    token: Arc<str>,
    /// agent@demo.test's, for the service desk's scenarios.
    agent: Arc<str>,
    /// sales@demo.test's, for the timeline.
    rep: Arc<str>,
    /// The customer whose timeline the `timeline` scenario reads.
    timeline_customer: Option<String>,
    sample: Arc<Sample>,
}

/// The first customer `token`'s user owns, by name.
async fn first_customer_of(client: &Client, token: &str) -> anyhow::Result<String> {
    let me = client.data("{ me { user { id } } }", json!({}), Some(token)).await?;
    let id = me.pointer("/me/user/id").and_then(Value::as_str).context("no user id")?;
    let owned = client
        .data("query($me: ID!) { customers(first: 1, filter: {ownerId: {in: [$me]}}) { nodes { id } } }", json!({ "me": id }), Some(token))
        .await?;
    Ok(owned.pointer("/customers/nodes/0/id").and_then(Value::as_str).context("the demo sales rep owns no customer")?.to_owned())
}

/// The single-statement server, a child process (`bench --serve-bound`).
struct BoundServer {
    base_url: String,
    _child: tokio::process::Child,
}

impl BoundServer {
    async fn start(database_url: &str) -> anyhow::Result<Self> {
        let mut child = tokio::process::Command::new(std::env::current_exe()?)
            .args(["--serve-bound", "--database-url", database_url])
            .stdout(Stdio::piped())
            .kill_on_drop(true)
            .spawn()
            .context("starting the bound server")?;
        let stdout = child.stdout.take().context("no stdout")?;
        let mut lines = tokio::io::BufReader::new(stdout).lines();
        let line = tokio::time::timeout(Duration::from_secs(30), lines.next_line()).await??.context("the bound server exited")?;
        let port = line.strip_prefix("listening on ").context("unexpected first line from the bound server")?.trim().to_owned();
        Ok(Self { base_url: format!("http://127.0.0.1:{port}"), _child: child })
    }
}

/// Pages through the customers until `want` are sampled, noting a cursor every 50; then finds
/// the customers with the most opportunities.
async fn collect(client: &Client, token: &str, want: usize) -> anyhow::Result<Sample> {
    let mut sample = Sample { customers: Vec::new(), busiest: Vec::new(), cursors: vec![None], surname: String::new() };
    let mut surnames: HashMap<String, usize> = HashMap::new();
    let mut after: Option<String> = None;
    while sample.customers.len() < want {
        let data = client.data(COLLECT, json!({ "after": after }), Some(token)).await?;
        let page = &data["customers"];
        for edge in page["edges"].as_array().context("no edges")? {
            let node = &edge["node"];
            let id = node["id"].as_str().context("no id")?.to_owned();
            sample.customers.push((id, node["version"].as_i64().context("no version")?));
            if sample.customers.len() % 50 == 0 {
                sample.cursors.push(edge["cursor"].as_str().map(str::to_owned));
            }
            for contact in node["contacts"].as_array().into_iter().flatten() {
                if let Some(last) = contact["lastName"].as_str() {
                    *surnames.entry(last.to_owned()).or_default() += 1;
                }
            }
        }
        if page["pageInfo"]["hasNextPage"] != true {
            break;
        }
        after = page["pageInfo"]["endCursor"].as_str().map(str::to_owned);
    }
    anyhow::ensure!(!sample.customers.is_empty(), "the database has no customers");
    sample.surname = surnames.into_iter().max_by_key(|(name, n)| (*n, name.clone())).map(|(name, _)| name).unwrap_or_default();

    let mut opportunities: HashMap<String, usize> = HashMap::new();
    let mut after: Option<String> = None;
    loop {
        let data = client.data(BUSIEST, json!({ "after": after }), Some(token)).await?;
        let page = &data["opportunities"];
        for node in page["nodes"].as_array().context("no nodes")? {
            if let Some(id) = node["customer"]["id"].as_str() {
                *opportunities.entry(id.to_owned()).or_default() += 1;
            }
        }
        if page["pageInfo"]["hasNextPage"] != true {
            break;
        }
        after = page["pageInfo"]["endCursor"].as_str().map(str::to_owned);
    }
    let mut busiest: Vec<(String, usize)> = opportunities.into_iter().collect();
    busiest.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    sample.busiest = busiest.into_iter().take(300).map(|(id, _)| id).collect();
    anyhow::ensure!(!sample.busiest.is_empty(), "the database has no opportunities");
    Ok(sample)
}

/// Sampled customers kept for counting statements, away from the update clients' versions.
const PROBED: usize = 3;

/// The fewest statements one request of `scenario` ran, over three tries made one at a time.
async fn statements_per_request(env: &Env, scenario: &str) -> anyhow::Result<u64> {
    let owned: Owned = Mutex::new(env.sample.customers.iter().rev().take(PROBED).cloned().collect());
    let mut fewest = u64::MAX;
    for i in 0..3 {
        let before = statement_count(&env.client).await?;
        request(env, scenario, &owned, 0, 1_000_000 + i).await?;
        fewest = fewest.min(statement_count(&env.client).await? - before);
    }
    Ok(fewest)
}

/// Statements the server has executed (`crm_db_statement_seconds_count`, summed over labels).
async fn statement_count(client: &Client) -> anyhow::Result<u64> {
    let (status, text) = client.get("/metrics").await?;
    anyhow::ensure!(status == 200, "/metrics answered {status}");
    Ok(text
        .lines()
        .filter(|line| line.starts_with("crm_db_statement_seconds_count"))
        .filter_map(|line| line.rsplit(' ').next()?.parse::<f64>().ok())
        .sum::<f64>() as u64)
}

async fn run(scenario: &str, args: &Args, env: &Env) -> anyhow::Result<Stats> {
    // Each update client owns every concurrency-th sampled customer and tracks its version;
    // the last few are the statement count's (`statements_per_request`).
    let shared = &env.sample.customers[..env.sample.customers.len().saturating_sub(PROBED)];
    let owned: Arc<Vec<Owned>> =
        Arc::new((0..args.concurrency).map(|c| Mutex::new(shared.iter().skip(c).step_by(args.concurrency).cloned().collect())).collect());
    let (env, scenario) = (env.clone(), scenario.to_owned());
    let request = move |c: usize, i: u64| {
        let (env, owned, scenario) = (env.clone(), owned.clone(), scenario.clone());
        async move { request(&env, &scenario, &owned[c], c, i).await }
    };
    let warmup = Duration::from_secs(args.warmup_secs);
    if !warmup.is_zero() {
        load::run(args.concurrency, warmup, request.clone()).await?;
    }
    load::run(args.concurrency, Duration::from_secs(args.duration_secs), request).await
}

/// One request of `scenario` by client `c`, its `i`-th.
async fn request(env: &Env, scenario: &str, owned: &Owned, c: usize, i: u64) -> anyhow::Result<()> {
    let pick = |len: usize| (mix(((c as u64) << 32) ^ i) % len.max(1) as u64) as usize;
    let (client, token, sample) = (&env.client, Some(&*env.token), &env.sample);
    let body = match scenario {
        "customer360" => client.post(CUSTOMER_360, json!({ "id": sample.busiest[pick(sample.busiest.len())] }), token).await?,
        "bound" => {
            let id = &sample.busiest[pick(sample.busiest.len())];
            let response = client.http().get(format!("{}/customer360/{id}", env.bound)).send().await?;
            anyhow::ensure!(response.status().is_success(), "the bound server answered {}", response.status());
            response.json::<Value>().await?
        }
        "search" => client.post(SEARCH, json!({ "q": sample.surname }), token).await?,
        "list" => client.post(LIST, json!({ "after": sample.cursors[pick(sample.cursors.len())] }), token).await?,
        "board" => client.post(BOARD, board_variables(), token).await?,
        "create" => client.post(CREATE, json!({ "input": new_customer(c, i) }), token).await?,
        "update" => return update(client, &env.token, owned, i).await,
        "trivial" => client.post(TRIVIAL, json!({}), token).await?,
        "anonymous" => client.post(TRIVIAL, json!({}), None).await?,
        "ticket_queue" => client.post(tickets::QUEUE, json!({}), Some(&*env.agent)).await?,
        "ticket_search" => client.post(tickets::SEARCH, json!({ "q": tickets::SEARCH_TERM }), Some(&*env.agent)).await?,
        "timeline" => {
            let customer = env.timeline_customer.as_deref().context("no customer with a timeline")?;
            client.post(interactions::TIMELINE, json!({ "id": customer }), Some(&*env.rep)).await?
        }
        other => bail!("unknown scenario {other}"),
    };
    check(&body)
}

/// The board's variables as the app sends them with no filter: 50 cards per column.
fn board_variables() -> Value {
    json!({ "filter": {}, "cardsPerColumn": 50 })
}

/// A company with a primary contact, unique in the run (duplicate detection would refuse a
/// second contact with the same email).
fn new_customer(c: usize, i: u64) -> Value {
    static SEQUENCE: AtomicU64 = AtomicU64::new(0);
    let i = SEQUENCE.fetch_add(1, Ordering::Relaxed) ^ (i << 32);
    json!({
        "kind": "COMPANY",
        "name": format!("Bench {c}-{i} S.r.l."),
        "industry": "Benchmarks",
        "tags": ["bench"],
        "address": { "city": "Milano", "country": "IT" },
        "primaryContact": {
            "firstName": "Bianca",
            "lastName": format!("Bench {c} {i}"),
            "emails": [{ "address": format!("bench.{c}.{i}@bench.example"), "label": "work" }],
        },
    })
}

/// Updates the client's next customer at the version it last saw.
async fn update(client: &Client, token: &str, owned: &Owned, i: u64) -> anyhow::Result<()> {
    let mut owned = owned.lock().await;
    anyhow::ensure!(!owned.is_empty(), "no customer left for this client");
    let index = (i % owned.len() as u64) as usize;
    let (id, version) = owned[index].clone();
    let input = json!({ "id": id, "version": version, "industry": format!("Bench {i}") });
    let body = client.post(UPDATE, json!({ "input": input }), Some(token)).await?;
    check(&body)?;
    owned[index].1 = body["data"]["updateCustomer"]["customer"]["version"].as_i64().context("no version in the payload")?;
    Ok(())
}

fn check(body: &Value) -> anyhow::Result<()> {
    if has_errors(body) {
        bail!("{}", body["errors"]);
    }
    anyhow::ensure!(body["data"].is_object(), "no data: {body}");
    Ok(())
}

/// splitmix64: cheap, well-spread pseudo-random picks without a dependency.
fn mix(x: u64) -> u64 {
    let mut z = x.wrapping_add(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

fn label(scenario: &str, sample: &Sample) -> String {
    match scenario {
        "customer360" => format!(
            "customer 360: customer + owner, contacts, emails, phones, 20 opportunities + owners ({} customers)",
            sample.busiest.len()
        ),
        "bound" => "bound: the customer 360 as one SQL statement, bare actix-web + sqlx".into(),
        "search" => format!("search: `customers(first: 50, filter: {{search: \"{}\", lifecycle: CUSTOMER}})`", sample.surname),
        "list" => "list: `customers(first: 50)` + owner, contacts, emails, phones, totalCount".into(),
        "board" => "board: the app's pipeline board (pipelineBoard: stages, totals, 6 columns of 50 cards)".into(),
        "create" => "create: `createCustomer` with a primary contact".into(),
        "update" => "update: `updateCustomer` (own customers, current version)".into(),
        "trivial" => "trivial: `{ __typename }` with a bearer token".into(),
        "ticket_queue" => "ticket queue: the agent's unresolved tickets by time due, 50 + customer, assignee, countUpTo".into(),
        "ticket_search" => format!("ticket search: `tickets(first: 50, filter: {{search: \"{}\"}})` as the agent", tickets::SEARCH_TERM),
        "anonymous" => "anonymous: `{ __typename }` without a token".into(),
        "timeline" => {
            format!("timeline: 50 entries of a customer with {} among all, as its sales rep (links checked)", interactions::ON_THE_CUSTOMER)
        }
        other => other.to_owned(),
    }
}

fn report(args: &Args, url: &str, bin: &std::path::Path, rows: &[Row]) {
    let cpus = std::thread::available_parallelism().map_or(0, |n| n.get());
    let cpu = std::fs::read_to_string("/proc/cpuinfo")
        .ok()
        .and_then(|info| {
            info.lines().find(|l| l.starts_with("model name")).and_then(|l| l.split_once(':')).map(|(_, m)| m.trim().to_owned())
        })
        .unwrap_or_else(|| "unknown CPU".into());
    let database =
        if url.starts_with("postgres") { format!("PostgreSQL ({})", redact(url)) } else { "SQLite (WAL, temporary file)".into() };
    println!();
    println!("Machine: {cpus} CPUs ({cpu}), client and servers on the same machine");
    println!(
        "Database: {database}, {} demo customers, {} more tickets, {} more interactions",
        args.customers, args.tickets, args.interactions
    );
    println!(
        "Load: {} clients per scenario, {} s each after {} s warm-up; server {}",
        args.concurrency,
        args.duration_secs,
        args.warmup_secs,
        bin.display()
    );
    println!();
    println!("| Scenario | req/s | p50 ms | p99 ms | statements/request | errors |");
    println!("|---|---:|---:|---:|---:|---:|");
    for row in rows {
        let statements = row.statements.map_or_else(|| "1".to_owned(), |n| n.to_string());
        println!(
            "| {} | {:.0} | {:.1} | {:.1} | {statements} | {} |",
            row.label,
            row.stats.rate(),
            row.stats.percentile_ms(0.5),
            row.stats.percentile_ms(0.99),
            row.stats.errors
        );
    }
    let rate = |scenario: &str| rows.iter().find(|row| row.scenario == scenario).map(|row| row.stats.rate());
    println!();
    if let (Some(c360), Some(bound)) = (rate("customer360"), rate("bound")) {
        println!("Customer 360 / single-statement bound: {:.2}", c360 / bound.max(f64::EPSILON));
    }
    if let (Some(trivial), Some(anonymous)) = (rate("trivial"), rate("anonymous")) {
        println!("Authenticated / anonymous trivial query: {:.2}", trivial / anonymous.max(f64::EPSILON));
    }
}

/// The URL without its password.
fn redact(url: &str) -> String {
    match (url.find("://"), url.rfind('@')) {
        (Some(scheme), Some(at)) if at > scheme => {
            let userinfo = &url[scheme + 3..at];
            match userinfo.split_once(':') {
                Some((user, _)) => format!("{}{user}:***{}", &url[..scheme + 3], &url[at..]),
                None => url.to_owned(),
            }
        }
        _ => url.to_owned(),
    }
}
