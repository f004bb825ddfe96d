//! Tasks: the to-dos of staff and partner users (`crm_tasks::domain` on the server).

#[cfg(feature = "server")]
use sea_orm::sea_query::StringLen;

api_enum! {
    /// The kinds of record a task can concern.
    #[sea_orm(rs_type = "String", db_type = "String(StringLen::N(16))")]
    pub enum TaskSubject {
        /// A customer.
        Customer = "CUSTOMER",
        /// A contact person of a customer.
        Contact = "CONTACT",
        /// A lead.
        Lead = "LEAD",
        /// An opportunity (a deal).
        Opportunity = "OPPORTUNITY",
        /// An order.
        Order = "ORDER",
        /// A service ticket.
        Ticket = "TICKET",
    }
}

api_enum! {
    /// Where a task stands.
    #[sea_orm(rs_type = "String", db_type = "String(StringLen::N(16))")]
    pub enum TaskStatus {
        /// To do.
        Open = "OPEN",
        /// Done.
        Done = "DONE",
        /// Dropped: no longer needed.
        Cancelled = "CANCELLED",
    }
}

api_enum! {
    /// How urgent a task is.
    #[sea_orm(rs_type = "String", db_type = "String(StringLen::N(16))")]
    pub enum TaskPriority {
        /// The usual.
        Normal = "NORMAL",
        /// When there is time.
        Low = "LOW",
        /// Before the others.
        High = "HIGH",
    }
}

api_enum! {
    /// Who or what opened a task.
    #[sea_orm(rs_type = "String", db_type = "String(StringLen::N(24))")]
    pub enum TaskOrigin {
        /// A person, by hand.
        Manual = "MANUAL",
        /// A low satisfaction score on a resolved ticket: the queue's lead recovers the customer.
        SatisfactionRecovery = "SATISFACTION_RECOVERY",
        /// A detractor's NPS answer (0–6): the customer's owner follows up.
        NpsFollowUp = "NPS_FOLLOW_UP",
    }
}
