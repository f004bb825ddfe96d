//! Runs import jobs. A worker takes a job under a lease, parses its file on a blocking thread
//! (a chunk of the file at a time: memory stays flat whatever the file's size) and writes it
//! a batch per transaction: the batch's records, its report lines and the job's checkpoint
//! (rows read, counts, a renewed lease) commit together. So a job whose server stopped (a
//! crash, `kill -9`, a restart) is taken on from its checkpoint by any server once its lease
//! runs out, and no row is written twice or left out.
//!
//! A dry run checks each batch in a transaction it rolls back (the same lookups and writes,
//! so the same answers), then commits only the report and the checkpoint.
//!
//! The worker acts for the person who started the job: their right was checked then, and the
//! job's single audit entry names them.

// This module is the repository of the jobs' checkpoint.
#![allow(clippy::disallowed_methods)]

use crate::customers::{self as rows, Earlier, RowResult};
use crate::entity::import_job;
use crate::files::{self, ChunkReader};
use crate::jobs::{Options, HEAD_BYTES, QUEUED};
use crate::{report, source};
use chrono::{DateTime, Duration, Utc};
use crm_contract::imports::{ImportOutcome, ImportStatus};
use crm_core::audit::{self, AuditAction, Diff, Subject};
use crm_core::context::AppContext;
use crm_core::error::{AppError, AppResult};
use crm_core::principal::Caller;
use sea_orm::sea_query::{Expr, SimpleExpr};
use sea_orm::{ActiveModelTrait, ColumnTrait, Condition, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, Set, TransactionTrait};
use std::sync::atomic::Ordering;
use tokio::sync::mpsc;
use uuid::Uuid;

/// Rows written per transaction: large enough to amortise the commit, small enough that a
/// batch holds SQLite's write lock for a few milliseconds and a restart loses little.
pub const BATCH_ROWS: usize = 1000;
/// A worker holds its job this long past each batch (unless the server says otherwise); one
/// whose server stopped is taken on once it runs out.
pub const LEASE: std::time::Duration = std::time::Duration::from_secs(60);

/// Runs queued jobs on this server until it stops: woken at once by a job queued here, and
/// once a second for jobs queued on other servers or left by a stopped one.
pub fn spawn(ctx: AppContext, lease: std::time::Duration) {
    let lease = Duration::from_std(lease).unwrap_or(Duration::seconds(60));
    tokio::spawn(async move {
        let mut sweeps = 0u32;
        loop {
            match claim(&ctx, None, lease).await {
                Ok(Some(job)) => {
                    if let Err(err) = run(&ctx, job, lease, &|_| {}).await {
                        tracing::error!(error = ?err, "an import job stopped on an error");
                    }
                    continue;
                }
                Ok(None) => {}
                Err(err) => tracing::error!(error = ?err, "looking for import jobs failed"),
            }
            sweeps = sweeps.wrapping_add(1);
            if sweeps % 3600 == 1 {
                match files::delete_old(&ctx.db.write, ctx.clock.now()).await {
                    Ok(0) => {}
                    Ok(count) => tracing::info!(count, "old import files deleted"),
                    Err(err) => tracing::error!(error = ?err, "deleting old import files failed"),
                }
            }
            tokio::select! {
                () = QUEUED.notified() => {}
                () = tokio::time::sleep(std::time::Duration::from_secs(1)) => {}
            }
        }
    });
}

/// Takes a job that waits or whose worker stopped (the first by age, or `only` that one)
/// under a fresh lease; `None` when there is none or another worker took it first.
pub async fn claim(ctx: &AppContext, only: Option<Uuid>, lease: Duration) -> AppResult<Option<import_job::Model>> {
    let now = ctx.clock.now();
    let free = || {
        Condition::all()
            .add(import_job::Column::Status.is_in([ImportStatus::Queued, ImportStatus::Running]))
            .add(Condition::any().add(import_job::Column::LeasedUntil.is_null()).add(import_job::Column::LeasedUntil.lt(now)))
    };
    let mut select = import_job::Entity::find().filter(free()).order_by_asc(import_job::Column::Id);
    if let Some(id) = only {
        select = select.filter(import_job::Column::Id.eq(id));
    }
    let Some(job) = select.one(&ctx.db.read).await? else { return Ok(None) };
    let taken = import_job::Entity::update_many()
        .col_expr(import_job::Column::Status, Expr::value(ImportStatus::Running))
        .col_expr(import_job::Column::LeasedUntil, Expr::value(now + lease))
        .col_expr(import_job::Column::StartedAt, Expr::col(import_job::Column::StartedAt).if_null(now))
        .col_expr(import_job::Column::UpdatedAt, Expr::value(now))
        .filter(import_job::Column::Id.eq(job.id))
        .filter(free())
        .exec(&ctx.db.write)
        .await?;
    if taken.rows_affected == 0 {
        return Ok(None);
    }
    Ok(import_job::Entity::find_by_id(job.id).one(&ctx.db.write).await?)
}

/// A batch of data rows (numbered from 1 after the header) and how far into the file the
/// parser had read when it was cut.
type Batch = (Vec<(i64, Vec<String>)>, u64);

/// Runs a claimed job to its end (or until its lease is lost), calling `progress` after each
/// batch; returns the job as it ends.
pub async fn run(
    ctx: &AppContext,
    mut job: import_job::Model,
    lease: Duration,
    progress: &(dyn Fn(&import_job::Model) + Sync),
) -> AppResult<import_job::Model> {
    let options = Options::of(&job)?;
    let Some(file) = job.file_id else {
        return finish(ctx, &job, ImportStatus::Failed, Some("the file is no longer kept: upload it again".into())).await;
    };
    let right = crm_customers::access::customer_import(&Caller::system("import").principal)?;
    let format = source::sniff(&files::head(&ctx.db.read, file, HEAD_BYTES).await?);
    let (sender, mut batches) = mpsc::channel::<Result<Batch, source::SourceError>>(2);
    let reader = ChunkReader::new(ctx.db.read.clone(), tokio::runtime::Handle::current(), file);
    let parser = tokio::task::spawn_blocking({
        let skip = job.rows_read;
        move || parse(reader, format, skip, sender)
    });
    let mut earlier = Earlier::default();
    let outcome = loop {
        let Some(next) = batches.recv().await else { break None };
        let (batch, bytes) = match next {
            Ok(batch) => batch,
            Err(err) => break Some((ImportStatus::Failed, Some(format!("line {}: {}", err.line, err.message)))),
        };
        match write_batch(ctx, &right, (&job, &options, lease), batch, bytes, &mut earlier).await {
            Ok(Some(next)) => {
                job = next;
                progress(&job);
            }
            Ok(None) => {
                let now = import_job::Entity::find_by_id(job.id).one(&ctx.db.write).await?.ok_or(AppError::NotFound("import job"))?;
                if now.cancel_requested && now.status == ImportStatus::Running {
                    break Some((ImportStatus::Cancelled, None));
                }
                // Another worker holds the job now (this one's lease ran out): it goes on.
                drop(batches);
                let _ = parser.await;
                return Ok(now);
            }
            Err(err) => break Some((ImportStatus::Failed, Some(format!("{err:?}")))),
        }
    };
    drop(batches);
    let _ = parser.await;
    let (status, error) = outcome.unwrap_or((ImportStatus::Done, None));
    let job = import_job::Entity::find_by_id(job.id).one(&ctx.db.write).await?.ok_or(AppError::NotFound("import job"))?;
    let ended = finish(ctx, &job, status, error).await?;
    progress(&ended);
    Ok(ended)
}

/// The parser's side: reads the file (the header, then data rows, skipping the `skip`
/// already committed) and hands batches to the writer; stops when the writer stops.
fn parse(reader: ChunkReader, format: source::Format, skip: i64, sender: mpsc::Sender<Result<Batch, source::SourceError>>) {
    let consumed = reader.consumed();
    let mut records = source::records(reader, format);
    match records.next() {
        Some(Ok(_header)) => {}
        Some(Err(err)) => {
            let _ = sender.blocking_send(Err(err));
            return;
        }
        None => return,
    }
    let mut row = 0i64;
    let mut batch = Vec::with_capacity(BATCH_ROWS);
    for record in records {
        match record {
            Ok(cells) => {
                row += 1;
                if row <= skip {
                    continue;
                }
                batch.push((row, cells));
                if batch.len() == BATCH_ROWS {
                    let full = std::mem::replace(&mut batch, Vec::with_capacity(BATCH_ROWS));
                    if sender.blocking_send(Ok((full, consumed.load(Ordering::Relaxed)))).is_err() {
                        return;
                    }
                }
            }
            Err(err) => {
                if !batch.is_empty() {
                    let _ = sender.blocking_send(Ok((std::mem::take(&mut batch), consumed.load(Ordering::Relaxed))));
                }
                let _ = sender.blocking_send(Err(err));
                return;
            }
        }
    }
    if !batch.is_empty() {
        let _ = sender.blocking_send(Ok((batch, consumed.load(Ordering::Relaxed))));
    }
}

/// Writes one batch with its report and checkpoint; `None` when the checkpoint did not take
/// (the job was cancelled, or another worker holds it).
async fn write_batch(
    ctx: &AppContext,
    right: &crm_customers::access::CustomerImport,
    (job, options, lease): (&import_job::Model, &Options, Duration),
    batch: Vec<(i64, Vec<String>)>,
    bytes: u64,
    earlier: &mut Earlier,
) -> AppResult<Option<import_job::Model>> {
    let now = ctx.clock.now();
    let last = batch.last().map_or(job.rows_read, |(row, _)| *row);
    let txn = ctx.db.write.begin().await?;
    let results = rows::process_batch(&txn, right, (job.id, options), batch, earlier, now).await?;
    let txn = if options.dry_run {
        txn.rollback().await?;
        ctx.db.write.begin().await?
    } else {
        txn
    };
    report::write(&txn, job.id, &results).await?;
    if !checkpoint(&txn, job, (last, bytes), &results, (now, lease)).await? {
        return Ok(None);
    }
    txn.commit().await?;
    Ok(import_job::Entity::find_by_id(job.id).one(&ctx.db.write).await?)
}

/// Moves the job's checkpoint past a batch, in the batch's transaction; `false` when the job
/// was cancelled or is no longer at the checkpoint this worker started the batch from.
async fn checkpoint(
    txn: &impl ConnectionTrait,
    job: &import_job::Model,
    (rows_read, bytes): (i64, u64),
    results: &[RowResult],
    (now, lease): (DateTime<Utc>, Duration),
) -> AppResult<bool> {
    let count = |outcome: ImportOutcome| results.iter().filter(|r| r.outcome == outcome).count() as i64;
    let add = |column: import_job::Column, n: i64| -> SimpleExpr { Expr::col(column).add(n) };
    let moved = import_job::Entity::update_many()
        .col_expr(import_job::Column::RowsRead, Expr::value(rows_read))
        .col_expr(import_job::Column::BytesRead, Expr::value(bytes.min(job.file_size as u64) as i64))
        .col_expr(import_job::Column::Created, add(import_job::Column::Created, count(ImportOutcome::Created)))
        .col_expr(import_job::Column::Updated, add(import_job::Column::Updated, count(ImportOutcome::Updated)))
        .col_expr(import_job::Column::Skipped, add(import_job::Column::Skipped, count(ImportOutcome::Skipped)))
        .col_expr(import_job::Column::Refused, add(import_job::Column::Refused, count(ImportOutcome::Refused)))
        .col_expr(import_job::Column::LeasedUntil, Expr::value(now + lease))
        .col_expr(import_job::Column::UpdatedAt, Expr::value(now))
        .filter(import_job::Column::Id.eq(job.id))
        .filter(import_job::Column::Status.eq(ImportStatus::Running))
        .filter(import_job::Column::CancelRequested.eq(false))
        .filter(import_job::Column::RowsRead.eq(job.rows_read))
        .exec(txn)
        .await?;
    Ok(moved.rows_affected == 1)
}

/// Ends a job: its status, and for a real run the job's one audit entry (its counts and the
/// file's checksum), in the name of the person who started it.
async fn finish(ctx: &AppContext, job: &import_job::Model, status: ImportStatus, error: Option<String>) -> AppResult<import_job::Model> {
    let now = ctx.clock.now();
    let txn = ctx.db.write.begin().await?;
    let mut ended = job.clone();
    ended.status = status;
    ended.error = error;
    ended.leased_until = None;
    ended.finished_at = Some(now);
    ended.updated_at = now;
    import_job::ActiveModel {
        id: Set(job.id),
        status: Set(status),
        error: Set(ended.error.clone()),
        leased_until: Set(None),
        finished_at: Set(Some(now)),
        updated_at: Set(now),
        ..Default::default()
    }
    .update(&txn)
    .await?;
    if !job.dry_run {
        let mut diff = Diff::new();
        diff.field("status", &job.status, &status)
            .created("rowsRead", &job.rows_read)
            .created("created", &job.created)
            .created("updated", &job.updated)
            .created("skipped", &job.skipped)
            .created("refused", &job.refused)
            .created("fileSha256", &job.file_sha256);
        let mut entry = audit::entry(&Caller::system("import"), now, AuditAction::Update, Subject::ImportJob(job.id), diff);
        entry.actor_kind = Set(job.actor_kind.clone());
        entry.actor_id = Set(job.actor_id);
        entry.actor_label = Set(job.actor_label.clone());
        audit::record_many(&txn, vec![entry]).await?;
    }
    txn.commit().await?;
    Ok(ended)
}
