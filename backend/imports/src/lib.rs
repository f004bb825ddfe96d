//! Data in: bulk imports. A file is uploaded in chunks into the database ([`files`]); a job
//! ([`jobs`]) reads it as CSV ([`source`]) through a mapping of columns to fields
//! ([`mapping`]) and writes its rows a batch per transaction ([`worker`]), each batch
//! committing its checkpoint with its rows, so a job stopped by a crash or a restart resumes
//! on any server without duplicates or gaps. Every row gets a line in the job's report
//! ([`report`]): created, updated, skipped as a duplicate, or refused with the field and the
//! reason the API would give.

pub mod access;
pub mod customers;
pub mod entity;
pub mod files;
pub mod jobs;
pub mod local;
pub mod mapping;
pub mod report;
pub mod source;
pub mod worker;

pub use crm_contract::imports::{ImportField, ImportKind, ImportMatch, ImportOutcome, ImportStatus};
