//! Import jobs: started on an uploaded file with a mapping, read back with their progress,
//! cancelled. The [`worker`](crate::worker) runs them.

// This module is the repository of its own table.
#![allow(clippy::disallowed_methods)]

use crate::access::{importer, JobScope};
use crate::entity::{import_file, import_job};
use crate::{files, mapping, source};
use async_graphql::{InputObject, ID};
use chrono::{DateTime, Utc};
use crm_contract::imports::{ImportField, ImportKind, ImportMatch, ImportStatus};
use crm_core::audit::{self, AuditAction, Diff, Subject};
use crm_core::clock::new_id_at;
use crm_core::context::AppContext;
use crm_core::error::{AppError, AppResult, InputReason};
use crm_core::filters::parse_id;
use crm_core::pagination::{fetch_page, id_key, KeyKind, Keyset, Page, PageRequest, SortKey};
use crm_core::principal::Caller;
use crm_core::values::{CountryCode, Money};
use sea_orm::sea_query::Expr;
use sea_orm::{ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, IntoActiveModel, QueryFilter, Select, TransactionTrait};
use serde::{Deserialize, Serialize};
use std::sync::LazyLock;
use tokio::sync::Notify;
use uuid::Uuid;

/// How much of a file the preview and the format guess read.
pub const HEAD_BYTES: usize = 64 * 1024;
/// Rows the preview shows.
pub const SAMPLE_ROWS: usize = 5;

/// Wakes this server's worker when a job is queued here (other servers find it within a
/// second by polling).
pub(crate) static QUEUED: LazyLock<Notify> = LazyLock::new(Notify::new);

/// One column of the file and the field it fills.
#[derive(InputObject, Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[graphql(name = "ImportColumnInput")]
pub struct ColumnMapping {
    /// The column, counted from 0 in the header row.
    pub column: i32,
    /// The field its cells fill.
    pub field: ImportField,
}

/// Input of startImport.
#[derive(InputObject, Debug, Clone)]
pub struct StartImportInput {
    /// The uploaded file (`POST /imports/files` answers its id).
    pub file_id: ID,
    /// What the file's rows are.
    pub kind: ImportKind,
    /// Which column fills which field; columns not named are left out. Each field at most
    /// once; `NAME` (or, for people, the contact's name) is needed.
    pub mapping: Vec<ColumnMapping>,
    /// `true`: check every row and write only the report.
    #[graphql(default)]
    pub dry_run: bool,
    /// What to do with a row whose external id or email is already in the CRM.
    #[graphql(default)]
    pub on_match: ImportMatch,
    /// For rows without a country: their address's country, and the country their national
    /// phone numbers are read in (ISO 3166-1 alpha-2).
    pub default_country: Option<String>,
    /// For credit limits without a currency column (ISO 4217).
    pub default_currency: Option<String>,
}

/// A job's options as the worker reads them back.
#[derive(Debug, Clone)]
pub struct Options {
    pub mapping: Vec<ColumnMapping>,
    pub on_match: ImportMatch,
    pub default_country: Option<String>,
    pub default_currency: Option<String>,
    pub dry_run: bool,
}

impl Options {
    pub fn of(job: &import_job::Model) -> AppResult<Self> {
        let mapping = serde_json::from_value(job.mapping.clone()).map_err(|e| AppError::Internal(anyhow::anyhow!("job mapping: {e}")))?;
        Ok(Self {
            mapping,
            on_match: ImportMatch::from_api(&job.on_match).unwrap_or_default(),
            default_country: job.default_country.clone(),
            default_currency: job.default_currency.clone(),
            dry_run: job.dry_run,
        })
    }
}

/// What a file looks like: its guessed format, header, first rows and the mapping its
/// headers suggest.
#[derive(Debug, Clone)]
pub struct Preview {
    pub file: import_file::Model,
    pub format: source::Format,
    pub headers: Vec<String>,
    pub sample: Vec<Vec<String>>,
    pub suggested: Vec<ColumnMapping>,
}

/// Reads the start of a file the caller uploaded.
pub async fn preview(ctx: &AppContext, caller: &Caller, file_id: Uuid) -> AppResult<Preview> {
    let file = files::find(&ctx.db.read, caller, file_id).await?;
    let head = files::head(&ctx.db.read, file.id, HEAD_BYTES).await?;
    let format = source::sniff(&head);
    // The head may end inside a row: only whole rows before the cut are shown.
    let mut rows = source::records(head.as_slice(), format).take(SAMPLE_ROWS + 1).filter_map(Result::ok);
    let headers = rows.next().unwrap_or_default();
    let sample: Vec<Vec<String>> = rows.take(SAMPLE_ROWS).collect();
    let suggested = mapping::suggest_all(&headers)
        .into_iter()
        .enumerate()
        .filter_map(|(column, field)| Some(ColumnMapping { column: column as i32, field: field? }))
        .collect();
    Ok(Preview { file, format, headers, sample, suggested })
}

/// Queues an import of an uploaded file; the first mapping and option problems are refused
/// here, before anything is read.
pub async fn start(ctx: &AppContext, caller: &Caller, input: StartImportInput) -> AppResult<import_job::Model> {
    importer(&caller.principal)?;
    let file_id = parse_id(&input.file_id, "fileId")?;
    let preview = preview(ctx, caller, file_id).await?;
    check_mapping(&input.mapping, preview.headers.len())?;
    let default_country = input
        .default_country
        .as_deref()
        .map(|code| CountryCode::parse(code).map(|c| c.as_str().to_owned()).map_err(|why| AppError::invalid("defaultCountry", why)))
        .transpose()?;
    let default_currency = input
        .default_currency
        .as_deref()
        .map(|code| {
            Money::parse(rust_decimal::Decimal::ZERO, code)
                .map(|m| m.currency_code().to_owned())
                .map_err(|why| AppError::invalid("defaultCurrency", why))
        })
        .transpose()?;
    let now = ctx.clock.now();
    let file = preview.file;
    let job = import_job::Model {
        id: new_id_at(now),
        kind: input.kind,
        status: ImportStatus::Queued,
        dry_run: input.dry_run,
        on_match: input.on_match.as_api().to_owned(),
        file_id: Some(file.id),
        file_name: file.name.clone(),
        file_size: file.size,
        file_sha256: file.sha256.clone().unwrap_or_default(),
        mapping: serde_json::to_value(&input.mapping).map_err(|e| AppError::Internal(e.into()))?,
        default_country,
        default_currency,
        actor_id: caller.principal.actor_id(),
        actor_label: caller.principal.label(),
        actor_kind: caller.principal.kind().as_api().to_owned(),
        rows_read: 0,
        bytes_read: 0,
        created: 0,
        updated: 0,
        skipped: 0,
        refused: 0,
        cancel_requested: false,
        leased_until: None,
        error: None,
        created_at: now,
        started_at: None,
        finished_at: None,
        updated_at: now,
    };
    let txn = ctx.db.write.begin().await?;
    let job = job.into_active_model().reset_all().insert(&txn).await?;
    if !job.dry_run {
        let mut diff = Diff::new();
        diff.created("kind", &job.kind)
            .created("file", &job.file_name)
            .created("fileSha256", &job.file_sha256)
            .created("fileSize", &job.file_size)
            .created("onMatch", &job.on_match)
            .created("mapping", &job.mapping);
        audit::record(&txn, caller, now, AuditAction::Create, Subject::ImportJob(job.id), diff).await?;
    }
    txn.commit().await?;
    QUEUED.notify_one();
    Ok(job)
}

/// Each field at most once, columns within the header, something to name the customer by.
fn check_mapping(mapping: &[ColumnMapping], columns: usize) -> AppResult<()> {
    if mapping.is_empty() {
        return Err(AppError::invalid("mapping", InputReason::Required.with_message("map at least the column with the customers' names")));
    }
    for (i, m) in mapping.iter().enumerate() {
        if m.column < 0 || m.column as usize >= columns {
            return Err(AppError::invalid(
                format!("mapping.{i}.column"),
                InputReason::OutOfRange { min: 0, max: columns as i64 - 1 }.with_message("the file has no such column"),
            ));
        }
        if mapping[..i].iter().any(|earlier| earlier.field == m.field) {
            return Err(AppError::invalid(format!("mapping.{i}.field"), InputReason::Duplicate { value: m.field.as_api().into() }));
        }
    }
    let names = [ImportField::Name, ImportField::ContactName, ImportField::LastName];
    if !mapping.iter().any(|m| names.contains(&m.field)) {
        return Err(AppError::invalid(
            "mapping",
            InputReason::Required.with_message("map the column with the customers' names (NAME, or the contact's name for people)"),
        ));
    }
    Ok(())
}

/// A job the caller reads, or NOT_FOUND.
pub async fn find(db: &impl ConnectionTrait, caller: &Caller, id: Uuid) -> AppResult<import_job::Model> {
    let scope = JobScope::of(&caller.principal)?;
    import_job::Entity::find_by_id(id).one(db).await?.filter(|job| scope.reaches(job.actor_id)).ok_or(AppError::NotFound("import job"))
}

struct NewestFirst;

impl Keyset<import_job::Entity> for NewestFirst {
    fn name(&self) -> String {
        "import_jobs_newest".into()
    }
    fn keys(&self) -> Vec<SortKey<import_job::Column>> {
        vec![SortKey { column: import_job::Column::Id, descending: true, kind: KeyKind::Id }]
    }
    fn values(&self, row: &import_job::Model) -> Vec<String> {
        vec![id_key(&row.id)]
    }
}

/// The jobs the caller reads, newest first, and the query that counts them all.
pub async fn list(
    db: &impl ConnectionTrait,
    caller: &Caller,
    page: &PageRequest,
) -> AppResult<(Page<import_job::Model>, Select<import_job::Entity>)> {
    let mut select = import_job::Entity::find();
    if let JobScope::Own(actor) = JobScope::of(&caller.principal)? {
        select = select.filter(import_job::Column::ActorId.eq(actor));
    }
    Ok((fetch_page(select.clone(), &NewestFirst, page, db).await?, select))
}

/// Stops a job: a queued one at once, a running one after the batch it is writing (the
/// batches already written stay). An ended job is WRONG_STATUS.
pub async fn cancel(ctx: &AppContext, caller: &Caller, id: Uuid) -> AppResult<import_job::Model> {
    let job = find(&ctx.db.write, caller, id).await?;
    let now = ctx.clock.now();
    let queued = import_job::Entity::update_many()
        .col_expr(import_job::Column::Status, Expr::value(ImportStatus::Cancelled))
        .col_expr(import_job::Column::FinishedAt, Expr::value(now))
        .col_expr(import_job::Column::UpdatedAt, Expr::value(now))
        .filter(import_job::Column::Id.eq(job.id))
        .filter(import_job::Column::Status.eq(ImportStatus::Queued))
        .exec(&ctx.db.write)
        .await?;
    if queued.rows_affected == 0 {
        let running = import_job::Entity::update_many()
            .col_expr(import_job::Column::CancelRequested, Expr::value(true))
            .col_expr(import_job::Column::UpdatedAt, Expr::value(now))
            .filter(import_job::Column::Id.eq(job.id))
            .filter(import_job::Column::Status.eq(ImportStatus::Running))
            .exec(&ctx.db.write)
            .await?;
        if running.rows_affected == 0 {
            return Err(AppError::invalid("id", InputReason::WrongStatus { status: job.status.as_api().into() }));
        }
    }
    find(&ctx.db.write, caller, id).await
}

/// Progress figures of a job: rows per second since it started, and the seconds left at
/// that pace (by bytes of the file read).
pub fn pace(job: &import_job::Model, now: DateTime<Utc>) -> (Option<f64>, Option<i64>) {
    let Some(started) = job.started_at else { return (None, None) };
    let end = job.finished_at.unwrap_or(now);
    let seconds = (end - started).num_milliseconds() as f64 / 1000.0;
    if seconds <= 0.0 || job.rows_read == 0 {
        return (None, None);
    }
    let rate = job.rows_read as f64 / seconds;
    let left = if job.status == ImportStatus::Running && job.bytes_read > 0 && job.file_size > job.bytes_read {
        Some((seconds * (job.file_size - job.bytes_read) as f64 / job.bytes_read as f64).ceil() as i64)
    } else {
        None
    };
    (Some(rate), left)
}
