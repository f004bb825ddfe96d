//! The scripts' tables.

pub mod call_script;
pub mod call_script_version;
pub mod script_run;
pub mod script_run_step;

use crm_core::audit::Subject;

crm_core::versioned!(call_script, "call script", |row| Subject::CallScript(row.id));
