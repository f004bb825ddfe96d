//! The tasks' table.

pub mod task;

use crm_core::audit::Subject;

crm_core::versioned!(task, "task", |row| Subject::Task { id: row.id, customer_id: row.customer_id });
