//! Texts of the settings home and its menu (the administration screens grouped by what they
//! govern) and of the ERP's health warning. Reached as `i18n.t().settings`.

pub struct Texts {
    pub nav_settings: &'static str,
    pub title: &'static str,
    pub intro: &'static str,
    pub menu: &'static str,
    pub back: &'static str,
    // Groups
    pub company: &'static str,
    pub people_and_access: &'static str,
    pub catalog: &'static str,
    pub sales_settings: &'static str,
    pub integrations: &'static str,
    pub data: &'static str,
    // The company's screens
    pub nav_company: &'static str,
    pub about_company: &'static str,
    pub nav_rates: &'static str,
    pub about_rates: &'static str,
    pub rates_list: &'static str,
    pub rates_count: fn(i64, &str) -> String,
    // What each screen is for
    pub about_users: &'static str,
    pub about_partners: &'static str,
    pub about_api_keys: &'static str,
    pub about_teams: &'static str,
    pub about_products: &'static str,
    pub about_price_books: &'static str,
    pub about_pipeline_stages: &'static str,
    pub about_assignment_rules: &'static str,
    pub about_discount_limits: &'static str,
    pub about_erp_deliveries: &'static str,
    // The ERP's health
    pub erp_health: &'static str,
    /// Orders overdue with no server delivering them: how many, since when (formatted).
    pub erp_stalled: fn(i64, &str) -> String,
    pub erp_stalled_fix: &'static str,
    /// Deliveries that ran out of attempts.
    pub erp_failed: fn(i64) -> String,
    pub erp_failed_fix: &'static str,
    /// All is well: when the ERP last accepted an order (formatted).
    pub erp_last_delivered: fn(&str) -> String,
    pub erp_nothing_delivered: &'static str,
    pub erp_see_deliveries: &'static str,
}

pub static EN: Texts = Texts {
    nav_settings: "Settings",
    title: "Settings",
    intro: "Who may use the CRM, what you sell and at what price, how the pipeline works, and the systems it talks to.",
    menu: "Settings menu",
    back: "All settings",
    company: "Company",
    nav_company: "Company profile",
    about_company: "Name, address, logo and bank details printed on quotes; what customers see in their portal.",
    nav_rates: "Exchange rates",
    about_rates: "Dated rates into the corporate currency, entered or imported.",
    rates_list: "Exchange rates",
    rates_count: |n, formatted| if n == 1 { "1 rate".into() } else { format!("{formatted} rates") },
    people_and_access: "People and access",
    catalog: "Catalog",
    sales_settings: "Sales settings",
    integrations: "Integrations",
    data: "Data",
    about_users: "Staff, partner and customer accounts, their roles and activation.",
    about_partners: "Partner organisations and the customers they may see.",
    about_api_keys: "Keys for integrations, each with the scopes it needs.",
    about_teams: "Sales teams: who sees whose deals.",
    about_products: "What you sell: codes, families and units.",
    about_price_books: "List prices per currency and the default book.",
    about_pipeline_stages: "Each stage's win probability for forecasts.",
    about_assignment_rules: "Who new leads go to.",
    about_discount_limits: "The largest discount each seller gives before a manager approves.",
    about_erp_deliveries: "Orders handed to the ERP, and the ones that failed.",
    erp_health: "Orders to the ERP",
    erp_stalled: |n, since| {
        if n == 1 {
            format!("1 order has waited for the ERP since {since}: no server is delivering it.")
        } else {
            format!("{n} orders have waited for the ERP since {since}: no server is delivering them.")
        }
    },
    erp_stalled_fix: "Set CRM_ERP_WEBHOOK_URL on the server, or look at its log for the delivery worker.",
    erp_failed: |n| {
        if n == 1 {
            "1 delivery ran out of attempts and waits for a replay.".into()
        } else {
            format!("{n} deliveries ran out of attempts and wait for a replay.")
        }
    },
    erp_failed_fix: "Fix the cause (the last error says what the ERP answered), then replay them.",
    erp_last_delivered: |at| format!("Orders reach the ERP: it last accepted one on {at}."),
    erp_nothing_delivered: "No order has reached the ERP yet, and none is late.",
    erp_see_deliveries: "See the deliveries",
};

pub static IT: Texts = Texts {
    nav_settings: "Impostazioni",
    title: "Impostazioni",
    intro: "Chi può usare il CRM, cosa vendete e a che prezzo, come funziona la pipeline e i sistemi con cui dialoga.",
    menu: "Menu delle impostazioni",
    back: "Tutte le impostazioni",
    company: "Azienda",
    nav_company: "Profilo aziendale",
    about_company: "Ragione sociale, indirizzo, logo e coordinate bancarie stampati sulle offerte; cosa vedono i clienti nel loro portale.",
    nav_rates: "Tassi di cambio",
    about_rates: "Tassi datati verso la valuta aziendale, inseriti o importati.",
    rates_list: "Tassi di cambio",
    rates_count: |n, formatted| if n == 1 { "1 tasso".into() } else { format!("{formatted} tassi") },
    people_and_access: "Persone e accessi",
    catalog: "Catalogo",
    sales_settings: "Impostazioni di vendita",
    integrations: "Integrazioni",
    data: "Dati",
    about_users: "Account di personale, partner e clienti, con ruoli e attivazione.",
    about_partners: "Organizzazioni partner e i clienti che possono vedere.",
    about_api_keys: "Chiavi per le integrazioni, ognuna con i permessi che le servono.",
    about_teams: "Team di vendita: chi vede le trattative di chi.",
    about_products: "Cosa vendete: codici, famiglie e unità.",
    about_price_books: "Prezzi di listino per valuta e il listino predefinito.",
    about_pipeline_stages: "La probabilità di vincita di ogni fase, per le previsioni.",
    about_assignment_rules: "A chi vanno i nuovi lead.",
    about_discount_limits: "Lo sconto più alto che ogni venditore concede prima dell'approvazione di un responsabile.",
    about_erp_deliveries: "Ordini passati all'ERP e quelli non riusciti.",
    erp_health: "Ordini verso l'ERP",
    erp_stalled: |n, since| {
        if n == 1 {
            format!("1 ordine attende l'ERP dal {since}: nessun server lo sta inviando.")
        } else {
            format!("{n} ordini attendono l'ERP dal {since}: nessun server li sta inviando.")
        }
    },
    erp_stalled_fix: "Imposta CRM_ERP_WEBHOOK_URL sul server, o controlla nel suo log il processo di invio.",
    erp_failed: |n| {
        if n == 1 {
            "1 invio ha esaurito i tentativi e attende di essere ripetuto.".into()
        } else {
            format!("{n} invii hanno esaurito i tentativi e attendono di essere ripetuti.")
        }
    },
    erp_failed_fix: "Risolvi la causa (l'ultimo errore dice cosa ha risposto l'ERP), poi ripetili.",
    erp_last_delivered: |at| format!("Gli ordini arrivano all'ERP: l'ultimo è stato accettato il {at}."),
    erp_nothing_delivered: "Nessun ordine è ancora arrivato all'ERP, e nessuno è in ritardo.",
    erp_see_deliveries: "Vedi gli invii",
};
