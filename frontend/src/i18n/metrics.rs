//! Texts of the sales metrics' money and charts: totals in the corporate currency, the period
//! presets, the open pipeline by stage and overdue, the leaderboard and the loss reasons.
//! Reached as `i18n.of::<metrics::Texts>()`, out of the shell (see `Split`); the page's older texts are in `sales.rs`.

pub struct Texts {
    pub presets: &'static str,
    pub this_quarter: &'static str,
    pub next_quarter: &'static str,
    pub this_year: &'static str,
    pub next_year: &'static str,
    /// "Amounts in EUR: …".
    pub amounts_in: fn(&str) -> String,
    /// Currencies left out of the totals for lack of a rate.
    pub unconverted: fn(&str) -> String,
    /// The originals beside a converted total.
    pub of_which: fn(&str) -> String,
    pub rates_link: &'static str,
    pub table: &'static str,
    pub chart: &'static str,
    pub overdue: &'static str,
    pub overdue_hint: &'static str,
    pub by_stage: &'static str,
    pub by_stage_hint: &'static str,
    pub stage: &'static str,
    pub no_open: &'static str,
    pub leaderboard: &'static str,
    pub leaderboard_hint: &'static str,
    pub owner: &'static str,
    pub no_owner: &'static str,
    pub won: &'static str,
    pub lost: &'static str,
    pub no_closed: &'static str,
    pub win_loss: &'static str,
    pub win_loss_hint: &'static str,
    pub reason: &'static str,
    pub won_row: &'static str,
    pub lost_row: fn(&str) -> String,
    pub other_reasons: &'static str,
    pub deals: &'static str,
}

impl super::Split for Texts {
    fn tables() -> [&'static Self; 2] {
        [&EN, &IT]
    }
}

pub static EN: Texts = Texts {
    presets: "Period",
    this_quarter: "This quarter",
    next_quarter: "Next quarter",
    this_year: "This year",
    next_year: "Next year",
    amounts_in: |currency| {
        format!("Amounts in {currency}: closed deals at the exchange rate of the day they closed, open ones at today's; the original currencies beside them.")
    },
    unconverted: |currencies| format!("No exchange rate for {currencies}: those amounts are left out of the totals and shown apart."),
    of_which: |originals| format!("from {originals}"),
    rates_link: "Exchange rates",
    table: "Table",
    chart: "Chart",
    overdue: "Overdue",
    overdue_hint: "Open deals whose expected close date has passed.",
    by_stage: "Open pipeline by stage",
    by_stage_hint: "Every open deal today, whatever the period.",
    stage: "Stage",
    no_open: "No open deals.",
    leaderboard: "Leaderboard",
    leaderboard_hint: "Deals closed in the period, by amount won.",
    owner: "Owner",
    no_owner: "No owner",
    won: "Won",
    lost: "Lost",
    no_closed: "No deal closed in the period.",
    win_loss: "Won and lost by reason",
    win_loss_hint: "Deals closed in the period; reasons written alike count as one.",
    reason: "Reason",
    won_row: "Won",
    lost_row: |reason| format!("Lost: {reason}"),
    other_reasons: "Lost: other reasons",
    deals: "Deals",
};

pub static IT: Texts = Texts {
    presets: "Periodo",
    this_quarter: "Questo trimestre",
    next_quarter: "Prossimo trimestre",
    this_year: "Quest'anno",
    next_year: "Prossimo anno",
    amounts_in: |currency| {
        format!("Importi in {currency}: le trattative chiuse al cambio del giorno di chiusura, quelle aperte al cambio di oggi; accanto le valute originali.")
    },
    unconverted: |currencies| {
        format!("Nessun tasso di cambio per {currencies}: questi importi sono esclusi dai totali e mostrati a parte.")
    },
    of_which: |originals| format!("da {originals}"),
    rates_link: "Tassi di cambio",
    table: "Tabella",
    chart: "Grafico",
    overdue: "Scadute",
    overdue_hint: "Trattative aperte la cui data di chiusura prevista è passata.",
    by_stage: "Pipeline aperta per fase",
    by_stage_hint: "Tutte le trattative aperte oggi, indipendentemente dal periodo.",
    stage: "Fase",
    no_open: "Nessuna trattativa aperta.",
    leaderboard: "Classifica",
    leaderboard_hint: "Trattative chiuse nel periodo, per importo vinto.",
    owner: "Responsabile",
    no_owner: "Nessun responsabile",
    won: "Vinte",
    lost: "Perse",
    no_closed: "Nessuna trattativa chiusa nel periodo.",
    win_loss: "Vinte e perse per motivo",
    win_loss_hint: "Trattative chiuse nel periodo; i motivi scritti in modo simile contano come uno.",
    reason: "Motivo",
    won_row: "Vinte",
    lost_row: |reason| format!("Perse: {reason}"),
    other_reasons: "Perse: altri motivi",
    deals: "Trattative",
};
