//! Who is calling. Every service call takes the caller's `Principal`; access rules derive
//! everything else (visibility scopes, edit rights) from it in `crate::access`.

use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};
use std::fmt;
use uuid::Uuid;

/// What kind of person or system an account is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, EnumIter, DeriveActiveEnum, async_graphql::Enum)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
#[sea_orm(rs_type = "String", db_type = "String(StringLen::N(16))")]
pub enum UserKind {
    /// An employee of the company running the CRM.
    #[sea_orm(string_value = "STAFF")]
    Staff,
    /// A user of a partner organisation (reseller, distributor).
    #[sea_orm(string_value = "PARTNER")]
    Partner,
    /// A customer's self-service portal user.
    #[sea_orm(string_value = "CUSTOMER")]
    Customer,
}

/// Role of a staff user; decides which modules and records it may use.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, EnumIter, DeriveActiveEnum, async_graphql::Enum)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
#[sea_orm(rs_type = "String", db_type = "String(StringLen::N(32))")]
pub enum StaffRole {
    /// Full access, including users, partner organisations, API keys and the audit log.
    #[sea_orm(string_value = "ADMIN")]
    Admin,
    /// Reads and edits every customer; manages the sales team's work.
    #[sea_orm(string_value = "SALES_MANAGER")]
    SalesManager,
    /// Reads every customer; edits the customers it owns.
    #[sea_orm(string_value = "SALES_REP")]
    SalesRep,
    /// Reads customers for lists and campaigns.
    #[sea_orm(string_value = "MARKETER")]
    Marketer,
    /// Reads customers to serve them in the contact center.
    #[sea_orm(string_value = "SERVICE_AGENT")]
    ServiceAgent,
    /// Reads customers for reporting and analysis.
    #[sea_orm(string_value = "ANALYST")]
    Analyst,
}

/// Permission of an API key. Keys see nothing outside their scopes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, async_graphql::Enum)]
pub enum ApiScope {
    /// `customers:read` — read customers and contacts.
    CustomersRead,
    /// `customers:write` — create, update, archive and restore customers and contacts.
    CustomersWrite,
    /// `sales:read` — read the product catalog, price books, sales teams and opportunities.
    SalesRead,
    /// `sales:write` — also change them (implies `sales:read`).
    SalesWrite,
    /// `orders:status` — read orders and report their status (the ERP's key).
    OrdersStatus,
}

impl ApiScope {
    pub const ALL: [ApiScope; 5] =
        [ApiScope::CustomersRead, ApiScope::CustomersWrite, ApiScope::SalesRead, ApiScope::SalesWrite, ApiScope::OrdersStatus];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::CustomersRead => "customers:read",
            Self::CustomersWrite => "customers:write",
            Self::SalesRead => "sales:read",
            Self::SalesWrite => "sales:write",
            Self::OrdersStatus => "orders:status",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|scope| scope.as_str() == s)
    }
}

impl fmt::Display for ApiScope {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

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

/// The kind of caller, as the API and the audit log name it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, async_graphql::Enum)]
pub enum PrincipalKind {
    /// An employee signed in with a password.
    Staff,
    /// A user of a partner organisation.
    Partner,
    /// A customer's self-service user.
    Customer,
    /// An integration calling with an API key.
    Integration,
    /// The server's own command line (seeding, admin chores).
    System,
}

impl PrincipalKind {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Staff => "STAFF",
            Self::Partner => "PARTNER",
            Self::Customer => "CUSTOMER",
            Self::Integration => "INTEGRATION",
            Self::System => "SYSTEM",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        [Self::Staff, Self::Partner, Self::Customer, Self::Integration, Self::System].into_iter().find(|k| k.as_str() == s)
    }
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
