//! Who is calling. Every service call takes the caller's `Principal`; access rules derive
//! everything else (visibility scopes, edit rights) from it in `crate::access`.

use uuid::Uuid;

// The values of the API (`crm-contract`, shared with the browser app): account kinds, staff
// roles, API key scopes and the kind of caller.
pub use crm_contract::principal::{ApiScope, PrincipalKind, StaffRole, UserKind};

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Principal {
    Staff {
        user_id: Uuid,
        email: String,
        role: StaffRole,
    },
    Partner {
        user_id: Uuid,
        email: String,
        partner_id: Uuid,
    },
    Customer {
        user_id: Uuid,
        email: String,
        customer_id: Uuid,
    },
    Integration {
        key_id: Uuid,
        name: String,
        scopes: Vec<ApiScope>,
    },
    /// The command line (seeding, admin chores run on the server itself). Never produced by
    /// HTTP authentication.
    System {
        label: &'static str,
    },
}

impl Principal {
    pub fn kind(&self) -> PrincipalKind {
        match self {
            Self::Staff { .. } => PrincipalKind::Staff,
            Self::Partner { .. } => PrincipalKind::Partner,
            Self::Customer { .. } => PrincipalKind::Customer,
            Self::Integration { .. } => PrincipalKind::Integration,
            Self::System { .. } => PrincipalKind::System,
        }
    }

    /// The user account behind the caller, when it is a person.
    pub fn user_id(&self) -> Option<Uuid> {
        match self {
            Self::Staff { user_id, .. } | Self::Partner { user_id, .. } | Self::Customer { user_id, .. } => Some(*user_id),
            Self::Integration { .. } | Self::System { .. } => None,
        }
    }

    /// Id recorded in the audit log: the user, or the API key.
    pub fn actor_id(&self) -> Option<Uuid> {
        match self {
            Self::Integration { key_id, .. } => Some(*key_id),
            other => other.user_id(),
        }
    }

    /// Human-readable label recorded in the audit log.
    pub fn label(&self) -> String {
        match self {
            Self::Staff { email, .. } | Self::Partner { email, .. } | Self::Customer { email, .. } => email.clone(),
            Self::Integration { name, .. } => format!("api key {name}"),
            Self::System { label } => (*label).to_owned(),
        }
    }

    /// Key under which the rate limiter counts this caller's requests.
    pub fn rate_limit_key(&self) -> String {
        match self.actor_id() {
            Some(id) => id.to_string(),
            None => self.label(),
        }
    }

    pub fn role(&self) -> Option<StaffRole> {
        match self {
            Self::Staff { role, .. } => Some(*role),
            _ => None,
        }
    }

    pub fn has_scope(&self, scope: ApiScope) -> bool {
        matches!(self, Self::Integration { scopes, .. } if scopes.contains(&scope))
    }
}

/// The authenticated caller of one request, as services see it.
#[derive(Debug, Clone)]
pub struct Caller {
    pub principal: Principal,
    /// The login session, for token-based callers (logout ends it).
    pub session_id: Option<Uuid>,
    /// Correlates the audit log with the server logs.
    pub request_id: Option<String>,
}

impl Caller {
    /// The server's own command line.
    pub fn system(label: &'static str) -> Self {
        Self { principal: Principal::System { label }, session_id: None, request_id: None }
    }
}
