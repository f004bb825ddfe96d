//! Bulk imports over the API: what an uploaded file looks like (`importFile`), starting a
//! job on it (`startImport`, a dry run or the real one), following it (`importJob`,
//! `importJobs`; poll, or subscribe to `importJobChanged`) with its report, and cancelling
//! it. The file itself is uploaded to `POST /imports/files`.

use crate::connection;
use crate::request::{app, caller};
use async_graphql::{Context, Object, Result, SimpleObject, ID};
use chrono::{DateTime, Utc};
use crm_core::filters::parse_id;
use crm_core::pagination::PageRequest;
use crm_imports::entity::{import_job, import_row};
use crm_imports::jobs::{self, ColumnMapping, Preview, StartImportInput};
use crm_imports::source::Encoding;
use crm_imports::{report, ImportField, ImportKind, ImportMatch, ImportOutcome, ImportStatus};

/// One column of a file and the field it fills.
#[derive(SimpleObject, Clone, Copy)]
pub struct ImportColumn {
    /// The column, counted from 0 in the header row.
    pub column: i32,
    /// The field its cells fill.
    pub field: ImportField,
}

impl From<ColumnMapping> for ImportColumn {
    fn from(m: ColumnMapping) -> Self {
        Self { column: m.column, field: m.field }
    }
}

/// An uploaded file as an import reads it: its guessed format, header, first rows and the
/// mapping its headers suggest.
pub struct ImportFile(Preview);

/// An uploaded file as an import reads it.
#[Object]
impl ImportFile {
    /// Id of the file, for `startImport`.
    async fn id(&self) -> ID {
        ID(self.0.file.id.to_string())
    }
    /// The name it was uploaded with.
    async fn name(&self) -> &str {
        &self.0.file.name
    }
    /// Size in bytes.
    async fn size(&self) -> i64 {
        self.0.file.size
    }
    /// SHA-256 of the file, hex.
    async fn sha256(&self) -> Option<&str> {
        self.0.file.sha256.as_deref()
    }
    /// The text encoding it is read in: `UTF-8` (with or without a byte order mark) or
    /// `WINDOWS-1252` (what spreadsheet programs on Windows save as "CSV").
    async fn encoding(&self) -> &'static str {
        match self.0.format.encoding {
            Encoding::Utf8 => "UTF-8",
            Encoding::Windows1252 => "WINDOWS-1252",
        }
    }
    /// The column separator found in the header: `,`, `;` or a tab.
    async fn delimiter(&self) -> String {
        char::from(self.0.format.delimiter).to_string()
    }
    /// The header row: each column's name.
    async fn headers(&self) -> &[String] {
        &self.0.headers
    }
    /// The first data rows (up to five), as read.
    async fn sample_rows(&self) -> &[Vec<String>] {
        &self.0.sample
    }
    /// The field each header most likely names (English or Italian), each field once.
    async fn suggested_mapping(&self) -> Vec<ImportColumn> {
        self.0.suggested.iter().copied().map(ImportColumn::from).collect()
    }
}

/// A bulk import: what it reads, where it stands, and its report.
#[derive(Clone)]
pub struct ImportJob(import_job::Model);

/// A bulk import: what it reads, where it stands, and its report.
#[Object]
impl ImportJob {
    /// Unique id (UUIDv7).
    async fn id(&self) -> ID {
        ID(self.0.id.to_string())
    }
    /// What the file's rows are.
    async fn kind(&self) -> ImportKind {
        self.0.kind
    }
    /// Where the job stands.
    async fn status(&self) -> ImportStatus {
        self.0.status
    }
    /// A dry run checks every row and writes only the report.
    async fn dry_run(&self) -> bool {
        self.0.dry_run
    }
    /// What it does with rows that match a customer already in the CRM.
    async fn on_match(&self) -> ImportMatch {
        ImportMatch::from_api(&self.0.on_match).unwrap_or_default()
    }
    /// The uploaded file, while it is kept (a week): what a real run after a dry run reads.
    async fn file_id(&self) -> Option<ID> {
        self.0.file_id.map(|id| ID(id.to_string()))
    }
    /// The file's name.
    async fn file_name(&self) -> &str {
        &self.0.file_name
    }
    /// The file's size in bytes.
    async fn file_size(&self) -> i64 {
        self.0.file_size
    }
    /// SHA-256 of the file, hex: which file this was.
    async fn file_sha256(&self) -> &str {
        &self.0.file_sha256
    }
    /// The column → field mapping it reads the file with.
    async fn mapping(&self) -> Vec<ImportColumn> {
        jobs::Options::of(&self.0).map(|o| o.mapping.into_iter().map(ImportColumn::from).collect()).unwrap_or_default()
    }
    /// The country of rows without one.
    async fn default_country(&self) -> Option<&str> {
        self.0.default_country.as_deref()
    }
    /// The currency of credit limits without one.
    async fn default_currency(&self) -> Option<&str> {
        self.0.default_currency.as_deref()
    }
    /// Who started it, as the audit log names them.
    async fn started_by(&self) -> &str {
        &self.0.actor_label
    }
    /// Data rows read and written so far (with their report lines).
    async fn rows_read(&self) -> i64 {
        self.0.rows_read
    }
    /// Rows that created a record (a dry run: would create).
    async fn created(&self) -> i64 {
        self.0.created
    }
    /// Rows that updated a record already in the CRM.
    async fn updated(&self) -> i64 {
        self.0.updated
    }
    /// Rows left out as duplicates.
    async fn skipped(&self) -> i64 {
        self.0.skipped
    }
    /// Rows refused for a value the API would refuse.
    async fn refused(&self) -> i64 {
        self.0.refused
    }
    /// How much of the file is done, 0 to 1 (by bytes); 1 when the job is over.
    async fn progress(&self) -> f64 {
        match self.0.status {
            ImportStatus::Done => 1.0,
            _ if self.0.file_size > 0 => self.0.bytes_read as f64 / self.0.file_size as f64,
            _ => 0.0,
        }
    }
    /// Rows per second since it started.
    async fn rows_per_second(&self, ctx: &Context<'_>) -> Result<Option<f64>> {
        Ok(jobs::pace(&self.0, app(ctx)?.clock.now()).0)
    }
    /// Seconds left at that pace, while it runs.
    async fn seconds_left(&self, ctx: &Context<'_>) -> Result<Option<i64>> {
        Ok(jobs::pace(&self.0, app(ctx)?.clock.now()).1)
    }
    /// Someone asked to stop it; it stops after the batch it is writing.
    async fn cancel_requested(&self) -> bool {
        self.0.cancel_requested
    }
    /// Why the file could not be read to its end (FAILED).
    async fn error(&self) -> Option<&str> {
        self.0.error.as_deref()
    }
    /// When it was queued.
    async fn created_at(&self) -> DateTime<Utc> {
        self.0.created_at
    }
    /// When a worker first took it.
    async fn started_at(&self) -> Option<DateTime<Utc>> {
        self.0.started_at
    }
    /// When it ended (done, cancelled or failed).
    async fn finished_at(&self) -> Option<DateTime<Utc>> {
        self.0.finished_at
    }
    /// The report, a line per row in file order; only the given outcomes when any (the
    /// refused and skipped rows are what a person reads).
    async fn report(
        &self,
        ctx: &Context<'_>,
        first: Option<i32>,
        after: Option<String>,
        last: Option<i32>,
        before: Option<String>,
        #[graphql(default)] outcomes: Vec<ImportOutcome>,
    ) -> Result<ImportRowConnection> {
        let page = PageRequest::from_relay(first, after, last, before)?;
        let (page, all) = report::page(&app(ctx)?.db.read, self.0.id, &outcomes, &page).await?;
        Ok(ImportRowConnection::new(page, all, ImportRow))
    }
}

/// What became of one data row of an import's file.
#[derive(Clone)]
pub struct ImportRow(import_row::Model);

/// What became of one data row of an import's file.
#[Object]
impl ImportRow {
    /// The row, counted from 1 after the header (a spreadsheet shows it as row + 1).
    async fn row(&self) -> i64 {
        self.0.row
    }
    /// Created, updated, skipped or refused.
    async fn outcome(&self) -> ImportOutcome {
        self.0.outcome
    }
    /// The field at fault, as the API's inputs name it (`primaryContact.emails[0].address`).
    async fn field(&self) -> Option<&str> {
        self.0.field.as_deref()
    }
    /// Why, as the API's `extensions.reason` (`INVALID_EMAIL`, `DUPLICATE`, `ALREADY_EXISTS`…).
    async fn reason(&self) -> Option<&str> {
        self.0.reason.as_deref()
    }
    /// The reason's values, as the API's `extensions.params`.
    async fn params(&self) -> Option<serde_json::Value> {
        self.0.params.clone()
    }
    /// An English explanation.
    async fn message(&self) -> Option<&str> {
        self.0.message.as_deref()
    }
    /// The record it created or updated (or, skipped, the one it duplicates).
    async fn record_id(&self) -> Option<ID> {
        self.0.record_id.map(|id| ID(id.to_string()))
    }
}

connection!(ImportJobConnection, ImportJobEdge, ImportJob, import_job::Entity, "import jobs");
connection!(ImportRowConnection, ImportRowEdge, ImportRow, import_row::Entity, "an import's report lines");

#[derive(Default)]
pub struct ImportQuery;

#[Object]
impl ImportQuery {
    /// An uploaded file, as an import would read it: for the mapping step. The uploader and
    /// admins only (NOT_FOUND otherwise).
    async fn import_file(&self, ctx: &Context<'_>, id: ID) -> Result<ImportFile> {
        Ok(ImportFile(jobs::preview(app(ctx)?, caller(ctx)?, parse_id(&id, "id")?).await?))
    }

    /// An import job: its progress while it runs, its counts and report after. Whoever
    /// started it, and admins.
    async fn import_job(&self, ctx: &Context<'_>, id: ID) -> Result<ImportJob> {
        Ok(ImportJob(jobs::find(&app(ctx)?.db.read, caller(ctx)?, parse_id(&id, "id")?).await?))
    }

    /// The caller's import jobs (admins: everyone's), newest first. Importers only.
    async fn import_jobs(
        &self,
        ctx: &Context<'_>,
        first: Option<i32>,
        after: Option<String>,
        last: Option<i32>,
        before: Option<String>,
    ) -> Result<ImportJobConnection> {
        let page = PageRequest::from_relay(first, after, last, before)?;
        let (page, all) = jobs::list(&app(ctx)?.db.read, caller(ctx)?, &page).await?;
        Ok(ImportJobConnection::new(page, all, ImportJob))
    }
}

crate::payload!(ImportJobPayload, job, ImportJob, "Result of startImport and cancelImport.");

#[derive(Default)]
pub struct ImportMutation;

#[Object]
impl ImportMutation {
    /// Queues an import of an uploaded file with a mapping of its columns; a background job
    /// writes it a batch per transaction (resumable after a restart) and reports every row.
    /// `dryRun` checks every row and writes only the report. Admins and sales managers, and
    /// API keys with `import` and `customers:write`.
    async fn start_import(&self, ctx: &Context<'_>, input: StartImportInput) -> Result<ImportJobPayload> {
        let job = jobs::start(app(ctx)?, caller(ctx)?, input).await?;
        Ok(ImportJobPayload { job: ImportJob(job) })
    }

    /// Stops an import: a queued one at once, a running one after the batch it is writing
    /// (what was written stays). An ended job is WRONG_STATUS.
    async fn cancel_import(&self, ctx: &Context<'_>, id: ID) -> Result<ImportJobPayload> {
        let job = jobs::cancel(app(ctx)?, caller(ctx)?, parse_id(&id, "id")?).await?;
        Ok(ImportJobPayload { job: ImportJob(job) })
    }
}
