//! Scalars and enums of `schema.graphql`, shared by every operation.
//!
//! graphql_client generates a separate copy of each enum per operation unless the enum is
//! declared `extern_enums`; sharing them here lets one translation table and one set of
//! helpers serve every screen. A variant added to the schema breaks deserialisation of the
//! answers that carry it, which the e2e tests would catch on the next schema change.

use serde::{Deserialize, Serialize};

/// RFC 3339 timestamp as the API sends it; parsed only for display.
pub type DateTime = String;
/// Exact decimal as a string; never converted to floating point in the app.
pub type Decimal = String;
/// Calendar date `YYYY-MM-DD`.
pub type NaiveDate = String;
/// Arbitrary JSON (the before/after values of audit entries).
#[allow(clippy::upper_case_acronyms)]
pub type JSON = serde_json::Value;

macro_rules! api_enum {
    ($(#[$meta:meta])* $name:ident { $first:ident = $first_api:literal $(, $variant:ident = $api:literal)* $(,)? }) => {
        $(#[$meta])*
        ///
        /// The first value is the `Default`, which the generated input types need to derive
        /// theirs; forms always set it explicitly.
        #[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
        pub enum $name {
            #[default]
            #[serde(rename = $first_api)]
            $first,
            $(#[serde(rename = $api)] $variant),*
        }

        impl $name {
            /// Every value, in schema order (for selects and filters).
            pub const ALL: &'static [$name] = &[$name::$first $(, $name::$variant)*];

            /// The value as the API spells it (for URLs and form values).
            pub fn as_api(self) -> &'static str {
                match self { $name::$first => $first_api $(, $name::$variant => $api)* }
            }

            /// Parses the API spelling.
            pub fn from_api(value: &str) -> Option<Self> {
                Self::ALL.iter().copied().find(|v| v.as_api() == value)
            }
        }
    };
}

api_enum!(
    /// Stage of the relationship.
    Lifecycle { Prospect = "PROSPECT", Customer = "CUSTOMER", Former = "FORMER" }
);
api_enum!(
    /// Person or company.
    CustomerKind { Person = "PERSON", Company = "COMPANY" }
);
api_enum!(
    /// A channel a contact can be reached through.
    Channel { Email = "EMAIL", Phone = "PHONE", Sms = "SMS", Post = "POST" }
);
api_enum!(
    /// A contact's marketing consent on one channel.
    ConsentStatus { Unknown = "UNKNOWN", Granted = "GRANTED", Withdrawn = "WITHDRAWN" }
);
api_enum!(
    /// How a consent answer was collected.
    ConsentSource { WebForm = "WEB_FORM", SelfService = "SELF_SERVICE", PhoneCall = "PHONE_CALL", Email = "EMAIL", PaperForm = "PAPER_FORM", InPerson = "IN_PERSON", Import = "IMPORT", Partner = "PARTNER" }
);
api_enum!(
    /// Role of a staff user.
    StaffRole { Admin = "ADMIN", SalesManager = "SALES_MANAGER", SalesRep = "SALES_REP", Marketer = "MARKETER", ServiceAgent = "SERVICE_AGENT", Analyst = "ANALYST" }
);
api_enum!(
    /// Kind of user account.
    UserKind { Staff = "STAFF", Partner = "PARTNER", Customer = "CUSTOMER" }
);
api_enum!(
    /// Kind of caller.
    PrincipalKind { Staff = "STAFF", Partner = "PARTNER", Customer = "CUSTOMER", Integration = "INTEGRATION", System = "SYSTEM" }
);
api_enum!(
    /// Reseller or distributor.
    PartnerKind { Reseller = "RESELLER", Distributor = "DISTRIBUTOR" }
);
api_enum!(
    /// Permission of an API key.
    ApiScope { CustomersRead = "CUSTOMERS_READ", CustomersWrite = "CUSTOMERS_WRITE", SalesRead = "SALES_READ", SalesWrite = "SALES_WRITE", OrdersStatus = "ORDERS_STATUS" }
);
api_enum!(
    /// What happened to an audited record.
    AuditAction { Create = "CREATE", Update = "UPDATE", Archive = "ARCHIVE", Restore = "RESTORE", Revoke = "REVOKE" }
);
api_enum!(
    /// Kind of audited record.
    EntityType {
        Customer = "CUSTOMER",
        Contact = "CONTACT",
        User = "USER",
        PartnerOrganization = "PARTNER_ORGANIZATION",
        ApiKey = "API_KEY",
        SalesTeam = "SALES_TEAM",
        Product = "PRODUCT",
        PriceBook = "PRICE_BOOK",
        PipelineStage = "PIPELINE_STAGE",
        Opportunity = "OPPORTUNITY",
        Lead = "LEAD",
        AssignmentRule = "ASSIGNMENT_RULE",
        Quote = "QUOTE",
        Order = "ORDER",
    }
);
api_enum!(
    /// Sortable customer fields.
    CustomerOrderField { Name = "NAME", CreatedAt = "CREATED_AT", UpdatedAt = "UPDATED_AT" }
);
api_enum!(
    /// A stage of the sales pipeline, in board order.
    OpportunityStage {
        Prospecting = "PROSPECTING",
        Qualification = "QUALIFICATION",
        Proposal = "PROPOSAL",
        Negotiation = "NEGOTIATION",
        ClosedWon = "CLOSED_WON",
        ClosedLost = "CLOSED_LOST",
    }
);
api_enum!(
    /// Where a lead or opportunity came from.
    LeadSource { WebForm = "WEB_FORM", Import = "IMPORT", Campaign = "CAMPAIGN", Partner = "PARTNER", Referral = "REFERRAL", Manual = "MANUAL" }
);
api_enum!(
    /// Where a lead is in qualification.
    LeadStatus { New = "NEW", Working = "WORKING", Qualified = "QUALIFIED", Disqualified = "DISQUALIFIED" }
);
api_enum!(
    /// Whom an assignment rule hands leads to.
    AssignmentTarget { Team = "TEAM", User = "USER", Partner = "PARTNER" }
);
api_enum!(
    /// Sortable lead fields.
    LeadOrderField { CreatedAt = "CREATED_AT", Name = "NAME" }
);
api_enum!(
    /// Review state of a partner's deal registration.
    Registration { Pending = "PENDING", Approved = "APPROVED", Rejected = "REJECTED" }
);
api_enum!(
    /// What one unit of a product is.
    ProductUnit { Piece = "PIECE", Seat = "SEAT", Hour = "HOUR", Day = "DAY", Month = "MONTH", Year = "YEAR" }
);
api_enum!(
    /// Sortable opportunity fields.
    OpportunityOrderField { Name = "NAME", ExpectedCloseDate = "EXPECTED_CLOSE_DATE", Amount = "AMOUNT", CreatedAt = "CREATED_AT", UpdatedAt = "UPDATED_AT" }
);
api_enum!(
    /// Sortable product fields.
    ProductOrderField { Name = "NAME", Sku = "SKU", Family = "FAMILY", CreatedAt = "CREATED_AT" }
);
api_enum!(
    /// Where a quote is in its life.
    QuoteStatus { Draft = "DRAFT", Sent = "SENT", Accepted = "ACCEPTED", Rejected = "REJECTED", Expired = "EXPIRED", Superseded = "SUPERSEDED" }
);
api_enum!(
    /// Where an order is.
    OrderStatus {
        CreditHold = "CREDIT_HOLD",
        Placed = "PLACED",
        SentToErp = "SENT_TO_ERP",
        Confirmed = "CONFIRMED",
        Fulfilled = "FULFILLED",
        Invoiced = "INVOICED",
        Paid = "PAID",
        Cancelled = "CANCELLED",
    }
);
api_enum!(
    /// State of an ERP delivery.
    DeliveryState { Pending = "PENDING", Delivered = "DELIVERED", Failed = "FAILED" }
);
api_enum!(
    /// Sort direction.
    OrderDirection { Asc = "ASC", Desc = "DESC" }
);

impl ApiScope {
    /// The scope as the README and the key list name it (`customers:read`).
    pub fn label(self) -> &'static str {
        match self {
            ApiScope::CustomersRead => "customers:read",
            ApiScope::CustomersWrite => "customers:write",
            ApiScope::SalesRead => "sales:read",
            ApiScope::SalesWrite => "sales:write",
            ApiScope::OrdersStatus => "orders:status",
        }
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn enums_round_trip_through_the_api_spelling() {
        assert_eq!(StaffRole::SalesRep.as_api(), "SALES_REP");
        assert_eq!(StaffRole::from_api("SALES_MANAGER"), Some(StaffRole::SalesManager));
        assert_eq!(serde_json::to_string(&ConsentSource::SelfService).unwrap(), "\"SELF_SERVICE\"");
        for role in StaffRole::ALL {
            let json = serde_json::to_string(role).unwrap();
            assert_eq!(json.trim_matches('"'), role.as_api());
        }
        assert_eq!(Lifecycle::from_api("nope"), None);
    }
}
