//! The notes' tables.

pub mod note;
pub mod note_mention;

use crm_core::audit::Subject;

crm_core::versioned!(note, "note", |row| Subject::Note { id: row.id, customer_id: row.customer_id });
crm_core::archivable!(note);
