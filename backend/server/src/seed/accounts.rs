//! The demo accounts and partner organisations: who they are, and their creation through the
//! identity services (as an admin would create them).

use async_graphql::ID;
use crm_core::access::AdminRights;
use crm_core::context::AppContext;
use crm_core::principal::Caller;
use crm_identity::domain::{PartnerKind, StaffRole, UserKind};
use crm_identity::entity::{partner_organization, user};
use crm_identity::inputs::{CreatePartnerOrganizationInput, CreateUserInput};
use crm_identity::{partners, users};

/// The password of every demo account.
pub const PASSWORD: &str = "demo-password";

/// The account whose existence means the demo data is there. Created last, so it also means
/// the previous run completed.
pub const ADMIN_EMAIL: &str = "admin@demo.test";
pub const PARTNER_EMAIL: &str = "partner@partner.demo.test";
pub const CUSTOMER_EMAIL: &str = "customer@customer.demo.test";
/// The person behind the portal login (see `customers::portal_customer`).
pub const PORTAL_NAME: &str = "Chiara Conti";

pub struct Staff {
    pub email: &'static str,
    pub name: &'static str,
    pub role: StaffRole,
}

const fn staff(email: &'static str, name: &'static str, role: StaffRole) -> Staff {
    Staff { email, name, role }
}

/// Staff with a login for each role (the admin comes last, see `ADMIN_EMAIL`).
pub static ROLE_LOGINS: &[Staff] = &[
    staff("manager@demo.test", "Maria Rinaldi", StaffRole::SalesManager),
    staff("sales@demo.test", "Luca Ferrari", StaffRole::SalesRep),
    staff("marketing@demo.test", "Sofia Marchetti", StaffRole::Marketer),
    staff("agent@demo.test", "Davide Greco", StaffRole::ServiceAgent),
    staff("service.manager@demo.test", "Chiara Russo", StaffRole::ServiceManager),
    staff("analyst@demo.test", "Elena Galli", StaffRole::Analyst),
];

pub static ADMIN: Staff = staff(ADMIN_EMAIL, "Roberta Fontana", StaffRole::Admin);

/// More sales reps, so customer ownership is spread over a team.
pub static SALES_TEAM: &[Staff] = &[
    staff("giulia.bianchi@demo.test", "Giulia Bianchi", StaffRole::SalesRep),
    staff("marco.colombo@demo.test", "Marco Colombo", StaffRole::SalesRep),
    staff("francesca.moretti@demo.test", "Francesca Moretti", StaffRole::SalesRep),
    staff("lukas.schneider@demo.test", "Lukas Schneider", StaffRole::SalesRep),
    staff("claire.dubois@demo.test", "Claire Dubois", StaffRole::SalesRep),
    staff("javier.navarro@demo.test", "Javier Navarro", StaffRole::SalesRep),
];

/// More agents, so the service desk's queues have someone to route to: one for billing in
/// Italian and English, one for hardware in English (away at first).
pub static SERVICE_DESK: &[Staff] = &[
    staff("anna.conti@demo.test", "Anna Conti", StaffRole::ServiceAgent),
    staff("tom.walker@demo.test", "Tom Walker", StaffRole::ServiceAgent),
];

pub struct Partner {
    pub name: &'static str,
    pub kind: PartnerKind,
    pub country: &'static str,
    /// Regions or countries of the customers it serves.
    pub territory: &'static [&'static str],
}

/// The demo partner user's organisation: a distributor in northern Italy.
pub static DEMO_PARTNER: Partner = Partner {
    name: "Alpina Distribuzione S.r.l.",
    kind: PartnerKind::Distributor,
    country: "IT",
    territory: &["Lombardia", "Piemonte", "Veneto", "Trentino-Alto Adige", "Valle d'Aosta", "Liguria", "Friuli-Venezia Giulia"],
};

pub static OTHER_PARTNERS: &[Partner] = &[
    Partner {
        name: "Adriatica Rivendite S.r.l.",
        kind: PartnerKind::Reseller,
        country: "IT",
        territory: &["Emilia-Romagna", "Marche", "Abruzzo", "Puglia", "Molise"],
    },
    Partner { name: "Rheinland Vertrieb GmbH", kind: PartnerKind::Reseller, country: "DE", territory: &["DE", "AT", "CH"] },
    Partner { name: "Hexagone Distribution SAS", kind: PartnerKind::Distributor, country: "FR", territory: &["FR", "BE"] },
];

pub async fn create_partner(
    ctx: &AppContext,
    caller: &Caller,
    admin: &AdminRights,
    partner: &Partner,
) -> anyhow::Result<partner_organization::Model> {
    let input = CreatePartnerOrganizationInput { name: partner.name.into(), kind: partner.kind, country: Some(partner.country.into()) };
    let created = partners::create(ctx, caller, admin, input).await;
    Ok(created.map_err(|e| anyhow::anyhow!("creating partner {}: {e:?}", partner.name))?.into_inner())
}

pub async fn create_staff(ctx: &AppContext, caller: &Caller, admin: &AdminRights, staff: &Staff) -> anyhow::Result<user::Model> {
    create(ctx, caller, admin, account(staff.email, staff.name, UserKind::Staff, Some(staff.role))).await
}

pub async fn create_partner_user(ctx: &AppContext, caller: &Caller, admin: &AdminRights, partner: ID) -> anyhow::Result<user::Model> {
    let input = CreateUserInput { partner_id: Some(partner), ..account(PARTNER_EMAIL, "Paolo Brambilla", UserKind::Partner, None) };
    create(ctx, caller, admin, input).await
}

pub async fn create_customer_user(ctx: &AppContext, caller: &Caller, admin: &AdminRights, customer: ID) -> anyhow::Result<user::Model> {
    let input = CreateUserInput { customer_id: Some(customer), ..account(CUSTOMER_EMAIL, PORTAL_NAME, UserKind::Customer, None) };
    create(ctx, caller, admin, input).await
}

fn account(email: &str, name: &str, kind: UserKind, role: Option<StaffRole>) -> CreateUserInput {
    CreateUserInput {
        email: email.into(),
        display_name: name.into(),
        password: PASSWORD.into(),
        kind,
        role,
        partner_id: None,
        customer_id: None,
        sales_team_id: None,
    }
}

async fn create(ctx: &AppContext, caller: &Caller, admin: &AdminRights, input: CreateUserInput) -> anyhow::Result<user::Model> {
    let email = input.email.clone();
    let created = users::create_user(ctx, caller, admin, input).await;
    Ok(created.map_err(|e| anyhow::anyhow!("creating user {email}: {e:?}"))?.into_inner())
}
