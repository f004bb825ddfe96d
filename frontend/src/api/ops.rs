//! Every GraphQL operation of the app, typed from `graphql/*.graphql` against
//! `../schema.graphql` at compile time: a schema change that breaks a screen breaks the build.

#![allow(clippy::upper_case_acronyms)]

use graphql_client::GraphQLQuery;

pub use super::types::*;

/// Declares operations of one `.graphql` file, sharing the enums of [`super::types`] (the
/// server's own types, from `crm-contract`): every enum of the schema the operations use must
/// be listed in `extern_enums`.
macro_rules! operations {
    ($file:literal: $($name:ident),+ $(,)?) => {
        operations!(@derive "Clone, Default", $file: $($name),+);
    };
    // Operations whose variables are also read from JSON (another operation's, serialised).
    ($file:literal, deserialized: $($name:ident),+ $(,)?) => {
        operations!(@derive "Clone, Default, Deserialize", $file: $($name),+);
    };
    (@derive $derives:literal, $file:literal: $($name:ident),+) => {
        $(
            #[derive(GraphQLQuery)]
            #[graphql(
                schema_path = "../schema.graphql",
                query_path = $file,
                response_derives = "Clone",
                variables_derives = $derives,
                extern_enums(
                    "Lifecycle", "CustomerKind", "Channel", "ConsentStatus", "ConsentSource", "StaffRole", "UserKind",
                    "PrincipalKind", "PartnerKind", "ApiScope", "AuditAction", "EntityType", "CustomerOrderField",
                    "OrderDirection", "OpportunityStage", "LeadSource", "Registration", "StageEvent", "ProductUnit", "OpportunityOrderField",
                    "ProductOrderField", "LeadStatus", "AssignmentTarget", "LeadOrderField",
                    "QuoteStatus", "OrderStatus", "DeliveryState", "ViewList", "NoteSubject", "Seller", "ContactRole",
                    "TicketStatus", "TicketPriority", "TicketMessageKind", "SlaTarget", "SlaEventKind", "InteractionChannel", "TicketOrderField", "SurveyChannel", "SatisfactionGroup", "AgentPresence", "QueueRouting", "NotificationKind",
                    "CallStatus", "CallDirection", "CallOutcome", "CallbackStatus",
                    "ArticleLocale", "ArticleStatus", "ArticleVisibility", "ArticleOpenSource",
                    "ScriptNodeKind", "ScriptEnding", "ScriptChannel", "ScriptRunStatus", "ScriptProblemCode",
                    "TaskSubject", "TaskStatus", "TaskPriority", "TaskOrigin",
                    "InteractionDirection", "InteractionKind", "EmailDirection", "EmailKind", "EmailStatus", "ChatStatus", "ChatEnding", "SmsStatus",
                    "ImportKind", "ImportStatus", "ImportOutcome", "ImportMatch", "ImportField"
                )
            )]
            pub struct $name;
        )+
    };
}

operations!("graphql/session.graphql": SignIn, RefreshSession, SignOut, CurrentViewer);
operations!("graphql/imports.graphql": ImportFilePreview, StartImport, CancelImport, ImportJobView, ImportJobList);
operations!(
    "graphql/customers.graphql": CustomerList,
    CustomerDetail,
    CustomerHistory,
    CreateCustomer,
    UpdateCustomer,
    ArchiveCustomer,
    RestoreCustomer,
    CreateContact,
    UpdateContact,
    UpdateContactConsent,
    ArchiveContact,
    RestoreContact,
    ArchivedContacts,
    AssignmentOptions,
    BulkUpdateCustomers,
);
// The export page sends the customer list's own filter (the list's operation, serialised).
operations!("graphql/customers.graphql", deserialized: CustomerExport);
operations!(
    "graphql/admin.graphql": UserList,
    CreateUser,
    UpdateUser,
    PartnerList,
    CreatePartner,
    UpdatePartner,
    ArchivePartner,
    RestorePartner,
    ApiKeyList,
    CreateApiKey,
    RevokeApiKey,
    DiscountLimits,
    SetDiscountLimit,
);
operations!(
    "graphql/catalog.graphql": ProductList,
    ProductFamilies,
    ProductDetail,
    CatalogProductSearch,
    CreateProduct,
    UpdateProduct,
    PriceBookList,
    PriceBookDetail,
    CreatePriceBook,
    UpdatePriceBook,
    SetListPrices,
    RemoveListPrices,
    SalesTeamList,
    CreateSalesTeam,
    UpdateSalesTeam,
    ArchiveSalesTeam,
    RestoreSalesTeam,
    StageSettings,
    UpdateStageProbability,
);
operations!("graphql/pipeline_board.graphql": PipelineBoard);
operations!(
    "graphql/pipeline.graphql": OpportunityList,
    OpportunityDetail,
    SetOpportunityContact,
    CustomerContactNames,
    ProductChoices,
    CreateOpportunity,
    UpdateOpportunity,
    MoveOpportunity,
    ArchiveOpportunity,
    RestoreOpportunity,
    ReviewDealRegistration,
    OpportunityQuoteTotals,
);
operations!(
    "graphql/leads.graphql": LeadList,
    LeadDetail,
    CreateLead,
    UpdateLead,
    ArchiveLead,
    RestoreLead,
    AssignLeads,
    ApplyAssignmentRules,
    ConvertLead,
    RoutingOptions,
    AssignmentRuleList,
    CreateAssignmentRule,
    UpdateAssignmentRule,
);
operations!("graphql/metrics.graphql": SalesMetricsReport);
operations!(
    "graphql/company.graphql": CompanySettings,
    UpdateCompanyProfile,
    SetCompanyLogo,
    ExchangeRateList,
    SetExchangeRate,
    DeleteExchangeRate,
    ImportExchangeRates,
);
operations!(
    "graphql/orders.graphql": OrderList,
    OrderDetail,
    OrderPriceBooks,
    OrderCustomerCredit,
    OrderProductChoices,
    CreateOrder,
    ReleaseCreditHold,
    CancelOrder,
    ReportOrderStatus,
    ErpDeliveryList,
    DeliveryOrders,
    ReplayErpDelivery,
    ErpHealth,
);
operations!(
    "graphql/quotes.graphql": QuoteList,
    QuoteDetail,
    QuoteOpportunity,
    QuotePriceBooks,
    QuoteBookEntries,
    QuoteProductPrices,
    CreateQuote,
    UpdateQuote,
    SendQuote,
    ApproveQuoteDiscount,
    ReturnQuoteForDiscount,
    AcceptQuote,
    RejectQuote,
    ReviseQuote,
    CustomerOrderList,
    CustomerCreditExposure,
);
operations!("graphql/views.graphql": SavedViews, SaveView, DeleteSavedView);
operations!("graphql/notes.graphql": NoteList, AddNote, UpdateNote, ArchiveNote);
operations!("graphql/home.graphql": HomeDeals, HomeLeads, HomeTeamPipeline, HomeCreditHolds, HomeRegistrations, HomeDiscountApprovals, HomeTasks);
operations!(
    "graphql/service.graphql": TicketList,
    TicketDetail,
    AddTicketMessage,
    SetTicketStatus,
    SendEmailAgain,
    OpenTicket,
    RateTicket,
    Satisfaction,
    TicketMacros,
    ApplyTicketMacro,
    TicketByNumber,
    MergeTicket,
    SetTicketParent,
    DeskConsole,
    TicketCounts,
    MarkNotificationsRead,
    MyNotifications,
    TagTicket,
    NpsSurveys,
    CreateNpsSurvey,
    MyNpsSurveys,
    AnswerNpsSurvey,
);
operations!("graphql/calls.graphql": MyCalls, CallPop, ContactCenter, CallerContacts, LinkCall, WrapUpCall, CompleteCallback, OpenCallTicket);
operations!(
    "graphql/scripts.graphql": RunnableScripts,
    InteractionRuns,
    StartScriptRun,
    AnswerScriptRun,
    AbandonScriptRun,
    ScriptList,
    ScriptEditor,
    ScriptChoices,
    CreateCallScript,
    UpdateCallScript,
    PublishCallScript,
);
operations!("graphql/routing.graphql": ServiceDesk, MyServiceAgent, SetMyPresence, UpdateServiceAgent, UpdateQueueRouting, ReassignTickets);
operations!(
    "graphql/knowledge.graphql": KnowledgeSearch,
    KnowledgeSuggestions,
    KnowledgeArticleList,
    KnowledgeCategories,
    KnowledgeArticleDetail,
    CreateKnowledgeArticle,
    UpdateKnowledgeArticle,
    PublishKnowledgeArticle,
    ArchiveKnowledgeArticle,
    VoteKnowledgeArticle,
    RecordArticleOpened,
    DraftArticleFromTicket,
);
operations!("graphql/tasks.graphql": TaskList, AddTask, UpdateTask, SetTaskStatus, MyTaskReminders);
operations!("graphql/timeline.graphql": CustomerTimeline, LogInteraction, TimelineLive);
operations!("graphql/live.graphql": LivePosition, TicketChanged, LiveChatsChanged);
operations!("graphql/chat.graphql": StartChat, ChatTyping, MarkChatRead, EndChat, LiveChats);
