//! Interactions: every contact between the company and a customer, in whichever channel
//! (`crm_interactions` on the server).

#[cfg(feature = "server")]
use sea_orm::sea_query::StringLen;

api_enum! {
    /// The channel through which the customer and the company met.
    #[sea_orm(rs_type = "String", db_type = "String(StringLen::N(16))")]
    pub enum InteractionChannel {
        /// A phone call.
        Phone = "PHONE",
        /// An email.
        Email = "EMAIL",
        /// A chat on the website or in the app.
        Chat = "CHAT",
        /// A web form.
        Web = "WEB",
        /// The customer's self-service portal.
        SelfService = "SELF_SERVICE",
        /// A text message.
        Sms = "SMS",
        /// A fax.
        Fax = "FAX",
        /// A call over the internet.
        Voip = "VOIP",
        /// In person: a visit, a meeting, a counter.
        InPerson = "IN_PERSON",
        /// A social network.
        Social = "SOCIAL",
        /// A shared browsing session.
        CoBrowse = "CO_BROWSE",
    }
}

api_enum! {
    /// Who reached out to whom.
    #[sea_orm(rs_type = "String", db_type = "String(StringLen::N(16))")]
    pub enum InteractionDirection {
        /// The customer contacted the company (a call in, a message, a ticket, an answer).
        Inbound = "INBOUND",
        /// The company contacted the customer (a call out, a visit, a quote, a reply).
        Outbound = "OUTBOUND",
    }
}

api_enum! {
    /// What happened. The first five are logged by people (`logInteraction`); the others are
    /// written by the module where they happen, in the same transaction.
    #[sea_orm(rs_type = "String", db_type = "String(StringLen::N(24))")]
    pub enum InteractionKind {
        /// A phone call.
        Call = "CALL",
        /// A meeting (at the company, online, at a fair).
        Meeting = "MEETING",
        /// A visit at the customer's.
        Visit = "VISIT",
        /// An email.
        Email = "EMAIL",
        /// A message in another channel (a letter, a chat, a text, a social network).
        Message = "MESSAGE",
        /// A ticket was opened.
        TicketOpened = "TICKET_OPENED",
        /// A message on a ticket that the customer sees: the customer's, or the company's reply.
        TicketMessage = "TICKET_MESSAGE",
        /// A quote was sent to the customer.
        QuoteSent = "QUOTE_SENT",
        /// The customer accepted or rejected a quote (`outcome` says which).
        QuoteAnswered = "QUOTE_ANSWERED",
        /// An order was placed.
        OrderPlaced = "ORDER_PLACED",
        /// The ERP reported an order's progress (`outcome`: its status).
        OrderStatus = "ORDER_STATUS",
        /// The customer answered a satisfaction or NPS survey.
        SurveyAnswer = "SURVEY_ANSWER",
    }
}

impl InteractionKind {
    /// Whether people log it by hand (the others are the modules' record of what happened).
    pub fn logged_by_hand(self) -> bool {
        matches!(self, Self::Call | Self::Meeting | Self::Visit | Self::Email | Self::Message)
    }
}
