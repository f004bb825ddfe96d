//! Texts of discount approval: a quote waiting for a sales manager, the home's list of them,
//! and the discount limits' settings. Reached as `i18n.t().discounts`.

use crate::api::types::Seller;

pub struct Texts {
    /// A quote waiting: its largest discount (formatted).
    pub pending: fn(&str) -> String,
    pub approve: &'static str,
    pub return_to_draft: &'static str,
    pub return_note: &'static str,
    pub confirm_return: &'static str,
    pub cancel: &'static str,
    /// A draft a manager returned, with the manager's note.
    pub returned: fn(&str) -> String,
    /// Who approved the discount and when (formatted).
    pub approved: fn(&str, &str) -> String,
    // Home
    pub waiting: &'static str,
    pub waiting_summary: fn(i64) -> String,
    pub none_waiting: &'static str,
    pub all_waiting: &'static str,
    pub largest: fn(&str) -> String,
    // Settings
    pub nav: &'static str,
    pub title: &'static str,
    pub intro: &'static str,
    pub seller: &'static str,
    pub max_percent: &'static str,
    pub no_limit: &'static str,
    pub save: &'static str,
    pub saved: &'static str,
    pub seller_label: fn(Seller) -> &'static str,
}

pub static EN: Texts = Texts {
    pending: |largest| {
        format!("A line is discounted {largest}, above what its seller may give: the quote reaches the customer once a sales manager approves it.")
    },
    approve: "Approve the discount and send",
    return_to_draft: "Return to draft",
    return_note: "What should the seller change?",
    confirm_return: "Return with this note",
    cancel: "Cancel",
    returned: |note| format!("A sales manager returned this quote: {note}"),
    approved: |who, at| format!("Discount approved by {who} on {at}."),
    waiting: "Discounts to approve",
    waiting_summary: |n| if n == 1 { "1 quote waits for your approval.".into() } else { format!("{n} quotes wait for your approval.") },
    none_waiting: "No quote waits for a discount approval.",
    all_waiting: "All quotes waiting",
    largest: |percent| format!("up to {percent}"),
    nav: "Discount approval",
    title: "Discount approval",
    intro: "The largest line discount each kind of seller gives on its own. A quote sent with more waits for a sales manager. Admins have no limit.",
    seller: "Seller",
    max_percent: "Largest discount (%)",
    no_limit: "Empty: no limit.",
    save: "Save",
    saved: "Saved.",
    seller_label: |seller| match seller {
        Seller::SalesRep => "Sales reps",
        Seller::SalesManager => "Sales managers",
        Seller::Partner => "Partner users",
    },
};

pub static IT: Texts = Texts {
    pending: |largest| {
        format!("Una riga ha uno sconto del {largest}, oltre quanto il venditore può concedere: l'offerta arriva al cliente quando un responsabile vendite la approva.")
    },
    approve: "Approva lo sconto e invia",
    return_to_draft: "Rimanda in bozza",
    return_note: "Cosa deve cambiare il venditore?",
    confirm_return: "Rimanda con questa nota",
    cancel: "Annulla",
    returned: |note| format!("Un responsabile vendite ha rimandato questa offerta: {note}"),
    approved: |who, at| format!("Sconto approvato da {who} il {at}."),
    waiting: "Sconti da approvare",
    waiting_summary: |n| if n == 1 { "1 offerta attende la tua approvazione.".into() } else { format!("{n} offerte attendono la tua approvazione.") },
    none_waiting: "Nessuna offerta attende l'approvazione di uno sconto.",
    all_waiting: "Tutte le offerte in attesa",
    largest: |percent| format!("fino al {percent}"),
    nav: "Approvazione sconti",
    title: "Approvazione sconti",
    intro: "Lo sconto di riga più alto che ogni tipo di venditore concede da solo. Un'offerta inviata con uno sconto maggiore attende un responsabile vendite. Gli amministratori non hanno limite.",
    seller: "Venditore",
    max_percent: "Sconto massimo (%)",
    no_limit: "Vuoto: nessun limite.",
    save: "Salva",
    saved: "Salvato.",
    seller_label: |seller| match seller {
        Seller::SalesRep => "Venditori",
        Seller::SalesManager => "Responsabili vendite",
        Seller::Partner => "Utenti partner",
    },
};
