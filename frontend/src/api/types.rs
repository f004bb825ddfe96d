//! Scalars and enums of `schema.graphql`, shared by every operation.
//!
//! graphql_client generates a separate copy of each enum per operation unless the enum is
//! declared `extern_enums` (`api/ops.rs`); the enums named there are the server's own types
//! from `crm-contract`, re-exported here, so one translation table and one set of helpers
//! (`ALL`, `as_api`, `from_api`) serve every screen, and a value the server adds does not
//! compile in the app until every screen's `match` on it handles it.

pub use crm_contract::audit::{AuditAction, EntityType};
pub use crm_contract::customers::{Channel, ConsentSource, ConsentStatus, CustomerKind, CustomerOrderField, Lifecycle};
pub use crm_contract::filters::OrderDirection;
pub use crm_contract::identity::{PartnerKind, ViewList};
pub use crm_contract::imports::{ImportField, ImportKind, ImportMatch, ImportOutcome, ImportStatus};
pub use crm_contract::interactions::{InteractionDirection, InteractionKind};
pub use crm_contract::knowledge::{ArticleLocale, ArticleOpenSource, ArticleStatus, ArticleVisibility};
pub use crm_contract::mail::{EmailDirection, EmailKind, EmailStatus};
pub use crm_contract::notes::NoteSubject;
pub use crm_contract::principal::{ApiScope, PrincipalKind, StaffRole, UserKind};
pub use crm_contract::sales::{
    AssignmentTarget, ContactRole, DeliveryState, LeadOrderField, LeadSource, LeadStatus, OpportunityOrderField, OpportunityStage,
    OrderStatus, ProductOrderField, ProductUnit, QuoteStatus, Registration, Seller, StageEvent,
};
pub use crm_contract::scripts::{ScriptChannel, ScriptEnding, ScriptNodeKind, ScriptProblemCode, ScriptRunStatus};
pub use crm_contract::service::{
    AgentPresence, CallDirection, CallOutcome, CallStatus, CallbackStatus, ChatEnding, ChatStatus, InteractionChannel, NotificationKind,
    QueueRouting, SatisfactionGroup, SlaEventKind, SlaTarget, SurveyChannel, TicketMessageKind, TicketOrderField, TicketPriority,
    TicketStatus,
};
pub use crm_contract::sms::SmsStatus;
pub use crm_contract::tasks::{TaskOrigin, TaskPriority, TaskStatus, TaskSubject};

/// RFC 3339 timestamp as the API sends it; parsed only for display.
pub type DateTime = String;
/// Exact decimal as a string; never converted to floating point in the app.
pub type Decimal = String;
/// Calendar date `YYYY-MM-DD`.
pub type NaiveDate = String;
/// Arbitrary JSON (the before/after values of audit entries).
#[allow(clippy::upper_case_acronyms)]
pub type JSON = serde_json::Value;
