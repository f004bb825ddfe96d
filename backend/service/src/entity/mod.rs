//! The service tables.

pub mod blocked_number;
pub mod call;
pub mod chat_session;
pub mod nps_answer;
pub mod nps_survey;
pub mod service_agent;
pub mod service_calendar;
pub mod service_notification;
pub mod service_queue;
pub mod service_queue_member;
pub mod sla_clock;
pub mod sla_event;
pub mod sla_policy;
pub mod ticket;
pub mod ticket_macro;
pub mod ticket_message;
pub mod ticket_survey;
pub mod ticket_tag;

use crm_core::audit::Subject;

crm_core::versioned!(service_calendar, "service calendar", |row| Subject::ServiceCalendar(row.id));
crm_core::archivable!(service_calendar);
crm_core::versioned!(service_queue, "service queue", |row| Subject::ServiceQueue(row.id));
crm_core::archivable!(service_queue);
crm_core::versioned!(sla_policy, "SLA policy", |row| Subject::SlaPolicy(row.id));
crm_core::archivable!(sla_policy);
crm_core::versioned!(ticket, "ticket", |row| Subject::Ticket { id: row.id, customer_id: row.customer_id });
crm_core::versioned!(call, "call", |row| Subject::Call { id: row.id, customer_id: row.customer_id });
crm_core::versioned!(ticket_macro, "macro", |row| Subject::TicketMacro(row.id));
crm_core::archivable!(ticket_macro);

/// By hand: an agent's row is keyed by its user, not by an `id` of its own.
impl crm_core::versioned::Versioned for service_agent::Entity {
    const NAME: &'static str = "service agent";
    fn id_column() -> service_agent::Column {
        service_agent::Column::UserId
    }
    fn version_column() -> service_agent::Column {
        service_agent::Column::Version
    }
    fn id(row: &service_agent::Model) -> uuid::Uuid {
        row.user_id
    }
    fn version(row: &service_agent::Model) -> i32 {
        row.version
    }
    fn stamp(row: &mut service_agent::Model, version: i32, now: chrono::DateTime<chrono::Utc>) {
        row.version = version;
        row.updated_at = now;
    }
    fn subject(row: &service_agent::Model) -> Subject {
        Subject::ServiceAgent(row.user_id)
    }
}
