//! The scripts' values: the enums shared with the browser app.

pub use crm_contract::knowledge::ArticleLocale;
pub use crm_contract::scripts::{ScriptChannel, ScriptEnding, ScriptNodeKind, ScriptProblemCode, ScriptRunStatus};
