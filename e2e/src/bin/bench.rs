//! `bench`: seeds a database with the demo data, serves it with the real `crm` binary (rate
//! limiting off) and measures the API under closed-loop load, as the README's table shows.
//!
//! ```text
//! cargo build --release -p crm
//! cargo run --release -p e2e --bin bench -- --customers 10000 [--database-url URL] \
//!     [--concurrency 16] [--duration-secs 15]
//! ```
//!
//! Without `--database-url` it uses a fresh SQLite file in a temporary directory. A
//! `postgres://…` URL must name an EMPTY database (e.g. `createdb crm_bench`; drop it after):
//! the bench migrates and seeds it, and does not clean up.
//!
//! Scenarios, each run by `--concurrency` clients signed in as admin@demo.test:
//! 1. `list`: `customers(first: 50, after: <one of 20 page cursors>)` with owner and contacts;
//! 2. `search`: `customers(first: 50, filter: {search: <most common surname>, lifecycle: {in: [CUSTOMER]}})`;
//! 3. `node`: `node(id:)` of one of ~1,000 customers, with contacts;
//! 4. `update`: `updateCustomer` of the client's own customers at their current version.
//!
//! A response with a non-empty `errors` array counts as an error, whatever its HTTP status.
#![allow(clippy::print_stdout)]

use anyhow::{bail, Context};
use clap::Parser;
use e2e::load::{self, Stats};
use e2e::{demo, has_errors, seed_demo, Client, Server, SqliteDb};
use serde_json::{json, Value};
use std::collections::HashMap;
use std::sync::Arc;
use std::time::Duration;
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
    #[arg(long, default_value_t = 16)]
    concurrency: usize,
    /// Measured seconds per scenario.
    #[arg(long, default_value_t = 15)]
    duration_secs: u64,
    /// Unmeasured seconds before each scenario.
    #[arg(long, default_value_t = 2)]
    warmup_secs: u64,
    /// Seed of the demo data generator.
    #[arg(long, default_value_t = 42)]
    seed: u64,
}

const LIST: &str = "query List($after: String) { customers(first: 50, after: $after) { totalCount
    nodes { id name lifecycle owner { id displayName } contacts { id fullName emails { address } phones { number } } } } }";
const SEARCH: &str = "query Search($q: String!) { customers(first: 50, filter: {search: $q, lifecycle: {in: [CUSTOMER]}}) {
    totalCount nodes { id name lifecycle owner { id displayName } contacts { id fullName emails { address } } } } }";
const NODE: &str = "query Node($id: ID!) { node(id: $id) { id ... on Customer { name version lifecycle
    owner { id displayName } contacts { id fullName emails { address } phones { number } } } } }";
const UPDATE: &str = "mutation Update($input: UpdateCustomerInput!) { updateCustomer(input: $input) { customer { id version } } }";
const COLLECT: &str = "query Collect($after: String) { customers(first: 250, after: $after) {
    pageInfo { hasNextPage endCursor } edges { cursor node { id version contacts { lastName } } } } }";

/// Customers an update client owns: (id, version last seen).
type Owned = Mutex<Vec<(String, i64)>>;

/// What the scenarios draw from: customers (id, version), page cursors, a common surname.
struct Sample {
    customers: Vec<(String, i64)>,
    cursors: Vec<Option<String>>,
    surname: String,
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let args = Args::parse();
    anyhow::ensure!(args.concurrency > 0 && args.duration_secs > 0, "--concurrency and --duration-secs must be positive");
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
    let server = Server::start(&url, &[("CRM_RATE_LIMIT", "0")]).await?;
    let client = Client::new(server.base_url())?;
    let token: Arc<str> = client.login(demo::ADMIN, demo::PASSWORD).await?.into();
    let count = client.data("{ customers { totalCount } }", json!({}), Some(&token)).await?;
    let total = count["customers"]["totalCount"].as_u64().context("no totalCount")?;
    // The seeder refuses a database that is not empty; converted demo leads add customers of
    // their own, so the demo holds at least the customers asked for.
    anyhow::ensure!(total >= args.customers as u64, "the database holds {total} customers, fewer than the {} seeded", args.customers);
    eprintln!("{total} customers ({} seeded, the rest from converted leads)", args.customers);
    let sample = Arc::new(collect(&client, &token, 1000).await?);
    eprintln!("sampled {} customers; search term {:?}", sample.customers.len(), sample.surname);

    let mut rows = Vec::new();
    for scenario in ["list", "search", "node", "update"] {
        eprintln!("{scenario}: {} clients, {} s …", args.concurrency, args.duration_secs);
        let stats = run(scenario, &args, &client, &token, &sample).await?;
        if let Some(err) = &stats.first_error {
            eprintln!("  {} errors, e.g.: {err}", stats.errors);
        }
        rows.push((label(scenario, &sample), stats));
    }
    report(&args, &url, &bin, &rows);
    Ok(())
}

/// Pages through the customers until `want` are sampled, noting a cursor every 50.
async fn collect(client: &Client, token: &str, want: usize) -> anyhow::Result<Sample> {
    let mut sample = Sample { customers: Vec::new(), cursors: vec![None], surname: String::new() };
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
    Ok(sample)
}

async fn run(scenario: &str, args: &Args, client: &Client, token: &Arc<str>, sample: &Arc<Sample>) -> anyhow::Result<Stats> {
    let (client, token, sample) = (client.clone(), token.clone(), sample.clone());
    // Each update client owns every concurrency-th sampled customer and tracks its version.
    let owned: Arc<Vec<Owned>> = Arc::new(
        (0..args.concurrency).map(|c| Mutex::new(sample.customers.iter().skip(c).step_by(args.concurrency).cloned().collect())).collect(),
    );
    let scenario = scenario.to_owned();
    let request = move |c: usize, i: u64| {
        let (client, token, sample, owned, scenario) = (client.clone(), token.clone(), sample.clone(), owned.clone(), scenario.clone());
        async move {
            let pick = |len: usize| (mix(((c as u64) << 32) ^ i) % len.max(1) as u64) as usize;
            let body = match scenario.as_str() {
                "list" => client.post(LIST, json!({ "after": sample.cursors[pick(sample.cursors.len())] }), Some(&token)).await?,
                "search" => client.post(SEARCH, json!({ "q": sample.surname }), Some(&token)).await?,
                "node" => client.post(NODE, json!({ "id": sample.customers[pick(sample.customers.len())].0 }), Some(&token)).await?,
                _ => return update(&client, &token, &owned[c], i).await,
            };
            check(&body)
        }
    };
    let warmup = Duration::from_secs(args.warmup_secs);
    if !warmup.is_zero() {
        load::run(args.concurrency, warmup, request.clone()).await?;
    }
    load::run(args.concurrency, Duration::from_secs(args.duration_secs), request).await
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
        "list" => "list: `customers(first: 50)` + owner, contacts, emails, phones, totalCount".into(),
        "search" => format!("search: `customers(first: 50, filter: {{search: \"{}\", lifecycle: CUSTOMER}})`", sample.surname),
        "node" => format!("node: `node(id:)` of {} customers, + owner, contacts", sample.customers.len()),
        _ => "update: `updateCustomer` (own customers, current version)".into(),
    }
}

fn report(args: &Args, url: &str, bin: &std::path::Path, rows: &[(String, Stats)]) {
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
    println!("Machine: {cpus} CPUs ({cpu}), client and server on the same machine");
    println!("Database: {database}, {} demo customers", args.customers);
    println!(
        "Load: {} clients per scenario, {} s each after {} s warm-up; server {}",
        args.concurrency,
        args.duration_secs,
        args.warmup_secs,
        bin.display()
    );
    println!();
    println!("| Scenario | req/s | p50 ms | p99 ms | errors |");
    println!("|---|---:|---:|---:|---:|");
    for (name, stats) in rows {
        println!(
            "| {name} | {:.0} | {:.1} | {:.1} | {} |",
            stats.rate(),
            stats.percentile_ms(0.5),
            stats.percentile_ms(0.99),
            stats.errors
        );
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
