//! The audit log's vocabulary (`crm_core::audit` on the server, which stores these values as
//! their API spelling).

api_enum! {
    /// What happened to a record.
    pub enum AuditAction {
        /// The record was created.
        Create = "CREATE",
        /// Fields of the record changed.
        Update = "UPDATE",
        /// The record was archived (soft-deleted).
        Archive = "ARCHIVE",
        /// An archived record was restored.
        Restore = "RESTORE",
        /// A credential was revoked.
        Revoke = "REVOKE",
        /// The record was deleted (an exchange rate entered by mistake).
        Delete = "DELETE",
    }
}

api_enum! {
    /// Kinds of audited records.
    pub enum EntityType {
        /// A customer (person or company).
        Customer = "CUSTOMER",
        /// A contact person of a customer.
        Contact = "CONTACT",
        /// A user account.
        User = "USER",
        /// A partner organisation.
        PartnerOrganization = "PARTNER_ORGANIZATION",
        /// An integration's API key.
        ApiKey = "API_KEY",
        /// A sales team.
        SalesTeam = "SALES_TEAM",
        /// A product of the catalog.
        Product = "PRODUCT",
        /// A price book.
        PriceBook = "PRICE_BOOK",
        /// A stage of the sales pipeline (its probability).
        PipelineStage = "PIPELINE_STAGE",
        /// A sales opportunity.
        Opportunity = "OPPORTUNITY",
        /// A lead.
        Lead = "LEAD",
        /// A lead assignment rule.
        AssignmentRule = "ASSIGNMENT_RULE",
        /// A quote.
        Quote = "QUOTE",
        /// An order.
        Order = "ORDER",
        /// A saved view of a list.
        SavedView = "SAVED_VIEW",
        /// A note on a customer, contact, lead, opportunity or order.
        Note = "NOTE",
        /// The discount limit of one kind of seller.
        DiscountLimit = "DISCOUNT_LIMIT",
        /// The company's profile (legal name, address, logo, corporate currency).
        CompanyProfile = "COMPANY_PROFILE",
        /// An exchange rate into the corporate currency.
        ExchangeRate = "EXCHANGE_RATE",
        /// A working-hours calendar of the service queues.
        ServiceCalendar = "SERVICE_CALENDAR",
        /// A service queue.
        ServiceQueue = "SERVICE_QUEUE",
        /// An SLA policy.
        SlaPolicy = "SLA_POLICY",
        /// A customer's ticket.
        Ticket = "TICKET",
        /// A macro of the service desk.
        TicketMacro = "TICKET_MACRO",
        /// An agent's routing profile: capacity and skills.
        ServiceAgent = "SERVICE_AGENT",
        /// A knowledge base article.
        KnowledgeArticle = "KNOWLEDGE_ARTICLE",
        /// A category of the knowledge base.
        KnowledgeCategory = "KNOWLEDGE_CATEGORY",
        /// A phone call with a customer (or an unknown caller).
        Call = "CALL",
        /// A call script (its draft and its published versions).
        CallScript = "CALL_SCRIPT",
        /// An NPS survey addressed to a list of customers.
        NpsSurvey = "NPS_SURVEY",
        /// A task (a to-do of a staff or partner user).
        Task = "TASK",
        /// A bulk import job (one entry per job: its counts and the file's checksum).
        ImportJob = "IMPORT_JOB",
    }
}
