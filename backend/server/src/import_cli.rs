//! `crm import customers FILE`: a bulk import from the command line, through the same upload,
//! job and worker as the API's, with a progress bar (rows/s, time left) and the report's
//! refused and skipped rows at the end.
#![allow(clippy::print_stdout)]

use anyhow::Context;
use clap::{Args, ValueEnum};
use crm_core::context::AppContext;
use crm_core::pagination::PageRequest;
use crm_core::principal::Caller;
use crm_imports::jobs::ColumnMapping;
use crm_imports::local::{self, LocalImport};
use crm_imports::{report, ImportField, ImportKind, ImportMatch, ImportOutcome, ImportStatus};
use indicatif::{ProgressBar, ProgressStyle};
use std::path::PathBuf;

#[derive(ValueEnum, Clone, Copy)]
pub enum KindArg {
    /// Customers, each with its primary contact on the same row.
    Customers,
}

#[derive(ValueEnum, Clone, Copy)]
pub enum OnMatchArg {
    /// Update the customer already in the CRM with the row's values.
    Update,
    /// Leave it and report the row as skipped.
    Skip,
}

#[derive(Args)]
pub struct ImportArgs {
    /// What the file holds.
    #[arg(value_enum)]
    kind: KindArg,
    /// The CSV file (UTF-8 with or without BOM, or Windows-1252; comma, semicolon or tab).
    file: PathBuf,
    /// Column to field, repeatable: `--map 0=NAME --map 3=EMAIL` (columns count from 0).
    /// Without it, the mapping the headers suggest.
    #[arg(long = "map")]
    map: Vec<String>,
    /// Check every row and write only the report.
    #[arg(long)]
    dry_run: bool,
    /// Rows whose external id or email is already in the CRM.
    #[arg(long, value_enum, default_value_t = OnMatchArg::Update)]
    on_match: OnMatchArg,
    /// Country of rows without one (and of their national phone numbers).
    #[arg(long)]
    default_country: Option<String>,
    /// Currency of credit limits without one.
    #[arg(long)]
    default_currency: Option<String>,
}

fn parse_map(entries: &[String]) -> anyhow::Result<Option<Vec<ColumnMapping>>> {
    if entries.is_empty() {
        return Ok(None);
    }
    let mapping = entries
        .iter()
        .map(|entry| {
            let (column, field) = entry.split_once('=').with_context(|| format!("`{entry}`: write COLUMN=FIELD, e.g. 0=NAME"))?;
            let column: i32 = column.trim().parse().with_context(|| format!("`{column}` is not a column number"))?;
            let field = ImportField::from_api(&field.trim().to_uppercase()).with_context(|| {
                let known: Vec<&str> = ImportField::ALL.iter().map(|f| f.as_api()).collect();
                format!("unknown field `{field}` (known: {})", known.join(", "))
            })?;
            Ok(ColumnMapping { column, field })
        })
        .collect::<anyhow::Result<Vec<_>>>()?;
    Ok(Some(mapping))
}

pub async fn run(ctx: &AppContext, args: ImportArgs) -> anyhow::Result<()> {
    let file = std::fs::File::open(&args.file).with_context(|| format!("opening {}", args.file.display()))?;
    let size = file.metadata().map(|m| m.len()).unwrap_or(0);
    let name = args.file.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let options = LocalImport {
        kind: match args.kind {
            KindArg::Customers => ImportKind::Customers,
        },
        mapping: parse_map(&args.map)?,
        dry_run: args.dry_run,
        on_match: match args.on_match {
            OnMatchArg::Update => ImportMatch::Update,
            OnMatchArg::Skip => ImportMatch::Skip,
        },
        default_country: args.default_country,
        default_currency: args.default_currency,
    };
    let caller = Caller::system("crm import");
    let bar = ProgressBar::new(size);
    bar.set_style(ProgressStyle::with_template("{msg} {wide_bar} {bytes}/{total_bytes} ({eta} left)")?);
    let progress = |job: &crm_imports::entity::import_job::Model| {
        bar.set_position(job.bytes_read as u64);
        bar.set_message(format!("{} rows", job.rows_read));
    };
    let job = local::import(ctx, &caller, &name, file, options, &progress).await.map_err(|e| anyhow::anyhow!("{e:?}"))?;
    bar.finish_and_clear();
    let (rate, _) = crm_imports::jobs::pace(&job, ctx.clock.now());
    println!(
        "{} {}: {} rows read, {} created, {} updated, {} skipped, {} refused{} (job {})",
        if job.dry_run { "dry run" } else { "import" },
        job.status.as_api().to_lowercase(),
        job.rows_read,
        job.created,
        job.updated,
        job.skipped,
        job.refused,
        rate.map(|r| format!(", {r:.0} rows/s")).unwrap_or_default(),
        job.id,
    );
    if let Some(error) = &job.error {
        println!("stopped: {error}");
    }
    let problems = PageRequest::first(20);
    let (page, _) = report::page(&ctx.db.read, job.id, &[ImportOutcome::Refused, ImportOutcome::Skipped], &problems)
        .await
        .map_err(|e| anyhow::anyhow!("{e:?}"))?;
    for (_, line) in &page.rows {
        println!(
            "  row {}: {} {} {}",
            line.row,
            line.outcome.as_api().to_lowercase(),
            line.field.as_deref().unwrap_or(""),
            line.message.as_deref().unwrap_or("")
        );
    }
    if page.has_next_page {
        println!("  … the whole report: GET /imports/{}/report.csv", job.id);
    }
    anyhow::ensure!(job.status == ImportStatus::Done, "the import did not finish");
    Ok(())
}
