//! Who sees and changes which customers and contacts.

use crate::entity::{contact, customer};
use crm_core::audit::{EntityType, HistoryVisibility};
use crm_core::error::{AppError, AppResult};
use crm_core::principal::{ApiScope, Principal};
use crm_core::versioned::{CreateRight, WriteRight};
use crm_identity::domain::StaffRole;
use sea_orm::sea_query::Condition;
use sea_orm::ColumnTrait;
use uuid::Uuid;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Visibility {
    All,
    Partner(Uuid),
    Customer(Uuid),
}

/// The customers a caller may read. Every customer and contact query takes one.
#[derive(Debug, Clone)]
pub struct CustomerScope(Visibility);

impl CustomerScope {
    pub fn of(principal: &Principal) -> AppResult<Self> {
        Ok(Self(match principal {
            Principal::Staff { .. } | Principal::System { .. } => Visibility::All,
            Principal::Partner { partner_id, .. } => Visibility::Partner(*partner_id),
            Principal::Customer { customer_id, .. } => Visibility::Customer(*customer_id),
            Principal::Integration { .. } => {
                if principal.has_scope(ApiScope::CustomersRead) || principal.has_scope(ApiScope::CustomersWrite) {
                    Visibility::All
                } else {
                    return Err(AppError::Forbidden("read customers (the API key lacks the customers:read scope)"));
                }
            }
        }))
    }

    /// SQL condition on the `customers` table selecting the visible rows.
    pub fn condition(&self) -> Condition {
        match self.0 {
            Visibility::All => Condition::all(),
            Visibility::Partner(id) => Condition::all().add(customer::Column::PartnerId.eq(id)),
            Visibility::Customer(id) => Condition::all().add(customer::Column::Id.eq(id)),
        }
    }

    pub fn contains(&self, customer: &customer::Model) -> bool {
        match self.0 {
            Visibility::All => true,
            Visibility::Partner(id) => customer.partner_id == Some(id),
            Visibility::Customer(id) => customer.id == id,
        }
    }

    /// True when the caller reads through a partner or customer portal: such callers only
    /// learn about records inside their scope (e.g. duplicate warnings do not name others').
    pub fn is_restricted(&self) -> bool {
        self.0 != Visibility::All
    }
}

/// The entries of a customer's history about the customer itself and its contacts: whoever
/// sees the customer sees them all.
pub fn history_visibility() -> HistoryVisibility {
    HistoryVisibility::default().show(EntityType::Customer, None).show(EntityType::Contact, None)
}

/// Defaults and limits a caller's new customers get.
#[derive(Debug, Clone, Copy)]
pub struct CreateRights {
    /// Owner set when the input names none (a sales rep owns what it creates).
    pub default_owner: Option<Uuid>,
    /// Partner organisation forced on the customer (a partner's customers are its own).
    pub forced_partner: Option<Uuid>,
    /// Whether the caller may choose any owner and partner.
    pub may_assign: bool,
}

impl CreateRight<customer::Entity> for CreateRights {}

pub fn customer_create(principal: &Principal) -> AppResult<CreateRights> {
    match principal {
        Principal::Staff { role: StaffRole::Admin | StaffRole::SalesManager, .. } | Principal::System { .. } => {
            Ok(CreateRights { default_owner: principal.user_id(), forced_partner: None, may_assign: true })
        }
        Principal::Staff { role: StaffRole::SalesRep, user_id, .. } => {
            Ok(CreateRights { default_owner: Some(*user_id), forced_partner: None, may_assign: false })
        }
        // The contact center registers a caller nobody knows yet; sales gives it an owner.
        Principal::Staff { role: StaffRole::ServiceAgent | StaffRole::ServiceManager, .. } => {
            Ok(CreateRights { default_owner: None, forced_partner: None, may_assign: false })
        }
        Principal::Partner { partner_id, .. } => {
            Ok(CreateRights { default_owner: None, forced_partner: Some(*partner_id), may_assign: false })
        }
        Principal::Integration { .. } if principal.has_scope(ApiScope::CustomersWrite) => {
            Ok(CreateRights { default_owner: None, forced_partner: None, may_assign: true })
        }
        _ => Err(AppError::Forbidden("create customers")),
    }
}

/// Proof that the caller may change one customer record, archive or restore it, and add,
/// change or archive its contacts: what `customer_edit` returns and the writes require.
#[derive(Debug, Clone, Copy)]
pub struct CustomerEdit {
    customer_id: Uuid,
}

impl WriteRight<customer::Entity> for CustomerEdit {
    fn covers(&self, row: &customer::Model) -> bool {
        row.id == self.customer_id
    }
}

/// May the caller change this (visible) customer record, archive or restore it, and add or
/// archive its contacts?
pub fn customer_edit(principal: &Principal, customer: &customer::Model) -> AppResult<CustomerEdit> {
    let allowed = match principal {
        Principal::Staff { role: StaffRole::Admin | StaffRole::SalesManager, .. } | Principal::System { .. } => true,
        Principal::Staff { role: StaffRole::SalesRep, user_id, .. } => customer.owner_id == Some(*user_id),
        Principal::Staff { .. } | Principal::Customer { .. } => false,
        Principal::Partner { partner_id, .. } => customer.partner_id == Some(*partner_id),
        Principal::Integration { .. } => principal.has_scope(ApiScope::CustomersWrite),
    };
    if allowed {
        Ok(CustomerEdit { customer_id: customer.id })
    } else {
        Err(AppError::Forbidden("change this customer"))
    }
}

/// May the caller set a customer's owner, partner organisation or credit limit (beyond the
/// defaults it gets on create)?
pub fn customer_manage(principal: &Principal) -> AppResult<()> {
    match principal {
        Principal::Staff { role: StaffRole::Admin | StaffRole::SalesManager, .. } | Principal::System { .. } => Ok(()),
        Principal::Integration { .. } if principal.has_scope(ApiScope::CustomersWrite) => Ok(()),
        _ => Err(AppError::Forbidden("change the owner, partner organisation or credit limit of a customer")),
    }
}

/// The right to import customers: the capability the import's writes require.
pub struct CustomerImport(());

/// May the caller import customers? Those who may also assign owners and set credit limits
/// (an import file carries both): admins, sales managers, the system, and API keys with
/// both `import` and `customers:write`.
pub fn customer_import(principal: &Principal) -> AppResult<CustomerImport> {
    match principal {
        Principal::Staff { role: StaffRole::Admin | StaffRole::SalesManager, .. } | Principal::System { .. } => Ok(CustomerImport(())),
        Principal::Integration { .. } if principal.has_scope(ApiScope::Import) && principal.has_scope(ApiScope::CustomersWrite) => {
            Ok(CustomerImport(()))
        }
        _ => Err(AppError::Forbidden("import customers")),
    }
}

/// May the caller change customers in bulk at all? Those who may change some customer
/// (each one is still checked with [`customer_edit`]); asked first, so that someone who
/// changes no customer is refused before their input is read.
pub fn customer_bulk_edit(principal: &Principal) -> AppResult<()> {
    match principal {
        Principal::Staff { role: StaffRole::Admin | StaffRole::SalesManager | StaffRole::SalesRep, .. }
        | Principal::Partner { .. }
        | Principal::System { .. } => Ok(()),
        Principal::Integration { .. } if principal.has_scope(ApiScope::CustomersWrite) => Ok(()),
        _ => Err(AppError::Forbidden("change customers")),
    }
}

/// How much of a contact a caller may change.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ContactReach {
    /// Every field, and archive/restore.
    Full,
    /// Names, job title, emails, phones, preferred channel and consent: a customer's own
    /// self-service.
    DetailsAndConsent,
}

/// Proof that the caller may change the contacts of one customer, as far as `reach` says.
#[derive(Debug, Clone, Copy)]
pub struct ContactRights {
    customer_id: Uuid,
    reach: ContactReach,
}

impl ContactRights {
    pub fn reach(&self) -> ContactReach {
        self.reach
    }
}

impl WriteRight<contact::Entity> for ContactRights {
    fn covers(&self, row: &contact::Model) -> bool {
        row.customer_id == self.customer_id
    }
}

pub fn contact_edit(principal: &Principal, customer: &customer::Model) -> AppResult<ContactRights> {
    let reach = match principal {
        Principal::Customer { customer_id, .. } if *customer_id == customer.id => ContactReach::DetailsAndConsent,
        _ => customer_edit(principal, customer).map(|_| ContactReach::Full)?,
    };
    Ok(ContactRights { customer_id: customer.id, reach })
}
