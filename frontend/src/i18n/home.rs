//! Texts of the home screen (what each role works on first). Reached as `i18n.t().home`.

use crate::recent::RecordKind;

pub struct Texts {
    pub nav_home: &'static str,
    pub title: &'static str,
    /// The greeting under the title, with the person's name.
    pub welcome: fn(&str) -> String,
    pub find_customer: &'static str,
    pub find_customer_hint: &'static str,
    pub find: &'static str,
    // Deals
    pub my_open_deals: &'static str,
    pub open_deals: &'static str,
    /// Open deals shown, how many are overdue.
    pub deals_summary: fn(i64, i64) -> String,
    pub no_open_deals: &'static str,
    pub all_my_open_deals: &'static str,
    pub all_open_deals: &'static str,
    pub closes: &'static str,
    // Leads
    pub my_leads: &'static str,
    pub leads: &'static str,
    pub leads_summary: fn(i64) -> String,
    pub no_leads: &'static str,
    pub all_my_leads: &'static str,
    pub all_leads: &'static str,
    pub arrived: &'static str,
    // The team's pipeline
    pub team_pipeline: &'static str,
    pub team_pipeline_caption: &'static str,
    pub deals: &'static str,
    pub amount: &'static str,
    pub weighted: &'static str,
    pub total: &'static str,
    pub open_board: &'static str,
    pub sales_metrics: &'static str,
    // Decisions
    pub decisions: &'static str,
    pub credit_holds: &'static str,
    pub credit_holds_summary: fn(i64) -> String,
    pub no_credit_holds: &'static str,
    pub all_credit_holds: &'static str,
    pub registrations_to_review: &'static str,
    pub my_pending_registrations: &'static str,
    pub registrations_summary: fn(i64) -> String,
    pub no_registrations: &'static str,
    pub all_registrations: &'static str,
    // Tasks
    pub my_tasks: &'static str,
    pub no_open_tasks: &'static str,
    pub all_my_tasks: &'static str,
    pub late: &'static str,
    /// The open tasks shown, of how many.
    pub tasks_summary: fn(i64) -> String,
    // Recently viewed
    pub recently_viewed: &'static str,
    pub nothing_viewed: &'static str,
    pub record_kind: fn(RecordKind) -> &'static str,
}

pub static EN: Texts = Texts {
    nav_home: "Home",
    title: "Home",
    welcome: |name| format!("Welcome, {name}."),
    find_customer: "Find a customer",
    find_customer_hint: "Name, email, phone or VAT number",
    find: "Find",
    my_open_deals: "My open deals",
    open_deals: "Open deals",
    deals_summary: |open, overdue| {
        let open = if open == 1 { "1 open deal".to_owned() } else { format!("{open} open deals") };
        match overdue {
            0 => format!("{open}, none overdue."),
            n => format!("{open}, {n} overdue."),
        }
    },
    no_open_deals: "No open deals.",
    all_my_open_deals: "All my open deals",
    all_open_deals: "All open deals",
    closes: "Closes",
    my_leads: "My leads to work",
    leads: "Leads to work",
    leads_summary: |n| {
        if n == 1 {
            "1 lead not yet converted or disqualified.".into()
        } else {
            format!("{n} leads not yet converted or disqualified.")
        }
    },
    no_leads: "No lead waits for you.",
    all_my_leads: "All my leads",
    all_leads: "All leads",
    arrived: "Arrived",
    team_pipeline: "Team pipeline",
    team_pipeline_caption: "Open deals by stage",
    deals: "Deals",
    amount: "Amount",
    weighted: "Weighted",
    total: "Total",
    open_board: "Open the board",
    sales_metrics: "Sales metrics",
    decisions: "Waiting for a decision",
    credit_holds: "Orders on credit hold",
    credit_holds_summary: |n| {
        if n == 1 {
            "1 order waits for a credit release.".into()
        } else {
            format!("{n} orders wait for a credit release.")
        }
    },
    no_credit_holds: "No order waits for a credit release.",
    all_credit_holds: "All orders on hold",
    registrations_to_review: "Deal registrations to review",
    my_pending_registrations: "Registrations awaiting review",
    registrations_summary: |n| {
        if n == 1 {
            "1 registration waits for a manager.".into()
        } else {
            format!("{n} registrations wait for a manager.")
        }
    },
    no_registrations: "No registration waits for a review.",
    all_registrations: "All pending registrations",
    recently_viewed: "Recently viewed",
    nothing_viewed: "The customers, deals, leads, orders and quotes you open appear here.",
    my_tasks: "My tasks",
    no_open_tasks: "Nothing to do: no open tasks.",
    all_my_tasks: "All my tasks",
    late: "Overdue",
    tasks_summary: |n| if n == 1 { "1 open task".into() } else { format!("{n} open tasks") },
    record_kind: |kind| match kind {
        RecordKind::Customer => "Customer",
        RecordKind::Opportunity => "Deal",
        RecordKind::Lead => "Lead",
        RecordKind::Order => "Order",
        RecordKind::Quote => "Quote",
    },
};

pub static IT: Texts = Texts {
    nav_home: "Home",
    title: "Home",
    welcome: |name| format!("Buon lavoro, {name}."),
    find_customer: "Trova un cliente",
    find_customer_hint: "Nome, email, telefono o partita IVA",
    find: "Trova",
    my_open_deals: "Le mie trattative aperte",
    open_deals: "Trattative aperte",
    deals_summary: |open, overdue| {
        let open = if open == 1 { "1 trattativa aperta".to_owned() } else { format!("{open} trattative aperte") };
        match overdue {
            0 => format!("{open}, nessuna scaduta."),
            1 => format!("{open}, 1 scaduta."),
            n => format!("{open}, {n} scadute."),
        }
    },
    no_open_deals: "Nessuna trattativa aperta.",
    all_my_open_deals: "Tutte le mie trattative aperte",
    all_open_deals: "Tutte le trattative aperte",
    closes: "Chiusura",
    my_leads: "I miei lead da lavorare",
    leads: "Lead da lavorare",
    leads_summary: |n| {
        if n == 1 {
            "1 lead non ancora convertito né scartato.".into()
        } else {
            format!("{n} lead non ancora convertiti né scartati.")
        }
    },
    no_leads: "Nessun lead ti aspetta.",
    all_my_leads: "Tutti i miei lead",
    all_leads: "Tutti i lead",
    arrived: "Arrivato",
    team_pipeline: "Pipeline del team",
    team_pipeline_caption: "Trattative aperte per fase",
    deals: "Trattative",
    amount: "Importo",
    weighted: "Ponderato",
    total: "Totale",
    open_board: "Apri la bacheca",
    sales_metrics: "Metriche di vendita",
    decisions: "In attesa di una decisione",
    credit_holds: "Ordini in blocco fido",
    credit_holds_summary: |n| {
        if n == 1 {
            "1 ordine attende lo sblocco del fido.".into()
        } else {
            format!("{n} ordini attendono lo sblocco del fido.")
        }
    },
    no_credit_holds: "Nessun ordine attende lo sblocco del fido.",
    all_credit_holds: "Tutti gli ordini bloccati",
    registrations_to_review: "Registrazioni di trattative da valutare",
    my_pending_registrations: "Registrazioni in attesa di valutazione",
    registrations_summary: |n| {
        if n == 1 {
            "1 registrazione attende un responsabile.".into()
        } else {
            format!("{n} registrazioni attendono un responsabile.")
        }
    },
    no_registrations: "Nessuna registrazione attende una valutazione.",
    all_registrations: "Tutte le registrazioni in attesa",
    recently_viewed: "Visti di recente",
    nothing_viewed: "Qui compaiono i clienti, le trattative, i lead, gli ordini e le offerte che apri.",
    my_tasks: "Le mie attività",
    no_open_tasks: "Niente da fare: nessuna attività aperta.",
    all_my_tasks: "Tutte le mie attività",
    late: "In ritardo",
    tasks_summary: |n| if n == 1 { "1 attività aperta".into() } else { format!("{n} attività aperte") },
    record_kind: |kind| match kind {
        RecordKind::Customer => "Cliente",
        RecordKind::Opportunity => "Trattativa",
        RecordKind::Lead => "Lead",
        RecordKind::Order => "Ordine",
        RecordKind::Quote => "Offerta",
    },
};
