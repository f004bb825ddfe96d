//! Importing a file from this machine's disk, as the command line (`crm import`) and the demo
//! seeder do: the same upload, job and worker as the API's, run in this process and followed
//! to its end.

use crate::entity::import_job;
use crate::jobs::{self, ColumnMapping, StartImportInput};
use crate::{files, worker};
use crm_contract::imports::{ImportKind, ImportMatch, ImportStatus};
use crm_core::context::AppContext;
use crm_core::error::{AppError, AppResult};
use crm_core::principal::Caller;
use std::io::Read;

/// What to import and how.
#[derive(Debug, Clone)]
pub struct LocalImport {
    pub kind: ImportKind,
    /// The mapping; `None`: the one the file's headers suggest.
    pub mapping: Option<Vec<ColumnMapping>>,
    pub dry_run: bool,
    pub on_match: ImportMatch,
    pub default_country: Option<String>,
    pub default_currency: Option<String>,
}

/// Uploads `file` (named `name`) and runs its import to the end in this process, calling
/// `progress` after each batch. When a server on the same database takes the job first,
/// follows it there instead.
pub async fn import(
    ctx: &AppContext,
    caller: &Caller,
    name: &str,
    mut file: impl Read,
    options: LocalImport,
    progress: &(dyn Fn(&import_job::Model) + Sync),
) -> AppResult<import_job::Model> {
    let mut upload = files::begin(&ctx.db.write, caller, name, ctx.clock.now()).await?;
    let mut buffer = vec![0u8; files::CHUNK_BYTES];
    loop {
        let read = file.read(&mut buffer).map_err(|e| AppError::Internal(anyhow::anyhow!("reading {name}: {e}")))?;
        if read == 0 {
            break;
        }
        upload.push(&ctx.db.write, &buffer[..read]).await?;
    }
    let stored = upload.finish(&ctx.db.write).await?;
    let mapping = match options.mapping {
        Some(mapping) => mapping,
        None => jobs::preview(ctx, caller, stored.id).await?.suggested,
    };
    let input = StartImportInput {
        file_id: stored.id.to_string().into(),
        kind: options.kind,
        mapping,
        dry_run: options.dry_run,
        on_match: options.on_match,
        default_country: options.default_country,
        default_currency: options.default_currency,
    };
    let job = jobs::start(ctx, caller, input).await?;
    let lease = chrono::Duration::from_std(worker::LEASE).unwrap_or(chrono::Duration::seconds(60));
    if let Some(claimed) = worker::claim(ctx, Some(job.id), lease).await? {
        return worker::run(ctx, claimed, lease, progress).await;
    }
    loop {
        let now = jobs::find(&ctx.db.read, caller, job.id).await?;
        progress(&now);
        if !matches!(now.status, ImportStatus::Queued | ImportStatus::Running) {
            return Ok(now);
        }
        tokio::time::sleep(std::time::Duration::from_millis(500)).await;
    }
}
