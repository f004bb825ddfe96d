//! A job's report: one line per data row (what became of it, why, and the record it wrote),
//! written in the transaction of the row's batch. It is also each imported record's
//! provenance: which job, which row.

// This module is the repository of its own table.
#![allow(clippy::disallowed_methods)]

use crate::customers::RowResult;
use crate::entity::import_row;
use crm_contract::imports::ImportOutcome;
use crm_core::db::insert_chunked;
use crm_core::error::AppResult;
use crm_core::pagination::{fetch_page, KeyKind, Keyset, Page, PageRequest, SortKey};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, IntoActiveModel, QueryFilter, QuerySelect, Select};
use std::collections::HashMap;
use uuid::Uuid;

/// Appends a batch's results to job `job`'s report.
pub async fn write(txn: &impl ConnectionTrait, job: Uuid, results: &[RowResult]) -> AppResult<()> {
    let rows: Vec<import_row::ActiveModel> = results
        .iter()
        .map(|r| {
            import_row::Model {
                job_id: job,
                row: r.row,
                outcome: r.outcome,
                field: r.field.clone(),
                reason: r.reason.as_ref().map(|reason| reason.code()),
                params: r.reason.as_ref().and_then(|reason| reason.params()),
                message: r.message.clone(),
                record_id: r.record_id,
            }
            .into_active_model()
        })
        .collect();
    insert_chunked::<import_row::Entity, _>(txn, rows).await?;
    Ok(())
}

/// Which of `records` job `job` created or updated, and at which row.
pub async fn rows_that_wrote(db: &impl ConnectionTrait, job: Uuid, records: &[Uuid]) -> AppResult<HashMap<Uuid, i64>> {
    if records.is_empty() {
        return Ok(HashMap::new());
    }
    let rows: Vec<(Uuid, i64)> = import_row::Entity::find()
        .select_only()
        .column(import_row::Column::RecordId)
        .column(import_row::Column::Row)
        .filter(import_row::Column::JobId.eq(job))
        .filter(import_row::Column::RecordId.is_in(records.iter().copied()))
        .filter(import_row::Column::Outcome.is_in([ImportOutcome::Created, ImportOutcome::Updated]))
        .into_tuple()
        .all(db)
        .await?;
    Ok(rows.into_iter().collect())
}

struct ByRow;

impl Keyset<import_row::Entity> for ByRow {
    fn name(&self) -> String {
        "import_rows_by_row".into()
    }
    fn keys(&self) -> Vec<SortKey<import_row::Column>> {
        vec![SortKey { column: import_row::Column::Row, descending: false, kind: KeyKind::Int }]
    }
    fn values(&self, row: &import_row::Model) -> Vec<String> {
        vec![row.row.to_string()]
    }
}

/// A page of job `job`'s report in row order, only the given outcomes when any.
pub async fn page(
    db: &impl ConnectionTrait,
    job: Uuid,
    outcomes: &[ImportOutcome],
    page: &PageRequest,
) -> AppResult<(Page<import_row::Model>, Select<import_row::Entity>)> {
    let mut select = import_row::Entity::find().filter(import_row::Column::JobId.eq(job));
    if !outcomes.is_empty() {
        select = select.filter(import_row::Column::Outcome.is_in(outcomes.iter().copied()));
    }
    Ok((fetch_page(select.clone(), &ByRow, page, db).await?, select))
}
