//! Text messages as a channel (`crm_sms` on the server): where a text stands.

#[cfg(feature = "server")]
use sea_orm::sea_query::StringLen;

api_enum! {
    /// Where a text message stands.
    #[sea_orm(rs_type = "String", db_type = "String(StringLen::N(16))")]
    pub enum SmsStatus {
        /// Received and filed on its ticket.
        Received = "RECEIVED",
        /// Received from a number no contact has: kept for the desk, on no ticket.
        Unmatched = "UNMATCHED",
        /// Waiting to be sent (first attempt or a retry after a temporary failure).
        Queued = "QUEUED",
        /// Taken by the gateway; its delivery report not in yet.
        Sent = "SENT",
        /// The gateway reports it delivered to the phone.
        Delivered = "DELIVERED",
        /// Refused by the gateway, out of attempts, or reported undelivered.
        Failed = "FAILED",
        /// Not sent: the contact's number or consent does not allow it. Kept as the record of
        /// the refusal.
        Refused = "REFUSED",
        /// A server stopped while sending it: the gateway may or may not have it. Never sent
        /// again by itself.
        Interrupted = "INTERRUPTED",
    }
}
