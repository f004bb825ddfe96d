//! Who reads, writes and runs call scripts.
//!
//! - Admins and service managers keep the scripts: drafts, publication, path analytics.
//! - Service agents read the published scripts and run them in calls and tickets.
//! - Customer users meet the self-service scripts through the chatbot only: they list them
//!   by name and reach their nodes one step at a time, never the whole tree.
//! - API keys with `service:read` read the published scripts; runs are a person's.
//! - Other staff and partner users have no scripts.
//!
//! A run is read by the one who runs it and by the service desk.

use crate::domain::ScriptChannel;
use crate::entity::{call_script, script_run};
use crm_core::error::{AppError, AppResult};
use crm_core::principal::{ApiScope, Principal, StaffRole};
use crm_core::versioned::{CreateRight, WriteRight};
use sea_orm::sea_query::Condition;
use sea_orm::ColumnTrait;
use uuid::Uuid;

fn keeps_scripts(principal: &Principal) -> bool {
    matches!(principal, Principal::Staff { role: StaffRole::Admin | StaffRole::ServiceManager, .. } | Principal::System { .. })
}

fn is_desk(principal: &Principal) -> bool {
    keeps_scripts(principal) || matches!(principal, Principal::Staff { role: StaffRole::ServiceAgent, .. })
}

/// The scripts a caller reads, and how much of them.
#[derive(Debug, Clone, Copy)]
pub struct ScriptScope {
    drafts: bool,
    self_service_only: bool,
}

impl ScriptScope {
    pub fn of(principal: &Principal) -> AppResult<Self> {
        match principal {
            _ if keeps_scripts(principal) => Ok(Self { drafts: true, self_service_only: false }),
            _ if is_desk(principal) => Ok(Self { drafts: false, self_service_only: false }),
            Principal::Customer { .. } => Ok(Self { drafts: false, self_service_only: true }),
            Principal::Integration { .. } if principal.has_scope(ApiScope::ServiceRead) || principal.has_scope(ApiScope::ServiceWrite) => {
                Ok(Self { drafts: false, self_service_only: false })
            }
            Principal::Integration { .. } => Err(AppError::Forbidden("read call scripts (the API key lacks the service:read scope)")),
            _ => Err(AppError::Forbidden("read call scripts (the service desk)")),
        }
    }

    /// SQL condition on `call_scripts` selecting the readable rows.
    pub fn condition(&self) -> Condition {
        let mut cond = Condition::all();
        if !self.drafts {
            cond = cond.add(call_script::Column::PublishedVersionId.is_not_null());
        }
        if self.self_service_only {
            cond = cond.add(call_script::Column::SelfService.eq(true));
        }
        cond
    }

    /// Whether the caller reads working copies (and scripts never published).
    pub fn reads_drafts(&self) -> bool {
        self.drafts
    }

    /// Whether the caller reads a script's whole tree (not the chatbot's customers).
    pub fn reads_tree(&self) -> bool {
        !self.self_service_only
    }
}

/// The right to create, change and publish scripts, and to read their path analytics
/// (admins and service managers).
#[derive(Debug, Clone, Copy)]
pub struct ScriptKeeping {
    pub user_id: Option<Uuid>,
}

impl CreateRight<call_script::Entity> for ScriptKeeping {}

impl WriteRight<call_script::Entity> for ScriptKeeping {
    fn covers(&self, _: &call_script::Model) -> bool {
        true
    }
}

pub fn script_keeping(principal: &Principal) -> AppResult<ScriptKeeping> {
    if keeps_scripts(principal) {
        Ok(ScriptKeeping { user_id: principal.user_id() })
    } else {
        Err(AppError::Forbidden("keep call scripts (admins and service managers)"))
    }
}

/// Who starts a run, and as what: an agent of the desk, or a customer with the chatbot.
#[derive(Debug, Clone, Copy)]
pub struct ScriptRunner {
    pub channel: ScriptChannel,
    pub user_id: Uuid,
    /// The chatbot's customer.
    pub customer_id: Option<Uuid>,
}

pub fn script_runner(principal: &Principal) -> AppResult<ScriptRunner> {
    match principal {
        Principal::Staff { role: StaffRole::Admin | StaffRole::ServiceManager | StaffRole::ServiceAgent, user_id, .. } => {
            Ok(ScriptRunner { channel: ScriptChannel::Agent, user_id: *user_id, customer_id: None })
        }
        Principal::Customer { user_id, customer_id, .. } => {
            Ok(ScriptRunner { channel: ScriptChannel::Bot, user_id: *user_id, customer_id: Some(*customer_id) })
        }
        _ => Err(AppError::Forbidden("run call scripts (the service desk, and customers with the chatbot)")),
    }
}

/// The runs a caller reads: its own, or every run for the service desk.
#[derive(Debug, Clone, Copy)]
pub struct RunScope {
    /// `None`: every run.
    runner: Option<Uuid>,
}

impl RunScope {
    pub fn of(principal: &Principal) -> AppResult<Self> {
        match principal {
            _ if is_desk(principal) => Ok(Self { runner: None }),
            Principal::Customer { user_id, .. } => Ok(Self { runner: Some(*user_id) }),
            _ => Err(AppError::Forbidden("read script runs (the service desk, and customers their own)")),
        }
    }

    /// SQL condition on `script_runs` selecting the readable rows.
    pub fn condition(&self) -> Condition {
        match self.runner {
            Some(user) => Condition::all().add(script_run::Column::UserId.eq(user)),
            None => Condition::all(),
        }
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn staff(role: StaffRole) -> Principal {
        Principal::Staff { user_id: Uuid::from_u128(1), email: "s@example.test".into(), role }
    }

    #[test]
    fn managers_keep_agents_run_customers_chat() {
        assert!(script_keeping(&staff(StaffRole::ServiceManager)).is_ok());
        assert!(script_keeping(&staff(StaffRole::ServiceAgent)).is_err());
        let agent = ScriptScope::of(&staff(StaffRole::ServiceAgent)).unwrap();
        assert!(!agent.reads_drafts() && agent.reads_tree());
        assert_eq!(script_runner(&staff(StaffRole::ServiceAgent)).unwrap().channel, ScriptChannel::Agent);
        let customer = Principal::Customer { user_id: Uuid::from_u128(3), email: "c@example.test".into(), customer_id: Uuid::from_u128(7) };
        assert!(!ScriptScope::of(&customer).unwrap().reads_tree());
        assert_eq!(script_runner(&customer).unwrap().channel, ScriptChannel::Bot);
        assert!(ScriptScope::of(&staff(StaffRole::SalesRep)).is_err());
        assert!(script_runner(&staff(StaffRole::SalesManager)).is_err());
        let partner = Principal::Partner { user_id: Uuid::from_u128(2), email: "p@example.test".into(), partner_id: Uuid::from_u128(5) };
        assert!(ScriptScope::of(&partner).is_err() && RunScope::of(&partner).is_err());
        let key = Principal::Integration { key_id: Uuid::from_u128(4), name: "k".into(), scopes: vec![ApiScope::ServiceRead] };
        assert!(ScriptScope::of(&key).is_ok() && script_runner(&key).is_err());
    }
}
