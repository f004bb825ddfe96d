//! The imports' tables: uploaded files in chunks, jobs with their checkpoint, and the
//! per-row report that is also each written record's provenance.

pub mod import_file;
pub mod import_file_chunk;
pub mod import_job;
pub mod import_row;
