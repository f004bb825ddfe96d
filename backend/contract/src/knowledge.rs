//! The knowledge base: articles, their visibility and their life (`crm_knowledge` on the
//! server).

#[cfg(feature = "server")]
use sea_orm::sea_query::StringLen;

api_enum! {
    /// Who reads a published article.
    #[sea_orm(rs_type = "String", db_type = "String(StringLen::N(16))")]
    pub enum ArticleVisibility {
        /// Everyone who reads the knowledge base: customers in self-service, partners, staff.
        Public = "PUBLIC",
        /// Partners' users and staff.
        Partners = "PARTNERS",
        /// The company's staff only.
        Internal = "INTERNAL",
    }
}

api_enum! {
    /// Where an article is in its life.
    #[sea_orm(rs_type = "String", db_type = "String(StringLen::N(16))")]
    pub enum ArticleStatus {
        /// Being written; never published, read only by the service desk.
        Draft = "DRAFT",
        /// Its published version is read by those its visibility names; its working copy may
        /// hold changes not yet published.
        Published = "PUBLISHED",
        /// Withdrawn: out of search and of readers' reach; the desk still reads it.
        Archived = "ARCHIVED",
    }
}

api_enum! {
    /// The language an article is written in; an article may have one variant per language.
    #[sea_orm(rs_type = "String", db_type = "String(StringLen::N(8))")]
    pub enum ArticleLocale {
        /// English.
        En = "EN",
        /// Italian.
        It = "IT",
    }
}

api_enum! {
    /// Where a reader came to an article from, for the knowledge base's deflection figures.
    #[sea_orm(rs_type = "String", db_type = "String(StringLen::N(24))")]
    pub enum ArticleOpenSource {
        /// A suggestion shown while writing a new ticket.
        TicketSuggestion = "TICKET_SUGGESTION",
        /// A search of the knowledge base.
        Search = "SEARCH",
    }
}
