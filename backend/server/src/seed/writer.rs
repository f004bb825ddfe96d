//! Writes the generated customers through `create_customers` in bulk transactions of up to
//! 1,000 customers, then their extra contacts through `create_contact`, with a progress bar.

use super::customers::Generator;
use super::summary::Counts;
use async_graphql::ID;
use crm_core::context::AppContext;
use crm_core::principal::Caller;
use crm_customers::entity::customer;
use crm_customers::inputs::{ContactInput, CreateContactInput, CreateCustomerInput};
use crm_customers::{contacts, service};
use indicatif::{ProgressBar, ProgressStyle};
use sea_orm::DbBackend;
use tokio::task::JoinSet;
use uuid::Uuid;

const MAX_CUSTOMERS_PER_BATCH: usize = 1000;

struct Pending {
    input: CreateCustomerInput,
    extra_contacts: Vec<ContactInput>,
    /// The portal customer, whose id the portal user needs.
    portal: bool,
}

struct Done {
    customers: usize,
    contacts: usize,
    portal: Option<Uuid>,
}

/// Generates `count` customers (the first one is `portal`) and writes them; returns the
/// portal customer's id.
pub async fn write_customers(
    ctx: &AppContext,
    caller: &Caller,
    mut generator: Generator,
    count: usize,
    portal: CreateCustomerInput,
    counts: &mut Counts,
    demo_partner: &ID,
) -> anyhow::Result<Uuid> {
    // SQLite has one writer, so batches queue for it anyway; PostgreSQL commits several at
    // once. Batches never conflict: their emails and phones are distinct by construction.
    let writers = if ctx.db.backend() == DbBackend::Sqlite { 1 } else { 4 };
    let bar = ProgressBar::new(count as u64);
    bar.set_style(ProgressStyle::with_template("customers {wide_bar} {pos}/{len} ({per_sec}, {eta} left)")?);
    let mut tasks: JoinSet<anyhow::Result<Done>> = JoinSet::new();
    let mut portal_id = None;
    let mut finish = |done: Done, counts: &mut Counts| {
        counts.contacts += done.contacts;
        portal_id = portal_id.or(done.portal);
        bar.inc(done.customers as u64);
    };
    let mut batch = Vec::new();
    let mut portal = Some(portal);
    for index in 0..count {
        let pending = match portal.take() {
            Some(input) => Pending { input, extra_contacts: Vec::new(), portal: true },
            None => {
                let generated = generator.customer(index);
                Pending { input: generated.input, extra_contacts: generated.extra_contacts, portal: false }
            }
        };
        counts.add(&pending.input, demo_partner);
        if batch.len() == MAX_CUSTOMERS_PER_BATCH {
            while tasks.len() >= writers {
                finish(joined(&mut tasks).await?, counts);
            }
            spawn_batch(&mut tasks, ctx, caller, std::mem::take(&mut batch));
        }
        batch.push(pending);
    }
    spawn_batch(&mut tasks, ctx, caller, batch);
    while !tasks.is_empty() {
        finish(joined(&mut tasks).await?, counts);
    }
    bar.finish_and_clear();
    portal_id.ok_or_else(|| anyhow::anyhow!("the portal customer was not created"))
}

/// Writes run on runtime workers: on the command line's `block_on` thread each of the many
/// statements waited about twice as long for its reply from the SQLite thread (measured).
fn spawn_batch(tasks: &mut JoinSet<anyhow::Result<Done>>, ctx: &AppContext, caller: &Caller, batch: Vec<Pending>) {
    let (ctx, caller) = (ctx.clone(), caller.clone());
    tasks.spawn(async move { write_batch(&ctx, &caller, batch).await });
}

async fn joined(tasks: &mut JoinSet<anyhow::Result<Done>>) -> anyhow::Result<Done> {
    match tasks.join_next().await {
        Some(result) => result?,
        None => anyhow::bail!("no batch is being written"),
    }
}

async fn write_batch(ctx: &AppContext, caller: &Caller, mut batch: Vec<Pending>) -> anyhow::Result<Done> {
    // Grouped by country, phone validation reuses its compiled patterns: `phonenumber` keeps
    // only 100 in its cache, and interleaved countries evict each other's.
    batch.sort_by(|a, b| country(&a.input).cmp(&country(&b.input)));
    let mut inputs = Vec::with_capacity(batch.len());
    let mut rest = Vec::with_capacity(batch.len());
    for pending in batch {
        inputs.push(pending.input);
        rest.push((pending.extra_contacts, pending.portal));
    }
    let created = service::create_customers(ctx, caller, inputs).await.map_err(super::app)?;
    let portal = created.iter().zip(&rest).find(|(_, (_, portal))| *portal).map(|(c, _)| c.id);
    let mut contacts = created.len();
    for (customer, (extra, _)) in created.iter().zip(rest) {
        contacts += add_contacts(ctx, caller, customer, extra).await?;
    }
    Ok(Done { customers: created.len(), contacts, portal })
}

fn country(input: &CreateCustomerInput) -> Option<&str> {
    input.address.as_ref().and_then(|a| a.country.as_deref())
}

async fn add_contacts(ctx: &AppContext, caller: &Caller, customer: &customer::Model, extra: Vec<ContactInput>) -> anyhow::Result<usize> {
    let added = extra.len();
    for contact in extra {
        let input = CreateContactInput { customer_id: ID(customer.id.to_string()), contact, primary: false, allow_duplicate: false };
        contacts::create_contact(ctx, caller, input).await.map_err(super::app)?;
    }
    Ok(added)
}
