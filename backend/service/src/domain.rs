//! The service's values: the enums shared with the browser app, and the rules about them.

use crm_core::error::{AppError, AppResult};
use crm_core::values::optional_text;

pub use crm_contract::service::{
    AgentPresence, CallDirection, CallEventKind, CallOutcome, CallStatus, CallbackStatus, ChatEnding, ChatStatus, DayOfWeek,
    InteractionChannel, NotificationKind, QueueRouting, SatisfactionGroup, SlaEventKind, SlaTarget, SurveyChannel, TicketMessageKind,
    TicketOrderField, TicketPriority, TicketStatus,
};

/// A ticket category as stored (at most 64 characters, lower case; none when blank): one
/// spelling for tickets, macros and agents' skills, so routing by skill matches them.
pub fn ticket_category(raw: Option<&str>, field: &str) -> AppResult<Option<String>> {
    Ok(optional_text(raw, 64).map_err(|why| AppError::invalid(field, why))?.map(|text| text.to_lowercase()))
}

/// Which status changes a ticket may make.
pub trait TicketStatusRules {
    /// Whether a person may move a ticket from this status to `next`.
    fn may_become(self, next: TicketStatus) -> bool;
}

impl TicketStatusRules for TicketStatus {
    fn may_become(self, next: TicketStatus) -> bool {
        use TicketStatus::*;
        match (self, next) {
            (from, to) if from == to => false,
            (Closed, _) => false,
            // Back to NEW never: an answered ticket stays answered.
            (_, New) => false,
            (New | Open | PendingCustomer | PendingThirdParty, Open | PendingCustomer | PendingThirdParty | Resolved) => true,
            // Reopening (within the queue's window, checked by the service) or closing.
            (Resolved, Open | Closed) => true,
            // Closing skips resolution only for duplicates and spam: resolve first.
            _ => false,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_closed_ticket_stays_closed_and_nothing_goes_back_to_new() {
        use TicketStatus::*;
        assert!(New.may_become(Open) && New.may_become(Resolved) && Resolved.may_become(Open) && Resolved.may_become(Closed));
        assert!(!Closed.may_become(Open) && !Open.may_become(New) && !Open.may_become(Closed) && !Open.may_become(Open));
    }
}
