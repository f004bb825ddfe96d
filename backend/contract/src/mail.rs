//! Email as a channel (`crm_mail` on the server): which way a message went, what it is, and
//! where it stands.

#[cfg(feature = "server")]
use sea_orm::sea_query::StringLen;

api_enum! {
    /// Which way an email went.
    #[sea_orm(rs_type = "String", db_type = "String(StringLen::N(16))")]
    pub enum EmailDirection {
        /// Received from outside (the inbound webhook or the SMTP listener).
        Inbound = "INBOUND",
        /// Sent by the CRM (the desk's replies).
        Outbound = "OUTBOUND",
    }
}

api_enum! {
    /// What an email is, as recognised on arrival.
    #[sea_orm(rs_type = "String", db_type = "String(StringLen::N(16))")]
    pub enum EmailKind {
        /// A message a person wrote.
        Message = "MESSAGE",
        /// An automatic answer (out of office, "we received your message"): kept, never counted
        /// as the customer's message, never reopens a ticket.
        AutoReply = "AUTO_REPLY",
        /// A delivery failure report about a message the CRM sent.
        Bounce = "BOUNCE",
    }
}

api_enum! {
    /// Where an email stands.
    #[sea_orm(rs_type = "String", db_type = "String(StringLen::N(16))")]
    pub enum EmailStatus {
        /// Received and filed on its ticket.
        Received = "RECEIVED",
        /// Received from an address no contact has: kept for the desk, on no ticket.
        Unmatched = "UNMATCHED",
        /// Waiting to be sent (first attempt or a retry after a temporary failure).
        Queued = "QUEUED",
        /// Accepted by the mail relay.
        Sent = "SENT",
        /// Refused by the relay for good, or out of attempts.
        Failed = "FAILED",
        /// Not sent: the recipient's consent or address does not allow it. Kept as the record
        /// of the refusal.
        Refused = "REFUSED",
        /// A server stopped while sending it: the relay may or may not have it. Never sent
        /// again by itself (that could send it twice); someone decides.
        Interrupted = "INTERRUPTED",
        /// Sent, then reported undeliverable by the recipient's mail server.
        Bounced = "BOUNCED",
    }
}
