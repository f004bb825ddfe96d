//! Who reads which articles, and who writes them.
//!
//! - The service desk (admins, service managers, service agents) reads every article in every
//!   state, with its working copy, its versions, its readers' comments and its deflection
//!   figures; agents write drafts and changes, admins and service managers publish, archive
//!   and keep the categories.
//! - Other staff read every published article, INTERNAL ones included.
//! - Partner users read published PUBLIC and PARTNERS articles, customer users PUBLIC ones,
//!   and an API key with `service:read` PUBLIC and PARTNERS ones.
//! - Every person who reads an article may vote on it; a key may not (a vote is a person's).

use crate::domain::{ArticleStatus, ArticleVisibility};
use crate::entity::{kb_article, kb_category};
use crm_core::error::{AppError, AppResult};
use crm_core::principal::{ApiScope, Principal, StaffRole};
use crm_core::versioned::{CreateRight, WriteRight};
use sea_orm::sea_query::Condition;
use sea_orm::ColumnTrait;
use uuid::Uuid;

/// The articles a caller may read.
#[derive(Debug, Clone)]
pub struct KnowledgeScope {
    visibilities: &'static [ArticleVisibility],
    desk: bool,
}

const EVERYONE: &[ArticleVisibility] = &[ArticleVisibility::Public, ArticleVisibility::Partners, ArticleVisibility::Internal];
const PARTNERS: &[ArticleVisibility] = &[ArticleVisibility::Public, ArticleVisibility::Partners];
const PUBLIC: &[ArticleVisibility] = &[ArticleVisibility::Public];

fn is_desk(principal: &Principal) -> bool {
    matches!(
        principal,
        Principal::Staff { role: StaffRole::Admin | StaffRole::ServiceManager | StaffRole::ServiceAgent, .. } | Principal::System { .. }
    )
}

impl KnowledgeScope {
    pub fn of(principal: &Principal) -> AppResult<Self> {
        Ok(match principal {
            _ if is_desk(principal) => Self { visibilities: EVERYONE, desk: true },
            Principal::Staff { .. } => Self { visibilities: EVERYONE, desk: false },
            Principal::Partner { .. } => Self { visibilities: PARTNERS, desk: false },
            Principal::Customer { .. } => Self { visibilities: PUBLIC, desk: false },
            Principal::Integration { .. } => {
                if !(principal.has_scope(ApiScope::ServiceRead) || principal.has_scope(ApiScope::ServiceWrite)) {
                    return Err(AppError::Forbidden("read the knowledge base (the API key lacks the service:read scope)"));
                }
                Self { visibilities: PARTNERS, desk: false }
            }
            Principal::System { .. } => Self { visibilities: EVERYONE, desk: true },
        })
    }

    /// SQL condition on `kb_articles` selecting the readable rows.
    pub fn condition(&self) -> Condition {
        if self.desk {
            return Condition::all();
        }
        Condition::all()
            .add(kb_article::Column::Status.eq(ArticleStatus::Published))
            .add(kb_article::Column::Visibility.is_in(self.visibilities.iter().copied()))
    }

    /// The visibilities of the published articles the caller reads.
    pub fn visibilities(&self) -> &'static [ArticleVisibility] {
        self.visibilities
    }

    /// Whether the caller works on the knowledge base (drafts, versions, comments, figures).
    pub fn is_desk(&self) -> bool {
        self.desk
    }
}

/// The right to write articles' working copies and to create them (the service desk).
#[derive(Debug, Clone, Copy)]
pub struct ArticleEdit {
    pub user_id: Option<Uuid>,
}

impl CreateRight<kb_article::Entity> for ArticleEdit {}

impl WriteRight<kb_article::Entity> for ArticleEdit {
    fn covers(&self, _: &kb_article::Model) -> bool {
        true
    }
}

pub fn article_edit(principal: &Principal) -> AppResult<ArticleEdit> {
    if is_desk(principal) {
        Ok(ArticleEdit { user_id: principal.user_id() })
    } else {
        Err(AppError::Forbidden("write knowledge articles (the service desk)"))
    }
}

/// The right to publish and archive articles and to keep the categories (admins and service
/// managers).
#[derive(Debug, Clone, Copy)]
pub struct KnowledgePublish {
    pub user_id: Option<Uuid>,
}

impl CreateRight<kb_category::Entity> for KnowledgePublish {}

impl WriteRight<kb_article::Entity> for KnowledgePublish {
    fn covers(&self, _: &kb_article::Model) -> bool {
        true
    }
}

impl WriteRight<kb_category::Entity> for KnowledgePublish {
    fn covers(&self, _: &kb_category::Model) -> bool {
        true
    }
}

pub fn knowledge_publish(principal: &Principal) -> AppResult<KnowledgePublish> {
    match principal {
        Principal::Staff { role: StaffRole::Admin | StaffRole::ServiceManager, .. } | Principal::System { .. } => {
            Ok(KnowledgePublish { user_id: principal.user_id() })
        }
        _ => Err(AppError::Forbidden("publish knowledge articles (admins and service managers)")),
    }
}

/// The person who votes on articles or opens them from suggestions.
pub fn reader_person(principal: &Principal) -> AppResult<Uuid> {
    principal.user_id().ok_or(AppError::Forbidden("vote on articles (people only)"))
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn staff(role: StaffRole) -> Principal {
        Principal::Staff { user_id: Uuid::from_u128(1), email: "s@example.test".into(), role }
    }

    #[test]
    fn each_principal_reads_its_visibilities() {
        assert!(KnowledgeScope::of(&staff(StaffRole::ServiceAgent)).unwrap().is_desk());
        let rep = KnowledgeScope::of(&staff(StaffRole::SalesRep)).unwrap();
        assert!(!rep.is_desk());
        assert_eq!(rep.visibilities(), EVERYONE);
        let partner = Principal::Partner { user_id: Uuid::from_u128(2), email: "p@example.test".into(), partner_id: Uuid::from_u128(5) };
        assert_eq!(KnowledgeScope::of(&partner).unwrap().visibilities(), PARTNERS);
        let customer = Principal::Customer { user_id: Uuid::from_u128(3), email: "c@example.test".into(), customer_id: Uuid::from_u128(7) };
        assert_eq!(KnowledgeScope::of(&customer).unwrap().visibilities(), PUBLIC);
        let key = Principal::Integration { key_id: Uuid::from_u128(4), name: "k".into(), scopes: vec![ApiScope::CustomersRead] };
        assert!(KnowledgeScope::of(&key).is_err());
        assert!(reader_person(&key).is_err());
    }

    #[test]
    fn agents_write_and_managers_publish() {
        assert!(article_edit(&staff(StaffRole::ServiceAgent)).is_ok());
        assert!(article_edit(&staff(StaffRole::SalesManager)).is_err());
        assert!(knowledge_publish(&staff(StaffRole::ServiceAgent)).is_err());
        assert!(knowledge_publish(&staff(StaffRole::ServiceManager)).is_ok());
    }
}
