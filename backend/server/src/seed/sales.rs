//! The demo sales data, generated through the sales services as the people who would enter
//! it: sales teams, the product catalog with price books, assignment rules, leads from every
//! source (routed by the rules, some qualified and converted), opportunities in every stage
//! with their stage history spread over the past two years, and the demo partner's deal
//! registrations. History is written "as of" past instants through a stopped clock.

use super::{app, at};
use async_graphql::{MaybeUndefined, ID};
use chrono::{DateTime, Days, Duration, Utc};
use crm_core::access::AdminRights;
use crm_core::context::AppContext;
use crm_core::filters::{IdFilter, OrderDirection};
use crm_core::pagination::PageRequest;
use crm_core::principal::{Caller, Principal};
use crm_customers::inputs::{CustomerFilter, CustomerOrder, CustomerOrderField, MoneyInput};
use crm_customers::repo as customers;
use crm_identity::inputs::{CreateSalesTeamInput, UpdateUserInput};
use crm_identity::{teams, users};
use crm_sales::access::{catalog_write, lead_routing};
use crm_sales::catalog::domain::ProductUnit;
use crm_sales::catalog::inputs::{CreatePriceBookInput, CreateProductInput, ListPriceInput, SetListPricesInput};
use crm_sales::catalog::service as catalog;
use crm_sales::leads::domain::{AssignmentTarget, LeadStatus};
use crm_sales::leads::inputs::{ConvertLeadInput, CreateAssignmentRuleInput, CreateLeadInput, UpdateLeadInput};
use crm_sales::leads::{assignment, conversion, service as leads};
use crm_sales::pipeline::domain::{LeadSource, OpportunityStage};
use crm_sales::pipeline::inputs::{CreateOpportunityInput, MoveOpportunityInput, ReviewDealRegistrationInput};
use crm_sales::pipeline::service as pipeline;
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use rust_decimal::Decimal;
use uuid::Uuid;

/// How far back the history goes.
const HISTORY_DAYS: i64 = 730;

struct Product {
    sku: &'static str,
    name: &'static str,
    family: &'static str,
    tier: i32,
    unit: ProductUnit,
    /// List price in EUR; USD is 1.1 times it, the partner book 15 % off.
    price: i64,
}

const fn product(sku: &'static str, name: &'static str, family: &'static str, tier: i32, unit: ProductUnit, price: i64) -> Product {
    Product { sku, name, family, tier, unit, price }
}

/// The catalog: three families with up-sell ladders, and services.
static PRODUCTS: &[Product] = &[
    product("ERP-STARTER", "Cloud ERP Starter", "Cloud ERP", 1, ProductUnit::Seat, 39),
    product("ERP-BUSINESS", "Cloud ERP Business", "Cloud ERP", 2, ProductUnit::Seat, 79),
    product("ERP-ENTERPRISE", "Cloud ERP Enterprise", "Cloud ERP", 3, ProductUnit::Seat, 149),
    product("CRM-ESSENTIALS", "CRM Essentials", "CRM Suite", 1, ProductUnit::Seat, 25),
    product("CRM-PROFESSIONAL", "CRM Professional", "CRM Suite", 2, ProductUnit::Seat, 59),
    product("CRM-ULTIMATE", "CRM Ultimate", "CRM Suite", 3, ProductUnit::Seat, 119),
    product("POS-TERMINAL", "POS Terminal T2", "Retail Hardware", 1, ProductUnit::Piece, 690),
    product("POS-KIOSK", "Self-order Kiosk K5", "Retail Hardware", 2, ProductUnit::Piece, 2450),
    product("SVC-CONSULTING", "Consulting day", "Services", 1, ProductUnit::Day, 950),
    product("SVC-TRAINING", "Training day", "Services", 1, ProductUnit::Day, 780),
    product("SVC-SUPPORT-PREMIUM", "Premium support", "Services", 2, ProductUnit::Year, 4800),
    product("SVC-IMPLEMENTATION", "Implementation hour", "Services", 1, ProductUnit::Hour, 110),
];

/// Staff the sales data refers to.
pub struct SalesRefs {
    /// Sales reps by email, the demo rep first.
    pub reps: Vec<(&'static str, ID)>,
    pub demo_partner: ID,
    /// The demo partner's user, who registers its deals.
    pub partner_user: (Uuid, &'static str),
    /// Partner organisations other than the demo one, with their territories.
    pub partners: Vec<(ID, &'static [&'static str])>,
    pub portal_customer: Uuid,
}

#[derive(Default)]
pub struct SalesCounts {
    pub products: usize,
    pub leads: usize,
    pub converted: usize,
    pub opportunities: usize,
    pub stage_moves: usize,
    pub registrations: usize,
    pub quotes: usize,
    pub orders: usize,
    pub held: usize,
}

fn id(uuid: Uuid) -> ID {
    ID(uuid.to_string())
}

pub async fn seed(
    ctx: &AppContext,
    caller: &Caller,
    admin: &AdminRights,
    refs: &SalesRefs,
    seed: u64,
    customers: usize,
) -> anyhow::Result<SalesCounts> {
    let mut rng = StdRng::seed_from_u64(seed ^ 0x5a1e5);
    let now = ctx.clock.now();
    let mut counts = SalesCounts::default();
    let teams = seed_teams(ctx, caller, admin, refs).await?;
    let catalog = seed_catalog(ctx, caller, &mut counts).await?;
    seed_rules(ctx, caller, refs, &teams).await?;
    let sample = customer_sample(ctx, caller, (customers / 2).clamp(20, 2000), None).await?;
    anyhow::ensure!(!sample.is_empty(), "no customers to sell to");
    let mut seeder = Seeder { ctx, caller, rng: &mut rng, now, catalog: &catalog, counts: &mut counts };
    let lead_count = (customers / 5).clamp(30, 1500);
    for index in 0..lead_count {
        seeder.lead(index).await?;
    }
    let opportunity_count = (customers / 4).clamp(40, 3000);
    for index in 0..opportunity_count {
        let customer = sample[index % sample.len()];
        let owner = refs.reps[seeder.rng.gen_range(0..refs.reps.len())].1.clone();
        seeder.opportunity(customer, Some(owner), index).await?;
    }
    // The portal customer has deals of its own with the demo rep.
    for index in 0..3 {
        seeder.opportunity(refs.portal_customer, Some(refs.reps[0].1.clone()), opportunity_count + index).await?;
    }
    seeder.partner_deals(refs).await?;
    seeder.quotes_and_orders(refs).await?;
    Ok(counts)
}

async fn seed_teams(ctx: &AppContext, caller: &Caller, admin: &AdminRights, refs: &SalesRefs) -> anyhow::Result<[Uuid; 2]> {
    let north = teams::create(ctx, caller, admin, CreateSalesTeamInput { name: "Nord Italia".into() }).await.map_err(app)?;
    let international = teams::create(ctx, caller, admin, CreateSalesTeamInput { name: "Internazionale".into() }).await.map_err(app)?;
    // The demo rep and the first three colleagues sell in Italy, the others abroad.
    for (i, (_, user)) in refs.reps.iter().enumerate() {
        let team = if i < 4 { north.id } else { international.id };
        let input = UpdateUserInput {
            id: user.clone(),
            version: 1,
            display_name: None,
            role: None,
            active: None,
            password: None,
            sales_team_id: MaybeUndefined::Value(id(team)),
        };
        users::update_user(ctx, caller, admin, input).await.map_err(app)?;
    }
    Ok([north.id, international.id])
}

/// Product ids with their EUR list prices.
type Catalog = Vec<(Uuid, &'static Product)>;

async fn seed_catalog(ctx: &AppContext, caller: &Caller, counts: &mut SalesCounts) -> anyhow::Result<Catalog> {
    let rights = catalog_write(&caller.principal).map_err(app)?;
    let mut catalog = Vec::new();
    for p in PRODUCTS {
        let input = CreateProductInput {
            sku: p.sku.into(),
            name: p.name.into(),
            description: None,
            family: p.family.into(),
            tier: Some(p.tier),
            unit: p.unit,
            active: Some(true),
        };
        catalog.push((catalog::create_product(ctx, caller, &rights, input).await.map_err(app)?.id, p));
    }
    counts.products = catalog.len();
    let books = [
        ("Listino Italia 2026", "EUR", true, Decimal::ONE),
        ("US Price List 2026", "USD", true, Decimal::new(11, 1)),
        ("Listino Partner 2026", "EUR", false, Decimal::new(85, 2)),
    ];
    for (name, currency, is_default, factor) in books {
        let input = CreatePriceBookInput { name: name.into(), currency: currency.into(), is_default: Some(is_default), active: Some(true) };
        let book = catalog::create_price_book(ctx, caller, &rights, input).await.map_err(app)?;
        let prices = catalog
            .iter()
            .map(|(product, p)| ListPriceInput { product_id: id(*product), list_price: (Decimal::from(p.price) * factor).round_dp(2) })
            .collect();
        let input = SetListPricesInput { price_book_id: id(book.id), version: book.version, prices };
        catalog::set_list_prices(ctx, caller, &rights, input).await.map_err(app)?;
    }
    Ok(catalog)
}

async fn seed_rules(ctx: &AppContext, caller: &Caller, refs: &SalesRefs, teams: &[Uuid; 2]) -> anyhow::Result<()> {
    let rights = lead_routing(&caller.principal).map_err(app)?;
    let german_partner = refs.partners.iter().find(|(_, territory)| territory.contains(&"DE")).map(|(id, _)| id.clone());
    let mut rules = vec![
        rule("Lombardia → Nord Italia", Some("IT"), Some("Lombardia"), None, AssignmentTarget::Team, Some(teams[0])),
        rule("Piemonte → Nord Italia", Some("IT"), Some("Piemonte"), None, AssignmentTarget::Team, Some(teams[0])),
        rule("Francia → Internazionale", Some("FR"), None, None, AssignmentTarget::Team, Some(teams[1])),
        rule("Spagna → Internazionale", Some("ES"), None, None, AssignmentTarget::Team, Some(teams[1])),
    ];
    if let Some(partner) = german_partner {
        rules.push(CreateAssignmentRuleInput {
            partner_id: Some(partner),
            ..rule("Germania → partner", Some("DE"), None, None, AssignmentTarget::Partner, None)
        });
    }
    rules.push(CreateAssignmentRuleInput {
        user_id: Some(refs.reps[0].1.clone()),
        ..rule("Web form → Luca Ferrari", None, None, Some(LeadSource::WebForm), AssignmentTarget::User, None)
    });
    for input in rules {
        assignment::create_rule(ctx, caller, &rights, input).await.map_err(app)?;
    }
    Ok(())
}

fn rule(
    name: &str,
    country: Option<&str>,
    region: Option<&str>,
    source: Option<LeadSource>,
    target: AssignmentTarget,
    team: Option<Uuid>,
) -> CreateAssignmentRuleInput {
    CreateAssignmentRuleInput {
        name: name.into(),
        position: None,
        country: country.map(Into::into),
        region: region.map(Into::into),
        source,
        target,
        sales_team_id: team.map(id),
        user_id: None,
        partner_id: None,
    }
}

/// Up to `limit` customer ids by name (a partner's only, when given).
async fn customer_sample(ctx: &AppContext, caller: &Caller, limit: usize, partner: Option<&ID>) -> anyhow::Result<Vec<Uuid>> {
    let scope = crm_customers::access::CustomerScope::of(&caller.principal).map_err(app)?;
    let filter =
        CustomerFilter { partner_id: partner.map(|p| IdFilter { in_: Some(vec![p.clone()]), is_null: None }), ..CustomerFilter::default() };
    let order = CustomerOrder { field: CustomerOrderField::Name, direction: OrderDirection::Asc };
    let mut ids = Vec::new();
    let mut page = PageRequest::first(250);
    loop {
        let (found, _) = customers::list_customers(&ctx.db.read, &scope, &filter, &order, &page).await.map_err(app)?;
        ids.extend(found.rows.iter().map(|(_, c)| c.id));
        match found.end_cursor() {
            Some(cursor) if found.has_next_page && ids.len() < limit => {
                page = PageRequest::from_relay(Some(250), Some(cursor), None, None).map_err(app)?
            }
            _ => break,
        }
    }
    ids.truncate(limit);
    Ok(ids)
}

struct Seeder<'a> {
    ctx: &'a AppContext,
    caller: &'a Caller,
    rng: &'a mut StdRng,
    now: DateTime<Utc>,
    catalog: &'a Catalog,
    counts: &'a mut SalesCounts,
}

static FIRST_NAMES: &[&str] = &[
    "Alessandro",
    "Beatrice",
    "Carlo",
    "Daniela",
    "Emanuele",
    "Federica",
    "Giorgio",
    "Ilaria",
    "Jonas",
    "Léa",
    "Matteo",
    "Nina",
    "Oscar",
    "Paola",
    "Raúl",
    "Sara",
];
static LAST_NAMES: &[&str] = &[
    "Amato",
    "Barbieri",
    "Caruso",
    "De Luca",
    "Esposito",
    "Fabbri",
    "Gentile",
    "Hoffmann",
    "Lombardi",
    "Martin",
    "Negri",
    "Orlando",
    "Pellegrini",
    "Ruiz",
    "Santoro",
    "Vitale",
];
static COMPANIES: &[&str] =
    &["Officine", "Logistica", "Ceramiche", "Alimentari", "Tessile", "Meccanica", "Farmacia", "Hotel", "Studio", "Trasporti"];
/// Where leads come from: (country, region, city).
static PLACES: &[(&str, Option<&str>, &str)] = &[
    ("IT", Some("Lombardia"), "Milano"),
    ("IT", Some("Lombardia"), "Bergamo"),
    ("IT", Some("Piemonte"), "Torino"),
    ("IT", Some("Lazio"), "Roma"),
    ("IT", Some("Campania"), "Napoli"),
    ("IT", Some("Veneto"), "Verona"),
    ("DE", Some("Bayern"), "München"),
    ("FR", Some("Île-de-France"), "Paris"),
    ("ES", Some("Cataluña"), "Barcelona"),
];
static CAMPAIGNS: &[&str] = &["Fiera SMAU 2025", "Webinar ERP in cloud", "Newsletter primavera", "Retail Expo 2026"];
static LOST_REASONS: &[&str] = &["Price too high", "Chose a competitor", "No budget this year", "Project postponed", "No decision maker"];
static NEXT_STEPS: &[&str] = &["Send the proposal", "Demo with the IT team", "Call the CFO", "Site visit", "Negotiate payment terms"];

impl Seeder<'_> {
    fn past(&mut self, max_days: i64) -> DateTime<Utc> {
        self.now - Duration::minutes(self.rng.gen_range(60..max_days * 24 * 60))
    }

    fn pick<T: Copy>(&mut self, items: &[T]) -> T {
        items[self.rng.gen_range(0..items.len())]
    }

    async fn lead(&mut self, index: usize) -> anyhow::Result<()> {
        let sources = [LeadSource::WebForm, LeadSource::Import, LeadSource::Campaign, LeadSource::Referral, LeadSource::Manual];
        let source = sources[index % sources.len()];
        let created = self.past(HISTORY_DAYS);
        let (country, region, city) = self.pick(PLACES);
        let (first, last) = (self.pick(FIRST_NAMES), self.pick(LAST_NAMES));
        let company = self.rng.gen_bool(0.7).then(|| format!("{} {} S.r.l.", self.pick(COMPANIES), last));
        let products: Vec<ID> =
            (0..self.rng.gen_range(0..3)).map(|_| id(self.catalog[self.rng.gen_range(0..self.catalog.len())].0)).collect();
        let input = CreateLeadInput {
            first_name: first.into(),
            last_name: last.into(),
            company,
            job_title: None,
            email: Some(format!("{}.{}.{index}@prospect.example", slug(first), slug(last))),
            phone: None,
            country: Some(country.into()),
            region: region.map(Into::into),
            city: Some(city.into()),
            source: Some(source),
            campaign: (source == LeadSource::Campaign).then(|| self.pick(CAMPAIGNS).into()),
            message: (source == LeadSource::WebForm).then(|| "Vorrei una demo e un preventivo.".into()),
            product_ids: Some(products),
            owner_id: None,
            partner_id: None,
        };
        let lead = leads::create_lead(&at(self.ctx, created), self.caller, input).await.map_err(app)?;
        self.counts.leads += 1;
        let age_days = (self.now - created).num_days();
        let roll: f64 = self.rng.gen();
        let worked = created + Duration::days(self.rng.gen_range(1..5));
        let (status, reason) = match (age_days > 30, roll) {
            (_, r) if r < 0.15 => return Ok(()),
            (true, r) if r < 0.40 => (LeadStatus::Disqualified, Some(self.pick(LOST_REASONS).to_owned())),
            (true, r) if r < 0.75 => (LeadStatus::Qualified, None),
            (false, r) if r < 0.5 => (LeadStatus::Working, None),
            (_, r) if r < 0.85 => (LeadStatus::Qualified, None),
            _ => (LeadStatus::Working, None),
        };
        let input = UpdateLeadInput {
            id: id(lead.id),
            version: lead.version,
            status: Some(status),
            disqualified_reason: reason,
            ..UpdateLeadInput::default()
        };
        let lead = leads::update_lead(&at(self.ctx, worked.min(self.now)), self.caller, input).await.map_err(app)?;
        if status == LeadStatus::Qualified && age_days > 30 && self.rng.gen_bool(0.8) {
            let converted = worked + Duration::days(self.rng.gen_range(1..20));
            let p = self.catalog[self.rng.gen_range(0..self.catalog.len())].1;
            let input = ConvertLeadInput {
                lead_id: id(lead.id),
                version: lead.version,
                allow_duplicate: true,
                amount: Some(MoneyInput { amount: Decimal::from(p.price * self.rng.gen_range(5..60)), currency: "EUR".into() }),
                expected_close_date: Some((converted + Days::new(self.rng.gen_range(20..120))).date_naive()),
                ..ConvertLeadInput::default()
            };
            let done = conversion::convert_lead(&at(self.ctx, converted.min(self.now)), self.caller, input).await.map_err(app)?;
            self.counts.converted += 1;
            if let Some(opportunity) = done.opportunity {
                self.counts.opportunities += 1;
                self.walk(opportunity.into_inner(), converted).await?;
            }
        }
        Ok(())
    }

    /// An opportunity created in the past two years, then moved stage by stage.
    async fn opportunity(&mut self, customer: Uuid, owner: Option<ID>, index: usize) -> anyhow::Result<()> {
        // Two in five are recent, so the board has a live pipeline besides the history.
        let created = if self.rng.gen_bool(0.4) { self.past(100) } else { self.past(HISTORY_DAYS) };
        let lines = self.rng.gen_range(1..3);
        let mut amount = Decimal::ZERO;
        let mut products = Vec::new();
        for _ in 0..lines {
            let (product, p) = self.catalog[self.rng.gen_range(0..self.catalog.len())];
            amount += Decimal::from(p.price * self.rng.gen_range(1..40));
            products.push(id(product));
        }
        let usd = index % 20 == 7;
        let currency = if usd { "USD" } else { "EUR" };
        let close = (created + Days::new(self.rng.gen_range(30..200))).date_naive();
        let input = CreateOpportunityInput {
            customer_id: id(customer),
            name: format!(
                "{} – {}",
                self.pick(&["Rinnovo", "Nuovo progetto", "Espansione", "Pilota", "Upgrade"]),
                self.pick(&["ERP", "CRM", "punti vendita", "servizi", "supporto"])
            ),
            amount: MoneyInput { amount: if usd { amount * Decimal::new(11, 1) } else { amount }, currency: currency.into() },
            expected_close_date: close,
            stage: None,
            probability: None,
            owner_id: owner,
            partner_id: None,
            source: Some(self.pick(&[LeadSource::Manual, LeadSource::Referral, LeadSource::Campaign, LeadSource::Manual])),
            product_ids: Some(products),
            next_step: Some(self.pick(NEXT_STEPS).into()),
            description: None,
        };
        let opp = pipeline::create_opportunity(&at(self.ctx, created), self.caller, input).await.map_err(app)?;
        self.counts.opportunities += 1;
        self.walk(opp.into_inner(), created).await
    }

    /// Moves an opportunity forward from `since`: each step some days after the previous, until
    /// it is won or lost or the next step would lie in the future (then it stays open there).
    async fn walk(&mut self, mut opp: crm_sales::pipeline::entity::opportunity::Model, since: DateTime<Utc>) -> anyhow::Result<()> {
        use OpportunityStage::*;
        let outcome_won = self.rng.gen_bool(0.55);
        let mut when = since;
        for stage in [Qualification, Proposal, Negotiation] {
            when += Duration::days(self.rng.gen_range(5..45));
            if when >= self.now {
                return Ok(());
            }
            // Some deals die early.
            if self.rng.gen_bool(0.07) {
                return self.close(opp, ClosedLost, when).await;
            }
            opp = self.step(&opp, stage, None, when).await?;
        }
        when += Duration::days(self.rng.gen_range(5..40));
        if when >= self.now {
            return Ok(());
        }
        self.close(opp, if outcome_won { ClosedWon } else { ClosedLost }, when).await
    }

    async fn close(
        &mut self,
        opp: crm_sales::pipeline::entity::opportunity::Model,
        stage: OpportunityStage,
        when: DateTime<Utc>,
    ) -> anyhow::Result<()> {
        let reason = (stage == OpportunityStage::ClosedLost).then(|| self.pick(LOST_REASONS).to_owned());
        self.step(&opp, stage, reason, when).await.map(|_| ())
    }

    async fn step(
        &mut self,
        opp: &crm_sales::pipeline::entity::opportunity::Model,
        stage: OpportunityStage,
        lost_reason: Option<String>,
        when: DateTime<Utc>,
    ) -> anyhow::Result<crm_sales::pipeline::entity::opportunity::Model> {
        let input = MoveOpportunityInput { id: id(opp.id), version: opp.version, stage, probability: None, lost_reason };
        let moved = pipeline::move_opportunity(&at(self.ctx, when), self.caller, input).await.map_err(app)?;
        self.counts.stage_moves += 1;
        Ok(moved.into_inner())
    }

    /// The demo partner enters leads of its own, and registers deals on its customers: some
    /// wait for approval, most are approved (and then worked), some were rejected.
    async fn partner_deals(&mut self, refs: &SalesRefs) -> anyhow::Result<()> {
        let customers = customer_sample(self.ctx, self.caller, 8, Some(&refs.demo_partner)).await?;
        let partner = Caller {
            principal: Principal::Partner {
                user_id: refs.partner_user.0,
                email: refs.partner_user.1.into(),
                partner_id: Uuid::parse_str(refs.demo_partner.as_str())?,
            },
            session_id: None,
            request_id: None,
        };
        for index in 0..6 {
            let (first, last) = (self.pick(FIRST_NAMES), self.pick(LAST_NAMES));
            let input = CreateLeadInput {
                first_name: first.into(),
                last_name: last.into(),
                company: Some(format!("{} {} S.r.l.", self.pick(COMPANIES), last)),
                email: Some(format!("{}.{}.p{index}@prospect.example", slug(first), slug(last))),
                country: Some("IT".into()),
                region: Some("Lombardia".into()),
                city: Some("Brescia".into()),
                ..CreateLeadInput::default()
            };
            let created = self.past(60);
            leads::create_lead(&at(self.ctx, created), &partner, input).await.map_err(app)?;
            self.counts.leads += 1;
        }
        for (index, customer) in customers.into_iter().enumerate() {
            let created = self.past(120);
            let (product, p) = self.catalog[index % self.catalog.len()];
            let input = CreateOpportunityInput {
                customer_id: id(customer),
                name: format!("Registrazione – {}", p.name),
                amount: MoneyInput { amount: Decimal::from(p.price * 20), currency: "EUR".into() },
                expected_close_date: (self.now + Days::new(30 + 10 * index as u64)).date_naive(),
                stage: None,
                probability: None,
                owner_id: None,
                partner_id: None,
                source: None,
                product_ids: Some(vec![id(product)]),
                next_step: Some("Demo presso il cliente".into()),
                description: None,
            };
            let deal = pipeline::create_opportunity(&at(self.ctx, created), &partner, input).await.map_err(app)?;
            self.counts.registrations += 1;
            let reviewed = created + Duration::days(2);
            let review = match index % 4 {
                0 => continue,
                3 => ReviewDealRegistrationInput {
                    id: id(deal.id),
                    version: deal.version,
                    approve: false,
                    owner_id: None,
                    note: Some("Cliente già seguito dal team diretto".into()),
                },
                _ => ReviewDealRegistrationInput {
                    id: id(deal.id),
                    version: deal.version,
                    approve: true,
                    owner_id: Some(refs.reps[0].1.clone()),
                    note: None,
                },
            };
            let approved = review.approve;
            let deal = pipeline::review_registration(&at(self.ctx, reviewed), self.caller, review).await.map_err(app)?;
            if approved && reviewed + Duration::days(10) < self.now {
                self.step(&deal, OpportunityStage::Qualification, None, reviewed + Duration::days(10)).await?;
            }
        }
        Ok(())
    }
}

/// Terms printed on the demo quotes.
const TERMS: &str =
    "Prezzi IVA esclusa. Pagamento a 30 giorni data fattura. Canoni annuali anticipati. Offerta valida fino alla data indicata.";

impl Seeder<'_> {
    /// Quotes for deals in proposal, negotiation or won (some sent, some accepted into
    /// orders waiting for the ERP), the portal customer's own quotes (one awaiting its
    /// answer), and direct orders over customers' credit limits, held for a manager.
    async fn quotes_and_orders(&mut self, refs: &SalesRefs) -> anyhow::Result<()> {
        use crm_sales::pipeline::inputs::{OpportunityFilter, OpportunityOrder, OpportunityOrderField};
        let scope = crm_sales::access::OpportunityScope::of(&self.caller.principal).map_err(app)?;
        let stages = crm_sales::pipeline::inputs::OpportunityStageFilter {
            in_: vec![OpportunityStage::Proposal, OpportunityStage::Negotiation, OpportunityStage::ClosedWon],
        };
        let filter = OpportunityFilter { stage: Some(stages), ..OpportunityFilter::default() };
        let order = OpportunityOrder { field: OpportunityOrderField::UpdatedAt, direction: OrderDirection::Desc };
        let (page, _) = crm_sales::pipeline::repo::list_opportunities(&self.ctx.db.read, &scope, &filter, &order, &PageRequest::first(120))
            .await
            .map_err(app)?;
        for (_, opp) in page.rows {
            if opp.currency != "EUR" {
                continue;
            }
            let won = opp.stage == OpportunityStage::ClosedWon;
            let issued = opp.closed_at.map_or(opp.stage_changed_at, |closed| closed - Duration::days(self.rng.gen_range(3..20)));
            self.quote(&opp, issued.min(self.now), if won { Outcome::Accept } else { Outcome::Send }).await?;
        }
        // The portal customer: a fresh offer waiting for its answer, and one still in draft.
        for outcome in [Outcome::Send, Outcome::Draft] {
            let since = self.now - Duration::days(6);
            let input = CreateOpportunityInput {
                customer_id: id(refs.portal_customer),
                name: "Rinnovo – CRM".into(),
                amount: MoneyInput { amount: Decimal::from(4800), currency: "EUR".into() },
                expected_close_date: (self.now + Days::new(30)).date_naive(),
                stage: Some(OpportunityStage::Proposal),
                probability: None,
                owner_id: Some(refs.reps[0].1.clone()),
                partner_id: None,
                source: Some(LeadSource::Manual),
                product_ids: Some(vec![id(self.catalog[4].0), id(self.catalog[10].0)]),
                next_step: Some("Attendere la risposta all'offerta".into()),
                description: None,
            };
            let opp = pipeline::create_opportunity(&at(self.ctx, since), self.caller, input).await.map_err(app)?;
            self.counts.opportunities += 1;
            self.quote(&opp, self.now - Duration::days(2), outcome).await?;
        }
        self.held_orders().await
    }

    async fn quote(
        &mut self,
        opp: &crm_sales::pipeline::entity::opportunity::Model,
        issued: DateTime<Utc>,
        outcome: Outcome,
    ) -> anyhow::Result<()> {
        use crm_sales::quotes::inputs::{CreateQuoteInput, QuoteActionInput, QuoteLineInput};
        use crm_sales::quotes::service as quotes;
        let products = crm_sales::pipeline::repo::products_of(&self.ctx.db.read, &[opp.id]).await.map_err(app)?;
        let mut lines: Vec<QuoteLineInput> = products
            .iter()
            .map(|p| QuoteLineInput {
                product_id: id(p.product_id),
                quantity: Decimal::from(self.rng.gen_range(1..30)),
                discount_percent: Some(Decimal::from(self.pick(&[0, 0, 5, 10, 15]))),
            })
            .collect();
        if lines.is_empty() {
            lines.push(QuoteLineInput { product_id: id(self.catalog[0].0), quantity: Decimal::from(10), discount_percent: None });
        }
        let input = CreateQuoteInput {
            opportunity_id: id(opp.id),
            price_book_id: None,
            valid_until: (issued + Days::new(30)).date_naive(),
            terms: Some(TERMS.into()),
            tax_percent: Some(Decimal::from(22)),
            lines,
        };
        let quote = quotes::create_quote(&at(self.ctx, issued), self.caller, input).await.map_err(app)?;
        self.counts.quotes += 1;
        if outcome == Outcome::Draft {
            return Ok(());
        }
        let sent = quotes::send_quote(&at(self.ctx, issued), self.caller, QuoteActionInput { id: id(quote.id), version: quote.version })
            .await
            .map_err(app)?;
        if outcome == Outcome::Send {
            return Ok(());
        }
        let decided = (issued + Duration::days(self.rng.gen_range(1..10))).min(self.now);
        // The orders wait in the outbox for an ERP: the demo has none configured, and only the
        // ERP moves an order on (it receives these once `CRM_ERP_WEBHOOK_URL` is set).
        let (_, order) =
            quotes::accept_quote(&at(self.ctx, decided), self.caller, QuoteActionInput { id: id(sent.id), version: sent.version })
                .await
                .map_err(app)?;
        self.counts.orders += 1;
        self.counts.held += usize::from(order.status == crm_sales::orders::domain::OrderStatus::CreditHold);
        Ok(())
    }

    /// Direct orders for customers with a credit limit, each for more than the limit.
    async fn held_orders(&mut self) -> anyhow::Result<()> {
        use crm_sales::orders::inputs::CreateOrderInput;
        use crm_sales::quotes::inputs::QuoteLineInput;
        let scope = crm_customers::access::CustomerScope::of(&self.caller.principal).map_err(app)?;
        let limited = crm_customers::repo::with_credit_limit_in(&self.ctx.db.read, &scope, "EUR", 3).await.map_err(app)?;
        for customer in limited {
            let limit: Decimal = customer.credit_limit_amount.as_deref().unwrap_or("0").parse().unwrap_or_default();
            let (product, p) = self.catalog.iter().max_by_key(|(_, p)| p.price).copied().ok_or_else(|| anyhow::anyhow!("empty catalog"))?;
            let quantity = (limit / Decimal::from(p.price)).floor() + Decimal::from(2);
            let input = CreateOrderInput {
                customer_id: id(customer.id),
                price_book_id: None,
                currency: Some("EUR".into()),
                tax_percent: Some(Decimal::from(22)),
                lines: vec![QuoteLineInput { product_id: id(product), quantity, discount_percent: None }],
            };
            let order = crm_sales::orders::service::create_order(&at(self.ctx, self.now - Duration::days(1)), self.caller, input)
                .await
                .map_err(app)?;
            self.counts.orders += 1;
            self.counts.held += usize::from(order.status == crm_sales::orders::domain::OrderStatus::CreditHold);
        }
        Ok(())
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Outcome {
    Draft,
    Send,
    Accept,
}

fn slug(text: &str) -> String {
    let mut out = String::new();
    super::points::push_slug(&mut out, text, None);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_catalog_has_ladders_and_unique_skus() {
        let mut skus: Vec<&str> = PRODUCTS.iter().map(|p| p.sku).collect();
        skus.sort_unstable();
        skus.dedup();
        assert_eq!(skus.len(), PRODUCTS.len());
        for family in ["Cloud ERP", "CRM Suite"] {
            let tiers: Vec<i32> = PRODUCTS.iter().filter(|p| p.family == family).map(|p| p.tier).collect();
            assert_eq!(tiers, [1, 2, 3], "{family}");
        }
    }
}
