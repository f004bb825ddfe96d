//! The knowledge base's values: the enums shared with the browser app.

pub use crm_contract::knowledge::{ArticleLocale, ArticleOpenSource, ArticleStatus, ArticleVisibility};
