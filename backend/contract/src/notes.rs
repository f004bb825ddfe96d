//! Notes on records (`crm_notes::domain` on the server).

#[cfg(feature = "server")]
use sea_orm::sea_query::StringLen;

api_enum! {
    /// The kinds of record a note can be about.
    #[sea_orm(rs_type = "String", db_type = "String(StringLen::N(16))")]
    pub enum NoteSubject {
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
    }
}
