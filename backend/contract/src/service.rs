//! Customer service: tickets and their SLA clocks (`crm_service` on the server).

#[cfg(feature = "server")]
use sea_orm::sea_query::StringLen;

api_enum! {
    /// Where a ticket's stage in its life is. NEW until a person of the company answers; the
    /// two PENDING statuses wait on someone else (whether they pause the SLA clocks is the
    /// policy's choice); RESOLVED may be reopened within the queue's window; CLOSED is final.
    #[sea_orm(rs_type = "String", db_type = "String(StringLen::N(24))")]
    pub enum TicketStatus {
        /// Received, nobody of the company has answered yet.
        New = "NEW",
        /// Being worked on.
        Open = "OPEN",
        /// Waiting for the customer's answer.
        PendingCustomer = "PENDING_CUSTOMER",
        /// Waiting for a third party (a supplier, a carrier, the ERP's team).
        PendingThirdParty = "PENDING_THIRD_PARTY",
        /// Solved; reopens if the customer answers within the queue's window.
        Resolved = "RESOLVED",
        /// Done for good.
        Closed = "CLOSED",
    }
}

api_enum! {
    /// How urgent a ticket is; SLA policies may choose their targets by it.
    #[sea_orm(rs_type = "String", db_type = "String(StringLen::N(16))")]
    pub enum TicketPriority {
        /// Whenever there is time.
        Low = "LOW",
        /// The usual.
        Normal = "NORMAL",
        /// Before the usual ones.
        High = "HIGH",
        /// Now: a customer cannot work.
        Urgent = "URGENT",
    }
}

pub use crate::interactions::InteractionChannel;

api_enum! {
    /// What a message on a ticket is.
    #[sea_orm(rs_type = "String", db_type = "String(StringLen::N(16))")]
    pub enum TicketMessageKind {
        /// The company's answer, seen by the customer; the only kind that counts as a response
        /// for the SLA.
        Reply = "REPLY",
        /// A note among the company's people: never shown to customers or partners.
        Note = "NOTE",
        /// Written by the customer's side (the customer, its partner, or an agent logging a
        /// call or an email from the customer).
        Customer = "CUSTOMER",
    }
}

api_enum! {
    /// What an SLA clock measures.
    #[sea_orm(rs_type = "String", db_type = "String(StringLen::N(24))")]
    pub enum SlaTarget {
        /// From the ticket's creation to the company's first reply.
        FirstResponse = "FIRST_RESPONSE",
        /// From a customer's message to the company's next reply.
        NextResponse = "NEXT_RESPONSE",
        /// From the ticket's creation to its resolution.
        Resolution = "RESOLUTION",
    }
}

api_enum! {
    /// A step of an SLA clock, as the ticket's SLA timeline records it.
    #[sea_orm(rs_type = "String", db_type = "String(StringLen::N(16))")]
    pub enum SlaEventKind {
        /// The clock started.
        Started = "STARTED",
        /// The clock stopped for a status the policy pauses on.
        Paused = "PAUSED",
        /// The clock runs again; the time due moved by the working time paused.
        Resumed = "RESUMED",
        /// The target was reached (the reply was sent, the ticket resolved).
        Met = "MET",
        /// The time due passed before the target was reached.
        Breached = "BREACHED",
        /// The time due is near (the policy's warning minutes remain): the assignee, or the
        /// queue's lead, was told.
        Warned = "WARNED",
    }
}

api_enum! {
    /// What a notification of the service desk is about.
    #[sea_orm(rs_type = "String", db_type = "String(StringLen::N(16))")]
    pub enum NotificationKind {
        /// An SLA clock of a ticket you work (or lead the queue of) falls due soon.
        SlaWarning = "SLA_WARNING",
        /// An SLA clock of a ticket passed its time due: the ticket was escalated to you, or
        /// away from you.
        SlaBreach = "SLA_BREACH",
    }
}

api_enum! {
    /// A day of the week, for working hours.
    pub enum DayOfWeek {
        /// Monday.
        Monday = "MONDAY",
        /// Tuesday.
        Tuesday = "TUESDAY",
        /// Wednesday.
        Wednesday = "WEDNESDAY",
        /// Thursday.
        Thursday = "THURSDAY",
        /// Friday.
        Friday = "FRIDAY",
        /// Saturday.
        Saturday = "SATURDAY",
        /// Sunday.
        Sunday = "SUNDAY",
    }
}

api_enum! {
    /// Fields the ticket list sorts by.
    pub enum TicketOrderField {
        /// When it was opened.
        CreatedAt = "CREATED_AT",
        /// The nearest time due of its running SLA clocks; only tickets with a running clock
        /// are listed in this order (the desk's work order: what falls due first).
        SlaDueAt = "SLA_DUE_AT",
    }
}

api_enum! {
    /// How a customer answered a satisfaction survey.
    #[sea_orm(rs_type = "String", db_type = "String(StringLen::N(16))")]
    pub enum SurveyChannel {
        /// From the self-service portal, signed in.
        Portal = "PORTAL",
        /// From the survey link sent to the customer.
        Link = "LINK",
    }
}

api_enum! {
    /// What satisfaction figures are grouped by.
    pub enum SatisfactionGroup {
        /// The agent the ticket was assigned to when it was resolved.
        Agent = "AGENT",
        /// The ticket's queue.
        Queue = "QUEUE",
        /// The customer.
        Customer = "CUSTOMER",
        /// The product the ticket was about.
        Product = "PRODUCT",
    }
}

api_enum! {
    /// How a queue hands its new tickets to agents.
    #[sea_orm(rs_type = "String", db_type = "String(StringLen::N(16))")]
    pub enum QueueRouting {
        /// Tickets wait in the queue until someone takes or assigns them.
        Manual = "MANUAL",
        /// To the member who has waited longest for a ticket, among those available and
        /// under their capacity.
        RoundRobin = "ROUND_ROBIN",
        /// As round robin, among the members who have the ticket's skills: its category and
        /// its language. Tickets nobody qualifies for wait in the queue.
        Skills = "SKILLS",
    }
}

api_enum! {
    /// Whether an agent takes new tickets now. Only AVAILABLE agents are routed tickets.
    #[sea_orm(rs_type = "String", db_type = "String(StringLen::N(16))")]
    pub enum AgentPresence {
        /// At the desk and taking tickets.
        Available = "AVAILABLE",
        /// At the desk, finishing what they have; no new tickets.
        Busy = "BUSY",
        /// Away for a while (a break, a meeting).
        Away = "AWAY",
        /// Not working.
        Offline = "OFFLINE",
    }
}

api_enum! {
    /// Who placed a call.
    #[sea_orm(rs_type = "String", db_type = "String(StringLen::N(16))")]
    pub enum CallDirection {
        /// The customer called the company.
        Inbound = "INBOUND",
        /// The company called the customer (a callback, a follow-up).
        Outbound = "OUTBOUND",
    }
}

api_enum! {
    /// Where a call is, as the telephony last reported it.
    #[sea_orm(rs_type = "String", db_type = "String(StringLen::N(16))")]
    pub enum CallStatus {
        /// Ringing at an extension or in the queue of the switchboard.
        Ringing = "RINGING",
        /// Someone answered; the conversation goes on.
        Answered = "ANSWERED",
        /// Answered, then hung up.
        Ended = "ENDED",
        /// Nobody answered; an inbound missed call waits in the callback queue.
        Missed = "MISSED",
        /// The number is on the block list: the telephony was told to reject it.
        Rejected = "REJECTED",
    }
}

api_enum! {
    /// What the telephony (CTI) reports about a call: the `event` of `POST /telephony/events`.
    pub enum CallEventKind {
        /// The call rings (at `agentExtension` when the switchboard knows it).
        Ringing = "RINGING",
        /// Someone answered it.
        Answered = "ANSWERED",
        /// It ended (after an answer; an inbound call that ends unanswered counts as missed).
        Ended = "ENDED",
        /// Nobody answered it.
        Missed = "MISSED",
    }
}

api_enum! {
    /// How a call ended for the customer, as the agent wraps it up.
    #[sea_orm(rs_type = "String", db_type = "String(StringLen::N(24))")]
    pub enum CallOutcome {
        /// The customer's matter was settled during the call.
        Resolved = "RESOLVED",
        /// A ticket was opened for it.
        TicketOpened = "TICKET_OPENED",
        /// An existing ticket was updated.
        TicketUpdated = "TICKET_UPDATED",
        /// The customer got the information they asked for.
        InformationGiven = "INFORMATION_GIVEN",
        /// More is needed later (a call back, a visit, a quote).
        FollowUp = "FOLLOW_UP",
        /// The caller meant someone else.
        WrongNumber = "WRONG_NUMBER",
        /// A call back that nobody answered.
        NotReached = "NOT_REACHED",
    }
}

api_enum! {
    /// Where a missed call stands in the callback queue.
    #[sea_orm(rs_type = "String", db_type = "String(StringLen::N(16))")]
    pub enum CallbackStatus {
        /// The customer is waiting to be called back.
        Waiting = "WAITING",
        /// Someone called back (or settled it otherwise).
        Done = "DONE",
    }
}

api_enum! {
    /// Where a live chat on a ticket stands.
    #[sea_orm(rs_type = "String", db_type = "String(StringLen::N(16))")]
    pub enum ChatStatus {
        /// An agent was found and told; the customer waits for their first words.
        Waiting = "WAITING",
        /// The agent has answered: both sides are writing.
        Active = "ACTIVE",
        /// Over; the conversation is on the ticket and its transcript on the timeline.
        Ended = "ENDED",
    }
}

api_enum! {
    /// How a live chat ended.
    #[sea_orm(rs_type = "String", db_type = "String(StringLen::N(16))")]
    pub enum ChatEnding {
        /// The customer closed it.
        Customer = "CUSTOMER",
        /// The agent (or another person of the desk) closed it.
        Desk = "DESK",
        /// No agent was free: the ticket carries on, answered on the desk's next turn.
        NoAgent = "NO_AGENT",
        /// Nobody wrote, typed or read for half an hour (a browser closed without ending it).
        Idle = "IDLE",
    }
}
