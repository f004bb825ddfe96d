//! Who sees which user accounts and partner organisations.
//!
//! Staff see every account and organisation (they pick owners and partners); a partner user
//! sees its organisation and its colleagues; a customer user sees only itself. API keys with a
//! customers scope see organisations (to assign customers) but no accounts. The owner and
//! partner of a customer are readable wherever the customer is: that path goes through the
//! customer's scope, not these.

use crate::entity::{partner_organization, sales_team, user};
use crm_core::access::AdminRights;
use crm_core::error::{AppError, AppResult};
use crm_core::principal::{ApiScope, Principal};
use crm_core::versioned::WriteRight;
use sea_orm::sea_query::Condition;
use sea_orm::ColumnTrait;

#[derive(Debug, Clone)]
pub struct UserScope(Condition);

impl UserScope {
    pub fn of(principal: &Principal) -> AppResult<Self> {
        Ok(Self(match principal {
            Principal::Staff { .. } | Principal::System { .. } => Condition::all(),
            Principal::Partner { partner_id, .. } => Condition::all().add(user::Column::PartnerId.eq(*partner_id)),
            Principal::Customer { user_id, .. } => Condition::all().add(user::Column::Id.eq(*user_id)),
            Principal::Integration { .. } => return Err(AppError::Forbidden("read user accounts")),
        }))
    }

    pub fn condition(&self) -> Condition {
        self.0.clone()
    }
}

#[derive(Debug, Clone)]
pub struct PartnerScope(Condition);

impl PartnerScope {
    pub fn of(principal: &Principal) -> AppResult<Self> {
        Ok(Self(match principal {
            Principal::Staff { .. } | Principal::System { .. } => Condition::all(),
            Principal::Partner { partner_id, .. } => Condition::all().add(partner_organization::Column::Id.eq(*partner_id)),
            Principal::Integration { .. }
                if principal.has_scope(ApiScope::CustomersRead) || principal.has_scope(ApiScope::CustomersWrite) =>
            {
                Condition::all()
            }
            Principal::Customer { .. } | Principal::Integration { .. } => return Err(AppError::Forbidden("read partner organisations")),
        }))
    }

    pub fn condition(&self) -> Condition {
        self.0.clone()
    }
}

/// Proof that the caller may read sales teams.
#[derive(Debug)]
pub struct TeamsRead(());

/// Staff and sales API keys read sales teams (to filter and assign by team).
pub fn teams_read(principal: &Principal) -> AppResult<TeamsRead> {
    match principal {
        Principal::Staff { .. } | Principal::System { .. } => Ok(TeamsRead(())),
        Principal::Integration { .. } if (principal.has_scope(ApiScope::SalesRead) || principal.has_scope(ApiScope::SalesWrite)) => {
            Ok(TeamsRead(()))
        }
        _ => Err(AppError::Forbidden("read sales teams")),
    }
}

/// Admins change user accounts, partner organisations and sales teams.
macro_rules! admin_writes {
    ($($m:ident),+) => {
        $(impl WriteRight<$m::Entity> for AdminRights {
            fn covers(&self, _: &$m::Model) -> bool {
                true
            }
        })+
    };
}

admin_writes!(user, partner_organization, sales_team);
