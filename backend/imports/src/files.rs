//! Uploaded files, kept in the database in chunks: any server can read a file a job needs
//! (a job taken on after its server stopped), on SQLite and PostgreSQL alike, and a file is
//! read back a chunk at a time, so memory does not grow with its size.
//!
//! An upload writes each chunk in its own short statement, not in one transaction: a slow
//! upload must not hold SQLite's only write lock. The file is `complete` once its last chunk
//! and checksum are in; an incomplete file is never imported, and is deleted with the old
//! files.

// This module is the repository of its own tables.
#![allow(clippy::disallowed_methods)]

use crate::access::{importer, JobScope};
use crate::entity::{import_file, import_file_chunk, import_job};
use chrono::{DateTime, Duration, Utc};
use crm_contract::imports::ImportStatus;
use crm_core::clock::new_id_at;
use crm_core::error::{AppError, AppResult, InputReason};
use crm_core::principal::Caller;
use sea_orm::sea_query::{Expr, Query};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, IntoActiveModel, QueryFilter, QueryOrder, QuerySelect,
};
use sha2::{Digest, Sha256};
use std::io::Read;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use uuid::Uuid;

/// Size of a stored chunk.
pub const CHUNK_BYTES: usize = 1 << 20;
/// Largest file accepted: room for several million rows of customers.
pub const MAX_FILE_BYTES: u64 = 1 << 30;
/// Files are kept this long after their upload, for a dry run and then the real one.
pub const KEEP_FILES_FOR: Duration = Duration::days(7);

/// An upload under way: bytes are buffered to a chunk's size, hashed and stored.
pub struct Upload {
    file: import_file::Model,
    seq: i32,
    buffer: Vec<u8>,
    hasher: Sha256,
}

/// Starts storing a file for `caller` (who must be allowed to import).
pub async fn begin(db: &impl ConnectionTrait, caller: &Caller, name: &str, now: DateTime<Utc>) -> AppResult<Upload> {
    importer(&caller.principal)?;
    let name: String = name.trim().chars().take(255).collect();
    let name = if name.is_empty() { "upload.csv".to_owned() } else { name };
    let file = import_file::Model {
        id: new_id_at(now),
        name,
        size: 0,
        sha256: None,
        actor_id: caller.principal.actor_id(),
        complete: false,
        created_at: now,
    };
    let file = file.into_active_model().reset_all().insert(db).await?;
    Ok(Upload { file, seq: 0, buffer: Vec::with_capacity(CHUNK_BYTES), hasher: Sha256::new() })
}

impl Upload {
    /// Adds bytes to the file; a full chunk is written at once.
    pub async fn push(&mut self, db: &impl ConnectionTrait, mut bytes: &[u8]) -> AppResult<()> {
        if self.file.size as u64 + bytes.len() as u64 > MAX_FILE_BYTES {
            return Err(AppError::invalid(
                "file",
                InputReason::TooLong { max: MAX_FILE_BYTES as usize }.with_message("the file is larger than 1 GiB"),
            ));
        }
        self.file.size += bytes.len() as i64;
        self.hasher.update(bytes);
        while !bytes.is_empty() {
            let room = CHUNK_BYTES - self.buffer.len();
            let (now, later) = bytes.split_at(room.min(bytes.len()));
            self.buffer.extend_from_slice(now);
            bytes = later;
            if self.buffer.len() == CHUNK_BYTES {
                self.flush(db).await?;
            }
        }
        Ok(())
    }

    async fn flush(&mut self, db: &impl ConnectionTrait) -> AppResult<()> {
        let chunk = import_file_chunk::Model { file_id: self.file.id, seq: self.seq, bytes: std::mem::take(&mut self.buffer) };
        import_file_chunk::Entity::insert(chunk.into_active_model().reset_all()).exec_without_returning(db).await?;
        self.seq += 1;
        self.buffer = Vec::with_capacity(CHUNK_BYTES);
        Ok(())
    }

    /// Stores the last chunk and the checksum: the file can now be imported.
    pub async fn finish(mut self, db: &impl ConnectionTrait) -> AppResult<import_file::Model> {
        if !self.buffer.is_empty() {
            self.flush(db).await?;
        }
        let sha256 = hex(&self.hasher.finalize());
        let mut file = self.file.clone();
        file.sha256 = Some(sha256);
        file.complete = true;
        import_file::Entity::update(file.clone().into_active_model().reset_all()).exec(db).await?;
        Ok(file)
    }
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// A complete file the caller uploaded (admins: anyone's), or NOT_FOUND.
pub async fn find(db: &impl ConnectionTrait, caller: &Caller, id: Uuid) -> AppResult<import_file::Model> {
    let scope = JobScope::of(&caller.principal)?;
    import_file::Entity::find_by_id(id)
        .one(db)
        .await?
        .filter(|file| file.complete && scope.reaches(file.actor_id))
        .ok_or(AppError::NotFound("import file"))
}

/// The first bytes of a file (up to `limit`): what the format is guessed from.
pub async fn head(db: &impl ConnectionTrait, file: Uuid, limit: usize) -> AppResult<Vec<u8>> {
    let mut head = Vec::new();
    let mut seq = 0;
    while head.len() < limit {
        let Some(chunk) = import_file_chunk::Entity::find_by_id((file, seq)).one(db).await? else { break };
        head.extend_from_slice(&chunk.bytes[..chunk.bytes.len().min(limit - head.len())]);
        seq += 1;
    }
    Ok(head)
}

/// Reads a stored file a chunk at a time, for a parser running on a blocking thread (it
/// waits for each chunk on the runtime's handle; never call it on the runtime itself).
/// `consumed` counts the bytes handed out: how far into the file the parser is.
pub struct ChunkReader {
    db: DatabaseConnection,
    runtime: tokio::runtime::Handle,
    file: Uuid,
    next: i32,
    chunk: Vec<u8>,
    at: usize,
    consumed: Arc<AtomicU64>,
}

impl ChunkReader {
    pub fn new(db: DatabaseConnection, runtime: tokio::runtime::Handle, file: Uuid) -> Self {
        Self { db, runtime, file, next: 0, chunk: Vec::new(), at: 0, consumed: Arc::new(AtomicU64::new(0)) }
    }

    /// The count of bytes handed out so far, shared (it keeps counting as the reader reads).
    pub fn consumed(&self) -> Arc<AtomicU64> {
        self.consumed.clone()
    }
}

impl Read for ChunkReader {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        if self.at == self.chunk.len() {
            let (db, key) = (self.db.clone(), (self.file, self.next));
            let found = self.runtime.block_on(async move { import_file_chunk::Entity::find_by_id(key).one(&db).await });
            match found.map_err(std::io::Error::other)? {
                Some(chunk) => {
                    self.chunk = chunk.bytes;
                    self.at = 0;
                    self.next += 1;
                }
                None => return Ok(0),
            }
        }
        let n = buf.len().min(self.chunk.len() - self.at);
        buf[..n].copy_from_slice(&self.chunk[self.at..self.at + n]);
        self.at += n;
        self.consumed.fetch_add(n as u64, Ordering::Relaxed);
        Ok(n)
    }
}

/// Deletes files older than [`KEEP_FILES_FOR`] (or broken-off uploads older than a day) that
/// no queued or running job still reads; returns how many.
pub async fn delete_old(db: &impl ConnectionTrait, now: DateTime<Utc>) -> AppResult<u64> {
    let in_use = Query::select()
        .column(import_job::Column::FileId)
        .from(import_job::Entity)
        .and_where(import_job::Column::FileId.is_not_null())
        .and_where(import_job::Column::Status.is_in([ImportStatus::Queued, ImportStatus::Running]))
        .to_owned();
    let old: Vec<Uuid> = import_file::Entity::find()
        .select_only()
        .column(import_file::Column::Id)
        .filter(
            sea_orm::Condition::any()
                .add(import_file::Column::CreatedAt.lt(now - KEEP_FILES_FOR))
                .add(import_file::Column::Complete.eq(false).and(import_file::Column::CreatedAt.lt(now - Duration::days(1)))),
        )
        .filter(import_file::Column::Id.not_in_subquery(in_use))
        .order_by_asc(import_file::Column::Id)
        .limit(100)
        .into_tuple()
        .all(db)
        .await?;
    if old.is_empty() {
        return Ok(0);
    }
    import_job::Entity::update_many()
        .col_expr(import_job::Column::FileId, Expr::value(Option::<Uuid>::None))
        .filter(import_job::Column::FileId.is_in(old.clone()))
        .exec(db)
        .await?;
    import_file_chunk::Entity::delete_many().filter(import_file_chunk::Column::FileId.is_in(old.clone())).exec(db).await?;
    Ok(import_file::Entity::delete_many().filter(import_file::Column::Id.is_in(old)).exec(db).await?.rows_affected)
}
