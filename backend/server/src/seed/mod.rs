//! `crm seed --demo`: the demo dataset, generated through the same services the API uses
//! (validation, duplicate detection, audit log included), acting as the system caller.
//!
//! Order: partner organisations, staff and the partner user; then the customers in bulk
//! transactions, with extra contacts for some companies; then the portal customer's user;
//! then the sales data (`sales`: teams, catalog, rules, leads, opportunities, registrations);
//! the admin account last, because its existence is what marks the data as complete.
#![allow(clippy::print_stdout)]

mod accounts;
mod calls;
mod company;
mod customers;
mod discounts;
mod imports;
mod interactions;
mod knowledge;
mod notes;
mod places;
mod points;
mod sales;
mod scripts;
mod service;
mod summary;
mod tasks;
mod views;
mod vocabulary;
mod writer;

use self::customers::{Generator, PartnerRef, Refs};
use crate::cli::SeedArgs;
use async_graphql::ID;
use crm_core::access::require_admin;
use crm_core::context::AppContext;
use crm_core::error::AppError;
use crm_core::pagination::PageRequest;
use crm_core::principal::Caller;
use crm_identity::access::UserScope;
use crm_identity::domain::StaffRole;
use crm_identity::inputs::UserFilter;
use crm_identity::users;
use std::time::Instant;

/// Extra contacts go one transaction each through `create_contact`; bounding the companies
/// that get them keeps large datasets fast.
const MAX_EXTRA_CONTACT_COMPANIES: usize = 1000;

/// `ctx` with its clock stopped at `time`: what the demo's past was written at.
fn at(ctx: &AppContext, time: chrono::DateTime<chrono::Utc>) -> AppContext {
    AppContext { db: ctx.db.clone(), clock: std::sync::Arc::new(crm_core::clock::FixedClock(time)) }
}

/// Service errors only have `Debug` (they must not reach API clients through `Display`).
fn app(e: AppError) -> anyhow::Error {
    anyhow::anyhow!("{e:?}")
}

pub async fn demo(ctx: &AppContext, args: &SeedArgs) -> anyhow::Result<()> {
    let caller = Caller::system("crm seed");
    let admin = require_admin(&caller.principal).map_err(app)?;
    if user_exists(ctx, &caller, accounts::ADMIN_EMAIL).await? {
        println!("The demo data is already there ({} exists): nothing to do.", accounts::ADMIN_EMAIL);
        return Ok(());
    }
    anyhow::ensure!((1..=points::MAX_CUSTOMERS).contains(&args.customers), "--customers must be between 1 and {}", points::MAX_CUSTOMERS);
    let started = Instant::now();

    let demo_partner = accounts::create_partner(ctx, &caller, &admin, &accounts::DEMO_PARTNER).await?;
    let mut partners = Vec::new();
    for partner in accounts::OTHER_PARTNERS {
        let created = accounts::create_partner(ctx, &caller, &admin, partner).await?;
        partners.push(PartnerRef { id: id(created.id), territory: partner.territory });
    }
    // Owners: the demo sales rep first (it gets the largest share), then the team.
    let mut reps = Vec::new();
    let mut rep_logins = Vec::new();
    let (mut demo_rep, mut manager, mut agent, mut service_lead) = (None, None, None, None);
    let mut more_agents = Vec::new();
    for staff in accounts::ROLE_LOGINS.iter().chain(accounts::SALES_TEAM).chain(accounts::SERVICE_DESK) {
        let user = accounts::create_staff(ctx, &caller, &admin, staff).await?;
        if staff.role == StaffRole::SalesManager {
            views::share_team_views(ctx, &user).await?;
            manager.get_or_insert(user.clone());
        }
        if staff.role == StaffRole::ServiceAgent && agent.is_some() {
            more_agents.push(user.clone());
        }
        if staff.role == StaffRole::ServiceAgent {
            agent.get_or_insert(user.clone());
        }
        if staff.role == StaffRole::ServiceManager {
            service_lead.get_or_insert(user.clone());
        }
        if staff.role == StaffRole::SalesRep {
            reps.push(id(user.id));
            rep_logins.push((staff.email, id(user.id)));
            demo_rep.get_or_insert(user.clone());
        }
    }
    let partner_user = accounts::create_partner_user(ctx, &caller, &admin, id(demo_partner.id)).await?;

    let demo_sales = reps.first().cloned().ok_or_else(|| anyhow::anyhow!("no sales rep"))?;
    let demo_partner = PartnerRef { id: id(demo_partner.id), territory: accounts::DEMO_PARTNER.territory };
    let demo_partner_id = demo_partner.id.clone();
    let other_partners: Vec<_> = partners.iter().map(|p| (p.id.clone(), p.territory)).collect();
    let generator = Generator::new(args.seed, Refs { reps, demo_partner, partners }, args.customers, MAX_EXTRA_CONTACT_COMPANIES)?;
    let portal = customers::portal_customer(demo_sales)?;
    let mut counts = summary::Counts::default();
    let portal_id = writer::write_customers(ctx, &caller, generator, args.customers, portal, &mut counts, &demo_partner_id).await?;

    let portal_user = accounts::create_customer_user(ctx, &caller, &admin, id(portal_id)).await?;
    let sales_refs = sales::SalesRefs {
        reps: rep_logins,
        demo_partner: demo_partner_id.clone(),
        partner_user: (partner_user.id, accounts::PARTNER_EMAIL),
        partners: other_partners,
        portal_customer: portal_id,
    };
    let sales_counts = sales::seed(ctx, &caller, &admin, &sales_refs, args.seed, args.customers).await?;
    let (Some(rep), Some(manager)) = (&demo_rep, &manager) else { anyhow::bail!("the demo has no sales rep or manager") };
    let authors = notes::NoteAuthors { rep, manager, partner_user: &partner_user, portal_customer: portal_id };
    let notes = notes::seed(ctx, &authors).await?;
    let task_people = tasks::TaskPeople { rep, manager, partner_user: &partner_user, portal_customer: portal_id };
    let tasks = tasks::seed(ctx, &task_people).await?;
    let interactions = interactions::seed(ctx, rep, &partner_user, portal_id, args.seed).await?;
    discounts::seed(ctx, &caller, rep).await?;
    let (Some(agent), Some(service_lead)) = (&agent, &service_lead) else { anyhow::bail!("the demo has no service agent or manager") };
    let people = service::ServicePeople {
        agent,
        more_agents: &more_agents,
        lead: service_lead,
        portal_user: &portal_user,
        portal_customer: portal_id,
    };
    let tickets = service::seed(ctx, &caller, &people, args.seed, args.customers).await?;
    let articles = knowledge::seed(ctx, agent, service_lead, &portal_user, portal_id).await?;
    let script_runs = scripts::seed(ctx, agent, service_lead, &portal_user, portal_id).await?;
    company::seed(ctx, &caller).await?;
    let imported = imports::seed(ctx, manager).await?;
    accounts::create_staff(ctx, &caller, &admin, &accounts::ADMIN).await?;
    summary::print(
        &counts,
        &sales_counts,
        &summary::Made { notes, tasks, interactions, tickets, articles, script_runs, imported },
        started.elapsed(),
    );
    Ok(())
}

async fn user_exists(ctx: &AppContext, caller: &Caller, email: &str) -> anyhow::Result<bool> {
    let scope = UserScope::of(&caller.principal).map_err(app)?;
    let filter = UserFilter { search: Some(email.into()), ..UserFilter::default() };
    let (page, _) = users::list_users(&ctx.db.read, &scope, &filter, &PageRequest::first(10)).await.map_err(app)?;
    Ok(page.rows.iter().any(|(_, user)| user.email == email))
}

fn id(uuid: uuid::Uuid) -> ID {
    ID(uuid.to_string())
}
