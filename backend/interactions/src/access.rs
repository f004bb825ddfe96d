//! Who reads and logs which interactions. Whoever reads a customer reads its timeline, within
//! two limits: customers, partner users and API keys never see internal entries (the company's
//! own notes of a call or a meeting), and an entry that belongs to a ticket, opportunity, quote
//! or order is shown only to a caller who reads that record too (another team's deal keeps its
//! quotes out of a rep's timeline). API keys read with `interactions:read`.
//!
//! Staff (but analysts, who only read), partner users (for their organisation's customers) and
//! API keys with `interactions:write` log calls, meetings, visits and messages; the modules
//! record the rest in their own transactions ([`RecordedByTheCrm`]).

use crate::entity::interaction;
use crm_core::error::{AppError, AppResult};
use crm_core::principal::{ApiScope, Principal, StaffRole};
use crm_core::versioned::CreateRight;
use crm_customers::access::CustomerScope;
use crm_customers::entity::customer;
use sea_orm::sea_query::{Condition, Query, SelectStatement, SimpleExpr};
use sea_orm::ColumnTrait;
use std::fmt::Debug;
use std::sync::Arc;
use uuid::Uuid;

/// The records an interaction may belong to, each in its own column.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Linked {
    Ticket,
    Opportunity,
    Quote,
    Order,
}

impl Linked {
    pub const ALL: [Linked; 4] = [Linked::Ticket, Linked::Opportunity, Linked::Quote, Linked::Order];

    /// The column of `interactions` holding the linked record's id.
    pub fn column(self) -> interaction::Column {
        match self {
            Self::Ticket => interaction::Column::TicketId,
            Self::Opportunity => interaction::Column::OpportunityId,
            Self::Quote => interaction::Column::QuoteId,
            Self::Order => interaction::Column::OrderId,
        }
    }

    /// The input field naming such a record.
    pub fn field(self) -> &'static str {
        match self {
            Self::Ticket => "ticketId",
            Self::Opportunity => "opportunityId",
            Self::Quote => "quoteId",
            Self::Order => "orderId",
        }
    }
}

/// How far a caller reads one kind of linked record.
#[derive(Debug, Clone)]
pub enum LinkRead {
    /// Every one.
    Every,
    /// Those for which this condition on `interactions` holds (an `EXISTS` on the record's
    /// table through the link column, so a page checks only its own rows).
    Some(SimpleExpr),
    /// None.
    Nothing,
}

/// How far a caller reaches the records interactions belong to, told by the crates that own
/// them (above this one).
pub trait LinkReach: Debug + Send + Sync {
    /// Which records of `kind` the caller reads.
    fn reads(&self, kind: Linked) -> LinkRead;
    /// One row with the column `customer_id` of the record `id` of `kind` if the caller reads
    /// it, else none (a `None` statement: it reads no such record).
    fn customer_of(&self, kind: Linked, id: Uuid) -> Option<SelectStatement>;
}

/// The interactions a caller may read.
#[derive(Debug, Clone)]
pub struct InteractionScope {
    /// The customers whose timelines it reads (none: every customer).
    customers: Option<CustomerScope>,
    internal: bool,
    links: Arc<dyn LinkReach>,
}

impl InteractionScope {
    /// The scope of `principal`; `links` is how far it reaches tickets, deals, quotes and
    /// orders.
    pub fn of(principal: &Principal, links: Arc<dyn LinkReach>) -> AppResult<Self> {
        let (customers, internal) = match principal {
            Principal::Staff { .. } | Principal::System { .. } => (None, true),
            Principal::Partner { .. } | Principal::Customer { .. } => (Some(CustomerScope::of(principal)?), false),
            Principal::Integration { .. } => {
                if !(principal.has_scope(ApiScope::InteractionsRead) || principal.has_scope(ApiScope::InteractionsWrite)) {
                    return Err(AppError::Forbidden("read interactions (the API key lacks the interactions:read scope)"));
                }
                (None, false)
            }
        };
        Ok(Self { customers, internal, links })
    }

    /// How far the caller reaches linked records.
    pub(crate) fn links(&self) -> &dyn LinkReach {
        self.links.as_ref()
    }

    /// SQL condition on `customers` selecting those whose timelines the caller reads.
    pub(crate) fn customer_condition(&self) -> Condition {
        self.customers.as_ref().map(CustomerScope::condition).unwrap_or_else(Condition::all)
    }

    /// SQL condition on `interactions` selecting the readable rows.
    pub fn condition(&self) -> Condition {
        let mut condition = Condition::all();
        if let Some(customers) = self.customers.as_ref().filter(|scope| scope.is_restricted()) {
            let ids = Query::select().column(customer::Column::Id).from(customer::Entity).cond_where(customers.condition()).to_owned();
            condition = condition.add(interaction::Column::CustomerId.in_subquery(ids));
        }
        if !self.internal {
            condition = condition.add(interaction::Column::Internal.eq(false));
        }
        for kind in Linked::ALL {
            let column = kind.column();
            condition = match self.links.reads(kind) {
                LinkRead::Every => condition,
                LinkRead::Some(reads) => condition.add(Condition::any().add(column.is_null()).add(reads)),
                LinkRead::Nothing => condition.add(column.is_null()),
            };
        }
        condition
    }
}

/// Someone who logs interactions by hand.
#[derive(Debug, Clone, Copy)]
pub struct InteractionWriter {
    /// The user logging (none for an API key).
    pub user_id: Option<Uuid>,
    /// A partner user's organisation: its entries are about its customers and never internal.
    pub partner_id: Option<Uuid>,
    /// Staff logs are the company's people's: internal unless shared.
    pub staff: bool,
}

impl CreateRight<interaction::Entity> for InteractionWriter {}

pub fn interaction_writer(principal: &Principal) -> AppResult<InteractionWriter> {
    match principal {
        Principal::Staff { role: StaffRole::Analyst, .. } => Err(AppError::Forbidden("log interactions (analysts read only)")),
        Principal::Staff { user_id, .. } => Ok(InteractionWriter { user_id: Some(*user_id), partner_id: None, staff: true }),
        Principal::Partner { user_id, partner_id, .. } => {
            Ok(InteractionWriter { user_id: Some(*user_id), partner_id: Some(*partner_id), staff: false })
        }
        Principal::Integration { .. } if principal.has_scope(ApiScope::InteractionsWrite) => {
            Ok(InteractionWriter { user_id: None, partner_id: None, staff: false })
        }
        Principal::Integration { .. } => Err(AppError::Forbidden("log interactions (the API key lacks the interactions:write scope)")),
        Principal::Customer { .. } | Principal::System { .. } => {
            Err(AppError::Forbidden("log interactions (staff, partner users and API keys)"))
        }
    }
}

/// The right of the CRM itself to record what happened in a module (a quote sent, a ticket
/// opened) in that module's transaction: made only by the modules that do.
#[derive(Debug, Clone, Copy)]
pub struct RecordedByTheCrm(());

impl RecordedByTheCrm {
    /// For a module recording its own contact with a customer (never for a caller's request).
    pub fn for_module() -> Self {
        Self(())
    }
}

impl CreateRight<interaction::Entity> for RecordedByTheCrm {}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[derive(Debug)]
    struct ReadsNoLinks;

    impl LinkReach for ReadsNoLinks {
        fn reads(&self, _: Linked) -> LinkRead {
            LinkRead::Nothing
        }
        fn customer_of(&self, _: Linked, _: Uuid) -> Option<SelectStatement> {
            None
        }
    }

    fn sql(scope: &InteractionScope) -> String {
        let query = Query::select().column(interaction::Column::Id).from(interaction::Entity).cond_where(scope.condition()).to_owned();
        query.to_string(sea_orm::sea_query::SqliteQueryBuilder)
    }

    #[test]
    fn portals_and_keys_never_read_internal_entries_nor_unreached_links() {
        let links: Arc<dyn LinkReach> = Arc::new(ReadsNoLinks);
        let customer = Principal::Customer { user_id: Uuid::from_u128(1), email: "c@example.test".into(), customer_id: Uuid::from_u128(7) };
        let portal = sql(&InteractionScope::of(&customer, links.clone()).unwrap());
        assert!(portal.contains(r#""internal" = FALSE"#), "{portal}");
        assert!(portal.contains(r#""ticket_id" IS NULL"#), "{portal}");
        assert!(portal.contains(r#""customers""#), "its own customer only: {portal}");
        let staff = Principal::Staff { user_id: Uuid::from_u128(2), email: "s@example.test".into(), role: StaffRole::SalesRep };
        let desk = sql(&InteractionScope::of(&staff, links.clone()).unwrap());
        assert!(!desk.contains("internal"), "{desk}");
        let key = Principal::Integration { key_id: Uuid::from_u128(3), name: "erp".into(), scopes: vec![ApiScope::CustomersRead] };
        assert!(InteractionScope::of(&key, links).is_err());
        assert!(interaction_writer(&key).is_err());
        assert!(interaction_writer(&customer).is_err());
        let analyst = Principal::Staff { user_id: Uuid::from_u128(4), email: "a@example.test".into(), role: StaffRole::Analyst };
        assert!(interaction_writer(&analyst).is_err());
        assert!(interaction_writer(&staff).unwrap().staff);
    }
}
