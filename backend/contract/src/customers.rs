//! Customers and contacts (`crm_customers::domain` and `crm_customers::inputs` on the server).

#[cfg(feature = "server")]
use sea_orm::sea_query::StringLen;

api_enum! {
    /// Whether a customer is a private person or an organisation.
    #[sea_orm(rs_type = "String", db_type = "String(StringLen::N(16))")]
    pub enum CustomerKind {
        /// A private person; the customer has one contact: the person.
        Person = "PERSON",
        /// A company or other organisation with contact people.
        Company = "COMPANY",
    }
}

api_enum! {
    /// Where a customer stands in the relationship.
    #[sea_orm(rs_type = "String", db_type = "String(StringLen::N(16))")]
    pub enum Lifecycle {
        /// Known, not yet buying.
        Prospect = "PROSPECT",
        /// Buying.
        Customer = "CUSTOMER",
        /// Used to buy; the relationship ended.
        Former = "FORMER",
    }
}

api_enum! {
    /// A channel the company can reach a contact through.
    #[sea_orm(rs_type = "String", db_type = "String(StringLen::N(16))")]
    pub enum Channel {
        /// Email.
        Email = "EMAIL",
        /// Phone calls.
        Phone = "PHONE",
        /// Text messages.
        Sms = "SMS",
        /// Letters and printed mail.
        Post = "POST",
    }
}

api_enum! {
    /// A contact's answer to being contacted through a channel for marketing.
    #[sea_orm(rs_type = "String", db_type = "String(StringLen::N(16))")]
    pub enum ConsentStatus {
        /// Never asked: treat as not given.
        Unknown = "UNKNOWN",
        /// Given.
        Granted = "GRANTED",
        /// Refused or withdrawn.
        Withdrawn = "WITHDRAWN",
    }
}

api_enum! {
    /// How a consent answer was collected (the proof a regulator asks for).
    pub enum ConsentSource {
        /// A form on the company's website.
        WebForm = "WEB_FORM",
        /// The customer's own self-service portal.
        SelfService = "SELF_SERVICE",
        /// Said on a recorded phone call.
        PhoneCall = "PHONE_CALL",
        /// Replied by email.
        Email = "EMAIL",
        /// A signed paper form.
        PaperForm = "PAPER_FORM",
        /// Given in person, e.g. in a store.
        InPerson = "IN_PERSON",
        /// Imported from another system.
        Import = "IMPORT",
        /// Collected by a partner organisation.
        Partner = "PARTNER",
    }
}

api_enum! {
    /// Sortable customer fields.
    pub enum CustomerOrderField {
        /// Name, case-insensitively.
        Name = "NAME",
        /// Creation time.
        CreatedAt = "CREATED_AT",
        /// Last change time.
        UpdatedAt = "UPDATED_AT",
    }
}
