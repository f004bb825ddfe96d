//! Who reads and writes which notes. A note is read by whoever may read the record it is about
//! (a rep reads the notes on its own and its team's deals, not on another team's), and by a
//! partner user only when it is shared with the record's partner; staff (but analysts, who
//! only read) and partner users write notes on the records they read. Its author changes its
//! text; its author, a sales manager or an admin pins, shares and archives it. Customer users
//! and API keys have no notes: they are the company's working memory.

use crate::domain::NoteSubject;
use crate::entity::note;
use crm_core::audit::{EntityType, HistoryVisibility};
use crm_core::error::{AppError, AppResult};
use crm_core::principal::{Principal, StaffRole};
use crm_core::versioned::{CreateRight, WriteRight};
use crm_customers::access::CustomerScope;
use crm_customers::entity::{contact, customer};
use crm_sales::access::{LeadScope, OpportunityScope, OrderScope};
use crm_sales::leads::entity::lead;
use crm_sales::orders::entity::order;
use crm_sales::pipeline::entity::opportunity;
use sea_orm::sea_query::{Condition, Query, SelectStatement};
use sea_orm::{ColumnTrait, EntityTrait};
use uuid::Uuid;

/// The notes a caller may read: those on records its scopes reach, and for a partner user only
/// the shared ones.
#[derive(Debug, Clone)]
pub struct NoteScope {
    customers: CustomerScope,
    leads: Option<LeadScope>,
    opportunities: Option<OpportunityScope>,
    orders: Option<OrderScope>,
    partner: bool,
}

impl NoteScope {
    pub fn of(principal: &Principal) -> AppResult<Self> {
        let partner = match principal {
            Principal::Staff { .. } | Principal::System { .. } => false,
            Principal::Partner { .. } => true,
            Principal::Customer { .. } | Principal::Integration { .. } => {
                return Err(AppError::Forbidden("read notes (staff and partner users only)"))
            }
        };
        Ok(Self {
            customers: CustomerScope::of(principal)?,
            leads: LeadScope::of(principal).ok(),
            opportunities: OpportunityScope::of(principal).ok(),
            orders: OrderScope::of(principal).ok(),
            partner,
        })
    }

    /// The customer scope the notes of customers and contacts follow.
    pub fn customers(&self) -> &CustomerScope {
        &self.customers
    }

    pub fn leads(&self) -> Option<&LeadScope> {
        self.leads.as_ref()
    }

    pub fn opportunities(&self) -> Option<&OpportunityScope> {
        self.opportunities.as_ref()
    }

    pub fn orders(&self) -> Option<&OrderScope> {
        self.orders.as_ref()
    }

    /// Whether the caller reads only notes shared with partners.
    pub fn partner(&self) -> bool {
        self.partner
    }

    /// SQL condition on `notes` selecting the readable rows: the subject is one the caller
    /// sees, resolved in the same statement (a subquery per kind), and shared for a partner.
    pub fn condition(&self) -> Condition {
        let customers = ids(customer::Entity, customer::Column::Id, self.customers.condition());
        let contacts = Query::select()
            .column(contact::Column::Id)
            .from(contact::Entity)
            .and_where(contact::Column::CustomerId.in_subquery(customers.clone()))
            .to_owned();
        let mut kinds = Condition::any().add(about(NoteSubject::Customer, customers)).add(about(NoteSubject::Contact, contacts));
        if let Some(scope) = &self.leads {
            kinds = kinds.add(about(NoteSubject::Lead, ids(lead::Entity, lead::Column::Id, scope.condition())));
        }
        if let Some(scope) = &self.opportunities {
            kinds = kinds.add(about(NoteSubject::Opportunity, ids(opportunity::Entity, opportunity::Column::Id, scope.condition())));
        }
        if let Some(scope) = &self.orders {
            kinds = kinds.add(about(NoteSubject::Order, ids(order::Entity, order::Column::Id, scope.condition())));
        }
        let all = Condition::all().add(kinds);
        if self.partner {
            all.add(note::Column::SharedWithPartner.eq(true))
        } else {
            all
        }
    }
}

fn ids<E: EntityTrait>(entity: E, id: E::Column, condition: Condition) -> SelectStatement {
    Query::select().column(id).from(entity).cond_where(condition).to_owned()
}

fn about(kind: NoteSubject, ids: SelectStatement) -> Condition {
    Condition::all().add(note::Column::SubjectType.eq(kind)).add(note::Column::SubjectId.in_subquery(ids))
}

/// Adds to `history` the entries about the notes the caller may read.
pub fn history_visibility(principal: &Principal, history: HistoryVisibility) -> HistoryVisibility {
    match NoteScope::of(principal) {
        Ok(scope) => {
            let readable = Query::select().column(note::Column::Id).from(note::Entity).cond_where(scope.condition()).to_owned();
            history.show(EntityType::Note, Some(readable))
        }
        Err(_) => history,
    }
}

/// A person who writes notes: who they are, and whether they moderate others' notes.
#[derive(Debug, Clone, Copy)]
pub struct NoteWriter {
    pub user_id: Uuid,
    /// A partner user: their notes are always shared with the record's partner.
    pub partner: bool,
    /// Sales managers and admins pin, share and archive anyone's notes.
    pub moderator: bool,
}

impl CreateRight<note::Entity> for NoteWriter {}

pub fn note_writer(principal: &Principal) -> AppResult<NoteWriter> {
    match principal {
        Principal::Staff { role: StaffRole::Analyst, .. } => Err(AppError::Forbidden("write notes (analysts read only)")),
        Principal::Staff { user_id, role, .. } => {
            Ok(NoteWriter { user_id: *user_id, partner: false, moderator: matches!(role, StaffRole::Admin | StaffRole::SalesManager) })
        }
        Principal::Partner { user_id, .. } => Ok(NoteWriter { user_id: *user_id, partner: true, moderator: false }),
        _ => Err(AppError::Forbidden("write notes (staff and partner users only)")),
    }
}

/// Proof that the caller may change one note; `text` whether its text too (its author only).
#[derive(Debug)]
pub struct NoteEdit {
    note_id: Uuid,
    pub text: bool,
}

impl WriteRight<note::Entity> for NoteEdit {
    fn covers(&self, row: &note::Model) -> bool {
        row.id == self.note_id
    }
}

pub fn note_edit(writer: &NoteWriter, note: &note::Model) -> AppResult<NoteEdit> {
    let own = note.author_id == writer.user_id;
    if own || writer.moderator {
        Ok(NoteEdit { note_id: note.id, text: own })
    } else {
        Err(AppError::Forbidden("change another person's note"))
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::disallowed_methods)]
mod tests {
    use super::*;
    use chrono::Utc;

    fn staff(role: StaffRole) -> Principal {
        Principal::Staff { user_id: Uuid::from_u128(1), email: "s@example.test".into(), role }
    }

    fn note_by(author: u128) -> note::Model {
        let now = Utc::now();
        note::Model {
            id: Uuid::from_u128(9),
            subject_type: NoteSubject::Customer,
            subject_id: Uuid::from_u128(7),
            customer_id: Some(Uuid::from_u128(7)),
            author_id: Uuid::from_u128(author),
            body: "x".into(),
            pinned: false,
            shared_with_partner: false,
            created_at: now,
            updated_at: now,
            archived_at: None,
            version: 1,
        }
    }

    #[test]
    fn authors_edit_their_text_moderators_only_the_flags() {
        let rep = note_writer(&staff(StaffRole::SalesRep)).unwrap();
        assert!(note_edit(&rep, &note_by(1)).unwrap().text);
        assert!(note_edit(&rep, &note_by(2)).is_err());
        let manager = note_writer(&staff(StaffRole::SalesManager)).unwrap();
        assert!(!note_edit(&manager, &note_by(2)).unwrap().text);
        assert!(note_writer(&staff(StaffRole::Analyst)).is_err());
        let customer = Principal::Customer { user_id: Uuid::from_u128(3), email: "c@example.test".into(), customer_id: Uuid::from_u128(7) };
        assert!(note_writer(&customer).is_err());
        assert!(NoteScope::of(&customer).is_err());
    }
}
