//! Call scripts: decision trees that an agent follows in a call or a ticket and that the
//! self-service chatbot runs for customers (`crm_scripts` on the server).

#[cfg(feature = "server")]
use sea_orm::sea_query::StringLen;

api_enum! {
    /// What a node of a script does.
    pub enum ScriptNodeKind {
        /// Asks something; each answer leads to its next node (at least two answers).
        Question = "QUESTION",
        /// Says or instructs something, then goes on to one next node.
        Statement = "STATEMENT",
        /// Ends the script with an outcome.
        End = "END",
    }
}

api_enum! {
    /// How a script ends at an END node.
    #[sea_orm(rs_type = "String", db_type = "String(StringLen::N(16))")]
    pub enum ScriptEnding {
        /// The problem is solved; the node's text says how.
        Resolution = "RESOLUTION",
        /// A knowledge article answers it.
        Article = "ARTICLE",
        /// A product is offered (the next tier, a newer model).
        Offer = "OFFER",
        /// A person takes over: a ticket carries the path so far.
        HandOff = "HAND_OFF",
    }
}

api_enum! {
    /// Who runs a script.
    #[sea_orm(rs_type = "String", db_type = "String(StringLen::N(8))")]
    pub enum ScriptChannel {
        /// An agent, in a call or a ticket.
        Agent = "AGENT",
        /// The self-service chatbot, with a customer.
        Bot = "BOT",
    }
}

api_enum! {
    /// Where a run of a script is.
    #[sea_orm(rs_type = "String", db_type = "String(StringLen::N(16))")]
    pub enum ScriptRunStatus {
        /// Under way, at its current node.
        Active = "ACTIVE",
        /// Ended with a resolution, an article or an offer.
        Resolved = "RESOLVED",
        /// Ended handing over to a person.
        HandedOff = "HANDED_OFF",
        /// Left before an end.
        Abandoned = "ABANDONED",
    }
}

api_enum! {
    /// Why a script's tree cannot be published.
    pub enum ScriptProblemCode {
        /// The tree has no nodes, or more than the limit.
        NodeCount = "NODE_COUNT",
        /// A node key is empty, too long, or has characters other than letters, digits, `-`
        /// and `_`.
        BadKey = "BAD_KEY",
        /// Two nodes share a key.
        DuplicateKey = "DUPLICATE_KEY",
        /// The start names no node.
        NoStart = "NO_START",
        /// A node's text, or an answer's label, is missing or too long.
        BadText = "BAD_TEXT",
        /// A question has fewer than two answers (or too many), a statement not exactly one,
        /// or an end has answers.
        AnswerCount = "ANSWER_COUNT",
        /// An answer leads to a node that does not exist.
        UnknownTarget = "UNKNOWN_TARGET",
        /// An end node lacks its ending, or the article, product or queue it needs.
        MissingEnding = "MISSING_ENDING",
        /// An end node names an article, product or queue that does not exist or cannot be
        /// used (an article not published, or not PUBLIC in a self-service script).
        BadReference = "BAD_REFERENCE",
        /// No path from the start reaches the node.
        Orphan = "ORPHAN",
        /// A path comes back to a node without an answer marked as a loop.
        Cycle = "CYCLE",
        /// From the node no path reaches an end without going round a loop.
        NeverEnds = "NEVER_ENDS",
    }
}
