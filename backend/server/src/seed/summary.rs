//! What the seeder made: counted as customers are generated, printed at the end with the
//! demo logins.

use super::accounts;
use async_graphql::ID;
use crm_customers::domain::CustomerKind;
use crm_customers::inputs::CreateCustomerInput;
use crm_identity::domain::StaffRole;
use std::time::Duration;

#[derive(Default)]
pub struct Counts {
    pub companies: usize,
    pub people: usize,
    pub contacts: usize,
    pub owned: usize,
    pub with_partner: usize,
    pub with_demo_partner: usize,
}

impl Counts {
    pub fn add(&mut self, input: &CreateCustomerInput, demo_partner: &ID) {
        match input.kind {
            CustomerKind::Company => self.companies += 1,
            CustomerKind::Person => self.people += 1,
        }
        self.owned += usize::from(input.owner_id.is_some());
        self.with_partner += usize::from(input.partner_id.is_some());
        self.with_demo_partner += usize::from(input.partner_id.as_ref() == Some(demo_partner));
    }
}

/// What the seeder made after the customers and the sales records.
pub struct Made {
    pub notes: usize,
    pub tasks: usize,
    /// Logged by hand (the modules record the rest).
    pub interactions: usize,
    pub tickets: usize,
    pub articles: usize,
    pub script_runs: usize,
    /// The import of the old CRM's export.
    pub imported: crm_imports::entity::import_job::Model,
}

pub fn print(counts: &Counts, sales: &super::sales::SalesCounts, made: &Made, elapsed: Duration) {
    let Made { notes, tasks, interactions, tickets, articles, script_runs, imported } = made;
    let total = counts.companies + counts.people;
    println!("Demo data created in {:.1} s:", elapsed.as_secs_f64());
    println!("  customers  {total} ({} companies, {} people) with {} contacts", counts.companies, counts.people, counts.contacts);
    println!("  owners     {} customers owned by {} sales reps", counts.owned, accounts::SALES_TEAM.len() + 1);
    println!(
        "  partners   {} organisations; {} customers assigned, {} of them to {}",
        accounts::OTHER_PARTNERS.len() + 1,
        counts.with_partner,
        counts.with_demo_partner,
        accounts::DEMO_PARTNER.name
    );
    println!(
        "  sales      {} products in 3 price books; {} leads ({} converted); {} opportunities with {} stage moves; {} deal registrations",
        sales.products, sales.leads, sales.converted, sales.opportunities, sales.stage_moves, sales.registrations
    );
    println!("  orders     {} quotes; {} orders, {} of them on credit hold", sales.quotes, sales.orders, sales.held);
    println!("  notes      {notes} on deals and customers, some pinned, some mentioning a colleague");
    println!("  timeline   {interactions} calls, meetings, visits and emails logged by hand, besides what sales and service recorded");
    println!(
        "  imports    {} customers from the old CRM's export, checked first (its report: {} rows refused, {} skipped)",
        imported.created + imported.updated,
        imported.refused,
        imported.skipped
    );
    println!("  tasks      {tasks} follow-ups of the demo rep, its manager and the demo partner (one late, one reminded today)");
    println!("  service    {tickets} tickets in 3 queues under 2 SLA policies, on the Milan office's hours");
    println!("  knowledge  {articles} articles in English and Italian for customers, partners and staff (one a draft)");
    println!("  scripts    \"Faded receipts\" in English (2 versions) and Italian, for agents and the assistant; {script_runs} runs");
    println!("  discounts  limits of 10 % (reps), 20 % (managers), 5 % (partners); one quote waits for approval");
    println!();
    println!("Demo logins, all with the password `{}`:", accounts::PASSWORD);
    let staff = std::iter::once(&accounts::ADMIN).chain(accounts::ROLE_LOGINS);
    for user in staff {
        println!("  {:<30} STAFF {}", user.email, role_name(user.role));
    }
    println!("  {:<30} PARTNER user of {}", accounts::PARTNER_EMAIL, accounts::DEMO_PARTNER.name);
    println!("  {:<30} CUSTOMER portal user of {}", accounts::CUSTOMER_EMAIL, accounts::PORTAL_NAME);
    let team: Vec<&str> = accounts::SALES_TEAM.iter().map(|s| s.email).collect();
    println!("  more SALES_REP staff: {}", team.join(", "));
    let desk: Vec<&str> = accounts::SERVICE_DESK.iter().map(|s| s.email).collect();
    println!("  more SERVICE_AGENT staff: {}", desk.join(", "));
}

fn role_name(role: StaffRole) -> &'static str {
    match role {
        StaffRole::Admin => "ADMIN",
        StaffRole::SalesManager => "SALES_MANAGER",
        StaffRole::SalesRep => "SALES_REP",
        StaffRole::Marketer => "MARKETER",
        StaffRole::ServiceAgent => "SERVICE_AGENT",
        StaffRole::ServiceManager => "SERVICE_MANAGER",
        StaffRole::Analyst => "ANALYST",
    }
}
