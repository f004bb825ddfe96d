//! Who is calling: account kinds, staff roles, API key scopes (`crm_core::principal` on the
//! server).

#[cfg(feature = "server")]
use sea_orm::sea_query::StringLen;
use std::fmt;

api_enum! {
    /// What kind of person or system an account is.
    #[sea_orm(rs_type = "String", db_type = "String(StringLen::N(16))")]
    pub enum UserKind {
        /// An employee of the company running the CRM.
        Staff = "STAFF",
        /// A user of a partner organisation (reseller, distributor).
        Partner = "PARTNER",
        /// A customer's self-service portal user.
        Customer = "CUSTOMER",
    }
}

api_enum! {
    /// Role of a staff user; decides which modules and records it may use.
    #[sea_orm(rs_type = "String", db_type = "String(StringLen::N(32))")]
    pub enum StaffRole {
        /// Full access, including users, partner organisations, API keys and the audit log.
        Admin = "ADMIN",
        /// Reads and edits every customer; manages the sales team's work.
        SalesManager = "SALES_MANAGER",
        /// Reads every customer; edits the customers it owns.
        SalesRep = "SALES_REP",
        /// Reads customers for lists and campaigns.
        Marketer = "MARKETER",
        /// Reads customers to serve them in the contact center; works the service queues.
        ServiceAgent = "SERVICE_AGENT",
        /// Works every ticket and queue; sets up queues, calendars and SLA policies.
        ServiceManager = "SERVICE_MANAGER",
        /// Reads customers for reporting and analysis.
        Analyst = "ANALYST",
    }
}

api_enum! {
    /// Permission of an API key. Keys see nothing outside their scopes.
    pub enum ApiScope {
        /// `customers:read` — read customers and contacts.
        CustomersRead = "CUSTOMERS_READ",
        /// `customers:write` — create, update, archive and restore customers and contacts.
        CustomersWrite = "CUSTOMERS_WRITE",
        /// `sales:read` — read the product catalog, price books, sales teams and opportunities.
        SalesRead = "SALES_READ",
        /// `sales:write` — also change them (implies `sales:read`).
        SalesWrite = "SALES_WRITE",
        /// `orders:status` — read orders and report their status (the ERP's key).
        OrdersStatus = "ORDERS_STATUS",
        /// `service:read` — read tickets (without internal notes), queues and SLA settings.
        ServiceRead = "SERVICE_READ",
        /// `service:write` — also open tickets and add customer messages (implies `service:read`).
        ServiceWrite = "SERVICE_WRITE",
        /// `telephony:events` — report call events from the telephony (CTI) to
        /// `POST /telephony/events`; reads nothing.
        TelephonyEvents = "TELEPHONY_EVENTS",
        /// `interactions:read` — read customers' timelines (without internal entries).
        InteractionsRead = "INTERACTIONS_READ",
        /// `interactions:write` — also log interactions from another system (implies
        /// `interactions:read`).
        InteractionsWrite = "INTERACTIONS_WRITE",
        /// `email:inbound` — deliver received emails to `POST /email/inbound` (a mail
        /// provider's inbound route); reads nothing.
        EmailInbound = "EMAIL_INBOUND",
        /// `sms:events` — deliver received texts to `POST /sms/inbound` and the gateway's
        /// delivery reports to `POST /sms/status`; reads nothing.
        SmsEvents = "SMS_EVENTS",
        /// `import` — upload files to `POST /imports/files` and run bulk imports of the
        /// records the key's other scopes may write (customers with `customers:write`).
        Import = "IMPORT",
    }
}

impl ApiScope {
    /// The scope as the README, the command line and the key list name it (`customers:read`);
    /// also how a key's scopes are stored.
    pub fn label(self) -> &'static str {
        match self {
            Self::CustomersRead => "customers:read",
            Self::CustomersWrite => "customers:write",
            Self::SalesRead => "sales:read",
            Self::SalesWrite => "sales:write",
            Self::OrdersStatus => "orders:status",
            Self::ServiceRead => "service:read",
            Self::ServiceWrite => "service:write",
            Self::TelephonyEvents => "telephony:events",
            Self::InteractionsRead => "interactions:read",
            Self::InteractionsWrite => "interactions:write",
            Self::EmailInbound => "email:inbound",
            Self::SmsEvents => "sms:events",
            Self::Import => "import",
        }
    }

    /// Parses a [`label`](Self::label).
    pub fn from_label(label: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|scope| scope.label() == label)
    }
}

impl fmt::Display for ApiScope {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.label())
    }
}

api_enum! {
    /// The kind of caller, as the API and the audit log name it.
    pub enum PrincipalKind {
        /// An employee signed in with a password.
        Staff = "STAFF",
        /// A user of a partner organisation.
        Partner = "PARTNER",
        /// A customer's self-service user.
        Customer = "CUSTOMER",
        /// An integration calling with an API key.
        Integration = "INTEGRATION",
        /// The server's own command line (seeding, admin chores).
        System = "SYSTEM",
    }
}
