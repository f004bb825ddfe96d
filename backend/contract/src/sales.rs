//! The sales modules: catalog, pipeline, leads, quotes, orders and the ERP deliveries
//! (`crm_sales::{catalog, pipeline, leads, quotes, orders, erp}` on the server).

#[cfg(feature = "server")]
use sea_orm::sea_query::StringLen;

// Catalog (`crm_sales::catalog::{domain, inputs}`).

api_enum! {
    /// What one unit of a product is, as quotes count it.
    #[sea_orm(rs_type = "String", db_type = "String(StringLen::N(16))")]
    pub enum ProductUnit {
        /// A physical item.
        Piece = "PIECE",
        /// A user licence (seat).
        Seat = "SEAT",
        /// An hour of work.
        Hour = "HOUR",
        /// A day of work.
        Day = "DAY",
        /// A month of a subscription.
        Month = "MONTH",
        /// A year of a subscription.
        Year = "YEAR",
    }
}

api_enum! {
    /// Fields the products list sorts by.
    pub enum ProductOrderField {
        /// Name.
        Name = "NAME",
        /// SKU.
        Sku = "SKU",
        /// Family, then tier.
        Family = "FAMILY",
        /// Creation time.
        CreatedAt = "CREATED_AT",
    }
}

// Pipeline (`crm_sales::pipeline::{domain, inputs}`).

api_enum! {
    /// A stage of the sales pipeline, in board order.
    #[sea_orm(rs_type = "String", db_type = "String(StringLen::N(16))")]
    pub enum OpportunityStage {
        /// A possible need was spotted.
        Prospecting = "PROSPECTING",
        /// Need, budget and decision maker are being confirmed.
        Qualification = "QUALIFICATION",
        /// An offer is being prepared or was sent.
        Proposal = "PROPOSAL",
        /// Terms and price are being negotiated.
        Negotiation = "NEGOTIATION",
        /// Won: the customer bought.
        ClosedWon = "CLOSED_WON",
        /// Lost: the customer did not buy (a lost reason says why).
        ClosedLost = "CLOSED_LOST",
    }
}

api_enum! {
    /// Where a lead or opportunity came from: the source dimension of conversion metrics.
    #[sea_orm(rs_type = "String", db_type = "String(StringLen::N(16))")]
    pub enum LeadSource {
        /// The company's website form.
        WebForm = "WEB_FORM",
        /// A file import.
        Import = "IMPORT",
        /// A marketing campaign.
        Campaign = "CAMPAIGN",
        /// A partner organisation.
        Partner = "PARTNER",
        /// A referral by a customer or acquaintance.
        Referral = "REFERRAL",
        /// Entered by hand by staff.
        Manual = "MANUAL",
    }
}

api_enum! {
    /// Review state of a partner's deal registration.
    #[sea_orm(rs_type = "String", db_type = "String(StringLen::N(16))")]
    pub enum Registration {
        /// Registered by the partner, waiting for a manager.
        Pending = "PENDING",
        /// Approved: the deal is the partner's and moves through the pipeline.
        Approved = "APPROVED",
        /// Rejected (a note says why); it stays out of the pipeline.
        Rejected = "REJECTED",
    }
}

api_enum! {
    /// What an entry of an opportunity's stage history records.
    #[sea_orm(rs_type = "String", db_type = "String(StringLen::N(24))")]
    pub enum StageEvent {
        /// The opportunity was created, in its first stage.
        Created = "CREATED",
        /// It moved from one stage to another.
        Moved = "MOVED",
        /// A partner's deal registration was approved: the deal entered the pipeline, in the
        /// stage it was in.
        RegistrationApproved = "REGISTRATION_APPROVED",
    }
}

api_enum! {
    /// Fields the opportunities list sorts by.
    pub enum OpportunityOrderField {
        /// Name.
        Name = "NAME",
        /// Expected close date.
        ExpectedCloseDate = "EXPECTED_CLOSE_DATE",
        /// Amount (compare within one currency).
        Amount = "AMOUNT",
        /// Creation time.
        CreatedAt = "CREATED_AT",
        /// Last change.
        UpdatedAt = "UPDATED_AT",
    }
}

// Leads (`crm_sales::leads::{domain, inputs}`).

api_enum! {
    /// Where a lead is in qualification.
    #[sea_orm(rs_type = "String", db_type = "String(StringLen::N(16))")]
    pub enum LeadStatus {
        /// Arrived, nobody has worked it yet.
        New = "NEW",
        /// Someone is in touch with the prospect.
        Working = "WORKING",
        /// A real opportunity: ready to convert (converted leads stay QUALIFIED, with `convertedAt`).
        Qualified = "QUALIFIED",
        /// Not a prospect (a reason says why).
        Disqualified = "DISQUALIFIED",
    }
}

api_enum! {
    /// Whom an assignment rule hands its leads to.
    #[sea_orm(rs_type = "String", db_type = "String(StringLen::N(16))")]
    pub enum AssignmentTarget {
        /// The active members of a sales team in turn (round robin).
        Team = "TEAM",
        /// One salesperson (a territory owner).
        User = "USER",
        /// A partner organisation.
        Partner = "PARTNER",
    }
}

api_enum! {
    /// Fields the leads list sorts by.
    pub enum LeadOrderField {
        /// Arrival time.
        CreatedAt = "CREATED_AT",
        /// Name (last, first).
        Name = "NAME",
    }
}

// Quotes (`crm_sales::quotes::domain`).

api_enum! {
    /// Where a quote is in its life.
    #[sea_orm(rs_type = "String", db_type = "String(StringLen::N(16))")]
    pub enum QuoteStatus {
        /// Being prepared; lines and terms can change. Customers do not see drafts.
        Draft = "DRAFT",
        /// Sent by a seller whose discount limit a line exceeds: waits for a sales manager,
        /// who sends it on or returns it to draft. Customers do not see it yet.
        PendingApproval = "PENDING_APPROVAL",
        /// Sent to the customer; it no longer changes (a revision makes a new version).
        Sent = "SENT",
        /// Accepted by the customer; the order was placed.
        Accepted = "ACCEPTED",
        /// Declined by the customer.
        Rejected = "REJECTED",
        /// Sent but not answered before its validity date.
        Expired = "EXPIRED",
        /// Replaced by a newer revision.
        Superseded = "SUPERSEDED",
    }
}

api_enum! {
    /// Who gives a discount, for the largest one they may give without a sales manager's
    /// approval (admins have no limit).
    #[sea_orm(rs_type = "String", db_type = "String(StringLen::N(16))")]
    pub enum Seller {
        /// A staff sales rep (and an API key that writes sales).
        SalesRep = "SALES_REP",
        /// A sales manager.
        SalesManager = "SALES_MANAGER",
        /// A partner organisation's user.
        Partner = "PARTNER",
    }
}

api_enum! {
    /// A contact's part in a deal's decision.
    #[sea_orm(rs_type = "String", db_type = "String(StringLen::N(16))")]
    pub enum ContactRole {
        /// Decides whether the customer buys.
        DecisionMaker = "DECISION_MAKER",
        /// Weighs on the decision (an adviser, a technical evaluator).
        Influencer = "INFLUENCER",
        /// Will use what is bought.
        User = "USER",
    }
}

// Orders (`crm_sales::orders::domain`).

api_enum! {
    /// Where an order is: PLACED → SENT_TO_ERP → CONFIRMED → FULFILLED → INVOICED → PAID, or
    /// CREDIT_HOLD before PLACED, or CANCELLED.
    #[sea_orm(rs_type = "String", db_type = "String(StringLen::N(16))")]
    pub enum OrderStatus {
        /// Would exceed the customer's credit limit: waits for a manager's release.
        CreditHold = "CREDIT_HOLD",
        /// Accepted; queued for the ERP.
        Placed = "PLACED",
        /// Delivered to the ERP.
        SentToErp = "SENT_TO_ERP",
        /// Confirmed by the ERP.
        Confirmed = "CONFIRMED",
        /// Shipped or delivered.
        Fulfilled = "FULFILLED",
        /// Invoiced, not yet paid.
        Invoiced = "INVOICED",
        /// Paid.
        Paid = "PAID",
        /// Cancelled (by a manager while on hold, or by the ERP).
        Cancelled = "CANCELLED",
    }
}

// ERP deliveries (`crm_sales::erp::deliveries`).

api_enum! {
    /// State of an event's delivery.
    pub enum DeliveryState {
        /// Waiting for its next attempt.
        Pending = "PENDING",
        /// The ERP accepted it.
        Delivered = "DELIVERED",
        /// The attempts ran out; an admin may replay it.
        Failed = "FAILED",
    }
}
